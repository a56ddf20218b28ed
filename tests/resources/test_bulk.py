"""Bulk upserts: all-or-nothing, dry runs, per-item reports and per-item reach."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import event, func, select, update

from api.core.extensions import db
from api.models import (
    AccountToken,
    AccountTokenPurpose,
    AuditLogEntry,
    Clinic,
    ClinicClusterPeriod,
    Member,
    MemberKind,
    OutboxMessage,
    PatientCount,
    User,
)
from api.services.registry.changes import today
from tests.problems import assert_problem, batch_summary
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
    assert report["summary"] == batch_summary(created=1, updated=2)
    new = db.session.scalar(select(Clinic).where(Clinic.provider_number == "100077"))
    assert new.region_id == registry.viborg.region_id
    again = client.post(CLINICS, json={"items": items}, headers=writer).get_json()
    assert again["summary"] == batch_summary(unchanged=3)


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


def test_an_unknown_region_is_refused_by_the_schema_and_writes_nothing(client, registry):  # noqa: F811
    items = [
        {"provider_number": "100077", "name": "Ok", "cluster_id": str(registry.viborg.id)},
        {"provider_number": "100099", "name": "X", "region": "atlantis"},
    ]
    body = assert_problem(
        client.post(CLINICS, json={"items": items}, headers=registry.headers["admin"]), 422
    )
    assert body["errors"] == {"items": {"1": {"region": ["Unknown region: atlantis."]}}}
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
    refused = assert_problem(client.post(MEMBERS, json={"items": unknown}, headers=writer), 422)
    [item] = refused["items"]
    assert item["errors"] == ["Unknown provider number: 999999."]
    assert item["codes"] == [{"code": "unknown_provider_number"}]


def test_a_member_keeps_the_kind_and_e_mails_an_item_leaves_out(client, registry, writer):  # noqa: F811
    email = registry.people["member"].email
    first = {
        "email": email,
        "name": "Mads Medlem",
        "provider_number": "100001",
        "kind": "in_training",
        "work_email": "mads@klinik.dk",
        "personal_email": "mads.ny@privat.dk",
    }
    assert client.post(MEMBERS, json={"items": [first]}, headers=writer).status_code == 200
    roster = {"email": email, "name": "Mads Medlem", "provider_number": "100001"}
    report = client.post(MEMBERS, json={"items": [roster]}, headers=writer).get_json()
    assert report["items"][0]["status"] == "unchanged"
    user = db.session.scalar(select(User).where(User.email == email))
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    db.session.refresh(member)
    assert (member.kind.value, member.work_email, member.personal_email) == (
        "in_training",
        "mads@klinik.dk",
        "mads.ny@privat.dk",
    )
    cleared = {**roster, "personal_email": None}
    report = client.post(MEMBERS, json={"items": [cleared]}, headers=writer).get_json()
    assert report["items"][0]["changes"] == ["personal_email"]


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


# --- what a changing batch leaves behind: versions, updated_at, the audit log ---------------


def test_a_bulk_change_bumps_version_and_updated_at_so_a_stale_if_match_gets_412(
    client,
    registry,  # noqa: F811
    writer,
):
    clinic = registry.viborg_clinic
    url = f"/api/v1/clusters/{registry.viborg.id}/clinics/{clinic.id}"
    headers = registry.headers["admin"]
    stale = client.get(url, headers=headers).headers["ETag"]
    version, updated_at = clinic.version, clinic.updated_at

    items = [{"provider_number": "100001", "name": "Lægerne i Viborg (ny)"}]
    assert client.post(CLINICS, json={"items": items}, headers=writer).status_code == 200

    db.session.expire_all()
    assert (clinic.name, clinic.version) == ("Lægerne i Viborg (ny)", version + 1)
    assert clinic.updated_at > updated_at
    body = {"name": "X"}
    assert_problem(client.patch(url, json=body, headers={**headers, "If-Match": stale}), 412)
    fresh = client.get(url, headers=headers).headers["ETag"]
    assert client.patch(url, json=body, headers={**headers, "If-Match": fresh}).status_code == 200


def test_a_bulk_member_change_bumps_versions_so_a_stale_if_match_gets_412(
    client,
    registry,  # noqa: F811
    writer,
):
    person = registry.people["member"]
    member = db.session.scalar(select(Member).where(Member.user_id == person.id))
    url = f"/api/v1/clusters/{registry.viborg.id}/members/{member.id}"
    headers = registry.headers["admin"]
    stale = client.get(url, headers=headers).headers["ETag"]
    versions = (person.version, member.version)
    updated = (person.updated_at, member.updated_at)

    items = [{"email": person.email, "name": "Ny", "provider_number": "100001", "kind": "employed"}]
    report = client.post(MEMBERS, json={"items": items}, headers=writer).get_json()
    assert report["items"][0]["changes"] == ["name", "kind"]

    db.session.expire_all()
    assert (person.name, member.kind) == ("Ny", MemberKind.employed)
    assert (person.version, member.version) == (versions[0] + 1, versions[1] + 1)
    assert person.updated_at > updated[0] and member.updated_at > updated[1]
    body = {"kind": "owner"}
    assert_problem(client.patch(url, json=body, headers={**headers, "If-Match": stale}), 412)


def test_every_changed_row_is_audited_once_with_actor_request_and_changes(
    client,
    registry,  # noqa: F811
    writer,
    factory,
):
    clinic = registry.viborg_clinic
    other = db.session.scalar(select(Clinic).where(Clinic.provider_number == "100002"))
    period = db.session.scalar(
        select(ClinicClusterPeriod).where(
            ClinicClusterPeriod.clinic_id == other.id, ClinicClusterPeriod.valid_to.is_(None)
        )
    )
    count = db.session.scalar(
        select(PatientCount).where(
            PatientCount.clinic_id == clinic.id, PatientCount.counted_on == date(2026, 2, 1)
        )
    )
    north = factory.cluster("midtjylland", name="Viborg Nord")
    before = _count(AuditLogEntry)
    items = [
        {
            "provider_number": "100001",
            "name": "Lægerne i Viborg (ny)",
            "patients": 4300,
            "patients_counted_on": "2026-02-01",
        },
        {"provider_number": "100002", "name": "Viborg Lægehus", "cluster_id": str(north.id)},
    ]
    headers = {**writer, "X-Request-ID": "bulk-audit-1"}
    report = client.post(CLINICS, json={"items": items}, headers=headers).get_json()
    assert [i["changes"] for i in report["items"]] == [["name", "patients"], ["cluster"]]

    entries = db.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.request_id == "bulk-audit-1")
    ).all()
    assert len(entries) == _count(AuditLogEntry) - before == 4
    assert all(e.actor_client_id is not None and e.actor_user_id is None for e in entries)
    logged = {(e.entity_type, e.entity_id, e.action): e.changes for e in entries}
    start = today().isoformat()
    assert logged[("clinics", str(clinic.id), "update")] == {
        "name": ["Lægerne i Viborg", "Lægerne i Viborg (ny)"]
    }
    assert logged[("patient_counts", str(count.id), "update")] == {"patients": [4200, 4300]}
    assert logged[("clinic_cluster_periods", str(period.id), "update")] == {
        "valid_to": [None, start]
    }
    (created,) = [changes for (*_, action), changes in logged.items() if action == "create"]
    assert created["cluster_id"] == [None, str(north.id)]
    assert created["valid_from"] == [None, start]

    again = client.post(CLINICS, json={"items": items}, headers=writer).get_json()
    assert again["summary"]["unchanged"] == 2
    assert _count(AuditLogEntry) - before == 4


def test_a_dry_run_of_changes_leaves_rows_versions_and_log_alone(client, registry, writer):  # noqa: F811
    clinic = registry.viborg_clinic
    version, before = clinic.version, _count(AuditLogEntry)
    items = [{"provider_number": "100001", "name": "Ændret", "address": "Ny vej 1"}]
    report = client.post(f"{CLINICS}?dry_run=true", json={"items": items}, headers=writer)
    assert report.get_json()["items"][0]["changes"] == ["name", "address"]
    db.session.expire_all()
    assert (clinic.name, clinic.version) == ("Lægerne i Viborg", version)
    assert _count(AuditLogEntry) == before


def test_a_row_changed_by_someone_else_during_the_batch_fails_it_with_412(
    client,
    registry,  # noqa: F811
    writer,
):
    """The version check that guards single writes guards the set-wise UPDATE too."""
    clinic = registry.viborg_clinic
    engine = db.engine
    raced = []

    def change_it_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE clinics") and not raced:
            raced.append(statement)
            with engine.begin() as other:
                other.execute(
                    update(Clinic)
                    .where(Clinic.id == clinic.id)
                    .values(name="Ændret imens", version=Clinic.version + 1)
                )

    items = [
        {"provider_number": "100001", "name": "Fra batchen"},
        {"provider_number": "100002", "name": "Viborg Lægehus (ny)"},
    ]
    before = _count(AuditLogEntry)
    event.listen(engine, "before_cursor_execute", change_it_first)
    try:
        response = client.post(CLINICS, json={"items": items}, headers=writer)
    finally:
        event.remove(engine, "before_cursor_execute", change_it_first)
    assert raced
    assert_problem(response, 412)
    db.session.expire_all()
    names = dict(db.session.execute(select(Clinic.provider_number, Clinic.name)).all())
    assert (names["100001"], names["100002"]) == ("Ændret imens", "Viborg Lægehus")
    assert _count(AuditLogEntry) == before


def test_a_changing_batch_costs_the_same_statements_whatever_its_size(
    client,
    registry,  # noqa: F811
    count_statements,
):
    headers = registry.headers["admin"]

    def post(url: str, items: list[dict]) -> dict:
        response = client.post(url, json={"items": items}, headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["summary"]

    def clinics(n: int, name: str) -> list[dict]:
        return [
            {"provider_number": f"{300000 + i}", "name": f"{name} {i}", "region": "midtjylland"}
            for i in range(n)
        ]

    def members(n: int, kind: str) -> list[dict]:
        return [
            {
                "email": f"laege{i}@example.dk",
                "name": "Læge",
                "provider_number": "300000",
                "kind": kind,
            }
            for i in range(n)
        ]

    statements = []
    for n in (2, 40):
        post(CLINICS, clinics(n, "Ny"))
        post(MEMBERS, members(n, "owner"))
        with count_statements() as changing_clinics:
            assert post(CLINICS, clinics(n, f"Omdøbt {n}"))["updated"] == n
        with count_statements() as changing_members:
            assert post(MEMBERS, members(n, "employed"))["updated"] == n
        statements.append((changing_clinics.count, changing_members.count))
    assert statements[0] == statements[1]


def test_a_new_doctor_in_a_roster_gets_an_activation_link_and_a_known_one_does_not(
    client,
    registry,  # noqa: F811
    writer,
):
    known = registry.people["member"]
    items = [
        {"email": "ny.laege@example.dk", "name": "Ny Læge", "provider_number": "100001"},
        {"email": known.email, "name": known.name, "provider_number": "100001"},
    ]
    before = _count(OutboxMessage)
    dry = client.post(
        MEMBERS, query_string={"dry_run": "true"}, json={"items": items}, headers=writer
    )
    assert dry.status_code == 200, dry.get_json()
    assert _count(OutboxMessage) == before and _count(AccountToken) == 0

    report = client.post(MEMBERS, json={"items": items}, headers=writer)
    assert report.status_code == 200, report.get_json()
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "ny.laege@example.dk")
    ).all()
    assert "Vælg adgangskode her:" in mail.text_body and "/adgangskode/" in mail.text_body
    user = db.session.scalar(select(User).where(User.email == "ny.laege@example.dk"))
    [token] = db.session.scalars(select(AccountToken)).all()
    assert token.user_id == user.id and token.purpose == AccountTokenPurpose.activation
    assert not user.activated

    # The same roster again makes no account, so it sends nothing.
    assert client.post(MEMBERS, json={"items": items}, headers=writer).status_code == 200
    assert _count(OutboxMessage) == before + 1 and _count(AccountToken) == 1


def test_a_creating_batch_costs_the_same_statements_whatever_its_size(
    client,
    registry,  # noqa: F811
    count_statements,
):
    headers = registry.headers["admin"]
    counts = []
    for n in (2, 40):
        items = [
            {"email": f"ny{n}.{i}@example.dk", "name": f"Ny Læge {i}", "provider_number": "100001"}
            for i in range(n)
        ]
        with count_statements() as creating:
            response = client.post(MEMBERS, json={"items": items}, headers=headers)
            assert response.status_code == 200, response.get_json()
        assert _count(AccountToken) >= n
        counts.append(creating.count)
    assert counts[0] == counts[1]
