"""The gunicorn worker of the API: gunicorn's own refusals (a request line or a header beyond its
limits, a malformed request) answered as problem+json like every other error, not as gunicorn's
HTML page. Named in gunicorn.conf.py."""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from api.core.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX, PROBLEM_TYPES


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, with an RFC 9457 body (no request id: the request was
    never read far enough to have one)."""
    body = json.dumps(
        {
            "type": PROBLEM_TYPE_PREFIX + PROBLEM_TYPES.get(status_int, "bad-request"),
            "title": reason,
            "status": status_int,
            "detail": mesg,
            "request_id": None,
        }
    )
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_CONTENT_TYPE}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + body).encode("latin1"))


class ProblemThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, whose own error answers are problems."""

    def init_process(self) -> None:
        # gunicorn writes its refusals through this one function; this process serves only the
        # API, so it answers them the API's way.
        util.write_error = write_problem
        super().init_process()
