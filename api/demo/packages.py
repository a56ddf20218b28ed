"""The demo's catalogue of packages: MidtKraft's "Stop op", KiAP's well-being session
"Trivsel i klyngen", KiAP's "Antibiotika til urinvejsinfektion" and SydKIP's "Multisygdom",
each published with its agenda template and a one-page PDF guide, and a new draft version of
"Stop op" that MidtKraft is working on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select, update

from api.core.extensions import db
from api.demo.pdf import Page, one_page_pdf
from api.models import (
    AttachmentKind,
    File,
    Organisation,
    Package,
    PackageAgendaItem,
    PackageState,
    PackageTheme,
    PackageVersion,
    PackageVersionState,
)
from api.services.files.library import Content, keep_contents, package_version_key


@dataclass(frozen=True)
class Item:
    title: str
    minutes: int
    slides: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Kit:
    unit: str  # the owning organisation's code
    title: str
    summary: str
    themes: tuple[str, ...]
    audience: str
    items: tuple[Item, ...]
    guide: tuple[str, ...]  # the paragraphs of its one-page guide
    published_days_ago: int


STOP_OP = Kit(
    unit="midtkraft",
    title="Stop op",
    summary=(
        "Et møde, hvor klyngen stopper op, ser tilbage og vælger retningen for det næste år: "
        "hvad kvalitet er for netop jeres klynge, mødestrukturen, åbne eller lukkede data og "
        "næste års emner og pakker. Hele pakken tager ca. 3½ time, og klyngen kan vælge dele "
        "ud. Suppler gerne med et spørgeskema før mødet og en live-quiz undervejs."
    ),
    themes=("Faglig kvalitet", "Lægernes trivsel", "Kvalitet for patienten", "Samarbejde"),
    audience="Hele klyngen, planlagt af koordinator og bestyrelse",
    items=(
        Item("Ankomst og velkomst", 10, "1"),
        Item(
            "Tilbageblik: hvad har klyngen lavet indtil nu?",
            30,
            "2",
            "Dias 2 udfyldes af koordinatoren før mødet med klyngens møder og emner.",
        ),
        Item(
            "Hvad er klyngerne til? (OK18, formål og vedtægter, lidt om data)",
            5,
            "3–5",
            "Kort oplæg; hold det under fem minutter.",
        ),
        Item(
            "Hvad er kvalitet i klyngearbejdet for vores klynge?",
            45,
            "6",
            "Parinterview, derefter grupper på 5-6, som prioriterer; opsamling i plenum. "
            "Grupperne når som regel frem til faglig kvalitet, lægernes trivsel, kvalitet for "
            "patienten og samarbejde.",
        ),
        Item("Hvilken mødestruktur vil vi have næste år?", 40, "7"),
        Item(
            "Data: åbne eller lukkede?",
            20,
            "8",
            "Grupper på 3-5. Skal der være vetoret? For hvilken periode gælder beslutningen?",
        ),
        Item("Hvilke emner og pakker vil vi have næste år?", 35, "9–10"),
        Item(
            "Hvilke spørgsmål stiller vi os selv efter hvert møde?",
            10,
            "11–16",
            "Vælg tre spørgsmål, som klyngen evaluerer hvert møde med.",
        ),
    ),
    guide=(
        "# Før mødet",
        "- Send spørgeskemaet til medlemmerne to uger før.",
        "- Udfyld dias 2 med klyngens møder og emner i de seneste år.",
        "# På mødet",
        "- Hold tiden: hele pakken tager 195 minutter, men I kan vælge dele ud.",
        "- Brug live-quizzen under punktet om klyngernes formål.",
        "# Efter mødet",
        "- Skriv beslutningen om data ind på platformen med dens periode.",
        "- Læg næste års emner ind i årshjulet.",
    ),
    published_days_ago=400,
)

TRIVSEL = Kit(
    unit="kiap",
    title="Trivsel i klyngen",
    summary=(
        "En session på 75 minutter om trivsel i klyngen: hvad trivsel er for den enkelte, "
        "hvad medlemmerne siger, lidt teori og gruppearbejde. Noterne sorteres under fire "
        "overskrifter, så klyngen ser, hvor den skal sætte ind."
    ),
    themes=("Lægernes trivsel", "Samarbejde"),
    audience="Hele klyngen",
    items=(
        Item("Introduktion", 5, "1"),
        Item("Hvad er trivsel for dig?", 15, "2", "Hver skriver tre sedler."),
        Item("Hvad siger medlemmerne?", 10, "3–4", "Resultaterne af spørgeskemaet før mødet."),
        Item("Teori om trivsel i faglige fællesskaber", 10, "5–7"),
        Item(
            "Gruppearbejde",
            15,
            "8",
            "Sedlerne sorteres under fire overskrifter: fælles værdier og retning; faglig "
            "udvikling; sammenhold; koordinatorens forberedelse og facilitering.",
        ),
        Item("Opsamling i plenum", 10, "9"),
        Item("Afslutning og aftaler", 10, "10"),
    ),
    guide=(
        "# Sådan bruger I pakken",
        "- Send det korte spørgeskema om trivsel ud en uge før mødet.",
        "- Hav sedler og fire plancher med overskrifterne klar.",
        "# De fire overskrifter",
        "- Fælles værdier og retning",
        "- Faglig udvikling",
        "- Sammenhold",
        "- Koordinatorens forberedelse og facilitering",
    ),
    published_days_ago=200,
)

ANTIBIOTIKA = Kit(
    unit="kiap",
    title="Antibiotika til urinvejsinfektion",
    summary=(
        "Klyngen ser på sin egen ordination af antibiotika ved urinvejsinfektion, sammenlignet "
        "med klyngen og landet, og aftaler, hvordan diagnostik og valg af præparat kan blive "
        "bedre. Pakken bygger på datatræk per klinik."
    ),
    themes=("Rationel farmakoterapi", "Faglig kvalitet", "Data"),
    audience="Læger og sygeplejersker i klyngens klinikker",
    items=(
        Item("Velkomst og formål", 10, "1"),
        Item(
            "Klinikkernes egne data",
            25,
            "2–4",
            "Hver klinik ser sine egne tal mod klyngens og landets; åbne eller lukkede data "
            "efter klyngens beslutning.",
        ),
        Item("Oplæg: diagnostik og behandling af nedre urinvejsinfektion", 30, "5–12"),
        Item("Gruppearbejde med cases", 30, "13", "Fire cases; grupper på 4-6."),
        Item("Fælles aftaler i klyngen", 20, "14"),
        Item("Evaluering", 5, "15"),
    ),
    guide=(
        "# Datatrækket",
        "- Andel af urinvejsinfektioner behandlet med pivmecillinam, sulfamethizol og "
        "nitrofurantoin, per klinik, 2023 og 2024.",
        "# Diskussionen",
        "- Hvornår dyrkes urinen før behandling?",
        "- Hvornår kan man vente med antibiotika?",
        "# Aftalerne",
        "- Skriv klyngens aftaler i referatet, og følg op på næste datatræk.",
    ),
    published_days_ago=120,
)

MULTISYGDOM = Kit(
    unit="sydkip",
    title="Multisygdom og polyfarmaci",
    summary=(
        "Et klyngemøde om patienten med flere kroniske sygdomme: samlet årskontrol, "
        "medicingennemgang og samarbejdet med kommunen. Med cases fra almen praksis."
    ),
    themes=("Multisygdom", "Rationel farmakoterapi", "Kvalitet for patienten"),
    audience="Hele klyngen",
    items=(
        Item("Velkomst", 10, "1"),
        Item("Oplæg: patienten med flere kroniske sygdomme", 25, "2–8"),
        Item(
            "Medicingennemgang med en case",
            40,
            "9–10",
            "Grupper på 3; brug STOPP/START-kriterierne.",
        ),
        Item("Pause", 15),
        Item("Gruppearbejde: den samlede årskontrol", 35, "11"),
        Item("Aftaler og opfølgning i klinikkerne", 15, "12"),
        Item("Evaluering", 10, "13"),
    ),
    guide=(
        "# Forberedelse",
        "- Hver klinik finder to patienter med mindst fire kroniske sygdomme.",
        "# Medicingennemgang",
        "- Gennemgå listen: indikation, dosis, interaktioner og seponering.",
        "# Opfølgning",
        "- Aftal, hvordan klinikken samler årskontrollerne, og følg op om et halvt år.",
    ),
    published_days_ago=60,
)

KITS = (STOP_OP, TRIVSEL, ANTIBIOTIKA, MULTISYGDOM)
# What MidtKraft is working on: the next version of "Stop op", a draft only it reads.
STOP_OP_DRAFT_NOTE = "Punktet om data opdateres med de nye datatræk."


def packages_present() -> bool:
    return bool(db.session.scalar(select(exists().where(Package.id.isnot(None)))))


def set_on_versions(kit: Kit, **values: object) -> None:
    """Set columns on every version of a demo kit (found by its title and its unit), for what
    is seeded after the catalogue: the evaluation it offers, the data it rests on."""
    package = (
        select(Package.id)
        .join(Organisation, Organisation.id == Package.organisation_id)
        .where(Package.title == kit.title, Organisation.code == kit.unit)
        .scalar_subquery()
    )
    db.session.execute(
        update(PackageVersion)
        .where(PackageVersion.package_id == package)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _version(number: int, kit: Kit, published_at: datetime | None) -> PackageVersion:
    return PackageVersion(
        id=uuid.uuid4(),
        number=number,
        state=PackageVersionState.published if published_at else PackageVersionState.draft,
        change_note="" if published_at else STOP_OP_DRAFT_NOTE,
        published_at=published_at,
        created_at=published_at or datetime.now(UTC),
        items=[
            PackageAgendaItem(
                id=uuid.uuid4(),
                position=position,
                title=item.title,
                minutes=item.minutes,
                slides=item.slides,
                method_notes=item.notes,
            )
            for position, item in enumerate(kit.items)
        ],
    )


def _guide(kit: Kit) -> Content:
    page = Page(kit.title, kit.guide, subtitle=f"Vejledning til klyngepakken · {kit.title}")
    return Content.of(one_page_pdf(page), f"Vejledning – {kit.title}.pdf")


def seed_packages(now: datetime | None = None) -> bool:
    """Insert the catalogue, unless there are packages. True when inserted."""
    if packages_present():
        return False
    now = now or datetime.now(UTC)
    units = {o.code: o for o in db.session.scalars(select(Organisation))}
    guides = {kit.title: _guide(kit) for kit in KITS}
    keep_contents(guides.values())
    materials: list[File] = []
    for kit in KITS:
        published_at = now - timedelta(days=kit.published_days_ago)
        versions = [_version(1, kit, published_at)]
        if kit is STOP_OP:
            versions.append(_version(2, kit, None))
        package = Package(
            id=uuid.uuid4(),
            organisation_id=units[kit.unit].id,
            title=kit.title,
            summary=kit.summary,
            audience=kit.audience,
            estimated_minutes=sum(item.minutes for item in kit.items),
            state=PackageState.published,
            created_at=published_at - timedelta(days=14),
            theme_rows=[
                PackageTheme(id=uuid.uuid4(), position=position, name=name)
                for position, name in enumerate(kit.themes)
            ],
            versions=versions,
        )
        db.session.add(package)
        guide = guides[kit.title]
        materials.append(
            File(
                id=uuid.uuid4(),
                cluster_id=None,
                attached_to=AttachmentKind.package,
                attachment_key=package_version_key(versions[0].id),
                package_version_id=versions[0].id,
                name=f"Vejledning – {kit.title}.pdf",
                media_type=guide.media_type,
                size=guide.size,
                sha256=guide.sha256,
                created_at=published_at,
            )
        )
    db.session.flush()  # the versions before the files that refer to them
    db.session.add_all(materials)
    db.session.commit()
    return True
