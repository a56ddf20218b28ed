"""The web app's performance budget: the gzipped size of its initial JavaScript and CSS, and
the time from navigation to a visible dashboard in headless Chromium against the local API
with the demo data.

Run with `python -m bench.frontend` after `npm run build` in frontend/; exits 1 when the
initial bundle is over budget or a measurement fails.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from api.demo.seed import DEMO_PASSWORD
from bench.server import free_port, prepare_database, running_server
from bench.webapp import CHROMIUM_ARGS, DIST_DIR, chromium_path, serve_webapp

BUDGET_BYTES = 150 * 1024
NAVIGATIONS = 15


class _InitialAssets(HTMLParser):
    """The scripts and stylesheets index.html loads before the app can render."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "module" and attributes.get("src"):
            self.assets.append(attributes["src"] or "")
        if tag == "link" and attributes.get("rel") in ("stylesheet", "modulepreload"):
            self.assets.append(attributes.get("href") or "")


def initial_bundle(dist: Path = DIST_DIR) -> list[tuple[str, int, int]]:
    """(asset, bytes, gzipped bytes) for each initial JS and CSS file of the build."""
    parser = _InitialAssets()
    parser.feed((dist / "index.html").read_text())
    rows = []
    for asset in parser.assets:
        if asset.startswith(("http:", "https:")):
            continue
        data = (dist / asset.lstrip("/")).read_bytes()
        rows.append((asset, len(data), len(gzip.compress(data, compresslevel=9))))
    return rows


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_dashboard(chromium: str) -> dict[str, list[float]]:
    """Milliseconds until the dashboard heading is visible, for login and for reloads."""
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    prepare_database(database_url)
    web_port = free_port()
    env = {"CORS_ORIGINS": f"http://127.0.0.1:{web_port}", "SQL_COUNT_HEADER": "false"}
    timings: dict[str, list[float]] = {"login": [], "reload": []}
    try:
        with (
            running_server(database_url, workdir / "api.log", extra_env=env) as server,
            serve_webapp(f"http://127.0.0.1:{server.port}", port=web_port) as app_url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
            for _ in range(3):
                context = browser.new_context(locale="da-DK")
                page = context.new_page()
                page.goto(app_url + "/login")
                page.get_by_label("E-mail").fill("koordinator@demo.dk")
                page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
                start = time.perf_counter()
                page.get_by_role("button", name="Log ind").click()
                page.get_by_role("heading", level=1, name="Oversigt").wait_for()
                timings["login"].append((time.perf_counter() - start) * 1000)
                context.close()
            context = browser.new_context(locale="da-DK")
            page = context.new_page()
            page.goto(app_url + "/login")
            page.get_by_label("E-mail").fill("koordinator@demo.dk")
            page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Log ind").click()
            page.get_by_role("heading", level=1, name="Oversigt").wait_for()
            for _ in range(NAVIGATIONS):
                start = time.perf_counter()
                page.goto(app_url + "/")
                page.get_by_role("heading", level=1, name="Oversigt").wait_for()
                timings["reload"].append((time.perf_counter() - start) * 1000)
            browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return timings


def main() -> int:
    if not (DIST_DIR / "index.html").is_file():
        print("frontend/dist is missing: run `npm run build` in frontend/ first.")
        return 2
    rows = initial_bundle()
    total = sum(gz for _, _, gz in rows)
    print("Web app: initial JavaScript and CSS (gzip -9)")
    for asset, raw, gz in rows:
        print(f"  {asset:<40} {raw / 1024:8.1f} KB  {gz / 1024:7.1f} KB gzipped")
    verdict = "within" if total <= BUDGET_BYTES else "OVER"
    print(
        f"  {'total':<40} {'':>8}     {total / 1024:7.1f} KB gzipped "
        f"({verdict} the {BUDGET_BYTES // 1024} KB budget)"
    )

    chromium = chromium_path()
    if not chromium.exists():
        print("Chromium is missing: `apt-get install chromium`.")
        return 2
    timings = measure_dashboard(str(chromium))
    print()
    print("Web app: time to a visible dashboard (headless Chromium, local API, demo data)")
    print(f"  {'flow':<50} | runs |  p50 ms |  p95 ms")
    labels = {
        "login": "submit login form -> 'Oversigt' visible",
        "reload": "navigate to / with session -> 'Oversigt' visible",
    }
    for key, values in timings.items():
        print(
            f"  {labels[key]:<50} | {len(values):4d} | {statistics.median(values):7.1f} | "
            f"{_percentile(values, 0.95):7.1f}"
        )
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
