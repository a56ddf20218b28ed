"""The data view in the browser, at 1280 and 375 px: a member of a cluster with open data sees
the other clinics by name beside their own; a member of a cluster with closed data sees them
only as "Klinik A", "Klinik B", … and no other clinic's name or provider number anywhere on
the page; the coordinator records the general assembly's decision and sees it, an expired one
marked as counting as closed, and changes it.

The closed cluster is found in the demo through the API (about two in five clusters closed
their data), and one of its doctors is given a password by the admin, as the demo's logins
all belong to Demoklyngen Viborg, whose data are open."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}
SET_NAME = "Antibiotika til UVI"
CLOSED_DOCTOR_PASSWORD = "lukkede-data-og-havregryn"


def _data_view(api_url: str, token: str, cluster_id: str, set_id: str) -> dict:
    status, _, view = api_call(
        api_url, "GET", f"/api/v1/clusters/{cluster_id}/data/{set_id}", token=token
    )
    assert status == 200, view
    return view


@pytest.fixture(scope="module")
def demo(api_url: str) -> dict:
    """The indicator set, Demoklyngen Viborg (open), and a cluster whose data are closed for
    every period, with a doctor of it who can log in and the other clinics they must not see."""
    admin = api_login(api_url, "admin@demo.dk")
    _, _, sets = api_call(api_url, "GET", "/api/v1/indicator-sets", token=admin)
    set_id = next(s["id"] for s in sets["items"] if s["name"] == SET_NAME)
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters?limit=200", token=admin)
    viborg = next(c for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    closed = next(
        c
        for c in clusters["items"]
        if c["id"] != viborg["id"]
        and all(
            p["policy"] == "closed" and not p["decision_expired"]
            for p in _data_view(api_url, admin, c["id"], set_id)["periods"]
        )
    )
    _, _, members = api_call(
        api_url, "GET", f"/api/v1/clusters/{closed['id']}/members?limit=200", token=admin
    )
    _, _, roles = api_call(
        api_url, "GET", f"/api/v1/clusters/{closed['id']}/roles?limit=200", token=admin
    )
    holders = {role["user_id"] for role in roles["items"]}
    doctor = next(m for m in members["items"] if m["user_id"] not in holders)
    _, headers, user = api_call(api_url, "GET", f"/api/v1/users/{doctor['user_id']}", token=admin)
    status, _, user = api_call(
        api_url,
        "PATCH",
        f"/api/v1/users/{doctor['user_id']}",
        {"password": CLOSED_DOCTOR_PASSWORD},
        token=admin,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, user
    _, _, clinics = api_call(
        api_url, "GET", f"/api/v1/clusters/{closed['id']}/clinics?limit=200", token=admin
    )
    own = next(c for c in clinics["items"] if c["id"] == doctor["clinic_id"])
    others = [c for c in clinics["items"] if c["id"] != own["id"]]
    _, _, viborg_clinics = api_call(
        api_url, "GET", f"/api/v1/clusters/{viborg['id']}/clinics?limit=200", token=admin
    )
    return {
        "set": set_id,
        "open": viborg["id"],
        "open_clinics": [c["name"] for c in viborg_clinics["items"]],
        "closed": closed["id"],
        "closed_email": user["email"],
        "closed_own": own,
        "closed_others": others,
    }


def _open_page(browser: Browser, app_url: str, device: str, email: str, password=None):
    width, height = WIDTHS[device]
    context = new_context(browser, width, height)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if password:
        log_in(page, app_url, email, password)
    else:
        log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return context, page


def _bars(panel):
    """The drawn bars of an indicator's chart."""
    return panel.get_by_test_id("indicator-chart").locator(".recharts-bar-rectangle")


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_member_of_an_open_cluster_sees_the_clinics_by_name(
    browser: Browser, app_url: str, demo: dict, device: str
):
    context, page = _open_page(browser, app_url, device, "medlem@demo.dk")
    page.goto(f"{app_url}/klynger/{demo['open']}")
    page.get_by_role("tab", name="Data").click()
    expect(page.get_by_role("heading", level=2, name="Data", exact=True)).to_be_visible()
    expect(page.get_by_text("2023: åbne data – klinikkerne vises med navn.")).to_be_visible()
    expect(page.get_by_text("2024: åbne data – klinikkerne vises med navn.")).to_be_visible()
    panel = page.get_by_role("region", name="Antibiotika til urinvejsinfektion")
    expect(panel.get_by_text("Lavere er bedre")).to_be_visible()
    expect(_bars(panel).first).to_be_attached()
    expect(panel.get_by_text("Klyngens gennemsnit 2024:")).to_be_visible()
    check_accessibility(page, f"data-open-chart-{WIDTHS[device][0]}")

    page.get_by_text("Tabel", exact=True).click()
    table = panel.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_text("Din klinik")).to_be_visible()
    for name in demo["open_clinics"]:
        expect(table.get_by_role("rowheader", name=name).first).to_be_visible()
    expect(table.get_by_text("Klinik A")).to_have_count(0)
    # Danish numbers: a comma before the decimal.
    expect(table.get_by_role("row", name="Landsgennemsnit").get_by_text(",").first).to_be_visible()
    expect(page.get_by_role("button", name="Registrér beslutning")).to_have_count(0)
    _fits(page, WIDTHS[device][0])
    check_accessibility(page, f"data-open-table-{WIDTHS[device][0]}")
    context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_member_of_a_closed_cluster_sees_no_other_clinic(
    browser: Browser, app_url: str, demo: dict, device: str
):
    context, page = _open_page(
        browser, app_url, device, demo["closed_email"], CLOSED_DOCTOR_PASSWORD
    )
    page.goto(f"{app_url}/klynger/{demo['closed']}/data")
    expect(page.get_by_role("heading", level=2, name="Data", exact=True)).to_be_visible()
    expect(
        page.get_by_text("2024: lukkede data – de andre klinikker vises som Klinik A, B, …")
    ).to_be_visible()
    panel = page.get_by_role("region", name="Antibiotika til urinvejsinfektion")
    expect(_bars(panel).first).to_be_attached()
    chart = panel.get_by_test_id("indicator-chart")
    expect(chart.get_by_text("Klinik A (2023)", exact=True)).to_be_attached()
    expect(chart.get_by_text("Klinik A (2024)", exact=True)).to_be_attached()
    check_accessibility(page, f"data-closed-chart-{WIDTHS[device][0]}")

    page.get_by_text("Tabel", exact=True).click()
    table = panel.get_by_role("table")
    expect(table.get_by_role("rowheader", name="Klinik A (2023)")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Klinik A (2024)")).to_be_visible()
    expect(table.get_by_role("rowheader", name=demo["closed_own"]["name"])).to_be_visible()
    expect(page.get_by_role("button", name="Registrér beslutning")).to_have_count(0)
    _fits(page, WIDTHS[device][0])
    check_accessibility(page, f"data-closed-table-{WIDTHS[device][0]}")

    # Neither the chart, the table nor anything else on the page names another clinic.
    page.get_by_text("Diagram", exact=True).click()
    expect(_bars(panel).first).to_be_attached()
    for shown in ("Diagram", "Tabel"):
        page.get_by_text(shown, exact=True).click()
        expect(page.get_by_text("Klinik A").first).to_be_attached()
        content = page.content()
        own_name = demo["closed_own"]["name"]
        for clinic in demo["closed_others"]:
            assert clinic["provider_number"] not in content
            if clinic["name"] not in own_name:
                assert clinic["name"] not in content, clinic["name"]
    context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_coordinator_records_a_decision_and_sees_it_marked_expired(
    browser: Browser, app_url: str, demo: dict, device: str
):
    # Years long gone, one per device: the decision is expired, and covers none of the data's
    # periods, so the cluster's data stay as the demo has them.
    year = dt.date.today().year - (6 if device == "desktop" else 7)
    context, page = _open_page(browser, app_url, device, "koordinator@demo.dk")
    page.goto(f"{app_url}/klynger/{demo['open']}/data")
    decisions = page.get_by_role("region", name="Beslutninger om åbne eller lukkede data")
    expect(decisions.get_by_test_id("data-decision").first).to_be_visible()
    decisions.get_by_role("button", name="Registrér beslutning").click()
    dialog = page.get_by_role("dialog", name="Registrér generalforsamlingens beslutning")
    dialog.get_by_label("Lukkede data").check()
    dialog.get_by_label("Besluttet på generalforsamlingen").fill(f"{year - 1}-11-20")
    dialog.get_by_label("Gælder fra").fill(f"{year}-01-01")
    dialog.get_by_label("Gælder til og med").fill(f"{year}-12-31")
    check_accessibility(page, f"data-decision-dialog-{WIDTHS[device][0]}")
    dialog.get_by_role("button", name="Gem").click()
    expect(dialog).to_have_count(0)
    expect(decisions.get_by_text("Beslutningen er gemt.")).to_be_visible()

    recorded = decisions.get_by_test_id("data-decision").filter(
        has_text=f"1. januar {year} – 31. december {year}"
    )
    expect(recorded).to_have_count(1)
    expect(recorded.get_by_text("Lukkede data")).to_be_visible()
    expect(recorded.get_by_text("Udløbet – tæller som lukket")).to_be_visible()
    expect(recorded.get_by_text(f"Besluttet 20. november {year - 1}")).to_be_visible()
    _fits(page, WIDTHS[device][0])
    check_accessibility(page, f"data-decisions-{WIDTHS[device][0]}")

    # Recorded wrongly: the assembly opened its data. The change is sent with its ETag.
    recorded.get_by_role("button", name=f"Ret beslutningen fra 1. januar {year}").click()
    dialog = page.get_by_role("dialog", name="Ret beslutning om data")
    dialog.get_by_label("Åbne data").check()
    dialog.get_by_role("button", name="Gem").click()
    expect(dialog).to_have_count(0)
    expect(recorded.get_by_text("Åbne data")).to_be_visible()
    expect(recorded.get_by_text("Udløbet – tæller som lukket")).to_be_visible()
    # The data's own periods are untouched: still open.
    expect(page.get_by_text("2024: åbne data – klinikkerne vises med navn.")).to_be_visible()
    context.close()
