"""Schemas of the surveys domain: questionnaire templates and their questions, surveys, the
answering form and answers, and results."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.core.errors import rule
from api.models import QuestionKind, SurveyAudience, SurveyPurpose, SurveyState
from api.schemas.common import (
    BaseSchema,
    PageArgsSchema,
    RFC3339DateTime,
    StrictBoolean,
    WholeNumber,
    not_blank,
)
from api.services.surveys.answering import FormState
from api.services.surveys.questions import CHOICE_KINDS, MAX_TEXT_LENGTH

# --- templates and questions -------------------------------------------------------------------

MAX_QUESTIONS = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 20
OPTION_LENGTH = 200
TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 5000

PURPOSE_DOC = (
    "What it is for: an evaluation after a meeting (`evaluation`), before one (`pre_meeting`), "
    "a member survey (`member`) or anything else (`other`)."
)
KIND_DOC = (
    '`likert` (1 to 5, "Helt uenig" to "Helt enig"), `single_choice` and '
    "`multiple_choice` (from `options`), `number` (a whole number, within `min_value` and "
    "`max_value` when set), `free_text`, `nps` (0 to 10, how likely one is to recommend)."
)


class QuestionWriteSchema(BaseSchema):
    """A question as it is written in a template."""

    id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "An existing question of the template, kept (its answers in earlier "
            "surveys stay comparable); without it the question is new."
        },
    )
    kind = fields.Enum(QuestionKind, required=True, metadata={"description": KIND_DOC})
    text = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank])
    help = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "A hint shown under the question."},
    )
    required = StrictBoolean(load_default=False)
    options = fields.List(
        fields.String(validate=[validate.Length(min=1, max=OPTION_LENGTH), not_blank]),
        load_default=list,
        validate=validate.Length(max=MAX_OPTIONS),
        metadata={
            "description": f"The choices of a single or multiple choice question, in order "
            f"({MIN_OPTIONS} to {MAX_OPTIONS}, distinct); empty for any other kind. An answer "
            "names a choice by its index."
        },
    )
    min_value = WholeNumber(
        load_default=None,
        allow_none=True,
        metadata={"description": "A number question's smallest answer (others: null)."},
    )
    max_value = WholeNumber(
        load_default=None,
        allow_none=True,
        metadata={"description": "A number question's largest answer (others: null)."},
    )

    @validates_schema
    def _fits_kind(self, data, **kwargs):  # type: ignore[no-untyped-def]
        kind = data.get("kind")
        if kind is None:
            return
        errors: dict[str, list] = {}
        options = data.get("options") or []
        if kind in CHOICE_KINDS:
            if len(options) < MIN_OPTIONS:
                errors["options"] = [
                    rule(
                        f"A choice question has at least {MIN_OPTIONS} options.",
                        "too_short",
                        min=MIN_OPTIONS,
                        max=MAX_OPTIONS,
                        unit="items",
                    )
                ]
            elif len({o.strip().casefold() for o in options}) != len(options):
                errors["options"] = [rule("The options must differ.", "named_twice")]
        elif options:
            errors["options"] = [rule("Only a choice question has options.", "not_for_kind")]
        low, high = data.get("min_value"), data.get("max_value")
        if kind is QuestionKind.number:
            if low is not None and high is not None and low > high:
                errors["min_value"] = [rule("Must not be above max_value.", "above_max_value")]
        else:
            for name in ("min_value", "max_value"):
                if data.get(name) is not None:
                    errors[name] = [rule("Only a number question has bounds.", "not_for_kind")]
        if errors:
            raise ValidationError(errors)


class QuestionSchema(BaseSchema):
    """A question as read: of a template, or a survey's copy."""

    id = fields.UUID(dump_only=True, required=True)
    position = fields.Integer(
        dump_only=True, required=True, metadata={"description": "0-based: the list's order."}
    )
    kind = fields.Enum(
        QuestionKind, dump_only=True, required=True, metadata={"description": KIND_DOC}
    )
    text = fields.String(dump_only=True, required=True)
    help = fields.String(dump_only=True, required=True)
    required = fields.Boolean(dump_only=True, required=True)
    options = fields.List(fields.String(), dump_only=True, required=True)
    min_value = fields.Integer(dump_only=True, required=True, allow_none=True)
    max_value = fields.Integer(dump_only=True, required=True, allow_none=True)


class SurveyQuestionSchema(QuestionSchema):
    template_question_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The template question it was copied from: the key of trends and "
            "comparisons (null once that question left the template)."
        },
    )


class OwnerSchema(BaseSchema):
    kind = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(["unit", "cluster"]),
        metadata={"description": "A quality unit's (`unit`) or a cluster's own (`cluster`)."},
    )
    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)


class SurveyTemplateListArgsSchema(PageArgsSchema):
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Words in the title or the description (any case)."},
    )
    purpose = fields.Enum(SurveyPurpose, metadata={"description": "Only templates for this."})
    cluster_id = fields.UUID(
        metadata={"description": "Only this cluster's own templates (one of yours)."}
    )
    owner = fields.String(
        validate=validate.OneOf(["unit", "cluster"]),
        metadata={"description": "Only the quality units' (`unit`) or clusters' own (`cluster`)."},
    )
    include_retired = fields.Boolean(
        load_default=False,
        truthy={"true"},
        falsy={"false"},
        metadata={"description": "Also the retired ones (`true`)."},
    )


class SurveyTemplateWriteSchema(BaseSchema):
    """A template as its owner writes it."""

    title = fields.String(
        required=True, validate=[validate.Length(min=1, max=TITLE_LENGTH), not_blank]
    )
    description = fields.String(load_default="", validate=validate.Length(max=DESCRIPTION_LENGTH))
    purpose = fields.Enum(
        SurveyPurpose, load_default=SurveyPurpose.other, metadata={"description": PURPOSE_DOC}
    )
    questions = fields.List(
        fields.Nested(QuestionWriteSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_QUESTIONS),
        metadata={"description": "In the order asked."},
    )


class UnitSurveyTemplateWriteSchema(SurveyTemplateWriteSchema):
    unit_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "The quality unit it belongs to, one you write for (403 "
            "`not_your_unit` otherwise); may be left out by those who write for one unit."
        },
    )


class SurveyTemplateUpdateSchema(SurveyTemplateWriteSchema):
    retired = StrictBoolean(
        load_default=False,
        metadata={"description": "No longer offered for new surveys; its surveys keep it."},
    )
    questions = fields.List(
        fields.Nested(QuestionWriteSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_QUESTIONS),
        metadata={
            "description": "The questions, in order, replacing those before: one sent with its "
            "`id` is kept (its trend continues), one without is new, one left out is removed."
        },
    )


class SurveyTemplatePermissionsSchema(BaseSchema):
    change = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Change, retire and delete it (its owner)."},
    )


class SurveyTemplateSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    purpose = fields.Enum(
        SurveyPurpose, dump_only=True, required=True, metadata={"description": PURPOSE_DOC}
    )
    retired = fields.Boolean(dump_only=True, required=True)
    owner = fields.Nested(OwnerSchema, dump_only=True, required=True)
    unit_id = fields.UUID(
        attribute="organisation_id", dump_only=True, required=True, allow_none=True
    )
    cluster_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    questions = fields.List(fields.Nested(QuestionSchema), dump_only=True, required=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class SurveyTemplateDetailSchema(SurveyTemplateSchema):
    permissions = fields.Nested(SurveyTemplatePermissionsSchema, dump_only=True, required=True)


# --- surveys -----------------------------------------------------------------------------------

AUDIENCE_DOC = (
    "Who it goes to: a cluster's people (`cluster`), a sub-cluster's clinics' (`sub_cluster`, "
    "with `sub_cluster_id`), a meeting's invited (`meeting`, with `meeting_id`), a region's "
    "clusters' (`region`, with `region_id`; a unit's survey) or every cluster's (`nation`; "
    "KiAP's)."
)
CLUSTER_AUDIENCES = (SurveyAudience.cluster, SurveyAudience.sub_cluster, SurveyAudience.meeting)


class SurveyListArgsSchema(PageArgsSchema):
    cluster_id = fields.UUID(metadata={"description": "Only the surveys sent in this cluster."})
    state = fields.Enum(
        SurveyState,
        metadata={"description": "Only surveys in this state (as `state` shows it)."},
    )
    purpose = fields.Enum(SurveyPurpose, metadata={"description": "Only surveys for this."})
    meeting_id = fields.UUID(metadata={"description": "Only the surveys of this meeting."})
    template_id = fields.UUID(metadata={"description": "Only surveys made from this template."})
    unit_id = fields.UUID(metadata={"description": "Only this quality unit's surveys."})


class SurveyFieldsSchema(BaseSchema):
    """What is said of a survey as its owner writes it (all but the audience)."""

    title = fields.String(
        validate=[validate.Length(min=1, max=TITLE_LENGTH), not_blank],
        metadata={"description": "The template's title when left out."},
    )
    intro = fields.String(
        validate=validate.Length(max=DESCRIPTION_LENGTH),
        metadata={
            "description": "Shown above the questions; the template's description when left out."
        },
    )
    purpose = fields.Enum(
        SurveyPurpose,
        metadata={"description": PURPOSE_DOC + " The template's when left out."},
    )
    anonymous = StrictBoolean(
        load_default=True,
        metadata={
            "description": "Answers name neither the person nor the time (the default). A "
            "named survey keeps both."
        },
    )
    min_responses = WholeNumber(
        load_default=5,
        validate=validate.Range(min=1, max=10000),
        metadata={"description": "Below this many answers the results are suppressed."},
    )
    closes_at = RFC3339DateTime(
        required=True, metadata={"description": "The deadline (in the future)."}
    )


class ClusterSurveyWriteSchema(SurveyFieldsSchema):
    """A cluster's own survey: to the cluster, one of its sub-clusters or one of its meetings."""

    template_id = fields.UUID(
        required=True,
        metadata={"description": "A template you read, not retired: its questions are copied."},
    )
    audience = fields.Enum(
        SurveyAudience,
        required=True,
        validate=validate.OneOf(CLUSTER_AUDIENCES),
        metadata={
            "description": AUDIENCE_DOC,
            "enum": [audience.value for audience in CLUSTER_AUDIENCES],
        },
    )
    sub_cluster_id = fields.UUID(load_default=None, allow_none=True)
    meeting_id = fields.UUID(load_default=None, allow_none=True)


class SurveyWriteSchema(SurveyFieldsSchema):
    """A quality unit's survey."""

    unit_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "The quality unit it belongs to, one you write for (403 "
            "`not_your_unit` otherwise); may be left out by those who write for one unit."
        },
    )
    template_id = fields.UUID(
        required=True,
        metadata={"description": "A template you read, not retired: its questions are copied."},
    )
    audience = fields.Enum(SurveyAudience, required=True, metadata={"description": AUDIENCE_DOC})
    cluster_id = fields.UUID(load_default=None, allow_none=True)
    sub_cluster_id = fields.UUID(load_default=None, allow_none=True)
    meeting_id = fields.UUID(load_default=None, allow_none=True)
    region_id = fields.UUID(load_default=None, allow_none=True)


class SurveyUpdateSchema(SurveyFieldsSchema):
    """A survey as its owner changes it: a draft all of it (a field left out keeps its value);
    an open survey only `closes_at` and `min_responses`."""

    anonymous = StrictBoolean()
    min_responses = WholeNumber(validate=validate.Range(min=1, max=10000))
    closes_at = RFC3339DateTime(metadata={"description": "The deadline (in the future)."})
    template_id = fields.UUID(
        metadata={"description": "Another template: its questions replace the survey's."}
    )
    audience = fields.Enum(SurveyAudience, metadata={"description": AUDIENCE_DOC})
    cluster_id = fields.UUID(allow_none=True)
    sub_cluster_id = fields.UUID(allow_none=True)
    meeting_id = fields.UUID(allow_none=True)
    region_id = fields.UUID(allow_none=True)


class SurveyPermissionsSchema(BaseSchema):
    manage = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Change, send, remind, close and delete it (its owners)."},
    )
    results = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "Read its results now."}
    )


class ClusterRefSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)


class SurveySchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    intro = fields.String(dump_only=True, required=True)
    purpose = fields.Enum(
        SurveyPurpose, dump_only=True, required=True, metadata={"description": PURPOSE_DOC}
    )
    audience = fields.Enum(
        SurveyAudience, dump_only=True, required=True, metadata={"description": AUDIENCE_DOC}
    )
    state = fields.Enum(
        SurveyState,
        dump_only=True,
        required=True,
        metadata={
            "description": "`draft` until sent, then `open` until closed or its deadline "
            "(`closes_at`) passes: from then on `closed`."
        },
    )
    anonymous = fields.Boolean(dump_only=True, required=True)
    min_responses = fields.Integer(dump_only=True, required=True)
    closes_at = fields.AwareDateTime(dump_only=True, required=True)
    sent_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    closed_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When it closed (its deadline, if it ran out)."},
    )
    owner = fields.Nested(OwnerSchema, dump_only=True, required=True)
    cluster = fields.Nested(
        ClusterRefSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The cluster it is sent in (null for a region or the nation)."},
    )
    template_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    sub_cluster_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    region_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    recipient_count = fields.Integer(dump_only=True, required=True)
    response_count = fields.Integer(
        dump_only=True, required=True, metadata={"description": "How many have answered."}
    )
    reminder_count = fields.Integer(dump_only=True, required=True)
    last_reminded_at = fields.AwareDateTime(dump_only=True, required=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class SurveyDetailSchema(SurveySchema):
    questions = fields.List(
        fields.Nested(SurveyQuestionSchema),
        dump_only=True,
        required=True,
        metadata={"description": "The survey's own copies of its template's questions."},
    )
    permissions = fields.Nested(SurveyPermissionsSchema, dump_only=True, required=True)


class SurveyRemindedSchema(BaseSchema):
    reminded = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "How many who have not answered were reminded by e-mail."},
    )


# --- answering ---------------------------------------------------------------------------------

# The most answers one submit carries, and the most options one multiple choice answer names.
MAX_ANSWERS = 200
MAX_CHOSEN_OPTIONS = 20
# A number answer fits the database's whole numbers on every engine (32 bits).
ANSWER_NUMBER_MIN = -(2**31)
ANSWER_NUMBER_MAX = 2**31 - 1


class SurveyAnswerFormQuestionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    position = fields.Integer(
        dump_only=True, required=True, metadata={"description": "0-based, the order shown."}
    )
    kind = fields.Enum(
        QuestionKind,
        dump_only=True,
        required=True,
        metadata={
            "description": "How it is answered: `likert` 1 (Helt uenig) to 5 (Helt enig), "
            "`nps` 0 to 10, `number` within `min_value`..`max_value`, `single_choice` the index "
            "of one of `options` (in `value`), `multiple_choice` indexes of options (in "
            "`values`), `free_text` in `text`."
        },
    )
    text = fields.String(dump_only=True, required=True)
    help = fields.String(dump_only=True, required=True)
    required = fields.Boolean(dump_only=True, required=True)
    options = fields.List(
        fields.String(),
        dump_only=True,
        required=True,
        metadata={"description": "The choices, in order; answers name them by index (0-based)."},
    )
    min_value = fields.Integer(dump_only=True, required=True, allow_none=True)
    max_value = fields.Integer(dump_only=True, required=True, allow_none=True)


class SurveyAnswerFormSurveySchema(BaseSchema):
    title = fields.String(dump_only=True, required=True)
    intro = fields.String(dump_only=True, required=True)
    purpose = fields.Enum(SurveyPurpose, dump_only=True, required=True)
    anonymous = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Whether the answers are kept without the person and the time."},
    )
    closes_at = fields.AwareDateTime(
        dump_only=True, required=True, metadata={"description": "The deadline."}
    )
    cluster_name = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The cluster the survey is sent in, if any."},
    )
    owner_name = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Who asks: the quality unit or the cluster."},
    )
    questions = fields.List(
        fields.Nested(SurveyAnswerFormQuestionSchema), dump_only=True, required=True
    )


class SurveyAnswerFormSchema(BaseSchema):
    state = fields.Enum(
        FormState,
        dump_only=True,
        required=True,
        metadata={
            "description": "`open`: the link may answer; `answered`: its answer is recorded "
            "(also after the deadline); `closed`: the deadline has passed or the survey was "
            "closed, unanswered."
        },
    )
    survey = fields.Nested(SurveyAnswerFormSurveySchema, dump_only=True, required=True)


class SurveyAnswerItemSchema(BaseSchema):
    question_id = fields.UUID(required=True)
    value = WholeNumber(
        validate=validate.Range(min=ANSWER_NUMBER_MIN, max=ANSWER_NUMBER_MAX),
        metadata={
            "description": "A `likert` (1..5), `nps` (0..10) or `number` answer, or the index "
            "of the chosen option of a `single_choice` question."
        },
    )
    values = fields.List(
        WholeNumber(validate=validate.Range(min=0, max=MAX_CHOSEN_OPTIONS - 1)),
        validate=validate.Length(max=MAX_CHOSEN_OPTIONS),
        metadata={
            "description": "The indexes of the chosen options of a `multiple_choice` question, "
            "each once. None chosen: unanswered."
        },
    )
    text = fields.String(
        validate=validate.Length(max=MAX_TEXT_LENGTH),
        metadata={"description": "A `free_text` answer. Blank: unanswered."},
    )


class SurveyAnswerSubmitSchema(BaseSchema):
    answers = fields.List(
        fields.Nested(SurveyAnswerItemSchema),
        required=True,
        validate=validate.Length(max=MAX_ANSWERS),
        metadata={
            "description": "At most one answer per question, in the field its kind is "
            "answered in. A question left out is unanswered (refused if it is required)."
        },
    )


class SurveyAnswerReceiptSchema(BaseSchema):
    state = fields.Enum(
        FormState,
        dump_only=True,
        required=True,
        metadata={"description": "Always `answered`."},
    )


# --- results -----------------------------------------------------------------------------------


class SurveyResultsArgsSchema(BaseSchema):
    cluster_id = fields.UUID(
        metadata={
            "description": "Only the responses of this cluster's people (a survey sent to a "
            "region or the nation; 422 for a survey of one cluster)."
        }
    )
    region_id = fields.UUID(
        metadata={
            "description": "Only the responses of this region's clusters (a survey sent to "
            "the nation; 422 for a survey of one cluster)."
        }
    )


class SurveyResultPointSchema(BaseSchema):
    value = fields.Integer(
        dump_only=True,
        required=True,
        metadata={
            "description": "The Likert point (1 to 5), the NPS point (0 to 10), the option's "
            "index (0-based) or the number given."
        },
    )
    label = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "The Likert point's Danish label, the option, or the number."},
    )
    count = fields.Integer(dump_only=True, required=True)
    share = fields.Float(
        dump_only=True,
        required=True,
        metadata={
            "description": "Of those who answered the question (0 to 1, 4 decimals); a "
            "multiple choice question's shares may add up to more than 1."
        },
    )


def _nullable_float(description: str) -> fields.Float:
    return fields.Float(
        dump_only=True, required=True, allow_none=True, metadata={"description": description}
    )


def _distribution(description: str) -> fields.List:
    return fields.List(
        fields.Nested(SurveyResultPointSchema),
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": description},
    )


class SurveyResultQuestionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    template_question_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The template's question this is a copy of."},
    )
    position = fields.Integer(dump_only=True, required=True)
    kind = fields.Enum(QuestionKind, dump_only=True, required=True)
    text = fields.String(dump_only=True, required=True)
    options = fields.List(fields.String(), dump_only=True, required=True)
    answered = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "How many responses answered the question."},
    )
    distribution = _distribution(
        "Every point of the scale (every Likert point, every NPS point, every option; for a "
        "number the values given), zeros included. Null for free text and when suppressed."
    )
    mean = _nullable_float(
        "The mean (Likert, NPS and number; 2 decimals). Null when nobody answered, for other "
        "kinds and when suppressed."
    )
    agree_share = _nullable_float(
        "Likert: the share of those who answered who agree (4 or 5: «Delvis enig» or «Helt "
        "enig»). Null otherwise."
    )
    disagree_share = _nullable_float(
        "Likert: the share of those who answered who disagree (1 or 2). Null otherwise."
    )
    nps = _nullable_float(
        "NPS: the share of promoters (9 and 10) less the share of detractors (0 to 6), in "
        "percentage points (-100 to 100, 1 decimal). Null otherwise."
    )
    texts = fields.List(
        fields.String(),
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "Free text: the answers in alphabetical order, with nothing to tell "
            "who wrote them. Null for other kinds, when suppressed, and for a quality unit "
            "that follows the survey without owning it."
        },
    )


class SurveyComparisonQuestionSchema(BaseSchema):
    template_question_id = fields.UUID(dump_only=True, required=True)
    mean = _nullable_float("The mean of the nation's answers (Likert, NPS and number).")
    agree_share = _nullable_float("Likert: the nation's share of those who agree (4 or 5).")
    distribution = _distribution(
        "The nation's answers on the scale of this survey's question, zeros included."
    )


class SurveyComparisonSchema(BaseSchema):
    scope = fields.String(
        dump_only=True,
        required=True,
        validate=validate.OneOf(["nation"]),
        metadata={"description": "`nation`: every other closed survey of the same template."},
    )
    surveys = fields.Integer(dump_only=True, required=True)
    responses = fields.Integer(dump_only=True, required=True)
    suppressed = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Fewer responses than this survey's minimum: no questions are shown."
        },
    )
    questions = fields.List(
        fields.Nested(SurveyComparisonQuestionSchema), dump_only=True, required=True
    )


class SurveyTrendQuestionSchema(BaseSchema):
    template_question_id = fields.UUID(dump_only=True, required=True)
    text = fields.String(
        dump_only=True, required=True, metadata={"description": "As that survey asked it."}
    )
    mean = _nullable_float("The mean (null when suppressed or nobody answered).")
    agree_share = _nullable_float("Likert: the share who agree (4 or 5).")


class SurveyTrendPointSchema(BaseSchema):
    survey_id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    date = fields.AwareDateTime(
        dump_only=True,
        required=True,
        metadata={"description": "The meeting's start, else the survey's deadline."},
    )
    responses = fields.Integer(dump_only=True, required=True)
    suppressed = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Fewer responses than that survey's minimum: no numbers."},
    )
    questions = fields.List(fields.Nested(SurveyTrendQuestionSchema), dump_only=True, required=True)


class SurveyResultsSchema(BaseSchema):
    survey_id = fields.UUID(dump_only=True, required=True)
    title = fields.String(dump_only=True, required=True)
    state = fields.Enum(
        SurveyState,
        dump_only=True,
        required=True,
        metadata={"description": "As everyone sees it: past its deadline, a survey is closed."},
    )
    anonymous = fields.Boolean(dump_only=True, required=True)
    min_responses = fields.Integer(dump_only=True, required=True)
    recipients = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "To how many it was sent (within the narrowing, if any)."},
    )
    responses = fields.Integer(dump_only=True, required=True)
    response_rate = fields.Float(
        dump_only=True,
        required=True,
        metadata={"description": "`responses` / `recipients` (0 to 1, 4 decimals)."},
    )
    suppressed = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Fewer responses than `min_responses`: the questions carry only how "
            "many answered them (no distribution, mean or texts)."
        },
    )
    questions = fields.List(
        fields.Nested(SurveyResultQuestionSchema), dump_only=True, required=True
    )
    comparison = fields.Nested(
        SurveyComparisonSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The nation: every other closed survey of the same template, summed "
            "by template question. Null when the survey has no template or no other survey of "
            "it has closed."
        },
    )
    trend = fields.List(
        fields.Nested(SurveyTrendPointSchema),
        dump_only=True,
        required=True,
        metadata={
            "description": "The cluster's surveys of the same template (this one and those "
            "closed), oldest first. Empty for a survey of no one cluster."
        },
    )
