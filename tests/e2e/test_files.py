"""Files in a real browser: the coordinator makes a folder in the cluster's library, uploads by
the file picker and by dropping files on the page and watches them go, previews a PDF and an
image, downloads a file, is told in Danish why a file too big or of the wrong type is refused
(by the web app before sending, and by the API), moves, deletes and cannot delete a folder
that is not empty. A member sees a meeting's files and uploads to it. Each page state and
dialog is checked with axe-core."""

from __future__ import annotations

import json
import re
import struct
import time
import urllib.request
import uuid
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from api.core import danish_dates
from api.demo.pdf import Page as PdfPage
from api.demo.pdf import one_page_pdf
from tests.e2e.conftest import API_FILE_MAX_BYTES, api_login, check_accessibility
from tests.e2e.test_meeting_followup import after_work_in, plan_meeting
from tests.e2e.test_meetings import COPENHAGEN, DEMO_CLUSTER, signed_in

pytestmark = pytest.mark.e2e

COORDINATOR = "koordinator@demo.dk"
MEMBER = "medlem@demo.dk"
UPLOADS = re.compile(r".*/api/v1/clusters/[^/]+/files$")


def pdf_bytes(text: str = "Referat") -> bytes:
    """A small, valid one-page PDF, made as the demo's documents are."""
    return one_page_pdf(PdfPage(title=text, paragraphs=["Klyngemøde."]))


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG: blue pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x0b\x4f\x8a" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def danish_date(moment: datetime) -> str:
    return danish_dates.day(moment.astimezone(COPENHAGEN).date())


def wait_until(page: Page, condition, timeout_s: float = 10.0) -> None:
    """Let the page run until `condition()` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        page.wait_for_timeout(50)


def choose_files(page: Page, scope, paths: list[Path]) -> None:
    """Click the visible "Vælg filer" button and pick files in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        scope.get_by_role("button", name="Vælg filer").click()
    chooser.value.set_files([str(path) for path in paths])


def row_action(page: Page, scope, about: str, action: str) -> None:
    """Choose one of a row's changes from its menu ("Handlinger for referat.pdf", then "Slet")."""
    scope.get_by_role("button", name=f"Handlinger for {about}").click()
    page.get_by_role("menuitem", name=action, exact=True).click()


def drop_files(page: Page, files: list[tuple[str, str, str]]) -> None:
    """Drag files (name, text, type) over the page, check the drop hint, then drop them."""
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, text, type] of files) {
                transfer.items.add(new File([text], name, { type }));
            }
            return transfer;
        }""",
        files,
    )
    main = page.locator("main")
    main.dispatch_event("dragenter", {"dataTransfer": transfer})
    main.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(page.get_by_text(re.compile(r"^Slip filerne for at uploade dem til "))).to_be_visible()
    main.dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.get_by_text(re.compile(r"^Slip filerne"))).to_have_count(0)


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + content
    body += f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def api_upload(api_url: str, token: str, path: str, name: str, content: bytes) -> dict:
    """Upload through the API, for arranging state from outside the browser."""
    body, content_type = multipart(name, content)
    request = urllib.request.Request(f"{api_url}{path}", data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Idempotency-Key", str(uuid.uuid4()))
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
        return json.loads(response.read())


def open_library(page: Page) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Klynger").click()
    page.get_by_role("link", name=DEMO_CLUSTER).click()
    expect(page.get_by_role("heading", level=1, name=DEMO_CLUSTER)).to_be_visible()
    page.get_by_role("tab", name="Filer").click()
    expect(page.get_by_role("tab", name="Filer", selected=True)).to_be_visible()


def test_the_library_folders_uploads_previews_and_refusals(
    browser: Browser, app_url: str, tmp_path: Path
):
    folder = f"Referater {uuid.uuid4().hex[:6]}"
    minutes = tmp_path / "referat.pdf"
    minutes.write_bytes(pdf_bytes())
    notes = tmp_path / "noter.txt"
    notes.write_text("Husk PDSA-skemaet til næste møde.\n", encoding="utf-8")
    chart = tmp_path / "diagram.png"
    chart.write_bytes(png_bytes())

    page = signed_in(browser, app_url, COORDINATOR)
    open_library(page)
    path = page.get_by_role("navigation", name="Mappesti")
    expect(path.get_by_text("Alle filer")).to_have_attribute("aria-current", "page")
    check_accessibility(page, "files-library")

    # A folder, made in a dialog, opened from its row.
    page.get_by_role("button", name="Ny mappe").click()
    dialog = page.get_by_role("dialog", name="Ny mappe i Alle filer")
    dialog.get_by_label("Navn").fill(folder)
    check_accessibility(page, "files-new-folder")
    dialog.get_by_role("button", name="Opret mappen").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Mappen »{folder}« er oprettet.")
    ).to_be_visible()
    page.get_by_role("link", name=folder).click()
    expect(path.get_by_text(folder)).to_have_attribute("aria-current", "page")
    expect(path.get_by_role("link", name="Alle filer")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=folder)).to_be_visible()
    expect(page.get_by_text("Mappen er tom.")).to_be_visible()

    # Two files by the picker; their answers are held back a moment to see them under way.
    held: list[Route] = []
    page.route(
        UPLOADS,
        lambda route: held.append(route) if route.request.method == "POST" else route.fallback(),
    )
    with page.expect_request(lambda r: r.method == "POST" and UPLOADS.match(r.url)) as sent:
        choose_files(page, page, [minutes, notes])
    assert re.fullmatch(r"[0-9a-f-]{36}", sent.value.headers["idempotency-key"])
    assert sent.value.headers["authorization"].startswith("Bearer ")
    uploads = page.get_by_role("list", name="Uploads")
    expect(page.get_by_role("progressbar", name="Upload af referat.pdf")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Upload af noter.txt")).to_be_visible()
    check_accessibility(page, "files-uploading")
    wait_until(page, lambda: len(held) == 2)
    for route in held:
        route.continue_()
    page.unroute(UPLOADS)
    expect(uploads.get_by_role("listitem").filter(has_text="Uploadet")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="Uploadet: 2 af 2.")).to_be_attached()

    table = page.get_by_role("table", name=f"Mapper og filer i {folder}")
    today = danish_date(datetime.now(COPENHAGEN))
    row = table.get_by_role("row", name=re.compile(r"^referat\.pdf"))
    expect(row).to_contain_text("PDF")
    expect(row).to_contain_text("Karen Koordinator")
    expect(row).to_contain_text(today)
    expect(table.get_by_role("row", name=re.compile(r"^noter\.txt"))).to_contain_text("Tekstfil")
    check_accessibility(page, "files-uploaded")

    # One more by dropping it anywhere on the page, and an image by the picker.
    drop_files(page, [("dagsorden.txt", "1. Velkomst\n2. Data\n", "text/plain")])
    expect(table.get_by_role("row", name=re.compile(r"^dagsorden\.txt"))).to_be_visible()
    choose_files(page, page, [chart])
    expect(table.get_by_role("row", name=re.compile(r"^diagram\.png"))).to_contain_text(
        "PNG-billede"
    )

    # The PDF's preview: fetched with the token, shown from an object URL that goes on closing.
    table.get_by_role("button", name="referat.pdf", exact=True).click()
    preview = page.get_by_role("dialog", name="referat.pdf")
    frame = preview.locator("iframe[title='referat.pdf']")
    expect(frame).to_have_attribute("src", re.compile(r"^blob:"))
    blob_url = frame.get_attribute("src")
    assert page.evaluate("(url) => fetch(url).then((r) => r.status)", blob_url) == 200
    check_accessibility(page, "files-preview-pdf")
    preview.get_by_role("button", name="Luk").click()
    expect(preview).to_have_count(0)
    revoked = page.evaluate("(url) => fetch(url).then(() => 'alive', () => 'revoked')", blob_url)
    assert revoked == "revoked"

    table.get_by_role("button", name="diagram.png", exact=True).click()
    image = page.get_by_role("dialog", name="diagram.png").get_by_role("img", name="diagram.png")
    expect(image).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function(
        "() => document.querySelector('[role=\"dialog\"] img')?.naturalWidth === 4"
    )
    check_accessibility(page, "files-preview-image")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)

    # A download carries the file's own bytes and name.
    with page.expect_download() as download_info:
        table.get_by_role("button", name="Hent noter.txt").click()
    download = download_info.value
    assert download.suggested_filename == "noter.txt"
    assert Path(download.path()).read_bytes() == notes.read_bytes()

    # On a phone the table scrolls in its own frame: "Hent" and the row's menu stay in view.
    page.set_viewport_size({"width": 375, "height": 812})
    notes_row = table.get_by_role("row", name=re.compile(r"^noter\.txt"))
    for name in ("Hent noter.txt", "Handlinger for noter.txt"):
        box = notes_row.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (name, box)
    # The page settles into the new width (the frame's transitions) and is then no wider.
    page.wait_for_function("document.documentElement.scrollWidth <= 375", timeout=5000)
    page.set_viewport_size({"width": 1280, "height": 860})

    # Refused before sending: too big for the web app (25 MB) and a type that is not taken.
    too_big = tmp_path / "scanning.pdf"
    with too_big.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024 + 1)
    film = tmp_path / "optagelse.mp4"
    film.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    choose_files(page, page, [too_big, film])
    expect(uploads.get_by_text("scanning.pdf er for stor: højst 25 MB.")).to_be_visible()
    expect(
        uploads.get_by_text(
            "optagelse.mp4 kan ikke uploades, fordi filtypen ikke er tilladt.", exact=False
        )
    ).to_be_visible()
    assert not [url for url in posts if UPLOADS.match(url)]

    # Refused by the API: over its limit (413), and content of a type it does not take (422).
    over_limit = tmp_path / "bilag.pdf"
    over_limit.write_bytes(pdf_bytes() + bytes(API_FILE_MAX_BYTES))
    archive = tmp_path / "pakke"
    archive.write_bytes(b"PK\x03\x04" + bytes(200))
    choose_files(page, page, [over_limit, archive])
    expect(uploads.get_by_text("bilag.pdf er for stor: højst 2 MB.")).to_be_visible()
    expect(
        uploads.get_by_text("pakke kan ikke uploades, fordi filtypen ikke er tilladt.", exact=False)
    ).to_be_visible()
    check_accessibility(page, "files-refused")
    page.get_by_role("button", name="Ryd listen").click()
    expect(uploads).to_have_count(0)

    # Delete a file after confirming.
    row_action(page, table, "dagsorden.txt", "Slet")
    confirm = page.get_by_role("dialog", name="Slet »dagsorden.txt«")
    expect(confirm).to_contain_text("Filen kan ikke gendannes.")
    # The row's menu has finished closing before the page is checked.
    expect(page.get_by_role("menu")).to_have_count(0)
    check_accessibility(page, "files-delete")
    confirm.get_by_role("button", name="Slet filen").click()
    expect(
        page.get_by_role("status").filter(has_text="»dagsorden.txt« er slettet.")
    ).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(r"^dagsorden\.txt"))).to_have_count(0)

    # Move a file up to the root, and rename it there.
    row_action(page, table, "referat.pdf", "Flyt")
    move = page.get_by_role("dialog", name="Flyt »referat.pdf«")
    move.get_by_label("Flyt til").select_option(label="Alle filer")
    check_accessibility(page, "files-move")
    move.get_by_role("button", name="Flyt").click()
    expect(
        page.get_by_role("status").filter(has_text="»referat.pdf« er flyttet til Alle filer.")
    ).to_be_visible()

    # A folder with files in it is not deleted: it says so, and why.
    path.get_by_role("link", name="Alle filer").click()
    root = page.get_by_role("table", name="Mapper og filer i Alle filer")
    expect(root.get_by_role("row", name=re.compile(r"^referat\.pdf"))).to_be_visible()
    row_action(page, root, folder, "Omdøb")
    rename = page.get_by_role("dialog", name=f"Omdøb mappen »{folder}«")
    expect(rename.get_by_label("Navn")).to_have_value(folder)
    rename.get_by_role("button", name="Annullér").click()
    row_action(page, root, folder, "Slet")
    refuse = page.get_by_role("dialog", name=f"Slet mappen »{folder}«")
    expect(refuse.get_by_role("alert")).to_have_text(
        f"Mappen »{folder}« er ikke tom, så den kan ikke slettes. "
        "Flyt eller slet først filerne og mapperne i den."
    )
    expect(refuse.get_by_role("button", name="Slet mappen")).to_be_disabled()
    check_accessibility(page, "files-folder-not-empty")
    refuse.get_by_role("button", name="Annullér").click()
    page.context.close()


def test_a_meeting_shows_its_files_and_takes_an_upload(
    browser: Browser, app_url: str, api_url: str, tmp_path: Path
):
    token = api_login(api_url, COORDINATOR)
    title = f"Temamøde om diabetes {uuid.uuid4().hex[:8]}"
    meeting = plan_meeting(api_url, token, title, after_work_in(days=25))
    api_upload(api_url, token, f"/api/v1/meetings/{meeting['id']}/files", "slides.pdf", pdf_bytes())
    handout = tmp_path / "uddeling.txt"
    handout.write_text("Spørgsmål til gruppearbejdet.\n", encoding="utf-8")

    page = signed_in(browser, app_url, MEMBER)
    page.goto(f"{app_url}/moeder/{meeting['id']}")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    section = page.get_by_role("region", name="Filer", exact=True)
    table = section.get_by_role("table", name="Mødets filer")
    slides = table.get_by_role("row", name=re.compile(r"^slides\.pdf"))
    expect(slides).to_contain_text("Karen Koordinator")
    # Someone else's file: the member reads and downloads it, but does not delete it.
    expect(slides.get_by_role("button", name="Hent slides.pdf")).to_be_visible()
    expect(slides.get_by_role("button", name="Handlinger for slides.pdf")).to_have_count(0)
    check_accessibility(page, "meeting-files")

    choose_files(page, section, [handout])
    expect(section.get_by_role("list", name="Uploads")).to_contain_text("Uploadet")
    mine = table.get_by_role("row", name=re.compile(r"^uddeling\.txt"))
    expect(mine).to_contain_text("Mads Medlem")
    check_accessibility(page, "meeting-files-uploaded")

    row_action(page, mine, "uddeling.txt", "Slet")
    page.get_by_role("dialog", name="Slet »uddeling.txt«").get_by_role(
        "button", name="Slet filen"
    ).click()
    expect(
        section.get_by_role("status").filter(has_text="»uddeling.txt« er slettet.")
    ).to_be_visible()
    expect(mine).to_have_count(0)

    # The page after a reload: the coordinator's file is still there.
    page.reload()
    expect(
        page.get_by_role("table", name="Mødets filer").get_by_role(
            "row", name=re.compile(r"^slides")
        )
    ).to_be_visible()
    page.context.close()
