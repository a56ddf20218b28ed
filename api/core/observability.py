"""Request ids, structured request logs and per-request SQL statement counts."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

REQUEST_ID_HEADER = "X-Request-ID"
SQL_COUNT_HEADER = "X-SQL-Statements"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

access_log = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the request id is on every line logged during a request."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            line["request_id"] = g.get("request_id")
        for key in ("method", "path", "status", "duration_ms", "sql_statements", "principal"):
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    root = logging.getLogger("api")
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = False


def _start_request() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else str(uuid.uuid4())
    g.started_at = time.perf_counter()
    g.sql_statements = 0
    # g may outlive a request when an app context was already pushed (tests, CLI): the
    # caller must be established afresh for every request.
    g.principal = None


def _finish_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    if "Authorization" in request.headers or "Set-Cookie" in response.headers:
        # Personal data and tokens stay out of shared and browser caches (clinics share
        # computers). ETags still serve If-Match and explicit If-None-Match.
        response.headers.setdefault("Cache-Control", "no-store")
        response.vary.add("Authorization")
    statements = g.get("sql_statements", 0)
    from flask import current_app

    if current_app.config["SQL_COUNT_HEADER"]:
        response.headers[SQL_COUNT_HEADER] = str(statements)
    principal = g.get("principal")
    who = None
    if principal is not None:
        who = (
            f"client:{principal.client.client_id}"
            if principal.client
            else f"user:{principal.user.id}"
        )
    path = _logged_path()
    access_log.info(
        "%s %s %s",
        request.method,
        path,
        response.status_code,
        extra={
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": round(
                (time.perf_counter() - g.get("started_at", time.perf_counter())) * 1000, 2
            ),
            "sql_statements": statements,
            "principal": who,
        },
    )
    return response


def _logged_path() -> str:
    """The path for the log. A path variable named `token` is a secret (a calendar feed's
    URL is its own credential), so such a path is logged as its rule, without the value."""
    rule = request.url_rule
    if rule is not None and "<token>" in rule.rule:
        return rule.rule
    return request.path


def _count_statement(*args: Any, **kwargs: Any) -> None:
    if has_request_context():
        g.sql_statements = g.get("sql_statements", 0) + 1


def register_observability(app: Flask) -> None:
    configure_logging(app)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    if not event.contains(Engine, "before_cursor_execute", _count_statement):
        event.listen(Engine, "before_cursor_execute", _count_statement)
