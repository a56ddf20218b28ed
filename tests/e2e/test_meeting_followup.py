"""After the meeting is planned, in a real browser: a meeting downloaded for a calendar, a
personal calendar subscription made, replaced and stopped on the profile page, follow-up
actions recorded and done, a meeting cancelled, and attendance corrected after closing. Each
new page state and dialog is checked with axe-core."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility
from tests.e2e.test_meetings import COPENHAGEN, DEMO_CLUSTER, signed_in

pytestmark = pytest.mark.e2e

COORDINATOR = "koordinator@demo.dk"


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def after_work_in(days: int) -> datetime:
    """16.30 Danish time, some days from now."""
    day = datetime.now(COPENHAGEN) + timedelta(days=days)
    return day.replace(hour=16, minute=30, second=0, microsecond=0)


def demo_cluster_id(api_url: str, token: str) -> str:
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=token)
    return next(cluster["id"] for cluster in me["clusters"] if cluster["name"] == DEMO_CLUSTER)


def plan_meeting(api_url: str, token: str, title: str, starts_at: datetime) -> dict:
    """A planned meeting of the demo cluster, made through the API."""
    status, _, meeting = api_call(
        api_url,
        "POST",
        f"/api/v1/clusters/{demo_cluster_id(api_url, token)}/meetings",
        {
            "title": title,
            "kind": "after_work",
            "starts_at": rfc3339(starts_at),
            "ends_at": rfc3339(starts_at + timedelta(hours=3)),
            "place_name": "Viborg Lægehus",
            "status": "planned",
        },
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, meeting
    return meeting


def parse_calendar(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_a_meeting_is_downloaded_for_a_calendar(browser: Browser, app_url: str, api_url: str):
    token = api_login(api_url, COORDINATOR)
    title = f"Temamøde om KOL {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, title, after_work_in(days=20))

    page = signed_in(browser, app_url, COORDINATOR)
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Hent i kalender (.ics)").click()
    download = download_info.value
    starts_at = datetime.fromisoformat(meeting["starts_at"])
    assert (
        download.suggested_filename
        == f"klyngemoede-{starts_at.astimezone(COPENHAGEN):%Y-%m-%d}.ics"
    )
    events = parse_calendar(Path(download.path()).read_bytes())
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == meeting["ical_uid"]
    assert str(event["SUMMARY"]) == title
    assert event.decoded("DTSTART") == starts_at
    assert str(event["STATUS"]) == "CONFIRMED"
    check_accessibility(page, "meeting-calendar-download")
    page.context.close()
