"""Files: uploading a 20 MB file to a cluster's library and downloading it again, against a
2 MB one, timed, with the server's memory during each transfer (it must not grow with the
file's size) and the downloaded bytes checked against the uploaded ones.

Run with `python -m bench.files`; it builds its own database with the demo data and starts
the API under gunicorn, like `python -m bench.meetings`, with the content kept in a directory
of its own. Exits 1 when a target is missed or a request fails.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from api.demo.seed import DEMO_PASSWORD
from bench.registry import Api
from bench.server import HOST, log_tail, prepare_database, rss_during, running_server, worker_pids

COORDINATOR = ("koordinator@demo.dk", DEMO_PASSWORD)
CLUSTER = "Demoklyngen Viborg"
MB = 1024 * 1024
# The small file for comparison first, then the large one; both below the default limit
# (FILE_MAX_BYTES, 25 MB), which the benchmark sets explicitly.
SIZES_MB = (2, 20)
FILE_MAX_BYTES = 25 * MB
RUNS = 5
WARM_UPS = 3
CHUNK_SIZE = 64 * 1024
TIMEOUT_S = 300
# Memory is flat when a 20 MB transfer grows a gunicorn worker no more than a 2 MB one does,
# give or take what the allocator keeps. The server's own buffers are a few 64 KiB chunks and
# Werkzeug's 500 KiB in-memory spool of a form part; measured, an upload of either size grows a
# warm worker by 0 to 4 MB (which thread's arena serves it, what it keeps), a download by less.
# A server that held the file whole grows by its size or more (20 to 40 MB for 20 MB), so 8 MB
# is above the noise and far below that.
RSS_MARGIN_MB = 8.0
BOUNDARY = "bench-files-" + uuid.uuid4().hex
# The content: a CSV of made-up rows (text passes the server's content sniffing; random bytes
# would not), one block of rows repeated, after a first line unique to each upload so that
# no two uploads have the same SHA-256 (the same content would be stored once, not again).
_ROWS = b"".join(
    f"{n},Klinik {n % 97},{8000 + n % 900},{n % 12 + 1:02d},{(n * 37) % 1000}.50\r\n".encode()
    for n in range(2000)
)


class UserApi(Api):
    """A keep-alive connection to the API under test, as a user with a password."""

    def __init__(self, port: int, email: str, password: str) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
        self.token = ""
        status, body, _ = self.call(
            "POST", "/api/v1/auth/login", {"email": email, "password": password}
        )
        if status != 200:
            raise RuntimeError(f"login as {email} failed: {status} {body}")
        self.token = body["access_token"]


def content(size: int, label: str) -> Iterator[bytes]:
    """`size` bytes of CSV, its first line `label`, in chunks of at most CHUNK_SIZE."""
    first = f"bench;{label}\r\n".encode()
    yield first
    remaining = size - len(first)
    while remaining > 0:
        piece = _ROWS[: min(remaining, CHUNK_SIZE)]
        remaining -= len(piece)
        yield piece


def sha256_of(chunks: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def library(cluster_id: str) -> str:
    return f"/api/v1/clusters/{cluster_id}/files"


def upload(api: UserApi, url: str, size: int, label: str) -> tuple[float, int, Any]:
    """POST a `size`-byte CSV to `url` (the library's root, a post's files) as
    multipart/form-data, the body made as it is sent (never whole in memory); the time (ms),
    the status and the answer."""
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="bench-{uuid.uuid4().hex}.csv"'
        "\r\nContent-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from content(size, label)
        yield tail

    headers = {
        "Authorization": f"Bearer {api.token}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(len(head) + size + len(tail)),
    }
    # A connection of its own: a body made on the way cannot be sent again on a keep-alive
    # connection the server closed meanwhile.
    connection = http.client.HTTPConnection(HOST, api.port, timeout=TIMEOUT_S)
    try:
        start = time.perf_counter()
        connection.request("POST", url, body(), headers)
        response = connection.getresponse()
        raw = response.read()
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        connection.close()
    answer = raw.decode(errors="replace")
    if response.status == 201:
        answer = json.loads(raw)
    return elapsed, response.status, answer


def download(api: UserApi, file_id: str) -> tuple[float, int, int, str]:
    """GET the file's content, read and hashed in chunks; the time (ms), the status, the
    number of bytes and their SHA-256."""
    connection = http.client.HTTPConnection(HOST, api.port, timeout=TIMEOUT_S)
    digest, size = hashlib.sha256(), 0
    try:
        start = time.perf_counter()
        connection.request(
            "GET",
            f"/api/v1/files/{file_id}/content",
            headers={"Authorization": f"Bearer {api.token}"},
        )
        response = connection.getresponse()
        while chunk := response.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        connection.close()
    return elapsed, response.status, size, digest.hexdigest()


def _summary(timings: list[float], size: int, growth: float, errors: int) -> dict[str, Any]:
    ordered = sorted(timings) or [0.0]
    p50 = statistics.median(ordered)
    return {
        "runs": len(timings),
        "p50": p50,
        "p95": ordered[round(0.95 * (len(ordered) - 1))],
        "mb_s": (size / MB) / (p50 / 1000) if p50 else 0.0,
        "rss": growth,
        "errors": errors,
    }


def transfers(
    api: UserApi, cluster_id: str, size_mb: int, workers: list[int], problems: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """RUNS uploads of distinct `size_mb` MB files, each downloaded again and compared."""
    size = size_mb * MB
    up_times: list[float] = []
    down_times: list[float] = []
    up_growth = down_growth = 0.0
    up_errors = down_errors = 0
    for run in range(RUNS):
        label = f"{size_mb} MB, run {run + 1}, {uuid.uuid4()}"
        expected = sha256_of(content(size, label))
        try:
            (elapsed, status, answer), grown = rss_during(
                workers, lambda label=label: upload(api, library(cluster_id), size, label)
            )
        except (OSError, http.client.HTTPException) as error:
            up_errors += 1
            problems.append(f"upload of {size_mb} MB failed: {error!r}")
            continue
        up_growth = max(up_growth, grown)
        if status != 201:
            up_errors += 1
            problems.append(f"upload of {size_mb} MB answered {status}: {str(answer)[:200]}")
            continue
        up_times.append(elapsed)
        if answer["sha256"] != expected or answer["size"] != size:
            up_errors += 1
            problems.append(
                f"upload of {size_mb} MB stored as {answer['size']} bytes, {answer['sha256']}"
            )
        try:
            (elapsed, status, got, sha256), grown = rss_during(
                workers, lambda file_id=answer["id"]: download(api, file_id)
            )
        except (OSError, http.client.HTTPException) as error:
            down_errors += 1
            problems.append(f"download of {size_mb} MB failed: {error!r}")
            continue
        down_growth = max(down_growth, grown)
        down_times.append(elapsed)
        if status != 200 or got != size or sha256 != expected:
            down_errors += 1
            problems.append(
                f"download of {size_mb} MB: status {status}, {got} bytes, "
                f"{'the same' if sha256 == expected else 'other'} content"
            )
    return (
        _summary(up_times, size, up_growth, up_errors),
        _summary(down_times, size, down_growth, down_errors),
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-files-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    environment = {
        "FILE_STORAGE": "local",
        "FILE_STORAGE_PATH": str(workdir / "files"),
        "FILE_UPLOAD_TEMP_DIR": str(workdir / "uploads"),
        "FILE_MAX_BYTES": str(FILE_MAX_BYTES),
    }
    results: dict[tuple[str, int], dict[str, Any]] = {}
    problems: list[str] = []
    try:
        prepare_database(database_url)
        with running_server(database_url, workdir / "api.log", environment) as server:
            api = UserApi(server.port, *COORDINATOR)
            status, me, _ = api.call("GET", "/api/v1/me")
            if status != 200:
                raise RuntimeError(f"GET /api/v1/me: {status} {me}")
            cluster_id = next((c["id"] for c in me["clusters"] if c["name"] == CLUSTER), None)
            if cluster_id is None:
                raise RuntimeError(f"{COORDINATOR[0]} is not in {CLUSTER}")
            workers = worker_pids(server)
            # A worker's first uploads and downloads load what they need, and grow it more than
            # later ones: not measured. Which worker takes a request is the kernel's choice, so
            # a few for each.
            for _ in range(WARM_UPS * len(workers)):
                _, status, answer = upload(api, library(cluster_id), MB, f"warm-up {uuid.uuid4()}")
                if status != 201:
                    raise RuntimeError(f"warm-up upload: {status} {answer}")
                download(api, answer["id"])
            for size_mb in SIZES_MB:
                up, down = transfers(api, cluster_id, size_mb, workers, problems)
                results["upload", size_mb] = up
                results["download", size_mb] = down
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    small, large = SIZES_MB
    print(
        f"Files: upload to {CLUSTER}'s library and download, {RUNS} distinct files of each "
        "size (a connection each; local storage)"
    )
    print(f"  {'request':<44} | runs |  p50 ms |  p95 ms |   MB/s | RSS + MB | target RSS | errors")
    failed = bool(problems)
    for kind in ("upload", "download"):
        for size_mb in SIZES_MB:
            row = results[kind, size_mb]
            method = "POST /clusters/{id}/files" if kind == "upload" else "GET /files/{id}/content"
            label = f"{kind} {size_mb} MB ({method})"
            target = ""
            if size_mb == large:
                limit = results[kind, small]["rss"] + RSS_MARGIN_MB
                target = f"<= {limit:.1f}"
                if row["rss"] > limit:
                    problems.append(
                        f"the worker grew {row['rss']:.1f} MB during a {large} MB {kind}, "
                        f"against {results[kind, small]['rss']:.1f} MB for {small} MB "
                        f"(margin {RSS_MARGIN_MB:.0f} MB): memory grows with the file"
                    )
            failed = failed or row["errors"] > 0
            print(
                f"  {label:<44} | {row['runs']:4d} | {row['p50']:7.1f} | {row['p95']:7.1f} | "
                f"{row['mb_s']:6.1f} | {row['rss']:8.1f} | {target:>10} | {row['errors']:6d}"
            )
    print("  MB/s: the file's size over the p50 time; MB here is 1024 x 1024 bytes")
    print(
        f"  RSS + MB: the largest growth of a gunicorn worker's resident memory during one "
        f"transfer (flat if the {large} MB one is within {RSS_MARGIN_MB:.0f} MB of the "
        f"{small} MB one)"
    )
    for problem in problems:
        print(f"  MISSED: {problem}")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
