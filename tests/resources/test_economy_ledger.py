"""A cluster's ledger: it balances to the øre across years, every amount is an integer, every
member reads it and the quality units see no money, its entries are paged with a fixed number
of statements, and a booked entry is only ever corrected by a correcting entry."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import BigInteger, Integer, select

from api.core.extensions import db
from api.models import (
    AllocationRate,
    AllocationRun,
    AuditLogEntry,
    Cluster,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
)
from api.schemas.economy import LedgerEntrySchema
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff


@dataclass
class World:
    scenario: Scenario
    viborg: Cluster
    odense: Cluster
    headers: dict[str, dict[str, str]]


READERS = ["member", "treasurer", "coordinator", "plo", "plo_reader", "plo_writer", "admin"]
NO_MONEY = ["unit", "unit_client", "plo_attendance"]
WRITERS = ["plo", "plo_writer", "admin"]
NOT_WRITERS = ["member", "treasurer", "coordinator", "unit", "unit_client", "plo_reader"]


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "member": doctor("viborg"),
            "treasurer": doctor("viborg", role="treasurer"),
            "coordinator": doctor("viborg", role="coordinator"),
            "other_member": doctor("odense"),
            "unit": staff("midtjylland"),
            "unit_client": machine("midtjylland", "economy:read", "clusters:read"),
            "plo": staff("plo"),
            "plo_reader": machine("plo", "economy:read"),
            "plo_writer": machine("plo", "economy:write"),
            "plo_attendance": machine("plo", "attendance:read"),
            "admin": ADMIN,
        },
        clinics=("viborg_other",),
    )
    return World(scenario, scenario.viborg, scenario.odense, {**scenario.headers, "anonymous": {}})


def ledger_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/ledger"


def entries_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/ledger/entries"


def summary(client, world: World, year: int, caller: str = "member") -> dict[str, Any]:
    response = client.get(
        ledger_url(world.viborg), query_string={"year": year}, headers=world.headers[caller]
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def all_entries(client, world: World, year: int, limit: int = 200) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        query: dict[str, Any] = {"year": year, "limit": limit}
        if cursor:
            query["cursor"] = cursor
        response = client.get(
            entries_url(world.viborg), query_string=query, headers=world.headers["member"]
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def walk_amounts(value: Any, path: str = "$"):
    """Every number of a JSON answer, with where it is."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from walk_amounts(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from walk_amounts(inner, f"{path}[{index}]")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, value


def assert_no_float(body: Any) -> None:
    floats = [path for path, value in walk_amounts(body) if isinstance(value, float)]
    assert floats == []
    ore = [(path, value) for path, value in walk_amounts(body) if path.endswith("_ore")]
    assert all(type(value) is int for _, value in ore), ore


def book_history(factory, cluster: Cluster) -> None:
    """Three years of a ledger: allocations, spending of several kinds, a fee, a carry-over."""
    for year in (2023, 2024, 2025):
        factory.ledger_entry(
            cluster,
            1_234_567 + year,
            booked_on=date(year, 3, 1),
            kind=LedgerEntryKind.allocation,
            category=LedgerCategory.allocation,
        )
        factory.ledger_entry(cluster, -45_050, booked_on=date(year, 4, 9))
        factory.ledger_entry(
            cluster, -300_001, booked_on=date(year, 6, 30), category=LedgerCategory.speaker
        )
        factory.ledger_entry(
            cluster,
            -107_202,
            booked_on=date(year, 12, 31),
            kind=LedgerEntryKind.fee,
            category=LedgerCategory.fee,
        )
    factory.ledger_entry(
        cluster,
        99,
        booked_on=date(2024, 1, 1),
        kind=LedgerEntryKind.carry_over,
        category=LedgerCategory.carry_over,
    )


# --- money invariants ------------------------------------------------------------------------


def test_every_ledger_balances_to_the_ore_across_years(client, factory, world):
    book_history(factory, world.viborg)
    factory.ledger_entry(world.odense, -1, booked_on=date(2024, 5, 5))  # another ledger
    summaries = {year: summary(client, world, year) for year in range(2022, 2027)}
    assert summaries[2022]["opening_balance_ore"] == 0
    for year, body in summaries.items():
        entries = all_entries(client, world, year)
        assert body["entry_count"] == len(entries)
        assert body["closing_balance_ore"] == body["opening_balance_ore"] + sum(
            entry["amount_ore"] for entry in entries
        )
        assert body["income_ore"] == sum(e["amount_ore"] for e in entries if e["amount_ore"] > 0)
        assert body["spending_ore"] == sum(e["amount_ore"] for e in entries if e["amount_ore"] < 0)
        for total in body["categories"]:
            mine = [e["amount_ore"] for e in entries if e["category"] == total["category"]]
            assert total["net_ore"] == sum(mine)
            assert total["income_ore"] + total["spending_ore"] == total["net_ore"]
        if year + 1 in summaries:
            assert summaries[year + 1]["opening_balance_ore"] == body["closing_balance_ore"]
    # The carry-over is an entry like any other: counted once, in its year.
    assert summaries[2024]["opening_balance_ore"] == 1_234_567 + 2023 - 45_050 - 300_001 - 107_202
    carry = next(c for c in summaries[2024]["categories"] if c["category"] == "carry_over")
    assert carry == {
        "category": "carry_over",
        "income_ore": 99,
        "spending_ore": 0,
        "net_ore": 99,
        "budget_ore": None,  # no budget is set
        "budget_difference_ore": None,
    }
    expected_2025 = sum(1_234_567 + y - 45_050 - 300_001 - 107_202 for y in (2023, 2024, 2025))
    assert summaries[2026]["opening_balance_ore"] == expected_2025 + 99
    assert summaries[2026]["closing_balance_ore"] == expected_2025 + 99
    assert summaries[2026]["entry_count"] == 0


def test_every_amount_of_every_answer_is_an_integer(client, factory, world):
    book_history(factory, world.viborg)
    factory.rate(2024, 355)
    answers = [
        summary(client, world, 2024),
        client.get(
            entries_url(world.viborg), query_string={"year": 2024}, headers=world.headers["admin"]
        ).get_json(),
        client.get("/api/v1/economy/rates", headers=world.headers["admin"]).get_json(),
        client.post(
            "/api/v1/economy/allocations",
            query_string={"dry_run": "true"},
            json={"year": 2024},
            headers=world.headers["admin"],
        ).get_json(),
    ]
    for body in answers:
        assert_no_float(body)
    assert any(path.endswith("_ore") for body in answers for path, _ in walk_amounts(body))


def test_money_columns_are_whole_numbers():
    for model, column in [
        (LedgerEntry, "amount_ore"),
        (AllocationRate, "ore_per_patient"),
        (AllocationRun, "ore_per_patient"),
    ]:
        column_type = model.__table__.c[column].type
        assert isinstance(column_type, BigInteger | Integer), (model, column)
    for model in (LedgerEntry, AllocationRate, AllocationRun):
        for column in model.__table__.columns:
            assert column.type.python_type is not float, (model, column.name)


# --- who reads it -------------------------------------------------------------------------------


@pytest.mark.parametrize("caller", READERS)
def test_members_plo_and_the_admin_read_the_ledger(client, factory, world, caller):
    factory.ledger_entry(world.viborg, -500, booked_on=date(2024, 2, 2))
    body = summary(client, world, 2024, caller)
    assert body["closing_balance_ore"] == -500
    response = client.get(
        entries_url(world.viborg), query_string={"year": 2024}, headers=world.headers[caller]
    )
    assert response.status_code == 200
    assert [e["amount_ore"] for e in response.get_json()["items"]] == [-500]


@pytest.mark.parametrize("caller", NO_MONEY)
def test_quality_units_and_attendance_clients_see_no_money(client, world, caller):
    for url in (ledger_url(world.viborg), entries_url(world.viborg)):
        response = client.get(url, query_string={"year": 2024}, headers=world.headers[caller])
        assert_problem(response, 403)


def test_another_clusters_member_does_not_find_the_ledger(client, factory, world):
    entry = factory.ledger_entry(world.viborg)
    for url in (
        ledger_url(world.viborg),
        entries_url(world.viborg),
        f"{entries_url(world.viborg)}/{entry.id}",
    ):
        response = client.get(
            url, query_string={"year": 2024}, headers=world.headers["other_member"]
        )
        assert_problem(response, 404)


def test_reading_the_ledger_needs_a_token(client, world):
    for url in (ledger_url(world.viborg), entries_url(world.viborg)):
        assert_problem(client.get(url, query_string={"year": 2024}), 401)


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({}, "year", "required"),
        ({"year": 1999}, "year", "out_of_range"),
        ({"year": "next"}, "year", "invalid_type"),
        ({"year": 2024, "month": 1}, "month", "unknown_field"),
    ],
)
def test_a_bad_year_is_422_with_its_code(client, world, query, field, code):
    for url in (ledger_url(world.viborg), entries_url(world.viborg)):
        body = assert_problem(
            client.get(url, query_string=query, headers=world.headers["member"]), 422
        )
        assert [c["code"] for c in body["codes"][field]] == [code], body


# --- entries ---------------------------------------------------------------------------------


def test_entries_are_paged_by_date_and_every_entry_is_seen_once(client, factory, world):
    days = [date(2024, 12, 31), date(2024, 1, 1), date(2024, 6, 15), date(2024, 6, 15)]
    for day in days * 3:
        factory.ledger_entry(world.viborg, booked_on=day)
    factory.ledger_entry(world.viborg, booked_on=date(2023, 12, 31))
    factory.ledger_entry(world.viborg, booked_on=date(2025, 1, 1))
    seen = all_entries(client, world, 2024, limit=5)
    assert len(seen) == len({e["id"] for e in seen}) == 12
    assert [e["booked_on"] for e in seen] == sorted(e["booked_on"] for e in seen)
    assert {e["booked_on"][:4] for e in seen} == {"2024"}


def test_a_years_entries_export_as_csv_in_whole_ore(client, factory, world):
    for n in range(3):
        factory.ledger_entry(world.viborg, -12_345 - n, booked_on=date(2024, 2, 1 + n))
    factory.ledger_entry(world.viborg, booked_on=date(2023, 2, 1))
    response = client.get(
        entries_url(world.viborg),
        query_string={"year": 2024},
        headers={**world.headers["treasurer"], "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["amount_ore"] for row in rows] == ["-12345", "-12346", "-12347"]
    assert list(rows[0]) == list(LedgerEntrySchema().fields)


@pytest.mark.parametrize("url", ["ledger", "entries"])
def test_reading_the_ledger_costs_the_same_statements_however_many_entries(
    client, factory, world, count_statements, url
):
    path = ledger_url(world.viborg) if url == "ledger" else entries_url(world.viborg)

    def statements() -> int:
        with count_statements() as counter:
            response = client.get(
                path, query_string={"year": 2024}, headers=world.headers["member"]
            )
        assert response.status_code == 200
        return counter.count

    factory.ledger_entry(world.viborg, booked_on=date(2024, 3, 3))
    few = statements()
    for n in range(40):
        factory.ledger_entry(
            world.viborg,
            -n - 1,
            booked_on=date(2024, 1 + n % 12, 1),
            category=list(LedgerCategory)[n % len(LedgerCategory)],
        )
    assert statements() == few


# --- corrections ---------------------------------------------------------------------------


def correction(entry: LedgerEntry, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "correction",
        "corrects": str(entry.id),
        "amount_ore": 5_000,
        "reason": "The caterer's invoice was 50 kr. less than booked.",
        **fields,
    }


@pytest.mark.parametrize("caller", WRITERS)
def test_plo_corrects_an_entry_with_a_correcting_entry_and_the_history_is_kept(
    client, factory, world, caller
):
    entry = factory.ledger_entry(world.viborg, -150_000, booked_on=date(2024, 5, 1))
    before = summary(client, world, 2024)
    response = client.post(
        entries_url(world.viborg),
        json=correction(entry, booked_on="2024-05-02"),
        headers=world.headers[caller],
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["kind"] == "correction"
    assert body["corrects"] == str(entry.id)
    assert body["category"] == "catering"
    assert body["amount_ore"] == 5_000
    assert body["reason"].startswith("The caterer")
    assert response.headers["Location"].endswith(f"/ledger/entries/{body['id']}")
    again = client.get(response.headers["Location"], headers=world.headers["member"])
    assert again.status_code == 200 and again.get_json() == body
    db.session.expire_all()
    assert db.session.get(LedgerEntry, entry.id).amount_ore == -150_000
    after = summary(client, world, 2024)
    assert after["closing_balance_ore"] == before["closing_balance_ore"] + 5_000
    assert [e["kind"] for e in all_entries(client, world, 2024)] == ["expense", "correction"]
    logged = db.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.entity_type == "ledger_entries")
    ).all()
    assert body["id"] in {log.entity_id for log in logged if log.action == "create"}


@pytest.mark.parametrize("caller", NOT_WRITERS)
def test_only_plo_and_the_admin_book_corrections(client, factory, world, caller):
    entry = factory.ledger_entry(world.viborg)
    response = client.post(
        entries_url(world.viborg), json=correction(entry), headers=world.headers[caller]
    )
    assert_problem(response, 403)
    assert_problem(client.post(entries_url(world.viborg), json=correction(entry)), 401)
    assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.id != entry.id)) is None


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"kind": "expense"}, "kind", "not_one_of"),
        ({"amount_ore": 0}, "amount_ore", "zero_amount"),
        ({"amount_ore": 12.5}, "amount_ore", "invalid_type"),
        ({"reason": None}, "reason", "null"),
        ({"corrects": None}, "corrects", "null"),
        ({"id": "00000000-0000-0000-0000-000000000000"}, "id", "unknown_field"),
    ],
)
def test_a_bad_correction_is_422_with_its_code(client, factory, world, change, field, code):
    entry = factory.ledger_entry(world.viborg)
    response = client.post(
        entries_url(world.viborg), json=correction(entry, **change), headers=world.headers["plo"]
    )
    body = assert_problem(response, 422)
    assert [c["code"] for c in body["codes"][field]] == [code], body


def test_a_correction_of_another_ledgers_entry_is_a_rule_violation(client, factory, world):
    elsewhere = factory.ledger_entry(world.odense)
    response = client.post(
        entries_url(world.viborg), json=correction(elsewhere), headers=world.headers["plo"]
    )
    body = assert_problem(response, 422)
    assert body["codes"]["corrects"][0]["code"] == "unknown_ledger_entry"


def test_booked_entries_are_never_changed_or_deleted(client, factory, world):
    entry = factory.ledger_entry(world.viborg)
    url = f"{entries_url(world.viborg)}/{entry.id}"
    for method in ("PUT", "PATCH", "DELETE"):
        response = client.open(url, method=method, json={}, headers=world.headers["admin"])
        assert_problem(response, 405)
