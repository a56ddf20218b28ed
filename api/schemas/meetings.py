"""Schemas of the meetings domain: meetings, the attendance feed and calendar subscriptions.

Schemas of meetings: the meeting, its agenda, invitations, attendance and actions.

Schemas of PLO's attendance feed: its filters and its rows.

Schemas of calendar subscriptions.
"""

from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from api.core.error_codes import coded
from api.core.errors import rule
from api.models import (
    ActionStatus,
    InvitationAnswer,
    MeetingKind,
    MeetingStatus,
    ResponsibleKind,
)
from api.models.meetings import DEFAULT_TIME_ZONE, TIME_ZONES
from api.schemas.common import (
    BaseSchema,
    BatchItemSchema,
    BatchReportSchema,
    PageArgsSchema,
    Pattern,
    RFC3339DateTime,
    StrictBoolean,
    SyncPageArgsSchema,
    WholeNumber,
    entry_schema,
)
from api.schemas.packages import PackageMaterialSchema
from api.services.meetings.feed import FIRST_YEAR, LAST_YEAR
from api.services.meetings.from_package import AgendaMode
from api.services.meetings.planning import MAX_AGENDA_ITEMS, MAX_ATTENDANCE_ITEMS, MAX_INVITEES
from api.services.meetings.rotation import (
    MAX_ROTATION_MEETINGS,
    MAX_ROTATION_RESPONSIBLES,
    TITLE_DATE,
    TITLE_NUMBER,
    TITLE_RESPONSIBLE,
)

# --- meetings ----------------------------------------------------------------------------------


class ResponsibleSchema(BaseSchema):
    """Who arranges the meeting: a person, a sub-cluster or an arranging clinic."""

    kind = fields.Enum(ResponsibleKind, required=True)
    id = fields.UUID(required=True)
    name = fields.String(dump_only=True, required=True)


class ResponsibleRefSchema(BaseSchema):
    """A responsible party named in a write: a person, a sub-cluster or a clinic, by id."""

    kind = fields.Enum(ResponsibleKind, required=True)
    id = fields.UUID(required=True)


class FollowUpActionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    clinic_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The clinic that does it; null for the whole cluster."},
    )
    clinic_name = fields.Function(
        lambda a: a.clinic.name if a.clinic else None,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string"},
    )
    due_on = fields.Date(dump_only=True, required=True, allow_none=True)
    status = fields.Enum(ActionStatus, dump_only=True, required=True)
    completed_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)


class MeetingSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    kind = fields.Enum(MeetingKind, dump_only=True, required=True)
    status = fields.Enum(
        MeetingStatus,
        dump_only=True,
        required=True,
        metadata={
            "description": "`held` once a planned meeting has ended or been closed; "
            "`cancelled` and `draft` as decided."
        },
    )
    starts_at = fields.AwareDateTime(dump_only=True, required=True)
    ends_at = fields.AwareDateTime(dump_only=True, required=True)
    time_zone = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "The zone to show the times in (`Europe/Copenhagen`)."},
    )
    place_name = fields.String(dump_only=True, required=True, allow_none=True)
    place_address = fields.String(dump_only=True, required=True, allow_none=True)
    video_url = fields.String(dump_only=True, required=True, allow_none=True)
    rsvp_by = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Answer by this time."},
    )
    responsible = fields.Nested(ResponsibleSchema, dump_only=True, required=True)
    ical_uid = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "The meeting's iCalendar UID; it never changes."},
    )
    sequence = fields.Integer(
        dump_only=True,
        required=True,
        metadata={
            "description": "iCalendar SEQUENCE: grows when time or place changes or the "
            "meeting is cancelled."
        },
    )
    closed_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When attendance was finalised."},
    )
    cancelled_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    package_version_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The package version the agenda was last built from (its items "
            "are copies: later versions of the package do not change them)."
        },
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class AgendaItemSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    position = fields.Integer(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    duration_minutes = fields.Integer(dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    slide_reference = fields.String(dump_only=True, required=True, allow_none=True)
    responsible_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    responsible_name = fields.Function(
        lambda item: (
            item.responsible_user.name
            if item.responsible_user is not None
            else item.responsible_name
        ),
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "The member's name, or a guest's."},
    )


class AnswerCountsSchema(BaseSchema):
    invited = fields.Integer(dump_only=True, required=True, metadata={"description": "No answer."})
    accepted = fields.Integer(dump_only=True, required=True)
    declined = fields.Integer(dump_only=True, required=True)
    tentative = fields.Integer(dump_only=True, required=True)


class MeetingPermissionsSchema(BaseSchema):
    """What you may do now: your standing to the meeting, and its state."""

    plan = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Change it, its agenda, minutes and actions; invite; remind "
            "(not once it is cancelled)."
        },
    )
    read_answers = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "Read who answered what."}
    )
    read_attendance = fields.Boolean(dump_only=True, required=True)
    register_attendance = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "From two hours before a planned meeting begins until it is closed."
        },
    )
    correct_attendance = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Once it is closed, with a reason."},
    )
    close = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Close it, which makes attendance final: a planned meeting, once it "
            "has begun, by those who plan it."
        },
    )


class OfferedSurveyTemplateSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)


class MeetingDetailSchema(MeetingSchema):
    minutes = fields.String(dump_only=True, required=True)
    decisions = fields.String(dump_only=True, required=True)
    agenda_items = fields.List(fields.Nested(AgendaItemSchema), dump_only=True, required=True)
    agenda_minutes = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "The agenda's total duration, to set against the meeting's."},
    )
    answers = fields.Nested(
        AnswerCountsSchema,
        dump_only=True,
        required=True,
        metadata={"description": "Invitations by answer, in numbers only."},
    )
    attended = fields.Integer(
        dump_only=True, required=True, metadata={"description": "People registered as present."}
    )
    open_actions = fields.List(
        fields.Nested(FollowUpActionSchema),
        dump_only=True,
        required=True,
        metadata={"description": "The cluster's open actions from earlier meetings."},
    )
    offered_survey_template = fields.Nested(
        OfferedSurveyTemplateSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The questionnaire the package the agenda was built from offers "
            "(its evaluation, usually), to send to the participants; null when none."
        },
    )
    my_permissions = fields.Nested(
        MeetingPermissionsSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "What you may do with this meeting. The API checks each action "
            "again; this tells a client which to offer."
        },
    )


def _time_zone(**kwargs: object) -> fields.String:
    return fields.String(
        validate=validate.OneOf(
            TIME_ZONES, error="Not an IANA time zone, such as Europe/Copenhagen."
        ),
        **kwargs,
    )


# A video link: https only, to a named host (what calendar programs and phones open safely).
# No whitespace or control character after the host: the class is spelled out, since `\s`
# differs between Python and the ECMA-262 expressions of JSON Schema.
HTTPS_URL = (
    r"^https://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:[0-9]{1,5})?"
    r"([/?#][^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F"
    r"\u3000\uFEFF]*)?$"
)


class MeetingWriteSchema(BaseSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=10000))
    kind = fields.Enum(MeetingKind)
    starts_at = RFC3339DateTime()
    ends_at = RFC3339DateTime()
    time_zone = _time_zone()
    place_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))
    place_address = fields.String(allow_none=True, validate=validate.Length(max=300))
    video_url = fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=500),
            Pattern(HTTPS_URL, code="not_https_url", error="Not an https:// link to a named host."),
        ],
    )
    rsvp_by = RFC3339DateTime(allow_none=True)
    responsible = fields.Nested(
        ResponsibleRefSchema,
        metadata={"description": "Who arranges it; the creator if omitted."},
    )
    status = fields.String(
        validate=validate.OneOf(
            [MeetingStatus.draft.value, MeetingStatus.planned.value],
            error="Only draft or planned; cancel and close have operations.",
        ),
        metadata={
            "description": "`draft` or `planned` (a draft becomes planned; not back). "
            "Cancel and close have their own operations."
        },
    )

    @post_load
    def _status_member(self, data: dict, **kwargs: object) -> dict:
        if "status" in data:
            data["status"] = MeetingStatus(data["status"])
        return data

    @validates_schema
    def _schedule(self, data: dict, **kwargs: object) -> None:
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            raise ValidationError(rule("Must be after starts_at.", "not_after_start"), "ends_at")
        rsvp = data.get("rsvp_by")
        if rsvp and start and rsvp > start:
            raise ValidationError(rule("Must not be after starts_at.", "after_start"), "rsvp_by")


class MeetingCreateSchema(MeetingWriteSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_at = RFC3339DateTime(required=True)
    ends_at = RFC3339DateTime(required=True)
    time_zone = _time_zone(load_default=DEFAULT_TIME_ZONE)


class MeetingUpdateSchema(MeetingWriteSchema):
    minutes = fields.String(validate=validate.Length(max=100000))
    decisions = fields.String(validate=validate.Length(max=100000))


class RotationRepeatSchema(BaseSchema):
    unit = fields.String(
        required=True,
        validate=validate.OneOf(["weeks", "months"], error="Weeks or months."),
        metadata={"description": "`weeks` or `months`."},
    )
    every = WholeNumber(
        required=True,
        validate=validate.Range(min=1, max=52),
        metadata={"description": "Every so many weeks or months (1 to 52)."},
    )


class MeetingRotationSchema(BaseSchema):
    """Exactly one of `repeat` and `dates`; with `repeat`, exactly one of `count` and `until`."""

    class Meta(BaseSchema.Meta):
        json_schema = {"oneOf": [{"required": ["repeat"]}, {"required": ["dates"]}]}

    starts_at = RFC3339DateTime(
        required=True,
        metadata={
            "description": "The first meeting's start. The others start at the same local time "
            "(in `time_zone`) on their own dates."
        },
    )
    duration_minutes = WholeNumber(
        required=True,
        validate=validate.Range(min=15, max=24 * 60),
        metadata={"description": "Each meeting's length."},
    )
    time_zone = _time_zone(load_default=DEFAULT_TIME_ZONE)
    repeat = fields.Nested(
        RotationRepeatSchema,
        metadata={"description": "The interval from one meeting to the next."},
    )
    dates = fields.List(
        fields.Date(),
        validate=validate.Length(min=1, max=MAX_ROTATION_MEETINGS - 1),
        metadata={"description": "The later meetings' local dates, instead of `repeat`."},
    )
    count = WholeNumber(
        validate=validate.Range(min=1, max=MAX_ROTATION_MEETINGS),
        metadata={"description": "How many meetings, the first one included."},
    )
    until = fields.Date(
        metadata={"description": "The last local date a meeting may fall on, instead of `count`."}
    )
    title = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={
            "description": f"The title of each meeting: `{TITLE_NUMBER}` becomes its number, "
            f"`{TITLE_RESPONSIBLE}` the responsible's name, `{TITLE_DATE}` its date."
        },
    )
    description = fields.String(validate=validate.Length(max=10000))
    kind = fields.Enum(MeetingKind)
    place_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))
    place_address = fields.String(allow_none=True, validate=validate.Length(max=300))
    video_url = fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=500),
            Pattern(HTTPS_URL, error="Not an https:// link to a named host."),
        ],
    )
    status = fields.String(
        load_default=MeetingStatus.draft.value,
        validate=validate.OneOf(
            [MeetingStatus.draft.value, MeetingStatus.planned.value],
            error="Only draft or planned.",
        ),
        metadata={"description": "`draft` (the default) or `planned` (needs a place or link)."},
    )
    responsibles = fields.List(
        fields.Nested(ResponsibleRefSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ROTATION_RESPONSIBLES),
        metadata={
            "description": "Who arranges the meetings, in turn: the first meeting goes to the "
            "first, and after the last the turn starts over."
        },
    )

    @post_load
    def _status_member(self, data: dict, **kwargs: object) -> dict:
        data["status"] = MeetingStatus(data["status"])
        return data

    @validates_schema
    def _interval(self, data: dict, **kwargs: object) -> None:
        if ("repeat" in data) == ("dates" in data):
            raise ValidationError(
                rule("Give exactly one of repeat and dates.", "exactly_one_of"), "_schema"
            )
        if "repeat" in data and ("count" in data) == ("until" in data):
            raise ValidationError(
                rule("With repeat, give exactly one of count and until.", "exactly_one_of"),
                "_schema",
            )
        if "dates" in data and ("count" in data or "until" in data):
            raise ValidationError(
                rule("With dates, give neither count nor until.", "exactly_one_of"), "_schema"
            )


class RotationItemSchema(BatchItemSchema):
    meeting_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The planned meeting; null in a dry run."},
    )
    title = fields.String(dump_only=True, required=True)
    starts_at = fields.AwareDateTime(dump_only=True, required=True)
    ends_at = fields.AwareDateTime(dump_only=True, required=True)
    responsible = fields.Nested(ResponsibleSchema, dump_only=True, required=True)


class RotationReportSchema(BatchReportSchema):
    """The batch report, a meeting per item (`key` is its start, `name` its responsible's)."""

    items = fields.List(fields.Nested(RotationItemSchema), dump_only=True, required=True)


class MyMeetingSchema(MeetingSchema):
    """A meeting one is invited to, with one's own answer: the dashboard's list."""

    cluster_name = fields.String(dump_only=True, required=True)
    my_answer = fields.Enum(
        InvitationAnswer,
        dump_only=True,
        required=True,
        metadata={"description": "Your answer (`invited` until you answer)."},
    )
    answered_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)


class MeetingListArgsSchema(PageArgsSchema):
    from_ = RFC3339DateTime(
        data_key="from",
        load_default=None,
        metadata={"description": "Meetings starting at or after this instant."},
    )
    to = RFC3339DateTime(
        load_default=None, metadata={"description": "Meetings starting before this instant."}
    )
    status = fields.Enum(MeetingStatus, load_default=None)


class ReachedMeetingSchema(MeetingSchema):
    """A meeting of a cluster the caller reaches, with the cluster's name: a region's list."""

    cluster_name = fields.String(dump_only=True, required=True)


class ReachedMeetingListArgsSchema(MeetingListArgsSchema):
    region = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Only the meetings of this region's clusters (its code)."},
    )
    cluster_id = fields.UUID(load_default=None, metadata={"description": "Only this cluster."})


class AgendaItemWriteSchema(BaseSchema):
    id = fields.UUID(
        load_default=None,
        metadata={"description": "An existing item's id to keep it (edited, moved); omit for new."},
    )
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    duration_minutes = WholeNumber(required=True, validate=validate.Range(min=0, max=24 * 60))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    slide_reference = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )
    responsible_user_id = fields.UUID(load_default=None, allow_none=True)
    responsible_name = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "A guest speaker, when the responsible is not a member."},
    )


class AgendaSchema(BaseSchema):
    items = fields.List(fields.Nested(AgendaItemSchema), required=True, dump_only=True)
    total_minutes = fields.Integer(required=True, dump_only=True)


class AgendaReplaceSchema(BaseSchema):
    items = fields.List(
        fields.Nested(AgendaItemWriteSchema),
        required=True,
        validate=validate.Length(max=MAX_AGENDA_ITEMS),
        metadata={"description": f"The whole agenda in order (at most {MAX_AGENDA_ITEMS})."},
    )


class AgendaFromPackageSchema(BaseSchema):
    package_id = fields.UUID(required=True)
    version_id = fields.UUID(
        required=True, metadata={"description": "A published version of the package."}
    )
    item_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=MAX_AGENDA_ITEMS),
        metadata={
            "description": "The chosen parts: ids of the version's agenda items. They are "
            "added in the version's order, whatever the order given."
        },
    )
    mode = fields.Enum(
        AgendaMode,
        load_default=AgendaMode.append,
        metadata={
            "description": "`append` (the default) adds the parts after the meeting's agenda; "
            "`replace` replaces the agenda with them."
        },
    )


class TimeBudgetSchema(BaseSchema):
    """The chosen parts' minutes against the meeting's length: over budget is reported, not
    refused."""

    planned_minutes = fields.Integer(
        required=True, dump_only=True, metadata={"description": "The chosen parts' minutes."}
    )
    meeting_minutes = fields.Integer(
        required=True, dump_only=True, metadata={"description": "From starts_at to ends_at."}
    )
    over_by_minutes = fields.Integer(
        required=True, dump_only=True, metadata={"description": "0 when the parts fit."}
    )


class AgendaFromPackageResultSchema(AgendaSchema):
    package_version_id = fields.UUID(required=True, dump_only=True)
    materials = fields.List(
        fields.Nested(PackageMaterialSchema),
        required=True,
        dump_only=True,
        metadata={"description": "The version's materials, now linked to the meeting."},
    )
    budget = fields.Nested(TimeBudgetSchema, required=True, dump_only=True)


class InvitationSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.Function(
        lambda i: i.user.name, dump_only=True, required=True, metadata={"type": "string"}
    )
    clinic_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    clinic_name = fields.Function(
        lambda i: i.clinic.name if i.clinic else None,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string"},
    )
    answer = fields.Enum(InvitationAnswer, dump_only=True, required=True)
    answered_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    reminder_count = fields.Integer(dump_only=True, required=True)
    last_reminded_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)


class InvitationListArgsSchema(PageArgsSchema):
    answer = fields.Enum(InvitationAnswer, load_default=None)


class InviteSchema(BaseSchema):
    """Exactly one of `everyone`, `sub_cluster_id` and `user_ids`."""

    class Meta(BaseSchema.Meta):
        json_schema = {
            "oneOf": [
                {"required": ["everyone"], "properties": {"everyone": {"const": True}}},
                {"required": ["sub_cluster_id"]},
                {"required": ["user_ids"]},
            ]
        }

    everyone = StrictBoolean(
        metadata={"description": "Every doctor of the cluster's clinics and every role holder."}
    )
    sub_cluster_id = fields.UUID(metadata={"description": "The doctors of a sub-cluster."})
    user_ids = fields.List(
        fields.UUID(),
        validate=validate.Length(min=1, max=MAX_INVITEES),
        metadata={"description": "Chosen people of the cluster."},
    )

    @validates_schema
    def _exactly_one(self, data: dict, **kwargs: object) -> None:
        chosen = [k for k in ("everyone", "sub_cluster_id", "user_ids") if data.get(k)]
        if len(chosen) != 1:
            raise ValidationError(
                coded(
                    "Give exactly one of everyone (true), sub_cluster_id and user_ids.",
                    "exactly_one_of",
                    choices=["everyone", "sub_cluster_id", "user_ids"],
                ),
                "_schema",
            )


class AnswerSchema(BaseSchema):
    answer = fields.String(
        required=True,
        validate=validate.OneOf(
            [a.value for a in InvitationAnswer if a is not InvitationAnswer.invited],
            error="Answer accepted, declined or tentative.",
        ),
    )

    @post_load
    def _answer_member(self, data: dict, **kwargs: object) -> dict:
        data["answer"] = InvitationAnswer(data["answer"])
        return data


class AttendanceSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.Function(
        lambda a: a.user.name, dump_only=True, required=True, metadata={"type": "string"}
    )
    clinic_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    provider_number = fields.Function(
        lambda a: a.clinic.provider_number if a.clinic else None,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "The clinic's provider number."},
    )
    attended = fields.Boolean(dump_only=True, required=True)
    registered_by_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    registered_at = fields.AwareDateTime(dump_only=True, required=True)
    finalised = fields.Function(
        lambda a: a.finalised_at is not None,
        dump_only=True,
        required=True,
        metadata={"type": "boolean", "description": "The meeting is closed."},
    )
    correction_reason = fields.String(dump_only=True, required=True, allow_none=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class AttendanceItemSchema(BaseSchema):
    user_id = fields.UUID(required=True)
    attended = StrictBoolean(required=True)
    reason = fields.String(
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "Required for a correction after the meeting is closed."},
    )


class AttendanceBatchSchema(BaseSchema):
    items = fields.List(
        fields.Nested(AttendanceItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ATTENDANCE_ITEMS),
        metadata={"description": f"One item per person (at most {MAX_ATTENDANCE_ITEMS})."},
    )


class FollowUpActionCreateSchema(BaseSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    clinic_id = fields.UUID(load_default=None, allow_none=True)
    due_on = fields.Date(load_default=None, allow_none=True)
    status = fields.Enum(ActionStatus, load_default=ActionStatus.open)


class FollowUpActionUpdateSchema(BaseSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=10000))
    clinic_id = fields.UUID(allow_none=True)
    due_on = fields.Date(allow_none=True)
    status = fields.Enum(ActionStatus)


class ActionListArgsSchema(PageArgsSchema):
    status = fields.Enum(ActionStatus, load_default=None)


# --- attendance --------------------------------------------------------------------------------


class AttendanceFeedArgsSchema(SyncPageArgsSchema):
    cluster_id = fields.UUID(
        load_default=None, metadata={"description": "Only the meetings of this cluster."}
    )
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "Only meetings held in this year (their date in Danish time)."},
    )
    finalised = fields.Boolean(
        load_default=None,
        metadata={
            "description": "`true`: only rows of closed meetings (final, what fees are paid "
            "from); `false`: only rows not final yet."
        },
    )


class AttendanceRowSchema(BaseSchema):
    """One person at one meeting, as PLO pays fees from it."""

    id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    region_code = fields.String(
        dump_only=True, required=True, metadata={"description": "The cluster's region."}
    )
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True, metadata={"description": "The person."})
    clinic_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    provider_number = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The provider number of the clinic the person attended for; null "
            "for a role holder without a clinic in the cluster."
        },
    )
    meeting_date = fields.Date(
        dump_only=True,
        required=True,
        metadata={"description": "The meeting's date in its own time zone."},
    )
    duration_minutes = fields.Integer(
        dump_only=True, required=True, metadata={"description": "The meeting's length."}
    )
    attended = fields.Boolean(dump_only=True, required=True)
    finalised = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "The meeting is closed: the row is final (a coordinator "
            "may still correct it, with a reason; the row then changes again)."
        },
    )


# The feed's item: the row, or a tombstone (`id`, `deleted`, `updated_at`).
AttendanceFeedEntrySchema = entry_schema(AttendanceRowSchema)


class AttendanceSummaryArgsSchema(BaseSchema):
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "Only meetings held in this year (their date in Danish time)."},
    )
    region_code = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Only the clusters of this region (its code)."},
    )
    cluster_id = fields.UUID(load_default=None, metadata={"description": "Only this cluster."})


class AttendanceCountsSchema(BaseSchema):
    meetings_held = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "Meetings held (closed, or ended and not cancelled)."},
    )
    attendances = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "People registered as attending those meetings."},
    )


class ClusterAttendanceSchema(AttendanceCountsSchema):
    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.String(dump_only=True, required=True)
    region_code = fields.String(dump_only=True, required=True)


class RegionAttendanceSchema(AttendanceCountsSchema):
    region_code = fields.String(dump_only=True, required=True)
    clusters = fields.Integer(dump_only=True, required=True)


class AttendanceSummarySchema(AttendanceCountsSchema):
    """Meetings held and attendances, in all, per region and per cluster."""

    year = fields.Integer(dump_only=True, required=True, allow_none=True)
    clusters_count = fields.Integer(dump_only=True, required=True)
    regions = fields.List(fields.Nested(RegionAttendanceSchema), dump_only=True, required=True)
    clusters = fields.List(fields.Nested(ClusterAttendanceSchema), dump_only=True, required=True)


# --- calendars ---------------------------------------------------------------------------------


class CalendarFeedSchema(BaseSchema):
    active = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Whether you have a feed URL that works now."},
    )
    created_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When the current URL was made."},
    )
    last_used_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When a calendar app last fetched it."},
    )
    use_count = fields.Integer(
        dump_only=True, required=True, metadata={"description": "How often it was fetched."}
    )


class CalendarFeedCreatedSchema(CalendarFeedSchema):
    url = fields.Url(
        dump_only=True,
        required=True,
        metadata={
            "description": "The feed's secret address, shown this once: subscribe to it in a "
            "calendar app. Anyone who has it can read your meetings; make a new one if it "
            "leaks."
        },
    )
    webcal_url = fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "The same address as `webcal://`, which opens a calendar app's "
            "subscription dialog when clicked."
        },
    )
