"""Indicator sets: a quality unit's indicators (name, unit, which way is better) and the
periods their values are measured over."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from sqlalchemy import Select, exists, select

from api.core.error_codes import coded
from api.core.errors import Conflict, Forbidden, RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import Indicator, IndicatorPeriod, IndicatorSet, Organisation
from api.services.indicators.access import QUALITY_UNITS, writing_units


def sets_query() -> Select:
    return select(IndicatorSet)


def set_for_package(set_id: uuid.UUID | None) -> uuid.UUID | None:
    """The indicator set a package version rests on: any set (everyone signed in reads what
    sets there are; the values reach a cluster only through its data view); 422 for none."""
    if set_id is None:
        return None
    if db.session.get(IndicatorSet, set_id) is None:
        raise RuleViolation(
            errors={"indicator_set_id": [coded("No such indicator set.", "unknown_indicator_set")]}
        )
    return set_id


def _refuse(field: str, message: str) -> NoReturn:
    raise RuleViolation("The request breaks a rule.", errors={field: [message]})


def _owner(principal: Principal, organisation_id: uuid.UUID | None) -> Organisation:
    """The unit a new set belongs to: the one named, else the caller's only unit."""
    units = writing_units(principal)
    if organisation_id is None:
        if len(units) != 1:
            _refuse("organisation_id", coded("Name the unit the set belongs to.", "required"))
        return units[0]
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind not in QUALITY_UNITS:
        _refuse("organisation_id", coded("No such quality unit.", "unknown_organisation"))
    if not principal.is_platform_admin and organisation not in units:
        raise Forbidden("A unit publishes only its own indicator sets.")
    return organisation


def _unique(items: list[dict[str, Any]], key: str, field: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            _refuse(f"{field}.{index}.{key}", coded("Named twice in the request.", "named_twice"))
        seen.add(item[key])


def create_set(principal: Principal, data: dict[str, Any]) -> IndicatorSet:
    owner = _owner(principal, data.get("organisation_id"))
    _unique(data["indicators"], "code", "indicators")
    _unique(data["periods"], "label", "periods")
    taken = db.session.scalar(
        select(
            exists().where(
                IndicatorSet.organisation_id == owner.id, IndicatorSet.name == data["name"]
            )
        )
    )
    if taken:
        raise Conflict("The unit has an indicator set of this name.", code="name_taken")
    indicator_set = IndicatorSet(
        id=uuid.uuid4(),
        organisation_id=owner.id,
        name=data["name"],
        description=data.get("description", ""),
        indicators=[
            Indicator(id=uuid.uuid4(), position=position, **indicator)
            for position, indicator in enumerate(data["indicators"])
        ],
        periods=[IndicatorPeriod(id=uuid.uuid4(), **period) for period in data["periods"]],
    )
    db.session.add(indicator_set)
    db.session.commit()
    return indicator_set
