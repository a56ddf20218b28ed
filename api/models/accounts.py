"""Accounts: people, organisations and machine clients, and the sessions they sign in with.

Credentials and sessions: machine clients, login sessions and their refresh tokens.

Revocation lives here, in the database, so that it survives restarts and holds across
workers. Every access token names the session it belongs to (`sid`); revoking the session
revokes the access token and every refresh token of its chain at once.

People and organisations: users, the quality units, KiAP and PLO, and who belongs where.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin, utcnow

# --- auth --------------------------------------------------------------------------------------


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


class AccountTokenPurpose(enum.StrEnum):
    password_reset = "password_reset"
    activation = "activation"


class AccountToken(IdMixin, Audited, Base):
    """A link sent by e-mail that lets a person set their password once: to reset a
    forgotten one, or to activate an account made for them. Only the token's SHA-256 hash is
    stored; it works once, until it expires."""

    __tablename__ = "account_tokens"
    __audit_redacted__ = ("token_hash",)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[AccountTokenPurpose] = mapped_column(
        Enum(AccountTokenPurpose, native_enum=False, length=20, validate_strings=True)
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


# --- people ------------------------------------------------------------------------------------


class OrganisationKind(enum.StrEnum):
    regional_unit = "regional_unit"
    national_unit = "national_unit"
    plo = "plo"


class Organisation(IdMixin, TimestampMixin, Base):
    """A regional quality unit, the national unit KiAP, or PLO (seeded as data)."""

    __tablename__ = "organisations"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, native_enum=False, length=20, validate_strings=True)
    )
    # The region a regional unit serves ("hovedstaden", "sjaelland", "syddanmark",
    # "midtjylland", "nordjylland"); empty for national organisations.
    region_code: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        CheckConstraint(
            "(kind = 'regional_unit') = (region_code IS NOT NULL)", name="region_for_regional_unit"
        ),
    )


class User(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A person who logs in. CPR numbers are never stored; e-mail is the login."""

    __tablename__ = "users"
    __audit_redacted__ = ("password_hash",)

    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    # Null until the person sets a password (for example people created by a roster import).
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]

    memberships: Mapped[list[OrganisationMembership]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        order_by="OrganisationMembership.created_at",
    )

    __table_args__ = (
        # Unique over the normalised address; the check keeps it normalised.
        UniqueConstraint("email"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    @property
    def organisations(self) -> list[Organisation]:
        return [m.organisation for m in self.memberships]

    @property
    def activated(self) -> bool:
        """Whether the person has set a password (an account made for them has none yet)."""
        return self.password_hash is not None


class OrganisationMembership(IdMixin, Audited, Base):
    """A person's membership of an organisation (a consultant at MidtKraft, PLO staff)."""

    __tablename__ = "organisation_memberships"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
