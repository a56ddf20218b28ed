"""Packages: the meeting kits the quality units (KiAP and the five regional units) offer the
clusters, each with its versions, a version's agenda template and its materials.

A package belongs to one unit, which alone writes it. It is a draft until its first version
is published, then published, and retired when the unit withdraws it; a retired package is
still read (meetings were built from it) but no longer changes. A version is numbered within
its package and is a draft or published: a published version never changes again, so a
meeting built from it can always point back to what it was. The package shows its latest
published version. A version's materials are files (`AttachmentKind.package`).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.accounts import Organisation
from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin
from api.models.registry import Cluster, _enum

if TYPE_CHECKING:
    from api.models.indicators import IndicatorSet

TITLE_LENGTH = 200
THEME_LENGTH = 60
AUDIENCE_LENGTH = 300
SLIDES_LENGTH = 20


class PackageState(enum.StrEnum):
    draft = "draft"
    published = "published"
    retired = "retired"


class PackageVersionState(enum.StrEnum):
    draft = "draft"
    published = "published"


class PackageKind(enum.StrEnum):
    """What the catalogue offers: a meeting kit (`package`, with an agenda), or a national
    template (statutes, agenda and minutes templates, the yearly wheel) or guide, which a
    cluster reads and copies into its own library (materials, no agenda)."""

    package = "package"
    template = "template"
    guide = "guide"


class Package(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A meeting kit offered by a quality unit."""

    __tablename__ = "packages"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    summary: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(AUDIENCE_LENGTH), default="")
    estimated_minutes: Mapped[int]
    state: Mapped[PackageState] = mapped_column(_enum(PackageState), default=PackageState.draft)
    kind: Mapped[PackageKind] = mapped_column(_enum(PackageKind), default=PackageKind.package)
    # A cluster's own package, shared through a proposal its unit published: credited to it.
    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL")
    )

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    cluster: Mapped[Cluster | None] = relationship(lazy="joined")
    theme_rows: Mapped[list[PackageTheme]] = relationship(
        cascade="all, delete-orphan", order_by="PackageTheme.position", lazy="selectin"
    )
    versions: Mapped[list[PackageVersion]] = relationship(
        back_populates="package",
        cascade="all, delete-orphan",
        order_by="PackageVersion.number",
        lazy="selectin",
    )

    __table_args__ = (
        CheckConstraint("estimated_minutes > 0", name="positive_length"),
        Index("ix_packages_organisation", "organisation_id", "state"),
        Index("ix_packages_title", "title", "id"),
        Index("ix_packages_kind", "kind", "state"),
    )

    @property
    def themes(self) -> list[str]:
        return [row.name for row in self.theme_rows]

    @property
    def published_version(self) -> PackageVersion | None:
        """The latest published version (what the catalogue shows), if any."""
        published = [v for v in self.versions if v.state is PackageVersionState.published]
        return published[-1] if published else None


class PackageTheme(IdMixin, Base):
    """One theme of a package (professional quality, well-being, …), in the order given."""

    __tablename__ = "package_themes"

    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(THEME_LENGTH))

    __table_args__ = (
        UniqueConstraint("package_id", "name", name="uq_package_themes_name"),
        Index("ix_package_themes_name", "name"),
    )


class PackageVersion(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A numbered version of a package: its agenda template and its materials."""

    __tablename__ = "package_versions"

    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"))
    number: Mapped[int]
    state: Mapped[PackageVersionState] = mapped_column(
        _enum(PackageVersionState), default=PackageVersionState.draft
    )
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    # The questionnaire a meeting built from this version offers (its evaluation, usually).
    survey_template_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("survey_templates.id", ondelete="SET NULL")
    )
    # The data the package rests on: an indicator set, which each cluster reads in its own
    # data view under its own decision on open or closed data.
    indicator_set_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("indicator_sets.id", ondelete="SET NULL")
    )

    package: Mapped[Package] = relationship(back_populates="versions")
    indicator_set: Mapped[IndicatorSet | None] = relationship(lazy="joined")
    items: Mapped[list[PackageAgendaItem]] = relationship(
        cascade="all, delete-orphan", order_by="PackageAgendaItem.position", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("package_id", "number", name="uq_package_versions_number"),
        CheckConstraint("number > 0", name="positive_number"),
        CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)", name="published_at_when_published"
        ),
    )

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)


class PackageAgendaItem(IdMixin, Base):
    """An item of a version's agenda template: what happens, for how long, on which slides,
    and how (method notes for the facilitator)."""

    __tablename__ = "package_agenda_items"

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("package_versions.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    minutes: Mapped[int]
    slides: Mapped[str | None] = mapped_column(String(SLIDES_LENGTH))
    method_notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("version_id", "position", name="uq_package_agenda_items_position"),
        CheckConstraint("minutes > 0", name="positive_minutes"),
    )


# --- orders: a cluster orders a published package from its unit --------------------------------

FACILITATOR_LENGTH = 300


class PackageOrderState(enum.StrEnum):
    requested = "requested"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"


class PackageOrder(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A cluster's order of a published package from the unit that offers it, for one of its
    meetings or for a period, and the unit's answer: accepted (perhaps with a facilitator
    offered) or declined with a reason; the cluster may cancel it while it is requested."""

    __tablename__ = "package_orders"

    package_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("packages.id", ondelete="RESTRICT"))
    # The package's unit, kept on the order: what the unit's list filters by.
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    wished_from: Mapped[date | None]
    wished_to: Mapped[date | None]
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[PackageOrderState] = mapped_column(
        _enum(PackageOrderState), default=PackageOrderState.requested
    )
    ordered_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    facilitator: Mapped[str | None] = mapped_column(String(FACILITATOR_LENGTH))
    facilitator_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decline_reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]

    package: Mapped[Package] = relationship(lazy="joined")
    cluster: Mapped[Cluster] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "wished_from IS NULL OR wished_to IS NULL OR wished_from <= wished_to",
            name="wished_in_order",
        ),
        CheckConstraint(
            "(state = 'declined') = (decline_reason IS NOT NULL)", name="reason_when_declined"
        ),
        Index("ix_package_orders_cluster", "cluster_id", "created_at"),
        Index("ix_package_orders_unit", "organisation_id", "state", "created_at"),
    )


# --- proposals: a cluster shares one of its own meetings as a package ---------------------------


class PackageProposalState(enum.StrEnum):
    proposed = "proposed"
    returned = "returned"
    published = "published"


class PackageProposal(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A cluster's proposal to share one of its held meetings as a package: a draft package
    of the cluster's regional unit (its agenda and materials taken from the meeting), which
    the unit publishes under the cluster's name or returns with a comment. The coordinator
    revises and resubmits a returned one, or withdraws it (it is deleted, draft and all)."""

    __tablename__ = "package_proposals"

    package_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("packages.id", ondelete="CASCADE"), unique=True
    )
    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    # The reviewing unit (the cluster's regional unit), kept on the proposal: what its queue
    # filters by.
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    state: Mapped[PackageProposalState] = mapped_column(
        _enum(PackageProposalState), default=PackageProposalState.proposed
    )
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime]
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None]

    package: Mapped[Package] = relationship(lazy="joined")
    cluster: Mapped[Cluster] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "state <> 'returned' OR review_comment IS NOT NULL", name="comment_when_returned"
        ),
        Index("ix_package_proposals_cluster", "cluster_id", "created_at"),
        Index("ix_package_proposals_unit", "organisation_id", "state", "created_at"),
    )
