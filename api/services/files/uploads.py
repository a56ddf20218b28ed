"""Receiving an uploaded file: its name made safe, its content hashed and checked against the
size limit on the way to a temporary file, and its media type sniffed from the content.

Nothing here trusts what the client says: not the file name (paths, control characters and
any length are cleaned away), not the `Content-Type` of the part, not the extension. The type
is read from the bytes (magic numbers; text is text only if it decodes and holds no control
characters) and must be on the allow-list. The content is never held in memory whole: it is
copied in chunks to a temporary file, which the caller stores and then removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype

from api.core.error_codes import coded
from api.core.errors import RuleViolation, TooLarge
from api.models.files import FILE_NAME_LENGTH

CHUNK_SIZE = 64 * 1024
SNIFF_BYTES = 8192

# What may be uploaded: documents, slides, spreadsheets, images, PDF, plain text and CSV.
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/heic",  # a phone camera's photo (an iPhone's by default)
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.presentation",
    "text/plain",
    "text/csv",
}
# A receipt: a PDF or a photo of one (a phone camera's JPEG, HEIC or PNG).
RECEIPT_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/heic", "image/webp"}
# Shown in the browser when asked for: images that cannot carry script, and PDF.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
# The legacy Office formats share one container (OLE); the name tells which it is.
_OLE_BY_EXTENSION = {
    ".doc": "application/msword",
    ".dot": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_UNSAFE_CHARACTERS = re.compile(r'[<>:"/\\|?*]')


def _cleaned(raw: str, *, typed: bool = False) -> str:
    """The last path component only (of an uploaded file's name; a typed name keeps all of
    it, its slashes made `_`: a folder "2026/27"), Unicode NFC, no control or format
    characters, none of `<>:"/\\|?*`, no leading dots or spaces; possibly empty."""
    name = unicodedata.normalize("NFC", raw or "")
    if not typed:
        name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        " " if unicodedata.category(ch) in {"Zl", "Zp"} or ch in "\t\r\n" else ch
        for ch in name
        if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"} or ch in "\t\r\n"
    )
    name = _UNSAFE_CHARACTERS.sub("_", name)
    return re.sub(r"\s+", " ", name).strip().lstrip(".").strip()


def safe_name(
    raw: str, *, fallback: str = "fil", limit: int = FILE_NAME_LENGTH, typed: bool = False
) -> str:
    """A file (or folder) name to keep and to offer for download: cleaned as `_cleaned`
    says, at most `limit` characters (the extension kept), never empty."""
    name = _cleaned(raw, typed=typed)
    stem, extension = os.path.splitext(name)
    if len(extension) > 16 or not re.fullmatch(r"\.[\w-]*", extension or "."):
        stem, extension = name, ""
    if not stem or _WINDOWS_RESERVED.match(name):
        stem = f"{fallback}{('-' + stem) if stem else ''}"
    room = limit - len(extension)
    return stem[:room].rstrip(" .") + extension


def chosen_name(raw: str, *, field: str = "name", limit: int = FILE_NAME_LENGTH) -> str:
    """A name someone typed (a rename, a new folder), made safe as `safe_name`; 422 when
    nothing usable is left of it, rather than a made-up name they did not choose."""
    if not _cleaned(raw, typed=True):
        raise RuleViolation(
            errors={
                field: [
                    coded("Nothing usable is left of this name; choose another.", "name_unusable")
                ]
            }
        )
    return safe_name(raw, limit=limit, typed=True)


def numbered(name: str, n: int) -> str:
    """`rapport.pdf`, then `rapport (2).pdf`, `rapport (3).pdf`: a free name for a collision."""
    if n <= 1:
        return name
    stem, extension = os.path.splitext(name)
    suffix = f" ({n})"
    return stem[: FILE_NAME_LENGTH - len(extension) - len(suffix)] + suffix + extension


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    # A chunk boundary may cut a character: ignore a broken sequence at the very end.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return all(ch in "\t\r\n\f" or unicodedata.category(ch) != "Cc" for ch in text)


def sniff(head: bytes, name: str) -> str | None:
    """The media type of content starting with `head`, if it is one we take; else None."""
    extension = os.path.splitext(name)[1].lower()
    if head.startswith(_OLE_MAGIC):
        return _OLE_BY_EXTENSION.get(extension)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if _is_text(head):
        return "text/csv" if extension == ".csv" else "text/plain"
    return None


@dataclass
class Received:
    """An upload on disk, checked: its content's SHA-256, size and media type."""

    path: Path
    sha256: str
    size: int
    media_type: str
    name: str

    def open(self) -> BinaryIO:
        return self.path.open("rb")

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


@contextlib.contextmanager
def receive(stream: BinaryIO, raw_name: str, limit: int, folder: str | None) -> Iterator[Received]:
    """Copy an uploaded file to a temporary file while hashing it; refuse it (413, 422) when
    it is too big, empty or not a type we take. The temporary file is gone afterwards."""
    name = safe_name(raw_name)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="upload-", dir=folder)
    received = Received(Path(temporary), "", 0, "", name)
    try:
        digest = hashlib.sha256()
        head = b""
        with os.fdopen(fd, "wb") as target:
            while chunk := stream.read(CHUNK_SIZE):
                received.size += len(chunk)
                if received.size > limit:
                    raise TooLarge(
                        f"The file is larger than {limit // (1024 * 1024)} MB.",
                        code="file_too_large",
                        errors={
                            "file": [coded(f"At most {limit} bytes.", "file_too_large", max=limit)]
                        },
                    )
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                digest.update(chunk)
                target.write(chunk)
        if received.size == 0:
            raise RuleViolation(errors={"file": [coded("The file is empty.", "file_empty")]})
        media_type = sniff(head, name)
        if media_type is None:
            raise RuleViolation(
                errors={
                    "file": [
                        coded(
                            "Not a file type we take: PDF, images (PNG, JPEG, GIF, WebP, HEIC), "
                            "Word, Excel, PowerPoint or OpenDocument files, plain text or CSV.",
                            "file_type_not_allowed",
                        )
                    ]
                },
            )
        received.sha256 = digest.hexdigest()
        received.media_type = media_type
        yield received
    finally:
        received.discard()
