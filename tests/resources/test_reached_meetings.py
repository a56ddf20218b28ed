"""`GET /api/v1/meetings`: the meetings of every cluster the caller reaches, in one request (a
quality unit's view of its region's meetings this quarter)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from api.models import MeetingState
from tests.problems import assert_problem
from tests.resources import test_meetings
from tests.resources.test_meetings import World, _at

world = test_meetings.world

MEETINGS = "/api/v1/meetings"


def _listed(client, world: World, caller: str, **params) -> list[dict]:
    response = client.get(MEETINGS, query_string=params, headers=world.headers[caller])
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


@pytest.fixture
def meetings(factory, world):
    """Two meetings of Viborg (Midtjylland), one of Odense (Syddanmark) and a draft of Viborg."""
    viborg_soon = factory.meeting(world.viborg, starts_in=timedelta(days=5), title="Stop op")
    viborg_later = factory.meeting(world.viborg, starts_in=timedelta(days=40), title="Senere")
    odense = factory.meeting(world.odense, starts_in=timedelta(days=6), title="Odense møde")
    draft = factory.meeting(
        world.viborg, starts_in=timedelta(days=3), title="Kladde", state=MeetingState.draft
    )
    return {
        "viborg_soon": str(viborg_soon.id),
        "viborg_later": str(viborg_later.id),
        "odense": str(odense.id),
        "draft": str(draft.id),
    }


def test_a_quality_unit_lists_its_region_s_meetings_by_start(client, world, meetings):
    items = _listed(client, world, "midtkraft")
    assert [m["id"] for m in items] == [meetings["viborg_soon"], meetings["viborg_later"]]
    first = items[0]
    assert first["cluster_name"] == "Demoklyngen Viborg" and first["title"] == "Stop op"
    assert first["cluster_id"] == str(world.viborg.id) and first["status"] == "planned"
    assert first["responsible"]["kind"] == "user"
    # Another region's unit sees its own region's, and no draft is ever listed.
    assert [m["id"] for m in _listed(client, world, "sydkip")] == [meetings["odense"]]
    assert meetings["draft"] not in {m["id"] for m in _listed(client, world, "coordinator")}


def test_national_readers_reach_every_cluster_and_a_doctor_their_own(client, world, meetings):
    every = [meetings["viborg_soon"], meetings["odense"], meetings["viborg_later"]]
    for caller in ("admin", "plo", "plo_client"):
        assert [m["id"] for m in _listed(client, world, caller)] == every, caller
    assert [m["id"] for m in _listed(client, world, "member")] == [
        meetings["viborg_soon"],
        meetings["viborg_later"],
    ]
    assert [m["id"] for m in _listed(client, world, "odense_member")] == [meetings["odense"]]
    assert _listed(client, world, "outsider") == []


def test_filters_by_region_cluster_time_and_status(client, world, meetings):
    assert [m["id"] for m in _listed(client, world, "admin", region="syddanmark")] == [
        meetings["odense"]
    ]
    assert [m["id"] for m in _listed(client, world, "admin", cluster_id=str(world.viborg.id))] == [
        meetings["viborg_soon"],
        meetings["viborg_later"],
    ]
    quarter = {"from": _at(timedelta(days=1)), "to": _at(timedelta(days=30))}
    assert [m["id"] for m in _listed(client, world, "midtkraft", **quarter)] == [
        meetings["viborg_soon"]
    ]
    assert _listed(client, world, "admin", status="cancelled") == []
    # A region or cluster out of the caller's reach is an empty list, not someone else's.
    assert _listed(client, world, "midtkraft", region="syddanmark") == []
    assert _listed(client, world, "midtkraft", cluster_id=str(world.odense.id)) == []


def test_pages_by_start_time(client, world, meetings):
    first = client.get(MEETINGS, query_string={"limit": 2}, headers=world.headers["admin"])
    body = first.get_json()
    assert [m["id"] for m in body["items"]] == [meetings["viborg_soon"], meetings["odense"]]
    rest = _listed(client, world, "admin", limit=2, cursor=body["next_cursor"])
    assert [m["id"] for m in rest] == [meetings["viborg_later"]]


def test_without_a_token_401(client, world):
    assert_problem(client.get(MEETINGS), 401)


def test_a_machine_client_without_a_meeting_scope_403(client, factory, world):
    machine = factory.client(scopes=["files:read"])
    assert_problem(client.get(MEETINGS, headers=factory.auth(machine)), 403)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"cluster_id": str(uuid.uuid4())}, "cluster_id"),
        ({"cluster_id": "viborg"}, "cluster_id"),
        ({"from": "tomorrow"}, "from"),
        ({"status": "held-ish"}, "status"),
        ({"limit": 0}, "limit"),
        ({"regions": "midtjylland"}, "regions"),
    ],
)
def test_bad_filters_are_a_422_on_their_field(client, world, params, field):
    response = client.get(MEETINGS, query_string=params, headers=world.headers["admin"])
    body = assert_problem(response, 422)
    assert field in body["errors"] and field in body["codes"]


def test_a_page_costs_the_same_statements_whatever_its_size(
    client, factory, world, count_statements
):
    counts = []
    for n in (2, 20):
        for _ in range(n):
            factory.meeting(world.viborg, starts_in=timedelta(days=2))
        with count_statements() as listing:
            items = _listed(client, world, "midtkraft", limit=100)
        assert len(items) >= n
        counts.append(listing.count)
    assert counts[0] == counts[1]
