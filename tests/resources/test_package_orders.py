"""Orders of packages: a cluster's coordinators and board order a published package for a
meeting or a period; the package's unit accepts (perhaps offering a facilitator) or declines
with a reason; the cluster cancels while it is requested. Each side is told by e-mail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from api.core.extensions import db
from api.models import (
    AuditLogEntry,
    Organisation,
    Package,
    PackageOrder,
    PackageOrderState,
    PackageState,
)
from tests.outbox import mails_to
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

REQUESTED, ACCEPTED = PackageOrderState.requested, PackageOrderState.accepted
DECLINED, CANCELLED = PackageOrderState.declined, PackageOrderState.cancelled


@dataclass
class World:
    scenario: Scenario
    midt: Organisation
    syd: Organisation
    package: Package
    headers: dict[str, dict[str, str]]


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "consultant": staff("midtjylland"),
            "colleague": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "member": doctor("viborg"),
            "coordinator": doctor("viborg", role="coordinator"),
            "board": doctor("viborg", role="board_member"),
            "treasurer": doctor("viborg", role="treasurer"),
            "writer": machine("midtjylland", "packages:write"),
            "admin": ADMIN,
        },
    )
    units = scenario.units
    package = factory.package(units["midtjylland"], title="Stop op")
    return World(scenario, units["midtjylland"], units["syddanmark"], package, scenario.headers)


def cluster_url(cluster: Any) -> str:
    return f"/api/v1/clusters/{getattr(cluster, 'id', cluster)}/package-orders"


def order_url(order: Any, step: str | None = None) -> str:
    path = f"/api/v1/package-orders/{getattr(order, 'id', order)}"
    return f"{path}/{step}" if step else path


def wish(package: Package, **fields: Any) -> dict[str, Any]:
    start = date.today() + timedelta(days=40)
    return {
        "package_id": str(package.id),
        "wished_from": start.isoformat(),
        "wished_to": (start + timedelta(days=14)).isoformat(),
        "message": "Vi vil gerne have en facilitator til mødet.",
        **fields,
    }


def email_of(world: World, name: str) -> str:
    return world.scenario.people[name].email  # type: ignore[union-attr]


# --- ordering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "board"])
def test_the_coordinator_or_board_orders_and_the_unit_is_told(client, world, who):
    response = client.post(
        cluster_url(world.scenario.viborg), json=wish(world.package), headers=world.headers[who]
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["state"] == "requested"
    assert body["package_title"] == "Stop op"
    assert body["unit_id"] == str(world.midt.id)
    assert body["cluster_name"] == world.scenario.viborg.name
    assert body["ordered_by_id"] == world.scenario.id(who)
    assert body["my_permissions"] == {"cancel": True, "answer": False}
    assert response.headers["Location"].endswith(body["id"])
    for name in ("consultant", "colleague"):
        (mail,) = mails_to(email_of(world, name))
        assert "Ny bestilling af klyngepakken »Stop op«" in mail.subject
        assert "Vi vil gerne have en facilitator" in mail.text_body
    assert mails_to(email_of(world, "other_unit")) == []
    entries = db.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.entity_id == body["id"])
    ).all()
    assert [e.action for e in entries] == ["create"]


def test_an_order_for_a_meeting_of_the_cluster(client, factory, world):
    meeting = factory.meeting(world.scenario.viborg)
    data = {"package_id": str(world.package.id), "meeting_id": str(meeting.id)}
    response = client.post(
        cluster_url(world.scenario.viborg), json=data, headers=world.headers["coordinator"]
    )
    assert response.status_code == 201
    assert response.get_json()["meeting_id"] == str(meeting.id)
    assert "Til mødet" in mails_to(email_of(world, "consultant"))[0].text_body


def test_the_cluster_lists_its_orders_newest_first(client, factory, world):
    viborg, odense = world.scenario.viborg, world.scenario.odense
    first = factory.package_order(world.package, viborg)
    second = factory.package_order(world.package, viborg, state=DECLINED)
    factory.package_order(world.package, odense)
    response = client.get(cluster_url(viborg), headers=world.headers["member"])
    assert response.status_code == 200
    ids = [item["id"] for item in response.get_json()["items"]]
    assert sorted(ids) == sorted([str(first.id), str(second.id)])
    response = client.get(
        cluster_url(viborg), query_string={"state": "declined"}, headers=world.headers["member"]
    )
    assert [item["id"] for item in response.get_json()["items"]] == [str(second.id)]
    assert response.get_json()["items"][0]["decline_reason"]


# --- the unit answers --------------------------------------------------------------------------


def test_the_unit_lists_the_orders_of_its_packages(client, factory, world):
    other = factory.package(world.syd)
    ours = factory.package_order(world.package, world.scenario.viborg)
    accepted = factory.package_order(world.package, world.scenario.odense, state=ACCEPTED)
    factory.package_order(other, world.scenario.viborg)
    for who in ("consultant", "writer"):
        response = client.get("/api/v1/package-orders", headers=world.headers[who])
        assert response.status_code == 200
        ids = {item["id"] for item in response.get_json()["items"]}
        assert ids == {str(ours.id), str(accepted.id)}
    response = client.get(
        "/api/v1/package-orders",
        query_string={"unit": str(world.midt.id), "state": "accepted", "limit": 1},
        headers=world.headers["consultant"],
    )
    assert [item["id"] for item in response.get_json()["items"]] == [str(accepted.id)]
    # Another unit's filter finds nothing of theirs.
    response = client.get(
        "/api/v1/package-orders",
        query_string={"unit": str(world.syd.id)},
        headers=world.headers["consultant"],
    )
    assert response.get_json()["items"] == []


def test_the_unit_accepts_with_a_facilitator_and_the_coordinator_is_told(client, factory, world):
    order = factory.package_order(world.package, world.scenario.viborg)
    response = client.post(
        order_url(order, "accept"),
        json={
            "facilitator": "Karen Jensen, kvalitetskonsulent",
            "facilitator_user_id": world.scenario.id("colleague"),
        },
        headers=world.headers["consultant"],
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "accepted" and body["answered_at"]
    assert body["facilitator"] == "Karen Jensen, kvalitetskonsulent"
    assert body["facilitator_user_id"] == world.scenario.id("colleague")
    assert body["my_permissions"] == {"cancel": False, "answer": True}
    (mail,) = mails_to(email_of(world, "coordinator"))
    assert "har accepteret" in mail.subject
    assert "Karen Jensen" in mail.text_body
    entries = db.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.entity_id == str(order.id))
    ).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[-1].changes["state"] == ["requested", "accepted"]


def test_the_unit_declines_with_a_reason(client, factory, world):
    order = factory.package_order(world.package, world.scenario.viborg)
    response = client.post(
        order_url(order, "decline"),
        json={"reason": "Vi har ikke en facilitator i perioden."},
        headers=world.headers["writer"],
    )
    assert response.status_code == 200
    assert response.get_json()["decline_reason"] == "Vi har ikke en facilitator i perioden."
    (mail,) = mails_to(email_of(world, "coordinator"))
    assert "har afvist" in mail.subject and "Begrundelse" in mail.text_body
    seen = client.get(order_url(order), headers=world.headers["member"])
    assert seen.get_json()["state"] == "declined"


def test_the_cluster_cancels_a_requested_order(client, factory, world):
    order = factory.package_order(world.package, world.scenario.viborg)
    response = client.post(order_url(order, "cancel"), headers=world.headers["board"])
    assert response.status_code == 200
    assert response.get_json()["state"] == "cancelled"
    assert mails_to(email_of(world, "consultant")) == []


# --- every step that is not allowed ------------------------------------------------------------

STEPS = {
    "cancel": ("coordinator", None),
    "accept": ("consultant", {}),
    "decline": ("consultant", {"reason": "Ikke muligt."}),
}
# Who may not take each step (403): the step belongs to the other side.
WRONG_ACTORS = {
    "cancel": ["consultant", "writer", "member", "treasurer"],
    "accept": ["coordinator", "board", "member", "other_unit"],
    "decline": ["coordinator", "board", "member", "other_unit"],
}


@pytest.mark.parametrize("state", [ACCEPTED, DECLINED, CANCELLED])
@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_from_an_answered_order_is_refused(client, factory, world, state, step):
    order = factory.package_order(world.package, world.scenario.viborg, state=state)
    who, data = STEPS[step]
    response = client.post(order_url(order, step), json=data, headers=world.headers[who])
    body = assert_problem(response, 409)
    assert body["code"] == "package_order_not_requested"
    db.session.expire_all()
    assert db.session.get(PackageOrder, order.id).state is state
    assert mails_to(email_of(world, "coordinator")) == []


@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_by_the_wrong_actor_is_refused(client, factory, world, step):
    order = factory.package_order(world.package, world.scenario.viborg)
    _, data = STEPS[step]
    for who in WRONG_ACTORS[step]:
        response = client.post(order_url(order, step), json=data, headers=world.headers[who])
        status = 404 if who == "other_unit" else 403
        assert_problem(response, status)
    db.session.expire_all()
    assert db.session.get(PackageOrder, order.id).state is REQUESTED


# --- 401, 403, 404, 409, 422 -------------------------------------------------------------------


def test_no_token_is_401(client, factory, world):
    order = factory.package_order(world.package, world.scenario.viborg)
    for method, path in [
        ("GET", cluster_url(world.scenario.viborg)),
        ("POST", cluster_url(world.scenario.viborg)),
        ("GET", "/api/v1/package-orders"),
        ("GET", order_url(order)),
        ("POST", order_url(order, "cancel")),
        ("POST", order_url(order, "accept")),
        ("POST", order_url(order, "decline")),
    ]:
        assert_problem(client.open(path, method=method, json={}), 401)


def test_who_may_not_order_or_list_is_403(client, world):
    viborg = world.scenario.viborg
    for who in ("member", "treasurer", "consultant"):
        response = client.post(
            cluster_url(viborg), json=wish(world.package), headers=world.headers[who]
        )
        assert_problem(response, 403)
    assert_problem(client.get(cluster_url(viborg), headers=world.headers["consultant"]), 403)
    for who in ("coordinator", "member"):
        assert_problem(client.get("/api/v1/package-orders", headers=world.headers[who]), 403)


def test_another_clusters_or_units_order_is_404(client, factory, world):
    odense_order = factory.package_order(world.package, world.scenario.odense)
    other = factory.package(world.syd)
    other_units_order = factory.package_order(other, world.scenario.viborg)
    for path in (order_url(odense_order), order_url(odense_order, "cancel")):
        assert_problem(
            client.post(path, headers=world.headers["coordinator"])
            if path.endswith("cancel")
            else client.get(path, headers=world.headers["coordinator"]),
            404,
        )
    for step in ("accept", "decline"):
        response = client.post(
            order_url(other_units_order, step),
            json={"reason": "Nej."},
            headers=world.headers["consultant"],
        )
        assert_problem(response, 404)
    assert_problem(
        client.get(order_url(other_units_order), headers=world.headers["consultant"]), 404
    )
    assert_problem(client.get(order_url(uuid.uuid4()), headers=world.headers["admin"]), 404)
    # Another cluster's list, and ordering for it.
    odense = world.scenario.odense
    assert_problem(client.get(cluster_url(odense), headers=world.headers["coordinator"]), 404)
    response = client.post(
        cluster_url(odense), json=wish(world.package), headers=world.headers["coordinator"]
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"package_id": None}, "package_id", "null"),
        ({"package_id": str(uuid.uuid4())}, "package_id", "unknown_package"),
        ({"wished_from": None}, "_schema", "meeting_or_period_required"),
        ({"wished_to": "2020-01-01"}, "wished_to", "before_wished_from"),
        ({"meeting_id": str(uuid.uuid4())}, "meeting_id", "unknown_meeting_of_cluster"),
        ({"message": "x" * 5001}, "message", "too_long"),
    ],
)
def test_a_bad_order_is_422_and_changes_nothing(client, world, change, field, code):
    response = client.post(
        cluster_url(world.scenario.viborg),
        json=wish(world.package, **change),
        headers=world.headers["coordinator"],
    )
    body = assert_problem(response, 422)
    assert body["codes"][field][0]["code"] == code
    assert db.session.scalar(select(PackageOrder.id)) is None
    assert mails_to(email_of(world, "consultant")) == []


def test_a_draft_is_not_found_and_a_retired_package_is_409(client, factory, world):
    draft = factory.package(world.midt, state=PackageState.draft)
    response = client.post(
        cluster_url(world.scenario.viborg), json=wish(draft), headers=world.headers["coordinator"]
    )
    assert assert_problem(response, 422)["codes"]["package_id"][0]["code"] == "unknown_package"
    retired = factory.package(world.midt, state=PackageState.retired)
    response = client.post(
        cluster_url(world.scenario.viborg), json=wish(retired), headers=world.headers["coordinator"]
    )
    assert assert_problem(response, 409)["code"] == "package_not_orderable"


def test_a_bad_answer_is_422(client, factory, world):
    order = factory.package_order(world.package, world.scenario.viborg)
    headers = world.headers["consultant"]
    for data in ({}, {"reason": "   "}):
        assert_problem(client.post(order_url(order, "decline"), json=data, headers=headers), 422)
    response = client.post(
        order_url(order, "accept"),
        json={"facilitator_user_id": world.scenario.id("other_unit")},
        headers=headers,
    )
    body = assert_problem(response, 422)
    assert body["codes"]["facilitator_user_id"][0]["code"] == "not_staff_of_unit"
    db.session.expire_all()
    assert db.session.get(PackageOrder, order.id).state is REQUESTED


# --- statements --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "consultant"])
def test_the_lists_cost_the_same_statements_however_many_orders(
    client, factory, world, count_statements, who
):
    path = cluster_url(world.scenario.viborg) if who == "member" else "/api/v1/package-orders"

    def statements() -> int:
        with count_statements() as counter:
            response = client.get(path, headers=world.headers[who])
        assert response.status_code == 200
        return counter.count

    factory.package_order(world.package, world.scenario.viborg)
    statements()  # what is loaded once
    factory.package_order(world.package, world.scenario.odense)  # the session expires
    few = statements()
    for n in range(6):
        package = factory.package(world.midt, items=1 + n)
        factory.package_order(
            package, world.scenario.viborg, state=ACCEPTED if n % 2 else REQUESTED
        )
    assert statements() == few
