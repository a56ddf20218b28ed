"""Where file content lives: one small interface, two back ends.

Content is addressed by its SHA-256 (hex), so storing the same bytes twice keeps one copy and
a key never changes meaning. Nothing here holds a whole file in memory: content comes in from
an open file and goes out in chunks.

- `LocalStorage`, the default: a directory (under `instance/` unless configured), the content
  at `ab/cd/abcd…`. A write goes to a temporary file in the same directory and is renamed into
  place, so a reader never sees half a file.
- `S3Storage`: an S3-compatible object store through boto3 (bucket, endpoint and credentials
  from the environment), for more than one API server. Uploads are multipart, reads ranged.

Which one runs is `FILE_STORAGE` (`local` or `s3`); `storage()` gives the app's.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from flask import current_app

CHUNK_SIZE = 64 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ContentMissing(LookupError):
    """The content of a file is not in storage (removed behind the platform's back, or a
    store restored from an older backup)."""


def _checked(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise ValueError("a content key is a SHA-256 in lower-case hex")
    return sha256


class Storage(Protocol):
    """Content by SHA-256. `save` is idempotent; `read` yields bytes `start` to `end`
    (inclusive; to the end when None) in chunks; `delete` of missing content is no error."""

    def save(self, sha256: str, source: BinaryIO) -> None: ...

    def exists(self, sha256: str) -> bool: ...

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]: ...

    def delete(self, sha256: str) -> None: ...

    def stored_before(self, moment: datetime) -> Iterator[str]:
        """The keys of content written before `moment` (for finding content that no row
        knows: written by an upload whose transaction never committed)."""
        ...


class LocalStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        key = _checked(sha256)
        return self.root / key[:2] / key[2:4] / key

    def save(self, sha256: str, source: BinaryIO) -> None:
        path = self._path(sha256)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            # Stamped by the platform's clock, which `stored_before` compares against.
            now = time.time()
            os.utime(temporary, (now, now))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        path = self._path(sha256)
        try:
            handle = path.open("rb")  # opened now: missing content fails before the response
        except FileNotFoundError as error:
            raise ContentMissing(sha256) from error

        def chunks() -> Iterator[bytes]:
            with handle:
                handle.seek(start)
                remaining = None if end is None else end - start + 1
                while remaining is None or remaining > 0:
                    size = CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining)
                    chunk = handle.read(size)
                    if not chunk:
                        return
                    if remaining is not None:
                        remaining -= len(chunk)
                    yield chunk

        return chunks()

    def stored_before(self, moment: datetime) -> Iterator[str]:
        cutoff = moment.timestamp()
        for path in self.root.glob("??/??/*"):
            if _SHA256.fullmatch(path.name):
                with contextlib.suppress(FileNotFoundError):
                    if path.stat().st_mtime < cutoff:
                        yield path.name

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(sha256).unlink()


class S3Storage:
    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        prefix: str = "",
    ) -> None:
        import boto3  # only deployments that use the object store need it loaded
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )

    def _key(self, sha256: str) -> str:
        return f"{self.prefix}{_checked(sha256)}"

    def save(self, sha256: str, source: BinaryIO) -> None:
        if self.exists(sha256):
            return
        # Multipart above the transfer's threshold, read from `source` a part at a time.
        self.client.upload_fileobj(source, self.bucket, self._key(sha256))

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        except ClientError as error:
            if _not_found(error):
                return False
            raise
        return True

    def read(self, sha256: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(sha256)}
        if start or end is not None:
            arguments["Range"] = f"bytes={start}-{'' if end is None else end}"
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(**arguments)["Body"]
        except ClientError as error:
            if _not_found(error):
                raise ContentMissing(sha256) from error
            raise

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK_SIZE)
            finally:
                body.close()

        return chunks()

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(sha256))

    def stored_before(self, moment: datetime) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix) :]
                if _SHA256.fullmatch(key) and item["LastModified"] < moment:
                    yield key


def _not_found(error: Any) -> bool:
    """Whether an S3 client error says the object is not there."""
    return error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


def make_storage(config: dict[str, Any]) -> Storage:
    kind = config["FILE_STORAGE"]
    if kind == "local":
        return LocalStorage(config["FILE_STORAGE_PATH"])
    if kind == "s3":
        return S3Storage(
            config["S3_BUCKET"],
            endpoint_url=config["S3_ENDPOINT_URL"],
            region=config["S3_REGION"],
            access_key_id=config["S3_ACCESS_KEY_ID"],
            secret_access_key=config["S3_SECRET_ACCESS_KEY"],
            prefix=config["S3_PREFIX"],
        )
    raise ValueError(f"FILE_STORAGE must be local or s3, not {kind!r}")


def storage() -> Storage:
    """The app's storage, made once per app."""
    extension = current_app.extensions.get("file_storage")
    if extension is None:
        extension = current_app.extensions["file_storage"] = make_storage(current_app.config)
    return extension
