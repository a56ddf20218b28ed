"""The cluster landscape in figures: definitions on hand-made data, regions, and security."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.core.extensions import db
from api.models import (
    Cluster,
    ClusterRoleKind,
    Meeting,
    MeetingKind,
    MeetingState,
    OrganisationKind,
    User,
)
from tests.problems import assert_problem

LANDSCAPE = "/api/v1/stats/landscape"
EMPTY = {"mean": None, "median": None, "percentile_10": None, "percentile_90": None}
EMPTY |= {"min": None, "max": None}
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def headers(factory):
    return factory.auth(factory.user())


@pytest.fixture
def small_landscape(factory):
    """Four clusters with ended rows of every kind beside the current ones.

    Viborg (midtjylland): clinics A and B now; clinic L was here until 2024 and is in Aarhus
    since. Doctors now: Anne at A, Bo at A and B (once), Dorte at B; Carl left A in 2022.
    Roles now: Anne coordinator, Bo board member; Carl was coordinator and Dorte
    co-coordinator, both ended. Patients: A 1,000 (latest; 900 the year before), B 500.
    Aarhus (midtjylland): clinic C with five doctors and 2,000 patients, and clinic L with
    Erik and 700 patients. Only a coordinator now (a treasurer has ended).
    Østerbro (hovedstaden): clinic D without a patient count: two doctors and Anne, who
    works in two clusters. Coordinator, co-coordinator, treasurer and secretary.
    Tomt (nordjylland): no clinics, no roles.
    """
    viborg = factory.cluster("midtjylland", name="Klynge Viborg")
    aarhus = factory.cluster("midtjylland", name="Klynge Aarhus Vest")
    osterbro = factory.cluster("hovedstaden", name="Klyngen Østerbro")
    factory.cluster("nordjylland", name="Klynge Tomt")

    a = factory.clinic(viborg, patients=1_000)
    factory.patient_count(a, 900, date(2025, 2, 1))
    b = factory.clinic(viborg, patients=500)
    moved = factory.clinic(viborg, until=date(2024, 12, 31), patients=700)
    factory.clinic_period(moved, aarhus, since=date(2025, 1, 1))
    anne, bo, carl, dorte = (factory.user(name=n) for n in ("Anne", "Bo", "Carl", "Dorte"))
    factory.member(a, anne)
    factory.member(a, bo)
    factory.member(b, bo)
    factory.member(b, dorte)
    factory.member(a, carl, since=date(2018, 4, 1), until=date(2022, 6, 30))
    factory.role(viborg, anne, ClusterRoleKind.coordinator, since=date(2023, 1, 1))
    factory.role(viborg, carl, since=date(2018, 4, 1), until=date(2022, 12, 31))
    factory.role(viborg, bo, ClusterRoleKind.board_member)
    factory.role(viborg, dorte, ClusterRoleKind.co_coordinator, until=date(2024, 1, 1))

    c = factory.clinic(aarhus, patients=2_000)
    aarhus_doctors = [factory.member(c).user for _ in range(5)]
    factory.member(moved)
    factory.role(aarhus, aarhus_doctors[0], ClusterRoleKind.coordinator)
    factory.role(aarhus, aarhus_doctors[1], ClusterRoleKind.treasurer, until=date(2025, 1, 1))

    d = factory.clinic(osterbro)
    osterbro_doctors = [factory.member(d).user for _ in range(2)]
    factory.member(d, anne)
    factory.role(osterbro, osterbro_doctors[0], ClusterRoleKind.coordinator)
    factory.role(osterbro, osterbro_doctors[1], ClusterRoleKind.co_coordinator)
    factory.role(osterbro, osterbro_doctors[1], ClusterRoleKind.treasurer)
    factory.role(osterbro, anne, ClusterRoleKind.secretary)


def test_national_figures_count_only_current_rows(client, headers, small_landscape):
    response = client.get(LANDSCAPE, headers=headers)
    assert response.status_code == 200
    assert response.get_json() == {
        "region": None,
        "clusters": 4,
        "clinics": 5,
        "doctors": 11,
        # Per cluster: Viborg 3, Aarhus 6, Østerbro 3, Tomt 0.
        "doctors_per_cluster": {
            "mean": 3.0,
            "median": 3.0,
            "percentile_10": 0.9,
            "percentile_90": 5.1,
            "min": 0,
            "max": 6,
        },
        "clusters_with_role": {
            "coordinator": 3,
            "co_coordinator": 1,
            "board_member": 1,
            "treasurer": 1,
            "secretary": 1,
        },
        "clusters_with_only_coordinator": 1,
        "patients": 4_200,
        # Per cluster: Viborg 1,500, Aarhus 2,700, Østerbro 0, Tomt 0.
        "patients_per_cluster": {
            "mean": 1_050.0,
            "median": 750.0,
            "percentile_10": 0.0,
            "percentile_90": 2_340.0,
            "min": 0,
            "max": 2_700,
        },
        # No meetings: 4 clusters times 5 years, each 0.
        "meetings": {
            "first_year": datetime.now(DANISH_TIME).year - 5,
            "last_year": datetime.now(DANISH_TIME).year - 1,
            "held": 0,
            "per_cluster_per_year": {
                "mean": 0.0,
                "median": 0.0,
                "percentile_10": 0.0,
                "percentile_90": 0.0,
                "min": 0,
                "max": 0,
            },
            "after_work_share": None,
        },
    }


def test_region_filter_counts_that_regions_clusters(client, headers, small_landscape):
    body = client.get(f"{LANDSCAPE}?region=midtjylland", headers=headers).get_json()
    assert body["region"] == "midtjylland"
    assert (body["clusters"], body["clinics"], body["doctors"], body["patients"]) == (
        2,
        4,
        9,
        4_200,
    )
    assert body["doctors_per_cluster"] == {
        "mean": 4.5,
        "median": 4.5,
        "percentile_10": 3.3,
        "percentile_90": 5.7,
        "min": 3,
        "max": 6,
    }
    assert body["patients_per_cluster"]["mean"] == 2_100.0
    assert body["clusters_with_role"] == {
        "coordinator": 2,
        "co_coordinator": 0,
        "board_member": 1,
        "treasurer": 0,
        "secretary": 0,
    }
    assert body["clusters_with_only_coordinator"] == 1


def test_a_doctor_in_two_clusters_counts_once_in_each_region(client, headers, small_landscape):
    capital = client.get(f"{LANDSCAPE}?region=hovedstaden", headers=headers).get_json()
    assert (capital["clusters"], capital["doctors"], capital["patients"]) == (1, 3, 0)
    assert capital["clusters_with_only_coordinator"] == 0


def test_region_without_clusters_has_empty_distributions(client, headers, small_landscape):
    body = client.get(f"{LANDSCAPE}?region=syddanmark", headers=headers).get_json()
    assert body["region"] == "syddanmark"
    assert (body["clusters"], body["clinics"], body["doctors"], body["patients"]) == (0, 0, 0, 0)
    assert body["doctors_per_cluster"] == EMPTY
    assert body["patients_per_cluster"] == EMPTY


def _meeting(cluster: Cluster, year: int, month: int, kind=MeetingKind.after_work, **values):
    starts_at = datetime(year, month, 10, 16, 30, tzinfo=DANISH_TIME).astimezone(UTC)
    meeting_id = uuid.uuid4()
    meeting = Meeting(
        id=meeting_id,
        cluster_id=cluster.id,
        title="Klyngemøde",
        kind=kind,
        state=values.pop("state", MeetingState.planned),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        place_name="Lægehuset",
        responsible_user_id=db.session.scalar(db.select(User.id).limit(1)),
        ical_uid=f"meeting-{meeting_id}@test",
        **values,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def test_meetings_per_cluster_per_year_and_after_work_share(client, headers, small_landscape):
    """Held meetings of the last five complete years count; cancelled, draft, this year's and
    older ones do not. Viborg held 2 last year and 1 three years ago, Aarhus 1 last year: 4
    meetings in 20 cluster-years, 3 of them after work."""
    viborg, aarhus = (
        db.session.scalar(db.select(Cluster).where(Cluster.name == name))
        for name in ("Klynge Viborg", "Klynge Aarhus Vest")
    )
    last = datetime.now(DANISH_TIME).year - 1
    _meeting(viborg, last, 3)
    _meeting(viborg, last, 10, MeetingKind.daytime, closed_at=datetime.now(UTC))
    _meeting(viborg, last - 2, 5)
    _meeting(aarhus, last, 4)
    _meeting(viborg, last, 6, state=MeetingState.cancelled, cancelled_at=datetime.now(UTC))
    _meeting(viborg, last, 9, state=MeetingState.draft)
    _meeting(viborg, last - 5, 9)
    _meeting(viborg, last + 2, 9)  # planned, not held yet
    meetings = client.get(LANDSCAPE, headers=headers).get_json()["meetings"]
    assert meetings["held"] == 4
    assert meetings["after_work_share"] == 0.75
    assert meetings["per_cluster_per_year"] == {
        "mean": 0.2,
        "median": 0.0,
        "percentile_10": 0.0,
        "percentile_90": 1.0,
        "min": 0,
        "max": 2,
    }
    regional = client.get(f"{LANDSCAPE}?region=hovedstaden", headers=headers).get_json()
    assert regional["meetings"]["held"] == 0
    assert regional["meetings"]["per_cluster_per_year"]["max"] == 0


def test_empty_registry_answers_zeros_and_nulls(client, headers):
    body = client.get(LANDSCAPE, headers=headers).get_json()
    assert body["clusters"] == 0 and body["doctors_per_cluster"] == EMPTY
    assert set(body["clusters_with_role"].values()) == {0}


def test_without_token_is_401(client):
    assert_problem(client.get(LANDSCAPE), 401)


@pytest.mark.parametrize("region", ["jylland", "MIDTJYLLAND", "midt jylland"])
def test_unknown_region_is_422(client, headers, region):
    body = assert_problem(
        client.get(LANDSCAPE, query_string={"region": region}, headers=headers), 422
    )
    assert body["errors"] == {"region": [f"Unknown region: {region}."]}


@pytest.mark.parametrize("query", ["regoin=midtjylland", "limit=10", "region=midtjylland&x=1"])
def test_unknown_query_parameter_is_422(client, headers, query):
    assert_problem(client.get(f"{LANDSCAPE}?{query}", headers=headers), 422)


@pytest.mark.parametrize("region", ["", "x" * 41])
def test_malformed_region_is_422(client, headers, region):
    body = assert_problem(
        client.get(LANDSCAPE, query_string={"region": region}, headers=headers), 422
    )
    assert "region" in body["errors"]


def test_consultants_and_machine_clients_read_the_landscape(client, factory, small_landscape):
    unit = factory.organisation(kind=OrganisationKind.regional_unit)
    consultant = factory.user(organisations=[unit])
    machine = factory.client(organisation=unit, scopes=["attendance:read"])
    for caller in (consultant, machine):
        response = client.get(LANDSCAPE, headers=factory.auth(caller))
        assert response.status_code == 200
        assert response.get_json()["clusters"] == 4


def _grow(factory, clusters: int) -> None:
    for n in range(clusters):
        cluster = factory.cluster("syddanmark" if n % 2 else "midtjylland")
        for _ in range(2):
            clinic = factory.clinic(cluster, patients=1_500)
            doctors = [factory.member(clinic).user for _ in range(2)]
        factory.role(cluster, doctors[0])
        factory.role(cluster, doctors[1], ClusterRoleKind.board_member)


@pytest.mark.parametrize("query", ["", "?region=midtjylland"])
def test_statements_do_not_grow_with_the_data(client, factory, headers, count_statements, query):
    _grow(factory, 1)
    with count_statements() as few:
        assert client.get(LANDSCAPE + query, headers=headers).status_code == 200
    _grow(factory, 8)
    with count_statements() as many:
        body = client.get(LANDSCAPE + query, headers=headers).get_json()
    assert body["clusters"] == (9 if not query else 5)
    assert many.count == few.count <= 6
