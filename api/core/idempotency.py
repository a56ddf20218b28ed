"""Idempotency-Key replay for POST: a retried request gets the first answer, not a duplicate.

The key is claimed in its own transaction before the work starts, so that two concurrent
requests with one key cannot both do the work; the second is told to retry (409). A
successful answer is stored with the key and replayed for 24 hours (IDEMPOTENCY_TTL) with
`Idempotent-Replayed: true`. A failed request releases its key, since it changed nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, make_response, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from api.core.database import db
from api.core.error_codes import coded
from api.core.errors import abort, validation_error
from api.core.security import require_principal
from api.models.base import utcnow
from api.models.core import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_REPLAYED_RESPONSE_HEADERS = ("Location", "ETag", "Content-Type", "Link")
_CHUNK_SIZE = 64 * 1024

HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "A client-made UUID. A retry with the same key and body replays the first response "
        "(with `Idempotent-Replayed: true`); the same key with another body is refused (422). "
        "Keys are kept for 24 hours and belong to the caller."
    ),
    "schema": {"type": "string", "format": "uuid"},
}


def _request_hash() -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.full_path.encode() + b"\0")
    if request.mimetype == "multipart/form-data":
        _hash_multipart(digest)
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _hash_field(digest: Any, *values: str | bytes) -> None:
    for value in values:
        data = value.encode() if isinstance(value, str) else value
        digest.update(len(data).to_bytes(8, "big") + data)


def _hash_multipart(digest: Any) -> None:
    """The form's fields, then each file part, its content read in chunks: a multipart body
    is an upload, which is never read into memory whole (`get_data` would). The parts'
    streams are left at their start, for the view to read."""
    for name, value in sorted(request.form.items(multi=True)):
        _hash_field(digest, "field", name, value)
    for name, part in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        _hash_field(digest, "file", name, part.filename or "", part.content_type or "")
        stream = part.stream
        stream.seek(0)
        size = 0
        while chunk := stream.read(_CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
        stream.seek(0)
        _hash_field(digest, str(size))


def _replay(row: IdempotencyKey) -> Response:
    response = Response(row.response_body or "", status=row.status_code)
    for name, value in (row.response_headers or {}).items():
        response.headers[name] = value
    response.headers[REPLAYED_HEADER] = "true"
    return response


def _release(row_id: uuid.UUID) -> None:
    db.session.rollback()
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == row_id))
    db.session.commit()


def idempotent(func: Callable) -> Callable:
    """Make a POST view honour Idempotency-Key. Place it inside `@blp.access(...)`."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return func(*args, **kwargs)
        try:
            key = str(uuid.UUID(key))
        except ValueError:
            validation_error(HEADER, "Must be a UUID made by the client.", "invalid_uuid")
        owner = require_principal().owner_key
        request_hash = _request_hash()
        now = utcnow()

        existing = db.session.scalar(
            select(IdempotencyKey).where(IdempotencyKey.owner == owner, IdempotencyKey.key == key)
        )
        if existing is not None and existing.expires_at <= now:
            db.session.delete(existing)
            db.session.commit()
            existing = None
        if existing is not None:
            if existing.request_hash != request_hash:
                abort(
                    422,
                    "This Idempotency-Key was already used for a different request.",
                    errors={
                        HEADER: [
                            coded(
                                "Already used with a different request body or path.",
                                "idempotency_key_reused",
                            )
                        ]
                    },
                )
            if existing.status_code is None:
                abort(
                    409,
                    "A request with this Idempotency-Key is still in progress. Retry.",
                    code="idempotency_in_progress",
                )
            return _replay(existing)

        claim = IdempotencyKey(
            id=uuid.uuid4(),
            owner=owner,
            key=key,
            request_hash=request_hash,
            expires_at=now + current_app.config["IDEMPOTENCY_TTL"],
        )
        db.session.add(claim)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            abort(
                409,
                "A request with this Idempotency-Key is in progress. Retry.",
                code="idempotency_in_progress",
            )

        try:
            response = make_response(func(*args, **kwargs))
        except BaseException:
            _release(claim.id)
            raise
        if response.status_code >= 400:
            _release(claim.id)
            return response
        claim.status_code = response.status_code
        claim.response_body = response.get_data(as_text=True)
        claim.response_headers = {
            name: response.headers[name]
            for name in _REPLAYED_RESPONSE_HEADERS
            if name in response.headers
        }
        db.session.commit()
        return response

    wrapper._apidoc = {**getattr(wrapper, "_apidoc", {}), "idempotent": True}  # type: ignore[attr-defined]
    return wrapper


def purge_expired() -> int:
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= utcnow()))
    db.session.commit()
    return result.rowcount or 0
