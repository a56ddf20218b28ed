"""Surveys: made as drafts from a template (its questions copied), by a cluster for its own
people or by a quality unit for a cluster, a region or (KiAP) the nation; sent with one
personal link per person by e-mail; reminded to those who have not answered; closed by hand
or at the deadline."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from api.core.extensions import db
from api.core.security import token_digest
from api.models import (
    Member,
    OutboxMessage,
    Survey,
    SurveyAudience,
    SurveyRecipient,
    SurveyState,
    User,
)
from tests import survey_rows
from tests.outbox import mails_to
from tests.problems import assert_problem
from tests.scenarios import ADMIN, build, doctor, machine, staff

SURVEYS = "/api/v1/surveys"


@pytest.fixture
def world(factory):
    scenario = build(
        factory,
        {
            "consultant": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "kiap": staff("kiap"),
            "member": doctor("viborg"),
            "colleague": doctor("viborg_other"),
            "coordinator": doctor("viborg", role="coordinator"),
            "board": doctor("viborg", role="board_member"),
            "secretary": doctor("viborg", role="secretary"),
            "odense": doctor("odense"),
            "writer": machine("midtjylland", "surveys:write"),
            "plo": machine("plo", "attendance:read"),
            "admin": ADMIN,
        },
    )
    scenario.template = survey_rows.template(unit=scenario.units["midtjylland"])
    return scenario


def at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def body(world, **fields: Any) -> dict[str, Any]:
    return {
        "template_id": str(world.template.id),
        "audience": "cluster",
        "closes_at": at(timedelta(days=14)),
        **fields,
    }


def cluster_url(cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/surveys"


def url(survey, step: str | None = None) -> str:
    path = f"{SURVEYS}/{getattr(survey, 'id', survey)}"
    return f"{path}/{step}" if step else path


def make(client, world, who="coordinator", **fields):
    return client.post(
        cluster_url(world.viborg), json=body(world, **fields), headers=world.headers[who]
    )


def with_etag(world, who: str, response) -> dict[str, str]:
    return {**world.headers[who], "If-Match": response.headers["ETag"]}


def read(client, world, survey_id, who="coordinator"):
    return client.get(url(survey_id), headers=world.headers[who])


def send(client, world, survey_id, who="coordinator"):
    return client.post(
        url(survey_id, "send"), headers=with_etag(world, who, read(client, world, survey_id, who))
    )


VIBORG_PEOPLE = ("member", "colleague", "coordinator", "board", "secretary")


# --- making ------------------------------------------------------------------------------------


def test_a_coordinator_makes_a_draft_with_copies_of_the_template_questions(client, world):
    response = make(client, world)
    assert response.status_code == 201, response.get_json()
    survey = response.get_json()
    assert response.headers["ETag"]
    assert response.headers["Location"].endswith(f"/surveys/{survey['id']}")
    assert survey["state"] == "draft"
    assert survey["title"] == world.template.title
    assert survey["intro"] == world.template.description
    assert survey["purpose"] == "evaluation"
    assert survey["anonymous"] is True and survey["min_responses"] == 5
    assert survey["owner"] == {
        "kind": "cluster",
        "id": str(world.viborg.id),
        "name": world.viborg.name,
    }
    assert survey["cluster"] == {"id": str(world.viborg.id), "name": world.viborg.name}
    assert survey["template_id"] == str(world.template.id)
    assert survey["recipient_count"] == survey["response_count"] == survey["reminder_count"] == 0
    assert survey["permissions"] == {"manage": True, "results": True}
    template_questions = world.template.questions
    assert [q["template_question_id"] for q in survey["questions"]] == [
        str(q.id) for q in template_questions
    ]
    assert [q["text"] for q in survey["questions"]] == [q.text for q in template_questions]
    assert {q["id"] for q in survey["questions"]}.isdisjoint(
        {str(q.id) for q in template_questions}
    )
    # The cluster's people read it; they do not manage it.
    member = read(client, world, survey["id"], "member").get_json()
    assert member["permissions"]["manage"] is False


def test_making_a_clusters_survey_is_for_its_keepers(client, world):
    assert_problem(client.post(cluster_url(world.viborg), json=body(world)), 401)
    for who in ("member", "secretary"):
        assert_problem(make(client, world, who), 403)
    assert make(client, world, "board").status_code == 201
    odense = client.post(
        cluster_url(world.viborg), json=body(world), headers=world.headers["odense"]
    )
    assert_problem(odense, 404)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"closes_at": "tomorrow"}, "closes_at", "invalid_datetime"),
        ({"closes_at": None}, "closes_at", "null"),
        ({"audience": "region"}, "audience", "not_one_of"),
        ({"min_responses": 0}, "min_responses", "out_of_range"),
        ({"anonymous": "yes"}, "anonymous", "invalid_type"),
        ({"unit_id": None}, "unit_id", "unknown_field"),
        ({"template_id": str(uuid.uuid4())}, "template_id", "unknown_survey_template"),
        ({"audience": "sub_cluster"}, "sub_cluster_id", "required"),
        ({"audience": "meeting"}, "meeting_id", "required"),
        ({"meeting_id": str(uuid.uuid4())}, "meeting_id", "not_for_audience"),
    ],
)
def test_a_bad_cluster_survey_is_refused(client, world, change, field, code):
    problem = assert_problem(make(client, world, **change), 422)
    assert problem["codes"][field][0]["code"] == code, problem


def test_a_cluster_survey_stays_in_the_cluster_and_uses_a_template_it_reads(client, world, factory):
    past = make(client, world, closes_at=at(-timedelta(minutes=1)))
    assert assert_problem(past, 422)["codes"]["closes_at"][0]["code"] == "not_in_future"
    odense_sub = factory.sub_cluster(world.odense)
    problem = assert_problem(
        make(client, world, audience="sub_cluster", sub_cluster_id=str(odense_sub.id)), 422
    )
    assert problem["codes"]["sub_cluster_id"][0]["code"] == "not_a_sub_cluster_of_cluster"
    odense_meeting = factory.meeting(world.odense)
    problem = assert_problem(
        make(client, world, audience="meeting", meeting_id=str(odense_meeting.id)), 422
    )
    assert problem["codes"]["meeting_id"][0]["code"] == "unknown_meeting_of_cluster"
    # Odense's own template is not Viborg's to find; a retired template is not sent.
    odense_template = survey_rows.template(cluster=world.odense)
    problem = assert_problem(make(client, world, template_id=str(odense_template.id)), 422)
    assert problem["codes"]["template_id"][0]["code"] == "unknown_survey_template"
    retired = survey_rows.template(unit=world.units["kiap"], retired=True)
    problem = assert_problem(make(client, world, template_id=str(retired.id)), 422)
    assert problem["codes"]["template_id"][0]["code"] == "survey_template_retired"
    own = survey_rows.template(cluster=world.viborg)
    sub = factory.sub_cluster(world.viborg, (world.clinics["viborg"],))
    made = make(
        client,
        world,
        template_id=str(own.id),
        audience="sub_cluster",
        sub_cluster_id=str(sub.id),
        title="Underklyngens evaluering",
        anonymous=False,
        min_responses=3,
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["sub_cluster_id"] == str(sub.id)
    assert made.get_json()["title"] == "Underklyngens evaluering"


def unit_make(client, world, who="consultant", **fields):
    return client.post(SURVEYS, json=body(world, **fields), headers=world.headers[who])


def test_a_unit_makes_surveys_for_its_region_and_kiap_for_the_nation(client, world):
    region = world.viborg.region
    to_cluster = unit_make(client, world, cluster_id=str(world.viborg.id))
    assert to_cluster.status_code == 201, to_cluster.get_json()
    survey = to_cluster.get_json()
    assert survey["owner"]["kind"] == "unit"
    assert survey["owner"]["id"] == str(world.units["midtjylland"].id)
    assert survey["cluster"]["id"] == str(world.viborg.id)
    # The cluster's people read the unit's survey; its coordinators do not manage it.
    coordinator = read(client, world, survey["id"], "coordinator").get_json()
    assert coordinator["permissions"]["manage"] is False
    to_region = unit_make(client, world, "writer", audience="region", region_id=str(region.id))
    assert to_region.status_code == 201, to_region.get_json()
    assert to_region.get_json()["cluster"] is None
    nation = unit_make(client, world, "kiap", audience="nation")
    assert nation.status_code == 201, nation.get_json()
    odense_by_kiap = unit_make(client, world, "kiap", cluster_id=str(world.odense.id))
    assert odense_by_kiap.status_code == 201


@pytest.mark.parametrize(
    ("who", "change", "field", "code"),
    [
        ("consultant", {"audience": "nation"}, "audience", "audience_not_allowed"),
        ("consultant", {}, "cluster_id", "required"),
        ("consultant", {"cluster_id": "ODENSE"}, "cluster_id", "outside_reach"),
        ("consultant", {"audience": "region", "region_id": "SYD"}, "region_id", "outside_reach"),
        ("consultant", {"audience": "region"}, "region_id", "required"),
        (
            "consultant",
            {"audience": "nation", "cluster_id": "VIBORG"},
            "cluster_id",
            "not_for_audience",
        ),
        ("consultant", {"cluster_id": str(uuid.uuid4())}, "cluster_id", "unknown_cluster"),
        ("admin", {"cluster_id": "VIBORG"}, "unit_id", "required"),
    ],
)
def test_a_bad_unit_survey_is_refused(client, world, factory, who, change, field, code):
    names = {
        "ODENSE": str(world.odense.id),
        "VIBORG": str(world.viborg.id),
        "SYD": str(world.odense.region.id),
    }
    change = {key: names.get(value, value) for key, value in change.items()}
    problem = assert_problem(unit_make(client, world, who, **change), 422)
    assert problem["codes"][field][0]["code"] == code, problem


def test_making_a_unit_survey_needs_a_unit(client, world):
    assert_problem(client.post(SURVEYS, json=body(world)), 401)
    assert_problem(unit_make(client, world, "plo"), 403)
    doctor_ = unit_make(client, world, "member", cluster_id=str(world.viborg.id))
    assert assert_problem(doctor_, 403)["code"] == "not_your_unit"
    other = unit_make(
        client, world, unit_id=str(world.units["kiap"].id), cluster_id=str(world.viborg.id)
    )
    assert assert_problem(other, 403)["code"] == "not_your_unit"


# --- reading -----------------------------------------------------------------------------------


def test_a_survey_is_found_by_its_cluster_and_its_regions_unit(client, world):
    survey_id = make(client, world).get_json()["id"]
    for who in ("member", "coordinator", "consultant", "kiap", "admin"):
        assert read(client, world, survey_id, who).status_code == 200, who
    for who in ("odense", "other_unit"):
        assert_problem(read(client, world, survey_id, who), 404)
    assert_problem(client.get(url(survey_id)), 401)
    assert_problem(read(client, world, uuid.uuid4()), 404)


def test_the_list_shows_what_the_caller_reads_with_answer_counts_in_few_statements(
    client, world, count_statements
):
    mine = survey_rows.survey(world.template, cluster=world.viborg, closes_in=timedelta(days=3))
    sent = survey_rows.survey(
        world.template, cluster=world.viborg, state=SurveyState.open, closes_in=timedelta(days=9)
    )
    people = [world.people[name] for name in VIBORG_PEOPLE]
    survey_rows.recipients(sent, people, answered=2)
    odense = survey_rows.survey(world.template, cluster=world.odense)
    due = survey_rows.survey(
        world.template, cluster=world.viborg, state=SurveyState.open, closes_in=-timedelta(hours=1)
    )

    def listed(who: str, query: str = "") -> list[str]:
        response = client.get(f"{SURVEYS}{query}", headers=world.headers[who])
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    # Latest deadline first.
    assert listed("member") == [str(sent.id), str(mine.id), str(due.id)]
    assert listed("odense") == [str(odense.id)]
    assert listed("other_unit") == [str(odense.id)]
    assert listed("consultant") == [str(sent.id), str(mine.id), str(due.id)]
    assert listed("member", "?state=open") == [str(sent.id)]
    assert listed("member", "?state=closed") == [str(due.id)]
    assert listed("member", "?state=draft") == [str(mine.id)]
    assert listed("admin", f"?cluster_id={world.odense.id}") == [str(odense.id)]
    assert listed("member", f"?template_id={uuid.uuid4()}") == []
    assert listed("consultant", f"?unit_id={world.units['midtjylland'].id}") == []
    items = client.get(SURVEYS, headers=world.headers["member"]).get_json()["items"]
    assert items[0]["response_count"] == 2 and items[0]["recipient_count"] == 5
    assert items[2]["state"] == "closed"
    assert "questions" not in items[0]
    assert_problem(client.get(SURVEYS), 401)
    assert_problem(client.get(f"{SURVEYS}?state=gone", headers=world.headers["member"]), 422)

    db.session.expire_all()
    with count_statements() as few:
        client.get(SURVEYS, headers=world.headers["member"])
    for _ in range(5):
        more = survey_rows.survey(world.template, cluster=world.viborg, state=SurveyState.open)
        survey_rows.recipients(more, people, answered=1)
    db.session.expire_all()
    with count_statements() as many:
        response = client.get(SURVEYS, headers=world.headers["member"])
    assert len(response.get_json()["items"]) == 8
    assert many.count == few.count


def test_an_open_survey_past_its_deadline_reads_as_closed(client, world):
    survey = survey_rows.survey(
        world.template,
        cluster=world.viborg,
        state=SurveyState.open,
        closes_in=-timedelta(minutes=5),
    )
    body_ = read(client, world, survey.id).get_json()
    assert body_["state"] == "closed"
    assert body_["permissions"]["results"] is True


# --- changing ----------------------------------------------------------------------------------


def test_a_draft_changes_in_all_it_says_with_if_match(client, world, factory):
    made = make(client, world)
    survey_id = made.get_json()["id"]
    other = survey_rows.template(unit=world.units["kiap"], questions=survey_rows.QUESTIONS[:2])
    meeting = factory.meeting(world.viborg)
    change = {
        "title": "Ny titel",
        "intro": "Hej",
        "template_id": str(other.id),
        "audience": "meeting",
        "meeting_id": str(meeting.id),
        "anonymous": False,
        "min_responses": 2,
        "closes_at": at(timedelta(days=3)),
    }
    headers = with_etag(world, "coordinator", made)
    response = client.put(url(survey_id), json=change, headers=headers)
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert changed["title"] == "Ny titel" and changed["intro"] == "Hej"
    assert changed["template_id"] == str(other.id)
    assert [q["template_question_id"] for q in changed["questions"]] == [
        str(q.id) for q in other.questions
    ]
    assert changed["audience"] == "meeting" and changed["meeting_id"] == str(meeting.id)
    assert changed["anonymous"] is False and changed["min_responses"] == 2
    assert_problem(client.put(url(survey_id), json=change, headers=headers), 412)
    assert_problem(
        client.put(url(survey_id), json=change, headers=world.headers["coordinator"]), 428
    )
    assert_problem(client.put(url(survey_id), json=change), 401)
    fresh = with_etag(world, "coordinator", read(client, world, survey_id))
    assert_problem(client.put(url(survey_id), json={"min_responses": 0}, headers=fresh), 422)
    assert_problem(client.put(url(survey_id), json={"audience": "nation"}, headers=fresh), 422)
    member = with_etag(world, "member", read(client, world, survey_id, "member"))
    assert_problem(client.put(url(survey_id), json={"title": "x"}, headers=member), 403)
    assert_problem(client.put(url(survey_id), json={}, headers=world.headers["odense"]), 404)


def test_a_units_draft_stays_within_the_units_reach(client, world):
    made = unit_make(client, world, cluster_id=str(world.viborg.id))
    headers = with_etag(world, "consultant", made)
    survey_id = made.get_json()["id"]
    moved = client.put(url(survey_id), json={"cluster_id": str(world.odense.id)}, headers=headers)
    assert assert_problem(moved, 422)["codes"]["cluster_id"][0]["code"] == "outside_reach"
    region = {"audience": "region", "region_id": str(world.viborg.region_id)}
    response = client.put(url(survey_id), json=region, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["audience"] == "region" and response.get_json()["cluster"] is None


def test_an_open_survey_moves_only_its_deadline_and_minimum(client, world):
    survey = survey_rows.survey(world.template, cluster=world.viborg, state=SurveyState.open)
    survey_id = survey.id
    headers = with_etag(world, "coordinator", read(client, world, survey_id))
    refused = client.put(url(survey_id), json={"title": "Ny"}, headers=headers)
    assert assert_problem(refused, 409)["code"] == "survey_not_draft"
    past = client.put(url(survey_id), json={"closes_at": at(-timedelta(days=1))}, headers=headers)
    assert_problem(past, 422)
    later = at(timedelta(days=30))
    response = client.put(
        url(survey_id), json={"closes_at": later, "min_responses": 3}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["closes_at"].startswith(later[:19])
    assert response.get_json()["min_responses"] == 3


def test_a_closed_survey_no_longer_changes_and_only_a_draft_is_deleted(client, world):
    closed = survey_rows.survey(world.template, cluster=world.viborg, state=SurveyState.closed)
    headers = with_etag(world, "coordinator", read(client, world, closed.id))
    response = client.put(url(closed.id), json={"min_responses": 2}, headers=headers)
    assert assert_problem(response, 409)["code"] == "survey_not_draft"
    response = client.delete(url(closed.id), headers=headers)
    assert assert_problem(response, 409)["code"] == "survey_not_draft"

    draft_id = make(client, world).get_json()["id"]
    assert_problem(client.delete(url(draft_id)), 401)
    assert_problem(client.delete(url(draft_id), headers=world.headers["member"]), 403)
    assert_problem(client.delete(url(draft_id), headers=world.headers["odense"]), 404)
    assert_problem(client.delete(url(draft_id), headers=world.headers["coordinator"]), 428)
    stale = {**world.headers["coordinator"], "If-Match": '"stale"'}
    assert_problem(client.delete(url(draft_id), headers=stale), 412)
    headers = with_etag(world, "coordinator", read(client, world, draft_id))
    assert client.delete(url(draft_id), headers=headers).status_code == 204
    assert_problem(read(client, world, draft_id), 404)


# --- sending -----------------------------------------------------------------------------------


def _link_tokens(text: str) -> list[str]:
    return re.findall(r"/svar/([A-Za-z0-9_-]+)", text)


def test_sending_writes_one_recipient_and_one_email_with_a_personal_link_per_person(client, world):
    survey_id = make(client, world).get_json()["id"]
    response = send(client, world, survey_id)
    assert response.status_code == 200, response.get_json()
    sent = response.get_json()
    assert sent["state"] == "open" and sent["sent_at"]
    assert sent["recipient_count"] == len(VIBORG_PEOPLE)
    db.session.expire_all()
    recipients = db.session.scalars(
        select(SurveyRecipient).where(SurveyRecipient.survey_id == uuid.UUID(survey_id))
    ).all()
    assert {r.user_id for r in recipients} == {world.ids[name] for name in VIBORG_PEOPLE}
    assert {r.cluster_id for r in recipients} == {world.viborg.id}
    hashes = {r.token_hash for r in recipients}
    for name in VIBORG_PEOPLE:
        mails = mails_to(world.people[name].email)
        assert len(mails) == 1, name
        mail = mails[0]
        assert mail.subject == f"Spørgeskema: {world.template.title}"
        assert "beder dig besvare spørgeskemaet" in mail.text_body
        assert "Spørgeskemaet lukker " in mail.text_body and " kl. " in mail.text_body
        assert "anonym" in mail.text_body
        tokens = _link_tokens(mail.text_body)
        assert len(tokens) == 1
        assert token_digest(tokens[0]) in hashes
        hashes.discard(token_digest(tokens[0]))
    assert hashes == set()
    # Nobody outside the cluster is written to.
    assert mails_to(world.people["odense"].email) == []

    again = send(client, world, survey_id)
    assert assert_problem(again, 409)["code"] == "survey_not_draft"


def test_sending_needs_the_etag_a_manager_and_someone_to_send_to(client, world, factory):
    survey_id = make(client, world).get_json()["id"]
    assert_problem(client.post(url(survey_id, "send")), 401)
    assert_problem(client.post(url(survey_id, "send"), headers=world.headers["coordinator"]), 428)
    stale = {**world.headers["coordinator"], "If-Match": '"stale"'}
    assert_problem(client.post(url(survey_id, "send"), headers=stale), 412)
    assert_problem(send(client, world, survey_id, "member"), 403)
    assert_problem(client.post(url(survey_id, "send"), headers=world.headers["odense"]), 404)

    empty = factory.sub_cluster(world.viborg)
    nobody = make(client, world, audience="sub_cluster", sub_cluster_id=str(empty.id))
    response = send(client, world, nobody.get_json()["id"])
    assert assert_problem(response, 409)["code"] == "survey_no_recipients"

    late = survey_rows.survey(world.template, cluster=world.viborg, closes_in=-timedelta(minutes=1))
    response = send(client, world, late.id)
    assert assert_problem(response, 409)["code"] == "survey_deadline_passed"


def test_a_sub_cluster_and_a_meeting_reach_their_own_people(client, world, factory):
    sub = factory.sub_cluster(world.viborg, (world.clinics["viborg_other"],))
    survey_id = make(client, world, audience="sub_cluster", sub_cluster_id=str(sub.id)).get_json()[
        "id"
    ]
    assert send(client, world, survey_id).get_json()["recipient_count"] == 1
    assert len(mails_to(world.people["colleague"].email)) == 1
    assert mails_to(world.people["member"].email) == []

    meeting = factory.meeting(world.viborg)
    for name in ("member", "board"):
        factory.invitation(meeting, world.people[name])
    survey_id = make(client, world, audience="meeting", meeting_id=str(meeting.id)).get_json()["id"]
    assert send(client, world, survey_id).get_json()["recipient_count"] == 2
    assert len(mails_to(world.people["member"].email)) == 1


def test_sending_to_the_nation_costs_the_same_statements_for_many_people(
    client, world, factory, count_statements
):
    def national_send() -> int:
        survey_id = unit_make(client, world, "kiap", audience="nation").get_json()["id"]
        headers = with_etag(world, "kiap", read(client, world, survey_id, "kiap"))
        with count_statements() as counter:
            response = client.post(url(survey_id, "send"), headers=headers)
        assert response.status_code == 200, response.get_json()
        return counter.count, response.get_json()["recipient_count"]

    few, people = national_send()
    assert people == len(VIBORG_PEOPLE) + 1  # and Odense's doctor
    clinic = factory.clinic(world.odense)
    for _ in range(60):
        factory.member(clinic)
    inactive = factory.member(clinic).user_id
    db.session.get(type(world.people["member"]), inactive).is_active = False
    db.session.commit()
    many, people = national_send()
    assert people == len(VIBORG_PEOPLE) + 1 + 60
    assert many == few
    assert (
        db.session.scalar(select(db.func.count()).select_from(OutboxMessage))
        == (len(VIBORG_PEOPLE) + 1) * 2 + 60
    )


# --- reminding and closing ---------------------------------------------------------------------


def test_reminders_go_only_to_those_who_have_not_answered(client, world):
    survey = survey_rows.survey(world.template, cluster=world.viborg, state=SurveyState.open)
    people = [world.people[name] for name in VIBORG_PEOPLE]
    survey_rows.recipients(survey, people, answered=2)  # member and colleague have answered
    survey_id = survey.id
    assert_problem(client.post(url(survey_id, "remind")), 401)
    assert_problem(client.post(url(survey_id, "remind"), headers=world.headers["member"]), 403)
    assert_problem(client.post(url(survey_id, "remind"), headers=world.headers["odense"]), 404)

    for number in (1, 2):
        response = client.post(url(survey_id, "remind"), headers=world.headers["coordinator"])
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == {"reminded": 3}
        shown = read(client, world, survey_id).get_json()
        assert shown["reminder_count"] == number and shown["last_reminded_at"]
        assert shown["response_count"] == 2
    for name in ("member", "colleague"):
        assert mails_to(world.people[name].email) == []
    for name in ("coordinator", "board", "secretary"):
        mails = mails_to(world.people[name].email)
        assert [m.subject for m in mails] == [f"Påmindelse: {world.template.title}"] * 2
        assert "mangler stadig dit svar" in mails[0].text_body
        assert len(set(_link_tokens(mails[0].text_body) + _link_tokens(mails[1].text_body))) == 1
    db.session.expire_all()
    counts = dict(
        db.session.execute(
            select(SurveyRecipient.user_id, SurveyRecipient.reminder_count).where(
                SurveyRecipient.survey_id == survey_id
            )
        ).all()
    )
    assert counts == {
        world.ids["member"]: 0,
        world.ids["colleague"]: 0,
        world.ids["coordinator"]: 2,
        world.ids["board"]: 2,
        world.ids["secretary"]: 2,
    }


def test_no_reminder_for_a_draft_a_closed_survey_or_one_past_its_deadline(client, world):
    draft = make(client, world).get_json()["id"]
    response = client.post(url(draft, "remind"), headers=world.headers["coordinator"])
    assert assert_problem(response, 409)["code"] == "survey_not_open"
    due = survey_rows.survey(
        world.template,
        cluster=world.viborg,
        state=SurveyState.open,
        closes_in=-timedelta(seconds=1),
    )
    survey_rows.recipients(due, [world.people["member"]])
    response = client.post(url(due.id, "remind"), headers=world.headers["coordinator"])
    assert assert_problem(response, 409)["code"] == "survey_not_open"
    assert mails_to(world.people["member"].email) == []
    # The deadline is written down: closed at its deadline.
    db.session.expire_all()
    row = db.session.get(Survey, due.id)
    assert row.state is SurveyState.closed and row.closed_at == row.closes_at


def test_closing_ends_an_open_survey_now(client, world):
    survey = survey_rows.survey(world.template, cluster=world.viborg, state=SurveyState.open)
    survey_rows.recipients(survey, [world.people["member"]])
    assert_problem(client.post(url(survey.id, "close")), 401)
    assert_problem(client.post(url(survey.id, "close"), headers=world.headers["coordinator"]), 428)
    member = with_etag(world, "member", read(client, world, survey.id, "member"))
    assert_problem(client.post(url(survey.id, "close"), headers=member), 403)
    assert_problem(client.post(url(survey.id, "close"), headers=world.headers["odense"]), 404)
    stale = {**world.headers["coordinator"], "If-Match": '"stale"'}
    assert_problem(client.post(url(survey.id, "close"), headers=stale), 412)
    headers = with_etag(world, "coordinator", read(client, world, survey.id))
    response = client.post(url(survey.id, "close"), headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "closed" and response.get_json()["closed_at"]
    assert response.get_json()["permissions"]["results"] is True
    again = client.post(url(survey.id, "close"), headers=with_etag(world, "coordinator", response))
    assert assert_problem(again, 409)["code"] == "survey_not_open"
    reminded = client.post(url(survey.id, "remind"), headers=world.headers["coordinator"])
    assert assert_problem(reminded, 409)["code"] == "survey_not_open"
    assert mails_to(world.people["member"].email) == []


def test_a_unit_manages_its_own_survey_and_the_cluster_does_not(client, world):
    survey = survey_rows.survey(
        world.template,
        cluster=world.viborg,
        unit=world.units["midtjylland"],
        audience=SurveyAudience.cluster,
    )
    assert send(client, world, survey.id, "coordinator").status_code == 403
    response = send(client, world, survey.id, "writer")
    assert response.status_code == 200, response.get_json()
    mail = mails_to(world.people["member"].email)[0]
    assert world.units["midtjylland"].name in mail.text_body


def test_a_survey_to_the_nation_of_thousands_is_sent_in_the_statements_of_a_small_one(
    client, world, factory, count_statements
):
    """About 3,400 doctors: the statements of a send do not grow with the audience."""

    def national_send() -> tuple[int, int, int]:
        survey_id = unit_make(client, world, "kiap", audience="nation").get_json()["id"]
        headers = with_etag(world, "kiap", read(client, world, survey_id, "kiap"))
        db.session.expire_all()
        with count_statements() as sending:
            response = client.post(url(survey_id, "send"), headers=headers)
        assert response.status_code == 200, response.get_json()
        db.session.expire_all()
        with count_statements() as reminding:
            reminded = client.post(url(survey_id, "remind"), headers=world.headers["kiap"])
        assert reminded.get_json()["reminded"] == response.get_json()["recipient_count"]
        return sending.count, reminding.count, response.get_json()["recipient_count"]

    small, small_reminder, _ = national_send()
    clinic = factory.clinic(world.odense)
    users = [
        {"id": uuid.uuid4(), "email": f"laege{n}@example.dk", "name": f"Læge {n}"}
        for n in range(3400)
    ]
    db.session.execute(insert(User), users)
    db.session.execute(
        insert(Member),
        [
            {
                "id": uuid.uuid4(),
                "user_id": user["id"],
                "clinic_id": clinic.id,
                "work_email": user["email"],
                "valid_from": date(2020, 1, 1),
            }
            for user in users
        ],
    )
    db.session.commit()
    large, large_reminder, people = national_send()
    assert people == len(VIBORG_PEOPLE) + 1 + 3400
    assert large == small
    assert large_reminder == small_reminder


def test_a_person_in_two_clusters_gets_one_link_to_a_survey_of_the_nation(client, world, factory):
    odense_clinic = world.clinics["odense"]
    factory.member(odense_clinic, world.people["member"])
    survey_id = unit_make(client, world, "kiap", audience="nation").get_json()["id"]
    response = send(client, world, survey_id, "kiap")
    assert response.get_json()["recipient_count"] == len(VIBORG_PEOPLE) + 1
    assert len(mails_to(world.people["member"].email)) == 1
    assert world.units["kiap"].name in mails_to(world.people["member"].email)[0].text_body
