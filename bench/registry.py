"""The cluster registry under its real sizes: the member list of the largest cluster, a page
of 50 clusters, the national figures, and the bulk upsert of the whole national roster.

Run with `python -m bench.registry`; it builds its own database with the demo landscape and
starts the API under gunicorn, like `python -m bench`. Exits 1 when a target is missed or a
request fails.
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
from pathlib import Path
from typing import Any

from api.demo.seed import DEMO_PASSWORD
from bench.server import HOST, prepare_database, running_server

ADMIN = ("admin@demo.dk", DEMO_PASSWORD)
REPEATS = 60
# Targets from the registry's requirements, in milliseconds.
TARGETS = {
    "bulk clinics, changed": 2000.0,
    "bulk members, changed": 2000.0,
    "bulk clinics, unchanged": 1000.0,
    "bulk members, unchanged": 1000.0,
    "GET /api/v1/stats/landscape": 100.0,
}


class Api:
    """A keep-alive connection to the API under test, as the platform admin."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)
        self.token = ""
        status, body, _ = self.call(
            "POST", "/api/v1/auth/login", {"email": ADMIN[0], "password": ADMIN[1]}
        )
        if status != 200:
            raise RuntimeError(f"login failed: {status} {body}")
        self.token = body["access_token"]

    def call(
        self, method: str, path: str, body: Any = None, extra: dict[str, str] | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None, dict(response.getheaders())

    def all_items(self, path: str) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            sep = "&" if "?" in path else "?"
            url = f"{path}{sep}limit=200" + (f"&cursor={cursor}" if cursor else "")
            status, body, _ = self.call("GET", url)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status} {body}")
            items += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                return items


def national_roster(api: Api) -> tuple[list[dict], list[dict], str]:
    """Every clinic and every current member, as a region's yearly roster would list them."""
    clusters = api.all_items("/api/v1/clusters")
    clinics, roster = [], []
    for cluster in clusters:
        numbers = {}
        for clinic in api.all_items(f"/api/v1/clusters/{cluster['id']}/clinics"):
            numbers[clinic["id"]] = clinic["provider_number"]
            clinics.append(
                {
                    "provider_number": clinic["provider_number"],
                    "name": clinic["name"],
                    "address": clinic["address"],
                    "cluster_id": cluster["id"],
                }
            )
        for member in api.all_items(f"/api/v1/clusters/{cluster['id']}/members"):
            roster.append(
                {
                    "email": member["work_email"],
                    "name": member["name"],
                    "provider_number": numbers[member["clinic_id"]],
                    "kind": member["kind"],
                    "work_email": member["work_email"],
                }
            )
    largest = max(clusters, key=lambda c: c["doctor_count"])
    return clinics, roster, largest["id"]


def timed(api: Api, method: str, path: str, body: Any = None) -> tuple[float, int, int]:
    start = time.perf_counter()
    status, _, headers = api.call(method, path, body)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, status, int(headers.get("X-SQL-Statements", "0"))


def repeated(api: Api, path: str) -> dict[str, Any]:
    timings, statements, failures = [], set(), 0
    for _ in range(REPEATS):
        elapsed, status, sql = timed(api, "GET", path)
        timings.append(elapsed)
        statements.add(sql)
        failures += status != 200
    ordered = sorted(timings)
    return {
        "runs": REPEATS,
        "p50": statistics.median(timings),
        "p95": ordered[round(0.95 * (len(ordered) - 1))],
        "sql": "/".join(str(s) for s in sorted(statements)),
        "errors": failures,
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-registry-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        prepare_database(database_url)
        with running_server(database_url, workdir / "api.log") as server:
            api = Api(server.port)
            clinics, roster, largest = national_roster(api)
            size = len(api.all_items(f"/api/v1/clusters/{largest}/members"))
            rows.append(
                (
                    f"GET members of the largest cluster ({size})",
                    repeated(api, f"/api/v1/clusters/{largest}/members?limit=200"),
                )
            )
            rows.append(
                ("GET /api/v1/clusters?limit=50", repeated(api, "/api/v1/clusters?limit=50"))
            )
            rows.append(("GET /api/v1/stats/landscape", repeated(api, "/api/v1/stats/landscape")))
            changed_clinics = [{**c, "name": c["name"] + " (ny)"} for c in clinics]
            changed_members = [
                {**m, "kind": "employed" if m["kind"] == "owner" else "owner"} for m in roster
            ]
            for label, path, body in (
                (
                    f"bulk clinics, changed ({len(clinics)})",
                    "/api/v1/bulk/clinics",
                    changed_clinics,
                ),
                (
                    f"bulk clinics, unchanged ({len(clinics)})",
                    "/api/v1/bulk/clinics",
                    changed_clinics,
                ),
                (f"bulk members, changed ({len(roster)})", "/api/v1/bulk/members", changed_members),
                (
                    f"bulk members, unchanged ({len(roster)})",
                    "/api/v1/bulk/members",
                    changed_members,
                ),
            ):
                elapsed, status, sql = timed(api, "POST", path, {"items": body})
                rows.append(
                    (
                        label,
                        {
                            "runs": 1,
                            "p50": elapsed,
                            "p95": elapsed,
                            "sql": str(sql),
                            "errors": int(status != 200),
                        },
                    )
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("Registry at national size (demo landscape; one admin connection, keep-alive)")
    print(f"  {'request':<44} | runs |  p50 ms |  p95 ms | SQL/req | target ms | errors")
    failed = False
    for label, row in rows:
        target = next((t for name, t in TARGETS.items() if label.startswith(name)), None)
        missed = target is not None and row["p50"] > target
        failed = failed or missed or row["errors"] > 0
        flag = "  <- MISSED" if missed else ""
        print(
            f"  {label:<44} | {row['runs']:4d} | {row['p50']:7.1f} | {row['p95']:7.1f} | "
            f"{row['sql']:>7} | {target or '':>9} | {row['errors']:6d}{flag}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
