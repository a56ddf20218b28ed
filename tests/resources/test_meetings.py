"""Meetings through their life: planning, agenda, invitations, answers, reminders, attendance
at the door, closing, corrections and cancelling, caller by caller."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from threading import Barrier

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import (
    Attendance,
    AuditLogEntry,
    Clinic,
    Cluster,
    Invitation,
    Meeting,
    SubCluster,
)
from tests.problems import assert_problem, batch_summary
from tests.scenarios import ADMIN, OUTSIDER, Scenario, build, doctor, machine, staff

MEETINGS = "/api/v1/meetings"


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class World(Scenario):
    sub_cluster: SubCluster | None = None

    @property
    def clinic(self) -> Clinic:
        return self.clinics["viborg"]

    @property
    def other_clinic(self) -> Clinic:
        return self.clinics["viborg_other"]

    def url(self, cluster: Cluster | None = None) -> str:
        return f"/api/v1/clusters/{(cluster or self.viborg).id}/meetings"


@pytest.fixture
def world(factory) -> World:
    people = {
        "coordinator": doctor("viborg", role="coordinator"),
        "co_coordinator": doctor("viborg", role="co_coordinator"),
        "board_member": doctor("viborg_other", role="board_member"),
        "secretary": doctor("viborg_other", role="secretary"),
        "treasurer": doctor("viborg_other", role="treasurer"),
        "member": doctor("viborg"),
        "colleague": doctor("viborg_other"),
        "odense_member": doctor("odense"),
        "midtkraft": staff("midtjylland"),
        "sydkip": staff("syddanmark"),
        "plo": staff("plo"),
        "plo_client": machine("plo", "attendance:read"),
        "midtkraft_client": machine("midtjylland", "attendance:read"),
        "admin": ADMIN,
        "outsider": OUTSIDER,
    }
    world = build(factory, people, naming=str, shape=World)
    world.sub_cluster = factory.sub_cluster(
        world.viborg, (world.other_clinic,), name="Babyklynge Syd"
    )
    return world


def _meeting_body(**fields) -> dict:
    return {
        "title": "Klyngemøde om antibiotika",
        "kind": "after_work",
        "starts_at": _at(timedelta(days=10)),
        "ends_at": _at(timedelta(days=10, hours=3)),
        "place_name": "Lægehuset",
        "place_address": "Vestergade 1, 8800 Viborg",
        **fields,
    }


def _create(client, world: World, caller: str = "coordinator", **fields) -> dict:
    response = client.post(world.url(), json=_meeting_body(**fields), headers=world.headers[caller])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _planned(client, world: World, **fields) -> dict:
    return _create(client, world, status="planned", **fields)


def _etag(client, world: World, meeting_id: str, caller: str = "coordinator") -> str:
    return client.get(f"{MEETINGS}/{meeting_id}", headers=world.headers[caller]).headers["ETag"]


def _begin(meeting_id: str) -> None:
    """Time passes: the meeting has begun (an hour ago) and runs another hour."""
    meeting = db.session.get(Meeting, uuid.UUID(meeting_id))
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=1)
    meeting.ends_at = datetime.now(UTC) + timedelta(hours=1)
    meeting.rsvp_by = None
    db.session.commit()


def _uid(world: World, name: str) -> str:
    return str(world.people[name].id)


# --- a meeting's whole life --------------------------------------------------------------


def test_meeting_life_from_draft_to_corrected_attendance(client, world):
    coordinator = world.headers["coordinator"]
    # A draft: seen by those who plan, not by members.
    created = client.post(world.url(), json=_meeting_body(), headers=coordinator)
    assert created.status_code == 201, created.get_json()
    draft, draft_etag = created.get_json(), created.headers["ETag"]
    assert draft["status"] == "draft"
    assert draft["responsible"] == {
        "kind": "user",
        "id": _uid(world, "coordinator"),
        "name": "coordinator",
    }
    assert draft["time_zone"] == "Europe/Copenhagen"
    assert draft["ical_uid"].startswith(f"meeting-{draft['id']}@")
    url = f"{MEETINGS}/{draft['id']}"
    assert_problem(client.get(url, headers=world.headers["member"]), 404)
    listed = client.get(world.url(), headers=world.headers["member"]).get_json()["items"]
    assert listed == []

    # Planning it: If-Match required (428), a stale one refused (412).
    assert_problem(client.patch(url, json={"status": "planned"}, headers=coordinator), 428)
    stale = {**coordinator, "If-Match": '"stale"'}
    assert_problem(client.patch(url, json={"status": "planned"}, headers=stale), 412)
    etag = _etag(client, world, draft["id"])
    assert draft_etag == etag  # the 201 carries the ETag a GET gives
    planned = client.patch(
        url, json={"status": "planned"}, headers={**coordinator, "If-Match": etag}
    )
    assert planned.status_code == 200
    assert planned.get_json()["status"] == "planned"
    assert planned.get_json()["sequence"] == 0
    assert client.get(url, headers=world.headers["member"]).status_code == 200

    # The agenda, replaced whole, then reordered with the ids kept.
    agenda_url = f"{url}/agenda-items"
    items = [
        {"title": "Velkomst", "duration_minutes": 10},
        {"title": "Data: antibiotika", "duration_minutes": 45, "slide_reference": "2-5"},
        {"title": "PDSA i klinikkerne", "duration_minutes": 30, "responsible_name": "MidtKraft"},
    ]
    etag = planned.headers["ETag"]
    assert_problem(client.put(agenda_url, json={"items": items}, headers=coordinator), 428)
    put = client.put(agenda_url, json={"items": items}, headers={**coordinator, "If-Match": etag})
    assert put.status_code == 200, put.get_json()
    agenda = put.get_json()
    assert agenda["total_minutes"] == 85
    assert [i["position"] for i in agenda["items"]] == [0, 1, 2]
    assert put.headers["ETag"] != etag
    # The old ETag is stale now.
    again = client.put(agenda_url, json={"items": items}, headers={**coordinator, "If-Match": etag})
    assert_problem(again, 412)
    reordered = [
        {"id": agenda["items"][2]["id"], "title": "PDSA", "duration_minutes": 20},
        {"id": agenda["items"][0]["id"], "title": "Velkomst", "duration_minutes": 10},
    ]
    put = client.put(
        agenda_url,
        json={"items": reordered},
        headers={**coordinator, "If-Match": put.headers["ETag"]},
    )
    assert [(i["id"], i["title"]) for i in put.get_json()["items"]] == [
        (agenda["items"][2]["id"], "PDSA"),
        (agenda["items"][0]["id"], "Velkomst"),
    ]
    detail = client.get(url, headers=world.headers["member"]).get_json()
    assert [i["title"] for i in detail["agenda_items"]] == ["PDSA", "Velkomst"]
    assert detail["agenda_minutes"] == 30

    # Invite everyone; a second invitation duplicates nobody.
    preview = client.post(
        f"{url}/invitations?dry_run=true", json={"everyone": True}, headers=coordinator
    )
    assert preview.get_json()["summary"] == batch_summary(created=7)
    assert db.session.scalar(select(Invitation.id)) is None
    invited = client.post(f"{url}/invitations", json={"everyone": True}, headers=coordinator)
    assert invited.status_code == 200
    assert invited.get_json()["summary"] == batch_summary(created=7)
    again = client.post(f"{url}/invitations", json={"everyone": True}, headers=coordinator)
    assert again.get_json()["summary"] == batch_summary(unchanged=7)
    assert len(db.session.scalars(select(Invitation)).all()) == 7

    # A member answers in one call; the same answer again changes nothing.
    me = f"{url}/invitations/me"
    answered = client.put(me, json={"answer": "accepted"}, headers=world.headers["member"])
    assert answered.status_code == 200
    assert answered.get_json()["answer"] == "accepted"
    assert answered.get_json()["answered_at"] is not None
    client.put(me, json={"answer": "declined"}, headers=world.headers["colleague"])
    counts = client.get(url, headers=world.headers["member"]).get_json()["answers"]
    assert counts == {"invited": 5, "accepted": 1, "declined": 1, "tentative": 0}

    # Reminders go to those who have not answered, and are counted.
    reminded = client.post(f"{url}/reminders", headers=world.headers["secretary"])
    assert reminded.status_code == 200
    assert reminded.get_json()["summary"] == batch_summary(reminded=5)
    member_invitation = client.get(me, headers=world.headers["member"]).get_json()
    assert member_invitation["reminder_count"] == 0
    unanswered = client.get(f"{url}/invitations?answer=invited", headers=coordinator).get_json()
    assert {i["reminder_count"] for i in unanswered["items"]} == {1}
    assert all(i["last_reminded_at"] for i in unanswered["items"])

    # The meeting begins: answers close, attendance opens.
    _begin(draft["id"])
    late = client.put(me, json={"answer": "declined"}, headers=world.headers["member"])
    assert_problem(late, 409)
    single = client.post(
        f"{url}/attendance",
        json={"items": [{"user_id": _uid(world, "member"), "attended": True}]},
        headers=world.headers["secretary"],
    )
    assert single.get_json()["summary"] == batch_summary(created=1)
    batch = client.post(
        f"{url}/attendance",
        json={
            "items": [
                {"user_id": _uid(world, "member"), "attended": True},
                {"user_id": _uid(world, "coordinator"), "attended": True},
                {"user_id": _uid(world, "colleague"), "attended": False},
            ]
        },
        headers=world.headers["board_member"],
    )
    assert batch.get_json()["summary"] == batch_summary(unchanged=1, created=2)

    # Closing finalises: invitees without a registration are registered absent.
    closed = client.post(f"{url}/close", headers=coordinator)
    assert closed.status_code == 200
    assert closed.get_json()["status"] == "held"
    assert closed.get_json()["closed_at"] is not None
    rows = client.get(f"{url}/attendance?limit=200", headers=coordinator).get_json()["items"]
    assert len(rows) == 7
    assert all(r["finalised"] for r in rows)
    assert sum(r["attended"] for r in rows) == 2

    # After closing: the secretary may not register any more; the coordinator corrects
    # with a reason, and the audit log says who changed what and why.
    colleague = _uid(world, "colleague")
    refused = client.post(
        f"{url}/attendance",
        json={"items": [{"user_id": colleague, "attended": True, "reason": "Kom sent"}]},
        headers=world.headers["secretary"],
    )
    assert_problem(refused, 403)
    no_reason = client.post(
        f"{url}/attendance",
        json={"items": [{"user_id": colleague, "attended": True}]},
        headers=coordinator,
    )
    assert_problem(no_reason, 422)
    corrected = client.post(
        f"{url}/attendance",
        json={"items": [{"user_id": colleague, "attended": True, "reason": "Kom sent"}]},
        headers=coordinator,
    )
    assert corrected.get_json()["summary"] == batch_summary(updated=1)
    row = db.session.scalar(
        select(Attendance).where(Attendance.user_id == world.people["colleague"].id)
    )
    updates = db.session.scalars(
        select(AuditLogEntry).where(
            AuditLogEntry.entity_type == "attendance",
            AuditLogEntry.entity_id == str(row.id),
            AuditLogEntry.action == "update",
        )
    ).all()
    # Closing updated the row too (finalised); without an order the last one is any of them.
    [entry] = [e for e in updates if "attended" in e.changes]
    assert entry.actor_user_id == world.people["coordinator"].id
    assert entry.changes["attended"] == [False, True]
    assert entry.changes["correction_reason"] == [None, "Kom sent"]
    assert row.registered_by_id == world.people["coordinator"].id
    assert row.finalised_at is not None


def test_co_coordinator_corrects_closed_attendance(client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    _begin(meeting["id"])
    client.post(f"{url}/close", headers=world.headers["coordinator"])
    body = {"items": [{"user_id": _uid(world, "member"), "attended": True, "reason": "Glemt"}]}
    response = client.post(f"{url}/attendance", json=body, headers=world.headers["co_coordinator"])
    assert response.get_json()["summary"] == batch_summary(created=1)
    for caller in ("board_member", "secretary", "member"):
        assert_problem(
            client.post(f"{url}/attendance", json=body, headers=world.headers[caller]), 403
        )


def test_two_registrations_at_the_door_at_once_lose_nothing(app, client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}/attendance"
    _begin(meeting["id"])
    people = ["member", "colleague", "treasurer", "board_member"]
    headers = [world.headers["secretary"], world.headers["coordinator"]]
    barrier = Barrier(2)
    ids = {name: _uid(world, name) for name in people}

    def register(index: int) -> list[int]:
        statuses = []
        with app.test_client() as own:
            barrier.wait()
            for name in [*people[index::2], "member"]:
                body = {"items": [{"user_id": ids[name], "attended": True}]}
                statuses.append(own.post(url, json=body, headers=headers[index]).status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(register, [0, 1]))
    assert all(status == 200 for statuses in results for status in statuses), results
    db.session.expire_all()
    rows = db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == uuid.UUID(meeting["id"]))
    ).all()
    assert sorted(str(r.user_id) for r in rows) == sorted(ids.values())
    assert all(r.attended for r in rows)


def test_planned_meeting_is_cancelled_and_a_draft_deleted(client, world):
    coordinator = world.headers["coordinator"]
    planned = _planned(client, world)
    url = f"{MEETINGS}/{planned['id']}"
    delete = client.delete(
        url, headers={**coordinator, "If-Match": _etag(client, world, planned["id"])}
    )
    assert_problem(delete, 409)
    cancelled = client.post(f"{url}/cancel", headers=coordinator)
    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["sequence"] == 1
    assert client.get(url, headers=world.headers["member"]).get_json()["status"] == "cancelled"
    assert_problem(client.post(f"{url}/cancel", headers=coordinator), 409)

    draft = _create(client, world)
    url = f"{MEETINGS}/{draft['id']}"
    assert_problem(client.post(f"{url}/cancel", headers=coordinator), 409)
    etag = _etag(client, world, draft["id"])
    assert client.delete(url, headers={**coordinator, "If-Match": etag}).status_code == 204
    assert db.session.get(Meeting, uuid.UUID(draft["id"])) is None


def test_cancelling_a_begun_meeting_leaves_tombstones_of_its_attendance(client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    _begin(meeting["id"])
    client.post(
        f"{url}/attendance",
        json={"items": [{"user_id": _uid(world, "member"), "attended": True}]},
        headers=world.headers["coordinator"],
    )
    assert client.post(f"{url}/cancel", headers=world.headers["coordinator"]).status_code == 200
    row = db.session.scalar(select(Attendance))
    assert row.deleted_at is not None
    assert client.get(f"{url}/attendance", headers=world.headers["plo"]).get_json()["items"] == []


def test_moving_a_meeting_counts_up_its_sequence(client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    coordinator = world.headers["coordinator"]
    etag = _etag(client, world, meeting["id"])
    moved = client.patch(
        url,
        json={"starts_at": _at(timedelta(days=11)), "ends_at": _at(timedelta(days=11, hours=2))},
        headers={**coordinator, "If-Match": etag},
    )
    assert moved.get_json()["sequence"] == 1
    minutes = client.patch(
        url,
        json={"minutes": "Vi talte om data.", "decisions": "Åbne data i 2027."},
        headers={**coordinator, "If-Match": moved.headers["ETag"]},
    )
    assert minutes.get_json()["sequence"] == 1
    assert minutes.get_json()["decisions"] == "Åbne data i 2027."


def test_sub_cluster_arranges_its_meeting(client, world):
    meeting = _planned(
        client, world, responsible={"kind": "sub_cluster", "id": str(world.sub_cluster.id)}
    )
    assert meeting["responsible"]["name"] == "Babyklynge Syd"
    url = f"{MEETINGS}/{meeting['id']}"
    # The colleague works at a clinic of the sub-cluster; the member does not.
    etag = _etag(client, world, meeting["id"], "colleague")
    ok = client.patch(
        url,
        json={"title": "Babyklyngens møde"},
        headers={**world.headers["colleague"], "If-Match": etag},
    )
    assert ok.status_code == 200
    # The meeting says so to each: the colleague may plan this one, the member not.
    assert ok.get_json()["my_permissions"]["plan"] is True
    as_member = client.get(url, headers=world.headers["member"]).get_json()
    assert as_member["my_permissions"]["plan"] is False
    etag = ok.headers["ETag"]
    refused = client.patch(
        url, json={"title": "x"}, headers={**world.headers["member"], "If-Match": etag}
    )
    assert_problem(refused, 403)
    other = _planned(client, world)
    etag = _etag(client, world, other["id"], "colleague")
    refused = client.patch(
        f"{MEETINGS}/{other['id']}",
        json={"title": "x"},
        headers={**world.headers["colleague"], "If-Match": etag},
    )
    assert_problem(refused, 403)


def test_invite_a_sub_cluster_or_chosen_people(client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}/invitations"
    coordinator = world.headers["coordinator"]
    sub = client.post(url, json={"sub_cluster_id": str(world.sub_cluster.id)}, headers=coordinator)
    assert sub.get_json()["summary"] == batch_summary(created=4)
    chosen = client.post(
        url,
        json={"user_ids": [_uid(world, "member"), _uid(world, "colleague")]},
        headers=coordinator,
    )
    assert chosen.get_json()["summary"] == batch_summary(created=1, unchanged=1)
    stranger = client.post(
        url, json={"user_ids": [_uid(world, "odense_member")]}, headers=coordinator
    )
    assert_problem(stranger, 422)


def test_list_filters_by_time_and_status(client, world):
    soon = _planned(
        client, world, starts_at=_at(timedelta(days=2)), ends_at=_at(timedelta(days=2, hours=2))
    )
    later = _planned(
        client, world, starts_at=_at(timedelta(days=40)), ends_at=_at(timedelta(days=40, hours=2))
    )
    past = _planned(client, world)
    meeting = db.session.get(Meeting, uuid.UUID(past["id"]))
    meeting.starts_at = datetime.now(UTC) - timedelta(days=30, hours=3)
    meeting.ends_at = datetime.now(UTC) - timedelta(days=30)
    meeting.rsvp_by = None
    db.session.commit()
    headers = world.headers["member"]

    def ids(query: str) -> list[str]:
        response = client.get(world.url() + query, headers=headers)
        assert response.status_code == 200, response.get_json()
        return [m["id"] for m in response.get_json()["items"]]

    assert ids("") == [past["id"], soon["id"], later["id"]]
    assert ids("?status=held") == [past["id"]]
    assert ids("?status=planned") == [soon["id"], later["id"]]
    assert ids(f"?from={_at(timedelta(days=1))}&to={_at(timedelta(days=30))}") == [soon["id"]]
    page = client.get(world.url() + "?limit=2", headers=headers)
    assert page.get_json()["next_cursor"] and "Link" in page.headers


def test_next_meeting_shows_open_actions(client, world):
    first = _planned(
        client, world, starts_at=_at(timedelta(days=2)), ends_at=_at(timedelta(days=2, hours=2))
    )
    second = _planned(client, world)
    coordinator = world.headers["coordinator"]
    url = f"{MEETINGS}/{first['id']}/actions"
    created = client.post(
        url,
        json={
            "title": "Kør PDSA på antibiotika",
            "clinic_id": str(world.clinic.id),
            "due_on": "2027-01-31",
        },
        headers=coordinator,
    )
    assert created.status_code == 201
    assert created.headers["Location"].endswith(created.get_json()["id"])
    done = client.post(url, json={"title": "Bestil lokale", "status": "done"}, headers=coordinator)
    assert done.get_json()["completed_at"] is not None
    detail = client.get(f"{MEETINGS}/{second['id']}", headers=world.headers["member"]).get_json()
    assert [a["title"] for a in detail["open_actions"]] == ["Kør PDSA på antibiotika"]
    assert detail["open_actions"][0]["clinic_name"] == "Lægerne i Viborg"
    open_ones = client.get(
        f"{world.url()[:-9]}/actions?status=open", headers=world.headers["member"]
    )
    assert [a["title"] for a in open_ones.get_json()["items"]] == ["Kør PDSA på antibiotika"]
    action_url = created.headers["Location"]
    etag = client.get(action_url, headers=coordinator).headers["ETag"]
    assert created.headers["ETag"] == etag  # the creation's answer is ready for If-Match
    marked = client.patch(
        action_url, json={"status": "done"}, headers={**coordinator, "If-Match": etag}
    )
    assert marked.get_json()["status"] == "done"
    assert (
        client.get(f"{MEETINGS}/{second['id']}", headers=coordinator).get_json()["open_actions"]
        == []
    )


# --- who sees what ------------------------------------------------------------------------


def test_regional_unit_reads_meetings_without_personal_answers(client, world):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    client.post(f"{url}/invitations", json={"everyone": True}, headers=world.headers["coordinator"])
    headers = world.headers["midtkraft"]
    detail = client.get(url, headers=headers)
    assert detail.status_code == 200
    assert detail.get_json()["answers"]["invited"] == 7  # numbers only
    assert client.get(world.url(), headers=headers).status_code == 200
    assert_problem(client.get(f"{url}/invitations", headers=headers), 403)
    assert_problem(client.get(f"{url}/attendance", headers=headers), 403)
    assert_problem(client.get(f"{url}/attendance", headers=world.headers["midtkraft_client"]), 403)
    assert_problem(client.get(url, headers=world.headers["sydkip"]), 404)


@pytest.mark.parametrize("caller", ["plo", "plo_client", "admin", "member", "coordinator"])
def test_plo_and_the_cluster_read_attendance(client, world, caller):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}/attendance"
    _begin(meeting["id"])
    client.post(
        url,
        json={"items": [{"user_id": _uid(world, "member"), "attended": True}]},
        headers=world.headers["coordinator"],
    )
    response = client.get(url, headers=world.headers[caller])
    assert response.status_code == 200
    [row] = response.get_json()["items"]
    assert row["attended"] is True
    assert row["provider_number"] == world.clinic.provider_number
    csv = client.get(url, headers={**world.headers[caller], "Accept": "text/csv"})
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines()[0].startswith("id,meeting_id,user_id")


def _endpoints(meeting_id: str, cluster_id: str) -> list[tuple[str, str, dict]]:
    m = f"{MEETINGS}/{meeting_id}"
    return [
        ("get", f"/api/v1/clusters/{cluster_id}/meetings", {}),
        (
            "post",
            f"/api/v1/clusters/{cluster_id}/meetings",
            {"title": "x", "starts_at": _at(timedelta(days=3)), "ends_at": _at(timedelta(days=4))},
        ),
        ("get", f"/api/v1/clusters/{cluster_id}/actions", {}),
        ("get", m, {}),
        ("patch", m, {"title": "x"}),
        ("delete", m, {}),
        ("post", f"{m}/cancel", {}),
        ("post", f"{m}/close", {}),
        ("get", f"{m}/agenda-items", {}),
        ("put", f"{m}/agenda-items", {"items": []}),
        ("get", f"{m}/invitations", {}),
        ("post", f"{m}/invitations", {"everyone": True}),
        ("get", f"{m}/invitations/me", {}),
        ("put", f"{m}/invitations/me", {"answer": "accepted"}),
        ("post", f"{m}/reminders", {}),
        ("get", f"{m}/attendance", {}),
        ("post", f"{m}/attendance", {"items": [{"user_id": str(uuid.uuid4()), "attended": True}]}),
        ("get", f"{m}/actions", {}),
        ("post", f"{m}/actions", {"title": "x"}),
    ]


def test_every_endpoint_wants_a_token(client, world):
    meeting = _planned(client, world)
    for method, url, body in _endpoints(meeting["id"], str(world.viborg.id)):
        assert_problem(client.open(url, method=method.upper(), json=body), 401)


def test_another_clusters_meeting_is_not_found(client, world):
    meeting = _planned(client, world)
    for caller in ("odense_member", "sydkip", "outsider"):
        for method, url, body in _endpoints(meeting["id"], str(world.viborg.id)):
            headers = {**world.headers[caller], "If-Match": '"x"'}
            response = client.open(url, method=method.upper(), json=body, headers=headers)
            assert_problem(response, 404)


PLANNING = {"post", "patch", "delete", "put"}


def test_members_may_not_plan(client, world):
    meeting = _planned(client, world)
    for caller in ("member", "treasurer", "midtkraft"):
        for method, url, body in _endpoints(meeting["id"], str(world.viborg.id)):
            if method not in PLANNING or url.endswith("/invitations/me"):
                continue
            headers = {**world.headers[caller], "If-Match": '"x"'}
            response = client.open(url, method=method.upper(), json=body, headers=headers)
            assert_problem(response, 403)


def test_machine_client_without_a_person_cannot_answer(client, world):
    meeting = _planned(client, world)
    response = client.put(
        f"{MEETINGS}/{meeting['id']}/invitations/me",
        json={"answer": "accepted"},
        headers=world.headers["plo_client"],
    )
    assert_problem(response, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"title": "", "starts_at": "2027-01-01T16:00:00Z", "ends_at": "2027-01-01T19:00:00Z"},
            "title",
        ),
        (
            {"title": "x", "starts_at": "2027-01-01T16:00:00Z", "ends_at": "2027-01-01T15:00:00Z"},
            "ends_at",
        ),
        ({"title": "x", "starts_at": "2027-01-01", "ends_at": "2027-01-01T19:00:00Z"}, "starts_at"),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "time_zone": "Mars/Olympus",
            },
            "time_zone",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "kind": "picnic",
            },
            "kind",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "status": "cancelled",
            },
            "status",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "status": "planned",
            },
            "place_name",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "id": str(uuid.uuid4()),
            },
            "id",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "sequence": 4,
            },
            "sequence",
        ),
        (
            {
                "title": "x",
                "starts_at": "2027-01-01T16:00:00Z",
                "ends_at": "2027-01-01T19:00:00Z",
                "responsible": {"kind": "clinic", "id": str(uuid.uuid4())},
            },
            "responsible",
        ),
    ],
)
def test_bad_meeting_is_422(client, world, body, field):
    response = client.post(world.url(), json=body, headers=world.headers["coordinator"])
    assert field in assert_problem(response, 422)["errors"]


def test_bad_input_to_nested_endpoints_is_422(client, world):
    meeting = _planned(client, world)
    m = f"{MEETINGS}/{meeting['id']}"
    coordinator = world.headers["coordinator"]
    etag = _etag(client, world, meeting["id"])
    cases = [
        ("put", f"{m}/agenda-items", {"items": [{"title": "x", "duration_minutes": -5}]}),
        (
            "put",
            f"{m}/agenda-items",
            {"items": [{"id": str(uuid.uuid4()), "title": "x", "duration_minutes": 5}]},
        ),
        ("post", f"{m}/invitations", {"everyone": True, "user_ids": [_uid(world, "member")]}),
        ("post", f"{m}/invitations", {}),
        ("post", f"{m}/attendance", {"items": []}),
        (
            "post",
            f"{m}/attendance",
            {"items": [{"user_id": _uid(world, "member"), "attended": "yes"}]},
        ),
        ("post", f"{m}/actions", {"title": "x", "clinic_id": str(uuid.uuid4())}),
        ("patch", m, {"status": "held"}),
    ]
    for method, url, body in cases:
        response = client.open(
            url, method=method.upper(), json=body, headers={**coordinator, "If-Match": etag}
        )
        assert_problem(response, 422)
    # An invited member's answer that is no answer (one not invited is not found: 404).
    invited = client.post(
        f"{m}/invitations", json={"user_ids": [_uid(world, "member")]}, headers=coordinator
    )
    assert invited.status_code == 200
    answer = client.put(
        f"{m}/invitations/me", json={"answer": "maybe"}, headers=world.headers["member"]
    )
    assert_problem(answer, 422)


def test_attendance_of_a_stranger_is_refused_and_nothing_written(client, world):
    meeting = _planned(client, world)
    _begin(meeting["id"])
    response = client.post(
        f"{MEETINGS}/{meeting['id']}/attendance",
        json={
            "items": [
                {"user_id": _uid(world, "member"), "attended": True},
                {"user_id": _uid(world, "odense_member"), "attended": True},
            ]
        },
        headers=world.headers["coordinator"],
    )
    body = assert_problem(response, 422)
    assert body["summary"] == batch_summary(created=1, error=1)
    assert db.session.scalar(select(Attendance.id)) is None


def test_attendance_is_not_registered_long_before_the_meeting(client, world):
    meeting = _planned(client, world)
    response = client.post(
        f"{MEETINGS}/{meeting['id']}/attendance",
        json={"items": [{"user_id": _uid(world, "member"), "attended": True}]},
        headers=world.headers["coordinator"],
    )
    assert_problem(response, 409)


# --- cost ---------------------------------------------------------------------------------


def test_meeting_page_costs_the_same_statements_for_any_number_of_participants(
    client, world, factory, count_statements
):
    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    coordinator = world.headers["coordinator"]
    client.put(
        f"{url}/agenda-items",
        json={
            "items": [
                {
                    "title": "Velkomst",
                    "duration_minutes": 10,
                    "responsible_user_id": _uid(world, "member"),
                }
            ]
        },
        headers={**coordinator, "If-Match": _etag(client, world, meeting["id"])},
    )

    def page() -> int:
        with count_statements() as counter:
            assert client.get(url, headers=coordinator).status_code == 200
            invitations = client.get(f"{url}/invitations?limit=200", headers=coordinator).get_json()
            attendance = client.get(f"{url}/attendance?limit=200", headers=coordinator).get_json()
        return counter.count, len(invitations["items"]), len(attendance["items"])

    def invite_and_attend() -> None:
        client.post(f"{url}/invitations", json={"everyone": True}, headers=coordinator)
        ids = [str(i.user_id) for i in db.session.scalars(select(Invitation))]
        client.post(
            f"{url}/attendance",
            json={"items": [{"user_id": i, "attended": True} for i in ids]},
            headers=coordinator,
        )

    _begin(meeting["id"])
    row = db.session.get(Meeting, uuid.UUID(meeting["id"]))
    row.starts_at = datetime.now(UTC) + timedelta(hours=1)
    row.ends_at = datetime.now(UTC) + timedelta(hours=3)
    db.session.commit()
    invite_and_attend()
    few = page()
    # A new meeting page of 72 participants (65 more doctors at two more clinics).
    for _ in range(65):
        factory.member(world.clinic if _ % 2 else world.other_clinic)
    invite_and_attend()
    many = page()
    assert few[1:] == (7, 7)
    assert many[1:] == (72, 72)
    assert many[0] == few[0]


def test_invitations_and_reminders_are_handed_to_the_mail_seam(client, world):
    from api.services.meetings.planning import invitations_sent, reminders_sent

    meeting = _planned(client, world)
    url = f"{MEETINGS}/{meeting['id']}"
    handed: list[tuple[str, int]] = []

    def on_invited(sender, invitations):
        handed.append(("invited", len(invitations)))

    def on_reminded(sender, invitations):
        handed.append(("reminded", len(invitations)))

    coordinator = world.headers["coordinator"]
    with invitations_sent.connected_to(on_invited), reminders_sent.connected_to(on_reminded):
        client.post(
            f"{url}/invitations", json={"user_ids": [_uid(world, "member")]}, headers=coordinator
        )
        client.post(f"{url}/invitations", json={"everyone": True}, headers=coordinator)
        client.put(
            f"{url}/invitations/me", json={"answer": "tentative"}, headers=world.headers["member"]
        )
        client.post(f"{url}/reminders?dry_run=true", headers=coordinator)
        client.post(f"{url}/reminders", headers=coordinator)
    assert handed == [("invited", 1), ("invited", 6), ("reminded", 6)]


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("coordinator", {"plan", "read_answers", "read_attendance"}),
        ("secretary", {"plan", "read_answers", "read_attendance"}),
        ("member", {"read_answers", "read_attendance"}),
        ("midtkraft", set()),
        ("plo", {"read_attendance"}),
    ],
)
def test_the_meeting_says_what_its_reader_may_do(client, world, caller, expected):
    meeting = _planned(client, world)
    body = client.get(f"{MEETINGS}/{meeting['id']}", headers=world.headers[caller]).get_json()
    assert _granted(body) == expected
    # The answer to planning carries them too, for the planner.
    assert meeting["my_permissions"]["plan"] is True


def _granted(meeting: dict) -> set[str]:
    return {name for name, allowed in meeting["my_permissions"].items() if allowed}


def test_what_may_be_done_follows_the_meetings_life(client, world):
    def granted(meeting_id: str, caller: str) -> set[str]:
        db.session.expire_all()
        url = f"{MEETINGS}/{meeting_id}"
        return _granted(client.get(url, headers=world.headers[caller]).get_json())

    meeting = _planned(client, world)
    # Ten days ahead: planned, not to be closed yet (the door screen offers no closing).
    assert "close" not in granted(meeting["id"], "coordinator")
    _begin(meeting["id"])  # attendance is registered from now on, until it is closed
    assert "register_attendance" in granted(meeting["id"], "secretary")
    assert "close" in granted(meeting["id"], "secretary")
    assert "close" not in granted(meeting["id"], "member")
    assert "correct_attendance" not in granted(meeting["id"], "coordinator")
    closed = client.post(f"{MEETINGS}/{meeting['id']}/close", headers=world.headers["coordinator"])
    assert closed.status_code == 200, closed.get_json()
    assert _granted(closed.get_json()) == {
        "plan",
        "read_answers",
        "read_attendance",
        "correct_attendance",
    }
    assert "correct_attendance" not in granted(meeting["id"], "secretary")
    assert "register_attendance" not in granted(meeting["id"], "secretary")

    other = _planned(client, world)
    cancelled = client.post(
        f"{MEETINGS}/{other['id']}/cancel", headers=world.headers["coordinator"]
    )
    assert "plan" not in _granted(cancelled.get_json())
