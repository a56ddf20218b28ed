"""Expenses in the browser, from the phone to the payment: a member of Demoklyngen Viborg at
375 px claims an expense with a photo of the receipt and submits it; the treasurer finds it in
the approval queue on the home page, sees the receipt inline and approves it; PLO books it and
marks it as paid in the queue across clusters; the member then sees "Udbetalt" and who took
each step. The claimant takes a receipt off a draft; the treasurer returns one expense with a
comment and rejects another with a reason. Every page is checked with axe at 1280 px and at
375 px. Each test claims the expenses it needs through the API, so none depends on another."""

from __future__ import annotations

import re
import struct
import uuid
import zlib

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility, new_context
from tests.e2e.test_files import api_upload
from tests.e2e.test_webapp import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 860), "phone": (375, 812)}


def receipt_png(width: int = 24, height: int = 32) -> bytes:
    """A small, valid PNG (a grey page with a dark band), as a phone's photo of a receipt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + (b"\x30\x30\x30" if 10 <= y < 14 else b"\xe0\xe0\xe0") * width
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# What sticks out to the right of the screen (not scrolling inside its own frame), for a
# failure that says where.
WIDER_THAN_SCREEN = """() => {
  const scrolls = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  return Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((el) => !scrolls(el))
    .slice(-3)
    .map((el) => {
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName} "${el.textContent.slice(0, 40)}" ${right}`;
    });
}"""


def check_both_widths(page: Page, name: str) -> None:
    """axe and a screenshot at both widths; the page is never wider than a phone's screen."""
    before = page.viewport_size
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        # Shown afresh at this width, as a person on that screen opens it.
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_text("Indlæser …")).to_have_count(0)
        wider = page.evaluate(WIDER_THAN_SCREEN)
        if wider:
            page.screenshot(
                path=f"test-artifacts/expenses-wider-{name}-{width}.png", full_page=True
            )
        assert wider == [], f"{name} at {width} px: {wider}"
        check_accessibility(page, f"expenses-{name}-{width}")
    assert before is not None
    page.set_viewport_size(before)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.fixture(scope="module")
def viborg(api_url: str) -> str:
    token = api_login(api_url, "koordinator@demo.dk")
    _, _, clusters = api_call(api_url, "GET", "/api/v1/clusters?limit=200", token=token)
    return next(c["id"] for c in clusters["items"] if c["name"] == "Demoklyngen Viborg")


def open_as(browser: Browser, app_url: str, email: str, device: str) -> Page:
    width, height = WIDTHS[device]
    page = new_context(browser, width, height).new_page()
    page.set_default_timeout(10_000)
    log_in(page, app_url, email)
    expect(page.get_by_role("heading", level=1, name="Oversigt")).to_be_visible()
    return page


def test_an_expense_from_the_phone_to_the_payment(
    browser: Browser, app_url: str, api_url: str, viborg: str
):
    title = f"Frokost til temamødet {uuid.uuid4().hex[:6]}"

    # The member, on a phone: a new expense from the home page, with a photo of the receipt.
    member = open_as(browser, app_url, "medlem@demo.dk", "phone")
    member.get_by_role("link", name="Nyt udlæg").first.click()
    expect(member.get_by_role("heading", level=1, name="Nyt udlæg")).to_be_visible()
    check_both_widths(member, "new")
    member.get_by_label("Kategori").select_option(label="Forplejning")
    member.get_by_label("Titel").fill(title)
    member.get_by_label("Tekst, linje 1").fill("Sandwich og kaffe")
    member.get_by_label("Beløb i kr., linje 1").fill("1.234,5")
    member.get_by_role("button", name="Tilføj linje").click()
    member.get_by_label("Tekst, linje 2").fill("Frugt")
    member.get_by_label("Beløb i kr., linje 2").fill("0,99")
    expect(member.get_by_text("I alt: 1.235,49 kr.")).to_be_visible()
    member.get_by_label("Reg.nr.").fill("1234")
    member.get_by_label("Kontonr.").fill("0012345678")
    receipt_input = member.locator('input[type="file"]')
    assert receipt_input.get_attribute("capture") == "environment"
    assert receipt_input.get_attribute("accept") == "image/*,application/pdf"
    receipt_input.set_input_files(
        {"name": "kvittering.png", "mimeType": "image/png", "buffer": receipt_png()}
    )
    chosen = member.get_by_role("list", name="Valgte kvitteringer")
    expect(chosen.get_by_text("kvittering.png")).to_be_visible()
    expect(chosen.get_by_role("img", name="Kvittering: kvittering.png")).to_be_visible()
    assert member.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(member, "expenses-new-filled-375")

    # A wrong amount is said in Danish, beside its field.
    member.get_by_label("Beløb i kr., linje 2").fill("0,999")
    member.get_by_role("button", name="Gem kladde").click()
    expect(member.get_by_text("Skriv beløbet i kroner, fx 1.234,50.")).to_be_visible()
    member.get_by_label("Beløb i kr., linje 2").fill("0,99")
    member.get_by_role("button", name="Gem kladde").click()

    expect(member.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(member.get_by_text("Kladde", exact=True)).to_be_visible()
    expect(member.get_by_text("1.235,49 kr.")).to_be_visible()
    expense_url = member.url
    expense_id = expense_url.rsplit("/", 1)[1]
    check_both_widths(member, "draft")
    member.get_by_role("button", name="Indsend").click()
    dialog = member.get_by_role("dialog", name="Indsend udlægget?")
    expect(dialog).to_contain_text(title)
    dialog.get_by_role("button", name="Indsend").click()
    expect(dialog).to_have_count(0)
    expect(member.get_by_text("Indsendt", exact=True).first).to_be_visible()

    # The money is whole øre in the API: 123450 + 99.
    token = api_login(api_url, "medlem@demo.dk")
    status, _, detail = api_call(api_url, "GET", f"/api/v1/expenses/{expense_id}", token=token)
    assert status == 200, detail
    assert [line["amount_ore"] for line in detail["lines"]] == [123450, 99]
    assert detail["total_ore"] == 123549
    assert detail["state"] == "submitted"

    # The treasurer: the approval queue on the home page, the receipt inline, approved.
    treasurer = open_as(browser, app_url, "kasserer@demo.dk", "desktop")
    queue = treasurer.get_by_role("list", name="Udlæg til godkendelse")
    expect(queue.get_by_role("link", name=title)).to_be_visible()
    expect(treasurer.get_by_text("Udlæg til godkendelse:").first).to_be_visible()
    check_both_widths(treasurer, "treasurer-home")
    queue.get_by_role("link", name=title).click()
    expect(treasurer.get_by_role("heading", level=1, name=title)).to_be_visible()
    image = treasurer.get_by_role("img", name="Kvittering: kvittering.png")
    expect(image).to_be_visible()
    treasurer.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 24", arg=image.element_handle()
    )
    expect(treasurer.get_by_text("Udbetales til reg.nr. 1234, kontonr. 0012345678")).to_be_visible()
    check_both_widths(treasurer, "to-approve")
    treasurer.get_by_role("button", name="Godkend").click()
    dialog = treasurer.get_by_role("dialog", name="Godkend udlægget?")
    dialog.get_by_role("button", name="Godkend").click()
    expect(dialog).to_have_count(0)
    expect(treasurer.get_by_text("Godkendt", exact=True).first).to_be_visible()
    treasurer.context.close()

    # PLO: book it in the queue across clusters, then mark it as paid.
    plo = open_as(browser, app_url, "plo@demo.dk", "desktop")
    plo.goto(app_url + "/oekonomi")
    choose = plo.get_by_role("checkbox", name=f"Vælg {title} (Demoklyngen Viborg)")
    expect(choose).to_be_visible()
    check_both_widths(plo, "plo-queue")
    choose.check()
    plo.get_by_role("button", name="Bogfør valgte").click()
    report = plo.get_by_role("status").filter(has_text="Bogført: 1")
    expect(report).to_be_visible()
    expect(report).to_contain_text(f"{title}: bogført")
    plo.get_by_text("Til udbetaling", exact=True).click()
    choose = plo.get_by_role("checkbox", name=f"Vælg {title} (Demoklyngen Viborg)")
    choose.check()
    plo.get_by_role("button", name="Marker som udbetalt").click()
    report = plo.get_by_role("status").filter(has_text="Udbetalt: 1")
    expect(report).to_be_visible()
    expect(report).to_contain_text(f"{title}: udbetalt")
    check_both_widths(plo, "plo-paid")
    plo.context.close()

    # The member sees it paid, with the history in Danish.
    member.goto(expense_url)
    expect(member.get_by_text("Udbetalt", exact=True).first).to_be_visible()
    history = member.get_by_role("region", name="Historik")
    for step in (
        "Oprettet af Mads Medlem",
        "Indsendt af Mads Medlem",
        "Godkendt af Kim Kasserer",
        "Bogført af Peter PLO",
        "Udbetalt af Peter PLO",
    ):
        expect(history.get_by_text(step, exact=True)).to_be_visible()
    check_both_widths(member, "paid")
    member.context.close()


def test_a_member_may_not_see_another_claimants_receipts_and_the_list_filters_by_state(
    browser: Browser, app_url: str, api_url: str, viborg: str
):
    title = f"Lokaleleje {uuid.uuid4().hex[:6]}"
    token = api_login(api_url, "koordinator@demo.dk")
    status, _, expense = api_call(
        api_url,
        "POST",
        f"/api/v1/clusters/{viborg}/expenses",
        {"category": "room", "title": title, "lines": [{"text": "Sal", "amount_ore": 50000}]},
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, expense
    member = open_as(browser, app_url, "medlem@demo.dk", "phone")
    member.goto(f"{app_url}/klynger/{viborg}/oekonomi")
    expenses = member.get_by_role("region", name="Udlæg")
    expect(expenses.get_by_role("link", name=title)).to_be_visible()
    expenses.get_by_label("Tilstand").select_option(label="Udbetalt")
    expect(expenses.get_by_role("link", name=title)).to_have_count(0)
    expenses.get_by_label("Tilstand").select_option(label="Kladde")
    expenses.get_by_role("link", name=title).click()
    expect(member.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(member.get_by_text("500,00 kr.").first).to_be_visible()
    # Another's draft: no receipts, no bank details, no buttons to change it.
    expect(member.get_by_role("region", name="Kvitteringer")).to_have_count(0)
    expect(member.get_by_role("button", name="Indsend")).to_have_count(0)
    expect(member.get_by_text("Kvitteringer og kontooplysninger ses kun")).to_be_visible()
    check_both_widths(member, "others-draft")
    member.context.close()


def claim_through_api(
    api_url: str, viborg: str, title: str, receipts: tuple[str, ...] = (), submit: bool = False
) -> str:
    """An expense of Viborg that the member claims through the API, with PNG receipts of these
    names; submitted if asked. Its id."""
    token = api_login(api_url, "medlem@demo.dk")
    status, _, expense = api_call(
        api_url,
        "POST",
        f"/api/v1/clusters/{viborg}/expenses",
        {
            "category": "catering",
            "title": title,
            "lines": [{"text": "Kaffe og kage", "amount_ore": 45000}],
            "bank_account": {"reg_no": "1234", "account_no": "0012345678"},
        },
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, expense
    for name in receipts:
        api_upload(
            api_url, token, f"/api/v1/expenses/{expense['id']}/receipts", name, receipt_png()
        )
    if submit:
        status, _, body = api_call(
            api_url,
            "POST",
            f"/api/v1/expenses/{expense['id']}/submit",
            token=token,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert status == 200, body
    return expense["id"]


def test_the_claimant_removes_one_receipt_from_a_draft(
    browser: Browser, app_url: str, api_url: str, viborg: str
):
    title = f"Kaffe til bestyrelsesmødet {uuid.uuid4().hex[:6]}"
    expense_id = claim_through_api(api_url, viborg, title, ("bon-1.png", "bon-2.png"))
    member = open_as(browser, app_url, "medlem@demo.dk", "phone")
    member.goto(f"{app_url}/udlaeg/{expense_id}")
    receipts = member.get_by_role("region", name="Kvitteringer")
    expect(receipts.get_by_role("img", name="Kvittering: bon-1.png")).to_be_visible()
    expect(receipts.get_by_role("img", name="Kvittering: bon-2.png")).to_be_visible()
    check_both_widths(member, "draft-receipts")

    receipts.get_by_role("button", name="Handlinger for bon-1.png").click()
    member.get_by_role("menuitem", name="Fjern kvittering").click()
    dialog = member.get_by_role("dialog", name="Fjern »bon-1.png«")
    expect(dialog).to_contain_text("Vil du fjerne kvitteringen »bon-1.png« fra udlægget?")
    check_accessibility(member, "expenses-remove-receipt-375")
    dialog.get_by_role("button", name="Fjern kvitteringen").click()
    expect(dialog).to_have_count(0)
    expect(receipts.get_by_text("bon-1.png")).to_have_count(0)
    expect(receipts.get_by_role("img", name="Kvittering: bon-2.png")).to_be_visible()

    token = api_login(api_url, "medlem@demo.dk")
    status, _, detail = api_call(api_url, "GET", f"/api/v1/expenses/{expense_id}", token=token)
    assert status == 200, detail
    assert detail["receipt_count"] == 1
    # Submitted, its receipts are kept: no menu offers their removal.
    api_call(
        api_url,
        "POST",
        f"/api/v1/expenses/{expense_id}/submit",
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    member.reload()
    expect(receipts.get_by_role("img", name="Kvittering: bon-2.png")).to_be_visible()
    expect(receipts.get_by_role("button", name="Handlinger for bon-2.png")).to_have_count(0)
    member.context.close()


def test_the_treasurer_returns_one_expense_with_a_comment_and_rejects_another(
    browser: Browser, app_url: str, api_url: str, viborg: str
):
    suffix = uuid.uuid4().hex[:6]
    to_return = claim_through_api(api_url, viborg, f"Foredrag {suffix}", ("faktura.png",), True)
    to_reject = claim_through_api(api_url, viborg, f"Vin {suffix}", ("bon.png",), True)
    comment = "Kvitteringen mangler dato og sælger."
    reason = "Vin til møderne betaler klyngen ikke."

    # The treasurer, on a phone: returns the first with a comment.
    treasurer = open_as(browser, app_url, "kasserer@demo.dk", "phone")
    treasurer.goto(f"{app_url}/udlaeg/{to_return}")
    expect(treasurer.get_by_role("heading", level=1, name=f"Foredrag {suffix}")).to_be_visible()
    treasurer.get_by_role("button", name="Send retur").click()
    dialog = treasurer.get_by_role("dialog", name="Send udlægget retur?")
    dialog.get_by_role("button", name="Send retur").click()
    expect(dialog.get_by_text("Skriv, hvad der mangler.", exact=True)).to_be_visible()
    dialog.get_by_role("textbox", name=re.compile("Hvad mangler")).fill(comment)
    check_accessibility(treasurer, "expenses-return-dialog-375")
    dialog.get_by_role("button", name="Send retur").click()
    expect(dialog).to_have_count(0)
    expect(treasurer.get_by_text("Kladde", exact=True)).to_be_visible()
    history = treasurer.get_by_role("region", name="Historik")
    expect(history.get_by_text("Sendt retur af Kim Kasserer", exact=True)).to_be_visible()
    expect(history.get_by_text(comment)).to_be_visible()
    # Back with its claimant, it is no longer the treasurer's to approve.
    expect(treasurer.get_by_role("button", name="Godkend")).to_have_count(0)
    check_both_widths(treasurer, "returned-treasurer")

    # ... and rejects the second with a reason.
    treasurer.goto(f"{app_url}/udlaeg/{to_reject}")
    expect(treasurer.get_by_role("heading", level=1, name=f"Vin {suffix}")).to_be_visible()
    treasurer.get_by_role("button", name="Afvis").click()
    dialog = treasurer.get_by_role("dialog", name="Afvis udlægget?")
    dialog.get_by_role("textbox", name=re.compile("Begrundelse")).fill(reason)
    check_accessibility(treasurer, "expenses-reject-dialog-375")
    dialog.get_by_role("button", name="Afvis").click()
    expect(dialog).to_have_count(0)
    expect(treasurer.get_by_text("Afvist", exact=True).first).to_be_visible()
    expect(treasurer.get_by_text("Afvist med begrundelsen:")).to_be_visible()
    history = treasurer.get_by_role("region", name="Historik")
    expect(history.get_by_text("Afvist af Kim Kasserer", exact=True)).to_be_visible()
    check_both_widths(treasurer, "rejected-treasurer")
    treasurer.context.close()

    # The claimant sees the first back as a draft with the comment, theirs to mend and send.
    member = open_as(browser, app_url, "medlem@demo.dk", "desktop")
    member.goto(f"{app_url}/udlaeg/{to_return}")
    expect(member.get_by_role("heading", level=1, name=f"Foredrag {suffix}")).to_be_visible()
    expect(member.get_by_text("Kladde", exact=True)).to_be_visible()
    history = member.get_by_role("region", name="Historik")
    expect(history.get_by_text("Sendt retur af Kim Kasserer", exact=True)).to_be_visible()
    expect(history.get_by_text(comment)).to_be_visible()
    expect(member.get_by_role("button", name="Indsend")).to_be_visible()
    expect(member.get_by_role("link", name="Ret")).to_be_visible()
    check_both_widths(member, "returned-claimant")

    # ... and the second rejected, with the reason.
    member.goto(f"{app_url}/udlaeg/{to_reject}")
    expect(member.get_by_text("Afvist med begrundelsen:")).to_be_visible()
    expect(member.get_by_text(reason).first).to_be_visible()
    expect(member.get_by_role("button", name="Indsend")).to_have_count(0)
    check_both_widths(member, "rejected-claimant")
    member.context.close()
