"""Expenses: a member claims what they spent for the cluster, with line items in øre, the
receipts and their bank details; the treasurer or a coordinator approves it (never their
own), and PLO books it in the cluster's ledger and pays it.

The way of an expense, one operation per step:

    draft ─submit→ submitted ─approve→ approved ─book→ booked ─pay→ paid
                   submitted ─reject→ rejected (final, with a reason)
                   submitted ─return→ draft (with a comment on what is missing)

Each step is checked against the expense's state (409 with the rule's code otherwise) and
recorded as an `ExpenseEvent`: from which state to which, by whom and with what comment. An
expense is changed, deleted and given receipts only as a draft, by its claimant. Booking
makes its one ledger entry: the total, negative, of kind `expense` in the expense's category,
pointing back to the expense (`source_kind` "expense") and its meeting.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from api.core.batch import BatchReport
from api.core.error_codes import coded
from api.core.errors import Conflict, Forbidden, RuleViolation
from api.core.extensions import db
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    AttachmentKind,
    Cluster,
    Expense,
    ExpenseEvent,
    ExpenseLine,
    ExpenseState,
    File,
    LedgerEntry,
    LedgerEntryKind,
    Meeting,
)
from api.models.base import utcnow
from api.services.economy.ledger import booked_by
from api.services.files import library as files
from api.services.files.uploads import RECEIPT_TYPES, Received

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
SOURCE_KIND = "expense"

# The state each step starts from, the state it leads to, and the code of its refusal.
TRANSITIONS: dict[str, tuple[ExpenseState, ExpenseState, str]] = {
    "submit": (ExpenseState.draft, ExpenseState.submitted, "expense_not_draft"),
    "approve": (ExpenseState.submitted, ExpenseState.approved, "expense_not_submitted"),
    "reject": (ExpenseState.submitted, ExpenseState.rejected, "expense_not_submitted"),
    "return": (ExpenseState.submitted, ExpenseState.draft, "expense_not_submitted"),
    "book": (ExpenseState.approved, ExpenseState.booked, "expense_not_approved"),
    "pay": (ExpenseState.booked, ExpenseState.paid, "expense_not_booked"),
}

# What the caller may do with one expense, by name, as its `my_permissions` shows it.
EXPENSE_ACTIONS = {
    "change": "expenses.claim",
    "approve": "expenses.approve",
    "read_private": "expenses.read_private",
    "book": "economy.write",
}


def version_etag(expense: Expense) -> dict[str, Any]:
    """What an expense's ETag covers: its own version (its lines change with it)."""
    return {"id": str(expense.id), "version": expense.version}


# --- reading ---------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The Danish year as UTC instants: `[start, end)`."""
    start = datetime(year, 1, 1, tzinfo=DANISH_TIME).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=DANISH_TIME).astimezone(UTC)
    return start, end


def _filtered(stmt: Select, filters: dict[str, Any]) -> Select:
    if filters.get("state") is not None:
        stmt = stmt.where(Expense.state == filters["state"])
    if filters.get("year") is not None:
        start, end = _year_bounds(filters["year"])
        stmt = stmt.where(Expense.created_at >= start, Expense.created_at < end)
    if filters.get("cluster_id") is not None:
        stmt = stmt.where(Expense.cluster_id == filters["cluster_id"])
    return stmt


def expenses_query(cluster: Cluster, filters: dict[str, Any]) -> Select:
    """A cluster's expenses, for a page by `(created_at, id)`."""
    return _filtered(select(Expense).where(Expense.cluster_id == cluster.id), filters)


def queue_query(filters: dict[str, Any]) -> Select:
    """Every cluster's expenses (PLO's queue), for a page by `(updated_at, id)`."""
    return _filtered(select(Expense), filters)


def receipts_query(expense: Expense) -> Select:
    return files.files_query(files.expense_key(expense.id))


def receipt_count(expense: Expense) -> int:
    return int(
        db.session.scalar(
            select(func.count()).select_from(File).where(File.expense_id == expense.id)
        )
        or 0
    )


def history(expense: Expense) -> list[ExpenseEvent]:
    return list(
        db.session.scalars(
            select(ExpenseEvent)
            .options(joinedload(ExpenseEvent.actor_user), joinedload(ExpenseEvent.actor_client))
            .where(ExpenseEvent.expense_id == expense.id)
            .order_by(ExpenseEvent.at, ExpenseEvent.id)
        )
    )


def detail(principal: Principal, expense: Expense, standing: Any) -> Shown:
    """The expense with its lines, history and receipts' count; its bank details only for
    those who may see them."""
    allowed = permissions_on(principal, EXPENSE_ACTIONS, standing)
    allowed["approve"] = allowed["approve"] and not standing.own  # never one's own
    bank_account = None
    if allowed["read_private"] and expense.bank_reg_no is not None:
        bank_account = {"reg_no": expense.bank_reg_no, "account_no": expense.bank_account_no}
    return Shown(
        expense,
        bank_account=bank_account,
        receipt_count=receipt_count(expense),
        history=history(expense),
        my_permissions=allowed,
    )


# --- writing a draft ---------------------------------------------------------------------------


def _actor(principal: Principal) -> dict[str, uuid.UUID | None]:
    return {
        "actor_user_id": principal.user.id if principal.user is not None else None,
        "actor_client_id": principal.client.id if principal.client is not None else None,
    }


def _record(
    expense: Expense,
    principal: Principal,
    action: str,
    from_state: ExpenseState | None,
    comment: str | None = None,
) -> None:
    db.session.add(
        ExpenseEvent(
            id=uuid.uuid4(),
            expense_id=expense.id,
            action=action,
            from_state=from_state,
            to_state=expense.state,
            comment=comment,
            at=utcnow(),
            **_actor(principal),
        )
    )


def _check_meeting(cluster_id: uuid.UUID, meeting_id: uuid.UUID | None) -> None:
    if meeting_id is None:
        return
    found = db.session.scalar(
        select(Meeting.id).where(Meeting.id == meeting_id, Meeting.cluster_id == cluster_id)
    )
    if found is None:
        raise RuleViolation(
            errors={
                "meeting_id": [
                    coded("No such meeting of this cluster.", "unknown_meeting_of_cluster")
                ]
            }
        )


def _write(expense: Expense, data: dict[str, Any]) -> None:
    """Put what the claimant wrote into the expense: every field, the lines replaced."""
    _check_meeting(expense.cluster_id, data.get("meeting_id"))
    expense.category = data["category"]
    expense.title = data["title"]
    expense.description = data.get("description") or ""
    expense.meeting_id = data.get("meeting_id")
    account = data.get("bank_account")
    expense.bank_reg_no = account["reg_no"] if account else None
    expense.bank_account_no = account["account_no"] if account else None
    expense.lines = [
        ExpenseLine(id=uuid.uuid4(), position=i, text=line["text"], amount_ore=line["amount_ore"])
        for i, line in enumerate(data.get("lines") or [])
    ]


def create_expense(cluster: Cluster, principal: Principal, data: dict[str, Any]) -> Expense:
    """A draft claimed by the caller."""
    assert principal.user is not None
    expense = Expense(
        id=uuid.uuid4(),
        cluster_id=cluster.id,
        claimant_id=principal.user.id,
        state=ExpenseState.draft,
    )
    _write(expense, data)
    db.session.add(expense)
    db.session.flush()
    _record(expense, principal, "create", None)
    db.session.commit()
    return expense


def _require_draft(expense: Expense) -> None:
    if expense.state is not ExpenseState.draft:
        raise Conflict(
            f"The expense is {expense.state.value}: only a draft changes.",
            code="expense_not_draft",
        )


def update_expense(expense: Expense, data: dict[str, Any]) -> Expense:
    _require_draft(expense)
    _write(expense, data)
    expense.updated_at = utcnow()  # the lines alone would not move it
    db.session.commit()
    return expense


def delete_expense(expense: Expense) -> None:
    """Delete a draft, with its receipts (and their content, if nothing else has it)."""
    _require_draft(expense)
    sha256s = list(db.session.scalars(select(File.sha256).where(File.expense_id == expense.id)))
    db.session.execute(File.__table__.delete().where(File.expense_id == expense.id))
    db.session.delete(expense)
    db.session.commit()
    files.collect_quietly(sha256s)


# --- receipts ----------------------------------------------------------------------------------


def add_receipt(expense: Expense, principal: Principal, received: Received) -> File:
    """Keep an uploaded receipt with a draft: a PDF or a photo, else 422."""
    _require_draft(expense)
    if received.media_type not in RECEIPT_TYPES:
        raise RuleViolation(
            errors={
                "file": [
                    coded(
                        "A receipt is a PDF or a photo (JPEG, HEIC, PNG or WebP).",
                        "receipt_type_not_allowed",
                    )
                ]
            }
        )
    target = files.Target(expense.cluster_id, AttachmentKind.expense, expense_id=expense.id)
    expense.updated_at = utcnow()  # its receipts are a part of it: a new version
    return files.store(received, target, principal.user.id if principal.user else None)


def delete_receipt(expense: Expense, receipt: File) -> None:
    _require_draft(expense)
    expense.updated_at = utcnow()  # its receipts are a part of it: a new version
    files.delete_file(receipt)


# --- the steps -----------------------------------------------------------------------------


def _require_state(expense: Expense, action: str) -> ExpenseState:
    start, _, code = TRANSITIONS[action]
    if expense.state is not start:
        raise Conflict(
            f"The expense is {expense.state.value}; it is {action}d only when {start.value}.",
            code=code,
        )
    return start


def _not_own(expense: Expense, principal: Principal) -> None:
    if principal.user is not None and expense.claimant_id == principal.user.id:
        raise Forbidden(
            "No one approves, rejects or returns their own expense.", code="own_expense"
        )


def _move(
    expense: Expense, principal: Principal, action: str, comment: str | None = None
) -> ExpenseState:
    start = _require_state(expense, action)
    expense.state = TRANSITIONS[action][1]
    _record(expense, principal, action, start, comment)
    return start


def submit(expense: Expense, principal: Principal) -> Expense:
    """Submit a draft for approval: it needs a line, bank details and a receipt."""
    _require_state(expense, "submit")
    if not expense.lines:
        raise Conflict("Add at least one line before submitting.", code="expense_lines_required")
    if expense.bank_reg_no is None:
        raise Conflict(
            "Add the bank details it is paid to before submitting.",
            code="bank_account_required",
        )
    if receipt_count(expense) == 0:
        raise Conflict("Add at least one receipt before submitting.", code="receipts_required")
    _move(expense, principal, "submit")
    expense.submitted_at = utcnow()
    expense.rejection_reason = None
    db.session.commit()
    return expense


def approve(expense: Expense, principal: Principal, comment: str | None) -> Expense:
    _require_state(expense, "approve")
    _not_own(expense, principal)
    _move(expense, principal, "approve", comment)
    db.session.commit()
    return expense


def reject(expense: Expense, principal: Principal, reason: str) -> Expense:
    _require_state(expense, "reject")
    _not_own(expense, principal)
    expense.rejection_reason = reason
    _move(expense, principal, "reject", reason)
    db.session.commit()
    return expense


def return_to_claimant(expense: Expense, principal: Principal, comment: str) -> Expense:
    _require_state(expense, "return")
    _not_own(expense, principal)
    _move(expense, principal, "return", comment)
    db.session.commit()
    return expense


def _book(expense: Expense, principal: Principal, booked_on: date) -> LedgerEntry:
    """The expense's one ledger entry: its total, as spending."""
    total = sum(line.amount_ore for line in expense.lines)
    entry = LedgerEntry(
        id=uuid.uuid4(),
        cluster_id=expense.cluster_id,
        kind=LedgerEntryKind.expense,
        category=expense.category,
        booked_on=booked_on,
        amount_ore=-total,
        text=f"Udlæg: {expense.title}"[:500],
        source_kind=SOURCE_KIND,
        source_id=expense.id,
        meeting_id=expense.meeting_id,
        **booked_by(principal),
    )
    db.session.add(entry)
    db.session.flush()  # the entry before the expense that refers to it
    expense.ledger_entry_id = entry.id
    _move(expense, principal, "book")
    return entry


def book(expense: Expense, principal: Principal, booked_on: date) -> Expense:
    _require_state(expense, "book")
    _book(expense, principal, booked_on)
    db.session.commit()
    return expense


def _pay(expense: Expense, principal: Principal, paid_on: date) -> None:
    expense.paid_on = paid_on
    _move(expense, principal, "pay")


def pay(expense: Expense, principal: Principal, paid_on: date) -> Expense:
    _require_state(expense, "pay")
    _pay(expense, principal, paid_on)
    db.session.commit()
    return expense


# --- PLO's batches -----------------------------------------------------------------------------


def _batch(
    principal: Principal,
    expense_ids: Iterable[uuid.UUID],
    action: str,
    step: Callable[[Expense], None],
    change: str,
) -> BatchReport:
    """Take `action` on every expense named, all or nothing: any expense missing or not in
    the state the step starts from makes the batch write nothing, and the report says which
    and why."""
    ids = list(expense_ids)
    found = {
        expense.id: expense
        for expense in db.session.scalars(
            select(Expense).where(Expense.id.in_(set(ids))).with_for_update(of=Expense)
        )
    }
    start = TRANSITIONS[action][0]
    report = BatchReport(dry_run=False)
    seen: set[uuid.UUID] = set()
    for expense_id in ids:
        item = report.add(str(expense_id))
        expense = found.get(expense_id)
        if expense_id in seen:
            item.fail(coded("Named twice in the batch.", "duplicate_in_batch"))
        elif expense is None:
            item.fail(coded("No such expense.", "unknown_expense"))
        elif expense.state is not start:
            item.fail(
                coded(
                    f"The expense is {expense.state.value}, not {start.value}.",
                    "expense_not_in_state",
                    expected=start.value,
                )
            )
        seen.add(expense_id)
    if report.failed:
        db.session.rollback()
        return report
    for item, expense_id in zip(report.items, ids, strict=True):
        step(found[expense_id])
        item.change(change)
    db.session.commit()
    return report


def book_batch(
    principal: Principal, expense_ids: Iterable[uuid.UUID], booked_on: date
) -> BatchReport:
    """Book approved expenses of any clusters, each with its ledger entry."""

    def step(expense: Expense) -> None:
        _book(expense, principal, booked_on)

    return _batch(principal, expense_ids, "book", step, "booked")


def pay_batch(principal: Principal, expense_ids: Iterable[uuid.UUID], paid_on: date) -> BatchReport:
    """Record booked expenses of any clusters as paid."""

    def step(expense: Expense) -> None:
        _pay(expense, principal, paid_on)

    return _batch(principal, expense_ids, "pay", step, "paid")
