"""Schemas of the surveys domain: questionnaire templates and their questions, surveys, the
answering form and answers, and results."""

from __future__ import annotations

from marshmallow import fields, validate

from api.models import QuestionKind, SurveyPurpose
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
