"""PLO's attendance feed: a client that stores its cursor while meetings change ends with
exactly the server's rows; filters, CSV, who may read it, refused arguments, and a fixed
number of statements per page."""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import Attendance, Clinic, Cluster, Meeting, OrganisationKind, Region, User
from tests.problems import assert_problem
from tests.resources import test_meetings
from tests.resources.test_meetings import MEETINGS, World, _begin, _etag, _planned, _uid

# The meetings' world (a cluster, its people and roles, a regional unit, PLO), as a fixture.
world = test_meetings.world

FEED = "/api/v1/attendance"
ROW_FIELDS = [
    "id",
    "meeting_id",
    "cluster_id",
    "region_code",
    "user_id",
    "name",
    "clinic_id",
    "provider_number",
    "meeting_date",
    "duration_minutes",
    "attended",
    "finalised",
    "updated_at",
    "deleted",
]
TOMBSTONE_FIELDS = {"id", "deleted", "updated_at"}


def _json_spelling(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _get(client, headers: dict[str, str], **params: Any):
    db.session.expire_all()  # read the database afresh, as a request in production does
    return client.get(FEED, query_string=params, headers=headers)


@dataclass
class Copy:
    """PLO's copy of the feed, kept in step page by page with a stored cursor."""

    client: Any
    headers: dict[str, str]
    limit: int = 2
    rows: dict[str, dict] = field(default_factory=dict)
    cursor: str | None = None

    def page(self) -> int:
        params: dict[str, Any] = {"limit": self.limit}
        if self.cursor:
            params["cursor"] = self.cursor
        response = _get(self.client, self.headers, **params)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        for item in body["items"]:
            if item["deleted"]:
                assert set(item) == TOMBSTONE_FIELDS
                self.rows.pop(item["id"], None)
            else:
                assert set(item) == set(ROW_FIELDS)
                self.rows[item["id"]] = {k: v for k, v in item.items() if k != "updated_at"}
        assert body["next_cursor"]  # never null: the last page's is where to poll from
        if "Link" in response.headers:  # only while more rows are waiting
            assert len(body["items"]) == self.limit
        self.cursor = body["next_cursor"]
        return len(body["items"])

    def catch_up(self) -> None:
        while self.page() == self.limit:
            pass


def server_rows() -> dict[str, dict]:
    """What the feed should hold, read directly from the tables."""
    db.session.expire_all()
    rows = db.session.execute(
        select(Attendance, Meeting, User, Region.code, Clinic.provider_number)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(User, User.id == Attendance.user_id)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .join(Region, Region.id == Cluster.region_id)
        .outerjoin(Clinic, Clinic.id == Attendance.clinic_id)
        .where(Attendance.deleted_at.is_(None))
    ).all()
    return {
        str(a.id): {
            "id": str(a.id),
            "meeting_id": str(m.id),
            "cluster_id": str(m.cluster_id),
            "region_code": region,
            "user_id": str(u.id),
            "name": u.name,
            "clinic_id": str(a.clinic_id) if a.clinic_id else None,
            "provider_number": provider_number,
            "meeting_date": m.starts_at.astimezone(ZoneInfo(m.time_zone)).date().isoformat(),
            "duration_minutes": int((m.ends_at - m.starts_at).total_seconds() // 60),
            "attended": a.attended,
            "finalised": a.finalised_at is not None,
            "deleted": False,
        }
        for a, m, u, region, provider_number in rows
    }


def _register(client, world: World, meeting_id: str, caller: str = "coordinator", **attended):
    items = [{"user_id": _uid(world, name), "attended": value} for name, value in attended.items()]
    response = client.post(
        f"{MEETINGS}/{meeting_id}/attendance",
        json={"items": items},
        headers=world.headers[caller],
    )
    assert response.status_code == 200, response.get_json()


def _begun_meeting(client, world: World, **fields: Any) -> str:
    meeting = _planned(client, world, **fields)
    invited = client.post(
        f"{MEETINGS}/{meeting['id']}/invitations",
        json={"everyone": True},
        headers=world.headers["coordinator"],
    )
    assert invited.status_code == 200, invited.get_json()
    _begin(meeting["id"])
    return meeting["id"]


def _with_etag(client, url: str, headers: dict[str, str]) -> dict[str, str]:
    # In an app context of its own: the test's context keeps the ETag an earlier request set.
    with client.application.app_context():
        return {**headers, "If-Match": client.get(url, headers=headers).headers["ETag"]}


def _rename(client, world: World, person: str, name: str) -> None:
    url = f"/api/v1/users/{_uid(world, person)}"
    with client.application.app_context():
        headers = _with_etag(client, url, world.headers["admin"])
        response = client.patch(url, json={"name": name}, headers=headers)
    assert response.status_code == 200, response.get_json()


def test_client_syncing_with_stored_cursor_ends_with_exactly_the_servers_rows(client, world):
    plo = Copy(client, world.headers["plo_client"])
    coordinator = world.headers["coordinator"]
    plo.catch_up()
    assert plo.rows == {}

    # Attendance is registered at the door of two meetings; PLO reads part of it.
    first = _begun_meeting(client, world)
    second = _begun_meeting(client, world, title="Kvalitetsdata")
    _register(client, world, first, member=True, colleague=False, coordinator=True)
    _register(client, world, second, caller="board_member", secretary=True, member=True)
    plo.page()

    # Rows added mid-walk, and the first meeting moved: it runs an hour longer.
    _register(client, world, first, caller="secretary", treasurer=True, member=False)
    meeting_url = f"{MEETINGS}/{first}"
    ends = db.session.get(Meeting, uuid.UUID(first)).ends_at + timedelta(hours=1)
    moved = client.patch(
        meeting_url,
        json={"ends_at": ends.isoformat().replace("+00:00", "Z")},
        headers={**coordinator, "If-Match": _etag(client, world, first)},
    )
    assert moved.status_code == 200, moved.get_json()
    plo.page()

    # The first meeting is closed: every invitee's row becomes final, the absent included.
    assert client.post(f"{meeting_url}/close", headers=coordinator).status_code == 200
    plo.page()
    # A correction after closing, a person renamed, a provider number changed.
    correction = client.post(
        f"{meeting_url}/attendance",
        json={"items": [{"user_id": _uid(world, "colleague"), "attended": True, "reason": "Sen"}]},
        headers=coordinator,
    )
    assert correction.status_code == 200, correction.get_json()
    _rename(client, world, "member", "Mette Fredensborg")
    clinic = db.session.get(Clinic, world.clinic.id)
    clinic.provider_number = "999001"
    db.session.commit()
    plo.page()

    # The second meeting is cancelled: its rows no longer count.
    assert client.post(f"{MEETINGS}/{second}/cancel", headers=coordinator).status_code == 200
    plo.catch_up()

    expected = server_rows()
    assert plo.rows == expected
    first_rows = [r for r in expected.values() if r["meeting_id"] == first]
    assert len(first_rows) == 7 and all(r["finalised"] for r in first_rows)
    assert {r["duration_minutes"] for r in first_rows} == {180}
    assert {r["meeting_id"] for r in expected.values()} == {first}
    member = next(r for r in first_rows if r["user_id"] == _uid(world, "member"))
    assert member["name"] == "Mette Fredensborg"
    assert member["provider_number"] == "999001"
    assert next(r for r in first_rows if r["user_id"] == _uid(world, "colleague"))["attended"]

    # A poll after catching up brings nothing, and a new copy from scratch agrees.
    assert plo.page() == 0
    fresh = Copy(client, world.headers["admin"], limit=200)
    fresh.catch_up()
    assert fresh.rows == expected


def test_every_change_to_what_a_row_shows_moves_it(client, world, app):
    meeting_id = _begun_meeting(client, world)
    _register(client, world, meeting_id, member=True)

    def stamp() -> datetime:
        db.session.expire_all()
        return db.session.scalar(select(Attendance.updated_at))

    changes = [
        lambda: _rename(client, world, "member", "Ny Navn"),
        lambda: setattr(db.session.get(Clinic, world.clinic.id), "provider_number", "777"),
        lambda: setattr(
            db.session.get(Meeting, uuid.UUID(meeting_id)),
            "ends_at",
            datetime.now(UTC) + timedelta(hours=3),
        ),
        lambda: setattr(
            db.session.get(Cluster, world.viborg.id), "region_id", world.odense.region_id
        ),
    ]
    for change in changes:
        before = stamp()
        change()
        db.session.commit()
        assert stamp() > before
    # A change to what the row does not show leaves it where it is.
    before = stamp()
    db.session.get(Clinic, world.clinic.id).name = "Andet navn"
    db.session.get(Meeting, uuid.UUID(meeting_id)).title = "Andet emne"
    db.session.commit()
    assert stamp() == before


def test_filters_by_cluster_year_and_finalised(client, world):
    headers = world.headers["plo"]
    closed = _begun_meeting(client, world)
    _register(client, world, closed, member=True)
    assert client.post(f"{MEETINGS}/{closed}/close", headers=world.headers["coordinator"])
    open_ = _begun_meeting(client, world, title="Åbent")
    _register(client, world, open_, member=True, colleague=True)
    # The open meeting was held just after midnight on New Year's Day, Danish time.
    meeting = db.session.get(Meeting, uuid.UUID(open_))
    meeting.starts_at = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    meeting.ends_at = datetime(2025, 1, 1, 1, 30, tzinfo=UTC)
    db.session.commit()
    this_year = datetime.now(ZoneInfo("Europe/Copenhagen")).year

    def meetings_of(**params: Any) -> list[str]:
        response = _get(client, headers, limit=200, **params)
        assert response.status_code == 200, response.get_json()
        return sorted(item["meeting_id"] for item in response.get_json()["items"])

    assert meetings_of(finalised="true") == [closed] * 7
    assert meetings_of(finalised="false") == [open_] * 2
    assert meetings_of(year=2025) == [open_] * 2
    assert meetings_of(year=2024) == []
    assert meetings_of(year=this_year, finalised="true") == [closed] * 7
    assert len(meetings_of(cluster_id=str(world.viborg.id))) == 9
    assert meetings_of(cluster_id=str(world.odense.id)) == []
    row = _get(client, headers, year=2025).get_json()["items"][0]
    assert row["meeting_date"] == "2025-01-01"
    assert row["duration_minutes"] == 120
    assert row["region_code"] == "midtjylland"


def _cursor_time(page: dict[str, Any]) -> datetime:
    padded = page["next_cursor"] + "=" * (-len(page["next_cursor"]) % 4)
    return datetime.fromisoformat(json.loads(base64.urlsafe_b64decode(padded))["changes"][0])


def test_a_year_walk_starts_at_the_years_earliest_change(client, world, app):
    headers = world.headers["plo"]
    older = _begun_meeting(client, world, title="Sidste år")
    _register(client, world, older, member=True, colleague=True)
    meeting = db.session.get(Meeting, uuid.UUID(older))
    meeting.starts_at = datetime(2024, 5, 1, 16, tzinfo=UTC)
    meeting.ends_at = datetime(2024, 5, 1, 19, tzinfo=UTC)
    db.session.commit()
    this_year = datetime.now(ZoneInfo("Europe/Copenhagen")).year
    current = _begun_meeting(client, world, title="I år")
    _register(client, world, current, member=True)
    earliest = db.session.scalar(
        select(Attendance.updated_at).where(Attendance.meeting_id == uuid.UUID(current))
    )

    # The walk of this year hands out exactly its rows, the first of them included, and
    # a poll from its cursor sees a change to an earlier row of the year.
    page = _get(client, headers, year=this_year, limit=1).get_json()
    assert page["items"][0]["updated_at"] == earliest.isoformat()
    assert [i["meeting_id"] for i in page["items"]] == [current]
    assert (
        _get(client, headers, year=this_year, cursor=page["next_cursor"]).get_json()["items"] == []
    )
    # A year without rows starts now, not at the beginning of the feed: polling it later
    # reads only what changed since.
    empty = _get(client, headers, year=2019).get_json()
    assert empty["items"] == []
    assert _cursor_time(empty) > earliest
    # Not later than the settle delay allows: a row stamped since may not be committed yet.
    app.config["SYNC_SETTLE_SECONDS"] = 3600
    try:
        settled = _get(client, headers, year=this_year).get_json()
        assert settled["items"] == []
        assert _cursor_time(settled) < earliest
    finally:
        app.config["SYNC_SETTLE_SECONDS"] = 0


def test_csv_has_the_json_fields_as_columns_and_the_same_rows(client, world):
    headers = world.headers["plo_client"]
    meeting_id = _begun_meeting(client, world)
    _register(client, world, meeting_id, member=True, colleague=False)
    cancelled = _begun_meeting(client, world, title="Aflyst")
    _register(client, world, cancelled, member=True)
    client.post(f"{MEETINGS}/{cancelled}/cancel", headers=world.headers["coordinator"])
    assert client.post(f"{MEETINGS}/{meeting_id}/close", headers=world.headers["coordinator"])

    items = _get(client, headers, limit=200).get_json()["items"]
    response = client.get(FEED, headers={**headers, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == ROW_FIELDS
    assert len(table) - 1 == len(items) == 8
    for line, item in zip(table[1:], items, strict=True):
        # The cells spell values as the JSON does: true/false, ISO 8601, numbers as numbers.
        expected = [_json_spelling(item.get(column)) for column in ROW_FIELDS]
        assert line == expected
    assert sum(line[ROW_FIELDS.index("deleted")] == "true" for line in table[1:]) == 1

    filtered = client.get(
        FEED, query_string={"finalised": "false"}, headers={**headers, "Accept": "text/csv"}
    )
    assert len(list(csv.reader(io.StringIO(filtered.get_data(as_text=True))))) == 2
    with_cursor = client.get(
        FEED,
        query_string={"cursor": _get(client, headers).get_json()["next_cursor"]},
        headers={**headers, "Accept": "text/csv"},
    )
    assert_problem(with_cursor, 422)


def test_without_token_401(client):
    assert_problem(client.get(FEED), 401)


@pytest.mark.parametrize(
    "caller", ["member", "coordinator", "midtkraft", "midtkraft_client", "economy_only_client"]
)
def test_cluster_people_regional_units_and_other_clients_are_refused(
    client, world, factory, caller
):
    if caller == "economy_only_client":
        plo = factory.organisation(code="plo-economy-only", kind=OrganisationKind.plo)
        headers = factory.auth(factory.client(organisation=plo, scopes=["economy:read"]))
    else:
        headers = world.headers[caller]
    assert_problem(client.get(FEED, headers=headers), 403)


@pytest.mark.parametrize("caller", ["plo", "plo_client", "admin"])
def test_plo_and_the_admin_read_the_feed(client, world, caller):
    meeting_id = _begun_meeting(client, world)
    _register(client, world, meeting_id, member=True)
    response = client.get(FEED, headers=world.headers[caller])
    assert response.status_code == 200
    assert [item["user_id"] for item in response.get_json()["items"]] == [_uid(world, "member")]
    csv_response = client.get(FEED, headers={**world.headers[caller], "Accept": "text/csv"})
    assert csv_response.status_code == 200


def _crafted(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("params", "field_name"),
    [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-01-01"}, "updated_since"),
        ({"year": "twenty"}, "year"),
        ({"year": 1899}, "year"),
        ({"cluster_id": "viborg"}, "cluster_id"),
        ({"cluster_id": str(uuid.uuid4())}, "cluster_id"),
        ({"finalised": "perhaps"}, "finalised"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        # An ordinary list's cursor, not a changes walk's.
        ({"cursor": _crafted(["2026-01-01T00:00:00+00:00", str(uuid.uuid4())])}, "cursor"),
        ({"cursor": _crafted({"changes": ["2026-01-01T00:00:00", str(uuid.uuid4())]})}, "cursor"),
        ({"cursor": _crafted({"changes": [1, 2]})}, "cursor"),
        ({"cursor": _crafted({"changes": ["2026-01-01T00:00:00+00:00"]})}, "cursor"),
    ],
)
def test_bad_arguments_are_422(client, world, params, field_name):
    body = assert_problem(client.get(FEED, query_string=params, headers=world.headers["plo"]), 422)
    assert field_name in json.dumps(body["errors"])


def test_statements_do_not_grow_with_page_size(client, world, count_statements):
    for title in ("Et", "To"):
        meeting_id = _begun_meeting(client, world, title=title)
        _register(client, world, meeting_id, member=True, colleague=True, coordinator=False)
        client.post(f"{MEETINGS}/{meeting_id}/close", headers=world.headers["coordinator"])
    headers = world.headers["plo_client"]
    counts = {}
    for limit in (1, 14):
        db.session.expire_all()
        with count_statements() as counter:
            response = client.get(FEED, query_string={"limit": limit}, headers=headers)
        assert len(response.get_json()["items"]) == limit
        counts[limit] = counter.count
    assert counts[1] == counts[14]
    with count_statements() as counter:
        client.get(
            FEED,
            query_string={
                "limit": 14,
                "cluster_id": str(world.viborg.id),
                "year": datetime.now(UTC).year,
            },
            headers=headers,
        )
    # The cluster is looked up once, and the year's first change is found once.
    assert counter.count <= counts[14] + 2


def test_a_person_with_attendance_is_deactivated_not_deleted(client, world):
    meeting_id = _begun_meeting(client, world)
    _register(client, world, meeting_id, member=True)
    url = f"/api/v1/users/{_uid(world, 'member')}"
    with client.application.app_context():
        headers = _with_etag(client, url, world.headers["admin"])
        assert_problem(client.delete(url, headers=headers), 409)
    assert db.session.scalar(select(Attendance.id)) is not None
