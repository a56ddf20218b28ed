"""Factories for test data: each builds a valid object with overridable fields."""

from __future__ import annotations

import itertools
import uuid
from functools import cache
from typing import Any

from flask import Flask

from api.extensions import db
from api.models import Client, Organisation, OrganisationKind, User
from api.security import hash_secret, issue_client_token, start_user_session
from api.services.accounts import set_memberships

PASSWORD = "correct-horse-battery"
CLIENT_SECRET = "client-secret-for-tests"
_sequence = itertools.count(1)


@cache
def _password_hash() -> str:
    return hash_secret(PASSWORD)


@cache
def _client_secret_hash() -> str:
    return hash_secret(CLIENT_SECRET)


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def organisation(self, **fields: Any) -> Organisation:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "code": f"org-{n}",
            "name": f"Organisation {n}",
            "kind": OrganisationKind.regional_unit,
            "region_code": "midtjylland",
        }
        if fields.get("kind", OrganisationKind.regional_unit) != OrganisationKind.regional_unit:
            values["region_code"] = None
        values.update(fields)
        organisation = Organisation(**values)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    def user(self, organisations: list[Organisation] | None = None, **fields: Any) -> User:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "email": f"person{n}@example.dk",
            "name": f"Person {n}",
            "password_hash": _password_hash(),
        }
        values.update(fields)
        user = User(**values)
        set_memberships(user, organisations or [])
        db.session.add(user)
        db.session.commit()
        return user

    def admin(self, **fields: Any) -> User:
        return self.user(is_platform_admin=True, **fields)

    def client(self, organisation: Organisation | None = None, **fields: Any) -> Client:
        n = next(_sequence)
        values: dict[str, Any] = {
            "id": uuid.uuid4(),
            "client_id": f"client-{n}",
            "name": f"Client {n}",
            "secret_hash": _client_secret_hash(),
            "scopes": ["clusters:read"],
        }
        values.update(fields)
        client = Client(organisation=organisation or self.organisation(), **values)
        db.session.add(client)
        db.session.commit()
        return client

    def token(self, principal: User | Client, scopes: set[str] | None = None) -> str:
        if isinstance(principal, Client):
            return issue_client_token(principal, scopes).access_token
        return start_user_session(principal).access_token

    def auth(self, principal: User | Client) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(principal)}"}

    def login_pair(self, user: User) -> tuple[str, str]:
        tokens = start_user_session(user)
        assert tokens.refresh_token is not None
        return tokens.access_token, tokens.refresh_token
