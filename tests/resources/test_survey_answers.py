"""Answering a survey through the personal link, without signing in: the form, recording an
answer once (also when it is sent twice at the same moment), refusing answers that do not fit
their questions, the deadline, rate limits, and above all that an anonymous survey's answers
can be traced neither to the person nor to the moment they were given."""

from __future__ import annotations

import io
import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from threading import Barrier
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select, text

from api.core.extensions import db, limiter
from api.models import (
    AuditLogEntry,
    Cluster,
    OutboxMessage,
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
)
from api.models.base import utcnow
from api.services.surveys.links import link_token, token_hash
from tests.problems import assert_problem

URL = "/api/v1/survey-answers"
ANSWER_TABLES = ("survey_responses", "survey_answers")
NOT_AUDITED = ("survey_recipients", *ANSWER_TABLES)

# The questions of the test survey, by name: (kind, text, required, options, min, max).
QUESTIONS: dict[str, tuple[QuestionKind, str, bool, list[str], int | None, int | None]] = {
    "relevant": (QuestionKind.likert, "Mødet var relevant for min praksis", True, [], None, None),
    "recommend": (
        QuestionKind.nps,
        "Hvor sandsynligt er det, at du vil anbefale mødet til en kollega?",
        False,
        [],
        None,
        None,
    ),
    "minutes": (QuestionKind.number, "Hvor mange minutter tog forberedelsen?", False, [], 0, 240),
    "again": (QuestionKind.single_choice, "Vil du deltage igen?", False, ["Ja", "Nej"], None, None),
    "best": (
        QuestionKind.multiple_choice,
        "Hvad fungerede bedst?",
        False,
        ["Oplæg", "Gruppearbejde", "Frokost"],
        None,
        None,
    ),
    "comment": (QuestionKind.free_text, "Andre kommentarer", False, [], None, None),
}


@dataclass
class Sent:
    survey: Survey
    cluster: Cluster
    questions: dict[str, uuid.UUID]
    recipients: list[SurveyRecipient]
    tokens: list[str]


def sent_survey(
    factory,
    *,
    recipients: int = 3,
    anonymous: bool = True,
    state: SurveyState = SurveyState.open,
    closes_in: timedelta = timedelta(days=7),
    unit: bool = False,
    cluster_name: str = "Klynge Viborg",
) -> Sent:
    """A cluster's template with the six kinds of question, a survey made from it and sent
    (or in `state`) to `recipients` people with known link tokens. With `unit`, the survey is
    a regional unit's, sent in the cluster."""
    cluster = factory.cluster(name=cluster_name)
    organisation = factory.organisation(name="Kvalitetsenheden Midt") if unit else None
    template = SurveyTemplate(
        id=uuid.uuid4(),
        cluster_id=cluster.id,
        title="Evaluering af klyngemøde",
        purpose=SurveyPurpose.evaluation,
        questions=[
            SurveyTemplateQuestion(
                id=uuid.uuid4(),
                position=position,
                kind=kind,
                text=wording,
                required=required,
                options=options,
                min_value=low,
                max_value=high,
            )
            for position, (kind, wording, required, options, low, high) in enumerate(
                QUESTIONS.values()
            )
        ],
    )
    db.session.add(template)
    db.session.flush()
    now = utcnow()
    survey = Survey(
        id=uuid.uuid4(),
        template_id=template.id,
        organisation_id=organisation.id if organisation else None,
        audience=SurveyAudience.cluster,
        cluster_id=cluster.id,
        title="Evaluering af temamødet",
        intro="Tak fordi du deltog. Det tager to minutter.",
        purpose=SurveyPurpose.evaluation,
        anonymous=anonymous,
        state=state,
        closes_at=now + closes_in,
        sent_at=None if state is SurveyState.draft else now - timedelta(days=1),
        closed_at=now if state is SurveyState.closed else None,
        recipient_count=recipients,
        questions=[
            SurveyQuestion(
                id=uuid.uuid4(),
                template_question_id=question.id,
                position=question.position,
                kind=question.kind,
                text=question.text,
                help="",
                required=question.required,
                options=question.options,
                min_value=question.min_value,
                max_value=question.max_value,
            )
            for question in template.questions
        ],
    )
    db.session.add(survey)
    db.session.flush()
    rows = []
    for _ in range(recipients):
        person = factory.user()
        recipient_id = uuid.uuid4()
        rows.append(
            SurveyRecipient(
                id=recipient_id,
                survey_id=survey.id,
                user_id=person.id,
                cluster_id=cluster.id,
                token_hash=token_hash(link_token(recipient_id)),
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    names = dict(zip(QUESTIONS, survey.questions, strict=True))
    return Sent(
        survey=survey,
        cluster=cluster,
        questions={name: question.id for name, question in names.items()},
        recipients=rows,
        tokens=[link_token(row.id) for row in rows],
    )


def full_answers(sent: Sent) -> list[dict[str, Any]]:
    q = {name: str(question_id) for name, question_id in sent.questions.items()}
    return [
        {"question_id": q["relevant"], "value": 4},
        {"question_id": q["recommend"], "value": 9},
        {"question_id": q["minutes"], "value": 30},
        {"question_id": q["again"], "value": 0},
        {"question_id": q["best"], "values": [2, 0]},
        {"question_id": q["comment"], "text": "  Godt oplæg om trivsel.  "},
    ]


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _responses(sent: Sent) -> list[SurveyResponse]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == sent.survey.id))
    )


def _answered(sent: Sent) -> list[bool]:
    db.session.expire_all()
    return [db.session.get(SurveyRecipient, row.id).answered for row in sent.recipients]


@pytest.fixture
def sent(factory) -> Sent:
    return sent_survey(factory)


# --- the form ----------------------------------------------------------------------------------


def test_the_link_opens_the_survey_without_signing_in(client, factory, count_statements):
    sent = sent_survey(factory, unit=True)
    with count_statements() as counted:
        response = client.get(f"{URL}/{sent.tokens[0]}")
    assert response.status_code == 200, response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["state"] == "open"
    survey = body["survey"]
    assert {key: survey[key] for key in ("title", "purpose", "anonymous", "cluster_name")} == {
        "title": "Evaluering af temamødet",
        "purpose": "evaluation",
        "anonymous": True,
        "cluster_name": "Klynge Viborg",
    }
    assert survey["owner_name"] == "Kvalitetsenheden Midt"
    assert survey["intro"].startswith("Tak fordi du deltog")
    assert survey["closes_at"].endswith(("Z", "+00:00"))
    assert [q["id"] for q in survey["questions"]] == [str(i) for i in sent.questions.values()]
    assert [q["position"] for q in survey["questions"]] == list(range(len(QUESTIONS)))
    best = survey["questions"][4]
    assert best["kind"] == "multiple_choice"
    assert best["options"] == ["Oplæg", "Gruppearbejde", "Frokost"]
    minutes = survey["questions"][2]
    assert (minutes["min_value"], minutes["max_value"], minutes["required"]) == (0, 240, False)
    assert survey["questions"][0]["required"] is True
    # The recipient and the survey with its owner in one statement, the questions in another,
    # however many questions there are.
    assert counted.count <= 3, counted.statements


def test_a_clusters_own_survey_is_asked_by_the_cluster(client, sent):
    survey = client.get(f"{URL}/{sent.tokens[0]}").get_json()["survey"]
    assert survey["owner_name"] == survey["cluster_name"] == "Klynge Viborg"


@pytest.mark.parametrize("token", ["x", "A" * 43, "not-a-token_-", "%C3%A6%C3%B8"])
def test_an_unknown_link_is_not_found(client, sent, token):
    assert_problem(client.get(f"{URL}/{token}"), 404)
    body = {"answers": full_answers(sent)}
    assert_problem(client.post(f"{URL}/{token}", json=body), 404)
    assert _count(SurveyResponse) == 0


def test_a_link_of_another_secret_is_not_found(client, sent):
    """The token is the server's HMAC of the recipient: the same recipient under another
    secret key (a copy of the database elsewhere) makes no working link."""
    forged = link_token(sent.recipients[0].id, secret_key="another-secret")
    assert_problem(client.get(f"{URL}/{forged}"), 404)


def test_a_drafts_link_does_not_work(client, factory):
    """A draft has no recipients (they are made when it is sent); were a row there, its link
    would not work before the survey is sent."""
    draft = sent_survey(factory, state=SurveyState.draft)
    assert_problem(client.get(f"{URL}/{draft.tokens[0]}"), 404)
    assert_problem(client.post(f"{URL}/{draft.tokens[0]}", json={"answers": []}), 404)
    assert _count(SurveyResponse) == 0


def test_a_bearer_token_is_neither_needed_nor_looked_at(client, factory, sent):
    headers = factory.auth(factory.user())
    assert client.get(f"{URL}/{sent.tokens[0]}", headers=headers).status_code == 200
    garbage = {"Authorization": "Bearer not-a-jwt"}
    assert client.get(f"{URL}/{sent.tokens[0]}", headers=garbage).status_code == 200


# --- answering ---------------------------------------------------------------------------------


def test_answers_are_recorded_once(client, sent):
    url = f"{URL}/{sent.tokens[0]}"
    first = client.post(url, json={"answers": full_answers(sent)})
    assert first.status_code == 201, first.get_json()
    assert first.get_json() == {"state": "answered"}
    assert first.headers["Cache-Control"] == "no-store"
    (response,) = _responses(sent)
    assert response.cluster_id == sent.cluster.id
    by_question = {
        name: sorted((a.number, a.text) for a in response.answers if a.question_id == question_id)
        for name, question_id in sent.questions.items()
    }
    assert by_question == {
        "relevant": [(4, None)],
        "recommend": [(9, None)],
        "minutes": [(30, None)],
        "again": [(0, None)],
        "best": [(0, None), (2, None)],  # a row per chosen option
        "comment": [(None, "Godt oplæg om trivsel.")],
    }
    assert _answered(sent) == [True, False, False]

    # Sent again (a double click, a retry): answered already, nothing written.
    other = [{"question_id": str(sent.questions["relevant"]), "value": 1}]
    again = client.post(url, json={"answers": other})
    assert again.status_code == 200
    assert again.get_json() == {"state": "answered"}
    assert _count(SurveyResponse) == 1
    assert _count(SurveyAnswer) == 7
    assert client.get(url).get_json()["state"] == "answered"
    # The others still answer.
    assert client.get(f"{URL}/{sent.tokens[1]}").get_json()["state"] == "open"


def test_optional_questions_may_be_left_out_or_blank(client, sent):
    answers = [
        {"question_id": str(sent.questions["relevant"]), "value": 5},
        {"question_id": str(sent.questions["best"]), "values": []},
        {"question_id": str(sent.questions["comment"]), "text": " \n "},
        {"question_id": str(sent.questions["minutes"])},
    ]
    assert client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers}).status_code == 201
    (response,) = _responses(sent)
    assert [(a.question_id, a.number, a.text) for a in response.answers] == [
        (sent.questions["relevant"], 5, None)
    ]


def test_a_number_question_without_bounds_takes_any_whole_number(client, factory):
    sent = sent_survey(factory)
    question = db.session.get(SurveyQuestion, sent.questions["minutes"])
    question.min_value = question.max_value = None
    db.session.commit()
    answers = [
        {"question_id": str(sent.questions["relevant"]), "value": 3},
        {"question_id": str(sent.questions["minutes"]), "value": -2_000_000_000},
    ]
    assert client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers}).status_code == 201


def test_a_submit_costs_the_same_statements_however_many_answers(client, sent, count_statements):
    few = [{"question_id": str(sent.questions["relevant"]), "value": 2}]
    with count_statements() as one:
        assert client.post(f"{URL}/{sent.tokens[0]}", json={"answers": few}).status_code == 201
    with count_statements() as seven:
        response = client.post(f"{URL}/{sent.tokens[1]}", json={"answers": full_answers(sent)})
        assert response.status_code == 201
    assert seven.count == one.count, seven.statements


def _with(sent: Sent, name: str, **answer: Any) -> list[dict[str, Any]]:
    """Full answers, with the answer to `name` replaced."""
    question_id = str(sent.questions[name])
    return [
        {"question_id": question_id, **answer} if a["question_id"] == question_id else a
        for a in full_answers(sent)
    ]


# (what is sent, the field refused, its code, the question it is about, more of the code)
REFUSED = {
    "likert out of range": (
        lambda s: _with(s, "relevant", value=6),
        "answers.0.value",
        "out_of_range",
        "relevant",
        {"min": 1, "max": 5},
    ),
    "likert zero": (
        lambda s: _with(s, "relevant", value=0),
        "answers.0.value",
        "out_of_range",
        "relevant",
        {"min": 1, "max": 5},
    ),
    "nps out of range": (
        lambda s: _with(s, "recommend", value=11),
        "answers.1.value",
        "out_of_range",
        "recommend",
        {"min": 0, "max": 10},
    ),
    "number above its maximum": (
        lambda s: _with(s, "minutes", value=241),
        "answers.2.value",
        "out_of_range",
        "minutes",
        {"min": 0, "max": 240},
    ),
    "number below its minimum": (
        lambda s: _with(s, "minutes", value=-1),
        "answers.2.value",
        "out_of_range",
        "minutes",
        {"min": 0, "max": 240},
    ),
    "no such option": (
        lambda s: _with(s, "again", value=2),
        "answers.3.value",
        "out_of_range",
        "again",
        {"min": 0, "max": 1},
    ),
    "an option chosen twice": (
        lambda s: _with(s, "best", values=[1, 1]),
        "answers.4.values.1",
        "named_twice",
        "best",
        {},
    ),
    "no such option of a multiple choice": (
        lambda s: _with(s, "best", values=[0, 3]),
        "answers.4.values.1",
        "out_of_range",
        "best",
        {"min": 0, "max": 2},
    ),
    "text for a likert question": (
        lambda s: _with(s, "relevant", text="Helt enig"),
        "answers.0.text",
        "wrong_answer_field",
        "relevant",
        {"expected": "value"},
    ),
    "values for a single choice": (
        lambda s: _with(s, "again", values=[0]),
        "answers.3.values",
        "wrong_answer_field",
        "again",
        {"expected": "value"},
    ),
    "value for a multiple choice": (
        lambda s: _with(s, "best", value=1),
        "answers.4.value",
        "wrong_answer_field",
        "best",
        {"expected": "values"},
    ),
    "value for free text": (
        lambda s: _with(s, "comment", value=1),
        "answers.5.value",
        "wrong_answer_field",
        "comment",
        {"expected": "text"},
    ),
    "a question answered twice": (
        lambda s: [*full_answers(s), {"question_id": str(s.questions["relevant"]), "value": 2}],
        "answers.6.question_id",
        "named_twice",
        "relevant",
        {},
    ),
    "a required question left out": (
        lambda s: full_answers(s)[1:],
        "answers",
        "answer_required",
        "relevant",
        {},
    ),
    "a required question without a value": (
        lambda s: [{"question_id": str(s.questions["relevant"])}, *full_answers(s)[1:]],
        "answers",
        "answer_required",
        "relevant",
        {},
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_answers_that_do_not_fit_their_questions_are_refused(client, sent, case):
    answers, field, code, question, params = case
    response = client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers(sent)})
    problem = assert_problem(response, 422)
    assert problem["type"].endswith(":rule-violation")
    assert list(problem["codes"]) == [field], problem
    assert problem["codes"][field] == [
        {"code": code, "question_id": str(sent.questions[question]), **params}
    ]
    # Nothing is written, and the link still answers.
    assert _count(SurveyResponse) == _count(SurveyAnswer) == 0
    assert _answered(sent) == [False, False, False]
    assert (
        client.post(f"{URL}/{sent.tokens[0]}", json={"answers": full_answers(sent)}).status_code
        == 201
    )


def test_an_unknown_question_is_refused_with_the_id_sent(client, factory, sent):
    elsewhere = sent_survey(factory, cluster_name="Klynge Skive")
    foreign = str(elsewhere.questions["recommend"])
    answers = [*full_answers(sent), {"question_id": foreign, "value": 3}]
    problem = assert_problem(client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers}), 422)
    assert problem["codes"] == {
        "answers.6.question_id": [{"code": "unknown_question", "question_id": foreign}]
    }
    assert _count(SurveyResponse) == 0


def test_every_problem_is_named_at_once(client, sent):
    q = {name: str(question_id) for name, question_id in sent.questions.items()}
    answers = [
        {"question_id": q["recommend"], "value": 12},
        {"question_id": q["best"], "values": [0, 0, 5]},
        {"question_id": str(uuid.uuid4()), "value": 1},
    ]
    problem = assert_problem(client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers}), 422)
    assert {field: [c["code"] for c in codes] for field, codes in problem["codes"].items()} == {
        "answers": ["answer_required"],
        "answers.0.value": ["out_of_range"],
        "answers.1.values.1": ["named_twice"],
        "answers.1.values.2": ["out_of_range"],
        "answers.2.question_id": ["unknown_question"],
    }


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"answers": [{"question_id": "nope", "value": 1}]}, "answers.0.question_id"),
        ({"answers": [{"value": 1}]}, "answers.0.question_id"),
        ({"answers": [{"question_id": str(uuid.uuid4()), "value": 1.5}]}, "answers.0.value"),
        ({"answers": [{"question_id": str(uuid.uuid4()), "value": "4"}]}, "answers.0.value"),
        ({"answers": [{"question_id": str(uuid.uuid4()), "values": [-1]}]}, "answers.0.values.0"),
        ({"answers": [{"question_id": str(uuid.uuid4()), "text": "x" * 5001}]}, "answers.0.text"),
        ({"answers": [{"question_id": str(uuid.uuid4()), "mood": 1}]}, "answers.0.mood"),
        ({"answers": [], "respondent": "Anne"}, "respondent"),
        ({}, "answers"),
    ],
)
def test_a_body_outside_the_contract_is_refused(client, sent, answers, field):
    response = client.post(f"{URL}/{sent.tokens[0]}", json=answers)
    problem = assert_problem(response, 422)
    assert problem["type"].endswith(":validation-error")
    assert field in problem["codes"], problem
    assert _count(SurveyResponse) == 0


def test_text_of_the_longest_length_is_kept(client, sent):
    answers = _with(sent, "comment", text="æ" * 5000)
    assert client.post(f"{URL}/{sent.tokens[0]}", json={"answers": answers}).status_code == 201
    assert db.session.scalar(select(SurveyAnswer.text).where(SurveyAnswer.text.is_not(None))) == (
        "æ" * 5000
    )


# --- the deadline ------------------------------------------------------------------------------


def test_after_the_deadline_the_link_no_longer_answers(client, factory):
    """A survey whose deadline has passed is closed, whether or not anything wrote it down."""
    late = sent_survey(factory, closes_in=-timedelta(minutes=1))
    url = f"{URL}/{late.tokens[0]}"
    assert client.get(url).get_json()["state"] == "closed"
    problem = assert_problem(client.post(url, json={"answers": full_answers(late)}), 409)
    assert problem["code"] == "survey_closed"
    assert _count(SurveyResponse) == 0
    assert _answered(late) == [False, False, False]
    # Answering reads the deadline and writes nothing: the survey is as it was.
    db.session.expire_all()
    assert db.session.get(Survey, late.survey.id).state is SurveyState.open


def test_a_survey_closed_early_no_longer_answers(client, factory):
    closed = sent_survey(factory, state=SurveyState.closed)
    url = f"{URL}/{closed.tokens[0]}"
    assert client.get(url).get_json()["state"] == "closed"
    assert assert_problem(client.post(url, json={"answers": []}), 409)["code"] == "survey_closed"
    assert _count(SurveyResponse) == 0


def test_a_closed_survey_is_refused_before_the_answers_are_read(client, factory):
    closed = sent_survey(factory, state=SurveyState.closed)
    bad = [{"question_id": str(uuid.uuid4()), "value": 99}]
    response = client.post(f"{URL}/{closed.tokens[0]}", json={"answers": bad})
    assert assert_problem(response, 409)["code"] == "survey_closed"


def test_an_answer_given_stays_answered_after_the_deadline(client, sent):
    url = f"{URL}/{sent.tokens[0]}"
    assert client.post(url, json={"answers": full_answers(sent)}).status_code == 201
    survey = db.session.get(Survey, sent.survey.id)
    survey.state, survey.closed_at = SurveyState.closed, utcnow()
    db.session.commit()
    assert client.get(url).get_json()["state"] == "answered"
    # A retry of an answer that was recorded is still told so, not refused.
    assert client.post(url, json={"answers": full_answers(sent)}).status_code == 200
    assert _count(SurveyResponse) == 1


# --- anonymity ---------------------------------------------------------------------------------


def _columns(table: str) -> dict[str, dict[str, Any]]:
    return {column["name"]: column for column in sa.inspect(db.engine).get_columns(table)}


def _is_time(column: dict[str, Any]) -> bool:
    return isinstance(column["type"], sa.DateTime | sa.Date | sa.Time | sa.Interval)


def _ids(table: str) -> set[uuid.UUID]:
    return {uuid.UUID(str(value)) for value in db.session.scalars(text(f"SELECT id FROM {table}"))}


def test_an_anonymous_answer_cannot_be_traced_to_the_person_or_the_moment(client, factory):
    """The issue's key test, read from the tables themselves: twenty people answer an
    anonymous survey, one after the other, and nothing kept tells who gave which answers or
    in which order they came."""
    sent = sent_survey(factory, recipients=20)
    audit_before = _count(AuditLogEntry)
    outbox_before = _count(OutboxMessage)

    # Answered one after the other; the order of arrival is noted here, outside the database.
    arrival: list[uuid.UUID] = []
    answer_arrival: list[uuid.UUID] = []
    for index, token in enumerate(sent.tokens):
        before, answers_before = _ids("survey_responses"), _ids("survey_answers")
        answers = _with(sent, "relevant", value=index % 5 + 1)
        assert client.post(f"{URL}/{token}", json={"answers": answers}).status_code == 201
        (new,) = _ids("survey_responses") - before
        arrival.append(new)
        answer_arrival.extend(sorted(_ids("survey_answers") - answers_before))
    assert _answered(sent) == [True] * 20

    # The schema: no column of a response or an answer names a recipient or a person, but a
    # response's nullable recipient_id (for named surveys), and neither table has a time
    # column but a response's nullable submitted_at.
    inspector = sa.inspect(db.engine)
    foreign_keys = {
        table: {
            (tuple(fk["constrained_columns"]), fk["referred_table"])
            for fk in inspector.get_foreign_keys(table)
        }
        for table in ANSWER_TABLES
    }
    assert foreign_keys == {
        "survey_responses": {
            (("survey_id",), "surveys"),
            (("cluster_id",), "clusters"),
            (("recipient_id",), "survey_recipients"),
        },
        "survey_answers": {
            (("response_id",), "survey_responses"),
            (("question_id",), "survey_questions"),
        },
    }
    responses, answers = _columns("survey_responses"), _columns("survey_answers")
    assert set(responses) == {"id", "survey_id", "cluster_id", "recipient_id", "submitted_at"}
    assert set(answers) == {"id", "response_id", "question_id", "number", "text"}
    assert responses["recipient_id"]["nullable"] and responses["submitted_at"]["nullable"]
    assert [name for name, column in responses.items() if _is_time(column)] == ["submitted_at"]
    assert [name for name, column in answers.items() if _is_time(column)] == []
    for table in ANSWER_TABLES:
        names = " ".join(_columns(table))
        assert "user" not in names and "person" not in names and "created" not in names, table
    # The recipient row keeps that the person answered, never when.
    assert [n for n, c in _columns("survey_recipients").items() if _is_time(c)] == []

    # The rows: no recipient and no time on any response.
    rows = db.session.execute(text("SELECT recipient_id, submitted_at FROM survey_responses")).all()
    assert len(rows) == 20
    assert all(row.recipient_id is None and row.submitted_at is None for row in rows)

    # Random ids, whose order is not the order of arrival.
    for ids in (arrival, answer_arrival):
        assert all(value.version == 4 for value in ids)
        assert ids != sorted(ids), "the ids grow with the order of arrival"
    if db.engine.dialect.name == "sqlite":
        # No hidden row number either: the tables are WITHOUT ROWID, so a table is read in
        # the order of its random ids.
        for table in ANSWER_TABLES:
            sql = db.session.scalar(
                text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": table},
            )
            assert "WITHOUT ROWID" in sql.upper(), table
        stored = [uuid.UUID(v) for v in db.session.scalars(text("SELECT id FROM survey_responses"))]
        assert stored == sorted(arrival) != arrival

    # Answering was neither audited nor mailed.
    assert _count(OutboxMessage) == outbox_before
    assert _count(AuditLogEntry) == audit_before
    audited = db.session.scalar(
        select(func.count())
        .select_from(AuditLogEntry)
        .where(AuditLogEntry.entity_type.in_(NOT_AUDITED))
    )
    assert audited == 0


def test_a_named_survey_keeps_the_person_and_the_time(client, factory):
    sent = sent_survey(factory, anonymous=False)
    before = utcnow()
    response = client.post(f"{URL}/{sent.tokens[1]}", json={"answers": full_answers(sent)})
    assert response.status_code == 201
    (row,) = _responses(sent)
    assert row.recipient_id == sent.recipients[1].id
    assert row.submitted_at is not None
    assert before - timedelta(seconds=1) <= row.submitted_at <= utcnow()
    assert client.get(f"{URL}/{sent.tokens[1]}").get_json()["survey"]["anonymous"] is False


# --- at the same moment ------------------------------------------------------------------------


def _submit_at_once(app, tokens: list[str], answers: list[dict[str, Any]]) -> list[int]:
    """Every token's submit in its own thread, released together, each through the app as a
    server runs it (its own client, app context and database connection)."""
    start = Barrier(len(tokens))

    def submit(token: str) -> int:
        with app.test_client() as own:
            start.wait()
            return own.post(f"{URL}/{token}", json={"answers": answers}).status_code

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(submit, tokens))


def test_twenty_people_answering_at_once_are_all_recorded(app, factory):
    sent = sent_survey(factory, recipients=20)
    statuses = _submit_at_once(app, sent.tokens, full_answers(sent))
    assert statuses == [201] * 20
    assert len(_responses(sent)) == 20
    assert _count(SurveyAnswer) == 20 * 7
    assert _answered(sent) == [True] * 20


def test_one_link_sent_five_times_at_once_records_one_answer(app, factory):
    sent = sent_survey(factory)
    statuses = _submit_at_once(app, [sent.tokens[0]] * 5, full_answers(sent))
    assert sorted(statuses) == [200, 200, 200, 200, 201]
    assert len(_responses(sent)) == 1
    assert _count(SurveyAnswer) == 7
    assert _answered(sent) == [True, False, False]


# --- the link is a secret ----------------------------------------------------------------------


def test_a_link_is_rate_limited_by_its_hash(app, client, factory, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "2 per minute")
    sent = sent_survey(factory)
    url = f"{URL}/{sent.tokens[0]}"
    assert client.get(url).status_code == 200
    assert client.post(url, json={"answers": full_answers(sent)}).status_code == 201
    limited = client.get(url)
    assert_problem(limited, 429)
    assert "Retry-After" in limited.headers
    assert_problem(client.post(url, json={"answers": full_answers(sent)}), 429)
    # Another person's link is counted apart.
    assert client.get(f"{URL}/{sent.tokens[1]}").status_code == 200
    # The limiter counts the link's hash, never the link.
    keys = " ".join(limiter.storage.storage)  # type: ignore[attr-defined]
    assert token_hash(sent.tokens[0]) in keys
    assert all(token not in keys for token in sent.tokens)


def test_guessing_links_is_rate_limited_by_address(app, client, sent, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT_ADDRESS", "3 per minute")
    for _ in range(3):
        assert_problem(client.get(f"{URL}/{uuid.uuid4().hex}"), 404)
    limited = client.get(f"{URL}/{sent.tokens[0]}")
    assert_problem(limited, 429)
    assert "Retry-After" in limited.headers
    other = client.get(f"{URL}/{sent.tokens[0]}", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_the_link_is_not_written_to_the_access_log(client, sent):
    from api.core.observability import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("api.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get(f"{URL}/{sent.tokens[0]}")
        client.post(f"{URL}/{sent.tokens[0]}", json={"answers": full_answers(sent)})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().strip().splitlines()]
    assert [line["path"] for line in lines] == ["/api/v1/survey-answers/<token>"] * 2
    assert sent.tokens[0] not in stream.getvalue()
