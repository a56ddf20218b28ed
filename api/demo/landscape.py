"""The national demo landscape: 116 clusters with their clinics, doctors, roles, patient counts
and sub-clusters, generated to reproduce the 2025 figures of the cluster landscape.

The figures it reproduces (KiAP, Klyngernes Inspirationsdage 2025): 116 clusters of on average
29 doctors, typically 18-38, the smallest 12 and the largest 72; 35 clusters with only a
coordinator, 12 with co-coordinators, 71 with 1-4 board members, 12 with a treasurer and 6
with a secretary; about 1,700 practices and on average 48,000 patients per cluster (17,000 to
110,000), about 5.6 million in all.

Generation is seeded, so every run builds the same rows with the same ids (derived from each
row's natural key). The rows are inserted in bulk, in the caller's transaction, bypassing the
ORM unit of work (and so the audit log, which is about changes people make, not demo data).
The landscape is all there or not at all: once any of its clusters exists, it is left alone,
so changes made through the API survive a second seeding.
"""

from __future__ import annotations

import math
import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any

from sqlalchemy import insert, select

from api.core.extensions import db
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    DataPolicy,
    Member,
    MemberKind,
    PatientCount,
    Region,
    SubCluster,
    SubClusterClinic,
    User,
)

SEED = 20250522
ID_NAMESPACE = uuid.UUID("0b6f3f4e-4a59-4f57-8d3e-2f1c9a7d5e21")

DOCTORS_MEAN = 29
DOCTORS_MIN, DOCTORS_MAX = 12, 72
CLINICS_TOTAL = 1_700
CLINIC_MAX_DOCTORS = 6
PATIENTS_TOTAL = 5_590_000
PATIENTS_MIN, PATIENTS_MAX = 17_100, 109_800
CLUSTERS_STARTED = date(2018, 4, 1)  # OK18: the clusters began
# Patients are counted on 1 February of every year from 2022 (the demo economy's first
# allocation year) to the latest.
FIRST_COUNT_YEAR = 2022

# The roles as registered (seed 004): every cluster has one coordinator; 35 have no other
# role, 71 have 1-4 board members, 12 co-coordinators, 12 a treasurer and 6 a secretary. The
# figures overlap, so they are split here between clusters with and without a board; the 10
# without a board have one of the other roles (35 + 71 + 10 = 116).
ONLY_COORDINATOR = 35
WITH_BOARD = 71
CO_COORDINATORS_WITH_BOARD, CO_COORDINATORS_WITHOUT_BOARD = 4, 8
TREASURERS_WITH_BOARD, TREASURERS_WITHOUT_BOARD = 10, 2
SECRETARIES_WITH_BOARD, SECRETARIES_WITHOUT_BOARD = 5, 1

DEMO_CLUSTER = "Demoklyngen Viborg"
DEMO_REGION = "midtjylland"
DEMO_CLUSTER_AREA = ("Viborg", "8800 Viborg")
DEMO_CLUSTER_DOCTORS = 31
# The demo accounts who are doctors in the demo cluster: (e-mail, kind, role there).
DEMO_DOCTORS: list[tuple[str, MemberKind, ClusterRoleKind | None]] = [
    ("koordinator@demo.dk", MemberKind.owner, ClusterRoleKind.coordinator),
    ("medlem@demo.dk", MemberKind.owner, None),
    ("kasserer@demo.dk", MemberKind.owner, ClusterRoleKind.treasurer),
    ("sekretaer@demo.dk", MemberKind.employed, ClusterRoleKind.secretary),
]

DOCTOR_DOMAIN = "laeger.demo.dk"
PERSONAL_DOMAIN = "privat.demo.dk"

# The areas the clusters cover, per region: (area, postcode and town). The cluster's name is
# made from the area unless NAMED_CLUSTERS names it.
AREAS: dict[str, list[tuple[str, str]]] = {
    "hovedstaden": [
        ("Indre By", "1150 København K"),
        ("Østerbro", "2100 København Ø"),
        ("Nørrebro", "2200 København N"),
        ("Vesterbro", "1620 København V"),
        ("Amager Øst", "2300 København S"),
        ("Amager Vest", "2450 København SV"),
        ("Valby", "2500 Valby"),
        ("Vanløse", "2720 Vanløse"),
        ("Brønshøj", "2700 Brønshøj"),
        ("Bispebjerg", "2400 København NV"),
        ("Frederiksberg", "2000 Frederiksberg"),
        ("Gentofte", "2820 Gentofte"),
        ("Hellerup", "2900 Hellerup"),
        ("Lyngby", "2800 Kongens Lyngby"),
        ("Gladsaxe", "2860 Søborg"),
        ("Herlev", "2730 Herlev"),
        ("Ballerup", "2750 Ballerup"),
        ("Rødovre", "2610 Rødovre"),
        ("Hvidovre", "2650 Hvidovre"),
        ("Albertslund", "2620 Albertslund"),
        ("Glostrup", "2600 Glostrup"),
        ("Brøndby", "2605 Brøndby"),
        ("Tårnby", "2770 Kastrup"),
        ("Ishøj", "2635 Ishøj"),
        ("Høje-Taastrup", "2630 Taastrup"),
        ("Furesø", "3520 Farum"),
        ("Rudersdal", "2840 Holte"),
        ("Hørsholm", "2970 Hørsholm"),
        ("Allerød", "3450 Allerød"),
        ("Hillerød", "3400 Hillerød"),
        ("Fredensborg", "3480 Fredensborg"),
        ("Helsingør", "3000 Helsingør"),
        ("Gribskov", "3200 Helsinge"),
        ("Halsnæs", "3300 Frederiksværk"),
        ("Frederikssund", "3600 Frederikssund"),
        ("Bornholm", "3700 Rønne"),
    ],
    "sjaelland": [
        ("Roskilde", "4000 Roskilde"),
        ("Køge", "4600 Køge"),
        ("Greve", "2670 Greve"),
        ("Solrød", "2680 Solrød Strand"),
        ("Lejre", "4320 Lejre"),
        ("Holbæk", "4300 Holbæk"),
        ("Kalundborg", "4400 Kalundborg"),
        ("Odsherred", "4500 Nykøbing Sj"),
        ("Ringsted", "4100 Ringsted"),
        ("Sorø", "4180 Sorø"),
        ("Slagelse", "4200 Slagelse"),
        ("Næstved", "4700 Næstved"),
        ("Faxe", "4640 Faxe"),
        ("Stevns", "4660 Store Heddinge"),
        ("Vordingborg", "4760 Vordingborg"),
        ("Guldborgsund", "4800 Nykøbing F"),
        ("Lolland", "4930 Maribo"),
    ],
    "syddanmark": [
        ("Odense Midtby", "5000 Odense C"),
        ("Odense Nord", "5270 Odense N"),
        ("Odense Øst", "5220 Odense SØ"),
        ("Odense Vest", "5200 Odense V"),
        ("Odense Syd", "5260 Odense S"),
        ("Svendborg", "5700 Svendborg"),
        ("Nyborg", "5800 Nyborg"),
        ("Kerteminde", "5300 Kerteminde"),
        ("Middelfart", "5500 Middelfart"),
        ("Assens", "5610 Assens"),
        ("Faaborg", "5600 Faaborg"),
        ("Nordfyn", "5400 Bogense"),
        ("Langeland", "5900 Rudkøbing"),
        ("Ærø", "5970 Ærøskøbing"),
        ("Esbjerg", "6700 Esbjerg"),
        ("Varde", "6800 Varde"),
        ("Vejen", "6600 Vejen"),
        ("Kolding", "6000 Kolding"),
        ("Vejle", "7100 Vejle"),
        ("Fredericia", "7000 Fredericia"),
        ("Billund", "7190 Billund"),
        ("Haderslev", "6100 Haderslev"),
        ("Aabenraa", "6200 Aabenraa"),
        ("Sønderborg", "6400 Sønderborg"),
        ("Tønder", "6270 Tønder"),
    ],
    "midtjylland": [
        ("Aarhus Midtby", "8000 Aarhus C"),
        ("Aarhus Nord", "8200 Aarhus N"),
        ("Aarhus Vest", "8210 Aarhus V"),
        ("Viby", "8260 Viby J"),
        ("Højbjerg", "8270 Højbjerg"),
        ("Risskov", "8240 Risskov"),
        ("Randers", "8900 Randers C"),
        ("Horsens", "8700 Horsens"),
        ("Silkeborg", "8600 Silkeborg"),
        ("Herning", "7400 Herning"),
        ("Holstebro", "7500 Holstebro"),
        ("Skive", "7800 Skive"),
        ("Ikast", "7430 Ikast"),
        ("Brande", "7330 Brande"),
        ("Ringkøbing", "6950 Ringkøbing"),
        ("Skjern", "6900 Skjern"),
        ("Lemvig", "7620 Lemvig"),
        ("Struer", "7600 Struer"),
        ("Favrskov", "8382 Hinnerup"),
        ("Skanderborg", "8660 Skanderborg"),
        ("Odder", "8300 Odder"),
        ("Hedensted", "8722 Hedensted"),
        ("Syddjurs", "8400 Ebeltoft"),
        ("Norddjurs", "8500 Grenaa"),
        ("Hammel", "8450 Hammel"),
    ],
    "nordjylland": [
        ("Aalborg Midtby", "9000 Aalborg"),
        ("Aalborg Øst", "9220 Aalborg Øst"),
        ("Nørresundby", "9400 Nørresundby"),
        ("Hjørring", "9800 Hjørring"),
        ("Frederikshavn", "9900 Frederikshavn"),
        ("Brønderslev", "9700 Brønderslev"),
        ("Jammerbugt", "9690 Fjerritslev"),
        ("Thisted", "7700 Thisted"),
        ("Vesthimmerland", "9600 Aars"),
        ("Rebild", "9530 Støvring"),
        ("Mariagerfjord", "9500 Hobro"),
        ("Morsø", "7900 Nykøbing M"),
    ],
}


def _words(text: str, separator: str | None = None) -> list[str]:
    return [word.strip() for word in text.split(separator)]


NAMED_CLUSTERS = {
    "Aarhus Vest": "Klynge Aarhus Vest",
    "Hillerød": "Nordsjællands Lægeklynge",
    "Bornholm": "Bornholms Lægeklynge",
    "Amager Øst": "Amagerklyngen",
    "Svendborg": "Sydfynsklyngen",
    "Lolland": "Lolland-Falster Lægeklynge",
    "Hjørring": "Vendsysselklyngen",
    "Thisted": "Thyklyngen",
    "Syddjurs": "Djurslandsklyngen",
    "Ringkøbing": "Vestjyllands Lægeklynge",
}
CLUSTER_NAME_PATTERNS = [
    "Klynge {area}",
    "Klynge {area}",
    "Lægeklyngen {area}",
    "{area} Lægeklynge",
    "Klyngen {area}",
    "Praksisklyngen {area}",
]

WOMEN = _words("""
    Anne Mette Kirsten Hanne Helle Susanne Lene Maria Marianne Camilla Louise Charlotte Pia
    Tina Julie Signe Sara Ida Line Anna Karen Birgitte Lone Rikke Trine Maja Cecilie Katrine
    Sofie Nanna Stine Astrid Kristine Lotte Malene Gitte Dorte Inge Ulla Jette Marie Laura
    Christina Eva Heidi Sanne Mona Nadia Fatima Leila Yasmin Anne-Mette Ellen Vibeke
    Mathilde Emma
""")
MEN = _words("""
    Peter Jens Lars Henrik Søren Niels Michael Jørgen Thomas Hans Anders Martin Jan Morten
    Per Christian Ole Rasmus Jesper Mads Mikkel Kasper Jakob Frederik Kristian Torben Steen
    Bo Claus Kim Poul Erik Bent Flemming Carsten Ulrik Troels Esben Simon Emil Jonas Nikolaj
    Anton Magnus Brian Kenneth Allan René Ali Omar Ahmad Hassan Tobias Asger Gustav Bjarke
    Aksel Johan
""")
SURNAMES = _words("""
    Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen
    Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen
    Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen
    Holm Kristiansen Clausen Simonsen Svendsen Andreasen Iversen Jeppesen Mogensen Jespersen
    Nissen Lauridsen Kjær Østergaard Vestergaard Dahl Bach Kjeldsen Søndergaard Skov
    Damgaard Thygesen Friis Bertelsen Holst Berg Juhl Brandt Winther Overgaard Nørgaard Koch
    Kirkegaard Ahmed Ali Hussein Khan Nguyen Jacobsen Bruun Lindberg Ebbesen Kofoed
    Gregersen
""")
MIDDLE_NAMES = _words("""
    Marie Louise Holm Bach Lund Juul Krogh Dam Skov Kjær Munk Vinther Bjerre Høj Aagaard
    Riis Toft Kirk Mølgaard Brøndum
""")
STREETS = _words(
    """
    Vestergade, Østergade, Nørregade, Søndergade, Algade, Torvet, Jernbanegade,
    Stationsvej, Skolevej, Kirkevej, Møllevej, Bakkevej, Parkvej, Strandvej, Skovvej,
    Engvej, Birkevej, Lindevej, Kastanievej, Havnegade, Bredgade, Storegade, Hovedgaden,
    Tværgade, Rådhusvej, Sygehusvej, Åboulevarden, Kongensgade, Dronningensgade,
    Klostergade, Bispegade, Skt. Mathias Gade
""",
    ",",
)
CLINIC_NAME_PATTERNS = [
    "Lægerne {street}",
    "Lægehuset {street}",
    "Lægerne i {town}",
    "{town} Lægecenter",
    "Lægeklinikken {street}",
    "Sundhedshuset {town}",
    "Lægehuset {town}",
]
SUB_CLUSTER_NAMES = [
    "Babyklynge Nord",
    "Babyklynge Syd",
    "Babyklynge Øst",
    "Babyklynge Vest",
    "Babyklynge Midt",
    "Babyklynge By",
    "Babyklynge Land",
]
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def derived_id(*key: object) -> uuid.UUID:
    """A row's id, derived from its natural key: the same every run."""
    return uuid.uuid5(ID_NAMESPACE, "/".join(str(part) for part in key))


def latest_count_date(today: date) -> date:
    """The latest 1 February on or before `today` (patients are counted as of that day)."""
    this_year = date(today.year, 2, 1)
    return this_year if this_year <= today else date(today.year - 1, 2, 1)


def _email_local_part(*names: str) -> str:
    text = ".".join(name.lower().translate(TRANSLITERATION) for name in names)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace(" ", "-")


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` in whole numbers (largest remainders)."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    parts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _adjust_sum(values: list[int], target: int, low: int, high: int, order: Iterable[int]) -> None:
    """Move `values` one step at a time (in `order`, cyclically) until they sum to `target`."""
    order = list(order)
    while (gap := target - sum(values)) != 0:
        step = 1 if gap > 0 else -1
        moved = False
        for i in order:
            if sum(values) == target:
                break
            if low <= values[i] + step <= high:
                values[i] += step
                moved = True
        if not moved:
            raise ValueError("cannot reach the target within the bounds")


def cluster_sizes(rng: random.Random, count: int) -> list[int]:
    """Doctors per cluster: right-skewed around a median of about 27, mean exactly 29,
    smallest 12, largest 72, three in four between 18 and 38 (in random order)."""
    normal = NormalDist()
    sizes = [
        round(27.5 * math.exp(0.32 * normal.inv_cdf((i + 0.5) / count)) + rng.uniform(-1, 1))
        for i in range(count)
    ]
    sizes.sort()
    sizes[0], sizes[-1] = DOCTORS_MIN, DOCTORS_MAX
    inner = sorted(range(1, count - 1), key=lambda i: abs(sizes[i] - 30))
    _adjust_sum(sizes, DOCTORS_MEAN * count, DOCTORS_MIN + 1, DOCTORS_MAX - 1, inner)
    rng.shuffle(sizes)
    return sizes


def clinic_counts(sizes: Sequence[int]) -> list[int]:
    """Clinics per cluster, about one per two doctors, 1,700 in all, 1-6 doctors each."""
    counts = _split(CLINICS_TOTAL, sizes)
    bounds = [(math.ceil(s / CLINIC_MAX_DOCTORS), s) for s in sizes]
    counts = [min(max(c, lo), hi) for c, (lo, hi) in zip(counts, bounds, strict=True)]
    largest_first = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    while (gap := CLINICS_TOTAL - sum(counts)) != 0:
        for i in largest_first:
            lo, hi = bounds[i]
            if gap and lo <= counts[i] + (1 if gap > 0 else -1) <= hi:
                counts[i] += 1 if gap > 0 else -1
                gap = CLINICS_TOTAL - sum(counts)
    return counts


def doctors_per_clinic(rng: random.Random, doctors: int, clinics: int) -> list[int]:
    """How a cluster's doctors are spread over its clinics: many small practices, a few large."""
    spread = [1] * clinics
    for _ in range(doctors - clinics):
        open_clinics = [i for i in range(clinics) if spread[i] < CLINIC_MAX_DOCTORS]
        weights = [spread[i] ** 1.3 for i in open_clinics]
        spread[rng.choices(open_clinics, weights)[0]] += 1
    return spread


def cluster_patients(rng: random.Random, sizes: Sequence[int]) -> list[int]:
    """Patients per cluster, about 1,660 per doctor, from about 17,000 to 110,000."""
    per_doctor = [min(max(rng.gauss(1_660, 110), 1_450), 1_880) for _ in sizes]
    smallest = min(range(len(sizes)), key=lambda i: sizes[i])
    largest = max(range(len(sizes)), key=lambda i: sizes[i])
    patients = [round(s * p) for s, p in zip(sizes, per_doctor, strict=True)]
    patients[smallest], patients[largest] = PATIENTS_MIN, PATIENTS_MAX
    others = [i for i in range(len(sizes)) if i not in (smallest, largest)]
    rest = _split(PATIENTS_TOTAL - PATIENTS_MIN - PATIENTS_MAX, [patients[i] for i in others])
    for i, value in zip(others, rest, strict=True):
        patients[i] = value
    return patients


def role_profiles(rng: random.Random) -> tuple[frozenset[ClusterRoleKind], list[frozenset]]:
    """The roles beside the coordinator, per cluster, adding up to exactly the registered
    figures: the demo cluster's (a board, a treasurer and a secretary), and the other
    clusters' from fewest to most roles."""
    board, co, treasurer, secretary = (
        ClusterRoleKind.board_member,
        ClusterRoleKind.co_coordinator,
        ClusterRoleKind.treasurer,
        ClusterRoleKind.secretary,
    )
    with_board: list[set[ClusterRoleKind]] = [{board} for _ in range(WITH_BOARD - 1)]
    for role, count in (
        (co, CO_COORDINATORS_WITH_BOARD),
        (treasurer, TREASURERS_WITH_BOARD - 1),
        (secretary, SECRETARIES_WITH_BOARD - 1),
    ):
        for profile in rng.sample(with_board, count):
            profile.add(role)
    without_board: list[set[ClusterRoleKind]] = [{co} for _ in range(CO_COORDINATORS_WITHOUT_BOARD)]
    without_board += [{treasurer} for _ in range(TREASURERS_WITHOUT_BOARD)]
    for profile in rng.sample(
        without_board[:CO_COORDINATORS_WITHOUT_BOARD], SECRETARIES_WITHOUT_BOARD
    ):
        profile.add(secretary)
    others = [frozenset()] * ONLY_COORDINATOR + [frozenset(p) for p in without_board + with_board]
    others.sort(key=len)
    return frozenset({board, treasurer, secretary}), others


@dataclass
class Doctor:
    user_id: uuid.UUID
    email: str
    name: str
    kind: MemberKind
    clinic: int  # index into the cluster's clinics
    is_demo_account: bool = False


@dataclass
class LandscapeRows:
    """The rows to insert, per model."""

    users: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    clinics: list[dict[str, Any]] = field(default_factory=list)
    periods: list[dict[str, Any]] = field(default_factory=list)
    patient_counts: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    sub_clusters: list[dict[str, Any]] = field(default_factory=list)
    sub_cluster_clinics: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type, list[dict[str, Any]]]]:
        return [
            (User, self.users),
            (Cluster, self.clusters),
            (Clinic, self.clinics),
            (ClinicClusterPeriod, self.periods),
            (PatientCount, self.patient_counts),
            (Member, self.members),
            (ClusterRole, self.roles),
            (SubCluster, self.sub_clusters),
            (SubClusterClinic, self.sub_cluster_clinics),
        ]


@dataclass(frozen=True)
class PlannedCluster:
    region: str
    name: str
    area: str
    town: str  # postcode and town


def cluster_plan() -> list[PlannedCluster]:
    """Every cluster of the landscape, the demo cluster first."""
    rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
    plan = [PlannedCluster(DEMO_REGION, DEMO_CLUSTER, *DEMO_CLUSTER_AREA)]
    for region, areas in AREAS.items():
        for area, town in areas:
            name = NAMED_CLUSTERS.get(area) or rng.choice(CLUSTER_NAME_PATTERNS).format(area=area)
            plan.append(PlannedCluster(region, name, area, town))
    return plan


class _Generator:
    def __init__(
        self,
        regions: dict[str, uuid.UUID],
        demo_users: dict[str, uuid.UUID],
        today: date,
        taken_provider_numbers: set[str],
        taken_emails: set[str],
    ) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
        self.regions = regions
        self.demo_users = demo_users
        self.today = today
        self.rows = LandscapeRows()
        self.taken_emails = set(taken_emails)
        self.name_counts: Counter[str] = Counter()
        self.provider_numbers = iter(
            number
            for number in (
                f"{n:06d}" for n in self.rng.sample(range(100_000, 1_000_000), CLINICS_TOTAL * 2)
            )
            if number not in taken_provider_numbers
        )
        self.clinic_ids_by_cluster: list[list[uuid.UUID]] = []

    # --- people -----------------------------------------------------------------------------

    def _new_doctor(self, kind: MemberKind, clinic: int) -> Doctor:
        rng = self.rng
        first = rng.choice(WOMEN if rng.random() < 0.55 else MEN)
        last = rng.choice(SURNAMES)
        middle = rng.choice(MIDDLE_NAMES) if rng.random() < 0.3 else None
        stem = _email_local_part(first, last)
        while True:
            self.name_counts[stem] += 1
            email = f"{stem}.{self.name_counts[stem]}@{DOCTOR_DOMAIN}"
            if email not in self.taken_emails:
                break
        self.taken_emails.add(email)
        user_id = derived_id("user", email)
        name = " ".join(part for part in (first, middle, last) if part)
        self.rows.users.append(
            {
                "id": user_id,
                "email": email,
                "name": name,
                "password_hash": None,
                "is_platform_admin": False,
                "is_active": True,
            }
        )
        return Doctor(user_id, email, name, kind, clinic)

    def _kind(self) -> MemberKind:
        draw = self.rng.random()
        if draw < 0.62:
            return MemberKind.owner
        return MemberKind.employed if draw < 0.82 else MemberKind.in_training

    def _members(self, doctor: Doctor, clinic_ids: list[uuid.UUID]) -> None:
        """The doctor's current membership and, for a few, an ended one at another of the
        cluster's clinics before it."""
        rng = self.rng
        current = self._member_row(doctor, clinic_ids[doctor.clinic])
        self.rows.members.append(current)
        if doctor.is_demo_account or len(clinic_ids) < 2 or rng.random() >= 0.04:
            return
        earlier = rng.choice([c for i, c in enumerate(clinic_ids) if i != doctor.clinic])
        end = current["valid_from"] - timedelta(days=1)
        start = end - timedelta(days=rng.randint(365, 5 * 365))
        self.rows.members.append(
            {
                **current,
                "id": derived_id("member", doctor.email, earlier, start),
                "clinic_id": earlier,
                "kind": MemberKind.in_training if rng.random() < 0.5 else MemberKind.employed,
                "personal_email": None,
                "valid_from": start,
                "valid_to": end,
            }
        )

    def _member_row(self, doctor: Doctor, clinic_id: uuid.UUID) -> dict[str, Any]:
        rng = self.rng
        if doctor.kind == MemberKind.in_training:
            since = _random_date(rng, date(2024, 3, 1), date(2025, 9, 1))
        elif doctor.kind == MemberKind.employed:
            since = _random_date(rng, date(2015, 1, 1), date(2025, 6, 1))
        else:
            since = _random_date(rng, date(1995, 1, 1), date(2024, 12, 31))
        personal = None
        if not doctor.is_demo_account and rng.random() < 0.45:
            personal = f"{doctor.email.split('@')[0]}@{PERSONAL_DOMAIN}"
        return {
            "id": derived_id("member", doctor.email, clinic_id, since),
            "user_id": doctor.user_id,
            "clinic_id": clinic_id,
            "kind": doctor.kind,
            "work_email": doctor.email,
            "personal_email": personal,
            "valid_from": since,
            "valid_to": None,
        }

    # --- clusters ---------------------------------------------------------------------------

    def build(self) -> LandscapeRows:
        rng = self.rng
        plan = cluster_plan()
        sizes = cluster_sizes(rng, len(plan))
        # The demo cluster is a typical one.
        demo_size_at = min(range(len(sizes)), key=lambda i: abs(sizes[i] - DEMO_CLUSTER_DOCTORS))
        sizes[0], sizes[demo_size_at] = sizes[demo_size_at], sizes[0]
        clinics = clinic_counts(sizes)
        patients = cluster_patients(rng, sizes)
        demo_profile, profiles = role_profiles(rng)
        # Bigger clusters tend to have more roles: hand out the profiles by noisy size.
        by_size = sorted(range(1, len(plan)), key=lambda i: sizes[i] * rng.uniform(0.6, 1.4))
        profile_of = {i: profiles[rank] for rank, i in enumerate(by_size)}
        profile_of[0] = demo_profile
        for i, planned in enumerate(plan):
            self._cluster(i, planned, sizes[i], clinics[i], patients[i], profile_of[i])
        self._moved_clinics(plan)
        self._sub_clusters(plan, sizes)
        return self.rows

    def _cluster(
        self,
        index: int,
        planned: PlannedCluster,
        size: int,
        clinic_count: int,
        patients: int,
        profile: frozenset[ClusterRoleKind],
    ) -> None:
        rng = self.rng
        cluster_id = derived_id("cluster", planned.region, planned.name)
        # A general assembly decides the data policy for two years. Decisions are spread over
        # the last 900 days, so most clusters' are current and some have expired (and are
        # shown so); the demo cluster's was made about a year ago and is current.
        if index == 0:
            decided = self.today - timedelta(days=rng.randint(330, 400))
        else:
            decided = _random_date(
                rng, self.today - timedelta(days=900), self.today - timedelta(days=60)
            )
        has_policy = index == 0 or rng.random() < 0.7
        policy_from = date(decided.year, decided.month, 1) + timedelta(days=31)
        policy_from = date(policy_from.year, policy_from.month, 1)
        self.rows.clusters.append(
            {
                "id": cluster_id,
                "name": planned.name,
                "region_id": self.regions[planned.region],
                "description": f"Lægeklynge for praksis i {planned.area} og omegn.",
                "data_policy": (
                    (DataPolicy.open if rng.random() < 0.6 else DataPolicy.closed)
                    if has_policy
                    else None
                ),
                "data_policy_decided_on": decided if has_policy else None,
                "data_policy_valid_from": policy_from if has_policy else None,
                "data_policy_valid_to": (
                    date(policy_from.year + 2, policy_from.month, 1) - timedelta(days=1)
                    if has_policy
                    else None
                ),
            }
        )

        spread = doctors_per_clinic(rng, size, clinic_count)
        doctors: list[Doctor] = []
        for clinic, count in enumerate(spread):
            for position in range(count):
                kind = MemberKind.owner if position == 0 else self._kind()
                doctors.append(self._new_doctor(kind, clinic))
        if index == 0:
            self._place_demo_accounts(doctors, spread)

        names: set[str] = set()
        clinic_ids = [
            self._clinic(cluster_id, planned, [d for d in doctors if d.clinic == c], names)
            for c in range(len(spread))
        ]
        self.clinic_ids_by_cluster.append(clinic_ids)
        self._patient_counts(clinic_ids, spread, patients)
        for doctor in doctors:
            self._members(doctor, clinic_ids)
        self._roles(cluster_id, doctors, profile, demo=index == 0)

    def _place_demo_accounts(self, doctors: list[Doctor], spread: list[int]) -> None:
        """The demo accounts take the places of generated doctors: the owners of the first
        clinics, and an employed doctor in the first clinic with room for one."""
        first_at = [sum(spread[:c]) for c in range(len(spread))]
        shared = next(c for c in range(len(spread)) if spread[c] > 1)
        owners = iter(first_at)
        for email, kind, _ in DEMO_DOCTORS:
            slot = next(owners) if kind == MemberKind.owner else first_at[shared] + 1
            replaced = doctors[slot]
            self.rows.users.remove(next(u for u in self.rows.users if u["id"] == replaced.user_id))
            user_id = self.demo_users[email]
            doctors[slot] = Doctor(user_id, email, "", kind, replaced.clinic, True)

    def _clinic(
        self,
        cluster_id: uuid.UUID,
        planned: PlannedCluster,
        doctors: list[Doctor],
        names_taken: set[str],
    ) -> uuid.UUID:
        """A clinic of the cluster, with a name no other clinic of the cluster has."""
        rng = self.rng
        provider_number = next(self.provider_numbers)
        clinic_id = derived_id("clinic", provider_number)
        street, number = rng.choice(STREETS), rng.randint(1, 120)
        if len(doctors) == 1 and not doctors[0].is_demo_account and rng.random() < 0.6:
            name = f"Læge {doctors[0].name}"
        else:
            name = rng.choice(CLINIC_NAME_PATTERNS).format(street=street, town=planned.area)
        if name in names_taken:
            name = f"Lægerne {street} {number}"
        names_taken.add(name)
        self.rows.clinics.append(
            {
                "id": clinic_id,
                "provider_number": provider_number,
                "name": name,
                "address": f"{street} {number}, {planned.town}",
                "region_id": self.regions[planned.region],
            }
        )
        joined = CLUSTERS_STARTED
        if rng.random() < 0.12:
            joined = _random_date(rng, date(2019, 1, 1), date(2025, 1, 31))
        self.rows.periods.append(
            {
                "id": derived_id("period", clinic_id, joined),
                "clinic_id": clinic_id,
                "cluster_id": cluster_id,
                "valid_from": joined,
                "valid_to": None,
            }
        )
        return clinic_id

    def _patient_counts(self, clinic_ids: list[uuid.UUID], spread: list[int], total: int) -> None:
        """Each clinic's count of the latest 1 February (these make the landscape's figures),
        and of every 1 February before it back to FIRST_COUNT_YEAR, changing a little from
        year to year: the allocations of those years are made of them."""
        rng = self.rng
        counted_on = latest_count_date(self.today)
        shares = _split(total, [n * rng.uniform(0.8, 1.2) for n in spread])
        for clinic_id, patients in zip(clinic_ids, shares, strict=True):
            history = {counted_on: patients}
            count = round(patients * rng.uniform(0.96, 1.03))
            history[date(counted_on.year - 1, 2, 1)] = count
            # The years before have draws of their own, seeded by the clinic, so that the
            # landscape's draws (and with them everything else it generates) stay as they were.
            own = random.Random(f"{SEED}/patients/{clinic_id}")  # noqa: S311 (demo data)
            for year in range(counted_on.year - 2, FIRST_COUNT_YEAR - 1, -1):
                count = round(count * own.uniform(0.96, 1.03))
                history[date(year, 2, 1)] = count
            for day, count in sorted(history.items()):
                self.rows.patient_counts.append(
                    {
                        "id": derived_id("patients", clinic_id, day),
                        "clinic_id": clinic_id,
                        "counted_on": day,
                        "patients": count,
                    }
                )

    def _roles(
        self,
        cluster_id: uuid.UUID,
        doctors: list[Doctor],
        profile: frozenset[ClusterRoleKind],
        *,
        demo: bool,
    ) -> None:
        rng = self.rng
        # Roles go to owners and employed doctors first (popped from the end), in training last.
        candidates = [d for d in doctors if not d.is_demo_account]
        rng.shuffle(candidates)
        eligible = sorted(candidates, key=lambda d: d.kind != MemberKind.in_training)
        holders: list[tuple[ClusterRoleKind, Doctor]] = []
        if demo:
            demo_holders = {d.email: d for d in doctors if d.is_demo_account}
            holders += [(role, demo_holders[email]) for email, _, role in DEMO_DOCTORS if role]
        else:
            holders.append((ClusterRoleKind.coordinator, eligible.pop()))
            for role in (ClusterRoleKind.treasurer, ClusterRoleKind.secretary):
                if role in profile:
                    holders.append((role, eligible.pop()))
        if ClusterRoleKind.co_coordinator in profile:
            for _ in range(rng.choices([1, 2], [4, 1])[0]):
                holders.append((ClusterRoleKind.co_coordinator, eligible.pop()))
        if ClusterRoleKind.board_member in profile:
            for _ in range(rng.choices([1, 2, 3, 4], [2, 3, 3, 2])[0]):
                holders.append((ClusterRoleKind.board_member, eligible.pop()))

        coordinator_since = CLUSTERS_STARTED
        if rng.random() < 0.2 and eligible:
            # The cluster changed coordinator: the former one's role has ended.
            coordinator_since = _random_date(rng, date(2020, 1, 1), date(2024, 12, 1))
            self._role_row(
                cluster_id,
                eligible.pop(),
                ClusterRoleKind.coordinator,
                CLUSTERS_STARTED,
                coordinator_since - timedelta(days=1),
            )
        for role, doctor in holders:
            since = coordinator_since
            if role != ClusterRoleKind.coordinator:
                since = _random_date(rng, date(2019, 1, 1), date(2025, 6, 1))
            self._role_row(cluster_id, doctor, role, since, None)

    def _role_row(
        self,
        cluster_id: uuid.UUID,
        doctor: Doctor,
        role: ClusterRoleKind,
        since: date,
        until: date | None,
    ) -> None:
        self.rows.roles.append(
            {
                "id": derived_id("role", cluster_id, doctor.email, role.value, since),
                "cluster_id": cluster_id,
                "user_id": doctor.user_id,
                "role": role,
                "valid_from": since,
                "valid_to": until,
            }
        )

    def _moved_clinics(self, plan: list[PlannedCluster]) -> None:
        """A few clinics came from a neighbouring cluster: their earlier period has ended."""
        rng = self.rng
        periods = {p["clinic_id"]: p for p in self.rows.periods}
        for _ in range(12):
            here = rng.randrange(1, len(plan))
            neighbours = [
                i for i in range(1, len(plan)) if plan[i].region == plan[here].region and i != here
            ]
            there = rng.choice(neighbours)
            period = periods[rng.choice(self.clinic_ids_by_cluster[here])]
            if period["valid_from"] != CLUSTERS_STARTED:
                continue
            moved_on = _random_date(rng, date(2020, 1, 1), date(2024, 12, 31))
            period["valid_from"] = moved_on
            period["id"] = derived_id("period", period["clinic_id"], moved_on)
            self.rows.periods.append(
                {
                    "id": derived_id("period", period["clinic_id"], CLUSTERS_STARTED),
                    "clinic_id": period["clinic_id"],
                    "cluster_id": self.rows.clusters[there]["id"],
                    "valid_from": CLUSTERS_STARTED,
                    "valid_to": moved_on - timedelta(days=1),
                }
            )

    def _sub_clusters(self, plan: list[PlannedCluster], sizes: list[int]) -> None:
        """The demo cluster and a few others work in sub-clusters of about six doctors."""
        rng = self.rng
        candidates = [i for i in range(1, len(plan)) if 18 <= sizes[i] <= 40]
        doctors_at: Counter[uuid.UUID] = Counter(
            m["clinic_id"] for m in self.rows.members if m["valid_to"] is None
        )
        for i in [0, *sorted(rng.sample(candidates, 6))]:
            cluster_id = self.rows.clusters[i]["id"]
            clinic_ids = sorted(
                self.clinic_ids_by_cluster[i], key=lambda c: (-doctors_at[c], str(c))
            )
            groups = min(max(2, round(sizes[i] / 6)), len(SUB_CLUSTER_NAMES), len(clinic_ids))
            members: list[list[uuid.UUID]] = [[] for _ in range(groups)]
            load = [0] * groups
            for clinic_id in clinic_ids:
                smallest = load.index(min(load))
                members[smallest].append(clinic_id)
                load[smallest] += doctors_at[clinic_id]
            for name, clinics in zip(SUB_CLUSTER_NAMES, members, strict=False):
                sub_cluster_id = derived_id("sub-cluster", cluster_id, name)
                self.rows.sub_clusters.append(
                    {"id": sub_cluster_id, "cluster_id": cluster_id, "name": name}
                )
                for clinic_id in clinics:
                    self.rows.sub_cluster_clinics.append(
                        {
                            "id": derived_id("sub-cluster-clinic", sub_cluster_id, clinic_id),
                            "sub_cluster_id": sub_cluster_id,
                            "clinic_id": clinic_id,
                        }
                    )


def generate_landscape(
    regions: dict[str, uuid.UUID],
    demo_users: dict[str, uuid.UUID],
    today: date,
    taken_provider_numbers: set[str] | None = None,
    taken_emails: set[str] | None = None,
) -> LandscapeRows:
    """Every row of the landscape (without touching the database)."""
    return _Generator(
        regions, demo_users, today, taken_provider_numbers or set(), taken_emails or set()
    ).build()


def landscape_present() -> bool:
    """Whether any of the landscape's clusters exists (by region and name)."""
    planned = {(p.region, p.name) for p in cluster_plan()}
    existing = db.session.execute(
        select(Region.code, Cluster.name)
        .join(Region, Region.id == Cluster.region_id)
        .where(Cluster.name.in_([name for _, name in planned]))
    ).all()
    return any(tuple(row) in planned for row in existing)


def seed_landscape(today: date | None = None) -> bool:
    """Insert the landscape unless it is there already. True when it was inserted.

    The demo accounts (DEMO_DOCTORS) must exist: they become doctors of the demo cluster.
    """
    if landscape_present():
        return False
    regions = dict(db.session.execute(select(Region.code, Region.id)).all())
    demo_emails = [email for email, _, _ in DEMO_DOCTORS]
    demo_users = dict(
        db.session.execute(select(User.email, User.id).where(User.email.in_(demo_emails))).all()
    )
    taken_provider_numbers = set(db.session.scalars(select(Clinic.provider_number)))
    taken_emails = set(
        db.session.scalars(select(User.email).where(User.email.like(f"%@{DOCTOR_DOMAIN}")))
    )
    rows = generate_landscape(
        regions, demo_users, today or date.today(), taken_provider_numbers, taken_emails
    )
    for model, model_rows in rows.by_model():
        if model_rows:
            # NULLs rendered rather than the column left out: every row has the same columns,
            # so each table goes to the database in one batch.
            db.session.execute(insert(model).execution_options(render_nulls=True), model_rows)
    return True
