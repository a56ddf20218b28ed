"""Answering a survey through the personal link in the e-mail, without signing in.

The link's token is the only credential: the recipient row is found by the token's SHA-256
(`links.token_hash`), and an unknown token, like a draft's (which has no recipients yet), is
not found. A recipient answers once. The submit is one transaction: a conditional UPDATE marks
the recipient answered only if it was not already and the survey is still open, and only when
that changed one row are the response and its answers written. Of two submits at the same
moment (two tabs, a double click) one records and the other finds the answer recorded; the
database decides which, on SQLite and PostgreSQL alike.

Anonymity: an anonymous survey's response names neither the recipient nor the time, and none
of the rows written here is audited or sends mail; only the recipient's `answered` flag (with
no time) records that the person answered. A named survey keeps the recipient and the time.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import lazyload

from api.core.error_codes import Coded, coded
from api.core.errors import Conflict, NotFound, RuleViolation
from api.core.extensions import db
from api.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyState,
)
from api.models.base import utcnow
from api.services.surveys.links import token_hash
from api.services.surveys.questions import CHOICE_KINDS, LIKERT_VALUES, NPS_VALUES
from api.services.surveys.states import survey_state


class FormState(enum.StrEnum):
    """Where the recipient stands: may answer, has answered, or may no longer answer."""

    open = "open"
    answered = "answered"
    closed = "closed"


# The field of an answer each kind of question is answered in.
ANSWER_FIELD: dict[QuestionKind, str] = {
    QuestionKind.likert: "value",
    QuestionKind.nps: "value",
    QuestionKind.number: "value",
    QuestionKind.single_choice: "value",
    QuestionKind.multiple_choice: "values",
    QuestionKind.free_text: "text",
}
ANSWER_FIELDS = ("value", "values", "text")


@dataclass
class AnswerForm:
    """What the answer page shows: the recipient's state and the survey's questions."""

    state: FormState
    survey: Survey

    @property
    def cluster_name(self) -> str | None:
        return self.survey.cluster.name if self.survey.cluster is not None else None

    @property
    def owner_name(self) -> str:
        if self.survey.organisation is not None:
            return self.survey.organisation.name
        assert self.survey.cluster is not None  # a survey has an owner (check constraint)
        return self.survey.cluster.name


# --- finding the link --------------------------------------------------------------------------


def _find(token: str) -> tuple[SurveyRecipient, Survey]:
    """The recipient of the token and their survey, or 404. A draft has no recipients (they
    are made when it is sent); were one there, its link would not work yet either."""
    row = db.session.execute(
        select(SurveyRecipient, Survey)
        .join(Survey, Survey.id == SurveyRecipient.survey_id)
        .where(SurveyRecipient.token_hash == token_hash(token))
        .options(lazyload(SurveyRecipient.user), lazyload(Survey.created_by))
    ).first()
    if row is None or row.Survey.state is SurveyState.draft:
        raise NotFound("No such survey link. Check that the whole link from the e-mail was used.")
    return row.SurveyRecipient, row.Survey


def _form_state(recipient: SurveyRecipient, survey: Survey, now: datetime) -> FormState:
    # An answer given stays answered, also after the deadline: the person learns it counted.
    if recipient.answered:
        return FormState.answered
    if survey_state(survey, now) is SurveyState.closed:
        return FormState.closed
    return FormState.open


def answer_form(token: str) -> AnswerForm:
    recipient, survey = _find(token)
    return AnswerForm(_form_state(recipient, survey, utcnow()), survey)


# --- checking the answers ----------------------------------------------------------------------


def _problem(message: str, code: str, question: SurveyQuestion, **params: Any) -> Coded:
    return coded(message, code, question_id=str(question.id), **params)


def _value_range(question: SurveyQuestion) -> tuple[int | None, int | None]:
    if question.kind is QuestionKind.likert:
        return LIKERT_VALUES.start, LIKERT_VALUES.stop - 1
    if question.kind is QuestionKind.nps:
        return NPS_VALUES.start, NPS_VALUES.stop - 1
    if question.kind in CHOICE_KINDS:  # the index of an option
        return 0, len(question.options) - 1
    return question.min_value, question.max_value


def _out_of_range(number: int, low: int | None, high: int | None) -> bool:
    return (low is not None and number < low) or (high is not None and number > high)


def _range_message(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Must be from {low} to {high}."
    if low is not None:
        return f"Must be at least {low}."
    return f"Must be at most {high}."


def _numbers(
    question: SurveyQuestion, answer: dict[str, Any], where: str, errors: dict[str, list[Any]]
) -> list[int]:
    """The numbers an answer gives its question (none: unanswered), its problems in `errors`."""
    field = ANSWER_FIELD[question.kind]
    for other in ANSWER_FIELDS:
        if other != field and other in answer:
            errors.setdefault(f"{where}.{other}", []).append(
                _problem(
                    f"A {question.kind.value} question is answered in `{field}`.",
                    "wrong_answer_field",
                    question,
                    expected=field,
                )
            )
    if field == "text" or field not in answer:
        return []
    low, high = _value_range(question)
    if field == "value":
        numbers = [answer["value"]]
        if _out_of_range(answer["value"], low, high):
            errors.setdefault(f"{where}.value", []).append(
                _problem(_range_message(low, high), "out_of_range", question, min=low, max=high)
            )
        return numbers
    numbers = answer["values"]
    seen: set[int] = set()
    for index, number in enumerate(numbers):
        if _out_of_range(number, low, high):
            errors.setdefault(f"{where}.values.{index}", []).append(
                _problem(_range_message(low, high), "out_of_range", question, min=low, max=high)
            )
        elif number in seen:
            errors.setdefault(f"{where}.values.{index}", []).append(
                _problem("The option is chosen twice.", "named_twice", question)
            )
        seen.add(number)
    return numbers


def _answer_rows(
    questions: list[SurveyQuestion], answers: list[dict[str, Any]]
) -> list[SurveyAnswer]:
    """The answer rows to write (without their response), or a 422 naming every problem: per
    answer under `answers.<index>` (an unknown or repeated question, a value out of range or
    in the wrong field), and a required question left unanswered under `answers`. Every
    message carries the `question_id` it is about."""
    by_id = {question.id: question for question in questions}
    errors: dict[str, list[Any]] = {}
    rows: list[SurveyAnswer] = []
    # The questions answered, and those whose answer was refused (not also "unanswered").
    answered: set[uuid.UUID] = set()
    refused: set[uuid.UUID] = set()
    seen: set[uuid.UUID] = set()
    for index, answer in enumerate(answers):
        where = f"answers.{index}"
        question = by_id.get(answer["question_id"])
        if question is None:
            errors[f"{where}.question_id"] = [
                coded(
                    "Not a question of this survey.",
                    "unknown_question",
                    question_id=str(answer["question_id"]),
                )
            ]
            continue
        if question.id in seen:
            errors[f"{where}.question_id"] = [
                _problem("The question is answered twice.", "named_twice", question)
            ]
            continue
        seen.add(question.id)
        problems = len(errors)
        numbers = _numbers(question, answer, where, errors)
        if len(errors) > problems:
            refused.add(question.id)
        elif question.kind is QuestionKind.free_text:
            text = (answer.get("text") or "").strip()  # blank: unanswered
            if text:
                answered.add(question.id)
                rows.append(SurveyAnswer(id=uuid.uuid4(), question_id=question.id, text=text))
        elif numbers:
            answered.add(question.id)
            rows.extend(
                SurveyAnswer(id=uuid.uuid4(), question_id=question.id, number=number)
                for number in numbers
            )
    for question in questions:
        if question.required and question.id not in answered | refused:
            errors.setdefault("answers", []).append(
                _problem(
                    f"Question {question.position + 1} must be answered.",
                    "answer_required",
                    question,
                )
            )
    if errors:
        raise RuleViolation(errors=dict(sorted(errors.items())))
    return rows


# --- submitting --------------------------------------------------------------------------------


def _closed() -> Conflict:
    return Conflict(
        "The survey is closed: its deadline has passed, or it was closed early.",
        code="survey_closed",
    )


def submit(token: str, answers: list[dict[str, Any]]) -> bool:
    """Record the recipient's answers. True when they were recorded now; False when the
    recipient had answered already (nothing is written: sending twice records once).
    404 for an unknown link, 409 `survey_closed` once the survey is closed, 422 for answers
    that do not fit the questions (nothing is written either)."""
    recipient, survey = _find(token)
    recipient_id = recipient.id
    now = utcnow()
    if recipient.answered:
        return False
    if survey_state(survey, now) is not SurveyState.open:
        raise _closed()
    rows = _answer_rows(list(survey.questions), answers)
    still_open = exists().where(
        Survey.id == survey.id,
        Survey.state == SurveyState.open,
        Survey.closes_at > now,
    )
    marked = db.session.execute(
        update(SurveyRecipient)
        .where(
            SurveyRecipient.id == recipient_id,
            SurveyRecipient.answered.is_(False),
            still_open,
        )
        .values(answered=True)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        # Another submit of this link won the race, or the survey closed meanwhile.
        db.session.rollback()
        if db.session.scalar(
            select(SurveyRecipient.answered).where(SurveyRecipient.id == recipient_id)
        ):
            return False
        raise _closed()
    named = not survey.anonymous
    response = SurveyResponse(
        id=uuid.uuid4(),
        survey_id=survey.id,
        cluster_id=recipient.cluster_id,
        recipient_id=recipient.id if named else None,
        submitted_at=now if named else None,
    )
    response.answers = rows
    db.session.add(response)
    db.session.commit()
    return True
