"""The catalogue of packages: a quality unit writes its own packages (staff, and clients with
`packages:write`), publishes versions that never change again and retires what it withdraws;
everyone signed in reads the published ones, and a draft is found only by its unit."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from api.core.extensions import db
from api.models import File, Organisation, Package, PackageKind, PackageState, PackageVersionState
from tests import survey_rows
from tests.factories import PDF_RECEIPT
from tests.problems import assert_problem
from tests.scenarios import ADMIN, Scenario, build, doctor, machine, staff

PUBLISHED, DRAFT = PackageVersionState.published, PackageVersionState.draft
AGENDA = [
    {"title": "Ankomst og velkomst", "minutes": 10, "slides": "1"},
    {"title": "Hvad er klyngerne til?", "minutes": 5, "slides": "3–5", "method_notes": "Oplæg"},
]
PACKAGE = {
    "title": "Stop op",
    "summary": "Klyngen ser tilbage og vælger retning.",
    "themes": ["Faglig kvalitet", "Trivsel"],
    "audience": "Hele klyngen",
    "estimated_minutes": 195,
}


@dataclass
class World:
    scenario: Scenario
    midt: Organisation
    syd: Organisation
    headers: dict[str, dict[str, str]]


@pytest.fixture
def world(factory) -> World:
    scenario = build(
        factory,
        {
            "consultant": staff("midtjylland"),
            "other_unit": staff("syddanmark"),
            "member": doctor("viborg"),
            "coordinator": doctor("viborg", role="coordinator"),
            "writer": machine("midtjylland", "packages:write"),
            "reader": machine("midtjylland", "clusters:read"),
            "admin": ADMIN,
        },
    )
    units = scenario.units
    return World(scenario, units["midtjylland"], units["syddanmark"], scenario.headers)


def url(package: Any = None, *rest: Any) -> str:
    path = "/api/v1/packages"
    if package is not None:
        path += f"/{getattr(package, 'id', package)}"
    for part in rest:
        path += f"/{getattr(part, 'id', part)}"
    return path


def with_etag(headers: dict[str, str], response) -> dict[str, str]:
    return {**headers, "If-Match": response.headers["ETag"]}


def upload(client, path: str, headers, content: bytes = PDF_RECEIPT, name: str = "Dias.pdf"):
    return client.post(
        path,
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers=headers,
    )


# --- a package's life --------------------------------------------------------------------------


def test_a_unit_makes_publishes_and_retires_a_package(client, world):
    consultant = world.headers["consultant"]
    created = client.post(url(), json=PACKAGE, headers=consultant)
    assert created.status_code == 201, created.get_json()
    package = created.get_json()
    assert created.headers["Location"].endswith(url(package["id"]))
    assert package["state"] == "draft"
    assert package["unit_id"] == str(world.midt.id)
    assert package["themes"] == ["Faglig kvalitet", "Trivsel"]
    assert package["published_version"] is None
    assert package["my_permissions"] == {"change": True}

    got = client.get(url(package["id"]), headers=consultant)
    changed = client.put(
        url(package["id"]),
        json={**PACKAGE, "themes": ["Trivsel", "Samarbejde", "Trivsel"]},
        headers=with_etag(consultant, got),
    )
    assert changed.status_code == 200
    assert changed.get_json()["themes"] == ["Trivsel", "Samarbejde"]

    version = client.post(
        url(package["id"], "versions"), json={"items": AGENDA}, headers=consultant
    )
    assert version.status_code == 201
    v1 = version.get_json()
    assert (v1["number"], v1["state"], v1["total_minutes"]) == (1, "draft", 15)
    assert [item["slides"] for item in v1["items"]] == ["1", "3–5"]
    material = upload(client, url(package["id"], "versions", v1["id"], "materials"), consultant)
    assert material.status_code == 201
    assert material.get_json()["media_type"] == "application/pdf"

    published = client.post(url(package["id"], "versions", v1["id"], "publish"), headers=consultant)
    assert published.status_code == 200
    assert published.get_json()["state"] == "published"
    shown = client.get(url(package["id"]), headers=world.headers["member"]).get_json()
    assert shown["state"] == "published"
    assert shown["published_version"]["number"] == 1
    assert [m["name"] for m in shown["published_version"]["materials"]] == ["Dias.pdf"]
    assert shown["my_permissions"] == {"change": False}

    # A new version starts from the latest agenda; the package still shows version 1.
    v2 = client.post(url(package["id"], "versions"), json={}, headers=consultant).get_json()
    assert (v2["number"], [i["title"] for i in v2["items"]]) == (2, [a["title"] for a in AGENDA])
    assert (
        client.get(url(package["id"]), headers=consultant).get_json()["published_version"]["number"]
        == 1
    )

    got = client.get(url(package["id"]), headers=consultant)
    refused = client.delete(url(package["id"]), headers=with_etag(consultant, got))
    assert assert_problem(refused, 409)["code"] == "package_not_draft"
    retired = client.post(url(package["id"], "retire"), headers=consultant)
    assert retired.status_code == 200
    assert retired.get_json()["state"] == "retired"
    again = client.post(url(package["id"], "retire"), headers=consultant)
    assert assert_problem(again, 409)["code"] == "package_not_published"
    got = client.get(url(package["id"]), headers=world.headers["member"])
    assert got.status_code == 200
    frozen = client.put(url(package["id"]), json=PACKAGE, headers=with_etag(consultant, got))
    assert assert_problem(frozen, 409)["code"] == "package_retired"


def test_a_published_version_never_changes(client, factory, world):
    package = factory.package(world.midt, state=PackageState.draft, versions=(DRAFT,))
    consultant = world.headers["consultant"]
    path = url(package, "versions", package.versions[0])
    material = upload(client, f"{path}/materials", consultant)
    assert client.post(f"{path}/publish", headers=consultant).status_code == 200
    got = client.get(path, headers=consultant)
    before = got.get_json()

    calls = [
        client.put(path, json={"items": AGENDA}, headers=with_etag(consultant, got)),
        client.post(f"{path}/publish", headers=consultant),
        upload(client, f"{path}/materials", consultant),
        client.delete(
            f"{path}/materials/{material.get_json()['id']}",
            headers={**consultant, "If-Match": material.headers["ETag"]},
        ),
    ]
    for response in calls:
        assert assert_problem(response, 409)["code"] == "package_version_published"
    after = client.get(path, headers=consultant).get_json()
    assert after == before
    assert db.session.scalar(select(func.count()).select_from(File)) == 1


def test_a_draft_version_and_its_materials_change_and_go(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    draft = package.versions[1]
    consultant = world.headers["consultant"]
    path = url(package, "versions", draft)
    got = client.get(path, headers=consultant)
    changed = client.put(
        path,
        json={"change_note": "Nyt punkt om data", "items": AGENDA},
        headers=with_etag(consultant, got),
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["change_note"] == "Nyt punkt om data"
    assert [i["minutes"] for i in changed.get_json()["items"]] == [10, 5]

    added = upload(client, f"{path}/materials", consultant, b"Dagsorden\n", "Dagsorden.txt")
    assert added.status_code == 201
    material = added.get_json()
    listed = client.get(f"{path}/materials", headers=consultant).get_json()
    assert [m["name"] for m in listed["items"]] == ["Dagsorden.txt"]
    content = client.get(f"{path}/materials/{material['id']}", headers=consultant)
    assert content.status_code == 200
    assert content.data == b"Dagsorden\n"
    # Not through the library's files: a material is read through its package.
    assert client.get(f"/api/v1/files/{material['id']}", headers=consultant).status_code == 404

    removed = client.delete(
        f"{path}/materials/{material['id']}",
        headers={**consultant, "If-Match": added.headers["ETag"]},
    )
    assert removed.status_code == 204
    assert db.session.get(File, uuid.UUID(material["id"])) is None


def test_a_package_never_published_is_deleted_with_its_versions_and_materials(
    client, factory, world
):
    package = factory.package(world.midt, state=PackageState.draft, versions=(DRAFT,))
    factory.package_material(package.versions[0])
    consultant = world.headers["consultant"]
    got = client.get(url(package), headers=consultant)
    missing = client.delete(url(package), headers=consultant)
    assert_problem(missing, 428)
    stale = client.delete(url(package), headers={**consultant, "If-Match": '"stale"'})
    assert_problem(stale, 412)
    deleted = client.delete(url(package), headers=with_etag(consultant, got))
    assert deleted.status_code == 204
    db.session.expire_all()
    assert db.session.get(Package, package.id) is None
    assert db.session.scalar(select(func.count()).select_from(File)) == 0


def test_a_version_without_an_agenda_is_not_published(client, factory, world):
    package = factory.package(world.midt, state=PackageState.draft, versions=(DRAFT,), items=0)
    publish = url(package, "versions", package.versions[0], "publish")
    response = client.post(publish, headers=world.headers["consultant"])
    assert assert_problem(response, 409)["code"] == "package_version_empty"
    assert client.get(url(package), headers=world.headers["consultant"]).get_json()["state"] == (
        "draft"
    )


def test_the_package_shows_its_latest_published_version(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, PUBLISHED, DRAFT))
    member = world.headers["member"]
    shown = client.get(url(package), headers=member).get_json()
    assert shown["published_version"]["number"] == 2
    listed = client.get(url(package, "versions"), headers=member).get_json()
    assert [v["number"] for v in listed["items"]] == [1, 2]
    own = client.get(url(package, "versions"), headers=world.headers["consultant"]).get_json()
    assert [v["number"] for v in own["items"]] == [1, 2, 3]


# --- who reads, who writes ---------------------------------------------------------------------


def test_everyone_signed_in_reads_published_packages_and_only_the_unit_its_drafts(
    client, factory, world
):
    published = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    draft = factory.package(world.midt, state=PackageState.draft, versions=(DRAFT,))
    draft_version = published.versions[1]
    material = factory.package_material(draft_version)
    owners = ("consultant", "writer", "admin")
    for caller in ("member", "coordinator", "other_unit", "reader", *owners):
        headers = world.headers[caller]
        owner = caller in owners
        assert client.get(url(published), headers=headers).status_code == 200, caller
        expected = 200 if owner else 404
        assert client.get(url(draft), headers=headers).status_code == expected, caller
        version = url(published, "versions", draft_version)
        assert client.get(version, headers=headers).status_code == expected, caller
        assert (
            client.get(f"{version}/materials/{material.id}", headers=headers).status_code
            == expected
        ), caller
        listed = client.get(url(), headers=headers).get_json()["items"]
        seen = {item["id"] for item in listed}
        assert seen == ({str(published.id), str(draft.id)} if owner else {str(published.id)})


def test_without_a_token_nothing_is_read_or_written(client, factory, world):
    package = factory.package(world.midt)
    version = package.versions[0]
    for method, path in (
        ("GET", url()),
        ("POST", url()),
        ("GET", url(package)),
        ("PUT", url(package)),
        ("DELETE", url(package)),
        ("POST", url(package, "retire")),
        ("GET", url(package, "versions")),
        ("POST", url(package, "versions")),
        ("GET", url(package, "versions", version)),
        ("POST", url(package, "versions", version, "publish")),
        ("GET", url(package, "versions", version, "materials")),
    ):
        assert_problem(client.open(path, method=method, json={}), 401)


def test_only_the_owning_unit_writes_its_packages(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    draft = package.versions[1]
    for caller in ("member", "coordinator", "reader"):
        headers = world.headers[caller]
        assert_problem(client.post(url(), json=PACKAGE, headers=headers), 403)
        assert_problem(client.post(url(package, "retire"), headers=headers), 403)
    # Another unit reads the published package but does not write it, nor finds its draft.
    other = world.headers["other_unit"]
    got = client.get(url(package), headers=other)
    assert_problem(client.put(url(package), json=PACKAGE, headers=with_etag(other, got)), 403)
    assert_problem(client.post(url(package, "versions"), json={}, headers=other), 403)
    assert_problem(client.post(url(package, "retire"), headers=other), 403)
    assert_problem(client.get(url(package, "versions", draft), headers=other), 404)
    # Nor does anyone make a package for a unit they do not write for.
    foreign = client.post(url(), json={**PACKAGE, "unit_id": str(world.midt.id)}, headers=other)
    assert assert_problem(foreign, 403)["code"] == "not_your_unit"
    assert db.session.scalar(select(func.count()).select_from(Package)) == 1


def test_a_units_client_with_packages_write_makes_and_publishes_its_packages(client, world):
    writer = world.headers["writer"]
    created = client.post(url(), json=PACKAGE, headers=writer)
    assert created.status_code == 201
    package = created.get_json()
    assert package["unit_id"] == str(world.midt.id)
    version = client.post(url(package["id"], "versions"), json={"items": AGENDA}, headers=writer)
    publish = url(package["id"], "versions", version.get_json()["id"], "publish")
    assert client.post(publish, headers=writer).status_code == 200
    read = client.get(url(package["id"]), headers=world.headers["other_unit"])
    assert read.get_json()["published_version"]["total_minutes"] == 15


def test_the_admin_names_the_unit_and_only_a_quality_unit_owns_packages(client, factory, world):
    admin = world.headers["admin"]
    missing = client.post(url(), json=PACKAGE, headers=admin)
    assert assert_problem(missing, 422)["codes"] == {"unit_id": [{"code": "required"}]}
    plo = factory.organisation(kind="plo")
    for unit_id in (plo.id, uuid.uuid4()):
        response = client.post(url(), json={**PACKAGE, "unit_id": str(unit_id)}, headers=admin)
        body = assert_problem(response, 422)
        assert body["codes"] == {"unit_id": [{"code": "unknown_organisation"}]}
    made = client.post(url(), json={**PACKAGE, "unit_id": str(world.syd.id)}, headers=admin)
    assert made.status_code == 201
    assert made.get_json()["unit_name"] == world.syd.name


def test_what_is_not_there_is_not_found(client, factory, world):
    package = factory.package(world.midt)
    other = factory.package(world.syd)
    consultant = world.headers["consultant"]
    for path in (
        url(uuid.uuid4()),
        url(uuid.uuid4(), "versions"),
        url(package, "versions", uuid.uuid4()),
        url(package, "versions", other.versions[0]),
        url(package, "versions", package.versions[0], "materials", uuid.uuid4()),
    ):
        assert_problem(client.get(path, headers=consultant), 404)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"estimated_minutes": 0}, "estimated_minutes"),
        ({"title": ""}, "title"),
        ({"themes": ["x" * 61]}, "themes.0"),
        ({"state": "published"}, "state"),
        ({"unit_id": "ikke-et-id"}, "unit_id"),
    ],
)
def test_a_bad_package_is_refused_and_nothing_is_made(client, world, change, field):
    response = client.post(url(), json={**PACKAGE, **change}, headers=world.headers["consultant"])
    body = assert_problem(response, 422)
    assert field in body["codes"]
    assert db.session.scalar(select(func.count()).select_from(Package)) == 0


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"title": "Gruppearbejde", "minutes": 0}, "minutes"),
        ({"title": "Gruppearbejde", "minutes": 20, "slides": "tre"}, "slides"),
        ({"minutes": 20}, "title"),
        ({"title": "Gruppearbejde", "minutes": 20, "owner": "KiAP"}, "owner"),
    ],
)
def test_a_bad_agenda_item_is_refused(client, factory, world, item, field):
    package = factory.package(world.midt)
    response = client.post(
        url(package, "versions"), json={"items": [item]}, headers=world.headers["consultant"]
    )
    body = assert_problem(response, 422)
    assert f"items.0.{field}" in body["codes"]


@pytest.mark.parametrize(
    "query", [{"limit": 500}, {"state": "lost"}, {"unit": "midt"}, {"q": ""}, {"colour": "red"}]
)
def test_a_bad_list_query_is_refused(client, world, query):
    assert_problem(client.get(url(), query_string=query, headers=world.headers["member"]), 422)


def test_a_change_needs_the_etag_last_read(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    consultant = world.headers["consultant"]
    for path, body in (
        (url(package), PACKAGE),
        (url(package, "versions", package.versions[1]), {"items": AGENDA}),
    ):
        got = client.get(path, headers=consultant)
        assert_problem(client.put(path, json=body, headers=consultant), 428)
        assert client.put(path, json=body, headers=with_etag(consultant, got)).status_code == 200
        assert_problem(client.put(path, json=body, headers=with_etag(consultant, got)), 412)


def test_a_retried_creation_is_replayed_not_repeated(client, world):
    headers = {**world.headers["consultant"], "Idempotency-Key": str(uuid.uuid4())}
    first = client.post(url(), json=PACKAGE, headers=headers)
    again = client.post(url(), json=PACKAGE, headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(select(func.count()).select_from(Package)) == 1


# --- the catalogue's search --------------------------------------------------------------------


def test_the_catalogue_is_searched_and_filtered(client, factory, world):
    stop = factory.package(world.midt, title="Stop op", themes=("Faglig kvalitet", "Trivsel"))
    uvi = factory.package(
        world.syd,
        title="Antibiotika til urinvejsinfektion",
        summary="Data om ordination af antibiotika",
        themes=("Rationel farmakoterapi",),
    )
    retired = factory.package(
        world.syd, title="Multisygdom", state=PackageState.retired, themes=("Multisygdom",)
    )
    member = world.headers["member"]

    def found(**query: Any) -> list[str]:
        response = client.get(url(), query_string=query, headers=member)
        assert response.status_code == 200
        return [item["title"] for item in response.get_json()["items"]]

    assert found() == ["Antibiotika til urinvejsinfektion", "Multisygdom", "Stop op"]
    assert found(q="ANTIBIOTIKA") == [uvi.title]
    assert found(q="trivsel") == [stop.title]
    assert found(q="100%") == []
    assert found(unit=str(world.syd.id)) == [uvi.title, retired.title]
    assert found(theme="faglig kvalitet") == [stop.title]
    assert found(state="published") == [uvi.title, stop.title]
    assert found(state="retired", unit=str(world.syd.id)) == [retired.title]
    page = client.get(url(), query_string={"limit": 2}, headers=member).get_json()
    rest = client.get(
        url(), query_string={"limit": 2, "cursor": page["next_cursor"]}, headers=member
    ).get_json()
    assert [i["title"] for i in page["items"] + rest["items"]] == found()


def test_a_draft_version_rests_on_an_indicator_set_and_the_package_shows_it(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    published, draft = package.versions
    # Another unit's set will do: every one signed in reads what sets there are.
    data = factory.indicator_set(world.syd, name="Antibiotika til UVI")
    consultant = world.headers["consultant"]
    path = url(package, "versions", draft)
    got = client.get(path, headers=consultant)
    assert got.get_json()["indicator_set_id"] is None
    assert got.get_json()["indicator_set_name"] is None

    def put(set_id: Any, response: Any):
        body = {"items": AGENDA, "indicator_set_id": set_id}
        return client.put(path, json=body, headers=with_etag(consultant, response))

    problem = assert_problem(put(str(uuid.uuid4()), got), 422)
    assert problem["codes"]["indicator_set_id"][0]["code"] == "unknown_indicator_set"
    assert_problem(put("data", got), 422)
    changed = put(str(data.id), got)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["indicator_set_id"] == str(data.id)
    assert changed.get_json()["indicator_set_name"] == "Antibiotika til UVI"
    # Left out, it stays; null takes it away; the next version starts with it.
    kept = client.put(path, json={"items": AGENDA}, headers=with_etag(consultant, changed))
    assert kept.get_json()["indicator_set_id"] == str(data.id)
    cleared = put(None, kept)
    assert cleared.get_json()["indicator_set_id"] is None
    put(str(data.id), cleared)
    # Published, the package shows it to every member with the set's name.
    published_now = client.post(f"{path}/publish", headers=consultant)
    assert published_now.status_code == 200, published_now.get_json()
    shown = client.get(url(package), headers=world.headers["member"]).get_json()
    assert shown["published_version"]["indicator_set_id"] == str(data.id)
    assert shown["published_version"]["indicator_set_name"] == "Antibiotika til UVI"
    response = client.post(url(package, "versions"), json={"change_note": "Ny"}, headers=consultant)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["indicator_set_id"] == str(data.id)
    # The first version, published before, never changed.
    first = client.get(url(package, "versions", published), headers=consultant).get_json()
    assert first["indicator_set_id"] is None


# --- statements --------------------------------------------------------------------------------


def test_the_catalogue_costs_the_same_statements_however_many_packages(
    client, factory, world, count_statements
):
    def statements() -> int:
        with count_statements() as counter:
            response = client.get(url(), headers=world.headers["member"])
        assert response.status_code == 200
        return counter.count

    factory.package(world.midt)
    few = statements()
    for n in range(8):
        factory.package(
            world.midt if n % 2 else world.syd,
            versions=(PUBLISHED,) * (1 + n % 3),
            items=1 + n,
            themes=("Trivsel", f"Tema {n}"),
        )
    assert statements() == few


@pytest.mark.parametrize("path", ["package", "version", "versions"])
def test_a_package_costs_the_same_statements_however_many_items(
    client, factory, world, count_statements, path
):
    def statements(package: Package) -> int:
        version = package.versions[-1]
        target = {
            "package": url(package),
            "version": url(package, "versions", version),
            "versions": url(package, "versions"),
        }[path]
        with count_statements() as counter:
            response = client.get(target, headers=world.headers["member"])
        assert response.status_code == 200
        return counter.count

    small = factory.package(world.midt, items=1)
    factory.package_material(small.versions[0])
    large = factory.package(world.midt, versions=(PUBLISHED,) * 4, items=12)
    for n in range(5):
        factory.package_material(large.versions[-1], content=PDF_RECEIPT + bytes([n]))
    statements(small)  # the caller's account, loaded once
    assert statements(large) == statements(small)


# --- templates and guides ----------------------------------------------------------------------


def test_a_unit_publishes_a_template_with_its_materials_and_no_agenda(client, world):
    consultant = world.headers["consultant"]
    template = {**PACKAGE, "title": "Vedtægter for klynger", "kind": "template", "themes": []}
    created = client.post(url(), json=template, headers=consultant)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["kind"] == "template"
    assert created.get_json()["cluster_id"] is None
    package_id = created.get_json()["id"]
    version = client.post(url(package_id, "versions"), json={}, headers=consultant).get_json()
    assert version["items"] == []
    assert (
        upload(
            client, url(package_id, "versions", version["id"], "materials"), consultant
        ).status_code
        == 201
    )
    published = client.post(
        url(package_id, "versions", version["id"], "publish"), headers=consultant
    )
    assert published.status_code == 200, published.get_json()
    got = client.get(url(package_id), headers=world.headers["member"]).get_json()
    assert got["state"] == "published"
    assert [m["name"] for m in got["published_version"]["materials"]] == ["Dias.pdf"]
    # A template is read and copied, not ordered.
    order = client.post(
        f"/api/v1/clusters/{world.scenario.viborg.id}/package-orders",
        json={"package_id": package_id, "wished_from": "2030-01-01"},
        headers=world.headers["coordinator"],
    )
    assert assert_problem(order, 409)["code"] == "package_not_orderable"


def test_the_catalogue_filters_by_kind(client, factory, world):
    kit = factory.package(world.midt)
    template = factory.package(world.midt, kind=PackageKind.template, items=0)
    guide = factory.package(world.syd, kind=PackageKind.guide, items=0)
    member = world.headers["member"]
    for kind, expected in (("package", kit), ("template", template), ("guide", guide)):
        response = client.get(url(), query_string={"kind": kind}, headers=member)
        assert [p["id"] for p in response.get_json()["items"]] == [str(expected.id)], kind
    assert len(client.get(url(), headers=member).get_json()["items"]) == 3
    assert_problem(client.get(url(), query_string={"kind": "recipe"}, headers=member), 422)
    response = client.post(
        url(), json={**PACKAGE, "kind": "recipe"}, headers=world.headers["consultant"]
    )
    assert_problem(response, 422)


def test_a_meeting_kit_still_needs_its_agenda_to_be_published(client, factory, world):
    package = factory.package(world.midt, state=PackageState.draft, versions=(DRAFT,), items=0)
    response = client.post(
        url(package, "versions", package.versions[0], "publish"),
        headers=world.headers["consultant"],
    )
    assert assert_problem(response, 409)["code"] == "package_version_empty"


# --- the survey a version offers ---------------------------------------------------------------


def test_a_draft_version_offers_a_units_survey_template(client, factory, world):
    package = factory.package(world.midt, versions=(PUBLISHED, DRAFT))
    published, draft = package.versions
    evaluation = survey_rows.template(unit=world.syd, title="Evaluering")
    own = survey_rows.template(cluster=world.scenario.viborg, title="Klyngens egen")
    consultant = world.headers["consultant"]
    path = url(package, "versions", draft)
    got = client.get(path, headers=consultant)
    assert got.get_json()["survey_template_id"] is None

    def put(template_id: Any, response: Any):
        body = {"items": AGENDA, "survey_template_id": template_id}
        return client.put(path, json=body, headers=with_etag(consultant, response))

    # A cluster's own template, or none known, is refused.
    for wrong in (own.id, uuid.uuid4()):
        problem = assert_problem(put(str(wrong), got), 422)
        assert problem["codes"]["survey_template_id"][0]["code"] == "unknown_survey_template"
    assert_problem(put("soon", got), 422)
    changed = put(str(evaluation.id), got)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["survey_template_id"] == str(evaluation.id)
    # Left out, it stays; the next version starts with it; null takes it away.
    kept = client.put(path, json={"items": AGENDA}, headers=with_etag(consultant, changed))
    assert kept.get_json()["survey_template_id"] == str(evaluation.id)
    cleared = put(None, kept)
    assert cleared.get_json()["survey_template_id"] is None
    put(str(evaluation.id), cleared)
    published_path = url(package, "versions", published)
    # A published version never changes, its survey neither.
    shown = client.get(published_path, headers=consultant)
    refused = client.put(
        published_path,
        json={"items": AGENDA, "survey_template_id": str(evaluation.id)},
        headers=with_etag(consultant, shown),
    )
    assert assert_problem(refused, 409)["code"] == "package_version_published"
    response = client.post(url(package, "versions"), json={"change_note": "Ny"}, headers=consultant)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["survey_template_id"] == str(evaluation.id)
