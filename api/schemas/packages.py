"""Schemas of the packages domain: a package of the catalogue, its versions with their
agenda template, and their materials."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.core.errors import rule
from api.models import (
    PackageKind,
    PackageOrderState,
    PackageProposalState,
    PackageState,
    PackageVersionState,
)
from api.models.packages import (
    AUDIENCE_LENGTH,
    FACILITATOR_LENGTH,
    SLIDES_LENGTH,
    THEME_LENGTH,
    TITLE_LENGTH,
)
from api.schemas.common import BaseSchema, PageArgsSchema, Pattern, WholeNumber, not_blank
from api.schemas.files import FilePart

MAX_THEMES = 20
MAX_AGENDA_ITEMS = 100
# A package's length, and an agenda item's: at most a day.
MAX_MINUTES = 24 * 60
# One slide (`6`) or a range (`3-5`, with a hyphen or an en dash, U+2013).
SLIDES_PATTERN = r"^[0-9]{1,4}([\u2013-][0-9]{1,4})?$"


class PackagePermissionsSchema(BaseSchema):
    change = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Change it, make and publish versions, add and remove materials "
            "(the owning unit)."
        },
    )


# --- packages ----------------------------------------------------------------------------------


class PackageListArgsSchema(PageArgsSchema):
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Words in the title, the summary or a theme (any case)."},
    )
    unit = fields.UUID(metadata={"description": "Only the packages of this quality unit."})
    theme = fields.String(
        validate=validate.Length(min=1, max=THEME_LENGTH),
        metadata={"description": "Only packages with this theme (any case)."},
    )
    state = fields.Enum(PackageState, metadata={"description": "Only packages in this state."})
    kind = fields.Enum(
        PackageKind,
        metadata={
            "description": "Only meeting kits (`package`), national templates (`template`) or "
            "guides (`guide`)."
        },
    )


class PackageDescriptionSchema(BaseSchema):
    """What is said of a package: by its unit, or by a cluster proposing one."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_LENGTH))
    summary = fields.String(load_default="", validate=validate.Length(max=5000))
    themes = fields.List(
        fields.String(validate=validate.Length(min=1, max=THEME_LENGTH)),
        load_default=list,
        validate=validate.Length(max=MAX_THEMES),
        metadata={"description": "In the order shown; a repeated theme counts once."},
    )
    audience = fields.String(
        load_default="",
        validate=validate.Length(max=AUDIENCE_LENGTH),
        metadata={"description": "Who it is for (a whole cluster, its coordinators, …)."},
    )


class PackageUpdateSchema(PackageDescriptionSchema):
    """A package's description, as its unit writes it (the whole of it, on `PUT` too)."""

    estimated_minutes = WholeNumber(
        required=True,
        validate=validate.Range(min=1, max=MAX_MINUTES),
        metadata={"description": "About how long the whole package takes."},
    )


KIND_DOC = (
    "A meeting kit (`package`, published with its agenda), a national template (`template`: "
    "statutes, agenda and minutes templates, the yearly wheel) or a guide (`guide`); a "
    "template or a guide is its materials, which clusters copy into their library."
)


class PackageWriteSchema(PackageUpdateSchema):
    kind = fields.Enum(
        PackageKind, load_default=PackageKind.package, metadata={"description": KIND_DOC}
    )
    unit_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "The quality unit it belongs to, one you write for (403 "
            "`not_your_unit` otherwise); may be left out by those who write for one unit."
        },
    )


class PackageAgendaItemSchema(BaseSchema):
    """An item of a version's agenda template."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_LENGTH))
    minutes = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_MINUTES))
    slides = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(max=SLIDES_LENGTH), Pattern(SLIDES_PATTERN)],
        metadata={"description": "The slides it uses: one (`6`) or a range (`3-5`, `3\u20135`)."},
    )
    method_notes = fields.String(
        load_default="",
        validate=validate.Length(max=5000),
        metadata={"description": "How to run it: the method, for the facilitator."},
    )


class PackageAgendaItemShownSchema(PackageAgendaItemSchema):
    """An item of a version's agenda template as read: with its id, which names it as a part
    chosen for a meeting (`buildMeetingAgendaFromPackage`)."""

    id = fields.UUID(dump_only=True, required=True)


class PackageMaterialSchema(BaseSchema):
    """A material of a version (slides, a guide, a data extract): a file kept by the files
    service."""

    id = fields.UUID(dump_only=True, required=True)
    package_version_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    media_type = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Read from the content when it was uploaded."},
    )
    size = fields.Integer(dump_only=True, required=True, metadata={"description": "In bytes."})
    sha256 = fields.String(dump_only=True, required=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageMaterialUploadSchema(BaseSchema):
    file = FilePart(
        required=True,
        metadata={
            "description": "The material: slides, a document, a spreadsheet, a PDF, an image, "
            "text or CSV. Its type is read from the content."
        },
    )


class PackageVersionWriteSchema(BaseSchema):
    """A draft version as its unit writes it."""

    change_note = fields.String(
        load_default="",
        validate=validate.Length(max=5000),
        metadata={"description": "What is new in this version."},
    )
    items = fields.List(
        fields.Nested(PackageAgendaItemSchema),
        validate=validate.Length(max=MAX_AGENDA_ITEMS),
        metadata={
            "description": "The agenda template, in order. A new version without it starts "
            "from the latest version's agenda; on `PUT` it is required."
        },
    )
    survey_template_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "The questionnaire a meeting built from this version offers (its "
            "evaluation, usually): a quality unit's survey template (422 "
            "`unknown_survey_template` otherwise), or null for none. Left out: a new version "
            "keeps the latest version's, a changed one its own."
        },
    )
    indicator_set_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "The data the package rests on: an indicator set (422 "
            "`unknown_indicator_set` otherwise), which each cluster reads in its data view "
            "under its own decision on open or closed data; null for none. Left out: a new "
            "version keeps the latest version's, a changed one its own."
        },
    )


class PackageVersionUpdateSchema(PackageVersionWriteSchema):
    items = fields.List(
        fields.Nested(PackageAgendaItemSchema),
        required=True,
        validate=validate.Length(max=MAX_AGENDA_ITEMS),
        metadata={"description": "The agenda template, in order (replaces the one before)."},
    )


class PackageVersionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    package_id = fields.UUID(dump_only=True, required=True)
    number = fields.Integer(dump_only=True, required=True)
    state = fields.Enum(
        PackageVersionState,
        dump_only=True,
        required=True,
        metadata={"description": "A published version never changes."},
    )
    change_note = fields.String(dump_only=True, required=True)
    published_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    total_minutes = fields.Integer(
        dump_only=True, required=True, metadata={"description": "The agenda's minutes."}
    )
    items = fields.List(fields.Nested(PackageAgendaItemShownSchema), dump_only=True, required=True)
    survey_template_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The questionnaire a meeting built from this version offers (a "
            "unit's survey template), or null."
        },
    )
    indicator_set_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The indicator set the package's data rest on, or null. A cluster's "
            "people read it at `GET /api/v1/clusters/{cluster_id}/data/{indicator_set_id}`."
        },
    )
    indicator_set_name = fields.Function(
        lambda version: version.indicator_set.name if version.indicator_set else None,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string", "nullable": True},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageVersionDetailSchema(PackageVersionSchema):
    materials = fields.List(
        fields.Nested(PackageMaterialSchema),
        dump_only=True,
        required=True,
        metadata={"description": "By name; downloaded at `…/materials/{material_id}`."},
    )
    my_permissions = fields.Nested(PackagePermissionsSchema, dump_only=True, required=True)


class PublishedVersionSchema(BaseSchema):
    """Which version the catalogue shows."""

    id = fields.UUID(dump_only=True, required=True)
    number = fields.Integer(dump_only=True, required=True)
    published_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    unit_id = fields.UUID(
        attribute="organisation_id",
        dump_only=True,
        required=True,
        metadata={"description": "The quality unit that offers it."},
    )
    unit_name = fields.Function(
        lambda package: package.organisation.name,
        dump_only=True,
        required=True,
        metadata={"type": "string"},
    )
    kind = fields.Enum(
        PackageKind, dump_only=True, required=True, metadata={"description": KIND_DOC}
    )
    cluster_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "A cluster's own package, shared by it: the cluster credited."},
    )
    cluster_name = fields.Function(
        lambda package: package.cluster.name if package.cluster is not None else None,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"type": "string", "nullable": True},
    )
    title = fields.String(dump_only=True, required=True)
    summary = fields.String(dump_only=True, required=True)
    themes = fields.List(fields.String(), dump_only=True, required=True)
    audience = fields.String(dump_only=True, required=True)
    estimated_minutes = fields.Integer(dump_only=True, required=True)
    state = fields.Enum(
        PackageState,
        dump_only=True,
        required=True,
        metadata={
            "description": "`draft` until its first version is published; `retired` when "
            "withdrawn (still read, no longer changed)."
        },
    )
    published_version = fields.Nested(
        PublishedVersionSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Its latest published version; null while a draft."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageDetailSchema(PackageSchema):
    published_version = fields.Nested(
        PackageVersionDetailSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "Its latest published version in full (agenda and materials); "
            "null while a draft."
        },
    )
    my_permissions = fields.Nested(PackagePermissionsSchema, dump_only=True, required=True)


# --- orders ------------------------------------------------------------------------------------


class PackageOrderPermissionsSchema(BaseSchema):
    cancel = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Cancel it while requested (the cluster's coordinators, board)."},
    )
    answer = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Accept or decline it while requested (the package's unit)."},
    )


class PackageOrderWriteSchema(BaseSchema):
    """A cluster's order of a published package: for one of its meetings, a period, or both."""

    package_id = fields.UUID(
        required=True, metadata={"description": "A published package of the catalogue."}
    )
    meeting_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "A meeting of the cluster it is for."},
    )
    wished_from = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "The period wished."}
    )
    wished_to = fields.Date(load_default=None, allow_none=True)
    message = fields.String(
        load_default="",
        validate=validate.Length(max=5000),
        metadata={"description": "To the unit: what the cluster wishes, who will come, …"},
    )

    @validates_schema
    def _wish(self, data: dict, **kwargs: object) -> None:
        if data.get("meeting_id") is None and data.get("wished_from") is None:
            raise ValidationError(
                rule("Give the meeting or the period it is for.", "meeting_or_period_required"),
                "_schema",
            )
        start, end = data.get("wished_from"), data.get("wished_to")
        if start and end and end < start:
            raise ValidationError(
                rule("Must not be before wished_from.", "before_wished_from"), "wished_to"
            )


class PackageOrderListArgsSchema(PageArgsSchema):
    state = fields.Enum(PackageOrderState, metadata={"description": "Only orders in this state."})


class UnitOrderListArgsSchema(PackageOrderListArgsSchema):
    unit = fields.UUID(metadata={"description": "Only the orders of this unit's packages."})


class PackageOrderAcceptSchema(BaseSchema):
    facilitator = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=FACILITATOR_LENGTH),
        metadata={"description": "A facilitator offered: a name, or a text about who comes."},
    )
    facilitator_user_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "A facilitator offered from the unit's own people."},
    )


class PackageOrderDeclineSchema(BaseSchema):
    reason = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=5000), not_blank],
        metadata={"description": "Why, for the cluster."},
    )


class PackageOrderSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    package_id = fields.UUID(dump_only=True, required=True)
    package_title = fields.Function(
        lambda order: order.package.title,
        dump_only=True,
        required=True,
        metadata={"type": "string"},
    )
    unit_id = fields.UUID(attribute="organisation_id", dump_only=True, required=True)
    unit_name = fields.Function(
        lambda order: order.package.organisation.name,
        dump_only=True,
        required=True,
        metadata={"type": "string"},
    )
    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.Function(
        lambda order: order.cluster.name, dump_only=True, required=True, metadata={"type": "string"}
    )
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    wished_from = fields.Date(dump_only=True, required=True, allow_none=True)
    wished_to = fields.Date(dump_only=True, required=True, allow_none=True)
    message = fields.String(dump_only=True, required=True)
    state = fields.Enum(
        PackageOrderState,
        dump_only=True,
        required=True,
        metadata={
            "description": "`requested`, then `accepted` or `declined` by the unit, or "
            "`cancelled` by the cluster."
        },
    )
    ordered_by_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    facilitator = fields.String(dump_only=True, required=True, allow_none=True)
    facilitator_user_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    decline_reason = fields.String(dump_only=True, required=True, allow_none=True)
    answered_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageOrderDetailSchema(PackageOrderSchema):
    my_permissions = fields.Nested(PackageOrderPermissionsSchema, dump_only=True, required=True)


# --- proposals ---------------------------------------------------------------------------------


class PackageProposalPermissionsSchema(BaseSchema):
    revise = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Revise, resubmit or withdraw it while not published (the cluster's "
            "coordinators)."
        },
    )
    review = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Publish or return it while proposed (the reviewing unit)."},
    )


class ProposalDescriptionSchema(PackageDescriptionSchema):
    """What a proposal says of the package: a package's description, and the cluster's
    notes."""

    notes = fields.String(
        validate=validate.Length(max=20000),
        metadata={
            "description": "The cluster's notes for others: how the meeting went, its "
            "evaluation. Shown as the version's change note."
        },
    )


class PackageProposalWriteSchema(ProposalDescriptionSchema):
    """A cluster's proposal to share one of its held meetings as a package."""

    meeting_id = fields.UUID(
        required=True,
        metadata={"description": "A held meeting of the cluster (409 `meeting_not_held`)."},
    )
    agenda_item_ids = fields.List(
        fields.UUID(),
        validate=validate.Length(min=1, max=MAX_AGENDA_ITEMS),
        metadata={
            "description": "The meeting's agenda items that make the package's agenda, kept "
            "in the agenda's order; all with minutes when left out."
        },
    )
    notes = fields.String(
        validate=validate.Length(max=20000),
        metadata={
            "description": "The cluster's notes for others: how the meeting went. The "
            "meeting's decisions and minutes when left out."
        },
    )
    include_evaluation = fields.Boolean(
        load_default=True,
        metadata={
            "description": "When a survey of the meeting has closed (its evaluation, usually), "
            "its results are summed up below the notes (response rate, agreement, means, NPS; "
            "never the free texts, and only the counts below its minimum of responses), and "
            "the version offers its template when that is a quality unit's. `false` leaves "
            "both out."
        },
    )


class PackageProposalUpdateSchema(ProposalDescriptionSchema):
    """A revision of a proposal (`PUT`): its description in whole; the agenda and notes are
    replaced when given."""

    items = fields.List(
        fields.Nested(PackageAgendaItemSchema),
        validate=validate.Length(min=1, max=MAX_AGENDA_ITEMS),
        metadata={"description": "The agenda template, in order (replaces the one before)."},
    )


class PackageProposalListArgsSchema(PageArgsSchema):
    state = fields.Enum(
        PackageProposalState, metadata={"description": "Only proposals in this state."}
    )


class UnitProposalListArgsSchema(PackageProposalListArgsSchema):
    unit = fields.UUID(metadata={"description": "Only the proposals sent to this unit."})
    cluster = fields.UUID(metadata={"description": "Only the proposals of this cluster."})


class PackageProposalReturnSchema(BaseSchema):
    comment = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=5000), not_blank],
        metadata={"description": "What the cluster should change, for the cluster."},
    )


class PackageProposalSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    package_id = fields.UUID(
        dump_only=True,
        required=True,
        metadata={"description": "The package it makes: in the catalogue once published."},
    )
    cluster_id = fields.UUID(dump_only=True, required=True)
    cluster_name = fields.Function(
        lambda p: p.cluster.name, dump_only=True, required=True, metadata={"type": "string"}
    )
    unit_id = fields.UUID(
        attribute="organisation_id",
        dump_only=True,
        required=True,
        metadata={"description": "The cluster's regional unit, which reviews it."},
    )
    unit_name = fields.Function(
        lambda p: p.organisation.name, dump_only=True, required=True, metadata={"type": "string"}
    )
    meeting_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The held meeting it was made from (null once deleted)."},
    )
    title = fields.Function(
        lambda p: p.package.title, dump_only=True, required=True, metadata={"type": "string"}
    )
    summary = fields.Function(
        lambda p: p.package.summary, dump_only=True, required=True, metadata={"type": "string"}
    )
    themes = fields.Function(
        lambda p: p.package.themes,
        dump_only=True,
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    audience = fields.Function(
        lambda p: p.package.audience, dump_only=True, required=True, metadata={"type": "string"}
    )
    estimated_minutes = fields.Function(
        lambda p: p.package.estimated_minutes,
        dump_only=True,
        required=True,
        metadata={"type": "integer", "description": "The agenda's minutes."},
    )
    state = fields.Enum(
        PackageProposalState,
        dump_only=True,
        required=True,
        metadata={
            "description": "`proposed` (awaiting the unit), `returned` (with the unit's "
            "comment) or `published` (in the catalogue under the cluster's name)."
        },
    )
    review_comment = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The unit's comment when it last returned it."},
    )
    proposed_by_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    submitted_at = fields.AwareDateTime(
        dump_only=True, required=True, metadata={"description": "When last (re)submitted."}
    )
    reviewed_by_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    reviewed_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class PackageProposalDetailSchema(PackageProposalSchema):
    items = fields.List(
        fields.Nested(PackageAgendaItemSchema),
        dump_only=True,
        required=True,
        metadata={"description": "The proposed agenda template, in order."},
    )
    notes = fields.String(dump_only=True, required=True)
    survey_template_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The survey template the package will offer: the meeting's "
            "evaluation's, when that is a quality unit's."
        },
    )
    materials = fields.List(
        fields.Nested(PackageMaterialSchema),
        dump_only=True,
        required=True,
        metadata={"description": "Copies of the meeting's files, by name."},
    )
    my_permissions = fields.Nested(PackageProposalPermissionsSchema, dump_only=True, required=True)
