"""Indicators at national size: a cluster's data view of KiAP's "Antibiotika til UVI" (the
largest cluster's and the smallest's, whose SQL statements must be the same: constant in the
number of clinics), each read as a doctor of the cluster holding no role, and a national
upload of one indicator for every clinic (about 1,700 values), as a dry run, changing every
value, and again changing nothing.

Run with `python -m bench.indicators`; it builds its own database with the demo data and
starts the API under gunicorn, like `python -m bench.registry`. Exits 1 when a target is
missed or a request fails.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from api.demo.indicators import SET_NAME
from bench.files import UserApi
from bench.meetings import _summary
from bench.registry import Api, timed
from bench.server import log_tail, prepare_database, running_server

VIEW_REPEATS = 50
# The doctor each cluster's data view is read as: their password is set by the admin.
DOCTOR_PASSWORD = "bench-data-view-2027!"
UPLOAD_REPEATS = 3
# Targets from the data views' requirements, in milliseconds.
VIEW_P95_TARGET_MS = 50.0
UPLOAD_TARGET_MS = 2000.0


def _repeated(api: Api, method: str, path: str, repeats: int, body: Any = None) -> dict:
    timings, statements, errors = [], set(), 0
    for _ in range(repeats):
        elapsed, status, sql = timed(api, method, path, body)
        timings.append(elapsed)
        statements.add(sql)
        errors += status != 200
    return _summary(timings, statements, errors)


def doctor_of(admin: Api, port: int, cluster: dict[str, Any]) -> UserApi:
    """A doctor of the cluster who holds no role, signed in: the data view as a member reads
    it, through the member's own access checks (their own clinic first, the others as the
    cluster's decision allows)."""
    holders = {r["user_id"] for r in admin.all_items(f"/api/v1/clusters/{cluster['id']}/roles")}
    members = admin.all_items(f"/api/v1/clusters/{cluster['id']}/members")
    doctor = next(m for m in members if m["user_id"] and m["user_id"] not in holders)
    path = f"/api/v1/users/{doctor['user_id']}"
    status, user, headers = admin.call("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {user}")
    status, user, _ = admin.call(
        "PATCH", path, {"password": DOCTOR_PASSWORD}, {"If-Match": headers["ETag"]}
    )
    if status != 200:
        raise RuntimeError(f"PATCH {path}: {status} {user}")
    return UserApi(port, user["email"], DOCTOR_PASSWORD)


def national_values(api: Api, clusters: list[dict[str, Any]]) -> list[dict]:
    """A value of 2024 for every clinic in a cluster, other than the demo's."""
    items = []
    for cluster in clusters:
        for clinic in api.all_items(f"/api/v1/clusters/{cluster['id']}/clinics"):
            items.append(
                {
                    "provider_number": clinic["provider_number"],
                    "indicator": "uvi",
                    "period": "2024",
                    "value": round(40.0 + (int(clinic["provider_number"]) % 300) / 10, 1),
                }
            )
    return items


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    rows: list[tuple[str, dict[str, Any], str]] = []
    problems: list[str] = []
    try:
        prepare_database(database_url)
        with running_server(database_url, workdir / "api.log") as server:
            api = Api(server.port)
            sets = api.all_items("/api/v1/indicator-sets")
            set_id = next(s["id"] for s in sets if s["name"] == SET_NAME)
            clusters = api.all_items("/api/v1/clusters")
            largest = max(clusters, key=lambda c: c["clinic_count"])
            smallest = min(clusters, key=lambda c: c["clinic_count"])
            sql_of = {}
            for label, cluster in (("largest", largest), ("smallest", smallest)):
                doctor = doctor_of(api, server.port, cluster)
                view = _repeated(
                    doctor, "GET", f"/api/v1/clusters/{cluster['id']}/data/{set_id}", VIEW_REPEATS
                )
                clinics = cluster["clinic_count"]
                rows.append(
                    (
                        f"data view as a doctor, {label} cluster ({clinics} clinics)",
                        view,
                        f"p95 {VIEW_P95_TARGET_MS:.0f}",
                    )
                )
                sql_of[label] = view["sql"]
                if label == "largest" and view["p95"] > VIEW_P95_TARGET_MS:
                    problems.append(f"the data view took {view['p95']:.0f} ms (p95)")
            if sql_of["largest"] != sql_of["smallest"]:
                problems.append(
                    f"data view statements grow: {sql_of['smallest']} against {sql_of['largest']}"
                )

            path = f"/api/v1/indicator-sets/{set_id}/values"
            items = national_values(api, clusters)
            for label, query in (
                ("dry run", "?dry_run=true"),
                ("every value changed", ""),
                ("unchanged", ""),
            ):
                repeats = 1 if label == "every value changed" else UPLOAD_REPEATS
                upload = _repeated(api, "POST", path + query, repeats, {"items": items})
                rows.append(
                    (
                        f"upload of one indicator, {len(items)} clinics, {label}",
                        upload,
                        f"{UPLOAD_TARGET_MS:.0f}",
                    )
                )
                if upload["p95"] > UPLOAD_TARGET_MS:
                    problems.append(f"the upload ({label}) took {upload['p95']:.0f} ms")
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        "Indicators at national size (demo data; keep-alive; the data view as a doctor of the "
        "cluster, the upload as the platform admin)"
    )
    print(f"  {'request':<55} | runs |  p50 ms |  p95 ms | SQL/req    | target ms | errors")
    failed = bool(problems)
    for label, row, target in rows:
        failed = failed or row["errors"] > 0
        print(
            f"  {label:<55} | {row['runs']:4d} | {row['p50']:7.1f} | {row['p95']:7.1f} | "
            f"{row['sql']:<10} | {target:>9} | {row['errors']:6d}"
        )
    for problem in problems:
        print(f"  MISSED: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
