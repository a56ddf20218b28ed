"""A cluster's budget per category for a year: set by the treasurer or the coordinator with
If-Match, read by every member, and shown beside the actual figures in the ledger's summary
(derived, in a constant number of statements)."""

from __future__ import annotations

from datetime import date

import pytest

from api.models import Cluster, LedgerCategory, LedgerEntryKind
from tests.problems import assert_problem
from tests.scenarios import ADMIN, build, doctor, machine, staff

YEAR = 2027
LINES = [
    {"category": "allocation", "amount_ore": 17_520_000},
    {"category": "catering", "amount_ore": -1_200_000},
    {"category": "speaker", "amount_ore": -643_212},
]


@pytest.fixture
def world(factory):
    scenario = build(
        factory,
        {
            "member": doctor("viborg"),
            "secretary": doctor("viborg", role="secretary"),
            "treasurer": doctor("viborg", role="treasurer"),
            "coordinator": doctor("viborg", role="coordinator"),
            "other_member": doctor("odense"),
            "unit": staff("midtjylland"),
            "plo": staff("plo"),
            "plo_reader": machine("plo", "economy:read"),
            "plo_writer": machine("plo", "economy:write"),
            "admin": ADMIN,
        },
    )
    scenario.headers["anonymous"] = {}
    return scenario


def budget_url(cluster: Cluster, year: int = YEAR) -> str:
    return f"/api/v1/clusters/{cluster.id}/budgets/{year}"


def put_budget(client, world, caller: str, lines, year: int = YEAR):
    url = budget_url(world.viborg, year)
    etag = client.get(url, headers=world.headers["treasurer"]).headers["ETag"]
    return client.put(
        url, json={"lines": lines}, headers={**world.headers[caller], "If-Match": etag}
    )


def test_the_treasurer_sets_the_budget_and_every_member_reads_it(client, world):
    empty = client.get(budget_url(world.viborg), headers=world.headers["member"])
    assert empty.status_code == 200
    assert empty.get_json() == {
        "cluster_id": str(world.viborg.id),
        "year": YEAR,
        "lines": [],
        "income_ore": 0,
        "spending_ore": 0,
        "net_ore": 0,
    }
    response = put_budget(client, world, "treasurer", LINES)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    # Lines in the categories' order; sums of whole øre.
    assert [line["category"] for line in body["lines"]] == ["allocation", "speaker", "catering"]
    assert (body["income_ore"], body["spending_ore"], body["net_ore"]) == (
        17_520_000,
        -1_843_212,
        17_520_000 - 1_843_212,
    )
    for caller in ("member", "secretary", "coordinator", "plo", "plo_reader", "admin"):
        read = client.get(budget_url(world.viborg), headers=world.headers[caller])
        assert read.status_code == 200
        assert read.get_json() == body
    # The coordinator replaces it as a whole: a line left out is gone.
    changed = put_budget(client, world, "coordinator", [{"category": "room", "amount_ore": -5}])
    assert [line["category"] for line in changed.get_json()["lines"]] == ["room"]
    assert put_budget(client, world, "plo_writer", LINES).status_code == 200
    # Another year is another budget.
    other = client.get(budget_url(world.viborg, YEAR + 1), headers=world.headers["member"])
    assert other.get_json()["lines"] == []


def test_the_budget_refuses_whoever_may_not_and_stale_or_bad_writes(client, world):
    url = budget_url(world.viborg)
    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, headers=world.headers["unit"]), 403)
    assert_problem(client.get(url, headers=world.headers["other_member"]), 404)
    assert_problem(client.get(budget_url(world.odense), headers=world.headers["member"]), 404)
    assert_problem(client.get(budget_url(world.viborg, 1999), headers=world.headers["member"]), 404)
    for caller in ("member", "secretary", "plo_reader", "unit"):
        assert_problem(put_budget(client, world, caller, LINES), 403)
    assert_problem(put_budget(client, world, "other_member", LINES), 404)
    assert_problem(client.put(url, json={"lines": LINES}, headers=world.headers["treasurer"]), 428)
    etag = client.get(url, headers=world.headers["treasurer"]).headers["ETag"]
    assert put_budget(client, world, "coordinator", LINES).status_code == 200
    stale = client.put(
        url, json={"lines": []}, headers={**world.headers["treasurer"], "If-Match": etag}
    )
    assert_problem(stale, 412)
    twice = put_budget(client, world, "treasurer", [LINES[1], {**LINES[1], "amount_ore": -1}])
    body = assert_problem(twice, 422)
    assert body["codes"]["lines.1.category"][0]["code"] == "named_twice"
    for bad in (
        [{"category": "catering", "amount_ore": 1.5}],
        [{"category": "catering", "amount_ore": "12"}],
        [{"category": "beer", "amount_ore": 1}],
        [{"category": "catering"}],
        [{"category": "catering", "amount_ore": 10**13}],
        [{"category": "catering", "amount_ore": 1, "year": 2020}],
    ):
        assert_problem(put_budget(client, world, "treasurer", bad), 422)
    # Nothing of the refused writes is kept.
    assert client.get(url, headers=world.headers["member"]).get_json()["lines"] == [
        LINES[0],
        LINES[2],
        LINES[1],
    ]


def test_the_ledger_shows_each_categorys_budget_beside_the_actual(client, factory, world):
    put_budget(client, world, "treasurer", LINES)
    factory.ledger_entry(
        world.viborg,
        17_000_000,
        booked_on=date(YEAR, 3, 1),
        kind=LedgerEntryKind.allocation,
        category=LedgerCategory.allocation,
    )
    factory.ledger_entry(world.viborg, -1_300_001, booked_on=date(YEAR, 5, 1))
    factory.ledger_entry(world.viborg, -7, booked_on=date(YEAR + 1, 1, 1))  # next year
    summary = client.get(
        f"/api/v1/clusters/{world.viborg.id}/ledger",
        query_string={"year": YEAR},
        headers=world.headers["member"],
    ).get_json()
    lines = {c["category"]: c for c in summary["categories"]}
    assert (lines["allocation"]["budget_ore"], lines["allocation"]["net_ore"]) == (
        17_520_000,
        17_000_000,
    )
    assert lines["allocation"]["budget_difference_ore"] == -520_000
    assert lines["catering"]["budget_difference_ore"] == -1_300_001 + 1_200_000
    assert (lines["speaker"]["budget_ore"], lines["speaker"]["budget_difference_ore"]) == (
        -643_212,
        643_212,
    )
    assert lines["room"]["budget_ore"] is None
    assert summary["budget_net_ore"] == sum(line["amount_ore"] for line in LINES)
    assert all(
        type(c[k]) is int
        for c in summary["categories"]
        for k in ("budget_ore", "budget_difference_ore")
        if c[k] is not None
    )
    without = client.get(
        f"/api/v1/clusters/{world.viborg.id}/ledger",
        query_string={"year": YEAR + 1},
        headers=world.headers["member"],
    ).get_json()
    assert without["budget_net_ore"] is None


def test_the_ledger_with_a_budget_costs_the_same_statements_however_many_lines(
    client, factory, world, count_statements
):
    def statements() -> int:
        with count_statements() as counter:
            response = client.get(
                f"/api/v1/clusters/{world.viborg.id}/ledger",
                query_string={"year": YEAR},
                headers=world.headers["member"],
            )
        assert response.status_code == 200
        return counter.count

    put_budget(client, world, "treasurer", LINES[:1])
    factory.ledger_entry(world.viborg, booked_on=date(YEAR, 2, 2))
    few = statements()
    put_budget(
        client,
        world,
        "treasurer",
        [{"category": c.value, "amount_ore": -n} for n, c in enumerate(LedgerCategory)],
    )
    for n in range(30):
        factory.ledger_entry(world.viborg, -n - 1, booked_on=date(YEAR, 1 + n % 12, 3))
    assert statements() == few

    def budget_statements() -> int:
        client.get(budget_url(world.viborg), headers=world.headers["member"])  # warm
        with count_statements() as counter:
            response = client.get(budget_url(world.viborg), headers=world.headers["member"])
        assert response.status_code == 200
        return counter.count

    many = budget_statements()
    put_budget(client, world, "treasurer", LINES[:1])
    assert budget_statements() == many
