"""Schemas of the surveys domain: questionnaire templates and their questions, surveys, the
answering form and answers, and results."""

from __future__ import annotations

from marshmallow import fields, validate

from api.models import QuestionKind, SurveyPurpose, SurveyState
from api.schemas.common import BaseSchema, WholeNumber
from api.services.surveys.answering import FormState
from api.services.surveys.questions import MAX_TEXT_LENGTH

# --- templates and questions -------------------------------------------------------------------


# --- surveys -----------------------------------------------------------------------------------


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
