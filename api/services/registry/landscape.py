"""The cluster landscape in figures, nationally or for one region: clusters, clinics, doctors,
roles and patients, from the current rows of the registry (`valid_to IS NULL`).

Definitions:
- a cluster's clinics are the clinics currently in it, and its doctors the people with a
  current membership at one of those clinics, each counted once per cluster;
- a cluster's patients are the sum of its clinics' latest counts (whatever their date);
- a region's figures are those of the clusters of that region;
- meetings are counted over the last five complete calendar years (in Danish time): held
  meetings per cluster per year (a cluster-year without a meeting counts as 0), and the share
  of them that were after-work meetings.

Three statements whatever the data size (four with a region): one returns a row per cluster
(aggregated in SQL), one counts the distinct doctors, one returns a row per cluster, year and
kind of meeting. The distributions are then summarised from those numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, distinct, func, select

from api.core.extensions import db
from api.models import (
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    PatientCount,
    Region,
)
from api.models.base import utcnow

MEETING_YEARS = 5
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile by linear interpolation between closest ranks.

    The value at rank h = (n - 1) * fraction of the ascending values (0-based), interpolated
    between its neighbours when h is not whole: Hyndman and Fan's type 7, the default of
    numpy, R and a spreadsheet's PERCENTILE.INC. The median is the 0.5 quantile.
    """
    if not sorted_values:
        raise ValueError("no values")
    rank = (len(sorted_values) - 1) * fraction
    below = math.floor(rank)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (rank - below) * (sorted_values[above] - sorted_values[below])


@dataclass(frozen=True)
class Distribution:
    """A summary of one number per cluster. Every field is None when there are no clusters."""

    mean: float | None
    median: float | None
    percentile_10: float | None
    percentile_90: float | None
    min: int | None
    max: int | None

    @classmethod
    def of(cls, values: Sequence[int]) -> Distribution:
        if not values:
            return cls(None, None, None, None, None, None)
        ordered = sorted(values)
        return cls(
            mean=round(sum(ordered) / len(ordered), 2),
            median=round(percentile(ordered, 0.5), 2),
            percentile_10=round(percentile(ordered, 0.1), 2),
            percentile_90=round(percentile(ordered, 0.9), 2),
            min=ordered[0],
            max=ordered[-1],
        )


@dataclass(frozen=True)
class MeetingFigures:
    """Held meetings in the complete calendar years `first_year` to `last_year`."""

    first_year: int
    last_year: int
    held: int
    per_cluster_per_year: Distribution
    after_work_share: float | None


@dataclass(frozen=True)
class Landscape:
    region: str | None
    clusters: int
    clinics: int
    doctors: int
    doctors_per_cluster: Distribution
    clusters_with_role: dict[str, int]
    clusters_with_only_coordinator: int
    patients: int
    patients_per_cluster: Distribution
    meetings: MeetingFigures


def _per_cluster_statement(region: Region | None) -> Select:
    """One row per cluster: its doctors, clinics, patients and current roles of each kind."""
    period = ClinicClusterPeriod
    doctors = (
        select(period.cluster_id, func.count(distinct(Member.user_id)).label("doctors"))
        .join(Member, and_(Member.clinic_id == period.clinic_id, Member.valid_to.is_(None)))
        .where(period.valid_to.is_(None))
        .group_by(period.cluster_id)
        .subquery("doctors")
    )
    latest_day = (
        select(PatientCount.clinic_id, func.max(PatientCount.counted_on).label("counted_on"))
        .group_by(PatientCount.clinic_id)
        .subquery("latest_day")
    )
    latest = (
        select(PatientCount.clinic_id, PatientCount.patients)
        .join(
            latest_day,
            and_(
                PatientCount.clinic_id == latest_day.c.clinic_id,
                PatientCount.counted_on == latest_day.c.counted_on,
            ),
        )
        .subquery("latest")
    )
    clinics = (
        select(
            period.cluster_id,
            func.count(period.clinic_id).label("clinics"),
            func.sum(latest.c.patients).label("patients"),
        )
        .outerjoin(latest, latest.c.clinic_id == period.clinic_id)
        .where(period.valid_to.is_(None))
        .group_by(period.cluster_id)
        .subquery("clinics")
    )
    roles = (
        select(
            ClusterRole.cluster_id,
            func.count().label("roles"),
            *(
                func.count(case((ClusterRole.role == kind, 1))).label(kind.value)
                for kind in ClusterRoleKind
            ),
        )
        .where(ClusterRole.valid_to.is_(None))
        .group_by(ClusterRole.cluster_id)
        .subquery("roles")
    )
    stmt = (
        select(
            func.coalesce(doctors.c.doctors, 0).label("doctors"),
            func.coalesce(clinics.c.clinics, 0).label("clinics"),
            func.coalesce(clinics.c.patients, 0).label("patients"),
            func.coalesce(roles.c.roles, 0).label("roles"),
            *(func.coalesce(roles.c[kind.value], 0).label(kind.value) for kind in ClusterRoleKind),
        )
        .select_from(Cluster)
        .outerjoin(doctors, doctors.c.cluster_id == Cluster.id)
        .outerjoin(clinics, clinics.c.cluster_id == Cluster.id)
        .outerjoin(roles, roles.c.cluster_id == Cluster.id)
    )
    if region is not None:
        stmt = stmt.where(Cluster.region_id == region.id)
    return stmt


def _distinct_doctors_statement(region: Region | None) -> Select:
    """People with a current membership at a clinic currently in a cluster (of the region)."""
    period = ClinicClusterPeriod
    stmt = (
        select(func.count(distinct(Member.user_id)))
        .join(period, and_(period.clinic_id == Member.clinic_id, period.valid_to.is_(None)))
        .where(Member.valid_to.is_(None))
    )
    if region is not None:
        stmt = stmt.join(Cluster, Cluster.id == period.cluster_id).where(
            Cluster.region_id == region.id
        )
    return stmt


def _year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=DANISH_TIME)


def _meeting_figures(region: Region | None, clusters: int, now: datetime) -> MeetingFigures:
    """Held meetings per cluster per year, and the after-work share, over complete years."""
    last_year = now.astimezone(DANISH_TIME).year - 1
    first_year = last_year - MEETING_YEARS + 1
    # Bucketing by Danish calendar year in SQL differs per database; the window's meetings
    # are few (about 3 per cluster per year), so they are bucketed here.
    stmt = select(Meeting.cluster_id, Meeting.starts_at, Meeting.kind).where(
        Meeting.status == MeetingStatus.held,
        Meeting.starts_at >= _year_start(first_year),
        Meeting.starts_at < _year_start(last_year + 1),
    )
    if region is not None:
        stmt = stmt.join(Cluster, Cluster.id == Meeting.cluster_id).where(
            Cluster.region_id == region.id
        )
    per_cluster_year: Counter[tuple[object, int]] = Counter()
    after_work = 0
    held = 0
    for cluster_id, starts_at, kind in db.session.execute(stmt):
        per_cluster_year[(cluster_id, starts_at.astimezone(DANISH_TIME).year)] += 1
        held += 1
        after_work += kind == MeetingKind.after_work
    counts = list(per_cluster_year.values())
    # Clusters that held no meeting in a year count as 0 for that year.
    counts += [0] * (clusters * MEETING_YEARS - len(counts))
    return MeetingFigures(
        first_year=first_year,
        last_year=last_year,
        held=held,
        per_cluster_per_year=Distribution.of(counts if clusters else []),
        after_work_share=round(after_work / held, 4) if held else None,
    )


def compute_landscape(region: Region | None = None, now: datetime | None = None) -> Landscape:
    """The figures of every cluster, or of the clusters of `region`."""
    rows = db.session.execute(_per_cluster_statement(region)).all()
    doctors = db.session.scalar(_distinct_doctors_statement(region)) or 0
    with_role = {
        kind.value: sum(1 for row in rows if getattr(row, kind.value) > 0)
        for kind in ClusterRoleKind
    }
    only_coordinator = sum(
        1 for row in rows if row.coordinator > 0 and row.roles == row.coordinator
    )
    return Landscape(
        region=region.code if region is not None else None,
        clusters=len(rows),
        clinics=sum(row.clinics for row in rows),
        doctors=doctors,
        doctors_per_cluster=Distribution.of([row.doctors for row in rows]),
        clusters_with_role=with_role,
        clusters_with_only_coordinator=only_coordinator,
        patients=sum(row.patients for row in rows),
        patients_per_cluster=Distribution.of([row.patients for row in rows]),
        meetings=_meeting_figures(region, len(rows), now or utcnow()),
    )
