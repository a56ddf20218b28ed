"""Who holds each permission, for the contract: the OpenAPI document's `x-permissions`,
worked out by asking the permission table's rules themselves."""

from __future__ import annotations

from api.core.permissions import PERMISSIONS
from api.core.security import Principal
from api.models import (
    Client,
    ClusterRoleKind,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    User,
)
from api.services.meetings.access import MeetingAccess
from api.services.registry.access import ClusterAccess

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
    from api.schemas.accounts import SCOPES

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
