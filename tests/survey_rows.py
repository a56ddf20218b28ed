"""Rows of the surveys domain for tests: templates with questions, surveys made from them, and
recipients, written directly (the API's own behaviour is tested over HTTP)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from api.core.extensions import db
from api.models import (
    Cluster,
    Organisation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyPurpose,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyState,
    SurveyTemplate,
    SurveyTemplateQuestion,
    User,
)
from api.services.surveys.links import link_token, token_hash

QUESTIONS: list[dict[str, Any]] = [
    {"kind": QuestionKind.likert, "text": "Mødet var relevant for min praksis", "required": True},
    {"kind": QuestionKind.nps, "text": "Hvor sandsynligt er det, at du vil anbefale mødet?"},
    {
        "kind": QuestionKind.single_choice,
        "text": "Hvilken mødeform foretrækker du?",
        "options": ["Fysisk", "Online"],
    },
    {"kind": QuestionKind.free_text, "text": "Kommentarer"},
]


def template(
    *,
    unit: Organisation | None = None,
    cluster: Cluster | None = None,
    title: str = "Evaluering af klyngemøde",
    retired: bool = False,
    questions: list[dict[str, Any]] | None = None,
) -> SurveyTemplate:
    row = SurveyTemplate(
        id=uuid.uuid4(),
        organisation_id=unit.id if unit is not None else None,
        cluster_id=cluster.id if cluster is not None else None,
        title=title,
        description="Tak fordi du deltog.",
        purpose=SurveyPurpose.evaluation,
        retired=retired,
    )
    row.questions = [
        SurveyTemplateQuestion(
            id=uuid.uuid4(),
            position=position,
            **{"help": "", "required": False, "options": [], **question},
        )
        for position, question in enumerate(questions or QUESTIONS)
    ]
    db.session.add(row)
    db.session.commit()
    return row


def survey(
    source: SurveyTemplate,
    *,
    cluster: Cluster | None = None,
    unit: Organisation | None = None,
    audience: SurveyAudience = SurveyAudience.cluster,
    state: SurveyState = SurveyState.draft,
    closes_in: timedelta = timedelta(days=14),
    **fields: Any,
) -> Survey:
    now = datetime.now(UTC).replace(microsecond=0)
    row = Survey(
        id=uuid.uuid4(),
        template_id=source.id,
        organisation_id=unit.id if unit is not None else None,
        cluster_id=cluster.id if cluster is not None else None,
        audience=audience,
        title=source.title,
        intro=source.description,
        purpose=source.purpose,
        anonymous=True,
        min_responses=5,
        state=state,
        closes_at=now + closes_in,
        sent_at=None if state is SurveyState.draft else now - timedelta(days=1),
        closed_at=now if state is SurveyState.closed else None,
        recipient_count=0,
        response_count=0,
        reminder_count=0,
        **fields,
    )
    row.questions = [
        SurveyQuestion(
            id=uuid.uuid4(),
            template_question_id=question.id,
            position=question.position,
            kind=question.kind,
            text=question.text,
            help=question.help,
            required=question.required,
            options=list(question.options),
            min_value=question.min_value,
            max_value=question.max_value,
        )
        for question in source.questions
    ]
    db.session.add(row)
    db.session.commit()
    return row


def recipients(
    row: Survey, people: list[User], *, answered: int = 0, cluster: Cluster | None = None
) -> list[SurveyRecipient]:
    """Recipients of `row`, the first `answered` of them marked as having answered."""
    made = []
    for index, person in enumerate(people):
        recipient_id = uuid.uuid4()
        made.append(
            SurveyRecipient(
                id=recipient_id,
                survey_id=row.id,
                user_id=person.id,
                cluster_id=cluster.id if cluster is not None else row.cluster_id,
                token_hash=token_hash(link_token(recipient_id)),
                answered=index < answered,
                reminder_count=0,
            )
        )
    db.session.add_all(made)
    row.recipient_count = len(made)
    db.session.commit()
    return made


def answer(
    survey: Survey,
    responses: list[dict[QuestionKind, Any]],
    *,
    cluster: Cluster | None = None,
    unanswered: int = 0,
) -> None:
    """Recipients marked answered, one response each with its answers (by the question's
    kind: a number, a list of option indexes, or a text; a kind left out is unanswered), and
    `unanswered` more recipients. Written in bulk: thousands take a moment."""
    questions = {q.kind: q.id for q in survey.questions}
    cluster_id = cluster.id if cluster else survey.cluster_id
    recipients, rows, answers = [], [], []
    for i in range(len(responses) + unanswered):
        recipient_id = uuid.uuid4()
        recipients.append(
            {
                "id": recipient_id,
                "survey_id": survey.id,
                "cluster_id": cluster_id,
                "token_hash": hashlib.sha256(recipient_id.bytes).hexdigest(),
                "answered": i < len(responses),
                "reminder_count": 0,
            }
        )
    for given in responses:
        response_id = uuid.uuid4()
        rows.append({"id": response_id, "survey_id": survey.id, "cluster_id": cluster_id})
        for kind, value in given.items():
            values = value if isinstance(value, list | set) else [value]
            for one in values:
                answers.append(
                    {
                        "id": uuid.uuid4(),
                        "response_id": response_id,
                        "question_id": questions[kind],
                        "number": None if kind is QuestionKind.free_text else one,
                        "text": one if kind is QuestionKind.free_text else None,
                    }
                )
    db.session.execute(insert(SurveyRecipient), recipients)
    if rows:
        db.session.execute(insert(SurveyResponse), rows)
    if answers:
        db.session.execute(insert(SurveyAnswer), answers)
    db.session.commit()
