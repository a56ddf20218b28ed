"""The system under test: a migrated, seeded database and the API running under gunicorn."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent
HOST = "127.0.0.1"
APP = "api:create_app()"
HEALTH_PATH = "/api/v1/health"
WORKERS = 2
THREADS = 4
STARTUP_TIMEOUT_S = 30.0
SETUP_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 15.0
RSS_SAMPLE_S = 0.005


class SetupError(RuntimeError):
    """The database or the server could not be brought up."""


def api_environment(database_url: str, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every API process: the bench database, quiet logs, no limits."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "SQL_COUNT_HEADER": "true",
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    return env


def _run_flask(args: list[str], env: dict[str, str]) -> None:
    command = [str(BIN_DIR / "flask"), "--app", "api", *args]
    try:
        result = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SetupError(f"{' '.join(command)} took longer than {SETUP_TIMEOUT_S:.0f} s") from exc
    if result.returncode != 0:
        raise SetupError(
            f"{' '.join(command)} failed with exit code {result.returncode}:\n"
            f"{(result.stdout + result.stderr)[-4000:]}"
        )


def prepare_database(database_url: str, extra_env: dict[str, str] | None = None) -> None:
    """Run the real migrations, then load the demo data (with the server's own settings, such
    as where uploaded content is kept)."""
    env = api_environment(database_url, extra_env)
    _run_flask(["db", "upgrade"], env)
    _run_flask(["seed-demo", "--quiet"], env)


@contextmanager
def serving_in_thread(server: Any) -> Iterator[str]:
    """Run a socketserver-style `server` (serve_forever/shutdown) on a thread of this process
    for the block; yields its base URL on loopback."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running API."""

    port: int
    log_path: Path
    pid: int

    def describe(self) -> str:
        return (
            f'gunicorn "{APP}" --bind {HOST}:{self.port} --workers {WORKERS} '
            f"--threads {THREADS} (LOG_LEVEL=WARNING, no access log, SQL_COUNT_HEADER=true, "
            "RATELIMIT_ENABLED=false)"
        )


def _health_status(port: int) -> int | None:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", HEALTH_PATH)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(
                f"gunicorn exited with code {process.returncode} during start-up:\n"
                f"{log_tail(log_path)}"
            )
        status = _health_status(port)
        if status == 200:
            return
        time.sleep(0.2)
    raise SetupError(
        f"GET {HEALTH_PATH} did not answer 200 within {STARTUP_TIMEOUT_S:.0f} s "
        f"(last status: {status}):\n{log_tail(log_path)}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


@contextmanager
def running_server(
    database_url: str, log_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start gunicorn, wait for health, and stop it however the block ends."""
    port = free_port()
    command = [
        str(BIN_DIR / "gunicorn"),
        APP,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--log-level",
        "warning",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        # A session of its own: Ctrl-C reaches the benchmark, which then stops the server.
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=api_environment(database_url, extra_env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_healthy(process, port, log_path)
            yield Server(port=port, log_path=log_path, pid=process.pid)
        finally:
            _stop(process)


def worker_pids(server: Server) -> list[int]:
    """The gunicorn workers of `server` (the children of its master process)."""
    children: list[int] = []
    for task in Path(f"/proc/{server.pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return children


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_during(workers: list[int], action: Callable[[], Any]) -> tuple[Any, float]:
    """Run `action` while sampling the workers' RSS; the largest growth of one worker (MB)."""
    baseline = {pid: _rss_mb(pid) for pid in workers}
    peak = dict(baseline)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], _rss_mb(pid))
            time.sleep(RSS_SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = action()
    finally:
        done.set()
        sampler.join()
    return result, max(peak[pid] - baseline[pid] for pid in workers)
