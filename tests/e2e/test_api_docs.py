"""The interactive API docs in a real browser: Swagger UI renders the contract under the docs'
strict content security policy (its own scripts only, the inline one by hash), with no
violation reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_docs_render_under_their_content_security_policy(page: Page, api_url: str):
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    response = page.goto(f"{api_url}/api/docs")
    assert response is not None and response.status == 200
    assert "sha256-" in response.headers["content-security-policy"]
    expect(page.get_by_text("Log in with e-mail and password").first).to_be_visible()
    expect(page.get_by_text("Cluster platform API").first).to_be_visible()
    violations = [text for text in reports if "Content Security Policy" in text]
    assert violations == []
