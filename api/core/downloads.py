"""Sending stored content: whole or one byte range (RFC 9110), conditional on its ETag, in
chunks from storage, with the headers that keep a browser from running or second-guessing
what it downloads.

The ETag is the content's SHA-256: strong, and the same for every file with the same bytes.
A file's content never changes (a new version is a new upload), so `If-Range` with that tag
always matches while the file exists.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from urllib.parse import quote

from flask import Response, request

from api.core.errors import abort
from api.core.storage import ContentMissing, storage

log = logging.getLogger(__name__)

# Letters without a decomposition to ASCII, spelled out in the ASCII fallback name.
_ASCII_SPELLING = str.maketrans(
    {"æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "ß": "ss"}
)
# RFC 5987 attr-char besides letters and digits: left as they are in `filename*`.
_ATTR_CHARACTERS = "!#$&+-.^_`|~"
_FALLBACK_STEM = "fil"


def _ascii_name(name: str) -> str:
    spelled = unicodedata.normalize("NFKD", name.translate(_ASCII_SPELLING))
    ascii_only = spelled.encode("ascii", "ignore").decode()
    # Quotes and backslashes would end or escape the quoted string; `%` is decoded by some
    # browsers; controls never belong in a header.
    cleaned = "".join("_" if ch in '"\\%' or not ch.isprintable() else ch for ch in ascii_only)
    stem, extension = os.path.splitext(cleaned.strip())
    if not any(ch.isalnum() for ch in stem):
        stem = _FALLBACK_STEM
    return stem + extension


def content_disposition(name: str, *, inline: bool) -> str:
    """`attachment` (or `inline`) with the name twice, as RFC 6266 advises: `filename*` in
    UTF-8 (RFC 5987) for the browsers that read it, and an ASCII `filename` for the rest."""
    kind = "inline" if inline else "attachment"
    encoded = quote(name, safe=_ATTR_CHARACTERS)
    return f"{kind}; filename=\"{_ascii_name(name)}\"; filename*=UTF-8''{encoded}"


def _requested_range(etag: str, size: int) -> tuple[int, int] | None:
    """The one byte range asked for (first and last byte), if it is to be honoured; 416 when
    it starts beyond the end. Several ranges, other units or a malformed header get the
    whole content, which RFC 9110 allows; so does an `If-Range` that is not our ETag (a
    date, a weak tag, another version)."""
    if "Range" not in request.headers:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        return None
    requested = request.range
    if requested is None or requested.units != "bytes" or len(requested.ranges) != 1:
        return None
    start, stop = requested.ranges[0]
    if start < 0:  # a suffix: the last -start bytes
        return max(size + start, 0), size - 1
    if start >= size:
        abort(
            416,
            f"The range starts beyond the end: the content is {size} bytes.",
            headers={"Content-Range": f"bytes */{size}"},
        )
    return start, size - 1 if stop is None else min(stop, size) - 1


def send_content(sha256: str, size: int, media_type: str, name: str, *, inline: bool) -> Response:
    """The content as the answer to this request: 304 if the client holds it (If-None-Match),
    206 with one range (Range, If-Range), else 200; streamed in chunks, never read whole."""
    etag = f'"{sha256}"'
    headers = {
        "ETag": etag,
        # Private: never kept by shared caches. No-cache: the browser asks again each time
        # (a 304 if unchanged), so every use of a file passes the access check anew.
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        # Shown inline (a PDF, an image), the content runs no script and reaches nothing.
        "Content-Security-Policy": "sandbox",
    }
    if request.if_none_match.contains_weak(sha256):
        return Response(status=304, headers=headers)
    headers["Accept-Ranges"] = "bytes"
    headers["Content-Disposition"] = content_disposition(name, inline=inline)
    status, (start, end) = 200, (0, size - 1)
    byte_range = _requested_range(etag, size)
    if byte_range is not None:
        status, (start, end) = 206, byte_range
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    try:
        chunks = storage().read(sha256, start, end)
    except ContentMissing:
        log.error("the content %s of a file is missing from storage", sha256)
        abort(
            404,
            "The file's content is missing from storage. Its details are kept; ask whoever "
            "uploaded it to upload it again.",
        )
    response = Response(
        chunks, status=status, mimetype=media_type, headers=headers, direct_passthrough=True
    )
    response.content_length = end - start + 1
    return response
