"""Reach into the cluster registry: which clusters a caller may see, and their roles there.

The read rule of the permission table ("clusters.read") is expressed here once, as a SQL
predicate, so that lists are filtered and single objects are found by the same rule: a
cluster outside the caller's reach is simply not found (404).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Finder, Permission, Reached, Rule, finder, register_permissions
from api.core.security import Principal
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    OrganisationKind,
    Region,
    SubCluster,
)

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
    # Whether the caller made the one thing acted on (a file's uploader, a post's author);
    # None when the action is not on one such thing (adding to the library or a board).
    own: bool | None = None


@dataclass(frozen=True)
class InsiderAccess(ClusterAccess):
    """A cluster the caller reaches, and whether the caller is one of its own people.

    `insider`: the caller works at one of the cluster's clinics or holds a role there now.
    """

    insider: bool = False


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
        raise NotFound("No such cluster.")
    return ClusterAccess(cluster=cluster, roles=roles_in_cluster(principal, cluster.id))


def standing_on_made(principal: Principal, access: Any, maker_id: uuid.UUID | None) -> Any:
    """The caller's standing on one thing made by `maker_id` (a file, a folder, a post), from
    their standing where it is: the same, and whether they made it (`own`)."""
    return replace(access, own=principal.user is not None and maker_id == principal.user.id)


@finder("cluster")
def cluster_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Cluster]:
    """The cluster, if the caller reaches its registry (404), and the caller's roles there."""
    access = cluster_access(principal, cluster_id)
    return Reached(access.cluster, access)


@finder("cluster_insiders", name="cluster")
def cluster_insiders_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Cluster]:
    """The cluster, if the caller reaches it (404), with whether the caller is one of its
    own people: for what only its own people share (the library, the board)."""
    cluster = db.session.scalar(
        select(Cluster).where(Cluster.id == cluster_id, reachable_clusters(principal))
    )
    if cluster is None:
        raise NotFound("No such cluster.")
    return Reached(cluster, insider_access(principal, cluster))


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


def current_period(clinic_id: uuid.UUID) -> ClinicClusterPeriod | None:
    return db.session.scalar(
        select(ClinicClusterPeriod).where(
            ClinicClusterPeriod.clinic_id == clinic_id, ClinicClusterPeriod.valid_to.is_(None)
        )
    )


def clinic_in_cluster(cluster_id: uuid.UUID, clinic_id: uuid.UUID) -> Clinic:
    """A clinic that is in the cluster now (404 otherwise)."""
    period = current_period(clinic_id)
    if period is None or period.cluster_id != cluster_id:
        raise NotFound("No such clinic in this cluster.")
    return db.session.get(Clinic, clinic_id)  # type: ignore[return-value]


def member_in_cluster(cluster_id: uuid.UUID, member_id: uuid.UUID) -> Member:
    member = db.session.get(Member, member_id)
    if member is None or member.valid_to is not None:
        raise NotFound("No such member in this cluster.")
    period = current_period(member.clinic_id)
    if period is None or period.cluster_id != cluster_id:
        raise NotFound("No such member in this cluster.")
    return member


def role_in_cluster(cluster_id: uuid.UUID, role_id: uuid.UUID) -> ClusterRole:
    role = db.session.get(ClusterRole, role_id)
    if role is None or role.cluster_id != cluster_id or role.valid_to is not None:
        raise NotFound("No such role in this cluster.")
    return role


def sub_cluster_in_cluster(cluster_id: uuid.UUID, sub_cluster_id: uuid.UUID) -> SubCluster:
    sub = db.session.get(SubCluster, sub_cluster_id)
    if sub is None or sub.cluster_id != cluster_id:
        raise NotFound("No such sub-cluster in this cluster.")
    return sub


# --- finding what is in a cluster within reach ---------------------------------------------


def _within_cluster(
    kind: str, path_id: str, lookup: Callable[[uuid.UUID, uuid.UUID], Any]
) -> Finder:
    """A finder of something of a cluster: the cluster, if the caller reaches it (404), then
    `lookup(cluster_id, <path_id>)` in it (404), with the caller's roles in the cluster."""

    def find(principal: Principal, cluster_id: uuid.UUID, **ids: uuid.UUID) -> Reached:
        cluster = cluster_in_reach(principal, cluster_id=cluster_id)
        return Reached(lookup(cluster.item.id, ids[path_id]), cluster.standing)

    return Finder(kind=kind, name=kind, path=("cluster_id", path_id), find=find)


clinic_in_reach = _within_cluster("clinic", "clinic_id", clinic_in_cluster)
member_in_reach = _within_cluster("member", "member_id", member_in_cluster)
role_in_reach = _within_cluster("role", "role_id", role_in_cluster)
sub_cluster_in_reach = _within_cluster("sub_cluster", "sub_cluster_id", sub_cluster_in_cluster)


# What the caller may do in a cluster, by name, as the cluster's `my_permissions` shows it:
# the actions of several domains, each decided by the table with the caller's standing.
CLUSTER_ACTIONS = {
    "manage_registry": "clusters.manage",
    "manage_members": "members.manage",
    "read_personal_emails": "members.read_personal_email",
    "plan_meetings": "meetings.plan",
    "upload_files": "files.write",
    "manage_files": "files.manage",
    "post": "posts.write",
    "moderate_posts": "posts.moderate",
}


# --- the rules the domains' permissions are made of ---------------------------------------

COORDINATORS = frozenset({ClusterRoleKind.coordinator, ClusterRoleKind.co_coordinator})
MEMBER_KEEPERS = COORDINATORS | {ClusterRoleKind.secretary}
MEETING_PLANNERS = COORDINATORS | {ClusterRoleKind.board_member, ClusterRoleKind.secretary}


def platform_admin(principal: Principal, access: ClusterAccess | None) -> bool:
    return principal.is_platform_admin


def any_person(principal: Principal, access: ClusterAccess | None) -> bool:
    return principal.user is not None


def anyone_authenticated(principal: Principal, access: ClusterAccess | None) -> bool:
    return True


def registry_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """People, and clients with a registry scope. Which clusters: `reachable_clusters`."""
    return principal.user is not None or bool(principal.scopes & REGISTRY_READ_SCOPES)


def registry_writer(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin, or a machine client with `clusters:write` (its region per item)."""
    return principal.is_platform_admin or "clusters:write" in principal.scopes


def holds_role(roles: frozenset[ClusterRoleKind]) -> Rule:
    """The platform admin, or a person holding one of `roles` in the cluster."""

    def rule(principal: Principal, access: ClusterAccess | None) -> bool:
        if principal.is_platform_admin:
            return True
        if principal.user is None:
            return False
        return access is None or bool(access.roles & roles)

    return rule


def cluster_insider(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin, and the cluster's own doctors and role holders: not the quality
    units, which read meetings without personal answers."""
    if principal.is_platform_admin:
        return True
    if principal.user is None:
        return False
    if access is None:
        return True
    return bool(access.roles) or (isinstance(access, InsiderAccess) and access.insider)


def own_or_roles(roles: frozenset[ClusterRoleKind]) -> Rule:
    """The cluster's own people on what they made (or when acting on no one thing, as in
    adding to the library); holders of `roles` on anything of the cluster's."""

    def rule(principal: Principal, access: ClusterAccess | None) -> bool:
        if not cluster_insider(principal, access):
            return False
        if access is None or access.own is not False or principal.is_platform_admin:
            return True
        return bool(access.roles & roles)

    return rule


def plo_or_admin(principal: Principal, access: ClusterAccess | None) -> bool:
    """PLO (staff, and its clients with `attendance:read`) and the platform admin: what is
    read across every cluster at once, outside any cluster's own reach."""
    return principal.is_platform_admin or works_for_plo(principal)


# --- the registry's permissions -----------------------------------------------------------

register_permissions(
    {
        "landscape.read": Permission(
            "Anyone signed in reads the national and regional figures (aggregates only).",
            anyone_authenticated,
            in_cluster=False,
        ),
        "regions.read": Permission(
            "Anyone signed in reads the regions.", anyone_authenticated, in_cluster=False
        ),
        "clusters.read": Permission(
            "A cluster's registry (clinics, members, roles, sub-clusters) is read by its members "
            "and role holders, by the staff and registry clients of its region's quality unit, "
            "by KiAP and PLO, and by the platform admin. Anyone else gets 404.",
            registry_reader,
        ),
        "clusters.manage": Permission(
            "The coordinator and co-coordinators maintain the registry: clinics in and out, "
            "roles, sub-clusters and the data policy.",
            holds_role(COORDINATORS),
        ),
        "members.manage": Permission(
            "The coordinator, co-coordinators and secretary maintain members and their e-mails.",
            holds_role(MEMBER_KEEPERS),
        ),
        "registry.bulk_write": Permission(
            "Bulk upserts of clinics and members: the platform admin anywhere, and a regional "
            "unit's client with `clusters:write` within its region (checked item by item).",
            registry_writer,
            in_cluster=False,
        ),
        "members.read_personal_email": Permission(
            "Personal e-mails are seen by the person, the coordinator, co-coordinators and "
            "secretary.",
            holds_role(MEMBER_KEEPERS),
        ),
    }
)
