"""A survey's results: per question the distribution over every point of its scale, the shares,
the mean, the share who agree and the NPS score, the free texts for those who may read them;
suppressed below the survey's minimum number of responses; the nation's results of the same
template and the cluster's trend beside them; and the same as CSV. Never one person's answers,
and a bounded number of SQL statements however many answered."""

from __future__ import annotations

import csv
import io
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from api.core.extensions import db
from api.models import (
    Cluster,
    Meeting,
    Organisation,
    QuestionKind,
    Region,
    Survey,
    SurveyAudience,
    SurveyPurpose,
    SurveyQuestion,
    SurveyState,
    SurveyTemplate,
    SurveyTemplateQuestion,
)
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, staff
from tests.survey_rows import answer

LIKERT, NPS, SINGLE, MULTIPLE, NUMBER, FREE = (
    QuestionKind.likert,
    QuestionKind.nps,
    QuestionKind.single_choice,
    QuestionKind.multiple_choice,
    QuestionKind.number,
    QuestionKind.free_text,
)
# One question of each kind, in this order.
QUESTIONS: list[dict[str, Any]] = [
    {"kind": LIKERT, "text": "Mødet var relevant for min praksis"},
    {"kind": NPS, "text": "Hvor sandsynligt er det, at du vil anbefale mødet til en kollega?"},
    {"kind": SINGLE, "text": "Vil du deltage igen?", "options": ["Ja", "Nej", "Måske"]},
    {
        "kind": MULTIPLE,
        "text": "Hvad fungerede godt?",
        "options": ["Oplægget", "Gruppearbejdet", "Forplejningen"],
    },
    {"kind": NUMBER, "text": "Hvor mange minutter gik du?", "min_value": 0, "max_value": 100},
    {"kind": FREE, "text": "Andre kommentarer"},
]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def make_template(owner: Organisation | Cluster, title: str = "Evaluering af klyngemøde"):
    """A template with one question of each kind, owned by a unit or a cluster."""
    template = SurveyTemplate(
        id=uuid.uuid4(),
        organisation_id=owner.id if isinstance(owner, Organisation) else None,
        cluster_id=owner.id if isinstance(owner, Cluster) else None,
        title=title,
        purpose=SurveyPurpose.evaluation,
    )
    template.questions = [
        SurveyTemplateQuestion(id=uuid.uuid4(), position=position, **question)
        for position, question in enumerate(QUESTIONS)
    ]
    db.session.add(template)
    db.session.commit()
    return template


def make_survey(
    template: SurveyTemplate | None,
    *,
    cluster: Cluster | None = None,
    organisation: Organisation | None = None,
    audience: SurveyAudience = SurveyAudience.cluster,
    region: Region | None = None,
    state: SurveyState = SurveyState.closed,
    closes_in: timedelta = -timedelta(days=1),
    meeting: Meeting | None = None,
    min_responses: int = 5,
    title: str = "Evaluering af klyngemødet",
) -> Survey:
    """A survey made from `template` (its questions copied), sent unless a draft, closed at
    its deadline if closed."""
    closes_at = now() + closes_in
    survey = Survey(
        id=uuid.uuid4(),
        template_id=template.id if template else None,
        organisation_id=organisation.id if organisation else None,
        cluster_id=cluster.id if cluster else None,
        audience=audience,
        region_id=region.id if region else None,
        meeting_id=meeting.id if meeting else None,
        title=title,
        purpose=SurveyPurpose.evaluation,
        min_responses=min_responses,
        state=state,
        closes_at=closes_at,
        sent_at=None if state is SurveyState.draft else closes_at - timedelta(days=14),
        closed_at=closes_at if state is SurveyState.closed else None,
    )
    source = template.questions if template else [SurveyTemplateQuestion(**q) for q in QUESTIONS]
    survey.questions = [
        SurveyQuestion(
            id=uuid.uuid4(),
            template_question_id=question.id if template else None,
            position=position,
            kind=question.kind,
            text=question.text,
            options=list(question.options or []),
            min_value=question.min_value,
            max_value=question.max_value,
        )
        for position, question in enumerate(source)
    ]
    db.session.add(survey)
    db.session.commit()
    return survey


def uniform(n: int, **by_kind: Any) -> list[dict[QuestionKind, Any]]:
    """`n` responses answering alike (likert=4, nps=9, ...)."""
    kinds = {"likert": LIKERT, "nps": NPS, "single": SINGLE, "multiple": MULTIPLE}
    kinds |= {"number": NUMBER, "free": FREE}
    return [{kinds[name]: value for name, value in by_kind.items()} for _ in range(n)]


# The hand-counted responses: 14 of 20 answered.
LIKERT_ANSWERS = [5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 2, 1]
NPS_ANSWERS = [10, 10, 10, 9, 9, 8, 8, 7, 6, 5, 3, 0, None, None]
SINGLE_ANSWERS = [0] * 8 + [1] * 4 + [None] * 2
MULTIPLE_ANSWERS = [[0, 1]] * 6 + [[1]] * 4 + [[2]] * 2 + [None] * 2
NUMBER_ANSWERS = [2, 3, 3, 10] + [None] * 10
FREE_ANSWERS = ["Øl", "Godt møde", "alt var fint", "Ærligt talt for langt", "Bedre kaffe"]
FREE_ANSWERS += [None] * 9


def counted_responses() -> list[dict[QuestionKind, Any]]:
    columns = {
        LIKERT: LIKERT_ANSWERS,
        NPS: NPS_ANSWERS,
        SINGLE: SINGLE_ANSWERS,
        MULTIPLE: MULTIPLE_ANSWERS,
        NUMBER: NUMBER_ANSWERS,
        FREE: FREE_ANSWERS,
    }
    return [
        {kind: values[i] for kind, values in columns.items() if values[i] is not None}
        for i in range(len(LIKERT_ANSWERS))
    ]


@dataclass
class World:
    scenario: Scenario
    midt: Organisation
    kiap: Organisation
    template: SurveyTemplate
    survey: Survey  # Viborg's own, closed, with the hand-counted responses

    @property
    def headers(self) -> dict[str, dict[str, str]]:
        return self.scenario.headers


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "coordinator": doctor("viborg", role="coordinator"),
            "member": doctor("viborg"),
            "odense": doctor("odense"),
            "unit_in": staff("midtjylland"),
            "unit_out": staff("syddanmark"),
            "kiap": staff("kiap"),
            "admin": ADMIN,
        },
    )
    midt, kiap = scenario.units["midtjylland"], scenario.units["kiap"]
    template = make_template(midt)
    survey = make_survey(template, cluster=scenario.viborg)
    answer(survey, counted_responses(), unanswered=6)
    return World(scenario, midt, kiap, template, survey)


def url(survey: Any, csv_: bool = False) -> str:
    return f"/api/v1/surveys/{getattr(survey, 'id', survey)}/results{'.csv' if csv_ else ''}"


def get(client, world: World, who: str, survey: Any = None, **params: Any):
    return client.get(url(survey or world.survey), query_string=params, headers=world.headers[who])


def by_kind(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {question["kind"]: question for question in body["questions"]}


# --- the numbers -----------------------------------------------------------------------------


def test_the_counts_are_those_of_the_responses(client, world):
    body = get(client, world, "coordinator").get_json()
    assert body["survey_id"] == str(world.survey.id)
    assert body["state"] == "closed"
    assert body["anonymous"] is True
    assert body["min_responses"] == 5
    assert (body["recipients"], body["responses"], body["response_rate"]) == (20, 14, 0.7)
    assert body["suppressed"] is False
    questions = body["questions"]
    assert [q["position"] for q in questions] == list(range(6))
    assert [q["answered"] for q in questions] == [14, 12, 12, 12, 4, 5]
    template_ids = [str(q.id) for q in world.template.questions]
    assert [q["template_question_id"] for q in questions] == template_ids


def test_likert_shows_every_point_with_its_danish_label_and_79_percent_agree(client, world):
    likert = by_kind(get(client, world, "coordinator").get_json())["likert"]
    assert likert["distribution"] == [
        {"value": 1, "label": "Helt uenig", "count": 1, "share": 0.0714},
        {"value": 2, "label": "Delvis uenig", "count": 1, "share": 0.0714},
        {"value": 3, "label": "Hverken enig eller uenig", "count": 1, "share": 0.0714},
        {"value": 4, "label": "Delvis enig", "count": 6, "share": 0.4286},
        {"value": 5, "label": "Helt enig", "count": 5, "share": 0.3571},
    ]
    assert likert["agree_share"] == 0.7857  # 11 of 14: "79 % helt eller delvist enig"
    assert likert["disagree_share"] == 0.1429
    assert likert["mean"] == 3.93  # 55 / 14
    assert likert["nps"] is None and likert["texts"] is None


def test_nps_counts_promoters_less_detractors(client, world):
    nps = by_kind(get(client, world, "coordinator").get_json())["nps"]
    assert [point["value"] for point in nps["distribution"]] == list(range(11))
    assert {p["value"]: p["count"] for p in nps["distribution"]} == {
        0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 1, 6: 1, 7: 1, 8: 2, 9: 2, 10: 3
    }  # fmt: skip
    assert nps["nps"] == 8.3  # (5 promoters - 4 detractors) / 12
    assert nps["mean"] == 7.08  # 85 / 12
    assert nps["agree_share"] is None


def test_choices_show_every_option_zeros_included(client, world):
    questions = by_kind(get(client, world, "coordinator").get_json())
    assert questions["single_choice"]["distribution"] == [
        {"value": 0, "label": "Ja", "count": 8, "share": 0.6667},
        {"value": 1, "label": "Nej", "count": 4, "share": 0.3333},
        {"value": 2, "label": "Måske", "count": 0, "share": 0.0},
    ]
    assert questions["single_choice"]["mean"] is None
    # Shares of those who answered: a multiple choice's add up to more than 1.
    assert questions["multiple_choice"]["distribution"] == [
        {"value": 0, "label": "Oplægget", "count": 6, "share": 0.5},
        {"value": 1, "label": "Gruppearbejdet", "count": 10, "share": 0.8333},
        {"value": 2, "label": "Forplejningen", "count": 2, "share": 0.1667},
    ]


def test_a_number_question_shows_the_values_given_and_their_mean(client, world):
    number = by_kind(get(client, world, "coordinator").get_json())["number"]
    assert number["distribution"] == [
        {"value": 2, "label": "2", "count": 1, "share": 0.25},
        {"value": 3, "label": "3", "count": 2, "share": 0.5},
        {"value": 10, "label": "10", "count": 1, "share": 0.25},
    ]
    assert number["mean"] == 4.5


def test_free_texts_are_listed_in_danish_alphabetical_order_for_the_owners(client, world):
    free = by_kind(get(client, world, "coordinator").get_json())["free_text"]
    assert free["texts"] == [
        "alt var fint",
        "Bedre kaffe",
        "Godt møde",
        "Ærligt talt for langt",
        "Øl",
    ]
    assert free["distribution"] is None and free["mean"] is None


def test_a_unit_reads_the_aggregates_without_the_texts(client, world):
    for who in ("unit_in", "kiap"):
        body = get(client, world, who).get_json()
        assert body["responses"] == 14
        assert by_kind(body)["likert"]["agree_share"] == 0.7857
        assert all(question["texts"] is None for question in body["questions"]), who


def test_no_answers_give_zeros_and_no_means(client, world):
    survey = make_survey(world.template, cluster=world.scenario.viborg, min_responses=1)
    answer(survey, [], unanswered=3)
    body = get(client, world, "coordinator", survey).get_json()
    assert (body["recipients"], body["responses"], body["response_rate"]) == (3, 0, 0.0)
    assert body["suppressed"] is True  # 0 < 1
    survey = make_survey(world.template, cluster=world.scenario.viborg, min_responses=1)
    answer(survey, uniform(1, free="Kort"))
    questions = by_kind(get(client, world, "coordinator", survey).get_json())
    assert questions["likert"]["answered"] == 0
    assert {p["count"] for p in questions["likert"]["distribution"]} == {0}
    assert questions["likert"]["mean"] is None and questions["likert"]["agree_share"] is None
    assert questions["number"]["distribution"] == []
    assert questions["free_text"]["texts"] == ["Kort"]


# --- suppression -----------------------------------------------------------------------------


def test_below_the_minimum_only_the_counts_are_shown(client, world):
    four = make_survey(world.template, cluster=world.scenario.viborg)
    answer(four, uniform(4, likert=5, free="Fint"))
    body = get(client, world, "coordinator", four).get_json()
    assert body["suppressed"] is True and body["responses"] == 4
    for question in body["questions"]:
        assert question["distribution"] is None and question["texts"] is None
        assert question["mean"] is None and question["agree_share"] is None
    assert by_kind(body)["likert"]["answered"] == 4
    five = make_survey(world.template, cluster=world.scenario.viborg)
    answer(five, uniform(5, likert=5, free="Fint"))
    body = get(client, world, "coordinator", five).get_json()
    assert body["suppressed"] is False
    assert by_kind(body)["likert"]["agree_share"] == 1.0
    assert by_kind(body)["free_text"]["texts"] == ["Fint"] * 5


def test_a_survey_may_ask_for_more_answers_before_showing_them(client, world):
    survey = make_survey(world.template, cluster=world.scenario.viborg, min_responses=10)
    answer(survey, uniform(9, likert=3))
    assert get(client, world, "coordinator", survey).get_json()["suppressed"] is True


# --- who reads -------------------------------------------------------------------------------


def test_the_cluster_reads_the_results_once_the_survey_has_closed(client, world):
    open_ = make_survey(
        world.template,
        cluster=world.scenario.viborg,
        state=SurveyState.open,
        closes_in=timedelta(days=3),
    )
    answer(open_, uniform(6, likert=4, free="Godt"))
    assert_problem(get(client, world, "member", open_), 403)
    owner = get(client, world, "coordinator", open_).get_json()
    assert owner["state"] == "open" and by_kind(owner)["free_text"]["texts"] == ["Godt"] * 6
    assert get(client, world, "unit_in", open_).status_code == 200
    # Past the deadline it is closed, whether or not anything wrote that down.
    db.session.execute(
        update(Survey).where(Survey.id == open_.id).values(closes_at=now() - timedelta(hours=1))
    )
    db.session.commit()
    body = get(client, world, "member", open_).get_json()
    assert body["state"] == "closed"
    assert by_kind(body)["free_text"]["texts"] == ["Godt"] * 6


def test_other_clusters_and_regions_do_not_find_the_survey(client, world):
    for who in ("odense", "unit_out"):
        assert_problem(get(client, world, who), 404)
        response = client.get(url(world.survey, csv_=True), headers=world.headers[who])
        assert_problem(response, 404)
    assert_problem(get(client, world, "admin", uuid.uuid4()), 404)


def test_without_a_token_it_is_401(client, world):
    assert_problem(client.get(url(world.survey)), 401)
    assert_problem(client.get(url(world.survey, csv_=True)), 401)


def test_a_draft_shows_nothing_but_zeros(client, world):
    draft = make_survey(
        world.template,
        cluster=world.scenario.viborg,
        state=SurveyState.draft,
        closes_in=timedelta(days=5),
    )
    body = get(client, world, "coordinator", draft).get_json()
    assert (body["state"], body["recipients"], body["responses"]) == ("draft", 0, 0)
    assert_problem(get(client, world, "member", draft), 403)


# --- narrowing a survey of many clusters -----------------------------------------------------


@pytest.fixture
def national(world: World) -> Survey:
    """KiAP's national survey: 6 answers from Viborg, 5 from Odense."""
    scenario = world.scenario
    survey = make_survey(world.template, organisation=world.kiap, audience=SurveyAudience.nation)
    answer(survey, uniform(6, likert=5, free="Viborg"), cluster=scenario.viborg, unanswered=2)
    answer(survey, uniform(5, likert=1, free="Odense"), cluster=scenario.odense)
    return survey


def test_kiap_reads_the_nation_and_narrows_to_a_region_or_a_cluster(client, world, national):
    scenario = world.scenario
    body = get(client, world, "kiap", national).get_json()
    assert (body["recipients"], body["responses"]) == (13, 11)
    assert by_kind(body)["free_text"]["texts"] == ["Odense"] * 5 + ["Viborg"] * 6
    midt = str(scenario.viborg.region_id)
    body = get(client, world, "kiap", national, region_id=midt).get_json()
    assert (body["recipients"], body["responses"]) == (8, 6)
    assert by_kind(body)["likert"]["agree_share"] == 1.0
    body = get(client, world, "kiap", national, cluster_id=str(scenario.odense.id)).get_json()
    assert (body["responses"], by_kind(body)["likert"]["mean"]) == (5, 1.0)
    both = {"cluster_id": str(scenario.viborg.id), "region_id": midt}
    assert get(client, world, "kiap", national, **both).get_json()["responses"] == 6


def test_a_regional_unit_reads_only_its_regions_share_of_a_national_survey(client, world, national):
    body = get(client, world, "unit_in", national).get_json()
    assert (body["recipients"], body["responses"]) == (8, 6)
    assert by_kind(body)["likert"]["mean"] == 5.0
    assert by_kind(body)["free_text"]["texts"] is None
    body = get(client, world, "unit_out", national).get_json()
    assert (body["responses"], body["suppressed"]) == (5, False)
    odense = {"cluster_id": str(world.scenario.odense.id)}
    problem = assert_problem(get(client, world, "unit_in", national, **odense), 422)
    assert problem["codes"]["cluster_id"][0]["code"] == "outside_reach"
    other_region = {"region_id": str(world.scenario.odense.region_id)}
    problem = assert_problem(get(client, world, "unit_in", national, **other_region), 422)
    assert problem["codes"]["region_id"][0]["code"] == "outside_reach"


def test_narrowing_that_does_not_apply_is_422(client, world, national):
    scenario = world.scenario
    viborg = {"cluster_id": str(scenario.viborg.id)}
    for params in (viborg, {"region_id": str(scenario.viborg.region_id)}):
        problem = assert_problem(get(client, world, "coordinator", **params), 422)
        name = next(iter(params))
        assert problem["codes"][name][0]["code"] == "survey_not_narrowed"
        csv_response = client.get(
            url(world.survey, csv_=True), query_string=params, headers=world.headers["coordinator"]
        )
        assert_problem(csv_response, 422)
    unknown = assert_problem(get(client, world, "kiap", national, cluster_id=uuid.uuid4()), 422)
    assert unknown["codes"]["cluster_id"][0]["code"] == "unknown_cluster"
    unknown = assert_problem(get(client, world, "kiap", national, region_id=uuid.uuid4()), 422)
    assert unknown["codes"]["region_id"][0]["code"] == "unknown_region"
    crossed = {"cluster_id": str(scenario.odense.id), "region_id": str(scenario.viborg.region_id)}
    problem = assert_problem(get(client, world, "kiap", national, **crossed), 422)
    assert problem["codes"]["cluster_id"][0]["code"] == "not_in_survey"
    problem = assert_problem(get(client, world, "kiap", national, cluster_id="viborg"), 422)
    assert problem["codes"]["cluster_id"][0]["code"] == "invalid_uuid"


def test_a_regional_survey_narrows_only_within_its_region(client, world):
    scenario = world.scenario
    survey = make_survey(
        world.template,
        organisation=world.midt,
        audience=SurveyAudience.region,
        region=scenario.viborg.region,
    )
    answer(survey, uniform(5, likert=4, free="Tak"), cluster=scenario.viborg)
    body = get(client, world, "unit_in", survey, cluster_id=str(scenario.viborg.id)).get_json()
    assert body["responses"] == 5
    # The unit owns this one: it reads the free texts too; KiAP, following it, does not.
    assert by_kind(body)["free_text"]["texts"] == ["Tak"] * 5
    assert by_kind(get(client, world, "kiap", survey).get_json())["free_text"]["texts"] is None
    other = {"cluster_id": str(scenario.odense.id)}
    problem = assert_problem(get(client, world, "unit_in", survey, **other), 422)
    assert problem["codes"]["cluster_id"][0]["code"] == "not_in_survey"
    other = {"region_id": str(scenario.odense.region_id)}
    problem = assert_problem(get(client, world, "unit_in", survey, **other), 422)
    assert problem["codes"]["region_id"][0]["code"] == "not_in_survey"


# --- the nation beside it, and the cluster's trend -------------------------------------------


@dataclass
class Series:
    first: Survey  # Viborg, the meeting 60 days ago (its deadline after the second's)
    second: Survey  # Viborg, no meeting, closed 30 days ago, too few answers to show
    third: Survey  # Viborg, the meeting a week ago: the one read
    odense: Survey  # Odense's survey of the same template


@pytest.fixture
def series(factory, world: World) -> Series:
    scenario = world.scenario
    viborg, odense = scenario.viborg, scenario.odense
    template = make_template(world.midt, title="Evaluering med tendens")
    first_meeting = factory.meeting(viborg, starts_in=-timedelta(days=60))
    first = make_survey(
        template, cluster=viborg, meeting=first_meeting, closes_in=-timedelta(days=20)
    )
    answer(first, uniform(5, likert=2, nps=0, number=10))
    second = make_survey(template, cluster=viborg, closes_in=-timedelta(days=30))
    answer(second, uniform(3, likert=5, nps=10))
    third_meeting = factory.meeting(viborg, starts_in=-timedelta(days=7))
    third = make_survey(
        template,
        cluster=viborg,
        meeting=third_meeting,
        state=SurveyState.open,
        closes_in=timedelta(days=3),
    )
    answer(third, uniform(6, likert=4, nps=9))
    other = make_survey(template, cluster=odense)
    answer(other, uniform(4, likert=5, nps=10, number=20), cluster=odense)
    # Left out everywhere: a draft, and another cluster's survey still open.
    make_survey(template, cluster=viborg, state=SurveyState.draft, closes_in=timedelta(days=9))
    still_open = make_survey(
        template, cluster=odense, state=SurveyState.open, closes_in=timedelta(days=2)
    )
    answer(still_open, uniform(50, likert=1), cluster=odense)
    return Series(first, second, third, other)


def test_the_nation_sums_the_other_closed_surveys_of_the_template(client, world, series):
    body = get(client, world, "coordinator", series.third).get_json()
    comparison = body["comparison"]
    assert comparison["scope"] == "nation" and comparison["suppressed"] is False
    assert (comparison["surveys"], comparison["responses"]) == (3, 12)  # 5 + 3 + 4
    questions = {q["template_question_id"]: q for q in comparison["questions"]}
    likert = questions[body["questions"][0]["template_question_id"]]
    # 5 answered 2, 3 and 4 answered 5: 7 of 12 agree, the mean 45 / 12.
    assert likert["agree_share"] == 0.5833 and likert["mean"] == 3.75
    assert [p["count"] for p in likert["distribution"]] == [0, 5, 0, 0, 7]
    assert likert["distribution"][0]["label"] == "Helt uenig"
    nps = questions[body["questions"][1]["template_question_id"]]
    assert nps["mean"] == 5.83 and nps["agree_share"] is None  # 70 / 12
    number = questions[body["questions"][4]["template_question_id"]]
    assert [(p["value"], p["count"]) for p in number["distribution"]] == [(10, 5), (20, 4)]
    # No free text in the comparison.
    assert len(comparison["questions"]) == 5


def test_the_nation_is_suppressed_below_the_minimum(client, world, series):
    survey = make_survey(world.template, cluster=world.scenario.odense)
    body = get(client, world, "admin", survey).get_json()
    # world.template has one other closed survey (Viborg's 14 responses): shown.
    assert body["comparison"]["responses"] == 14 and body["comparison"]["questions"]
    lonely = make_template(world.midt, title="Ny skabelon")
    first = make_survey(lonely, cluster=world.scenario.viborg)
    answer(first, uniform(4, likert=4))
    second = make_survey(lonely, cluster=world.scenario.viborg)
    comparison = get(client, world, "admin", second).get_json()["comparison"]
    assert comparison == {
        "scope": "nation",
        "surveys": 1,
        "responses": 4,
        "suppressed": True,
        "questions": [],
    }
    alone = make_template(world.midt, title="Ubrugt skabelon")
    assert (
        get(client, world, "admin", make_survey(alone, cluster=world.scenario.viborg)).get_json()[
            "comparison"
        ]
        is None
    )
    no_template = make_survey(None, cluster=world.scenario.viborg)
    body = get(client, world, "admin", no_template).get_json()
    assert body["comparison"] is None and body["trend"] == []


def test_the_trend_follows_the_clusters_surveys_by_meeting_else_deadline(client, world, series):
    body = get(client, world, "coordinator", series.third).get_json()
    trend = body["trend"]
    assert [point["survey_id"] for point in trend] == [
        str(series.first.id),
        str(series.second.id),
        str(series.third.id),
    ]
    first, second, third = trend
    assert first["meeting_id"] == str(series.first.meeting_id)
    assert first["date"] < second["date"] < third["date"]
    assert second["meeting_id"] is None
    assert (first["responses"], first["suppressed"]) == (5, False)
    # The followed questions: Likert, NPS and number (those with a mean).
    assert [q["text"] for q in first["questions"]] == [QUESTIONS[i]["text"] for i in (0, 1, 4)]
    assert [(q["mean"], q["agree_share"]) for q in first["questions"]] == [
        (2.0, 0.0),
        (0.0, None),
        (10.0, None),
    ]
    assert (second["responses"], second["suppressed"]) == (3, True)
    assert {(q["mean"], q["agree_share"]) for q in second["questions"]} == {(None, None)}
    assert [(q["mean"], q["agree_share"]) for q in third["questions"]] == [
        (4.0, 1.0),
        (9.0, None),
        (None, None),
    ]
    # The open survey's results are not in a member's trend until it has closed.
    member = get(client, world, "member", series.first).get_json()["trend"]
    assert [point["survey_id"] for point in member] == [str(series.first.id), str(series.second.id)]
    # Odense's survey of the same template has its own trend.
    odense = get(client, world, "admin", series.odense).get_json()["trend"]
    assert [point["survey_id"] for point in odense] == [str(series.odense.id)]


# --- the cost --------------------------------------------------------------------------------


def _statements(client, count_statements, world: World, survey: Survey, csv_: bool = False):
    address, headers = url(survey, csv_=csv_), world.headers["coordinator"]
    with count_statements() as counter:
        response = client.get(address, headers=headers)
        assert response.status_code == 200
        response.get_data()
    return counter.count


def test_the_statements_do_not_grow_with_the_responses(client, world, series, count_statements):
    viborg = world.scenario.viborg
    few = make_survey(world.template, cluster=viborg)
    answer(few, counted_responses()[:10])
    many = make_survey(world.template, cluster=viborg)
    answer(many, counted_responses() * 15, unanswered=20)  # 210 responses
    _statements(client, count_statements, world, world.survey)  # the caller's first request
    counts = {
        _statements(client, count_statements, world, few),
        _statements(client, count_statements, world, many),
        _statements(client, count_statements, world, series.third),
    }
    assert len(counts) == 1, counts
    assert counts.pop() <= 20
    csv_counts = {
        _statements(client, count_statements, world, few, csv_=True),
        _statements(client, count_statements, world, many, csv_=True),
    }
    assert len(csv_counts) == 1, csv_counts


def test_a_national_survey_with_thousands_of_responses_is_quick(client, world):
    """About 2,300 responses to six questions, as KiAP's national member survey."""
    scenario = world.scenario
    survey = make_survey(world.template, organisation=world.kiap, audience=SurveyAudience.nation)
    many = counted_responses() * 82  # 1,148 each
    answer(survey, many, cluster=scenario.viborg, unanswered=400)
    answer(survey, many, cluster=scenario.odense, unanswered=400)
    started = time.perf_counter()
    response = get(client, world, "kiap", survey)
    elapsed = time.perf_counter() - started
    body = response.get_json()
    assert body["responses"] == 2296
    assert by_kind(body)["likert"]["agree_share"] == 0.7857
    assert len(by_kind(body)["free_text"]["texts"]) == 5 * 164
    assert elapsed < 5, elapsed  # well under a second on a laptop; generous for CI


# --- as CSV ----------------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_has_a_row_per_question_and_point(client, world):
    response = client.get(url(world.survey, csv_=True), headers=world.headers["coordinator"])
    rows = _csv(response)
    assert list(rows[0]) == [
        "question_position",
        "question",
        "kind",
        "value",
        "label",
        "count",
        "share",
    ]
    likert = [row for row in rows if row["kind"] == "likert"]
    assert [(r["value"], r["label"], r["count"], r["share"]) for r in likert] == [
        ("1", "Helt uenig", "1", "0.0714"),
        ("2", "Delvis uenig", "1", "0.0714"),
        ("3", "Hverken enig eller uenig", "1", "0.0714"),
        ("4", "Delvis enig", "6", "0.4286"),
        ("5", "Helt enig", "5", "0.3571"),
    ]
    assert likert[0]["question"] == QUESTIONS[0]["text"] and likert[0]["question_position"] == "0"
    assert len([row for row in rows if row["kind"] == "nps"]) == 11
    assert [r["label"] for r in rows if r["kind"] == "single_choice"] == ["Ja", "Nej", "Måske"]
    texts = [row for row in rows if row["kind"] == "free_text"]
    assert [(r["label"], r["count"], r["value"]) for r in texts] == [
        ("alt var fint", "1", ""),
        ("Bedre kaffe", "1", ""),
        ("Godt møde", "1", ""),
        ("Ærligt talt for langt", "1", ""),
        ("Øl", "1", ""),
    ]


def test_the_csv_keeps_the_same_rules(client, world):
    rows = _csv(client.get(url(world.survey, csv_=True), headers=world.headers["unit_in"]))
    texts = [row for row in rows if row["kind"] == "free_text"]
    assert [(r["label"], r["count"]) for r in texts] == [("", "5")]  # only how many answered
    four = make_survey(
        world.template,
        cluster=world.scenario.viborg,
        state=SurveyState.open,
        closes_in=timedelta(days=3),
    )
    answer(four, uniform(4, likert=5, free="Fint"))
    rows = _csv(client.get(url(four, csv_=True), headers=world.headers["coordinator"]))
    assert [(r["kind"], r["value"], r["label"], r["count"]) for r in rows] == [
        ("likert", "", "", "4"),
        ("nps", "", "", "0"),
        ("single_choice", "", "", "0"),
        ("multiple_choice", "", "", "0"),
        ("number", "", "", "0"),
        ("free_text", "", "", "4"),
    ]
    assert_problem(client.get(url(four, csv_=True), headers=world.headers["member"]), 403)


def test_a_text_that_looks_like_a_formula_stays_text_in_the_csv(client, world):
    survey = make_survey(world.template, cluster=world.scenario.viborg, min_responses=1)
    answer(survey, uniform(1, free="=1+1"))
    rows = _csv(client.get(url(survey, csv_=True), headers=world.headers["coordinator"]))
    assert [r["label"] for r in rows if r["kind"] == "free_text"] == ["'=1+1"]


def test_the_results_answer_accept_text_csv_with_the_same_rows(client, world):
    headers = {**world.headers["coordinator"], "Accept": "text/csv"}
    accepted = _csv(client.get(url(world.survey), headers=headers))
    exported = _csv(client.get(url(world.survey, csv_=True), headers=world.headers["coordinator"]))
    assert accepted == exported and len(accepted) == 5 + 11 + 3 + 3 + 3 + 5
