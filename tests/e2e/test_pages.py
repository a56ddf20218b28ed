"""Every page of the web app, on a desktop (1280 px) and on a phone (375 px): each is shown
to someone who may see it, is no wider than the screen (a table scrolls inside its own frame,
never the page), passes axe-core, and is kept as a screenshot of both widths."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, expect

from bench.frontend import routes
from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}


@pytest.fixture(scope="module")
def ids(api_url: str) -> dict[str, str]:
    """The demo's Viborg cluster and its next meeting, as the coordinator sees them, and a
    member's draft expense there."""
    token = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters", token=token)
    cluster = next(c for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    _, _, meetings = api_call(
        api_url, "GET", f"/api/v1/clusters/{cluster['id']}/meetings?status=planned", token=token
    )
    status, _, expense = api_call(
        api_url,
        "POST",
        f"/api/v1/clusters/{cluster['id']}/expenses",
        {
            "category": "catering",
            "title": "Kaffe til klyngemødet",
            "lines": [{"text": "Kaffe og kage", "amount_ore": 34550}],
            "bank_account": {"reg_no": "1234", "account_no": "0012345678"},
        },
        token=api_login(api_url, "medlem@demo.dk"),
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, expense
    unit = api_login(api_url, "midtkraft@demo.dk")
    _, _, packages = api_call(api_url, "GET", "/api/v1/packages?q=Stop%20op", token=unit)
    _, _, catalogue = api_call(api_url, "GET", "/api/v1/packages?q=Stop%20op", token=token)
    _, _, surveys = api_call(
        api_url,
        "GET",
        f"/api/v1/surveys?cluster_id={cluster['id']}&state=closed&purpose=evaluation",
        token=token,
    )
    return {
        "cluster": cluster["id"],
        "meeting": meetings["items"][0]["id"],
        "expense": expense["id"],
        "unit_package": next(p["id"] for p in packages["items"] if p["unit_name"] == "MidtKraft"),
        "package": catalogue["items"][0]["id"],
        "survey": surveys["items"][0]["id"],
    }


def pages(ids: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Who is shown which page: (screenshot name, path), per demo login."""
    cluster, meeting = f"/klynger/{ids['cluster']}", f"/moeder/{ids['meeting']}"
    return {
        "koordinator@demo.dk": [
            ("dashboard", "/"),
            ("clusters", "/klynger"),
            ("cluster", cluster),
            ("cluster-clinics", f"{cluster}/klinikker"),
            ("cluster-roles", f"{cluster}/roller"),
            ("cluster-sub-clusters", f"{cluster}/underklynger"),
            ("cluster-meetings", f"{cluster}/moeder"),
            ("meeting-new", f"{cluster}/moeder/nyt"),
            ("meeting-rotation", f"{cluster}/moeder/planlaeg-aaret"),
            ("files", f"{cluster}/filer"),
            ("board", f"{cluster}/opslag"),
            ("cluster-economy", f"{cluster}/oekonomi"),
            ("cluster-packages", f"{cluster}/pakker"),
            ("packages", "/pakker"),
            ("package", f"/pakker/{ids['package']}"),
            ("package-plan", f"/pakker/{ids['package']}/planlaeg"),
            ("cluster-data", f"{cluster}/data"),
            ("meeting", meeting),
            ("meeting-edit", f"{meeting}/rediger"),
            ("attendance", f"{meeting}/fremmoede"),
            ("cluster-proposals", f"{cluster}/pakkeforslag"),
            ("cluster-surveys", f"{cluster}/undersoegelser"),
            ("cluster-survey-new", f"{cluster}/undersoegelser?ny=1"),
            ("survey", f"/undersoegelser/{ids['survey']}"),
            ("templates", "/skabeloner"),
            ("landscape", "/landskab"),
            ("profile", "/profil"),
            ("not-found", "/findes-ikke"),
        ],
        "medlem@demo.dk": [
            ("dashboard-member", "/"),
            ("expense-new", f"{cluster}/udlaeg/nyt"),
            ("expense", f"/udlaeg/{ids['expense']}"),
            ("expense-edit", f"/udlaeg/{ids['expense']}/rediger"),
        ],
        "midtkraft@demo.dk": [
            ("dashboard-region", "/"),
            ("region", "/regioner/midtjylland"),
            ("unit-packages", "/enhed/pakker"),
            ("unit-package", f"/enhed/pakker/{ids['unit_package']}"),
            ("unit-orders", "/enhed/bestillinger"),
            ("proposal-review", "/pakkeforslag"),
            ("unit-surveys", "/enhed/undersoegelser"),
        ],
        "kasserer@demo.dk": [
            ("dashboard-treasurer", "/"),
            ("expense-treasurer", f"/udlaeg/{ids['expense']}"),
        ],
        "plo@demo.dk": [
            ("dashboard-plo", "/"),
            ("attendance-overview", "/fremmoede"),
            ("economy", "/oekonomi"),
        ],
        "admin@demo.dk": [
            ("dashboard-admin", "/"),
            ("administration", "/administration"),
            ("admin-clients", "/administration/klienter"),
            ("economy-admin", "/oekonomi"),
        ],
    }


# Pages for people who are not signed in, beside the login page: (screenshot name, path, title).
PUBLIC_PAGES = [
    ("forgot-password", "/glemt-adgangskode", "Glemt adgangskode"),
    ("set-password", "/adgangskode/et-link-fra-en-e-mail", "Vælg adgangskode"),
    # A survey's answer page with a link it does not know; the open form, the thanks and the
    # answered link are checked at both widths in test_survey_answer.py.
    ("survey-answer", "/svar/et-ukendt-link", "Linket findes ikke"),
]


@pytest.mark.parametrize("device", list(WIDTHS))
def test_every_page_fits_the_screen_and_passes_axe(
    browser: Browser, app_url: str, ids: dict[str, str], device: str
):
    width, height = WIDTHS[device]
    wider = []
    for email, shown in pages(ids).items():
        context = new_context(browser, width, height)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, app_url, email)
        expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
        for name, path in shown:
            page.goto(app_url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            expect(page.get_by_text("Indlæser …")).to_have_count(0)
            if name != "not-found":
                # A page the built app does not know is not a page checked.
                expect(
                    page.get_by_role("heading", level=1, name="Siden findes ikke")
                ).to_have_count(0)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wider.append(f"{name}: {scroll_width} px")
            check_accessibility(page, f"page-{name}-{width}")
        context.close()
    log_in_page = new_context(browser, width, height).new_page()
    log_in_page.goto(app_url + "/login")
    expect(log_in_page.get_by_role("button", name="Log ind")).to_be_visible()
    if log_in_page.evaluate("document.documentElement.scrollWidth") > width:
        wider.append("login")
    check_accessibility(log_in_page, f"page-login-{width}")
    log_in_page.context.close()
    for name, path, heading in PUBLIC_PAGES:
        public = new_context(browser, width, height).new_page()
        public.goto(app_url + path)
        # A fresh context loads the whole app before its first request: on a loaded machine
        # that takes longer than the default wait.
        expect(public.get_by_role("heading", level=1, name=heading)).to_be_visible(timeout=15_000)
        if public.evaluate("document.documentElement.scrollWidth") > width:
            wider.append(name)
        check_accessibility(public, f"page-{name}-{width}")
        public.context.close()
    assert wider == [], f"wider than {width} px: {wider}"


def test_every_route_of_the_web_app_is_visited():
    """A page added to the router without a place above fails here, before anyone forgets its
    phone and accessibility check."""
    ids = {
        "cluster": "c",
        "meeting": "m",
        "expense": "e",
        "unit_package": "p",
        "package": "p",
        "survey": "s",
    }
    visited = {path for shown in pages(ids).values() for _, path in shown}
    visited |= {"/login"} | {path for _, path, _ in PUBLIC_PAGES}
    missing = []
    for route in routes():
        pattern = re.sub(r":\w+", "[^/]+", route.path.rstrip("/") or "/")
        if not any(re.fullmatch(pattern, path) for path in visited):
            missing.append(route.path)
    assert missing == []
