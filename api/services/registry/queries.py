"""Queries of the cluster registry: clusters with their sizes, a cluster's clinics, members,
roles and sub-clusters, and the signed-in person's clusters. Each is a fixed number of SQL
statements, whatever the size of the cluster.

The clinics, members and roles of a cluster also have a changes walk for integrators
(`*_changes_query`, ordered by `*_CHANGES_ORDER`): every row that was ever in the cluster's
list, the ended ones shown as tombstones. The database keeps each row's `updated_at` moving
with what the row shows (see the registry models).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import selectinload, with_expression

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    Member,
    PatientCount,
    Region,
    SubCluster,
    User,
)
from api.services.registry.access import current_clusters_of_user, reachable_clusters


def _clinic_count():
    return (
        select(func.count())
        .where(ClinicClusterPeriod.cluster_id == Cluster.id, ClinicClusterPeriod.valid_to.is_(None))
        .correlate(Cluster)
        .scalar_subquery()
    )


def _doctor_count():
    return (
        select(func.count(func.distinct(Member.user_id)))
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            ClinicClusterPeriod.cluster_id == Cluster.id,
            ClinicClusterPeriod.valid_to.is_(None),
            Member.valid_to.is_(None),
        )
        .correlate(Cluster)
        .scalar_subquery()
    )


def region_or_422(code: str) -> Region:
    """The region with this code; an unknown code is the caller's error (422 on `region`)."""
    region = db.session.scalar(select(Region).where(Region.code == code))
    if region is None:
        raise RuleViolation(
            errors={"region": [coded(f"Unknown region: {code}.", "unknown_region")]}
        )
    return region


def clusters_query(principal: Principal, region_code: str | None = None) -> Select:
    """The clusters the caller reaches, with their current clinic and doctor counts."""
    stmt = (
        select(Cluster)
        .where(reachable_clusters(principal))
        .options(
            with_expression(Cluster.clinic_count, _clinic_count()),
            with_expression(Cluster.doctor_count, _doctor_count()),
        )
    )
    if region_code is not None:
        stmt = stmt.join(Region, Region.id == Cluster.region_id).where(Region.code == region_code)
    return stmt


def cluster_with_counts(cluster_id: uuid.UUID) -> Cluster:
    return db.session.scalars(
        select(Cluster)
        .where(Cluster.id == cluster_id)
        .options(
            with_expression(Cluster.clinic_count, _clinic_count()),
            with_expression(Cluster.doctor_count, _doctor_count()),
        )
        .execution_options(populate_existing=True)
    ).one()


def _latest_count(column):
    return (
        select(column)
        .where(PatientCount.clinic_id == Clinic.id)
        .order_by(PatientCount.counted_on.desc())
        .limit(1)
        .correlate(Clinic)
        .scalar_subquery()
    )


def _current_period_start():
    # A self-contained subquery (not the joined column), so that refreshing an expired
    # clinic, which repeats these expressions, stays a valid statement.
    return (
        select(ClinicClusterPeriod.valid_from)
        .where(ClinicClusterPeriod.clinic_id == Clinic.id, ClinicClusterPeriod.valid_to.is_(None))
        .correlate(Clinic)
        .scalar_subquery()
    )


def clinics_query(cluster_id: uuid.UUID) -> Select:
    """The clinics in the cluster now, with the date they joined and their latest count."""
    return (
        select(Clinic)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Clinic.id)
        .where(ClinicClusterPeriod.cluster_id == cluster_id, ClinicClusterPeriod.valid_to.is_(None))
        .options(
            with_expression(Clinic.in_cluster_since, _current_period_start()),
            with_expression(Clinic.patients, _latest_count(PatientCount.patients)),
            with_expression(Clinic.patients_counted_on, _latest_count(PatientCount.counted_on)),
        )
    )


def clinic_view(clinic: Clinic) -> dict[str, Any]:
    # Named fields, not the object: the list's rows would otherwise show the clinic's own
    # `updated_at`, which is not the time its row in the cluster changed.
    return {
        "id": clinic.id,
        "provider_number": clinic.provider_number,
        "name": clinic.name,
        "address": clinic.address,
        "in_cluster_since": clinic.in_cluster_since,
        "patients": clinic.patients,
        "patients_counted_on": clinic.patients_counted_on,
    }


def members_query(cluster_id: uuid.UUID) -> Select:
    """The doctors working now at the cluster's current clinics."""
    return (
        select(Member)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            ClinicClusterPeriod.cluster_id == cluster_id,
            ClinicClusterPeriod.valid_to.is_(None),
            Member.valid_to.is_(None),
        )
        .options(selectinload(Member.clinic))
    )


def tombstone(row_id: uuid.UUID, updated_at: datetime) -> dict[str, Any]:
    """A row that has ended, as a changes walk shows it: only what identifies it."""
    return {"id": row_id, "deleted": True, "updated_at": updated_at}


# A clinic's row in a cluster is its period there: a clinic that left and came back has a
# tombstone and a current row, and the tombstone comes first (an ended period never changes).
CLINIC_CHANGES_ORDER = (
    ClinicClusterPeriod.updated_at,
    ClinicClusterPeriod.clinic_id,
    ClinicClusterPeriod.id,
)


def clinic_changes_query(cluster_id: uuid.UUID) -> Select:
    """Every period of a clinic in the cluster, with the clinic and its latest count."""
    return (
        select(ClinicClusterPeriod)
        .where(ClinicClusterPeriod.cluster_id == cluster_id)
        .options(
            selectinload(ClinicClusterPeriod.clinic).options(
                with_expression(Clinic.patients, _latest_count(PatientCount.patients)),
                with_expression(Clinic.patients_counted_on, _latest_count(PatientCount.counted_on)),
            )
        )
    )


def clinic_change_view(period: ClinicClusterPeriod) -> dict[str, Any]:
    if period.valid_to is not None:
        return tombstone(period.clinic_id, period.updated_at)
    return {
        **clinic_view(period.clinic),
        "in_cluster_since": period.valid_from,
        "updated_at": period.updated_at,
        "deleted": False,
    }


MEMBER_CHANGES_ORDER = (Member.updated_at, Member.id)


def member_changes_query(cluster_id: uuid.UUID) -> Select:
    """Every membership at a clinic that was ever in the cluster; `in_cluster` tells which
    are rows of its list now (current, at a clinic in the cluster now)."""

    def clinic_in_cluster(*conditions: Any) -> Any:
        return (
            select(ClinicClusterPeriod.id)
            .where(
                ClinicClusterPeriod.clinic_id == Member.clinic_id,
                ClinicClusterPeriod.cluster_id == cluster_id,
                *conditions,
            )
            .exists()
        )

    return (
        select(Member)
        .where(clinic_in_cluster())
        .options(
            selectinload(Member.clinic),
            with_expression(
                Member.in_cluster,
                and_(
                    Member.valid_to.is_(None),
                    clinic_in_cluster(ClinicClusterPeriod.valid_to.is_(None)),
                ),
            ),
        )
    )


def member_change_view(member: Member, *, show_personal_email: bool) -> dict[str, Any]:
    if not member.in_cluster:
        return tombstone(member.id, member.updated_at)
    return {
        **member_view(member, show_personal_email=show_personal_email),
        "updated_at": member.updated_at,
        "deleted": False,
    }


def member_view(member: Member, *, show_personal_email: bool) -> dict[str, Any]:
    return {
        "id": member.id,
        "user_id": member.user_id,
        "name": member.user.name,
        "clinic_id": member.clinic_id,
        "clinic_name": member.clinic.name,
        "kind": member.kind,
        "work_email": member.work_email,
        "personal_email": member.personal_email if show_personal_email else None,
        "valid_from": member.valid_from,
    }


def roles_query(cluster_id: uuid.UUID) -> Select:
    return select(ClusterRole).where(
        ClusterRole.cluster_id == cluster_id, ClusterRole.valid_to.is_(None)
    )


def role_view(role: ClusterRole) -> dict[str, Any]:
    return {
        "id": role.id,
        "user_id": role.user_id,
        "name": role.user.name,
        "role": role.role,
        "valid_from": role.valid_from,
    }


ROLE_CHANGES_ORDER = (ClusterRole.updated_at, ClusterRole.id)


def role_changes_query(cluster_id: uuid.UUID) -> Select:
    """Every role ever held in the cluster."""
    return select(ClusterRole).where(ClusterRole.cluster_id == cluster_id)


def role_change_view(role: ClusterRole) -> dict[str, Any]:
    if role.valid_to is not None:
        return tombstone(role.id, role.updated_at)
    return {**role_view(role), "updated_at": role.updated_at, "deleted": False}


def sub_clusters_query(cluster_id: uuid.UUID) -> Select:
    return (
        select(SubCluster)
        .where(SubCluster.cluster_id == cluster_id)
        .options(selectinload(SubCluster.clinic_links))
    )


def sub_cluster_view(sub_cluster: SubCluster) -> dict[str, Any]:
    return {
        "id": sub_cluster.id,
        "name": sub_cluster.name,
        "clinic_ids": [link.clinic_id for link in sub_cluster.clinic_links],
    }


def my_clusters(user: User) -> list[dict[str, Any]]:
    """The person's current clusters (by clinic or by role) with their roles there."""
    clusters = db.session.scalars(
        select(Cluster)
        .where(Cluster.id.in_(current_clusters_of_user(user.id)))
        .order_by(Cluster.name)
    ).all()
    roles = db.session.execute(
        select(ClusterRole.cluster_id, ClusterRole.role).where(
            ClusterRole.user_id == user.id, ClusterRole.valid_to.is_(None)
        )
    ).all()
    by_cluster: dict[uuid.UUID, list] = {}
    for cluster_id, role in roles:
        by_cluster.setdefault(cluster_id, []).append(role)
    return [
        {
            "id": cluster.id,
            "name": cluster.name,
            "region_code": cluster.region.code,
            "roles": sorted(by_cluster.get(cluster.id, []), key=lambda r: r.value),
        }
        for cluster in clusters
    ]
