"""Meetings at national size: the meeting page of the largest cluster against a small one's
(SQL statements must not grow with the number of participants), PLO's pull of a national year
of attendance page by page and as CSV (with the server's memory during the CSV), and the last
page of the whole feed against its first.

Run with `python -m bench.meetings`; it builds its own database with the demo data (five years
of meetings) and starts the API under gunicorn, like `python -m bench.registry`. Exits 1 when a
target is missed or a request fails.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from api.demo.seed import DEMO_CLIENT_SECRET
from bench.registry import Api, timed
from bench.report import print_timings
from bench.server import HOST, log_tail, prepare_database, rss_during, running_server, worker_pids

PLO_CLIENT = ("plo-economy", DEMO_CLIENT_SECRET)
PAGE_REPEATS = 30
PULL_REPEATS = 5
FEED_LIMIT = 200
# Targets from the meetings' requirements.
PULL_TARGET_MS = 1000.0
CSV_TARGET_MS = 1000.0
LAST_FIRST_RATIO_TARGET = 1.2
# CSV memory is flat when five years of CSV grow the worker no more than one year does, give
# or take what the allocator keeps between requests.
CSV_RSS_MARGIN_MB = 16.0


class PloApi(Api):
    """A keep-alive connection as PLO's economy module (client credentials)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=300)
        self.token = ""
        form = urllib.parse.urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": PLO_CLIENT[0],
                "client_secret": PLO_CLIENT[1],
            }
        )
        self.connection.request(
            "POST",
            "/api/v1/auth/token",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"token failed: {response.status} {body!r}")
        self.token = json.loads(body)["access_token"]

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any, dict[str, str]]:
        # gunicorn closes a keep-alive connection after a few idle seconds: reconnect once.
        try:
            return super().call(method, path, body)
        except (http.client.RemoteDisconnected, ConnectionError):
            self.connection.close()
            return super().call(method, path, body)

    def raw(self, path: str, accept: str) -> tuple[int, int]:
        """GET `path` and read the whole body; its status and size."""
        headers = {"Authorization": f"Bearer {self.token}", "Accept": accept}
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            self.connection.close()
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        return response.status, size


def _summary(timings: list[float], sql: set[int], errors: int) -> dict[str, Any]:
    ordered = sorted(timings)
    return {
        "runs": len(timings),
        "p50": statistics.median(timings),
        "p95": ordered[round(0.95 * (len(ordered) - 1))],
        "sql": "/".join(str(s) for s in sorted(sql)) or "-",
        "errors": errors,
    }


def _meeting_with_participants(api: Api, cluster_id: str) -> tuple[str, int]:
    """A meeting of the cluster with everyone invited: the latest held one, or a new one
    planned and invited through the API when the cluster has none."""
    status, body, _ = api.call(
        "GET", f"/api/v1/clusters/{cluster_id}/meetings?status=held&limit=200"
    )
    if status != 200:
        raise RuntimeError(f"meetings of {cluster_id}: {status} {body}")
    meetings = body["items"]
    if meetings:
        meeting_id = meetings[-1]["id"]
    else:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        status, created, _ = api.call(
            "POST",
            f"/api/v1/clusters/{cluster_id}/meetings",
            {
                "title": "Klyngemøde (bench)",
                "status": "planned",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "place_name": "Lægehuset",
            },
        )
        if status != 201:
            raise RuntimeError(f"planning a meeting: {status} {created}")
        meeting_id = created["id"]
        status, report, _ = api.call(
            "POST", f"/api/v1/meetings/{meeting_id}/invitations", {"everyone": True}
        )
        if status != 200:
            raise RuntimeError(f"inviting: {status} {report}")
    invited = api.all_items(f"/api/v1/meetings/{meeting_id}/invitations")
    return meeting_id, len(invited)


def meeting_page(api: Api, meeting_id: str) -> dict[str, Any]:
    """The meeting page's requests: the meeting, its invitations and its attendance."""
    paths = (
        f"/api/v1/meetings/{meeting_id}",
        f"/api/v1/meetings/{meeting_id}/invitations?limit=200",
        f"/api/v1/meetings/{meeting_id}/attendance?limit=200",
    )
    timings, statements, errors = [], set(), 0
    for _ in range(PAGE_REPEATS):
        total, per_request = 0.0, []
        for path in paths:
            elapsed, status, sql = timed(api, "GET", path)
            total += elapsed
            per_request.append(sql)
            errors += status != 200
        timings.append(total)
        statements.add("+".join(str(s) for s in per_request))
    summary = _summary(timings, set(), errors)
    summary["sql"] = "/".join(sorted(statements))
    return summary


def _walk(api: PloApi, query: str, sql: set[int] | None = None) -> tuple[int, list[str], int]:
    """Every page of the feed with `query`: the rows, the cursor of each page, failures; the
    statements of each page go into `sql`."""
    rows, cursors, errors, cursor = 0, [], 0, None
    while True:
        path = f"/api/v1/attendance?limit={FEED_LIMIT}{query}"
        if cursor:
            path += f"&cursor={cursor}"
        status, body, headers = api.call("GET", path)
        if status != 200:
            return rows, cursors, errors + 1
        if sql is not None:
            sql.add(int(headers.get("X-SQL-Statements", "0")))
        cursors.append(cursor or "")
        rows += len(body["items"])
        cursor = body["next_cursor"]
        if len(body["items"]) < FEED_LIMIT:
            return rows, cursors, errors


def year_pull(api: PloApi, year: int) -> tuple[int, dict[str, Any]]:
    timings, rows, errors, sql = [], 0, 0, set()
    for _ in range(PULL_REPEATS):
        start = time.perf_counter()
        rows, _, failed = _walk(api, f"&year={year}", sql)
        timings.append((time.perf_counter() - start) * 1000)
        errors += failed
    return rows, _summary(timings, sql, errors)


def csv_export(api: PloApi, query: str, workers: list[int]) -> tuple[dict[str, Any], float, int]:
    timings, errors, growth, size = [], 0, 0.0, 0
    for _ in range(PULL_REPEATS):
        start = time.perf_counter()
        (status, size), grown = rss_during(
            workers, lambda: api.raw(f"/api/v1/attendance{query}", "text/csv")
        )
        timings.append((time.perf_counter() - start) * 1000)
        errors += status != 200
        growth = max(growth, grown)
    return _summary(timings, set(), errors), growth, size


def first_and_last_page(api: PloApi) -> tuple[int, dict[str, Any], dict[str, Any]]:
    rows, cursors, errors = _walk(api, "")
    # The walk ends with a page shorter than the limit (empty when the rows fill whole
    # pages): the page before it is the last full one, which is what compares with the first.
    last = cursors[-2]
    results = []
    for cursor in ("", last):
        path = f"/api/v1/attendance?limit={FEED_LIMIT}" + (f"&cursor={cursor}" if cursor else "")
        timings, statements, failures = [], set(), errors
        for _ in range(PAGE_REPEATS):
            elapsed, status, sql = timed(api, "GET", path)
            timings.append(elapsed)
            statements.add(sql)
            failures += status != 200
        results.append(_summary(timings, statements, failures))
    return rows, results[0], results[1]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-meetings-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    rows: list[tuple[str, dict[str, Any], str]] = []
    problems: list[str] = []
    notes: list[str] = []
    try:
        prepare_database(database_url)
        # The demo data was written a moment ago: let the feed hand it out at once.
        with running_server(
            database_url, workdir / "api.log", {"SYNC_SETTLE_SECONDS": "0"}
        ) as server:
            admin = Api(server.port)
            plo = PloApi(server.port)
            clusters = admin.all_items("/api/v1/clusters")
            largest = max(clusters, key=lambda c: c["doctor_count"])
            smallest = min(clusters, key=lambda c: c["doctor_count"])
            big_meeting, big = _meeting_with_participants(admin, largest["id"])
            small_meeting, small = _meeting_with_participants(admin, smallest["id"])
            big_page = meeting_page(admin, big_meeting)
            small_page = meeting_page(admin, small_meeting)
            rows.append((f"meeting page, {big} participants", big_page, "= small"))
            rows.append((f"meeting page, {small} participants", small_page, ""))
            if big_page["sql"] != small_page["sql"]:
                problems.append(
                    f"meeting page statements grow: {big_page['sql']} (largest) "
                    f"against {small_page['sql']} (smallest)"
                )

            year = datetime.now(UTC).year - 1
            count, pull = year_pull(plo, year)
            rows.append((f"PLO pull of {year}, {count} rows, limit=200", pull, "1000"))
            if pull["p50"] > PULL_TARGET_MS:
                problems.append(f"the year's pull took {pull['p50']:.0f} ms (p50)")

            workers = worker_pids(server)
            one_year, one_growth, one_size = csv_export(plo, f"?year={year}", workers)
            rows.append((f"CSV of {year} ({one_size // 1024} KiB)", one_year, "1000"))
            if one_year["p50"] > CSV_TARGET_MS:
                problems.append(f"the year's CSV took {one_year['p50']:.0f} ms (p50)")
            all_years, all_growth, all_size = csv_export(plo, "", workers)
            rows.append((f"CSV of all years ({all_size // 1024} KiB)", all_years, ""))
            notes.append(
                f"peak RSS growth of a gunicorn worker during the CSV: one year "
                f"{one_growth:.1f} MB, all years {all_growth:.1f} MB "
                f"(flat if within {CSV_RSS_MARGIN_MB:.0f} MB of each other)"
            )
            if all_growth > one_growth + CSV_RSS_MARGIN_MB:
                problems.append("CSV memory grows with the number of rows")

            total, first, last = first_and_last_page(plo)
            rows.append((f"feed, first page of {total} rows", first, ""))
            rows.append(("feed, last full page", last, "<= 1.2 x"))
            ratio = last["p50"] / first["p50"]
            notes.append(f"last page / first page (p50): {ratio:.2f} (target <= 1.2)")
            if ratio > LAST_FIRST_RATIO_TARGET:
                problems.append(f"the last page is {ratio:.2f} times as slow as the first")
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    return print_timings(
        "Meetings at national size (demo data, five years of meetings; keep-alive, one client)",
        rows,
        notes,
        problems,
        label_width=44,
    )


if __name__ == "__main__":
    sys.exit(main())
