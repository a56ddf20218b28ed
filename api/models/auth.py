"""Credentials and sessions: machine clients, login sessions and their refresh tokens.

Revocation lives here, in the database, so that it survives restarts and holds across
workers. Every access token names the session it belongs to (`sid`); revoking the session
revokes the access token and every refresh token of its chain at once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin, utcnow
from api.models.people import Organisation, User


class Client(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A machine client (a regional unit's system, PLO's economy module, a script)."""

    __tablename__ = "clients"
    __audit_redacted__ = ("secret_hash",)

    client_id: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    last_used_at: Mapped[datetime | None]
    use_count: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class AuthSession(IdMixin, Audited, Base):
    """One login of a person, or one token grant of a client.

    Audited: logins, grants and every revocation (logout, refresh-token reuse, password
    change, deactivation) are security events.
    """

    __tablename__ = "auth_sessions"

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(40))

    user: Mapped[User | None] = relationship()
    client: Mapped[Client | None] = relationship()

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (client_id IS NULL)", name="exactly_one_principal"),
    )


class RefreshToken(IdMixin, Base):
    """A refresh token of a person's session; only its SHA-256 hash is stored."""

    __tablename__ = "refresh_tokens"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set when the token is exchanged for a new one; a second use is a reuse.
    used_at: Mapped[datetime | None]

    session: Mapped[AuthSession] = relationship()
