"""Machine clients: registration, secrets shown once, rotation, scopes and removal."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import Client
from tests.problems import assert_problem

CLIENTS = "/api/v1/clients"
TOKEN = "/api/v1/auth/token"


@pytest.fixture
def admin_headers(factory):
    return factory.auth(factory.admin())


ENDPOINTS = [
    ("get", CLIENTS),
    ("post", CLIENTS),
    ("get", CLIENTS + "/{id}"),
    ("patch", CLIENTS + "/{id}"),
    ("delete", CLIENTS + "/{id}"),
    ("post", CLIENTS + "/{id}/secret"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_no_token_is_401(client, factory, method, path):
    machine = factory.client()
    assert_problem(client.open(path.format(id=machine.id), method=method.upper(), json={}), 401)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("caller", ["member", "client"])
def test_non_admins_are_403(client, factory, method, path, caller):
    machine = factory.client()
    principal = factory.user() if caller == "member" else factory.client(scopes=["clusters:write"])
    headers = {**factory.auth(principal), "If-Match": '"x"'}
    response = client.open(
        path.format(id=machine.id), method=method.upper(), json={}, headers=headers
    )
    assert_problem(response, 403)


@pytest.mark.parametrize(("method", "path"), [e for e in ENDPOINTS if "{id}" in e[1]])
def test_unknown_client_is_404(client, admin_headers, method, path):
    headers = {**admin_headers, "If-Match": '"x"'}
    response = client.open(
        path.format(id=uuid.uuid4()), method=method.upper(), json={}, headers=headers
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"client_id": "Bad Id!", "name": "x"}, "client_id"),
        ({"client_id": "ok-id", "name": "x", "organisation_id": "x"}, "organisation_id"),
        ({"client_id": "ok-id", "name": "x", "scopes": ["everything"]}, "scopes"),
        ({"client_id": "ok-id", "name": "x", "secret_hash": "x"}, "secret_hash"),
    ],
)
def test_create_rejects_bad_input(client, factory, admin_headers, body, field):
    body = {"organisation_id": str(factory.organisation().id), **body}
    response = assert_problem(client.post(CLIENTS, json=body, headers=admin_headers), 422)
    assert field in response["errors"]
    assert db.session.scalar(select(Client)) is None


def test_secret_is_shown_once_and_stored_hashed(client, factory, admin_headers):
    unit = factory.organisation()
    created = client.post(
        CLIENTS,
        json={
            "client_id": "midtkraft-sync",
            "name": "Sync",
            "organisation_id": str(unit.id),
            "scopes": ["clusters:read", "clusters:write"],
        },
        headers=admin_headers,
    )
    assert created.status_code == 201
    secret = created.get_json()["client_secret"]
    stored = db.session.scalar(select(Client))
    assert secret not in stored.secret_hash and stored.secret_hash.startswith("$argon2id$")
    read = client.get(created.headers["Location"], headers=admin_headers).get_json()
    assert "client_secret" not in read
    token = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "midtkraft-sync",
            "client_secret": secret,
        },
    )
    assert token.get_json()["scope"] == "clusters:read clusters:write"


def test_duplicate_client_id_is_409(client, factory, admin_headers):
    existing = factory.client(client_id="taken")
    body = {"client_id": "taken", "name": "x", "organisation_id": str(existing.organisation_id)}
    assert_problem(client.post(CLIENTS, json=body, headers=admin_headers), 409)


def test_rotating_the_secret_ends_old_tokens(client, factory, admin_headers):
    machine = factory.client()
    old_token = factory.token(machine)
    rotated = client.post(f"{CLIENTS}/{machine.id}/secret", headers=admin_headers)
    assert rotated.status_code == 200
    new_secret = rotated.get_json()["client_secret"]
    assert_problem(
        client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {old_token}"}), 401
    )
    form = {"grant_type": "client_credentials", "client_id": machine.client_id}
    assert_problem(
        client.post(TOKEN, data={**form, "client_secret": "client-secret-for-tests"}), 401
    )
    assert client.post(TOKEN, data={**form, "client_secret": new_secret}).status_code == 200


def test_removed_scope_stops_working_at_once(client, factory, admin_headers):
    machine = factory.client(scopes=["clusters:read", "economy:read"])
    token = {"Authorization": f"Bearer {factory.token(machine)}"}
    assert client.get("/api/v1/clusters", headers=token).status_code == 200
    etag = client.get(f"{CLIENTS}/{machine.id}", headers=admin_headers).headers["ETag"]
    client.patch(
        f"{CLIENTS}/{machine.id}",
        json={"scopes": ["economy:read"]},
        headers={**admin_headers, "If-Match": etag},
    )
    assert_problem(client.get("/api/v1/clusters", headers=token), 403)


def test_client_lifecycle_with_etags(client, factory, admin_headers):
    machine = factory.client(name="Before")
    url = f"{CLIENTS}/{machine.id}"
    etag = client.get(url, headers=admin_headers).headers["ETag"]
    assert_problem(client.patch(url, json={"name": "After"}, headers=admin_headers), 428)
    updated = client.patch(url, json={"name": "After"}, headers={**admin_headers, "If-Match": etag})
    assert updated.get_json()["name"] == "After"
    assert_problem(client.delete(url, headers={**admin_headers, "If-Match": etag}), 412)
    assert (
        client.delete(
            url, headers={**admin_headers, "If-Match": updated.headers["ETag"]}
        ).status_code
        == 204
    )
    assert_problem(client.get(url, headers=admin_headers), 404)


def test_secrets_are_never_kept_for_idempotent_replay(client, factory, admin_headers):
    from api.models import IdempotencyKey

    unit = factory.organisation()
    headers = {**admin_headers, "Idempotency-Key": str(uuid.uuid4())}
    body = {"client_id": "no-replay", "name": "N", "organisation_id": str(unit.id)}
    created = client.post(CLIENTS, json=body, headers=headers)
    secret = created.get_json()["client_secret"]
    rotated = client.post(f"{CLIENTS}/{created.get_json()['id']}/secret", headers=headers)
    new_secret = rotated.get_json()["client_secret"]
    stored = " ".join(row.response_body or "" for row in db.session.scalars(select(IdempotencyKey)))
    assert secret not in stored and new_secret not in stored
    assert_problem(client.post(CLIENTS, json=body, headers=headers), 409)
