"""Runs every scenario against a freshly built API and reports the results."""

from __future__ import annotations

import http.client
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bench.report import render_problems, render_table, scenario_problems, write_json
from bench.scenarios import (
    CLIENT_CREDENTIALS,
    LOOKUPS,
    SCENARIOS,
    USER_LOGINS,
    Auth,
    Lookup,
    Scenario,
)
from bench.server import (
    HOST,
    PROJECT_DIR,
    THREADS,
    WORKERS,
    Server,
    SetupError,
    log_tail,
    prepare_database,
    running_server,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_FILE = RESULTS_DIR / "latest.json"
SERVER_LOG = RESULTS_DIR / "server.log"
REQUEST_TIMEOUT_S = 10.0
EXIT_SCENARIO_FAILED = 1
EXIT_SETUP_FAILED = 2
EXIT_INTERRUPTED = 130


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_scale() -> float:
    raw = os.environ.get("BENCH_SCALE", "").strip() or "1"
    try:
        scale = float(raw)
    except ValueError:
        raise SetupError(f"BENCH_SCALE must be a number, not {raw!r}") from None
    if not 0 < scale < 1000:
        raise SetupError(f"BENCH_SCALE must be above 0 and below 1000, not {raw!r}")
    return scale


def describe_database(url: str) -> dict[str, str]:
    """The database's kind, version and (password-free) address."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SetupError(f"not a database URL: {exc}") from None
    kind = parsed.get_backend_name()
    shown = parsed.render_as_string(hide_password=True)
    if kind == "sqlite":
        return {"kind": "sqlite", "version": sqlite3.sqlite_version, "url": shown}
    version = "unknown version"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
    except Exception as exc:  # the version is a detail: report, never fail on it
        version = f"unknown version ({type(exc).__name__})"
    finally:
        engine.dispose()
    return {"kind": kind, "version": version, "url": shown}


# --- talking to the API from this process --------------------------------------------------


def call_api(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    content_type: str | None = None,
    token: str | None = None,
) -> Any:
    """One request; the JSON answer, or SetupError when it is not a 2xx."""
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request(method, path, body=body.encode() if body else None, headers=headers)
        response = conn.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise SetupError(f"{method} {path} failed: {exc}") from exc
    finally:
        conn.close()
    if not 200 <= response.status < 300:
        raise SetupError(
            f"{method} {path} answered {response.status}: {payload[:500].decode(errors='replace')}"
        )
    return json.loads(payload) if payload else None


def fetch_token(port: int, auth: Auth) -> str:
    if auth in USER_LOGINS:
        email, password = USER_LOGINS[auth]
        answer = call_api(
            port,
            "POST",
            "/api/v1/auth/login",
            body=json.dumps({"email": email, "password": password}),
            content_type="application/json",
        )
    else:
        client_id, secret = CLIENT_CREDENTIALS[auth]
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
        }
        answer = call_api(
            port,
            "POST",
            "/api/v1/auth/token",
            body=urlencode(form),
            content_type="application/x-www-form-urlencoded",
        )
    return str(answer["access_token"])


def needed_lookups(scenarios: list[Scenario]) -> dict[str, Lookup]:
    names = sorted({name for s in scenarios for name in s.placeholders()})
    missing = [name for name in names if name not in LOOKUPS]
    if missing:
        raise SetupError(f"no lookup defines the path placeholders {missing}")
    return {name: LOOKUPS[name] for name in names}


def fetch_tokens(
    port: int, scenarios: list[Scenario], lookups: dict[str, Lookup]
) -> dict[str, str]:
    """One access token for each kind of caller the scenarios and lookups need."""
    needed = {s.auth for s in scenarios} | {lookup.auth for lookup in lookups.values()}
    return {auth: fetch_token(port, auth) for auth in sorted(needed - {"none"})}


def resolve_lookups(
    port: int, lookups: dict[str, Lookup], tokens: dict[str, str]
) -> dict[str, str]:
    """The value of every path placeholder, read from the running API."""
    values: dict[str, str] = {}
    for name, lookup in lookups.items():
        value: Any = call_api(port, "GET", lookup.path, token=tokens.get(lookup.auth))
        try:
            for part in lookup.field.split("."):
                value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise SetupError(f"{lookup.path} has no {lookup.field}: {exc!r}") from exc
        values[name] = str(value)
    return values


# --- running one scenario in the load process ----------------------------------------------


def load_spec(
    scenario: Scenario, port: int, tokens: dict[str, str], values: dict[str, str], scale: float
) -> dict[str, Any]:
    body, content_type = scenario.body()
    headers = {"Accept": "application/json", **scenario.headers}
    if content_type:
        headers["Content-Type"] = content_type
    if scenario.auth != "none":
        headers["Authorization"] = f"Bearer {tokens[scenario.auth]}"
    return {
        "host": HOST,
        "port": port,
        "method": scenario.method,
        "path": scenario.resolved_path(values),
        "headers": headers,
        "body": body,
        "requests": scenario.scaled_requests(scale),
        "concurrency": scenario.concurrency,
        "warmup": scenario.warmup,
        # The time bound grows with the request count.
        "time_limit_s": scenario.time_limit_s * max(1.0, scale),
        "timeout_s": REQUEST_TIMEOUT_S,
    }


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the load generator as a process of its own; its JSON report, or a failure."""
    limit_s = 2 * spec["time_limit_s"] + spec["timeout_s"] + 30
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.load"],
        cwd=PROJECT_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(json.dumps(spec), timeout=limit_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"failure": f"load process still running after {limit_s:.0f} s"}
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        return {"failure": f"load process exited with {process.returncode}: {stderr[-500:]}"}
    try:
        return dict(json.loads(stdout))
    except ValueError:
        return {"failure": f"load process wrote no JSON: {stdout[-300:]}{stderr[-300:]}"}


def run_scenario(
    index: int,
    scenario: Scenario,
    port: int,
    tokens: dict[str, str],
    values: dict[str, str],
    scale: float,
) -> dict[str, Any]:
    spec = load_spec(scenario, port, tokens, values, scale)
    progress(
        f"[{index}/{len(SCENARIOS)}] {scenario.name}: {spec['requests']} requests, "
        f"{scenario.concurrency} connections"
    )
    started = time.perf_counter()
    outcome = run_load(spec)
    result: dict[str, Any] = {
        "name": scenario.name,
        "method": scenario.method,
        "path": spec["path"],
        "auth": scenario.auth,
        "concurrency": scenario.concurrency,
        "planned": spec["requests"],
        "floor": scenario.floor,
        **outcome,
    }
    problems = scenario_problems(result)
    took = time.perf_counter() - started
    progress(f"    {took:.1f} s" + (f"  FAILED: {', '.join(problems)}" if problems else ""))
    return result


def add_floor_ratios(results: list[dict[str, Any]]) -> float | None:
    floor = next((r for r in results if r["floor"] and not scenario_problems(r)), None)
    floor_p50 = (floor.get("latency_ms") or {}).get("p50") if floor else None
    for result in results:
        p50 = (result.get("latency_ms") or {}).get("p50")
        result["p50_x_floor"] = round(p50 / floor_p50, 3) if p50 and floor_p50 else None
    return floor_p50


# --- the whole run ----------------------------------------------------------------------


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def benchmark(database_url: str, scale: float) -> tuple[Server, list[dict[str, Any]]]:
    progress("Migrating and seeding the database ...")
    prepare_database(database_url)
    progress("Starting gunicorn ...")
    with running_server(database_url, SERVER_LOG) as server:
        lookups = needed_lookups(SCENARIOS)
        tokens = fetch_tokens(server.port, SCENARIOS, lookups)
        values = resolve_lookups(server.port, lookups, tokens)
        results = [
            run_scenario(i, scenario, server.port, tokens, values, scale)
            for i, scenario in enumerate(SCENARIOS, start=1)
        ]
    return server, results


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.perf_counter()
    try:
        scale = read_scale()
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            database_url = os.environ.get("BENCH_DATABASE_URL", "").strip() or (
                f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
            )
            database = describe_database(database_url)
            server, results = benchmark(database_url, scale)
    except SetupError as exc:
        progress(f"Benchmark set-up failed: {exc}")
        return EXIT_SETUP_FAILED
    except KeyboardInterrupt:
        progress("Interrupted; every process the benchmark started has been stopped.")
        return EXIT_INTERRUPTED
    duration_s = time.perf_counter() - started

    floor_p50 = add_floor_ratios(results)
    failed = [r["name"] for r in results if scenario_problems(r)]
    fresh = (
        "fresh temporary file" if database["kind"] == "sqlite" else "given by BENCH_DATABASE_URL"
    )
    print(f"Database: {database['kind']} {database['version']} ({fresh}: {database['url']})")
    print(f"Server:   {server.describe()}")
    print(
        f"Load:     a separate process, keep-alive HTTP/1.1; BENCH_SCALE={scale:g}; "
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}"
    )
    print()
    print(render_table(results))
    print()
    print(f"Total time: {duration_s:.1f} s. Results: {RESULTS_FILE.relative_to(PROJECT_DIR)}")
    if failed:
        print()
        print("Scenarios with errors:")
        print(render_problems(results))
        print(f"Server log ({SERVER_LOG.relative_to(PROJECT_DIR)}), last lines:")
        print(log_tail(SERVER_LOG, 20))

    write_json(
        RESULTS_FILE,
        {
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": round(duration_s, 2),
            "ok": not failed,
            "failed_scenarios": failed,
            "scale": scale,
            "database": database,
            "server": {
                "description": server.describe(),
                "workers": WORKERS,
                "threads": THREADS,
            },
            "machine": {
                "cpu_count": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "floor_p50_ms": floor_p50,
            "scenarios": results,
        },
    )
    return EXIT_SCENARIO_FAILED if failed else 0
