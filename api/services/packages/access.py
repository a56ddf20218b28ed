"""Who may act on packages: finding a package, a version or a material within the caller's
reach (404 otherwise), the caller's standing to it, and the packages domain's permissions.

Packages belong to no cluster: a quality unit (KiAP or a regional unit) offers them to all.
Everyone signed in reads the published and retired ones; a draft package, a draft version and
its materials are found only by those who write for the owning unit (404 for anyone else).
A unit's staff, and its machine clients with `packages:write`, write its packages only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import joinedload, lazyload

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Permission, Reached, finder, register_permissions
from api.core.security import Principal
from api.models import (
    AttachmentKind,
    Cluster,
    ClusterRoleKind,
    File,
    OrganisationKind,
    Package,
    PackageOrder,
    PackageProposal,
    PackageState,
    PackageVersion,
    PackageVersionState,
)
from api.services.registry.access import (
    COORDINATORS,
    ClusterAccess,
    InsiderAccess,
    cluster_insider,
    holds_role,
    insider_access,
)

PACKAGES_WRITE_SCOPES = frozenset({"packages:write"})
# The organisations that offer packages: the regional quality units and KiAP.
QUALITY_UNITS = frozenset({OrganisationKind.regional_unit, OrganisationKind.national_unit})


def units_written_for(principal: Principal) -> frozenset[uuid.UUID]:
    """The quality units whose packages the caller writes: a person's own units, a machine
    client's unit when it has `packages:write`."""
    if principal.client is not None:
        organisation = principal.client.organisation
        if principal.scopes & PACKAGES_WRITE_SCOPES and organisation.kind in QUALITY_UNITS:
            return frozenset({organisation.id})
        return frozenset()
    if principal.user is None:
        return frozenset()
    memberships = principal.user.memberships
    return frozenset(m.organisation.id for m in memberships if m.organisation.kind in QUALITY_UNITS)


@dataclass(frozen=True)
class PackageAccess:
    """The caller's standing to a package: whether they write for its unit (`owner`)."""

    owner: bool


def package_reader(principal: Principal, access: PackageAccess | None) -> bool:
    """Everyone signed in. Which packages: the published and retired ones, and the owners'
    drafts (`visible_packages`)."""
    return True


def package_writer(principal: Principal, access: PackageAccess | None) -> bool:
    """The platform admin; a quality unit's staff and its clients with `packages:write`, on
    their unit's packages."""
    if principal.is_platform_admin:
        return True
    if not units_written_for(principal):
        return False
    # Asked without a package (or with a standing of another kind): on their own unit's.
    return not isinstance(access, PackageAccess) or access.owner


def standing(principal: Principal, package: Package) -> PackageAccess:
    owner = principal.is_platform_admin or package.organisation_id in units_written_for(principal)
    return PackageAccess(owner=owner)


def visible_packages(principal: Principal) -> ColumnElement[bool]:
    """The packages the caller finds: a predicate over `Package`."""
    if principal.is_platform_admin:
        return true()
    shown = Package.state != PackageState.draft
    units = units_written_for(principal)
    return shown | Package.organisation_id.in_(units) if units else shown


# --- finding a package, a version or a material within reach ----------------------------------


@finder("package")
def package_in_reach(principal: Principal, package_id: uuid.UUID) -> Reached[Package]:
    """The package, if the caller finds it (404), with whether they write for its unit."""
    package = db.session.scalar(
        select(Package).where(Package.id == package_id, visible_packages(principal))
    )
    if package is None:
        raise NotFound("No such package.")
    return Reached(package, standing(principal, package))


@finder("package_version", name="version")
def package_version_in_reach(
    principal: Principal, package_id: uuid.UUID, version_id: uuid.UUID
) -> Reached[PackageVersion]:
    """A version of a package the caller finds; a draft only for the unit's writers (404)."""
    package = package_in_reach(principal, package_id=package_id)
    version = next((v for v in package.item.versions if v.id == version_id), None)
    if version is None or (
        version.state is PackageVersionState.draft and not package.standing.owner
    ):
        raise NotFound("No such version of this package.")
    return Reached(version, package.standing)


@finder("package_material", name="material")
def package_material_in_reach(
    principal: Principal, package_id: uuid.UUID, version_id: uuid.UUID, material_id: uuid.UUID
) -> Reached[File]:
    """A material of a version the caller finds (404)."""
    version = package_version_in_reach(principal, package_id=package_id, version_id=version_id)
    material = db.session.scalar(
        select(File).where(
            File.id == material_id,
            File.package_version_id == version.item.id,
            File.attached_to == AttachmentKind.package,
        )
    )
    if material is None:
        raise NotFound("No such material of this version.")
    return Reached(material, version.standing)


# --- the packages domain's permissions --------------------------------------------------------

register_permissions(
    {
        "packages.read": Permission(
            "Everyone signed in (people and machine clients) reads the catalogue: the "
            "published and retired packages, their published versions and materials. A draft "
            "package, a draft version and its materials are found only by those who write "
            "for the owning unit (404 for anyone else).",
            package_reader,
            in_cluster=False,
        ),
        "packages.write": Permission(
            "A quality unit (KiAP or a regional unit) writes its own packages: its staff, and "
            "its machine clients with `packages:write`; so does the platform admin. Another "
            "unit's published packages are read, not written (403).",
            package_writer,
            in_cluster=False,
        ),
    }
)


# --- orders: a cluster orders a package, its unit answers -------------------------------------

# Who orders a package for a cluster, and cancels the order: its coordinators and board.
ORDERERS = COORDINATORS | {ClusterRoleKind.board_member}


@dataclass(frozen=True)
class UnitCaseAccess(InsiderAccess):
    """A cluster's case with a quality unit (an order of a package, a package proposal): the
    cluster as the caller stands in it, and whether the caller writes for the unit that
    answers it (`unit`)."""

    unit: bool = False


def unit_case_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """The cluster's own people, and the unit that answers the case."""
    if isinstance(access, UnitCaseAccess) and access.unit:
        return True
    if access is None and units_written_for(principal):
        return True
    return cluster_insider(principal, access)


def unit_case_answerer(principal: Principal, access: ClusterAccess | None) -> bool:
    """The platform admin; the unit that answers the case (its staff, and its clients with
    `packages:write`)."""
    if principal.is_platform_admin:
        return True
    if not units_written_for(principal):
        return False
    return not isinstance(access, UnitCaseAccess) or access.unit


@finder("package_order", name="order")
def order_in_reach(principal: Principal, order_id: uuid.UUID) -> Reached[PackageOrder]:
    """The order, if the caller is one of the ordering cluster's own people or writes for the
    package's unit (404 for anyone else), and the caller's standing to it."""
    order = db.session.get(
        PackageOrder,
        order_id,
        options=[
            joinedload(PackageOrder.package).options(
                lazyload(Package.versions), lazyload(Package.theme_rows)
            )
        ],
    )
    if order is None:
        raise NotFound("No such order.")
    unit = principal.is_platform_admin or order.organisation_id in units_written_for(principal)
    cluster = db.session.get(Cluster, order.cluster_id)
    assert cluster is not None
    insider = insider_access(principal, cluster)
    if not (unit or insider.insider or insider.roles):
        raise NotFound("No such order.")
    return Reached(order, UnitCaseAccess(**vars(insider), unit=unit))


register_permissions(
    {
        "package_orders.read": Permission(
            "A cluster's own people read its orders of packages and their answers; the unit "
            "that offers a package reads the orders of it (404 for anyone else).",
            unit_case_reader,
        ),
        "package_orders.place": Permission(
            "A cluster's coordinator, co-coordinators and board members order a published "
            "package for the cluster, and cancel an order while it is requested.",
            holds_role(ORDERERS),
        ),
        "package_orders.manage": Permission(
            "The unit that offers a package (its staff, and its clients with "
            "`packages:write`) lists the orders of its packages, accepts them (perhaps "
            "offering a facilitator) or declines them with a reason; so does the platform "
            "admin.",
            unit_case_answerer,
            in_cluster=False,
        ),
    }
)


# --- proposals: a cluster shares one of its held meetings, its regional unit reviews ----------


@finder("package_proposal", name="proposal")
def proposal_in_reach(principal: Principal, proposal_id: uuid.UUID) -> Reached[PackageProposal]:
    """The proposal, if the caller is one of the proposing cluster's own people or writes for
    the reviewing unit (404 for anyone else), and the caller's standing to it."""
    proposal = db.session.get(PackageProposal, proposal_id)
    if proposal is None:
        raise NotFound("No such package proposal.")
    unit = principal.is_platform_admin or proposal.organisation_id in units_written_for(principal)
    insider = insider_access(principal, proposal.cluster)
    if not (unit or insider.insider or insider.roles):
        raise NotFound("No such package proposal.")
    return Reached(proposal, UnitCaseAccess(**vars(insider), unit=unit))


register_permissions(
    {
        "package_proposals.read": Permission(
            "A cluster's own people read its proposals to share its meetings as packages; the "
            "cluster's regional unit, which reviews them, reads them too (404 for anyone else).",
            unit_case_reader,
        ),
        "package_proposals.propose": Permission(
            "A cluster's coordinator and co-coordinators propose one of its held meetings as a "
            "package, revise and resubmit a returned proposal, and withdraw one not published.",
            holds_role(COORDINATORS),
        ),
        "package_proposals.review": Permission(
            "The cluster's regional unit (its staff, and its clients with `packages:write`) "
            "lists the proposals sent to it, publishes them in the catalogue under the "
            "cluster's name or returns them with a comment; so does the platform admin.",
            unit_case_answerer,
            in_cluster=False,
        ),
    }
)
