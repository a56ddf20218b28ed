"""Planning meetings: reading them, and the rules of a meeting's life and its agenda.

A meeting is a draft until it is planned; a planned meeting is invited to, reminded of,
attended, and then closed (which finalises attendance) or cancelled. A draft may be deleted;
a planned meeting is cancelled instead, so that the invited see the cancellation. Every change
goes through the ORM, so the audit log records it with its author.

The e-mail and calendar features listen to the signals below (`invitations_sent`,
`reminders_sent`, `meeting_rescheduled`, `meeting_cancelled`). They are sent before the
change commits, so a receiver that writes to the session (an outbox row) commits with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from blinker import Namespace
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.permissions import can, permissions_on
from api.core.security import Principal
from api.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    FollowUpAction,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingPackage,
    MeetingState,
    MeetingStatus,
    Member,
    PackageVersion,
    ResponsibleKind,
    SubCluster,
    SurveyTemplate,
)
from api.models.base import utcnow
from api.services.meetings.access import MeetingAccess, responsible_for
from api.services.registry.access import (
    MEETING_READ_SCOPES,
    ClusterAccess,
    current_clusters_of_user,
    reachable_clusters,
)
from api.services.registry.queries import region_or_422

ICAL_UID_DOMAIN = "klyngeplatformen.dk"
# Attendance is registered at the door: from a little before the meeting starts.
REGISTRATION_OPENS_BEFORE_START = timedelta(hours=2)
MAX_AGENDA_ITEMS = 100
MAX_ATTENDANCE_ITEMS = 500
MAX_INVITEES = 500

# The seam for e-mail and calendars: (sender=meeting, invitations=[...]) etc.
signals = Namespace()
invitations_sent = signals.signal("meeting-invitations-sent")
reminders_sent = signals.signal("meeting-reminders-sent")
meeting_rescheduled = signals.signal("meeting-rescheduled")
meeting_cancelled = signals.signal("meeting-cancelled")
# Sent inside the transaction (before its commit): the economy proposes fees from them.
meeting_closed = signals.signal("meeting-closed")
attendance_corrected = signals.signal("meeting-attendance-corrected")

# A change to one of these moves the meeting in the invitees' calendars (iCalendar SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "time_zone", "place_name", "place_address", "video_url")


# --- reading ----------------------------------------------------------------------------


def _when_and_status(stmt: Select, filters: dict[str, Any]) -> Select:
    """A meeting list's common filters: starting `from` (inclusive) `to` (exclusive), `status`."""
    if filters.get("from") is not None:
        stmt = stmt.where(Meeting.starts_at >= filters["from"])
    if filters.get("to") is not None:
        stmt = stmt.where(Meeting.starts_at < filters["to"])
    if filters.get("status") is not None:
        stmt = stmt.where(Meeting.status == filters["status"].value)
    return stmt


def meetings_query(principal: Principal, access: ClusterAccess, filters: dict[str, Any]) -> Select:
    """The cluster's meetings the caller sees: drafts only for those who plan them."""
    stmt = (
        select(Meeting)
        .where(Meeting.cluster_id == access.cluster.id)
        .options(
            joinedload(Meeting.responsible_user),
            joinedload(Meeting.responsible_sub_cluster),
            joinedload(Meeting.responsible_clinic),
        )
    )
    if not can(principal, "meetings.plan", access):
        visible = Meeting.state != MeetingState.draft.value
        if principal.user is not None:
            visible = or_(visible, responsible_for(principal.user.id))
        stmt = stmt.where(visible)
    return _when_and_status(stmt, filters)


def my_meetings_query(user_id: uuid.UUID, filters: dict[str, Any]) -> Select:
    """The meetings the person is invited to in their current clusters, with their answer
    and the cluster's name; drafts never (no one is invited to one). Rows carry the keyset
    columns `starts_at` and `id` by name, for `paginate`."""
    stmt = (
        select(
            Meeting,
            Invitation.answer,
            Invitation.answered_at,
            Cluster.name.label("cluster_name"),
            Meeting.starts_at,
            Meeting.id,
        )
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .where(
            Invitation.user_id == user_id,
            Meeting.state != MeetingState.draft.value,
            Meeting.cluster_id.in_(current_clusters_of_user(user_id)),
        )
        .options(
            joinedload(Meeting.responsible_user),
            joinedload(Meeting.responsible_sub_cluster),
            joinedload(Meeting.responsible_clinic),
        )
    )
    return _when_and_status(stmt, filters)


def reached_meetings_query(principal: Principal, filters: dict[str, Any]) -> Select:
    """The meetings of every cluster the caller reaches (a region's for its quality unit,
    every cluster's for KiAP, PLO and the admin, one's own clusters' for a doctor), with the
    cluster's name; never drafts, which are their planners' business. Filtered by `region`
    (its code), `cluster_id`, `from`, `to` and `status`; an unknown region or cluster is a
    422. Rows carry the keyset columns `starts_at` and `id` by name, for `paginate`."""
    stmt = (
        select(Meeting, Cluster.name.label("cluster_name"), Meeting.starts_at, Meeting.id)
        .join(Cluster, Cluster.id == Meeting.cluster_id)
        .where(
            reachable_clusters(principal, MEETING_READ_SCOPES),
            Meeting.state != MeetingState.draft.value,
        )
        .options(
            joinedload(Meeting.responsible_user),
            joinedload(Meeting.responsible_sub_cluster),
            joinedload(Meeting.responsible_clinic),
        )
    )
    if filters.get("region") is not None:
        stmt = stmt.where(Cluster.region_id == region_or_422(filters["region"]).id)
    if filters.get("cluster_id") is not None:
        if db.session.get(Cluster, filters["cluster_id"]) is None:
            raise RuleViolation(
                errors={"cluster_id": [coded("No such cluster.", "unknown_cluster")]}
            )
        stmt = stmt.where(Meeting.cluster_id == filters["cluster_id"])
    return _when_and_status(stmt, filters)


def reached_meeting_view(row: Any) -> dict[str, Any]:
    return {**meeting_view(row.Meeting), "cluster_name": row.cluster_name}


def my_meeting_view(row: Any) -> dict[str, Any]:
    return {
        **meeting_view(row.Meeting),
        "cluster_name": row.cluster_name,
        "my_answer": row.answer,
        "answered_at": row.answered_at,
    }


def responsible_view(meeting: Meeting) -> dict[str, Any]:
    kind = meeting.responsible_kind
    party = {
        ResponsibleKind.user: meeting.responsible_user,
        ResponsibleKind.sub_cluster: meeting.responsible_sub_cluster,
        ResponsibleKind.clinic: meeting.responsible_clinic,
    }[kind]
    assert party is not None
    return {"kind": kind, "id": party.id, "name": party.name}


def meeting_view(meeting: Meeting) -> dict[str, Any]:
    return {
        **{column.key: getattr(meeting, column.key) for column in Meeting.__table__.columns},
        "status": meeting.status,
        "responsible": responsible_view(meeting),
        "package_version_id": meeting.package_version_id,
    }


def meeting_detail(meeting: Meeting) -> dict[str, Any]:
    """The meeting page: the meeting, its agenda, the answers and attendance in numbers, and
    the cluster's open actions from earlier meetings. A fixed number of statements."""
    agenda = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        )
    )
    counts = dict(
        db.session.execute(
            select(Invitation.answer, func.count())
            .where(Invitation.meeting_id == meeting.id)
            .group_by(Invitation.answer)
        ).all()
    )
    # Attendance in numbers, and the survey template the meeting's package offers, in one
    # statement.
    offered = (
        select(SurveyTemplate.id, SurveyTemplate.title)
        .join(PackageVersion, PackageVersion.survey_template_id == SurveyTemplate.id)
        .join(MeetingPackage, MeetingPackage.package_version_id == PackageVersion.id)
        .where(MeetingPackage.meeting_id == meeting.id)
    )
    attended, template_id, template_title = db.session.execute(
        select(
            select(func.count())
            .where(
                Attendance.meeting_id == meeting.id,
                Attendance.attended.is_(True),
                Attendance.deleted_at.is_(None),
            )
            .scalar_subquery(),
            offered.with_only_columns(SurveyTemplate.id).scalar_subquery(),
            offered.with_only_columns(SurveyTemplate.title).scalar_subquery(),
        )
    ).one()
    open_actions = list(
        db.session.scalars(
            select(FollowUpAction)
            .join(Meeting, Meeting.id == FollowUpAction.meeting_id)
            .where(
                FollowUpAction.cluster_id == meeting.cluster_id,
                FollowUpAction.status == ActionStatus.open.value,
                FollowUpAction.meeting_id != meeting.id,
                Meeting.starts_at < meeting.starts_at,
            )
            .order_by(FollowUpAction.due_on, FollowUpAction.id)
        )
    )
    return {
        **meeting_view(meeting),
        "agenda_items": agenda,
        "agenda_minutes": sum(item.duration_minutes for item in agenda),
        "answers": {answer.value: counts.get(answer, 0) for answer in InvitationAnswer},
        "attended": attended,
        "open_actions": open_actions,
        "offered_survey_template": (
            {"id": template_id, "title": template_title} if template_id is not None else None
        ),
    }


# What the meeting page offers, by the permission that decides it.
MEETING_PAGE_ACTIONS = {
    "plan": "meetings.plan",
    "read_answers": "meetings.read_answers",
    "read_attendance": "attendance.read",
    "register_attendance": "attendance.register",
    "correct_attendance": "attendance.correct",
    "close": "meetings.plan",
}


def my_permissions(
    principal: Principal, meeting: Meeting, access: MeetingAccess
) -> dict[str, bool]:
    """What the caller may do with the meeting now: the permission table for the caller's
    standing there, and the meeting's state (a cancelled meeting is not changed; attendance
    is registered from two hours before a planned meeting until it is closed, and corrected
    after; a planned meeting is closed once it has begun). A web app offers exactly what
    will be accepted; the API checks each again."""
    allowed = permissions_on(principal, MEETING_PAGE_ACTIONS, access)
    planned = meeting.state == MeetingState.planned
    registering = planned and utcnow() >= meeting.starts_at - REGISTRATION_OPENS_BEFORE_START
    return {
        **allowed,
        "plan": allowed["plan"] and meeting.state != MeetingState.cancelled,
        "register_attendance": allowed["register_attendance"]
        and registering
        and not meeting.is_closed,
        "correct_attendance": allowed["correct_attendance"] and planned and meeting.is_closed,
        "close": allowed["close"] and planned and meeting.has_started and not meeting.is_closed,
    }


def version_etag(row: Meeting | FollowUpAction) -> dict[str, Any]:
    """What the ETag of a meeting (or an action) covers: its own version. Every change to a
    meeting and its agenda moves it; answers and attendance do not, so a coordinator's edit
    is not refused because a member answered meanwhile."""
    return {"id": str(row.id), "version": row.version}


# --- planning ---------------------------------------------------------------------------


def insiders_among(cluster_id: uuid.UUID, user_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Of `user_ids`, the people who work at the cluster's clinics or hold a role there now."""
    ids = list(set(user_ids))
    if not ids:
        return set()
    via_clinic = (
        select(Member.user_id)
        .join(ClinicClusterPeriod, ClinicClusterPeriod.clinic_id == Member.clinic_id)
        .where(
            Member.user_id.in_(ids),
            Member.valid_to.is_(None),
            ClinicClusterPeriod.cluster_id == cluster_id,
            ClinicClusterPeriod.valid_to.is_(None),
        )
    )
    via_role = select(ClusterRole.user_id).where(
        ClusterRole.user_id.in_(ids),
        ClusterRole.cluster_id == cluster_id,
        ClusterRole.valid_to.is_(None),
    )
    return set(db.session.scalars(via_clinic.union(via_role)))


def _set_responsible(meeting: Meeting, cluster_id: uuid.UUID, party: dict[str, Any]) -> None:
    kind, party_id = party["kind"], party["id"]
    if kind == ResponsibleKind.user:
        if party_id not in insiders_among(cluster_id, [party_id]):
            raise RuleViolation(
                errors={
                    "responsible": [
                        coded(
                            "Not a member or role holder of this cluster.",
                            "not_a_member_of_cluster",
                        )
                    ]
                }
            )
    elif kind == ResponsibleKind.sub_cluster:
        sub = db.session.get(SubCluster, party_id)
        if sub is None or sub.cluster_id != cluster_id:
            raise RuleViolation(
                errors={
                    "responsible": [
                        coded("Not a sub-cluster of this cluster.", "not_a_sub_cluster_of_cluster")
                    ]
                }
            )
    else:
        in_cluster = db.session.scalar(
            select(
                exists().where(
                    ClinicClusterPeriod.clinic_id == party_id,
                    ClinicClusterPeriod.cluster_id == cluster_id,
                    ClinicClusterPeriod.valid_to.is_(None),
                )
            )
        )
        if not in_cluster:
            raise RuleViolation(
                errors={
                    "responsible": [
                        coded("Not a clinic of this cluster now.", "not_a_clinic_of_cluster")
                    ]
                }
            )
    meeting.responsible_user_id = party_id if kind == ResponsibleKind.user else None
    meeting.responsible_sub_cluster_id = party_id if kind == ResponsibleKind.sub_cluster else None
    meeting.responsible_clinic_id = party_id if kind == ResponsibleKind.clinic else None


def _check_schedule(meeting: Meeting) -> None:
    if meeting.ends_at <= meeting.starts_at:
        raise RuleViolation(
            errors={"ends_at": [coded("Must be after starts_at.", "not_after_start")]}
        )
    if meeting.rsvp_by is not None and meeting.rsvp_by > meeting.starts_at:
        raise RuleViolation(
            errors={"rsvp_by": [coded("Must not be after starts_at.", "after_start")]}
        )
    if meeting.state != MeetingState.draft and not (meeting.place_name or meeting.video_url):
        raise RuleViolation(
            errors={
                "place_name": [
                    coded("A planned meeting needs a place or a video link.", "place_required")
                ]
            }
        )


def create_meeting(access: ClusterAccess, principal: Principal, data: dict[str, Any]) -> Meeting:
    """A new meeting (a draft unless `status` says planned); the caller is responsible for it
    unless another party is named."""
    meeting = new_meeting(access, principal, data)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def new_meeting(access: ClusterAccess, principal: Principal, data: dict[str, Any]) -> Meeting:
    """A meeting as `create_meeting` makes it, checked but not yet in the session: a batch of
    them (a rotation) is checked whole before any is written."""
    data = dict(data)
    party = data.pop("responsible", None)
    if party is None:
        if principal.user is None:
            raise RuleViolation(
                errors={"responsible": [coded("Required.", "responsible_required")]}
            )
        party = {"kind": ResponsibleKind.user, "id": principal.user.id}
    state = MeetingState(data.pop("status", MeetingStatus.draft).value)
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        cluster_id=access.cluster.id,
        state=state,
        ical_uid=f"meeting-{meeting_id}@{ICAL_UID_DOMAIN}",
        created_by_id=principal.user.id if principal.user else None,
        **data,
    )
    if (
        party["kind"] == ResponsibleKind.user
        and principal.user
        and party["id"] == principal.user.id
    ):
        # The caller may plan here (checked), so may be responsible without being a member
        # (the platform admin arranging a meeting for a cluster, say).
        meeting.responsible_user_id = party["id"]
    else:
        _set_responsible(meeting, access.cluster.id, party)
    _check_schedule(meeting)
    return meeting


def update_meeting(meeting: Meeting, data: dict[str, Any]) -> None:
    """Change a meeting. Moving it in time or place counts up its calendar sequence; a
    cancelled meeting is not changed any more, a closed one not moved."""
    if meeting.state == MeetingState.cancelled:
        raise Conflict("The meeting is cancelled.", code="meeting_cancelled")
    party = data.pop("responsible", None)
    status = data.pop("status", None)
    if meeting.is_closed and any(k in data for k in ("starts_at", "ends_at")):
        raise Conflict("The meeting is closed: its time is final.", code="meeting_closed")
    if status is not None:
        if status == MeetingStatus.draft and meeting.state == MeetingState.planned:
            raise Conflict(
                "A planned meeting cannot go back to draft: cancel it instead.",
                code="meeting_no_way_back_to_draft",
            )
        meeting.state = MeetingState(status.value)
    rescheduled = [k for k in SCHEDULE_FIELDS if k in data and data[k] != getattr(meeting, k)]
    for key, value in data.items():
        setattr(meeting, key, value)
    if party is not None:
        _set_responsible(meeting, meeting.cluster_id, party)
    _check_schedule(meeting)
    meeting.updated_at = utcnow()  # always a new version, also for a change of agenda only
    if rescheduled:
        meeting.sequence += 1
        if meeting.state == MeetingState.planned:
            meeting_rescheduled.send(meeting, changed=rescheduled)
    db.session.commit()


def delete_meeting(meeting: Meeting) -> None:
    if meeting.state != MeetingState.draft:
        raise Conflict(
            "Only a draft is deleted; a planned meeting is cancelled instead.",
            code="meeting_draft_only_deleted",
        )
    db.session.delete(meeting)
    db.session.commit()


def cancel_meeting(meeting: Meeting) -> None:
    """A planned meeting that has not ended is cancelled: its invitees' calendars are told
    (a new sequence), and attendance registered at the door no longer counts (tombstones)."""
    if meeting.state == MeetingState.draft:
        raise Conflict("A draft is deleted, not cancelled.", code="meeting_draft_not_cancelled")
    if meeting.state == MeetingState.cancelled:
        raise Conflict("The meeting is cancelled already.", code="meeting_cancelled")
    if meeting.status == MeetingStatus.held:
        raise Conflict("The meeting has been held; it cannot be cancelled.", code="meeting_held")
    now = utcnow()
    meeting.state = MeetingState.cancelled
    meeting.cancelled_at = now
    meeting.sequence += 1
    for row in db.session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.deleted_at.is_(None)
        )
    ):
        row.deleted_at = now
    meeting_cancelled.send(meeting)
    db.session.commit()


def close_meeting(meeting: Meeting, principal: Principal) -> None:
    """Close a meeting that has begun: attendance becomes final. Invited people without a
    registration are registered as not attending, so that every invitee has a row."""
    if meeting.state != MeetingState.planned:
        raise Conflict(
            f"A {meeting.state.value} meeting cannot be closed.", code="meeting_not_closable"
        )
    if meeting.is_closed:
        raise Conflict("The meeting is closed already.", code="meeting_closed")
    if not meeting.has_started:
        raise Conflict("The meeting has not begun yet.", code="meeting_not_begun")
    now = utcnow()
    me = principal.user.id if principal.user else None
    meeting.closed_at = now
    meeting.closed_by_id = me
    rows = {
        row.user_id: row
        for row in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    for row in rows.values():
        if row.deleted_at is None:
            row.finalised_at = now
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id)
    ):
        if invitation.user_id not in rows:
            db.session.add(
                Attendance(
                    meeting_id=meeting.id,
                    user_id=invitation.user_id,
                    clinic_id=invitation.clinic_id,
                    attended=False,
                    registered_by_id=me,
                    registered_at=now,
                    finalised_at=now,
                )
            )
    meeting_closed.send(meeting)
    db.session.commit()


def replace_agenda(meeting: Meeting, items: list[dict[str, Any]]) -> None:
    """The whole agenda in its new order, in one transaction. Items that name an `id` of this
    meeting's agenda are kept (and edited); the others are new; missing ones are removed."""
    if meeting.state == MeetingState.cancelled:
        raise Conflict("The meeting is cancelled.", code="meeting_cancelled")
    existing = {item.id: item for item in meeting.agenda_items}
    named = [item["id"] for item in items if item.get("id") is not None]
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        item_id = item.get("id")
        if item_id is not None and item_id not in existing:
            errors[f"items.{index}.id"] = [
                coded("Not an item of this meeting's agenda.", "not_in_agenda")
            ]
        elif item_id is not None and named.count(item_id) > 1:
            errors[f"items.{index}.id"] = [coded("Named twice.", "named_twice")]
    people = [i["responsible_user_id"] for i in items if i.get("responsible_user_id")]
    insiders = insiders_among(meeting.cluster_id, people)
    for index, item in enumerate(items):
        person = item.get("responsible_user_id")
        if person is not None and person not in insiders:
            errors[f"items.{index}.responsible_user_id"] = [
                coded("Not a member of this cluster.", "not_a_member_of_cluster")
            ]
    if errors:
        raise RuleViolation(errors=errors)
    kept: list[AgendaItem] = []
    for position, item in enumerate(items):
        values = {k: v for k, v in item.items() if k != "id"}
        row = existing.get(item.get("id")) if item.get("id") else None
        if row is None:
            row = AgendaItem(id=uuid.uuid4(), **values)
        else:
            for key in (
                "description",
                "slide_reference",
                "responsible_user_id",
                "responsible_name",
            ):
                values.setdefault(key, None if key != "description" else "")
            for key, value in values.items():
                setattr(row, key, value)
        row.position = position
        kept.append(row)
    meeting.agenda_items = kept  # removed items are deleted as orphans (and audited)
    meeting.updated_at = utcnow()  # a new version of the meeting: its ETag changes
    db.session.commit()
