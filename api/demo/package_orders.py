"""The demo's orders of packages, one in each state: Demoklyngen Viborg has ordered "Stop op"
from MidtKraft (awaiting an answer) and KiAP's well-being session (accepted, with a
facilitator); another cluster's "Stop op" was accepted with MidtKraft's consultant as
facilitator, one cluster's order of "Multisygdom og polyfarmaci" was declined with a reason,
and one cancelled its order of the antibiotics package."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER
from api.demo.packages import ANTIBIOTIKA, MULTISYGDOM, STOP_OP, TRIVSEL
from api.models import (
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Package,
    PackageOrder,
    PackageOrderState,
    User,
)


@dataclass(frozen=True)
class DemoOrder:
    cluster: int  # 0: the demo cluster; 1, 2, 3: other clusters, by name
    package: str
    state: PackageOrderState
    ordered_days_ago: int
    wished_in_days: int  # the period wished starts this many days from now
    message: str
    facilitator: str | None = None
    facilitator_email: str | None = None
    decline_reason: str | None = None


ORDERS = (
    DemoOrder(
        0,
        STOP_OP.title,
        PackageOrderState.requested,
        3,
        60,
        "Vi vil gerne bruge hele pakken til vores temamøde i foråret og stopper gerne op "
        "ved data og mødestrukturen. Kan I stille med en facilitator?",
    ),
    DemoOrder(
        0,
        TRIVSEL.title,
        PackageOrderState.accepted,
        30,
        21,
        "Bestyrelsen ønsker et møde om lægernes trivsel efter en travl vinter.",
        facilitator="Lene Holm, trivselskonsulent i KiAP",
    ),
    DemoOrder(
        1,
        STOP_OP.title,
        PackageOrderState.accepted,
        20,
        35,
        "Vi har et heldagsmøde i kalenderen og vil gerne have pakken med.",
        facilitator="Mette Konsulent kommer og faciliterer hele mødet.",
        facilitator_email="midtkraft@demo.dk",
    ),
    DemoOrder(
        2,
        MULTISYGDOM.title,
        PackageOrderState.declined,
        25,
        10,
        "Kan pakken afholdes som et aftenmøde om to uger?",
        decline_reason="Vi har ingen facilitator ledig med så kort varsel. Bestil gerne igen "
        "med mindst seks ugers varsel, eller afhold pakken selv med vejledningen.",
    ),
    DemoOrder(
        3,
        ANTIBIOTIKA.title,
        PackageOrderState.cancelled,
        12,
        45,
        "Vi vil gerne se på vores antibiotikaforbrug ved urinvejsinfektion.",
    ),
)


def orders_present() -> bool:
    return bool(db.session.scalar(select(exists().where(PackageOrder.id.isnot(None)))))


def seed_package_orders(now: datetime | None = None) -> bool:
    """Insert the orders, unless there are some or there is no catalogue. True when inserted."""
    if orders_present():
        return False
    now = now or datetime.now(UTC)
    packages = {p.title: p for p in db.session.scalars(select(Package))}
    demo = db.session.scalar(select(Cluster).where(Cluster.name == DEMO_CLUSTER))
    others = list(
        db.session.scalars(
            select(Cluster).where(Cluster.name != DEMO_CLUSTER).order_by(Cluster.name).limit(3)
        )
    )
    clusters = ([demo] if demo is not None else []) + others
    if not packages or len(clusters) < 4:
        return False
    users = {
        u.email: u for u in db.session.scalars(select(User).where(User.email.like("%@demo.dk")))
    }
    for order in ORDERS:
        package, cluster = packages[order.package], clusters[order.cluster]
        ordered_at = now - timedelta(days=order.ordered_days_ago)
        start = (now + timedelta(days=order.wished_in_days)).date()
        facilitator = users.get(order.facilitator_email or "")
        answered = order.state in (PackageOrderState.accepted, PackageOrderState.declined)
        db.session.add(
            PackageOrder(
                id=uuid.uuid4(),
                package_id=package.id,
                organisation_id=package.organisation_id,
                cluster_id=cluster.id,
                wished_from=start,
                wished_to=start + timedelta(days=14),
                message=order.message,
                state=order.state,
                ordered_by_id=_coordinator(cluster.id),
                facilitator=order.facilitator,
                facilitator_user_id=facilitator.id if facilitator else None,
                decline_reason=order.decline_reason,
                answered_at=ordered_at + timedelta(days=2) if answered else None,
                created_at=ordered_at,
                updated_at=ordered_at + timedelta(days=2),
            )
        )
    db.session.commit()
    return True


def _coordinator(cluster_id: uuid.UUID) -> uuid.UUID | None:
    return db.session.scalar(
        select(ClusterRole.user_id).where(
            ClusterRole.cluster_id == cluster_id,
            ClusterRole.role == ClusterRoleKind.coordinator,
            ClusterRole.valid_to.is_(None),
        )
    )
