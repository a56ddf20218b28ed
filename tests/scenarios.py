"""Scenarios: the clusters and the people a test's story needs, declared by name and built by
the factories.

Every scenario has the same two clusters: "Demoklyngen Viborg" in Region Midtjylland and
"Odense Syd" in Region Syddanmark, and up to three clinics: Lægerne i Viborg (`viborg`, 100001),
Viborg Lægehus (`viborg_other`, 100002) and Odense Lægecenter (`odense`, 200001). A test names
the people it needs and says who each is:

    world = build(factory, {
        "coordinator": doctor("viborg", role="coordinator"),
        "member": doctor("viborg", personal_email="mads@privat.dk"),
        "consultant": staff("midtjylland"),
        "plo_client": machine("plo", "attendance:read"),
        "admin": ADMIN,
    })

and gets the objects, each person's `Authorization` header, and their ids by name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from api.models import (
    Client,
    Clinic,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    Organisation,
    OrganisationKind,
    User,
)
from tests.factories import Factory

# The clinics a scenario may have: name in the scenario → (cluster, provider number, name).
CLINICS = {
    "viborg": ("viborg", "100001", "Lægerne i Viborg"),
    "viborg_other": ("viborg", "100002", "Viborg Lægehus"),
    "odense": ("odense", "200001", "Odense Lægecenter"),
}
# Since when the clinics are in their clusters and the doctors work there; since when roles
# are held. Fixed days long past, so that nothing in a scenario depends on today.
IN_CLUSTER_SINCE = date(2019, 1, 1)
ROLES_SINCE = date(2024, 1, 1)
# The organisations a person or a client may work for: a regional unit by its region, KiAP,
# or PLO.
UNITS = {
    "midtjylland": {"kind": OrganisationKind.regional_unit, "region_code": "midtjylland"},
    "syddanmark": {"kind": OrganisationKind.regional_unit, "region_code": "syddanmark"},
    "kiap": {"kind": OrganisationKind.national_unit},
    "plo": {"kind": OrganisationKind.plo},
}
_USER_FIELDS = frozenset({"name", "email"})


@dataclass(frozen=True)
class Person:
    """Who someone of a scenario is. `clinic`: the scenario's clinic they work at (none if
    None); `role`: the role they hold in Viborg; `unit`: the organisation they work for; and
    fields of their account (`user`) and of their work at the clinic (`member`)."""

    clinic: str | None = None
    role: ClusterRoleKind | None = None
    unit: str | None = None
    admin: bool = False
    user: dict[str, Any] = field(default_factory=dict)
    member: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MachineClient:
    """A machine client of `unit` with `scopes`."""

    unit: str
    scopes: tuple[str, ...]


def doctor(clinic: str, role: str | None = None, **fields: Any) -> Person:
    """A doctor at one of the scenario's clinics, holding `role` in Viborg if given. `name`
    and `email` are their account's; the other fields their membership's (`personal_email`,
    `work_email`, `until`, …)."""
    return Person(
        clinic=clinic,
        role=ClusterRoleKind(role) if role else None,
        user={k: v for k, v in fields.items() if k in _USER_FIELDS},
        member={k: v for k, v in fields.items() if k not in _USER_FIELDS},
    )


def role_holder(role: str, **user: Any) -> Person:
    """Someone who holds `role` in Viborg and works at no clinic (a secretary, say)."""
    return Person(role=ClusterRoleKind(role), user=user)


def staff(unit: str, **user: Any) -> Person:
    """Someone who works for `unit` (a region's quality unit by its region, `kiap` or `plo`)."""
    return Person(unit=unit, user=user)


def machine(unit: str, *scopes: str) -> MachineClient:
    return MachineClient(unit, scopes)


ADMIN = Person(admin=True)
OUTSIDER = Person()  # someone with an account and no place in any cluster or organisation


@dataclass
class Scenario:
    viborg: Cluster
    odense: Cluster
    clinics: dict[str, Clinic]
    people: dict[str, User | Client]
    headers: dict[str, dict[str, str]]
    # Each person's id, read once: the objects expire at every request.
    ids: dict[str, uuid.UUID]
    # By the person's name: their work at a clinic, their role in Viborg.
    members: dict[str, Member]
    roles: dict[str, ClusterRole]
    units: dict[str, Organisation]

    def id(self, name: str) -> str:
        return str(self.ids[name])


S = TypeVar("S", bound=Scenario)


def build(
    factory: Factory,
    people: dict[str, Person | MachineClient],
    *,
    clinics: tuple[str, ...] = (),
    naming: Any = None,
    shape: type[S] = Scenario,  # type: ignore[assignment]
) -> S:
    """The two clusters, the clinics `people` work at (and `clinics`), and `people`, each
    with their header. `naming(key)` names those whose name is not given (else the factory
    does); `shape` is the Scenario subclass to return (a test module's, with its own helpers)."""
    viborg = factory.cluster("midtjylland", name="Demoklyngen Viborg")
    odense = factory.cluster("syddanmark", name="Odense Syd")
    clusters = {"viborg": viborg, "odense": odense}
    wanted = set(clinics) | {p.clinic for p in people.values() if isinstance(p, Person)}
    made_clinics = {
        key: factory.clinic(
            clusters[cluster], provider_number=number, name=name, since=IN_CLUSTER_SINCE
        )
        for key, (cluster, number, name) in CLINICS.items()
        if key in wanted
    }
    units: dict[str, Organisation] = {}

    def unit(key: str) -> Organisation:
        if key not in units:
            units[key] = factory.organisation(**UNITS[key])
        return units[key]

    made: dict[str, User | Client] = {}
    members: dict[str, Member] = {}
    roles: dict[str, ClusterRole] = {}
    for key, person in people.items():
        if isinstance(person, MachineClient):
            made[key] = factory.client(organisation=unit(person.unit), scopes=list(person.scopes))
            continue
        account = dict(person.user)
        if naming is not None:
            account.setdefault("name", naming(key))
        organisations = [unit(person.unit)] if person.unit else []
        user = factory.user(organisations, is_platform_admin=person.admin, **account)
        if person.clinic is not None:
            members[key] = factory.member(
                made_clinics[person.clinic], user, **{"since": IN_CLUSTER_SINCE, **person.member}
            )
        if person.role is not None:
            roles[key] = factory.role(viborg, user, person.role, since=ROLES_SINCE)
        made[key] = user
    headers = {key: factory.auth(principal) for key, principal in made.items()}
    ids = {key: principal.id for key, principal in made.items()}
    return shape(viborg, odense, made_clinics, made, headers, ids, members, roles, units)
