"""Bulk upserts: all-or-nothing, dry runs, per-item reports and per-item reach."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from api.extensions import db
from api.models import Clinic, ClinicClusterPeriod, Member, PatientCount, User
from tests.resources.test_auth import assert_problem
from tests.resources.test_clusters import registry  # noqa: F401  (the fixture)

CLINICS = "/api/v1/bulk/clinics"
MEMBERS = "/api/v1/bulk/members"


@pytest.fixture
def writer(factory, registry):  # noqa: F811
    """MidtKraft's integration, which may write in Region Midtjylland."""
    unit = registry.people["midtkraft"].memberships[0].organisation
    machine = factory.client(organisation=unit, scopes=["clusters:read", "clusters:write"])
    return factory.auth(machine)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_clinics_are_created_updated_and_reported(client, registry, writer):  # noqa: F811
    items = [
        {
            "provider_number": "100001",
            "name": "Lægerne i Viborg",
            "patients": 4300,
            "patients_counted_on": "2026-02-01",
        },
        {"provider_number": "100002", "name": "Viborg Lægehus (nyt navn)"},
        {
            "provider_number": "100077",
            "name": "Ny klinik",
            "cluster_id": str(registry.viborg.id),
            "patients": 2000,
            "patients_counted_on": "2026-02-01",
        },
    ]
    response = client.post(CLINICS, json={"items": items}, headers=writer)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["applied"] is True
    assert [i["status"] for i in report["items"]] == ["updated", "updated", "created"]
    assert report["items"][0]["changes"] == ["patients"]
    assert report["summary"] == {"created": 1, "updated": 2, "unchanged": 0, "error": 0}
    new = db.session.scalar(select(Clinic).where(Clinic.provider_number == "100077"))
    assert new.region_id == registry.viborg.region_id
    again = client.post(CLINICS, json={"items": items}, headers=writer).get_json()
    assert again["summary"] == {"created": 0, "updated": 0, "unchanged": 3, "error": 0}


def test_dry_run_reports_and_changes_nothing(client, registry, writer):  # noqa: F811
    before = (_count(Clinic), _count(PatientCount), _count(ClinicClusterPeriod))
    items = [{"provider_number": "100088", "name": "Ny", "cluster_id": str(registry.viborg.id)}]
    report = client.post(f"{CLINICS}?dry_run=true", json={"items": items}, headers=writer)
    assert report.status_code == 200
    assert report.get_json()["dry_run"] is True and report.get_json()["applied"] is False
    assert report.get_json()["items"][0]["status"] == "created"
    assert (_count(Clinic), _count(PatientCount), _count(ClinicClusterPeriod)) == before


def test_an_item_outside_the_region_makes_the_whole_batch_403(client, registry, writer):  # noqa: F811
    items = [
        {"provider_number": "100002", "name": "Ændret i Viborg"},
        {"provider_number": "200001", "name": "Ændret i Odense"},
    ]
    response = client.post(CLINICS, json={"items": items}, headers=writer)
    body = assert_problem(response, 403)
    assert [i["status"] for i in body["items"]] == ["updated", "error"]
    assert "outside your region" in body["items"][1]["errors"][0]
    db.session.expire_all()
    assert db.session.scalar(select(Clinic.name).where(Clinic.provider_number == "100002")) == (
        "Viborg Lægehus"
    )


@pytest.mark.parametrize(
    "item",
    [
        {"provider_number": "100099", "name": "Uden region"},
        {"provider_number": "100099", "name": "X", "cluster_id": str(uuid.uuid4())},
        {"provider_number": "100099", "name": "X", "region": "atlantis"},
    ],
)
def test_a_bad_item_makes_the_batch_422_and_writes_nothing(client, registry, item):  # noqa: F811
    items = [
        {"provider_number": "100077", "name": "Ok", "cluster_id": str(registry.viborg.id)},
        item,
    ]
    body = assert_problem(
        client.post(CLINICS, json={"items": items}, headers=registry.headers["admin"]), 422
    )
    assert body["summary"]["error"] == 1
    assert db.session.scalar(select(Clinic).where(Clinic.provider_number == "100077")) is None


def test_duplicate_keys_in_one_batch_are_errors(client, registry):  # noqa: F811
    items = [{"provider_number": "100077", "name": "A", "region": "midtjylland"}] * 2
    body = assert_problem(
        client.post(CLINICS, json={"items": items}, headers=registry.headers["admin"]), 422
    )
    assert body["items"][1]["status"] == "error"


def test_batches_are_capped_at_5000(client, registry):  # noqa: F811
    items = [
        {"provider_number": f"{n:06d}", "name": "X", "region": "midtjylland"} for n in range(5001)
    ]
    body = assert_problem(
        client.post(CLINICS, json={"items": items}, headers=registry.headers["admin"]), 422
    )
    assert "items" in body["errors"]


@pytest.mark.parametrize("caller", ["coordinator", "midtkraft", "midtkraft_client"])
def test_only_writers_may_bulk_upsert(client, registry, caller):  # noqa: F811
    items = [{"provider_number": "100002", "name": "X"}]
    assert_problem(
        client.post(CLINICS, json={"items": items}, headers=registry.headers[caller]), 403
    )
    assert_problem(client.post(CLINICS, json={"items": items}), 401)


def test_members_are_upserted_by_email(client, registry, writer):  # noqa: F811
    items = [
        {
            "email": "Ny.Laege@Example.dk",
            "name": "Ny Læge",
            "provider_number": "100001",
            "kind": "employed",
            "personal_email": "ny@privat.dk",
        },
        {
            "email": registry.people["member"].email,
            "name": "Mads Omdøbt",
            "provider_number": "100001",
        },
    ]
    report = client.post(MEMBERS, json={"items": items}, headers=writer)
    assert report.status_code == 200, report.get_json()
    assert [i["status"] for i in report.get_json()["items"]] == ["created", "updated"]
    user = db.session.scalar(select(User).where(User.email == "ny.laege@example.dk"))
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    assert member.personal_email == "ny@privat.dk" and member.valid_to is None
    again = client.post(MEMBERS, json={"items": items}, headers=writer).get_json()
    assert again["summary"]["unchanged"] == 2
    outside = [{"email": "x@example.dk", "name": "X", "provider_number": "200001"}]
    assert_problem(client.post(MEMBERS, json={"items": outside}, headers=writer), 403)
    unknown = [{"email": "x@example.dk", "name": "X", "provider_number": "999999"}]
    assert_problem(client.post(MEMBERS, json={"items": unknown}, headers=writer), 422)


def test_bulk_replays_with_idempotency_key(client, registry, writer):  # noqa: F811
    headers = {**writer, "Idempotency-Key": str(uuid.uuid4())}
    items = [{"provider_number": "100077", "name": "Ny", "cluster_id": str(registry.viborg.id)}]
    first = client.post(CLINICS, json={"items": items}, headers=headers)
    second = client.post(CLINICS, json={"items": items}, headers=headers)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()


def test_a_patient_count_needs_its_date(client, registry):  # noqa: F811
    items = [{"provider_number": "100001", "name": "X", "patients": 10}]
    response = client.post(CLINICS, json={"items": items}, headers=registry.headers["admin"])
    assert_problem(response, 422)
