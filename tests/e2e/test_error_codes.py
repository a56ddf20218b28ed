"""The API's refusals in Danish: forms filled so that the browser lets them through and the API
refuses them show the web app's own Danish text for each error code, and not a word of the
API's English messages."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_board import open_cluster_board
from tests.e2e.test_files import open_library
from tests.e2e.test_meetings import danish, fill_time, signed_in

pytestmark = pytest.mark.e2e

DEMO_CLUSTER = "Demoklyngen Viborg"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# What the API says in English about these fields, none of which may reach the page.
ENGLISH_MESSAGES = [
    "Length must be",
    "Not an https:// link",
    "Must not be after starts_at",
    "Must be after starts_at",
    "Unprocessable",
    "See `errors`",
]
# Common English words that have no place in a Danish page (as whole words).
ENGLISH_WORDS = re.compile(
    r"\b(the|must|not|between|length|field|invalid|after|before|error|request|valid)\b",
    re.IGNORECASE,
)


def assert_no_english(page: Page) -> None:
    text = page.locator("main").inner_text()
    for message in ENGLISH_MESSAGES:
        assert message not in text, f"the API's English reached the page: {message!r}"
    assert ENGLISH_WORDS.findall(text) == [], text


def test_a_refused_meeting_and_folder_are_explained_in_danish(browser: Browser, app_url: str):
    start = (datetime.now(COPENHAGEN) + timedelta(days=20)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    start_date, start_time = danish(start)
    _, end_time = danish(start + timedelta(hours=3))
    rsvp_date, _ = danish(start + timedelta(days=2))

    page = signed_in(browser, app_url, "koordinator@demo.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    page.get_by_role("link", name=DEMO_CLUSTER).click()
    page.get_by_role("tab", name="Møder").click()
    page.get_by_role("link", name="Planlæg møde").click()
    expect(page.get_by_role("heading", level=1, name="Planlæg møde")).to_be_visible()

    # A title longer than the API takes (the form sets no limit) and a link without https.
    page.get_by_label("Titel").fill("Klyngemøde " + "x" * 200)
    page.get_by_label("Dato").fill(start_date)
    fill_time(page, "Starter kl.", start_time)
    fill_time(page, "Slutter kl.", end_time)
    page.get_by_label("Sted", exact=True).fill("Viborg Lægehus")
    page.get_by_label("Videolink").fill("http://møde.example.dk/klynge")
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Højst 200 tegn.")).to_be_visible()
    expect(
        page.get_by_text("Skal være et sikkert link, der begynder med https://.")
    ).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("Oplysningerne blev afvist")
    expect(page.get_by_label("Titel")).to_have_attribute("aria-invalid", "true")
    assert_no_english(page)

    # Mended, but the answer is due after the meeting has begun: a rule across fields.
    page.get_by_label("Titel").fill(f"Klyngemøde {uuid.uuid4().hex[:6]}")
    page.get_by_label("Videolink").fill("")
    page.get_by_label("Svarfrist").fill(rsvp_date)
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Må ikke være efter starttidspunktet.")).to_be_visible()
    expect(page.get_by_text("Højst 200 tegn.")).to_have_count(0)
    assert_no_english(page)

    # A folder name longer than the API takes, typed past the field's own limit.
    open_library(page)
    page.get_by_role("button", name="Ny mappe").click()
    dialog = page.get_by_role("dialog", name="Ny mappe i Alle filer")
    name = dialog.get_by_label("Navn")
    name.evaluate("input => input.removeAttribute('maxlength')")
    name.fill("Referater " + "x" * 120)
    dialog.get_by_role("button", name="Opret mappen").click()
    expect(dialog.get_by_text("Højst 100 tegn.")).to_be_visible()
    text = dialog.inner_text()
    assert "Length must be" not in text
    assert ENGLISH_WORDS.findall(text) == [], text


def test_a_refused_post_is_explained_in_danish(browser: Browser, app_url: str):
    page = signed_in(browser, app_url, "medlem@demo.dk")
    open_cluster_board(page)
    page.get_by_role("button", name="Nyt opslag").click()
    dialog = page.get_by_role("dialog", name="Nyt opslag")
    title = dialog.get_by_label("Overskrift")
    title.evaluate("input => input.removeAttribute('maxlength')")
    title.fill("Erfaringer med KOL " + "x" * 200)
    dialog.get_by_label("Tekst").fill("Hvem har erfaring med hjemmemonitorering?")
    dialog.get_by_role("button", name="Slå op").click()
    expect(dialog.get_by_text("Højst 200 tegn.")).to_be_visible()
    expect(title).to_have_attribute("aria-invalid", "true")
    text = dialog.inner_text()
    assert "Length must be" not in text
    assert ENGLISH_WORDS.findall(text) == [], text
