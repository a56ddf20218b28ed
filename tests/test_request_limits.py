"""Bodies a stranger could use to exhaust a worker are refused as problems before they are
parsed or walked: too large (413, per operation), nested too deep or with a number too long
(400), on the public login as on any other operation."""

from __future__ import annotations

import json

import pytest

from tests.problems import assert_problem

LOGIN = "/api/v1/auth/login"


def _post(client, url: str, raw: str | bytes, headers: dict[str, str] | None = None):
    return client.post(url, data=raw, content_type="application/json", headers=headers or {})


@pytest.mark.parametrize("depth", [40, 500, 8000])
def test_json_nested_too_deep_is_a_bad_request(client, depth):
    deep = "[" * depth + "]" * depth
    response = _post(client, LOGIN, '{"email": "a@example.dk", "password": ' + deep + "}")
    body = assert_problem(response, 400)
    assert "nested deeper than 32 levels" in body["detail"]


def test_json_with_a_number_of_thousands_of_digits_is_a_bad_request(client):
    response = _post(client, LOGIN, '{"email": "a@example.dk", "password": ' + "7" * 5000 + "}")
    body = assert_problem(response, 400)
    assert "4300 digits" in body["detail"]


def test_deep_json_is_refused_on_an_authenticated_operation_too(client, factory):
    admin = factory.admin()
    deep = "[" * 500 + "]" * 500
    response = _post(client, "/api/v1/users", '{"name": ' + deep + "}", factory.auth(admin))
    assert_problem(response, 400)


def test_login_reads_a_few_kilobytes_at_most(client, factory):
    user = factory.user()
    padding = "x" * (32 * 1024)
    response = _post(
        client, LOGIN, json.dumps({"email": user.email, "password": "p", "pad": padding})
    )
    assert_problem(response, 413)
    # Nothing was counted against the account either: the body was never read.
    ok = _post(client, LOGIN, json.dumps({"email": user.email, "password": "wrong"}))
    assert_problem(ok, 401)


def test_other_json_bodies_stop_at_the_configured_limit(app, client, factory):
    admin = factory.admin()
    app.config["JSON_MAX_BYTES"] = 64 * 1024
    big = json.dumps({"name": "x" * (128 * 1024)})
    assert_problem(_post(client, "/api/v1/users", big, factory.auth(admin)), 413)


def test_bulk_takes_larger_bodies_than_other_operations(app, client, factory):
    admin = factory.admin()
    app.config["JSON_MAX_BYTES"] = 64 * 1024
    # Twice the general limit: read and judged (422 for its content), not refused unread.
    items = [{"provider_number": "x"} for _ in range(12_000)]
    response = _post(
        client, "/api/v1/bulk/clinics", json.dumps({"items": items}), factory.auth(admin)
    )
    assert response.status_code == 422, response.get_json()
    huge = b'{"items": [' + b" " * (9 * 1024 * 1024) + b"]}"
    assert_problem(_post(client, "/api/v1/bulk/clinics", huge, factory.auth(admin)), 413)


def test_an_overlong_condition_header_is_a_bad_request(client, factory):
    admin = factory.admin()
    user = factory.user()
    url = f"/api/v1/users/{user.id}"
    for name in ("If-Match", "If-None-Match"):
        response = client.get(url, headers={**factory.auth(admin), name: '"' + "x" * 300 + '"'})
        assert f"{name} header is longer than 200" in assert_problem(response, 400)["detail"]
    assert (
        client.get(url, headers={**factory.auth(admin), "If-None-Match": '"x"'}).status_code == 200
    )


def test_a_required_body_is_required(client, factory):
    """An empty PATCH is not "change nothing": the contract requires a body, and so does the
    server, whatever else the request holds."""
    admin = factory.admin()
    user = factory.user()
    url = f"/api/v1/users/{user.id}"
    etag = client.get(url, headers=factory.auth(admin)).headers["ETag"]
    response = client.patch(url, headers={**factory.auth(admin), "If-Match": etag})
    assert "needs a request body" in assert_problem(response, 400)["detail"]
    allowed = client.patch(url, json={}, headers={**factory.auth(admin), "If-Match": etag})
    assert allowed.status_code == 200
