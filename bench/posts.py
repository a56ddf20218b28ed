"""The notice board at size: a cluster's board with 500 threads (some pinned, some with
replies and attachments), walked page by page. The SQL statements of a page must not depend
on which page it is or what its threads hold; the last page must cost what the first does.

Run with `python -m bench.posts`; it builds its own database with the demo data and starts
the API under gunicorn, like `python -m bench.files`. Exits 1 when a target is missed or a
request fails.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from api.demo.seed import DEMO_PASSWORD
from bench.files import CLUSTER, UserApi, upload
from bench.server import log_tail, prepare_database, running_server

COORDINATOR = ("koordinator@demo.dk", DEMO_PASSWORD)
MEMBER = ("medlem@demo.dk", DEMO_PASSWORD)
THREADS = 500
PAGE_LIMIT = 50
WALKS = 5
# Every few threads: a reply, a pinned thread, an attached file.
REPLY_EVERY, PIN_EVERY, ATTACH_EVERY = 3, 50, 10
LAST_FIRST_RATIO_TARGET = 1.2


def timed_call(
    api: UserApi, method: str, path: str, body: Any = None
) -> tuple[float, int, int, Any]:
    """The time (ms), status, SQL statements and answer of one request."""
    start = time.perf_counter()
    status, answer, headers = api.call(method, path, body)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, status, int(headers.get("X-SQL-Statements", "0")), answer


def _cluster_id(api: UserApi) -> str:
    status, me, _ = api.call("GET", "/api/v1/me")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/me: {status} {me}")
    cluster_id = next((c["id"] for c in me["clusters"] if c["name"] == CLUSTER), None)
    if cluster_id is None:
        raise RuntimeError(f"the demo user is not in {CLUSTER}")
    return str(cluster_id)


def fill_board(coordinator: UserApi, member: UserApi, board: str, errors: list[str]) -> list[float]:
    """THREADS threads on the board, written by two people; the time of each POST."""
    timings = []
    for n in range(THREADS):
        author = member if n % 2 else coordinator
        body = {
            "title": f"Opslag {n + 1}: praktisk om klyngemødet",
            "body": f"Husk **tilmelding** senest fredag.\n\n- punkt {n}\n- [PLO](https://www.plo.dk)",
            "pinned": n % PIN_EVERY == 0,
        }
        if body["pinned"]:
            author = coordinator  # moderators pin
        elapsed, status, _, answer = timed_call(author, "POST", board, body)
        timings.append(elapsed)
        if status != 201:
            errors.append(f"POST {board}: {status} {answer}")
            continue
        thread_id = answer["id"]
        if n % REPLY_EVERY == 0:
            status, answer, _ = coordinator.call(
                "POST", f"/api/v1/posts/{thread_id}/replies", {"body": "Tak, noteret."}
            )
            if status != 201:
                errors.append(f"reply: {status} {answer}")
        if n % ATTACH_EVERY == 0:
            files = f"/api/v1/posts/{thread_id}/files"
            _, status, answer = upload(author, files, 2048, f"bilag {uuid.uuid4()}")
            if status != 201:
                errors.append(f"attachment: {status} {answer}")
    return timings


def walk(api: UserApi, board: str, errors: list[str]) -> list[tuple[float, int, int]]:
    """One walk of the board: each page's time, statements and number of threads."""
    pages, cursor = [], None
    while True:
        url = f"{board}?limit={PAGE_LIMIT}" + (f"&cursor={cursor}" if cursor else "")
        elapsed, status, sql, body = timed_call(api, "GET", url)
        if status != 200:
            errors.append(f"GET {url}: {status}")
            return pages
        pages.append((elapsed, sql, len(body["items"])))
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def _row(label: str, timings: list[float], sql: str, target: str, errors: int) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"  {label:<44} | {len(timings):4d} | {statistics.median(timings):7.1f} | "
        f"{p95:7.1f} | {sql:<10} | {target:>9} | {errors:6d}"
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-posts-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    environment = {
        "FILE_STORAGE": "local",
        "FILE_STORAGE_PATH": str(workdir / "files"),
        "FILE_UPLOAD_TEMP_DIR": str(workdir / "uploads"),
    }
    errors: list[str] = []
    try:
        prepare_database(database_url)
        with running_server(database_url, workdir / "api.log", environment) as server:
            coordinator = UserApi(server.port, *COORDINATOR)
            member = UserApi(server.port, *MEMBER)
            cluster_id = _cluster_id(coordinator)
            board = f"/api/v1/clusters/{cluster_id}/posts"
            existing = sum(page[2] for page in walk(member, board, errors))
            creating = fill_board(coordinator, member, board, errors)
            walks = [walk(member, board, errors) for _ in range(WALKS)]
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    threads = existing + THREADS
    pages = [page for one in walks for page in one]
    statements = sorted({sql for _, sql, _ in pages})
    full = [one[: threads // PAGE_LIMIT] for one in walks]  # the full pages of each walk
    first = [one[0][0] for one in full]
    last = [one[-1][0] for one in full]
    walk_ms = [sum(elapsed for elapsed, _, _ in one) for one in walks]
    ratio = statistics.median(last) / statistics.median(first)
    problems = list(errors)
    if len(statements) != 1:
        problems.append(f"the statements per page vary: {statements}")
    if ratio > LAST_FIRST_RATIO_TARGET:
        problems.append(f"the last full page costs {ratio:.2f} x the first")
    counted = {sum(n for _, _, n in one) for one in walks}
    if counted != {threads}:
        problems.append(f"a walk gave {sorted(counted)} threads, not {threads}")

    sql = "/".join(str(s) for s in statements)
    print(
        f"Notice board: {CLUSTER}'s board with {threads} threads ({THREADS} made here: every "
        f"{REPLY_EVERY}rd with a reply, every {ATTACH_EVERY}th with a file, every "
        f"{PIN_EVERY}th pinned), read as a member, limit={PAGE_LIMIT}"
    )
    print(f"  {'request':<44} | runs |  p50 ms |  p95 ms | SQL/req    | target    | errors")
    print(_row("start a thread (POST .../posts)", creating, "-", "", 0))
    print(_row("board, first page", first, sql, "", 0))
    print(_row("board, last full page", last, sql, "<= 1.2 x", 0))
    print(_row(f"board, whole walk ({len(walks[0])} pages)", walk_ms, sql, "constant", len(errors)))
    print(f"  SQL statements per page: {sql} (target: one value for every page)")
    print(f"  last full page / first page (p50): {ratio:.2f} (target <= {LAST_FIRST_RATIO_TARGET})")
    for problem in problems:
        print(f"  MISSED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
