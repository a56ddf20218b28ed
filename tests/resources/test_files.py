"""Files through their life, on both storage back ends: uploads and what is refused, the
library's folders, downloads with ranges and conditions, deletion and the content it frees,
and who may do what, caller by caller."""

from __future__ import annotations

import contextlib
import hashlib
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.core.extensions import db
from api.core.storage import LocalStorage, Storage, make_storage
from api.models import Cluster, File, StoredBlob
from api.services.files import library as files_service
from tests.problems import assert_problem
from tests.scenarios import (
    ADMIN,
    OUTSIDER,
    Scenario,
    build,
    doctor,
    machine,
    role_holder,
    staff,
)
from tests.storage_backends import BACKENDS, s3_config

FILES = "/api/v1/files"
FOLDERS = "/api/v1/folders"
MEETINGS = "/api/v1/meetings"

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 32
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TEXT = "Dagsorden for klyngemødet\n".encode() * 40  # 1,080 bytes

_STORAGE_SETTINGS = (
    "FILE_STORAGE",
    "FILE_STORAGE_PATH",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
    "FILE_UPLOAD_TEMP_DIR",
    "FILE_MAX_BYTES",
    "MAX_CONTENT_LENGTH",
)


@dataclass
class Backend:
    storage: Storage
    uploads: Path  # where uploads are received before they are stored

    def keys(self) -> list[str]:
        """Every content key in the store."""
        if isinstance(self.storage, LocalStorage):
            return sorted(p.name for p in self.storage.root.rglob("*") if p.is_file())
        listed = self.storage.client.list_objects_v2(Bucket=self.storage.bucket)  # type: ignore[attr-defined]
        return sorted(o["Key"].rsplit("/", 1)[-1] for o in listed.get("Contents", []))

    def leftovers(self) -> list[str]:
        """Temporary files of uploads still on disk."""
        return [p.name for p in self.uploads.rglob("*") if p.is_file()]


@contextlib.contextmanager
def storage_for_test(kind: str, request, app, tmp_path) -> Iterator[Backend]:
    """The app's file storage for one test: a directory of its own (`local`), or a bucket of
    its own on the S3-compatible server (`s3`)."""
    saved = {name: app.config[name] for name in _STORAGE_SETTINGS}
    if kind == "local":
        settings = {"FILE_STORAGE": "local", "FILE_STORAGE_PATH": str(tmp_path / "files")}
    else:
        settings = s3_config(request.getfixturevalue("s3_endpoint"))
    app.config.update(settings, FILE_UPLOAD_TEMP_DIR=str(tmp_path / "uploads"))
    (tmp_path / "uploads").mkdir()
    app.extensions["file_storage"] = make_storage(app.config)
    try:
        yield Backend(app.extensions["file_storage"], tmp_path / "uploads")
    finally:
        app.config.update(saved)
        app.extensions.pop("file_storage", None)


@pytest.fixture(params=BACKENDS)
def backend(request, app, tmp_path) -> Iterator[Backend]:
    with storage_for_test(request.param, request, app, tmp_path) as chosen:
        yield chosen


@dataclass
class World(Scenario):
    def library(self, cluster: Cluster | None = None) -> str:
        return f"/api/v1/clusters/{(cluster or self.viborg).id}/files"

    def folders(self, cluster: Cluster | None = None) -> str:
        return f"/api/v1/clusters/{(cluster or self.viborg).id}/folders"


@pytest.fixture
def world(factory, backend) -> World:
    people = {
        "coordinator": doctor("viborg", role="coordinator"),
        "co_coordinator": doctor("viborg", role="co_coordinator"),
        "member": doctor("viborg"),
        "colleague": doctor("viborg"),
        "former": doctor("viborg", until=date(2025, 12, 31)),  # left the clinic
        "secretary": role_holder("secretary", name="Sekretæren"),  # a role, and no clinic
        "odense_member": doctor("odense"),
        "consultant": staff("midtjylland"),
        "plo": staff("plo"),
        "admin": ADMIN,
        "outsider": OUTSIDER,
        "client": machine("midtjylland", "clusters:read", "clusters:write"),
    }
    return build(factory, people, naming=lambda key: key.replace("_", " ").title(), shape=World)


def _upload(client, url: str, content: bytes, name: str, headers: dict, **form) -> object:
    data = {"file": (io.BytesIO(content), name), **form}
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def _uploaded(client, world: World, content: bytes, name: str, caller: str = "member", **form):
    response = _upload(client, world.library(), content, name, world.headers[caller], **form)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _etag(client, url: str, headers: dict) -> str:
    return client.get(url, headers=headers).headers["ETag"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _assert_nothing_kept(backend: Backend) -> None:
    db.session.expire_all()
    assert _count(File) == 0
    assert _count(StoredBlob) == 0
    assert backend.keys() == []
    assert backend.leftovers() == []


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _meeting(client, world: World, status: str = "planned") -> str:
    body = {
        "title": "Klyngemøde om antibiotika",
        "kind": "after_work",
        "status": status,
        "starts_at": _at(timedelta(days=10)),
        "ends_at": _at(timedelta(days=10, hours=3)),
        "place_name": "Lægehuset",
        "place_address": "Vestergade 1, 8800 Viborg",
    }
    url = f"/api/v1/clusters/{world.viborg.id}/meetings"
    created = client.post(url, json=body, headers=world.headers["coordinator"])
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


# --- uploads and downloads ----------------------------------------------------------------


def test_upload_list_read_and_download(client, world, backend):
    response = _upload(client, world.library(), PDF, "Referat 3. dec.pdf", world.headers["member"])
    assert response.status_code == 201, response.get_json()
    uploaded = response.get_json()
    assert response.headers["Location"].endswith(f"{FILES}/{uploaded['id']}")
    assert uploaded == {
        "id": uploaded["id"],
        "cluster_id": str(world.viborg.id),
        "name": "Referat 3. dec.pdf",
        "media_type": "application/pdf",
        "size": len(PDF),
        "sha256": _sha(PDF),
        "attached_to": "library",
        "folder_id": None,
        "meeting_id": None,
        "post_id": None,
        "uploaded_by": {"id": str(world.ids["member"]), "name": "Member"},
        "created_at": uploaded["created_at"],
        "updated_at": uploaded["updated_at"],
        "my_permissions": {"change": True},
    }
    assert backend.keys() == [_sha(PDF)]
    assert backend.leftovers() == []

    listed = client.get(world.library(), headers=world.headers["colleague"]).get_json()
    # A colleague reads it, but does not change what another uploaded.
    as_colleague = {**uploaded, "my_permissions": {"change": False}}
    assert listed == {"items": [as_colleague], "next_cursor": None, "has_more": False}
    read = client.get(f"{FILES}/{uploaded['id']}", headers=world.headers["colleague"])
    assert read.get_json() == as_colleague
    assert read.headers["ETag"] == response.headers["ETag"]

    download = client.get(f"{FILES}/{uploaded['id']}/content", headers=world.headers["colleague"])
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Length"] == str(len(PDF))
    assert download.headers["ETag"] == f'"{_sha(PDF)}"'
    assert download.headers["Accept-Ranges"] == "bytes"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in download.headers["Cache-Control"]
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"Referat 3. dec.pdf\"; filename*=UTF-8''Referat%203.%20dec.pdf"
    )


def test_a_large_upload_round_trips_in_chunks(client, world, backend):
    content = b"Antibiotika, linje for linje.\n" * 200_000  # 6 MB of text
    uploaded = _uploaded(client, world, content, "stor.txt")
    download = client.get(f"{FILES}/{uploaded['id']}/content", headers=world.headers["member"])
    chunks = list(download.response)
    assert max(len(c) for c in chunks) <= 64 * 1024, "streamed, never read whole"
    assert b"".join(chunks) == content
    assert uploaded["sha256"] == _sha(content)


def test_the_same_content_twice_is_stored_once_and_freed_with_its_last_file(client, world, backend):
    first = _uploaded(client, world, PDF, "a.pdf")
    second = _uploaded(client, world, PDF, "b.pdf", caller="colleague")
    assert first["sha256"] == second["sha256"]
    assert _count(StoredBlob) == 1
    assert backend.keys() == [_sha(PDF)]

    member = world.headers["member"]
    url = f"{FILES}/{first['id']}"
    deleted = client.delete(url, headers={**member, "If-Match": _etag(client, url, member)})
    assert deleted.status_code == 204
    assert_problem(client.get(url, headers=member), 404)
    assert_problem(client.get(f"{url}/content", headers=member), 404)
    # The other file still has the content.
    assert backend.keys() == [_sha(PDF)]
    assert client.get(f"{FILES}/{second['id']}/content", headers=member).data == PDF

    colleague = world.headers["colleague"]
    url = f"{FILES}/{second['id']}"
    client.delete(url, headers={**colleague, "If-Match": _etag(client, url, colleague)})
    assert backend.keys() == []
    assert _count(StoredBlob) == 0


def test_a_taken_name_gets_a_number(client, world, backend):
    names = [
        _uploaded(client, world, TEXT + str(n).encode(), "Referat.txt")["name"] for n in range(3)
    ]
    assert names == ["Referat.txt", "Referat (2).txt", "Referat (3).txt"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/Dagsorden<1>.txt", "Dagsorden_1_.txt"),
        ("C:/Users/anne/noter.txt", "noter.txt"),
        ("ondt\x07navn\u202etxt.exe.txt", "ondtnavntxt.exe.txt"),
        ("...", "fil"),
    ],
)
def test_uploaded_names_are_made_safe(client, world, backend, sent, kept):
    assert _uploaded(client, world, TEXT, sent)["name"] == kept


def test_download_names_a_danish_file_in_utf8_with_an_ascii_fallback(client, world, backend):
    uploaded = _uploaded(client, world, PDF, "Møde på Ærø; 100%.pdf")
    download = client.get(f"{FILES}/{uploaded['id']}/content", headers=world.headers["member"])
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="Moede paa Aeroe; 100_.pdf"; '
        "filename*=UTF-8''M%C3%B8de%20p%C3%A5%20%C3%86r%C3%B8%3B%20100%25.pdf"
    )


def test_a_file_over_the_limit_is_413_and_nothing_is_kept(app, client, world, backend):
    app.config["FILE_MAX_BYTES"] = 1000
    body = assert_problem(
        _upload(client, world.library(), TEXT, "stor.txt", world.headers["member"]), 413
    )
    assert "file" in body["errors"]
    _assert_nothing_kept(backend)


def test_a_request_over_the_body_limit_is_413(app, client, world, backend):
    app.config["MAX_CONTENT_LENGTH"] = 500
    assert_problem(_upload(client, world.library(), TEXT, "stor.txt", world.headers["member"]), 413)
    _assert_nothing_kept(backend)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXECUTABLE, "Rapport.pdf"),  # a program dressed as a PDF
        (b"", "tom.pdf"),
        (b"\x00\x01\x02\x03binary junk" * 10, "data.bin"),
    ],
    ids=["disguised-executable", "empty", "unknown-type"],
)
def test_refused_content_is_422_and_nothing_is_kept(client, world, backend, content, name):
    response = _upload(client, world.library(), content, name, world.headers["member"])
    assert "file" in assert_problem(response, 422)["errors"]
    _assert_nothing_kept(backend)


def test_a_body_without_a_file_part_is_422(client, world, backend):
    member = world.headers["member"]
    response = client.post(
        world.library(), data={"note": "x"}, headers=member, content_type="multipart/form-data"
    )
    errors = assert_problem(response, 422)["errors"]
    assert "file" in errors and "note" in errors  # the missing part, and the unknown one
    assert (
        "file"
        in assert_problem(client.post(world.library(), json={}, headers=member), 422)["errors"]
    )
    # A form field named `file` is no file, alone or beside a file part of that name.
    as_field = client.post(
        world.library(), data={"file": "abc"}, headers=member, content_type="multipart/form-data"
    )
    assert "file" in assert_problem(as_field, 422)["errors"]
    _assert_nothing_kept(backend)


def _multipart(content: bytes, name: str) -> tuple[bytes, str]:
    boundary = "----form-boundary-7MA4YWxkTrZu0gW"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


@pytest.mark.parametrize("idempotency_key", [False, True])
def test_an_upload_cut_off_midway_is_400_and_nothing_is_kept(
    client, world, backend, idempotency_key
):
    body, boundary = _multipart(TEXT * 100, "afbrudt.txt")
    headers = {
        **world.headers["member"],
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    if idempotency_key:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    for sent, length in ((body[: len(body) // 2], len(body)), (body[:-20], len(body) - 20)):
        response = client.post(
            world.library(),
            input_stream=io.BytesIO(sent),
            headers={**headers, "Content-Length": str(length)},
        )
        assert_problem(response, 400)
    _assert_nothing_kept(backend)
    # The whole body goes through.
    response = client.post(
        world.library(),
        input_stream=io.BytesIO(body),
        headers={**headers, "Content-Length": str(len(body))},
    )
    assert response.status_code == 201, response.get_json()


# --- ranges, conditions and how the browser is told to show it ----------------------------


def test_ranges(client, world, backend):
    content = TEXT[:1000]
    uploaded = _uploaded(client, world, content, "tekst.txt")
    url, member = f"{FILES}/{uploaded['id']}/content", world.headers["member"]
    etag = f'"{uploaded["sha256"]}"'

    def get(**headers):
        return client.get(url, headers={**member, **headers})

    part = get(Range="bytes=10-19")
    assert part.status_code == 206
    assert part.data == content[10:20]
    assert part.headers["Content-Range"] == "bytes 10-19/1000"
    assert part.headers["Content-Length"] == "10"
    assert part.headers["ETag"] == etag
    assert get(Range="bytes=990-").data == content[990:]
    assert get(Range="bytes=-5").data == content[-5:]
    assert get(Range="bytes=995-2000").headers["Content-Range"] == "bytes 995-999/1000"
    assert get(Range="bytes=-5000").data == content  # a suffix longer than the content

    beyond = get(Range="bytes=1000-")
    assert_problem(beyond, 416)
    assert beyond.headers["Content-Range"] == "bytes */1000"

    # If-Range: the range while the content is the one named; else the whole.
    assert get(Range="bytes=0-9", **{"If-Range": etag}).status_code == 206
    stale = get(Range="bytes=0-9", **{"If-Range": '"0000"'})
    assert (stale.status_code, stale.data) == (200, content)
    weak = get(Range="bytes=0-9", **{"If-Range": f"W/{etag}"})
    assert weak.status_code == 200
    # Several ranges, or another unit, or nonsense: the whole content.
    for header in ("bytes=0-1,5-6", "items=0-1", "bytes=9-2"):
        whole = get(Range=header)
        assert (whole.status_code, whole.data) == (200, content), header


def test_content_missing_from_storage_is_a_clear_404_not_a_500(client, world, backend):
    file = _uploaded(client, world, PDF, "Referat.pdf")
    backend.storage.delete(file["sha256"])  # behind the platform's back
    problem = assert_problem(
        client.get(f"{FILES}/{file['id']}/content", headers=world.headers["member"]), 404
    )
    assert "missing from storage" in problem["detail"]
    ranged = client.get(
        f"{FILES}/{file['id']}/content", headers={**world.headers["member"], "Range": "bytes=0-9"}
    )
    assert_problem(ranged, 404)
    # Its details are still there, so someone can see what to upload again.
    assert client.get(f"{FILES}/{file['id']}", headers=world.headers["member"]).status_code == 200


def test_if_none_match_gives_304(client, world, backend):
    uploaded = _uploaded(client, world, PDF, "a.pdf")
    url, member = f"{FILES}/{uploaded['id']}/content", world.headers["member"]
    etag = client.get(url, headers=member).headers["ETag"]
    not_modified = client.get(url, headers={**member, "If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    assert client.get(url, headers={**member, "If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    ("content", "name", "shown_inline"),
    [(PDF, "a.pdf", True), (PNG, "a.png", True), (TEXT, "a.txt", False), (TEXT, "a.pdf", False)],
)
def test_only_pdf_and_images_are_shown_inline_and_only_when_asked(
    client, world, backend, content, name, shown_inline
):
    uploaded = _uploaded(client, world, content, name)
    url, member = f"{FILES}/{uploaded['id']}/content", world.headers["member"]
    default = client.get(url, headers=member)
    assert default.headers["Content-Disposition"].startswith("attachment;")
    asked = client.get(f"{url}?inline=true", headers=member)
    expected = "inline;" if shown_inline else "attachment;"
    assert asked.headers["Content-Disposition"].startswith(expected)
    assert asked.headers["X-Content-Type-Options"] == "nosniff"
    # Even shown inline, a PDF's JavaScript does not run: the content is sandboxed.
    assert asked.headers["Content-Security-Policy"] == "sandbox"
    if content is TEXT:
        assert asked.mimetype == "text/plain"  # a text named .pdf is text


# --- folders and moving -------------------------------------------------------------------


def test_folder_life(client, world, backend):
    coordinator, member = world.headers["coordinator"], world.headers["member"]
    created = client.post(world.folders(), json={"name": "Referater"}, headers=member)
    assert created.status_code == 201, created.get_json()
    minutes = created.get_json()
    assert created.headers["Location"].endswith(f"{FOLDERS}/{minutes['id']}")
    assert minutes["parent_id"] is None and minutes["name"] == "Referater"
    assert created.headers["ETag"] == _etag(client, f"{FOLDERS}/{minutes['id']}", member)
    assert_problem(client.post(world.folders(), json={"name": "Referater"}, headers=member), 409)
    year = client.post(
        world.folders(), json={"name": "2026/27", "parent_id": minutes["id"]}, headers=member
    ).get_json()
    assert year["name"] == "2026_27"  # a typed name keeps its parts, never a path
    assert year["parent_id"] == minutes["id"]
    # The same name is free in another place.
    other = client.post(
        world.folders(), json={"name": "Referater", "parent_id": year["id"]}, headers=member
    )
    assert other.status_code == 201
    listed = client.get(world.folders(), headers=world.headers["colleague"]).get_json()["items"]
    assert [f["name"] for f in listed] == ["2026_27", "Referater", "Referater"]  # by name, id
    assert {(f["id"], f["parent_id"]) for f in listed} == {
        (minutes["id"], None),
        (year["id"], minutes["id"]),
        (other.get_json()["id"], year["id"]),
    }

    # A file in the inner folder: listed there, not at the root.
    uploaded = _uploaded(client, world, PDF, "marts.pdf", folder_id=year["id"])
    assert uploaded["folder_id"] == year["id"]
    in_folder = client.get(f"{world.library()}?folder_id={year['id']}", headers=member)
    assert [f["id"] for f in in_folder.get_json()["items"]] == [uploaded["id"]]
    assert client.get(world.library(), headers=member).get_json()["items"] == []

    # Moving a folder into itself or a folder within it: 422.
    url = f"{FOLDERS}/{minutes['id']}"
    etag = _etag(client, url, member)
    for target in (minutes["id"], year["id"], other.get_json()["id"]):
        moved = client.patch(url, json={"parent_id": target}, headers={**member, "If-Match": etag})
        assert "parent_id" in assert_problem(moved, 422)["errors"]
    # Renaming needs If-Match (428), a current one (412).
    assert_problem(client.patch(url, json={"name": "Møder"}, headers=member), 428)
    stale = {**member, "If-Match": '"stale"'}
    assert_problem(client.patch(url, json={"name": "Møder"}, headers=stale), 412)
    renamed = client.patch(url, json={"name": "Møder"}, headers={**member, "If-Match": etag})
    assert renamed.status_code == 200
    assert renamed.get_json()["name"] == "Møder"
    assert renamed.headers["ETag"] != etag

    # The inner folder moves to the root (with its file), and a name clash there is 409.
    inner = f"{FOLDERS}/{year['id']}"
    to_root = client.patch(
        inner,
        json={"parent_id": None},
        headers={**member, "If-Match": _etag(client, inner, member)},
    )
    assert to_root.status_code == 200 and to_root.get_json()["parent_id"] is None
    assert (
        client.get(f"{FILES}/{uploaded['id']}", headers=member).get_json()["folder_id"]
        == (year["id"])
    )
    clash = client.patch(
        f"{FOLDERS}/{other.get_json()['id']}",
        json={"parent_id": None, "name": "Møder"},
        headers={
            **member,
            "If-Match": _etag(client, f"{FOLDERS}/{other.get_json()['id']}", member),
        },
    )
    assert_problem(clash, 409)

    # Only an empty folder is deleted.
    etag = _etag(client, inner, member)
    assert_problem(client.delete(inner, headers={**member, "If-Match": etag}), 409)
    file_url = f"{FILES}/{uploaded['id']}"
    moved = client.patch(
        file_url,
        json={"folder_id": None},
        headers={**member, "If-Match": _etag(client, file_url, member)},
    )
    assert moved.status_code == 200 and moved.get_json()["folder_id"] is None
    assert_problem(client.delete(inner, headers={**member, "If-Match": etag}), 409)  # a folder
    # The coordinator tidies up someone else's folders.
    for folder_id in (other.get_json()["id"], year["id"]):
        folder_url = f"{FOLDERS}/{folder_id}"
        headers = {**coordinator, "If-Match": _etag(client, folder_url, coordinator)}
        assert client.delete(folder_url, headers=headers).status_code == 204
    assert_problem(client.get(inner, headers=member), 404)


def test_folder_names_are_checked(client, world, backend):
    member = world.headers["member"]
    for name in ("", "...", "a" * 101):
        response = client.post(world.folders(), json={"name": name}, headers=member)
        assert "name" in assert_problem(response, 422)["errors"], name
    odense_folder = client.post(
        world.folders(world.odense), json={"name": "Odense"}, headers=world.headers["admin"]
    ).get_json()
    wrong_parent = client.post(
        world.folders(), json={"name": "x", "parent_id": odense_folder["id"]}, headers=member
    )
    assert "parent_id" in assert_problem(wrong_parent, 422)["errors"]
    unknown = client.post(
        world.folders(), json={"name": "x", "id": str(uuid.uuid4())}, headers=member
    )
    assert "id" in assert_problem(unknown, 422)["errors"]


def test_rename_and_move_a_file(client, world, backend):
    member = world.headers["member"]
    first = _uploaded(client, world, PDF, "a.pdf")
    _uploaded(client, world, TEXT, "b.txt")
    url = f"{FILES}/{first['id']}"

    def patch(body, etag=None):
        return client.patch(
            url, json=body, headers={**member, "If-Match": etag or _etag(client, url, member)}
        )

    assert_problem(client.patch(url, json={"name": "c.pdf"}, headers=member), 428)
    assert_problem(patch({"name": "c.pdf"}, etag='"stale"'), 412)
    assert_problem(patch({"name": "b.txt"}), 409)
    assert "name" in assert_problem(patch({"name": ".."}), 422)["errors"]
    renamed = patch({"name": "Referat 2026/27: marts.pdf"})  # a typed name: no path in it
    assert renamed.status_code == 200, renamed.get_json()
    assert renamed.get_json()["name"] == "Referat 2026_27_ marts.pdf"
    download = client.get(f"{url}/content", headers=member)
    assert "Referat 2026_27_ marts.pdf" in download.headers["Content-Disposition"]
    odense_folder = client.post(
        world.folders(world.odense), json={"name": "Odense"}, headers=world.headers["admin"]
    ).get_json()
    assert "folder_id" in assert_problem(patch({"folder_id": odense_folder["id"]}), 422)["errors"]


# --- a meeting's files --------------------------------------------------------------------


def test_meeting_files_are_read_by_the_meetings_readers(client, world, backend):
    meeting_id = _meeting(client, world)
    url = f"{MEETINGS}/{meeting_id}/files"
    uploaded = _upload(client, url, PDF, "Slides.pdf", world.headers["member"])
    assert uploaded.status_code == 201, uploaded.get_json()
    file = uploaded.get_json()
    assert (file["attached_to"], file["meeting_id"]) == ("meeting", meeting_id)
    for caller in ("colleague", "secretary", "consultant", "admin"):
        listed = client.get(url, headers=world.headers[caller])
        assert [f["id"] for f in listed.get_json()["items"]] == [file["id"]], caller
        content = client.get(f"{FILES}/{file['id']}/content", headers=world.headers[caller])
        assert content.data == PDF, caller
    assert_problem(_upload(client, url, TEXT, "x.txt", world.headers["consultant"]), 403)
    for caller in ("odense_member", "former", "outsider"):
        assert_problem(client.get(url, headers=world.headers[caller]), 404)
        assert_problem(client.get(f"{FILES}/{file['id']}", headers=world.headers[caller]), 404)
    # A meeting's file stays with the meeting.
    file_url = f"{FILES}/{file['id']}"
    etag = _etag(client, file_url, world.headers["member"])
    moved = client.patch(
        file_url, json={"folder_id": None}, headers={**world.headers["member"], "If-Match": etag}
    )
    assert "folder_id" in assert_problem(moved, 422)["errors"]


def test_a_drafts_files_are_read_only_by_its_planners(client, world, backend):
    draft_id = _meeting(client, world, status="draft")
    url = f"{MEETINGS}/{draft_id}/files"
    file = _upload(client, url, PDF, "Udkast.pdf", world.headers["coordinator"]).get_json()
    assert client.get(url, headers=world.headers["secretary"]).status_code == 200
    for caller in ("member", "consultant"):
        assert_problem(client.get(url, headers=world.headers[caller]), 404)
        assert_problem(
            client.get(f"{FILES}/{file['id']}/content", headers=world.headers[caller]), 404
        )


def test_purge_removes_the_content_of_files_deleted_with_their_meeting(app, client, world, backend):
    draft_id = _meeting(client, world, status="draft")
    coordinator = world.headers["coordinator"]
    _upload(client, f"{MEETINGS}/{draft_id}/files", PDF, "Udkast.pdf", coordinator)
    kept = _uploaded(client, world, TEXT, "bliver.txt")
    meeting_url = f"{MEETINGS}/{draft_id}"
    etag = _etag(client, meeting_url, coordinator)
    assert client.delete(meeting_url, headers={**coordinator, "If-Match": etag}).status_code == 204
    assert sorted(backend.keys()) == sorted([_sha(PDF), kept["sha256"]])
    result = app.test_cli_runner().invoke(args=["purge-expired"], catch_exceptions=False)
    assert "file contents: 1" in result.output
    assert backend.keys() == [kept["sha256"]]
    assert _count(StoredBlob) == 1


def test_purge_removes_content_no_row_knows_once_it_is_old(
    app, client, world, backend, monkeypatch
):
    kept = _uploaded(client, world, TEXT, "bliver.txt")
    # Content an upload wrote before its process died, with no row: left alone while young,
    # as an upload still under way looks the same.
    stranded = b"%PDF-1.4 stranded upload"
    backend.storage.save(_sha(stranded), io.BytesIO(stranded))
    purge = app.test_cli_runner()
    assert "file contents: 0" in purge.invoke(args=["purge-expired"]).output
    assert sorted(backend.keys()) == sorted([kept["sha256"], _sha(stranded)])
    monkeypatch.setattr(files_service, "UNKNOWN_CONTENT_GRACE", timedelta(minutes=-5))
    assert "file contents: 1" in purge.invoke(args=["purge-expired"]).output
    assert backend.keys() == [kept["sha256"]]
    assert client.get(f"{FILES}/{kept['id']}/content", headers=world.headers["member"]).data == TEXT
    assert _count(StoredBlob) == 1


# --- who may do what ----------------------------------------------------------------------


def test_another_clusters_files_folders_and_meetings_are_not_found(client, world, backend):
    file = _uploaded(client, world, PDF, "a.pdf")
    folder = client.post(
        world.folders(), json={"name": "Intern"}, headers=world.headers["member"]
    ).get_json()
    meeting_id = _meeting(client, world)
    odense = world.headers["odense_member"]
    for url in (
        f"{FILES}/{file['id']}",
        f"{FILES}/{file['id']}/content",
        f"{FOLDERS}/{folder['id']}",
        world.library(),
        world.folders(),
        f"{MEETINGS}/{meeting_id}/files",
        f"{FILES}/{uuid.uuid4()}",
    ):
        assert_problem(client.get(url, headers=odense), 404)
    assert_problem(_upload(client, world.library(), PDF, "x.pdf", odense), 404)
    delete = client.delete(f"{FILES}/{file['id']}", headers={**odense, "If-Match": '"x"'})
    assert_problem(delete, 404)
    # A folder of Viborg does not take Odense's files, nor is Viborg's listed from Odense.
    odense_upload = _upload(
        client, world.library(world.odense), PDF, "x.pdf", odense, folder_id=folder["id"]
    )
    assert "folder_id" in assert_problem(odense_upload, 422)["errors"]
    listing = client.get(f"{world.library(world.odense)}?folder_id={folder['id']}", headers=odense)
    assert "folder_id" in assert_problem(listing, 422)["errors"]


def test_a_member_who_left_no_longer_finds_the_files(client, world, backend):
    file = _uploaded(client, world, PDF, "a.pdf")
    former = world.headers["former"]
    for url in (world.library(), f"{FILES}/{file['id']}", f"{FILES}/{file['id']}/content"):
        assert_problem(client.get(url, headers=former), 404)


def test_quality_unit_and_plo_read_but_do_not_upload(client, world, backend):
    file = _uploaded(client, world, PDF, "a.pdf")
    for caller in ("consultant", "plo"):
        headers = world.headers[caller]
        assert client.get(world.library(), headers=headers).status_code == 200
        assert client.get(f"{FILES}/{file['id']}/content", headers=headers).data == PDF
        assert_problem(_upload(client, world.library(), TEXT, "x.txt", headers), 403)
        assert_problem(client.post(world.folders(), json={"name": "x"}, headers=headers), 403)
        url = f"{FILES}/{file['id']}"
        etag = _etag(client, url, headers)
        assert_problem(client.delete(url, headers={**headers, "If-Match": etag}), 403)
    assert_problem(client.get(world.library(), headers=world.headers["outsider"]), 404)


def test_members_change_their_own_files_and_the_coordinators_anyones(client, world, backend):
    file = _uploaded(client, world, PDF, "a.pdf", caller="member")
    url = f"{FILES}/{file['id']}"

    def delete(caller):
        headers = world.headers[caller]
        return client.delete(url, headers={**headers, "If-Match": _etag(client, url, headers)})

    def rename(caller, name):
        headers = world.headers[caller]
        return client.patch(
            url, json={"name": name}, headers={**headers, "If-Match": _etag(client, url, headers)}
        )

    # Each is told what they may change, and the API agrees.
    folder = client.post(world.folders(), json={"name": "Mappe"}, headers=world.headers["member"])
    for caller, may in [
        ("member", True),
        ("colleague", False),
        ("secretary", False),
        ("co_coordinator", True),
        ("coordinator", True),
        ("consultant", False),
        ("plo", False),
    ]:
        headers = world.headers[caller]
        assert client.get(url, headers=headers).get_json()["my_permissions"]["change"] is may, (
            caller
        )
        [listed] = client.get(world.library(), headers=headers).get_json()["items"]
        assert listed["my_permissions"]["change"] is may, caller
        [shown] = client.get(world.folders(), headers=headers).get_json()["items"]
        assert (
            shown["id"] == folder.get_json()["id"] and shown["my_permissions"]["change"] is may
        ), caller
    assert_problem(delete("colleague"), 403)
    assert_problem(delete("secretary"), 403)
    assert_problem(rename("colleague", "b.pdf"), 403)
    assert rename("member", "b.pdf").status_code == 200
    assert rename("co_coordinator", "c.pdf").status_code == 200
    assert delete("coordinator").status_code == 204
    assert_problem(client.get(url, headers=world.headers["member"]), 404)
    # A role holder without a clinic uploads too; the admin deletes anyone's.
    other = _uploaded(client, world, TEXT, "t.txt", caller="secretary")
    url = f"{FILES}/{other['id']}"
    assert delete("admin").status_code == 204


def test_machine_clients_read_no_files_and_tokens_are_required(client, world, backend):
    file = _uploaded(client, world, PDF, "a.pdf")
    for url in (world.library(), world.folders(), f"{FILES}/{file['id']}/content"):
        assert_problem(client.get(url, headers=world.headers["client"]), 403)
        assert_problem(client.get(url), 401)
    assert_problem(_upload(client, world.library(), PDF, "x.pdf", world.headers["client"]), 403)
    assert_problem(_upload(client, world.library(), PDF, "x.pdf", {}), 401)


def test_lists_cost_the_same_statements_whatever_their_length(
    client, world, backend, count_statements
):
    member = world.headers["member"]
    folder = client.post(world.folders(), json={"name": "A"}, headers=member).get_json()
    _uploaded(client, world, TEXT, "1.txt")

    def cost() -> tuple[int, int]:
        with count_statements() as files:
            assert client.get(world.library(), headers=member).status_code == 200
        with count_statements() as folders:
            assert client.get(world.folders(), headers=member).status_code == 200
        return files.count, folders.count

    few = cost()
    for n in range(2, 8):
        _uploaded(
            client, world, TEXT + str(n).encode(), f"{n}.txt", caller=("colleague", "member")[n % 2]
        )
        client.post(
            world.folders(), json={"name": f"F{n}", "parent_id": folder["id"]}, headers=member
        )
    assert cost() == few


def test_list_pages_walk_by_name(client, world, backend):
    member = world.headers["member"]
    for n in range(5):
        _uploaded(client, world, TEXT + str(n).encode(), f"{n}.txt")
    first = client.get(f"{world.library()}?limit=2", headers=member)
    assert [f["name"] for f in first.get_json()["items"]] == ["0.txt", "1.txt"]
    assert 'rel="next"' in first.headers["Link"]
    cursor = first.get_json()["next_cursor"]
    rest = client.get(f"{world.library()}?limit=10&cursor={cursor}", headers=member).get_json()
    assert [f["name"] for f in rest["items"]] == ["2.txt", "3.txt", "4.txt"]
    assert rest["next_cursor"] is None


# --- idempotent uploads -------------------------------------------------------------------


def test_an_upload_retried_with_its_idempotency_key_is_replayed(client, world, backend):
    headers = {**world.headers["member"], "Idempotency-Key": str(uuid.uuid4())}
    first = _upload(client, world.library(), PDF, "a.pdf", headers)
    again = _upload(client, world.library(), PDF, "a.pdf", headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _count(File) == 1
    # The same key with other content, another name or another folder: not the same request.
    other_content = _upload(client, world.library(), PDF + b"\n", "a.pdf", headers)
    assert "Idempotency-Key" in assert_problem(other_content, 422)["errors"]
    other_name = _upload(client, world.library(), PDF, "b.pdf", headers)
    assert "Idempotency-Key" in assert_problem(other_name, 422)["errors"]
    assert _count(File) == 1


def test_a_name_taken_at_the_same_moment_is_a_409_not_a_500(client, world, monkeypatch):
    from api.services.files import library as file_service

    member = world.headers["member"]
    assert client.post(world.folders(), json={"name": "Slides"}, headers=member).status_code == 201
    # Another request took the name after this one looked: only the unique index sees it.
    monkeypatch.setattr(file_service, "_require_free_folder_name", lambda *args, **kw: None)
    again = client.post(world.folders(), json={"name": "Slides"}, headers=member)
    assert "name" in assert_problem(again, 409)["errors"]
