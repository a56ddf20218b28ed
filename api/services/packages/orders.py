"""Orders of packages: a cluster orders a published package from the unit that offers it,
for one of its meetings or for a period, and the unit answers.

    requested ─accept→ accepted        (by the unit, perhaps offering a facilitator)
    requested ─decline→ declined       (by the unit, with a reason)
    requested ─cancel→ cancelled       (by the cluster)

Any other step is refused (409 `package_order_not_requested`). The unit's people are told of
a new order by e-mail, and the cluster's coordinator of the answer, through the outbox in the
transaction that makes the change. Orders are audited (`Audited`).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, lazyload

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.mail.outbox import enqueue
from api.core.permissions import permissions_on
from api.core.security import Principal
from api.core.shown import Shown
from api.models import (
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Meeting,
    OrganisationMembership,
    Package,
    PackageKind,
    PackageOrder,
    PackageOrderState,
    PackageState,
    User,
)
from api.models.base import utcnow
from api.services.packages.access import UnitCaseAccess, units_written_for
from api.services.packages.mail import person_name, unit_people

# What the caller may do with an order, by name, as `my_permissions` shows it.
ORDER_ACTIONS = {"cancel": "package_orders.place", "answer": "package_orders.manage"}


def version_etag(order: PackageOrder) -> dict[str, Any]:
    return {"id": str(order.id), "version": order.version}


def shown(principal: Principal, access: UnitCaseAccess, order: PackageOrder) -> Shown:
    return Shown(order, my_permissions=permissions_on(principal, ORDER_ACTIONS, access))


# --- reading -----------------------------------------------------------------------------------


def _orders() -> Select:
    """Orders with their package's title and unit, without the package's versions and themes,
    which an order does not show."""
    return select(PackageOrder).options(
        joinedload(PackageOrder.package).options(
            lazyload(Package.versions), lazyload(Package.theme_rows)
        )
    )


def cluster_orders_query(cluster: Cluster, state: PackageOrderState | None) -> Select:
    stmt = _orders().where(PackageOrder.cluster_id == cluster.id)
    return stmt if state is None else stmt.where(PackageOrder.state == state)


def unit_orders_query(
    principal: Principal, unit: uuid.UUID | None, state: PackageOrderState | None
) -> Select:
    """The orders of the packages of the units the caller writes for (the admin: all), of
    one `unit` and in one `state` if asked."""
    stmt = _orders()
    if not principal.is_platform_admin:
        stmt = stmt.where(PackageOrder.organisation_id.in_(units_written_for(principal)))
    if unit is not None:
        stmt = stmt.where(PackageOrder.organisation_id == unit)
    if state is not None:
        stmt = stmt.where(PackageOrder.state == state)
    return stmt


# --- placing and answering ---------------------------------------------------------------------


def place(principal: Principal, cluster: Cluster, data: dict[str, Any]) -> PackageOrder:
    """The cluster orders a published package, for one of its meetings or a period."""
    package = db.session.get(Package, data["package_id"])
    if package is None or package.state is PackageState.draft:
        raise RuleViolation(
            errors={"package_id": [coded("No such package in the catalogue.", "unknown_package")]}
        )
    if package.state is not PackageState.published:
        raise Conflict(
            "The package is retired; it is no longer ordered.", code="package_not_orderable"
        )
    if package.kind is not PackageKind.package:
        raise Conflict(
            f"A {package.kind.value} is read and copied, not ordered.",
            code="package_not_orderable",
        )
    meeting_id = data.get("meeting_id")
    if meeting_id is not None and not db.session.scalar(
        select(Meeting.id).where(Meeting.id == meeting_id, Meeting.cluster_id == cluster.id)
    ):
        raise RuleViolation(
            errors={
                "meeting_id": [
                    coded("No such meeting of this cluster.", "unknown_meeting_of_cluster")
                ]
            }
        )
    order = PackageOrder(
        id=uuid.uuid4(),
        package_id=package.id,
        organisation_id=package.organisation_id,
        cluster_id=cluster.id,
        meeting_id=meeting_id,
        wished_from=data.get("wished_from"),
        wished_to=data.get("wished_to"),
        message=data.get("message", ""),
        state=PackageOrderState.requested,
        ordered_by_id=principal.user.id if principal.user is not None else None,
    )
    db.session.add(order)
    db.session.flush()
    _tell_unit(order, package, cluster)
    db.session.commit()
    return order


def _requested(order: PackageOrder, step: str) -> None:
    if order.state is not PackageOrderState.requested:
        raise Conflict(
            f"The order is {order.state.value}; it is {step} only while requested.",
            code="package_order_not_requested",
        )


def cancel(order: PackageOrder) -> PackageOrder:
    _requested(order, "cancelled")
    order.state = PackageOrderState.cancelled
    db.session.commit()
    return order


def accept(order: PackageOrder, data: dict[str, Any]) -> PackageOrder:
    """The unit accepts the order, perhaps offering a facilitator: a name or a text, and/or
    one of the unit's people."""
    _requested(order, "accepted")
    facilitator_user_id = data.get("facilitator_user_id")
    if facilitator_user_id is not None and not db.session.scalar(
        select(OrganisationMembership.id)
        .join(User, User.id == OrganisationMembership.user_id)
        .where(
            OrganisationMembership.user_id == facilitator_user_id,
            OrganisationMembership.organisation_id == order.organisation_id,
            User.is_active.is_(True),
        )
    ):
        raise RuleViolation(
            errors={
                "facilitator_user_id": [coded("Not one of the unit's people.", "not_staff_of_unit")]
            }
        )
    order.state = PackageOrderState.accepted
    order.facilitator = data.get("facilitator") or None
    order.facilitator_user_id = facilitator_user_id
    order.answered_at = utcnow()
    db.session.flush()
    _tell_cluster(order)
    db.session.commit()
    return order


def decline(order: PackageOrder, reason: str) -> PackageOrder:
    _requested(order, "declined")
    order.state = PackageOrderState.declined
    order.decline_reason = reason
    order.answered_at = utcnow()
    db.session.flush()
    _tell_cluster(order)
    db.session.commit()
    return order


# --- e-mail ------------------------------------------------------------------------------------


def _wish(order: PackageOrder) -> str:
    parts = []
    if order.meeting_id is not None:
        meeting = db.session.get(Meeting, order.meeting_id)
        if meeting is not None:
            parts.append(f"Til mødet: {meeting.title} ({meeting.starts_at:%d.%m.%Y})")
    if order.wished_from or order.wished_to:
        start = f"{order.wished_from:%d.%m.%Y}" if order.wished_from else "…"
        end = f"{order.wished_to:%d.%m.%Y}" if order.wished_to else "…"
        parts.append(f"Ønsket periode: {start} – {end}")
    return "\n".join(parts)


def _tell_unit(order: PackageOrder, package: Package, cluster: Cluster) -> None:
    """E-mail the unit's active people of the new order."""
    people = unit_people(order.organisation_id)
    subject = f"Ny bestilling af klyngepakken »{package.title}« fra {cluster.name}"
    body = [
        f"{cluster.name} har bestilt klyngepakken »{package.title}«.",
        _wish(order),
        f"Besked fra klyngen:\n{order.message}" if order.message else "",
        "Se bestillingen og svar på den på klyngeplatformen.",
        "Venlig hilsen\nKlyngeplatformen",
    ]
    text = "\n\n".join(part for part in body if part) + "\n"
    for person in people:
        enqueue(
            person.email,
            subject,
            text,
            to_name=person_name(person) or None,
            dedupe_key=f"package-order:{order.id}:requested:{person.id}",
        )


def _tell_cluster(order: PackageOrder) -> None:
    """E-mail the cluster's coordinator the unit's answer."""
    coordinator = db.session.scalar(
        select(User)
        .join(ClusterRole, ClusterRole.user_id == User.id)
        .where(
            ClusterRole.cluster_id == order.cluster_id,
            ClusterRole.role == ClusterRoleKind.coordinator,
            ClusterRole.valid_to.is_(None),
            User.is_active.is_(True),
        )
    )
    if coordinator is None:
        return
    package = order.package
    unit = package.organisation.name
    if order.state is PackageOrderState.accepted:
        subject = f"{unit} har accepteret jeres bestilling af »{package.title}«"
        answer = [f"{unit} har accepteret klyngens bestilling af klyngepakken »{package.title}«."]
        facilitator = _facilitator_text(order)
        if facilitator:
            answer.append(f"Tilbudt facilitator: {facilitator}")
    else:
        subject = f"{unit} har afvist jeres bestilling af »{package.title}«"
        answer = [
            f"{unit} har afvist klyngens bestilling af klyngepakken »{package.title}«.",
            f"Begrundelse:\n{order.decline_reason}",
        ]
    text = "\n\n".join(
        [f"Kære {person_name(coordinator)}", *answer, "Venlig hilsen\nKlyngeplatformen"]
    )
    enqueue(
        coordinator.email,
        subject,
        text + "\n",
        to_name=person_name(coordinator) or None,
        dedupe_key=f"package-order:{order.id}:{order.state.value}",
    )


def _facilitator_text(order: PackageOrder) -> str:
    names = []
    if order.facilitator_user_id is not None:
        user = db.session.get(User, order.facilitator_user_id)
        if user is not None:
            names.append(person_name(user))
    if order.facilitator:
        names.append(order.facilitator)
    return ", ".join(names)
