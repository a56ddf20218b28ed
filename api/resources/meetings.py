"""Meetings over HTTP: planning and the meeting's life, PLO's attendance feed, and calendars.

Cluster meetings: planning, the agenda, invitations and answers, attendance, minutes and
follow-up actions. A meeting outside the caller's reach is not found (404); so is a draft for
those who may not plan it.

PLO's attendance feed: every person at every meeting, for the economy module that pays
fees from it, kept in step by a changes walk or exported as CSV.

Calendars: one meeting as an `.ics` file, and each person's calendar subscription, a secret
URL that calendar apps fetch without a token.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from flask import Response, current_app, jsonify, request, url_for
from flask.views import MethodView

from api.core.csv_export import csv_doc, csv_response, refuse_cursor, wants_csv
from api.core.errors import abort
from api.core.extensions import Blueprint, client_address, limiter
from api.core.idempotency import idempotent
from api.core.pagination import paginate, settled_before
from api.core.permissions import Reached
from api.core.security import require_principal, token_digest
from api.core.xlsx_export import wants_xlsx, xlsx_response
from api.models import Attendance, Cluster, FollowUpAction, Invitation, Meeting, MeetingState
from api.schemas.common import BatchReportSchema, PageArgsSchema, page_schema
from api.schemas.meetings import (
    ActionListArgsSchema,
    AgendaFromPackageResultSchema,
    AgendaFromPackageSchema,
    AgendaReplaceSchema,
    AgendaSchema,
    AnswerSchema,
    AttendanceBatchSchema,
    AttendanceFeedArgsSchema,
    AttendanceFeedEntrySchema,
    AttendanceSchema,
    AttendanceSummaryArgsSchema,
    AttendanceSummarySchema,
    CalendarFeedCreatedSchema,
    CalendarFeedSchema,
    FollowUpActionCreateSchema,
    FollowUpActionSchema,
    FollowUpActionUpdateSchema,
    InvitationListArgsSchema,
    InvitationSchema,
    InviteSchema,
    MeetingCreateSchema,
    MeetingDetailSchema,
    MeetingListArgsSchema,
    MeetingRotationSchema,
    MeetingSchema,
    MeetingUpdateSchema,
    ReachedMeetingListArgsSchema,
    ReachedMeetingSchema,
    RotationReportSchema,
)
from api.schemas.registry import BulkArgsSchema
from api.services.meetings import (
    attendance,
    calendars,
    followup,
    from_package,
    invitations,
    rotation,
)
from api.services.meetings import exports as meeting_exports
from api.services.meetings import feed as attendance_feed
from api.services.meetings import planning as meetings
from api.services.meetings.access import (
    MeetingAccess,
    action_in_reach,
    cluster_meetings_in_reach,
    meeting_in_reach,
    own_invitation_in_reach,
)
from api.services.meetings.planning import version_etag as meeting_etag

# --- meetings ----------------------------------------------------------------------------------

MEETINGS_URL_PREFIX = ""
meetings_blp = Blueprint(
    "meetings",
    __name__,
    description=(
        "Cluster meetings. Members read their cluster's meetings and answer their own "
        "invitation; the coordinator, co-coordinators, board members, secretary and the "
        "meeting's responsible party plan, invite, remind and register attendance. Quality "
        "units read their region's meetings without personal answers; PLO reads attendance."
    ),
)


def _detail(meeting: Meeting, access: MeetingAccess | None = None) -> dict:
    """The meeting page, with what the caller may do there."""
    if access is None:  # a meeting just planned: the caller's standing to it now
        access = meeting_in_reach(require_principal(), meeting_id=meeting.id).standing
    meetings_blp.set_etag(meeting_etag(meeting))
    return {
        **meetings.meeting_detail(meeting),
        "my_permissions": meetings.my_permissions(require_principal(), meeting, access),
    }


@meetings_blp.route("/clusters/<uuid:cluster_id>/meetings")
class ClusterMeetings(MethodView):
    @meetings_blp.access("meetings.read", on=cluster_meetings_in_reach)
    @meetings_blp.arguments(MeetingListArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(MeetingSchema))
    @meetings_blp.doc(operationId="listClusterMeetings")
    def get(self, args, cluster: Reached[Cluster]):
        """List the cluster's meetings

        By start time. Filter by `from` and `to` (start times, RFC 3339) and `status`.
        Drafts are listed only for those who may plan them.
        """
        principal = require_principal()
        filters = {"from": args.pop("from_"), "to": args.pop("to"), "status": args.pop("status")}
        return paginate(
            meetings.meetings_query(principal, cluster.standing, filters),
            args,
            order=(Meeting.starts_at, Meeting.id),
            view=meetings.meeting_view,
        )

    @meetings_blp.access("meetings.plan", on=cluster_meetings_in_reach)
    @idempotent
    @meetings_blp.etag
    @meetings_blp.arguments(MeetingCreateSchema)
    @meetings_blp.response(201, MeetingDetailSchema)
    @meetings_blp.doc(operationId="createMeeting")
    def post(self, data, cluster: Reached[Cluster]):
        """Plan a meeting

        A draft unless `status` is `planned` (which needs a place or a video link). The
        responsible party is you unless `responsible` names a member, a sub-cluster or a
        clinic of the cluster. Times are UTC; `time_zone` is for display.
        """
        principal = require_principal()
        meeting = meetings.create_meeting(cluster.standing, principal, data)
        location = url_for("meetings.MeetingById", meeting_id=meeting.id)
        return _detail(meeting), 201, {"Location": location}


@meetings_blp.route("/meetings")
class ReachedMeetings(MethodView):
    @meetings_blp.access("meetings.read")
    @meetings_blp.arguments(ReachedMeetingListArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(ReachedMeetingSchema))
    @meetings_blp.doc(operationId="listMeetings")
    def get(self, args):
        """List the meetings of every cluster you reach

        Across clusters, by start time, each with its cluster's name: a quality unit's view of
        its region's meetings (KiAP, PLO and the admin reach every cluster's; a doctor their
        own clusters'). Drafts are never listed. Filter by `region` (its code), `cluster_id`,
        `from` and `to` (start times, RFC 3339) and `status`; an unknown region or cluster is
        a 422 `rule-violation`, a cluster out of your reach an empty list.
        """
        filters = {
            "region": args.pop("region"),
            "cluster_id": args.pop("cluster_id"),
            "from": args.pop("from_"),
            "to": args.pop("to"),
            "status": args.pop("status"),
        }
        return paginate(
            meetings.reached_meetings_query(require_principal(), filters),
            args,
            order=(Meeting.starts_at, Meeting.id),
            view=meetings.reached_meeting_view,
        )


@meetings_blp.route("/clusters/<uuid:cluster_id>/meeting-rotations")
class ClusterMeetingRotations(MethodView):
    @meetings_blp.access("meetings.plan", on=cluster_meetings_in_reach)
    @idempotent
    @meetings_blp.arguments(BulkArgsSchema, location="query")
    @meetings_blp.arguments(MeetingRotationSchema)
    @meetings_blp.response(200, RotationReportSchema)
    @meetings_blp.doc(operationId="planMeetingRotation")
    def post(self, args, data, cluster: Reached[Cluster]):
        """Plan a rotation: a series of meetings handed in turn to sub-clusters or clinics

        The first meeting at `starts_at`, the next ones every `repeat.every` weeks or months
        (at the same local time in `time_zone`; a month without the day takes its last day)
        or on the listed `dates`, `count` of them or until `until`, at most
        52. Meeting *n* goes to the *n*-th of `responsibles`, starting over after
        the last. Each is planned as one meeting is (drafts unless `status` is `planned`).
        All-or-nothing: a meeting that cannot be planned (a responsible not of this cluster)
        makes the whole request 422 with the report, and none is planned. `dry_run=true`
        returns the proposed meetings without planning them. A batch, so the answer is its
        report (200), a meeting per item with its `meeting_id`, rather than one `Location`.
        """
        return rotation.plan_rotation(cluster.standing, require_principal(), data, args["dry_run"])


@meetings_blp.route("/clusters/<uuid:cluster_id>/actions")
class ClusterActions(MethodView):
    @meetings_blp.access("meetings.read", on=cluster_meetings_in_reach)
    @meetings_blp.arguments(ActionListArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(FollowUpActionSchema))
    @meetings_blp.doc(operationId="listClusterActions")
    def get(self, args, cluster: Reached[Cluster]):
        """List the cluster's follow-up actions

        From all its meetings; `status=open` gives what is still to be done.
        """
        stmt = followup.actions_query(cluster_id=cluster.item.id, status=args.pop("status"))
        return paginate(stmt, args, order=(FollowUpAction.created_at, FollowUpAction.id))


@meetings_blp.route("/meetings/<uuid:meeting_id>")
class MeetingById(MethodView):
    @meetings_blp.access("meetings.read", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.response(200, MeetingDetailSchema)
    @meetings_blp.doc(operationId="getMeeting")
    def get(self, meeting: Reached[Meeting]):
        """Get a meeting

        With its agenda, minutes and decisions, the answers and attendance in numbers, and
        the cluster's open actions from earlier meetings. The ETag covers the meeting and its
        agenda, not the answers.
        """
        return _detail(meeting.item, meeting.standing)

    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.arguments(MeetingUpdateSchema)
    @meetings_blp.response(200, MeetingDetailSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="updateMeeting")
    def patch(self, data, meeting: Reached[Meeting]):
        """Change a meeting, its minutes or decisions, or plan a draft

        Requires `If-Match`. A change of time or place counts up `sequence`, so calendars
        move the meeting. A cancelled meeting does not change; a closed one keeps its time.
        """
        meetings_blp.check_etag(meeting_etag(meeting.item))
        meetings.update_meeting(meeting.item, data)
        return _detail(meeting.item, meeting.standing)

    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.response(204)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="deleteMeeting")
    def delete(self, meeting: Reached[Meeting]):
        """Delete a draft

        Only a draft is deleted (409 otherwise): a planned meeting is cancelled, so that
        those invited learn of it.
        """
        meetings_blp.check_etag(meeting_etag(meeting.item))
        meetings.delete_meeting(meeting.item)


@meetings_blp.route("/meetings/<uuid:meeting_id>/cancel")
class MeetingCancel(MethodView):
    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @idempotent
    @meetings_blp.response(200, MeetingDetailSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="cancelMeeting")
    def post(self, meeting: Reached[Meeting]):
        """Cancel a planned meeting

        An action, not a creation (200). The meeting stays, `cancelled`, with a new
        `sequence`; attendance registered for it no longer counts. A held meeting is not
        cancelled (409).
        """
        meetings.cancel_meeting(meeting.item)
        return _detail(meeting.item, meeting.standing)


@meetings_blp.route("/meetings/<uuid:meeting_id>/close")
class MeetingClose(MethodView):
    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @idempotent
    @meetings_blp.response(200, MeetingDetailSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="closeMeeting")
    def post(self, meeting: Reached[Meeting]):
        """Close a meeting: finalise its attendance

        An action, not a creation (200). For a planned meeting that has begun. Invited
        people without a registration are registered as absent. Afterwards only the
        coordinator and co-coordinators correct attendance, with a reason.
        """
        meetings.close_meeting(meeting.item, require_principal())
        return _detail(meeting.item, meeting.standing)


def _agenda(meeting: Meeting) -> dict:
    meetings_blp.set_etag(meeting_etag(meeting))
    items = meeting.agenda_items
    return {"items": items, "total_minutes": sum(i.duration_minutes for i in items)}


@meetings_blp.route("/meetings/<uuid:meeting_id>/agenda-items")
class MeetingAgenda(MethodView):
    @meetings_blp.access("meetings.read", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.response(200, AgendaSchema)
    @meetings_blp.doc(operationId="getMeetingAgenda")
    def get(self, meeting: Reached[Meeting]):
        """Get a meeting's agenda

        The whole agenda in order, not in pages: it is at most 100 items and is replaced as
        one. Its ETag is the meeting's.
        """
        return _agenda(meeting.item)

    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.arguments(AgendaReplaceSchema)
    @meetings_blp.response(200, AgendaSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="replaceMeetingAgenda")
    def put(self, data, meeting: Reached[Meeting]):
        """Replace or reorder the agenda

        The full agenda in its new order, all or nothing, with `If-Match` of the meeting.
        Items with the `id` of an existing item keep it; items without are new; items left
        out are removed.
        """
        meetings_blp.check_etag(meeting_etag(meeting.item))
        meetings.replace_agenda(meeting.item, data["items"])
        return _agenda(meeting.item)


@meetings_blp.route("/meetings/<uuid:meeting_id>/agenda-from-package")
class MeetingAgendaFromPackage(MethodView):
    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @meetings_blp.etag
    @meetings_blp.arguments(AgendaFromPackageSchema)
    @meetings_blp.response(200, AgendaFromPackageResultSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.alt_response(412, response="PRECONDITION_FAILED")
    @meetings_blp.alt_response(428, response="PRECONDITION_REQUIRED")
    @meetings_blp.doc(operationId="buildMeetingAgendaFromPackage", parameters=["IF_MATCH"])
    def post(self, data, meeting: Reached[Meeting]):
        """Build the agenda from a package

        The chosen parts of a published package version's agenda template (`item_ids`)
        become agenda items, in the version's order: copies (title, minutes, slides, method
        notes), so later versions of the package do not change the meeting. `mode: append`
        (the default) adds them after the meeting's agenda; `mode: replace` replaces the
        agenda with them. The meeting records the version (`package_version_id`), and the
        version's materials are linked to it (`listMeetingPackageMaterials`). With `If-Match`
        of the meeting. The answer is the new agenda, with a time budget: the parts' minutes
        against the meeting's length, reported when over (not refused). 404 for a package or
        version you do not find; 409 `package_version_not_published` for a draft version,
        `package_retired` for a retired package, `meeting_cancelled` for a cancelled meeting;
        422 `not_in_package_version` for a part that is not the version's.
        """
        meetings_blp.check_etag_of_action(meeting_etag(meeting.item))
        result = from_package.agenda_from_package(require_principal(), meeting.item, data)
        meetings_blp.set_etag(meeting_etag(meeting.item))
        return result


@meetings_blp.route("/meetings/<uuid:meeting_id>/invitations")
class MeetingInvitations(MethodView):
    @meetings_blp.access("meetings.read_answers", on=meeting_in_reach)
    @meetings_blp.arguments(InvitationListArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(InvitationSchema))
    @meetings_blp.doc(operationId="listMeetingInvitations")
    def get(self, args, meeting: Reached[Meeting]):
        """List who is invited and what they answered

        For the cluster's own people; quality units see the answers in numbers only (on the
        meeting). Filter by `answer`.
        """
        stmt = invitations.invitations_query(meeting.item.id, args.pop("answer"))
        return paginate(stmt, args, order=(Invitation.created_at, Invitation.id))

    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @idempotent
    @meetings_blp.arguments(BulkArgsSchema, location="query")
    @meetings_blp.arguments(InviteSchema)
    @meetings_blp.response(200, BatchReportSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="inviteToMeeting")
    def post(self, args, data, meeting: Reached[Meeting]):
        """Invite the whole cluster, a sub-cluster or chosen people

        To a planned meeting that has not begun. Someone invited already is `unchanged`,
        never invited twice. `dry_run=true` previews who would be invited.
        """
        return invitations.invite(
            meeting.item, require_principal(), data, args["dry_run"]
        ).as_dict()


@meetings_blp.route("/meetings/<uuid:meeting_id>/invitations/me")
class MyInvitation(MethodView):
    @meetings_blp.access("meetings.answer", on=own_invitation_in_reach)
    @meetings_blp.response(200, InvitationSchema)
    @meetings_blp.doc(operationId="getMyInvitation")
    def get(self, invitation: Reached[Invitation]):
        """Get your invitation to a meeting (404 if you are not invited)"""
        return invitation.item

    @meetings_blp.access("meetings.answer", on=own_invitation_in_reach)
    @meetings_blp.arguments(AnswerSchema)
    @meetings_blp.response(200, InvitationSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="answerMyInvitation")
    def put(self, data, invitation: Reached[Invitation]):
        """Answer your invitation

        `accepted`, `declined` or `tentative`, until the meeting begins. Unlike other
        writes this needs no `If-Match`: the invitation is yours alone and the answer is
        the whole of what you send, so there is nothing to overwrite unseen, and a one-click
        answer from the dashboard needs no read first.
        """
        return invitations.answer(invitation.item, data["answer"])


@meetings_blp.route("/meetings/<uuid:meeting_id>/reminders")
class MeetingReminders(MethodView):
    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @idempotent
    @meetings_blp.arguments(BulkArgsSchema, location="query")
    @meetings_blp.response(200, BatchReportSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="remindMeetingInvitees")
    def post(self, args, meeting: Reached[Meeting]):
        """Remind those who have not answered

        Counts a reminder on each unanswered invitation and sends it. `dry_run=true`
        previews who would be reminded.
        """
        return invitations.remind(meeting.item, args["dry_run"]).as_dict()


@meetings_blp.route("/meetings/<uuid:meeting_id>/attendance")
class MeetingAttendance(MethodView):
    @meetings_blp.access("attendance.read", on=meeting_in_reach)
    @meetings_blp.arguments(PageArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(AttendanceSchema))
    @meetings_blp.doc(
        operationId="listMeetingAttendance", **csv_doc(page_schema(AttendanceSchema), xlsx=True)
    )
    def get(self, args, meeting: Reached[Meeting]):
        """List a meeting's attendance

        One row per registered person. With `Accept: text/csv`, all rows as CSV; with
        `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, all rows
        as an Excel workbook for people (`fremmoede-<meeting>-<date>.xlsx`: Danish headers,
        names, Ja/Nej, Danish dates and times), by name.
        """
        if wants_xlsx():
            rows = meeting_exports.attendance_rows(meeting.item)
            return xlsx_response(
                meeting_exports.attendance_sheet(meeting.item),
                meeting_exports.ATTENDANCE_COLUMNS,
                rows,
            )
        stmt = attendance.attendance_query(meeting.item.id)
        if wants_csv():
            ordered = stmt.order_by(Attendance.created_at, Attendance.id)
            return csv_response(AttendanceSchema(), ordered, "attendance.csv")
        return paginate(stmt, args, order=(Attendance.created_at, Attendance.id))

    @meetings_blp.access("attendance.register", on=meeting_in_reach)
    @idempotent
    @meetings_blp.arguments(BulkArgsSchema, location="query")
    @meetings_blp.arguments(AttendanceBatchSchema)
    @meetings_blp.response(200, BatchReportSchema)
    @meetings_blp.alt_response(409, response="CONFLICT")
    @meetings_blp.doc(operationId="registerMeetingAttendance")
    def post(self, args, data, meeting: Reached[Meeting]):
        """Register attendance: one person or many

        Each item sets one person's row (an upsert), so two people registering at the door
        at once lose nothing. From two hours before the start until the meeting is closed,
        by those who plan it; after closing, the coordinator and co-coordinators correct,
        each item with a `reason` (audited). All-or-nothing: a bad item makes the whole
        request 422, with the report per item.
        """
        report = attendance.register_attendance(
            meeting.item, meeting.standing, require_principal(), data["items"], args["dry_run"]
        )
        return report.as_dict()


@meetings_blp.route("/meetings/<uuid:meeting_id>/actions")
class MeetingActions(MethodView):
    @meetings_blp.access("meetings.read", on=meeting_in_reach)
    @meetings_blp.arguments(PageArgsSchema, location="query")
    @meetings_blp.response(200, page_schema(FollowUpActionSchema))
    @meetings_blp.doc(operationId="listMeetingActions")
    def get(self, args, meeting: Reached[Meeting]):
        """List the follow-up actions decided at a meeting"""
        stmt = followup.actions_query(meeting_id=meeting.item.id)
        return paginate(stmt, args, order=(FollowUpAction.created_at, FollowUpAction.id))

    @meetings_blp.access("meetings.plan", on=meeting_in_reach)
    @idempotent
    @meetings_blp.etag
    @meetings_blp.arguments(FollowUpActionCreateSchema)
    @meetings_blp.response(201, FollowUpActionSchema)
    @meetings_blp.doc(operationId="createMeetingAction")
    def post(self, data, meeting: Reached[Meeting]):
        """Record a follow-up action

        What is to be done, by which clinic (or the whole cluster), by when.
        """
        action = followup.create_action(meeting.item, data)
        meetings_blp.set_etag(meetings.version_etag(action))
        location = url_for(
            "meetings.MeetingActionById", meeting_id=meeting.item.id, action_id=action.id
        )
        return action, 201, {"Location": location}


@meetings_blp.route("/meetings/<uuid:meeting_id>/actions/<uuid:action_id>")
class MeetingActionById(MethodView):
    @meetings_blp.access("meetings.read", on=action_in_reach)
    @meetings_blp.etag
    @meetings_blp.response(200, FollowUpActionSchema)
    @meetings_blp.doc(operationId="getMeetingAction")
    def get(self, action: Reached[FollowUpAction]):
        """Get a follow-up action"""
        meetings_blp.set_etag(meetings.version_etag(action.item))
        return action.item

    @meetings_blp.access("meetings.plan", on=action_in_reach)
    @meetings_blp.etag
    @meetings_blp.arguments(FollowUpActionUpdateSchema)
    @meetings_blp.response(200, FollowUpActionSchema)
    @meetings_blp.doc(operationId="updateMeetingAction")
    def patch(self, data, action: Reached[FollowUpAction]):
        """Change a follow-up action, or mark it done

        Requires `If-Match`.
        """
        meetings_blp.check_etag(meetings.version_etag(action.item))
        followup.update_action(action.item, data)
        meetings_blp.set_etag(meetings.version_etag(action.item))
        return action.item

    @meetings_blp.access("meetings.plan", on=action_in_reach)
    @meetings_blp.etag
    @meetings_blp.response(204)
    @meetings_blp.doc(operationId="deleteMeetingAction")
    def delete(self, action: Reached[FollowUpAction]):
        """Delete a follow-up action"""
        meetings_blp.check_etag(meetings.version_etag(action.item))
        followup.delete_action(action.item)


# --- attendance --------------------------------------------------------------------------------


ATTENDANCE_URL_PREFIX = "/attendance"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
attendance_blp = Blueprint(
    "attendance",
    __name__,
    description=(
        "PLO's attendance feed: one row per person per meeting, everywhere, for PLO's staff "
        "and economy module (clients with `attendance:read`) and the platform admin."
    ),
)

FEED_DESCRIPTION = """\
One row per person per meeting, in every cluster: the meeting, its cluster and region, the
person, the provider number of the clinic they attended for, the meeting's local date and
length, whether they attended, and whether the meeting is closed (`finalised`: the row is
final, and fees are paid from it).

Unlike the other lists, this one is always a changes walk (its rows come in `(updated_at, id)`
order, with tombstones): there is no other order to page in. Without `updated_since` the walk
starts at the beginning.

**Keeping a copy in step.**

1. First a full walk: `GET /api/v1/attendance?limit=200` (add `finalised=true` to hold only
   final rows). Apply each page in order: insert or replace every row with `deleted: false` by
   its `id`; remove the `id` of every tombstone (`{"id": ..., "deleted": true, "updated_at":
   ...}`; one you never had needs nothing).
2. After applying a page, store its `next_cursor` and ask for the next page with it (and the
   same filters; the `Link` header carries them). `next_cursor` is never null: a page with
   `has_more: false` (and no `Link` header) means you have caught up.
3. Poll later with the stored cursor: you get exactly the rows that changed since.

A row changes, and comes again, when attendance is registered or corrected (also after
closing), when the meeting is closed (`finalised` becomes true), moved (`meeting_date`,
`duration_minutes`) or cancelled (the row becomes a tombstone: it no longer counts), and when
the person's name or the clinic's provider number changes. So a client that stores its cursor
never misses a change and never counts a row twice: a row is identified by its `id`.

A change joins the walk a minute after it is made (the settle delay), so that no cursor passes
a change still being written; a poll may therefore see a change up to a minute late, never
never. Filters select rows by what they show now: a row that leaves a filter (a meeting moved
to another year) is not a tombstone in that filter's walk, so keep a copy in step with
`cluster_id` and `finalised` only, and use `year` for reports.

**A year's export.** With `Accept: text/csv` the same rows (the same filters, tombstones
included, in the same order, from `updated_since` if given) stream as CSV in one response, its
columns the JSON field names: `GET /api/v1/attendance?year=2025&finalised=true` for the fees of
2025. The CSV is a snapshot, not a walk: it takes no `cursor`, and it has no settle delay.

**A year's attendance for people.** With `Accept:
application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` the rows that count (no
tombstones) come as an Excel workbook, meeting by meeting and by name, with the same filters:
Danish headers, the meeting's title, the cluster's, region's and clinic's names, Ja/Nej and
Danish dates (`fremmoede-2025.xlsx`). It takes neither `cursor` nor `updated_since` (422)."""


FEED_PAGE = page_schema(AttendanceFeedEntrySchema, changes=True)


@attendance_blp.route("")
class AttendanceFeed(MethodView):
    @attendance_blp.access("attendance.feed")
    @attendance_blp.arguments(AttendanceFeedArgsSchema, location="query")
    @attendance_blp.response(200, FEED_PAGE)
    @attendance_blp.doc(
        operationId="listAttendance",
        description=FEED_DESCRIPTION,
        **csv_doc(FEED_PAGE, xlsx=True),
    )
    def get(self, args):
        """PLO's attendance feed"""
        if wants_xlsx():
            walk = [name for name in ("cursor", "updated_since") if args.get(name) is not None]
            if walk:
                abort(422, errors={name: ["Not available as a spreadsheet."] for name in walk})
            return xlsx_response(
                meeting_exports.year_sheet(args),
                meeting_exports.YEAR_COLUMNS,
                meeting_exports.year_rows(args),
            )
        stmt = attendance_feed.feed_query(args)
        if wants_csv():
            refuse_cursor(args)
            if args.get("updated_since") is not None:
                stmt = stmt.where(Attendance.updated_at >= args["updated_since"])
            return csv_response(
                AttendanceFeedEntrySchema(),
                stmt.order_by(*attendance_feed.FEED_ORDER),
                "attendance.csv",
                dumped_view=attendance_feed.FeedView(),
            )
        if not args.get("cursor"):
            since = args.get("updated_since") or EPOCH
            if args.get("year") is not None:
                # The year's rows start where its earliest change is: exact, and it spares
                # the first page a scan over every earlier year in the feed's order.
                since = max(since, attendance_feed.year_walk_start(args["year"], settled_before()))
            args["updated_since"] = since
        page = paginate(
            stmt,
            args,
            order=attendance_feed.FEED_ORDER,
            view=attendance_feed.FeedView(),
            changes=True,
        )
        # The items are already in their JSON form (see `FeedView`): a Response skips the
        # schema's dump, which would cost more than the query.
        return jsonify(page)


@attendance_blp.route("/summary")
class AttendanceSummary(MethodView):
    @attendance_blp.access("attendance.feed")
    @attendance_blp.arguments(AttendanceSummaryArgsSchema, location="query")
    @attendance_blp.response(200, AttendanceSummarySchema)
    @attendance_blp.doc(operationId="getAttendanceSummary")
    def get(self, args):
        """Totals of attendance: per cluster, per region and in all

        For the readers of the feed. Per cluster, the meetings held and the attendances
        registered at them (every cluster of the selection, one without meetings with zeros),
        summed per region and in all. Filter by `year` (Danish time), `region_code` and
        `cluster_id`; an unknown region or cluster is a 422 `rule-violation`.
        """
        return attendance_feed.summary(args)


# --- calendars ---------------------------------------------------------------------------------


CALENDARS_URL_PREFIX = ""
calendars_blp = Blueprint(
    "calendars",
    __name__,
    description=(
        "Meetings in calendar apps (iCalendar, RFC 5545). A meeting keeps one UID and counts "
        "up its SEQUENCE when it moves or is cancelled, so every calendar it reached follows."
    ),
)

ICALENDAR = "text/calendar"


def _ics_doc(description: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {ICALENDAR: {"schema": {"type": "string"}}},
            }
        }
    }


def _calendar_response(document: bytes, headers: dict[str, str]) -> Response:
    return Response(document, mimetype=ICALENDAR, headers=headers)


@calendars_blp.route("/meetings/<uuid:meeting_id>/calendar.ics")
class MeetingCalendar(MethodView):
    @calendars_blp.access("meetings.read", on=meeting_in_reach)
    @calendars_blp.response(200)
    @calendars_blp.alt_response(409, response="CONFLICT")
    @calendars_blp.doc(
        operationId="getMeetingCalendar", **_ics_doc("The meeting as an `.ics` file.")
    )
    def get(self, meeting: Reached[Meeting]):
        """Download a meeting for a calendar

        For whoever may read the meeting. A cancelled meeting comes as cancelled. A draft is
        not put in calendars until it is planned (409).
        """
        if meeting.item.state == MeetingState.draft:
            abort(
                409,
                "A draft is not put in calendars; plan the meeting first.",
                code="meeting_draft_not_in_calendar",
            )
        filename = calendars.filename(meeting.item)
        return _calendar_response(
            calendars.meeting_document(meeting.item),
            {"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def _feed_created(status: calendars.FeedStatus, token: str) -> dict:
    url = url_for("calendars.CalendarFeedDocument", token=token, _external=True)
    return {
        **asdict(status),
        "url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1],
    }


@calendars_blp.route("/me/calendar-feed")
class MyCalendarFeed(MethodView):
    @calendars_blp.access("me.calendar_feed")
    @calendars_blp.response(200, CalendarFeedSchema)
    @calendars_blp.doc(operationId="getMyCalendarFeed")
    def get(self):
        """Get your calendar subscription

        Whether you have a feed, when it was made and last fetched. Its URL is shown only
        when it is made.
        """
        return calendars.feed_status(require_principal().user)

    # No Idempotency-Key replay here: it would keep the secret URL for 24 hours.
    @calendars_blp.access("me.calendar_feed")
    @calendars_blp.response(201, CalendarFeedCreatedSchema)
    @calendars_blp.doc(operationId="createMyCalendarFeed")
    def post(self):
        """Make your calendar subscription URL (or a new one)

        A secret address with your meetings for a calendar app to subscribe to (Outlook,
        Google, Apple): the meetings you are invited to in your clusters, from a year back
        and all coming ones, except those you declined; moved meetings move and cancelled
        ones show as cancelled. The URL is shown this once; only a hash of it is kept. Making
        a new one stops the old one at once. `Idempotency-Key` is not replayed here, since a
        replay would need the secret stored.
        """
        status, token = calendars.issue_feed(require_principal().user)
        return _feed_created(status, token), 201, {"Location": url_for("calendars.MyCalendarFeed")}

    @calendars_blp.access("me.calendar_feed")
    @calendars_blp.response(204)
    @calendars_blp.doc(operationId="deleteMyCalendarFeed")
    def delete(self):
        """Stop your calendar subscription

        The URL stops working at once (404). Unlike other deletes this needs no `If-Match`:
        revoking a leaked secret must succeed whatever was done to the feed meanwhile, and
        there is nothing to overwrite. Revoking when there is no feed is not an error.
        """
        calendars.revoke_feed(require_principal().user)


def _feed_key() -> str:
    # Counted by the token's hash: the rate limiter's storage never holds a usable URL.
    token = (request.view_args or {}).get("token", "")
    return "calendar-feed:" + token_digest(token)


@calendars_blp.route("/calendar-feeds/<token>.ics")
class CalendarFeedDocument(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["CALENDAR_FEED_RATE_LIMIT_ADDRESS"],
            key_func=lambda: "calendar-feed-address:" + client_address(),
        ),
        limiter.limit(lambda: current_app.config["CALENDAR_FEED_RATE_LIMIT"], key_func=_feed_key),
    ]

    @calendars_blp.public()
    @calendars_blp.response(200)
    @calendars_blp.alt_response(404, response="NOT_FOUND")
    @calendars_blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @calendars_blp.doc(
        operationId="getCalendarFeed",
        **_ics_doc("The person's meetings as an iCalendar feed."),
    )
    def get(self, token: str):
        """Fetch a calendar subscription

        The address a calendar app subscribes to, made with `POST /api/v1/me/calendar-feed`.
        No bearer token: the address is the secret. An unknown, replaced or revoked address
        is 404. Rate-limited per address and per client (429 with `Retry-After`).
        """
        document = calendars.feed_for_token(token)
        if document is None:
            abort(404, "No such calendar feed. It may have been replaced or stopped.")
        max_age = current_app.config["CALENDAR_FEED_MAX_AGE_SECONDS"]
        return _calendar_response(document, {"Cache-Control": f"private, max-age={max_age}"})


BLUEPRINTS = [
    (meetings_blp, MEETINGS_URL_PREFIX),
    (attendance_blp, ATTENDANCE_URL_PREFIX),
    (calendars_blp, CALENDARS_URL_PREFIX),
]
