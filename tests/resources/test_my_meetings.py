"""`GET /api/v1/me/meetings`: the meetings a person is invited to, in all their clusters, with
their own answer, in one request (the dashboard's list)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import Member
from tests.problems import assert_problem
from tests.resources import test_meetings
from tests.resources.test_meetings import MEETINGS, World, _at, _create, _planned

world = test_meetings.world

MINE = "/api/v1/me/meetings"


def _invite_everyone(client, world: World, meeting_id: str) -> None:
    response = client.post(
        f"{MEETINGS}/{meeting_id}/invitations",
        json={"everyone": True},
        headers=world.headers["coordinator"],
    )
    assert response.status_code == 200, response.get_json()


def _mine(client, world: World, caller: str = "member", **params) -> list[dict]:
    response = client.get(MINE, query_string=params, headers=world.headers[caller])
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_the_meetings_i_am_invited_to_with_my_answer(client, world):
    later = _planned(
        client, world, starts_at=_at(timedelta(days=40)), ends_at=_at(timedelta(days=40, hours=3))
    )
    sooner = _planned(client, world, title="Stop op")
    not_invited = _planned(client, world, title="Kun bestyrelsen")
    _create(client, world, title="Kladde")  # a draft: nobody is invited to it
    for meeting in (later, sooner):
        _invite_everyone(client, world, meeting["id"])
    answered = client.put(
        f"{MEETINGS}/{sooner['id']}/invitations/me",
        json={"answer": "accepted"},
        headers=world.headers["member"],
    )
    assert answered.status_code == 200, answered.get_json()

    items = _mine(client, world)
    assert [m["id"] for m in items] == [sooner["id"], later["id"]]  # by start
    assert not_invited["id"] not in {m["id"] for m in items}
    first, second = items
    assert first["my_answer"] == "accepted" and first["answered_at"] is not None
    assert second["my_answer"] == "invited" and second["answered_at"] is None
    assert first["cluster_name"] == "Demoklyngen Viborg"
    assert first["title"] == "Stop op" and first["status"] == "planned"
    assert first["responsible"]["kind"] == "user"

    # Filters as on a cluster's list; a cancelled meeting stays, shown as cancelled.
    cancelled = client.post(
        f"{MEETINGS}/{later['id']}/cancel", headers=world.headers["coordinator"]
    )
    assert cancelled.status_code == 200
    assert [m["id"] for m in _mine(client, world, status="planned")] == [sooner["id"]]
    assert [m["status"] for m in _mine(client, world)] == ["planned", "cancelled"]
    assert [m["id"] for m in _mine(client, world, **{"from": _at(timedelta(days=20))})] == [
        later["id"]
    ]
    # Someone in another cluster sees none of it.
    assert _mine(client, world, "odense_member") == []


def test_pages_by_start_time(client, world):
    for n in range(3):
        meeting = _planned(
            client,
            world,
            starts_at=_at(timedelta(days=10 + n)),
            ends_at=_at(timedelta(days=10 + n, hours=2)),
        )
        _invite_everyone(client, world, meeting["id"])
    first = client.get(MINE, query_string={"limit": 2}, headers=world.headers["member"])
    body = first.get_json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    rest = client.get(
        MINE,
        query_string={"limit": 2, "cursor": body["next_cursor"]},
        headers=world.headers["member"],
    ).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    starts = [m["starts_at"] for m in body["items"] + rest["items"]]
    assert starts == sorted(starts)


def test_a_person_who_left_the_cluster_no_longer_sees_its_meetings(client, world):
    meeting = _planned(client, world)
    _invite_everyone(client, world, meeting["id"])
    assert len(_mine(client, world, "colleague")) == 1
    membership = db.session.scalar(
        select(Member).where(Member.user_id == world.people["colleague"].id)
    )
    membership.valid_to = date.today() - timedelta(days=1)
    db.session.commit()
    assert _mine(client, world, "colleague") == []


def test_without_token_401_and_a_machine_client_403(client, world):
    assert_problem(client.get(MINE), 401)
    assert_problem(client.get(MINE, headers=world.headers["plo_client"]), 403)


@pytest.mark.parametrize(
    "params",
    [{"from": "tomorrow"}, {"status": "soon"}, {"limit": 0}, {"cursor": "not-a-cursor"}],
)
def test_bad_arguments_are_422(client, world, params):
    assert_problem(client.get(MINE, query_string=params, headers=world.headers["member"]), 422)


def test_statements_do_not_grow_with_the_number_of_meetings(client, world, count_statements):
    def statements() -> int:
        with count_statements() as counted:
            assert client.get(MINE, headers=world.headers["member"]).status_code == 200
        return counted.count

    meeting = _planned(client, world)
    _invite_everyone(client, world, meeting["id"])
    one = statements()
    for n in range(4):
        meeting = _planned(
            client,
            world,
            starts_at=_at(timedelta(days=20 + n)),
            ends_at=_at(timedelta(days=20 + n, hours=2)),
            responsible={"kind": "clinic", "id": str(world.clinic.id)},
        )
        _invite_everyone(client, world, meeting["id"])
    assert statements() == one
