"""Indicator sets and data views: a unit publishes a set and uploads its values (JSON or CSV,
all or nothing, dry run), a cluster's own people see their clinic beside the cluster's and the
nation's averages, and the other clinics by name only for a period their cluster opened; the
coordinator records the cluster's decisions."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import Cluster, DataPolicy, IndicatorValue
from tests.path_ids import path_ids
from tests.problems import assert_problem
from tests.scenarios import ADMIN, build, doctor, machine, staff

SET_BODY = {
    "name": "Antibiotika til UVI",
    "indicators": [
        {"code": "uvi", "name": "Antibiotika til UVI", "unit": "%", "direction": "lower"}
    ],
    "periods": [
        {"label": "2023", "starts_on": "2023-01-01", "ends_on": "2023-12-31"},
        {"label": "2024", "starts_on": "2024-01-01", "ends_on": "2024-12-31"},
    ],
}


@pytest.fixture
def world(factory):
    scenario = build(
        factory,
        {
            "member": doctor("viborg"),
            "neighbour": doctor("viborg_other"),
            "coordinator": doctor("viborg", role="coordinator"),
            "other_member": doctor("odense"),
            "unit": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "writer": machine("midtjylland", "indicators:write"),
            "reader": machine("midtjylland", "indicators:read"),
            "plo_client": machine("plo", "attendance:read"),
            "admin": ADMIN,
        },
    )
    scenario.headers["anonymous"] = {}
    scenario.set = factory.indicator_set(scenario.units["midtjylland"])
    return scenario


def values_url(indicator_set) -> str:
    return f"/api/v1/indicator-sets/{indicator_set.id}/values"


def view_url(cluster: Cluster, indicator_set) -> str:
    return f"/api/v1/clusters/{cluster.id}/data/{indicator_set.id}"


def stored_values(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def item(number: str, value: float, period: str = "2024") -> dict:
    return {"provider_number": number, "indicator": "uvi", "period": period, "value": value}


# --- indicator sets ------------------------------------------------------------------------


def test_a_unit_publishes_a_set_and_every_person_reads_it(client, world):
    created = client.post("/api/v1/indicator-sets", json=SET_BODY, headers=world.headers["unit"])
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["organisation_id"] == str(world.units["midtjylland"].id)
    assert [p["label"] for p in body["periods"]] == ["2023", "2024"]
    read = client.get(created.headers["Location"], headers=world.headers["member"])
    assert read.status_code == 200
    assert read.get_json()["indicators"][0]["direction"] == "lower"
    listed = client.get("/api/v1/indicator-sets", headers=world.headers["other_member"])
    assert {s["name"] for s in listed.get_json()["items"]} >= {"Antibiotika til UVI"}
    again = client.post("/api/v1/indicator-sets", json=SET_BODY, headers=world.headers["unit"])
    assert_problem(again, 409)


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous", 401), ("member", 403), ("plo_client", 403)],
)
def test_only_quality_units_publish_sets(client, world, caller, status):
    response = client.post("/api/v1/indicator-sets", json=SET_BODY, headers=world.headers[caller])
    assert_problem(response, status)


@pytest.mark.parametrize(
    "body",
    [
        {**SET_BODY, "indicators": []},
        {**SET_BODY, "indicators": [{**SET_BODY["indicators"][0], "direction": "sideways"}]},
        {
            **SET_BODY,
            "periods": [{"label": "x", "starts_on": "2024-02-01", "ends_on": "2024-01-01"}],
        },
        {**SET_BODY, "periods": SET_BODY["periods"] * 2},
        {**SET_BODY, "surprise": True},
    ],
)
def test_a_bad_set_is_refused(client, world, body):
    response = client.post("/api/v1/indicator-sets", json=body, headers=world.headers["unit"])
    assert_problem(response, 422)


def test_an_unknown_set_is_not_found(client, world):
    response = client.get(f"/api/v1/indicator-sets/{uuid.uuid4()}", headers=world.headers["member"])
    assert_problem(response, 404)


# --- uploads -------------------------------------------------------------------------------------


def test_a_unit_uploads_values_and_a_second_upload_updates_them(client, world, app):
    items = [item("100001", 40.0), item("100002", 55.5), item("200001", 61.0, "2023")]
    first = client.post(
        values_url(world.set), json={"items": items}, headers=world.headers["writer"]
    )
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["summary"]["created"] == 3
    assert first.get_json()["applied"] is True
    items[0]["value"] = 42.0
    second = client.post(
        values_url(world.set), json={"items": items}, headers=world.headers["unit"]
    )
    assert second.get_json()["summary"] | {} == {
        "created": 0,
        "updated": 1,
        "unchanged": 2,
        "reminded": 0,
        "error": 0,
    }
    assert stored_values(app) == 3


def test_an_upload_is_all_or_nothing_with_a_report_per_row(client, world, app):
    items = [
        item("100001", 40.0),
        item("999999", 12.0),
        {**item("100002", 1.0), "indicator": "nope"},
        {**item("100002", 1.0), "period": "1999"},
        item("100001", 41.0),
    ]
    response = client.post(
        values_url(world.set), json={"items": items}, headers=world.headers["unit"]
    )
    assert_problem(response, 422)
    codes = [[c["code"] for c in i["codes"]] for i in response.get_json()["items"]]
    assert codes == [
        [],
        ["unknown_provider_number"],
        ["unknown_indicator"],
        ["unknown_period"],
        ["duplicate_in_batch"],
    ]
    assert stored_values(app) == 0


def test_a_dry_run_reports_and_writes_nothing(client, world, app):
    response = client.post(
        values_url(world.set),
        query_string={"dry_run": "true"},
        json={"items": [item("100001", 40.0)]},
        headers=world.headers["unit"],
    )
    assert response.status_code == 200
    assert response.get_json()["applied"] is False
    assert response.get_json()["summary"]["created"] == 1
    assert stored_values(app) == 0


def test_values_are_uploaded_as_csv(client, world, app):
    text = "provider_number,indicator,period,value\n100001,uvi,2024,40.5\n100002,uvi,2023,12\n"
    response = client.post(
        values_url(world.set),
        data=text.encode(),
        content_type="text/csv",
        headers=world.headers["writer"],
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["summary"]["created"] == 2
    bad = client.post(
        values_url(world.set),
        data=b"provider_number,indicator,period,value\n100001,uvi,2024,many\n",
        content_type="text/csv",
        headers=world.headers["writer"],
    )
    assert_problem(bad, 422)
    assert bad.get_json()["errors"] == {"items": {"0": {"value": ["Not a valid number."]}}}
    assert stored_values(app) == 2


def test_an_upload_with_an_idempotency_key_is_replayed(client, world, app):
    headers = {**world.headers["unit"], "Idempotency-Key": str(uuid.uuid4())}
    body = {"items": [item("100001", 40.0)]}
    first = client.post(values_url(world.set), json=body, headers=headers)
    replay = client.post(values_url(world.set), json=body, headers=headers)
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.get_json() == first.get_json()
    assert stored_values(app) == 1


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous", 401), ("member", 403), ("coordinator", 403), ("other_unit", 403)],
)
def test_only_the_owning_unit_uploads(client, world, caller, status):
    response = client.post(
        values_url(world.set), json={"items": [item("100001", 1.0)]}, headers=world.headers[caller]
    )
    assert_problem(response, status)


def test_an_upload_to_an_unknown_set_is_not_found(client, world):
    response = client.post(
        f"/api/v1/indicator-sets/{uuid.uuid4()}/values",
        json={"items": [item("100001", 1.0)]},
        headers=world.headers["unit"],
    )
    assert_problem(response, 404)


# --- reading the stored values back -------------------------------------------------------------

UPLOADED = [
    item("200001", 61.0, "2023"),
    item("100002", 55.5),
    item("100001", 40.0),
    item("100001", 38.5, "2023"),
]


def _upload(client, world) -> None:
    response = client.post(
        values_url(world.set), json={"items": UPLOADED}, headers=world.headers["writer"]
    )
    assert response.status_code == 200, response.get_json()


def _keys(items: list[dict]) -> list[tuple]:
    return [(i["provider_number"], i["indicator"], i["period"], i["value"]) for i in items]


@pytest.mark.parametrize("caller", ["unit", "writer", "admin"])
def test_the_unit_reads_back_the_values_it_uploaded(client, world, caller):
    _upload(client, world)
    response = client.get(values_url(world.set), headers=world.headers[caller])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    # By provider number, then the set's periods in their order.
    assert _keys(body["items"]) == [
        ("100001", "uvi", "2023", 38.5),
        ("100001", "uvi", "2024", 40.0),
        ("100002", "uvi", "2024", 55.5),
        ("200001", "uvi", "2023", 61.0),
    ]
    first = body["items"][0]
    assert first["clinic_id"] == str(world.clinics["viborg"].id)
    assert first["clinic_name"] == "Lægerne i Viborg"
    assert set(first) == {
        "provider_number",
        "clinic_id",
        "clinic_name",
        "indicator",
        "period",
        "value",
        "updated_at",
    }
    assert body["has_more"] is False
    assert body["next_cursor"] is None


def test_the_values_are_filtered_by_indicator_period_and_clinic(client, world):
    _upload(client, world)

    def listed(**query) -> list[tuple]:
        response = client.get(
            values_url(world.set), query_string=query, headers=world.headers["unit"]
        )
        assert response.status_code == 200, response.get_json()
        return _keys(response.get_json()["items"])

    assert len(listed(indicator="uvi")) == 4
    assert listed(period="2023") == [
        ("100001", "uvi", "2023", 38.5),
        ("200001", "uvi", "2023", 61.0),
    ]
    assert listed(provider_number="100001", period="2024") == [("100001", "uvi", "2024", 40.0)]
    assert listed(provider_number="999999") == []


def test_the_values_are_paged_with_a_cursor(client, world):
    _upload(client, world)
    seen: list[tuple] = []
    query: dict = {"limit": 3}
    pages = 0
    while True:
        response = client.get(
            values_url(world.set), query_string=query, headers=world.headers["writer"]
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        pages += 1
        seen += _keys(body["items"])
        if not body["has_more"]:
            assert "Link" not in response.headers
            break
        assert 'rel="next"' in response.headers["Link"]
        query["cursor"] = body["next_cursor"]
    assert pages == 2
    assert seen == sorted(_keys(UPLOADED))


def test_the_values_are_read_as_csv(client, world):
    _upload(client, world)
    response = client.get(
        values_url(world.set),
        query_string={"period": "2024"},
        headers={**world.headers["writer"], "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == ("provider_number,clinic_id,clinic_name,indicator,period,value,updated_at")
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["100001", str(world.clinics["viborg"].id)],
        ["100002", str(world.clinics["viborg_other"].id)],
    ]
    assert lines[1].split(",")[2:6] == ["Lægerne i Viborg", "uvi", "2024", "40.0"]


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"indicator": "nope"}, "indicator", "unknown_indicator"),
        ({"period": "1999"}, "period", "unknown_period"),
        ({"provider_number": "12ab"}, "provider_number", "invalid_provider_number"),
        ({"cursor": "A" * 40}, "cursor", "invalid_cursor"),
        ({"limit": 0}, "limit", "out_of_range"),
        ({"clinic": "100001"}, "clinic", "unknown_field"),
    ],
)
def test_a_bad_filter_or_cursor_of_the_values_is_refused(client, world, query, field, code):
    response = client.get(values_url(world.set), query_string=query, headers=world.headers["unit"])
    body = assert_problem(response, 422)
    assert [c["code"] for c in body["codes"][field]] == [code]


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("anonymous", 401),
        ("member", 403),
        ("coordinator", 403),
        ("other_member", 403),
        ("other_unit", 403),
        ("reader", 403),
        ("plo_client", 403),
    ],
)
def test_only_those_who_write_the_set_read_its_values(client, world, caller, status):
    _upload(client, world)
    response = client.get(values_url(world.set), headers=world.headers[caller])
    assert_problem(response, status)
    assert "61.0" not in response.get_data(as_text=True)


def test_the_values_of_an_unknown_set_are_not_found(client, world):
    response = client.get(
        f"/api/v1/indicator-sets/{uuid.uuid4()}/values", headers=world.headers["unit"]
    )
    assert_problem(response, 404)


def test_a_page_of_values_costs_the_same_statements_for_any_number_of_values(
    client, factory, world, count_statements
):
    def statements() -> tuple[int, int]:
        with count_statements() as counter:
            response = client.get(
                values_url(world.set),
                query_string={"limit": 200, "period": "2024"},
                headers=world.headers["writer"],
            )
        assert response.status_code == 200
        return counter.count, len(response.get_json()["items"])

    factory.indicator_value(world.set, world.clinics["viborg"], 2024, 10.0)
    few, one = statements()
    for clinic in [factory.clinic(world.viborg) for _ in range(12)]:
        factory.indicator_value(world.set, clinic, 2024, 10.0)
        factory.indicator_value(world.set, clinic, 2023, 11.0)
    many, thirteen = statements()
    assert (one, thirteen) == (1, 13)
    assert many == few


# --- the data view -------------------------------------------------------------------------------


def _values(factory, world, extra_clinics):
    clinics = [world.clinics["viborg"], world.clinics["viborg_other"], *extra_clinics]
    for n, clinic in enumerate(clinics):
        factory.indicator_value(world.set, clinic, 2023, 30.0 + n)
        factory.indicator_value(world.set, clinic, 2024, 20.0 + n)
    factory.indicator_value(
        world.set,
        world.clinics["odense"] if "odense" in world.clinics else factory.clinic(world.odense),
        2024,
        80.0,
    )
    return clinics


def test_a_closed_cluster_s_member_learns_no_other_clinic_s_name_or_number(client, factory, world):
    extra = [factory.clinic(world.viborg, name=f"Skjult Lægehus {n}") for n in range(5)]
    clinics = _values(factory, world, extra)
    factory.data_decision(world.viborg, DataPolicy.closed)
    response = client.get(view_url(world.viborg, world.set), headers=world.headers["member"])
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    others = [c for c in clinics if c.id != world.clinics["viborg"].id]
    for clinic in others:
        assert clinic.name not in text
        assert clinic.provider_number not in text
        assert str(clinic.id) not in text
    period = response.get_json()["periods"][1]
    assert period["policy"] == "closed"
    uvi = period["indicators"][0]
    assert uvi["own_value"] == 20.0
    assert uvi["cluster_average"] == pytest.approx(sum(20.0 + n for n in range(7)) / 7)
    assert uvi["national_average"] == pytest.approx((sum(20.0 + n for n in range(7)) + 80) / 8)
    labels = [c["label"] for c in uvi["clinics"]]
    assert sorted(labels) == [f"Klinik {x}" for x in "ABCDEFG"]
    own = [c for c in uvi["clinics"] if c["own"]]
    assert own[0]["name"] == "Lægerne i Viborg"
    assert all(c["name"] is None for c in uvi["clinics"] if not c["own"])


SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "openapi.yaml").read_text())
READS = [
    (path, operations["get"]) for path, operations in SPEC["paths"].items() if "get" in operations
]


def _reads(fill: dict[str, list[str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """Every readable operation of the contract as (path, url), once per value of each of its
    path parameters and required query parameters; and the operations with a parameter the
    world does not fill."""
    urls, unfilled = [], []
    for path, operation in READS:
        names = re.findall(r"{(\w+)}", path)
        query = [
            p["name"]
            for p in operation.get("parameters", [])
            if p.get("in") == "query" and p.get("required")
        ]
        if missing := [name for name in names + query if not fill.get(name)]:
            unfilled.append(f"GET {path}: {', '.join(missing)}")
            continue
        combos: list[str] = [path.removeprefix("/api/v1")]
        for name in names:
            combos = [c.replace(f"{{{name}}}", v) for c in combos for v in fill[name]]
        for n, name in enumerate(query):
            sign = "?" if n == 0 else "&"
            combos = [f"{c}{sign}{name}={v}" for c in combos for v in fill[name]]
        urls += [(path, url) for url in combos]
    return urls, unfilled


def test_no_endpoint_ties_a_closed_cluster_s_values_to_another_clinic(client, factory, world):
    """Through every readable operation of the contract, called on real objects of the
    cluster, neither a member nor a coordinator of a closed cluster gets an answer holding
    another clinic's value together with its name, provider number or id."""
    extra = [factory.clinic(world.viborg, name=f"Skjult Lægehus {n}") for n in range(4)]
    clinics = [world.clinics["viborg"], world.clinics["viborg_other"], *extra]
    for n, clinic in enumerate(clinics):
        # Values no other number of the answers is likely to be.
        factory.indicator_value(world.set, clinic, 2023, 31.17 + n)
        factory.indicator_value(world.set, clinic, 2024, 47.83 + n)
    # A meeting, its files, posts, fees, a package with versions and materials, an order, a
    # proposal, surveys, …: one object of every kind a path names, the decision closed.
    ids = path_ids(
        factory,
        world,
        invited=("member", "neighbour", "coordinator"),
        role="coordinator",
        data_policy=DataPolicy.closed,
    )
    others = clinics[1:]
    fill = {name: [str(value)] for name, value in ids.items()}
    feed = client.post("/api/v1/me/calendar-feed", headers=world.headers["member"]).get_json()
    fill |= {
        # The member's survey link and calendar feed: each public read has one that works.
        "token": [ids["token"], feed["url"].rsplit("/", 1)[1].removesuffix(".ics")],
        "indicator_set_id": [str(world.set.id), str(ids["indicator_set_id"])],
        "clinic_id": [str(c.id) for c in clinics],
        "year": ["2023", "2024", str(ids["year"])],
    }
    urls, unfilled = _reads(fill)
    # A new readable operation is walked too: its parameters must be filled above.
    assert unfilled == [], "operations the walk cannot call"
    assert {path for path, _ in urls} == {path for path, _ in READS}
    for caller in ("member", "coordinator"):
        answered, refused = set(), set()
        for path, url in urls:
            response = client.get(f"/api/v1{url}", headers=world.headers[caller])
            assert response.status_code < 500, url
            if response.status_code == 403:
                refused.add(path)
            if response.status_code != 200:
                continue
            answered.add(path)
            body = response.get_json(silent=True)
            # Names as written, not as JSON escapes them ("L\u00e6gehus").
            text = json.dumps(body, ensure_ascii=False) if body else response.get_data(as_text=True)
            for n, clinic in enumerate(others, start=1):
                shown = [f"{31.17 + n:g}", f"{47.83 + n:g}"]
                named = [clinic.name, clinic.provider_number, str(clinic.id)]
                if any(value in text for value in shown):
                    assert not any(name in text for name in named), (caller, url, clinic.name)
        # Every other operation answered: each id names an object the caller reaches, but the
        # package's draft version (found only by its unit's writers).
        unreached = {path for path, _ in READS} - answered - refused
        assert all("{version_id}" in path for path in unreached), (caller, sorted(unreached))
    view = client.get(view_url(world.viborg, world.set), headers=world.headers["member"])
    assert f"{47.83 + 1:g}" in view.get_data(as_text=True)
    listed = client.get(
        f"/api/v1/clusters/{world.viborg.id}/clinics", headers=world.headers["member"]
    )
    assert clinics[1].name in {clinic["name"] for clinic in listed.get_json()["items"]}


def test_the_registry_shows_a_member_the_cluster_s_clinics_by_design(client, factory, world):
    """Members read their cluster's clinic list (names and provider numbers): the registry is
    who is in the cluster, not their data; no registry endpoint shows a clinic's values."""
    response = client.get(
        f"/api/v1/clusters/{world.viborg.id}/clinics", headers=world.headers["member"]
    )
    assert response.status_code == 200
    assert "100002" in response.get_data(as_text=True)
    assert "value" not in {k for c in response.get_json()["items"] for k in c}


def test_an_open_period_shows_the_clinics_by_name(client, factory, world):
    _values(factory, world, [])
    factory.data_decision(
        world.viborg, DataPolicy.open, valid_from=date(2024, 1, 1), decided_on=date(2024, 3, 1)
    )
    body = client.get(view_url(world.viborg, world.set), headers=world.headers["member"]).get_json()
    closed, opened = body["periods"]
    assert closed["policy"] == "closed"  # the decision does not cover 2023
    assert opened["policy"] == "open"
    names = {c["name"] for c in opened["indicators"][0]["clinics"]}
    assert names == {"Lægerne i Viborg", "Viborg Lægehus"}
    assert "Viborg Lægehus" not in str(closed)


def test_an_expired_open_decision_counts_as_closed(client, factory, world):
    _values(factory, world, [])
    factory.data_decision(
        world.viborg, DataPolicy.open, valid_from=date(2023, 1, 1), valid_to=date(2024, 12, 31)
    )
    body = client.get(view_url(world.viborg, world.set), headers=world.headers["member"]).get_json()
    assert [p["policy"] for p in body["periods"]] == ["closed", "closed"]
    assert all(p["decision_expired"] for p in body["periods"])
    assert "Viborg Lægehus" not in str(body)


def test_the_labels_are_stable_for_a_period(client, factory, world):
    extra = [factory.clinic(world.viborg) for _ in range(4)]
    _values(factory, world, extra)

    def labels():
        body = client.get(view_url(world.viborg, world.set), headers=world.headers["member"])
        return [
            (c["label"], c["value"])
            for c in body.get_json()["periods"][1]["indicators"][0]["clinics"]
        ]

    assert labels() == labels()


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous", 401), ("unit", 403), ("other_member", 404), ("other_unit", 404)],
)
def test_only_the_cluster_s_own_people_see_its_data_view(client, world, caller, status):
    response = client.get(view_url(world.viborg, world.set), headers=world.headers[caller])
    assert_problem(response, status)


def test_a_data_view_of_an_unknown_set_is_not_found(client, world):
    response = client.get(
        f"/api/v1/clusters/{world.viborg.id}/data/{uuid.uuid4()}", headers=world.headers["member"]
    )
    assert_problem(response, 404)


def test_a_data_view_costs_the_same_statements_for_any_number_of_clinics(
    client, factory, world, count_statements
):
    def statements() -> int:
        with count_statements() as counter:
            response = client.get(
                view_url(world.viborg, world.set), headers=world.headers["member"]
            )
        assert response.status_code == 200
        return counter.count

    _values(factory, world, [])
    few = statements()
    for clinic in [factory.clinic(world.viborg) for _ in range(12)]:
        factory.indicator_value(world.set, clinic, 2024, 10.0)
    factory.data_decision(world.viborg, DataPolicy.open)
    assert statements() == few


# --- decisions -----------------------------------------------------------------------------------

DECISION = {
    "policy": "open",
    "decided_on": "2024-03-01",
    "valid_from": "2024-01-01",
    "valid_to": None,
}


def decisions_url(cluster: Cluster) -> str:
    return f"/api/v1/clusters/{cluster.id}/data-decisions"


def test_the_coordinator_records_changes_and_deletes_a_decision(client, world):
    headers = world.headers["coordinator"]
    created = client.post(decisions_url(world.viborg), json=DECISION, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["expired"] is False
    url = created.headers["Location"]
    cluster = client.get(f"/api/v1/clusters/{world.viborg.id}", headers=headers).get_json()
    assert (cluster["data_policy"], cluster["data_policy_valid_from"]) == ("open", "2024-01-01")

    assert_problem(client.put(url, json=DECISION, headers=headers), 428)
    changed = client.put(
        url,
        json={**DECISION, "policy": "closed", "valid_to": "2024-12-31"},
        headers={**headers, "If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200
    assert changed.get_json()["expired"] is True
    stale = client.put(url, json=DECISION, headers={**headers, "If-Match": created.headers["ETag"]})
    assert_problem(stale, 412)
    listed = client.get(decisions_url(world.viborg), headers=world.headers["member"]).get_json()
    assert [d["policy"] for d in listed["items"]] == ["closed"]

    deleted = client.delete(url, headers={**headers, "If-Match": changed.headers["ETag"]})
    assert deleted.status_code == 204
    cluster = client.get(f"/api/v1/clusters/{world.viborg.id}", headers=headers).get_json()
    assert cluster["data_policy"] is None


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous", 401), ("member", 403), ("unit", 403), ("other_member", 404)],
)
def test_only_the_coordinators_record_decisions(client, world, caller, status):
    response = client.post(
        decisions_url(world.viborg), json=DECISION, headers=world.headers[caller]
    )
    assert_problem(response, status)


def test_another_cluster_s_decision_is_not_found(client, factory, world):
    decision = factory.data_decision(world.odense)
    response = client.get(
        f"{decisions_url(world.viborg)}/{decision.id}", headers=world.headers["coordinator"]
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    "body",
    [
        {**DECISION, "valid_to": "2023-12-31"},
        {**DECISION, "policy": "ajar"},
        {**DECISION, "cluster_id": str(uuid.uuid4())},
    ],
)
def test_a_bad_decision_is_refused(client, world, body):
    response = client.post(
        decisions_url(world.viborg), json=body, headers=world.headers["coordinator"]
    )
    assert_problem(response, 422)
