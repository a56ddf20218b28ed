"""Reach into the cluster registry: which clusters a caller may see, and their roles there.

The read rule of the permission table ("clusters.read") is expressed here once, as a SQL
predicate, so that lists are filtered and single objects are found by the same rule: a
cluster outside the caller's reach is simply not found (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true

from api.errors import abort
from api.extensions import db
from api.models import (
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    OrganisationKind,
    Region,
)
from api.security import Principal

REGISTRY_READ_SCOPES = frozenset({"clusters:read", "clusters:write"})
# Meetings are read with the registry's scopes, and by PLO's attendance clients.
MEETING_READ_SCOPES = REGISTRY_READ_SCOPES | {"attendance:read"}


def _organisations_with_registry_reach(
    principal: Principal, scopes: frozenset[str] = REGISTRY_READ_SCOPES
) -> list:
    """The caller's organisations whose reach counts for the registry.

    A person acts with their organisations' reach; a machine client only with one of
    `scopes` (for the registry `clusters:read` or `clusters:write`).
    """
    if principal.client is not None:
        if not principal.scopes & scopes:
            return []
        return [principal.client.organisation]
    assert principal.user is not None
    return [m.organisation for m in principal.user.memberships]


def current_clusters_of_user(user_id: uuid.UUID):
    """Clusters where the person works at a current clinic, or holds a current role."""
    via_clinic = (
        select(ClinicClusterPeriod.cluster_id)
        .join(Member, Member.clinic_id == ClinicClusterPeriod.clinic_id)
        .where(
            Member.user_id == user_id,
            Member.valid_to.is_(None),
            ClinicClusterPeriod.valid_to.is_(None),
        )
    )
    via_role = select(ClusterRole.cluster_id).where(
        ClusterRole.user_id == user_id, ClusterRole.valid_to.is_(None)
    )
    return via_clinic.union(via_role)


def reachable_clusters(
    principal: Principal, scopes: frozenset[str] = REGISTRY_READ_SCOPES
) -> ColumnElement[bool]:
    """The clusters the caller may read: a predicate over `Cluster`. A machine client needs
    one of `scopes`."""
    if principal.is_platform_admin:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if principal.user is not None:
        conditions.append(Cluster.id.in_(current_clusters_of_user(principal.user.id)))
    region_codes = []
    for organisation in _organisations_with_registry_reach(principal, scopes):
        if organisation.kind in (OrganisationKind.national_unit, OrganisationKind.plo):
            return true()  # KiAP and PLO read every cluster's registry
        if organisation.region_code:
            region_codes.append(organisation.region_code)
    if region_codes:
        conditions.append(
            Cluster.region_id.in_(select(Region.id).where(Region.code.in_(region_codes)))
        )
    return or_(*conditions) if conditions else false()


@dataclass(frozen=True)
class ClusterAccess:
    """A cluster the caller reaches, with the roles the caller holds in it now."""

    cluster: Cluster
    roles: frozenset[ClusterRoleKind]


@dataclass(frozen=True)
class InsiderAccess(ClusterAccess):
    """A cluster the caller reaches, and whether the caller is one of its own people.

    `insider`: the caller works at one of the cluster's clinics or holds a role there now.
    """

    insider: bool = False


@dataclass(frozen=True)
class MeetingAccess(InsiderAccess):
    """A meeting's cluster as the caller reaches it, and how the caller stands to the meeting.

    `responsible`: the caller is the meeting's responsible party (the person, or a doctor of
    the responsible sub-cluster's or arranging clinic's clinics).
    """

    responsible: bool = False


def works_for_plo(principal: Principal) -> bool:
    """PLO's staff, and PLO's machine clients with `attendance:read`."""
    if principal.client is not None:
        return (
            "attendance:read" in principal.scopes
            and principal.client.organisation.kind == OrganisationKind.plo
        )
    assert principal.user is not None
    return any(m.organisation.kind == OrganisationKind.plo for m in principal.user.memberships)


def roles_in_cluster(principal: Principal, cluster_id: uuid.UUID) -> frozenset[ClusterRoleKind]:
    if principal.user is None:
        return frozenset()
    return frozenset(
        db.session.scalars(
            select(ClusterRole.role).where(
                ClusterRole.cluster_id == cluster_id,
                ClusterRole.user_id == principal.user.id,
                ClusterRole.valid_to.is_(None),
            )
        )
    )


def cluster_access(
    principal: Principal, cluster_id: uuid.UUID, scopes: frozenset[str] = REGISTRY_READ_SCOPES
) -> ClusterAccess:
    """The cluster, if the caller reaches it (else 404), and the caller's roles in it."""
    cluster = db.session.scalar(
        select(Cluster).where(Cluster.id == cluster_id, reachable_clusters(principal, scopes))
    )
    if cluster is None:
        abort(404, "No such cluster.")
    return ClusterAccess(cluster=cluster, roles=roles_in_cluster(principal, cluster.id))


def insider_access(principal: Principal, cluster: Cluster) -> InsiderAccess:
    """The caller's roles in `cluster` (which they reach), and whether they are an insider."""
    insider = False
    if principal.user is not None:
        insider = bool(
            db.session.scalar(
                select(Cluster.id.in_(current_clusters_of_user(principal.user.id))).where(
                    Cluster.id == cluster.id
                )
            )
        )
    return InsiderAccess(
        cluster=cluster, roles=roles_in_cluster(principal, cluster.id), insider=insider
    )
