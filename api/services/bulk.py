"""Bulk upserts for scripts and integrators: clinics by provider number, members by e-mail.

A batch is all-or-nothing. Every item is checked first (its data, and whether it lies within
the caller's reach); if any item fails, nothing is written and the report says which and why.
Otherwise the changes are written in one transaction, or, with `dry_run`, only reported.
Existing rows are loaded set-wise (a few statements per batch, whatever its size).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.extensions import db
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    Member,
    MemberKind,
    OrganisationKind,
    PatientCount,
    Region,
    User,
)
from api.security import Principal, normalise_email
from api.services.registry_changes import today

MAX_ITEMS = 5000


@dataclass
class ItemResult:
    index: int
    key: str
    status: str = "unchanged"  # created | updated | unchanged | error
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    forbidden: bool = False

    def change(self, what: str) -> None:
        self.changes.append(what)
        if self.status == "unchanged":
            self.status = "updated"

    def fail(self, message: str, *, forbidden: bool = False) -> None:
        self.status = "error"
        self.errors.append(message)
        self.forbidden = self.forbidden or forbidden


@dataclass
class BulkReport:
    dry_run: bool
    items: list[ItemResult]

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(item.status for item in self.items)
        return {s: counts.get(s, 0) for s in ("created", "updated", "unchanged", "error")}

    @property
    def status_code(self) -> int:
        if any(item.forbidden for item in self.items):
            return 403
        if any(item.status == "error" for item in self.items):
            return 422
        return 200

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "applied": not self.dry_run and self.status_code == 200,
            "summary": self.summary,
            "items": [
                {
                    "index": item.index,
                    "key": item.key,
                    "status": item.status,
                    "changes": item.changes,
                    "errors": item.errors,
                }
                for item in self.items
            ],
        }


class Reach:
    """Which regions the caller may write in: everywhere (platform admin), or the region of
    the regional unit that owns the client."""

    def __init__(self, principal: Principal, regions: dict[str, Region]) -> None:
        self.everywhere = principal.is_platform_admin
        self.region_ids: set[uuid.UUID] = set()
        if principal.client is not None:
            organisation = principal.client.organisation
            if organisation.kind == OrganisationKind.regional_unit and organisation.region_code:
                region = regions.get(organisation.region_code)
                if region is not None:
                    self.region_ids.add(region.id)

    def allows(self, region_id: uuid.UUID | None) -> bool:
        return self.everywhere or (region_id is not None and region_id in self.region_ids)


def _regions() -> dict[str, Region]:
    return {r.code: r for r in db.session.scalars(select(Region))}


def _clusters(ids: set[uuid.UUID]) -> dict[uuid.UUID, Cluster]:
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(select(Cluster).where(Cluster.id.in_(ids)))}


def _current_periods(clinic_ids: list[uuid.UUID]) -> dict[uuid.UUID, ClinicClusterPeriod]:
    if not clinic_ids:
        return {}
    rows = db.session.scalars(
        select(ClinicClusterPeriod).where(
            ClinicClusterPeriod.clinic_id.in_(clinic_ids), ClinicClusterPeriod.valid_to.is_(None)
        )
    )
    return {p.clinic_id: p for p in rows}


def upsert_clinics(principal: Principal, items: list[dict[str, Any]], dry_run: bool) -> BulkReport:
    regions = _regions()
    reach = Reach(principal, regions)
    numbers = [item["provider_number"] for item in items]
    clinics = {
        c.provider_number: c
        for c in db.session.scalars(select(Clinic).where(Clinic.provider_number.in_(numbers)))
    }
    periods = _current_periods([c.id for c in clinics.values()])
    clusters = _clusters({item["cluster_id"] for item in items if item.get("cluster_id")})
    counted = {
        (p.clinic_id, p.counted_on): p
        for p in db.session.scalars(
            select(PatientCount).where(
                PatientCount.clinic_id.in_([c.id for c in clinics.values()]),
                PatientCount.counted_on.in_(
                    {
                        item["patients_counted_on"]
                        for item in items
                        if item.get("patients") is not None
                    }
                ),
            )
        )
    }
    seen: set[str] = set()
    results: list[ItemResult] = []
    start = today()
    for index, item in enumerate(items):
        number = item["provider_number"]
        result = ItemResult(index=index, key=number)
        results.append(result)
        if number in seen:
            result.fail("The provider number appears twice in this batch.")
            continue
        seen.add(number)
        clinic = clinics.get(number)
        cluster = clusters.get(item["cluster_id"]) if item.get("cluster_id") else None
        if item.get("cluster_id") and cluster is None:
            result.fail("Unknown cluster_id.")
            continue
        region = regions.get(item["region"]) if item.get("region") else None
        if item.get("region") and region is None:
            result.fail(f"Unknown region: {item['region']}.")
            continue
        region_id = (cluster.region_id if cluster else None) or (region.id if region else None)
        if clinic is None and region_id is None:
            result.fail("A new clinic needs a region or a cluster_id.")
            continue
        if cluster is not None and region is not None and cluster.region_id != region.id:
            result.fail("The cluster is in another region.")
            continue
        if clinic is not None and not reach.allows(clinic.region_id):
            result.fail("The clinic is outside your region.", forbidden=True)
            continue
        if not reach.allows(region_id or (clinic.region_id if clinic else None)):
            result.fail("Outside your region.", forbidden=True)
            continue
        if clinic is None:
            result.status = "created"
            clinic = Clinic(
                id=uuid.uuid4(),
                provider_number=number,
                name=item["name"],
                address=item.get("address") or "",
                region_id=region_id,  # type: ignore[arg-type]
            )
            if not dry_run:
                db.session.add(clinic)
        else:
            for name in ("name", "address"):
                if name in item and item[name] is not None and getattr(clinic, name) != item[name]:
                    result.change(name)
                    if not dry_run:
                        setattr(clinic, name, item[name])
        if "cluster_id" in item:
            current = periods.get(clinic.id)
            wanted = item["cluster_id"]
            if (current.cluster_id if current else None) != wanted:
                result.change("cluster")
                if not dry_run:
                    if current is not None:
                        current.valid_to = start
                    if wanted is not None:
                        db.session.add(
                            ClinicClusterPeriod(clinic=clinic, cluster_id=wanted, valid_from=start)
                        )
        if item.get("patients") is not None:
            key = (clinic.id, item["patients_counted_on"])
            existing = counted.get(key)
            if existing is None or existing.patients != item["patients"]:
                result.change("patients")
                if not dry_run:
                    if existing is None:
                        db.session.add(
                            PatientCount(
                                clinic=clinic,
                                counted_on=item["patients_counted_on"],
                                patients=item["patients"],
                            )
                        )
                    else:
                        existing.patients = item["patients"]
        if result.status == "created":
            result.changes = []
    return _finish(BulkReport(dry_run=dry_run, items=results))


def upsert_members(principal: Principal, items: list[dict[str, Any]], dry_run: bool) -> BulkReport:
    regions = _regions()
    reach = Reach(principal, regions)
    numbers = {item["provider_number"] for item in items}
    clinics = {
        c.provider_number: c
        for c in db.session.scalars(select(Clinic).where(Clinic.provider_number.in_(numbers)))
    }
    emails = {normalise_email(item["email"]) for item in items}
    users = {
        u.email: u
        for u in db.session.scalars(
            select(User).where(User.email.in_(emails)).options(selectinload(User.memberships))
        )
    }
    members = {
        (m.user_id, m.clinic_id): m
        for m in db.session.scalars(
            select(Member).where(
                Member.user_id.in_([u.id for u in users.values()]), Member.valid_to.is_(None)
            )
        )
    }
    seen: set[tuple[str, str]] = set()
    new_users: dict[str, User] = {}
    results: list[ItemResult] = []
    start = today()
    for index, item in enumerate(items):
        email = normalise_email(item["email"])
        number = item["provider_number"]
        result = ItemResult(index=index, key=f"{email} @ {number}")
        results.append(result)
        if (email, number) in seen:
            result.fail("This person and clinic appear twice in this batch.")
            continue
        seen.add((email, number))
        clinic = clinics.get(number)
        if clinic is None:
            result.fail(f"Unknown provider number: {number}.")
            continue
        if not reach.allows(clinic.region_id):
            result.fail("The clinic is outside your region.", forbidden=True)
            continue
        user = users.get(email) or new_users.get(email)
        if user is None:
            user = User(id=uuid.uuid4(), email=email, name=item["name"])
            new_users[email] = user
            if not dry_run:
                db.session.add(user)
        elif user.name != item["name"]:
            result.change("name")
            if not dry_run:
                user.name = item["name"]
        member = members.get((user.id, clinic.id))
        kind = item.get("kind") or MemberKind.owner
        work_email = normalise_email(item.get("work_email") or email)
        personal = normalise_email(item["personal_email"]) if item.get("personal_email") else None
        if member is None:
            result.status = "created"
            result.changes = []
            if not dry_run:
                member = Member(
                    user=user,
                    clinic=clinic,
                    kind=kind,
                    work_email=work_email,
                    personal_email=personal,
                    valid_from=item.get("valid_from") or start,
                )
                db.session.add(member)
                members[(user.id, clinic.id)] = member
            continue
        for name, value in (("kind", kind), ("work_email", work_email)):
            if getattr(member, name) != value:
                result.change(name)
                if not dry_run:
                    setattr(member, name, value)
        if "personal_email" in item and member.personal_email != personal:
            result.change("personal_email")
            if not dry_run:
                member.personal_email = personal
    return _finish(BulkReport(dry_run=dry_run, items=results))


def _finish(report: BulkReport) -> BulkReport:
    if report.dry_run or report.status_code != 200:
        db.session.rollback()
    else:
        db.session.commit()
    return report
