"""Cluster meetings: planning, the agenda, invitations and answers, attendance, minutes and
follow-up actions. A meeting outside the caller's reach is not found (404); so is a draft for
those who may not plan it."""

from __future__ import annotations

import uuid

from flask import url_for
from flask.views import MethodView

from api.csv_export import csv_doc, csv_response, wants_csv
from api.extensions import Blueprint
from api.idempotency import idempotent
from api.models import Attendance, FollowUpAction, Invitation, Meeting
from api.pagination import paginate
from api.schemas.bulk import BulkArgsSchema
from api.schemas.common import BatchReportSchema, PageArgsSchema, page_schema
from api.schemas.meetings import (
    ActionListArgsSchema,
    AgendaReplaceSchema,
    AgendaSchema,
    AnswerSchema,
    AttendanceBatchSchema,
    AttendanceSchema,
    FollowUpActionCreateSchema,
    FollowUpActionSchema,
    FollowUpActionUpdateSchema,
    InvitationListArgsSchema,
    InvitationSchema,
    InviteSchema,
    MeetingCreateSchema,
    MeetingDetailSchema,
    MeetingListArgsSchema,
    MeetingSchema,
    MeetingUpdateSchema,
)
from api.security import require_principal
from api.services import meetings
from api.services.access import MeetingAccess
from api.services.meetings import version_etag as meeting_etag

URL_PREFIX = ""
blp = Blueprint(
    "meetings",
    __name__,
    description=(
        "Cluster meetings. Members read their cluster's meetings and answer their own "
        "invitation; the coordinator, co-coordinators, board members, secretary and the "
        "meeting's responsible party plan, invite, remind and register attendance. Quality "
        "units read their region's meetings without personal answers; PLO reads attendance."
    ),
)


def _meeting(meeting_id: uuid.UUID, action: str):  # type: ignore[no-untyped-def]
    return meetings.meeting_access(require_principal(), meeting_id, action)


def _detail(meeting: Meeting, access: MeetingAccess | None = None) -> dict:
    """The meeting page, with what the caller may do there."""
    if access is None:  # a meeting just planned: the caller's standing to it now
        _, access = _meeting(meeting.id, "meetings.read")
    blp.set_etag(meeting_etag(meeting))
    return {
        **meetings.meeting_detail(meeting),
        "my_permissions": meetings.my_permissions(require_principal(), meeting, access),
    }


@blp.route("/clusters/<uuid:cluster_id>/meetings")
class ClusterMeetings(MethodView):
    @blp.access("meetings.read")
    @blp.arguments(MeetingListArgsSchema, location="query")
    @blp.response(200, page_schema(MeetingSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterMeetings")
    def get(self, args, cluster_id: uuid.UUID):
        """List the cluster's meetings

        By start time. Filter by `from` and `to` (start times, RFC 3339) and `status`.
        Drafts are listed only for those who may plan them.
        """
        principal = require_principal()
        access = meetings.cluster_meetings_access(principal, cluster_id, "meetings.read")
        filters = {"from": args.pop("from_"), "to": args.pop("to"), "status": args.pop("status")}
        return paginate(
            meetings.meetings_query(principal, access, filters),
            args,
            order=(Meeting.starts_at, Meeting.id),
            view=meetings.meeting_view,
        )

    @blp.access("meetings.plan")
    @idempotent
    @blp.etag
    @blp.arguments(MeetingCreateSchema)
    @blp.response(201, MeetingDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="createMeeting")
    def post(self, data, cluster_id: uuid.UUID):
        """Plan a meeting

        A draft unless `status` is `planned` (which needs a place or a video link). The
        responsible party is you unless `responsible` names a member, a sub-cluster or a
        clinic of the cluster. Times are UTC; `time_zone` is for display.
        """
        principal = require_principal()
        access = meetings.cluster_meetings_access(principal, cluster_id, "meetings.plan")
        meeting = meetings.create_meeting(access, principal, data)
        location = url_for("meetings.MeetingById", meeting_id=meeting.id)
        return _detail(meeting), 201, {"Location": location}


@blp.route("/clusters/<uuid:cluster_id>/actions")
class ClusterActions(MethodView):
    @blp.access("meetings.read")
    @blp.arguments(ActionListArgsSchema, location="query")
    @blp.response(200, page_schema(FollowUpActionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterActions")
    def get(self, args, cluster_id: uuid.UUID):
        """List the cluster's follow-up actions

        From all its meetings; `status=open` gives what is still to be done.
        """
        principal = require_principal()
        meetings.cluster_meetings_access(principal, cluster_id, "meetings.read")
        stmt = meetings.actions_query(cluster_id=cluster_id, status=args.pop("status"))
        return paginate(stmt, args, order=(FollowUpAction.created_at, FollowUpAction.id))


@blp.route("/meetings/<uuid:meeting_id>")
class MeetingById(MethodView):
    @blp.access("meetings.read")
    @blp.etag
    @blp.response(200, MeetingDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getMeeting")
    def get(self, meeting_id: uuid.UUID):
        """Get a meeting

        With its agenda, minutes and decisions, the answers and attendance in numbers, and
        the cluster's open actions from earlier meetings. The ETag covers the meeting and its
        agenda, not the answers.
        """
        meeting, access = _meeting(meeting_id, "meetings.read")
        return _detail(meeting, access)

    @blp.access("meetings.plan")
    @blp.etag
    @blp.arguments(MeetingUpdateSchema)
    @blp.response(200, MeetingDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateMeeting")
    def patch(self, data, meeting_id: uuid.UUID):
        """Change a meeting, its minutes or decisions, or plan a draft

        Requires `If-Match`. A change of time or place counts up `sequence`, so calendars
        move the meeting. A cancelled meeting does not change; a closed one keeps its time.
        """
        meeting, access = _meeting(meeting_id, "meetings.plan")
        blp.check_etag(meeting_etag(meeting))
        meetings.update_meeting(meeting, data)
        return _detail(meeting, access)

    @blp.access("meetings.plan")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteMeeting")
    def delete(self, meeting_id: uuid.UUID):
        """Delete a draft

        Only a draft is deleted (409 otherwise): a planned meeting is cancelled, so that
        those invited learn of it.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        blp.check_etag(meeting_etag(meeting))
        meetings.delete_meeting(meeting)


@blp.route("/meetings/<uuid:meeting_id>/cancel")
class MeetingCancel(MethodView):
    @blp.access("meetings.plan")
    @idempotent
    @blp.response(200, MeetingDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="cancelMeeting")
    def post(self, meeting_id: uuid.UUID):
        """Cancel a planned meeting

        An action, not a creation (200). The meeting stays, `cancelled`, with a new
        `sequence`; attendance registered for it no longer counts. A held meeting is not
        cancelled (409).
        """
        meeting, access = _meeting(meeting_id, "meetings.plan")
        meetings.cancel_meeting(meeting)
        return _detail(meeting, access)


@blp.route("/meetings/<uuid:meeting_id>/close")
class MeetingClose(MethodView):
    @blp.access("meetings.plan")
    @idempotent
    @blp.response(200, MeetingDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="closeMeeting")
    def post(self, meeting_id: uuid.UUID):
        """Close a meeting: finalise its attendance

        An action, not a creation (200). For a planned meeting that has begun. Invited
        people without a registration are registered as absent. Afterwards only the
        coordinator and co-coordinators correct attendance, with a reason.
        """
        meeting, access = _meeting(meeting_id, "meetings.plan")
        meetings.close_meeting(meeting, require_principal())
        return _detail(meeting, access)


def _agenda(meeting: Meeting) -> dict:
    blp.set_etag(meeting_etag(meeting))
    items = meeting.agenda_items
    return {"items": items, "total_minutes": sum(i.duration_minutes for i in items)}


@blp.route("/meetings/<uuid:meeting_id>/agenda-items")
class MeetingAgenda(MethodView):
    @blp.access("meetings.read")
    @blp.etag
    @blp.response(200, AgendaSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getMeetingAgenda")
    def get(self, meeting_id: uuid.UUID):
        """Get a meeting's agenda

        The whole agenda in order, not in pages: it is at most 100 items and is replaced as
        one. Its ETag is the meeting's.
        """
        meeting, _ = _meeting(meeting_id, "meetings.read")
        return _agenda(meeting)

    @blp.access("meetings.plan")
    @blp.etag
    @blp.arguments(AgendaReplaceSchema)
    @blp.response(200, AgendaSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="replaceMeetingAgenda")
    def put(self, data, meeting_id: uuid.UUID):
        """Replace or reorder the agenda

        The full agenda in its new order, all or nothing, with `If-Match` of the meeting.
        Items with the `id` of an existing item keep it; items without are new; items left
        out are removed.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        blp.check_etag(meeting_etag(meeting))
        meetings.replace_agenda(meeting, data["items"])
        return _agenda(meeting)


@blp.route("/meetings/<uuid:meeting_id>/invitations")
class MeetingInvitations(MethodView):
    @blp.access("meetings.read_answers")
    @blp.arguments(InvitationListArgsSchema, location="query")
    @blp.response(200, page_schema(InvitationSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listMeetingInvitations")
    def get(self, args, meeting_id: uuid.UUID):
        """List who is invited and what they answered

        For the cluster's own people; quality units see the answers in numbers only (on the
        meeting). Filter by `answer`.
        """
        meeting, _ = _meeting(meeting_id, "meetings.read_answers")
        stmt = meetings.invitations_query(meeting.id, args.pop("answer"))
        return paginate(stmt, args, order=(Invitation.created_at, Invitation.id))

    @blp.access("meetings.plan")
    @idempotent
    @blp.arguments(BulkArgsSchema, location="query")
    @blp.arguments(InviteSchema)
    @blp.response(200, BatchReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="inviteToMeeting")
    def post(self, args, data, meeting_id: uuid.UUID):
        """Invite the whole cluster, a sub-cluster or chosen people

        To a planned meeting that has not begun. Someone invited already is `unchanged`,
        never invited twice. `dry_run=true` previews who would be invited.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        return meetings.invite(meeting, require_principal(), data, args["dry_run"]).as_dict()


@blp.route("/meetings/<uuid:meeting_id>/invitations/me")
class MyInvitation(MethodView):
    @blp.access("meetings.answer")
    @blp.response(200, InvitationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getMyInvitation")
    def get(self, meeting_id: uuid.UUID):
        """Get your invitation to a meeting (404 if you are not invited)"""
        meeting, _ = _meeting(meeting_id, "meetings.answer")
        return meetings.own_invitation(meeting, require_principal())

    @blp.access("meetings.answer")
    @blp.arguments(AnswerSchema)
    @blp.response(200, InvitationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="answerMyInvitation")
    def put(self, data, meeting_id: uuid.UUID):
        """Answer your invitation

        `accepted`, `declined` or `tentative`, until the meeting begins. Unlike other
        writes this needs no `If-Match`: the invitation is yours alone and the answer is
        the whole of what you send, so there is nothing to overwrite unseen, and a one-click
        answer from the dashboard needs no read first.
        """
        meeting, _ = _meeting(meeting_id, "meetings.answer")
        return meetings.answer(meeting, require_principal(), data["answer"])


@blp.route("/meetings/<uuid:meeting_id>/reminders")
class MeetingReminders(MethodView):
    @blp.access("meetings.plan")
    @idempotent
    @blp.arguments(BulkArgsSchema, location="query")
    @blp.response(200, BatchReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="remindMeetingInvitees")
    def post(self, args, meeting_id: uuid.UUID):
        """Remind those who have not answered

        Counts a reminder on each unanswered invitation and sends it. `dry_run=true`
        previews who would be reminded.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        return meetings.remind(meeting, args["dry_run"]).as_dict()


@blp.route("/meetings/<uuid:meeting_id>/attendance")
class MeetingAttendance(MethodView):
    @blp.access("attendance.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(AttendanceSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listMeetingAttendance", **csv_doc(page_schema(AttendanceSchema)))
    def get(self, args, meeting_id: uuid.UUID):
        """List a meeting's attendance

        One row per registered person. With `Accept: text/csv`, all rows as CSV.
        """
        meeting, _ = _meeting(meeting_id, "attendance.read")
        stmt = meetings.attendance_query(meeting.id)
        if wants_csv():
            ordered = stmt.order_by(Attendance.created_at, Attendance.id)
            return csv_response(AttendanceSchema(), ordered, "attendance.csv")
        return paginate(stmt, args, order=(Attendance.created_at, Attendance.id))

    @blp.access("attendance.register")
    @idempotent
    @blp.arguments(BulkArgsSchema, location="query")
    @blp.arguments(AttendanceBatchSchema)
    @blp.response(200, BatchReportSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="registerMeetingAttendance")
    def post(self, args, data, meeting_id: uuid.UUID):
        """Register attendance: one person or many

        Each item sets one person's row (an upsert), so two people registering at the door
        at once lose nothing. From two hours before the start until the meeting is closed,
        by those who plan it; after closing, the coordinator and co-coordinators correct,
        each item with a `reason` (audited). All-or-nothing: a bad item makes the whole
        request 422, with the report per item.
        """
        meeting, access = _meeting(meeting_id, "meetings.read")
        report = meetings.register_attendance(
            meeting, access, require_principal(), data["items"], args["dry_run"]
        )
        return report.as_dict()


@blp.route("/meetings/<uuid:meeting_id>/actions")
class MeetingActions(MethodView):
    @blp.access("meetings.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(FollowUpActionSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listMeetingActions")
    def get(self, args, meeting_id: uuid.UUID):
        """List the follow-up actions decided at a meeting"""
        meeting, _ = _meeting(meeting_id, "meetings.read")
        stmt = meetings.actions_query(meeting_id=meeting.id)
        return paginate(stmt, args, order=(FollowUpAction.created_at, FollowUpAction.id))

    @blp.access("meetings.plan")
    @idempotent
    @blp.etag
    @blp.arguments(FollowUpActionCreateSchema)
    @blp.response(201, FollowUpActionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="createMeetingAction")
    def post(self, data, meeting_id: uuid.UUID):
        """Record a follow-up action

        What is to be done, by which clinic (or the whole cluster), by when.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        action = meetings.create_action(meeting, data)
        blp.set_etag(meetings.version_etag(action))
        location = url_for("meetings.MeetingActionById", meeting_id=meeting.id, action_id=action.id)
        return action, 201, {"Location": location}


@blp.route("/meetings/<uuid:meeting_id>/actions/<uuid:action_id>")
class MeetingActionById(MethodView):
    @blp.access("meetings.read")
    @blp.etag
    @blp.response(200, FollowUpActionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getMeetingAction")
    def get(self, meeting_id: uuid.UUID, action_id: uuid.UUID):
        """Get a follow-up action"""
        meeting, _ = _meeting(meeting_id, "meetings.read")
        action = meetings.action_of_meeting(meeting, action_id)
        blp.set_etag(meetings.version_etag(action))
        return action

    @blp.access("meetings.plan")
    @blp.etag
    @blp.arguments(FollowUpActionUpdateSchema)
    @blp.response(200, FollowUpActionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updateMeetingAction")
    def patch(self, data, meeting_id: uuid.UUID, action_id: uuid.UUID):
        """Change a follow-up action, or mark it done

        Requires `If-Match`.
        """
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        action = meetings.action_of_meeting(meeting, action_id)
        blp.check_etag(meetings.version_etag(action))
        meetings.update_action(action, data)
        blp.set_etag(meetings.version_etag(action))
        return action

    @blp.access("meetings.plan")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="deleteMeetingAction")
    def delete(self, meeting_id: uuid.UUID, action_id: uuid.UUID):
        """Delete a follow-up action"""
        meeting, _ = _meeting(meeting_id, "meetings.plan")
        action = meetings.action_of_meeting(meeting, action_id)
        blp.check_etag(meetings.version_etag(action))
        meetings.delete_action(action)
