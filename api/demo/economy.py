"""The demo clusters' funds: every year's allocation since 2022, booked through the
allocation service (`api.services.economy.allocations`) as PLO would book it.

Each year's allocation is the year's rate times the patients listed with the cluster's
clinics on 1 February (the landscape keeps a count of every clinic on 1 February of every
year since 2022), booked by PLO's staff in March, when it is paid. The rates are KiAP's
published ones (2022: 112 øre, 2023: 232, 2024: 355, 2025: 365 per patient; the migration
seeds them), and for 2026, which is not decided, a rate the demo sets as PLO's decision.

Each ledger opens with the funds its cluster had left from the years before it (the
allocations since 2019, not all spent): one entry of kind `carry_over` on 1 January of the
first year, booked by PLO's staff through the ledger service once the expenses are there
(`seed_carry_overs`). The amount is the cluster's first allocation times a share of one half
to one and a half, in whole hundreds of kroner, and never less than what the cluster spends
before its allocations catch up: no ledger's balance is ever below zero, on any day.

A year is booked once: a year that has an allocation run already is left alone, so seeding
again books nothing and changes made through the API survive; the carry-overs are booked
once, when no ledger has one.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    AllocationRate,
    AllocationRun,
    AuditLogEntry,
    Cluster,
    LedgerEntry,
    LedgerEntryKind,
    User,
)
from api.services.economy.allocations import allocation_day, run_allocation
from api.services.economy.ledger import book_carry_overs
from api.services.economy.rates import years_in_use

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
FIRST_YEAR = 2022
# KiAP's published rates per patient, in øre; the migration seeds them, and the demo sets
# them only where they are missing (a test database emptied of its rates, say).
PUBLISHED_RATES = {2022: 112, 2023: 232, 2024: 355, 2025: 365}
# A demo assumption, not a published figure: the rate for 2026 is not decided (OK25 sets
# 2025's). The demo lets PLO decide 2025's 365 øre per patient again.
DEMO_RATES = {2026: 365}
PLO_STAFF = "plo@demo.dk"
BOOKED_AT = time(9, 30)  # Danish time, on the day the allocation is booked
SEED = 20220101
# The carry-over: the cluster's first allocation times a share in this range (per cent), in
# whole hundreds of kroner, and at least its deepest shortfall without it, rounded up to
# whole thousands of kroner with a thousand to spare.
CARRY_OVER_SHARE = (50, 150)
CARRY_OVER_TEXT = "Overført fra tidligere år: klyngens midler fra 2019-2021"
HUNDRED_KRONER = 10_000
THOUSAND_KRONER = 100_000


def allocation_years(today: date) -> list[int]:
    """The years whose allocation the demo books: from 2022, each year it has a rate for and
    whose allocation day (in March) is not after `today`."""
    rates = PUBLISHED_RATES | DEMO_RATES
    return [
        year
        for year in range(FIRST_YEAR, today.year + 1)
        if year in rates and allocation_day(year) <= today
    ]


def booked_at(year: int) -> datetime:
    """When the demo's allocation of `year` was booked: its allocation day, in the morning."""
    return datetime.combine(allocation_day(year), BOOKED_AT, DANISH_TIME).astimezone(UTC)


def _ensure_rates(years: list[int], plo: User) -> None:
    """The rates of `years`, where they are missing: the published ones, and the demo's,
    which PLO decided in January of its year."""
    existing = set(db.session.scalars(select(AllocationRate.year)))
    rates = PUBLISHED_RATES | DEMO_RATES
    decided: dict[uuid.UUID, datetime] = {}
    for year in years:
        if year not in existing:
            rate = AllocationRate(id=uuid.uuid4(), year=year, ore_per_patient=rates[year])
            db.session.add(rate)
            if year in DEMO_RATES:
                decided[rate.id] = datetime.combine(
                    date(year, 1, 15), BOOKED_AT, DANISH_TIME
                ).astimezone(UTC)
    db.session.flush()
    for rate_id, moment in decided.items():
        db.session.execute(
            update(AllocationRate)
            .where(AllocationRate.id == rate_id)
            .values(created_at=moment, updated_at=moment)
        )
        _date_audit([AllocationRate.__tablename__], [rate_id], moment, plo.id)
    db.session.commit()


def _date_audit(
    entity_types: list[str], ids: list[uuid.UUID], moment: datetime, user_id: uuid.UUID
) -> None:
    db.session.execute(
        update(AuditLogEntry)
        .where(
            AuditLogEntry.entity_type.in_(entity_types),
            AuditLogEntry.entity_id.in_([str(i) for i in ids]),
        )
        .values(occurred_at=moment, actor_user_id=user_id)
    )


def _date_the_run(report: dict, year: int, user_id: uuid.UUID) -> None:
    """The run happened in March of its year: its rows and their audit entries say so."""
    moment = booked_at(year)
    run_id = report["run_id"]
    entry_ids = [item["entry_id"] for item in report["clusters"] if item["entry_id"]]
    db.session.execute(
        update(AllocationRun)
        .where(AllocationRun.id == run_id)
        .values(created_at=moment, updated_at=moment)
    )
    db.session.execute(
        update(LedgerEntry)
        .where(LedgerEntry.allocation_run_id == run_id)
        .values(created_at=moment, updated_at=moment)
    )
    _date_audit(
        [AllocationRun.__tablename__, LedgerEntry.__tablename__],
        [run_id, *entry_ids],
        moment,
        user_id,
    )
    db.session.commit()


def seed_economy(today: date | None = None) -> bool:
    """Book each year's allocation that has not been run yet. True when any was booked.

    The landscape (its clusters, clinics and patient counts) and PLO's staff account must
    exist."""
    today = today or date.today()
    booked = years_in_use()
    years = [year for year in allocation_years(today) if year not in booked]
    plo = db.session.scalar(select(User).where(User.email == PLO_STAFF))
    if not years or plo is None:
        return False
    _ensure_rates(years, plo)
    plo_id = plo.id
    principal = Principal(session=None, user=plo)
    for year in years:
        day = allocation_day(year)
        report = run_allocation(principal, {"year": year}, dry_run=False, today=day)
        _date_the_run(report, year, plo_id)
    return True


# --- the carry-over ------------------------------------------------------------------------------


def _first_allocations(year: int) -> dict[uuid.UUID, int]:
    """Each cluster's allocation of `year`, by cluster name (the same order on every database)."""
    rows = db.session.execute(
        select(Cluster.id, func.coalesce(func.sum(LedgerEntry.amount_ore), 0))
        .outerjoin(
            LedgerEntry,
            (LedgerEntry.cluster_id == Cluster.id)
            & (LedgerEntry.kind == LedgerEntryKind.allocation)
            & (LedgerEntry.booked_on == allocation_day(year)),
        )
        .group_by(Cluster.id, Cluster.name)
        .order_by(Cluster.name, Cluster.id)
    ).all()
    return {cluster_id: int(amount) for cluster_id, amount in rows}


def _deepest_shortfalls() -> dict[uuid.UUID, int]:
    """How far below zero each cluster's balance goes at the end of any day (0 if it never
    does), in one pass over the ledgers' sums per day."""
    balance: dict[uuid.UUID, int] = defaultdict(int)
    deepest: dict[uuid.UUID, int] = defaultdict(int)
    for cluster_id, amount in db.session.execute(
        select(LedgerEntry.cluster_id, func.sum(LedgerEntry.amount_ore))
        .group_by(LedgerEntry.cluster_id, LedgerEntry.booked_on)
        .order_by(LedgerEntry.booked_on)
    ):
        balance[cluster_id] += int(amount)
        deepest[cluster_id] = max(deepest[cluster_id], -balance[cluster_id])
    return deepest


def carry_over_amounts(
    allocations: dict[uuid.UUID, int], shortfalls: dict[uuid.UUID, int]
) -> dict[uuid.UUID, int]:
    """The carry-over of each cluster (in the order of `allocations`), reproducibly."""
    rng = random.Random(SEED)  # noqa: S311 (demo data: reproducible, not secret)
    amounts = {}
    for cluster_id, allocation in allocations.items():
        share = rng.randrange(CARRY_OVER_SHARE[0], CARRY_OVER_SHARE[1] + 1)
        usual = allocation * share // 100 // HUNDRED_KRONER * HUNDRED_KRONER
        shortfall = shortfalls.get(cluster_id, 0)
        needed = (-(-shortfall // THOUSAND_KRONER) + 1) * THOUSAND_KRONER if shortfall else 0
        amounts[cluster_id] = max(usual, needed)
    return amounts


def seed_carry_overs(today: date | None = None) -> bool:
    """Book each cluster's carry-over on 1 January of the first allocation year, unless a
    ledger has one. True when booked. The allocations and expenses must be there."""
    today = today or date.today()
    years = allocation_years(today)
    plo = db.session.scalar(select(User).where(User.email == PLO_STAFF))
    present = db.session.scalar(
        select(func.count()).where(LedgerEntry.kind == LedgerEntryKind.carry_over)
    )
    if not years or plo is None or present:
        return False
    amounts = carry_over_amounts(_first_allocations(years[0]), _deepest_shortfalls())
    plo_id = plo.id
    booked_on = date(years[0], 1, 1)
    book_carry_overs(Principal(session=None, user=plo), amounts, booked_on, CARRY_OVER_TEXT)
    # Booked on the ledger's first day, in the morning.
    moment = datetime.combine(booked_on, BOOKED_AT, DANISH_TIME).astimezone(UTC)
    carry_over = LedgerEntry.kind == LedgerEntryKind.carry_over
    ids = list(db.session.scalars(select(LedgerEntry.id).where(carry_over)))
    db.session.execute(
        update(LedgerEntry).where(carry_over).values(created_at=moment, updated_at=moment)
    )
    _date_audit([LedgerEntry.__tablename__], ids, moment, plo_id)
    db.session.commit()
    return True
