"""PLO's attendance feed: every attendance row of every meeting, as the economy module pays
fees from it, in `(updated_at, id)` order for a changes walk.

A row shows what lives in other tables too: the meeting's local date, duration and whether it
was closed or cancelled, the person's name, the clinic's provider number, the cluster's region.
Database triggers (see the attendance feed's migration) move the row's `updated_at` whenever
one of them changes, so a walk hands the row out again. The row's own changes (registered,
corrected, finalised on closing, tombstoned on cancelling) move it through the ORM.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, and_, distinct, func, select, type_coerce
from sqlalchemy.types import NullType

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.models import Attendance, Clinic, Cluster, Meeting, Region, User
from api.models.base import uuid_text
from api.models.meetings import DEFAULT_TIME_ZONE, MeetingStatus

FEED_ORDER = (Attendance.updated_at, Attendance.id)
FIRST_YEAR = 2000
LAST_YEAR = 2100


def _check_cluster(cluster_id: uuid.UUID) -> None:
    """A filter's cluster must exist: an unknown one is a 422 on the field, not an empty list."""
    if db.session.get(Cluster, cluster_id) is None:
        raise RuleViolation(errors={"cluster_id": [coded("No such cluster.", "unknown_cluster")]})


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of `year` and of the next, in Danish time, where meetings are held."""
    zone = ZoneInfo(DEFAULT_TIME_ZONE)
    return (
        datetime(year, 1, 1, tzinfo=zone),
        datetime(year + 1, 1, 1, tzinfo=zone),
    )


def feed_query(filters: dict[str, Any]) -> Select:
    """Every attendance row (tombstones included) as plain columns, with what it shows of its
    meeting, cluster, region, person and clinic, in one statement; filtered by `cluster_id`,
    `year` and `finalised`.

    Columns, not ORM objects: a national year is ten thousand rows, and building an object
    graph for each would cost several times what the query does. The `updated_at` and `id`
    columns are the feed's keyset order (`FEED_ORDER`), so `paginate` reads its cursor from
    them. The meeting's times come as the driver gives them (`_raw`): a page holds the rows
    of a few meetings, and `FeedView` converts them once per meeting rather than per row."""
    stmt = (
        select(
            Attendance.updated_at,
            uuid_text(Attendance.id).label("id"),
            uuid_text(Attendance.meeting_id).label("meeting_id"),
            uuid_text(Meeting.cluster_id).label("cluster_id"),
            Region.code.label("region_code"),
            uuid_text(Attendance.user_id).label("user_id"),
            User.name,
            uuid_text(Attendance.clinic_id).label("clinic_id"),
            Clinic.provider_number,
            _raw(Meeting.starts_at),
            _raw(Meeting.ends_at),
            Meeting.time_zone,
            Attendance.attended,
            Attendance.finalised_at.is_not(None).label("finalised"),
            Attendance.deleted_at.is_not(None).label("deleted"),
        )
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .join(Region, Region.id == Cluster.region_id)
        .join(User, User.id == Attendance.user_id)
        .outerjoin(Clinic, Clinic.id == Attendance.clinic_id)
    )
    cluster_id: uuid.UUID | None = filters.get("cluster_id")
    if cluster_id is not None:
        _check_cluster(cluster_id)
        stmt = stmt.where(Meeting.cluster_id == cluster_id)
    year: int | None = filters.get("year")
    if year is not None:
        start, end = year_bounds(year)
        stmt = stmt.where(Meeting.starts_at >= start, Meeting.starts_at < end)
    finalised: bool | None = filters.get("finalised")
    if finalised is not None:
        stmt = stmt.where(
            Attendance.finalised_at.is_not(None) if finalised else Attendance.finalised_at.is_(None)
        )
    return stmt


def year_walk_start(year: int, settled_before: datetime) -> datetime:
    """Where a walk of `year`'s rows may start: the earliest `updated_at` among them, found
    through the year's meetings, so that the first page does not step over every earlier
    year's rows in the feed's order.

    Never later than `settled_before`: a row stamped after that may still be uncommitted, and
    one stamped before it and committed later would then lie behind the start for ever. Every
    row stamped before it is committed, so a year with no rows yet starts there."""
    start, end = year_bounds(year)
    earliest = db.session.scalar(
        select(func.min(Attendance.updated_at))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
    )
    return settled_before if earliest is None else min(earliest, settled_before)


def _raw(column: Any) -> Any:
    """A timestamp column without the type's conversion: SQLite gives its text, PostgreSQL a
    naive datetime; `_utc` makes either the aware UTC datetime the column type would."""
    return type_coerce(column, NullType()).label(column.key)


def _utc(value: str | datetime) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    # Stored as naive UTC (see `UTCDateTime`); an aware value is converted, never relabelled.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class FeedView:
    """Turns rows of `feed_query` into the feed's items, already in their JSON form: the feed
    bypasses the schema's dump for speed, and `AttendanceFeedEntrySchema` documents exactly
    this shape. One per request: it works out each meeting's local date and length once."""

    def __init__(self) -> None:
        self._spans: dict[str, tuple[str, int]] = {}

    def _span(self, meeting_id: str, starts: Any, ends: Any, time_zone: str) -> tuple[str, int]:
        span = self._spans.get(meeting_id)
        if span is None:
            starts_at, ends_at = _utc(starts), _utc(ends)
            local_date = starts_at.astimezone(ZoneInfo(time_zone)).date().isoformat()
            span = (local_date, int((ends_at - starts_at).total_seconds() // 60))
            self._spans[meeting_id] = span
        return span

    def __call__(self, row: Row) -> dict[str, Any]:
        """A row as PLO reads it; a tombstone once the row no longer counts."""
        # Unpacked by position (the order of `feed_query`'s columns): reading a `Row`'s
        # fields by name costs more than building the item.
        (
            updated_at,
            row_id,
            meeting_id,
            cluster_id,
            region_code,
            user_id,
            name,
            clinic_id,
            provider_number,
            starts_at,
            ends_at,
            time_zone,
            attended,
            finalised,
            deleted,
        ) = row
        if deleted:
            return {"id": row_id, "deleted": True, "updated_at": updated_at.isoformat()}
        meeting_date, duration = self._span(meeting_id, starts_at, ends_at, time_zone)
        return {
            "id": row_id,
            "meeting_id": meeting_id,
            "cluster_id": cluster_id,
            "region_code": region_code,
            "user_id": user_id,
            "name": name,
            "clinic_id": clinic_id,
            "provider_number": provider_number,
            "meeting_date": meeting_date,
            "duration_minutes": duration,
            "attended": attended,
            "finalised": finalised,
            "updated_at": updated_at.isoformat(),
            "deleted": False,
        }


def summary(filters: dict[str, Any]) -> dict[str, Any]:
    """The year's totals for PLO's overview: per cluster the meetings held and the attendances
    registered at them, with the totals per region and in all, in one statement however many
    clusters there are. Every cluster of the selection is there, one that held no meeting
    with zeros. Filtered by `year`, `region_code` and `cluster_id`."""
    held = and_(
        Meeting.cluster_id == Cluster.id,
        Meeting.status == MeetingStatus.held.value,
    )
    year: int | None = filters.get("year")
    if year is not None:
        start, end = year_bounds(year)
        held = and_(held, Meeting.starts_at >= start, Meeting.starts_at < end)
    stmt = (
        select(
            uuid_text(Cluster.id).label("cluster_id"),
            Cluster.name,
            Region.code,
            func.count(distinct(Meeting.id)),
            func.count(Attendance.id),
        )
        .select_from(Cluster)
        .join(Region, Region.id == Cluster.region_id)
        .outerjoin(Meeting, held)
        .outerjoin(
            Attendance,
            and_(
                Attendance.meeting_id == Meeting.id,
                Attendance.attended.is_(True),
                Attendance.deleted_at.is_(None),
            ),
        )
        .group_by(Cluster.id, Cluster.name, Region.code)
        .order_by(Region.code, Cluster.name, Cluster.id)
    )
    region_code: str | None = filters.get("region_code")
    if region_code is not None:
        stmt = stmt.where(Region.code == region_code)
    cluster_id: uuid.UUID | None = filters.get("cluster_id")
    if cluster_id is not None:
        stmt = stmt.where(Cluster.id == cluster_id)
    clusters = [
        {
            "cluster_id": row_cluster_id,
            "cluster_name": name,
            "region_code": code,
            "meetings_held": meetings_held,
            "attendances": attendances,
        }
        for row_cluster_id, name, code, meetings_held, attendances in db.session.execute(stmt)
    ]
    if not clusters:
        # Only an unknown region or cluster selects no cluster at all; a checked miss is
        # cheaper than a lookup on every request.
        if (
            region_code is not None
            and db.session.scalar(select(Region.id).where(Region.code == region_code)) is None
        ):
            raise RuleViolation(
                errors={"region_code": [coded("No such region.", "unknown_region")]}
            )
        if cluster_id is not None:
            _check_cluster(cluster_id)
    regions: dict[str, dict[str, Any]] = {}
    for cluster in clusters:
        region = regions.setdefault(
            cluster["region_code"],
            {
                "region_code": cluster["region_code"],
                "clusters": 0,
                "meetings_held": 0,
                "attendances": 0,
            },
        )
        region["clusters"] += 1
        region["meetings_held"] += cluster["meetings_held"]
        region["attendances"] += cluster["attendances"]
    return {
        "year": year,
        "clusters_count": len(clusters),
        "meetings_held": sum(cluster["meetings_held"] for cluster in clusters),
        "attendances": sum(cluster["attendances"] for cluster in clusters),
        "regions": list(regions.values()),
        "clusters": clusters,
    }
