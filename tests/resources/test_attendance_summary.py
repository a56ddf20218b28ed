"""PLO's attendance totals: per cluster, per region and in all, for a year; every cluster of
the selection (zeros included), who may read them, refused arguments, and a statement count
that does not grow with the number of clusters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from api.core.extensions import db
from api.models import Attendance, MeetingState
from tests.problems import assert_problem
from tests.resources import test_meetings

world = test_meetings.world

SUMMARY = "/api/v1/attendance/summary"


def _held(factory, cluster, *, attended: int, absent: int = 0, days_ago: int = 10, **fields):
    """A meeting of `cluster` held `days_ago` days ago at noon UTC (the same day in Danish
    time, so its year is `_year_of(days_ago)` whatever the hour the test runs at), with its
    attendance registered."""
    now = datetime.now(UTC)
    noon = (now - timedelta(days=days_ago)).replace(hour=12, minute=0, second=0, microsecond=0)
    meeting = factory.meeting(cluster, starts_in=noon - now, **fields)
    for index in range(attended + absent):
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                user_id=factory.user().id,
                attended=index < attended,
            )
        )
    db.session.commit()
    return meeting


def _year_of(days_ago: int) -> int:
    # The UTC day `days_ago` back, where `_held` puts its meeting at noon.
    return (datetime.now(UTC) - timedelta(days=days_ago)).year


def _summary(client, headers, **params):
    db.session.expire_all()
    return client.get(SUMMARY, query_string=params, headers=headers)


def test_plo_reads_the_totals_per_cluster_region_and_in_all(client, world, factory):
    odense = factory.cluster("syddanmark", name="Klynge Odense")
    quiet = factory.cluster("syddanmark", name="Klynge Stille")
    _held(factory, world.viborg, attended=3, absent=1)
    _held(factory, world.viborg, attended=2)  # the same day: always the same year
    _held(factory, odense, attended=4)
    # Not held: a coming meeting, a cancelled one, a draft; and a meeting of another year.
    factory.meeting(world.viborg)
    _held(factory, odense, attended=5, state=MeetingState.cancelled, cancelled_at=datetime.now(UTC))
    _held(factory, odense, attended=5, state=MeetingState.draft)
    _held(factory, odense, attended=6, days_ago=800)

    body = _summary(client, world.headers["plo"], year=_year_of(10)).get_json()

    by_cluster = {row["cluster_id"]: row for row in body["clusters"]}
    assert by_cluster[str(world.viborg.id)]["meetings_held"] == 2
    assert by_cluster[str(world.viborg.id)]["attendances"] == 5
    assert by_cluster[str(odense.id)] == {
        "cluster_id": str(odense.id),
        "cluster_name": "Klynge Odense",
        "region_code": "syddanmark",
        "meetings_held": 1,
        "attendances": 4,
    }
    assert by_cluster[str(quiet.id)]["meetings_held"] == 0
    assert body["year"] == _year_of(10)
    assert body["meetings_held"] == sum(row["meetings_held"] for row in body["clusters"]) == 3
    assert body["attendances"] == 9
    assert body["clusters_count"] == len(body["clusters"])
    south = next(region for region in body["regions"] if region["region_code"] == "syddanmark")
    southern = [row for row in body["clusters"] if row["region_code"] == "syddanmark"]
    assert south == {
        "region_code": "syddanmark",
        "clusters": len(southern),
        "meetings_held": 1,
        "attendances": 4,
    }


def test_filters_by_region_and_cluster(client, world, factory):
    odense = factory.cluster("syddanmark")
    _held(factory, world.viborg, attended=2)
    _held(factory, odense, attended=4)
    headers = world.headers["plo_client"]

    south = _summary(client, headers, region_code="syddanmark").get_json()
    assert {row["region_code"] for row in south["clusters"]} == {"syddanmark"}
    assert str(odense.id) in {row["cluster_id"] for row in south["clusters"]}
    assert str(world.viborg.id) not in {row["cluster_id"] for row in south["clusters"]}
    assert south["attendances"] == 4

    viborg = _summary(client, headers, cluster_id=str(world.viborg.id)).get_json()
    assert [row["cluster_id"] for row in viborg["clusters"]] == [str(world.viborg.id)]
    assert (viborg["meetings_held"], viborg["attendances"]) == (1, 2)
    assert viborg["year"] is None


@pytest.mark.parametrize("caller", ["plo", "plo_client", "admin"])
def test_plo_and_the_admin_read_the_totals(client, world, caller):
    assert client.get(SUMMARY, headers=world.headers[caller]).status_code == 200


def test_without_token_401(client):
    assert_problem(client.get(SUMMARY), 401)


@pytest.mark.parametrize("caller", ["member", "coordinator", "midtkraft", "midtkraft_client"])
def test_cluster_people_and_regional_units_are_refused(client, world, caller):
    assert_problem(client.get(SUMMARY, headers=world.headers[caller]), 403)


@pytest.mark.parametrize(
    ("params", "field_name"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": 1899}, "year"),
        ({"cluster_id": "viborg"}, "cluster_id"),
        ({"cluster_id": str(uuid.uuid4())}, "cluster_id"),
        ({"region_code": "atlantis"}, "region_code"),
        ({"region_code": ""}, "region_code"),
    ],
)
def test_bad_arguments_are_422(client, world, params, field_name):
    response = client.get(SUMMARY, query_string=params, headers=world.headers["plo"])
    body = assert_problem(response, 422)
    assert field_name in str(body["errors"])


def test_statements_do_not_grow_with_the_clusters(client, world, factory, count_statements):
    headers = world.headers["plo_client"]
    counts = []
    for _ in range(2):
        for region in ("syddanmark", "nordjylland"):
            _held(factory, factory.cluster(region), attended=2)
        db.session.expire_all()
        with count_statements() as counter:
            response = client.get(SUMMARY, query_string={"year": _year_of(10)}, headers=headers)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
