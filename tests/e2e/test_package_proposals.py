"""Clusters share their own packages, in the browser: Demoklyngen Viborg's coordinator shares
the cluster's held meeting as a package from the meeting's page, choosing its agenda items;
MidtKraft finds it in its review queue, with the meeting's evaluation summed up, and sends it
back with a comment; the coordinator sees the comment, revises and resubmits it; MidtKraft
publishes it, and the cluster sees it published with a link to the catalogue, which credits the
cluster. Every member finds the national templates and guides and downloads one. Each page is
checked with axe at 1280 px and at 375 px."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_files import api_upload
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}
HELD_TITLE = "Antibiotika ved urinvejsinfektioner – hvad viser vores data?"


@pytest.fixture(scope="module")
def held(api_url: str) -> dict[str, str]:
    """Demoklyngen Viborg and its held meeting on antibiotics."""
    token = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters?limit=200", token=token)
    cluster = next(c for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    _, _, meetings = api_call(
        api_url,
        "GET",
        f"/api/v1/clusters/{cluster['id']}/meetings?status=held&limit=200",
        token=token,
    )
    meeting = next(m for m in meetings["items"] if m["title"] == HELD_TITLE)
    return {"cluster": cluster["id"], "meeting": meeting["id"]}


def open_as(browser: Browser, app_url: str, email: str, device: str) -> Page:
    width, height = WIDTHS[device]
    page = new_context(browser, width, height).new_page()
    page.set_default_timeout(10_000)
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def check_both_widths(page: Page, name: str) -> None:
    """axe at both widths; the page is never wider than a phone's screen."""
    before = page.viewport_size
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_text("Indlæser …")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        check_accessibility(page, f"proposals-{name}-{width}")
    assert before is not None
    page.set_viewport_size(before)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def card(page: Page, title: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=3, name=title))


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_cluster_shares_a_held_meeting_and_its_unit_publishes_it(
    browser: Browser, app_url: str, held: dict[str, str], device: str
):
    title = f"UVI i klyngen {uuid.uuid4().hex[:6]}"

    # The coordinator shares the held meeting from its page, without its last item.
    coordinator = open_as(browser, app_url, "koordinator@demo.dk", device)
    coordinator.goto(f"{app_url}/moeder/{held['meeting']}")
    coordinator.get_by_role("button", name="Del som klyngepakke").click()
    dialog = coordinator.get_by_role("dialog", name="Del mødet som klyngepakke")
    expect(dialog.get_by_text("I alt 120 minutter")).to_be_visible()
    dialog.get_by_label("Titel").fill(title)
    dialog.get_by_label("Resumé").fill("Vores møde om antibiotika med egne data.")
    dialog.get_by_label("Temaer").fill("Data")
    dialog.get_by_label("Temaer").press("Enter")
    dialog.get_by_label("Aftaler og PDSA (25 min.)").uncheck()
    expect(dialog.get_by_text("I alt 95 minutter")).to_be_visible()
    # The meeting's closed evaluation goes with it unless unticked.
    expect(dialog.get_by_label("Medtag mødets evaluering")).to_be_checked()
    check_accessibility(coordinator, f"proposals-share-dialog-{device}")
    dialog.get_by_role("button", name="Send forslag").click()
    expect(coordinator.get_by_text("Forslaget er sendt til MidtKraft.")).to_be_visible()
    coordinator.get_by_role("link", name="Se klyngens pakkeforslag").click()
    expect(coordinator.get_by_role("heading", level=1, name="Pakkeforslag")).to_be_visible()
    mine = card(coordinator, title)
    expect(mine.get_by_text("Afventer behandling")).to_be_visible()
    expect(mine.get_by_text("95 min.")).to_be_visible()

    # MidtKraft sends it back with a comment.
    unit = open_as(browser, app_url, "midtkraft@demo.dk", device)
    unit.goto(f"{app_url}/pakkeforslag")
    expect(unit.get_by_role("heading", level=1, name="Pakkeforslag fra klyngerne")).to_be_visible()
    theirs = card(unit, title)
    expect(theirs.get_by_text("Fra Demoklyngen Viborg")).to_be_visible()
    expect(theirs.get_by_text("Klinikkernes data 2023 mod 2024 (40 min.)")).to_be_visible()
    # The evaluation summed up below the cluster's notes, without the free texts.
    evaluated = re.compile(r"Evaluering \(.+\): \d+ af \d+ svarede \(\d+ %\)\.\n- ")
    expect(theirs.get_by_text(evaluated)).to_be_visible()
    check_both_widths(unit, f"review-{device}")
    card(unit, title).get_by_role("button", name="Send tilbage").click()
    returning = unit.get_by_role("dialog")
    # Not without a comment.
    expect(returning.get_by_role("button", name="Send tilbage")).to_be_disabled()
    returning.get_by_label("Kommentar til klyngen").fill("Beskriv gerne gruppearbejdet nærmere.")
    returning.get_by_role("button", name="Send tilbage").click()
    expect(unit.get_by_text("Forslaget er sendt tilbage til Demoklyngen Viborg.")).to_be_visible()

    # The coordinator sees the comment, revises the proposal and sends it again.
    coordinator.reload()
    mine = card(coordinator, title)
    expect(mine.get_by_text("Sendt tilbage")).to_be_visible()
    expect(mine.get_by_text("Beskriv gerne gruppearbejdet nærmere.")).to_be_visible()
    check_both_widths(coordinator, f"cluster-{device}")
    card(coordinator, title).get_by_role("button", name="Ret forslaget").click()
    revising = coordinator.get_by_role("dialog", name="Ret forslaget")
    revising.get_by_label("Resumé").fill("Gruppearbejdet: hvad gør vi forskelligt?")
    revising.get_by_role("button", name="Gem").click()
    expect(coordinator.get_by_text("Forslaget er rettet.")).to_be_visible()
    card(coordinator, title).get_by_role("button", name="Send igen").click()
    expect(coordinator.get_by_text("Forslaget er sendt igen.")).to_be_visible()
    expect(card(coordinator, title).get_by_text("Afventer behandling")).to_be_visible()

    # MidtKraft publishes it under the cluster's name.
    unit.reload()
    card(unit, title).get_by_role("button", name="Udgiv i kataloget").click()
    expect(
        unit.get_by_text(f"»{title}« er udgivet under Demoklyngen Viborgs navn.")
    ).to_be_visible()

    coordinator.reload()
    mine = card(coordinator, title)
    expect(mine.get_by_text("Udgivet")).to_be_visible()
    link = mine.get_by_role("link", name="Se pakken i kataloget")
    expect(link).to_have_attribute("href", re.compile(r"^/pakker/[0-9a-f-]{36}$"))
    # The catalogue credits the cluster, with the unit that published it.
    link.click()
    expect(coordinator.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(coordinator.get_by_text("Fra Demoklyngen Viborg (udgivet af MidtKraft)")).to_be_visible()


@pytest.fixture(scope="module")
def guide(api_url: str) -> str:
    """A guide MidtKraft publishes with its material, through the API (the demo's own
    documents are stored apart from the browser tests' server)."""
    token = api_login(api_url, "midtkraft@demo.dk")
    title = f"Tjekliste til mødelederen {uuid.uuid4().hex[:6]}"
    body = {"title": title, "kind": "guide", "estimated_minutes": 10, "themes": ["Møder"]}
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    status, _, package = api_call(
        api_url, "POST", "/api/v1/packages", body, token=token, headers=headers
    )
    assert status == 201, package
    path = f"/api/v1/packages/{package['id']}/versions"
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    status, _, version = api_call(api_url, "POST", path, {}, token=token, headers=headers)
    assert status == 201, version
    api_upload(api_url, token, f"{path}/{version['id']}/materials", "tjekliste.txt", b"Tjekliste\n")
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    status, _, published = api_call(
        api_url, "POST", f"{path}/{version['id']}/publish", token=token, headers=headers
    )
    assert status == 200, published
    return title


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_member_downloads_a_national_guide(
    browser: Browser, app_url: str, guide: str, device: str
):
    member = open_as(browser, app_url, "medlem@demo.dk", device)
    if device == "phone":
        member.get_by_role("button", name="Menu").click()
    member.get_by_role("link", name="Skabeloner og vejledninger").first.click()
    expect(
        member.get_by_role("heading", level=1, name="Skabeloner og vejledninger")
    ).to_be_visible()
    templates = member.get_by_role("region", name="Skabeloner")
    expect(templates.get_by_role("heading", level=3, name="Vedtægter for klynger")).to_be_visible()
    expect(templates.get_by_role("button", name="Hent Vedtægter for klyngen.pdf")).to_be_visible()
    guides = member.get_by_role("region", name="Vejledninger")
    expect(guides.get_by_role("heading", level=3, name="PDSA i klinikken")).to_be_visible()
    check_both_widths(member, f"templates-{device}")
    entry = card(member, guide)
    expect(entry.get_by_text("Fra MidtKraft")).to_be_visible()
    with member.expect_download() as download:
        entry.get_by_role("button", name="Hent tjekliste.txt").click()
    assert download.value.suggested_filename == "tjekliste.txt"
