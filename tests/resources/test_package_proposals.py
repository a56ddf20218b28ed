"""Proposals of packages: a cluster's coordinator shares a held meeting (its chosen agenda
items, its files, its notes) as a package; the cluster's regional unit publishes it in the
catalogue under the cluster's name or returns it with a comment; the coordinator revises and
resubmits a returned one, or withdraws it. Each side is told by e-mail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import (
    AgendaItem,
    File,
    Meeting,
    Organisation,
    Package,
    PackageProposal,
    PackageProposalState,
    PackageState,
    QuestionKind,
    Survey,
    SurveyAudience,
    SurveyState,
)
from tests import survey_rows
from tests.outbox import mails_to
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

PROPOSED, RETURNED = PackageProposalState.proposed, PackageProposalState.returned


@dataclass
class World:
    scenario: Scenario
    midt: Organisation
    meeting: Meeting
    items: list[AgendaItem]
    headers: dict[str, dict[str, str]]


def held_meeting(factory, cluster, **fields: Any) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting of `cluster` held a week ago, with an agenda of three items (one without
    minutes) and a file."""
    meeting = factory.meeting(
        cluster,
        starts_in=-timedelta(days=7),
        title="Temamøde om trivsel",
        decisions="Vi gentager mødet om et år.",
        minutes="Godt møde; gruppearbejdet fungerede.",
        **fields,
    )
    items = [
        AgendaItem(
            id=uuid.uuid4(),
            meeting_id=meeting.id,
            position=position,
            title=title,
            duration_minutes=minutes,
            description=description,
            slide_reference=slides,
        )
        for position, (title, minutes, description, slides) in enumerate(
            [
                ("Velkomst", 10, "", "1"),
                ("Gruppearbejde om trivsel", 45, "Grupper på 4-6.", "se præsentationen"),
                ("Kaffe", 0, "", None),
            ]
        )
    ]
    db.session.add_all(items)
    db.session.commit()
    factory.file(cluster, meeting=meeting, name="Oplæg.txt", content=b"Oplaeg om trivsel\n")
    return meeting, items


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "consultant": staff("midtjylland"),
            "colleague": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "kiap": staff("kiap"),
            "member": doctor("viborg"),
            "coordinator": doctor("viborg", role="coordinator"),
            "co_coordinator": doctor("viborg", role="co_coordinator"),
            "board": doctor("viborg", role="board_member"),
            "odense": doctor("odense"),
            "writer": machine("midtjylland", "packages:write"),
            "admin": ADMIN,
        },
    )
    meeting, items = held_meeting(factory, scenario.viborg)
    return World(scenario, scenario.units["midtjylland"], meeting, items, scenario.headers)


def cluster_url(cluster: Any) -> str:
    return f"/api/v1/clusters/{getattr(cluster, 'id', cluster)}/package-proposals"


def proposal_url(proposal: Any, step: str | None = None) -> str:
    path = f"/api/v1/package-proposals/{getattr(proposal, 'id', proposal)}"
    return f"{path}/{step}" if step else path


def proposal_body(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "meeting_id": str(world.meeting.id),
        "title": "Trivsel i egen klynge",
        "summary": "Et temamøde, som klyngen selv har holdt, med gruppearbejde om trivsel.",
        "themes": ["Lægernes trivsel"],
        "audience": "Hele klyngen",
        **fields,
    }


def email_of(world: World, name: str) -> str:
    return world.scenario.people[name].email  # type: ignore[union-attr]


def propose(client, world: World, who: str = "coordinator", **fields: Any):
    return client.post(
        cluster_url(world.scenario.viborg),
        json=proposal_body(world, **fields),
        headers=world.headers[who],
    )


# --- proposing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "co_coordinator"])
def test_the_coordinator_proposes_a_held_meeting_and_the_unit_is_told(client, world, who):
    response = propose(client, world, who)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["state"] == "proposed"
    assert body["title"] == "Trivsel i egen klynge"
    assert body["cluster_name"] == "Demoklyngen Viborg"
    assert body["unit_id"] == str(world.midt.id)
    assert body["meeting_id"] == str(world.meeting.id)
    assert body["proposed_by_id"] == world.scenario.id(who)
    # The agenda: the items with minutes, in order; a slide text the template does not take
    # goes to the method notes.
    assert [(i["title"], i["minutes"], i["slides"]) for i in body["items"]] == [
        ("Velkomst", 10, "1"),
        ("Gruppearbejde om trivsel", 45, None),
    ]
    assert body["items"][1]["method_notes"] == "Grupper på 4-6.\n\nDias: se præsentationen"
    assert body["estimated_minutes"] == 55
    assert "Vi gentager mødet om et år." in body["notes"]
    assert "Godt møde" in body["notes"]
    assert [m["name"] for m in body["materials"]] == ["Oplæg.txt"]
    assert body["my_permissions"] == {"revise": True, "review": False}
    assert response.headers["Location"].endswith(body["id"])
    # A draft package of the unit, crediting the cluster, not in anyone else's catalogue.
    package = db.session.get(Package, uuid.UUID(body["package_id"]))
    assert package.state is PackageState.draft
    assert package.organisation_id == world.midt.id
    assert package.cluster_id == world.scenario.viborg.id
    material = db.session.scalar(select(File).where(File.package_version_id.isnot(None)))
    original = db.session.scalar(select(File).where(File.meeting_id == world.meeting.id))
    assert material.sha256 == original.sha256 and material.id != original.id
    for name in ("consultant", "colleague"):
        (mail,) = mails_to(email_of(world, name))
        assert "Nyt pakkeforslag fra Demoklyngen Viborg" in mail.subject
        assert "»Trivsel i egen klynge«" in mail.text_body
    assert mails_to(email_of(world, "other_unit")) == []


def test_chosen_agenda_items_and_notes_are_taken_as_given(client, world):
    chosen = [str(world.items[1].id)]
    response = propose(client, world, agenda_item_ids=chosen, notes="Brug to timer.")
    assert response.status_code == 201
    body = response.get_json()
    assert [i["title"] for i in body["items"]] == ["Gruppearbejde om trivsel"]
    assert body["estimated_minutes"] == 45
    assert body["notes"] == "Brug to timer."


# --- the meeting's evaluation goes with it ------------------------------------------------------

LIKERT, NPS = QuestionKind.likert, QuestionKind.nps
SINGLE, FREE = QuestionKind.single_choice, QuestionKind.free_text


def evaluation(world: World, owner: Organisation | None = None, **fields: Any) -> Survey:
    """A closed evaluation of the world's meeting, from a template of `owner` (a unit) or of
    the cluster."""
    viborg = world.scenario.viborg
    source = survey_rows.template(unit=owner, cluster=None if owner else viborg)
    fields = {"state": SurveyState.closed, "meeting_id": world.meeting.id, **fields}
    return survey_rows.survey(source, cluster=viborg, audience=SurveyAudience.meeting, **fields)


def test_the_meeting_s_evaluation_is_summed_up_without_its_free_texts(client, world):
    row = evaluation(world, world.scenario.units["kiap"])
    survey_rows.answer(
        row,
        [{LIKERT: 5, NPS: 10, SINGLE: 0, FREE: "Kun til klyngen"}] * 4
        + [{LIKERT: 4, NPS: 7, SINGLE: 1}] * 2
        + [{LIKERT: 2, NPS: 3, SINGLE: 0}] * 2,
        unanswered=2,
    )
    response = propose(client, world)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # Below the meeting's decisions and minutes: 8 of 10 answered; 6 of 8 agree (4 and 5);
    # NPS (4 promoters less 2 detractors) of 8; "Fysisk" chosen by 6 of 8.
    assert body["notes"] == (
        "Beslutninger:\nVi gentager mødet om et år.\n\nReferat:\nGodt møde; gruppearbejdet "
        "fungerede.\n\nEvaluering (Evaluering af klyngemøde): 8 af 10 svarede (80 %).\n"
        "- Mødet var relevant for min praksis – 75 % helt eller delvist enig (gennemsnit 4,0)\n"
        "- Hvor sandsynligt er det, at du vil anbefale mødet? – NPS 25\n"
        "- Hvilken mødeform foretrækker du? – oftest »Fysisk« (75 %)"
    )
    assert "Kun til klyngen" not in str(body)
    # KiAP's template goes with it: the published package offers the same evaluation.
    assert body["survey_template_id"] == str(row.template_id)
    published = client.post(
        proposal_url(body["id"], "publish"), headers=world.headers["consultant"]
    )
    assert published.status_code == 200, published.get_json()
    package = client.get(
        f"/api/v1/packages/{body['package_id']}", headers=world.headers["member"]
    ).get_json()
    assert package["published_version"]["survey_template_id"] == str(row.template_id)


def test_given_notes_keep_the_evaluation_below_them_and_false_leaves_it_out(client, world):
    row = evaluation(world, world.scenario.units["kiap"])
    survey_rows.answer(row, [{LIKERT: 4}] * 5)
    body = propose(client, world, notes="Brug to timer.").get_json()
    assert body["notes"].startswith(
        "Brug to timer.\n\nEvaluering (Evaluering af klyngemøde): 5 af 5"
    )
    left_out = propose(client, world, notes="Brug to timer.", include_evaluation=False)
    assert left_out.status_code == 201, left_out.get_json()
    assert left_out.get_json()["notes"] == "Brug to timer."
    assert left_out.get_json()["survey_template_id"] is None


def test_too_few_answers_give_only_the_counts_and_a_cluster_s_own_template_stays(client, world):
    row = evaluation(world)  # the cluster's own template: not a unit's to offer
    survey_rows.answer(row, [{LIKERT: 1, NPS: 0}] * 3, unanswered=7)
    body = propose(client, world, notes="").get_json()
    assert body["notes"] == (
        "Evaluering (Evaluering af klyngemøde): 3 af 10 svarede (30 %).\n"
        "For få svar til at vise resultaterne (mindst 5)."
    )
    assert body["survey_template_id"] is None


def test_an_evaluation_still_open_is_not_summed_up(client, world):
    row = evaluation(world, world.scenario.units["kiap"], state=SurveyState.open)
    survey_rows.answer(row, [{LIKERT: 5}] * 6)
    body = propose(client, world, notes="Brug to timer.").get_json()
    assert body["notes"] == "Brug to timer."
    assert body["survey_template_id"] is None


def test_a_meeting_not_held_is_not_proposed(client, factory, world):
    planned = factory.meeting(world.scenario.viborg)
    body = assert_problem(propose(client, world, meeting_id=str(planned.id)), 409)
    assert body["code"] == "meeting_not_held"
    assert db.session.scalar(select(PackageProposal.id)) is None


def test_a_meeting_of_another_cluster_is_refused(client, factory, world):
    other, _ = held_meeting(factory, world.scenario.odense)
    body = assert_problem(propose(client, world, meeting_id=str(other.id)), 422)
    assert body["codes"]["meeting_id"][0]["code"] == "unknown_meeting_of_cluster"


def test_agenda_items_must_be_the_meeting_s_with_minutes(client, world):
    chosen = [str(world.items[2].id), str(uuid.uuid4())]
    body = assert_problem(propose(client, world, agenda_item_ids=chosen), 422)
    assert body["codes"]["agenda_item_ids.0"][0]["code"] == "agenda_item_without_minutes"
    assert body["codes"]["agenda_item_ids.1"][0]["code"] == "not_in_agenda"


def test_a_meeting_without_an_agenda_is_not_proposed(client, factory, world):
    meeting = factory.meeting(world.scenario.viborg, starts_in=-timedelta(days=3))
    body = assert_problem(propose(client, world, meeting_id=str(meeting.id)), 422)
    assert body["codes"]["agenda_item_ids"][0]["code"] == "agenda_required"


@pytest.mark.parametrize(
    "fields",
    [{"title": ""}, {"meeting_id": "nope"}, {"cluster_id": str(uuid.uuid4())}, {"themes": "x"}],
)
def test_bad_input_is_refused(client, world, fields):
    assert_problem(propose(client, world, **fields), 422)


def test_who_may_propose(client, world):
    assert_problem(client.post(cluster_url(world.scenario.viborg), json={}), 401)
    for who in ("member", "board", "consultant"):
        assert_problem(propose(client, world, who), 403)
    assert_problem(propose(client, world, "odense"), 404)
    assert_problem(propose(client, world, "other_unit"), 404)


# --- reading -----------------------------------------------------------------------------------


def test_the_cluster_and_the_unit_list_proposals(client, factory, world, count_statements):
    viborg, odense = world.scenario.viborg, world.scenario.odense
    syd = world.scenario.units["syddanmark"]
    first = factory.package_proposal(viborg, world.midt)
    second = factory.package_proposal(viborg, world.midt, state=RETURNED)
    factory.package_proposal(odense, syd)
    response = client.get(cluster_url(viborg), headers=world.headers["member"])
    assert response.status_code == 200
    ids = {item["id"] for item in response.get_json()["items"]}
    assert ids == {str(first.id), str(second.id)}
    response = client.get(
        cluster_url(viborg), query_string={"state": "returned"}, headers=world.headers["member"]
    )
    (item,) = response.get_json()["items"]
    assert item["review_comment"] == "Tilføj gerne dias til punkterne."
    # The unit's queue: its region's proposals only.
    with count_statements() as few:
        response = client.get("/api/v1/package-proposals", headers=world.headers["consultant"])
    assert response.status_code == 200
    assert {i["id"] for i in response.get_json()["items"]} == ids
    for _ in range(3):
        factory.package_proposal(viborg, world.midt)
    with count_statements() as more:
        response = client.get("/api/v1/package-proposals", headers=world.headers["consultant"])
    assert len(response.get_json()["items"]) == 5
    assert more.count == few.count
    response = client.get(
        "/api/v1/package-proposals",
        query_string={"state": "proposed", "cluster": str(viborg.id)},
        headers=world.headers["consultant"],
    )
    assert len(response.get_json()["items"]) == 4
    response = client.get("/api/v1/package-proposals", headers=world.headers["other_unit"])
    assert [i["cluster_name"] for i in response.get_json()["items"]] == ["Odense Syd"]
    assert_problem(client.get("/api/v1/package-proposals", headers=world.headers["member"]), 403)
    assert_problem(client.get("/api/v1/package-proposals"), 401)
    assert_problem(
        client.get("/api/v1/package-proposals?limit=500", headers=world.headers["consultant"]), 422
    )


def test_only_the_cluster_and_its_unit_find_a_proposal(client, factory, world):
    proposal = factory.package_proposal(world.scenario.viborg, world.midt)
    for who in ("member", "coordinator", "consultant", "writer", "admin"):
        response = client.get(proposal_url(proposal), headers=world.headers[who])
        assert response.status_code == 200, who
        assert response.headers["ETag"]
    for who in ("odense", "other_unit", "kiap"):
        assert_problem(client.get(proposal_url(proposal), headers=world.headers[who]), 404)
    assert_problem(client.get(proposal_url(uuid.uuid4()), headers=world.headers["member"]), 404)
    assert_problem(
        client.get(cluster_url(world.scenario.viborg), headers=world.headers["odense"]), 404
    )


# --- reviewing ---------------------------------------------------------------------------------


def test_the_unit_publishes_under_the_cluster_s_name(client, world):
    proposal_id = propose(client, world).get_json()["id"]
    response = client.post(
        proposal_url(proposal_id, "publish"), headers=world.headers["consultant"]
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "published"
    assert body["reviewed_by_id"] == world.scenario.id("consultant")
    assert body["my_permissions"] == {"revise": False, "review": True}
    # In everyone's catalogue, credited to the cluster.
    response = client.get(f"/api/v1/packages/{body['package_id']}", headers=world.headers["odense"])
    assert response.status_code == 200
    package = response.get_json()
    assert package["state"] == "published"
    assert package["kind"] == "package"
    assert package["cluster_name"] == "Demoklyngen Viborg"
    assert package["unit_id"] == str(world.midt.id)
    assert [m["name"] for m in package["published_version"]["materials"]] == ["Oplæg.txt"]
    (mail,) = mails_to(email_of(world, "coordinator"))
    assert "har udgivet jeres pakkeforslag »Trivsel i egen klynge«" in mail.subject
    # Once published it is neither reviewed again, revised nor withdrawn.
    again = client.post(proposal_url(proposal_id, "publish"), headers=world.headers["consultant"])
    assert assert_problem(again, 409)["code"] == "package_proposal_not_proposed"
    etag = client.get(proposal_url(proposal_id), headers=world.headers["coordinator"]).headers[
        "ETag"
    ]
    response = client.delete(
        proposal_url(proposal_id), headers={**world.headers["coordinator"], "If-Match": etag}
    )
    assert assert_problem(response, 409)["code"] == "package_proposal_published"


def test_the_unit_returns_with_a_comment_and_the_coordinator_resubmits(client, world):
    proposal_id = propose(client, world).get_json()["id"]
    body = assert_problem(
        client.post(
            proposal_url(proposal_id, "return"), json={}, headers=world.headers["consultant"]
        ),
        422,
    )
    assert "comment" in body["errors"]
    blank = client.post(
        proposal_url(proposal_id, "return"),
        json={"comment": "  "},
        headers=world.headers["consultant"],
    )
    assert_problem(blank, 422)
    response = client.post(
        proposal_url(proposal_id, "return"),
        json={"comment": "Skriv gerne mere om metoden i gruppearbejdet."},
        headers=world.headers["consultant"],
    )
    assert response.status_code == 200
    assert response.get_json()["state"] == "returned"
    assert response.get_json()["review_comment"] == "Skriv gerne mere om metoden i gruppearbejdet."
    (mail,) = mails_to(email_of(world, "coordinator"))
    assert "sendt jeres pakkeforslag »Trivsel i egen klynge« tilbage" in mail.subject
    assert "Skriv gerne mere om metoden" in mail.text_body
    # Returned, it is not published; the coordinator revises it, then resubmits it.
    refused = client.post(proposal_url(proposal_id, "publish"), headers=world.headers["consultant"])
    assert assert_problem(refused, 409)["code"] == "package_proposal_not_proposed"
    url = proposal_url(proposal_id)
    etag = client.get(url, headers=world.headers["coordinator"]).headers["ETag"]
    revision = {
        "title": "Trivsel i egen klynge",
        "summary": "Nu med metoden beskrevet.",
        "themes": ["Lægernes trivsel", "Samarbejde"],
        "audience": "Hele klyngen",
        "items": [
            {"title": "Velkomst", "minutes": 10, "slides": "1"},
            {"title": "Gruppearbejde", "minutes": 50, "method_notes": "Fire overskrifter."},
        ],
    }
    assert_problem(client.put(url, json=revision, headers=world.headers["coordinator"]), 428)
    stale = {**world.headers["coordinator"], "If-Match": '"stale"'}
    assert_problem(client.put(url, json=revision, headers=stale), 412)
    assert_problem(client.put(url, json=revision, headers=world.headers["member"]), 403)
    assert_problem(
        client.put(
            url,
            json={**revision, "items": []},
            headers={**world.headers["coordinator"], "If-Match": etag},
        ),
        422,
    )
    response = client.put(
        url, json=revision, headers={**world.headers["coordinator"], "If-Match": etag}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["summary"] == "Nu med metoden beskrevet."
    assert body["estimated_minutes"] == 60
    assert [i["title"] for i in body["items"]] == ["Velkomst", "Gruppearbejde"]
    assert body["state"] == "returned"
    assert response.headers["ETag"] != etag
    response = client.post(
        proposal_url(proposal_id, "resubmit"), headers=world.headers["coordinator"]
    )
    assert response.status_code == 200
    assert response.get_json()["state"] == "proposed"
    mails = mails_to(email_of(world, "consultant"))
    assert len(mails) == 2
    resent = "har sendt pakkeforslaget »Trivsel i egen klynge« igen"
    assert len([mail for mail in mails if resent in mail.subject]) == 1
    again = client.post(proposal_url(proposal_id, "resubmit"), headers=world.headers["coordinator"])
    assert assert_problem(again, 409)["code"] == "package_proposal_not_returned"


def test_the_coordinator_withdraws_a_proposal(client, world):
    body = propose(client, world).get_json()
    url = proposal_url(body["id"])
    etag = client.get(url, headers=world.headers["coordinator"]).headers["ETag"]
    assert_problem(client.delete(url, headers=world.headers["coordinator"]), 428)
    assert_problem(client.delete(url, headers={**world.headers["member"], "If-Match": etag}), 403)
    response = client.delete(url, headers={**world.headers["coordinator"], "If-Match": etag})
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(PackageProposal, uuid.UUID(body["id"])) is None
    assert db.session.get(Package, uuid.UUID(body["package_id"])) is None
    assert db.session.scalar(select(File).where(File.package_version_id.isnot(None))) is None
    # The meeting's own file stays.
    assert db.session.scalar(select(File).where(File.meeting_id == world.meeting.id)) is not None


def test_who_may_review(client, factory, world):
    proposal = factory.package_proposal(world.scenario.viborg, world.midt)
    for who in ("coordinator", "member"):
        assert_problem(
            client.post(proposal_url(proposal, "publish"), headers=world.headers[who]), 403
        )
    assert_problem(
        client.post(proposal_url(proposal, "publish"), headers=world.headers["other_unit"]), 404
    )
    assert_problem(client.post(proposal_url(proposal, "publish")), 401)
    response = client.post(
        proposal_url(proposal, "return"),
        json={"comment": "Mere tekst."},
        headers=world.headers["writer"],
    )
    assert response.status_code == 200


def test_the_unit_publishes_a_proposal_only_through_it(client, factory, world):
    proposal = factory.package_proposal(world.scenario.viborg, world.midt)
    package = db.session.get(Package, proposal.package_id)
    url = f"/api/v1/packages/{package.id}/versions/{package.versions[0].id}/publish"
    response = client.post(url, headers=world.headers["consultant"])
    assert assert_problem(response, 409)["code"] == "package_proposal_pending"
