"""A quality unit's packages and orders in the browser, at 1280 px and at 375 px: MidtKraft's
consultant creates a package, gives a draft version an agenda (items added, moved, removed,
with a running total of minutes), uploads a material, publishes the version (which then never
changes) and retires the package; a description changed by someone else meanwhile is refused
in Danish with the new version a click away; and the orders of "Stop op", the demo's package,
are accepted with a facilitator and declined with a reason. A guide is created in the web app
without an agenda, its material uploaded and its version published, and a member finds it on
the templates page. Every page is checked with axe.
Each test arranges what it needs through the API, so none depends on another."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_expenses import receipt_png
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}
UNIT_STAFF = "midtkraft@demo.dk"


def open_as_unit(browser: Browser, app_url: str, device: str) -> Page:
    width, height = WIDTHS[device]
    page = new_context(browser, width, height).new_page()
    page.set_default_timeout(10_000)
    log_in(page, app_url, UNIT_STAFF)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def fits(page: Page, device: str) -> None:
    width = WIDTHS[device][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def go_to_unit_page(page: Page, app_url: str, device: str, link: str, path: str) -> None:
    """Through the menu on a desktop; on a phone the menu is behind its button."""
    if device == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name=link).click()
    expect(page).to_have_url(app_url + path)
    expect(page.get_by_role("heading", level=1, name=link)).to_be_visible()


def package_by_api(api_url: str, package_id: str) -> dict:
    status, _, body = api_call(
        api_url, "GET", f"/api/v1/packages/{package_id}", token=api_login(api_url, UNIT_STAFF)
    )
    assert status == 200, body
    return body


def first_version(page: Page):
    """A first draft version made with "Ny udgave", as its region on the package's page."""
    page.get_by_role("button", name="Ny udgave").click()
    dialog = page.get_by_role("dialog", name="Ny udgave")
    dialog.get_by_label("Hvad er nyt i udgaven").fill("Første udgave.")
    dialog.get_by_role("button", name="Opret udgaven").click()
    expect(dialog).to_have_count(0)
    return page.get_by_role("region", name="Kladde til udgave 1")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_unit_creates_a_package_builds_its_agenda_uploads_a_material_and_publishes_it(
    browser: Browser, app_url: str, api_url: str, device: str
):
    title = f"Opfølgning på data {uuid.uuid4().hex[:6]}"
    page = open_as_unit(browser, app_url, device)
    go_to_unit_page(page, app_url, device, "Enhedens pakker", "/enhed/pakker")
    expect(page.get_by_role("link", name="Stop op")).to_be_visible()
    check_accessibility(page, f"unit-packages-{device}")

    # A new package: a draft, described.
    page.get_by_role("button", name="Ny pakke").click()
    dialog = page.get_by_role("dialog", name="Ny pakke")
    dialog.get_by_label("Titel").fill(title)
    dialog.get_by_label("Resumé").fill("Et møde om klinikkernes egne data og det næste PDSA.")
    dialog.get_by_label("Temaer").fill("Data, PDSA")
    dialog.get_by_label("Målgruppe").fill("Hele klyngen")
    dialog.get_by_label("Anslået varighed i minutter").fill("to timer")
    dialog.get_by_role("button", name="Opret pakken").click()
    expect(dialog.get_by_text("Skriv et helt antal minutter fra 1 til 1440.")).to_be_visible()
    dialog.get_by_label("Anslået varighed i minutter").fill("90")
    check_accessibility(page, f"unit-package-create-{device}")
    dialog.get_by_role("button", name="Opret pakken").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Kladde", exact=True)).to_be_visible()
    expect(page.get_by_text("Data, PDSA")).to_be_visible()

    # A first version, and its agenda: three items, the last moved up, a fourth removed.
    draft = first_version(page)
    expect(draft.get_by_text("Dagsordenen har ingen punkter endnu.")).to_be_visible()
    agenda = [("Velkomst", "10", "1"), ("Klinikkernes data", "45", "2-6"), ("Næste PDSA", "20", "")]
    for number, (item, minutes, slides) in enumerate(agenda, start=1):
        draft.get_by_role("button", name="Tilføj punkt").click()
        row = draft.get_by_role("group", name=f"Punkt {number}")
        row.get_by_label("Overskrift").fill(item)
        row.get_by_label("Minutter").fill(minutes)
        row.get_by_label("Slides").fill(slides)
    draft.get_by_role("group", name="Punkt 2").get_by_label("Metode og noter").fill(
        "Grupper af 3-5 læger ser på egne tal."
    )
    expect(draft.get_by_text("I alt 75 min.")).to_be_visible()
    draft.get_by_role("button", name="Flyt punkt 3 op").click()
    expect(draft.get_by_role("group", name="Punkt 2").get_by_label("Overskrift")).to_have_value(
        "Næste PDSA"
    )
    draft.get_by_role("button", name="Tilføj punkt").click()
    draft.get_by_role("group", name="Punkt 4").get_by_label("Minutter").fill("15")
    expect(draft.get_by_text("I alt 90 min.")).to_be_visible()
    # A row without a heading is said beside its field, and nothing is sent.
    draft.get_by_role("button", name="Gem dagsordenen").click()
    expect(draft.get_by_role("group", name="Punkt 4").get_by_text("Skal udfyldes.")).to_be_visible()
    draft.get_by_role("button", name="Fjern punkt 4").click()
    expect(draft.get_by_text("I alt 75 min.")).to_be_visible()
    expect(draft.get_by_role("button", name="Offentliggør")).to_be_disabled()
    # The data the package rests on, saved with the agenda.
    draft.get_by_label("Data (indikatorsæt)").select_option(label="Antibiotika til UVI")
    draft.get_by_role("button", name="Gem dagsordenen").click()
    expect(draft.get_by_role("button", name="Offentliggør")).to_be_enabled()
    expect(draft.get_by_text("Gem dagsordenen, før du offentliggør udgaven.")).to_have_count(0)

    # A material, uploaded through the files service.
    draft.locator('input[type="file"]').set_input_files(
        {"name": "datatraek.png", "mimeType": "image/png", "buffer": receipt_png()}
    )
    materials = draft.get_by_role("list", name="Materialer")
    expect(materials.get_by_text("datatraek.png")).to_be_visible()
    fits(page, device)
    check_accessibility(page, f"unit-package-draft-{device}")

    # Published: the dialog says that the version never changes again.
    draft.get_by_role("button", name="Offentliggør").click()
    dialog = page.get_by_role("dialog", name="Offentliggør udgave 1")
    expect(dialog).to_contain_text("En offentliggjort udgave kan ikke ændres.")
    check_accessibility(page, f"unit-package-publish-{device}")
    dialog.get_by_role("button", name="Offentliggør").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("region", name="Kladde til udgave 1")).to_have_count(0)
    expect(page.get_by_text("Offentliggjort", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Se pakken i kataloget")).to_be_visible()
    expect(page.get_by_role("button", name="Ny udgave")).to_be_visible()

    package_id = page.url.rsplit("/", 1)[1]
    stored = package_by_api(api_url, package_id)
    assert stored["state"] == "published"
    assert stored["themes"] == ["Data", "PDSA"]
    version = stored["published_version"]
    assert version["indicator_set_name"] == "Antibiotika til UVI"
    assert [(i["title"], i["minutes"], i["slides"]) for i in version["items"]] == [
        ("Velkomst", 10, "1"),
        ("Næste PDSA", 20, None),
        ("Klinikkernes data", 45, "2-6"),
    ]
    assert version["items"][2]["method_notes"] == "Grupper af 3-5 læger ser på egne tal."
    assert [m["name"] for m in version["materials"]] == ["datatraek.png"]

    # Retired: it leaves the catalogue and no longer changes.
    page.get_by_role("button", name="Træk pakken tilbage").click()
    dialog = page.get_by_role("dialog", name=f"Træk »{title}« tilbage")
    dialog.get_by_role("button", name="Træk pakken tilbage").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("Pakken er trukket tilbage.")).to_be_visible()
    expect(page.get_by_role("button", name="Ny udgave")).to_have_count(0)
    fits(page, device)
    check_accessibility(page, f"unit-package-retired-{device}")
    assert package_by_api(api_url, package_id)["state"] == "retired"


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_unit_publishes_a_guide_with_its_material_and_a_member_finds_it_on_the_templates_page(
    browser: Browser, app_url: str, api_url: str, device: str
):
    title = f"Vejledning til klyngeaftalen {uuid.uuid4().hex[:6]}"
    page = open_as_unit(browser, app_url, device)
    go_to_unit_page(page, app_url, device, "Enhedens pakker", "/enhed/pakker")

    # A guide, chosen in the dialog: a document, not a meeting kit.
    page.get_by_role("button", name="Ny pakke").click()
    dialog = page.get_by_role("dialog", name="Ny pakke")
    dialog.get_by_label("Hvad skal enheden udgive?").select_option(label="Vejledning")
    dialog.get_by_label("Titel").fill(title)
    dialog.get_by_label("Temaer").fill("Aftaler")
    dialog.get_by_label("Anslået varighed i minutter").fill("20")
    check_accessibility(page, f"unit-guide-create-{device}")
    dialog.get_by_role("button", name="Opret pakken").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Vejledning · MidtKraft")).to_be_visible()

    # Its first version asks for no agenda: its material is uploaded, and it is published.
    draft = first_version(page)
    expect(draft.get_by_text("Ingen materialer endnu.")).to_be_visible()
    expect(draft.get_by_role("heading", name="Dagsorden")).to_have_count(0)
    expect(draft.get_by_role("button", name="Tilføj punkt")).to_have_count(0)
    draft.locator('input[type="file"]').set_input_files(
        {"name": "klyngeaftale.png", "mimeType": "image/png", "buffer": receipt_png()}
    )
    expect(
        draft.get_by_role("list", name="Materialer").get_by_text("klyngeaftale.png")
    ).to_be_visible()
    fits(page, device)
    check_accessibility(page, f"unit-guide-draft-{device}")
    draft.get_by_role("button", name="Offentliggør").click()
    dialog = page.get_by_role("dialog", name="Offentliggør udgave 1")
    expect(dialog).to_contain_text("kommer på siden Skabeloner og vejledninger")
    dialog.get_by_role("button", name="Offentliggør").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("region", name="Kladde til udgave 1")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Se den på siden Skabeloner og vejledninger")
    ).to_be_visible()
    fits(page, device)
    check_accessibility(page, f"unit-guide-published-{device}")

    package_id = page.url.rsplit("/", 1)[1]
    stored = package_by_api(api_url, package_id)
    assert (stored["kind"], stored["state"]) == ("guide", "published")
    assert stored["published_version"]["items"] == []
    assert [m["name"] for m in stored["published_version"]["materials"]] == ["klyngeaftale.png"]

    # A member finds it among the guides, with its material to fetch.
    width, height = WIDTHS[device]
    member = new_context(browser, width, height).new_page()
    member.set_default_timeout(10_000)
    log_in(member, app_url, "medlem@demo.dk")
    expect(member.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    if device == "phone":
        member.get_by_role("button", name="Menu").click()
    member.get_by_role("link", name="Skabeloner og vejledninger").first.click()
    expect(member).to_have_url(app_url + "/skabeloner")
    guides = member.get_by_role("region", name="Vejledninger")
    entry = guides.get_by_role("listitem").filter(
        has=member.get_by_role("heading", level=3, name=title)
    )
    expect(entry.get_by_text("Fra MidtKraft")).to_be_visible()
    expect(entry.get_by_role("button", name="Hent klyngeaftale.png")).to_be_visible()
    fits(member, device)
    check_accessibility(member, f"templates-unit-guide-{device}")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_description_changed_meanwhile_is_refused_with_the_new_version_a_click_away(
    browser: Browser, app_url: str, api_url: str, device: str
):
    token = api_login(api_url, UNIT_STAFF)
    title = f"Kladde {uuid.uuid4().hex[:6]}"
    status, _, created = api_call(
        api_url,
        "POST",
        "/api/v1/packages",
        {"title": title, "estimated_minutes": 60},
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, created
    page = open_as_unit(browser, app_url, device)
    page.goto(f"{app_url}/enhed/pakker/{created['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()

    page.get_by_role("button", name="Rediger beskrivelsen").click()
    dialog = page.get_by_role("dialog", name="Rediger beskrivelsen")
    expect(dialog.get_by_label("Titel")).to_have_value(title)
    # A colleague changes the package while the dialog is open.
    _, headers, _ = api_call(api_url, "GET", f"/api/v1/packages/{created['id']}", token=token)
    status, _, body = api_call(
        api_url,
        "PUT",
        f"/api/v1/packages/{created['id']}",
        {"title": f"{title} (kollega)", "estimated_minutes": 75},
        token=token,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, body
    dialog.get_by_label("Målgruppe").fill("Koordinatorerne")
    dialog.get_by_role("button", name="Gem", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text("En anden har ændret pakken")
    check_accessibility(page, f"unit-package-stale-{device}")
    dialog.get_by_role("button", name="Hent den nye udgave").click()
    expect(dialog.get_by_label("Titel")).to_have_value(f"{title} (kollega)")
    expect(dialog.get_by_label("Anslået varighed i minutter")).to_have_value("75")
    dialog.get_by_label("Målgruppe").fill("Koordinatorerne")
    dialog.get_by_role("button", name="Gem", exact=True).click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=f"{title} (kollega)")).to_be_visible()
    expect(page.get_by_text("Koordinatorerne")).to_be_visible()
    fits(page, device)

    # A draft that was never published is deleted.
    page.get_by_role("button", name="Slet kladden").click()
    dialog = page.get_by_role("dialog", name=f"Slet »{title} (kollega)«")
    dialog.get_by_role("button", name="Slet kladden").click()
    expect(page).to_have_url(app_url + "/enhed/pakker")
    status, _, _ = api_call(api_url, "GET", f"/api/v1/packages/{created['id']}", token=token)
    assert status == 404


def order_stop_op(api_url: str, message: str) -> dict:
    """Demoklyngen Viborg's coordinator orders the demo's "Stop op" from MidtKraft."""
    token = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters?limit=200", token=token)
    viborg = next(c["id"] for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    _, _, packages = api_call(api_url, "GET", "/api/v1/packages?q=Stop%20op", token=token)
    stop_op = next(p for p in packages["items"] if p["title"] == "Stop op")
    status, _, order = api_call(
        api_url,
        "POST",
        f"/api/v1/clusters/{viborg}/package-orders",
        {"package_id": stop_op["id"], "wished_from": "2031-03-01", "message": message},
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, order
    return order


def order_state(api_url: str, order_id: str) -> dict:
    status, _, body = api_call(
        api_url,
        "GET",
        f"/api/v1/package-orders/{order_id}",
        token=api_login(api_url, "koordinator@demo.dk"),
    )
    assert status == 200, body
    return body


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_unit_accepts_an_order_with_a_facilitator_and_declines_one_with_a_reason(
    browser: Browser, app_url: str, api_url: str, device: str
):
    tag = uuid.uuid4().hex[:6]
    accepted = order_stop_op(api_url, f"Vi vil gerne have en facilitator ({tag}-a).")
    declined = order_stop_op(api_url, f"Kan I komme om en uge? ({tag}-d)")

    page = open_as_unit(browser, app_url, device)
    go_to_unit_page(page, app_url, device, "Bestillinger", "/enhed/bestillinger")
    # The inbox opens on the orders awaiting an answer.
    expect(page.get_by_label("Vis", exact=True)).to_have_value("requested")
    expect(page.get_by_role("listitem").filter(has_text=f"{tag}-a")).to_have_count(1)
    fits(page, device)
    check_accessibility(page, f"unit-orders-{device}")

    # Accepted, with a facilitator: a name typed on a desktop, the consultant herself on a phone.
    first = page.get_by_role("listitem").filter(has_text=f"{tag}-a")
    first.get_by_role("button", name="Accepter").click()
    dialog = page.get_by_role("dialog", name="Accepter bestillingen af »Stop op«")
    if device == "desktop":
        dialog.get_by_label("En anden").check()
        dialog.get_by_role("button", name="Accepter").click()
        expect(dialog.get_by_text("Skal udfyldes.")).to_be_visible()
        dialog.get_by_label("Facilitatorens navn").fill("Jens Facilitator, MidtKraft")
    else:
        dialog.get_by_label("Mig selv (Mette Konsulent)").check()
    check_accessibility(page, f"unit-orders-accept-{device}")
    dialog.get_by_role("button", name="Accepter").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has_text=f"{tag}-a")).to_have_count(0)

    # Declined: the reason is required.
    second = page.get_by_role("listitem").filter(has_text=f"{tag}-d")
    second.get_by_role("button", name="Afvis").click()
    dialog = page.get_by_role("dialog", name="Afvis bestillingen af »Stop op«")
    dialog.get_by_role("button", name="Afvis").click()
    expect(dialog.get_by_text("Skal udfyldes.")).to_be_visible()
    dialog.get_by_label("Begrundelse").fill("Ingen facilitator ledig med så kort varsel.")
    dialog.get_by_role("button", name="Afvis").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has_text=f"{tag}-d")).to_have_count(0)

    # Every order, with the state and the answer shown.
    page.get_by_label("Vis", exact=True).select_option(label="Alle bestillinger")
    # The demo's orders are among them, answered before.
    expect(page.get_by_text("Facilitator: Mette Konsulent kommer og faciliterer")).to_be_visible()
    answered = page.get_by_role("listitem").filter(has_text=f"{tag}-a")
    expect(answered.get_by_text("Accepteret")).to_be_visible()
    if device == "desktop":
        expect(answered.get_by_text("Facilitator: Jens Facilitator, MidtKraft")).to_be_visible()
    else:
        expect(answered.get_by_text("Facilitator: dig")).to_be_visible()
    refused = page.get_by_role("listitem").filter(has_text=f"{tag}-d")
    expect(refused.get_by_text("Afvist")).to_be_visible()
    expect(refused.get_by_text("Begrundelse: Ingen facilitator ledig")).to_be_visible()
    fits(page, device)
    check_accessibility(page, f"unit-orders-all-{device}")

    # The cluster sees the answers.
    me = api_call(api_url, "GET", "/api/v1/me", token=api_login(api_url, UNIT_STAFF))[2]
    seen = order_state(api_url, accepted["id"])
    assert seen["state"] == "accepted"
    if device == "desktop":
        assert (seen["facilitator"], seen["facilitator_user_id"]) == (
            "Jens Facilitator, MidtKraft",
            None,
        )
    else:
        assert (seen["facilitator"], seen["facilitator_user_id"]) == (None, me["id"])
    seen = order_state(api_url, declined["id"])
    assert seen["state"] == "declined"
    assert seen["decline_reason"] == "Ingen facilitator ledig med så kort varsel."
