"""Storing and collecting content: a failed upload leaves nothing, content goes with its last
file, and an upload and the clean-up of the same content never interleave."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.core.extensions import db
from api.core.storage import LocalStorage
from api.models import AttachmentKind, File, StoredBlob
from api.services.files import library as files
from api.services.files.library import Target
from api.services.files.uploads import Received

CONTENT = "Referat af klyngemødet\n".encode() * 50
SHA256 = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def store(app, tmp_path) -> LocalStorage:
    app.extensions["file_storage"] = LocalStorage(tmp_path / "files")
    yield app.extensions["file_storage"]
    app.extensions.pop("file_storage", None)


def _received(tmp_path: Path, name: str = "Referat.txt") -> Received:
    path = tmp_path / f"upload-{uuid.uuid4().hex}"
    path.write_bytes(CONTENT)
    return Received(path, SHA256, len(CONTENT), "text/plain", name)


def _blobs() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredBlob))


def test_a_failed_upload_leaves_no_content_behind(factory, store, tmp_path):
    cluster = factory.cluster()
    gone_folder = Target(cluster.id, AttachmentKind.library, folder_id=uuid.uuid4())
    with pytest.raises(IntegrityError):  # not a name taken: the folder is not there
        files.store(_received(tmp_path), gone_folder, None)
    assert _blobs() == 0
    assert not store.exists(SHA256)


def test_content_goes_with_its_last_file(factory, store, tmp_path):
    cluster = factory.cluster()
    library = Target(cluster.id, AttachmentKind.library)
    first = files.store(_received(tmp_path), library, None)
    second = files.store(_received(tmp_path), library, None)
    assert second.name == "Referat (2).txt"
    assert files.collect([SHA256]) == 0  # in use
    files.delete_file(first)
    assert store.exists(SHA256)
    files.delete_file(second)
    assert not store.exists(SHA256)
    assert _blobs() == 0


def test_content_made_by_the_platform_is_kept_once_with_its_row(factory, store, tmp_path):
    """`keep_contents` (the demo's documents): in storage with a row each, like an upload,
    whether the content was there already or not, and collected like uploaded content."""
    uploaded = files.store(
        _received(tmp_path), Target(factory.cluster().id, AttachmentKind.library), None
    )
    table = files.Content.of("Klinik;Årskontrol 2024\r\nKlinik 1;87,9\r\n".encode(), "Data.csv")
    same = files.Content.of(CONTENT, "Referat.txt")
    assert (table.media_type, same.sha256, same.size) == ("text/csv", SHA256, len(CONTENT))
    files.keep_contents([table, same, table])
    db.session.commit()
    rows = {b.sha256: b for b in db.session.scalars(select(StoredBlob))}
    assert set(rows) == {table.sha256, SHA256}
    assert (rows[table.sha256].size, rows[table.sha256].media_type) == (table.size, "text/csv")
    assert b"".join(store.read(table.sha256)) == table.data
    # Nothing refers to the table: it goes; the uploaded content stays with its file.
    assert files.collect_unreferenced() == 1
    assert not store.exists(table.sha256) and store.exists(uploaded.sha256)


@pytest.mark.parametrize(("data", "name"), [(b"", "Tom.txt"), (b"\x00\x01\x02binary", "Data.bin")])
def test_content_an_upload_would_be_refused_for_is_not_made(data, name):
    with pytest.raises(ValueError, match="not content we take"):
        files.Content.of(data, name)


def test_collect_unreferenced_removes_content_whose_files_went_with_their_cluster(
    factory, store, tmp_path
):
    cluster = factory.cluster()
    files.store(_received(tmp_path), Target(cluster.id, AttachmentKind.library), None)
    db.session.delete(cluster)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(File)) == 0
    assert store.exists(SHA256)
    assert files.collect_unreferenced() == 1
    assert not store.exists(SHA256)
    assert _blobs() == 0


@pytest.mark.skipif(
    "postgresql" not in os.environ.get("TEST_DATABASE_URL", ""),
    reason="row locks: PostgreSQL only (SQLite has one writer at a time)",
)
def test_an_upload_waiting_on_a_clean_up_of_its_content_stores_it_anew(
    app, factory, store, tmp_path
):
    """The clean-up holds the content's lock and deletes it; an upload of the same content
    waits for the lock, finds the row gone, makes it anew, and stores the content again."""
    cluster = factory.cluster()
    orphan = files.store(_received(tmp_path), Target(cluster.id, AttachmentKind.library), None)
    db.session.execute(File.__table__.delete().where(File.id == orphan.id))
    db.session.commit()  # the content is now referred to by nothing

    cleanup_holds_lock = threading.Event()
    cleanup_may_finish = threading.Event()
    outcome: dict[str, object] = {}

    def clean_up() -> None:
        with app.app_context():
            files._lock_blob(SHA256, 1, "application/octet-stream")
            cleanup_holds_lock.set()
            cleanup_may_finish.wait(10)
            store.delete(SHA256)
            db.session.execute(StoredBlob.__table__.delete().where(StoredBlob.sha256 == SHA256))
            db.session.commit()

    def upload() -> None:
        with app.app_context():
            try:
                target = Target(cluster.id, AttachmentKind.library)
                outcome["file"] = files.store(_received(tmp_path, "Ny.txt"), target, None).id
            except Exception as error:  # reported to the test below
                outcome["error"] = error

    cleaner = threading.Thread(target=clean_up)
    cleaner.start()
    assert cleanup_holds_lock.wait(10)
    uploader = threading.Thread(target=upload)
    uploader.start()
    time.sleep(0.5)
    assert uploader.is_alive(), "the upload waits for the content's lock"
    cleanup_may_finish.set()
    cleaner.join(10)
    uploader.join(10)
    assert "error" not in outcome, outcome.get("error")
    db.session.expire_all()
    assert db.session.get(File, outcome["file"]) is not None
    assert _blobs() == 1
    assert store.exists(SHA256)
