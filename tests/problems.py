"""Assertions shared by the API tests: every refusal is an RFC 9457 problem document."""

from __future__ import annotations


def assert_problem(response, status: int) -> dict:
    """The response is a `status` problem+json with the fields every error carries."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "detail", "request_id"} <= set(body)
    assert body["request_id"] == response.headers["X-Request-ID"]
    if "errors" in body:
        assert "codes" in body, "every problem with messages has their codes"
    return body


def batch_summary(**counts: int) -> dict[str, int]:
    """A batch report's summary: every status, zero unless given."""
    from api.core.batch import STATUSES

    return {status: counts.get(status, 0) for status in STATUSES}
