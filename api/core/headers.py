"""Security headers on every response: nosniff everywhere, HSTS over HTTPS, and a strict
content security policy with frame protection on the interactive docs (the one HTML page the
API serves). File downloads add their own sandbox policy (see `api.core.downloads`)."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, request

HSTS = "max-age=31536000; includeSubDomains"
DOCS_PREFIX = "/api/docs"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: str) -> str:
    """The docs page's policy: its own assets, and of inline script only the page's own
    (by hash). Swagger UI sets styles from script and shows data: images."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        "default-src 'none'; "
        f"script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "connect-src 'self'; "
        "font-src 'self'; "
        "base-uri 'none'; "
        "form-action 'none'; "
        "frame-ancestors 'none'"
    ).replace("  ", " ")


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.path.startswith(DOCS_PREFIX):
            response.headers["X-Frame-Options"] = "DENY"
            if response.mimetype == "text/html" and not response.is_streamed:
                response.headers["Content-Security-Policy"] = docs_policy(
                    response.get_data(as_text=True)
                )
            else:
                response.headers.setdefault(
                    "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"
                )
        return response
