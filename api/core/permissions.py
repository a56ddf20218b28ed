"""The permission table: the one place that decides who may do what.

Each action maps to a rule over the calling principal and, for an action on something, the
caller's standing there: the object found within the caller's reach, the cluster it is in,
and the caller's roles and relations to it. Each domain registers its actions from its
`access.py`; an operation declares its action and the object it acts on once, with
`@blp.access("…", on=finder)`, and this table decides. The OpenAPI document carries each
operation's action as `x-permission`, and a test walks every operation for every kind of
caller against this table.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from api.core.errors import Forbidden
from api.core.security import Principal

# A rule answers for a caller and their standing on the object (None: "could this caller
# ever do this, somewhere?", asked before the object is looked up).
Rule = Callable[[Principal, Any], bool]


@dataclass(frozen=True)
class Permission:
    description: str
    rule: Rule
    # Acting on something inside a cluster, which the caller must first reach (else 404):
    # someone with no standing in any cluster holds it nowhere.
    in_cluster: bool = True


PERMISSIONS: dict[str, Permission] = {}


T = TypeVar("T")


@dataclass(frozen=True)
class Reached(Generic[T]):
    """What an operation acts on, found within the caller's reach, and the caller's standing
    there: what the rules read (the cluster, the caller's roles and relations to the object)."""

    item: T
    standing: Any


@dataclass(frozen=True)
class Finder:
    """How an operation finds its object within the caller's reach: `find(principal, **path)`
    gives it (`Reached`) or raises `NotFound`. An operation names its finder once, in
    `@blp.access(action, on=finder)`; the view then receives the result as `<name>=`."""

    kind: str
    name: str
    path: tuple[str, ...]
    find: Callable[..., Reached]

    def __call__(self, principal: Principal, **path: Any) -> Reached:
        return self.find(principal, **path)


def finder(kind: str, *, name: str | None = None) -> Callable[[Callable[..., Reached]], Finder]:
    """Make a function `(principal, <path parameters>) -> Reached` a `Finder` of `kind`.
    Its path parameters are its keyword parameters after the principal."""

    def decorator(find: Callable[..., Reached]) -> Finder:
        parameters = list(inspect.signature(find).parameters)[1:]
        return Finder(kind=kind, name=name or kind, path=tuple(parameters), find=find)

    return decorator


def register_permissions(table: dict[str, Permission]) -> None:
    """Add a domain's actions to the table; an action is registered once."""
    for action, permission in table.items():
        if action in PERMISSIONS and PERMISSIONS[action] is not permission:
            raise KeyError(f"permission {action!r} is registered twice")
        PERMISSIONS[action] = permission


def can(principal: Principal, action: str, standing: Any = None) -> bool:
    return PERMISSIONS[action].rule(principal, standing)


def require_permission(principal: Principal, action: str, standing: Any = None) -> None:
    if not can(principal, action, standing):
        raise Forbidden(f"You do not have the permission `{action}`.")


def permissions_on(principal: Principal, actions: dict[str, str], standing: Any) -> dict[str, bool]:
    """What the caller may do to an object, by name (`my_permissions`): each name's action
    asked of the table with the caller's standing there."""
    return {name: can(principal, action, standing) for name, action in actions.items()}
