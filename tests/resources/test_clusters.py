"""The cluster registry's read rules and the coordinator's changes, caller by caller."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from api.extensions import db
from api.models import (
    Clinic,
    ClinicClusterPeriod,
    Cluster,
    ClusterRole,
    ClusterRoleKind,
    Member,
    MemberKind,
    OrganisationKind,
    PatientCount,
    Region,
    SubCluster,
    SubClusterClinic,
)
from tests.resources.test_auth import assert_problem

CLUSTERS = "/api/v1/clusters"


@dataclass
class Registry:
    """Two clusters in two regions, with the people who reach them in different ways."""

    viborg: Cluster
    odense: Cluster
    viborg_clinic: Clinic
    headers: dict[str, dict[str, str]]
    people: dict[str, object]


def _region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def _cluster(name: str, region: Region) -> Cluster:
    cluster = Cluster(id=uuid.uuid4(), name=name, region_id=region.id, description="")
    db.session.add(cluster)
    return cluster


def _clinic(number: str, name: str, cluster: Cluster, region: Region, since=date(2019, 1, 1)):
    clinic = Clinic(id=uuid.uuid4(), provider_number=number, name=name, region_id=region.id)
    db.session.add(clinic)
    db.session.add(ClinicClusterPeriod(clinic=clinic, cluster_id=cluster.id, valid_from=since))
    return clinic


def _member(factory, clinic: Clinic, **fields):
    user = factory.user()
    db.session.add(
        Member(
            user_id=user.id,
            clinic_id=clinic.id,
            kind=MemberKind.owner,
            work_email=user.email,
            personal_email=fields.get("personal_email"),
            valid_from=date(2019, 1, 1),
            valid_to=fields.get("valid_to"),
        )
    )
    return user


def _role(cluster: Cluster, user, role: ClusterRoleKind, valid_to=None, valid_from=None) -> None:
    db.session.add(
        ClusterRole(
            cluster_id=cluster.id,
            user_id=user.id,
            role=role,
            valid_from=valid_from or date(2024, 1, 1),
            valid_to=valid_to,
        )
    )


@pytest.fixture
def registry(factory) -> Registry:
    midt, syd = _region("midtjylland"), _region("syddanmark")
    viborg, odense = _cluster("Demoklyngen Viborg", midt), _cluster("Odense Syd", syd)
    viborg_clinic = _clinic("100001", "Lægerne i Viborg", viborg, midt)
    viborg_other = _clinic("100002", "Viborg Lægehus", viborg, midt)
    odense_clinic = _clinic("200001", "Odense Lægecenter", odense, syd)
    db.session.flush()
    db.session.add(
        PatientCount(clinic_id=viborg_clinic.id, counted_on=date(2025, 2, 1), patients=4000)
    )
    db.session.add(
        PatientCount(clinic_id=viborg_clinic.id, counted_on=date(2026, 2, 1), patients=4200)
    )

    people = {
        "member": _member(factory, viborg_clinic, personal_email="mads@privat.dk"),
        "colleague": _member(factory, viborg_other, personal_email="colleague@privat.dk"),
        "coordinator": _member(factory, viborg_clinic),
        "co_coordinator": _member(factory, viborg_other),
        "secretary": _member(factory, viborg_other),
        "treasurer": _member(factory, viborg_other),
        "former": _member(factory, viborg_clinic, valid_to=date(2024, 12, 31)),
        "odense_member": _member(factory, odense_clinic),
    }
    _role(viborg, people["coordinator"], ClusterRoleKind.coordinator)
    _role(viborg, people["co_coordinator"], ClusterRoleKind.co_coordinator)
    _role(viborg, people["secretary"], ClusterRoleKind.secretary)
    _role(viborg, people["treasurer"], ClusterRoleKind.treasurer)
    _role(
        odense,
        people["member"],
        ClusterRoleKind.board_member,
        valid_from=date(2022, 1, 1),
        valid_to=date(2023, 12, 31),
    )
    sub = SubCluster(id=uuid.uuid4(), cluster_id=viborg.id, name="Babyklynge Nord")
    db.session.add(sub)
    db.session.add(SubClusterClinic(sub_cluster_id=sub.id, clinic_id=viborg_clinic.id))

    midtkraft = factory.organisation(code="midtkraft-t", region_code="midtjylland")
    sydkip = factory.organisation(code="sydkip-t", region_code="syddanmark")
    kiap = factory.organisation(code="kiap-t", kind=OrganisationKind.national_unit)
    plo = factory.organisation(code="plo-t", kind=OrganisationKind.plo)
    people.update(
        {
            "midtkraft": factory.user(organisations=[midtkraft]),
            "sydkip": factory.user(organisations=[sydkip]),
            "kiap": factory.user(organisations=[kiap]),
            "plo": factory.user(organisations=[plo]),
            "outsider": factory.user(),
            "admin": factory.admin(),
            "midtkraft_client": factory.client(organisation=midtkraft, scopes=["clusters:read"]),
            "midtkraft_client_unscoped": factory.client(
                organisation=midtkraft, scopes=["attendance:read"]
            ),
            "plo_client": factory.client(organisation=plo, scopes=["clusters:read"]),
        }
    )
    db.session.commit()
    headers = {name: factory.auth(principal) for name, principal in people.items()}
    return Registry(viborg, odense, viborg_clinic, headers, people)


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
        _member(factory, registry.viborg_clinic)
    db.session.commit()
    with count_statements() as many:
        assert len(client.get(url, headers=headers).get_json()["items"]) == 21
    assert many.count == few.count


# --- the coordinator's changes ----------------------------------------------------------


@pytest.mark.parametrize("caller", ["coordinator", "co_coordinator", "admin"])
def test_coordinators_change_the_data_policy(client, registry, caller):
    url = f"{CLUSTERS}/{registry.viborg.id}"
    headers = registry.headers[caller]
    etag = client.get(url, headers=headers).headers["ETag"]
    response = client.patch(
        url,
        json={
            "data_policy": "open",
            "data_policy_decided_on": "2026-03-01",
            "data_policy_valid_from": "2026-04-01",
            "data_policy_valid_to": "2027-03-31",
        },
        headers={**headers, "If-Match": etag},
    )
    assert response.status_code == 200
    assert response.get_json()["data_policy"] == "open"
    assert response.get_json()["doctor_count"] == 6


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
        {"data_policy_valid_from": "2026-04-01", "data_policy_valid_to": "2026-01-01"},
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
