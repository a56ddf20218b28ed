"""Load generator for one scenario: reads a JSON spec on stdin, writes JSON results on stdout."""

from __future__ import annotations

import http.client
import json
import math
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

SQL_COUNT_HEADER = "X-SQL-Statements"
ALLOWED_HOST = "127.0.0.1"
MAX_ERROR_SAMPLES = 5
# A connection the server closed while idle fails on reuse: such a request is sent again once.
_STALE_CONNECTION_ERRORS = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
)


@dataclass(frozen=True)
class LoadSpec:
    """What to send, how often and how concurrently."""

    port: int
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    requests: int
    concurrency: int
    warmup: int
    time_limit_s: float
    timeout_s: float

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LoadSpec:
        if raw.get("host", ALLOWED_HOST) != ALLOWED_HOST:
            raise ValueError(f"only {ALLOWED_HOST} may be loaded")
        spec = cls(
            port=int(raw["port"]),
            method=str(raw["method"]),
            path=str(raw["path"]),
            headers={str(k): str(v) for k, v in raw.get("headers", {}).items()},
            body=raw.get("body"),
            requests=int(raw["requests"]),
            concurrency=int(raw["concurrency"]),
            warmup=int(raw.get("warmup", 0)),
            time_limit_s=float(raw.get("time_limit_s", 60.0)),
            timeout_s=float(raw.get("timeout_s", 10.0)),
        )
        if spec.requests < 1 or spec.concurrency < 1 or spec.warmup < 0:
            raise ValueError("requests and concurrency must be at least 1, warmup at least 0")
        return spec


@dataclass(frozen=True)
class Sample:
    """One answered (or failed) request."""

    status: int  # 0 when no HTTP answer came back
    latency_ms: float
    finished_at: float
    sql_statements: int | None
    error: str | None = None


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, spec: LoadSpec) -> None:
        self.spec = spec
        self.body = spec.body.encode() if spec.body is not None else None
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def send(self) -> Sample:
        for attempt in range(2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    ALLOWED_HOST, self.spec.port, timeout=self.spec.timeout_s
                )
            started = time.perf_counter()
            try:
                self.conn.request(
                    self.spec.method, self.spec.path, body=self.body, headers=self.spec.headers
                )
                response = self.conn.getresponse()
                payload = response.read()
            except _STALE_CONNECTION_ERRORS as exc:
                self.close()
                if reused and attempt == 0:
                    continue
                return _failure(started, exc)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                return _failure(started, exc)
            finished = time.perf_counter()
            if response.will_close:
                self.close()
            error = None
            if not 200 <= response.status < 300:
                error = f"{response.status}: {payload[:300].decode(errors='replace')}"
            return Sample(
                status=response.status,
                latency_ms=(finished - started) * 1000,
                finished_at=finished,
                sql_statements=_int_or_none(response.getheader(SQL_COUNT_HEADER)),
                error=error,
            )
        raise AssertionError("unreachable")  # pragma: no cover


def _failure(started: float, exc: BaseException) -> Sample:
    finished = time.perf_counter()
    return Sample(
        status=0,
        latency_ms=(finished - started) * 1000,
        finished_at=finished,
        sql_statements=None,
        error=f"{type(exc).__name__}: {exc}",
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (values must be sorted)."""
    if not values:
        return math.nan
    position = (len(values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


class LoadRun:
    """Warm up every connection, then share out the counted requests among the threads."""

    def __init__(self, spec: LoadSpec) -> None:
        self.spec = spec
        self.lock = threading.Lock()
        self.issued = 0
        self.samples: list[Sample] = []
        self.warmup_samples: list[Sample] = []
        self.started_at: float | None = None
        self.deadline = math.inf
        self.timed_out = False
        self.barrier = threading.Barrier(spec.concurrency, action=self._start_clock)

    def _start_clock(self) -> None:
        self.started_at = time.perf_counter()
        self.deadline = self.started_at + self.spec.time_limit_s

    def _next(self) -> bool:
        with self.lock:
            if self.issued >= self.spec.requests:
                return False
            if time.perf_counter() > self.deadline:
                self.timed_out = True
                return False
            self.issued += 1
            return True

    def _worker(self) -> None:
        connection = Connection(self.spec)
        try:
            warmup = [connection.send() for _ in range(self.spec.warmup)]
            with self.lock:
                self.warmup_samples.extend(warmup)
            self.barrier.wait(timeout=self.spec.time_limit_s)
            mine: list[Sample] = []
            while self._next():
                mine.append(connection.send())
            with self.lock:
                self.samples.extend(mine)
        except threading.BrokenBarrierError:
            with self.lock:
                self.timed_out = True
        finally:
            connection.close()

    def run(self) -> dict[str, Any]:
        threads = [
            threading.Thread(target=self._worker, name=f"load-{i}", daemon=True)
            for i in range(self.spec.concurrency)
        ]
        for thread in threads:
            thread.start()
        # Warm-up plus measurement plus one request timeout, then give up on stragglers.
        give_up_at = time.monotonic() + 2 * self.spec.time_limit_s + self.spec.timeout_s + 5
        for thread in threads:
            thread.join(timeout=max(0.0, give_up_at - time.monotonic()))
        if any(thread.is_alive() for thread in threads):
            with self.lock:
                self.timed_out = True
        with self.lock:
            return self._summary(list(self.samples), list(self.warmup_samples))

    def _summary(self, samples: list[Sample], warmup: list[Sample]) -> dict[str, Any]:
        latencies = sorted(s.latency_ms for s in samples)
        failed = [s for s in samples if s.error is not None]
        warmup_failed = [s for s in warmup if s.error is not None]
        sql = [s.sql_statements for s in samples if s.sql_statements is not None]
        wall_s = 0.0
        if samples and self.started_at is not None:
            wall_s = max(s.finished_at for s in samples) - self.started_at
        statuses = Counter(str(s.status) for s in samples)
        return {
            "planned": self.spec.requests,
            "completed": len(samples),
            "errors": len(failed),
            "warmup_requests": len(warmup),
            "warmup_errors": len(warmup_failed),
            "timed_out": self.timed_out,
            "statuses": dict(sorted(statuses.items())),
            "error_samples": [s.error for s in (warmup_failed + failed)[:MAX_ERROR_SAMPLES]],
            "wall_s": round(wall_s, 4),
            "throughput_rps": round(len(samples) / wall_s, 2) if wall_s > 0 else None,
            "latency_ms": {
                "p50": _round(percentile(latencies, 0.50)),
                "p95": _round(percentile(latencies, 0.95)),
                "p99": _round(percentile(latencies, 0.99)),
                "mean": _round(sum(latencies) / len(latencies)) if latencies else None,
                "min": _round(latencies[0]) if latencies else None,
                "max": _round(latencies[-1]) if latencies else None,
            },
            "sql_statements": {
                "mean": round(sum(sql) / len(sql), 3) if sql else None,
                "min": min(sql) if sql else None,
                "max": max(sql) if sql else None,
                "missing": len(samples) - len(sql),
            },
        }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 3)


def main() -> int:
    spec = LoadSpec.from_json(json.load(sys.stdin))
    json.dump(LoadRun(spec).run(), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
