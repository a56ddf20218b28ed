"""Keyset cursor pagination: the one way every collection is paged.

A page is `{"items": [...], "next_cursor": ...}` plus a `Link: <…>; rel="next"` header. The
cursor encodes the sort key of the last row (ending with the unique id), so the next page is a
range scan: page 500 costs what page 1 costs, and rows inserted during a walk are neither
skipped nor repeated.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Response, after_this_request, request
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from api.errors import validation_error
from api.extensions import db


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _decode_value(column: InstrumentedAttribute, raw: Any) -> Any:
    """A cursor value back in the column's type; anything unexpected is a ValueError."""
    python_type = column.type.python_type
    if raw is None:
        return None
    if python_type is datetime:
        if not isinstance(raw, str):
            raise ValueError("not a timestamp")
        value = datetime.fromisoformat(raw)
        if value.tzinfo is None:
            raise ValueError("timestamp without time zone")
        return value
    if python_type is uuid.UUID:
        if not isinstance(raw, str):
            raise ValueError("not an id")
        return uuid.UUID(raw)
    if python_type is date:
        if not isinstance(raw, str):
            raise ValueError("not a date")
        return date.fromisoformat(raw)
    if not isinstance(raw, python_type) or isinstance(raw, bool):
        raise ValueError("wrong type in cursor")
    return raw


def encode_cursor(values: Sequence[Any]) -> str:
    payload = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Sequence[InstrumentedAttribute]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(raw, list) or len(raw) != len(order):
            raise ValueError("wrong length")
        return [_decode_value(col, value) for col, value in zip(order, raw, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        validation_error("cursor", "Invalid cursor: pass the next_cursor of a previous page.")


def _after(order: Sequence[InstrumentedAttribute], values: Sequence[Any]) -> Any:
    """(c0, c1, …) > (v0, v1, …) spelled out, so it works on every database."""
    column, value = order[0], values[0]
    if len(order) == 1:
        return column > value
    return or_(column > value, and_(column == value, _after(order[1:], values[1:])))


def _set_link_header(next_cursor: str) -> None:
    args = request.args.to_dict(flat=False)
    args["cursor"] = [next_cursor]
    url = f"{request.base_url}?{urlencode(args, doseq=True)}"

    @after_this_request
    def add_link(response: Response) -> Response:
        response.headers["Link"] = f'<{url}>; rel="next"'
        return response


def paginate(
    stmt: Select,
    page_args: dict[str, Any],
    *,
    order: Sequence[InstrumentedAttribute],
    view: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Run `stmt` for one page, ordered by `order` (ascending; the last column unique).

    `view`, if given, turns each row into what the page shows (for example to hide fields
    the caller may not see).
    """
    limit: int = page_args["limit"]
    cursor: str | None = page_args.get("cursor")
    if cursor:
        stmt = stmt.where(_after(order, decode_cursor(cursor, order)))
    rows = list(db.session.scalars(stmt.order_by(*order).limit(limit + 1)).unique())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([getattr(rows[-1], col.key) for col in order])
        _set_link_header(next_cursor)
    return {"items": [view(row) for row in rows] if view else rows, "next_cursor": next_cursor}
