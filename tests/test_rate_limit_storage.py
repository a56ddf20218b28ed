"""Rate-limit budgets hold across workers: gunicorn with two workers, whose counters live in a
shared Redis (`REDIS_URL`), refuses failed logins after the budget whichever worker answers.
With per-worker memory, two workers would double every budget."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import HOST, _run_flask, api_environment, free_port, running_server

ATTEMPTS = 12
BUDGET = 4


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A Redis of this test's own, on a free port (`make test` installs redis-server)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server.")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(host=HOST, port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://{HOST}:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _login(port: int) -> int:
    # A new connection each time, so that either worker may take it.
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        body = json.dumps({"email": "karen@example.dk", "password": "not-her-password"})
        connection.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_login_budget_holds_across_two_workers_through_redis(redis_url):
    database = Path(tempfile.mkdtemp(prefix="platform-redis-")) / "db.sqlite3"
    database_url = f"sqlite:///{database}"
    _run_flask(["db", "upgrade"], api_environment(database_url))
    env = {
        "RATELIMIT_ENABLED": "true",
        "REDIS_URL": redis_url,
        "LOGIN_THROTTLE_SOURCE": f"{BUDGET} per hour",
    }
    with running_server(database_url, database.parent / "api.log", extra_env=env) as server:
        statuses = [_login(server.port) for _ in range(ATTEMPTS)]
    assert statuses == [401] * BUDGET + [429] * (ATTEMPTS - BUDGET)
