"""After the meeting is planned, in a real browser: a meeting downloaded for a calendar, a
personal calendar subscription made, replaced and stopped on the profile page, follow-up
actions recorded and done, a meeting cancelled, and attendance corrected after closing. Each
new page state and dialog is checked with axe-core."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
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


def invite(api_url: str, token: str, meeting_id: str, audience: dict) -> int:
    """Invite through the API; the number invited."""
    status, _, report = api_call(
        api_url,
        "POST",
        f"/api/v1/meetings/{meeting_id}/invitations",
        audience,
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 200, report
    return report["summary"]["created"]


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


def fetch_feed(url: str) -> tuple[int, bytes]:
    """A calendar app's fetch of the subscription: no token, the address is the secret."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_calendar_subscription_is_made_replaced_and_stopped(
    browser: Browser, app_url: str, api_url: str
):
    token = api_login(api_url, COORDINATOR)
    api_call(api_url, "DELETE", "/api/v1/me/calendar-feed", token=token)
    title = f"Temamøde om diabetes {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, title, after_work_in(days=30))
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=token)
    invite(api_url, token, meeting["id"], {"user_ids": [me["id"]]})

    page = signed_in(browser, app_url, COORDINATOR)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Profil").click()
    section = page.get_by_role("region", name="Kalenderabonnement")
    expect(section.get_by_text("Du har ikke et kalenderabonnement.")).to_be_visible()
    check_accessibility(page, "profile-calendar-none")

    # Made: the address is shown this once, and copied.
    section.get_by_role("button", name="Lav kalenderadresse").click()
    address = section.get_by_role("textbox", name="Din kalenderadresse")
    expect(address).to_have_value(re.compile(r"^https?://.+/api/v1/calendar-feeds/.+\.ics$"))
    first_url = address.input_value()
    section.get_by_role("button", name="Kopiér adressen").click()
    expect(section.get_by_text("Adressen er kopieret.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == first_url
    expect(section.get_by_text(re.compile(r"^Du har et kalenderabonnement\."))).to_be_visible()
    check_accessibility(page, "profile-calendar-made")

    status, body = fetch_feed(first_url)
    assert status == 200
    events = {str(event["UID"]): event for event in parse_calendar(body)}
    assert str(events[meeting["ical_uid"]]["SUMMARY"]) == title

    # Replaced, after a confirmation that the old address stops working.
    section.get_by_role("button", name="Lav en ny adresse").click()
    rotate = page.get_by_role("dialog", name="Lav en ny kalenderadresse")
    expect(rotate).to_contain_text("holder op med at virke med det samme")
    check_accessibility(page, "profile-calendar-rotate")
    rotate.get_by_role("button", name="Lav ny adresse").click()
    expect(address).not_to_have_value(first_url)
    second_url = address.input_value()
    assert fetch_feed(first_url)[0] == 404
    status, body = fetch_feed(second_url)
    assert status == 200
    assert meeting["ical_uid"] in {str(event["UID"]) for event in parse_calendar(body)}

    # Stopped, after a confirmation: the address answers 404 from now on.
    section.get_by_role("button", name="Handlinger for kalenderabonnementet").click()
    page.get_by_role("menuitem", name="Stop abonnementet").click()
    revoke = page.get_by_role("dialog", name="Stop kalenderabonnementet")
    expect(revoke).to_contain_text("holder op med at virke med det samme")
    check_accessibility(page, "profile-calendar-revoke")
    revoke.get_by_role("button", name="Stop abonnementet").click()
    expect(
        section.get_by_text("Kalenderabonnementet er stoppet. Adressen virker ikke længere.")
    ).to_be_visible()
    expect(section.get_by_role("textbox")).to_have_count(0)
    expect(section.get_by_text("Du har ikke et kalenderabonnement.")).to_be_visible()
    assert fetch_feed(second_url)[0] == 404
    check_accessibility(page, "profile-calendar-stopped")
    page.context.close()


def test_a_follow_up_action_is_recorded_and_done(browser: Browser, app_url: str, api_url: str):
    token = api_login(api_url, COORDINATOR)
    title = f"Temamøde om astma {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, title, after_work_in(days=40))
    due = (datetime.now(COPENHAGEN) + timedelta(days=60)).date()

    page = signed_in(browser, app_url, COORDINATOR)
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    section = page.get_by_role("region", name="Opfølgning")
    expect(section.get_by_text("Der er ingen opfølgningspunkter fra dette møde.")).to_be_visible()

    section.get_by_role("button", name="Tilføj opfølgningspunkt").click()
    dialog = page.get_by_role("dialog", name="Nyt opfølgningspunkt")
    dialog.get_by_label("Hvad skal gøres?").fill("PDSA på inhalationsteknik")
    dialog.get_by_label("Beskrivelse").fill("Hver klinik tjekker teknikken hos fem patienter.")
    clinic = dialog.get_by_label("Hvem gør det?")
    expect(clinic.locator("option")).not_to_have_count(1)
    clinic.select_option(index=1)
    clinic_name = clinic.locator("option:checked").inner_text()
    dialog.get_by_label("Frist").fill(due.isoformat())
    check_accessibility(page, "meeting-action-add")
    dialog.get_by_role("button", name="Tilføj punktet").click()
    expect(
        section.get_by_role("status").filter(has_text="Opfølgningspunktet er tilføjet.")
    ).to_be_visible()
    card = section.get_by_role("listitem").filter(has_text="PDSA på inhalationsteknik")
    expect(card).to_contain_text(f"Åben · {clinic_name} · senest {due.day}.")
    check_accessibility(page, "meeting-action-added")

    card.get_by_role("button", name="Markér som udført: PDSA på inhalationsteknik").click()
    expect(
        section.get_by_role("status").filter(
            has_text="»PDSA på inhalationsteknik« er markeret som udført."
        )
    ).to_be_visible()
    expect(card).to_contain_text("Udført")
    expect(card.get_by_role("button", name=re.compile("^Markér som udført"))).to_have_count(0)

    _, _, actions = api_call(
        api_url, "GET", f"/api/v1/meetings/{meeting['id']}/actions", token=token
    )
    [action] = actions["items"]
    assert action["status"] == "done"
    assert action["completed_at"] is not None
    assert action["due_on"] == due.isoformat()
    page.context.close()


def test_a_meeting_is_cancelled(browser: Browser, app_url: str, api_url: str):
    token = api_login(api_url, COORDINATOR)
    title = f"Temamøde om hjertesvigt {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, title, after_work_in(days=50))
    invited = invite(api_url, token, meeting["id"], {"everyone": True})

    page = signed_in(browser, app_url, COORDINATOR)
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    # Cancelling is in the meeting's menu, and the question names the meeting and its day.
    expect(page.get_by_role("button", name="Aflys mødet")).to_have_count(0)
    page.get_by_role("button", name=f"Handlinger for {title}").click()
    page.get_by_role("menuitem", name="Aflys mødet").click()
    dialog = page.get_by_role("dialog", name="Aflys mødet")
    asked = rf"Vil du aflyse »{re.escape(title)}« \S+ den \d+\. \w+ \d{{4}} kl\. \d\d\.\d\d\?"
    expect(dialog).to_contain_text(re.compile(asked))
    expect(dialog).to_contain_text(
        f"De {invited} inviterede får en e-mail om aflysningen med en kalenderfil"
    )
    check_accessibility(page, "meeting-cancel")
    dialog.get_by_role("button", name="Aflys mødet").click()

    expect(
        page.get_by_role("status").filter(
            has_text="Mødet er aflyst. De inviterede får besked på e-mail."
        )
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^Mødet er aflyst \(\d+\. \w+ \d{4} kl\. \d\d\.\d\d\)\.$"))
    ).to_be_visible()
    expect(page.get_by_text("Aflyst", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Handlinger for {title}")).to_have_count(0)
    expect(page.get_by_role("link", name="Redigér mødet")).to_have_count(0)
    expect(page.get_by_role("button", name="Invitér")).to_have_count(0)
    check_accessibility(page, "meeting-cancelled")

    _, _, cancelled = api_call(api_url, "GET", f"/api/v1/meetings/{meeting['id']}", token=token)
    assert cancelled["status"] == "cancelled"
    # The calendar file now strikes the meeting from calendars.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Hent i kalender (.ics)").click()
    [event] = parse_calendar(Path(download_info.value.path()).read_bytes())
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == cancelled["sequence"]
    page.context.close()


def closed_meeting_with(api_url: str, token: str, title: str, attendee_id: str) -> dict:
    """A meeting that was invited to, began ten minutes ago with one person registered at the
    door, and is closed: its attendance final."""
    meeting = plan_meeting(api_url, token, title, datetime.now(COPENHAGEN) + timedelta(hours=1))
    path = f"/api/v1/meetings/{meeting['id']}"
    invite(api_url, token, meeting["id"], {"everyone": True})
    _, headers, _ = api_call(api_url, "GET", path, token=token)
    begun = datetime.now(UTC) - timedelta(minutes=10)
    status, _, body = api_call(
        api_url,
        "PATCH",
        path,
        {"starts_at": rfc3339(begun), "ends_at": rfc3339(begun + timedelta(hours=3))},
        token=token,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, body
    status, _, body = api_call(
        api_url,
        "POST",
        f"{path}/attendance",
        {"items": [{"user_id": attendee_id, "attended": True}]},
        token=token,
    )
    assert status == 200, body
    status, _, closed = api_call(api_url, "POST", f"{path}/close", token=token)
    assert status == 200, closed
    return closed


def test_attendance_is_corrected_after_closing(browser: Browser, app_url: str, api_url: str):
    token = api_login(api_url, COORDINATOR)
    member_token = api_login(api_url, "medlem@demo.dk")
    _, _, member = api_call(api_url, "GET", "/api/v1/me", token=member_token)
    title = f"Temamøde om KOL {uuid.uuid4().hex[:8]}"
    meeting = closed_meeting_with(api_url, token, title, member["id"])

    page = signed_in(browser, app_url, COORDINATOR)
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("1 mødte op.")).to_be_visible()
    table = page.get_by_role("table", name="Endeligt fremmøde")
    row = table.get_by_role("row", name=re.compile(re.escape(member["name"])))
    expect(row).to_contain_text("Mødt")
    check_accessibility(page, "meeting-closed-attendance")

    row.get_by_role("button", name=f"Ret fremmøde: {member['name']}").click()
    dialog = page.get_by_role("dialog", name=f"Ret fremmøde: {member['name']}")
    expect(dialog).to_contain_text(f"{member['name']} står nu som: Mødt.")
    expect(dialog.get_by_role("radio", name="Ikke mødt")).to_be_checked()
    save = dialog.get_by_role("button", name="Gem rettelsen")
    expect(save).to_be_disabled()
    dialog.get_by_label("Begrundelse").fill("Meldte afbud samme dag; registreret ved en fejl.")
    check_accessibility(page, "meeting-attendance-correct")
    save.click()

    expect(
        page.get_by_role("status").filter(has_text=f"Fremmødet for {member['name']} er rettet.")
    ).to_be_visible()
    expect(row).to_contain_text("Ikke mødt")
    expect(row).to_contain_text("Meldte afbud samme dag; registreret ved en fejl.")
    expect(page.get_by_text("0 mødte op.")).to_be_visible()
    check_accessibility(page, "meeting-attendance-corrected")
    page.context.close()

    _, _, rows = api_call(
        api_url, "GET", f"/api/v1/meetings/{meeting['id']}/attendance", token=token
    )
    [corrected] = [r for r in rows["items"] if r["user_id"] == member["id"]]
    assert corrected["attended"] is False
    assert corrected["finalised"] is True
    assert corrected["correction_reason"] == "Meldte afbud samme dag; registreret ved en fejl."


def test_the_landscape_shows_the_meetings_held(browser: Browser, app_url: str, api_url: str):
    _, _, figures = api_call(
        api_url, "GET", "/api/v1/stats/landscape", token=api_login(api_url, "plo@demo.dk")
    )
    meetings = figures["meetings"]
    page = signed_in(browser, app_url, "plo@demo.dk")
    page.get_by_role("link", name="Landsbillede").click()
    section = page.get_by_role("region", name="Møder", exact=True)
    years = f"{meetings['first_year']}–{meetings['last_year']}"
    expect(section.get_by_text(f"Afholdte møder {years}")).to_be_visible()
    share = round(meetings["after_work_share"] * 100)
    expect(section.get_by_text(f"{share}\u00a0%", exact=True)).to_be_visible()
    expect(section.get_by_role("img", name="Møder pr. klynge pr. år")).to_be_visible()
    expect(section.get_by_text(re.compile(r"^Fra \d+ til \d+ møder; gennemsnit"))).to_be_visible()
    regions = page.get_by_role("table", name="Regionerne side om side")
    expect(regions.get_by_role("columnheader", name="Fyraftensmøder")).to_be_visible()
    check_accessibility(page, "landscape-meetings")
    page.context.close()
