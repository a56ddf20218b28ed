"""Building a meeting's agenda from a package: the planner chooses parts of a published
version, they become copies on the agenda in the version's order, the version's materials are
linked to the meeting (read there by the cluster, still the package's), and the answer checks
the parts' minutes against the meeting's length."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from api.core.extensions import db
from api.models import AgendaItem, Meeting, MeetingState, PackageState, PackageVersionState
from tests import survey_rows
from tests.factories import PDF_RECEIPT
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, staff

PUBLISHED, DRAFT = PackageVersionState.published, PackageVersionState.draft
MEETINGS = "/api/v1/meetings"


@pytest.fixture
def world(factory) -> Scenario:
    return build(
        factory,
        {
            "coordinator": doctor("viborg", role="coordinator"),
            "member": doctor("viborg"),
            "odense_member": doctor("odense"),
            "consultant": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "admin": ADMIN,
        },
    )


def _meeting(factory, world: Scenario, cluster=None, **fields) -> Meeting:
    return factory.meeting(
        cluster or world.viborg, responsible=world.people["coordinator"], **fields
    )


def _build(client, world: Scenario, meeting_id, body: dict, caller: str = "coordinator"):
    headers = world.headers[caller]
    etag = client.get(f"{MEETINGS}/{meeting_id}", headers=headers).headers.get("ETag", '"x"')
    return client.post(
        f"{MEETINGS}/{meeting_id}/agenda-from-package",
        json=body,
        headers={**headers, "If-Match": etag},
    )


def _body(version, *positions: int, **fields) -> dict:
    items = version.items
    return {
        "package_id": str(version.package_id),
        "version_id": str(version.id),
        "item_ids": [str(items[p].id) for p in positions],
        **fields,
    }


def test_the_chosen_parts_become_the_agenda_with_a_time_budget(client, factory, world):
    package = factory.package(world.units["midtjylland"], items=5)
    version = package.versions[0]
    material = factory.package_material(version)
    meeting = _meeting(factory, world, hours=1)
    meeting_id = meeting.id

    # Chosen in any order, added in the version's: four parts of 20 minutes in a 60-minute meeting.
    response = _build(client, world, meeting_id, _body(version, 3, 0, 1, 4))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [i["title"] for i in body["items"]] == ["Punkt 1", "Punkt 2", "Punkt 4", "Punkt 5"]
    assert [i["position"] for i in body["items"]] == [0, 1, 2, 3]
    assert body["items"][2]["slide_reference"] == "4"
    assert body["total_minutes"] == 80
    assert body["budget"] == {"planned_minutes": 80, "meeting_minutes": 60, "over_by_minutes": 20}
    assert body["package_version_id"] == str(version.id)
    assert [m["id"] for m in body["materials"]] == [str(material.id)]
    assert (
        response.headers["ETag"]
        == client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers["coordinator"]).headers[
            "ETag"
        ]
    )

    # The meeting shows where its agenda came from; a member reads and downloads the material
    # through the meeting.
    shown = client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers["member"]).get_json()
    assert shown["package_version_id"] == str(version.id)
    assert len(shown["agenda_items"]) == 4
    listed = client.get(
        f"{MEETINGS}/{meeting_id}/package-materials", headers=world.headers["member"]
    )
    assert [m["id"] for m in listed.get_json()["items"]] == [str(material.id)]
    download = client.get(
        f"{MEETINGS}/{meeting_id}/package-materials/{material.id}",
        headers=world.headers["member"],
    )
    assert download.status_code == 200
    assert download.data == PDF_RECEIPT
    # Another cluster's member finds neither the list nor the material.
    for path in ("package-materials", f"package-materials/{material.id}"):
        assert_problem(
            client.get(f"{MEETINGS}/{meeting_id}/{path}", headers=world.headers["odense_member"]),
            404,
        )


def test_the_parts_are_chosen_by_the_ids_the_package_shows(client, factory, world):
    package = factory.package(world.units["midtjylland"], items=3)
    meeting_id = _meeting(factory, world, hours=3).id
    shown = client.get(f"/api/v1/packages/{package.id}", headers=world.headers["coordinator"])
    version = shown.get_json()["published_version"]
    ids = [item["id"] for item in version["items"]]
    assert len(set(ids)) == 3
    body = {
        "package_id": str(package.id),
        "version_id": version["id"],
        "item_ids": [ids[2], ids[0]],
    }
    response = _build(client, world, meeting_id, body)
    assert response.status_code == 200, response.get_json()
    assert [i["title"] for i in response.get_json()["items"]] == ["Punkt 1", "Punkt 3"]


def test_within_budget_nothing_is_over(client, factory, world):
    version = factory.package(world.units["midtjylland"], items=3).versions[0]
    meeting_id = _meeting(factory, world, hours=3).id
    response = _build(client, world, meeting_id, _body(version, 0, 2))
    assert response.get_json()["budget"] == {
        "planned_minutes": 40,
        "meeting_minutes": 180,
        "over_by_minutes": 0,
    }


def test_the_parts_are_appended_unless_replacing_is_asked_for(client, factory, world):
    version = factory.package(world.units["midtjylland"], items=3).versions[0]
    meeting = _meeting(factory, world)
    meeting.agenda_items = [
        AgendaItem(id=uuid.uuid4(), position=0, title="Velkomst", duration_minutes=5)
    ]
    db.session.commit()
    meeting_id = meeting.id

    appended = _build(client, world, meeting_id, _body(version, 1))
    assert [i["title"] for i in appended.get_json()["items"]] == ["Velkomst", "Punkt 2"]
    replaced = _build(client, world, meeting_id, _body(version, 0, 2, mode="replace"))
    assert [i["title"] for i in replaced.get_json()["items"]] == ["Punkt 1", "Punkt 3"]
    assert replaced.get_json()["budget"]["planned_minutes"] == 40


def test_later_versions_of_the_package_do_not_change_a_held_meeting(client, factory, world):
    package = factory.package(world.units["midtjylland"], items=2)
    first = package.versions[0]
    package_id, first_id = package.id, first.id
    meeting_id = _meeting(factory, world).id
    assert _build(client, world, meeting_id, _body(first, 0, 1)).status_code == 200
    # The meeting is held; then the unit publishes a new version with another agenda.
    meeting = db.session.get(Meeting, meeting_id)
    meeting.starts_at = datetime.now(UTC) - timedelta(days=2)
    meeting.ends_at = meeting.starts_at + timedelta(hours=3)
    meeting.rsvp_by = None
    db.session.commit()
    consultant = world.headers["consultant"]
    created = client.post(
        f"/api/v1/packages/{package_id}/versions",
        json={"items": [{"title": "Nyt punkt", "minutes": 30}]},
        headers=consultant,
    )
    assert created.status_code == 201, created.get_json()
    published = client.post(
        f"/api/v1/packages/{package_id}/versions/{created.get_json()['id']}/publish",
        headers={**consultant, "If-Match": created.headers["ETag"]},
    )
    assert published.status_code == 200, published.get_json()

    shown = client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers["member"]).get_json()
    assert shown["status"] == "held"
    assert shown["package_version_id"] == str(first_id)
    assert [i["title"] for i in shown["agenda_items"]] == ["Punkt 1", "Punkt 2"]
    assert [i["duration_minutes"] for i in shown["agenda_items"]] == [20, 20]


# --- refusals ----------------------------------------------------------------------------------


def test_refusals(client, factory, world):
    midt, syd = world.units["midtjylland"], world.units["syddanmark"]
    version = factory.package(midt, items=2).versions[0]
    meeting_id = _meeting(factory, world).id
    url = f"{MEETINGS}/{meeting_id}/agenda-from-package"
    body = _body(version, 0)

    assert_problem(client.post(url, json=body), 401)
    assert_problem(_build(client, world, meeting_id, body, caller="member"), 403)
    # Another cluster's meeting is not found.
    odense_id = _meeting(factory, world, cluster=world.odense).id
    assert_problem(_build(client, world, odense_id, body), 404)
    # Another unit's draft version is not found; an unknown package neither.
    other_draft = factory.package(syd, versions=(PUBLISHED, DRAFT)).versions[1]
    assert_problem(_build(client, world, meeting_id, _body(other_draft, 0)), 404)
    assert_problem(
        _build(client, world, meeting_id, {**body, "package_id": str(uuid.uuid4())}), 404
    )
    # Parts that are not the version's, none, or one twice.
    other = factory.package(midt).versions[0]
    unknown = {**body, "item_ids": [str(version.items[0].id), str(other.items[0].id)]}
    problem = assert_problem(_build(client, world, meeting_id, unknown), 422)
    assert problem["codes"] == {"item_ids.1": [{"code": "not_in_package_version"}]}
    twice = {**body, "item_ids": [str(version.items[0].id)] * 2}
    problem = assert_problem(_build(client, world, meeting_id, twice), 422)
    assert problem["codes"] == {"item_ids.1": [{"code": "named_twice"}]}
    assert_problem(_build(client, world, meeting_id, {**body, "item_ids": []}), 422)
    assert_problem(_build(client, world, meeting_id, {**body, "mode": "merge"}), 422)
    # A version not published: found only by its unit's writers (the admin also plans).
    own_draft = factory.package(midt, versions=(PUBLISHED, DRAFT)).versions[1]
    problem = assert_problem(
        _build(client, world, meeting_id, _body(own_draft, 0), caller="admin"), 409
    )
    assert problem["code"] == "package_version_not_published"
    # A retired package is read, but no longer planned from.
    retired = factory.package(midt, state=PackageState.retired).versions[0]
    problem = assert_problem(_build(client, world, meeting_id, _body(retired, 0)), 409)
    assert problem["code"] == "package_retired"
    # If-Match: required, and current.
    assert_problem(client.post(url, json=body, headers=world.headers["coordinator"]), 428)
    stale = {**world.headers["coordinator"], "If-Match": '"stale"'}
    assert_problem(client.post(url, json=body, headers=stale), 412)
    # A cancelled meeting is not planned any more.
    cancelled_id = _meeting(
        factory, world, state=MeetingState.cancelled, cancelled_at=datetime.now(UTC)
    ).id
    problem = assert_problem(_build(client, world, cancelled_id, body), 409)
    assert problem["code"] == "meeting_cancelled"
    # Nothing changed on the way.
    shown = client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers["coordinator"])
    assert shown.get_json()["agenda_items"] == []
    assert shown.get_json()["package_version_id"] is None


def test_only_linked_materials_are_read_through_the_meeting(client, factory, world):
    """A member downloads the linked material through the meeting; not a draft version's
    material (not linked), neither there nor as a file."""
    package = factory.package(world.units["midtjylland"], versions=(PUBLISHED, DRAFT))
    published, draft = package.versions
    linked = factory.package_material(published)
    unlinked = factory.package_material(draft, content=PDF_RECEIPT + b"draft")
    meeting_id = _meeting(factory, world).id
    assert _build(client, world, meeting_id, _body(published, 0)).status_code == 200
    member = world.headers["member"]
    base = f"{MEETINGS}/{meeting_id}/package-materials"
    assert client.get(f"{base}/{linked.id}", headers=member).status_code == 200
    assert_problem(client.get(f"{base}/{unlinked.id}", headers=member), 404)
    for material in (linked, unlinked):
        # The package's files are not reached as the cluster's files.
        assert_problem(client.get(f"/api/v1/files/{material.id}/content", headers=member), 404)
        assert_problem(client.delete(f"/api/v1/files/{material.id}", headers=member), 404)


# --- statements --------------------------------------------------------------------------------


def test_building_costs_the_same_statements_however_many_parts(
    client, factory, world, count_statements
):
    def statements(items: int, materials: int) -> int:
        version = factory.package(world.units["midtjylland"], items=items).versions[0]
        for n in range(materials):
            factory.package_material(version, content=PDF_RECEIPT + bytes([n]), name=f"{n}.pdf")
        meeting = _meeting(factory, world)
        meeting.agenda_items = [
            AgendaItem(id=uuid.uuid4(), position=i, title="Punkt", duration_minutes=5)
            for i in range(items)
        ]
        db.session.commit()
        meeting_id = meeting.id
        body = _body(version, *range(items), mode="replace")
        etag = client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers["coordinator"]).headers[
            "ETag"
        ]
        with count_statements() as counter:
            response = client.post(
                f"{MEETINGS}/{meeting_id}/agenda-from-package",
                json=body,
                headers={**world.headers["coordinator"], "If-Match": etag},
            )
        assert response.status_code == 200, response.get_json()
        assert len(response.get_json()["items"]) == items
        return counter.count

    statements(1, 1)  # the caller's account, loaded once
    assert statements(12, 4) == statements(1, 1)


def test_the_meeting_offers_the_survey_template_of_its_package(client, factory, world):
    package = factory.package(world.units["midtjylland"], items=2)
    version = package.versions[0]
    template = survey_rows.template(unit=world.units["midtjylland"], title="Evaluering")
    version.survey_template_id = template.id
    db.session.commit()
    meeting_id = _meeting(factory, world).id
    plain_id = _meeting(factory, world).id
    headers = world.headers["member"]
    assert (
        client.get(f"{MEETINGS}/{meeting_id}", headers=headers).get_json()[
            "offered_survey_template"
        ]
        is None
    )
    assert _build(client, world, meeting_id, _body(version, 0)).status_code == 200
    shown = client.get(f"{MEETINGS}/{meeting_id}", headers=headers).get_json()
    assert shown["offered_survey_template"] == {"id": str(template.id), "title": "Evaluering"}
    plain = client.get(f"{MEETINGS}/{plain_id}", headers=headers).get_json()
    assert plain["offered_survey_template"] is None
