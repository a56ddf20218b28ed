"""A survey answered from the link in its e-mail, on a phone: the demo GP opens Demoklyngen
Viborg's open questionnaire before the coming meeting without signing in, fills in half of it,
reloads the page and finds the half still there, finishes and sends it, and is thanked; the
link then says that it has answered. The page passes axe at 375 px and at 1280 px, and is never
wider than the screen."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.core.config import DEV_SECRET_KEY
from api.demo.surveys import demo_respondent_recipient
from api.services.surveys.links import link_token
from tests.e2e.conftest import api_call, check_accessibility, new_context

pytestmark = pytest.mark.e2e

PHONE = (375, 812)
DESKTOP = (1280, 860)
DRAFT_PREFIX = "survey-answer-draft:"


@pytest.fixture(scope="module")
def token(database_url: str, api_url: str) -> str:
    """The demo GP's link to Demoklyngen Viborg's open questionnaire, as its e-mail has it:
    made from the recipient row the API's database keeps, under the API's secret key."""
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            recipient_id: uuid.UUID | None = session.scalar(demo_respondent_recipient())
    finally:
        engine.dispose()
    assert recipient_id is not None, "the demo GP has no open questionnaire to answer"
    found = link_token(recipient_id, os.environ.get("SECRET_KEY", DEV_SECRET_KEY))
    status, _, form = api_call(api_url, "GET", f"/api/v1/survey-answers/{found}")
    assert status == 200 and form["state"] == "open", form
    return found


def fits_and_passes_axe(page: Page, name: str, heading: str | re.Pattern[str]) -> None:
    """axe at both widths, the page no wider than the screen; back to the phone after."""
    for width, height in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": height})
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        check_accessibility(page, f"survey-answer-{name}-{width}")


def question(page: Page, number: int, total: int):
    return page.get_by_role("region", name=f"Spørgsmål {number} af {total}")


def test_the_demo_gp_answers_the_questionnaire_on_a_phone(
    browser: Browser, app_url: str, token: str
):
    context = new_context(browser, *PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    link = f"{app_url}/svar/{token}"

    # The link from the e-mail opens the questionnaire, with no sign-in.
    page.goto(link)
    title = re.compile(r"^Før mødet: ")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Fra Demoklyngen Viborg")).to_be_visible()
    expect(page.get_by_text("Dine svar er anonyme")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Svarfrist: \d{1,2}\. \w+ \d{4}"))).to_be_visible()
    expect(page.get_by_text("0 af 4 besvaret").first).to_be_visible()
    fits_and_passes_axe(page, "form", title)

    # Half of it: the meeting form and two topics.
    question(page, 1, 4).get_by_role("radio", name="Dagsmøde").check()
    topics = question(page, 2, 4)
    topics.get_by_role("checkbox", name="Psykiatri").check()
    topics.get_by_role("checkbox", name="Lungesygdomme").check()
    expect(page.get_by_text("2 af 4 besvaret").first).to_be_visible()

    # The phone reloads the page: the half is still there.
    page.reload()
    restored = page.get_by_text("Vi har hentet det, du var nået til sidst.", exact=False)
    expect(restored).to_be_visible()
    expect(question(page, 1, 4).get_by_role("radio", name="Dagsmøde")).to_be_checked()
    topics = question(page, 2, 4)
    expect(topics.get_by_role("checkbox", name="Psykiatri")).to_be_checked()
    expect(topics.get_by_role("checkbox", name="Lungesygdomme")).to_be_checked()
    expect(topics.get_by_role("checkbox", name="Trivsel og arbejdsmiljø")).not_to_be_checked()
    expect(page.get_by_text("2 af 4 besvaret").first).to_be_visible()

    # The rest, and send.
    question(page, 3, 4).get_by_role("textbox").fill("4")
    question(page, 4, 4).get_by_role("textbox").fill("Mere tid til cases fra vores egne klinikker.")
    expect(page.get_by_text("4 af 4 besvaret").first).to_be_visible()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("heading", level=1, name="Tak for dit svar")).to_be_visible()
    # The draft is gone from the phone once the answer is in.
    kept = page.evaluate(
        f"Object.keys(localStorage).filter((key) => key.startsWith({DRAFT_PREFIX!r}))"
    )
    assert kept == []
    fits_and_passes_axe(page, "thanks", "Tak for dit svar")

    # The link again: it has answered.
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Du har allerede svaret")).to_be_visible()
    expect(page.get_by_role("button", name="Send svar")).to_have_count(0)
    fits_and_passes_axe(page, "answered", "Du har allerede svaret")
    context.close()


def test_an_unknown_link_is_explained(browser: Browser, app_url: str):
    context = new_context(browser, *PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{app_url}/svar/{'x' * 43}")
    expect(page.get_by_role("heading", level=1, name="Linket findes ikke")).to_be_visible()
    fits_and_passes_axe(page, "not-found", "Linket findes ikke")
    context.close()


def test_a_link_opened_in_a_fresh_browser_is_answered_every_time(browser: Browser, app_url: str):
    """A browser with no session looks for one while the link's form loads; finding none must
    not throw the form's answer away (the page stayed at "Indlæser …" when it did)."""
    for _ in range(3):
        context = new_context(browser, *PHONE)
        page = context.new_page()
        page.goto(f"{app_url}/svar/et-ukendt-link")
        heading = page.get_by_role("heading", level=1, name="Linket findes ikke")
        expect(heading).to_be_visible(timeout=10_000)
        context.close()
