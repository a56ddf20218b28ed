"""The economy: each cluster's ledger in whole øre, the yearly rates per patient, and the
allocation runs that book each year's allocation.

Invariants live in the database: money is a whole number of øre (BigInteger, never a float);
a rate is set once per year and is not negative; an entry is booked once and never changed
(a mistake is corrected by a correcting entry, which names the entry it corrects and why).

What can be derived is not stored: a ledger's balance, its opening and closing balance and its
totals per category are sums over the entries (`api.services.economy.ledger`). The opening
balance of a year is the sum of every entry before it, so a carry-over entry is an entry like
any other and nothing is counted twice.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    cast,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from api.models.accounts import Client, User
from api.models.base import (
    Audited,
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    utcnow,
)


def _enum(kind: type[enum.Enum], length: int = 30) -> Enum:
    return Enum(kind, native_enum=False, length=length, validate_strings=True)


class LedgerEntryKind(enum.StrEnum):
    allocation = "allocation"
    expense = "expense"
    fee = "fee"
    correction = "correction"
    carry_over = "carry_over"


class LedgerCategory(enum.StrEnum):
    """What money comes from or goes to (PLO's seeds), and the ledger's own kinds of line."""

    allocation = "allocation"
    speaker = "speaker"
    catering = "catering"
    room = "room"
    residential_meeting = "residential_meeting"
    coaching = "coaching"
    coordinator_pay = "coordinator_pay"
    fee = "fee"
    carry_over = "carry_over"
    other = "other"


class AllocationRate(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """The allocation per patient in a year (KiAP's rate under the agreement), in øre."""

    __tablename__ = "allocation_rates"

    year: Mapped[int] = mapped_column(unique=True)
    ore_per_patient: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint("ore_per_patient >= 0", name="not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )


class AllocationRun(IdMixin, TimestampMixin, Audited, Base):
    """One run of a year's allocation (for every cluster, or one), by whom and when; each
    entry it books links to it. A dry run is not stored."""

    __tablename__ = "allocation_runs"

    year: Mapped[int] = mapped_column(index=True)
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL")
    )
    ore_per_patient: Mapped[int] = mapped_column(BigInteger)
    run_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    run_by_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL")
    )


class LedgerEntry(IdMixin, TimestampMixin, Audited, Base):
    """One booked line of a cluster's ledger: income positive, spending negative, in øre.

    Its source is general (`source_kind` + `source_id`: an expense, say), with direct links to
    a meeting and to the allocation run that booked it. Who booked it is a person or a client.
    """

    __tablename__ = "ledger_entries"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    kind: Mapped[LedgerEntryKind] = mapped_column(_enum(LedgerEntryKind))
    category: Mapped[LedgerCategory] = mapped_column(_enum(LedgerCategory))
    booked_on: Mapped[date]
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(500), default="")
    source_kind: Mapped[str | None] = mapped_column(String(30))
    source_id: Mapped[uuid.UUID | None]
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    allocation_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("allocation_runs.id"), index=True
    )
    # Entries are never deleted: what they point to stays (checked at the statement's end).
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entries.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    booked_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    booked_by_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL")
    )

    __table_args__ = (
        Index("ix_ledger_entries_cluster_booked", "cluster_id", "booked_on", "id"),
        CheckConstraint(
            "kind <> 'correction' OR (corrects_id IS NOT NULL AND reason IS NOT NULL)",
            name="correction_names_entry_and_reason",
        ),
        CheckConstraint("(source_kind IS NULL) = (source_id IS NULL)", name="source"),
    )


# --- fees from attendance, and budgets -------------------------------------------------------

# The consultant rate PLO recommends for a fee (2024): 1.072,02 kr. per hour.
DEFAULT_SPEAKER_RATE_ORE_PER_HOUR = 107_202


class FeeBasis(enum.StrEnum):
    """Why a fee is paid: the coordinator's fee per held meeting, or a speaker's hours."""

    coordinator = "coordinator"
    speaker = "speaker"


class FeeState(enum.StrEnum):
    proposed = "proposed"
    confirmed = "confirmed"
    booked = "booked"


class FeeRules(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A cluster's fee rules, in øre: data the treasurer, the coordinator or PLO edits. A
    cluster without a row has the defaults (no coordinator's fee, the consultant rate)."""

    __tablename__ = "fee_rules"

    cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), unique=True
    )
    coordinator_fee_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    speaker_rate_ore_per_hour: Mapped[int] = mapped_column(
        BigInteger, default=DEFAULT_SPEAKER_RATE_ORE_PER_HOUR
    )

    __table_args__ = (
        CheckConstraint("coordinator_fee_ore >= 0", name="coordinator_fee_not_negative"),
        CheckConstraint("speaker_rate_ore_per_hour >= 0", name="speaker_rate_not_negative"),
    )


class FeeProposal(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A fee the platform proposes from a closed meeting: to a person (the coordinator) or a
    guest speaker named in the agenda. Proposed, confirmed by the treasurer or coordinator,
    booked by PLO into the ledger (`ledger_entry_id`); a booked proposal never changes.

    `minutes` is the time paid for (a speaker's), `rate_ore` the rate per hour, or the flat
    fee when `minutes` is null (the coordinator's); `amount_ore` follows from them."""

    __tablename__ = "fee_proposals"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    basis: Mapped[FeeBasis] = mapped_column(_enum(FeeBasis))
    recipient_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    speaker_name: Mapped[str | None] = mapped_column(String(200))
    minutes: Mapped[int | None]
    rate_ore: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[FeeState] = mapped_column(_enum(FeeState), default=FeeState.proposed)
    confirmed_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime | None]
    ledger_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entries.id"))

    __table_args__ = (
        Index("ix_fee_proposals_cluster", "cluster_id", "created_at", "id"),
        Index("ix_fee_proposals_meeting", "meeting_id"),
        CheckConstraint("amount_ore >= 0", name="amount_not_negative"),
        CheckConstraint("rate_ore >= 0", name="rate_not_negative"),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
        CheckConstraint(
            "(state = 'booked') = (ledger_entry_id IS NOT NULL)", name="booked_has_entry"
        ),
    )


class BudgetLine(IdMixin, TimestampMixin, Audited, Base):
    """One category's budget of a cluster's year, in øre with the ledger's signs: income
    positive, spending negative. The year's lines are replaced as a whole."""

    __tablename__ = "budget_lines"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    year: Mapped[int]
    category: Mapped[LedgerCategory] = mapped_column(_enum(LedgerCategory))
    amount_ore: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("cluster_id", "year", "category"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )


class ExpenseState(enum.StrEnum):
    """An expense's way: draft → submitted → approved → booked → paid, or rejected (final).
    A returned expense goes back to draft (the return is an event, not a state)."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    booked = "booked"
    paid = "paid"
    rejected = "rejected"


# The categories an expense may have: the ledger's categories of spending.
EXPENSE_CATEGORIES = (
    LedgerCategory.speaker,
    LedgerCategory.catering,
    LedgerCategory.room,
    LedgerCategory.residential_meeting,
    LedgerCategory.coaching,
    LedgerCategory.coordinator_pay,
    LedgerCategory.other,
)


# What an expense's history records: its claim, then each transition.
EXPENSE_ACTIONS = ("create", "submit", "approve", "reject", "return", "book", "pay")


class Expense(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """An expense a cluster's member claims: line items in øre, receipts (files attached to
    it), the bank account it is paid to, and where it is on its way. Its total is the sum of
    its lines, never stored; its history is its events."""

    __tablename__ = "expenses"
    __audit_redacted__ = ("bank_reg_no", "bank_account_no")

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    claimant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[LedgerCategory] = mapped_column(_enum(LedgerCategory))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    state: Mapped[ExpenseState] = mapped_column(_enum(ExpenseState), default=ExpenseState.draft)
    # Danish bank details: a registration number of 4 digits and an account of up to 10.
    bank_reg_no: Mapped[str | None] = mapped_column(String(4))
    bank_account_no: Mapped[str | None] = mapped_column(String(10))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column()
    ledger_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entries.id"))
    paid_on: Mapped[date | None]

    claimant: Mapped[User | None] = relationship(lazy="joined")
    lines: Mapped[list[ExpenseLine]] = relationship(
        order_by="ExpenseLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        Index("ix_expenses_cluster_created", "cluster_id", "created_at", "id"),
        Index("ix_expenses_state", "state", "updated_at", "id"),
        CheckConstraint(
            "state <> 'rejected' OR rejection_reason IS NOT NULL", name="rejected_has_reason"
        ),
        CheckConstraint(
            "state NOT IN ('booked', 'paid') OR ledger_entry_id IS NOT NULL", name="booked_entry"
        ),
        CheckConstraint("state <> 'paid' OR paid_on IS NOT NULL", name="paid_on"),
    )


class ExpenseLine(IdMixin, Base):
    """One line of an expense: what, and how much in øre (more than 0)."""

    __tablename__ = "expense_lines"

    expense_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expenses.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(300))
    amount_ore: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (CheckConstraint("amount_ore > 0", name="positive"),)


class ExpenseEvent(IdMixin, Base):
    """One transition of an expense, by whom (a person or a client), when, and why."""

    __tablename__ = "expense_events"

    expense_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("expenses.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[ExpenseState | None] = mapped_column(_enum(ExpenseState))
    to_state: Mapped[ExpenseState] = mapped_column(_enum(ExpenseState))
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    actor_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL")
    )
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded with the history, in the statement that reads it (never one query per event).
    actor_user: Mapped[User | None] = relationship(lazy="raise")
    actor_client: Mapped[Client | None] = relationship(lazy="raise")

    __table_args__ = (Index("ix_expense_events_expense", "expense_id", "at", "id"),)

    @property
    def actor_name(self) -> str | None:
        """Who took the step: the person's name, or the client's; null once it is gone."""
        actor = self.actor_user or self.actor_client
        return actor.name if actor is not None else None


# The total is derived from the lines, in the statement that loads the expense.
Expense.total_ore = column_property(
    select(cast(func.coalesce(func.sum(ExpenseLine.amount_ore), 0), BigInteger))
    .where(ExpenseLine.expense_id == Expense.id)
    .correlate_except(ExpenseLine)
    .scalar_subquery()
)
