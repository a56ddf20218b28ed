"""Sign-in sessions: issuing access and refresh tokens, rotating and revoking them, and
loading the principal a token names.

Revocation lives in the database (`auth_sessions`), so that it survives restarts and holds
across workers: every access token names its session (`sid`), and revoking the session
revokes the access token and every refresh token of its chain at once.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_jwt_extended import create_access_token
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from api.core.errors import Unauthenticated
from api.core.extensions import db
from api.core.security import Principal, token_digest
from api.models import AuthSession, Client, RefreshToken, User
from api.models.base import utcnow

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
        raise Unauthenticated("The refresh token is not valid.")
    session = row.session
    if session.revoked_at is not None or session.expires_at <= now or row.expires_at <= now:
        raise Unauthenticated("The session has ended. Log in again.")
    # Mark the token spent atomically: of two concurrent uses, exactly one wins.
    spent = db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        revoke_session(session, "refresh_token_reuse")
        db.session.commit()
        raise Unauthenticated(
            "This refresh token was already used. The session has been ended for safety."
        )
    user = session.user
    if user is None or not user.is_active:
        raise Unauthenticated("The session has ended. Log in again.")
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


def load_principal(jwt_payload: dict[str, Any]) -> Principal | None:
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


def purge_ended_sessions() -> int:
    """Delete sessions past their expiry; their refresh tokens go with them."""
    result = db.session.execute(delete(AuthSession).where(AuthSession.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount or 0
