"""Each demo login sees a home of their own on the dashboard: the coordinator's follow-up, the
member's meetings and news, the regional unit's region, PLO's attendance and the admin's
administration; no one is told to contact their regional unit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import new_context
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

CONTACT = "kontakt din regionale kvalitetsenhed"


def _home(browser: Browser, app_url: str, email: str):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return context, page


def test_the_coordinator_sees_the_follow_up_of_their_cluster(browser: Browser, app_url: str):
    context, page = _home(browser, app_url, "koordinator@demo.dk")
    expect(page.get_by_role("heading", name="Koordinator: Demoklyngen Viborg")).to_be_visible()
    expect(page.get_by_role("region", name="Næste møde")).to_be_visible()
    expect(page.get_by_role("region", name="Mangler svar")).to_be_visible()
    expect(page.get_by_role("region", name="Opfølgning")).to_be_visible()
    expect(page.get_by_text(CONTACT)).to_have_count(0)
    context.close()


def test_the_member_sees_meetings_to_answer_and_news(browser: Browser, app_url: str):
    context, page = _home(browser, app_url, "medlem@demo.dk")
    expect(page.get_by_role("region", name="Kommende møder")).to_be_visible()
    expect(page.get_by_role("region", name="Nyt i Demoklyngen Viborg")).to_be_visible()
    expect(page.get_by_text("Koordinator: Demoklyngen Viborg")).to_have_count(0)
    context.close()


def test_the_regional_consultant_sees_the_region(browser: Browser, app_url: str):
    context, page = _home(browser, app_url, "midtkraft@demo.dk")
    expect(page.get_by_role("heading", name="Din region: Region Midtjylland")).to_be_visible()
    expect(page.get_by_role("link", name="Demoklyngen Viborg").first).to_be_visible()
    expect(page.get_by_text(CONTACT)).to_have_count(0)
    context.close()


def test_plo_sees_the_attendance_and_its_screen(browser: Browser, app_url: str):
    context, page = _home(browser, app_url, "plo@demo.dk")
    card = page.get_by_role("region", name="Fremmøde 2")
    expect(card.get_by_text("Afholdte møder")).to_be_visible()
    expect(page.get_by_text(CONTACT)).to_have_count(0)
    card.get_by_role("link", name="Se fremmøde og hent data").click()
    expect(page.get_by_role("heading", level=1, name="Fremmøde")).to_be_visible()
    expect(
        page.get_by_role("region", name="Pr. klynge").get_by_text("Demoklyngen Viborg")
    ).to_be_visible()
    context.close()


def test_the_admin_sees_users_and_machine_clients(browser: Browser, app_url: str):
    context, page = _home(browser, app_url, "admin@demo.dk")
    expect(page.get_by_role("link", name="Brugere")).to_be_visible()
    page.get_by_role("link", name="Maskinklienter").click()
    expect(page.get_by_role("heading", level=1, name="Maskinklienter")).to_be_visible()
    expect(page.get_by_text("plo-economy")).to_be_visible()
    expect(page.get_by_text(CONTACT)).to_have_count(0)
    context.close()
