"""PLO's economy entries feed: what PLO's economy module books and pays from, in
`(updated_at, id)` order for a changes walk, like the attendance feed.

Its rows are of two types (`type`), in one flat shape whose other type's fields are null:
- `ledger_entry`: every booked entry of every cluster's ledger. Entries are immutable, so each
  comes once and is never a tombstone.
- `expense`: an expense with its current state, once it concerns PLO: from its submission on.
  It comes again on every change of state (the expense's `updated_at` moves with every UPDATE
  of its row). Submitted, approved, booked and paid expenses are rows; an expense that leaves
  PLO's concern becomes a tombstone: one returned to its claimant (a draft again, until it is
  submitted anew) and one rejected (final). A draft never submitted is not in the feed.
  An expense deleted as a draft (only drafts are deleted) is a tombstone too, read from the
  audit log's record of the deletion, so that one returned and deleted between two polls
  still reaches a client that held it.

The three sources are one `UNION ALL`, paged by `(updated_at, key)` like any changes walk;
`key` is the row's own id, or the audit record's id for a deleted expense's tombstone (whose
`id` is the expense's).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, false, func, literal, null, select, type_coerce, union_all
from sqlalchemy.sql.elements import ColumnElement

from api.models import (
    Expense,
    ExpenseEvent,
    ExpenseState,
    LedgerEntry,
    User,
)
from api.models.core import AuditLogEntry
from api.services.meetings.feed import _check_cluster, year_bounds

LEDGER_ENTRY, EXPENSE, DELETED = "ledger_entry", "expense", "deleted"

# The expense states that are rows; every other state of an expense once submitted is a
# tombstone.
LIVE_STATES = (
    ExpenseState.submitted,
    ExpenseState.approved,
    ExpenseState.booked,
    ExpenseState.paid,
)

# The union's columns after `updated_at` and `key`, in order; each source names those it has.
_COLUMNS = (
    "row_type",
    "deleted_id",
    "cluster_id",
    "category",
    "meeting_id",
    "kind",
    "booked_on",
    "amount_ore",
    "text",
    "source_kind",
    "source_id",
    "allocation_run_id",
    "corrects_id",
    "state",
    "title",
    "total_ore",
    "claimant_id",
    "claimant_name",
    "bank_reg_no",
    "bank_account_no",
    "submitted_at",
    "approved_at",
    "ledger_entry_id",
    "paid_on",
)

# The type of each column in the union (the first source's columns set it, so a column the
# first source leaves out is typed here).
_TYPES: dict[str, Any] = {
    "row_type": LedgerEntry.source_kind.type,
    "deleted_id": AuditLogEntry.entity_id.type,
    "cluster_id": LedgerEntry.cluster_id.type,
    "category": LedgerEntry.category.type,
    "meeting_id": LedgerEntry.meeting_id.type,
    "kind": LedgerEntry.kind.type,
    "booked_on": LedgerEntry.booked_on.type,
    "amount_ore": LedgerEntry.amount_ore.type,
    "text": LedgerEntry.text.type,
    "source_kind": LedgerEntry.source_kind.type,
    "source_id": LedgerEntry.source_id.type,
    "allocation_run_id": LedgerEntry.allocation_run_id.type,
    "corrects_id": LedgerEntry.corrects_id.type,
    "state": Expense.state.type,
    "title": Expense.title.type,
    "total_ore": LedgerEntry.amount_ore.type,
    "claimant_id": Expense.claimant_id.type,
    "claimant_name": User.name.type,
    "bank_reg_no": Expense.bank_reg_no.type,
    "bank_account_no": Expense.bank_account_no.type,
    "submitted_at": Expense.submitted_at.type,
    "approved_at": ExpenseEvent.at.type,
    "ledger_entry_id": Expense.ledger_entry_id.type,
    "paid_on": Expense.paid_on.type,
}


def _source(updated_at: Any, key: Any, **columns: Any) -> list[ColumnElement]:
    """One source's columns in the union's order, null where it has none."""
    selected = [updated_at.label("updated_at"), key.label("key")]
    for name in _COLUMNS:
        value = columns.get(name)
        if value is None:
            value = null()
        selected.append(type_coerce(value, _TYPES[name]).label(name))
    return selected


def _ledger_entries(filters: dict[str, Any]) -> Select:
    stmt = select(
        *_source(
            LedgerEntry.updated_at,
            LedgerEntry.id,
            row_type=literal(LEDGER_ENTRY),
            cluster_id=LedgerEntry.cluster_id,
            category=LedgerEntry.category,
            meeting_id=LedgerEntry.meeting_id,
            kind=LedgerEntry.kind,
            booked_on=LedgerEntry.booked_on,
            amount_ore=LedgerEntry.amount_ore,
            text=LedgerEntry.text,
            source_kind=LedgerEntry.source_kind,
            source_id=LedgerEntry.source_id,
            allocation_run_id=LedgerEntry.allocation_run_id,
            corrects_id=LedgerEntry.corrects_id,
        )
    )
    if filters.get("cluster_id") is not None:
        stmt = stmt.where(LedgerEntry.cluster_id == filters["cluster_id"])
    if filters.get("year") is not None:
        year = filters["year"]
        stmt = stmt.where(
            LedgerEntry.booked_on >= date(year, 1, 1), LedgerEntry.booked_on < date(year + 1, 1, 1)
        )
    if filters.get("kind") is not None:
        stmt = stmt.where(LedgerEntry.kind == filters["kind"])
    return stmt


def _expenses(filters: dict[str, Any]) -> Select:
    approved_at = (
        select(func.max(ExpenseEvent.at))
        .where(
            ExpenseEvent.expense_id == Expense.id,
            ExpenseEvent.to_state == ExpenseState.approved,
        )
        .correlate(Expense)
        .scalar_subquery()
    )
    booked = LedgerEntry.__table__.alias("booked_entry")
    stmt = (
        select(
            *_source(
                Expense.updated_at,
                Expense.id,
                row_type=literal(EXPENSE),
                deleted_id=null(),
                cluster_id=Expense.cluster_id,
                category=Expense.category,
                meeting_id=Expense.meeting_id,
                booked_on=booked.c.booked_on,
                state=Expense.state,
                title=Expense.title,
                total_ore=Expense.total_ore.expression,
                claimant_id=Expense.claimant_id,
                claimant_name=User.name,
                bank_reg_no=Expense.bank_reg_no,
                bank_account_no=Expense.bank_account_no,
                submitted_at=Expense.submitted_at,
                approved_at=approved_at,
                ledger_entry_id=Expense.ledger_entry_id,
                paid_on=Expense.paid_on,
            )
        )
        .select_from(Expense)
        .outerjoin(User, User.id == Expense.claimant_id)
        .outerjoin(booked, booked.c.id == Expense.ledger_entry_id)
        # From its submission on: a draft is there only as one returned after submitting.
        .where(Expense.submitted_at.is_not(None))
    )
    if filters.get("cluster_id") is not None:
        stmt = stmt.where(Expense.cluster_id == filters["cluster_id"])
    if filters.get("year") is not None:
        start, end = year_bounds(filters["year"])
        stmt = stmt.where(Expense.submitted_at >= start, Expense.submitted_at < end)
    return stmt


def _deleted_expenses() -> Select:
    return select(
        *_source(
            AuditLogEntry.occurred_at,
            AuditLogEntry.id,
            row_type=literal(DELETED),
            deleted_id=AuditLogEntry.entity_id,
        )
    ).where(
        AuditLogEntry.entity_type == Expense.__tablename__,
        AuditLogEntry.action == "delete",
    )


def feed_query(filters: dict[str, Any]) -> Select:
    """Every row of the feed (tombstones included) as plain columns, in one statement,
    filtered by `cluster_id`, `year` (a ledger entry's booking date; an expense's submission,
    in Danish time), `type` and `kind` (ledger entries of that kind only).

    A deleted expense's tombstone is in every walk that may hold expenses, whatever its
    `cluster_id` and `year`: the audit log keeps the deletion, not what it belonged to, and
    a tombstone of a row a client never had needs nothing."""
    if filters.get("cluster_id") is not None:
        _check_cluster(filters["cluster_id"])
    row_type = filters.get("type")
    sources: list[Select] = []
    if row_type in (None, LEDGER_ENTRY):
        sources.append(_ledger_entries(filters))
    if row_type in (None, EXPENSE) and filters.get("kind") is None:
        sources.append(_expenses(filters))
        sources.append(_deleted_expenses())
    if not sources:  # expenses of a ledger entry's kind: there are none
        sources.append(_ledger_entries(filters).where(false()))
    feed = union_all(*sources).subquery("feed") if len(sources) > 1 else sources[0].subquery("feed")
    return select(*feed.c)


def feed_order(stmt: Select) -> tuple[Any, Any]:
    """The keyset order of `feed_query`'s statement: `(updated_at, key)`."""
    columns = stmt.selected_columns
    return (columns.updated_at, columns.key)


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def view(row: Any) -> dict[str, Any]:
    """A row as PLO reads it, already in its JSON form (`EconomyFeedEntrySchema` documents
    it); a tombstone for an expense no longer PLO's concern, or deleted."""
    m = row._mapping
    row_type = m["row_type"]
    updated_at = m["updated_at"].isoformat()
    if row_type == DELETED:
        return {"id": m["deleted_id"], "deleted": True, "updated_at": updated_at}
    row_id = str(m["key"])
    if row_type == EXPENSE and _value(m["state"]) not in LIVE_STATES:
        return {"id": row_id, "deleted": True, "updated_at": updated_at}
    item = {"id": row_id, "type": row_type, "updated_at": updated_at, "deleted": False}
    for name in _COLUMNS[2:]:
        value = m[name]
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        else:
            value = _value(value)
        item[name] = value
    return item
