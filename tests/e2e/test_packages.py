"""The catalogue of cluster packages in the browser, at 1280 px and at 375 px: a coordinator of
Demoklyngen Viborg browses and filters the catalogue and opens "Stop op" with its agenda
template of 195 minutes; orders it for a period with a message and sees the order requested on
the package and on the cluster's page (and the demo's accepted order with its facilitator);
cancels an order after a confirmation; and, coming from a meeting's agenda through the
catalogue, plans that meeting from chosen parts of the package,
watching the running total against the meeting's length, then finds the parts on the meeting's
agenda with the package's guide among its materials. Each state is checked with axe-core."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility
from tests.e2e.test_meeting_followup import after_work_in, plan_meeting
from tests.e2e.test_meetings import DEMO_CLUSTER, signed_in

pytestmark = pytest.mark.e2e

COORDINATOR = "koordinator@demo.dk"
WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}


def catalogue(api_url: str) -> dict[str, dict]:
    """The demo's published packages (meeting kits, not templates or guides) by title, as the
    API lists them."""
    token = api_login(api_url, COORDINATOR)
    query = "state=published&kind=package"
    _, _, listed = api_call(api_url, "GET", f"/api/v1/packages?{query}", token=token)
    return {package["title"]: package for package in listed["items"]}


def demo_cluster(api_url: str) -> str:
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=api_login(api_url, COORDINATOR))
    return next(cluster["id"] for cluster in me["clusters"] if cluster["name"] == DEMO_CLUSTER)


def open_catalogue(page: Page, app_url: str, device: str) -> None:
    if device == "desktop":
        page.get_by_role("navigation").get_by_role("link", name="Klyngepakker").click()
    else:
        page.goto(app_url + "/pakker")
    expect(page.get_by_role("heading", level=1, name="Klyngepakker")).to_be_visible()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_coordinator_browses_filters_and_opens_stop_op(
    browser: Browser, app_url: str, api_url: str, device: str
):
    packages = catalogue(api_url)
    stop_op = packages["Stop op"]
    page = signed_in(browser, app_url, COORDINATOR, *WIDTHS[device])
    open_catalogue(page, app_url, device)
    found = page.get_by_role("status").filter(has_text="pakker fundet")
    expect(found).to_have_text(f"{len(packages)} pakker fundet")
    for title in packages:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    check_accessibility(page, f"packages-{device}")

    # A theme the well-being package and "Stop op" share, then only MidtKraft's.
    page.get_by_label("Tema", exact=True).select_option(label="Samarbejde")
    expect(found).to_have_text("2 pakker fundet")
    expect(page.get_by_role("heading", name="Trivsel i klyngen")).to_be_visible()
    page.get_by_label("Enhed", exact=True).select_option(label=stop_op["unit_name"])
    expect(found).to_have_text("1 pakker fundet")
    expect(page.get_by_role("heading", name="Trivsel i klyngen")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"tema=Samarbejde"))

    # Words find what no filter names; none is an empty list that says what to do.
    page.get_by_label("Enhed", exact=True).select_option(label="Alle enheder")
    page.get_by_label("Tema", exact=True).select_option(label="Alle temaer")
    page.get_by_label("Søg", exact=True).fill("urinvejs")
    expect(found).to_have_text("1 pakker fundet")
    expect(page.get_by_role("heading", name="Antibiotika til urinvejsinfektion")).to_be_visible()
    page.get_by_label("Søg", exact=True).fill("findes ikke i kataloget")
    expect(page.get_by_text("Ingen pakker passer til søgningen.")).to_be_visible()
    check_accessibility(page, f"packages-none-{device}")

    page.get_by_label("Søg", exact=True).fill("Stop op")
    page.get_by_role("link", name="Stop op", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Stop op")).to_be_visible()
    expect(page.get_by_text(f"Fra {stop_op['unit_name']}")).to_be_visible()
    expect(page.get_by_text("8 punkter, i alt 195 min")).to_be_visible()
    agenda = page.get_by_role("region", name="Pakkens dagsordenspunkter med tid, dias og metode")
    expect(agenda.get_by_role("row")).to_have_count(10)  # the header, eight items, the total
    expect(agenda.get_by_role("rowheader", name="1. Ankomst og velkomst")).to_be_visible()
    expect(agenda.get_by_text("Parinterview", exact=False)).to_be_visible()
    # The demo's guide downloads: a PDF.
    materials = page.get_by_role("region", name="Materialer", exact=True)
    with page.expect_download() as download_info:
        materials.get_by_role("button", name="Vejledning – Stop op.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Vejledning – Stop op.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    expect(page.get_by_role("region", name="Versioner").get_by_text("Version 1")).to_be_visible()
    check_accessibility(page, f"package-{device}")
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_coordinator_orders_stop_op_sees_it_requested_and_cancels_it(
    browser: Browser, app_url: str, api_url: str, device: str
):
    stop_op = catalogue(api_url)["Stop op"]
    cluster_id = demo_cluster(api_url)
    message = f"Vi vil gerne have en facilitator til foråret ({device}, {uuid.uuid4().hex[:6]})."
    start = date.today() + timedelta(days=60)
    page = signed_in(browser, app_url, COORDINATOR, *WIDTHS[device])
    page.goto(f"{app_url}/pakker/{stop_op['id']}")
    expect(page.get_by_role("heading", level=1, name="Stop op")).to_be_visible()

    page.get_by_role("button", name="Bestil pakken").click()
    dialog = page.get_by_role("dialog", name="Bestil «Stop op»")
    dialog.get_by_label("Fra", exact=True).fill(start.isoformat())
    dialog.get_by_label("Til", exact=True).fill((start + timedelta(days=30)).isoformat())
    dialog.get_by_label("Besked til enheden").fill(message)
    check_accessibility(page, f"package-order-{device}")
    dialog.get_by_role("button", name="Send bestillingen").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("«Stop op» er bestilt.")).to_be_visible()
    orders = page.get_by_role("region", name="Bestillinger")
    mine = orders.get_by_role("listitem").filter(has_text=message)
    expect(mine.get_by_text("Anmodet", exact=True)).to_be_visible()
    expect(mine.get_by_text(DEMO_CLUSTER)).to_be_visible()
    check_accessibility(page, f"package-ordered-{device}")

    # The cluster's page lists its orders with the units' answers.
    page.goto(f"{app_url}/klynger/{cluster_id}/pakker")
    listed = page.get_by_role("list", name="Bestillinger")
    mine = listed.get_by_role("listitem").filter(has_text=message)
    expect(mine.get_by_text("Anmodet", exact=True)).to_be_visible()
    accepted = listed.get_by_role("listitem").filter(has_text="Trivsel i klyngen")
    expect(accepted.get_by_text("Accepteret", exact=True)).to_be_visible()
    expect(accepted.get_by_text("Facilitator: Lene Holm, trivselskonsulent i KiAP")).to_be_visible()
    check_accessibility(page, f"cluster-packages-{device}")

    # Cancelling says what it does, and the order is cancelled for good.
    mine.get_by_role("button", name="Annullér bestillingen af Stop op").click()
    dialog = page.get_by_role("dialog", name="Annullér bestillingen")
    expect(dialog.get_by_text("kan ikke længere acceptere eller afvise den")).to_be_visible()
    check_accessibility(page, f"cluster-packages-cancel-{device}")
    dialog.get_by_role("button", name="Annullér bestillingen", exact=True).click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("Bestillingen af «Stop op» er annulleret.")).to_be_visible()
    expect(mine.get_by_text("Annulleret", exact=True)).to_be_visible()
    expect(mine.get_by_role("button", name="Annullér bestillingen af Stop op")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_coordinator_plans_a_meeting_from_chosen_parts_of_stop_op(
    browser: Browser, app_url: str, api_url: str, device: str
):
    token = api_login(api_url, COORDINATOR)
    title = f"Stop op-møde ({device})"
    # Three hours: the whole package (195 min) does not fit, three parts (85 min) do.
    meeting = plan_meeting(api_url, token, title, after_work_in(40 if device == "desktop" else 41))
    page = signed_in(browser, app_url, COORDINATOR, *WIDTHS[device])
    # From the meeting's agenda to the catalogue and the package, the meeting chosen on the way.
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    page.get_by_role("link", name="Hent punkter fra en klyngepakke").click()
    expect(page.get_by_role("heading", level=1, name="Klyngepakker")).to_be_visible()
    page.get_by_role("link", name="Stop op", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Stop op")).to_be_visible()
    page.get_by_role("link", name="Planlæg møde ud fra pakken").click()
    heading = page.get_by_role("heading", level=1, name="Planlæg møde ud fra «Stop op»")
    expect(heading).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Et kommende møde i"))).to_have_value(meeting["id"])

    chosen = page.get_by_text(re.compile(r"^Valgt: "))
    expect(chosen).to_have_text("Valgt: 8 dele, 195 min")
    expect(page.get_by_text("Dagsordenen bliver 195 af mødets 180 min.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"15 min længere end mødet"))).to_be_visible()
    check_accessibility(page, f"package-plan-over-{device}")

    page.get_by_role("button", name="Fravælg alle").click()
    expect(chosen).to_have_text("Valgt: 0 dele, 0 min")
    page.get_by_label("1. Ankomst og velkomst (10 min)").check()
    page.get_by_label("2. Tilbageblik: hvad har klyngen lavet indtil nu? (30 min)").check()
    page.get_by_label("4. Hvad er kvalitet i klyngearbejdet for vores klynge? (45 min)").check()
    expect(chosen).to_have_text("Valgt: 3 dele, 85 min")
    expect(page.get_by_text("Dagsordenen bliver 85 af mødets 180 min.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"længere end mødet"))).to_have_count(0)
    check_accessibility(page, f"package-plan-{device}")

    page.get_by_role("button", name="Læg delene på dagsordenen").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    agenda = page.get_by_role("region", name="Dagsorden")
    expect(agenda.get_by_role("listitem")).to_have_count(3)
    expect(agenda.get_by_role("listitem").first).to_contain_text("Ankomst og velkomst")
    expect(agenda.get_by_role("listitem").last).to_contain_text(
        "Hvad er kvalitet i klyngearbejdet for vores klynge?"
    )
    expect(agenda.get_by_text("85 af 180 min")).to_be_visible()
    materials = page.get_by_role("region", name="Materialer fra klyngepakken")
    expect(materials.get_by_role("button", name="Vejledning – Stop op.pdf")).to_be_visible()
    check_accessibility(page, f"package-planned-meeting-{device}")
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_package_that_rests_on_data_leads_a_member_to_the_cluster_s_data_view(
    browser: Browser, app_url: str, api_url: str, device: str
):
    antibiotika = catalogue(api_url)["Antibiotika til urinvejsinfektion"]
    page = signed_in(browser, app_url, "medlem@demo.dk", *WIDTHS[device])
    page.goto(f"{app_url}/pakker/{antibiotika['id']}")
    expect(page.get_by_role("heading", level=1, name=antibiotika["title"])).to_be_visible()
    data = page.get_by_role("region", name="Data", exact=True)
    rests_on = "Pakken bygger på indikatorsættet »Antibiotika til UVI«"
    expect(data.get_by_text(rests_on)).to_be_visible()
    check_accessibility(page, f"package-data-{device}")
    data.get_by_role("link", name=f"Se {DEMO_CLUSTER}s data").click()
    expect(page.get_by_role("heading", level=2, name="Data", exact=True)).to_be_visible()
    expect(page.get_by_label("Indikatorsæt")).to_have_value(antibiotika_set_id(api_url))
    panel = page.get_by_role("region", name="Antibiotika til urinvejsinfektion")
    expect(panel.get_by_text("Klyngens gennemsnit 2024:")).to_be_visible()
    page.context.close()


def antibiotika_set_id(api_url: str) -> str:
    token = api_login(api_url, COORDINATOR)
    _, _, sets = api_call(api_url, "GET", "/api/v1/indicator-sets", token=token)
    return next(s["id"] for s in sets["items"] if s["name"] == "Antibiotika til UVI")
