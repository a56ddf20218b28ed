"""Meetings in calendar apps: one meeting's .ics, and a person's subscription feed with its
secret URL (made, shown once, stored as a hash, replaced, revoked), whose content follows
moves and cancellations and never shows anyone else's meetings."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from api.core.extensions import db
from api.models import AuditLogEntry, CalendarFeed, Meeting
from tests.problems import assert_problem
from tests.resources.meeting_people import (
    AGENDA,
    MEETINGS,
    People,
    answer,
    build_people,
    cancel,
    change,
    invite,
    meeting_uuid,
    plan_meeting,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MY_FEED = "/api/v1/me/calendar-feed"


@pytest.fixture
def people(factory) -> People:
    return build_people(factory)


def _parse(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.data)
    return calendar, {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _path(url: str) -> str:
    """The test client takes the path of the absolute URL the API hands out."""
    return urlsplit(url).path


def _subscribe(client, people: People, name: str) -> str:
    response = client.post(MY_FEED, headers=people.headers[name])
    assert response.status_code == 201, response.get_json()
    return _path(response.get_json()["url"])


# --- one meeting's .ics ---------------------------------------------------------------------


def test_a_meeting_downloads_as_an_ics_file_that_parses(client, people):
    meeting = plan_meeting(client, people)
    response = client.get(
        f"{MEETINGS}/{meeting['id']}/calendar.ics", headers=people.headers["anne"]
    )
    calendar, events = _parse(response)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="klyngemoede-2030-12-05.ics"'
    )
    assert response.headers["Cache-Control"] == "no-store"  # personal data, signed-in reader
    assert str(calendar["method"]) == "PUBLISH"
    event = events[meeting["ical_uid"]]
    assert str(event["summary"]) == "Klyngemøde om antibiotika"
    assert int(event["sequence"]) == 0
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("dtstart") == datetime(2030, 12, 5, 16, 30, tzinfo=COPENHAGEN)
    assert str(event["location"]) == "Lægehuset, Vestergade 1, 8800 Viborg"
    description = str(event["description"])
    assert all(title in description for title in AGENDA)
    assert "Svar senest torsdag den 28. november 2030 kl. 12.00." in description
    assert str(event["url"]) == f"http://127.0.0.1:5173/moeder/{meeting['id']}"


def test_a_cancelled_meeting_downloads_as_cancelled(client, people):
    meeting = plan_meeting(client, people)
    cancelled = cancel(client, people, meeting)
    _, events = _parse(
        client.get(f"{MEETINGS}/{meeting['id']}/calendar.ics", headers=people.headers["bo"])
    )
    event = events[meeting["ical_uid"]]
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == cancelled["sequence"] == 1


def test_another_clusters_meeting_calendar_is_not_found(client, people):
    meeting = plan_meeting(client, people)
    url = f"{MEETINGS}/{meeting['id']}/calendar.ics"
    assert_problem(client.get(url, headers=people.headers["odense"]), 404)
    assert_problem(client.get(url), 401)


def test_a_draft_is_not_put_in_calendars(client, people):
    draft = plan_meeting(client, people, status="draft")
    url = f"{MEETINGS}/{draft['id']}/calendar.ics"
    assert_problem(client.get(url, headers=people.headers["coordinator"]), 409)
    assert_problem(client.get(url, headers=people.headers["anne"]), 404)


# --- the subscription URL ----------------------------------------------------------------------


def test_feed_url_is_made_shown_once_kept_as_a_hash_replaced_and_revoked(client, people):
    anne = people.headers["anne"]
    assert client.get(MY_FEED, headers=anne).get_json() == {
        "active": False,
        "created_at": None,
        "last_used_at": None,
        "use_count": 0,
    }

    made = client.post(MY_FEED, headers=anne)
    assert made.status_code == 201
    assert made.headers["Location"] == MY_FEED
    assert made.headers["Cache-Control"] == "no-store"
    body = made.get_json()
    assert body["active"] is True and body["created_at"]
    url = body["url"]
    assert url.startswith("http://localhost/api/v1/calendar-feeds/kcal_") and url.endswith(".ics")
    assert body["webcal_url"] == "webcal://" + url.removeprefix("http://")
    token = _path(url).rsplit("/", 1)[1].removesuffix(".ics")

    # Only the hash is kept, and the audit log does not have it either.
    row = db.session.scalar(select(CalendarFeed))
    assert row.user_id == people.users["anne"].id
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    audit = db.session.scalar(
        select(AuditLogEntry).where(AuditLogEntry.entity_type == "calendar_feeds")
    )
    assert token not in json.dumps(audit.changes) and row.token_hash not in json.dumps(
        audit.changes
    )

    # The URL is not shown again; the fetch is counted.
    assert client.get(_path(url)).status_code == 200
    status = client.get(MY_FEED, headers=anne).get_json()
    assert "url" not in status
    assert status["active"] is True and status["use_count"] == 1 and status["last_used_at"]

    # A new URL replaces the old one at once.
    newer = _subscribe(client, people, "anne")
    assert newer != _path(url)
    assert_problem(client.get(_path(url)), 404)
    assert client.get(newer).status_code == 200

    # Revoked: 404, and revoking again is no error.
    assert client.delete(MY_FEED, headers=anne).status_code == 204
    assert_problem(client.get(newer), 404)
    assert client.delete(MY_FEED, headers=anne).status_code == 204
    assert client.get(MY_FEED, headers=anne).get_json()["active"] is False


def test_feed_management_needs_a_token_and_a_person(client, people):
    for method in ("GET", "POST", "DELETE"):
        assert_problem(client.open(MY_FEED, method=method), 401)
        assert_problem(client.open(MY_FEED, method=method, headers=people.headers["client"]), 403)


def test_unknown_feed_urls_are_not_found(client):
    for token in ("kcal_nothing-here", "something-else", "x" * 500):
        response = client.get(f"/api/v1/calendar-feeds/{token}.ics")
        assert_problem(response, 404)


def test_a_closed_accounts_feed_opens_nothing(client, people):
    url = _subscribe(client, people, "anne")
    people.users["anne"].is_active = False
    db.session.commit()
    assert_problem(client.get(url), 404)


# --- what the feed holds ----------------------------------------------------------------------


def test_feed_follows_moves_and_cancellations(client, people):
    kept = plan_meeting(client, people)
    dropped = plan_meeting(
        client,
        people,
        title="Klyngemøde om KOL",
        starts_at="2031-03-06T16:00:00Z",
        ends_at="2031-03-06T19:00:00Z",
        rsvp_by=None,
    )
    for meeting in (kept, dropped):
        invite(client, people, meeting)
    url = _subscribe(client, people, "anne")

    response = client.get(url)
    calendar, events = _parse(response)
    assert response.headers["Cache-Control"] == "private, max-age=900"
    assert str(calendar["x-wr-calname"]) == "Mine klyngemøder"
    assert str(calendar["method"]) == "PUBLISH"
    assert set(events) == {kept["ical_uid"], dropped["ical_uid"]}
    before = events[kept["ical_uid"]]

    change(client, people, kept, starts_at="2030-12-12T15:30:00Z", ends_at="2030-12-12T18:45:00Z")
    cancel(client, people, dropped)

    _, events = _parse(client.get(url))
    moved = events[kept["ical_uid"]]
    assert int(moved["sequence"]) > int(before["sequence"])
    assert moved.decoded("dtstart") == datetime(2030, 12, 12, 16, 30, tzinfo=COPENHAGEN)
    assert str(moved["status"]) == "CONFIRMED"
    gone = events[dropped["ical_uid"]]
    assert str(gone["status"]) == "CANCELLED"
    assert int(gone["sequence"]) == 1


def test_feed_holds_only_the_persons_own_meetings(client, people, factory):
    mine = plan_meeting(client, people, title="Babyklynge Nord")
    invite(client, people, mine, user_ids=[people.id("anne"), people.id("bo")])
    others = plan_meeting(client, people, title="Babyklynge Syd")
    invite(client, people, others, user_ids=[people.id("carl"), people.id("dorte")])
    declined = plan_meeting(client, people, title="Et møde med afbud")
    invite(client, people, declined)
    answer(client, people, declined, "anne", "declined")
    plan_meeting(client, people, title="Kladde", status="draft")
    # Odense's meeting, to which only Odense's doctor is invited.
    odense_coordinator = factory.role(people.odense).user
    odense = client.post(
        f"/api/v1/clusters/{people.odense.id}/meetings",
        json={
            "title": "Odense Syd",
            "status": "planned",
            "starts_at": "2030-12-05T15:30:00Z",
            "ends_at": "2030-12-05T18:30:00Z",
            "place_name": "Odense",
        },
        headers=factory.auth(odense_coordinator),
    ).get_json()
    client.post(
        f"{MEETINGS}/{odense['id']}/invitations",
        json={"everyone": True},
        headers=factory.auth(odense_coordinator),
    )

    _, anne = _parse(client.get(_subscribe(client, people, "anne")))
    assert set(anne) == {mine["ical_uid"]}
    _, carl = _parse(client.get(_subscribe(client, people, "carl")))
    assert set(carl) == {others["ical_uid"], declined["ical_uid"]}
    _, odense_doctor = _parse(client.get(_subscribe(client, people, "odense")))
    assert set(odense_doctor) == {odense["ical_uid"]}
    # No one's answers or names are in anyone's feed.
    document = client.get(_subscribe(client, people, "bo")).get_data(as_text=True)
    assert "ATTENDEE" not in document and "ORGANIZER" not in document
    names = ("Anne", "Carl", "Dorte", "Coordinator", "example.dk")
    assert not any(name in document for name in names)


def test_a_person_who_leaves_the_cluster_no_longer_sees_its_meetings(client, people):
    from api.models import Member

    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    url = _subscribe(client, people, "dorte")
    assert set(_parse(client.get(url))[1]) == {meeting["ical_uid"]}

    member = db.session.scalar(select(Member).where(Member.user_id == people.users["dorte"].id))
    member.valid_to = member.valid_from
    db.session.commit()
    assert _parse(client.get(url))[1] == {}


def test_old_meetings_leave_the_feed_after_a_year(client, people):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    url = _subscribe(client, people, "anne")
    row = db.session.get(Meeting, meeting_uuid(meeting))
    row.starts_at = datetime(2020, 12, 3, 16, 0, tzinfo=COPENHAGEN)
    row.ends_at = datetime(2020, 12, 3, 19, 0, tzinfo=COPENHAGEN)
    row.rsvp_by = None
    db.session.commit()
    assert _parse(client.get(url))[1] == {}


# --- the secret stays secret ----------------------------------------------------------------


def test_the_feed_url_is_not_written_to_the_access_log(client, people):
    from api.core.observability import JsonFormatter

    url = _subscribe(client, people, "anne")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("api.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get(url)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["path"] == "/api/v1/calendar-feeds/<token>.ics"
    assert url.rsplit("/", 1)[1] not in stream.getvalue()


def test_the_feed_is_rate_limited(app, client, people, monkeypatch):
    monkeypatch.setitem(app.config, "CALENDAR_FEED_RATE_LIMIT", "2 per minute")
    url = _subscribe(client, people, "anne")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    limited = client.get(url)
    assert_problem(limited, 429)
    assert "Retry-After" in limited.headers
    # Another person's feed is counted apart.
    assert client.get(_subscribe(client, people, "bo")).status_code == 200
