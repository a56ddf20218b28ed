"""A way in, in the browser: a person who forgot their password asks for a link on the login
page, opens the link from the e-mail, chooses a new password and logs in with it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, last_mail_to
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

EMAIL = "glemsom.laege@e2e.demo.dk"
OLD_PASSWORD = "gammel-kaffekande-og-cykel"
NEW_PASSWORD = "lanterne-spurv-havregryn"


def test_a_forgotten_password_is_reset_by_a_link_and_works(
    page: Page, app_url: str, api_url: str, database_url: str
):
    admin = api_login(api_url, "admin@demo.dk")
    status, _, body = api_call(
        api_url,
        "POST",
        "/api/v1/users",
        {"email": EMAIL, "name": "Glemsom Læge", "password": OLD_PASSWORD},
        token=admin,
    )
    assert status == 201, body

    page.goto(app_url + "/login")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    expect(page.get_by_role("heading", level=1, name="Glemt adgangskode")).to_be_visible()
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_role("button", name="Send link").click()
    expect(
        page.get_by_text("Hvis adressen findes hos os, har vi sendt en e-mail med et link.")
    ).to_be_visible()

    mail = last_mail_to(database_url, EMAIL)
    link = re.search(r"(https?://\S+/adgangskode/[A-Za-z0-9_-]+)", mail)
    assert link, mail
    assert link.group(1).startswith(app_url)

    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1, name="Vælg adgangskode")).to_be_visible()
    check_accessibility(page, "set-password")
    page.get_by_label("Ny adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(
        page.get_by_text("Din adgangskode er gemt. Log ind med den nye adgangskode.")
    ).to_be_visible()

    log_in(page, app_url, EMAIL, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()

    # The link worked once.
    status, _, problem = api_call(
        api_url,
        "POST",
        "/api/v1/auth/password",
        {"token": link.group(1).rsplit("/", 1)[1], "password": "endnu-et-nyt-ord-til-sidst"},
    )
    assert status == 404
    assert problem["type"] == "urn:cluster-platform:problem:invalid-link"
