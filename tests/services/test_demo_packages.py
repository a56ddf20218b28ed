"""The demo's catalogue of packages, seeded alone: once, with the agendas of the domain's
description."""

from __future__ import annotations

from sqlalchemy import func, select

from api.core.extensions import db
from api.demo.packages import KITS, STOP_OP, seed_packages
from api.models import File, OrganisationKind, Package, PackageVersion


def test_the_catalogue_is_seeded_once_with_a_guide_for_each_package(factory):
    for code, kind in (
        ("midtkraft", OrganisationKind.regional_unit),
        ("sydkip", OrganisationKind.regional_unit),
        ("kiap", OrganisationKind.national_unit),
    ):
        region = {"midtkraft": "midtjylland", "sydkip": "syddanmark"}.get(code)
        factory.organisation(code=code, kind=kind, region_code=region)
    assert seed_packages() is True
    assert seed_packages() is False
    assert db.session.scalar(select(func.count()).select_from(Package)) == len(KITS)
    # "Stop op" has a published version and MidtKraft's draft of the next.
    assert db.session.scalar(select(func.count()).select_from(PackageVersion)) == len(KITS) + 1
    assert db.session.scalar(select(func.count()).select_from(File)) == len(KITS)
    assert sum(item.minutes for item in STOP_OP.items) == 195
