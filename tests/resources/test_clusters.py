"""The cluster registry's read rules and the coordinator's changes, caller by caller."""

from __future__ import annotations

import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from api.core.extensions import db
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    ClusterRoleKind,
    Member,
)
from tests.problems import assert_problem
from tests.scenarios import ADMIN, OUTSIDER, Scenario, build, doctor, machine, staff

CLUSTERS = "/api/v1/clusters"


@dataclass
class Registry(Scenario):
    """Two clusters in two regions, with the people who reach them in different ways."""

    @property
    def viborg_clinic(self) -> Clinic:
        return self.clinics["viborg"]


@pytest.fixture
def registry(factory) -> Registry:
    people = {
        "member": doctor("viborg", personal_email="mads@privat.dk"),
        "colleague": doctor("viborg_other", personal_email="colleague@privat.dk"),
        "coordinator": doctor("viborg", role="coordinator"),
        "co_coordinator": doctor("viborg_other", role="co_coordinator"),
        "secretary": doctor("viborg_other", role="secretary"),
        "treasurer": doctor("viborg_other", role="treasurer"),
        "former": doctor("viborg", until=date(2024, 12, 31)),
        "odense_member": doctor("odense"),
        "midtkraft": staff("midtjylland"),
        "sydkip": staff("syddanmark"),
        "kiap": staff("kiap"),
        "plo": staff("plo"),
        "outsider": OUTSIDER,
        "admin": ADMIN,
        "midtkraft_client": machine("midtjylland", "clusters:read"),
        "midtkraft_client_unscoped": machine("midtjylland", "attendance:read"),
        "plo_client": machine("plo", "clusters:read"),
    }
    registry = build(factory, people, shape=Registry)
    clinic, member = registry.viborg_clinic, registry.people["member"]
    # Mads held a role in another cluster once: on Odense's board in 2022-23.
    board = ClusterRoleKind.board_member
    factory.role(registry.odense, member, board, since=date(2022, 1, 1), until=date(2023, 12, 31))
    factory.sub_cluster(registry.viborg, (clinic,), name="Babyklynge Nord")
    factory.patient_count(clinic, 4000, counted_on=date(2025, 2, 1))
    factory.patient_count(clinic, 4200, counted_on=date(2026, 2, 1))
    return registry


READS_VIBORG = [
    "member",
    "coordinator",
    "co_coordinator",
    "secretary",
    "treasurer",
    "midtkraft",
    "kiap",
    "plo",
    "admin",
    "midtkraft_client",
    "plo_client",
]
NOT_VIBORG = ["odense_member", "sydkip", "outsider", "former"]


@pytest.mark.parametrize("caller", READS_VIBORG)
def test_callers_who_reach_the_cluster_read_its_registry(client, registry, caller):
    headers = registry.headers[caller]
    base = f"{CLUSTERS}/{registry.viborg.id}"
    for path in ("", "/clinics", "/members", "/roles", "/sub-clusters"):
        assert client.get(base + path, headers=headers).status_code == 200, path


@pytest.mark.parametrize("caller", NOT_VIBORG)
def test_other_clusters_registry_is_not_found(client, registry, caller):
    headers = registry.headers[caller]
    base = f"{CLUSTERS}/{registry.viborg.id}"
    for path in ("", "/clinics", "/members", "/roles", "/sub-clusters"):
        assert_problem(client.get(base + path, headers=headers), 404)


def test_client_without_registry_scope_is_403(client, registry):
    headers = registry.headers["midtkraft_client_unscoped"]
    assert_problem(client.get(CLUSTERS, headers=headers), 403)
    assert_problem(client.get(f"{CLUSTERS}/{registry.viborg.id}", headers=headers), 403)


def test_no_token_is_401(client, registry):
    for path in ("", f"/{registry.viborg.id}", f"/{registry.viborg.id}/members"):
        assert_problem(client.get(CLUSTERS + path), 401)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("member", {"Demoklyngen Viborg"}),
        ("odense_member", {"Odense Syd"}),
        ("midtkraft", {"Demoklyngen Viborg"}),
        ("midtkraft_client", {"Demoklyngen Viborg"}),
        ("sydkip", {"Odense Syd"}),
        ("kiap", {"Demoklyngen Viborg", "Odense Syd"}),
        ("plo", {"Demoklyngen Viborg", "Odense Syd"}),
        ("plo_client", {"Demoklyngen Viborg", "Odense Syd"}),
        ("admin", {"Demoklyngen Viborg", "Odense Syd"}),
        ("outsider", set()),
        ("former", set()),
    ],
)
def test_cluster_list_shows_exactly_the_reachable_clusters(client, registry, caller, expected):
    body = client.get(CLUSTERS, headers=registry.headers[caller]).get_json()
    assert {c["name"] for c in body["items"]} == expected


def test_cluster_sizes_count_current_clinics_and_doctors(client, registry):
    body = client.get(f"{CLUSTERS}/{registry.viborg.id}", headers=registry.headers["member"])
    cluster = body.get_json()
    # Six current doctors at two clinics; the doctor who left is not counted.
    assert (cluster["clinic_count"], cluster["doctor_count"]) == (2, 6)
    assert cluster["region"]["code"] == "midtjylland"


def test_region_filter(client, registry):
    headers = registry.headers["admin"]
    body = client.get(f"{CLUSTERS}?region=syddanmark", headers=headers).get_json()
    assert [c["name"] for c in body["items"]] == ["Odense Syd"]
    assert (
        "region"
        in assert_problem(client.get(f"{CLUSTERS}?region=mars", headers=headers), 422)["errors"]
    )


def test_clinics_show_the_latest_patient_count(client, registry):
    items = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/clinics", headers=registry.headers["member"]
    ).get_json()["items"]
    clinic = next(c for c in items if c["provider_number"] == "100001")
    assert clinic["patients"] == 4200 and clinic["patients_counted_on"] == "2026-02-01"
    assert clinic["in_cluster_since"] == "2019-01-01"


@pytest.mark.parametrize(
    ("caller", "sees_all"),
    [
        ("coordinator", True),
        ("co_coordinator", True),
        ("secretary", True),
        ("admin", True),
        ("treasurer", False),
        ("colleague", False),
        ("midtkraft", False),
        ("plo", False),
    ],
)
def test_personal_emails_are_shown_only_to_the_person_and_the_keepers(
    client, registry, caller, sees_all
):
    items = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/members?limit=200", headers=registry.headers[caller]
    ).get_json()["items"]
    mads = next(m for m in items if m["user_id"] == str(registry.people["member"].id))
    assert mads["personal_email"] == ("mads@privat.dk" if sees_all else None)
    own = [m for m in items if m["user_id"] == str(registry.people[caller].id)]
    if caller == "colleague":
        assert own[0]["personal_email"] == "colleague@privat.dk"


def test_member_sees_their_own_personal_email(client, registry):
    items = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/members", headers=registry.headers["member"]
    ).get_json()["items"]
    mine = next(m for m in items if m["user_id"] == str(registry.people["member"].id))
    assert mine["personal_email"] == "mads@privat.dk"


def test_members_exclude_those_who_left(client, registry):
    items = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/members", headers=registry.headers["admin"]
    ).get_json()["items"]
    assert str(registry.people["former"].id) not in {m["user_id"] for m in items}
    assert len(items) == 6


def test_member_list_as_csv(client, registry):
    response = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/members",
        headers={**registry.headers["secretary"], "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 6
    assert list(rows[0]) == [
        "id",
        "user_id",
        "name",
        "clinic_id",
        "clinic_name",
        "kind",
        "work_email",
        "personal_email",
        "valid_from",
    ]
    assert "mads@privat.dk" in {r["personal_email"] for r in rows}


def test_member_list_csv_hides_personal_emails_from_others(client, registry):
    response = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/members",
        headers={**registry.headers["midtkraft"], "Accept": "text/csv"},
    )
    assert "privat.dk" not in response.get_data(as_text=True)


def test_member_csv_streams_after_the_view_has_returned(app, registry):
    """As a WSGI server does it: the body is read only after the app has returned it (and
    popped the request's context), so the rows must not come from the view's session."""
    environ = EnvironBuilder(
        path=f"{CLUSTERS}/{registry.viborg.id}/members",
        headers={**registry.headers["secretary"], "Accept": "text/csv"},
    ).get_environ()
    started: list[str] = []

    def serve() -> str:
        body = app(environ, lambda status, headers, exc_info=None: started.append(status))
        try:
            return b"".join(body).decode()
        finally:
            body.close()

    # A thread of its own has no app context of the tests' around it, as in a real server.
    with ThreadPoolExecutor(max_workers=1) as pool:
        text = pool.submit(serve).result()
    assert started == ["200 OK"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6
    assert "mads@privat.dk" in {r["personal_email"] for r in rows}


def test_roles_list_current_holders_only(client, registry):
    items = client.get(
        f"{CLUSTERS}/{registry.odense.id}/roles", headers=registry.headers["admin"]
    ).get_json()["items"]
    assert items == []
    viborg = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/roles", headers=registry.headers["member"]
    ).get_json()["items"]
    assert sorted(r["role"] for r in viborg) == [
        "co_coordinator",
        "coordinator",
        "secretary",
        "treasurer",
    ]


def test_sub_clusters_list_their_clinics(client, registry):
    items = client.get(
        f"{CLUSTERS}/{registry.viborg.id}/sub-clusters", headers=registry.headers["member"]
    ).get_json()["items"]
    assert items == [
        {
            "id": items[0]["id"],
            "name": "Babyklynge Nord",
            "clinic_ids": [str(registry.viborg_clinic.id)],
        }
    ]


def test_member_list_costs_the_same_statements_for_any_size(
    client, registry, factory, count_statements
):
    url = f"{CLUSTERS}/{registry.viborg.id}/members?limit=200"
    headers = registry.headers["coordinator"]
    with count_statements() as few:
        client.get(url, headers=headers)
    for _ in range(15):
        factory.member(registry.viborg_clinic, since=date(2019, 1, 1))
    with count_statements() as many:
        assert len(client.get(url, headers=headers).get_json()["items"]) == 21
    assert many.count == few.count


# --- the coordinator's changes ----------------------------------------------------------


@pytest.mark.parametrize("caller", ["coordinator", "co_coordinator", "admin"])
def test_coordinators_change_the_cluster_s_description(client, registry, caller):
    url = f"{CLUSTERS}/{registry.viborg.id}"
    headers = registry.headers[caller]
    etag = client.get(url, headers=headers).headers["ETag"]
    response = client.patch(
        url, json={"description": "Vi mødes i Viborg."}, headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200
    assert response.get_json()["description"] == "Vi mødes i Viborg."
    assert response.get_json()["doctor_count"] == 6


def test_the_data_policy_is_recorded_as_decisions_not_patched(client, registry):
    """The cluster shows its latest decision; decisions are recorded at `…/data-decisions`."""
    url = f"{CLUSTERS}/{registry.viborg.id}"
    headers = registry.headers["coordinator"]
    etag = client.get(url, headers=headers).headers["ETag"]
    patched = client.patch(url, json={"data_policy": "open"}, headers={**headers, "If-Match": etag})
    assert_problem(patched, 422)
    decided = client.post(
        f"{url}/data-decisions",
        json={"policy": "open", "decided_on": "2026-03-01", "valid_from": "2026-04-01"},
        headers=headers,
    )
    assert decided.status_code == 201
    cluster = client.get(url, headers=headers).get_json()
    assert (cluster["data_policy"], cluster["data_policy_decided_on"]) == ("open", "2026-03-01")


@pytest.mark.parametrize("caller", ["member", "secretary", "treasurer", "midtkraft", "plo"])
def test_others_who_read_the_cluster_may_not_change_it(client, registry, caller):
    url = f"{CLUSTERS}/{registry.viborg.id}"
    headers = registry.headers[caller]
    etag = client.get(url, headers=headers).headers["ETag"]
    response = client.patch(url, json={"name": "X"}, headers={**headers, "If-Match": etag})
    assert_problem(response, 403)


def test_changing_another_clusters_data_is_404(client, registry):
    headers = registry.headers["coordinator"]
    response = client.patch(
        f"{CLUSTERS}/{registry.odense.id}",
        json={"name": "X"},
        headers={**headers, "If-Match": '"x"'},
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    "body",
    [
        {"data_policy": "half-open"},
        {"name": ""},
        {"region_id": str(uuid.uuid4())},
    ],
)
def test_bad_cluster_changes_are_422_and_change_nothing(client, registry, body):
    url = f"{CLUSTERS}/{registry.viborg.id}"
    headers = registry.headers["coordinator"]
    etag = client.get(url, headers=headers).headers["ETag"]
    assert_problem(client.patch(url, json=body, headers={**headers, "If-Match": etag}), 422)
    assert client.get(url, headers=headers).headers["ETag"] == etag


def test_me_lists_clusters_and_roles(client, registry):
    body = client.get("/api/v1/me", headers=registry.headers["coordinator"]).get_json()
    assert body["clusters"] == [
        {
            "id": str(registry.viborg.id),
            "name": "Demoklyngen Viborg",
            "region_code": "midtjylland",
            "roles": ["coordinator"],
        }
    ]
    # An ended role does not count: the member's old board seat in Odense is gone.
    member = client.get("/api/v1/me", headers=registry.headers["member"]).get_json()
    assert [c["name"] for c in member["clusters"]] == ["Demoklyngen Viborg"]
    assert member["clusters"][0]["roles"] == []


def test_regions_are_listed(client, registry):
    body = client.get("/api/v1/regions", headers=registry.headers["outsider"]).get_json()
    assert [r["code"] for r in body["items"]] == [
        "hovedstaden",
        "midtjylland",
        "nordjylland",
        "sjaelland",
        "syddanmark",
    ]


# --- registry changes -------------------------------------------------------------------


def _with_etag(client, url, headers):
    return {**headers, "If-Match": client.get(url, headers=headers).headers["ETag"]}


@pytest.mark.parametrize("caller", ["coordinator", "co_coordinator", "admin"])
def test_coordinators_bring_a_new_clinic_in(client, registry, caller):
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics"
    body = {"provider_number": "100099", "name": "Ny Lægepraksis", "address": "Torvet 1"}
    response = client.post(url, json=body, headers=registry.headers[caller])
    assert response.status_code == 201
    clinic = response.get_json()
    assert response.headers["Location"].endswith(clinic["id"])
    assert clinic["in_cluster_since"] and clinic["patients"] is None
    listed = client.get(url + "?limit=200", headers=registry.headers["member"]).get_json()
    assert "100099" in {c["provider_number"] for c in listed["items"]}


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("secretary", 403),
        ("treasurer", 403),
        ("member", 403),
        ("midtkraft", 403),
        ("plo", 403),
        ("odense_member", 404),
        ("outsider", 404),
        ("midtkraft_client", 403),
    ],
)
def test_others_may_not_bring_clinics_in(client, registry, caller, status):
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics"
    body = {"provider_number": "100099", "name": "Ny"}
    assert_problem(client.post(url, json=body, headers=registry.headers[caller]), status)
    assert db.session.scalar(select(Clinic).where(Clinic.provider_number == "100099")) is None


def test_registry_changes_need_a_token(client, registry):
    base = f"{CLUSTERS}/{registry.viborg.id}"
    for path, body in (("/clinics", {}), ("/members", {}), ("/roles", {}), ("/sub-clusters", {})):
        assert_problem(client.post(base + path, json=body), 401)


@pytest.mark.parametrize(
    "body",
    [
        {"provider_number": "12ab", "name": "X"},
        {"provider_number": "100099"},
        {"provider_number": "100099", "name": "X", "region_id": str(uuid.uuid4())},
    ],
)
def test_bad_clinic_is_422(client, registry, body):
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics"
    assert_problem(client.post(url, json=body, headers=registry.headers["coordinator"]), 422)


def test_a_clinic_in_another_cluster_must_leave_it_first(client, registry):
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics"
    body = {"provider_number": "200001", "name": "Odense Lægecenter"}
    response = client.post(url, json=body, headers=registry.headers["coordinator"])
    assert "provider_number" in assert_problem(response, 409)["errors"]


def test_a_clinic_leaves_and_its_history_is_kept(client, registry):
    headers = registry.headers["coordinator"]
    clinic_id = registry.viborg_clinic.id
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics/{clinic_id}"
    assert_problem(client.delete(url, headers=headers), 428)
    response = client.delete(url + "?valid_to=2026-06-30", headers=_with_etag(client, url, headers))
    assert response.status_code == 204
    assert_problem(client.get(url, headers=headers), 404)
    periods = db.session.scalars(
        select(ClinicClusterPeriod).where(ClinicClusterPeriod.clinic_id == clinic_id)
    ).all()
    assert [(p.valid_from, p.valid_to) for p in periods] == [(date(2019, 1, 1), date(2026, 6, 30))]
    subs = client.get(f"{CLUSTERS}/{registry.viborg.id}/sub-clusters", headers=headers).get_json()
    assert subs["items"][0]["clinic_ids"] == []
    # It may join another cluster now; the Odense coordinator is the admin here.
    rejoin = client.post(
        f"{CLUSTERS}/{registry.odense.id}/clinics",
        json={"provider_number": "100001", "name": "Lægerne i Viborg", "valid_from": "2026-07-01"},
        headers=registry.headers["admin"],
    )
    assert rejoin.status_code == 201


def test_clinic_cannot_leave_before_it_joined(client, registry):
    headers = registry.headers["coordinator"]
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics/{registry.viborg_clinic.id}"
    response = client.delete(url + "?valid_to=2010-01-01", headers=_with_etag(client, url, headers))
    assert "valid_to" in assert_problem(response, 422)["errors"]


def test_clinic_details_are_changed_with_if_match(client, registry):
    headers = registry.headers["co_coordinator"]
    url = f"{CLUSTERS}/{registry.viborg.id}/clinics/{registry.viborg_clinic.id}"
    assert_problem(client.patch(url, json={"name": "Nyt navn"}, headers=headers), 428)
    changed = client.patch(url, json={"name": "Nyt navn"}, headers=_with_etag(client, url, headers))
    assert changed.get_json()["name"] == "Nyt navn"
    other = f"{CLUSTERS}/{registry.odense.id}/clinics/{registry.viborg_clinic.id}"
    assert_problem(client.get(other, headers=registry.headers["admin"]), 404)


@pytest.mark.parametrize("caller", ["secretary", "coordinator"])
def test_keepers_add_a_member_with_a_new_account(client, registry, caller):
    url = f"{CLUSTERS}/{registry.viborg.id}/members"
    body = {
        "email": "Ny.Laege@Example.dk",
        "name": "Ny Læge",
        "clinic_id": str(registry.viborg_clinic.id),
        "kind": "employed",
        "personal_email": "ny@privat.dk",
    }
    response = client.post(url, json=body, headers=registry.headers[caller])
    assert response.status_code == 201
    member = response.get_json()
    assert member["work_email"] == "ny.laege@example.dk"
    assert member["personal_email"] == "ny@privat.dk"
    user = db.session.scalar(select(Member).where(Member.id == uuid.UUID(member["id"]))).user
    assert user.email == "ny.laege@example.dk" and user.password_hash is None
    assert_problem(client.post(url, json=body, headers=registry.headers[caller]), 409)


@pytest.mark.parametrize("account", ["admin", "midtkraft", "kiap", "plo", "odense_member"])
def test_adding_by_email_reveals_and_enrols_no_account_under_another_name(
    client, registry, account
):
    """Whatever account the e-mail belongs to, a name the coordinator guessed gets one and the
    same answer, which names nobody; staff and admins are refused even under their own name."""
    person = registry.people[account]
    url = f"{CLUSTERS}/{registry.viborg.id}/members"
    clinic = str(registry.viborg_clinic.id)
    answers = []
    names = ["Gættet Navn"] + ([] if account == "odense_member" else [person.name])
    for name in names:
        body = {"email": person.email, "name": name, "clinic_id": clinic}
        response = client.post(url, json=body, headers=registry.headers["coordinator"])
        problem = assert_problem(response, 422)
        assert person.name not in response.get_data(as_text=True)
        assert str(person.id) not in response.get_data(as_text=True)
        answers.append(problem["errors"])
    assert all(answer == answers[0] for answer in answers)
    assert (
        db.session.scalar(
            select(Member).where(
                Member.user_id == person.id, Member.clinic_id == registry.viborg_clinic.id
            )
        )
        is None
    )
    db.session.refresh(person)
    assert person.name != "Gættet Navn"


def test_a_doctor_with_an_account_is_added_under_their_own_name(client, registry):
    doctor = registry.people["odense_member"]
    url = f"{CLUSTERS}/{registry.viborg.id}/members"
    body = {
        "email": doctor.email.upper(),
        "name": f"  {doctor.name.upper()} ",
        "clinic_id": str(registry.viborg_clinic.id),
    }
    response = client.post(url, json=body, headers=registry.headers["coordinator"])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["user_id"] == str(doctor.id)


@pytest.mark.parametrize(
    ("caller", "status"), [("treasurer", 403), ("member", 403), ("odense_member", 404)]
)
def test_others_may_not_add_members(client, registry, caller, status):
    body = {"email": "x@example.dk", "name": "X", "clinic_id": str(registry.viborg_clinic.id)}
    url = f"{CLUSTERS}/{registry.viborg.id}/members"
    assert_problem(client.post(url, json=body, headers=registry.headers[caller]), status)


def test_member_must_work_at_a_clinic_of_the_cluster(client, registry):
    odense_clinic = db.session.scalar(select(Clinic).where(Clinic.provider_number == "200001"))
    body = {"email": "x@example.dk", "name": "X", "clinic_id": str(odense_clinic.id)}
    url = f"{CLUSTERS}/{registry.viborg.id}/members"
    response = client.post(url, json=body, headers=registry.headers["secretary"])
    assert "clinic_id" in assert_problem(response, 422)["errors"]


def test_secretary_keeps_personal_emails_and_ends_memberships(client, registry):
    headers = registry.headers["secretary"]
    members = client.get(f"{CLUSTERS}/{registry.viborg.id}/members", headers=headers).get_json()
    mads = next(m for m in members["items"] if m["user_id"] == str(registry.people["member"].id))
    url = f"{CLUSTERS}/{registry.viborg.id}/members/{mads['id']}"
    changed = client.patch(
        url, json={"personal_email": "mads@ny.dk"}, headers=_with_etag(client, url, headers)
    )
    assert changed.get_json()["personal_email"] == "mads@ny.dk"
    assert client.delete(url, headers=_with_etag(client, url, headers)).status_code == 204
    assert_problem(client.get(url, headers=headers), 404)
    treasurer = registry.headers["treasurer"]
    other = next(m for m in members["items"] if m["id"] != mads["id"])
    other_url = f"{CLUSTERS}/{registry.viborg.id}/members/{other['id']}"
    assert_problem(
        client.patch(
            other_url, json={"kind": "owner"}, headers=_with_etag(client, other_url, treasurer)
        ),
        403,
    )


def test_coordinator_gives_and_ends_roles(client, registry):
    headers = registry.headers["coordinator"]
    url = f"{CLUSTERS}/{registry.viborg.id}/roles"
    body = {"user_id": str(registry.people["member"].id), "role": "board_member"}
    created = client.post(url, json=body, headers=headers)
    assert created.status_code == 201
    assert_problem(client.post(url, json=body, headers=headers), 409)
    second_coordinator = {"user_id": str(registry.people["member"].id), "role": "coordinator"}
    assert_problem(client.post(url, json=second_coordinator, headers=headers), 409)
    stranger = {"user_id": str(registry.people["odense_member"].id), "role": "board_member"}
    assert (
        "user_id" in assert_problem(client.post(url, json=stranger, headers=headers), 422)["errors"]
    )
    role_url = created.headers["Location"]
    assert client.delete(role_url, headers=_with_etag(client, role_url, headers)).status_code == 204
    me = client.get("/api/v1/me", headers=registry.headers["member"]).get_json()
    assert me["clusters"][0]["roles"] == []
    assert_problem(client.post(url, json=body, headers=registry.headers["secretary"]), 403)


def test_sub_clusters_are_made_changed_and_deleted(client, registry):
    headers = registry.headers["coordinator"]
    url = f"{CLUSTERS}/{registry.viborg.id}/sub-clusters"
    clinic = str(registry.viborg_clinic.id)
    created = client.post(
        url, json={"name": "Babyklynge Syd", "clinic_ids": [clinic]}, headers=headers
    )
    assert created.status_code == 201 and created.get_json()["clinic_ids"] == [clinic]
    assert_problem(client.post(url, json={"name": "Babyklynge Syd"}, headers=headers), 409)
    odense_clinic = db.session.scalar(select(Clinic).where(Clinic.provider_number == "200001"))
    foreign = {"name": "Fremmed", "clinic_ids": [str(odense_clinic.id)]}
    assert (
        "clinic_ids"
        in assert_problem(client.post(url, json=foreign, headers=headers), 422)["errors"]
    )
    sub_url = created.headers["Location"]
    renamed = client.patch(
        sub_url,
        json={"name": "Babyklynge Øst", "clinic_ids": []},
        headers=_with_etag(client, sub_url, headers),
    )
    assert renamed.get_json() == {
        "id": created.get_json()["id"],
        "name": "Babyklynge Øst",
        "clinic_ids": [],
    }
    assert client.delete(sub_url, headers=_with_etag(client, sub_url, headers)).status_code == 204
    assert_problem(client.get(sub_url, headers=headers), 404)
    assert_problem(client.post(url, json={"name": "X"}, headers=registry.headers["member"]), 403)


ALL_CLUSTER_PERMISSIONS = {
    "manage_registry",
    "manage_members",
    "read_personal_emails",
    "plan_meetings",
    "upload_files",
    "manage_files",
    "post",
    "moderate_posts",
}


@pytest.mark.parametrize(
    ("caller", "granted"),
    [
        ("member", {"upload_files", "post"}),
        (
            "coordinator",
            ALL_CLUSTER_PERMISSIONS,
        ),
        (
            "secretary",
            {"manage_members", "read_personal_emails", "plan_meetings", "upload_files", "post"},
        ),
        ("treasurer", {"upload_files", "post"}),
        ("midtkraft", set()),
        ("plo", set()),
        ("midtkraft_client", set()),
        ("admin", ALL_CLUSTER_PERMISSIONS),
    ],
)
def test_a_cluster_says_what_the_caller_may_do_there(client, registry, caller, granted):
    """`my_permissions` comes from the permission table with the caller's standing in the
    cluster, so that the web app offers exactly what the API accepts."""
    response = client.get(f"{CLUSTERS}/{registry.viborg.id}", headers=registry.headers[caller])
    assert response.status_code == 200
    allowed = response.get_json()["my_permissions"]
    assert set(allowed) == ALL_CLUSTER_PERMISSIONS
    assert {name for name, yes in allowed.items() if yes} == granted


def test_the_clusters_etag_does_not_depend_on_who_reads_it(client, registry):
    url = f"{CLUSTERS}/{registry.viborg.id}"
    etags = {
        client.get(url, headers=registry.headers[who]).headers["ETag"]
        for who in ("member", "coordinator", "admin")
    }
    assert len(etags) == 1
