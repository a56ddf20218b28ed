"""The permission table: the one place that decides who may do what.

Each action maps to a rule over the calling principal. Resources declare the action they
need with `@blp.access("…")`; the OpenAPI document carries it as `x-permission`, and a test
walks every operation for every kind of caller against this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.errors import abort
from api.security import Principal

Rule = Callable[[Principal], bool]


def platform_admin(principal: Principal) -> bool:
    return principal.is_platform_admin


def any_person(principal: Principal) -> bool:
    return principal.user is not None


def anyone_authenticated(principal: Principal) -> bool:
    return True


@dataclass(frozen=True)
class Permission:
    description: str
    rule: Rule


PERMISSIONS: dict[str, Permission] = {
    "me.read": Permission("A person reads their own profile.", any_person),
    "organisations.read": Permission(
        "Anyone signed in reads the list of organisations.", anyone_authenticated
    ),
    "users.read": Permission("The platform admin reads user accounts.", platform_admin),
    "users.write": Permission(
        "The platform admin creates, changes and deletes user accounts.", platform_admin
    ),
    "clients.read": Permission("The platform admin reads machine clients.", platform_admin),
    "clients.write": Permission(
        "The platform admin registers, changes, rotates and removes machine clients.",
        platform_admin,
    ),
    "audit.read": Permission("The platform admin reads the audit log.", platform_admin),
    "landscape.read": Permission(
        "Anyone signed in reads the national and regional figures (aggregates only).",
        anyone_authenticated,
    ),
}


def can(principal: Principal, action: str) -> bool:
    return PERMISSIONS[action].rule(principal)


def require_permission(principal: Principal, action: str) -> None:
    if not can(principal, action):
        abort(403, f"You do not have the permission `{action}`.")
