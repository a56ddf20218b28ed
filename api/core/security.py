"""Authentication in the kernel: secret hashing, the current principal, and the answers to a
missing or bad token.

This is the one way to load who is calling: `current_principal()`. A principal is either a
person (a user) or a machine client; both authenticate with a bearer JWT whose `sid` claim
names their sign-in session. Tokens are issued, and a token's session is loaded (or found
revoked), by the accounts domain (`api.services.accounts.sessions`), which the app hands to
`use_principal_loader`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g
from flask_jwt_extended import JWTManager, verify_jwt_in_request

from api.core.errors import abort, problem_response

jwt = JWTManager()
password_hasher = PasswordHasher()  # argon2id with the library's current parameters
# Verified against when an e-mail is unknown, so both failures cost the same time.
_DUMMY_HASH = password_hasher.hash(secrets.token_urlsafe(16))


def hash_secret(secret: str) -> str:
    return password_hasher.hash(secret)


def verify_secret(secret_hash: str | None, secret: str) -> bool:
    """Constant-work check: an absent hash still costs one argon2 verification."""
    try:
        return password_hasher.verify(secret_hash or _DUMMY_HASH, secret) and bool(secret_hash)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def token_digest(token: str) -> str:
    """The stored form of a long random token (a refresh token, a calendar feed's): a fast hash
    is enough for random tokens of 256 bits or more, and it lets the token be looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- the principal -----------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user, or a machine client acting with its scopes."""

    # The accounts domain's rows: the sign-in session, and the user or the machine client.
    session: Any
    user: Any = None
    client: Any = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_client(self) -> bool:
        return self.client is not None

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.user and self.user.is_platform_admin)

    @property
    def owner_key(self) -> str:
        """A stable key for what this caller owns (idempotency keys)."""
        if self.client is not None:
            return f"client:{self.client.id}"
        assert self.user is not None
        return f"user:{self.user.id}"


def current_principal() -> Principal | None:
    return g.get("principal")


def require_principal() -> Principal:
    """Verify the bearer token (401 problem when missing, invalid, expired or revoked)."""
    if g.get("principal") is None:
        verify_jwt_in_request()
    principal = g.get("principal")
    if principal is None:  # pragma: no cover - the JWT callbacks always set it
        abort(401)
    return principal


# --- flask-jwt-extended callbacks ---------------------------------------------------------

PrincipalLoader = Callable[[dict[str, Any]], Principal | None]


def _no_loader(jwt_payload: dict[str, Any]) -> Principal | None:
    return None


_principal_loader: PrincipalLoader = _no_loader


def use_principal_loader(loader: PrincipalLoader) -> None:
    """Who a valid token's payload names: a `Principal`, or None when its session is revoked
    or its owner is gone (401). Set once, by the app factory."""
    global _principal_loader
    _principal_loader = loader


@jwt.token_in_blocklist_loader
def _token_revoked(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
    principal = _principal_loader(jwt_payload)
    g.principal = principal
    return principal is None


@jwt.user_lookup_loader
def _lookup_principal(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> Principal | None:
    return g.get("principal")


def _unauthorised(detail: str):
    return problem_response(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


@jwt.unauthorized_loader
def _missing_token(reason: str):
    return _unauthorised("A bearer access token is required (Authorization: Bearer …).")


@jwt.invalid_token_loader
def _invalid_token(reason: str):
    return _unauthorised("The access token is not valid.")


@jwt.expired_token_loader
def _expired_token(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]):
    return _unauthorised("The access token has expired. Refresh it or log in again.")


@jwt.revoked_token_loader
def _revoked_token(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]):
    return _unauthorised("The access token has been revoked. Log in again.")


@jwt.user_lookup_error_loader
def _unknown_user(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]):
    return _unauthorised("The access token's owner no longer exists.")


@jwt.needs_fresh_token_loader
def _needs_fresh(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]):
    return _unauthorised("This action needs a fresh login.")
