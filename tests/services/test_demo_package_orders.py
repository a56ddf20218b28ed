"""The demo's orders of packages, seeded alone: once, one in each state, two of them the
demo cluster's, in Danish."""

from __future__ import annotations

from sqlalchemy import select

from api.core.extensions import db
from api.demo.landscape import DEMO_CLUSTER
from api.demo.package_orders import ORDERS, seed_package_orders
from api.demo.packages import seed_packages
from api.models import OrganisationKind, PackageOrder, PackageOrderState


def test_the_orders_are_seeded_once_in_every_state(factory):
    assert seed_package_orders() is False  # no catalogue, no clusters: nothing to order
    for code, kind in (
        ("midtkraft", OrganisationKind.regional_unit),
        ("sydkip", OrganisationKind.regional_unit),
        ("kiap", OrganisationKind.national_unit),
    ):
        region = {"midtkraft": "midtjylland", "sydkip": "syddanmark"}.get(code)
        factory.organisation(code=code, kind=kind, region_code=region)
    seed_packages()
    demo = factory.cluster(name=DEMO_CLUSTER)
    for name in ("Klynge Aarhus", "Klynge Odense", "Klynge Skive"):
        factory.cluster(name=name)
    assert seed_package_orders() is True
    assert seed_package_orders() is False
    orders = list(db.session.scalars(select(PackageOrder)))
    assert len(orders) == len(ORDERS)
    assert {o.state for o in orders} == set(PackageOrderState)
    assert sum(o.cluster_id == demo.id for o in orders) == 2
    for order in orders:
        assert order.organisation_id == order.package.organisation_id
        if order.state is PackageOrderState.accepted:
            assert order.facilitator
        if order.state is PackageOrderState.declined:
            assert "facilitator" in order.decline_reason
