"""The web app's performance budget: what a route loads before it renders (the gzipped size of
its JavaScript and CSS, from Vite's build manifest), and the time from submitting the login
form to a dashboard with its content in headless Chromium against the local API with the
national demo data.

Run with `python -m bench.frontend` after `npm run build` in frontend/. A first route over its
budget is marked OVER with the excess in KB, as a figure to report, not a failure; the run
exits non-zero only when it cannot measure.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from api.demo.seed import DEMO_PASSWORD
from bench.server import free_port, prepare_database, running_server
from bench.webapp import CHROMIUM_ARGS, DIST_DIR, chromium_path, serve_webapp

BUDGET_BYTES = 150 * 1024
NAVIGATIONS = 15
LOGINS = 7
ROUTES_SOURCE = (
    Path(__file__).resolve().parent.parent / "frontend" / "src" / "app" / "AppRoutes.tsx"
)
# The routes the budget is for: the first screens, which load with the entry chunk.
BUDGETED_ROUTES = {"/login": "login", "/": "dashboard"}


def _manifest(dist: Path) -> dict[str, dict]:
    """Vite's build manifest (`build.manifest` in vite.config.ts): each chunk with its file,
    its static imports, its lazy imports and its CSS."""
    return json.loads((dist / ".vite" / "manifest.json").read_text())


@cache
def _gzipped(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9))


def _closure(manifest: dict[str, dict], key: str) -> list[str]:
    """The files a chunk loads before it runs: itself, its static imports (transitively) and
    their CSS, in load order."""
    files: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        chunk = manifest[name]
        for imported in chunk.get("imports", []):
            visit(imported)
        for path in [chunk["file"], *chunk.get("css", [])]:
            if path not in files:
                files.append(path)

    visit(key)
    return files


def _entry_key(manifest: dict[str, dict]) -> str:
    return next(key for key, chunk in manifest.items() if chunk.get("isEntry"))


def initial_bundle(dist: Path = DIST_DIR) -> list[tuple[str, int, int]]:
    """(asset, bytes, gzipped bytes) for each JS and CSS file the entry loads before the app
    can render: the entry chunk, its static imports and the CSS, not the lazy route chunks."""
    manifest = _manifest(dist)
    return [(path, *_gzipped(dist / path)) for path in _closure(manifest, _entry_key(manifest))]


@dataclass(frozen=True)
class Route:
    path: str
    # The lazily loaded page module (`src/pages/X.tsx`), or None when it comes with the entry.
    module: str | None
    # The lazy modules of the routes it is nested in (a cluster's tab needs the cluster page).
    outer: tuple[str, ...] = ()


_ROUTE_TAG = re.compile(r"<Route\b|</Route>")


def _tag_end(text: str, start: int) -> int:
    """The index of the `>` that ends a tag, skipping the `{…}` of its attributes."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ">" and depth == 0:
            return index
    raise ValueError("a <Route> tag that does not end")


def routes(source: Path = ROUTES_SOURCE) -> list[Route]:
    """The app's routes as AppRoutes.tsx declares them, nested ones with their full path:
    `<Route path=… element={<Page />}>` (or `index`), a page being lazy when it is
    `lazy(() => import("../pages/X"))`. A route without a lazy page of its own comes with the
    page it is nested in."""
    text = source.read_text()
    lazy = {
        name: f"src/pages/{module}.tsx"
        for name, module in re.findall(
            r"const (\w+) = lazy\(\(\) => import\(\"\.\./pages/(\w+)\"\)", text
        )
    }
    found: dict[str, Route] = {}
    # (path prefix, lazy modules) of the routes the scan is inside.
    stack: list[tuple[str, tuple[str, ...]]] = [("", ())]
    position = 0
    while match := _ROUTE_TAG.search(text, position):
        if match.group(0) == "</Route>":
            stack.pop()
            position = match.end()
            continue
        end = _tag_end(text, match.end())
        attributes = text[match.end() : end]
        prefix, modules = stack[-1]
        path = re.search(r'\bpath="([^"]*)"', attributes)
        element = re.search(r"element=\{\s*<(\w+)\s*/>\s*\}", attributes)
        full = f"{prefix}/{path.group(1)}" if path else prefix
        own = lazy.get(element.group(1)) if element else None
        if element and (path or re.search(r"\bindex\b", attributes)) and "*" not in full:
            module = own or (modules[-1] if modules else None)
            outer = tuple(m for m in modules if m != module)
            found.setdefault(full or "/", Route(full or "/", module, outer))
        if not attributes.rstrip().endswith("/"):
            stack.append((full, modules + ((own,) if own else ())))
        position = end + 1
    return list(found.values())


@dataclass(frozen=True)
class RouteLoad:
    route: Route
    # The route's own chunk and CSS (gzipped), for a lazy route; the entry's for the others.
    own_gz: int
    # What the route adds to what the entry has loaded: its chunk and the shared chunks it
    # needs that are not yet loaded (gzipped).
    added_gz: int
    # Everything loaded before the route renders, from a cold start on that URL (gzipped).
    total_gz: int


def route_loads(dist: Path = DIST_DIR) -> list[RouteLoad]:
    manifest = _manifest(dist)
    entry = _closure(manifest, _entry_key(manifest))
    entry_gz = sum(_gzipped(dist / path)[1] for path in entry)
    loads = []
    for route in routes():
        if route.module is None or route.module not in manifest:
            loads.append(RouteLoad(route, entry_gz, 0, entry_gz))
            continue
        chunk = manifest[route.module]
        own = [chunk["file"], *chunk.get("css", [])]
        needed = [route.module, *(m for m in route.outer if m in manifest)]
        added = list(
            dict.fromkeys(
                path for key in needed for path in _closure(manifest, key) if path not in entry
            )
        )
        added_gz = sum(_gzipped(dist / path)[1] for path in added)
        loads.append(
            RouteLoad(
                route,
                sum(_gzipped(dist / path)[1] for path in own),
                added_gz,
                entry_gz + added_gz,
            )
        )
    return loads


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _dashboard_shown(page) -> None:
    """Wait until the dashboard's main content is there: its heading, the person's clusters
    listed, and neither of its lists still loading."""
    main = page.get_by_role("main")
    main.get_by_role("heading", level=1, name="Oversigt").wait_for()
    main.get_by_role("region", name="Dine klynger").get_by_role("listitem").first.wait_for()
    main.get_by_role("status").filter(has=page.locator(".spinner")).first.wait_for(state="detached")


def _log_in(page, app_url: str) -> float:
    """Milliseconds from submitting the login form to the dashboard's content."""
    page.goto(app_url + "/login")
    page.get_by_label("E-mail").fill("koordinator@demo.dk")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    start = time.perf_counter()
    page.get_by_role("button", name="Log ind").click()
    _dashboard_shown(page)
    return (time.perf_counter() - start) * 1000


def measure_dashboard(chromium: str) -> dict[str, list[float]]:
    """Milliseconds until the dashboard's content is visible: after logging in as the demo
    coordinator (a fresh browser context each time: nothing cached), and on navigating to it
    with a session."""
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
            # One login first, not counted: the API's and the server's first requests.
            for run in range(LOGINS + 1):
                context = browser.new_context(locale="da-DK")
                elapsed = _log_in(context.new_page(), app_url)
                if run:
                    timings["login"].append(elapsed)
                context.close()
            context = browser.new_context(locale="da-DK")
            page = context.new_page()
            _log_in(page, app_url)
            for _ in range(NAVIGATIONS):
                start = time.perf_counter()
                page.goto(app_url + "/")
                _dashboard_shown(page)
                timings["reload"].append((time.perf_counter() - start) * 1000)
            browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return timings


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f}"


def print_bundles(dist: Path = DIST_DIR) -> bool:
    """Print what each route loads; True when the budgeted routes are within budget."""
    rows = initial_bundle(dist)
    total = sum(gz for _, _, gz in rows)
    print("Web app: initial JavaScript and CSS of the entry (gzip -9, from the build manifest)")
    for asset, raw, gz in rows:
        print(f"  {asset:<44} {raw / 1024:8.1f} KB  {_kb(gz)} KB gzipped")
    print(f"  {'total':<44} {'':>8}     {_kb(total)} KB gzipped")
    print()
    within = True
    loads = route_loads(dist)
    budget = BUDGET_BYTES // 1024
    print(f"Web app: what a route loads before it renders (KB gzipped; budget {budget} KB)")
    print(f"  {'route':<34} | {'chunk':<22} | own KB | adds KB | initial KB | budget")
    for load in loads:
        name = BUDGETED_ROUTES.get(load.route.path)
        if name is None:
            continue
        ok = load.total_gz <= BUDGET_BYTES
        within = within and ok
        print(
            f"  {name + ' ' + load.route.path:<34} | {'entry':<22} | {_kb(load.own_gz)}"
            f" | {_kb(load.added_gz)} |    {_kb(load.total_gz)} | "
            f"{'within' if ok else f'OVER by {_kb(load.total_gz - BUDGET_BYTES).strip()} KB'}"
        )
    for load in loads:
        if load.route.module is None:
            continue
        chunk = Path(load.route.module).stem
        print(
            f"  {load.route.path:<34} | {chunk:<22} | {_kb(load.own_gz)} | {_kb(load.added_gz)}"
            f" |    {_kb(load.total_gz)} | lazy"
        )
    print("  own: the route's chunk and CSS; adds: with the shared chunks the entry has not")
    print("  loaded; initial: everything before the route renders on a cold start at its URL")
    return within


def main() -> int:
    if not (DIST_DIR / ".vite" / "manifest.json").is_file():
        print("frontend/dist is missing or has no manifest: run `npm run build` in frontend/.")
        return 2
    within = print_bundles()

    chromium = chromium_path()
    if not chromium.exists():
        print("Chromium is missing: `apt-get install chromium`.")
        return 2
    timings = measure_dashboard(str(chromium))
    print()
    print(
        "Web app: time to the dashboard's content (headless Chromium, local API, national "
        "demo data, koordinator@demo.dk)"
    )
    print(f"  {'flow':<58} | runs |  p50 ms |  p95 ms")
    labels = {
        "login": "submit login form -> dashboard content visible (cold)",
        "reload": "navigate to / with session -> dashboard content visible",
    }
    for key, values in timings.items():
        print(
            f"  {labels[key]:<58} | {len(values):4d} | {statistics.median(values):7.1f} | "
            f"{_percentile(values, 0.95):7.1f}"
        )
    if not within:
        print()
        print("The first routes' initial load is over the budget: see OVER above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
