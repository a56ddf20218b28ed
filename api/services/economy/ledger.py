"""A cluster's ledger: its summary for a year (opening balance, income, spending, closing
balance and totals per category, all derived from the entries) and its entries, the
correcting entry that is the only way to mend a booked one, and the carry-over entries that
open ledgers with the funds clusters had before them.

Every figure is a sum in SQL over whole øre, cast back to a Python int: PostgreSQL's SUM of a
BIGINT is a NUMERIC, which must never reach the wire as anything but an integer.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Select, case, cast, func, select

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import Cluster, LedgerCategory, LedgerEntry, LedgerEntryKind
from api.services.economy.budgets import budget_lines


def year_span(year: int) -> tuple[date, date]:
    """The first day of `year` and of the year after: a ledger year is `[start, end)`."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def _sum(expression: Any) -> Any:
    return cast(func.coalesce(func.sum(expression), 0), BigInteger)


def ledger_summary(cluster: Cluster, year: int) -> dict[str, Any]:
    """The year's ledger of `cluster` with its budget beside the actual figures: three
    statements, whatever the number of entries."""
    start, end = year_span(year)
    opening = int(
        db.session.scalar(
            select(_sum(LedgerEntry.amount_ore)).where(
                LedgerEntry.cluster_id == cluster.id, LedgerEntry.booked_on < start
            )
        )
        or 0
    )
    rows = db.session.execute(
        select(
            LedgerEntry.category,
            _sum(case((LedgerEntry.amount_ore > 0, LedgerEntry.amount_ore), else_=0)),
            _sum(case((LedgerEntry.amount_ore < 0, LedgerEntry.amount_ore), else_=0)),
            func.count(),
        )
        .where(
            LedgerEntry.cluster_id == cluster.id,
            LedgerEntry.booked_on >= start,
            LedgerEntry.booked_on < end,
        )
        .group_by(LedgerEntry.category)
    ).all()
    totals = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in rows}
    budget = budget_lines(cluster.id, year)  # one statement more, whatever the entries
    categories = []
    for category in LedgerCategory:
        income, spending, _ = totals.get(category, (0, 0, 0))
        planned = budget.get(category)
        categories.append(
            {
                "category": category,
                "income_ore": income,
                "spending_ore": spending,
                "net_ore": income + spending,
                "budget_ore": planned,
                "budget_difference_ore": None if planned is None else income + spending - planned,
            }
        )
    income = sum(c["income_ore"] for c in categories)
    spending = sum(c["spending_ore"] for c in categories)
    return {
        "cluster_id": cluster.id,
        "year": year,
        "opening_balance_ore": opening,
        "income_ore": income,
        "spending_ore": spending,
        "closing_balance_ore": opening + income + spending,
        "entry_count": sum(count for _, _, count in totals.values()),
        "budget_net_ore": sum(budget.values()) if budget else None,
        "categories": categories,
    }


def entries_query(cluster: Cluster, year: int) -> Select:
    """The year's entries of `cluster`, for a page by `(booked_on, id)`."""
    start, end = year_span(year)
    return select(LedgerEntry).where(
        LedgerEntry.cluster_id == cluster.id,
        LedgerEntry.booked_on >= start,
        LedgerEntry.booked_on < end,
    )


def booked_by(principal: Principal) -> dict[str, uuid.UUID | None]:
    """Who books: the person, or the machine client."""
    return {
        "booked_by_user_id": principal.user.id if principal.user is not None else None,
        "booked_by_client_id": principal.client.id if principal.client is not None else None,
    }


def book_correction(
    cluster: Cluster, principal: Principal, data: dict[str, Any], today: date
) -> LedgerEntry:
    """Book a correcting entry of an entry of this ledger: the corrected entry stays as it
    was, and the correction carries the difference, the reason and a link to it."""
    if data["amount_ore"] == 0:
        raise RuleViolation(
            errors={
                "amount_ore": [coded("A correction of nothing: the amount is 0.", "zero_amount")]
            }
        )
    corrected = db.session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.id == data["corrects"], LedgerEntry.cluster_id == cluster.id
        )
    )
    if corrected is None:
        raise RuleViolation(
            errors={"corrects": [coded("No such entry in this ledger.", "unknown_ledger_entry")]}
        )
    entry = LedgerEntry(
        id=uuid.uuid4(),
        cluster_id=cluster.id,
        kind=LedgerEntryKind.correction,
        category=data.get("category") or corrected.category,
        booked_on=data.get("booked_on") or today,
        amount_ore=data["amount_ore"],
        text=data.get("text") or f"Rettelse: {corrected.text}"[:500],
        reason=data["reason"],
        corrects_id=corrected.id,
        meeting_id=corrected.meeting_id,
        **booked_by(principal),
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def book_carry_overs(
    principal: Principal, amounts: dict[uuid.UUID, int], booked_on: date, text: str
) -> list[LedgerEntry]:
    """Book each cluster's funds from before its ledger (cluster id to øre) as one entry of
    kind `carry_over` on `booked_on`, all in one transaction; a cluster with nothing to carry
    over gets no entry."""
    entries = [
        LedgerEntry(
            id=uuid.uuid4(),
            cluster_id=cluster_id,
            kind=LedgerEntryKind.carry_over,
            category=LedgerCategory.carry_over,
            booked_on=booked_on,
            amount_ore=amount,
            text=text[:500],
            **booked_by(principal),
        )
        for cluster_id, amount in amounts.items()
        if amount
    ]
    db.session.add_all(entries)
    db.session.commit()
    return entries
