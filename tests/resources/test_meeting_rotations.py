"""A rotation: a year's meetings planned in one go, handed in turn to sub-clusters and clinics,
previewed with a dry run, written all or nothing, and safe to retry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import Cluster, Meeting, MeetingState, SubCluster
from tests.problems import assert_problem, batch_summary
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@dataclass
class World(Scenario):
    north: SubCluster | None = None
    south: SubCluster | None = None

    def url(self, cluster: Cluster | None = None, *, dry_run: bool = False) -> str:
        query = "?dry_run=true" if dry_run else ""
        return f"/api/v1/clusters/{(cluster or self.viborg).id}/meeting-rotations{query}"


@pytest.fixture
def world(factory) -> World:
    people = {
        "coordinator": doctor("viborg", role="coordinator"),
        "secretary": doctor("viborg_other", role="secretary"),
        "treasurer": doctor("viborg_other", role="treasurer"),
        "member": doctor("viborg"),
        "odense_member": doctor("odense"),
        "midtkraft": staff("midtjylland"),
        "plo_client": machine("plo", "attendance:read"),
        "admin": ADMIN,
    }
    world = build(factory, people, naming=str, shape=World)
    world.north = factory.sub_cluster(world.viborg, (world.clinics["viborg"],), name="Nord")
    world.south = factory.sub_cluster(world.viborg, (world.clinics["viborg_other"],), name="Syd")
    return world


def _first_start(days: int = 14) -> datetime:
    """17:00 Danish time, `days` from today: the rotation's first meeting."""
    day = datetime.now(COPENHAGEN).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, 17, 0, tzinfo=COPENHAGEN)


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _body(world: World, **fields) -> dict:
    return {
        "starts_at": _z(_first_start()),
        "duration_minutes": 180,
        "repeat": {"unit": "months", "every": 1},
        "count": 5,
        "title": "Klyngemøde {n}: {responsible}",
        "place_name": "Lægehuset",
        "responsibles": [
            {"kind": "sub_cluster", "id": str(world.north.id)},
            {"kind": "sub_cluster", "id": str(world.south.id)},
            {"kind": "clinic", "id": str(world.clinics["viborg"].id)},
        ],
        **fields,
    }


def _meetings() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting))


def test_a_dry_run_proposes_the_meetings_in_turn_and_saves_nothing(client, world):
    response = client.post(
        world.url(dry_run=True), json=_body(world), headers=world.headers["coordinator"]
    )
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["dry_run"] is True and report["applied"] is False
    assert report["summary"] == batch_summary(created=5)
    # The turn wraps around after the last responsible.
    names = [item["responsible"]["name"] for item in report["items"]]
    assert names == ["Nord", "Syd", "Lægerne i Viborg", "Nord", "Syd"]
    assert [item["title"] for item in report["items"]] == [
        "Klyngemøde 1: Nord",
        "Klyngemøde 2: Syd",
        "Klyngemøde 3: Lægerne i Viborg",
        "Klyngemøde 4: Nord",
        "Klyngemøde 5: Syd",
    ]
    assert all(item["meeting_id"] is None for item in report["items"])
    # Monthly at 17:00 Danish time, summer or winter.
    first = _first_start().date()
    for n, item in enumerate(report["items"]):
        start = datetime.fromisoformat(item["starts_at"]).astimezone(COPENHAGEN)
        assert (start.hour, start.minute) == (17, 0)
        month_index = first.month - 1 + n
        assert (start.year, start.month) == (first.year + month_index // 12, month_index % 12 + 1)
        assert datetime.fromisoformat(item["ends_at"]) - start == timedelta(hours=3)
    assert _meetings() == 0


def test_a_rotation_plans_drafts_handed_to_each_responsible(client, world):
    response = client.post(world.url(), json=_body(world), headers=world.headers["secretary"])
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["applied"] is True
    ids = [uuid.UUID(item["meeting_id"]) for item in report["items"]]
    meetings = {m.id: m for m in db.session.scalars(select(Meeting))}
    assert set(meetings) == set(ids)
    first, fourth = meetings[ids[0]], meetings[ids[3]]
    assert first.state == MeetingState.draft
    assert first.responsible_sub_cluster_id == fourth.responsible_sub_cluster_id == world.north.id
    assert meetings[ids[2]].responsible_clinic_id == world.clinics["viborg"].id
    assert first.place_name == "Lægehuset"
    # The meetings are the cluster's like any other: listed for those who plan.
    listed = client.get(
        f"/api/v1/clusters/{world.viborg.id}/meetings", headers=world.headers["coordinator"]
    ).get_json()["items"]
    assert [m["title"] for m in listed][:2] == ["Klyngemøde 1: Nord", "Klyngemøde 2: Syd"]
    assert listed[0]["responsible"]["kind"] == "sub_cluster"


def test_weekly_until_a_date_and_listed_dates(client, world):
    first = _first_start()
    until = (first + timedelta(weeks=6)).date()
    weekly_body = {k: v for k, v in _body(world).items() if k != "count"}
    weekly_body |= {"repeat": {"unit": "weeks", "every": 2}, "until": until.isoformat()}
    weekly = client.post(
        world.url(dry_run=True),
        json=weekly_body,
        headers=world.headers["coordinator"],
    )
    assert weekly.status_code == 200, weekly.get_json()
    days = [
        datetime.fromisoformat(i["starts_at"]).astimezone(COPENHAGEN).date()
        for i in weekly.get_json()["items"]
    ]
    assert days == [first.date() + timedelta(weeks=2 * n) for n in range(4)]

    later = [first.date() + timedelta(days=40), first.date() + timedelta(days=20)]
    listed = {k: v for k, v in _body(world).items() if k not in ("count", "repeat")}
    listed["dates"] = [day.isoformat() for day in later]
    response = client.post(world.url(dry_run=True), json=listed, headers=world.headers["admin"])
    assert response.status_code == 200, response.get_json()
    days = [
        datetime.fromisoformat(i["starts_at"]).astimezone(COPENHAGEN).date()
        for i in response.get_json()["items"]
    ]
    assert days == [first.date(), *sorted(later)]


def test_a_month_without_the_day_takes_its_last_day(client, world):
    today = datetime.now(COPENHAGEN).date()
    # The next 31 January: February has no 31st.
    year = today.year + 1
    first = datetime(year, 1, 31, 17, 0, tzinfo=COPENHAGEN)
    response = client.post(
        world.url(dry_run=True),
        json=_body(world, starts_at=_z(first), count=2),
        headers=world.headers["coordinator"],
    )
    days = [
        datetime.fromisoformat(i["starts_at"]).astimezone(COPENHAGEN).date()
        for i in response.get_json()["items"]
    ]
    last_of_february = date(year, 3, 1) - timedelta(days=1)
    assert days == [date(year, 1, 31), last_of_february]


def test_one_bad_responsible_and_nothing_is_planned(client, world, factory):
    odense_sub = factory.sub_cluster(world.odense, name="Odense Nord")
    body = _body(world)
    body["responsibles"].append({"kind": "sub_cluster", "id": str(odense_sub.id)})
    body["count"] = 4
    response = client.post(world.url(), json=body, headers=world.headers["coordinator"])
    problem = assert_problem(response, 422)
    assert problem["type"].endswith("rule-violation")
    assert problem["summary"] == batch_summary(created=3, error=1)
    assert problem["items"][3]["status"] == "error"
    assert problem["items"][3]["errors"] == ["Not a sub-cluster of this cluster."]
    assert "items.3" in problem["errors"]
    assert _meetings() == 0


def test_a_planned_rotation_needs_a_place(client, world):
    body = _body(world, status="planned")
    del body["place_name"]
    problem = assert_problem(
        client.post(world.url(), json=body, headers=world.headers["coordinator"]), 422
    )
    assert problem["summary"]["error"] == 5
    assert _meetings() == 0


def test_a_retry_with_the_same_key_plans_the_year_once(client, world):
    headers = {**world.headers["coordinator"], "Idempotency-Key": str(uuid.uuid4())}
    first = client.post(world.url(), json=_body(world), headers=headers)
    again = client.post(world.url(), json=_body(world), headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _meetings() == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"repeat": None}, "repeat"),
        ({"count": 0}, "count"),
        ({"count": 53}, "count"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"responsibles": []}, "responsibles"),
        ({"repeat": {"unit": "days", "every": 1}}, "repeat"),
        ({"title": ""}, "title"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_422(client, world, change, field):
    body = {**_body(world), **change}
    problem = assert_problem(
        client.post(world.url(), json=body, headers=world.headers["coordinator"]), 422
    )
    assert field in problem["errors"]
    assert _meetings() == 0


@pytest.mark.parametrize(
    "body_change",
    [
        {"dates": ["2031-01-01"]},  # both repeat and dates
        {"until": "2031-01-01"},  # both count and until
    ],
)
def test_a_rotation_takes_one_interval_and_one_end(client, world, body_change):
    body = {**_body(world), **body_change}
    problem = assert_problem(
        client.post(world.url(), json=body, headers=world.headers["coordinator"]), 422
    )
    assert problem["type"].endswith("rule-violation")


def test_an_end_before_the_first_meeting_is_refused(client, world):
    until = (_first_start() - timedelta(days=1)).date().isoformat()
    body = {k: v for k, v in _body(world).items() if k != "count"} | {"until": until}
    problem = assert_problem(
        client.post(world.url(), json=body, headers=world.headers["coordinator"]), 422
    )
    assert problem["type"].endswith("rule-violation")
    assert "until" in problem["errors"]


def test_a_rotation_is_capped(client, world):
    until = (_first_start() + timedelta(weeks=60)).date().isoformat()
    body = {k: v for k, v in _body(world).items() if k != "count"}
    body |= {"repeat": {"unit": "weeks", "every": 1}, "until": until}
    problem = assert_problem(
        client.post(world.url(), json=body, headers=world.headers["coordinator"]), 422
    )
    assert "At most 52 meetings" in str(problem["errors"])
    assert _meetings() == 0


def test_who_may_plan_a_rotation(client, world):
    body = _body(world)
    assert_problem(client.post(world.url(), json=body), 401)
    for caller in ("member", "treasurer", "midtkraft"):
        assert_problem(client.post(world.url(), json=body, headers=world.headers[caller]), 403)
    assert_problem(client.post(world.url(), json=body, headers=world.headers["plo_client"]), 403)
    # A doctor of another cluster does not reach Viborg.
    assert_problem(client.post(world.url(), json=body, headers=world.headers["odense_member"]), 404)
    assert _meetings() == 0
    assert_problem(
        client.post(
            world.url(world.odense),
            json=body,
            headers=world.headers["coordinator"],
        ),
        404,
    )
