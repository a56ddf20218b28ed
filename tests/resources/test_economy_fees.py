"""Fees from attendance: a cluster's fee rules, the proposals a closed meeting gives from its
finalised attendance and agenda, their confirmation by the treasurer or coordinator and their
booking by PLO into the ledger, and the recomputation a correction of attendance brings
(never touching a booked fee). Integer arithmetic, rounded half up to the whole øre."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import BigInteger, select

from api.core.extensions import db
from api.models import (
    AgendaItem,
    BudgetLine,
    Cluster,
    FeeProposal,
    FeeRules,
    LedgerEntry,
    Meeting,
)
from api.services.economy.fees import fee_by_the_hour
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

SPEAKER = "Overlæge Hanne Holm"
OTHER_SPEAKER = "Psykolog Bo Berg"
COORDINATOR_FEE = 150_000


@dataclass
class World:
    scenario: Scenario
    viborg: Cluster
    odense: Cluster
    headers: dict[str, dict[str, str]]

    def uid(self, name: str) -> str:
        return str(self.scenario.people[name].id)


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
            "plo": staff("plo"),
            "plo_reader": machine("plo", "economy:read"),
            "plo_writer": machine("plo", "economy:write"),
            "admin": ADMIN,
        },
    )
    return World(scenario, scenario.viborg, scenario.odense, {**scenario.headers, "anonymous": {}})


def rules_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/fee-rules"


def fees_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/fees"


def set_rules(client, world: World, cluster: Cluster, caller: str, **rules: int) -> dict:
    read = client.get(rules_url(cluster), headers=world.headers[caller])
    assert read.status_code == 200, read.get_data(as_text=True)
    body = {
        "coordinator_fee_ore": read.get_json()["coordinator_fee_ore"],
        "speaker_rate_ore_per_hour": read.get_json()["speaker_rate_ore_per_hour"],
        **rules,
    }
    response = client.put(
        rules_url(cluster),
        json=body,
        headers={**world.headers[caller], "If-Match": read.headers["ETag"]},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def begun_meeting(factory, world: World, cluster: Cluster | None = None) -> Meeting:
    """A meeting that began an hour ago, with two guest speakers on its agenda (45 minutes
    for one over two items, 20 for the other) and a member's item (no fee)."""
    cluster = cluster or world.viborg
    coordinator = world.scenario.people["coordinator"]
    meeting = factory.meeting(cluster, responsible=coordinator, starts_in=-timedelta(hours=1))
    for position, (minutes, name, user) in enumerate(
        [
            (30, SPEAKER, None),
            (20, OTHER_SPEAKER, None),
            (15, SPEAKER, None),
            (25, None, coordinator),
        ]
    ):
        db.session.add(
            AgendaItem(
                id=uuid.uuid4(),
                meeting_id=meeting.id,
                position=position,
                title=f"Punkt {position + 1}",
                duration_minutes=minutes,
                responsible_name=name,
                responsible_user_id=user.id if user is not None else None,
            )
        )
    db.session.commit()
    return meeting


def register(client, world: World, meeting: Meeting, attended: dict[str, bool], reason=None):
    items = [
        {"user_id": world.uid(name), "attended": value, **({"reason": reason} if reason else {})}
        for name, value in attended.items()
    ]
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/attendance",
        json={"items": items},
        headers=world.headers["coordinator"],
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def close(client, world: World, meeting: Meeting) -> None:
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/close", headers=world.headers["coordinator"]
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def fees_of(client, world: World, caller: str = "member", **query: Any) -> list[dict]:
    response = client.get(
        fees_url(world.viborg), query_string={"limit": 200, **query}, headers=world.headers[caller]
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def by_who(fees: list[dict]) -> dict[str, dict]:
    return {fee["speaker_name"] or fee["basis"]: fee for fee in fees}


# --- the arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "minutes", "amount"),
    [
        (107_202, 60, 107_202),  # an hour at the consultant rate: 1.072,02 kr.
        (107_202, 45, 80_402),  # 80,401.5 øre: half rounds up
        (107_202, 20, 35_734),  # 35,734.0: exact
        (107_202, 1, 1_787),  # 1,786.7: up
        (30, 1, 1),  # 0.5 øre: half rounds up
        (29, 1, 0),  # 0.48 øre: down
        (90, 1, 2),  # 1.5 øre: up
        (0, 600, 0),
    ],
)
def test_a_fee_by_the_hour_rounds_half_up_to_the_whole_ore(rate, minutes, amount):
    got = fee_by_the_hour(rate, minutes)
    assert got == amount
    assert type(got) is int
    # The rule stated in integers: the nearest whole øre, a half going up.
    assert 2 * rate * minutes - 60 <= 120 * got <= 2 * rate * minutes + 60


# --- fee rules -----------------------------------------------------------------------------


def test_fee_rules_default_to_the_consultant_rate_and_are_kept_by_treasurer_and_coordinator(
    client, world
):
    read = client.get(rules_url(world.viborg), headers=world.headers["member"])
    assert read.status_code == 200
    assert read.get_json() | {"updated_at": None} == {
        "cluster_id": str(world.viborg.id),
        "coordinator_fee_ore": 0,
        "speaker_rate_ore_per_hour": 107_202,
        "version": 0,
        "updated_at": None,
    }
    changed = set_rules(client, world, world.viborg, "treasurer", coordinator_fee_ore=120_000)
    assert changed["coordinator_fee_ore"] == 120_000
    assert changed["version"] == 1
    again = set_rules(client, world, world.viborg, "coordinator", speaker_rate_ore_per_hour=99_999)
    assert (again["coordinator_fee_ore"], again["speaker_rate_ore_per_hour"]) == (120_000, 99_999)
    plo = set_rules(client, world, world.viborg, "plo_writer", coordinator_fee_ore=1)
    assert plo["version"] == 3


def test_fee_rules_refuse_whoever_may_not_and_stale_or_bad_writes(client, world):
    url = rules_url(world.viborg)
    body = {"coordinator_fee_ore": 1, "speaker_rate_ore_per_hour": 2}
    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, headers=world.headers["unit"]), 403)
    assert_problem(client.get(url, headers=world.headers["other_member"]), 404)
    assert_problem(client.get(rules_url(world.odense), headers=world.headers["member"]), 404)
    etag = client.get(url, headers=world.headers["treasurer"]).headers["ETag"]
    for caller in ("member", "plo_reader", "plo", "unit"):
        want = 200 if caller == "plo" else 403
        response = client.put(url, json=body, headers={**world.headers[caller], "If-Match": etag})
        if want == 403:
            assert_problem(response, 403)
        else:
            assert response.status_code == 200
    assert_problem(client.put(url, json=body, headers=world.headers["treasurer"]), 428)
    assert_problem(
        client.put(url, json=body, headers={**world.headers["treasurer"], "If-Match": etag}), 412
    )
    fresh = client.get(url, headers=world.headers["treasurer"]).headers["ETag"]
    for bad in (
        {"coordinator_fee_ore": -1, "speaker_rate_ore_per_hour": 2},
        {"coordinator_fee_ore": 1.5, "speaker_rate_ore_per_hour": 2},
        {"coordinator_fee_ore": 1},
        {**body, "version": 9},
    ):
        response = client.put(
            url, json=bad, headers={**world.headers["treasurer"], "If-Match": fresh}
        )
        assert_problem(response, 422)


# --- proposals, confirmation and booking ---------------------------------------------------


def test_closing_a_meeting_proposes_fees_that_are_confirmed_and_booked(client, factory, world):
    set_rules(client, world, world.viborg, "treasurer", coordinator_fee_ore=COORDINATOR_FEE)
    meeting = begun_meeting(factory, world)
    register(client, world, meeting, {"coordinator": True, "member": True})
    assert fees_of(client, world) == []  # nothing before the meeting is closed
    close(client, world, meeting)

    fees = by_who(fees_of(client, world))
    assert set(fees) == {"coordinator", SPEAKER, OTHER_SPEAKER}
    coordinator = fees["coordinator"]
    assert coordinator["recipient_user_id"] == world.uid("coordinator")
    assert (coordinator["minutes"], coordinator["rate_ore"], coordinator["amount_ore"]) == (
        None,
        COORDINATOR_FEE,
        COORDINATOR_FEE,
    )
    assert (fees[SPEAKER]["minutes"], fees[SPEAKER]["amount_ore"]) == (45, 80_402)
    assert (fees[OTHER_SPEAKER]["minutes"], fees[OTHER_SPEAKER]["amount_ore"]) == (20, 35_734)
    assert all(fee["state"] == "proposed" for fee in fees.values())
    assert all(type(fee["amount_ore"]) is int for fee in fees.values())

    fee_url = f"/api/v1/fees/{fees[SPEAKER]['id']}"
    # Booking waits for the confirmation; the member and PLO's reader may do neither.
    assert_problem(client.post(f"{fee_url}/book", headers=world.headers["plo_writer"]), 409)
    for caller in ("member", "plo_reader", "unit"):
        assert_problem(client.post(f"{fee_url}/confirm", headers=world.headers[caller]), 403)
    assert_problem(client.post(f"{fee_url}/confirm"), 401)
    assert_problem(client.post(f"{fee_url}/confirm", headers=world.headers["other_member"]), 404)
    assert_problem(
        client.post(f"/api/v1/fees/{uuid.uuid4()}/confirm", headers=world.headers["treasurer"]),
        404,
    )

    confirmed = client.post(f"{fee_url}/confirm", headers=world.headers["treasurer"])
    assert confirmed.status_code == 200
    assert confirmed.get_json()["state"] == "confirmed"
    assert confirmed.get_json()["confirmed_by_user_id"] == world.uid("treasurer")
    again = assert_problem(
        client.post(f"{fee_url}/confirm", headers=world.headers["coordinator"]), 409
    )
    assert again["code"] == "fee_not_proposed"
    for caller in ("treasurer", "coordinator", "member"):
        assert_problem(client.post(f"{fee_url}/book", headers=world.headers[caller]), 403)

    booked = client.post(f"{fee_url}/book", headers=world.headers["plo_writer"])
    assert booked.status_code == 200, booked.get_data(as_text=True)
    assert booked.get_json()["state"] == "booked"
    entry = db.session.get(LedgerEntry, uuid.UUID(booked.get_json()["ledger_entry_id"]))
    assert entry.kind == "fee"
    assert entry.category == "speaker"
    assert entry.amount_ore == -80_402
    assert entry.meeting_id == meeting.id
    assert (entry.source_kind, entry.source_id) == ("fee_proposal", uuid.UUID(fees[SPEAKER]["id"]))
    assert entry.booked_by_client_id is not None
    twice = assert_problem(client.post(f"{fee_url}/book", headers=world.headers["plo"]), 409)
    assert twice["code"] == "fee_not_confirmed"

    # The coordinator confirms too, and PLO's staff books it as coordinator's pay.
    coordinator_url = f"/api/v1/fees/{coordinator['id']}"
    client.post(f"{coordinator_url}/confirm", headers=world.headers["coordinator"])
    pay = client.post(f"{coordinator_url}/book", headers=world.headers["plo"]).get_json()
    pay_entry = db.session.get(LedgerEntry, uuid.UUID(pay["ledger_entry_id"]))
    assert (pay_entry.category, pay_entry.amount_ore) == ("coordinator_pay", -COORDINATOR_FEE)

    # Every member follows it; the list filters by state and meeting.
    assert {f["state"] for f in fees_of(client, world, "plo_reader", state="booked")} == {"booked"}
    assert len(fees_of(client, world, meeting_id=str(meeting.id))) == 3
    assert fees_of(client, world, meeting_id=str(uuid.uuid4())) == []
    single = client.get(fee_url, headers=world.headers["member"])
    assert single.get_json()["state"] == "booked"
    year = entry.booked_on.year
    summary = client.get(
        f"/api/v1/clusters/{world.viborg.id}/ledger",
        query_string={"year": year},
        headers=world.headers["member"],
    ).get_json()
    spent = {c["category"]: c["spending_ore"] for c in summary["categories"]}
    assert spent["speaker"] == -80_402
    assert spent["coordinator_pay"] == -COORDINATOR_FEE


def test_no_coordinator_fee_when_absent_and_none_without_rules(client, factory, world):
    meeting = begun_meeting(factory, world)
    register(client, world, meeting, {"coordinator": True})
    close(client, world, meeting)
    # Default rules: no coordinator's fee, speakers at the consultant rate.
    assert set(by_who(fees_of(client, world))) == {SPEAKER, OTHER_SPEAKER}

    set_rules(client, world, world.viborg, "treasurer", coordinator_fee_ore=COORDINATOR_FEE)
    absent = begun_meeting(factory, world)
    register(client, world, absent, {"coordinator": False, "member": True})
    close(client, world, absent)
    assert set(by_who(fees_of(client, world, meeting_id=str(absent.id)))) == {
        SPEAKER,
        OTHER_SPEAKER,
    }


def test_a_correction_after_closing_recomputes_proposals_but_never_a_booked_fee(
    client, factory, world
):
    set_rules(client, world, world.viborg, "treasurer", coordinator_fee_ore=COORDINATOR_FEE)
    meeting = begun_meeting(factory, world)
    register(client, world, meeting, {"coordinator": False, "member": True})
    close(client, world, meeting)
    assert "coordinator" not in by_who(fees_of(client, world))

    # The coordinator was there after all: the correction proposes the coordinator's fee.
    register(client, world, meeting, {"coordinator": True}, reason="Registreret forkert")
    fees = by_who(fees_of(client, world))
    assert fees["coordinator"]["amount_ore"] == COORDINATOR_FEE

    # One speaker's fee is booked, the other confirmed; then the rate changes and the
    # attendance is corrected again.
    booked_id, confirmed_id = fees[SPEAKER]["id"], fees[OTHER_SPEAKER]["id"]
    client.post(f"/api/v1/fees/{booked_id}/confirm", headers=world.headers["treasurer"])
    client.post(f"/api/v1/fees/{booked_id}/book", headers=world.headers["plo_writer"])
    client.post(f"/api/v1/fees/{confirmed_id}/confirm", headers=world.headers["treasurer"])
    set_rules(client, world, world.viborg, "treasurer", speaker_rate_ore_per_hour=120_000)
    register(client, world, meeting, {"coordinator": False}, reason="Gik før mødet")

    after = by_who(fees_of(client, world))
    assert "coordinator" not in after  # withdrawn: it was not booked
    assert after[SPEAKER] == fees[SPEAKER] | {
        k: after[SPEAKER][k]
        for k in ("state", "ledger_entry_id", "confirmed_at", "confirmed_by_user_id", "updated_at")
    }
    assert after[SPEAKER]["state"] == "booked"
    assert (after[SPEAKER]["rate_ore"], after[SPEAKER]["amount_ore"]) == (107_202, 80_402)
    # The confirmed one follows the new rate and must be confirmed again.
    assert after[OTHER_SPEAKER]["id"] == confirmed_id
    assert (after[OTHER_SPEAKER]["rate_ore"], after[OTHER_SPEAKER]["amount_ore"]) == (
        120_000,
        40_000,
    )
    assert after[OTHER_SPEAKER]["state"] == "proposed"
    # Exactly one proposal per recipient, and the booked one has exactly one entry.
    assert len(fees_of(client, world)) == 2
    entries = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.source_id == uuid.UUID(booked_id))
    ).all()
    assert [e.amount_ore for e in entries] == [-80_402]


def test_the_coordinator_fee_once_booked_stays_when_attendance_is_corrected(client, factory, world):
    set_rules(client, world, world.viborg, "coordinator", coordinator_fee_ore=COORDINATOR_FEE)
    meeting = begun_meeting(factory, world)
    register(client, world, meeting, {"coordinator": True})
    close(client, world, meeting)
    fee = by_who(fees_of(client, world))["coordinator"]
    client.post(f"/api/v1/fees/{fee['id']}/confirm", headers=world.headers["coordinator"])
    client.post(f"/api/v1/fees/{fee['id']}/book", headers=world.headers["admin"])
    register(client, world, meeting, {"coordinator": False}, reason="Fejlregistrering")
    register(client, world, meeting, {"coordinator": True}, reason="Alligevel til stede")
    coordinators = [f for f in fees_of(client, world) if f["basis"] == "coordinator"]
    assert [(f["id"], f["state"]) for f in coordinators] == [(fee["id"], "booked")]


def test_fees_of_another_cluster_are_not_found(client, factory, world):
    odense_meeting = factory.meeting(world.odense, starts_in=-timedelta(hours=1))
    fee = factory.fee_proposal(odense_meeting)
    for caller in ("member", "treasurer", "coordinator"):
        assert_problem(
            client.post(f"/api/v1/fees/{fee.id}/confirm", headers=world.headers[caller]), 404
        )
        assert_problem(client.get(f"/api/v1/fees/{fee.id}", headers=world.headers[caller]), 404)
    assert_problem(client.get(fees_url(world.odense), headers=world.headers["member"]), 404)
    assert_problem(client.get(fees_url(world.viborg)), 401)
    assert_problem(client.get(fees_url(world.viborg), headers=world.headers["unit"]), 403)
    assert_problem(
        client.get(
            fees_url(world.viborg), query_string={"state": "paid"}, headers=world.headers["member"]
        ),
        422,
    )
    assert_problem(
        client.get(
            fees_url(world.viborg), query_string={"limit": 201}, headers=world.headers["member"]
        ),
        422,
    )
    # PLO reaches every cluster.
    plo = client.post(f"/api/v1/fees/{fee.id}/confirm", headers=world.headers["plo"])
    assert plo.status_code == 200


def test_listing_fees_costs_the_same_statements_however_many(
    client, factory, world, count_statements
):
    meeting = factory.meeting(world.viborg, starts_in=-timedelta(hours=1))

    def statements() -> int:
        with count_statements() as counter:
            response = client.get(fees_url(world.viborg), headers=world.headers["member"])
        assert response.status_code == 200
        return counter.count

    factory.fee_proposal(meeting)
    few = statements()
    for n in range(30):
        factory.fee_proposal(meeting, speaker_name=f"Oplægsholder {n}", minutes=n + 1)
    assert statements() == few
    assert db.session.scalar(select(FeeProposal.amount_ore).limit(1)) is not None


def test_booking_a_batch_is_replayed_by_its_idempotency_key(client, factory, world):
    meeting = factory.meeting(world.viborg, starts_in=-timedelta(hours=1))
    fee = factory.fee_proposal(meeting)
    client.post(f"/api/v1/fees/{fee.id}/confirm", headers=world.headers["treasurer"])
    headers = {**world.headers["plo_writer"], "Idempotency-Key": str(uuid.uuid4())}
    first = client.post(f"/api/v1/fees/{fee.id}/book", headers=headers)
    again = client.post(f"/api/v1/fees/{fee.id}/book", headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    entries = db.session.scalars(select(LedgerEntry).where(LedgerEntry.source_id == fee.id)).all()
    assert [e.amount_ore for e in entries] == [-fee.amount_ore]
    # Without the key, a second booking is refused: a booked fee is booked once.
    assert_problem(
        client.post(f"/api/v1/fees/{fee.id}/book", headers=world.headers["plo_writer"]), 409
    )


def _floats(body: Any) -> list[Any]:
    if isinstance(body, float):
        return [body]
    if isinstance(body, dict):
        return [f for value in body.values() for f in _floats(value)]
    if isinstance(body, list):
        return [f for value in body for f in _floats(value)]
    return []


def test_no_float_in_the_fee_and_budget_tables_or_answers(client, factory, world):
    for model, column in [
        (FeeProposal, "amount_ore"),
        (FeeProposal, "rate_ore"),
        (FeeRules, "coordinator_fee_ore"),
        (FeeRules, "speaker_rate_ore_per_hour"),
        (BudgetLine, "amount_ore"),
    ]:
        assert isinstance(model.__table__.c[column].type, BigInteger), (model, column)
    for model in (FeeProposal, FeeRules, BudgetLine):
        for column in model.__table__.columns:
            assert column.type.python_type is not float, (model, column.name)
    meeting = factory.meeting(world.viborg, starts_in=-timedelta(hours=1))
    factory.fee_proposal(meeting, minutes=7)
    cluster = world.viborg.id
    answers = [
        client.get(fees_url(world.viborg), headers=world.headers["member"]).get_json(),
        client.get(rules_url(world.viborg), headers=world.headers["member"]).get_json(),
        client.get(f"/api/v1/clusters/{cluster}/budgets/2025", headers=world.headers["member"]),
        client.get(f"/api/v1/clusters/{cluster}/accounts/2025", headers=world.headers["member"]),
    ]
    answers = [a if isinstance(a, dict) else a.get_json() for a in answers]
    assert answers[0]["items"][0]["amount_ore"] == fee_by_the_hour(107_202, 7) == 12_507
    assert [_floats(body) for body in answers] == [[], [], [], []]
