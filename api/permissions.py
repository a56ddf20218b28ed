"""The permission table: the one place that decides who may do what.

Each action maps to a rule over the calling principal and, for actions inside a cluster, the
caller's access to that cluster (`ClusterAccess`: the cluster and the caller's roles in it).
Resources declare the action with `@blp.access("…")`, which checks the rule without a
cluster ("could this caller ever do this?", else 403); cluster resources then check it again
with the cluster (403), after finding the cluster within the caller's reach (else 404). The
OpenAPI document carries each operation's action as `x-permission`, and a test walks every
operation for every kind of caller against this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.errors import abort
from api.models import (
    Client,
    ClusterRoleKind,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    User,
)
from api.security import Principal
from api.services.access import (
    MEETING_READ_SCOPES,
    REGISTRY_READ_SCOPES,
    ClusterAccess,
    InsiderAccess,
    MeetingAccess,
    works_for_plo,
)

Rule = Callable[[Principal, ClusterAccess | None], bool]

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


def meeting_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """People, and clients with a registry scope or `attendance:read`. Which meetings: their
    clusters' reach (`reachable_clusters` with `MEETING_READ_SCOPES`)."""
    return principal.user is not None or bool(principal.scopes & MEETING_READ_SCOPES)


def meeting_planner(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin; the coordinator, co-coordinators, board members and secretary;
    and, for one meeting, its responsible party."""
    if principal.is_platform_admin:
        return True
    if principal.user is None:
        return False
    if access is None:
        return True
    if access.roles & MEETING_PLANNERS:
        return True
    return isinstance(access, MeetingAccess) and access.responsible


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


def file_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """People. Which files: those attached to what they read (see `files.read`)."""
    return principal.user is not None


def attendance_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """PLO (staff, and its clients with `attendance:read`) everywhere; the cluster's own
    people; the platform admin."""
    if principal.client is not None:
        return works_for_plo(principal)
    return works_for_plo(principal) or cluster_insider(principal, access)


def plo_or_admin(principal: Principal, access: ClusterAccess | None) -> bool:
    """PLO (staff, and its clients with `attendance:read`) and the platform admin: what is
    read across every cluster at once, outside any cluster's own reach."""
    return principal.is_platform_admin or works_for_plo(principal)


@dataclass(frozen=True)
class Permission:
    description: str
    rule: Rule
    # Acting on something inside a cluster, which the caller must first reach (else 404):
    # someone with no standing in any cluster holds it nowhere.
    in_cluster: bool = True


PERMISSIONS: dict[str, Permission] = {
    "me.read": Permission("A person reads their own profile.", any_person, in_cluster=False),
    "me.calendar_feed": Permission(
        "A person makes, reads and stops their own calendar subscription (the feed's URL "
        "itself is fetched without a token).",
        any_person,
        in_cluster=False,
    ),
    "me.meetings": Permission(
        "A person reads the meetings they are invited to, with their own answers.",
        any_person,
        in_cluster=False,
    ),
    "organisations.read": Permission(
        "Anyone signed in reads the list of organisations.", anyone_authenticated, in_cluster=False
    ),
    "users.read": Permission(
        "The platform admin reads user accounts.", platform_admin, in_cluster=False
    ),
    "users.write": Permission(
        "The platform admin creates, changes and deletes user accounts.",
        platform_admin,
        in_cluster=False,
    ),
    "clients.read": Permission(
        "The platform admin reads machine clients.", platform_admin, in_cluster=False
    ),
    "clients.write": Permission(
        "The platform admin registers, changes, rotates and removes machine clients.",
        platform_admin,
        in_cluster=False,
    ),
    "audit.read": Permission(
        "The platform admin reads the audit log.", platform_admin, in_cluster=False
    ),
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
        "Personal e-mails are seen by the person, the coordinator, co-coordinators and secretary.",
        holds_role(MEMBER_KEEPERS),
    ),
    "meetings.read": Permission(
        "A cluster's meetings, agendas, minutes and actions are read by whoever reaches the "
        "cluster (as `clusters.read`; PLO's clients with `attendance:read` too). Drafts only "
        "by those who may plan them. Anyone else gets 404.",
        meeting_reader,
    ),
    "meetings.plan": Permission(
        "The coordinator, co-coordinators, board members and secretary plan meetings, edit "
        "agendas, minutes and actions, invite, remind, close and cancel; so does the meeting's "
        "responsible party (the person, or the doctors of the responsible sub-cluster or "
        "arranging clinic) for that meeting.",
        meeting_planner,
    ),
    "meetings.answer": Permission(
        "A person answers their own invitation (404 without one).", any_person
    ),
    "meetings.read_answers": Permission(
        "Who is invited and what they answered is read by the cluster's doctors and role "
        "holders and the platform admin; not by the quality units.",
        cluster_insider,
    ),
    "attendance.register": Permission(
        "Those who plan a meeting register its attendance until it is closed.",
        meeting_planner,
    ),
    "attendance.correct": Permission(
        "After a meeting is closed, the coordinator and co-coordinators (and the platform "
        "admin) correct its attendance; each correction carries its reason and is audited.",
        holds_role(COORDINATORS),
    ),
    "attendance.read": Permission(
        "Attendance is read by the cluster's doctors and role holders, by PLO (staff, and "
        "clients with `attendance:read`) everywhere, and by the platform admin.",
        attendance_reader,
    ),
    "attendance.feed": Permission(
        "The attendance feed of every cluster (the basis of fees) is read by PLO (staff, and "
        "clients with `attendance:read`) and by the platform admin.",
        plo_or_admin,
        in_cluster=False,
    ),
    "files.read": Permission(
        "A file is read by whoever reads what it is attached to: a cluster's library (its "
        "folders and files) by those who reach the cluster (as `clusters.read`), a meeting's "
        "files by those who read the meeting (as `meetings.read`; a draft's only by those who "
        "plan it). Machine clients do not read files. Anyone else gets 404.",
        file_reader,
    ),
    "files.write": Permission(
        "The cluster's own doctors and role holders, and the platform admin, upload files to "
        "the library and to meetings, make folders, and rename, move and delete the files and "
        "folders they made.",
        cluster_insider,
    ),
    "posts.read": Permission(
        "A board is read by whoever reads what it belongs to: a cluster's by those who reach "
        "the cluster (as `clusters.read`), a meeting's by those who read the meeting (as "
        "`meetings.read`; a draft's only by those who plan it). Machine clients read no "
        "posts. Anyone else gets 404.",
        any_person,
    ),
    "posts.write": Permission(
        "The cluster's own doctors and role holders, and the platform admin, post and reply, "
        "attach files to their posts, and edit and delete their own posts.",
        cluster_insider,
    ),
    "posts.moderate": Permission(
        "The coordinator and co-coordinators (and the platform admin) pin threads, and edit "
        "and delete anyone's posts in the cluster.",
        holds_role(COORDINATORS),
    ),
    "files.manage": Permission(
        "The coordinator and co-coordinators (and the platform admin) rename, move and delete "
        "anyone's files and folders in the cluster.",
        holds_role(COORDINATORS),
    ),
}


def can(principal: Principal, action: str, access: ClusterAccess | None = None) -> bool:
    return PERMISSIONS[action].rule(principal, access)


def require_permission(
    principal: Principal, action: str, access: ClusterAccess | None = None
) -> None:
    if not can(principal, action, access):
        abort(403, f"You do not have the permission `{action}`.")


# --- who holds each permission, for the contract -------------------------------------------

# The kinds of person, by their standing in a cluster: a role, a doctor without a role, the
# responsible party of one meeting, a quality unit's or PLO's staff, or no relation at all.
_ROLE_HOLDERS = [role.value for role in ClusterRoleKind]
_PERSON_KINDS = [
    "platform_admin",
    *_ROLE_HOLDERS,
    "member",
    "meeting_responsible",
    *[f"{kind.value}_staff" for kind in OrganisationKind],
    "other_person",
]


def _person(kind: str) -> tuple[Principal, ClusterAccess]:
    user = User(is_platform_admin=kind == "platform_admin", memberships=[])
    roles: frozenset[ClusterRoleKind] = frozenset()
    insider = responsible = False
    if kind in _ROLE_HOLDERS:
        roles, insider = frozenset({ClusterRoleKind(kind)}), True
    elif kind in ("member", "meeting_responsible"):
        insider, responsible = True, kind == "meeting_responsible"
    elif kind.endswith("_staff"):
        organisation = Organisation(kind=OrganisationKind(kind.removesuffix("_staff")))
        user.memberships = [OrganisationMembership(organisation=organisation)]
    principal = Principal(session=None, user=user)  # type: ignore[arg-type]
    access = MeetingAccess(cluster=None, roles=roles, insider=insider, responsible=responsible)  # type: ignore[arg-type]
    return principal, access


def _client(kind: OrganisationKind, scope: str) -> tuple[Principal, ClusterAccess]:
    client = Client(organisation=Organisation(kind=kind), scopes=[scope])
    principal = Principal(session=None, client=client, scopes=frozenset({scope}))  # type: ignore[arg-type]
    return principal, MeetingAccess(cluster=None, roles=frozenset())  # type: ignore[arg-type]


def permission_grants() -> dict[str, dict]:
    """For every permission: its description, the kinds of person it is granted to (by their
    standing in the cluster concerned), and per organisation kind the scopes that grant it to
    a machine client. Worked out by asking the rules themselves, so it cannot drift from them.
    Which clusters a grant reaches is the permission's description (a regional unit: its own
    region)."""
    from api.schemas.people import SCOPES

    grants: dict[str, dict] = {}
    for action, permission in sorted(PERMISSIONS.items()):
        people = [
            kind
            for kind in _PERSON_KINDS
            if permission.rule(*_person(kind))
            and not (permission.in_cluster and kind == "other_person")
        ]
        clients = {
            kind.value: [scope for scope in SCOPES if permission.rule(*_client(kind, scope))]
            for kind in OrganisationKind
        }
        grants[action] = {
            "description": permission.description,
            "people": people,
            "client_scopes": {kind: scopes for kind, scopes in clients.items() if scopes},
        }
    return grants
