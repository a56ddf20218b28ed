"""A rotation: a year's meetings planned in one go, handed in turn to sub-clusters or clinics.

Clusters let their sub-clusters or clinics take turns arranging the meetings, planned years
ahead; a rotation proposes the dates (every N weeks or months, or listed dates, at the first
meeting's local time, so a meeting stays at 17:00 across daylight saving) and the responsible
of each, and plans them as `create_meeting` would, all or nothing.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.core import danish_dates
from api.core.batch import BatchReport
from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import Clinic, Meeting, ResponsibleKind, SubCluster, User
from api.services.meetings.planning import new_meeting
from api.services.registry.access import ClusterAccess

# A year of weekly meetings, or four years of monthly ones.
MAX_ROTATION_MEETINGS = 52
MAX_ROTATION_RESPONSIBLES = 52
# Placeholders of a rotation's title pattern.
TITLE_NUMBER = "{n}"
TITLE_RESPONSIBLE = "{responsible}"
TITLE_DATE = "{date}"

_PARTY_MODELS: dict[ResponsibleKind, type[User] | type[SubCluster] | type[Clinic]] = {
    ResponsibleKind.user: User,
    ResponsibleKind.sub_cluster: SubCluster,
    ResponsibleKind.clinic: Clinic,
}


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rotation_days(first: date, data: dict[str, Any]) -> list[date]:
    """The local dates of the rotation's meetings, the first one's included."""
    if data.get("dates") is not None:
        later = sorted({day for day in data["dates"] if day > first})
        days = [first, *later]
    else:
        repeat = data["repeat"]
        count, until = data.get("count"), data.get("until")
        days = []
        n = 0
        while True:
            if repeat["unit"] == "weeks":
                day = first + timedelta(weeks=repeat["every"] * n)
            else:
                day = _add_months(first, repeat["every"] * n)
            if (count is not None and n >= count) or (until is not None and day > until):
                break
            days.append(day)
            n += 1
            if len(days) > MAX_ROTATION_MEETINGS:
                break
    if not days:
        raise RuleViolation(
            errors={"until": [coded("Not after the first meeting.", "not_after_start")]}
        )
    if len(days) > MAX_ROTATION_MEETINGS:
        raise RuleViolation(
            errors={
                "_schema": [
                    coded(
                        f"At most {MAX_ROTATION_MEETINGS} meetings in one rotation.",
                        "too_many",
                        max=MAX_ROTATION_MEETINGS,
                    )
                ]
            }
        )
    return days


def _party_names(responsibles: list[dict[str, Any]]) -> dict[tuple[str, uuid.UUID], str]:
    """The names of the named parties that exist (whether they belong to the cluster is the
    planning service's to check)."""
    names: dict[tuple[str, uuid.UUID], str] = {}
    for kind, model in _PARTY_MODELS.items():
        ids = [party["id"] for party in responsibles if party["kind"] == kind]
        if ids:
            rows = db.session.execute(select(model.id, model.name).where(model.id.in_(ids)))
            names.update({(kind.value, row_id): name for row_id, name in rows})
    return names


def _title(pattern: str, number: int, responsible: str, day: date) -> str:
    title = (
        pattern.replace(TITLE_NUMBER, str(number))
        .replace(TITLE_RESPONSIBLE, responsible)
        .replace(TITLE_DATE, danish_dates.day(day))
    )
    return title[:200]


def plan_rotation(
    access: ClusterAccess, principal: Principal, data: dict[str, Any], dry_run: bool
) -> dict[str, Any]:
    """Plan the rotation's meetings, handed to `responsibles` in turn (wrapping around), each
    checked as one planned meeting is. All or nothing: one meeting that cannot be planned and
    none is (422, with the report); `dry_run` only proposes them."""
    zone = ZoneInfo(data["time_zone"])
    first = data["starts_at"].astimezone(zone)
    local_time = time(first.hour, first.minute, first.second)
    length = timedelta(minutes=data["duration_minutes"])
    responsibles = data["responsibles"]
    names = _party_names(responsibles)
    common = {
        key: data[key]
        for key in ("description", "kind", "place_name", "place_address", "video_url", "status")
        if key in data
    }
    report = BatchReport(dry_run=dry_run)
    proposed: list[tuple[Meeting | None, dict[str, Any]]] = []
    for index, day in enumerate(rotation_days(first.date(), data)):
        party = responsibles[index % len(responsibles)]
        name = names.get((party["kind"].value, party["id"]), "")
        starts_at = datetime.combine(day, local_time, tzinfo=zone).astimezone(UTC)
        title = _title(data["title"], index + 1, name, day)
        item = report.add(starts_at.isoformat().replace("+00:00", "Z"), name=name or None)
        meeting: Meeting | None = None
        try:
            meeting = new_meeting(
                access,
                principal,
                {
                    **common,
                    "title": title,
                    "starts_at": starts_at,
                    "ends_at": starts_at + length,
                    "time_zone": data["time_zone"],
                    "responsible": {"kind": party["kind"], "id": party["id"]},
                },
            )
            item.status = "created"
        except RuleViolation as refused:
            for messages in (refused.errors or {}).values():
                for message in messages:
                    item.fail(message)
        proposed.append(
            (
                meeting,
                {
                    "meeting_id": None,
                    "title": title,
                    "starts_at": starts_at,
                    "ends_at": starts_at + length,
                    "responsible": {"kind": party["kind"], "id": party["id"], "name": name},
                },
            )
        )
    if report.failed:
        raise RuleViolation(
            "Some meetings cannot be planned; none was.",
            errors={
                f"items.{entry.index}": entry.errors
                for entry in report.items
                if entry.status == "error"
            },
            extra=_json_safe(_as_dict(report, proposed)),
        )
    if not dry_run:
        meetings = [meeting for meeting, _ in proposed if meeting is not None]
        db.session.add_all(meetings)
        db.session.commit()
        for meeting, shown in proposed:
            shown["meeting_id"] = meeting.id if meeting is not None else None
    return _as_dict(report, proposed)


def _as_dict(report: BatchReport, proposed: list[tuple[Meeting | None, dict[str, Any]]]) -> dict:
    answer = report.as_dict()
    for entry, (_, shown) in zip(answer["items"], proposed, strict=True):
        entry.update(shown)
    return answer


def _json_safe(answer: dict[str, Any]) -> dict[str, Any]:
    """The report as the problem body carries it (no schema dumps a problem's members)."""
    for entry in answer["items"]:
        for key in ("starts_at", "ends_at"):
            entry[key] = entry[key].isoformat().replace("+00:00", "Z")
        entry["responsible"] = {**entry["responsible"], "id": str(entry["responsible"]["id"])}
        entry["responsible"]["kind"] = entry["responsible"]["kind"].value
    return answer
