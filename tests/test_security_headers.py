"""Security headers: nosniff on every answer, HSTS when served over HTTPS, and a strict policy
with frame protection on the interactive docs."""

from __future__ import annotations

import base64
import hashlib
import re

from api.core.headers import HSTS


def test_every_answer_says_nosniff(client):
    for url in ("/api/v1/health", "/api/v1/users", "/api/v1/no-such-thing", "/api/docs"):
        assert client.get(url).headers["X-Content-Type-Options"] == "nosniff", url


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/api/v1/health").headers
    secure = client.get("/api/v1/health", base_url="https://platform.example.dk")
    assert secure.headers["Strict-Transport-Security"] == HSTS


def test_docs_allow_only_their_own_script_and_no_framing(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    [inline] = re.findall(r"<script>(.*?)</script>", response.get_data(as_text=True), re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in policy["script-src"]
    asset = client.get("/api/docs-assets/swagger-ui-bundle.js")
    assert asset.headers["X-Frame-Options"] == "DENY"
