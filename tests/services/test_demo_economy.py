"""The demo's money: `seed-demo` books every year's allocation since 2022 for every cluster
through the allocation service, and the invariants hold to the øre on the national dataset:
each allocation is the year's rate times the cluster's patients of 1 February, every ledger
balances, every amount is a whole number (in Python, in the database and on the wire), and
neither seeding again nor running an allocation again books anything.

The module's tests share one seeded database and only read it, but for the last test, which
runs every year's allocation again; the tables are emptied when the module ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import func, select

from api.core.extensions import db, limiter
from api.demo.economy import DEMO_RATES, PLO_STAFF, PUBLISHED_RATES, allocation_years
from api.demo.landscape import DEMO_CLUSTER, PATIENTS_TOTAL, latest_count_date
from api.models import (
    AllocationRate,
    AllocationRun,
    AuditLogEntry,
    ClinicClusterPeriod,
    Cluster,
    LedgerEntry,
    LedgerEntryKind,
    PatientCount,
    User,
)
from api.services.economy.ledger import ledger_summary
from tests.services.test_demo_landscape import _empty_tables

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
ALLOCATIONS = "/api/v1/economy/allocations"
MONEY_COLUMNS = {
    "ledger_entries": ["amount_ore"],
    "allocation_runs": ["ore_per_patient"],
    "allocation_rates": ["ore_per_patient"],
}


@dataclass
class Seeded:
    counts: dict[str, int]
    counts_after_second_run: dict[str, int]


def _economy_counts() -> dict[str, int]:
    models = (AllocationRate, AllocationRun, LedgerEntry)
    return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


@pytest.fixture(autouse=True)
def _clean_tables() -> Iterator[None]:
    """Replaces the suite's cleaning: this module's tests share the seeded tables."""
    yield
    limiter.reset()


@pytest.fixture(scope="module")
def seeded(app: Flask) -> Iterator[Seeded]:
    runner = app.test_cli_runner()
    try:
        with app.app_context():
            _empty_tables()
            first = runner.invoke(args=["seed-demo", "--quiet"])
            assert first.exit_code == 0, first.output
            counts = _economy_counts()
            second = runner.invoke(args=["seed-demo", "--quiet"])
            assert second.exit_code == 0, second.output
            seeded = Seeded(counts, _economy_counts())
            db.session.remove()
        yield seeded
    finally:
        with app.app_context():
            _empty_tables()
            db.session.remove()


def _expected_years() -> list[int]:
    """2022 to 2026 (the demo's own rate), each once its allocation day in March is past."""
    today = date.today()
    return [year for year in range(2022, 2027) if date(year, 3, 1) <= today]


def _rates() -> dict[int, int]:
    return dict(
        db.session.execute(select(AllocationRate.year, AllocationRate.ore_per_patient)).all()
    )


def _allocations() -> list[LedgerEntry]:
    return list(
        db.session.scalars(select(LedgerEntry).where(LedgerEntry.allocation_run_id.isnot(None)))
    )


def _patients_of_1_february(years: list[int]) -> dict[tuple[Any, int], int]:
    """Patients per (cluster, year), counted in Python over every row of the registry: the
    clinics in the cluster on 1 February (a period ends the day before its `valid_to`) and
    their counts of that day."""
    counts = {
        (row.clinic_id, row.counted_on): row.patients
        for row in db.session.scalars(select(PatientCount))
    }
    periods = db.session.scalars(select(ClinicClusterPeriod)).all()
    patients: dict[tuple[Any, int], int] = defaultdict(int)
    for year in years:
        day = date(year, 2, 1)
        for period in periods:
            if period.valid_from <= day and (period.valid_to is None or period.valid_to > day):
                # Every clinic has its count: the demo's provider numbers are up to date.
                patients[(period.cluster_id, year)] += counts[(period.clinic_id, day)]
    return patients


def _floats(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


@pytest.fixture
def plo(seeded, app_ctx) -> User:
    return db.session.scalar(select(User).where(User.email == PLO_STAFF))


# --- the allocations -------------------------------------------------------------------------


def test_every_cluster_has_each_years_allocation_booked_by_plo_in_march(seeded, app_ctx, plo):
    years = _expected_years()
    assert allocation_years(date.today()) == years
    assert years[:4] == [2022, 2023, 2024, 2025]
    # The published rates, and the demo's own for 2026.
    assert PUBLISHED_RATES == {2022: 112, 2023: 232, 2024: 355, 2025: 365}
    assert DEMO_RATES == {2026: 365}
    rates = _rates()
    assert {year: rates[year] for year in years} == {
        year: (PUBLISHED_RATES | DEMO_RATES)[year] for year in years
    }
    runs = db.session.scalars(select(AllocationRun).order_by(AllocationRun.year)).all()
    assert [run.year for run in runs] == years
    clusters = set(db.session.scalars(select(Cluster.id)))
    assert len(clusters) == 116
    entries = _allocations()
    assert len(entries) == 116 * len(years)
    for run in runs:
        assert run.ore_per_patient == rates[run.year]
        assert run.cluster_id is None and run.run_by_user_id == plo.id
        booked = run.created_at.astimezone(DANISH_TIME).date()
        assert (booked.year, booked.month) == (run.year, 3)
        of_run = [e for e in entries if e.allocation_run_id == run.id]
        assert {e.cluster_id for e in of_run} == clusters and len(of_run) == 116
        for entry in of_run:
            assert entry.kind is LedgerEntryKind.allocation
            assert (entry.booked_on.year, entry.booked_on.month) == (run.year, 3)
            assert entry.booked_by_user_id == plo.id and entry.amount_ore > 0
    # Nothing needed correcting, and the audit log says who booked each entry, and when.
    assert not db.session.scalar(
        select(func.count()).where(LedgerEntry.kind == LedgerEntryKind.correction)
    )
    audit = db.session.execute(
        select(
            AuditLogEntry.entity_id, AuditLogEntry.occurred_at, AuditLogEntry.actor_user_id
        ).where(AuditLogEntry.entity_type == "ledger_entries")
    ).all()
    booked_on = {str(e.id): e.booked_on for e in entries}
    audit = [row for row in audit if row.entity_id in booked_on]
    assert {row.entity_id for row in audit} == set(booked_on)
    for row in audit:
        assert row.actor_user_id == plo.id
        assert row.occurred_at.astimezone(DANISH_TIME).date() == booked_on[row.entity_id]


def test_each_allocation_is_the_rate_times_the_patients_of_1_february(seeded, app_ctx):
    years = _expected_years()
    rates = _rates()
    patients = _patients_of_1_february(years)
    years_of_run = dict(db.session.execute(select(AllocationRun.id, AllocationRun.year)).all())
    checked = 0
    for entry in _allocations():
        year = years_of_run[entry.allocation_run_id]
        expected = rates[year] * patients[(entry.cluster_id, year)]
        assert entry.amount_ore == expected, (entry.text, year)
        count = f"{patients[(entry.cluster_id, year)]:,}".replace(",", ".")
        assert entry.text == f"Fordeling {year}: {count} patienter"
        checked += 1
    assert checked == 116 * len(years)
    # The national sums: the rate times about 5.2 to 5.6 million patients.
    for year in years:
        total = db.session.scalar(
            select(func.sum(LedgerEntry.amount_ore))
            .join(AllocationRun, AllocationRun.id == LedgerEntry.allocation_run_id)
            .where(AllocationRun.year == year)
        )
        national = sum(p for (_, y), p in patients.items() if y == year)
        assert int(total) == rates[year] * national
        # Fewer in the early years: some clinics joined a cluster later.
        assert 0.9 * PATIENTS_TOTAL <= national <= 1.01 * PATIENTS_TOTAL


def test_the_count_history_changes_a_little_every_year(seeded, app_ctx):
    """Each clinic's count moves by a few per cent a year, so years differ; the latest count
    is still the landscape's (5,590,000 patients in all)."""
    latest = latest_count_date(date.today())
    history: dict[Any, dict[int, int]] = defaultdict(dict)
    for count in db.session.scalars(select(PatientCount)):
        history[count.clinic_id][count.counted_on.year] = count.patients
    assert sum(years[latest.year] for years in history.values()) == PATIENTS_TOTAL
    changed = 0
    for years in history.values():
        assert sorted(years) == list(range(2022, latest.year + 1))
        for year in range(2023, latest.year + 1):
            assert 0.95 <= years[year] / years[year - 1] <= 1.05
            changed += years[year] != years[year - 1]
    assert changed >= 0.9 * len(history) * (latest.year - 2022)
    # So each cluster's allocation differs from year to year, also where the rate does not.
    patients = _patients_of_1_february(_expected_years())
    clusters = {cluster for cluster, _ in patients}
    for year in _expected_years()[1:]:
        same = sum(patients[(c, year)] == patients[(c, year - 1)] for c in clusters)
        assert same <= 2, year


# --- the ledgers -----------------------------------------------------------------------------


def test_every_ledger_balances_to_the_ore(seeded, app_ctx):
    """Every cluster's summary of every year, against sums in Python over its entries."""
    years = _expected_years()
    entries: dict[Any, list[tuple[date, Any, int]]] = defaultdict(list)
    for cluster_id, booked_on, category, amount in db.session.execute(
        select(
            LedgerEntry.cluster_id,
            LedgerEntry.booked_on,
            LedgerEntry.category,
            LedgerEntry.amount_ore,
        )
    ):
        entries[cluster_id].append((booked_on, category, amount))
    clusters = db.session.scalars(select(Cluster)).all()
    for cluster in clusters:
        closing_before = 0
        for year in [*years, years[-1] + 1]:
            summary = ledger_summary(cluster, year)
            before = [a for d, _, a in entries[cluster.id] if d.year < year]
            during = [(c, a) for d, c, a in entries[cluster.id] if d.year == year]
            assert summary["opening_balance_ore"] == sum(before) == closing_before
            assert summary["income_ore"] == sum(a for _, a in during if a > 0)
            assert summary["spending_ore"] == sum(a for _, a in during if a < 0)
            assert summary["closing_balance_ore"] == sum(before) + sum(a for _, a in during)
            assert summary["entry_count"] == len(during)
            for line in summary["categories"]:
                mine = [a for c, a in during if c == line["category"]]
                assert line["net_ore"] == sum(mine)
                assert line["income_ore"] + line["spending_ore"] == line["net_ore"]
            assert sum(line["net_ore"] for line in summary["categories"]) == (
                summary["closing_balance_ore"] - summary["opening_balance_ore"]
            )
            figures = [(k, v) for k, v in summary.items() if k.endswith("_ore")]
            figures += [
                (k, v) for line in summary["categories"] for k, v in line.items() if k != "category"
            ]
            # Every figure is an int; only a year without a budget has none (null), never a float.
            assert figures
            assert all(type(v) is int or (v is None and "budget" in k) for k, v in figures)
            closing_before = summary["closing_balance_ore"]
        # The balance after the last year is the sum of every entry.
        assert closing_before == sum(a for _, _, a in entries[cluster.id])


def test_a_member_follows_the_demo_clusters_ledger_in_whole_ore(seeded, client, factory):
    member = db.session.scalar(select(User).where(User.email == "medlem@demo.dk"))
    headers = factory.auth(member)
    cluster = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    opening = 0
    for year in _expected_years():
        response = client.get(
            f"/api/v1/clusters/{cluster.id}/ledger", query_string={"year": year}, headers=headers
        )
        assert response.status_code == 200
        summary = response.get_json()
        assert _floats(summary) == []
        assert summary["opening_balance_ore"] == opening
        page = client.get(
            f"/api/v1/clusters/{cluster.id}/ledger/entries",
            query_string={"year": year, "limit": 200},
            headers=headers,
        ).get_json()
        assert _floats(page) == [] and page["next_cursor"] is None
        [allocation] = [e for e in page["items"] if e["kind"] == "allocation"]
        assert allocation["amount_ore"] > 0
        assert all(type(e["amount_ore"]) is int for e in page["items"])
        year_sum = sum(e["amount_ore"] for e in page["items"])
        assert summary["closing_balance_ore"] == opening + year_sum
        opening = summary["closing_balance_ore"]


# --- whole numbers ---------------------------------------------------------------------------


def test_money_is_whole_numbers_in_the_database_and_in_python(seeded, app_ctx):
    inspector = sa.inspect(db.engine)
    for table, columns in MONEY_COLUMNS.items():
        types = {c["name"]: c["type"] for c in inspector.get_columns(table)}
        for column in columns:
            # BIGINT on both databases: never a float, numeric or decimal column.
            assert isinstance(types[column], sa.BigInteger), (table, column, types[column])
        # The driver's values, without the ORM: plain ints.
        values = db.session.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table}")).all()
        assert values and all(type(v) is int for row in values for v in row)
    for entry in _allocations():
        assert type(entry.amount_ore) is int


# --- nothing twice ---------------------------------------------------------------------------


def test_seeding_again_books_nothing(seeded):
    assert seeded.counts_after_second_run == seeded.counts
    assert seeded.counts["ledger_entries"] == 116 * len(_expected_years())


def test_a_second_allocation_run_books_nothing(seeded, client, factory, plo):
    """Last in the module: it adds a run (with no entries) for every year."""
    headers = factory.auth(plo)
    before = {
        year: db.session.scalar(
            select(func.sum(LedgerEntry.amount_ore))
            .join(AllocationRun, AllocationRun.id == LedgerEntry.allocation_run_id)
            .where(AllocationRun.year == year)
        )
        for year in _expected_years()
    }
    entries = db.session.scalar(select(func.count()).select_from(LedgerEntry))
    for year, total in before.items():
        for dry_run in (True, False):
            response = client.post(
                ALLOCATIONS,
                query_string={"dry_run": "true"} if dry_run else {},
                json={"year": year},
                headers=headers,
            )
            assert response.status_code == 200, response.get_data(as_text=True)
            report = response.get_json()
            assert _floats(report) == []
            assert report["summary"] == {"created": 0, "unchanged": 116, "corrected": 0}
            assert report["warnings"] == []
            assert report["total_ore"] == int(total)
            assert all(item["difference_ore"] == 0 for item in report["clusters"])
            assert all(item["entry_id"] is None for item in report["clusters"])
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == entries
