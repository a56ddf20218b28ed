"""A cluster's budget of a year: one line per category in whole øre, with the ledger's signs
(income positive, spending negative), set in January before the general assembly and
replaced as a whole. Budget against actual is derived: the ledger's summary reads both."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BigInteger, cast, select

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.models import BudgetLine, Cluster, LedgerCategory


def budget_lines(cluster_id: uuid.UUID, year: int) -> dict[LedgerCategory, int]:
    """The year's budget per category: one statement."""
    rows = db.session.execute(
        select(BudgetLine.category, cast(BudgetLine.amount_ore, BigInteger)).where(
            BudgetLine.cluster_id == cluster_id, BudgetLine.year == year
        )
    ).all()
    return {category: int(amount) for category, amount in rows}


def budget(cluster: Cluster, year: int) -> dict[str, Any]:
    lines = budget_lines(cluster.id, year)
    return _shown(cluster, year, lines)


def _shown(cluster: Cluster, year: int, lines: dict[LedgerCategory, int]) -> dict[str, Any]:
    ordered = [
        {"category": category, "amount_ore": lines[category]}
        for category in LedgerCategory
        if category in lines
    ]
    income = sum(line["amount_ore"] for line in ordered if line["amount_ore"] > 0)
    spending = sum(line["amount_ore"] for line in ordered if line["amount_ore"] < 0)
    return {
        "cluster_id": cluster.id,
        "year": year,
        "lines": ordered,
        "income_ore": income,
        "spending_ore": spending,
        "net_ore": income + spending,
    }


def budget_etag(shown: dict[str, Any]) -> dict[str, Any]:
    """The budget's content is its version: lines are replaced as a whole."""
    return {
        "year": shown["year"],
        "lines": [[str(line["category"]), line["amount_ore"]] for line in shown["lines"]],
    }


def replace_budget(cluster: Cluster, year: int, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """The year's lines, replaced as a whole in one transaction. A category named twice is a
    422 `named_twice`."""
    seen: set[LedgerCategory] = set()
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if line["category"] in seen:
            errors[f"lines.{index}.category"] = [coded("Named twice.", "named_twice")]
        seen.add(line["category"])
    if errors:
        raise RuleViolation(errors=errors)
    # Line by line through the session, so the audit log keeps each change.
    existing = {
        row.category: row
        for row in db.session.scalars(
            select(BudgetLine).where(BudgetLine.cluster_id == cluster.id, BudgetLine.year == year)
        )
    }
    for line in lines:
        row = existing.pop(line["category"], None)
        if row is None:
            db.session.add(
                BudgetLine(
                    id=uuid.uuid4(),
                    cluster_id=cluster.id,
                    year=year,
                    category=line["category"],
                    amount_ore=line["amount_ore"],
                )
            )
        elif row.amount_ore != line["amount_ore"]:
            row.amount_ore = line["amount_ore"]
    for row in existing.values():
        db.session.delete(row)
    db.session.commit()
    return _shown(cluster, year, {line["category"]: line["amount_ore"] for line in lines})
