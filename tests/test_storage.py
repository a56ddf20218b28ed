"""The storage interface, the same tests on both back ends: content by SHA-256, saved once,
read whole or by range in chunks, deleted; nothing read into memory whole."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime, timedelta

import pytest

from api.core.storage import CHUNK_SIZE, ContentMissing, LocalStorage, make_storage
from tests.storage_backends import BACKENDS, make_backend, s3_config


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    return make_backend(request.param, tmp_path, request)


def _content(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


class CountingReader(io.BytesIO):
    """A source that records the largest read asked of it."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        self.largest = max(self.largest, size if size is not None and size >= 0 else 1 << 62)
        return super().read(size)


def test_saved_content_reads_back_whole_and_by_range(backend):
    data, key = _content(3 * CHUNK_SIZE + 123)
    assert not backend.exists(key)
    backend.save(key, io.BytesIO(data))
    assert backend.exists(key)
    chunks = list(backend.read(key))
    assert b"".join(chunks) == data
    assert max(len(c) for c in chunks) <= CHUNK_SIZE
    assert b"".join(backend.read(key, 10, 19)) == data[10:20]
    assert b"".join(backend.read(key, len(data) - 5)) == data[-5:]
    assert (
        b"".join(backend.read(key, CHUNK_SIZE - 1, 2 * CHUNK_SIZE + 1))
        == data[CHUNK_SIZE - 1 : 2 * CHUNK_SIZE + 2]
    )


def test_saving_the_same_content_twice_keeps_one_copy(backend):
    data, key = _content(1000)
    backend.save(key, io.BytesIO(data))
    again = CountingReader(data)
    backend.save(key, again)
    assert again.largest == 0, "content already there is not read again"
    assert b"".join(backend.read(key)) == data


def test_delete_removes_content_and_missing_content_is_no_error(backend):
    data, key = _content(500)
    backend.save(key, io.BytesIO(data))
    backend.delete(key)
    assert not backend.exists(key)
    backend.delete(key)


def test_missing_content_is_told_apart_from_other_failures(backend):
    with pytest.raises(ContentMissing):
        backend.read(hashlib.sha256(b"never saved").hexdigest())


def test_stored_content_is_listed_by_when_it_was_written(backend):
    first, first_key = _content(100)
    second, second_key = _content(100)
    backend.save(first_key, io.BytesIO(first))
    backend.save(second_key, io.BytesIO(second))
    soon = datetime.now(UTC) + timedelta(minutes=5)
    assert sorted(backend.stored_before(soon)) == sorted([first_key, second_key])
    assert list(backend.stored_before(datetime.now(UTC) - timedelta(minutes=5))) == []
    backend.delete(first_key)
    assert list(backend.stored_before(soon)) == [second_key]


def test_a_large_file_is_saved_from_its_source_a_part_at_a_time(backend):
    data, key = _content(9 * 1024 * 1024)
    source = CountingReader(data)
    backend.save(key, source)
    assert source.largest <= 8 * 1024 * 1024, "never the whole file in one read"
    digest = hashlib.sha256()
    for chunk in backend.read(key):
        digest.update(chunk)
    assert digest.hexdigest() == key


def test_keys_must_be_sha256_hex(backend):
    for bad in ("../../etc/passwd", "A" * 64, "abc", "g" * 64):
        with pytest.raises(ValueError):
            backend.exists(bad)


def test_an_interrupted_local_write_leaves_nothing_behind(tmp_path):
    storage = LocalStorage(tmp_path)
    data, key = _content(CHUNK_SIZE * 2)

    class Broken(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            if self.tell() >= CHUNK_SIZE:
                raise ConnectionResetError("the client went away")
            return super().read(size)

    with pytest.raises(ConnectionResetError):
        storage.save(key, Broken(data))
    assert not storage.exists(key)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_the_app_config_chooses_the_back_end(tmp_path, request):
    local = make_storage({"FILE_STORAGE": "local", "FILE_STORAGE_PATH": str(tmp_path)})
    assert isinstance(local, LocalStorage)
    s3 = make_storage(s3_config(request.getfixturevalue("s3_endpoint")))
    data, key = _content(100)
    s3.save(key, io.BytesIO(data))
    assert b"".join(s3.read(key)) == data
    with pytest.raises(ValueError):
        make_storage({"FILE_STORAGE": "floppy"})
