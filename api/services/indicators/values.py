"""A unit's upload of an indicator set's values: one value per clinic (by provider number),
indicator (by code) and period (by label); and the unit's list of the values it stored.

All-or-nothing, as every batch: each item is checked first, and with any item in error nothing
is written. Set-wise at both ends, so a national upload costs a few statements: the clinics and
the set's existing values are read as plain rows, new values inserted and changed ones updated
with one executemany each.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update

from api.core.batch import BatchReport
from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.models import Clinic, Indicator, IndicatorPeriod, IndicatorSet, IndicatorValue
from api.models.base import utcnow

# A national upload of a few indicators over a few periods, with room.
MAX_ITEMS = 20000


def upload_values(
    indicator_set: IndicatorSet, items: list[dict[str, Any]], dry_run: bool
) -> BatchReport:
    indicators = {i.code: i.id for i in indicator_set.indicators}
    periods = {p.label: p.id for p in indicator_set.periods}
    numbers = list({item["provider_number"] for item in items})
    clinics = dict(
        db.session.execute(
            select(Clinic.provider_number, Clinic.id).where(Clinic.provider_number.in_(numbers))
        ).all()
    )
    existing = {
        (row.indicator_id, row.period_id, row.clinic_id): (row.id, row.value)
        for row in db.session.execute(
            select(
                IndicatorValue.id,
                IndicatorValue.indicator_id,
                IndicatorValue.period_id,
                IndicatorValue.clinic_id,
                IndicatorValue.value,
            ).where(IndicatorValue.indicator_id.in_(list(indicators.values())))
        )
    }
    report = BatchReport(dry_run=dry_run)
    seen: set[tuple[str, str, str]] = set()
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    now = utcnow()
    for item in items:
        key = (item["provider_number"], item["indicator"], item["period"])
        entry = report.add("/".join(key))
        if key in seen:
            entry.fail(coded("The item's key appears twice in the batch.", "duplicate_in_batch"))
        seen.add(key)
        clinic_id = clinics.get(item["provider_number"])
        if clinic_id is None:
            entry.fail(coded("No clinic has this provider number.", "unknown_provider_number"))
        indicator_id = indicators.get(item["indicator"])
        if indicator_id is None:
            entry.fail(coded("No such indicator in this set.", "unknown_indicator"))
        period_id = periods.get(item["period"])
        if period_id is None:
            entry.fail(coded("No such period in this set.", "unknown_period"))
        if entry.status == "error":
            continue
        value = item["value"]
        found = existing.get((indicator_id, period_id, clinic_id))
        if found is None:
            entry.status = "created"
            new_rows.append(
                {
                    "id": uuid.uuid4(),
                    "indicator_id": indicator_id,
                    "period_id": period_id,
                    "clinic_id": clinic_id,
                    "value": value,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        elif found[1] != value:
            entry.change("value")
            changed_rows.append({"row_id": found[0], "new_value": value, "new_updated_at": now})
    if dry_run or report.failed:
        db.session.rollback()
        return report
    if new_rows:
        db.session.execute(insert(IndicatorValue.__table__), new_rows)
    if changed_rows:
        table = IndicatorValue.__table__
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(value=bindparam("new_value"), updated_at=bindparam("new_updated_at")),
            changed_rows,
        )
    db.session.commit()
    return report


# The order of the stored values: by clinic, then the set's order of indicators and periods.
VALUES_ORDER = (
    Clinic.provider_number,
    Indicator.position,
    IndicatorPeriod.starts_on,
    IndicatorValue.id,
)


def values_query(indicator_set: IndicatorSet, filters: dict[str, Any]) -> Select:
    """The set's stored values as plain rows (one statement for a page, however long), each
    with its clinic, indicator code and period label; unordered (see `VALUES_ORDER`).

    `filters` may name an `indicator` (code), a `period` (label) and a `provider_number`. An
    indicator or period the set does not have is a 422, as in an upload; a provider number no
    clinic has simply finds nothing."""
    errors: dict[str, list[str]] = {}
    code, label = filters.get("indicator"), filters.get("period")
    if code is not None and code not in {i.code for i in indicator_set.indicators}:
        errors["indicator"] = [coded("No such indicator in this set.", "unknown_indicator")]
    if label is not None and label not in {p.label for p in indicator_set.periods}:
        errors["period"] = [coded("No such period in this set.", "unknown_period")]
    if errors:
        raise RuleViolation(errors=errors)
    stmt = (
        select(
            Clinic.provider_number,
            Clinic.id.label("clinic_id"),
            Clinic.name.label("clinic_name"),
            Indicator.code.label("indicator"),
            IndicatorPeriod.label.label("period"),
            IndicatorValue.value,
            IndicatorValue.updated_at,
            IndicatorValue.id,
            Indicator.position,
            IndicatorPeriod.starts_on,
        )
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(IndicatorPeriod, IndicatorPeriod.id == IndicatorValue.period_id)
        .join(Clinic, Clinic.id == IndicatorValue.clinic_id)
        .where(Indicator.indicator_set_id == indicator_set.id)
    )
    if code is not None:
        stmt = stmt.where(Indicator.code == code)
    if label is not None:
        stmt = stmt.where(IndicatorPeriod.label == label)
    if filters.get("provider_number") is not None:
        stmt = stmt.where(Clinic.provider_number == filters["provider_number"])
    return stmt
