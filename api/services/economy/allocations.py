"""The year's allocation: rate times patients for every cluster (or one), booked in each ledger.

The patients are those listed with the cluster's clinics on 1 February of the year (the
registry's patient counts of that day), the clinics those in the cluster on that day. A run
is idempotent: a cluster already allocated its amount is unchanged; one whose counts changed
since gets a correcting entry with the difference, never a second allocation. A clinic
without a count on 1 February is named in the report's warnings: its provider number was
not updated by the end of January.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    AllocationRun,
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    LedgerCategory,
    LedgerEntry,
    LedgerEntryKind,
    PatientCount,
)
from api.services.economy.ledger import booked_by
from api.services.economy.rates import rate_of_year

STATUSES = ("created", "unchanged", "corrected")


def _count(number: int) -> str:
    """A count as the members read it in their ledger: "53.076"."""
    return f"{number:,}".replace(",", ".")


def counting_day(year: int) -> date:
    """The day whose patient counts a year's allocation is made of."""
    return date(year, 2, 1)


def allocation_day(year: int) -> date:
    """The day an allocation is booked: it is paid in March."""
    return date(year, 3, 1)


def correction_day(year: int, today: date) -> date:
    """A correction of a year's allocation is booked today, but within that year's ledger."""
    return min(max(today, allocation_day(year)), date(year, 12, 31))


def _clusters(cluster_id: uuid.UUID | None) -> list[Any]:
    stmt = select(Cluster.id, Cluster.name).order_by(Cluster.name, Cluster.id)
    if cluster_id is not None:
        stmt = stmt.where(Cluster.id == cluster_id)
    clusters = db.session.execute(stmt).all()
    if cluster_id is not None and not clusters:
        raise RuleViolation(errors={"cluster_id": [coded("No such cluster.", "unknown_cluster")]})
    return clusters


def _clinics_on(day: date, cluster_id: uuid.UUID | None) -> list[Any]:
    """The clinics in each cluster on `day` (a period ends the day before its `valid_to`),
    with their patient count of that day, or None."""
    period = ClinicClusterPeriod
    stmt = (
        select(
            period.cluster_id,
            Clinic.provider_number,
            Clinic.name,
            PatientCount.patients,
        )
        .join(Clinic, Clinic.id == period.clinic_id)
        .outerjoin(
            PatientCount,
            and_(PatientCount.clinic_id == Clinic.id, PatientCount.counted_on == day),
        )
        .where(period.valid_from <= day, or_(period.valid_to.is_(None), period.valid_to > day))
        .order_by(Clinic.provider_number)
    )
    if cluster_id is not None:
        stmt = stmt.where(period.cluster_id == cluster_id)
    return list(db.session.execute(stmt).all())


def _booked(year: int, cluster_id: uuid.UUID | None) -> dict[uuid.UUID, dict[str, Any]]:
    """What earlier runs booked for the year, per cluster: the total and the allocation."""
    stmt = select(
        LedgerEntry.cluster_id, LedgerEntry.id, LedgerEntry.kind, LedgerEntry.amount_ore
    ).join(AllocationRun, AllocationRun.id == LedgerEntry.allocation_run_id)
    stmt = stmt.where(AllocationRun.year == year)
    if cluster_id is not None:
        stmt = stmt.where(LedgerEntry.cluster_id == cluster_id)
    booked: dict[uuid.UUID, dict[str, Any]] = defaultdict(lambda: {"total": 0, "entry": None})
    for row in db.session.execute(stmt):
        booked[row.cluster_id]["total"] += int(row.amount_ore)
        if row.kind == LedgerEntryKind.allocation:
            booked[row.cluster_id]["entry"] = row.id
    return booked


def run_allocation(
    principal: Principal, data: dict[str, Any], *, dry_run: bool, today: date
) -> dict[str, Any]:
    """Allocate `data["year"]` to every cluster (or `data["cluster_id"]`), and report per
    cluster; with `dry_run`, report what a run would book and book nothing."""
    year, cluster_id = data["year"], data.get("cluster_id")
    rate = rate_of_year(year)
    if rate is None:
        raise RuleViolation(
            errors={"year": [coded("No rate is set for this year.", "no_rate_for_year")]}
        )
    clusters = _clusters(cluster_id)
    day = counting_day(year)
    clinics: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in _clinics_on(day, cluster_id):
        clinics[row.cluster_id].append(row)
    booked = _booked(year, cluster_id)

    run = None
    if not dry_run:
        run = AllocationRun(
            id=uuid.uuid4(),
            year=year,
            cluster_id=cluster_id,
            ore_per_patient=rate.ore_per_patient,
            run_by_user_id=principal.user.id if principal.user is not None else None,
            run_by_client_id=principal.client.id if principal.client is not None else None,
        )
        db.session.add(run)
    items, warnings, entries = [], [], []
    for cluster in clusters:
        rows = clinics.get(cluster.id, [])
        patients = sum(row.patients for row in rows if row.patients is not None)
        amount = rate.ore_per_patient * patients
        before = booked.get(cluster.id, {"total": 0, "entry": None})
        difference = amount - before["total"]
        entry = None
        if before["entry"] is None and amount != 0:
            status = "created"
            entry = LedgerEntry(
                id=uuid.uuid4(),
                cluster_id=cluster.id,
                kind=LedgerEntryKind.allocation,
                category=LedgerCategory.allocation,
                booked_on=allocation_day(year),
                amount_ore=amount,
                text=f"Fordeling {year}: {_count(patients)} patienter",
            )
        elif before["entry"] is not None and difference != 0:
            status = "corrected"
            entry = LedgerEntry(
                id=uuid.uuid4(),
                cluster_id=cluster.id,
                kind=LedgerEntryKind.correction,
                category=LedgerCategory.allocation,
                booked_on=correction_day(year, today),
                amount_ore=difference,
                text=f"Fordeling {year} rettet: {_count(patients)} patienter",
                reason="Patienttallet pr. 1. februar er ændret efter fordelingen.",
                corrects_id=before["entry"],
            )
        else:
            status = "unchanged"
        if entry is not None and run is not None:
            entry.allocation_run_id = run.id
            for field, value in booked_by(principal).items():
                setattr(entry, field, value)
            entries.append(entry)
        items.append(
            {
                "cluster_id": cluster.id,
                "cluster_name": cluster.name,
                "clinics": len(rows),
                "patients": patients,
                "amount_ore": amount,
                "booked_before_ore": before["total"],
                "difference_ore": difference if status != "unchanged" else 0,
                "status": status,
                "entry_id": entry.id if entry is not None else None,
            }
        )
        warnings.extend(
            {
                "code": "patient_count_missing",
                "cluster_id": cluster.id,
                "cluster_name": cluster.name,
                "provider_number": row.provider_number,
                "clinic_name": row.name,
                "message": (
                    f"No patient count of {day.isoformat()} for clinic {row.provider_number} "
                    f"({row.name}): its provider number was not updated by the end of January."
                ),
            }
            for row in rows
            if row.patients is None
        )
    if run is not None:
        db.session.add_all(entries)
        db.session.commit()
    return {
        "year": year,
        "ore_per_patient": rate.ore_per_patient,
        "dry_run": dry_run,
        "applied": run is not None,
        "run_id": run.id if run is not None else None,
        "summary": {status: sum(1 for i in items if i["status"] == status) for status in STATUSES},
        "total_ore": sum(i["amount_ore"] for i in items),
        "clusters": items,
        "warnings": warnings,
    }
