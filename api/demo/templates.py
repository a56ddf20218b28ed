"""The demo's national templates and guides, published through the catalogue beside the
packages (seed 004: "Skabeloner og vejledninger"): KiAP's statutes template, agenda and
minutes templates and the coordinator's yearly wheel, KiAP's guides to starting a cluster and
to PDSA, and MidtKraft's guide to open and closed data. Each is published with its document,
so that a cluster reads the current one rather than keeping its own stale copy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select

from api.core.extensions import db
from api.demo import documents
from api.demo.documents import Document
from api.demo.pdf import Page, one_page_pdf
from api.models import (
    AttachmentKind,
    File,
    Organisation,
    Package,
    PackageKind,
    PackageState,
    PackageTheme,
    PackageVersion,
    PackageVersionState,
)
from api.services.files.library import Content, keep_contents, package_version_key


def _pdf(name: str, page: Page) -> Document:
    return Document(name, Content.of(one_page_pdf(page), name))


def agenda_template() -> Document:
    return _pdf(
        "Skabelon til dagsorden.pdf",
        Page(
            "Dagsorden for klyngemøde – skabelon",
            [
                "Klyngemøde: [emne]",
                "Dato, tid og sted: [dato], kl. 16.30-19.30, [sted eller videolink]",
                "Mødeleder: [navn] · Referent: [navn]",
                "",
                "# Dagsorden",
                "- 16.30 Velkomst og godkendelse af dagsorden (10 min.)",
                "- 16.40 Opfølgning fra sidste møde: PDSA og aftaler (15 min.)",
                "- 16.55 Oplæg: [emne] (30 min.)",
                "- 17.25 Pause (15 min.)",
                "- 17.40 Gruppearbejde: hvad gør vi i klinikkerne? (45 min.)",
                "- 18.25 Fælles aftaler og PDSA (25 min.)",
                "- 18.50 Evaluering: klyngens tre spørgsmål (10 min.)",
                "- 19.00 Næste møde og eventuelt (10 min.)",
                "",
                "# Husk",
                "- Send dagsordenen med invitationen, og læg materialet på mødet i platformen.",
            ],
            subtitle="National skabelon fra KiAP",
        ),
    )


def yearly_wheel() -> Document:
    return _pdf(
        "Koordinatorens årshjul.pdf",
        Page(
            "Koordinatorens årshjul",
            [
                "# Januar-februar",
                "- Planlæg årets møder med bestyrelsen, og læg dem i platformen.",
                "- Aflæg regnskab for sidste år, og læg budgettet for i år.",
                "# Marts-april",
                "- Forårsmøde. Beslut åbne eller lukkede data for året.",
                "- Bestil pakker hos kvalitetsenheden i god tid (mindst seks uger).",
                "# Maj-juni",
                "- Følg op på klinikkernes PDSA. Registrér fremmøde og honorarer.",
                "# August-september",
                "- Efterårsmøde. Del gode møder som klyngepakker med andre klynger.",
                "# Oktober-november",
                "- Generalforsamling: valg af koordinator og bestyrelse, vedtægter.",
                "# December",
                "- Evaluer året med bestyrelsen, og tjek medlemslisten mod ydernumrene.",
            ],
            subtitle="National skabelon fra KiAP",
        ),
    )


def getting_started_guide() -> Document:
    return _pdf(
        "Vejledning – Godt i gang som klyngekoordinator.pdf",
        Page(
            "Godt i gang som klyngekoordinator",
            [
                "Som klyngekoordinator leder du klyngens kvalitetsarbejde sammen med "
                "bestyrelsen. Vejledningen samler det, du skal vide det første år.",
                "# Det første halve år",
                "- Hold et opstartsmøde, evt. med pakken »Stop op«.",
                "- Få styr på medlemslisten og klyngens konto hos PLO.",
                "- Brug de nationale skabeloner til dagsorden, referat og vedtægter.",
                "# Hjælp",
                "- Regionens kvalitetsenhed tilbyder pakker, facilitatorer og data.",
                "- KiAP samler vejledninger og skabeloner på platformen.",
            ],
            subtitle="Vejledning fra KiAP",
        ),
    )


def data_guide() -> Document:
    return _pdf(
        "Vejledning – Åbne og lukkede data.pdf",
        Page(
            "Åbne og lukkede data i klyngen",
            [
                "Klyngen beslutter på generalforsamlingen, om data er åbne eller lukkede, "
                "og for hvilken periode beslutningen gælder.",
                "# Åbne data",
                "- Klinikkerne ser hinandens tal med navn. Det giver den bedste læring.",
                "# Lukkede data",
                "- Klinikkerne ser egne tal, klyngens og landets gennemsnit, og de andre som "
                "»Klinik A, B, …«.",
                "# Sådan gør I",
                "- Drøft det i grupper på 3-5. Skal der være vetoret?",
                "- Skriv beslutningen ind på platformen med dens periode; en udløbet "
                "beslutning tæller som lukket.",
            ],
            subtitle="Vejledning fra MidtKraft",
        ),
    )


@dataclass(frozen=True)
class Entry:
    unit: str  # the owning organisation's code
    kind: PackageKind
    title: str
    summary: str
    themes: tuple[str, ...]
    audience: str
    minutes: int  # about how long it takes to read or adapt
    document: Document
    published_days_ago: int


ENTRIES = (
    Entry(
        "kiap",
        PackageKind.template,
        "Vedtægter for klynger",
        "Skabelon til klyngens vedtægter: navn og område, formål, medlemmer, ledelse, møder, "
        "data, økonomi og ændringer. Tilpas den, og vedtag den på et klyngemøde.",
        ("Klyngens drift",),
        "Koordinator og bestyrelse",
        30,
        documents.statutes(),
        300,
    ),
    Entry(
        "kiap",
        PackageKind.template,
        "Dagsorden for klyngemøde",
        "Skabelon til dagsordenen for et fyraftensmøde med tider, oplæg, gruppearbejde, "
        "aftaler og evaluering.",
        ("Klyngens drift", "Møder"),
        "Koordinator",
        15,
        agenda_template(),
        250,
    ),
    Entry(
        "kiap",
        PackageKind.template,
        "Beslutningsreferat",
        "Skabelon til klyngemødets beslutningsreferat: beslutninger, ansvarlige og frister.",
        ("Klyngens drift", "Møder"),
        "Koordinator og sekretær",
        15,
        documents.minutes_template(),
        250,
    ),
    Entry(
        "kiap",
        PackageKind.template,
        "Koordinatorens årshjul",
        "Året for en klyngekoordinator, måned for måned: møder, data, regnskab, "
        "generalforsamling og pakker.",
        ("Klyngens drift",),
        "Koordinator og bestyrelse",
        20,
        yearly_wheel(),
        180,
    ),
    Entry(
        "kiap",
        PackageKind.guide,
        "Godt i gang som klyngekoordinator",
        "Det, en ny klyngekoordinator skal vide det første år: opstart, medlemmer, økonomi "
        "og hvor man får hjælp.",
        ("Klyngens drift",),
        "Nye koordinatorer",
        20,
        getting_started_guide(),
        150,
    ),
    Entry(
        "kiap",
        PackageKind.guide,
        "PDSA i klinikken",
        "Kort vejledning i PDSA-modellen (Plan-Do-Study-Act), som klinikkerne bruger efter "
        "klyngemødet.",
        ("Faglig kvalitet",),
        "Læger og personale i klinikkerne",
        10,
        documents.pdsa_guide(),
        120,
    ),
    Entry(
        "midtkraft",
        PackageKind.guide,
        "Åbne og lukkede data i klyngen",
        "Hvad åbne og lukkede data betyder, og hvordan klyngen træffer og registrerer sin "
        "beslutning for en periode.",
        ("Data",),
        "Koordinator og generalforsamling",
        15,
        data_guide(),
        90,
    ),
)


def templates_present() -> bool:
    return bool(db.session.scalar(select(exists().where(Package.kind != PackageKind.package))))


def seed_templates(now: datetime | None = None) -> bool:
    """Insert the templates and guides, unless there are some. True when inserted."""
    if templates_present():
        return False
    now = now or datetime.now(UTC)
    units = {o.code: o for o in db.session.scalars(select(Organisation))}
    if not all(entry.unit in units for entry in ENTRIES):
        return False
    keep_contents(entry.document.content for entry in ENTRIES)
    materials: list[File] = []
    for entry in ENTRIES:
        published_at = now - timedelta(days=entry.published_days_ago)
        version = PackageVersion(
            id=uuid.uuid4(),
            number=1,
            state=PackageVersionState.published,
            change_note="",
            published_at=published_at,
            created_at=published_at,
            items=[],
        )
        db.session.add(
            Package(
                id=uuid.uuid4(),
                organisation_id=units[entry.unit].id,
                kind=entry.kind,
                title=entry.title,
                summary=entry.summary,
                audience=entry.audience,
                estimated_minutes=entry.minutes,
                state=PackageState.published,
                created_at=published_at - timedelta(days=7),
                theme_rows=[
                    PackageTheme(id=uuid.uuid4(), position=position, name=name)
                    for position, name in enumerate(entry.themes)
                ],
                versions=[version],
            )
        )
        content = entry.document.content
        materials.append(
            File(
                id=uuid.uuid4(),
                cluster_id=None,
                attached_to=AttachmentKind.package,
                attachment_key=package_version_key(version.id),
                package_version_id=version.id,
                name=entry.document.name,
                media_type=content.media_type,
                size=content.size,
                sha256=content.sha256,
                created_at=published_at,
            )
        )
    db.session.flush()  # the versions before the files that refer to them
    db.session.add_all(materials)
    db.session.commit()
    return True
