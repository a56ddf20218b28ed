"""Surveys in the browser: Demoklyngen Viborg's coordinator makes a survey from KiAP's
"Evaluering af klyngemødet" for the whole cluster, sends it after the confirmation of how many
people it goes to, and finds it open in the cluster's list; opens one of the cluster's closed
evaluations and sees its stacked bars, the share who agree and the trend across the meetings;
and KiAP's staff open the national member survey of 2023 with its 67 % response rate and its
79 % and 89 % agreement. Each page is checked with axe at 1280 px and at 375 px."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}
EVALUATION = "Evaluering af klyngemødet"
MEMBER_SURVEY = "KiAPs medlemsundersøgelse 2023"
KIAP_PASSWORD = "Spørgeskema-2023-KiAP!"


@pytest.fixture(scope="module")
def viborg(api_url: str) -> dict[str, str]:
    """Demoklyngen Viborg and one of its closed evaluations, as its coordinator reads them."""
    token = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters?limit=200", token=token)
    cluster = next(c for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    _, _, surveys = api_call(
        api_url,
        "GET",
        f"/api/v1/surveys?cluster_id={cluster['id']}&state=closed&purpose=evaluation&limit=200",
        token=token,
    )
    return {"cluster": cluster["id"], "evaluation": surveys["items"][0]["id"]}


@pytest.fixture(scope="module")
def kiap_staff(api_url: str) -> str:
    """A person at KiAP, made by the platform admin (the demo has no KiAP login)."""
    admin = api_login(api_url, "admin@demo.dk")
    _, _, organisations = api_call(api_url, "GET", "/api/v1/organisations?limit=200", token=admin)
    kiap = next(o for o in organisations["items"] if o["code"] == "kiap")
    email = f"kiap-{uuid.uuid4().hex[:8]}@demo.dk"
    status, _, body = api_call(
        api_url,
        "POST",
        "/api/v1/users",
        {
            "email": email,
            "name": "Kirsten KiAP",
            "password": KIAP_PASSWORD,
            "organisation_ids": [kiap["id"]],
        },
        token=admin,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, body
    return email


def open_as(browser: Browser, app_url: str, email: str, device: str, **login) -> Page:
    width, height = WIDTHS[device]
    page = new_context(browser, width, height).new_page()
    page.set_default_timeout(10_000)
    log_in(page, app_url, email, **login)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def check(page: Page, name: str, device: str) -> None:
    width = WIDTHS[device][0]
    expect(page.get_by_text("Indlæser …")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    check_accessibility(page, f"surveys-{name}-{width}")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_coordinator_makes_and_sends_an_evaluation(
    browser: Browser, app_url: str, viborg: dict[str, str], device: str
):
    page = open_as(browser, app_url, "koordinator@demo.dk", device)
    page.goto(f"{app_url}/klynger/{viborg['cluster']}")
    page.get_by_role("tab", name="Undersøgelser").click()
    expect(page).to_have_url(re.compile(r"/undersoegelser$"))
    page.get_by_role("button", name="Ny undersøgelse").click()
    form = page.get_by_role("region", name="Ny undersøgelse")
    form.get_by_label("Skabelon").select_option(label=EVALUATION)
    expect(form.get_by_text("Mødet var tilfredsstillende")).to_be_visible()
    title = f"Evaluering {device} {uuid.uuid4().hex[:6]}"
    form.get_by_label("Titel").fill(title)
    expect(form.get_by_label("Anonyme svar")).to_be_checked()
    expect(form.get_by_label("Mindste antal svar")).to_have_value("5")
    check(page, "new", device)
    form.get_by_role("button", name="Gem som kladde").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(re.compile(r"Sendes til \d+ person"))).to_be_visible()
    check(page, "send", device)
    dialog.get_by_role("button", name="Send nu").click()
    expect(page.get_by_text(re.compile(r"Undersøgelsen er sendt til \d+ personer"))).to_be_visible()
    card = page.get_by_role("listitem").filter(has_text=title)
    expect(card.get_by_text("Åben")).to_be_visible()
    expect(card.get_by_text(re.compile(r"0 af \d+ har svaret"))).to_be_visible()
    check(page, "cluster", device)
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_closed_evaluation_shows_its_bars_and_the_trend(
    browser: Browser, app_url: str, viborg: dict[str, str], device: str
):
    page = open_as(browser, app_url, "koordinator@demo.dk", device)
    page.goto(f"{app_url}/undersoegelser/{viborg['evaluation']}")
    expect(page.get_by_role("heading", level=2, name="Resultater")).to_be_visible()
    expect(page.get_by_text("Lukket").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+\s%\shelt eller delvist enig")).first).to_be_visible()
    # The first question's stacked bar: a segment per category (this survey and the nation).
    bars = page.get_by_test_id("survey-chart").first.locator(".recharts-bar-rectangle")
    expect(bars).not_to_have_count(0)
    expect(page.get_by_text(re.compile(r"Landsgennemsnit: \d+\s%\senig")).first).to_be_visible()
    trend = page.get_by_role("region", name="Udviklingen fra møde til møde")
    expect(trend.get_by_test_id("survey-trend").locator(".recharts-line-curve")).not_to_have_count(
        0
    )
    check(page, "evaluation", device)
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_kiap_reads_the_national_member_survey(
    browser: Browser, app_url: str, kiap_staff: str, device: str
):
    page = open_as(browser, app_url, kiap_staff, device, password=KIAP_PASSWORD)
    page.goto(f"{app_url}/enhed/undersoegelser")
    expect(page.get_by_role("heading", level=1, name="Undersøgelser")).to_be_visible()
    check(page, "unit", device)
    page.get_by_role("link", name=MEMBER_SURVEY).click()
    expect(page.get_by_role("heading", level=1, name=MEMBER_SURVEY)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^67\s%$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^79\s%\shelt eller delvist enig$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^89\s%\shelt eller delvist enig$"))).to_be_visible()
    check(page, "member-survey", device)
    page.context.close()
