"""User accounts: the platform admin's CRUD, with the security cases of every endpoint."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import OrganisationMembership, User
from tests.problems import assert_problem

USERS = "/api/v1/users"


@pytest.fixture
def admin_headers(factory):
    return factory.auth(factory.admin())


@pytest.fixture
def member_headers(factory):
    return factory.auth(factory.user())


ENDPOINTS = [
    ("get", USERS),
    ("post", USERS),
    ("get", USERS + "/{id}"),
    ("patch", USERS + "/{id}"),
    ("delete", USERS + "/{id}"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_no_token_is_401(client, factory, method, path):
    target = factory.user()
    response = client.open(path.format(id=target.id), method=method.upper(), json={})
    assert_problem(response, 401)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_member_is_403(client, factory, member_headers, method, path):
    target = factory.user()
    headers = {**member_headers, "If-Match": '"x"'}
    response = client.open(
        path.format(id=target.id), method=method.upper(), json={}, headers=headers
    )
    assert_problem(response, 403)


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_unknown_user_is_404(client, admin_headers, method):
    headers = {**admin_headers, "If-Match": '"x"'}
    response = client.open(
        f"{USERS}/{uuid.uuid4()}", method=method.upper(), json={}, headers=headers
    )
    assert_problem(response, 404)


def test_non_uuid_id_is_404(client, admin_headers):
    assert_problem(client.get(f"{USERS}/42", headers=admin_headers), 404)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email", "name"}),
        ({"email": "x@example.dk", "name": "X", "password": "short"}, {"password"}),
        ({"email": "x@example.dk", "name": "X", "is_platform_admin": "yes"}, {"is_platform_admin"}),
        (
            {"email": "x@example.dk", "name": "X", "organisation_ids": ["nope"]},
            {"organisation_ids"},
        ),
        (
            {"email": "x@example.dk", "name": "X", "organisation_ids": [str(uuid.uuid4())]},
            {"organisation_ids"},
        ),
        ({"email": "x@example.dk", "name": "X", "cpr": "010101-1234"}, {"cpr"}),
    ],
)
def test_create_rejects_bad_input_and_writes_nothing(client, admin_headers, body, fields):
    before = db.session.scalars(select(User.id)).all()
    response = assert_problem(client.post(USERS, json=body, headers=admin_headers), 422)
    assert set(response["errors"]) == fields
    assert db.session.scalars(select(User.id)).all() == before


def test_create_user_with_organisations(client, factory, admin_headers):
    unit = factory.organisation()
    response = client.post(
        USERS,
        json={
            "email": "New.Person@Example.dk",
            "name": "New Person",
            "password": "a-long-enough-password",
            "organisation_ids": [str(unit.id)],
        },
        headers=admin_headers,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "new.person@example.dk"
    assert [o["code"] for o in body["organisations"]] == [unit.code]
    assert "password" not in body and "password_hash" not in body
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "new.person@example.dk", "password": "a-long-enough-password"},
    )
    assert login.status_code == 200


def test_duplicate_email_is_409(client, factory, admin_headers):
    factory.user(email="taken@example.dk")
    response = client.post(
        USERS, json={"email": "TAKEN@example.dk", "name": "X"}, headers=admin_headers
    )
    assert "email" in assert_problem(response, 409)["errors"]


def test_update_replaces_memberships(client, factory, admin_headers):
    first, second = factory.organisation(), factory.organisation()
    user = factory.user(organisations=[first])
    etag = client.get(f"{USERS}/{user.id}", headers=admin_headers).headers["ETag"]
    response = client.patch(
        f"{USERS}/{user.id}",
        json={"organisation_ids": [str(second.id)]},
        headers={**admin_headers, "If-Match": etag},
    )
    assert response.status_code == 200
    assert [o["id"] for o in response.get_json()["organisations"]] == [str(second.id)]
    rows = db.session.scalars(
        select(OrganisationMembership).where(OrganisationMembership.user_id == user.id)
    ).all()
    assert [m.organisation_id for m in rows] == [second.id]


def test_update_rejects_bad_input_and_changes_nothing(client, factory, admin_headers):
    user = factory.user(name="Same")
    etag = client.get(f"{USERS}/{user.id}", headers=admin_headers).headers["ETag"]
    response = client.patch(
        f"{USERS}/{user.id}",
        json={"name": "Other", "email": "not-an-email"},
        headers={**admin_headers, "If-Match": etag},
    )
    assert "email" in assert_problem(response, 422)["errors"]
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Same"


def test_deactivated_user_cannot_log_in_and_loses_sessions(client, factory, admin_headers):
    user = factory.user(email="leaving@example.dk")
    token = factory.token(user)
    etag = client.get(f"{USERS}/{user.id}", headers=admin_headers).headers["ETag"]
    client.patch(
        f"{USERS}/{user.id}", json={"is_active": False}, headers={**admin_headers, "If-Match": etag}
    )
    assert_problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "leaving@example.dk", "password": "correct-horse-battery"},
    )
    assert_problem(login, 401)


def test_email_filter(client, factory, admin_headers):
    factory.user(email="find.me@example.dk")
    factory.user()
    items = client.get(f"{USERS}?email=Find.Me@example.dk", headers=admin_headers).get_json()[
        "items"
    ]
    assert [u["email"] for u in items] == ["find.me@example.dk"]


def test_unknown_query_parameter_is_422(client, admin_headers):
    body = assert_problem(client.get(f"{USERS}?emial=x", headers=admin_headers), 422)
    assert "emial" in body["errors"]


def test_me_lists_organisations(client, factory):
    unit = factory.organisation(name="MidtKraft")
    user = factory.user(organisations=[unit])
    body = client.get("/api/v1/me", headers=factory.auth(user)).get_json()
    assert body["id"] == str(user.id)
    assert [o["name"] for o in body["organisations"]] == ["MidtKraft"]


def test_last_admin_cannot_be_demoted_deactivated_or_deleted(client, factory):
    admin = factory.admin()
    headers = factory.auth(admin)
    url = f"{USERS}/{admin.id}"
    for change in ({"is_platform_admin": False}, {"is_active": False}):
        etag = client.get(url, headers=headers).headers["ETag"]
        assert_problem(client.patch(url, json=change, headers={**headers, "If-Match": etag}), 409)
    etag = client.get(url, headers=headers).headers["ETag"]
    assert_problem(client.delete(url, headers={**headers, "If-Match": etag}), 409)
    # With a second admin, the first may step down.
    factory.admin()
    demoted = client.patch(
        url, json={"is_platform_admin": False}, headers={**headers, "If-Match": etag}
    )
    assert demoted.status_code == 200


# --- the password rule (NIST SP 800-63B) ----------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "password1234",  # breached, and a sequence
        "aaaaaaaaaaaa",  # a repetition
        "qwertyuiop123",  # a keyboard walk
        " " * 12,  # only spaces
        "\u3000" * 12,  # only (ideographic) spaces
        "short-one",  # under 12 characters
        "karenkoordinator",  # the account's own name
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_kept(client, admin_headers, password):
    body = {"email": "karen.koordinator@example.dk", "name": "Karen Koordinator"}
    response = client.post(USERS, json={**body, "password": password}, headers=admin_headers)
    assert "password" in assert_problem(response, 422)["errors"]
    assert db.session.scalar(select(User).where(User.email == body["email"])) is None


def test_a_weak_new_password_is_refused_on_update(client, factory, admin_headers):
    user = factory.user()
    etag = client.get(f"{USERS}/{user.id}", headers=admin_headers).headers["ETag"]
    response = client.patch(
        f"{USERS}/{user.id}",
        json={"password": "password1234"},
        headers={**admin_headers, "If-Match": etag},
    )
    assert "password" in assert_problem(response, 422)["errors"]


def test_a_password_is_normalised_so_it_matches_however_it_is_typed(client, admin_headers):
    # Fullwidth letters (an East Asian keyboard) are the same password as their ASCII form.
    typed = "ｓｏｍｍｅｒｈｕｓ-ｉ-ｓｋａｇｅｎ"
    response = client.post(
        USERS,
        json={"email": "nfkc@example.dk", "name": "Nora", "password": typed},
        headers=admin_headers,
    )
    assert response.status_code == 201, response.get_json()
    login = client.post(
        "/api/v1/auth/login", json={"email": "nfkc@example.dk", "password": "sommerhus-i-skagen"}
    )
    assert login.status_code == 200
