"""The yearly rates per patient: data, not code. The migration seeds the years KiAP has
published; PLO sets a later year's. A rate an allocation run has used stays as it was."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, select

from api.core.errors import Conflict
from api.core.extensions import db
from api.models import AllocationRate, AllocationRun


def version_etag(rate: AllocationRate) -> dict[str, Any]:
    return {"id": str(rate.id), "version": rate.version}


def rates_query() -> Select:
    return select(AllocationRate)


def rate_of_year(year: int) -> AllocationRate | None:
    return db.session.scalar(select(AllocationRate).where(AllocationRate.year == year))


def create_rate(data: dict[str, Any]) -> AllocationRate:
    if rate_of_year(data["year"]) is not None:
        raise Conflict("This year has a rate already; change it with PUT.", code="rate_exists")
    rate = AllocationRate(id=uuid.uuid4(), **data)
    db.session.add(rate)
    db.session.commit()
    return rate


def rate_in_use(year: int) -> bool:
    return bool(db.session.scalar(select(exists().where(AllocationRun.year == year))))


def years_in_use() -> set[int]:
    """The years an allocation has been run for: their rates cannot change."""
    return set(db.session.scalars(select(AllocationRun.year).distinct()))


def update_rate(rate: AllocationRate, data: dict[str, Any]) -> AllocationRate:
    if data["ore_per_patient"] != rate.ore_per_patient and rate_in_use(rate.year):
        raise Conflict(
            "An allocation has been run with this rate; it cannot change.", code="rate_in_use"
        )
    rate.ore_per_patient = data["ore_per_patient"]
    db.session.commit()
    return rate
