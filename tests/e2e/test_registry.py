"""The cluster registry in a real browser: the cluster page for a member, the coordinator's
whole registry workflow (clinic, doctor, personal e-mail, role, sub-cluster, and ending each),
bad input, a concurrent edit, the CSV download, the secretary's narrower rights, the region
page and the national picture, each checked with axe-core."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

DEMO_CLUSTER = "Demoklyngen Viborg"


def open_demo_cluster(page: Page, app_url: str, email: str) -> str:
    """Log in, go to the demo cluster through the menu, and return its id."""
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    expect(page.get_by_role("heading", level=1, name="Klynger")).to_be_visible()
    page.get_by_role("link", name=DEMO_CLUSTER).click()
    expect(page.get_by_role("heading", level=1, name=DEMO_CLUSTER)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Klinikker og læger")).to_be_visible()
    # Wait for the clinics to be listed before anything is checked.
    expect(page.get_by_role("heading", level=3).first).to_be_visible()
    return page.url.rsplit("/", 1)[-1]


def unfold(page: Page, clinic: str) -> None:
    """Show a clinic's doctors: each clinic is folded to one line until it is opened."""
    control = page.get_by_role(
        "heading", level=3, name=re.compile(f"^{re.escape(clinic)}")
    ).get_by_role("button")
    if control.get_attribute("aria-expanded") != "true":
        control.click()
    expect(control).to_have_attribute("aria-expanded", "true")


def find(page: Page, text: str) -> None:
    """Search the clinics and doctors: the clinics found are unfolded."""
    page.get_by_role("searchbox", name="Søg i klinikker og læger").fill(text)


def dialog(page: Page, name: str):
    return page.get_by_role("dialog", name=name)


def choose(page: Page, about: str, action: str) -> None:
    """Open a row's menu of actions and choose one."""
    page.get_by_role("button", name=f"Handlinger for {about}").click()
    page.get_by_role("menuitem", name=action).click()


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name, selected=True)).to_be_visible()


def saved(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="Ændringen er gemt.")).to_be_visible()


def test_member_sees_the_cluster_but_cannot_change_it(page: Page, app_url: str):
    open_demo_cluster(page, app_url, "medlem@demo.dk")
    expect(page.get_by_text("Region Midtjylland · 16 klinikker").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Handlinger for"))).to_have_count(0)
    open_tab(page, "Roller")
    roles = page.get_by_role("region", name="Roller")
    expect(
        roles.get_by_role("row", name=re.compile("Klyngekoordinator Karen Koordinator"))
    ).to_be_visible()
    open_tab(page, "Babyklynger")
    expect(
        page.get_by_role("region", name="Babyklynger").get_by_role("listitem")
    ).not_to_have_count(0)
    open_tab(page, "Klinikker og læger")
    for button in ("Tilføj klinik", "Tilføj læge", "Tildel rolle", "Opret babyklynge"):
        expect(page.get_by_role("button", name=button)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Handlinger for"))).to_have_count(0)
    # Other doctors' personal e-mails are not shown to a member (the coordinator sees them).
    find(page, "Mads Medlem")
    expect(page.get_by_role("columnheader", name="Arbejdsmail").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Privat e-mail")).to_have_count(0)
    expect(page.locator("td", has_text="@privat.")).to_have_count(0)
    check_accessibility(page, "cluster-member")


def test_coordinator_keeps_the_registry(page: Page, app_url: str):
    open_demo_cluster(page, app_url, "koordinator@demo.dk")
    check_accessibility(page, "cluster-coordinator")

    # A clinic comes in; a provider number that is not digits is refused at the field.
    page.get_by_role("button", name="Tilføj klinik").click()
    add_clinic = dialog(page, "Tilføj klinik")
    expect(add_clinic.get_by_label("Ydernummer")).to_be_focused()
    add_clinic.get_by_label("Ydernummer").fill("12ab")
    add_clinic.get_by_label("Klinikkens navn").fill("Lægehuset Testvej")
    add_clinic.get_by_role("button", name="Tilføj klinikken").click()
    expect(add_clinic.get_by_role("alert")).to_contain_text("Oplysningerne blev afvist")
    expect(add_clinic.get_by_text("Ydernummeret skal være 4 til 12 cifre.")).to_be_visible()
    expect(add_clinic.get_by_label("Ydernummer")).to_have_attribute("aria-invalid", "true")
    check_accessibility(page, "cluster-add-clinic-error")
    add_clinic.get_by_label("Ydernummer").fill("99887701")
    add_clinic.get_by_label("Adresse").fill("Testvej 1, 8800 Viborg")
    add_clinic.get_by_role("button", name="Tilføj klinikken").click()
    expect(add_clinic).to_have_count(0)
    saved(page)
    clinic = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Lægehuset Testvej")
    )
    expect(clinic.get_by_text("Ydernummer 99887701 · Ingen læger")).to_be_visible()
    unfold(page, "Lægehuset Testvej")
    expect(
        clinic.get_by_text(re.compile("^Testvej 1, 8800 Viborg · Intet patienttal"))
    ).to_be_visible()
    expect(page.get_by_text("Region Midtjylland · 17 klinikker")).to_be_visible()

    # A doctor joins the new clinic, with a personal e-mail.
    choose(page, "Lægehuset Testvej", "Tilføj læge")
    add_doctor = dialog(page, "Tilføj læge")
    expect(add_doctor.get_by_label("Klinik")).to_have_value(re.compile(".+"))
    add_doctor.get_by_label("Navn").fill("Tove Testlæge")
    add_doctor.get_by_label("E-mail (login)").fill("tove.testlaege@e2e.demo.dk")
    add_doctor.get_by_label("Type").select_option(label="Ansat læge")
    add_doctor.get_by_label("Privat e-mail").fill("tove@privat.e2e.dk")
    add_doctor.get_by_role("button", name="Tilføj lægen").click()
    expect(add_doctor).to_have_count(0)
    row = clinic.get_by_role("row", name=re.compile("Tove Testlæge"))
    expect(row).to_contain_text("Ansat læge")
    expect(row).to_contain_text("tove.testlaege@e2e.demo.dk")
    expect(row).to_contain_text("tove@privat.e2e.dk")

    # Her personal e-mail changes.
    choose(page, "Tove Testlæge", "Redigér")
    edit = dialog(page, "Redigér Tove Testlæge")
    expect(edit.get_by_label("Privat e-mail")).to_have_value("tove@privat.e2e.dk")
    edit.get_by_label("Privat e-mail").fill("tove.ny@privat.e2e.dk")
    edit.get_by_role("button", name="Gem").click()
    expect(edit).to_have_count(0)
    expect(row).to_contain_text("tove.ny@privat.e2e.dk")

    # The search finds her by name, and her clinic by its provider number.
    search = page.get_by_role("searchbox", name="Søg i klinikker og læger")
    search.fill("tove test")
    expect(page.get_by_role("table", name=re.compile("^Læger på"))).to_have_count(1)
    expect(row).to_be_visible()
    search.fill("99887701")
    expect(page.get_by_role("heading", level=3)).to_have_count(1)
    search.fill("")

    # She becomes a board member, and the role ends again.
    open_tab(page, "Roller")
    page.get_by_role("button", name="Tildel rolle").click()
    assign = dialog(page, "Tildel rolle")
    assign.get_by_label("Læge").select_option(label="Tove Testlæge")
    assign.get_by_label("Rolle").select_option(label="Bestyrelsesmedlem")
    assign.get_by_role("button", name="Tildel rollen").click()
    expect(assign).to_have_count(0)
    roles = page.get_by_role("region", name="Roller")
    role_row = roles.get_by_role("row", name=re.compile("Bestyrelsesmedlem Tove Testlæge"))
    expect(role_row).to_be_visible()
    choose(page, "Bestyrelsesmedlem Tove Testlæge", "Afslut rolle")
    end_role = dialog(page, "Afslut rolle")
    expect(end_role).to_contain_text("Vil du afslutte Tove Testlæges rolle som Bestyrelsesmedlem?")
    end_role.get_by_role("button", name="Afslut rollen").click()
    expect(end_role).to_have_count(0)
    expect(role_row).to_have_count(0)

    # A sub-cluster of the new clinic, renamed, then deleted.
    open_tab(page, "Babyklynger")
    page.get_by_role("button", name="Opret babyklynge").click()
    create = dialog(page, "Opret babyklynge")
    create.get_by_label("Navn").fill("Babyklynge Test")
    create.get_by_label("Lægehuset Testvej").check()
    create.get_by_role("button", name="Opret babyklyngen").click()
    expect(create).to_have_count(0)
    subs = page.get_by_role("region", name="Babyklynger")
    sub = subs.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Babyklynge Test")
    )
    expect(sub).to_contain_text("Lægehuset Testvej")
    choose(page, "Babyklynge Test", "Redigér")
    rename = dialog(page, "Redigér Babyklynge Test")
    rename.get_by_label("Navn").fill("Babyklynge Testvej")
    rename.get_by_role("button", name="Gem").click()
    expect(rename).to_have_count(0)
    sub = subs.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Babyklynge Testvej")
    )
    choose(page, "Babyklynge Testvej", "Slet babyklynge")
    delete = dialog(page, "Slet babyklynge")
    check_accessibility(page, "cluster-delete-sub-cluster")
    delete.get_by_role("button", name="Slet babyklyngen").click()
    expect(delete).to_have_count(0)
    expect(subs.get_by_role("heading", name="Babyklynge Testvej")).to_have_count(0)

    # Cancelling changes nothing; then the membership ends and the clinic leaves. Each
    # confirmation says what the change does.
    open_tab(page, "Klinikker og læger")
    unfold(page, "Lægehuset Testvej")
    choose(page, "Tove Testlæge", "Afslut medlemskab")
    end_member = dialog(page, "Afslut medlemskab")
    expect(end_member).to_contain_text(
        "Tove Testlæge fjernes fra klinikken Lægehuset Testvej. Lægen mister straks adgang"
    )
    check_accessibility(page, "cluster-end-member")
    end_member.get_by_role("button", name="Annullér").click()
    expect(end_member).to_have_count(0)
    expect(row).to_be_visible()
    choose(page, "Tove Testlæge", "Afslut medlemskab")
    end_member.get_by_role("button", name="Afslut medlemskabet").click()
    expect(end_member).to_have_count(0)
    expect(row).to_have_count(0)

    choose(page, "Lægehuset Testvej", "Tag ud af klyngen")
    end_clinic = dialog(page, "Tag klinikken ud af klyngen")
    expect(end_clinic).to_contain_text("give den regionale kvalitetsenhed besked")
    end_clinic.get_by_role("button", name="Tag klinikken ud").click()
    expect(end_clinic).to_have_count(0)
    expect(page.get_by_role("heading", name="Lægehuset Testvej")).to_have_count(0)
    expect(page.get_by_text("Region Midtjylland · 16 klinikker")).to_be_visible()


def test_a_concurrent_change_is_refused_not_lost(page: Page, app_url: str, api_url: str):
    cluster_id = open_demo_cluster(page, app_url, "koordinator@demo.dk")
    token = api_login(api_url, "sekretaer@demo.dk")
    status, _, members = api_call(
        api_url, "GET", f"/api/v1/clusters/{cluster_id}/members?limit=200", token=token
    )
    assert status == 200
    target = next(m for m in members["items"] if m["name"] == "Mads Medlem")

    find(page, "Mads Medlem")
    choose(page, "Mads Medlem", "Redigér")
    edit = dialog(page, "Redigér Mads Medlem")
    expect(edit.get_by_label("Privat e-mail")).to_be_visible()

    # Meanwhile the secretary changes the same member.
    path = f"/api/v1/clusters/{cluster_id}/members/{target['id']}"
    status, headers, _ = api_call(api_url, "GET", path, token=token)
    status, _, body = api_call(
        api_url,
        "PATCH",
        path,
        {"personal_email": "mads.fra.sekretaer@privat.e2e.dk"},
        token=token,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, body

    edit.get_by_label("Privat e-mail").fill("mads.fra.koordinator@privat.e2e.dk")
    edit.get_by_role("button", name="Gem").click()
    expect(edit.get_by_role("alert")).to_contain_text("En anden har ændret oplysningerne")
    edit.get_by_role("button", name="Annullér").click()

    # The secretary's change stands; reopening shows it and saving then works.
    status, _, now = api_call(api_url, "GET", path, token=token)
    assert now["personal_email"] == "mads.fra.sekretaer@privat.e2e.dk"
    choose(page, "Mads Medlem", "Redigér")
    expect(edit.get_by_label("Privat e-mail")).to_have_value("mads.fra.sekretaer@privat.e2e.dk")
    edit.get_by_role("button", name="Gem").click()
    expect(edit).to_have_count(0)
    saved(page)


def test_member_list_downloads_as_excel(page: Page, app_url: str):
    open_demo_cluster(page, app_url, "koordinator@demo.dk")
    with page.expect_download() as info:
        page.get_by_role("button", name="Hent medlemsliste som Excel").click()
    download = info.value
    assert download.suggested_filename == "medlemmer-demoklyngen-viborg.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet.title == "Medlemmer"
    values = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    assert {"Navn", "Klinik", "Arbejds-e-mail", "Privat e-mail", "Roller i klyngen"} <= set(rows[0])
    by_name = {row["Navn"]: row for row in rows}
    assert {"Karen Koordinator", "Mads Medlem", "Sara Sekretær"} <= set(by_name)
    assert by_name["Karen Koordinator"]["Roller i klyngen"] == "Klyngekoordinator"
    assert {row["Klynge"] for row in rows} == {DEMO_CLUSTER}
    assert len(rows) >= 30


def test_secretary_keeps_members_but_not_clinics(page: Page, app_url: str):
    open_demo_cluster(page, app_url, "sekretaer@demo.dk")
    expect(page.get_by_role("button", name="Tilføj læge").first).to_be_visible()
    find(page, "Mads Medlem")
    page.get_by_role("button", name="Handlinger for Mads Medlem").click()
    expect(page.get_by_role("menuitem", name="Redigér")).to_be_visible()
    page.keyboard.press("Escape")
    # The first menu is the first clinic's: the secretary adds doctors, not clinics.
    page.get_by_role("button", name=re.compile("^Handlinger for")).first.click()
    expect(page.get_by_role("menuitem", name="Tilføj læge")).to_be_visible()
    expect(page.get_by_role("menuitem", name="Tag ud af klyngen")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Tilføj klinik")).to_have_count(0)
    open_tab(page, "Roller")
    expect(page.get_by_role("button", name="Tildel rolle")).to_have_count(0)


def test_quality_unit_sees_its_region(page: Page, app_url: str):
    log_in(page, app_url, "midtkraft@demo.dk")
    page.get_by_role("link", name="Min region").click()
    expect(page.get_by_role("heading", level=1, name="Region Midtjylland")).to_be_visible()
    table = page.get_by_role("table", name="Klynger i Region Midtjylland")
    expect(table.get_by_role("link", name=DEMO_CLUSTER)).to_be_visible()
    row = table.get_by_role("row", name=re.compile(DEMO_CLUSTER))
    expect(row.get_by_role("cell").nth(0)).to_have_text("16")
    expect(page.get_by_role("status").filter(has_text="Viste klynger:")).to_be_visible()
    check_accessibility(page, "region")
    # A cluster outside the region is not found from here.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    expect(page.get_by_role("heading", level=1, name="Klynger")).to_be_visible()
    expect(page.get_by_role("link", name=DEMO_CLUSTER)).to_be_visible()
    expect(page.get_by_role("row")).not_to_have_count(0)
    check_accessibility(page, "clusters")


def test_landscape_page_shows_the_national_figures(page: Page, app_url: str):
    log_in(page, app_url, "plo@demo.dk")
    page.get_by_role("link", name="Landsbillede").click()
    expect(page.get_by_role("heading", level=1, name="Landsbillede")).to_be_visible()
    figures = page.get_by_role("region", name="Nøgletal")
    expect(figures.get_by_text("116", exact=True)).to_be_visible()
    expect(figures.get_by_text("1.700", exact=True)).to_be_visible()
    expect(figures.get_by_role("img", name="Læger pr. klynge")).to_be_visible()
    expect(figures.get_by_text(re.compile(r"Fra 12 til 72 læger; gennemsnit 29"))).to_be_visible()
    roles = page.get_by_role("table", name="Andel af de 116 klynger")
    expect(roles.get_by_role("row", name=re.compile("Kun en koordinator"))).to_contain_text(
        "35 klynger"
    )
    expect(roles.get_by_role("row", name=re.compile("bestyrelsesmedlemmer"))).to_contain_text(
        "71 klynger"
    )
    expect(roles.get_by_role("row", name=re.compile("Med sekretær"))).to_contain_text("6 klynger")
    regions = page.get_by_role("table", name="Regionerne side om side")
    expect(regions.get_by_role("row")).to_have_count(6)
    check_accessibility(page, "landscape")
    regions.get_by_role("link", name="Region Nordjylland").click()
    expect(page.get_by_role("heading", level=1, name="Region Nordjylland")).to_be_visible()
