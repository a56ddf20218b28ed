"""Authentication: password hashing, token issue and revocation, and the current principal.

This is the one way to load who is calling: `current_principal()`. A principal is either a
person (a user) or a machine client; both authenticate with a bearer JWT whose `sid` claim
names a row in `auth_sessions`, which is where revocation is stored.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g
from flask_jwt_extended import create_access_token, verify_jwt_in_request
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from api.errors import abort, problem_response
from api.extensions import db, jwt
from api.models import AuthSession, Client, RefreshToken, User
from api.models.base import utcnow

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

    session: AuthSession
    user: User | None = None
    client: Client | None = None
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


# --- issuing tokens ----------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


def _access_token(subject: str, session: AuthSession, claims: dict[str, Any]) -> str:
    return create_access_token(
        identity=subject,
        additional_claims={"sid": str(session.id), **claims},
        expires_delta=current_app.config["JWT_ACCESS_TOKEN_EXPIRES"],
    )


def _new_refresh_token(session: AuthSession) -> str:
    token = secrets.token_urlsafe(48)
    db.session.add(
        RefreshToken(
            session_id=session.id,
            token_hash=token_digest(token),
            expires_at=session.expires_at,
        )
    )
    return token


def _record_use(model: type[User] | type[Client], row_id: uuid.UUID, **values: Any) -> None:
    """Note a login or token grant in one UPDATE statement.

    Not through the ORM object: that would bump the optimistic-lock version, so two
    concurrent logins of one account would collide (412), and a counter would lose counts.
    It is bookkeeping, not an edit: `updated_at` and the audit log are left alone.
    """
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values(updated_at=model.updated_at, **values)
        .execution_options(synchronize_session="fetch")
    )


def start_user_session(user: User) -> IssuedTokens:
    now = utcnow()
    session = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        expires_at=now + current_app.config["REFRESH_TOKEN_TTL"],
    )
    db.session.add(session)
    _record_use(User, user.id, last_login_at=now)
    refresh = _new_refresh_token(session)
    access = _access_token(str(user.id), session, {"typ": "user"})
    db.session.commit()
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    )


def rotate_refresh_token(token: str) -> IssuedTokens:
    """Exchange a refresh token for a new pair. Reusing a spent token revokes its chain."""
    row = db.session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_digest(token))
        .options(joinedload(RefreshToken.session).joinedload(AuthSession.user))
    )
    now = utcnow()
    if row is None:
        abort(401, "The refresh token is not valid.")
    session = row.session
    if session.revoked_at is not None or session.expires_at <= now or row.expires_at <= now:
        abort(401, "The session has ended. Log in again.")
    # Mark the token spent atomically: of two concurrent uses, exactly one wins.
    spent = db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        revoke_session(session, "refresh_token_reuse")
        db.session.commit()
        abort(401, "This refresh token was already used. The session has been ended for safety.")
    user = session.user
    if user is None or not user.is_active:
        abort(401, "The session has ended. Log in again.")
    refresh = _new_refresh_token(session)
    access = _access_token(str(user.id), session, {"typ": "user"})
    db.session.commit()
    return IssuedTokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    )


def session_for_refresh_token(token: str) -> AuthSession | None:
    return db.session.scalar(
        select(AuthSession)
        .join(RefreshToken, RefreshToken.session_id == AuthSession.id)
        .where(RefreshToken.token_hash == token_digest(token))
    )


def issue_client_token(client: Client, requested_scopes: set[str] | None) -> IssuedTokens:
    granted = set(client.scopes)
    if requested_scopes is not None:
        if not requested_scopes <= granted:
            raise ValueError("invalid_scope")
        granted = requested_scopes
    ttl = current_app.config["CLIENT_TOKEN_TTL"]
    now = utcnow()
    session = AuthSession(id=uuid.uuid4(), client_id=client.id, expires_at=now + ttl)
    db.session.add(session)
    _record_use(Client, client.id, last_used_at=now, use_count=Client.use_count + 1)
    scope = " ".join(sorted(granted))
    access = create_access_token(
        identity=str(client.id),
        additional_claims={
            "sid": str(session.id),
            "typ": "client",
            "client_id": client.client_id,
            "org": str(client.organisation_id),
            "scope": scope,
        },
        expires_delta=ttl,
    )
    db.session.commit()
    return IssuedTokens(access_token=access, expires_in=int(ttl.total_seconds()), scope=scope)


def revoke_session(session: AuthSession, reason: str) -> None:
    if session.revoked_at is None:
        session.revoked_at = utcnow()
        session.revoked_reason = reason


def revoke_all_sessions(
    *, user_id: uuid.UUID | None = None, client_id: uuid.UUID | None = None, reason: str
) -> None:
    """Revoke every live session of a person or a client, each one audited."""
    stmt = select(AuthSession).where(
        AuthSession.revoked_at.is_(None), AuthSession.expires_at > utcnow()
    )
    if user_id is not None:
        stmt = stmt.where(AuthSession.user_id == user_id)
    if client_id is not None:
        stmt = stmt.where(AuthSession.client_id == client_id)
    for session in db.session.scalars(stmt):
        revoke_session(session, reason)


# --- flask-jwt-extended callbacks ---------------------------------------------------------


def _load_session(jwt_payload: dict[str, Any]) -> Principal | None:
    """Load the token's session with its user or client in one query; None if revoked."""
    try:
        session_id = uuid.UUID(str(jwt_payload.get("sid")))
    except ValueError:
        return None
    session = db.session.scalar(
        select(AuthSession)
        .where(AuthSession.id == session_id)
        .options(joinedload(AuthSession.user), joinedload(AuthSession.client))
    )
    if session is None or session.revoked_at is not None:
        return None
    if jwt_payload.get("typ") == "client":
        client = session.client
        if client is None or not client.is_active or str(client.id) != jwt_payload.get("sub"):
            return None
        # Scopes removed from the client since the token was issued stop working at once.
        scopes = frozenset(str(jwt_payload.get("scope", "")).split()) & frozenset(client.scopes)
        return Principal(session=session, client=client, scopes=scopes)
    user = session.user
    if user is None or not user.is_active or str(user.id) != jwt_payload.get("sub"):
        return None
    return Principal(session=session, user=user)


@jwt.token_in_blocklist_loader
def _token_revoked(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
    principal = _load_session(jwt_payload)
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


def purge_ended_sessions() -> int:
    """Delete sessions past their expiry; their refresh tokens go with them."""
    result = db.session.execute(delete(AuthSession).where(AuthSession.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount or 0
