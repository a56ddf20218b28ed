"""The meetings' spreadsheets for people: a meeting's attendance, and a year's attendance from
PLO's feed, as Excel workbooks (see `api.core.xlsx_export`), with the meeting's title and
date, names and "Ja"/"Nej"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import joinedload

from api.core.extensions import db
from api.core.pagination import rows_of
from api.core.xlsx_export import Column, Kind, Sheet, file_slug
from api.models import Attendance, Clinic, Cluster, Meeting, Region, User
from api.services.meetings.attendance import attendance_query
from api.services.meetings.feed import FeedView, feed_query

# Rows fetched at a time: memory stays flat.
BATCH = 500

ATTENDANCE_COLUMNS = (
    Column("Navn", lambda row: row["name"]),
    Column("Klinik", lambda row: row["clinic_name"]),
    Column("Ydernummer", lambda row: row["provider_number"]),
    Column("Fremmødt", lambda row: row["attended"], Kind.yes_no),
    Column("Registreret", lambda row: row["registered_at"], Kind.datetime),
    Column("Registreret af", lambda row: row["registered_by"]),
    Column("Endelig (mødet er lukket)", lambda row: row["finalised"], Kind.yes_no),
    Column("Begrundelse for rettelse", lambda row: row["correction_reason"]),
    Column("Møde", lambda row: row["meeting"]),
    Column("Mødedato", lambda row: row["meeting_date"], Kind.date),
    Column("Klynge", lambda row: row["cluster"]),
)


def _local_date(meeting: Meeting):
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)).date()


def attendance_sheet(meeting: Meeting) -> Sheet:
    day = _local_date(meeting)
    return Sheet(
        name="Fremmøde",
        title=f"Fremmøde: {meeting.title} {day:%d.%m.%Y}",
        filename=f"fremmoede-{file_slug(meeting.title)}-{day:%Y-%m-%d}.xlsx",
    )


def attendance_rows(meeting: Meeting) -> Iterator[dict]:
    """The meeting's attendance as the spreadsheet shows it, by name: the rows with the
    person, the clinic and who registered them, a batch at a time."""
    day = _local_date(meeting)
    cluster = meeting.cluster.name
    stmt = (
        attendance_query(meeting.id)
        .join(User, User.id == Attendance.user_id)
        .options(joinedload(Attendance.registered_by))
        .order_by(User.name, Attendance.id)
    )
    for row in rows_of(stmt, yield_per=BATCH):
        yield {
            "name": row.user.name,
            "clinic_name": row.clinic.name if row.clinic else None,
            "provider_number": row.clinic.provider_number if row.clinic else None,
            "attended": row.attended,
            "registered_at": row.registered_at,
            "registered_by": row.registered_by.name if row.registered_by else None,
            "finalised": row.finalised_at is not None,
            "correction_reason": row.correction_reason,
            "meeting": meeting.title,
            "meeting_date": day,
            "cluster": cluster,
        }


# --- a year's attendance (PLO's feed, for people) ----------------------------------------

# The number of columns `FeedView` reads from a row of `feed_query`.
FEED_COLUMNS = len(feed_query({}).selected_columns)

YEAR_COLUMNS = (
    Column("Møde", lambda row: row["meeting"]),
    Column("Mødedato", lambda row: row["meeting_date"], Kind.date),
    Column("Varighed (minutter)", lambda row: row["duration_minutes"], Kind.number),
    Column("Klynge", lambda row: row["cluster"]),
    Column("Region", lambda row: row["region"]),
    Column("Navn", lambda row: row["name"]),
    Column("Klinik", lambda row: row["clinic_name"]),
    Column("Ydernummer", lambda row: row["provider_number"]),
    Column("Fremmødt", lambda row: row["attended"], Kind.yes_no),
    Column("Endelig (mødet er lukket)", lambda row: row["finalised"], Kind.yes_no),
)


def year_sheet(filters: dict[str, Any]) -> Sheet:
    year = filters.get("year")
    cluster = db.session.get(Cluster, filters["cluster_id"]) if filters.get("cluster_id") else None
    parts = ["fremmoede", str(year) if year is not None else "alle-aar"]
    if cluster is not None:
        parts.append(file_slug(cluster.name))
    scope = f" i {cluster.name}" if cluster is not None else ""
    when = f" {year}" if year is not None else ""
    return Sheet(
        name=f"Fremmøde{when}",
        title=f"Fremmøde{when}{scope}",
        filename="-".join(parts) + ".xlsx",
    )


def year_rows(filters: dict[str, Any]) -> Iterator[dict]:
    """The feed's rows that count (no tombstones: a cancelled meeting's rows do not), as the
    spreadsheet shows them, meeting by meeting and by name: the feed's one statement with the
    names of the meeting, cluster, region and clinic, streamed a batch at a time."""
    stmt = (
        feed_query(filters)
        .add_columns(
            Meeting.title.label("meeting_title"),
            Cluster.name.label("cluster_name"),
            Region.name.label("region_name"),
            Clinic.name.label("clinic_name"),
        )
        .where(Attendance.deleted_at.is_(None))
        .order_by(Meeting.starts_at, Meeting.id, User.name, Attendance.id)
    )
    view = FeedView()
    for row in rows_of(stmt, yield_per=BATCH):
        item = view(row[:FEED_COLUMNS])
        title, cluster, region, clinic = row[FEED_COLUMNS:]
        yield {
            **item,
            "meeting": title,
            "cluster": cluster,
            "region": region,
            "clinic_name": clinic,
        }
