"""The demo's data: KiAP's indicator set "Antibiotika til UVI" with a value for every clinic
in 2023 and 2024, and every cluster's decisions on open or closed data.

Each cluster's one decision of the landscape (its `data_policy` columns) is recorded as a
decision, as the migration does for a platform upgraded with data. Besides, each general
assembly decided in the spring of 2023 on the data from 2023 on, until it decides again: about
three in five clusters opened theirs, and Demoklyngen Viborg did, so its members see the
clinics by name for both years; the others see "Klinik A", "Klinik B", …

KiAP's package "Antibiotika til urinvejsinfektion" rests on the set: each of its versions names
it, so a cluster that takes the package finds its own data view beside it.

Values are the share (%) of the clinic's urinary tract infections treated with antibiotics:
around a regional level, a clinic's own habit, and a little lower in 2024 than in 2023.
Inserted in bulk, with ids derived from natural keys, so every run makes the same rows; a set
that exists already is left as it is (changes made through the API survive).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER, derived_id
from api.demo.packages import ANTIBIOTIKA, set_on_versions
from api.models import (
    Clinic,
    Cluster,
    DataDecision,
    DataPolicy,
    Indicator,
    IndicatorDirection,
    IndicatorPeriod,
    IndicatorSet,
    IndicatorValue,
    Organisation,
    Region,
)
from api.models.base import utcnow

SET_NAME = "Antibiotika til UVI"
OWNER = "kiap"
YEARS = (2023, 2024)
# The share of clusters whose general assembly opened its data from 2023.
OPEN_SHARE = 0.6
# A region's typical share of infections treated with antibiotics (%).
REGIONAL_LEVEL = {
    "hovedstaden": 46.0,
    "sjaelland": 52.0,
    "syddanmark": 49.0,
    "midtjylland": 44.0,
    "nordjylland": 50.0,
}


def seed_indicators() -> bool:
    """Seed the set, its values and the decisions; False if the set was there already."""
    kiap = db.session.scalar(select(Organisation).where(Organisation.code == OWNER))
    assert kiap is not None, "the organisations are seeded first"
    set_id = derived_id("indicator_set", OWNER, SET_NAME)
    if db.session.get(IndicatorSet, set_id) is not None:
        return False
    indicator = Indicator(
        id=derived_id("indicator", set_id, "uvi"),
        code="uvi",
        name="Antibiotika til urinvejsinfektion",
        unit="%",
        direction=IndicatorDirection.lower,
    )
    periods = [
        IndicatorPeriod(
            id=derived_id("indicator_period", set_id, year),
            label=str(year),
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )
        for year in YEARS
    ]
    db.session.add(
        IndicatorSet(
            id=set_id,
            organisation_id=kiap.id,
            name=SET_NAME,
            description=(
                "Andel af praksis' urinvejsinfektioner behandlet med antibiotika, pr. klinik "
                "og år, sammenholdt med klyngens og landets gennemsnit. Lavere er bedre."
            ),
            indicators=[indicator],
            periods=periods,
        )
    )
    db.session.flush()
    _seed_values(indicator, periods)
    _seed_decisions()
    # KiAP's antibiotics package rests on the set.
    set_on_versions(ANTIBIOTIKA, indicator_set_id=set_id)
    db.session.commit()
    return True


def _seed_values(indicator: Indicator, periods: list[IndicatorPeriod]) -> None:
    now = utcnow()
    rows = []
    for clinic_id, number, region in db.session.execute(
        select(Clinic.id, Clinic.provider_number, Region.code)
        .join(Region, Region.id == Clinic.region_id)
        .order_by(Clinic.provider_number)
    ):
        rng = random.Random(f"uvi/{number}")  # noqa: S311 (demo data: reproducible, not secret)
        habit = REGIONAL_LEVEL.get(region, 48.0) + rng.gauss(0, 7)
        for period in periods:
            drift = -1.5 * (int(period.label) - YEARS[0])
            value = min(95.0, max(5.0, habit + drift + rng.gauss(0, 3)))
            rows.append(
                {
                    "id": derived_id("indicator_value", indicator.id, period.id, clinic_id),
                    "indicator_id": indicator.id,
                    "period_id": period.id,
                    "clinic_id": clinic_id,
                    "value": round(value, 1),
                    "created_at": now,
                    "updated_at": now,
                }
            )
    if rows:
        db.session.execute(insert(IndicatorValue.__table__), rows)


def _seed_decisions() -> None:
    now = utcnow()
    rows = []
    # A platform upgraded with data has its clusters' one decision recorded by the migration.
    decided = set(db.session.scalars(select(DataDecision.cluster_id).distinct()))
    for cluster in db.session.scalars(select(Cluster).order_by(Cluster.name)):
        landscape = cluster.data_policy is not None and cluster.data_policy_valid_from
        if cluster.id not in decided and landscape:
            rows.append(
                {
                    "id": derived_id("data_decision", cluster.id, "landscape"),
                    "cluster_id": cluster.id,
                    "policy": cluster.data_policy,
                    "decided_on": cluster.data_policy_decided_on or cluster.data_policy_valid_from,
                    "valid_from": cluster.data_policy_valid_from,
                    "valid_to": cluster.data_policy_valid_to,
                }
            )
        rng = random.Random(f"data-decision/{cluster.name}")  # noqa: S311 (demo data)
        opened = cluster.name == DEMO_CLUSTER or rng.random() < OPEN_SHARE
        rows.append(
            {
                "id": derived_id("data_decision", cluster.id, "2023"),
                "cluster_id": cluster.id,
                "policy": DataPolicy.open if opened else DataPolicy.closed,
                "decided_on": date(2023, 3, 1) + timedelta(days=rng.randint(0, 60)),
                "valid_from": date(2023, 1, 1),
                "valid_to": None,
            }
        )
    for row in rows:
        row.update(created_at=now, updated_at=now, version=1)
    if rows:
        db.session.execute(insert(DataDecision.__table__), rows)
