"""The notice board in a real browser: a member writes a thread and attaches a file, the
coordinator sees it marked new, downloads the file, replies, pins it and removes another post,
the member sees the reply marked new and edits the thread (and is told when someone changed it
meanwhile), and a meeting's own board. Each new page state and dialog is checked with axe-core."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import api_call, api_login, check_accessibility
from tests.e2e.test_meeting_followup import after_work_in, demo_cluster_id, plan_meeting
from tests.e2e.test_meetings import DEMO_CLUSTER, signed_in

pytestmark = pytest.mark.e2e

COORDINATOR = "koordinator@demo.dk"
MEMBER = "medlem@demo.dk"
ATTACHMENT = b"Skema til hjemmemonitorering af KOL\nUge 1: iltmaetning og vaegt\n"


def open_cluster_board(page: Page) -> None:
    """From the menu to the demo cluster's page, then its board."""
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    page.get_by_role("link", name=DEMO_CLUSTER).click()
    expect(page.get_by_role("heading", level=1, name=DEMO_CLUSTER)).to_be_visible()
    page.get_by_role("tab", name=re.compile(r"^Opslag")).click()
    expect(page.get_by_role("tab", name=re.compile(r"^Opslag"), selected=True)).to_be_visible()


def thread_card(page: Page, title: str) -> Locator:
    """The thread's card on the board, by its exact title."""
    toggle = page.get_by_role("button", name=title, exact=True)
    return page.get_by_role("listitem").filter(has=toggle)


def open_thread(page: Page, title: str) -> Locator:
    card = thread_card(page, title)
    card.get_by_role("button", name=title, exact=True).click()
    expect(card.get_by_role("button", name=title, exact=True)).to_have_attribute(
        "aria-expanded", "true"
    )
    return card


def post_thread(api_url: str, token: str, path: str, title: str, body: str) -> dict:
    status, _, post = api_call(
        api_url,
        "POST",
        path,
        {"title": title, "body": body},
        token=token,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, post
    return post


def test_a_thread_is_written_answered_edited_and_moderated(
    browser: Browser, app_url: str, api_url: str
):
    suffix = uuid.uuid4().hex[:8]
    title = f"Hjemmemonitorering af KOL {suffix}"
    edited_title = f"Hjemmemonitorering af KOL: erfaringer {suffix}"
    off_topic = f"Sælges: brugt spirometer {suffix}"
    member_token = api_login(api_url, MEMBER)
    cluster_id = demo_cluster_id(api_url, member_token)
    board_path = f"/api/v1/clusters/{cluster_id}/posts"

    # The member writes a thread, with Markdown, and attaches a file to it.
    member = signed_in(browser, app_url, MEMBER)
    open_cluster_board(member)
    check_accessibility(member, "board")
    member.get_by_role("button", name="Nyt opslag").click()
    dialog = member.get_by_role("dialog", name="Nyt opslag")
    dialog.get_by_label("Overskrift").fill(title)
    dialog.get_by_label("Tekst").fill(
        "Hvem har erfaring med **hjemmemonitorering**?\n\n- iltmætning\n- vægt"
    )
    expect(dialog.get_by_text(re.compile("^Du kan bruge Markdown"))).to_be_visible()
    # Only the coordinators pin.
    expect(dialog.get_by_role("checkbox")).to_have_count(0)
    check_accessibility(member, "board-new-thread")
    dialog.get_by_role("button", name="Slå op").click()
    expect(member.get_by_role("status").filter(has_text="Dit opslag er slået op.")).to_be_visible()
    card = thread_card(member, title)
    expect(card.locator("strong")).to_have_text("hjemmemonitorering")
    expect(card.get_by_role("listitem")).to_have_text(["iltmætning", "vægt"])
    attach = card.get_by_role("group", name="Vedhæft filer")
    attach.locator('input[type="file"]').set_input_files(
        files=[{"name": "kol-skema.txt", "mimeType": "text/plain", "buffer": ATTACHMENT}]
    )
    uploads = attach.get_by_role("list", name="Uploads")
    expect(uploads.get_by_role("listitem").filter(has_text="kol-skema.txt")).to_contain_text(
        "Uploadet"
    )
    expect(card.get_by_role("button", name="kol-skema.txt")).to_be_visible()
    check_accessibility(member, "board-thread-written")
    post_thread(api_url, member_token, board_path, off_topic, "Henvendelse til Mads.")

    # The coordinator sees it as new, from the cluster page on, and downloads the file.
    coordinator = signed_in(browser, app_url, COORDINATOR)
    coordinator.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Klynger"
    ).click()
    coordinator.get_by_role("link", name=DEMO_CLUSTER).click()
    coordinator.get_by_role("tab", name=re.compile(r"^Opslag \d+ nye$")).click()
    expect(
        coordinator.get_by_role("tab", name=re.compile(r"^Opslag"), selected=True)
    ).to_be_visible()
    card = thread_card(coordinator, title)
    expect(card.get_by_text("Ny", exact=True)).to_be_visible()
    expect(card).to_contain_text("Mads Medlem")
    check_accessibility(coordinator, "board-marked-new")
    card = open_thread(coordinator, title)
    with coordinator.expect_download() as download_info:
        card.get_by_role("button", name="kol-skema.txt").click()
    download = download_info.value
    assert download.suggested_filename == "kol-skema.txt"
    assert Path(download.path()).read_bytes() == ATTACHMENT

    # ... replies, and pins the thread.
    card.get_by_label("Dit svar").fill("Vi bruger det i Skive. Jeg sender vores *instruks*.")
    card.get_by_role("button", name="Send svar").click()
    expect(card.get_by_text("Dit svar er sendt.")).to_be_visible()
    replies = card.get_by_role("list", name=f"Svar på »{title}«")
    expect(replies.get_by_role("listitem")).to_have_count(1)
    expect(replies.locator("em")).to_have_text("instruks")
    card.get_by_role("button", name=f"Fastgør: {title}").click()
    expect(
        coordinator.get_by_role("status").filter(
            has_text=f"»{title}« er fastgjort øverst på tavlen."
        )
    ).to_be_visible()
    expect(card.get_by_text("Fastgjort", exact=True)).to_be_visible()
    check_accessibility(coordinator, "board-replied-pinned")

    # ... and removes the member's other post, as moderator, after a confirmation.
    other = open_thread(coordinator, off_topic)
    other.get_by_role("button", name=f"Handlinger for {off_topic}").click()
    coordinator.get_by_role("menuitem", name="Slet", exact=True).click()
    confirm = coordinator.get_by_role("dialog", name="Slet opslag")
    expect(confirm).to_contain_text(f"Vil du slette opslaget »{off_topic}« fra Mads Medlem?")
    check_accessibility(coordinator, "board-delete")
    confirm.get_by_role("button", name="Slet opslaget").click()
    expect(
        coordinator.get_by_role("status").filter(has_text="Opslaget er slettet.")
    ).to_be_visible()
    expect(coordinator.get_by_role("button", name=off_topic, exact=True)).to_have_count(0)
    _, _, threads = api_call(api_url, "GET", f"{board_path}?limit=200", token=member_token)
    assert off_topic not in [thread["title"] for thread in threads["items"]]

    # The member comes back: the reply is new to them, and the thread is pinned first.
    member.goto(f"{app_url}/klynger/{cluster_id}/opslag")
    card = thread_card(member, title)
    expect(card.get_by_text("1 nyt svar", exact=True)).to_be_visible()
    expect(card.get_by_text("Fastgjort", exact=True)).to_be_visible()
    card = open_thread(member, title)
    reply = card.get_by_role("list", name=f"Svar på »{title}«").get_by_role("listitem")
    expect(reply).to_contain_text("Karen Koordinator")
    expect(reply.get_by_text("Nyt", exact=True)).to_be_visible()
    # Someone else's reply: nothing to change there.
    expect(reply.get_by_role("button")).to_have_count(0)
    check_accessibility(member, "board-new-reply")

    # The member edits their own thread.
    card.get_by_role("button", name=f"Redigér: {title}").click()
    edit = member.get_by_role("dialog", name="Redigér opslag")
    expect(edit.get_by_label("Overskrift")).to_have_value(title)
    edit.get_by_label("Overskrift").fill(edited_title)
    check_accessibility(member, "board-edit")
    edit.get_by_role("button", name="Gem").click()
    expect(member.get_by_role("status").filter(has_text="Opslaget er gemt.")).to_be_visible()
    card = thread_card(member, edited_title)
    expect(card).to_contain_text("redigeret")
    # The marks stay in this view.
    expect(card.get_by_text("1 nyt svar", exact=True)).to_be_visible()

    # Someone changes it while the member has the dialog open: the save is refused, in Danish.
    card.get_by_role("button", name=f"Redigér: {edited_title}").click()
    edit = member.get_by_role("dialog", name="Redigér opslag")
    expect(edit.get_by_label("Tekst")).not_to_have_value("")
    coordinator_token = api_login(api_url, COORDINATOR)
    post_id = next(
        thread["id"]
        for thread in api_call(api_url, "GET", f"{board_path}?limit=200", token=member_token)[2][
            "items"
        ]
        if thread["title"] == edited_title
    )
    _, headers, _ = api_call(api_url, "GET", f"/api/v1/posts/{post_id}", token=coordinator_token)
    status, _, _ = api_call(
        api_url,
        "PATCH",
        f"/api/v1/posts/{post_id}",
        {"body": "Rettet af koordinatoren."},
        token=coordinator_token,
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200
    edit.get_by_label("Tekst").fill("Min nye tekst.")
    edit.get_by_role("button", name="Gem").click()
    expect(edit.get_by_role("alert")).to_contain_text(
        "Opslaget er ændret af en anden, mens du arbejdede."
    )
    check_accessibility(member, "board-edit-conflict")
    edit.get_by_role("button", name="Annullér").click()

    # Next time, what was new is no longer marked.
    member.reload()
    card = thread_card(member, edited_title)
    expect(card).to_contain_text("1 svar")
    expect(card.get_by_text("1 nyt svar", exact=True)).to_have_count(0)
    expect(card.get_by_text("Ny", exact=True)).to_have_count(0)
    member.context.close()
    coordinator.context.close()


def test_a_meeting_has_its_own_board(browser: Browser, app_url: str, api_url: str):
    token = api_login(api_url, COORDINATOR)
    meeting_title = f"Temamøde om demens {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, meeting_title, after_work_in(days=25))
    title = f"Samkørsel fra Skive {uuid.uuid4().hex[:8]}"

    member = signed_in(browser, app_url, MEMBER)
    member.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(member.get_by_role("heading", level=1, name=meeting_title)).to_be_visible()
    section = member.get_by_role("region", name="Opslag")
    expect(section.get_by_text("Der er ingen opslag endnu.")).to_be_visible()
    check_accessibility(member, "meeting-board-empty")
    section.get_by_role("button", name="Nyt opslag").click()
    dialog = member.get_by_role("dialog", name="Nyt opslag")
    dialog.get_by_label("Overskrift").fill(title)
    dialog.get_by_label("Tekst").fill("Jeg kører fra Skive kl. 15.45 og har to ledige pladser.")
    dialog.get_by_role("button", name="Slå op").click()
    expect(section.get_by_role("status").filter(has_text="Dit opslag er slået op.")).to_be_visible()
    expect(section.get_by_text("Jeg kører fra Skive kl. 15.45")).to_be_visible()
    check_accessibility(member, "meeting-board")

    # It is on the meeting's board only.
    cluster_id = demo_cluster_id(api_url, token)
    _, _, meeting_posts = api_call(
        api_url, "GET", f"/api/v1/meetings/{meeting['id']}/posts", token=token
    )
    assert [post["title"] for post in meeting_posts["items"]] == [title]
    _, _, cluster_posts = api_call(
        api_url, "GET", f"/api/v1/clusters/{cluster_id}/posts?limit=200", token=token
    )
    assert title not in [post["title"] for post in cluster_posts["items"]]

    coordinator = signed_in(browser, app_url, COORDINATOR)
    coordinator.goto(f"{app_url}/moeder/{meeting['id']}")
    section = coordinator.get_by_role("region", name="Opslag")
    card = thread_card(coordinator, title)
    expect(card.get_by_text("Ny", exact=True)).to_be_visible()
    expect(section.get_by_role("button", name=title, exact=True)).to_be_visible()
    check_accessibility(coordinator, "meeting-board-new")
    member.context.close()
    coordinator.context.close()
