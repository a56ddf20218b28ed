"""The web app in a real browser: login, a reload that keeps the session, logout, a wrong
password, the dashboard, the profile, the 404 page and an ended session, each page checked
with axe-core and photographed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, api_call, api_login, check_accessibility

pytestmark = pytest.mark.e2e


def log_in(page: Page, app_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(app_url + "/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def test_login_page(page: Page, app_url: str):
    page.goto(app_url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Log ind")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "da"
    check_accessibility(page, "login")


def test_login_shows_the_dashboard(page: Page, app_url: str):
    log_in(page, app_url, "koordinator@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    expect(page.get_by_text("Karen Koordinator").first).to_be_visible()
    clusters = page.get_by_role("region", name="Dine klynger")
    expect(clusters.get_by_text("Demoklyngen Viborg")).to_be_visible()
    expect(clusters.get_by_text("Klyngekoordinator · Region Midtjylland")).to_be_visible()
    expect(page.get_by_role("heading", name="Kommende møder")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    assert page.title().startswith("Oversigt")
    check_accessibility(page, "dashboard")


def test_tokens_are_never_kept_in_web_storage(page: Page, app_url: str):
    log_in(page, app_url, "medlem@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    stored = page.evaluate("[localStorage.length, sessionStorage.length]")
    assert stored == [0, 0]
    cookies = page.context.cookies()
    refresh = [c for c in cookies if c["name"] == "refresh_token"]
    assert refresh and refresh[0]["httpOnly"] is True
    assert page.evaluate("document.cookie") == ""


def test_reload_keeps_the_session(page: Page, app_url: str):
    log_in(page, app_url, "medlem@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_logout_ends_the_session(page: Page, app_url: str):
    log_in(page, app_url, "medlem@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_text("Du er nu logget ud.")).to_be_visible()
    # The refresh cookie is revoked: a reload does not bring the session back.
    page.goto(app_url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Log ind")).to_be_visible()


def test_wrong_password_is_explained_in_danish(page: Page, app_url: str):
    log_in(page, app_url, "medlem@demo.dk", "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Forkert e-mail eller adgangskode.")
    expect(page).to_have_url(re.compile(r"/login"))
    check_accessibility(page, "login-error")


def test_profile_page(page: Page, app_url: str):
    log_in(page, app_url, "midtkraft@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    page.get_by_role("link", name="Profil").click()
    expect(page.get_by_role("heading", level=1, name="Profil")).to_be_visible()
    expect(page.get_by_text("midtkraft@demo.dk")).to_be_visible()
    expect(page.get_by_text("MidtKraft").first).to_be_visible()
    check_accessibility(page, "profile")


def test_admin_sees_administration(page: Page, app_url: str):
    log_in(page, app_url, "admin@demo.dk")
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_text("koordinator@demo.dk")).to_be_visible()
    check_accessibility(page, "administration")


def test_unknown_page_is_a_404_page(page: Page, app_url: str):
    log_in(page, app_url, "medlem@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    page.goto(app_url + "/findes-ikke")
    expect(page.get_by_role("heading", level=1, name="Siden findes ikke")).to_be_visible()
    check_accessibility(page, "not-found")


def test_ended_session_returns_to_login_with_a_danish_message(
    page: Page, app_url: str, api_url: str
):
    log_in(page, app_url, "kasserer@demo.dk")
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    # The admin resets the password: every session of the account ends, server-side.
    admin = api_login(api_url, "admin@demo.dk")
    _, _, users = api_call(api_url, "GET", "/api/v1/users?email=kasserer@demo.dk", token=admin)
    user_id = users["items"][0]["id"]
    _, headers, _ = api_call(api_url, "GET", f"/api/v1/users/{user_id}", token=admin)
    status, _, _ = api_call(
        api_url,
        "PATCH",
        f"/api/v1/users/{user_id}",
        {"password": DEMO_PASSWORD},
        token=admin,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200
    page.get_by_role("link", name="Profil").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_text("Din session er udløbet. Log ind igen.")).to_be_visible()
