"""What the demo's files contain: a handful of documents that clusters share in their
libraries, on their meetings and on their notice boards (statutes, minutes, slides, a guide,
templates and data extracts), as one-page PDFs, plain text and CSV.

Each document is made once per process and is the same every time, so that however many
clusters share it, it is stored once (content is kept by its SHA-256). The texts follow the
seeds: the "Stop op" package (seed 001), the well-being session and the antibiotics data of
clinics 1-15 (seed 003), the coordinator's tasks and the economy (seed 004).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from api.demo.meetings import (
    DEMO_HELD_DECISIONS,
    DEMO_HELD_MINUTES,
    STOP_OP_AGENDA,
    WELL_BEING_AGENDA,
)
from api.demo.pdf import Page, one_page_pdf
from api.services.files.library import Content

DATA_CLINICS = 15
# Variants of the antibiotics extract: clusters differ, but a handful of contents suffice.
UTI_DATA_VARIANTS = 3


@dataclass(frozen=True)
class Document:
    """A file as it is usually named, and its content."""

    name: str
    content: Content


def _pdf(name: str, page: Page) -> Document:
    return Document(name, Content.of(one_page_pdf(page), name))


def _text(name: str, text: str) -> Document:
    return Document(name, Content.of(text.encode("utf-8"), name))


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return f"{minutes} minutter"
    return f"{hours} timer og {minutes} minutter" if minutes else f"{hours} timer"


# --- the library's standing documents -----------------------------------------------------


@functools.cache
def statutes() -> Document:
    return _pdf(
        "Vedtægter for klyngen.pdf",
        Page(
            "Vedtægter for klyngen",
            [
                "§ 1. Navn og område. Klyngen består af de almen praksis-klinikker i området, "
                "der er tilmeldt klyngen med deres ydernumre.",
                "§ 2. Formål. Klyngen arbejder med kvalitetsudvikling i almen praksis efter "
                "overenskomsten og samarbejder med regionens kvalitetsenhed og kommunerne.",
                "§ 3. Medlemmer. Alle læger i klyngens klinikker er medlemmer: praksisejere, "
                "ansatte læger og læger under uddannelse.",
                "§ 4. Ledelse. Klyngen ledes af en klyngekoordinator, der vælges for to år ad "
                "gangen. Klyngen kan vælge medkoordinatorer, en bestyrelse, en kasserer og en "
                "sekretær, og opgaver kan uddelegeres til subklynger.",
                "§ 5. Møder. Klyngen holder 2-4 møder om året. Der skrives beslutningsreferat, "
                "som deles i klyngeplatformen.",
                "§ 6. Data. Klyngen beslutter for en periode ad gangen, om data er åbne eller "
                "lukkede. Hver klinik har vetoret.",
                "§ 7. Økonomi. Klyngemidlerne står på klyngens konto hos PLO. Udgifter "
                "dokumenteres med bilag, og honorarer udbetales efter den aftalte takst.",
                "§ 8. Ændringer. Vedtægterne ændres på et klyngemøde med almindeligt flertal "
                "blandt de fremmødte.",
            ],
            subtitle="Vedtaget på klyngemødet",
        ),
    )


@functools.cache
def pdsa_guide() -> Document:
    return _pdf(
        "PDSA i klinikken – kort vejledning.pdf",
        Page(
            "PDSA i klinikken – kort vejledning",
            [
                "PDSA (Plan-Do-Study-Act) er en enkel model til at afprøve forbedringer i lille "
                "skala, før de bliver en fast del af hverdagen.",
                "",
                "- Plan: Hvad vil vi forbedre, hvordan måler vi det, og hvem gør hvad? Formulér "
                "et konkret mål.",
                "- Do: Afprøv ændringen i lille skala, fx én læge i én uge. Notér undervejs, "
                "hvad der sker.",
                "- Study: Sammenlign resultatet med målet. Hvad lærte vi?",
                "- Act: Justér, udbred eller drop ændringen, og planlæg næste cyklus.",
                "",
                "# Gode råd",
                "- Start småt: hellere en lille ændring, der lykkes, end en stor, der går i stå.",
                "- Involvér personalet fra starten.",
                "- Fortæl klyngen om erfaringerne på næste møde.",
            ],
            subtitle="Til klinikkernes arbejde efter klyngemødet",
        ),
    )


@functools.cache
def minutes_template() -> Document:
    return _text(
        "Skabelon til beslutningsreferat.txt",
        "Beslutningsreferat – skabelon\n"
        "\n"
        "Klyngemøde: [emne]\n"
        "Dato og sted: [dato], [sted]\n"
        "Mødeleder: [navn]\n"
        "Referent: [navn]\n"
        "Deltagere: se deltagerlisten i klyngeplatformen\n"
        "\n"
        "1. Velkomst og godkendelse af dagsorden\n"
        "2. [Punkt]\n"
        "   Beslutning:\n"
        "   Ansvarlig:\n"
        "   Frist:\n"
        "3. PDSA: hvad tager klinikkerne med hjem?\n"
        "4. Evaluering af mødet\n"
        "5. Næste møde\n",
    )


@functools.cache
def practical_information() -> Document:
    return _text(
        "Praktisk information om klyngemøder.txt",
        "Praktisk information om klyngemøder\n"
        "\n"
        "Tidspunkt: Møderne er oftest fyraftensmøder fra kl. 16.30 til 19.30 med let "
        "forplejning fra kl. 16.15.\n"
        "Tilmelding: Svar på invitationen i klyngeplatformen senest en uge før mødet.\n"
        "Afbud: Efter tilmeldingsfristen sendes afbud direkte til klyngekoordinatoren.\n"
        "Forberedelse: Se klinikkens egne data igennem inden mødet, og tal gerne med "
        "personalet om emnet.\n"
        "Fremmøde: Deltagelsen registreres på mødet og ligger til grund for honoraret.\n"
        "Materiale: Dagsorden, slides og referater ligger i klyngens filbibliotek.\n",
    )


# --- the "Stop op" package (seed 001) -------------------------------------------------------


@functools.cache
def stop_op_agenda() -> Document:
    total = sum(minutes for _, minutes, _ in STOP_OP_AGENDA)
    return _pdf(
        "Dagsorden – Stop op.pdf",
        Page(
            "Dagsorden – Stop op",
            [
                *(
                    f"{number}. {title} ({minutes} min, slide {slides})"
                    for number, (title, minutes, slides) in enumerate(STOP_OP_AGENDA, start=1)
                ),
                "",
                "Tiderne er vejledende; klyngen kan vælge dele af pakken. Inden mødet sendes et "
                "kort spørgeskema ud, og undervejs bruger vi en quiz.",
            ],
            subtitle=f"Klyngepakken »Stop op« – i alt {_minutes(total)}",
        ),
    )


@functools.cache
def stop_op_slides() -> Document:
    return _pdf(
        "Stop op – slides.pdf",
        Page(
            "Stop op – hvad vil vi med klyngen?",
            [
                "- Hvad har klyngen lavet indtil nu?",
                "- Hvad er kvalitet i klyngearbejdet for os? Faglig kvalitet, lægernes "
                "trivsel, kvalitet for patienten og samarbejde",
                "- Hvilken mødestruktur vil vi have næste år?",
                "- Data: åbne eller lukkede? Vetoret? For hvilken periode?",
                "- Hvilke emner og pakker næste år?",
                "- Hvilke spørgsmål stiller vi os selv efter hvert møde?",
            ],
            subtitle="Klyngepakke – slides 1-16 i oversigt",
            slide=True,
        ),
    )


# --- slides of some meeting topics ----------------------------------------------------------


_TOPIC_SLIDES: dict[str, tuple[str, list[str]]] = {
    "Antibiotika ved urinvejsinfektioner": (
        "Klinikkernes data 2023 mod 2024",
        [
            "- Indikator: antibiotika ved urinvejsinfektion pr. klinik (klinik 1-15)",
            "- Klyngens gennemsnit og landsgennemsnittet til sammenligning",
            "- Ingen antibiotika uden urinundersøgelse, ingen urinundersøgelse uden typiske "
            "symptomer",
            "- Drøftelse: urinstiks, dyrkning og telefonkonsultationer",
            "- Hvad vil vi afprøve i klinikken? (PDSA)",
        ],
    ),
    "Trivsel i almen praksis": (
        "Klyngemøde – 75 minutter",
        [
            *(f"- {title} ({minutes} min)" for title, minutes in WELL_BEING_AGENDA),
            "",
            "Fire overskrifter: fælles værdier og retning, faglig udvikling, sammenhold, "
            "koordinators forberedelse og facilitering",
        ],
    ),
    "Type 2-diabetes: data og opfølgning": (
        "Klinikkernes data og hvad vi gør ved dem",
        [
            "- Årskontrol inden for 15 måneder pr. klinik",
            "- HbA1c over målet: hvem følger vi op på, og hvordan?",
            "- Forløbsplaner og opgavefordeling med sygeplejersken",
            "- Hvad gør de klinikker, der lykkes?",
        ],
    ),
    "KOL og inhalationsteknik": (
        "Oplæg og gruppearbejde",
        [
            "- Spirometri: hvem og hvor ofte?",
            "- Inhalationsteknik: tjek den ved hver kontrol",
            "- Rehabilitering i kommunen",
            "- Forløbsplan og årskontrol",
        ],
    ),
    "Polyfarmaci hos ældre": (
        "Medicingennemgang i almen praksis",
        [
            "- Patienter over 75 år med mere end ti faste præparater",
            "- Seponering: hvornår og hvordan?",
            "- Samarbejdet med apotek og hjemmepleje",
            "- Hvad tager vi med hjem til klinikken?",
        ],
    ),
}
SLIDE_TOPICS = tuple(_TOPIC_SLIDES)


@functools.cache
def topic_slides(topic: str) -> Document:
    """The slides of a meeting on `topic` (one of `SLIDE_TOPICS`)."""
    subtitle, bullets = _TOPIC_SLIDES[topic]
    title = topic.replace(": ", " – ")
    return _pdf(f"{title}.pdf", Page(title, bullets, subtitle=subtitle, slide=True))


# --- minutes ---------------------------------------------------------------------------------


# What was discussed and agreed at a meeting on each topic.
_TOPIC_NOTES: dict[str, tuple[str, str]] = {
    "Antibiotika ved urinvejsinfektioner": (
        "Klinikkerne sammenlignede deres ordinationer med klyngens og landets gennemsnit. "
        "Urinstiks før behandling og dyrkning ved kompliceret infektion blev drøftet.",
        "Vi undgår antibiotika uden urinundersøgelse, også ved telefonkonsultationer.",
    ),
    "Type 2-diabetes: data og opfølgning": (
        "Andelen med årskontrol inden for 15 måneder varierer fra klinik til klinik. Flere "
        "oplever, at patienter uden faste aftaler falder ud af forløbet.",
        "Hver klinik trækker en liste over patienter uden årskontrol og indkalder dem.",
    ),
    "KOL og inhalationsteknik": (
        "Gennemgang af spirometri og inhalationsteknik. Sygeplejersker fra to klinikker "
        "fortalte om deres faste KOL-konsultationer.",
        "Inhalationsteknikken tjekkes ved hver kontrol.",
    ),
    "Polyfarmaci hos ældre": (
        "Vi så på patienter over 75 år med mere end ti faste præparater og drøftede, hvornår "
        "og hvordan man seponerer.",
        "Hver læge gennemgår medicinen hos fem ældre patienter med mange præparater.",
    ),
    "Demens i almen praksis": (
        "Drøftelse af udredning, samarbejdet med kommunens demenskoordinatorer og støtten til "
        "de pårørende.",
        "Vi samler en oversigt over kommunens tilbud til pårørende.",
    ),
    "Trivsel i almen praksis": (
        "Gruppearbejde om, hvad trivsel er for den enkelte, sorteret under fælles værdier og "
        "retning, faglig udvikling, sammenhold og koordinators forberedelse.",
        "Der er tid til det sociale på hvert møde, og næste møde starter med spisning.",
    ),
    "Depression og angst": (
        "Drøftelse af screening, samtaleterapi i praksis og ventetiderne hos psykolog og "
        "psykiater.",
        "Erfaringer med forløb med samtaleterapi deles på næste møde.",
    ),
    "Kronisk smerte og opioider": (
        "Klinikkerne så på deres patienter i langvarig opioidbehandling. Der var enighed om "
        "faste aftaler og én ordinerende læge.",
        "Hver klinik laver en plan for nedtrapning, hvor det er muligt.",
    ),
    "Hjertesvigt i almen praksis": (
        "Opfølgning efter udskrivelse og optitrering af medicin i samarbejde med "
        "hjerteambulatoriet.",
        "Vi afprøver en fast tid til opfølgning inden for to uger efter udskrivelse.",
    ),
    "Forløbsplaner for kronikere": (
        "Hvor mange af vores kronikere har en aktuel forløbsplan? Tallene varierer meget "
        "mellem klinikkerne.",
        "Forløbsplanen gennemgås med patienten ved årskontrollen.",
    ),
    "Henvisninger: hvad viser vores data?": (
        "Vi så på henvisninger til billeddiagnostik og til praktiserende speciallæger pr. "
        "1.000 patienter.",
        "Hver klinik gennemgår ti af sine seneste henvisninger til MR-scanning.",
    ),
    "Sårbare gravide": (
        "Oplæg fra familieambulatoriet om samarbejdet omkring sårbare gravide.",
        "Vi bruger den fælles henvisningsvej til familieambulatoriet.",
    ),
    "Børn med feber": (
        "Drøftelse af telefontriage, CRP og hvornår børn skal ses samme dag.",
        "Klinikpersonalet får en fælles huskeseddel til telefonen.",
    ),
    "Stop op – hvad vil vi med klyngen?": (
        "Tilbageblik på klyngens arbejde og drøftelse af, hvad kvalitet i klyngearbejdet er "
        "for os.",
        "Vi holder tre møder næste år, heraf ét internat, og beholder lukkede data.",
    ),
    "Kvalitetsarbejde med PDSA": (
        "Gennemgang af PDSA-modellen og eksempler fra klinikkerne.",
        "Hver klinik vælger ét lille forbedringsprojekt og laver første cyklus inden næste møde.",
    ),
}


@functools.cache
def meeting_minutes(topic: str) -> Document:
    """Minutes of a meeting on `topic`, as plain text."""
    discussion, agreement = _TOPIC_NOTES.get(
        topic,
        (
            "Oplæg og drøftelse i grupper med udgangspunkt i klinikkernes egne data.",
            "Emnet følges op på et senere møde.",
        ),
    )
    return _text(
        f"Referat – {topic.replace(': ', ' – ')}.txt",
        "Referat af klyngemøde\n"
        "\n"
        f"Emne: {topic}\n"
        "Deltagere: se deltagerlisten i klyngeplatformen.\n"
        "\n"
        "Drøftelse\n"
        f"{discussion}\n"
        "\n"
        "Aftaler\n"
        f"- {agreement}\n"
        "- Klinikkerne laver hver en PDSA og fortæller om erfaringerne på næste møde.\n",
    )


@functools.cache
def demo_minutes() -> Document:
    """The minutes of the demo cluster's held meeting on antibiotics."""
    return _pdf(
        "Referat – antibiotika ved urinvejsinfektioner.pdf",
        Page(
            "Referat – antibiotika ved urinvejsinfektioner",
            [
                "Dagsorden: velkomst, klinikkernes data 2023 mod 2024, hvad gør vi forskelligt, "
                "aftaler og PDSA.",
                "",
                "# Drøftelse",
                DEMO_HELD_MINUTES,
                "",
                "# Beslutninger",
                *(f"- {line}" for line in DEMO_HELD_DECISIONS.splitlines()),
                "",
                "# Opfølgning",
                "- PDSA: dyrkning før behandling",
                "- Gennemgå telefonkonsultationer med urinvejssymptomer",
                "- Del klinikkens instruks om urinstiks",
                "",
                "Referent: Sara Sekretær",
            ],
            subtitle="Demoklyngen Viborg – fyraftensmøde",
        ),
    )


# --- data extracts ---------------------------------------------------------------------------


def _decimal(value: float) -> str:
    """`52,4`: a Danish decimal comma, as a spreadsheet here reads it."""
    return f"{value:.1f}".replace(".", ",")


@functools.cache
def uti_data(variant: int) -> Document:
    """The share of urinary tract infections treated with antibiotics per clinic (clinics
    1-15, anonymised, as an extract shared by e-mail was), 2023 against 2024, with the
    cluster's and the national average (seed 003); `variant` is one of `UTI_DATA_VARIANTS`
    sets of figures."""
    rng = random.Random(f"uti-{variant}")  # noqa: S311 (demo data: reproducible, not secret)
    rows = []
    for clinic in range(1, DATA_CLINICS + 1):
        before = rng.uniform(38, 72)
        rows.append((f"Klinik {clinic}", before, before * rng.uniform(0.82, 1.02)))
    cluster_before = sum(row[1] for row in rows) / len(rows)
    cluster_after = sum(row[2] for row in rows) / len(rows)
    rows += [("Klyngen", cluster_before, cluster_after), ("Landsgennemsnit", 51.3, 47.8)]
    # The measure of KiAP's indicator set: the share (%) of infections treated with antibiotics.
    lines = [
        "Klinik;2023 andel behandlet med antibiotika (%);2024 andel behandlet med antibiotika (%)"
    ]
    lines += [f"{name};{_decimal(a)};{_decimal(b)}" for name, a, b in rows]
    return _text(
        "Antibiotika ved urinvejsinfektion pr. klinik 2023-2024.csv", "\r\n".join(lines) + "\r\n"
    )


@functools.cache
def diabetes_data() -> Document:
    """Type 2 diabetes per clinic: annual check-ups and HbA1c above target."""
    rng = random.Random("diabetes")  # noqa: S311 (demo data: reproducible, not secret)
    lines = [
        "Klinik;Patienter med type 2-diabetes;Årskontrol inden for 15 mdr. (%);"
        "HbA1c over 53 mmol/mol (%)"
    ]
    for clinic in range(1, DATA_CLINICS + 1):
        lines.append(
            f"Klinik {clinic};{rng.randrange(90, 420)};{_decimal(rng.uniform(68, 93))};"
            f"{_decimal(rng.uniform(24, 41))}"
        )
    return _text("Type 2-diabetes pr. klinik 2024.csv", "\r\n".join(lines) + "\r\n")
