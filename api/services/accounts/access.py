"""Who may act on accounts: finding an organisation, a user account or a machine client
(404 otherwise), and the accounts domain's permissions: the signed-in person on themselves,
the platform admin on user accounts, machine clients and the audit log, everyone signed in on
the organisations.

Accounts are not inside a cluster: whoever may act on them at all reaches every one, so the
standing on them is nothing more than the caller's (None).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Permission, Reached, finder, register_permissions
from api.core.security import Principal
from api.models import Client, Organisation, User
from api.services.registry.access import any_person, anyone_authenticated, platform_admin


@finder("organisation")
def organisation_by_id(principal: Principal, organisation_id: uuid.UUID) -> Reached[Organisation]:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    return Reached(organisation, None)


@finder("user")
def user_by_id(principal: Principal, user_id: uuid.UUID) -> Reached[User]:
    user = db.session.scalar(
        select(User).where(User.id == user_id).options(selectinload(User.memberships))
    )
    if user is None:
        raise NotFound("No such user.")
    return Reached(user, None)


@finder("client")
def client_by_id(principal: Principal, client_uuid: uuid.UUID) -> Reached[Client]:
    client = db.session.get(Client, client_uuid)
    if client is None:
        raise NotFound("No such client.")
    return Reached(client, None)


register_permissions(
    {
        "me.read": Permission("A person reads their own profile.", any_person, in_cluster=False),
        "organisations.read": Permission(
            "Anyone signed in reads the list of organisations.",
            anyone_authenticated,
            in_cluster=False,
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
    }
)
