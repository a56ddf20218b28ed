"""Questionnaire templates: a quality unit's, read by everyone signed in, and a cluster's own,
found only by its own people; questions checked per kind; changed in whole with `If-Match`,
a question kept by its id; deleted only while no survey was made from it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.core.extensions import db
from api.models import SurveyTemplate
from tests import survey_rows
from tests.problems import assert_problem
from tests.scenarios import ADMIN, build, doctor, machine, staff

TEMPLATES = "/api/v1/survey-templates"


@pytest.fixture
def world(factory):
    return build(
        factory,
        {
            "consultant": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "kiap": staff("kiap"),
            "member": doctor("viborg"),
            "coordinator": doctor("viborg", role="coordinator"),
            "board": doctor("viborg", role="board_member"),
            "odense": doctor("odense"),
            "writer": machine("midtjylland", "surveys:write"),
            "reader": machine("midtjylland", "clusters:read"),
            "admin": ADMIN,
        },
    )


def body(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Evaluering af klyngemøde",
        "description": "Spørgsmål efter mødet.",
        "purpose": "evaluation",
        "questions": [
            {"kind": "likert", "text": "Mødet var relevant", "required": True},
            {"kind": "single_choice", "text": "Mødeform?", "options": ["Fysisk", "Online"]},
            {"kind": "number", "text": "Antal deltagere fra klinikken", "min_value": 0},
            {"kind": "free_text", "text": "Kommentarer", "help": "Skriv frit"},
        ],
        **fields,
    }


def cluster_url(world) -> str:
    return f"/api/v1/clusters/{world.viborg.id}/survey-templates"


def url(template) -> str:
    return f"{TEMPLATES}/{getattr(template, 'id', template)}"


def create(client, world, who="consultant", **fields):
    return client.post(TEMPLATES, json=body(**fields), headers=world.headers[who])


# --- creating ----------------------------------------------------------------------------------


def test_a_unit_creates_a_template_with_its_questions_in_order(client, world):
    response = create(client, world)
    assert response.status_code == 201, response.get_json()
    assert response.headers["ETag"]
    created = response.get_json()
    assert response.headers["Location"].endswith(f"/survey-templates/{created['id']}")
    assert created["owner"] == {
        "kind": "unit",
        "id": str(world.units["midtjylland"].id),
        "name": world.units["midtjylland"].name,
    }
    assert created["unit_id"] == str(world.units["midtjylland"].id)
    assert created["cluster_id"] is None
    assert created["retired"] is False
    assert created["permissions"] == {"change": True}
    questions = created["questions"]
    assert [q["position"] for q in questions] == [0, 1, 2, 3]
    assert questions[0] | {"id": None} == {
        "id": None,
        "position": 0,
        "kind": "likert",
        "text": "Mødet var relevant",
        "help": "",
        "required": True,
        "options": [],
        "min_value": None,
        "max_value": None,
    }
    assert questions[1]["options"] == ["Fysisk", "Online"]
    assert questions[2]["min_value"] == 0
    # Everyone signed in reads it, without the right to change it.
    for who in ("member", "odense", "other_unit", "reader"):
        read = client.get(url(created["id"]), headers=world.headers[who])
        assert read.status_code == 200, who
        assert read.get_json()["permissions"] == {"change": False}


def test_a_machine_client_with_surveys_write_creates_for_its_unit(client, world):
    response = create(client, world, "writer")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["unit_id"] == str(world.units["midtjylland"].id)


def test_creating_a_unit_template_needs_a_unit(client, world):
    assert_problem(client.post(TEMPLATES, json=body()), 401)
    assert_problem(create(client, world, "reader"), 403)
    # A doctor writes for no unit; the admin must name one.
    assert assert_problem(create(client, world, "member"), 403)["code"] == "not_your_unit"
    problem = assert_problem(create(client, world, "admin"), 422)
    assert problem["codes"]["unit_id"][0]["code"] == "required"
    admin = create(client, world, "admin", unit_id=str(world.units["kiap"].id))
    assert admin.status_code == 201
    other = create(client, world, "consultant", unit_id=str(world.units["syddanmark"].id))
    assert assert_problem(other, 403)["code"] == "not_your_unit"


@pytest.mark.parametrize(
    ("question", "field", "code"),
    [
        ({"kind": "likert", "text": ""}, "text", "too_short"),
        ({"kind": "likert", "text": "   "}, "text", "blank"),
        ({"kind": "likert", "text": "x" * 501}, "text", "too_long"),
        ({"kind": "smiley", "text": "Hvordan?"}, "kind", "not_one_of"),
        ({"kind": "single_choice", "text": "Valg", "options": ["Ja"]}, "options", "too_short"),
        (
            {"kind": "multiple_choice", "text": "Valg", "options": ["Ja", "ja "]},
            "options",
            "named_twice",
        ),
        ({"kind": "single_choice", "text": "Valg", "options": ["Ja", " "]}, "options.1", "blank"),
        (
            {"kind": "single_choice", "text": "Valg", "options": [str(n) for n in range(21)]},
            "options",
            "too_long",
        ),
        ({"kind": "likert", "text": "Enig?", "options": ["a", "b"]}, "options", "not_for_kind"),
        ({"kind": "nps", "text": "Anbefal?", "min_value": 1}, "min_value", "not_for_kind"),
        (
            {"kind": "number", "text": "Antal", "min_value": 5, "max_value": 1},
            "min_value",
            "above_max_value",
        ),
        ({"kind": "number", "text": "Antal", "max_value": 1.5}, "max_value", "invalid_type"),
        ({"kind": "likert", "text": "Enig?", "colour": "rød"}, "colour", "unknown_field"),
    ],
)
def test_a_question_that_does_not_fit_its_kind_is_refused(client, world, question, field, code):
    response = create(client, world, questions=[question])
    problem = assert_problem(response, 422)
    assert problem["codes"][f"questions.0.{field}"][0]["code"] == code, problem


def test_a_template_needs_a_title_and_a_question(client, world):
    problem = assert_problem(create(client, world, title="", questions=[]), 422)
    assert set(problem["errors"]) == {"title", "questions"}
    assert_problem(create(client, world, purpose="fun"), 422)


def test_a_cluster_makes_its_own_template_found_only_by_its_own_people(client, world):
    for who in ("coordinator", "board"):
        response = client.post(cluster_url(world), json=body(), headers=world.headers[who])
        assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["owner"]["kind"] == "cluster"
    assert created["cluster_id"] == str(world.viborg.id)
    assert created["permissions"] == {"change": True}
    assert client.get(url(created["id"]), headers=world.headers["member"]).status_code == 200
    for who in ("odense", "consultant", "reader"):
        assert_problem(client.get(url(created["id"]), headers=world.headers[who]), 404)
    # Its own members read it and do not change it.
    read = client.get(url(created["id"]), headers=world.headers["member"])
    assert read.get_json()["permissions"] == {"change": False}


def test_only_a_clusters_keepers_make_its_templates(client, world):
    assert_problem(client.post(cluster_url(world), json=body()), 401)
    assert_problem(
        client.post(cluster_url(world), json=body(), headers=world.headers["member"]), 403
    )
    # Another cluster's doctor, and another region's unit, do not find Viborg.
    for who in ("odense", "other_unit"):
        response = client.post(cluster_url(world), json=body(), headers=world.headers[who])
        assert_problem(response, 404)
    bad = client.post(
        cluster_url(world), json=body(unit_id=None), headers=world.headers["coordinator"]
    )
    assert assert_problem(bad, 422)["codes"]["unit_id"][0]["code"] == "unknown_field"


# --- reading -----------------------------------------------------------------------------------


def test_the_list_holds_the_units_templates_and_the_callers_clusters_own(
    client, world, count_statements
):
    midt, kiap = world.units["midtjylland"], world.units["kiap"]
    national = survey_rows.template(unit=kiap, title="Medlemsundersøgelse")
    regional = survey_rows.template(unit=midt, title="Evaluering")
    own = survey_rows.template(cluster=world.viborg, title="Klyngens egen")
    odense = survey_rows.template(cluster=world.odense, title="Odenses egen")
    retired = survey_rows.template(unit=midt, title="Gammel", retired=True)

    def titles(who: str, query: str = "") -> list[str]:
        response = client.get(f"{TEMPLATES}{query}", headers=world.headers[who])
        assert response.status_code == 200, response.get_json()
        return [item["title"] for item in response.get_json()["items"]]

    assert titles("member") == ["Evaluering", "Klyngens egen", "Medlemsundersøgelse"]
    assert titles("odense") == ["Evaluering", "Medlemsundersøgelse", "Odenses egen"]
    assert titles("consultant") == ["Evaluering", "Medlemsundersøgelse"]
    assert titles("reader") == ["Evaluering", "Medlemsundersøgelse"]
    assert titles("member", "?owner=cluster") == ["Klyngens egen"]
    assert titles("member", "?owner=unit&include_retired=true") == [
        "Evaluering",
        "Gammel",
        "Medlemsundersøgelse",
    ]
    assert titles("member", f"?cluster_id={world.viborg.id}") == ["Klyngens egen"]
    assert titles("member", f"?cluster_id={world.odense.id}") == []
    assert titles("member", "?q=medlem") == ["Medlemsundersøgelse"]
    assert titles("member", "?purpose=member") == []
    assert titles("admin", "?include_retired=true") == [
        "Evaluering",
        "Gammel",
        "Klyngens egen",
        "Medlemsundersøgelse",
        "Odenses egen",
    ]
    first = client.get(TEMPLATES, headers=world.headers["member"]).get_json()["items"][0]
    assert first["owner"]["kind"] == "unit" and len(first["questions"]) == 4
    assert "permissions" not in first
    assert {national.id, regional.id, own.id, odense.id, retired.id}  # all made
    assert_problem(client.get(TEMPLATES), 401)
    assert_problem(client.get(f"{TEMPLATES}?owner=someone", headers=world.headers["member"]), 422)

    # The list costs the same however many templates and questions it holds.
    with count_statements() as few:
        client.get(TEMPLATES, headers=world.headers["member"])
    for n in range(6):
        survey_rows.template(unit=midt, title=f"Flere {n}")
    with count_statements() as many:
        response = client.get(TEMPLATES, headers=world.headers["member"])
    assert len(response.get_json()["items"]) == 9
    assert many.count == few.count


def test_an_unknown_template_is_not_found(client, world):
    assert_problem(client.get(url("4f7e1a7c-0000-4000-8000-000000000000")), 401)
    missing = client.get(
        url("4f7e1a7c-0000-4000-8000-000000000000"), headers=world.headers["member"]
    )
    assert_problem(missing, 404)


# --- changing ----------------------------------------------------------------------------------


def test_changing_keeps_questions_named_by_id_adds_new_and_removes_the_rest(client, world):
    created = create(client, world)
    etag = created.headers["ETag"]
    template = created.get_json()
    likert, choice, number, text = template["questions"]
    changed = body(
        title="Evaluering (ny)",
        retired=False,
        questions=[
            {"id": text["id"], "kind": "free_text", "text": "Andre kommentarer"},
            {"kind": "nps", "text": "Vil du anbefale mødet?"},
            {"id": likert["id"], "kind": "likert", "text": "Mødet var relevant", "required": True},
        ],
    )
    headers = world.headers["consultant"]
    response = client.put(url(template["id"]), json=changed, headers={**headers, "If-Match": etag})
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] != etag
    questions = response.get_json()["questions"]
    assert [(q["position"], q["text"]) for q in questions] == [
        (0, "Andre kommentarer"),
        (1, "Vil du anbefale mødet?"),
        (2, "Mødet var relevant"),
    ]
    assert questions[0]["id"] == text["id"] and questions[2]["id"] == likert["id"]
    assert questions[1]["id"] not in {choice["id"], number["id"]}
    assert response.get_json()["title"] == "Evaluering (ny)"

    # The old ETag is stale now; none at all is required.
    stale = client.put(url(template["id"]), json=changed, headers={**headers, "If-Match": etag})
    assert_problem(stale, 412)
    assert_problem(client.put(url(template["id"]), json=changed, headers=headers), 428)


def test_a_question_id_of_another_template_is_refused(client, world):
    first = create(client, world).get_json()
    second = create(client, world)
    foreign = first["questions"][0]["id"]
    changed = body(questions=[{"id": foreign, "kind": "likert", "text": "Lånt"}])
    response = client.put(
        url(second.get_json()["id"]),
        json=changed,
        headers={**world.headers["consultant"], "If-Match": second.headers["ETag"]},
    )
    problem = assert_problem(response, 422)
    assert problem["codes"]["questions.0.id"][0]["code"] == "unknown_question"


def test_only_the_owner_changes_a_template(client, world):
    created = create(client, world)
    etag, template_id = created.headers["ETag"], created.get_json()["id"]
    for who in ("member", "other_unit", "kiap", "reader"):
        response = client.put(
            url(template_id), json=body(), headers={**world.headers[who], "If-Match": etag}
        )
        assert_problem(response, 403)
    assert_problem(client.put(url(template_id), json=body()), 401)
    bad = client.put(
        url(template_id),
        json=body(title=None),
        headers={**world.headers["consultant"], "If-Match": etag},
    )
    assert_problem(bad, 422)


def test_retiring_hides_a_template_from_the_list(client, world):
    created = create(client, world)
    response = client.put(
        url(created.get_json()["id"]),
        json=body(retired=True),
        headers={**world.headers["consultant"], "If-Match": created.headers["ETag"]},
    )
    assert response.get_json()["retired"] is True
    listed = client.get(TEMPLATES, headers=world.headers["member"]).get_json()["items"]
    assert listed == []


# --- deleting ----------------------------------------------------------------------------------


def test_a_template_is_deleted_until_a_survey_is_made_from_it(client, world):
    created = create(client, world)
    template_id, etag = created.get_json()["id"], created.headers["ETag"]
    headers = world.headers["consultant"]
    assert_problem(client.delete(url(template_id)), 401)
    assert_problem(client.delete(url(template_id), headers=world.headers["member"]), 403)
    assert_problem(client.delete(url(template_id), headers=headers), 428)
    stale = {**headers, "If-Match": '"stale"'}
    assert_problem(client.delete(url(template_id), headers=stale), 412)
    own = survey_rows.template(cluster=world.viborg)
    assert_problem(client.delete(url(own), headers=world.headers["odense"]), 404)
    used = survey_rows.template(unit=world.units["midtjylland"])
    survey_rows.survey(used, cluster=world.viborg)
    read = client.get(url(used), headers=headers)
    conflict = client.delete(url(used), headers={**headers, "If-Match": read.headers["ETag"]})
    assert assert_problem(conflict, 409)["code"] == "survey_template_in_use"

    response = client.delete(url(template_id), headers={**headers, "If-Match": etag})
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(SurveyTemplate, uuid.UUID(template_id)) is None
    assert_problem(client.get(url(template_id), headers=headers), 404)


def test_a_clusters_keepers_change_its_own_template_and_no_one_else(client, world):
    made = client.post(cluster_url(world), json=body(), headers=world.headers["coordinator"])
    template_id, etag = made.get_json()["id"], made.headers["ETag"]
    changed = body(title="Vores evaluering", retired=True)
    for who, status in (("member", 403), ("consultant", 404), ("odense", 404)):
        response = client.put(
            url(template_id), json=changed, headers={**world.headers[who], "If-Match": etag}
        )
        assert_problem(response, status)
    response = client.put(
        url(template_id), json=changed, headers={**world.headers["board"], "If-Match": etag}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["title"] == "Vores evaluering"
    assert response.get_json()["retired"] is True
