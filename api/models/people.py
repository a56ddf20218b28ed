"""People and organisations: users, the quality units, KiAP and PLO, and who belongs where."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin, utcnow


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
