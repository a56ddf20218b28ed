"""The yearly rates and PLO's allocation runs: an allocation is rate times the patients of 1
February, a dry run books nothing, a rerun changes nothing, a changed count books one
correcting entry, missing counts are warned of, a year without a rate is refused, and a rate
that has been used cannot change."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import AllocationRun, AuditLogEntry, LedgerEntry, PatientCount
from tests.problems import assert_problem
from tests.resources.test_economy_ledger import (
    NOT_WRITERS,
    WRITERS,
    World,
    all_entries,
    summary,
)
from tests.resources.test_economy_ledger import world as ledger_world

world = ledger_world

ALLOCATIONS = "/api/v1/economy/allocations"
RATES = "/api/v1/economy/rates"
YEAR = 2024
RATE = 355


def counting_day(year: int = YEAR) -> date:
    return date(year, 2, 1)


@pytest.fixture
def counted(factory, world: World) -> World:
    """The 2024 rate, and patient counts of 1 February 2024: Viborg's two clinics (1 500 and
    2 250 patients) and Odense's (999)."""
    factory.rate(YEAR, RATE)
    clinics = world.scenario.clinics
    factory.patient_count(clinics["viborg"], 1_500, counting_day())
    factory.patient_count(clinics["viborg_other"], 2_250, counting_day())
    factory.patient_count(clinics["odense"], 999, counting_day())
    # Counts of other days do not count.
    factory.patient_count(clinics["viborg"], 7_777, date(YEAR, 3, 1))
    factory.patient_count(clinics["viborg"], 8_888, counting_day(YEAR - 1))
    return world


def run(client, world: World, caller: str = "plo", dry_run: bool = False, **body: Any):
    return client.post(
        ALLOCATIONS,
        query_string={"dry_run": "true"} if dry_run else {},
        json={"year": YEAR, **body},
        headers=world.headers[caller],
    )


def by_cluster(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["cluster_name"]: item for item in report["clusters"]}


def entries_count() -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerEntry))


# --- allocations --------------------------------------------------------------------------------


@pytest.mark.parametrize("caller", WRITERS)
def test_allocation_is_rate_times_the_patients_of_1_february(client, counted, caller):
    response = run(client, counted, caller)
    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    assert (report["year"], report["ore_per_patient"], report["dry_run"]) == (YEAR, RATE, False)
    assert report["applied"] is True and report["run_id"]
    clusters = by_cluster(report)
    viborg, odense = clusters["Demoklyngen Viborg"], clusters["Odense Syd"]
    assert (viborg["clinics"], viborg["patients"]) == (2, 3_750)
    assert viborg["amount_ore"] == RATE * 3_750 == 1_331_250
    assert odense["amount_ore"] == RATE * 999
    assert {viborg["status"], odense["status"]} == {"created"}
    assert report["summary"] == {"created": 2, "unchanged": 0, "corrected": 0}
    assert report["total_ore"] == RATE * (3_750 + 999)
    assert report["warnings"] == []
    ledger = summary(client, counted, YEAR)
    assert ledger["income_ore"] == ledger["closing_balance_ore"] == RATE * 3_750
    [entry] = all_entries(client, counted, YEAR)
    assert entry["kind"] == "allocation" and entry["category"] == "allocation"
    assert entry["allocation_run_id"] == report["run_id"]
    assert entry["id"] == viborg["entry_id"]
    run_row = db.session.get(AllocationRun, uuid.UUID(report["run_id"]))
    assert (run_row.year, run_row.ore_per_patient) == (YEAR, RATE)
    assert db.session.scalar(
        select(func.count()).where(
            AuditLogEntry.entity_type == "allocation_runs",
            AuditLogEntry.entity_id == report["run_id"],
        )
    )


def test_a_dry_run_reports_and_books_nothing(client, counted):
    response = run(client, counted, dry_run=True)
    assert response.status_code == 200
    report = response.get_json()
    assert report["dry_run"] is True and report["applied"] is False and report["run_id"] is None
    assert by_cluster(report)["Demoklyngen Viborg"]["amount_ore"] == RATE * 3_750
    assert report["summary"]["created"] == 2
    assert entries_count() == 0
    assert db.session.scalar(select(func.count()).select_from(AllocationRun)) == 0


def test_running_it_again_changes_nothing(client, counted):
    first = run(client, counted).get_json()
    second = run(client, counted).get_json()
    assert second["summary"] == {"created": 0, "unchanged": 2, "corrected": 0}
    assert [item["difference_ore"] for item in second["clusters"]] == [0, 0]
    assert [item["amount_ore"] for item in second["clusters"]] == [
        item["amount_ore"] for item in first["clusters"]
    ]
    assert entries_count() == 2


def test_a_changed_count_books_one_correcting_entry_never_a_second_allocation(client, counted):
    first = by_cluster(run(client, counted).get_json())["Demoklyngen Viborg"]
    count = db.session.scalar(
        select(PatientCount).where(
            PatientCount.clinic_id == counted.scenario.clinics["viborg"].id,
            PatientCount.counted_on == counting_day(),
        )
    )
    count.patients = 1_400  # 100 patients fewer
    db.session.commit()
    report = run(client, counted, cluster_id=str(counted.viborg.id)).get_json()
    assert [item["cluster_name"] for item in report["clusters"]] == ["Demoklyngen Viborg"]
    [viborg] = report["clusters"]
    assert viborg["status"] == "corrected"
    assert viborg["amount_ore"] == RATE * 3_650
    assert viborg["booked_before_ore"] == first["amount_ore"]
    assert viborg["difference_ore"] == -RATE * 100
    entries = all_entries(client, counted, YEAR)
    assert [e["kind"] for e in entries] == ["allocation", "correction"]
    assert entries[1]["corrects"] == entries[0]["id"]
    assert entries[1]["amount_ore"] == -RATE * 100
    assert sum(e["amount_ore"] for e in entries) == RATE * 3_650
    # And once more: nothing new.
    again = run(client, counted).get_json()
    assert again["summary"] == {"created": 0, "unchanged": 2, "corrected": 0}
    assert len(all_entries(client, counted, YEAR)) == 2


def test_clinics_without_a_count_of_1_february_are_warned_of(client, factory, counted):
    late = factory.clinic(
        counted.viborg, provider_number="100009", name="Sen Lægepraksis", since=date(2020, 1, 1)
    )
    factory.patient_count(late, 1_000, date(YEAR, 2, 15))  # counted too late
    report = run(client, counted, dry_run=True).get_json()
    assert report["warnings"] == [
        {
            "code": "patient_count_missing",
            "cluster_id": str(counted.viborg.id),
            "cluster_name": "Demoklyngen Viborg",
            "provider_number": "100009",
            "clinic_name": "Sen Lægepraksis",
            "message": report["warnings"][0]["message"],
        }
    ]
    assert "100009" in report["warnings"][0]["message"]
    viborg = by_cluster(report)["Demoklyngen Viborg"]
    assert (viborg["clinics"], viborg["patients"]) == (3, 3_750)


def test_only_clinics_in_the_cluster_on_1_february_count(client, factory, counted):
    left = factory.clinic(counted.viborg, since=date(2020, 1, 1), until=counting_day())
    joined = factory.clinic(counted.viborg, since=date(YEAR, 2, 2))
    for clinic in (left, joined):
        factory.patient_count(clinic, 5_000, counting_day())
    viborg = by_cluster(run(client, counted, dry_run=True).get_json())["Demoklyngen Viborg"]
    assert (viborg["clinics"], viborg["patients"]) == (2, 3_750)


def test_a_year_without_a_rate_is_422_with_its_code(client, counted):
    response = run(client, counted, year=YEAR + 70)
    body = assert_problem(response, 422)
    assert body["codes"]["year"][0]["code"] == "no_rate_for_year"
    assert entries_count() == 0


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"year": None}, "year", "null"),
        ({"year": 1999}, "year", "out_of_range"),
        ({"year": 2024.5}, "year", "invalid_type"),
        ({"cluster_id": "viborg"}, "cluster_id", "invalid_uuid"),
        ({"cluster_id": str(uuid.UUID(int=1))}, "cluster_id", "unknown_cluster"),
        ({"rate": 1}, "rate", "unknown_field"),
    ],
)
def test_a_bad_allocation_request_is_422_with_its_code(client, counted, body, field, code):
    response = client.post(ALLOCATIONS, json={"year": YEAR, **body}, headers=counted.headers["plo"])
    problem = assert_problem(response, 422)
    assert [c["code"] for c in problem["codes"][field]] == [code], problem


@pytest.mark.parametrize("caller", NOT_WRITERS)
def test_only_plo_and_the_admin_run_allocations(client, counted, caller):
    assert_problem(run(client, counted, caller), 403)
    assert_problem(client.post(ALLOCATIONS, json={"year": YEAR}), 401)
    assert entries_count() == 0


def test_an_idempotent_retry_replays_the_first_report(client, counted):
    headers = {**counted.headers["plo_writer"], "Idempotency-Key": str(uuid.uuid4())}
    first = client.post(ALLOCATIONS, json={"year": YEAR}, headers=headers)
    second = client.post(ALLOCATIONS, json={"year": YEAR}, headers=headers)
    assert second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json() == first.get_json()
    assert second.get_json()["summary"]["created"] == 2
    assert db.session.scalar(select(func.count()).select_from(AllocationRun)) == 1


# --- rates -----------------------------------------------------------------------------------


def test_the_migration_seeds_kiaps_published_rates():
    import importlib.util
    from pathlib import Path

    path = next(Path(__file__).parents[2].glob("migrations/versions/*_7c3e5a1d9b42_economy.py"))
    spec = importlib.util.spec_from_file_location("economy_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.RATES == {2022: 112, 2023: 232, 2024: 355, 2025: 365}


def test_plo_sets_a_later_years_rate_and_changes_it_until_it_is_used(client, counted):
    headers = counted.headers["plo"]
    created = client.post(RATES, json={"year": 2031, "ore_per_patient": 380}, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.headers["Location"].endswith("/economy/rates/2031")
    assert created.get_json()["in_use"] is False
    again = client.post(RATES, json={"year": 2031, "ore_per_patient": 1}, headers=headers)
    assert assert_problem(again, 409)["code"] == "rate_exists"

    url = created.headers["Location"]
    read = client.get(url, headers=counted.headers["member"])
    assert read.status_code == 200 and read.get_json()["ore_per_patient"] == 380
    etag = read.headers["ETag"]
    assert_problem(client.put(url, json={"ore_per_patient": 390}, headers=headers), 428)
    stale = {**headers, "If-Match": '"stale"'}
    assert_problem(client.put(url, json={"ore_per_patient": 390}, headers=stale), 412)
    changed = client.put(url, json={"ore_per_patient": 390}, headers={**headers, "If-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["ore_per_patient"] == 390

    report = client.post(ALLOCATIONS, json={"year": 2031}, headers=headers).get_json()
    assert report["ore_per_patient"] == 390
    used = client.get(url, headers=headers)
    assert used.get_json()["in_use"] is True
    refused = client.put(
        url, json={"ore_per_patient": 400}, headers={**headers, "If-Match": used.headers["ETag"]}
    )
    assert assert_problem(refused, 409)["code"] == "rate_in_use"
    listed = client.get(RATES, headers=headers).get_json()["items"]
    assert {(r["year"], r["ore_per_patient"], r["in_use"]) for r in listed} == {
        (YEAR, RATE, False),
        (2031, 390, True),
    }


def test_a_dry_run_does_not_use_a_rate(client, counted):
    run(client, counted, dry_run=True)
    response = client.get(f"{RATES}/{YEAR}", headers=counted.headers["plo"])
    assert response.get_json()["in_use"] is False


@pytest.mark.parametrize("caller", NOT_WRITERS)
def test_only_plo_and_the_admin_set_rates(client, counted, caller):
    headers = counted.headers[caller]
    assert_problem(
        client.post(RATES, json={"year": 2032, "ore_per_patient": 1}, headers=headers), 403
    )
    assert_problem(client.put(f"{RATES}/{YEAR}", json={"ore_per_patient": 1}, headers=headers), 403)


def test_reading_rates_needs_a_token_and_an_unknown_year_is_404(client, counted):
    assert_problem(client.get(RATES), 401)
    assert_problem(client.get(f"{RATES}/2099", headers=counted.headers["member"]), 404)
    assert_problem(client.get(RATES, headers=counted.headers["plo_attendance"]), 403)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"year": 2031, "ore_per_patient": -1}, "ore_per_patient", "out_of_range"),
        ({"year": 2031, "ore_per_patient": 3.65}, "ore_per_patient", "invalid_type"),
        ({"year": 2031}, "ore_per_patient", "required"),
        ({"year": 3000, "ore_per_patient": 1}, "year", "out_of_range"),
    ],
)
def test_a_bad_rate_is_422_with_its_code(client, counted, body, field, code):
    response = client.post(RATES, json=body, headers=counted.headers["plo"])
    problem = assert_problem(response, 422)
    assert [c["code"] for c in problem["codes"][field]] == [code], problem
