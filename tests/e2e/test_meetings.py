"""A meeting's life in a real browser: the coordinator plans a meeting and builds its agenda,
invites the cluster and reminds those who have not answered, a member answers from the
dashboard, attendance is registered at the door on a phone, and the meeting is closed. Each
page is checked with axe-core."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

DEMO_CLUSTER = "Demoklyngen Viborg"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def danish(moment: datetime) -> tuple[str, str]:
    """The date and time inputs' values for an instant, in Danish time."""
    local = moment.astimezone(COPENHAGEN)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M")


def signed_in(
    browser: Browser, app_url: str, email: str, width: int = 1280, height: int = 860
) -> Page:
    context = new_context(browser, width, height)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def fill_time(page: Page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def test_a_meeting_from_planning_to_closing(browser: Browser, app_url: str, api_url: str):
    title = f"Klyngemøde om UVI {uuid.uuid4().hex[:8]}"
    # Attendance is registered from two hours before the start; invitations go out before it.
    start = (datetime.now(COPENHAGEN) + timedelta(minutes=60)).replace(second=0, microsecond=0)
    start_date, start_time = danish(start)
    _, end_time = danish(start + timedelta(minutes=180))

    # The coordinator plans the meeting from the cluster's meetings list.
    coordinator = signed_in(browser, app_url, "koordinator@demo.dk")
    coordinator.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Klynger"
    ).click()
    coordinator.get_by_role("link", name=DEMO_CLUSTER).click()
    expect(coordinator.get_by_role("heading", level=1, name=DEMO_CLUSTER)).to_be_visible()
    coordinator.get_by_role("tab", name="Møder").click()
    expect(coordinator.get_by_role("tab", name="Møder", selected=True)).to_be_visible()
    coming = coordinator.get_by_role("region", name="Kommende møder")
    expect(coming.get_by_role("link", name=re.compile("^Stop op"))).to_be_visible()
    expect(
        coordinator.get_by_role("region", name="Tidligere møder").get_by_role("listitem")
    ).not_to_have_count(0)
    check_accessibility(coordinator, "meetings-list")

    coordinator.get_by_role("link", name="Planlæg møde").click()
    expect(coordinator.get_by_role("heading", level=1, name="Planlæg møde")).to_be_visible()
    coordinator.get_by_label("Titel").fill(title)
    coordinator.get_by_label("Dato").fill(start_date)
    fill_time(coordinator, "Starter kl.", start_time)
    fill_time(coordinator, "Slutter kl.", end_time)
    coordinator.get_by_label("Sted", exact=True).fill("Viborg Lægehus")
    coordinator.get_by_label("Adresse").fill("Rådhusvej 51, 8800 Viborg")

    # The agenda: three items, one moved up, an overrun warned about and then corrected.
    for number, (item, minutes) in enumerate(
        [
            ("Velkomst", "10"),
            ("Data: antibiotika ved UVI", "120"),
            ("Hvad tager vi med hjem?", "60"),
        ],
        start=1,
    ):
        coordinator.get_by_role("button", name="Tilføj punkt").click()
        coordinator.get_by_label(f"Punkt {number}: titel").fill(item)
        coordinator.get_by_label(f"Punkt {number}: minutter").fill(minutes)
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "190 af 180 min Dagsordenen er 10 min længere end mødet."
    )
    coordinator.get_by_label("Punkt 2: minutter").fill("90")
    expect(coordinator.get_by_text("160 af 180 min")).to_be_visible()
    move_up = coordinator.get_by_role("button", name="Flyt op: Hvad tager vi med hjem?")
    move_up.focus()
    coordinator.keyboard.press("Enter")
    expect(coordinator.get_by_label("Punkt 2: titel")).to_have_value("Hvad tager vi med hjem?")
    check_accessibility(coordinator, "meeting-form")
    coordinator.get_by_role("button", name="Gem mødet").click()

    # The meeting page: details and the agenda against the meeting's length.
    expect(coordinator.get_by_role("heading", level=1, name=title)).to_be_visible()
    meeting_id = coordinator.url.rstrip("/").rsplit("/", 1)[-1]
    expect(coordinator.get_by_text("160 af 180 min")).to_be_visible()
    agenda = coordinator.get_by_role("region", name="Dagsorden").get_by_role("listitem")
    expect(agenda).to_have_count(3)
    expect(agenda.nth(1)).to_contain_text("Hvad tager vi med hjem?")
    expect(coordinator.get_by_text("Viborg Lægehus, Rådhusvej 51, 8800 Viborg")).to_be_visible()
    check_accessibility(coordinator, "meeting-page")

    # Invite the whole cluster, after seeing who is invited.
    coordinator.get_by_role("button", name="Invitér").click()
    invite = coordinator.get_by_role("dialog", name="Invitér til mødet")
    expect(invite.get_by_text(re.compile(r"^\d+ inviteres: hele klyngen$"))).to_be_visible()
    check_accessibility(coordinator, "meeting-invite")
    invite.get_by_role("button", name="Send invitationer").click()
    expect(
        coordinator.get_by_role("status").filter(has_text="Invitationerne er sendt.")
    ).to_be_visible()
    participants = coordinator.get_by_role("table", name="Inviterede og deres svar")
    expect(participants.get_by_role("row")).not_to_have_count(0)

    # A reminder goes to those who have not answered (everyone, so far).
    coordinator.get_by_role("button", name="Send påmindelse").click()
    remind = coordinator.get_by_role("dialog", name="Send påmindelse")
    expect(
        remind.get_by_text(re.compile(r"^Påmindelse sendes til \d+, der ikke har svaret$"))
    ).to_be_visible()
    remind.get_by_role("button", name="Send påmindelser").click()
    expect(
        coordinator.get_by_role("status").filter(has_text="Påmindelserne er sendt.")
    ).to_be_visible()

    # A member answers from the dashboard in one click; the answer shows.
    member = signed_in(browser, app_url, "medlem@demo.dk")
    meetings = member.get_by_role("region", name="Kommende møder")
    expect(meetings.get_by_role("link", name=title)).to_be_visible()
    answers = meetings.get_by_role("group", name=f"Dit svar på {title}")
    answers.get_by_role("button", name="Deltager", exact=True).click()
    # The answer's round trip, on a loaded machine, may take longer than the default wait.
    expect(answers.get_by_role("button", name="Deltager", exact=True)).to_have_attribute(
        "aria-pressed", "true", timeout=15_000
    )
    check_accessibility(member, "dashboard-meetings")
    member.reload()
    expect(
        member.get_by_role("group", name=f"Dit svar på {title}").get_by_role(
            "button", name="Deltager", exact=True
        )
    ).to_have_attribute("aria-pressed", "true")
    member.context.close()

    token = api_login(api_url, "medlem@demo.dk")
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=token)
    member_name = me["name"]
    coordinator.reload()
    expect(
        coordinator.get_by_role("table", name="Inviterede og deres svar").get_by_role(
            "row", name=re.compile(f"{re.escape(member_name)}.*Deltager")
        )
    ).to_be_visible()
    coordinator.context.close()

    # Attendance at the door, on a phone.
    door = signed_in(browser, app_url, "koordinator@demo.dk", width=375, height=812)
    door.goto(f"{app_url}/moeder/{meeting_id}/fremmoede")
    expect(door.get_by_role("heading", level=1, name=f"Fremmøde: {title}")).to_be_visible()
    people = door.get_by_role("list", name="Læger")
    expect(people.get_by_role("button")).not_to_have_count(0)
    door.get_by_label("Søg efter navn").fill(member_name.split()[0])
    door.get_by_role("button", name=re.compile(re.escape(member_name))).click()
    expect(
        door.get_by_role("status").filter(has_text=f"{member_name} er registreret.")
    ).to_be_visible()
    door.get_by_label("Søg efter navn").fill("")
    second = people.get_by_role("button", pressed=False).first
    second_name = second.locator("[data-person-name]").inner_text()
    second.click()
    expect(
        door.get_by_role("status").filter(has_text=f"{second_name} er registreret.")
    ).to_be_visible()
    expect(door.get_by_text(re.compile(r"^2 af \d+ er registreret$"))).to_be_visible()
    # Before it begins, the meeting is not offered for closing.
    expect(door.get_by_text("Du kan afslutte mødet, når det er begyndt.")).to_be_visible()
    expect(door.get_by_role("button", name="Afslut mødet")).to_have_count(0)
    # Nothing is wider than the phone.
    assert door.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(door, "attendance-door")

    # The meeting begins (moved to have started ten minutes ago), and is closed at the door.
    started = datetime.now(COPENHAGEN) - timedelta(minutes=10)
    begun_date, begun_time = danish(started)
    _, begun_end = danish(started + timedelta(minutes=180))
    door.goto(f"{app_url}/moeder/{meeting_id}/rediger")
    expect(door.get_by_role("heading", level=1, name="Redigér møde")).to_be_visible()
    door.get_by_label("Dato").fill(begun_date)
    fill_time(door, "Starter kl.", begun_time)
    fill_time(door, "Slutter kl.", begun_end)
    door.get_by_role("button", name="Gem mødet").click()
    expect(door.get_by_role("heading", level=1, name=title)).to_be_visible()
    door.get_by_role("link", name="Fremmøde ved døren").click()
    expect(door.get_by_text(re.compile(r"^2 af \d+ er registreret$"))).to_be_visible()
    door.get_by_role("button", name="Afslut mødet").click()
    confirm = door.get_by_role("dialog", name="Afslut mødet")
    expect(confirm).to_contain_text("2 er registreret som mødt.")
    confirm.get_by_role("button", name="Afslut mødet").click()
    expect(
        door.get_by_role("status").filter(has_text="Mødet er afsluttet, og fremmødet er endeligt.")
    ).to_be_visible()
    expect(door.get_by_text("Mødet er afsluttet. Fremmødet er endeligt.")).to_be_visible()
    check_accessibility(door, "attendance-closed")

    door.get_by_role("link", name="Tilbage til mødet").click()
    expect(door.get_by_text("Afholdt", exact=True)).to_be_visible()
    expect(door.get_by_text("2 mødte op.")).to_be_visible()

    # Afterwards: the minutes and decisions.
    door.get_by_role("button", name="Skriv referat").click()
    minutes = door.get_by_role("dialog", name="Skriv referat")
    minutes.get_by_label("Referat").fill("Vi så på klinikkernes data for UVI.")
    minutes.get_by_label("Beslutninger").fill("Hver klinik laver en PDSA før næste møde.")
    minutes.get_by_role("button", name="Gem").click()
    expect(
        door.get_by_role("status").filter(has_text="Referat og beslutninger er gemt.")
    ).to_be_visible()
    expect(door.get_by_text("Hver klinik laver en PDSA før næste møde.")).to_be_visible()
    check_accessibility(door, "meeting-held")
    door.context.close()
