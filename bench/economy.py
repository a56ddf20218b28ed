"""The economy at national size: PLO's allocation run for a year (116 clusters, about 1,700
clinics), dry and booked; a cluster's ledger summary for each of five years; its entries page
by page and as CSV; PLO's entries feed for a year, every page and as CSV; and the SQL
statements of the summary and of a page, which must not grow with the number of entries (a
cluster with a handful of entries against one with hundreds).

Run with `python -m bench.economy`; it builds its own database with the demo data (the
allocations of 2022 to 2026 booked), and starts the API under gunicorn, like
`python -m bench.registry`. The year it allocates is the one after the demo's last: the
registry's bulk upsert lists the patients of its 1 February first, and PLO sets its rate.
Exits 1 when a target is missed or a request fails.
"""

from __future__ import annotations

import http.client
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from api.demo.economy import PLO_STAFF
from api.demo.seed import DEMO_PASSWORD
from bench.meetings import PloApi, _summary
from bench.registry import Api, timed
from bench.report import print_timings
from bench.server import HOST, log_tail, prepare_database, running_server

DRY_RUNS = 5
RERUNS = 3
SUMMARY_REPEATS = 20
PAGE_REPEATS = 30
CSV_REPEATS = 5
PAGE_LIMIT = 50
# PLO's entries feed: pages of the most a page may hold, and whole walks of a year.
FEED_LIMIT = 200
FEED_WALKS = 3
# Entries booked in one cluster's year, to compare its requests with a cluster of a few.
MANY_ENTRIES = 400
NEXT_RATE_ORE = 375
# Targets from the economy's requirements, in milliseconds.
RUN_TARGET_MS = 2000.0
SUMMARY_P95_TARGET_MS = 50.0


class StaffApi(PloApi):
    """A keep-alive connection as PLO's staff (who run the allocations and book), signed in
    with a password rather than client credentials; reconnects like PLO's client."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=300)
        self.token = ""
        status, body, _ = self.call(
            "POST", "/api/v1/auth/login", {"email": PLO_STAFF, "password": DEMO_PASSWORD}
        )
        if status != 200:
            raise RuntimeError(f"login failed: {status} {body}")
        self.token = body["access_token"]


def _once(elapsed: float, sql: int, ok: bool) -> dict[str, Any]:
    return {"runs": 1, "p50": elapsed, "p95": elapsed, "sql": str(sql), "errors": int(not ok)}


def _repeated(api: Api, method: str, paths: list[str], repeats: int, body: Any = None) -> dict:
    timings, statements, errors = [], set(), 0
    for _ in range(repeats):
        for path in paths:
            elapsed, status, sql = timed(api, method, path, body)
            timings.append(elapsed)
            statements.add(sql)
            errors += status != 200
    return _summary(timings, statements, errors)


def count_next_year(admin: Api, clusters: list[dict[str, Any]], year: int) -> int:
    """The registry's counts of 1 February of `year`, for every clinic in a cluster, a little
    up on each clinic's latest, in one bulk upsert (as a region's yearly roster would)."""
    items = []
    for cluster in clusters:
        for clinic in admin.all_items(f"/api/v1/clusters/{cluster['id']}/clinics"):
            latest = clinic["patients"] or 0
            items.append(
                {
                    "provider_number": clinic["provider_number"],
                    "name": clinic["name"],
                    "patients": latest + latest // 200,
                    "patients_counted_on": date(year, 2, 1).isoformat(),
                }
            )
    status, body, _ = admin.call("POST", "/api/v1/bulk/clinics", {"items": items})
    if status != 200:
        raise RuntimeError(f"bulk counts: {status} {body}")
    return len(items)


def allocation_runs(staff: StaffApi, year: int, clusters: int, problems: list[str]) -> list:
    """The national run of `year`: dry runs, the booking, and runs again that book nothing."""
    rows = []
    path = "/api/v1/economy/allocations"
    dry = _repeated(staff, "POST", [f"{path}?dry_run=true"], DRY_RUNS, {"year": year})
    rows.append((f"allocation {year}, dry run ({clusters} clusters)", dry, f"{RUN_TARGET_MS:.0f}"))
    elapsed, status, sql = timed(staff, "POST", path, {"year": year})
    booked = _once(elapsed, sql, status == 200)
    rows.append((f"allocation {year}, booked", booked, f"{RUN_TARGET_MS:.0f}"))
    again = _repeated(staff, "POST", [path], RERUNS, {"year": year})
    rows.append((f"allocation {year}, run again (books nothing)", again, f"{RUN_TARGET_MS:.0f}"))
    for label, row, _ in rows:
        if row["p95"] > RUN_TARGET_MS:
            problems.append(f"{label} took {row['p95']:.0f} ms (p95)")
    status, report, _ = staff.call("POST", f"{path}?dry_run=true", {"year": year})
    if status != 200 or report["summary"] != {"created": 0, "unchanged": clusters, "corrected": 0}:
        problems.append(f"the run of {year} did not book every cluster once: {status}")
    elif report["warnings"]:
        problems.append(f"the run of {year} warns of {len(report['warnings'])} missing counts")
    return rows


def book_many(staff: StaffApi, cluster_id: str, year: int) -> int:
    """MANY_ENTRIES correcting entries in the cluster's ledger of `year`, spread over the
    year and the spending categories; the ledger's entry count of the year after."""
    entries = staff.all_items(f"/api/v1/clusters/{cluster_id}/ledger/entries?year={year}")
    allocation = next(e for e in entries if e["kind"] == "allocation")
    categories = ["speaker", "catering", "room", "residential_meeting", "coaching", "other"]
    start = date(year, 3, 2)
    for i in range(MANY_ENTRIES):
        status, body, _ = staff.call(
            "POST",
            f"/api/v1/clusters/{cluster_id}/ledger/entries",
            {
                "kind": "correction",
                "corrects": allocation["id"],
                "amount_ore": -(1_000 + 37 * i),
                "reason": "Målt belastning: mange posteringer i ét regnskabsår.",
                "category": categories[i % len(categories)],
                "booked_on": (start + timedelta(days=i % 300)).isoformat(),
            },
        )
        if status != 201:
            raise RuntimeError(f"booking an entry: {status} {body}")
    return len(entries) + MANY_ENTRIES


def ledger_requests(
    api: StaffApi, clusters: dict[str, tuple[str, int]], years: list[int], problems: list[str]
) -> list:
    """The summary of each of `years` and the last year's entries (a page, every page, CSV) of
    each of `clusters` (label: (id, the last year's entries))."""
    rows, sql_of = [], {}
    last = years[-1]
    for label, (cluster_id, count) in clusters.items():
        summary = _repeated(
            api,
            "GET",
            [f"/api/v1/clusters/{cluster_id}/ledger?year={year}" for year in years],
            SUMMARY_REPEATS,
        )
        rows.append(
            (
                f"ledger summary {years[0]}-{last}, {label} ({count})",
                summary,
                f"p95 {SUMMARY_P95_TARGET_MS:.0f}",
            )
        )
        if summary["p95"] > SUMMARY_P95_TARGET_MS:
            problems.append(f"the {label} ledger summary took {summary['p95']:.0f} ms (p95)")
        entries = f"/api/v1/clusters/{cluster_id}/ledger/entries?year={last}"
        page = _repeated(api, "GET", [f"{entries}&limit={PAGE_LIMIT}"], PAGE_REPEATS)
        rows.append((f"entries {last}, first page of {PAGE_LIMIT}, {label}", page, ""))
        sql_of[label] = (summary["sql"], page["sql"])
        walk = _walk_timings(api, f"{entries}&limit={PAGE_LIMIT}")
        rows.append((f"entries {last}, every page, {label}", walk, ""))
        csv_timings, csv_errors, size = [], 0, 0
        for _ in range(CSV_REPEATS):
            start = _now_ms()
            status, size = api.raw(entries, "text/csv")
            csv_timings.append(_now_ms() - start)
            csv_errors += status != 200
        csv = _summary(csv_timings, set(), csv_errors)
        rows.append((f"entries {last} as CSV ({size // 1024} KiB), {label}", csv, ""))
    (few_summary, few_page), (many_summary, many_page) = sql_of.values()
    if few_summary != many_summary:
        problems.append(f"summary statements grow: {few_summary} against {many_summary}")
    if few_page != many_page:
        problems.append(f"entries page statements grow: {few_page} against {many_page}")
    return rows


def _feed_walks(api: StaffApi, query: str) -> tuple[dict[str, Any], int, int]:
    """FEED_WALKS whole walks of the entries feed with `query`: their timings, the
    statements of each page, and the rows and pages of a walk."""
    path = f"/api/v1/economy/entries?limit={FEED_LIMIT}{query}"
    timings, statements, errors, rows, pages = [], set(), 0, 0, 0
    for _ in range(FEED_WALKS):
        start, cursor, rows, pages = _now_ms(), None, 0, 0
        while True:
            url = path + (f"&cursor={cursor}" if cursor else "")
            status, body, headers = api.call("GET", url)
            if status != 200:
                errors += 1
                break
            statements.add(int(headers.get("X-SQL-Statements", "0")))
            rows += len(body["items"])
            pages += 1
            cursor = body["next_cursor"]  # never null in a changes walk: the end is has_more
            if not body["has_more"]:
                break
        timings.append(_now_ms() - start)
    return _summary(timings, statements, errors), rows, pages


def feed_requests(api: StaffApi, year: int, problems: list[str]) -> list:
    """PLO's entries feed: every page of `year`'s walk and of the whole feed's (the
    statements of a page must not differ from page to page), and `year` as one CSV."""
    rows = []
    for label, query in ((str(year), f"&year={year}"), ("all years", "")):
        walk, count, pages = _feed_walks(api, query)
        rows.append((f"entries feed {label}, {pages} pages ({count} rows)", walk, ""))
        if "/" in walk["sql"]:
            problems.append(f"entries feed {label}: statements differ by page ({walk['sql']})")
    csv_timings, csv_errors, size = [], 0, 0
    for _ in range(CSV_REPEATS):
        start = _now_ms()
        status, size = api.raw(f"/api/v1/economy/entries?year={year}", "text/csv")
        csv_timings.append(_now_ms() - start)
        csv_errors += status != 200
    csv = _summary(csv_timings, set(), csv_errors)
    rows.append((f"entries feed {year} as CSV ({size // 1024} KiB)", csv, ""))
    return rows


def _now_ms() -> float:
    return time.perf_counter() * 1000


def _walk_timings(api: Api, path: str) -> dict[str, Any]:
    """Every page of `path`, PAGE_REPEATS // 10 times: the time of each whole walk."""
    timings, statements, errors = [], set(), 0
    for _ in range(max(1, PAGE_REPEATS // 10)):
        start, cursor = _now_ms(), None
        while True:
            url = path + (f"&cursor={cursor}" if cursor else "")
            status, body, headers = api.call("GET", url)
            if status != 200:
                errors += 1
                break
            statements.add(int(headers.get("X-SQL-Statements", "0")))
            cursor = body["next_cursor"]
            if cursor is None:
                break
        timings.append(_now_ms() - start)
    return _summary(timings, statements, errors)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-economy-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    rows: list[tuple[str, dict[str, Any], str]] = []
    problems: list[str] = []
    notes: list[str] = []
    try:
        prepare_database(database_url)
        # The demo data was written a moment ago: let the entries feed hand it out at once.
        with running_server(
            database_url, workdir / "api.log", {"SYNC_SETTLE_SECONDS": "0"}
        ) as server:
            admin = Api(server.port)
            staff = StaffApi(server.port)
            clusters = admin.all_items("/api/v1/clusters")
            rates = staff.all_items("/api/v1/economy/rates")
            booked = sorted(r["year"] for r in rates if r["in_use"])
            year = max(r["year"] for r in rates) + 1
            clinics = count_next_year(admin, clusters, year)
            status, body, _ = staff.call(
                "POST", "/api/v1/economy/rates", {"year": year, "ore_per_patient": NEXT_RATE_ORE}
            )
            if status != 201:
                raise RuntimeError(f"setting the rate of {year}: {status} {body}")
            notes.append(
                f"allocation of {year}: {len(clusters)} clusters, {clinics} clinics counted on "
                f"1 February {year}, {NEXT_RATE_ORE} øre per patient"
            )
            rows += allocation_runs(staff, year, len(clusters), problems)

            years = booked[-5:]
            smallest = min(clusters, key=lambda c: c["doctor_count"])
            largest = max(clusters, key=lambda c: c["doctor_count"])
            few = len(
                staff.all_items(
                    f"/api/v1/clusters/{smallest['id']}/ledger/entries?year={years[-1]}"
                )
            )
            many = book_many(staff, largest["id"], years[-1])
            rows += ledger_requests(
                staff,
                {"few": (smallest["id"], few), "many": (largest["id"], many)},
                years,
                problems,
            )
            rows += feed_requests(staff, years[-1], problems)
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    return print_timings(
        "Economy at national size (demo data, allocations of five years; keep-alive, PLO staff)",
        rows,
        notes,
        problems,
        label_width=50,
    )


if __name__ == "__main__":
    sys.exit(main())
