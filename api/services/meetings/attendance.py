"""Attendance at a meeting: registered at the door, person by person, until the meeting is
closed, and corrected after by the coordinators, with a reason."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from api.core.batch import BatchReport
from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.models import (
    Attendance,
    ClinicClusterPeriod,
    Invitation,
    Meeting,
    MeetingState,
    Member,
)
from api.models.base import utcnow
from api.services.meetings.access import MeetingAccess
from api.services.meetings.planning import (
    REGISTRATION_OPENS_BEFORE_START,
    attendance_corrected,
    insiders_among,
)

# --- attendance -------------------------------------------------------------------------


def register_attendance(
    meeting: Meeting,
    access: MeetingAccess,
    principal: Principal,
    items: list[dict[str, Any]],
    dry_run: bool,
) -> BatchReport:
    """Register who attended, person by person: each item is an upsert of that person's row,
    so registrations made at the same time by two people at the door never overwrite each
    other's rows. Before closing, those who plan the meeting register; after closing, only
    a coordinator corrects, with a reason. All-or-nothing: one bad item and nothing is
    written (422, with the report)."""
    correcting = meeting.is_closed
    if meeting.state != MeetingState.planned:
        raise Conflict(
            f"Attendance is not registered for a {meeting.state.value} meeting.",
            code="attendance_not_open",
        )
    if utcnow() < meeting.starts_at - REGISTRATION_OPENS_BEFORE_START:
        raise Conflict(
            "Attendance is registered from two hours before the meeting begins.",
            code="attendance_too_early",
        )
    user_ids = [item["user_id"] for item in items]
    invited = dict(
        db.session.execute(
            select(Invitation.user_id, Invitation.clinic_id).where(
                Invitation.meeting_id == meeting.id, Invitation.user_id.in_(user_ids)
            )
        ).all()
    )
    insiders = insiders_among(meeting.cluster_id, [u for u in user_ids if u not in invited])
    clinics = dict(
        db.session.execute(
            select(Member.user_id, Member.clinic_id)
            .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
            .where(
                Member.user_id.in_(list(insiders)),
                Member.valid_to.is_(None),
                ClinicClusterPeriod.cluster_id == meeting.cluster_id,
                ClinicClusterPeriod.valid_to.is_(None),
            )
        ).all()
    )
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.user_id.in_(user_ids)
            )
        )
    }
    report = BatchReport(dry_run=dry_run)
    seen: set[uuid.UUID] = set()
    for item in items:
        user_id = item["user_id"]
        entry = report.add(str(user_id), user_id=user_id)
        if user_id in seen:
            entry.fail(coded("Named twice in this request.", "named_twice"))
        elif user_id not in invited and user_id not in insiders:
            entry.fail(
                coded("Neither invited nor a member of this cluster.", "attendance_not_invited")
            )
        elif correcting and not item.get("reason"):
            entry.fail(
                coded("The meeting is closed: a correction needs a reason.", "reason_required")
            )
        else:
            row = rows.get(user_id)
            if row is None:
                entry.status = "created"
            elif row.attended == item["attended"] and row.deleted_at is None:
                entry.status = "unchanged"
            else:
                entry.status = "updated"
        seen.add(user_id)
    if report.failed:
        raise RuleViolation(
            "Some items cannot be registered; nothing was written.",
            errors={
                f"items.{e.index}.user_id": e.errors for e in report.items if e.status == "error"
            },
            extra=report.as_dict(),
        )
    if dry_run:
        return report
    now = utcnow()
    me = principal.user.id if principal.user else None
    for item, entry in zip(items, report.items, strict=True):
        if entry.status == "unchanged":
            continue
        user_id = item["user_id"]
        row = rows.get(user_id)
        if row is None:
            row = _insert_or_get(
                Attendance(
                    id=uuid.uuid4(),
                    meeting_id=meeting.id,
                    user_id=user_id,
                    clinic_id=invited.get(user_id) or clinics.get(user_id),
                    attended=item["attended"],
                    registered_by_id=me,
                    registered_at=now,
                    finalised_at=now if correcting else None,
                    correction_reason=item.get("reason") if correcting else None,
                )
            )
            if row is None:
                continue
        row.attended = item["attended"]
        row.registered_by_id = me
        row.registered_at = now
        row.deleted_at = None
        if correcting:
            row.correction_reason = item["reason"]
    if correcting:
        attendance_corrected.send(meeting)
    db.session.commit()
    return report


def _insert_or_get(row: Attendance) -> Attendance | None:
    """Insert a person's row; if someone else inserted it a moment ago, return theirs to be
    updated (None when ours went in). A savepoint keeps the rest of the batch."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
        return None
    except IntegrityError:
        return db.session.scalars(
            select(Attendance)
            .where(Attendance.meeting_id == row.meeting_id, Attendance.user_id == row.user_id)
            .execution_options(populate_existing=True)
        ).one()


def attendance_query(meeting_id: uuid.UUID) -> Select:
    return select(Attendance).where(
        Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None)
    )
