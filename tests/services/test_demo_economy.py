"""The demo's money: `seed-demo` books every year's allocation since 2022 for every cluster
through the allocation service, the funds each cluster carried over from before through the
ledger service, expenses with receipts for the held meetings of every year since, and fees,
and the invariants hold to the øre on the national dataset: each allocation is the year's rate
times the cluster's patients of 1 February, each booked expense has one entry equal to its
lines, every ledger balances and never goes below zero, every amount is a whole number (in
Python, in the database and on the wire), and neither seeding again nor running an allocation
again books anything. The demo cluster's treasurer finds work waiting.

The module's tests share one seeded database and only read it, but for the last test, which
runs every year's allocation again; the tables are emptied when the module ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import func, select

from api.core.extensions import db, limiter
from api.core.storage import storage
from api.demo.economy import (
    CARRY_OVER_TEXT,
    DEMO_RATES,
    PLO_STAFF,
    PUBLISHED_RATES,
    allocation_years,
    carry_over_amounts,
)
from api.demo.landscape import DEMO_CLUSTER, PATIENTS_TOTAL, latest_count_date
from api.demo.meetings import DEMO_HELD, DEMO_HELD_SPEAKER, HISTORY_YEARS, demo_meeting_id
from api.demo.spending import CATERING_KRONER, DEMO_CLAIMS, KASSERER, kroner
from api.models import (
    AllocationRate,
    AllocationRun,
    Attendance,
    AuditLogEntry,
    BudgetLine,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Expense,
    ExpenseEvent,
    ExpenseLine,
    ExpenseState,
    FeeBasis,
    FeeProposal,
    FeeRules,
    FeeState,
    File,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
    Meeting,
    PatientCount,
    StoredBlob,
    User,
)
from api.models.economy import EXPENSE_CATEGORIES
from api.services.economy.ledger import ledger_summary
from tests.services.test_demo_landscape import _empty_tables

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
ALLOCATIONS = "/api/v1/economy/allocations"
MONEY_COLUMNS = {
    "ledger_entries": ["amount_ore"],
    "allocation_runs": ["ore_per_patient"],
    "allocation_rates": ["ore_per_patient"],
    "expense_lines": ["amount_ore"],
    "fee_rules": ["coordinator_fee_ore", "speaker_rate_ore_per_hour"],
    "fee_proposals": ["rate_ore", "amount_ore"],
    "budget_lines": ["amount_ore"],
}


@dataclass
class Seeded:
    counts: dict[str, int]
    counts_after_second_run: dict[str, int]


def _economy_counts() -> dict[str, int]:
    models = (
        AllocationRate,
        AllocationRun,
        LedgerEntry,
        Expense,
        ExpenseLine,
        ExpenseEvent,
        File,
        FeeRules,
        FeeProposal,
        BudgetLine,
    )
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


# --- expenses and fees ---------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _demo_cluster() -> Cluster:
    return db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))


def test_each_booked_expense_has_exactly_one_entry_equal_to_its_lines(seeded, app_ctx):
    expenses = db.session.scalars(select(Expense)).all()
    # Last year's held meetings at least (early in January, this year has hardly begun).
    assert len(expenses) > 200
    lines: dict[Any, list[int]] = defaultdict(list)
    for expense_id, amount in db.session.execute(
        select(ExpenseLine.expense_id, ExpenseLine.amount_ore)
    ):
        lines[expense_id].append(amount)
    entries: dict[Any, list[LedgerEntry]] = defaultdict(list)
    for entry in db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.kind == LedgerEntryKind.expense)
    ):
        entries[entry.source_id].append(entry)
    meetings = {m.id: m for m in db.session.scalars(select(Meeting))}
    today = datetime.now(DANISH_TIME).date()
    booked = 0
    for expense in expenses:
        assert lines[expense.id] and all(type(a) is int and a > 0 for a in lines[expense.id])
        assert expense.total_ore == sum(lines[expense.id])
        if expense.state in (ExpenseState.booked, ExpenseState.paid):
            booked += 1
            [entry] = entries.pop(expense.id)
            assert expense.ledger_entry_id == entry.id
            assert entry.amount_ore == -sum(lines[expense.id]) and type(entry.amount_ore) is int
            assert entry.source_kind == "expense" and entry.category == expense.category
            assert entry.cluster_id == expense.cluster_id
            assert entry.meeting_id == expense.meeting_id
            assert entry.text == f"Udlæg: {expense.title}"
            assert entry.booked_on <= today
            if expense.meeting_id is not None:
                held = meetings[expense.meeting_id].ends_at.astimezone(DANISH_TIME).date()
                assert held < entry.booked_on
            if expense.state is ExpenseState.paid:
                assert entry.booked_on <= expense.paid_on <= today
        else:
            assert expense.id not in entries and expense.ledger_entry_id is None
        assert expense.category in EXPENSE_CATEGORIES
        assert expense.bank_reg_no is not None and len(expense.bank_reg_no) == 4
    # No expense entry without its expense; most expenses are paid, the recent ones not yet.
    assert entries == {}
    assert booked >= 0.8 * len(expenses)


def test_each_expenses_history_is_in_order_after_its_meeting_and_before_now(seeded, app_ctx):
    events: dict[Any, list[ExpenseEvent]] = defaultdict(list)
    for event in db.session.scalars(select(ExpenseEvent).order_by(ExpenseEvent.at)):
        events[event.expense_id].append(event)
    meetings = {m.id: m for m in db.session.scalars(select(Meeting))}
    now = _now()
    for expense in db.session.scalars(select(Expense)):
        history = events[expense.id]
        assert history[0].action == "create" and history[0].from_state is None
        for before, after in pairwise(history):
            assert before.to_state == after.from_state and before.at < after.at
        assert history[-1].to_state is expense.state
        assert history[-1].at < now and expense.created_at == history[0].at
        meeting = meetings.get(expense.meeting_id)
        if meeting is not None and meeting.ends_at < now:
            assert meeting.ends_at <= history[0].at
        # Who approves is never who claims.
        for event in history:
            if event.action in ("approve", "reject", "return"):
                assert event.actor_user_id != expense.claimant_id


def test_those_who_keep_the_money_approve_expenses_and_confirm_fees(seeded, app_ctx):
    """The cluster's treasurer or coordinator, as the permission table has it: never a
    co-coordinator."""
    keepers = {
        (row.cluster_id, row.user_id)
        for row in db.session.execute(
            select(ClusterRole.cluster_id, ClusterRole.user_id).where(
                ClusterRole.valid_to.is_(None),
                ClusterRole.role.in_([ClusterRoleKind.treasurer, ClusterRoleKind.coordinator]),
            )
        )
    }
    steps = {
        (row.cluster_id, row.actor_user_id)
        for row in db.session.execute(
            select(Expense.cluster_id, ExpenseEvent.actor_user_id)
            .join(Expense, Expense.id == ExpenseEvent.expense_id)
            .where(ExpenseEvent.action.in_(["approve", "reject", "return"]))
        )
    }
    confirmations = {
        (row.cluster_id, row.confirmed_by_user_id)
        for row in db.session.execute(
            select(FeeProposal.cluster_id, FeeProposal.confirmed_by_user_id).where(
                FeeProposal.confirmed_by_user_id.is_not(None)
            )
        )
    }
    assert steps and confirmations
    assert steps <= keepers
    assert confirmations <= keepers


def test_catering_is_45_to_95_kroner_for_each_who_came(seeded, app_ctx):
    came = dict(
        db.session.execute(
            select(Attendance.meeting_id, func.count())
            .where(Attendance.attended.is_(True))
            .group_by(Attendance.meeting_id)
        ).all()
    )
    caterings = db.session.scalars(
        select(Expense).where(
            Expense.category == LedgerCategory.catering, Expense.title.like("Forplejning: %")
        )
    ).all()
    assert len(caterings) > 150
    low, high = CATERING_KRONER
    for expense in caterings:
        heads = came[expense.meeting_id]
        assert expense.total_ore % heads == 0
        assert low * 100 <= expense.total_ore // heads <= high * 100
    # Rooms and speakers too, in Danish.
    categories = set(db.session.scalars(select(Expense.category).distinct()))
    assert {LedgerCategory.catering, LedgerCategory.room, LedgerCategory.speaker} <= categories


def test_every_expense_has_a_one_page_pdf_receipt_kept_like_an_upload(seeded, app_ctx):
    """The receipt shows the seller, the date, what was bought and the amount; it is in
    storage with its row in `stored_blobs`, as an upload's content is."""
    receipts: dict[Any, list[File]] = defaultdict(list)
    for file in db.session.scalars(select(File).where(File.expense_id.is_not(None))):
        receipts[file.expense_id].append(file)
    blobs = set(db.session.scalars(select(StoredBlob.sha256)))
    returned = set(
        db.session.scalars(select(ExpenseEvent.expense_id).where(ExpenseEvent.action == "return"))
    )
    expenses = db.session.scalars(select(Expense)).all()
    for index, expense in enumerate(expenses):
        [receipt] = receipts[expense.id]
        assert receipt.media_type == "application/pdf" and receipt.sha256 in blobs
        assert receipt.attachment_key == f"expense:{expense.id}"
        if index % 25 and expense.id not in returned:
            continue  # read every 25th, and each returned one
        data = b"".join(storage().read(receipt.sha256))
        assert data.startswith(b"%PDF-") and b"/Count 1 " in data and len(data) == receipt.size
        text = data.decode("cp1252")
        shown = kroner(expense.total_ore)
        if expense.id in returned:
            # A card slip: no seller, nothing bought; the treasurer sent it back.
            assert "Kortkvittering" in text and "Specifikation" not in text
            assert "Beløb: DKK " in text and expense.lines[0].text not in text
            continue
        assert f"I alt: {shown}" in text and "Dato: " in text and "Specifikation" in text
        for line in expense.lines:
            assert line.text.replace("(", "\\(").replace(")", "\\)") in text
        assert "CVR-nr." in text


def test_fee_rules_give_proposals_from_closed_meetings_most_booked(seeded, app_ctx):
    rules = db.session.scalars(select(FeeRules)).all()
    assert 30 <= len(rules) < 116
    proposals = db.session.scalars(select(FeeProposal)).all()
    with_rules = {r.cluster_id: r for r in rules}
    meetings = {m.id: m for m in db.session.scalars(select(Meeting))}
    entries = {
        e.source_id: e
        for e in db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.kind == LedgerEntryKind.fee)
        )
    }
    booked = [p for p in proposals if p.state is FeeState.booked]
    assert len(booked) >= 0.75 * len(proposals)
    for proposal in proposals:
        assert proposal.cluster_id in with_rules
        assert meetings[proposal.meeting_id].closed_at is not None
        if proposal.basis is FeeBasis.coordinator:
            assert proposal.amount_ore == with_rules[proposal.cluster_id].coordinator_fee_ore
        if proposal.state is FeeState.booked:
            entry = entries.pop(proposal.id)
            assert entry.id == proposal.ledger_entry_id and entry.source_kind == "fee_proposal"
            assert entry.amount_ore == -proposal.amount_ore and type(entry.amount_ore) is int
            assert entry.booked_on > meetings[proposal.meeting_id].ends_at.date()
            assert proposal.confirmed_at is not None
    assert entries == {}


def _running_balances() -> sa.Subquery:
    """Each cluster's balance at the end of each day it has entries: a running sum in SQL over
    its sums per day."""
    daily = (
        select(
            LedgerEntry.cluster_id,
            LedgerEntry.booked_on,
            func.sum(LedgerEntry.amount_ore).label("amount"),
        )
        .group_by(LedgerEntry.cluster_id, LedgerEntry.booked_on)
        .subquery()
    )
    return select(
        daily.c.cluster_id,
        daily.c.booked_on,
        func.sum(daily.c.amount)
        .over(partition_by=daily.c.cluster_id, order_by=daily.c.booked_on)
        .label("balance"),
    ).subquery()


def test_no_demo_clusters_balance_is_ever_negative(seeded, app_ctx):
    """Day by day, from the first entry to the last, every cluster has money left: the
    lowest of its running balances, in one statement."""
    running = _running_balances()
    lowest = db.session.execute(
        select(running.c.cluster_id, func.min(running.c.balance), func.count()).group_by(
            running.c.cluster_id
        )
    ).all()
    assert len(lowest) == 116
    assert all(int(low) >= 0 for _, low, _ in lowest), min(lowest, key=lambda row: row[1])
    # Days with entries from the ledger's first day on: five years of spending.
    assert sum(days for _, _, days in lowest) > 116 * len(_expected_years()) * 3
    # The same in one pass in Python over the sums per day, for a check of the SQL.
    balance: dict[Any, int] = defaultdict(int)
    low: dict[Any, int] = {}
    for cluster_id, amount in db.session.execute(
        select(LedgerEntry.cluster_id, func.sum(LedgerEntry.amount_ore))
        .group_by(LedgerEntry.cluster_id, LedgerEntry.booked_on)
        .order_by(LedgerEntry.booked_on)
    ):
        balance[cluster_id] += int(amount)
        low[cluster_id] = min(low.get(cluster_id, balance[cluster_id]), balance[cluster_id])
    assert {cluster_id: int(m) for cluster_id, m, _ in lowest} == low


def test_every_ledger_opens_with_funds_carried_over_by_plo(seeded, app_ctx, plo):
    """One carry-over a cluster, on the first day of the first year, booked by PLO's staff
    through the ledger service (so in the audit log): half to one and a half times its first
    allocation, in whole hundreds of kroner, or what it spends before its allocations catch
    up."""
    first = _expected_years()[0]
    carried = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.kind == LedgerEntryKind.carry_over)
    ).all()
    assert len({entry.cluster_id for entry in carried}) == len(carried) == 116
    allocations = {
        entry.cluster_id: entry.amount_ore
        for entry in _allocations()
        if entry.booked_on.year == first
    }
    for entry in carried:
        assert entry.category is LedgerCategory.carry_over and entry.text == CARRY_OVER_TEXT
        assert entry.booked_on == date(first, 1, 1) and entry.booked_by_user_id == plo.id
        assert type(entry.amount_ore) is int and entry.amount_ore % 10_000 == 0
        assert entry.amount_ore >= allocations[entry.cluster_id] // 2 - 10_000
        assert entry.created_at.astimezone(DANISH_TIME).date() == entry.booked_on
    # Before the carry-over, nothing: it opens the ledger.
    assert not db.session.scalar(
        select(func.count()).where(LedgerEntry.booked_on < date(first, 1, 1))
    )
    audited = dict(
        db.session.execute(
            select(AuditLogEntry.entity_id, AuditLogEntry.actor_user_id).where(
                AuditLogEntry.entity_type == "ledger_entries",
                AuditLogEntry.entity_id.in_([str(entry.id) for entry in carried]),
            )
        ).all()
    )
    assert audited == {str(entry.id): plo.id for entry in carried}


def test_a_carry_over_covers_the_deepest_shortfall_with_a_thousand_to_spare():
    allocations = {"small": 2_000_000, "large": 9_000_000, "none": 0}
    amounts = carry_over_amounts(allocations, {"small": 4_000_001, "none": 100})
    assert amounts["small"] == 4_200_000  # 41,000.01 kr. short: 42,000 kr.
    assert 4_500_000 <= amounts["large"] <= 13_500_000 and amounts["large"] % 10_000 == 0
    assert amounts["none"] == 200_000


def test_every_year_with_meetings_and_an_allocation_has_its_expenses(seeded, app_ctx):
    """From the first allocation year (or the oldest meetings, when they are younger) to
    last year, every year's held meetings have their expenses, and their fees are booked."""
    this_year = datetime.now(DANISH_TIME).year
    first = max(_expected_years()[0], this_year - HISTORY_YEARS)
    per_year: dict[int, int] = defaultdict(int)
    for starts_at, count in db.session.execute(
        select(Meeting.starts_at, func.count())
        .join(Expense, Expense.meeting_id == Meeting.id)
        .group_by(Meeting.id, Meeting.starts_at)
    ):
        per_year[starts_at.astimezone(DANISH_TIME).year] += count
    assert min(per_year) == first
    for year in range(first, this_year):
        # About 350 held meetings a year, most with a catering, a room or a stay.
        assert per_year[year] > 200, (year, per_year)
    fees: dict[int, int] = defaultdict(int)
    for booked_on in db.session.scalars(
        select(LedgerEntry.booked_on).where(LedgerEntry.kind == LedgerEntryKind.fee)
    ):
        fees[booked_on.year] += 1
    # A meeting's fee is booked a month after it, at the latest in the next year.
    assert all(fees[year] > 30 for year in range(first, this_year)), fees


# --- the demo cluster's treasurer --------------------------------------------------------------


def test_the_demo_cluster_has_an_expense_in_every_state(seeded, app_ctx):
    cluster = _demo_cluster()
    mine = db.session.scalars(select(Expense).where(Expense.cluster_id == cluster.id)).all()
    assert {e.state for e in mine} == set(ExpenseState)
    [rejected] = [e for e in mine if e.state is ExpenseState.rejected]
    assert rejected.rejection_reason
    returned = db.session.scalars(
        select(ExpenseEvent).where(
            ExpenseEvent.expense_id.in_([e.id for e in mine]), ExpenseEvent.action == "return"
        )
    ).all()
    assert len(returned) == 1 and returned[0].comment and returned[0].to_state is ExpenseState.draft
    assert db.session.get(Expense, returned[0].expense_id).state is ExpenseState.draft
    # The demo's own claims go through the services: each is in the audit log.
    audited = set(
        db.session.scalars(
            select(AuditLogEntry.entity_id).where(AuditLogEntry.entity_type == "expenses")
        )
    )
    claims = {claim.title for claim in DEMO_CLAIMS}
    made = [e for e in mine if e.title in claims]
    assert len(made) == len(DEMO_CLAIMS) and {str(e.id) for e in made} <= audited


def test_kasserer_finds_submitted_expenses_and_a_fee_waiting(seeded, client, factory):
    kasserer = db.session.scalar(select(User).where(User.email == KASSERER))
    headers = factory.auth(kasserer)
    cluster = _demo_cluster()
    response = client.get(
        f"/api/v1/clusters/{cluster.id}/expenses",
        query_string={"state": "submitted"},
        headers=headers,
    )
    assert response.status_code == 200
    waiting = response.get_json()["items"]
    assert len(waiting) >= 2
    for item in waiting:
        detail = client.get(f"/api/v1/expenses/{item['id']}", headers=headers).get_json()
        assert detail["my_permissions"]["approve"] is True
        assert detail["bank_account"] is not None and _floats(detail) == []
        receipts = client.get(f"/api/v1/expenses/{item['id']}/receipts", headers=headers)
        [receipt] = receipts.get_json()["items"]
        content = client.get(
            f"/api/v1/expenses/{item['id']}/receipts/{receipt['id']}", headers=headers
        )
        assert content.status_code == 200 and content.mimetype == "application/pdf"
        assert content.headers["Content-Disposition"].startswith("inline")
        assert f"I alt: {kroner(detail['total_ore'])}".encode("cp1252") in content.data
    fees = client.get(
        f"/api/v1/clusters/{cluster.id}/fees", query_string={"state": "proposed"}, headers=headers
    ).get_json()["items"]
    held = demo_meeting_id(cluster.id, DEMO_HELD)
    assert any(f["speaker_name"] == DEMO_HELD_SPEAKER for f in fees)
    assert all(f["meeting_id"] == str(held) for f in fees)


def test_the_demo_cluster_has_a_budget_for_this_year_and_the_next(seeded, app_ctx):
    cluster = _demo_cluster()
    year = datetime.now(DANISH_TIME).year
    for budget_year in (year, year + 1):
        lines = dict(
            db.session.execute(
                select(BudgetLine.category, BudgetLine.amount_ore).where(
                    BudgetLine.cluster_id == cluster.id, BudgetLine.year == budget_year
                )
            ).all()
        )
        assert set(EXPENSE_CATEGORIES) <= set(lines) and lines[LedgerCategory.allocation] > 0
        assert all(type(v) is int for v in lines.values())
        assert all(lines[c] < 0 for c in EXPENSE_CATEGORIES)
        summary = ledger_summary(cluster, budget_year)
        assert summary["budget_net_ore"] == sum(lines.values())


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


def test_seeding_again_books_nothing(seeded, app_ctx):
    assert seeded.counts_after_second_run == seeded.counts
    assert len(_allocations()) == 116 * len(_expected_years())
    assert seeded.counts["expenses"] > 200 and seeded.counts["fee_proposals"] > 50


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
