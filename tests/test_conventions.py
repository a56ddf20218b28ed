"""The API conventions, exercised through users and clients: errors, pages, ETags,
idempotency, request ids, CORS, unknown fields and the audit log."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tracemalloc
import uuid

import pytest
from flask import request
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import AuditLogEntry, User
from tests.problems import assert_problem

USERS = "/api/v1/users"


@pytest.fixture
def admin_headers(factory):
    return factory.auth(factory.admin(email="root@example.dk"))


# --- problem+json from every error source --------------------------------------------------


def test_unknown_route_is_a_problem(client):
    body = assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert body["type"].endswith("not-found")


def test_wrong_method_is_a_problem_with_allow_header(client):
    response = client.put("/api/v1/health")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_validation_error_lists_each_field(client, admin_headers):
    response = client.post(USERS, json={"email": "nope", "name": ""}, headers=admin_headers)
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"email", "name"}
    assert all(isinstance(v, list) for v in body["errors"].values())


def test_unknown_body_fields_are_rejected_not_dropped(client, admin_headers):
    response = client.post(
        USERS,
        json={"email": "new@example.dk", "name": "New", "id": str(uuid.uuid4()), "role": "x"},
        headers=admin_headers,
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"id", "role"}
    assert db.session.scalar(select(User).where(User.email == "new@example.dk")) is None


def test_malformed_json_is_a_problem(client, admin_headers):
    response = client.post(
        USERS, data="{not json", headers={**admin_headers, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_too_large_body_is_413_problem(app, client, admin_headers):
    app.config["JSON_MAX_BYTES"] = 1000  # the suite's fixtures restore the configuration
    response = client.post(
        USERS, json={"email": "a@example.dk", "name": "x" * 5000}, headers=admin_headers
    )
    assert_problem(response, 413)


def test_unhandled_error_is_a_bare_500_problem(app):
    from api import create_app

    broken = create_app({**app.config, "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    def explode():
        raise RuntimeError("secret internals: password=hunter2")

    broken.add_url_rule("/api/v1/explode", "explode", explode)
    response = broken.test_client().get("/api/v1/explode")
    body = assert_problem(response, 500)
    text = response.get_data(as_text=True)
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert body["request_id"]


# --- request ids ---------------------------------------------------------------------------


def test_request_id_is_echoed(client):
    response = client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"


def test_request_id_is_generated_when_absent_or_unsafe(client):
    generated = client.get("/api/v1/health").headers["X-Request-ID"]
    assert uuid.UUID(generated)
    unsafe = client.get("/api/v1/health", headers={"X-Request-ID": "x\ty<script>"})
    assert unsafe.headers["X-Request-ID"] != "x\ty<script>"


def test_request_id_appears_in_the_log_line(client):
    import io
    import logging

    from api.core.observability import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("api.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get("/api/v1/health", headers={"X-Request-ID": "trace-me-42"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["request_id"] == "trace-me-42"
    assert line["status"] == 200 and line["path"] == "/api/v1/health"
    assert line["method"] == "GET" and "duration_ms" in line


# --- cursor pagination ---------------------------------------------------------------------


def _walk(client, headers, limit):
    seen, cursor, pages = [], None, 0
    while True:
        url = f"{USERS}?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        body = response.get_json()
        seen += [u["email"] for u in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        # One rule ends every list: has_more, with a Link header exactly while it is true.
        assert body["has_more"] is (cursor is not None)
        if cursor is None:
            assert "Link" not in response.headers
            return seen, pages
        assert response.headers["Link"].endswith('>; rel="next"')
        assert f"cursor={cursor}" in response.headers["Link"]


def test_cursor_pages_walk_every_row_once(client, factory, admin_headers):
    for _ in range(11):
        factory.user()
    seen, pages = _walk(client, admin_headers, limit=4)
    assert len(seen) == len(set(seen)) == 12
    assert pages == 3


def test_rows_inserted_during_a_walk_are_neither_skipped_nor_repeated(
    client, factory, admin_headers
):
    for _ in range(5):
        factory.user()
    first = client.get(f"{USERS}?limit=3", headers=admin_headers).get_json()
    late = factory.user(email="late@example.dk")
    rest, _ = [], None
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(f"{USERS}?limit=3&cursor={cursor}", headers=admin_headers).get_json()
        rest += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
    all_seen = [u["email"] for u in first["items"]] + rest
    assert len(all_seen) == len(set(all_seen)) == 7
    assert late.email in rest


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc"])
def test_limit_outside_1_to_200_is_422(client, admin_headers, limit):
    body = assert_problem(client.get(f"{USERS}?limit={limit}", headers=admin_headers), 422)
    assert "limit" in body["errors"]


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4IiwgInkiXQ", "%00"])
def test_tampered_cursor_is_422(client, admin_headers, cursor):
    body = assert_problem(client.get(f"{USERS}?cursor={cursor}", headers=admin_headers), 422)
    assert "cursor" in body["errors"]


def test_list_costs_constant_statements_per_page(client, factory, admin_headers, count_statements):
    organisation = factory.organisation()
    for _ in range(3):
        factory.user(organisations=[organisation])
    with count_statements() as few:
        client.get(f"{USERS}?limit=50", headers=admin_headers)
    for _ in range(20):
        factory.user(organisations=[organisation])
    with count_statements() as many:
        client.get(f"{USERS}?limit=50", headers=admin_headers)
    assert many.count == few.count <= 4


# --- ETag and If-Match ---------------------------------------------------------------------


def test_user_lifecycle_with_etags(client, factory, admin_headers):
    created = client.post(
        USERS, json={"email": "eva@example.dk", "name": "Eva"}, headers=admin_headers
    )
    assert created.status_code == 201
    location = created.headers["Location"]
    assert location.endswith(created.get_json()["id"])

    read = client.get(location, headers=admin_headers)
    etag = read.headers["ETag"]
    assert etag
    not_modified = client.get(location, headers={**admin_headers, "If-None-Match": etag})
    assert not_modified.status_code == 304

    no_precondition = client.patch(location, json={"name": "Eva B"}, headers=admin_headers)
    assert_problem(no_precondition, 428)

    updated = client.patch(
        location, json={"name": "Eva B"}, headers={**admin_headers, "If-Match": etag}
    )
    assert updated.status_code == 200
    assert updated.get_json()["name"] == "Eva B"
    assert updated.headers["ETag"] != etag

    stale = client.patch(
        location, json={"name": "Eva C"}, headers={**admin_headers, "If-Match": etag}
    )
    assert_problem(stale, 412)
    assert client.get(location, headers=admin_headers).get_json()["name"] == "Eva B"

    assert_problem(client.delete(location, headers=admin_headers), 428)
    assert_problem(client.delete(location, headers={**admin_headers, "If-Match": etag}), 412)
    fresh = updated.headers["ETag"]
    assert client.delete(location, headers={**admin_headers, "If-Match": fresh}).status_code == 204
    assert_problem(client.get(location, headers=admin_headers), 404)


def test_concurrent_write_that_passed_the_etag_check_is_refused(app, factory):
    """The version column closes the gap between the ETag check and the write."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    user = factory.user(name="Before")
    with Session(db.engine) as first, Session(db.engine) as second:
        a, b = first.get(User, user.id), second.get(User, user.id)
        a.name = "First"
        first.commit()
        b.name = "Second"
        with pytest.raises(StaleDataError):
            second.commit()
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "First"


# --- idempotency ---------------------------------------------------------------------------


def test_idempotent_retry_replays_the_first_response(client, admin_headers):
    key = str(uuid.uuid4())
    body = {"email": "once@example.dk", "name": "Once"}
    headers = {**admin_headers, "Idempotency-Key": key}
    first = client.post(USERS, json=body, headers=headers)
    second = client.post(USERS, json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert second.get_json() == first.get_json()
    assert second.headers["Location"] == first.headers["Location"]
    assert (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.email == "once@example.dk")
        )
        == 1
    )


def test_same_idempotency_key_with_another_body_is_422(client, admin_headers):
    key = str(uuid.uuid4())
    headers = {**admin_headers, "Idempotency-Key": key}
    client.post(USERS, json={"email": "a@example.dk", "name": "A"}, headers=headers)
    other = client.post(USERS, json={"email": "b@example.dk", "name": "B"}, headers=headers)
    assert "Idempotency-Key" in assert_problem(other, 422)["errors"]
    assert db.session.scalar(select(User).where(User.email == "b@example.dk")) is None


def test_idempotency_keys_belong_to_their_caller(client, factory):
    key = str(uuid.uuid4())
    body = {"email": "shared@example.dk", "name": "Shared"}
    first_admin = {**factory.auth(factory.admin()), "Idempotency-Key": key}
    other_admin = {**factory.auth(factory.admin()), "Idempotency-Key": key}
    assert client.post(USERS, json=body, headers=first_admin).status_code == 201
    # Another caller's key space: not a replay of someone else's answer.
    second = client.post(USERS, json=body, headers=other_admin)
    assert "Idempotent-Replayed" not in second.headers
    assert_problem(second, 409)


def test_failed_request_releases_its_idempotency_key(client, admin_headers):
    key = str(uuid.uuid4())
    headers = {**admin_headers, "Idempotency-Key": key}
    bad = client.post(USERS, json={"email": "x@example.dk"}, headers=headers)
    assert_problem(bad, 422)
    fixed = client.post(USERS, json={"email": "x@example.dk", "name": "X"}, headers=headers)
    assert fixed.status_code == 201


def test_idempotency_key_must_be_a_uuid(client, admin_headers):
    response = client.post(
        USERS,
        json={"email": "x@example.dk", "name": "X"},
        headers={**admin_headers, "Idempotency-Key": "not-a-uuid"},
    )
    assert "Idempotency-Key" in assert_problem(response, 422)["errors"]


def test_expired_idempotency_key_is_not_replayed(app, client, admin_headers):
    from datetime import timedelta

    from api.models import IdempotencyKey
    from api.models.base import utcnow

    key = str(uuid.uuid4())
    headers = {**admin_headers, "Idempotency-Key": key}
    client.post(USERS, json={"email": "x@example.dk", "name": "X"}, headers=headers)
    row = db.session.scalar(select(IdempotencyKey))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    again = client.post(USERS, json={"email": "x@example.dk", "name": "X"}, headers=headers)
    assert "Idempotent-Replayed" not in again.headers
    assert_problem(again, 409)  # the user exists: the request really ran again


def _multipart(content: bytes, filename: str, **fields: str) -> dict:
    """A multipart/form-data request (a test request context's arguments) with one file."""
    boundary = "form-boundary-7MA4YWxkTrZu0gW"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return {
        "method": "POST",
        "path": "/api/v1/clusters/x/files",
        "input_stream": io.BytesIO(body),
        "content_type": f"multipart/form-data; boundary={boundary}",
        "content_length": len(body),
    }


def test_an_upload_is_hashed_for_its_idempotency_key_without_reading_it_whole(app):
    """The hash of a multipart body covers its fields and files, read in chunks: an 8 MB
    upload never sits in memory, and the view still reads the file from its start."""
    from api.core.idempotency import _request_hash

    content = os.urandom(8 * 1024 * 1024)
    with app.test_request_context(**_multipart(content, "stor.bin", folder_id="a")):
        tracemalloc.start()
        try:
            digest = _request_hash()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        part = request.files["file"]
        assert part.stream.tell() == 0, "left at its start for the view"
        assert hashlib.sha256(part.stream.read()).digest() == hashlib.sha256(content).digest()
    assert peak < 2 * 1024 * 1024, f"{peak} bytes held while hashing an 8 MB upload"

    def hashed(*args, **fields) -> str:
        with app.test_request_context(**_multipart(*args, **fields)):
            return _request_hash()

    assert hashed(content, "stor.bin", folder_id="a") == digest
    assert hashed(content[:-1] + b"!", "stor.bin", folder_id="a") != digest
    assert hashed(content, "andet.bin", folder_id="a") != digest
    assert hashed(content, "stor.bin", folder_id="b") != digest


# --- CORS ----------------------------------------------------------------------------------


def test_cors_allows_the_web_app_origin_with_credentials(client):
    response = client.options(
        "/api/v1/auth/refresh",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, if-match, idempotency-key",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "if-match" in allowed and "idempotency-key" in allowed


def test_cors_exposes_convention_headers(client):
    response = client.get("/api/v1/health", headers={"Origin": "http://localhost:5173"})
    exposed = response.headers["Access-Control-Expose-Headers"].lower()
    for header in ("etag", "link", "location", "x-request-id", "retry-after"):
        assert header in exposed


def test_cors_refuses_other_origins(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


# --- audit log -----------------------------------------------------------------------------


def test_every_write_is_audited_with_actor_and_changed_fields(client, factory):
    admin = factory.admin()
    headers = {**factory.auth(admin), "X-Request-ID": "audit-req-1"}
    created = client.post(
        USERS,
        json={"email": "aud@example.dk", "name": "Aud", "password": "long-enough-password"},
        headers=headers,
    ).get_json()
    location = f"{USERS}/{created['id']}"
    etag = client.get(location, headers=headers).headers["ETag"]
    updated = client.patch(location, json={"name": "Aud 2"}, headers={**headers, "If-Match": etag})
    client.delete(location, headers={**headers, "If-Match": updated.headers["ETag"]})

    entries = db.session.scalars(
        select(AuditLogEntry)
        .where(AuditLogEntry.entity_type == "users", AuditLogEntry.entity_id == created["id"])
        .order_by(AuditLogEntry.occurred_at)
    ).all()
    assert [e.action for e in entries] == ["create", "update", "delete"]
    create, update, delete = entries
    assert all(e.actor_user_id == admin.id for e in entries)
    assert create.request_id == "audit-req-1"
    assert create.changes["email"] == [None, "aud@example.dk"]
    assert create.changes["password_hash"] == [None, "[redacted]"]
    assert update.changes == {"name": ["Aud", "Aud 2"]}
    assert delete.changes["email"] == ["aud@example.dk", None]

    listed = client.get(
        f"/api/v1/audit-log?entity_type=users&entity_id={created['id']}", headers=headers
    ).get_json()["items"]
    assert [e["action"] for e in listed] == ["create", "update", "delete"]


def test_audit_log_records_the_client_of_a_machine_write(app, factory):
    """Writes by a machine client name the client, not a person."""
    from flask import g

    from api.core.security import Principal

    machine = factory.client()
    session = db.session
    with app.test_request_context():
        from api.models import AuthSession

        g.principal = Principal(session=AuthSession(), client=machine, scopes=frozenset())
        g.request_id = "machine-1"
        user = User(email="bulk@example.dk", name="Bulk")
        session.add(user)
        session.commit()
    entry = session.scalar(select(AuditLogEntry).where(AuditLogEntry.entity_id == str(user.id)))
    assert entry.actor_client_id == machine.id and entry.actor_user_id is None
    assert entry.request_id == "machine-1"


def test_authenticated_answers_are_not_cached(client, admin_headers):
    response = client.get(USERS, headers=admin_headers)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Authorization" in response.headers["Vary"]
    assert "Cache-Control" not in client.get("/api/v1/health").headers


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/audit-log?entity_type=a%00b",
        "/api/v1/users?email=x%00@example.dk",
        "/api/v1/users?cursor=%00",
    ],
)
def test_nul_characters_in_query_are_422_on_every_database(client, admin_headers, url):
    assert_problem(client.get(url, headers=admin_headers), 422)


@pytest.mark.parametrize("name", ["Eva\u0000", "Eva\ud800"])
def test_unstorable_text_in_body_is_422_and_nothing_is_written(client, admin_headers, name):
    response = client.post(
        USERS,
        data=json.dumps({"email": "eva@example.dk", "name": name}),
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert "name" in assert_problem(response, 422)["errors"]
    assert db.session.scalar(select(User).where(User.email == "eva@example.dk")) is None


def _cursor(values) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "values",
    [
        ["2026-01-01T00:00:00", str(uuid.uuid4())],  # no time zone
        ["2026-01-01T00:00:00+00:00", 5],
        ["2026-01-01T00:00:00+00:00", ["a"]],
        [5, str(uuid.uuid4())],
        [None, None, None],
        [None, None],
        ["2026-01-01T00:00:00+00:00", None],
        [None, str(uuid.uuid4())],
    ],
)
def test_crafted_cursor_values_are_422(client, admin_headers, values):
    response = client.get(f"{USERS}?cursor={_cursor(values)}", headers=admin_headers)
    assert "cursor" in assert_problem(response, 422)["errors"]


def test_if_match_star_is_refused(client, factory, admin_headers):
    user = factory.user(name="Kept")
    url = f"{USERS}/{user.id}"
    star = {**admin_headers, "If-Match": "*"}
    assert_problem(client.patch(url, json={"name": "Lost"}, headers=star), 412)
    assert_problem(client.delete(url, headers=star), 412)
    assert client.get(url, headers=admin_headers).get_json()["name"] == "Kept"


def test_audit_log_records_removed_memberships_and_foreign_keys(client, factory, admin_headers):
    first, second = factory.organisation(), factory.organisation()
    user = factory.user(organisations=[first])
    etag = client.get(f"{USERS}/{user.id}", headers=admin_headers).headers["ETag"]
    client.patch(
        f"{USERS}/{user.id}",
        json={"organisation_ids": [str(second.id)]},
        headers={**admin_headers, "If-Match": etag},
    )
    entries = db.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.entity_type == "organisation_memberships")
    ).all()
    mine = [e for e in entries if e.changes.get("user_id") and str(user.id) in e.changes["user_id"]]
    changes = {(e.action, tuple(e.changes["organisation_id"])) for e in mine}
    assert changes == {
        ("create", (None, str(first.id))),
        ("delete", (str(first.id), None)),
        ("create", (None, str(second.id))),
    }


def test_logins_and_revocations_are_audited(client, factory):
    from tests.factories import PASSWORD

    user = factory.user(email="audited@example.dk")
    login = client.post(
        "/api/v1/auth/login", json={"email": "audited@example.dk", "password": PASSWORD}
    )
    token = login.get_json()["access_token"]
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    entries = db.session.scalars(
        select(AuditLogEntry)
        .where(AuditLogEntry.entity_type == "auth_sessions")
        .order_by(AuditLogEntry.occurred_at)
    ).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes["user_id"] == [None, str(user.id)]
    assert entries[1].changes["revoked_reason"] == [None, "logout"]
    assert entries[1].actor_user_id == user.id
