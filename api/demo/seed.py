"""The national demo dataset: organisations, demo accounts, the PLO economy client, the
landscape of 116 clusters (`api.demo.landscape`), their meetings
(`api.demo.meetings`), their file libraries and notice boards (`api.demo.board`),
every year's allocation of their funds since 2022 and the funds carried over from before
(`api.demo.economy`), their expenses with receipts, fees and the demo cluster's budgets
(`api.demo.spending`), KiAP's indicator set with every clinic's values and the clusters'
data decisions (`api.demo.indicators`), and KiAP's survey templates with the demo cluster's
evaluations and the national member survey of 2023 (`api.demo.surveys`).

Idempotent: running it again updates what is there and duplicates nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from api.core.extensions import db
from api.core.security import hash_secret, verify_secret
from api.demo.board import seed_board
from api.demo.economy import seed_carry_overs, seed_economy
from api.demo.indicators import seed_indicators
from api.demo.landscape import seed_landscape
from api.demo.meetings import seed_meetings
from api.demo.package_orders import seed_package_orders
from api.demo.package_proposals import seed_package_proposals
from api.demo.packages import seed_packages
from api.demo.spending import seed_spending
from api.demo.surveys import demo_answer_link, seed_surveys
from api.demo.templates import seed_templates
from api.models import (
    Client,
    Expense,
    FeeProposal,
    File,
    Folder,
    IndicatorValue,
    LedgerEntry,
    Meeting,
    Organisation,
    OrganisationKind,
    Package,
    PackageOrder,
    PackageProposal,
    Post,
    Survey,
    SurveyResponse,
    User,
)
from api.services.accounts.users import set_memberships
from api.services.registry.landscape import compute_landscape

DEMO_PASSWORD = "demo-kaffe-og-kvalitet"
DEMO_CLIENT_SECRET = "demo-plo-secret"

# (code, name, kind, region)
ORGANISATIONS = [
    ("kap-h", "KAP-H", OrganisationKind.regional_unit, "hovedstaden"),
    ("kap-s", "KAP-S", OrganisationKind.regional_unit, "sjaelland"),
    ("sydkip", "SydKIP", OrganisationKind.regional_unit, "syddanmark"),
    ("midtkraft", "MidtKraft", OrganisationKind.regional_unit, "midtjylland"),
    ("nord-kap", "Nord-KAP", OrganisationKind.regional_unit, "nordjylland"),
    ("kiap", "KiAP – Kvalitet i Almen Praksis", OrganisationKind.national_unit, None),
    ("plo", "PLO – Praktiserende Lægers Organisation", OrganisationKind.plo, None),
]

# (email, name, platform admin, organisation codes, description for the demo output)
ACCOUNTS = [
    ("admin@demo.dk", "Anne Admin", True, [], "platform admin"),
    ("koordinator@demo.dk", "Karen Koordinator", False, [], "coordinator of Demoklyngen Viborg"),
    ("medlem@demo.dk", "Mads Medlem", False, [], "member (GP) of Demoklyngen Viborg"),
    ("kasserer@demo.dk", "Kim Kasserer", False, [], "treasurer of Demoklyngen Viborg"),
    ("sekretaer@demo.dk", "Sara Sekretær", False, [], "secretary of Demoklyngen Viborg"),
    ("midtkraft@demo.dk", "Mette Konsulent", False, ["midtkraft"], "consultant at MidtKraft"),
    ("plo@demo.dk", "Peter PLO", False, ["plo"], "PLO staff"),
]

# (client id, name, organisation code, scopes)
CLIENTS = [
    ("plo-economy", "PLO økonomimodul", "plo", ["attendance:read", "economy:read"]),
]


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)
    landscape_created: bool = False
    meetings_created: bool = False
    board_created: bool = False
    economy_created: bool = False
    spending_created: bool = False
    packages_created: bool = False
    indicators_created: bool = False
    carry_overs_created: bool = False
    package_orders_created: bool = False
    templates_created: bool = False
    package_proposals_created: bool = False
    surveys_created: bool = False
    logins: list[tuple[str, str]] = field(default_factory=list)
    clients: list[tuple[str, str, str]] = field(default_factory=list)
    # The demo GP's link to answer Demoklyngen Viborg's open questionnaire.
    survey_link: str | None = None


def _seed_organisations() -> dict[str, Organisation]:
    existing = {o.code: o for o in db.session.scalars(select(Organisation))}
    for code, name, kind, region in ORGANISATIONS:
        organisation = existing.get(code)
        if organisation is None:
            organisation = Organisation(id=uuid.uuid4(), code=code)
            db.session.add(organisation)
            existing[code] = organisation
        organisation.name, organisation.kind, organisation.region_code = name, kind, region
    return existing


def _seed_accounts(organisations: dict[str, Organisation]) -> None:
    emails = [email for email, *_ in ACCOUNTS]
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    for email, name, admin, org_codes, _ in ACCOUNTS:
        user = existing.get(email)
        if user is None:
            user = User(id=uuid.uuid4(), email=email, name=name)
            db.session.add(user)
        user.name, user.is_platform_admin, user.is_active = name, admin, True
        # Hashing is deliberately slow: keep a hash that still matches.
        if not verify_secret(user.password_hash, DEMO_PASSWORD):
            user.password_hash = hash_secret(DEMO_PASSWORD)
        set_memberships(user, [organisations[c] for c in org_codes])


def _seed_clients(organisations: dict[str, Organisation]) -> None:
    existing = {c.client_id: c for c in db.session.scalars(select(Client))}
    for client_id, name, org_code, scopes in CLIENTS:
        client = existing.get(client_id)
        if client is None:
            client = Client(id=uuid.uuid4(), client_id=client_id, secret_hash="")
            db.session.add(client)
        client.name, client.organisation, client.scopes = name, organisations[org_code], scopes
        client.is_active = True
        if not verify_secret(client.secret_hash, DEMO_CLIENT_SECRET):
            client.secret_hash = hash_secret(DEMO_CLIENT_SECRET)


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _update_planner_statistics() -> None:
    """ANALYZE after the bulk load, as one does after any: until the statistics know the
    tables' sizes, PostgreSQL plans the national dataset as if it were empty (autovacuum
    catches up only later), and its first minutes of keyset pages cost a hundred times more."""
    with db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


def seed_demo() -> SeedSummary:
    organisations = _seed_organisations()
    db.session.flush()
    _seed_accounts(organisations)
    _seed_clients(organisations)
    db.session.flush()
    summary = SeedSummary(landscape_created=seed_landscape())
    db.session.flush()
    summary.meetings_created = seed_meetings()
    summary.board_created = seed_board()
    db.session.commit()
    # Booked through the allocation service, which commits each year's run.
    summary.economy_created = seed_economy()
    # Expenses and fees of the held meetings, and the demo cluster's treasurer's work.
    summary.spending_created = seed_spending()
    # Each ledger's opening funds from the years before it, enough for what it spends.
    summary.carry_overs_created = seed_carry_overs()
    # The quality units' catalogue of packages.
    summary.packages_created = seed_packages()
    # KiAP's indicator set with every clinic's values, and the clusters' data decisions.
    summary.indicators_created = seed_indicators()
    # Clusters' orders of those packages, in every state.
    summary.package_orders_created = seed_package_orders()
    # National templates and guides, beside the packages in the catalogue.
    summary.templates_created = seed_templates()
    # Demoklyngen Viborg's held meeting, proposed as a package and awaiting MidtKraft.
    summary.package_proposals_created = seed_package_proposals()
    # KiAP's survey templates (the evaluation offered with "Stop op"), the demo cluster's
    # evaluations and coming questionnaire, and the national member survey of 2023.
    summary.surveys_created = seed_surveys()
    _update_planner_statistics()
    landscape = compute_landscape()
    summary.counts = {
        "organisations": _count(Organisation),
        "users": _count(User),
        "clients": _count(Client),
        "clusters": landscape.clusters,
        "clinics": landscape.clinics,
        "doctors": landscape.doctors,
        "patients": landscape.patients,
        "meetings": _count(Meeting),
        "folders": _count(Folder),
        "files": _count(File),
        "posts": _count(Post),
        "ledger entries": _count(LedgerEntry),
        "expenses": _count(Expense),
        "fee proposals": _count(FeeProposal),
        "packages": _count(Package),
        "indicator values": _count(IndicatorValue),
        "package orders": _count(PackageOrder),
        "package proposals": _count(PackageProposal),
        "surveys": _count(Survey),
        "survey responses": _count(SurveyResponse),
    }
    summary.logins = [(email, description) for email, _, _, _, description in ACCOUNTS]
    summary.clients = [
        (client_id, DEMO_CLIENT_SECRET, " ".join(scopes)) for client_id, _, _, scopes in CLIENTS
    ]
    summary.survey_link = demo_answer_link()
    return summary
