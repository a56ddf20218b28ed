"""Integrators keep a copy of a cluster's registry in step with changes walks (`updated_since`):
whatever is added, changed or ended, by a coordinator, a bulk upsert or an admin, a client that
stores `next_cursor` ends with exactly the server's current rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import text

from api.core.extensions import db
from api.models import ClusterRoleKind
from tests.problems import assert_problem
from tests.resources.test_clusters import registry  # noqa: F401  (the fixture)

CLUSTERS = "/api/v1/clusters"
EPOCH = "1970-01-01T00:00:00Z"
LISTS = ("clinics", "members", "roles")
WALK_FIELDS = frozenset({"deleted", "updated_at"})
TOMBSTONE_FIELDS = {"id", "deleted", "updated_at"}


def _get(client, url: str, headers: dict[str, str], **params: Any):
    # Requests share the test's session: expire it, so that every request reads the
    # database afresh, as a request in production does with its own session.
    db.session.expire_all()
    return client.get(url, query_string=params, headers=headers)


def _current(client, url: str, headers: dict[str, str]) -> dict[str, dict]:
    """The list as it is now, without a changes walk: every page, by id."""
    rows: dict[str, dict] = {}
    params: dict[str, Any] = {"limit": 200}
    while True:
        body = _get(client, url, headers, **params).get_json()
        rows.update({item["id"]: item for item in body["items"]})
        if body["next_cursor"] is None:
            return rows
        params["cursor"] = body["next_cursor"]


@dataclass
class Copy:
    """An integrator's copy of one list, kept in step by a changes walk with a stored cursor."""

    client: Any
    url: str
    headers: dict[str, str]
    limit: int = 2
    # What a walk adds to the list's rows (a cluster's `updated_at` is a field of its own).
    walk_fields: frozenset[str] = WALK_FIELDS
    rows: dict[str, dict] = field(default_factory=dict)
    cursor: str | None = None
    handed_out: list[dict] = field(default_factory=list)

    def page(self) -> list[dict]:
        params: dict[str, Any] = {"limit": self.limit}
        if self.cursor:
            params["cursor"] = self.cursor  # the stored cursor alone resumes the walk
        else:
            params["updated_since"] = EPOCH
        response = _get(self.client, self.url, self.headers, **params)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        for item in body["items"]:
            self.handed_out.append(item)
            if item.get("deleted"):
                assert set(item) == TOMBSTONE_FIELDS
                self.rows.pop(item["id"], None)
            else:
                self.rows[item["id"]] = {k: v for k, v in item.items() if k not in self.walk_fields}
        # Never null in a changes walk; a Link header only while more rows are waiting.
        assert body["next_cursor"]
        if "Link" in response.headers:
            assert len(body["items"]) == self.limit
            assert f"cursor={body['next_cursor']}" in response.headers["Link"]
        self.cursor = body["next_cursor"]
        return body["items"]

    def sync(self) -> None:
        while len(self.page()) == self.limit:
            pass


def _with_etag(client, url: str, headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "If-Match": _get(client, url, headers).headers["ETag"]}


@pytest.fixture
def writer(factory, world):
    """MidtKraft's integration, which writes the registry in bulk for Region Midtjylland."""
    unit = world.registry.people["midtkraft"].memberships[0].organisation
    machine = factory.client(organisation=unit, scopes=["clusters:read", "clusters:write"])
    return factory.auth(machine)


@dataclass
class World:
    """The registry fixture, with its ids read once: its objects expire at every request."""

    viborg: str
    odense: str
    clinic: str
    people: dict[str, str]
    headers: dict[str, dict[str, str]]
    registry: Any


@pytest.fixture
def world(registry) -> World:  # noqa: F811
    return World(
        viborg=str(registry.viborg.id),
        odense=str(registry.odense.id),
        clinic=str(registry.viborg_clinic.id),
        people={
            name: str(person.id)
            for name, person in registry.people.items()
            if hasattr(person, "email")
        },
        headers=registry.headers,
        registry=registry,
    )


def _copies(client, world: World, headers: dict[str, str], cluster: str | None = None, limit=2):
    base = f"{CLUSTERS}/{cluster or world.viborg}"
    return {name: Copy(client, f"{base}/{name}", headers, limit=limit) for name in LISTS}


def _assert_in_step(client, copies: dict[str, Copy]) -> None:
    for name, copy in copies.items():
        copy.sync()
        current = _current(client, copy.url, copy.headers)
        assert copy.rows == current, name


def _member_id(client, world: World, headers: dict[str, str], person: str) -> str:
    rows = _current(client, f"{CLUSTERS}/{world.viborg}/members", headers)
    return next(m["id"] for m in rows.values() if m["user_id"] == world.people[person])


def _role_id(client, world: World, headers: dict[str, str], role: str) -> str:
    rows = _current(client, f"{CLUSTERS}/{world.viborg}/roles", headers)
    return next(r["id"] for r in rows.values() if r["role"] == role)


# --- a copy kept in step ------------------------------------------------------------------


def test_a_client_with_stored_cursors_ends_with_exactly_the_current_registry(
    client, world, writer, factory
):
    integrator = world.headers["midtkraft_client"]
    coordinator = world.headers["coordinator"]
    admin = world.headers["admin"]
    viborg = f"{CLUSTERS}/{world.viborg}"
    skive = str(factory.cluster("midtjylland", name="Skive").id)
    copies = _copies(client, world, integrator)
    _assert_in_step(client, copies)
    assert len(copies["clinics"].rows) == 2 and len(copies["members"].rows) == 6

    # The coordinator's changes, one endpoint at a time.
    new_clinic = client.post(
        f"{viborg}/clinics",
        json={"provider_number": "100099", "name": "Ny Lægepraksis"},
        headers=coordinator,
    ).get_json()["id"]
    client.post(
        f"{viborg}/members",
        json={"email": "ny.laege@example.dk", "name": "Ny Læge", "clinic_id": new_clinic},
        headers=coordinator,
    )
    other_clinic = next(
        c["id"] for c in copies["clinics"].rows.values() if c["provider_number"] == "100002"
    )
    clinic_url = f"{viborg}/clinics/{other_clinic}"
    client.patch(
        clinic_url,
        json={"name": "Viborg Lægehus (nyt navn)"},
        headers=_with_etag(client, clinic_url, coordinator),
    )
    mads = f"{viborg}/members/{_member_id(client, world, coordinator, 'member')}"
    client.patch(mads, json={"kind": "employed"}, headers=_with_etag(client, mads, coordinator))
    colleague = f"{viborg}/members/{_member_id(client, world, coordinator, 'colleague')}"
    client.delete(colleague, headers=_with_etag(client, colleague, coordinator))
    client.post(
        f"{viborg}/roles",
        json={"user_id": world.people["member"], "role": "board_member"},
        headers=coordinator,
    )
    treasurer = f"{viborg}/roles/{_role_id(client, world, coordinator, 'treasurer')}"
    client.delete(treasurer, headers=_with_etag(client, treasurer, coordinator))
    _assert_in_step(client, copies)

    # Bulk upserts: a new patient count, a clinic renamed, a person renamed.
    response = client.post(
        "/api/v1/bulk/clinics",
        json={
            "items": [
                {
                    "provider_number": "100001",
                    "name": "Lægerne i Viborg",
                    "patients": 4321,
                    "patients_counted_on": "2026-06-01",
                },
                {"provider_number": "100002", "name": "Viborg Lægehus igen"},
            ]
        },
        headers=writer,
    )
    assert response.status_code == 200, response.get_json()
    coordinator_email = world.registry.people["coordinator"].email
    response = client.post(
        "/api/v1/bulk/members",
        json={
            "items": [
                {
                    "email": coordinator_email,
                    "name": "Klara Koordinator",
                    "provider_number": "100001",
                }
            ]
        },
        headers=writer,
    )
    assert response.status_code == 200, response.get_json()
    # The platform admin renames a person who is a member and holds a role.
    secretary = f"/api/v1/users/{world.people['secretary']}"
    client.patch(
        secretary, json={"name": "Sara Sekretær"}, headers=_with_etag(client, secretary, admin)
    )
    _assert_in_step(client, copies)
    assert copies["clinics"].rows[world.clinic]["patients"] == 4321
    assert "Klara Koordinator" in {r["name"] for r in copies["roles"].rows.values()}
    assert "Sara Sekretær" in {m["name"] for m in copies["members"].rows.values()}

    # A clinic leaves (its doctors with it), one moves to another cluster, one comes back.
    client.delete(clinic_url, headers=_with_etag(client, clinic_url, coordinator))
    response = client.post(
        "/api/v1/bulk/clinics",
        json={
            "items": [{"provider_number": "100099", "name": "Ny Lægepraksis", "cluster_id": skive}]
        },
        headers=writer,
    )
    assert response.status_code == 200, response.get_json()
    _assert_in_step(client, copies)
    assert {c["provider_number"] for c in copies["clinics"].rows.values()} == {"100001"}
    assert {m["clinic_id"] for m in copies["members"].rows.values()} == {world.clinic}
    skive_copies = _copies(client, world, integrator, cluster=skive)
    _assert_in_step(client, skive_copies)
    assert [m["name"] for m in skive_copies["members"].rows.values()] == ["Ny Læge"]

    back = client.post(
        f"{viborg}/clinics",
        json={"provider_number": "100002", "name": "Viborg Lægehus igen"},
        headers=coordinator,
    )
    assert back.status_code == 201, back.get_json()
    _assert_in_step(client, copies)
    # Its doctors come back with it; the colleague's membership ended above.
    assert len(copies["clinics"].rows) == 2 and len(copies["members"].rows) == 5


def test_tombstones_name_only_the_row_that_ended(client, world):
    coordinator = world.headers["coordinator"]
    copies = _copies(client, world, coordinator)
    _assert_in_step(client, copies)
    url = f"{CLUSTERS}/{world.viborg}/roles/{_role_id(client, world, coordinator, 'secretary')}"
    client.delete(url, headers=_with_etag(client, url, coordinator))
    member = f"{CLUSTERS}/{world.viborg}/members/{_member_id(client, world, coordinator, 'member')}"
    client.delete(member, headers=_with_etag(client, member, coordinator))
    ended = {name: copy.page() for name, copy in copies.items() if name != "clinics"}
    role_id, member_id = url.rsplit("/", 1)[1], member.rsplit("/", 1)[1]
    assert [(r["id"], r["deleted"], set(r)) for r in ended["roles"]] == [
        (role_id, True, TOMBSTONE_FIELDS)
    ]
    # The coordinator sees personal e-mails; a tombstone still carries none.
    assert [(m["id"], m["deleted"], set(m)) for m in ended["members"]] == [
        (member_id, True, TOMBSTONE_FIELDS)
    ]
    assert copies["clinics"].page() == []


def test_a_clinic_that_leaves_and_returns_is_a_tombstone_then_a_row(client, world):
    coordinator = world.headers["coordinator"]
    copy = Copy(client, f"{CLUSTERS}/{world.viborg}/clinics", coordinator)
    copy.sync()
    url = f"{copy.url}/{world.clinic}"
    client.delete(url, headers=_with_etag(client, url, coordinator))
    client.post(
        copy.url,
        json={"provider_number": "100001", "name": "Lægerne i Viborg"},
        headers=coordinator,
    )
    assert [(c["id"], c["deleted"]) for c in copy.page()] == [
        (world.clinic, True),
        (world.clinic, False),
    ]
    assert copy.rows == _current(client, copy.url, coordinator)


def test_a_row_changed_during_a_walk_moves_to_its_end_and_is_seen(client, world):
    coordinator = world.headers["coordinator"]
    copy = Copy(client, f"{CLUSTERS}/{world.viborg}/members", coordinator, limit=2)
    first = copy.page()
    seen_id = first[0]["id"]
    url = f"{copy.url}/{seen_id}"
    client.patch(url, json={"kind": "in_training"}, headers=_with_etag(client, url, coordinator))
    copy.sync()
    last = copy.handed_out[-1]
    assert (last["id"], last["kind"]) == (seen_id, "in_training")
    assert copy.rows == _current(client, copy.url, coordinator)


def test_the_cluster_list_walk_follows_its_counts(client, world, factory):
    integrator = world.headers["plo_client"]
    copy = Copy(client, CLUSTERS, integrator, limit=1, walk_fields=frozenset())
    copy.sync()
    assert set(copy.rows) == {world.viborg, world.odense}
    assert "deleted" not in copy.handed_out[0]
    client.post(
        f"{CLUSTERS}/{world.viborg}/members",
        json={"email": "ny@example.dk", "name": "Ny", "clinic_id": world.clinic},
        headers=world.headers["coordinator"],
    )
    changed = copy.page()
    assert [(c["id"], c["doctor_count"]) for c in changed] == [(world.viborg, 7)]
    factory.cluster("syddanmark", name="Svendborg")
    copy.sync()
    assert copy.rows == _current(client, CLUSTERS, integrator)


def test_walks_leave_out_changes_younger_than_the_settle_time(client, world, app, monkeypatch):
    coordinator = world.headers["coordinator"]
    copy = Copy(client, f"{CLUSTERS}/{world.viborg}/roles", coordinator)
    copy.sync()
    stored = copy.cursor
    monkeypatch.setitem(app.config, "SYNC_SETTLE_SECONDS", 3600)
    role = client.post(
        f"{CLUSTERS}/{world.viborg}/roles",
        json={"user_id": world.people["member"], "role": "board_member"},
        headers=coordinator,
    ).get_json()
    assert copy.page() == [] and copy.cursor == stored
    fresh = _get(client, copy.url, coordinator, updated_since=EPOCH, limit=200).get_json()
    assert role["id"] not in {r["id"] for r in fresh["items"]}
    monkeypatch.setitem(app.config, "SYNC_SETTLE_SECONDS", 0)
    assert [r["id"] for r in copy.page()] == [role["id"]]


def test_a_walk_starts_at_updated_since_inclusive(client, world):
    coordinator = world.headers["coordinator"]
    url = f"{CLUSTERS}/{world.viborg}/roles"
    every = _get(client, url, coordinator, updated_since=EPOCH, limit=200).get_json()["items"]
    middle = every[2]
    later = _get(client, url, coordinator, updated_since=middle["updated_at"], limit=200)
    assert [r["id"] for r in later.get_json()["items"]] == [r["id"] for r in every[2:]]
    # Ordered by (updated_at, id).
    assert [(r["updated_at"], r["id"]) for r in every] == sorted(
        (r["updated_at"], r["id"]) for r in every
    )


def test_lists_without_updated_since_are_as_before(client, world):
    headers = world.headers["coordinator"]
    for name in LISTS:
        body = _get(client, f"{CLUSTERS}/{world.viborg}/{name}", headers, limit=1).get_json()
        assert not WALK_FIELDS & set(body["items"][0]), name
        assert body["next_cursor"]  # more than one row: an ordinary cursor, then null at the end


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "since",
    [
        "yesterday",
        "2026-03-04",
        "2026-03-04T15:30:00",
        "2026-03-04 15:30:00Z",
        "20260304T153000Z",
        "2026-13-01T00:00:00Z",
        "2026-03-04T15:30Z",
        "2026-03-04T15:30:00+0100",
        "9999-12-31T23:59:59-23:59",
        "２０２６-03-04T15:30:00Z",
    ],
)
@pytest.mark.parametrize("path", ["", "/clinics", "/members", "/roles"])
def test_updated_since_that_is_not_rfc_3339_is_422(client, world, since, path):
    url = f"{CLUSTERS}/{world.viborg}{path}" if path else CLUSTERS
    response = _get(client, url, world.headers["midtkraft_client"], updated_since=since)
    assert "updated_since" in assert_problem(response, 422)["errors"]


@pytest.mark.parametrize(
    "since", ["2026-03-04T15:30:00Z", "2026-03-04t15:30:00.123456789+01:00", "2026-03-04T15:30:00z"]
)
def test_updated_since_takes_any_rfc_3339_offset_and_precision(client, world, since):
    url = f"{CLUSTERS}/{world.viborg}/clinics"
    response = _get(client, url, world.headers["midtkraft_client"], updated_since=since)
    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 2


def test_cursors_of_one_kind_of_walk_do_not_fit_another(client, world):
    headers = world.headers["coordinator"]
    base = f"{CLUSTERS}/{world.viborg}"
    ordinary = _get(client, f"{base}/members", headers, limit=1).get_json()["next_cursor"]
    response = _get(client, f"{base}/members", headers, updated_since=EPOCH, cursor=ordinary)
    assert "cursor" in assert_problem(response, 422)["errors"]
    clinics = _get(client, f"{base}/clinics", headers, updated_since=EPOCH).get_json()
    response = _get(client, f"{base}/members", headers, cursor=clinics["next_cursor"])
    assert "cursor" in assert_problem(response, 422)["errors"]


def test_member_csv_is_not_a_changes_walk(client, world):
    response = client.get(
        f"{CLUSTERS}/{world.viborg}/members?updated_since={EPOCH}",
        headers={**world.headers["secretary"], "Accept": "text/csv"},
    )
    assert "updated_since" in assert_problem(response, 422)["errors"]


@pytest.mark.parametrize("path", ["", "/clinics", "/members", "/roles"])
def test_a_walk_needs_a_token(client, world, path):
    url = f"{CLUSTERS}/{world.viborg}{path}" if path else CLUSTERS
    assert_problem(_get(client, url, {}, updated_since=EPOCH), 401)


@pytest.mark.parametrize("caller", ["sydkip", "odense_member", "outsider"])
@pytest.mark.parametrize("path", ["/clinics", "/members", "/roles"])
def test_a_walk_of_a_cluster_out_of_reach_is_404(client, world, caller, path):
    url = f"{CLUSTERS}/{world.viborg}{path}"
    assert_problem(_get(client, url, world.headers[caller], updated_since=EPOCH), 404)


def test_a_cluster_walk_shows_only_clusters_in_reach(client, world):
    body = _get(client, CLUSTERS, world.headers["midtkraft_client"], updated_since=EPOCH).get_json()
    assert [c["id"] for c in body["items"]] == [world.viborg]


# --- cost and database -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "/clinics", "/members", "/roles"])
def test_a_walk_costs_the_same_statements_whatever_the_page_size(
    client, world, factory, count_statements, path
):
    url = f"{CLUSTERS}/{world.viborg}{path}" if path else CLUSTERS
    headers = world.headers["midtkraft_client"]
    db.session.expire_all()
    with count_statements() as few:
        small = client.get(
            url, query_string={"updated_since": EPOCH, "limit": 200}, headers=headers
        )
    for n in range(12):
        clinic = factory.clinic(world.registry.viborg, patients=1000 + n)
        member = factory.member(clinic)
        factory.role(world.registry.viborg, factory.user(), ClusterRoleKind.board_member)
        factory.member(clinic, until=member.valid_from)  # history: a tombstone in the walk
        factory.cluster("midtjylland")
    db.session.expire_all()
    with count_statements() as many:
        large = client.get(
            url, query_string={"updated_since": EPOCH, "limit": 200}, headers=headers
        )
    assert len(large.get_json()["items"]) > len(small.get_json()["items"]) + 10
    assert many.count == few.count, many.statements


STAMP_TRIGGERS = {
    "stamp_registry_on_clinic_update",
    "stamp_registry_on_patient_count_insert",
    "stamp_registry_on_patient_count_update",
    "stamp_registry_on_period_insert",
    "stamp_registry_on_period_update",
    "stamp_registry_on_member_insert",
    "stamp_registry_on_member_update",
    "stamp_registry_on_user_update",
}


def test_the_database_stamps_rows_with_what_they_show(app_ctx):
    """A later migration that rebuilds one of these tables (SQLite's batch mode does) must
    create its triggers again: walks would silently miss changes otherwise."""
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    names = set(db.session.scalars(text(query)))
    assert names >= STAMP_TRIGGERS


def test_an_unknown_cluster_walk_is_404(client, world):
    url = f"{CLUSTERS}/{uuid.uuid4()}/clinics"
    assert_problem(_get(client, url, world.headers["admin"], updated_since=EPOCH), 404)
