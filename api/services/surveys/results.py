"""A survey's results: how many answered, and per question the distribution over every point
of its scale (or every option), the shares, the mean, the share who agree, the NPS score and
the free texts; the nation's results of the same template beside them, and the cluster's
earlier surveys of the template as a trend.

Only aggregates leave here: no operation returns one person's answers. Below the survey's
minimum number of responses (`min_responses`) the results are suppressed: only the counts are
shown. A quality unit that follows a survey without owning it reads the aggregates without the
free texts, and a regional unit reading a national survey reads its own region's responses.

The number of SQL statements does not grow with the responses or the questions: the answers
are counted in the database, grouped by question and value.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select

from api.core.error_codes import coded
from api.core.errors import RuleViolation
from api.core.extensions import db
from api.core.permissions import Reached
from api.core.security import Principal
from api.models import (
    Cluster,
    Meeting,
    QuestionKind,
    Region,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyState,
    SurveyTemplate,
)
from api.models.base import utcnow
from api.services.surveys.access import (
    SurveyAccess,
    followed_region_codes,
    is_national,
)
from api.services.surveys.questions import (
    AGREE,
    CHOICE_KINDS,
    DISAGREE,
    LIKERT_LABELS,
    LIKERT_VALUES,
    MEASURED_KINDS,
    NPS_DETRACTORS,
    NPS_PROMOTERS,
    NPS_VALUES,
)
from api.services.surveys.states import survey_state

SHARE_DIGITS = 4
MEAN_DIGITS = 2
NPS_DIGITS = 1


# --- whose responses -------------------------------------------------------------------------


@dataclass
class Scope:
    """Which of the survey's responses (and recipients) are counted: conditions on their
    `cluster_id`, all of which hold. No condition: the whole survey."""

    cluster_ids: list[Any] = field(default_factory=list)  # each a cluster id or a subquery

    @property
    def narrowed(self) -> bool:
        return bool(self.cluster_ids)

    def conditions(self, column: Any) -> list[ColumnElement[bool]]:
        return [
            column == ids if isinstance(ids, uuid.UUID) else column.in_(ids)
            for ids in self.cluster_ids
        ]


def _refuse(field_name: str, message: str, code: str) -> RuleViolation:
    return RuleViolation(errors={field_name: [coded(message, code)]})


def results_scope(
    principal: Principal,
    survey: Survey,
    access: SurveyAccess,
    cluster_id: uuid.UUID | None = None,
    region_id: uuid.UUID | None = None,
) -> Scope:
    """The responses the caller reads: a regional unit reading a national survey it does not
    own reads its own region's; `cluster_id` and `region_id` narrow a survey sent to more than
    one cluster (a region's or the nation's) to one cluster or region within it (422 for a
    survey of one cluster, or for a cluster or region outside the survey or the caller's
    reach)."""
    scope = Scope()
    forced_codes: frozenset[str] | None = None
    if survey.audience is SurveyAudience.nation and not access.owner and not is_national(principal):
        forced_codes = followed_region_codes(principal)
        scope.cluster_ids.append(
            select(Cluster.id)
            .join(Region, Region.id == Cluster.region_id)
            .where(Region.code.in_(forced_codes))
        )
    if cluster_id is None and region_id is None:
        return scope
    if survey.cluster_id is not None:
        name = "cluster_id" if cluster_id is not None else "region_id"
        raise _refuse(
            name,
            "The survey was sent in one cluster: there is nothing to narrow it to.",
            "survey_not_narrowed",
        )
    region: Region | None = None
    if region_id is not None:
        region = db.session.get(Region, region_id)
        if region is None:
            raise _refuse("region_id", "No such region.", "unknown_region")
        if survey.region_id is not None and region.id != survey.region_id:
            raise _refuse("region_id", "Not the survey's region.", "not_in_survey")
        if forced_codes is not None and region.code not in forced_codes:
            raise _refuse("region_id", "Outside your region.", "outside_reach")
        scope.cluster_ids.append(select(Cluster.id).where(Cluster.region_id == region.id))
    if cluster_id is not None:
        cluster = db.session.get(Cluster, cluster_id)
        if cluster is None:
            raise _refuse("cluster_id", "No such cluster.", "unknown_cluster")
        if survey.region_id is not None and cluster.region_id != survey.region_id:
            raise _refuse("cluster_id", "Not a cluster of the survey's region.", "not_in_survey")
        if region is not None and cluster.region_id != region.id:
            raise _refuse("cluster_id", "Not a cluster of that region.", "not_in_survey")
        if forced_codes is not None and cluster.region.code not in forced_codes:
            raise _refuse("cluster_id", "Outside your region.", "outside_reach")
        scope.cluster_ids.append(cluster.id)
    return scope


def reads_texts(access: SurveyAccess) -> bool:
    """The free texts: the owners, and the people of the survey's cluster once it has closed;
    never a unit that only follows the survey."""
    return access.owner or (access.insider and access.closed)


# --- summing up one question -----------------------------------------------------------------


def _share(count: int, whole: int) -> float:
    return round(count / whole, SHARE_DIGITS) if whole else 0.0


def scale(kind: QuestionKind, options: list[str], counts: dict[int, int]) -> list[tuple[int, str]]:
    """The points a question's answers fall on, each with its label: every Likert or NPS
    point, every option, or (for a number) the values given."""
    if kind is QuestionKind.likert:
        return [(value, LIKERT_LABELS[value - 1]) for value in LIKERT_VALUES]
    if kind is QuestionKind.nps:
        return [(value, str(value)) for value in NPS_VALUES]
    if kind in CHOICE_KINDS:
        return list(enumerate(options))
    if kind is QuestionKind.number:
        return [(value, str(value)) for value in sorted(counts)]
    return []


def summary(
    kind: QuestionKind, options: list[str], counts: dict[int, int], answered: int
) -> dict[str, Any]:
    """The distribution, mean, agree and disagree shares and NPS score of a question's
    answers (`counts`: value -> how many), `answered` being how many responses answered it."""
    points = scale(kind, options, counts)
    distribution = None
    if kind is not QuestionKind.free_text:
        distribution = [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "share": _share(counts.get(value, 0), answered),
            }
            for value, label in points
        ]
    result: dict[str, Any] = {
        "distribution": distribution,
        "mean": None,
        "agree_share": None,
        "disagree_share": None,
        "nps": None,
    }
    if kind in MEASURED_KINDS:
        on_scale = {value: counts.get(value, 0) for value, _ in points}
        total = sum(on_scale.values())
        if total:
            mean = sum(value * n for value, n in on_scale.items()) / total
            result["mean"] = round(mean, MEAN_DIGITS)
    if kind is QuestionKind.likert and answered:
        result["agree_share"] = _share(sum(counts.get(v, 0) for v in AGREE), answered)
        result["disagree_share"] = _share(sum(counts.get(v, 0) for v in DISAGREE), answered)
    if kind is QuestionKind.nps and answered:
        promoters = sum(counts.get(v, 0) for v in NPS_PROMOTERS)
        detractors = sum(counts.get(v, 0) for v in NPS_DETRACTORS)
        result["nps"] = round((promoters - detractors) * 100 / answered, NPS_DIGITS)
    return result


# Danish alphabetical order: æ, ø and å come after z.
_DANISH = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def danish_order(text: str) -> tuple[str, str]:
    return (text.casefold().translate(_DANISH), text)


# --- the survey's own results ----------------------------------------------------------------


def _effectively_closed(now: datetime) -> ColumnElement[bool]:
    """A survey that has closed, or whose deadline has passed."""
    return or_(
        Survey.state == SurveyState.closed,
        and_(Survey.state == SurveyState.open, Survey.closes_at <= now),
    )


def survey_results(
    principal: Principal,
    reached: Reached[Survey],
    cluster_id: uuid.UUID | None = None,
    region_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The results of a survey as the caller reads them (see the module's description)."""
    survey, access = reached.item, reached.standing
    now = utcnow()
    scope = results_scope(principal, survey, access, cluster_id, region_id)
    questions = list(survey.questions)
    counted = _counted(survey, questions, scope, texts=reads_texts(access))
    return {
        "survey_id": survey.id,
        "title": survey.title,
        "state": survey_state(survey, now),
        "anonymous": survey.anonymous,
        "min_responses": survey.min_responses,
        **counted,
        "comparison": _comparison(survey, questions, now),
        "trend": _trend(survey, questions, now),
    }


def _counted(
    survey: Survey, questions: list[SurveyQuestion], scope: Scope, texts: bool
) -> dict[str, Any]:
    """The survey's own counts within `scope`: recipients, responses, the response rate,
    whether the results are suppressed, and each question summed up (with its free texts
    when `texts`)."""
    question_ids = [q.id for q in questions]
    recipients_q = (
        select(func.count())
        .select_from(SurveyRecipient)
        .where(
            SurveyRecipient.survey_id == survey.id, *scope.conditions(SurveyRecipient.cluster_id)
        )
        .scalar_subquery()
    )
    responses_q = (
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, *scope.conditions(SurveyResponse.cluster_id))
        .scalar_subquery()
    )
    recipients, responses = db.session.execute(select(recipients_q, responses_q)).one()
    suppressed = responses < survey.min_responses

    def answers(*columns: Any) -> Any:
        stmt = select(*columns).where(SurveyAnswer.question_id.in_(question_ids))
        if scope.narrowed:
            stmt = stmt.join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id).where(
                *scope.conditions(SurveyResponse.cluster_id)
            )
        return stmt

    answered: dict[uuid.UUID, int] = {}
    counts: dict[uuid.UUID, dict[int, int]] = defaultdict(dict)
    written: dict[uuid.UUID, list[str]] = defaultdict(list)
    if question_ids and responses:
        answered = dict(
            db.session.execute(
                answers(
                    SurveyAnswer.question_id, func.count(distinct(SurveyAnswer.response_id))
                ).group_by(SurveyAnswer.question_id)
            ).all()
        )
        if not suppressed:
            rows = db.session.execute(
                answers(SurveyAnswer.question_id, SurveyAnswer.number, func.count())
                .where(SurveyAnswer.number.is_not(None))
                .group_by(SurveyAnswer.question_id, SurveyAnswer.number)
            )
            for question_id, number, n in rows:
                counts[question_id][number] = n
            free = [q.id for q in questions if q.kind is QuestionKind.free_text]
            if free and texts:
                rows = db.session.execute(
                    answers(SurveyAnswer.question_id, SurveyAnswer.text).where(
                        SurveyAnswer.question_id.in_(free), SurveyAnswer.text.is_not(None)
                    )
                )
                for question_id, text in rows:
                    written[question_id].append(text)

    shown_texts = texts and not suppressed
    result_questions = []
    for question in questions:
        n = answered.get(question.id, 0)
        item: dict[str, Any] = {
            "id": question.id,
            "template_question_id": question.template_question_id,
            "position": question.position,
            "kind": question.kind,
            "text": question.text,
            "options": list(question.options or []),
            "answered": n,
            "distribution": None,
            "mean": None,
            "agree_share": None,
            "disagree_share": None,
            "nps": None,
            "texts": None,
        }
        if not suppressed:
            item.update(summary(question.kind, item["options"], counts[question.id], n))
            if question.kind is QuestionKind.free_text and shown_texts:
                item["texts"] = sorted(written[question.id], key=danish_order)
        result_questions.append(item)
    return {
        "recipients": recipients,
        "responses": responses,
        "response_rate": _share(responses, recipients),
        "suppressed": suppressed,
        "questions": result_questions,
    }


# --- a held meeting's evaluation -------------------------------------------------------------


@dataclass
class Evaluation:
    """What a held meeting's evaluation says, without its free texts: the survey, the quality
    unit's template it was made from (None for a cluster's own), and its counted results."""

    survey: Survey
    unit_template_id: uuid.UUID | None
    results: dict[str, Any]


def meeting_evaluation(meeting_id: uuid.UUID) -> Evaluation | None:
    """The latest survey of the meeting that has closed (or passed its deadline), summed up
    as its owners read it but without the free texts: these are the respondents' own words,
    not the cluster's to pass on. None when the meeting has no closed survey."""
    survey = db.session.scalar(
        select(Survey)
        .where(Survey.meeting_id == meeting_id, _effectively_closed(utcnow()))
        .order_by(Survey.closes_at.desc(), Survey.id)
        .limit(1)
    )
    if survey is None:
        return None
    # Offered on: a quality unit's template still offered (a cluster's own is not a unit's).
    unit_template_id = db.session.scalar(
        select(SurveyTemplate.id).where(
            SurveyTemplate.id == survey.template_id,
            SurveyTemplate.organisation_id.is_not(None),
            SurveyTemplate.retired.is_(False),
        )
    )
    return Evaluation(
        survey=survey,
        unit_template_id=unit_template_id,
        results=_counted(survey, list(survey.questions), Scope(), texts=False),
    )


# --- the nation's results of the same template -----------------------------------------------


def _comparison(
    survey: Survey, questions: list[SurveyQuestion], now: datetime
) -> dict[str, Any] | None:
    """The closed surveys made from the same template, this one left out, their answers
    summed by template question: on the scale of this survey's question. None when the survey
    has no template or no other survey of it has closed; suppressed (no questions) below this
    survey's minimum number of responses."""
    compared = [
        q for q in questions if q.template_question_id and q.kind is not QuestionKind.free_text
    ]
    if survey.template_id is None:
        return None
    others = select(Survey.id).where(
        Survey.template_id == survey.template_id,
        Survey.id != survey.id,
        _effectively_closed(now),
    )
    surveys_q = select(func.count()).select_from(others.subquery()).scalar_subquery()
    responses_q = (
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id.in_(others))
        .scalar_subquery()
    )
    surveys, responses = db.session.execute(select(surveys_q, responses_q)).one()
    if not surveys:
        return None
    suppressed = responses < survey.min_responses
    result: dict[str, Any] = {
        "scope": "nation",
        "surveys": surveys,
        "responses": responses,
        "suppressed": suppressed,
        "questions": [],
    }
    if suppressed or not compared:
        return result

    template_question_ids = [q.template_question_id for q in compared]
    joined = (
        select()
        .select_from(SurveyAnswer)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(
            SurveyQuestion.template_question_id.in_(template_question_ids),
            SurveyQuestion.survey_id.in_(others),
        )
    )
    answered = dict(
        db.session.execute(
            joined.add_columns(
                SurveyQuestion.template_question_id, func.count(distinct(SurveyAnswer.response_id))
            ).group_by(SurveyQuestion.template_question_id)
        ).all()
    )
    counts: dict[uuid.UUID, dict[int, int]] = defaultdict(dict)
    rows = db.session.execute(
        joined.add_columns(SurveyQuestion.template_question_id, SurveyAnswer.number, func.count())
        .where(SurveyAnswer.number.is_not(None))
        .group_by(SurveyQuestion.template_question_id, SurveyAnswer.number)
    )
    for template_question_id, number, n in rows:
        counts[template_question_id][number] = n
    for question in compared:
        key = question.template_question_id
        assert key is not None
        numbers = summary(
            question.kind, list(question.options or []), counts[key], answered.get(key, 0)
        )
        result["questions"].append(
            {
                "template_question_id": key,
                "mean": numbers["mean"],
                "agree_share": numbers["agree_share"],
                "distribution": numbers["distribution"],
            }
        )
    return result


# --- the cluster's trend ---------------------------------------------------------------------


def _trend(survey: Survey, questions: list[SurveyQuestion], now: datetime) -> list[dict[str, Any]]:
    """The cluster's surveys of the same template, oldest first (by the meeting's start, else
    the deadline): this one and those that have closed (an open one's results are not yet the
    cluster's to read). Per survey the mean and agree share of this survey's measured template
    questions; each survey suppressed below its own minimum number of responses."""
    if survey.cluster_id is None or survey.template_id is None:
        return []
    followed = [
        q.template_question_id
        for q in questions
        if q.template_question_id and q.kind in MEASURED_KINDS
    ]
    responses_q = (
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == Survey.id)
        .correlate(Survey)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Survey.id,
            Survey.title,
            Survey.meeting_id,
            Survey.min_responses,
            Survey.closes_at,
            Meeting.starts_at,
            responses_q,
        )
        .outerjoin(Meeting, Meeting.id == Survey.meeting_id)
        .where(
            Survey.cluster_id == survey.cluster_id,
            Survey.template_id == survey.template_id,
            Survey.state != SurveyState.draft,
            or_(Survey.id == survey.id, _effectively_closed(now)),
        )
    ).all()
    points = []
    for survey_id, title, meeting_id, min_responses, closes_at, starts_at, responses in rows:
        points.append(
            {
                "survey_id": survey_id,
                "title": title,
                "meeting_id": meeting_id,
                "date": starts_at or closes_at,
                "responses": responses,
                "suppressed": responses < min_responses,
                "questions": [],
            }
        )
    points.sort(key=lambda point: (point["date"], str(point["survey_id"])))
    shown = [point["survey_id"] for point in points if not point["suppressed"]]
    if not followed or not points:
        return points

    # Every followed question of every survey (with no answers: one row without a number).
    grouped = db.session.execute(
        select(
            SurveyQuestion.survey_id,
            SurveyQuestion.template_question_id,
            SurveyQuestion.position,
            SurveyQuestion.kind,
            SurveyQuestion.text,
            SurveyAnswer.number,
            func.count(SurveyAnswer.id),
        )
        .outerjoin(
            SurveyAnswer,
            and_(
                SurveyAnswer.question_id == SurveyQuestion.id,
                SurveyQuestion.survey_id.in_(shown),
            ),
        )
        .where(
            SurveyQuestion.survey_id.in_([point["survey_id"] for point in points]),
            SurveyQuestion.template_question_id.in_(followed),
        )
        .group_by(
            SurveyQuestion.survey_id,
            SurveyQuestion.template_question_id,
            SurveyQuestion.position,
            SurveyQuestion.kind,
            SurveyQuestion.text,
            SurveyAnswer.number,
        )
    ).all()
    found: dict[tuple[uuid.UUID, uuid.UUID], dict[str, Any]] = {}
    for survey_id, template_question_id, position, kind, text, number, n in grouped:
        entry = found.setdefault(
            (survey_id, template_question_id),
            {"position": position, "kind": kind, "text": text, "counts": {}},
        )
        if number is not None:
            entry["counts"][number] = n
    for point in points:
        entries = [(key[1], entry) for key, entry in found.items() if key[0] == point["survey_id"]]
        entries.sort(key=lambda pair: pair[1]["position"])
        for template_question_id, entry in entries:
            mean = agree = None
            if not point["suppressed"]:
                answered = sum(entry["counts"].values())
                numbers = summary(entry["kind"], [], entry["counts"], answered)
                mean, agree = numbers["mean"], numbers["agree_share"]
            point["questions"].append(
                {
                    "template_question_id": template_question_id,
                    "text": entry["text"],
                    "mean": mean,
                    "agree_share": agree,
                }
            )
    return points


# --- as CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = ("question_position", "question", "kind", "value", "label", "count", "share")


def csv_rows(results: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The results as rows: one per question and point of its scale (or option, or number
    given); a free text as a row of its own (its text as the label, count 1) where the caller
    reads the texts. A question with no rows of its own (suppressed, no numbers given, or free
    text the caller does not read) has one row with how many answered it."""
    for question in results["questions"]:
        base = {
            "question_position": question["position"],
            "question": question["text"],
            "kind": question["kind"].value,
        }
        rows: list[dict[str, Any]] = []
        for point in question["distribution"] or []:
            rows.append(
                {
                    **base,
                    "value": point["value"],
                    "label": point["label"],
                    "count": point["count"],
                    "share": point["share"],
                }
            )
        for text in question["texts"] or []:
            rows.append({**base, "value": None, "label": text, "count": 1, "share": None})
        if not rows:
            rows.append(
                {**base, "value": None, "label": None, "count": question["answered"], "share": None}
            )
        yield from rows
