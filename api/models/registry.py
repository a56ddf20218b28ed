"""The cluster registry: regions, clusters, clinics, the doctors who work there, cluster
roles and sub-clusters, each with its history.

Invariants live in the database: a provider number is unique; a clinic is in at most one
cluster at a time; a person holds a role in a cluster once at a time, and a cluster has one
coordinator at a time. "Current" means `valid_to IS NULL`; ending something sets `valid_to`,
so the past is kept.

Integrators synchronise the registry by walking rows in `(updated_at, id)` order (see
`api.core.pagination`), served by the indexes named `*_changes`. A row's `updated_at` must move
whenever what the row shows changes, also what it shows of other tables: a clinic's row in its
cluster (its current period) shows the clinic and its latest patient count; a member's row shows
the person's and the clinic's names, and is in a cluster only while the clinic is; a role shows
the holder's name; a cluster shows its numbers of clinics and doctors. The ORM moves a row's own
`updated_at`; database triggers (migration ad34d27c4f1a) move the rows that show another's
change, whichever way the change was written: ORM, set-based UPDATE or plain SQL. A migration
that rebuilds one of those tables (SQLite's batch mode does) must create its triggers again.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    literal,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from api.models.accounts import User
from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, validate_strings=True)


def current_only(*columns: str, name: str, where: str = "valid_to IS NULL") -> Index:
    """A unique index over the current rows only (both PostgreSQL and SQLite support it)."""
    return Index(
        name, *columns, unique=True, postgresql_where=text(where), sqlite_where=text(where)
    )


class DataPolicy(enum.StrEnum):
    """Whether the cluster's clinics see one another's data by name."""

    open = "open"
    closed = "closed"


class MemberKind(enum.StrEnum):
    owner = "owner"
    employed = "employed"
    in_training = "in_training"


class ClusterRoleKind(enum.StrEnum):
    coordinator = "coordinator"
    co_coordinator = "co_coordinator"
    board_member = "board_member"
    treasurer = "treasurer"
    secretary = "secretary"


# The five regions' codes, as the migration that creates them has them (reference data).
REGION_CODES = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")


class Region(IdMixin, Base):
    """One of the five Danish regions (reference data, created by a migration)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class Cluster(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    __tablename__ = "clusters"

    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The decision on open or closed data: taken on a date, for a period.
    data_policy: Mapped[DataPolicy | None] = mapped_column(_enum(DataPolicy))
    data_policy_decided_on: Mapped[date | None]
    data_policy_valid_from: Mapped[date | None]
    data_policy_valid_to: Mapped[date | None]

    region: Mapped[Region] = relationship(lazy="joined")
    # Filled by the registry queries that ask for them (`with_expression`).
    clinic_count: Mapped[int] = query_expression(default_expr=literal(0))
    doctor_count: Mapped[int] = query_expression(default_expr=literal(0))

    __table_args__ = (
        UniqueConstraint("region_id", "name"),
        CheckConstraint(
            "data_policy_valid_to IS NULL OR data_policy_valid_from IS NULL "
            "OR data_policy_valid_to >= data_policy_valid_from",
            name="data_policy_period",
        ),
    )


class Clinic(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A general practice, known to the region by its provider number (ydernummer)."""

    __tablename__ = "clinics"

    provider_number: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    region_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"), index=True)

    region: Mapped[Region] = relationship(lazy="joined")
    cluster_periods: Mapped[list[ClinicClusterPeriod]] = relationship(
        back_populates="clinic", order_by="ClinicClusterPeriod.valid_from"
    )
    # Filled by the registry queries that ask for them (`with_expression`).
    in_cluster_since: Mapped[date | None] = query_expression()
    patients: Mapped[int | None] = query_expression()
    patients_counted_on: Mapped[date | None] = query_expression()


class ClinicClusterPeriod(IdMixin, TimestampMixin, Audited, Base):
    """A clinic's membership of a cluster from one date to another (open-ended if current).

    It is the clinic's row in the cluster's registry, so its `updated_at` also moves when the
    clinic or its latest patient count changes (while the period is current). An ended period
    is never changed again, which keeps a tombstone ordered before a later return of the clinic.
    """

    __tablename__ = "clinic_cluster_periods"

    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True
    )
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    clinic: Mapped[Clinic] = relationship(back_populates="cluster_periods")

    __table_args__ = (
        current_only("clinic_id", name="uq_clinic_cluster_periods_current"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
        Index("ix_clinic_cluster_periods_clinic", "clinic_id", "valid_from"),
        Index("ix_clinic_cluster_periods_changes", "cluster_id", "updated_at", "clinic_id", "id"),
    )


class PatientCount(IdMixin, TimestampMixin, Audited, Base):
    """The number of patients listed with a clinic on a date (the economy uses 1 February).

    Its `updated_at` is the time the clinic's row in its cluster takes when the count changes.
    """

    __tablename__ = "patient_counts"

    clinic_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    counted_on: Mapped[date]
    patients: Mapped[int]

    clinic: Mapped[Clinic] = relationship()

    __table_args__ = (
        UniqueConstraint("clinic_id", "counted_on"),
        CheckConstraint("patients >= 0", name="not_negative"),
    )


class Member(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A doctor working at a clinic, for a period. Their cluster is the clinic's cluster."""

    __tablename__ = "members"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    clinic_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clinics.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MemberKind] = mapped_column(_enum(MemberKind), default=MemberKind.owner)
    work_email: Mapped[str] = mapped_column(String(254))
    # Seen only by the person and the coordinator, co-coordinators and secretary.
    personal_email: Mapped[str | None] = mapped_column(String(254))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    user: Mapped[User] = relationship(lazy="joined")
    clinic: Mapped[Clinic] = relationship()
    # Filled by the changes walk of one cluster's members: current, at a clinic in it now.
    in_cluster: Mapped[bool] = query_expression(default_expr=literal(True))

    __table_args__ = (
        current_only("user_id", "clinic_id", name="uq_members_current"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
        Index("ix_members_user", "user_id"),
    )


class ClusterRole(IdMixin, TimestampMixin, Audited, Base):
    """A role a person holds in a cluster, for a period."""

    __tablename__ = "cluster_roles"

    cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[ClusterRoleKind] = mapped_column(_enum(ClusterRoleKind))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        current_only("cluster_id", "user_id", "role", name="uq_cluster_roles_current"),
        current_only(
            "cluster_id",
            name="uq_cluster_roles_one_coordinator",
            where="valid_to IS NULL AND role = 'coordinator'",
        ),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
        Index("ix_cluster_roles_user", "user_id"),
        Index("ix_cluster_roles_changes", "cluster_id", "updated_at", "id"),
    )


class SubCluster(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A sub-cluster (babyklynge): a few clinics that take turns arranging a meeting."""

    __tablename__ = "sub_clusters"

    cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))

    clinic_links: Mapped[list[SubClusterClinic]] = relationship(
        back_populates="sub_cluster", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("cluster_id", "name"),)


class SubClusterClinic(IdMixin, Audited, Base):
    __tablename__ = "sub_cluster_clinics"

    sub_cluster_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sub_clusters.id", ondelete="CASCADE")
    )
    clinic_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clinics.id", ondelete="CASCADE"), index=True
    )

    sub_cluster: Mapped[SubCluster] = relationship(back_populates="clinic_links")
    clinic: Mapped[Clinic] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("sub_cluster_id", "clinic_id"),)
