"""Browser tests: the built web app and the real API on loopback, driven in headless Chromium.

The API runs under gunicorn on a database of its own (a fresh SQLite file, or a PostgreSQL
database beside the one under test), migrated and seeded with the demo data. Screenshots of
every page go to test-artifacts/screenshots/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.demo.seed import DEMO_PASSWORD
from bench.server import free_port, prepare_database, running_server
from bench.webapp import CHROMIUM_ARGS, DIST_DIR, chromium_path, serve_webapp
from tests.clock_site import sitecustomize as clock_shift

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# The API under test takes uploads of at most 2 MB, while the web app keeps its own default of
# 25 MB: a file between the two reaches the API and is refused there (413), so the browser
# tests see both the app's check and the API's answer without sending 25 MB.
API_FILE_MAX_BYTES = 2 * 1024 * 1024


def chromium_executable() -> str:
    path = chromium_path()
    if not path.exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    return str(path)


def _e2e_database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='platform-e2e-')) / 'e2e.sqlite3'}"
    parsed = make_url(url)
    name = f"{parsed.database}_e2e"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def web_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def database_url() -> str:
    """The API's database: tests read what it keeps for people to receive (its outbox)."""
    return _e2e_database_url()


@pytest.fixture(scope="session")
def api_url(
    tmp_path_factory: pytest.TempPathFactory, web_port: int, database_url: str
) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("e2e") / "api.log"
    env = {
        "RATELIMIT_ENABLED": "true",
        # Every browser test logs in from the same loopback address, far more often than a
        # clinic's shared address would; the per-account throttles stay as in production.
        "LOGIN_RATE_LIMIT_ADDRESS": "1000 per 15 minutes",
        "SQL_COUNT_HEADER": "false",
        # The web app is served from another origin (port) on loopback.
        "CORS_ORIGINS": f"http://127.0.0.1:{web_port}",
        # Links in e-mails open the web app under test.
        "WEB_APP_URL": f"http://127.0.0.1:{web_port}",
        "FILE_MAX_BYTES": str(API_FILE_MAX_BYTES),
        "FILE_STORAGE_PATH": str(tmp_path_factory.mktemp("e2e-files")),
    }
    # The demo's files are stored where this server keeps its content.
    prepare_database(database_url, extra_env=env)
    with running_server(database_url, log_path, extra_env=env) as server:
        yield f"http://127.0.0.1:{server.port}"


@pytest.fixture(scope="session")
def app_url(api_url: str, web_port: int) -> Iterator[str]:
    if not (DIST_DIR / "index.html").is_file():
        pytest.fail("frontend/dist is missing: `make test` builds the web app first.")
    with serve_webapp(api_url, port=web_port) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def new_context(browser, width: int = 1280, height: int = 860):
    """A Danish browser context; under a shifted test clock, its pages live in the same time."""
    context = browser.new_context(
        locale="da-DK",
        viewport={"width": width, "height": height},
        # Menus and dialogs skip their animations, as for a user who asks for less motion:
        # no check runs against a half-closed menu.
        reduced_motion="reduce",
    )
    if clock_shift.shift_days():
        context.clock.install(time=time.time())  # this process's clock, already shifted
    return context


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_accessibility(page, name: str) -> None:
    """Screenshot the page, then run axe-core: no serious or critical violations allowed."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A menu still closing after its item was chosen is not part of the page being checked.
    expect(page.get_by_role("menu")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if not AXE_SCRIPT.is_file():
        pytest.fail("axe-core is missing: `make test` installs the frontend's packages.")
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        + (f" ({v['nodes'][0].get('failureSummary', '')})" if v["nodes"] else "")
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: accessibility violations:\n" + "\n".join(serious)


def api_call(
    api_url: str,
    method: str,
    path: str,
    body: dict | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict, dict]:
    """A plain HTTP call to the API, for arranging state from outside the browser."""
    request = urllib.request.Request(f"{api_url}{path}", method=method)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, data=data, timeout=10) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else {}
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else {}


def api_login(api_url: str, email: str, password: str = DEMO_PASSWORD) -> str:
    status, _, body = api_call(
        api_url, "POST", "/api/v1/auth/login", {"email": email, "password": password}
    )
    assert status == 200, body
    return body["access_token"]


def last_mail_to(database_url: str, recipient: str) -> str:
    """The text of the newest e-mail in the API's outbox to `recipient`."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            body = conn.execute(
                text(
                    "SELECT text_body FROM mail_outbox WHERE recipient = :recipient "
                    "ORDER BY created_at DESC LIMIT 1"
                ),
                {"recipient": recipient},
            ).scalar_one()
    finally:
        engine.dispose()
    return body
