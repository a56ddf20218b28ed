"""The demo clusters' spending: expenses with receipts for their held meetings, fees from
attendance, and the work waiting for the demo cluster's treasurer.

Every cluster's held meetings of every year since its ledger began (the first year the demo
allocates funds in, `api.demo.economy`: five years and this one's start, as far back as the
meetings go) have their expenses: catering for those who came (45-95
kr. a head), a rented room for a daytime meeting, the stay of a residential one, and now and
then a guest speaker's invoice. Each has a one-page receipt (a real PDF showing the seller,
the date, what was bought and the amount: a card slip alone is not a receipt), kept through
the files service as an upload would be, and its way as far as the days since the meeting
allow: claimed by a member who came, approved by the treasurer (or the coordinator), booked by
PLO's staff into the ledger (a negative entry of kind `expense`) and paid. Recent meetings'
expenses are still waiting for approval or booking.

These are many (a thousand or so), so they are inserted in bulk in the rows the expense
service would write (`api.services.economy.expenses`: the same lines, events, entry and
file), without the audit log, like the rest of the demo. Every third cluster, and the demo
cluster, has fee rules with a coordinator's fee: its closed meetings' proposals are the fee
service's, and most are confirmed and booked. A receipt is a small page (about 1.5 kB), so
five years of them cost little.

"Demoklyngen Viborg" gets its own expenses through the services themselves, one in every
state (draft, submitted, approved, rejected, returned to draft with a comment, booked and
paid), two of them submitted and waiting for kasserer@demo.dk; the fees of its held meeting
(the coordinator's and the guest speaker's) are proposed and waiting for confirmation, those
of its other meetings of this year and last proposed, confirmed and booked by the fee service
(its older meetings' fees are made in bulk, as every other cluster's, so the statements do not
grow with the years); and it has a budget per category for this year and the next.

Generation is seeded and reproducible for a given day (times hang on the day); it happens
once: if the demo cluster has expenses, nothing is added.
"""

from __future__ import annotations

import random
import tempfile
import uuid
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from api.core.danish_dates import day as danish_day
from api.core.extensions import db
from api.core.security import Principal
from api.demo.economy import allocation_years
from api.demo.landscape import DEMO_CLUSTER, derived_id
from api.demo.meetings import CLOSED_AFTER, DEMO_COMING, DEMO_HELD, demo_meeting_id
from api.demo.pdf import Page, one_page_pdf
from api.models import (
    AttachmentKind,
    Attendance,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Expense,
    ExpenseEvent,
    ExpenseLine,
    ExpenseState,
    FeeBasis,
    FeeProposal,
    FeeRules,
    FeeState,
    File,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
    Meeting,
    MeetingKind,
    MeetingState,
    User,
)
from api.services.economy import expenses as expense_service
from api.services.economy import fees as fee_service
from api.services.economy.budgets import replace_budget
from api.services.economy.fees import fee_by_the_hour
from api.services.files.library import Content, expense_key, keep_contents
from api.services.files.uploads import Received, safe_name

SEED = 20261207
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
PLO_STAFF = "plo@demo.dk"
# The demo cluster's fees of this year's and last year's meetings go through the fee service.
SERVICE_FEE_YEARS = 2
# Catering per person who came, in whole kroner.
CATERING_KRONER = (45, 95)
# The consultant rate, per hour in øre, and the state's rate per kilometre driven (2026).
SPEAKER_RATE = 107_202
KM_RATE_ORE = 381
# The coordinator's fee per held meeting in the clusters with fee rules, in øre.
COORDINATOR_FEES = (100_000, 150_000, 200_000)
# A fee is confirmed after this many days, and booked after this many more.
FEE_CONFIRMED_AFTER = timedelta(days=10)
FEE_BOOKED_AFTER = timedelta(days=20)
# The demo cluster's fee for its coordinator, and the kasserer's budget per category (kroner,
# spending negative); the allocation's line is the latest allocation.
DEMO_COORDINATOR_FEE = 150_000
DEMO_BUDGET_KRONER = {
    LedgerCategory.catering: -14_000,
    LedgerCategory.room: -6_000,
    LedgerCategory.speaker: -12_000,
    LedgerCategory.residential_meeting: -45_000,
    LedgerCategory.coaching: -10_000,
    LedgerCategory.coordinator_pay: -6_000,
    LedgerCategory.other: -3_000,
}

CATERERS = [
    "Smørrebrødshuset",
    "Bageriet Kornblomsten",
    "Café Kaffekoppen",
    "Slagter Madsen – mad ud af huset",
    "Restaurant Skovlyst",
    "Kokkens Køkken",
]
ROOMS = ["Kulturhuset", "Medborgerhuset", "Sognegården", "Konferencecentret"]
HOTELS = ["Hotel Fjordgården", "Kursuscenter Skovbakken", "Hotel Strandly", "Hvidsten Kro"]
SPEAKERS = [
    "Overlæge Mette Lund",
    "Speciallæge Ole Bech",
    "Praksiskonsulent Hanne Krog",
    "Farmaceut Lars Dahl",
]
STREETS = ["Torvet 4", "Hovedgaden 12", "Stationsvej 7", "Kirkegade 21", "Havnevej 3"]


# --- receipts ----------------------------------------------------------------------------


def kroner(ore: int) -> str:
    """Whole øre as "1.234,50 kr."."""
    whole, cents = divmod(ore, 100)
    return f"{whole:,}".replace(",", ".") + f",{cents:02d} kr."


def cvr(seller: str) -> str:
    """A seller's (made-up) CVR number: eight digits, the same every time."""
    return f"{10_000_000 + zlib.crc32(seller.encode()) % 90_000_000}"


@dataclass(frozen=True)
class Receipt:
    """What a receipt shows: who sold, where, when, what and for how much."""

    seller: str
    address: str
    on: date
    number: str
    customer: str
    lines: list[tuple[str, int]]
    invoice: bool = False
    paid_by: str = "Betalt med kort"
    with_vat: bool = True
    # A card slip: the terminal's amount and card, but neither seller nor what was bought.
    card_slip: bool = False

    @property
    def total_ore(self) -> int:
        return sum(amount for _, amount in self.lines)

    def page(self) -> Page:
        if self.card_slip:
            return Page(
                "Kortkvittering",
                [
                    self.address,
                    f"Dato: {danish_day(self.on)}",
                    self.number,
                    f"Beløb: DKK {kroner(self.total_ore).removesuffix(' kr.')}",
                    self.paid_by,
                ],
            )
        kind = "Faktura" if self.invoice else "Kvittering"
        paragraphs = [
            self.address,
            f"CVR-nr. {cvr(self.seller)}",
            "",
            f"Dato: {danish_day(self.on)}",
            f"{kind}snr.: {self.number}",
            f"Kunde: {self.customer}",
            "",
            "# Specifikation",
            *(f"- {text}: {kroner(amount)}" for text, amount in self.lines),
            "",
            f"# I alt: {kroner(self.total_ore)}",
        ]
        if self.with_vat:
            # 25 % VAT on top is a fifth of the price with it.
            paragraphs.append(f"Heraf moms (25 %): {kroner((self.total_ore + 2) // 5)}")
        paragraphs += ["", self.paid_by]
        return Page(kind, paragraphs, subtitle=self.seller)

    def content(self) -> Content:
        name = safe_name(f"{'Faktura' if self.invoice else 'Kvittering'} {self.seller}.pdf")
        return Content.of(one_page_pdf(self.page()), name)


def _town(address: str | None) -> str:
    """The postcode and town of a clinic's address ("Street 1, 8800 Viborg")."""
    if address and "," in address:
        return address.rsplit(",", 1)[1].strip()
    return ""


# --- the facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldMeeting:
    id: uuid.UUID
    cluster_id: uuid.UUID
    cluster_name: str
    title: str
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    place_address: str | None
    attendees: tuple[uuid.UUID, ...]


@dataclass
class Keepers:
    """A cluster's coordinator and treasurer (if it has one): who keep its money, so who
    approve its expenses and confirm its fees (a co-coordinator does neither)."""

    coordinator: uuid.UUID | None = None
    treasurer: uuid.UUID | None = None

    @property
    def approver(self) -> uuid.UUID | None:
        return self.treasurer or self.coordinator


def _keepers() -> dict[uuid.UUID, Keepers]:
    keepers: dict[uuid.UUID, Keepers] = defaultdict(Keepers)
    for cluster_id, role, user_id in db.session.execute(
        select(ClusterRole.cluster_id, ClusterRole.role, ClusterRole.user_id)
        .where(ClusterRole.valid_to.is_(None))
        .order_by(ClusterRole.valid_from, ClusterRole.id)
    ):
        holder = keepers[cluster_id]
        if role is ClusterRoleKind.coordinator and holder.coordinator is None:
            holder.coordinator = user_id
        elif role is ClusterRoleKind.treasurer and holder.treasurer is None:
            holder.treasurer = user_id
    return keepers


def first_spending_year(today: date) -> int:
    """The first year with expenses: the first whose allocation the demo books, when the
    ledgers begin (earlier meetings, if any, are before them)."""
    years = allocation_years(today)
    return years[0] if years else today.year


def _held_meetings(now: datetime, day_start: datetime) -> list[HeldMeeting]:
    """The closed meetings of the spending years, held before today, oldest first, with who
    came (by e-mail, so the order is the same on every database)."""
    first_year = first_spending_year(now.astimezone(DANISH_TIME).date())
    since = datetime(first_year, 1, 1, tzinfo=DANISH_TIME)
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.cluster_id,
            Cluster.name,
            Meeting.title,
            Meeting.kind,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.place_address,
        )
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .where(
            Meeting.state == MeetingState.planned,
            Meeting.closed_at.is_not(None),
            Meeting.starts_at >= since,
            Meeting.ends_at < day_start,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    came: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for meeting_id, user_id in db.session.execute(
        select(Attendance.meeting_id, Attendance.user_id)
        .join(User, User.id == Attendance.user_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Attendance.attended.is_(True),
            Attendance.deleted_at.is_(None),
            Meeting.starts_at >= since,
        )
        .order_by(User.email)
    ):
        came[meeting_id].append(user_id)
    return [HeldMeeting(*row, attendees=tuple(came[row[0]])) for row in rows]


# --- the national expenses, in bulk --------------------------------------------------------


@dataclass
class SpendingRows:
    expenses: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    contents: dict[str, Content] = field(default_factory=dict)
    fee_rules: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)

    def by_model(self) -> list[tuple[type, list[dict[str, Any]]]]:
        # The entries before the expenses and fees that refer to them.
        return [
            (LedgerEntry, self.entries),
            (Expense, self.expenses),
            (ExpenseLine, self.lines),
            (ExpenseEvent, self.events),
            (File, self.files),
            (FeeRules, self.fee_rules),
            (FeeProposal, self.proposals),
        ]


@dataclass(frozen=True)
class Claim:
    """One expense to make: its category, title, description and receipt."""

    key: str
    category: LedgerCategory
    title: str
    description: str
    receipt: Receipt


def _local(on: date, at: time) -> datetime:
    return datetime.combine(on, at, tzinfo=DANISH_TIME).astimezone(UTC)


def bank_account(user_id: uuid.UUID) -> tuple[str, str]:
    """A member's (made-up) Danish bank details: the same every time."""
    digits = f"{zlib.crc32(user_id.bytes):010d}"
    return f"{1551 + zlib.crc32(user_id.bytes[::-1]) % 8000:04d}", digits[-10:]


class _Generator:
    def __init__(
        self,
        meetings: list[HeldMeeting],
        keepers: dict[uuid.UUID, Keepers],
        plo: uuid.UUID,
        day_start: datetime,
    ) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
        self.meetings = meetings
        self.keepers = keepers
        self.plo = plo
        self.day_start = day_start
        self.rows = SpendingRows()

    def build(self) -> SpendingRows:
        for meeting in self.meetings:
            for claim in self._claims(meeting):
                self._expense(meeting, claim)
        return self.rows

    def _receipt(
        self, meeting: HeldMeeting, seller: str, on: date, lines: list[tuple[str, int]], **kw: Any
    ) -> Receipt:
        town = _town(meeting.place_address)
        street = self.rng.choice(STREETS)
        return Receipt(
            seller=seller,
            address=f"{street}, {town}" if town else street,
            on=on,
            number=f"{on.year}-{self.rng.randrange(1000, 99999):05d}",
            customer=meeting.cluster_name,
            lines=lines,
            **kw,
        )

    def _claims(self, meeting: HeldMeeting) -> list[Claim]:
        rng = self.rng
        held_on = meeting.starts_at.astimezone(DANISH_TIME).date()
        heads = len(meeting.attendees)
        claims: list[Claim] = []
        if meeting.kind is MeetingKind.residential and heads:
            per_night = rng.randrange(1250, 1851, 50) * 100
            rooms = rng.randrange(40, 81, 5) * 10_000
            hotel = rng.choice(HOTELS)
            lines = [
                (
                    f"Ophold med helpension, {heads} personer à {kroner(per_night)}",
                    heads * per_night,
                ),
                ("Mødelokale og AV-udstyr, 2 dage", rooms),
            ]
            claims.append(
                Claim(
                    "residential",
                    LedgerCategory.residential_meeting,
                    f"Internat: {meeting.title}"[:200],
                    f"Klyngens internat {danish_day(held_on)} for {heads} deltagere.",
                    self._receipt(meeting, hotel, held_on + timedelta(days=1), lines, invoice=True),
                )
            )
        elif meeting.kind is not MeetingKind.virtual and heads:
            price = rng.randrange(CATERING_KRONER[0], CATERING_KRONER[1] + 1) * 100
            caterer = rng.choice(CATERERS)
            food = "Sandwich og frugt" if meeting.kind is MeetingKind.daytime else "Aftensmad"
            lines = [(f"{food}, {heads} personer à {kroner(price)}", heads * price)]
            claims.append(
                Claim(
                    "catering",
                    LedgerCategory.catering,
                    f"Forplejning: {meeting.title}"[:200],
                    f"Forplejning til klyngemødet {danish_day(held_on)} for {heads} deltagere.",
                    self._receipt(meeting, caterer, held_on, lines),
                )
            )
        if meeting.kind is MeetingKind.daytime and heads:
            rent = rng.randrange(12, 33) * 10_000
            hall = rng.choice(ROOMS)
            lines = [("Leje af mødelokale, kl. 9-15", rent), ("Projektor og lærred", 25_000)]
            claims.append(
                Claim(
                    "room",
                    LedgerCategory.room,
                    f"Lokaleleje: {meeting.title}"[:200],
                    f"Mødelokale til klyngemødet {danish_day(held_on)}.",
                    self._receipt(meeting, hall, held_on, lines, invoice=True),
                )
            )
        if meeting.kind is not MeetingKind.residential and heads and rng.random() < 0.2:
            speaker = rng.choice(SPEAKERS)
            minutes = rng.choice((45, 60, 90))
            km = rng.randrange(20, 161)
            lines = [
                (
                    f"Oplæg: {meeting.title}, {minutes} minutter",
                    fee_by_the_hour(SPEAKER_RATE, minutes),
                ),
                (f"Kørsel, {km} km à {kroner(KM_RATE_ORE)}", km * KM_RATE_ORE),
            ]
            claims.append(
                Claim(
                    "speaker",
                    LedgerCategory.speaker,
                    f"Oplægsholder: {meeting.title}"[:200],
                    f"Faktura fra {speaker} for oplægget på klyngemødet {danish_day(held_on)}.",
                    self._receipt(
                        meeting,
                        speaker,
                        held_on + timedelta(days=1),
                        lines,
                        invoice=True,
                        paid_by="Betales til kontonummeret på fakturaen.",
                        with_vat=False,
                    ),
                )
            )
        return claims

    def _claimant(self, meeting: HeldMeeting) -> tuple[uuid.UUID, uuid.UUID] | None:
        """(claimant, approver): a member who came, never the one who approves."""
        keepers = self.keepers[meeting.cluster_id]
        approver = keepers.approver
        candidates = [u for u in meeting.attendees if u not in (approver, keepers.coordinator)]
        if approver is None or not candidates:
            return None
        return self.rng.choice(candidates), approver

    def _moment(self, on: date, low: int, high: int) -> datetime:
        minutes = self.rng.randrange(low * 60, high * 60)
        return _local(on, time(0)) + timedelta(minutes=minutes)

    def _expense(self, meeting: HeldMeeting, claim: Claim) -> None:
        rng = self.rng
        people = self._claimant(meeting)
        if people is None:
            return
        claimant, approver = people
        ended = meeting.ends_at.astimezone(DANISH_TIME).date()
        created = self._moment(ended + timedelta(days=rng.randrange(0, 4)), 18, 22)
        if created <= meeting.ends_at:  # the same evening: after the meeting, at home
            created = meeting.ends_at + timedelta(minutes=rng.randrange(30, 150))
        steps = [("create", None, ExpenseState.draft, created, claimant)]
        submitted = created + timedelta(minutes=rng.randrange(5, 40))
        steps.append(("submit", ExpenseState.draft, ExpenseState.submitted, submitted, claimant))
        approved = self._moment(submitted.date() + timedelta(days=rng.randrange(1, 7)), 8, 21)
        steps.append(("approve", ExpenseState.submitted, ExpenseState.approved, approved, approver))
        booked = self._moment(approved.date() + timedelta(days=rng.randrange(3, 13)), 9, 15)
        steps.append(("book", ExpenseState.approved, ExpenseState.booked, booked, self.plo))
        paid = self._moment(booked.date() + timedelta(days=rng.randrange(1, 5)), 9, 15)
        steps.append(("pay", ExpenseState.booked, ExpenseState.paid, paid, self.plo))
        # As far as the days since the meeting allow: nothing today or later.
        steps = [step for step in steps if step[3] < self.day_start]
        if not steps:
            return
        expense_id = derived_id("expense", meeting.id, claim.key)
        state = steps[-1][2]
        reg_no, account_no = bank_account(claimant)
        entry_id = None
        if state in (ExpenseState.booked, ExpenseState.paid):
            entry_id = derived_id("ledger-entry", expense_id)
            self.rows.entries.append(
                {
                    "id": entry_id,
                    "cluster_id": meeting.cluster_id,
                    "kind": LedgerEntryKind.expense,
                    "category": claim.category,
                    "booked_on": booked.astimezone(DANISH_TIME).date(),
                    "amount_ore": -claim.receipt.total_ore,
                    "text": f"Udlæg: {claim.title}"[:500],
                    "source_kind": expense_service.SOURCE_KIND,
                    "source_id": expense_id,
                    "meeting_id": meeting.id,
                    "allocation_run_id": None,
                    "corrects_id": None,
                    "reason": None,
                    "booked_by_user_id": self.plo,
                    "booked_by_client_id": None,
                    "created_at": booked,
                    "updated_at": booked,
                }
            )
        self.rows.expenses.append(
            {
                "id": expense_id,
                "cluster_id": meeting.cluster_id,
                "claimant_id": claimant,
                "category": claim.category,
                "title": claim.title,
                "description": claim.description,
                "meeting_id": meeting.id,
                "state": state,
                "bank_reg_no": reg_no,
                "bank_account_no": account_no,
                "rejection_reason": None,
                "submitted_at": submitted if len(steps) > 1 else None,
                "ledger_entry_id": entry_id,
                "paid_on": paid.astimezone(DANISH_TIME).date()
                if state is ExpenseState.paid
                else None,
                "created_at": created,
                "updated_at": steps[-1][3],
                "version": len(steps),
            }
        )
        for position, (text, amount) in enumerate(claim.receipt.lines):
            self.rows.lines.append(
                {
                    "id": derived_id("expense-line", expense_id, position),
                    "expense_id": expense_id,
                    "position": position,
                    "text": text[:300],
                    "amount_ore": amount,
                }
            )
        for action, from_state, to_state, at, actor in steps:
            self.rows.events.append(
                {
                    "id": derived_id("expense-event", expense_id, action),
                    "expense_id": expense_id,
                    "action": action,
                    "from_state": from_state,
                    "to_state": to_state,
                    "actor_user_id": actor,
                    "actor_client_id": None,
                    "comment": None,
                    "at": at,
                }
            )
        content = claim.receipt.content()
        self.rows.contents[content.sha256] = content
        name = safe_name(f"Kvittering {claim.receipt.seller}.pdf")
        self.rows.files.append(
            {
                "id": derived_id("file", expense_key(expense_id), name),
                "cluster_id": meeting.cluster_id,
                "attached_to": AttachmentKind.expense,
                "attachment_key": expense_key(expense_id),
                "folder_id": None,
                "meeting_id": None,
                "post_id": None,
                "expense_id": expense_id,
                "name": name,
                "media_type": content.media_type,
                "size": content.size,
                "sha256": content.sha256,
                "uploaded_by_id": claimant,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )


def generate_spending(
    meetings: list[HeldMeeting], keepers: dict[uuid.UUID, Keepers], plo: uuid.UUID, now: datetime
) -> SpendingRows:
    """Every expense row of the held meetings (without touching the database)."""
    return _Generator(meetings, keepers, plo, _day_start(now)).build()


def _day_start(now: datetime) -> datetime:
    return _local(now.astimezone(DANISH_TIME).date(), time(0))


# --- fees ----------------------------------------------------------------------------------


def generate_fees(
    rows: SpendingRows,
    meetings: list[HeldMeeting],
    keepers: dict[uuid.UUID, Keepers],
    plo: uuid.UUID,
    day_start: datetime,
    demo_cluster: uuid.UUID,
    by_service: set[uuid.UUID],
) -> None:
    """Fee rules for every third cluster and the demo cluster, with a coordinator's fee; the
    proposal each closed meeting gives (the fee service's rule: the rules' fee to the
    coordinator when they came), confirmed by the treasurer (or a coordinator) ten days
    after closing and booked by PLO's staff twenty days later, as far as today allows. The
    proposals of the meetings `by_service` (the demo cluster's recent ones) are the fee
    service's own (`seed_spending`)."""
    rng = random.Random(SEED + 1)  # noqa: S311 (demo data: reproducible, not secret)
    names = sorted({m.cluster_id: m.cluster_name for m in meetings}.items(), key=lambda c: c[1])
    fees: dict[uuid.UUID, int] = {}
    for index, (cluster_id, _) in enumerate(names):
        if cluster_id == demo_cluster:
            fees[cluster_id] = DEMO_COORDINATOR_FEE
        elif index % 3 == 0:
            fees[cluster_id] = rng.choice(COORDINATOR_FEES)
    stamp = day_start - timedelta(days=400)
    for cluster_id, fee in fees.items():
        rows.fee_rules.append(
            {
                "id": derived_id("fee-rules", cluster_id),
                "cluster_id": cluster_id,
                "coordinator_fee_ore": fee,
                "speaker_rate_ore_per_hour": SPEAKER_RATE,
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }
        )
    for meeting in meetings:
        keeper = keepers[meeting.cluster_id]
        if (
            meeting.cluster_id not in fees
            or meeting.id in by_service
            or keeper.coordinator not in meeting.attendees
        ):
            continue
        fee = fees[meeting.cluster_id]
        proposal_id = derived_id("fee-proposal", meeting.id, FeeBasis.coordinator)
        proposed = meeting.ends_at + CLOSED_AFTER
        confirmed = proposed + FEE_CONFIRMED_AFTER + timedelta(hours=rng.randrange(0, 48))
        booked = confirmed + FEE_BOOKED_AFTER + timedelta(hours=rng.randrange(0, 48))
        state, entry_id = FeeState.proposed, None
        if confirmed < day_start:
            state = FeeState.confirmed
        if booked < day_start:
            state, entry_id = FeeState.booked, derived_id("ledger-entry", proposal_id)
            rows.entries.append(
                {
                    "id": entry_id,
                    "cluster_id": meeting.cluster_id,
                    "kind": LedgerEntryKind.fee,
                    "category": fee_service.CATEGORY_OF_BASIS[FeeBasis.coordinator],
                    "booked_on": booked.astimezone(DANISH_TIME).date(),
                    "amount_ore": -fee,
                    "text": f"Koordinatorhonorar: {meeting.title}"[:500],
                    "source_kind": fee_service.SOURCE_KIND,
                    "source_id": proposal_id,
                    "meeting_id": meeting.id,
                    "allocation_run_id": None,
                    "corrects_id": None,
                    "reason": None,
                    "booked_by_user_id": plo,
                    "booked_by_client_id": None,
                    "created_at": booked,
                    "updated_at": booked,
                }
            )
        done = state is not FeeState.proposed
        rows.proposals.append(
            {
                "id": proposal_id,
                "cluster_id": meeting.cluster_id,
                "meeting_id": meeting.id,
                "basis": FeeBasis.coordinator,
                "recipient_user_id": keeper.coordinator,
                "speaker_name": None,
                "minutes": None,
                "rate_ore": fee,
                "amount_ore": fee,
                "state": state,
                "confirmed_by_user_id": keeper.approver if done else None,
                "confirmed_at": confirmed if done else None,
                "ledger_entry_id": entry_id,
                "created_at": proposed,
                "updated_at": {
                    FeeState.proposed: proposed,
                    FeeState.confirmed: confirmed,
                    FeeState.booked: booked,
                }[state],
                "version": {FeeState.proposed: 1, FeeState.confirmed: 2, FeeState.booked: 3}[state],
            }
        )


# --- the demo cluster, through the services -------------------------------------------------


def _principal(user: User) -> Principal:
    return Principal(session=None, user=user)


def _receipt_upload(expense: Expense, by: User, receipt: Receipt) -> None:
    """Keep `receipt` with the draft as its claimant's upload would be kept."""
    content = receipt.content()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kvittering.pdf"
        path.write_bytes(content.data)
        name = safe_name(f"Kvittering {receipt.seller}.pdf")
        received = Received(path, content.sha256, content.size, content.media_type, name)
        expense_service.add_receipt(expense, _principal(by), received)


def _redate(expense: Expense, moments: list[datetime]) -> None:
    """The expense's steps happened at `moments` (one per event, in order), not just now."""
    events = db.session.scalars(
        select(ExpenseEvent)
        .where(ExpenseEvent.expense_id == expense.id)
        .order_by(ExpenseEvent.at, ExpenseEvent.id)
    ).all()
    for event, moment in zip(events, moments, strict=True):
        event.at = moment
    values: dict[str, Any] = {"created_at": moments[0], "updated_at": moments[-1]}
    submitted = [e.at for e in events if e.action == "submit"]
    if submitted:
        values["submitted_at"] = submitted[-1]
    db.session.execute(update(Expense).where(Expense.id == expense.id).values(**values))
    db.session.execute(
        update(File)
        .where(File.expense_id == expense.id)
        .values(created_at=moments[0], updated_at=moments[0])
    )
    if expense.ledger_entry_id is not None:
        booked = [e.at for e in events if e.action == "book"][-1]
        db.session.execute(
            update(LedgerEntry)
            .where(LedgerEntry.id == expense.ledger_entry_id)
            .values(created_at=booked, updated_at=booked)
        )
    db.session.commit()


def _demo_fees(
    meeting_ids: set[uuid.UUID], users: dict[str, User], day_start: datetime, waiting: uuid.UUID
) -> None:
    """The fees the fee service proposed for the demo cluster's meetings `meeting_ids`: the
    treasurer confirms them ten days after the meeting closed and PLO's staff books them
    twenty days later (as far as today allows), but for the held meeting's (`waiting`),
    which wait for the treasurer."""
    proposals = db.session.scalars(
        select(FeeProposal)
        .join(Meeting, Meeting.id == FeeProposal.meeting_id)
        .where(FeeProposal.meeting_id.in_(meeting_ids), FeeProposal.meeting_id != waiting)
        .order_by(Meeting.starts_at, FeeProposal.id)
    ).all()
    for proposal in proposals:
        meeting = db.session.get(Meeting, proposal.meeting_id)
        proposed = meeting.ends_at + CLOSED_AFTER
        confirmed = proposed + FEE_CONFIRMED_AFTER
        booked = confirmed + FEE_BOOKED_AFTER
        if confirmed >= day_start:
            continue
        fee_service.confirm_fee(proposal, _principal(users[KASSERER]))
        values: dict[str, Any] = {"created_at": proposed, "confirmed_at": confirmed}
        if booked < day_start:
            booked_on = booked.astimezone(DANISH_TIME).date()
            fee_service.book_fee(proposal, _principal(users[PLO_STAFF]), booked_on)
            db.session.execute(
                update(LedgerEntry)
                .where(LedgerEntry.id == proposal.ledger_entry_id)
                .values(created_at=booked, updated_at=booked)
            )
        db.session.execute(
            update(FeeProposal).where(FeeProposal.id == proposal.id).values(**values)
        )
        db.session.commit()


@dataclass(frozen=True)
class DemoClaim:
    """One of the demo cluster's expenses: who claims it, what, and how far it gets."""

    claimant: str
    category: LedgerCategory
    title: str
    seller: str
    lines: list[tuple[str, int]]
    # The steps after the claim: (action, by, comment).
    steps: list[tuple[str, str, str | None]]
    meeting: tuple[str, str] | None = DEMO_HELD
    card_slip: bool = False
    days_ago: int = 30


KASSERER = "kasserer@demo.dk"
KOORDINATOR = "koordinator@demo.dk"
MEDLEM = "medlem@demo.dk"
SEKRETAER = "sekretaer@demo.dk"

SUBMIT = ("submit", "", None)
APPROVE = ("approve", KASSERER, None)
BOOK = ("book", PLO_STAFF, None)
PAY = ("pay", PLO_STAFF, None)

DEMO_CLAIMS = [
    DemoClaim(
        KOORDINATOR,
        LedgerCategory.catering,
        "Aftensmad til mødet om antibiotika",
        "Smørrebrødshuset",
        [("Smørrebrød, 3 stk. pr. person, 16 personer à 85,00 kr.", 136_000)],
        [SUBMIT, APPROVE, BOOK, PAY],
        days_ago=44,
    ),
    DemoClaim(
        SEKRETAER,
        LedgerCategory.other,
        "Trykte datarapporter til mødet",
        "Viborg Kopicenter",
        [("Farveprint, 16 rapporter à 12 sider", 38_400), ("Ringbind", 11_200)],
        [SUBMIT, APPROVE, BOOK],
        days_ago=40,
    ),
    DemoClaim(
        MEDLEM,
        LedgerCategory.other,
        "Urinstiks til PDSA-forsøget",
        "Apoteket Viborg Løve",
        [("Urinstiks, 3 æsker à 50 stk.", 44_700)],
        [SUBMIT, APPROVE],
        days_ago=12,
    ),
    DemoClaim(
        MEDLEM,
        LedgerCategory.catering,
        "Vin til mødet",
        "Vinhandlen i Viborg",
        [("Rødvin, 6 flasker à 129,00 kr.", 77_400)],
        [SUBMIT, ("reject", KASSERER, "Klyngemidlerne dækker ikke alkohol.")],
        days_ago=38,
    ),
    DemoClaim(
        SEKRETAER,
        LedgerCategory.other,
        "Parkering ved mødet",
        "Parkering Viborg Centrum",
        [("Parkering kl. 16.15-19.45", 6_000)],
        [
            SUBMIT,
            (
                "return",
                KASSERER,
                "Bilaget er en kortkvittering: upload kvitteringen fra parkeringsappen, der "
                "viser sted, tid og beløb.",
            ),
        ],
        card_slip=True,
        days_ago=9,
    ),
    DemoClaim(
        KOORDINATOR,
        LedgerCategory.catering,
        "Kaffe, frugt og kage til mødet",
        "Bageriet Kornblomsten",
        [("Kaffe og te, 16 personer à 15,00 kr.", 24_000), ("Frugt og kage", 41_500)],
        [SUBMIT],
        days_ago=4,
    ),
    DemoClaim(
        MEDLEM,
        LedgerCategory.room,
        "Lokaleleje til PDSA-værksted",
        "Kulturhuset Viborg",
        [("Leje af mødelokale, kl. 16-19", 180_000)],
        [SUBMIT],
        meeting=None,
        days_ago=3,
    ),
    DemoClaim(
        KOORDINATOR,
        LedgerCategory.other,
        "Materialer til Stop op-mødet",
        "Bog & Idé Viborg",
        [("Post-it-blokke og tusser", 18_900)],
        [],
        meeting=DEMO_COMING,
        days_ago=1,
    ),
]


def _demo_expenses(cluster: Cluster, users: dict[str, User], day_start: datetime) -> None:
    held = db.session.get(Meeting, demo_meeting_id(cluster.id, DEMO_HELD))
    held_on = held.starts_at.astimezone(DANISH_TIME).date()
    for index, claim in enumerate(DEMO_CLAIMS):
        claimant = users[claim.claimant]
        start = day_start - timedelta(days=claim.days_ago) + timedelta(hours=19, minutes=index)
        meeting_id = demo_meeting_id(cluster.id, claim.meeting) if claim.meeting else None
        reg_no, account_no = bank_account(claimant.id)
        expense = expense_service.create_expense(
            cluster,
            _principal(claimant),
            {
                "category": claim.category,
                "title": claim.title,
                "description": "",
                "meeting_id": meeting_id,
                "bank_account": {"reg_no": reg_no, "account_no": account_no},
                "lines": [{"text": text, "amount_ore": amount} for text, amount in claim.lines],
            },
        )
        on = (start - timedelta(days=1)).astimezone(DANISH_TIME).date()
        if claim.meeting == DEMO_HELD:
            on = held_on
        if claim.card_slip:
            receipt = Receipt(
                claim.seller,
                "Terminal 4417",
                on,
                "KØB 004711",
                "",
                claim.lines,
                paid_by="Visa/Dankort **** 1234 – godkendt",
                card_slip=True,
            )
        else:
            receipt = Receipt(
                claim.seller,
                f"Sct. Mathias Gade {10 + index}, 8800 Viborg",
                on,
                f"{on.year}-{4711 + index:05d}",
                cluster.name,
                claim.lines,
            )
        _receipt_upload(expense, claimant, receipt)
        moments = [start]
        at = start
        for action, by, comment in claim.steps:
            at += timedelta(minutes=20) if action == "submit" else timedelta(days=2, hours=-5)
            moments.append(at)
            actor = _principal(users[by] if by else claimant)
            if action == "submit":
                expense_service.submit(expense, actor)
            elif action == "approve":
                expense_service.approve(expense, actor, comment)
            elif action == "reject":
                expense_service.reject(expense, actor, comment or "")
            elif action == "return":
                expense_service.return_to_claimant(expense, actor, comment or "")
            elif action == "book":
                expense_service.book(expense, actor, at.astimezone(DANISH_TIME).date())
            elif action == "pay":
                expense_service.pay(expense, actor, at.astimezone(DANISH_TIME).date())
        _redate(expense, moments)


def _demo_budgets(cluster: Cluster, year: int) -> None:
    """This year's budget and the next's (set in January, before the general assembly)."""
    allocation = db.session.scalar(
        select(LedgerEntry.amount_ore)
        .where(LedgerEntry.cluster_id == cluster.id, LedgerEntry.kind == LedgerEntryKind.allocation)
        .order_by(LedgerEntry.booked_on.desc())
        .limit(1)
    )
    for budget_year in (year, year + 1):
        lines = [{"category": LedgerCategory.allocation, "amount_ore": int(allocation or 0)}]
        lines += [
            {"category": category, "amount_ore": kroner_ * 100}
            for category, kroner_ in DEMO_BUDGET_KRONER.items()
        ]
        replace_budget(cluster, budget_year, [line for line in lines if line["amount_ore"]])


# --- seeding -------------------------------------------------------------------------------


def spending_present(cluster_id: uuid.UUID) -> bool:
    return bool(
        db.session.scalar(
            select(func.count()).select_from(Expense).where(Expense.cluster_id == cluster_id)
        )
    )


def seed_spending(now: datetime | None = None) -> bool:
    """Insert the expenses, fees and the demo cluster's budgets, unless the demo cluster has
    expenses. True when inserted. The allocations must be booked (`api.demo.economy`)."""
    demo = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    plo = db.session.scalar(select(User).where(User.email == PLO_STAFF))
    if demo is None or plo is None or spending_present(demo.id):
        return False
    now = now or datetime.now(UTC)
    day_start = _day_start(now)
    keepers = _keepers()
    meetings = _held_meetings(now, day_start)
    demo_held = demo_meeting_id(demo.id, DEMO_HELD)
    rows = generate_spending([m for m in meetings if m.id != demo_held], keepers, plo.id, now)
    recent = _local(date(now.astimezone(DANISH_TIME).year - SERVICE_FEE_YEARS + 1, 1, 1), time(0))
    by_service = {m.id for m in meetings if m.cluster_id == demo.id and m.starts_at >= recent}
    generate_fees(rows, meetings, keepers, plo.id, day_start, demo.id, by_service)
    keep_contents(rows.contents.values())
    for model, model_rows in rows.by_model():
        if model_rows:
            db.session.execute(insert(model).execution_options(render_nulls=True), model_rows)
    db.session.commit()
    # The demo cluster's closed meetings of this year and last: their fees proposed by the
    # fee service; the older ones' confirmed and booked, the held meeting's waiting for the
    # treasurer.
    for meeting in db.session.scalars(
        select(Meeting).where(Meeting.id.in_(by_service)).order_by(Meeting.starts_at)
    ):
        fee_service.propose_fees(meeting)
    db.session.commit()
    emails = [KASSERER, KOORDINATOR, MEDLEM, SEKRETAER, PLO_STAFF]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    _demo_fees(by_service, users, day_start, waiting=demo_held)
    _demo_expenses(demo, users, day_start)
    _demo_budgets(demo, now.astimezone(DANISH_TIME).year)
    return True
