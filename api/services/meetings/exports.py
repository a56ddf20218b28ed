"""The meetings' spreadsheets for people: a meeting's attendance as an Excel workbook (see
`api.core.xlsx_export`), with the meeting's title and date, names and "Ja"/"Nej"."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy.orm import joinedload

from api.core.pagination import rows_of
from api.core.xlsx_export import Column, Kind, Sheet, file_slug
from api.models import Attendance, Meeting, User
from api.services.meetings.attendance import attendance_query

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
