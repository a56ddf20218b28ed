"""Planning the year in a real browser, on a phone: the coordinator proposes a rotation of
meetings handed in turn to sub-clusters or clinics, sees the proposal as a table that fits the
screen, plans it, and finds the meetings in the cluster's list."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_meetings import COPENHAGEN, DEMO_CLUSTER, signed_in

pytestmark = pytest.mark.e2e

PHONE = (375, 812)


def test_the_coordinator_plans_a_rotation_and_sees_the_meetings(browser: Browser, app_url: str):
    token = uuid.uuid4().hex[:6]
    first_day = (datetime.now(COPENHAGEN) + timedelta(days=30)).strftime("%Y-%m-%d")
    page = signed_in(browser, app_url, "koordinator@demo.dk", *PHONE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    page.get_by_role("link", name=DEMO_CLUSTER).click()
    page.get_by_role("tab", name="Møder").click()
    page.get_by_role("link", name="Planlæg året").click()
    expect(page.get_by_role("heading", level=1, name="Planlæg året")).to_be_visible()

    page.get_by_label("Første møde, dato").fill(first_day)
    page.get_by_label("Antal møder").fill("3")
    page.get_by_label("Titel").fill(f"Årshjul {token} {{n}}: {{responsible}}")
    page.get_by_label("Sted", exact=True).fill("Viborg Lægehus")
    picker = page.get_by_role("combobox", name="Skiftes til at stå for møderne")
    chosen = []
    for nth in (0, 1):
        picker.click()
        listbox = page.get_by_role("listbox", name="Skiftes til at stå for møderne")
        option = listbox.get_by_role("option").nth(nth)
        chosen.append(option.inner_text().strip())
        option.click()
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Vis forslag").click()

    table = page.get_by_role("table", name="Møderne, der bliver planlagt som kladder")
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row").nth(1)).to_contain_text(f"Årshjul {token} 1: {chosen[0]}")
    expect(table.get_by_role("row").nth(2)).to_contain_text(f"Årshjul {token} 2: {chosen[1]}")
    expect(table.get_by_role("row").nth(3)).to_contain_text(f"Årshjul {token} 3: {chosen[0]}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    check_accessibility(page, "meeting-rotation-preview-375")

    page.get_by_role("button", name="Planlæg 3 møder").click()
    expect(page.get_by_role("tab", name="Møder", selected=True)).to_be_visible()
    coming = page.get_by_role("region", name="Kommende møder")
    planned = coming.get_by_role("link", name=re.compile(f"^Årshjul {token} "))
    expect(planned).to_have_count(3)
    planned.first.click()
    first_title = f"Årshjul {token} 1: {chosen[0]}"
    expect(page.get_by_role("heading", level=1, name=first_title)).to_be_visible()
    expect(page.get_by_text(re.compile(rf"^{re.escape(chosen[0])} \("))).to_be_visible()
