"""The economy in the browser: a member reads the cluster's ledger with money the Danish way,
the treasurer finds the balance on the home page, and PLO runs the year's allocation (a dry
run, then the booking; a second run is "Uændret"). The treasurer sets the year's budget and sees
it against actual, confirms a fee a closed meeting proposed, and downloads the annual accounts.
At 1280 px and at 375 px, with axe.

The years follow the demo's patient counts (taken on the latest 1 February and the one before),
never today's date, and a year without a rate gets the demo's rate first."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_meeting_followup import closed_meeting_with
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}
# "1.234,50 kr." and "-0,99 kr.": the only way money is written in the Danish web app.
MONEY = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d{2} kr\.$")
DEMO_RATE_ORE = 365


def danish_money(ore: int) -> str:
    """Whole øre as the web app writes them, by integer division."""
    sign = "-" if ore < 0 else ""
    kroner, oere = divmod(abs(ore), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{oere:02d} kr."


def test_danish_money_is_written_by_integer_division():
    assert danish_money(0) == "0,00 kr."
    assert danish_money(123450) == "1.234,50 kr."
    assert danish_money(-99) == "-0,99 kr."
    assert danish_money(9_007_199_254_740_993) == "90.071.992.547.409,93 kr."


def _ensure_rate(api_url: str, token: str, year: int) -> None:
    status, _, body = api_call(
        api_url,
        "POST",
        "/api/v1/economy/rates",
        {"year": year, "ore_per_patient": DEMO_RATE_ORE},
        token=token,
    )
    assert status == 201 or body.get("code") == "rate_exists", body


@pytest.fixture(scope="module")
def economy(api_url: str) -> dict:
    """Viborg with its allocation of the latest count's year booked (as the demo books every
    year's), and a year after it that no run has touched: two other clusters' clinics are
    counted on its 1 February (as a region's roster would), for PLO's runs in the browser,
    and two later years have rates no run has used."""
    coordinator = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters", token=coordinator)
    viborg = next(c for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")
    _, _, clinics = api_call(
        api_url, "GET", f"/api/v1/clusters/{viborg['id']}/clinics", token=coordinator
    )
    counted = [c["patients_counted_on"] for c in clinics["items"] if c["patients_counted_on"]]
    assert counted, "the demo's Viborg clinics have patient counts"
    year = date.fromisoformat(max(counted)).year
    run_year = year + 1
    plo = api_login(api_url, "plo@demo.dk")
    for each in (year, run_year, run_year + 1, run_year + 2):
        _ensure_rate(api_url, plo, each)
    status, _, report = api_call(
        api_url,
        "POST",
        "/api/v1/economy/allocations?dry_run=false",
        {"year": year, "cluster_id": viborg["id"]},
        token=plo,
    )
    assert status == 200, report
    (row,) = report["clusters"]
    assert row["patients"] > 0, report
    # Two other clusters' clinics counted on 1 February of the run's year.
    admin = api_login(api_url, "admin@demo.dk")
    _, _, booked = api_call(
        api_url, "POST", "/api/v1/economy/allocations?dry_run=true", {"year": year}, token=plo
    )
    others = sorted(
        (c for c in booked["clusters"] if c["patients"] > 0 and c["cluster_id"] != viborg["id"]),
        key=lambda c: c["cluster_name"],
    )[:2]
    items = []
    for cluster in others:
        _, _, listed = api_call(
            api_url,
            "GET",
            f"/api/v1/clusters/{cluster['cluster_id']}/clinics?limit=200",
            token=admin,
        )
        items += [
            {
                "provider_number": clinic["provider_number"],
                "name": clinic["name"],
                "patients": (clinic["patients"] or 0) + 25,
                "patients_counted_on": date(run_year, 2, 1).isoformat(),
            }
            for clinic in listed["items"]
        ]
    status, _, body = api_call(
        api_url, "POST", "/api/v1/bulk/clinics", {"items": items}, token=admin
    )
    assert status == 200, body
    _, _, trial = api_call(
        api_url,
        "POST",
        "/api/v1/economy/allocations?dry_run=true",
        {"year": run_year},
        token=plo,
    )
    fresh = sorted(
        (c["cluster_name"], c["amount_ore"])
        for c in trial["clusters"]
        if c["status"] == "created" and c["patients"] > 0
    )
    assert len(fresh) == 2, trial["summary"]
    return {
        "cluster": viborg["id"],
        "year": year,
        "amount": row["amount_ore"],
        "run_year": run_year,
        "run_clusters": {"desktop": fresh[0], "phone": fresh[1]},
        "unused_years": {"desktop": run_year + 1, "phone": run_year + 2},
    }


@pytest.fixture(scope="module")
def treasury(api_url: str) -> dict:
    """Viborg and the year of its clinics' latest patient count, whose allocation the demo
    booked (made sure of here: a run again changes nothing)."""
    coordinator = api_login(api_url, "koordinator@demo.dk")
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=coordinator)
    viborg = next(c["id"] for c in me["clusters"] if c["name"] == "Demoklyngen Viborg")
    _, _, clinics = api_call(
        api_url, "GET", f"/api/v1/clusters/{viborg}/clinics", token=coordinator
    )
    counted = [c["patients_counted_on"] for c in clinics["items"] if c["patients_counted_on"]]
    assert counted, "the demo's Viborg clinics have patient counts"
    year = date.fromisoformat(max(counted)).year
    plo = api_login(api_url, "plo@demo.dk")
    _ensure_rate(api_url, plo, year)
    status, _, report = api_call(
        api_url,
        "POST",
        "/api/v1/economy/allocations?dry_run=false",
        {"year": year, "cluster_id": viborg},
        token=plo,
    )
    assert status == 200, report
    (row,) = report["clusters"]
    assert row["patients"] > 0, report
    return {"cluster": viborg, "year": year, "amount": row["amount_ore"]}


def _signed_in(browser: Browser, app_url: str, email: str, device: str) -> Page:
    width, height = WIDTHS[device]
    page = new_context(browser, width, height).new_page()
    page.set_default_timeout(15_000)
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def _fits(page: Page, device: str) -> None:
    width = WIDTHS[device][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_member_reads_the_ledger_in_danish_kroner(
    browser: Browser, app_url: str, treasury: dict, device: str
):
    page = _signed_in(browser, app_url, "medlem@demo.dk", device)
    page.goto(f"{app_url}/klynger/{treasury['cluster']}")
    page.get_by_role("tab", name="Økonomi").click()
    expect(page).to_have_url(re.compile(r"/oekonomi$"))
    page.get_by_label("År", exact=True).select_option(str(treasury["year"]))
    expect(page.get_by_role("heading", name=f"Regnskab {treasury['year']}")).to_be_visible()
    for card in ("Primosaldo", "Indtægter", "Udgifter", "Ultimosaldo"):
        figure = page.get_by_role("group", name=card).locator("p").first
        expect(figure).to_have_text(MONEY)
    expect(page.get_by_role("group", name="Indtægter")).to_contain_text(
        danish_money(treasury["amount"])
    )
    categories = page.get_by_role("region", name="Pr. kategori", exact=True)
    expect(categories.get_by_role("rowheader", name="Fordeling")).to_be_visible()
    entries = page.get_by_role("region", name="Posteringer")
    allocation = entries.get_by_role("listitem").filter(has_text="Fordeling").first
    expect(allocation).to_contain_text(danish_money(treasury["amount"]))
    # Booked on a day of the year, written the Danish way; the text is Danish too.
    expect(allocation.locator("time")).to_have_text(
        re.compile(rf"^\d{{2}}\.\d{{2}}\.{treasury['year']}$")
    )
    expect(allocation).to_contain_text(f"Fordeling {treasury['year']}: ")
    expect(allocation).not_to_contain_text("Allocation")
    expect(page.get_by_role("button", name="Hent posteringer (CSV)")).to_be_visible()
    expect(page.get_by_text("Indlæser …")).to_have_count(0)
    _fits(page, device)
    check_accessibility(page, f"economy-ledger-{WIDTHS[device][0]}")
    page.context.close()


def test_the_treasurer_sees_the_balance_and_reaches_the_ledger(
    browser: Browser, app_url: str, treasury: dict
):
    page = _signed_in(browser, app_url, "kasserer@demo.dk", "phone")
    card = page.get_by_role("region", name="Kasserer: Demoklyngen Viborg")
    expect(card.locator("p").first).to_have_text(MONEY)
    _fits(page, "phone")
    check_accessibility(page, "economy-treasurer-375")
    card.get_by_role("link", name="Se klyngens regnskab").click()
    expect(page.get_by_role("tab", name="Økonomi", selected=True)).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_plo_runs_the_allocation_dry_then_booked_then_unchanged(
    browser: Browser, app_url: str, economy: dict, device: str
):
    page = _signed_in(browser, app_url, "plo@demo.dk", device)
    if device == "desktop":
        page.get_by_role("link", name="Økonomi").click()
    else:
        page.goto(f"{app_url}/oekonomi")
    expect(page.get_by_role("heading", level=1, name="Økonomi")).to_be_visible()
    rates = page.get_by_role("region", name="Takster pr. patient")
    expect(rates.get_by_role("row", name=re.compile(str(economy["year"])))).to_contain_text(
        danish_money(DEMO_RATE_ORE)
    )
    run = page.get_by_role("region", name="Årets fordeling")
    cluster, amount = economy["run_clusters"][device]
    run.get_by_label("År").select_option(str(economy["run_year"]))
    run.get_by_label("Klynge").select_option(label=cluster)
    expect(run.get_by_role("button", name="Bogfør")).to_be_disabled()

    run.get_by_role("button", name="Prøvekørsel").click()
    expect(
        run.get_by_text(f"Prøvekørsel for {economy['run_year']}: intet er bogført endnu")
    ).to_be_visible()
    per_cluster = run.get_by_role("region", name="Pr. klynge")
    row = per_cluster.get_by_role("row", name=re.compile(re.escape(cluster)))
    expect(row.get_by_text("Ny", exact=True)).to_be_visible()
    expect(row).to_contain_text(danish_money(amount))
    _fits(page, device)
    check_accessibility(page, f"economy-dry-run-{WIDTHS[device][0]}")

    run.get_by_role("button", name="Bogfør").click()
    expect(run.get_by_text(f"Fordelingen for {economy['run_year']} er bogført")).to_be_visible()
    expect(row.get_by_text("Ny", exact=True)).to_be_visible()

    run.get_by_role("button", name="Prøvekørsel").click()
    expect(row.get_by_text("Uændret", exact=True)).to_be_visible()
    expect(run.get_by_role("group", name="Bliver bogført").locator("p").first).to_have_text(
        "0,00 kr."
    )
    expect(run.get_by_role("button", name="Bogfør")).to_be_disabled()
    _fits(page, device)
    check_accessibility(page, f"economy-unchanged-{WIDTHS[device][0]}")
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_plo_changes_a_rate_not_yet_used_and_hears_in_danish_once_it_is(
    browser: Browser, app_url: str, api_url: str, economy: dict, device: str
):
    """A rate no allocation has used changes (If-Match); once a run has used it meanwhile, the
    change is refused with 409 `rate_in_use`, said in Danish."""
    year = economy["unused_years"][device]
    page = _signed_in(browser, app_url, "plo@demo.dk", device)
    page.goto(f"{app_url}/oekonomi")
    rates = page.get_by_role("region", name="Takster pr. patient")
    rates.get_by_role("button", name=f"Redigér taksten for {year}").click()
    dialog = page.get_by_role("dialog", name=f"Taksten for {year}")
    amount = dialog.get_by_role("textbox", name="Kroner pr. patient")
    amount.fill("4,05")
    dialog.get_by_role("button", name="Gem").click()
    expect(page.get_by_text(f"Taksten for {year} er gemt.")).to_be_visible()
    expect(rates.get_by_role("row", name=re.compile(f"^{year}"))).to_contain_text("4,05 kr.")

    rates.get_by_role("button", name=f"Redigér taksten for {year}").click()
    expect(dialog.get_by_role("textbox", name="Kroner pr. patient")).to_have_value("4,05")
    # Meanwhile an allocation is run with the rate (for one cluster).
    status, _, report = api_call(
        api_url,
        "POST",
        "/api/v1/economy/allocations?dry_run=false",
        {"year": year, "cluster_id": economy["cluster"]},
        token=api_login(api_url, "plo@demo.dk"),
    )
    assert status == 200, report
    dialog.get_by_role("textbox", name="Kroner pr. patient").fill("4,10")
    dialog.get_by_role("button", name="Gem").click()
    expect(
        dialog.get_by_text("Taksten er brugt i en fordeling og kan ikke ændres.")
    ).to_be_visible()
    expect(dialog).not_to_contain_text("cannot change")
    _fits(page, device)
    check_accessibility(page, f"economy-rate-in-use-{WIDTHS[device][0]}")
    dialog.get_by_role("button", name="Annullér").click()
    expect(rates.get_by_role("row", name=re.compile(f"^{year}"))).to_contain_text("Brugt")
    page.context.close()


# --- budget, fees and the annual accounts ---------------------------------------------------


# The coordinator's fee the treasurer sets before each width's meeting is closed: distinct, so
# that the width's proposal is told from the demo's.
FEES = {"desktop": 123_456, "phone": 123_457}


def _ledger(page: Page, app_url: str, treasury: dict) -> None:
    page.goto(f"{app_url}/klynger/{treasury['cluster']}/oekonomi")
    page.get_by_label("År", exact=True).select_option(str(treasury["year"]))
    expect(page.get_by_role("heading", name=f"Regnskab {treasury['year']}")).to_be_visible()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_treasurer_sets_a_budget_and_sees_it_against_actual(
    browser: Browser, app_url: str, treasury: dict, device: str
):
    page = _signed_in(browser, app_url, "kasserer@demo.dk", device)
    _ledger(page, app_url, treasury)
    section = page.get_by_role("region", name="Budget mod regnskab", exact=True)
    section.get_by_role("button", name=re.compile(r"^(Sæt|Redigér) budget$")).click()
    dialog = page.get_by_role("dialog", name=f"Budget for {treasury['year']}")
    allocation = 1_500_000 if device == "desktop" else 1_600_000
    dialog.get_by_role("textbox", name="Fordeling").fill(danish_money(allocation)[: -len(" kr.")])
    dialog.get_by_role("textbox", name="Forplejning").fill("2.500,50")
    check_accessibility(page, f"economy-budget-dialog-{WIDTHS[device][0]}")
    dialog.get_by_role("button", name="Gem").click()
    expect(dialog).to_have_count(0)

    table = section.get_by_role("region", name="Budget mod regnskab pr. kategori")
    row = table.get_by_role("row", name=re.compile("^Fordeling"))
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(danish_money(allocation))
    expect(cells.nth(1)).to_have_text(MONEY)
    expect(cells.nth(2)).to_have_text(MONEY)
    catering = table.get_by_role("row", name=re.compile("^Forplejning"))
    expect(catering.get_by_role("cell").nth(0)).to_have_text("-2.500,50 kr.")
    # The chart states its numbers in text, the Danish way.
    chart_text = section.get_by_role(
        "list", name=f"Budget og regnskab pr. kategori i {treasury['year']}"
    )
    expect(chart_text).to_contain_text(f"Fordeling: budget {danish_money(allocation)}, regnskab ")
    expect(section.locator("[data-testid=budget-chart] svg").first).to_be_visible()
    _fits(page, device)
    check_accessibility(page, f"economy-budget-{WIDTHS[device][0]}")
    page.context.close()


def _closed_meeting_with_coordinator_fee(api_url: str, treasury: dict, fee_ore: int) -> dict:
    """The treasurer sets the coordinator's fee; the coordinator closes a meeting they attended:
    a fee proposal of that amount waits for confirmation."""
    treasurer = api_login(api_url, "kasserer@demo.dk")
    path = f"/api/v1/clusters/{treasury['cluster']}/fee-rules"
    _, headers, rules = api_call(api_url, "GET", path, token=treasurer)
    status, _, body = api_call(
        api_url,
        "PUT",
        path,
        {
            "coordinator_fee_ore": fee_ore,
            "speaker_rate_ore_per_hour": rules["speaker_rate_ore_per_hour"],
        },
        token=treasurer,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, body
    coordinator = api_login(api_url, "koordinator@demo.dk")
    _, _, me = api_call(api_url, "GET", "/api/v1/me", token=coordinator)
    title = f"Temamøde med honorar {fee_ore}"
    meeting = closed_meeting_with(api_url, coordinator, title, me["id"])
    _, _, fees = api_call(
        api_url,
        "GET",
        f"/api/v1/clusters/{treasury['cluster']}/fees?meeting_id={meeting['id']}",
        token=treasurer,
    )
    (fee,) = fees["items"]
    assert (fee["state"], fee["basis"], fee["amount_ore"]) == ("proposed", "coordinator", fee_ore)
    return fee


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_treasurer_confirms_a_fee_proposal(
    browser: Browser, app_url: str, api_url: str, treasury: dict, device: str
):
    fee = _closed_meeting_with_coordinator_fee(api_url, treasury, FEES[device])
    amount = danish_money(FEES[device])
    page = _signed_in(browser, app_url, "kasserer@demo.dk", device)
    card = page.get_by_role("region", name="Kasserer: Demoklyngen Viborg")
    expect(
        card.get_by_text(re.compile(r"^Honorarer, der venter på godkendelse: \d+$"))
    ).to_be_visible()
    card.get_by_role("link", name="Godkend honorarer").click()
    expect(page.get_by_role("tab", name="Økonomi", selected=True)).to_be_visible()
    fees = page.get_by_role("list", name="Honorarer")
    proposal = fees.get_by_role("listitem").filter(has_text=amount)
    expect(proposal).to_contain_text("Foreslået")
    expect(proposal).to_contain_text("Koordinatorhonorar")
    expect(proposal.get_by_role("button", name=re.compile("Bogfør"))).to_have_count(0)
    _fits(page, device)
    check_accessibility(page, f"economy-fees-{WIDTHS[device][0]}")
    proposal.get_by_role(
        "button", name=re.compile(rf"^Godkend honoraret til .+ på {re.escape(amount)}$")
    ).click()
    expect(page.get_by_text(re.compile(r"^Honoraret til .+ er godkendt\.$"))).to_be_visible()
    expect(proposal).to_contain_text("Godkendt")
    _, _, after = api_call(
        api_url, "GET", f"/api/v1/fees/{fee['id']}", token=api_login(api_url, "kasserer@demo.dk")
    )
    assert after["state"] == "confirmed"
    page.context.close()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_treasurer_downloads_the_annual_accounts(
    browser: Browser, app_url: str, treasury: dict, device: str
):
    page = _signed_in(browser, app_url, "kasserer@demo.dk", device)
    _ledger(page, app_url, treasury)
    accounts = page.get_by_role("region", name="Årsregnskab")
    expect(accounts.get_by_role("button", name="Hent Excel")).to_be_visible()
    _fits(page, device)
    check_accessibility(page, f"economy-accounts-{WIDTHS[device][0]}")
    with page.expect_download() as download_info:
        accounts.get_by_role("button", name="Hent PDF").click()
    download = download_info.value
    assert re.fullmatch(
        rf"aarsregnskab-[a-z0-9-]+-{treasury['year']}\.pdf", download.suggested_filename
    )
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    page.context.close()
