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
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, joinedload, load_only

from api.errors import abort
from api.extensions import db
from api.models import Attendance, Clinic, Cluster, Meeting, Region, User
from api.models.meetings import DEFAULT_TIME_ZONE
from api.services.registry import tombstone

FEED_ORDER = (Attendance.updated_at, Attendance.id)
FIRST_YEAR = 2000
LAST_YEAR = 2100


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of `year` and of the next, in Danish time, where meetings are held."""
    zone = ZoneInfo(DEFAULT_TIME_ZONE)
    return (
        datetime(year, 1, 1, tzinfo=zone),
        datetime(year + 1, 1, 1, tzinfo=zone),
    )


def feed_query(filters: dict[str, Any]) -> Select:
    """Every attendance row (tombstones included) with its meeting, cluster and region loaded
    in the same statement, filtered by `cluster_id`, `year` and `finalised`."""
    stmt = (
        select(Attendance)
        .join(Attendance.meeting)
        .join(Meeting.cluster)
        .join(Cluster.region)
        .options(
            # Only the columns a row shows: a national year is tens of thousands of rows.
            load_only(
                Attendance.meeting_id,
                Attendance.user_id,
                Attendance.clinic_id,
                Attendance.attended,
                Attendance.finalised_at,
                Attendance.deleted_at,
                Attendance.updated_at,
            ),
            contains_eager(Attendance.meeting)
            .load_only(Meeting.cluster_id, Meeting.starts_at, Meeting.ends_at, Meeting.time_zone)
            .contains_eager(Meeting.cluster)
            .load_only(Cluster.region_id)
            .contains_eager(Cluster.region)
            .load_only(Region.code),
            joinedload(Attendance.user).load_only(User.name),
            joinedload(Attendance.clinic).load_only(Clinic.provider_number).lazyload(Clinic.region),
        )
    )
    cluster_id: uuid.UUID | None = filters.get("cluster_id")
    if cluster_id is not None:
        if db.session.get(Cluster, cluster_id) is None:
            abort(422, errors={"cluster_id": ["No such cluster."]})
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


def _local_date(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)).date()


def feed_view(row: Attendance) -> dict[str, Any]:
    """A row as PLO reads it; a tombstone once the row no longer counts."""
    if row.deleted_at is not None:
        return tombstone(row.id, row.updated_at)
    meeting = row.meeting
    cluster = meeting.cluster
    region: Region = cluster.region
    return {
        "id": row.id,
        "meeting_id": row.meeting_id,
        "cluster_id": meeting.cluster_id,
        "region_code": region.code,
        "user_id": row.user_id,
        "name": row.user.name,
        "clinic_id": row.clinic_id,
        "provider_number": row.clinic.provider_number if row.clinic else None,
        "meeting_date": _local_date(meeting),
        "duration_minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
        "attended": row.attended,
        "finalised": row.finalised_at is not None,
        "updated_at": row.updated_at,
        "deleted": False,
    }
