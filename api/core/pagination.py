"""Keyset cursor pagination: the one way every collection is paged.

A page is `{"items": [...], "next_cursor": ..., "has_more": ...}`. One rule ends every list, so
that a generic pager can follow any of them: more rows are waiting exactly when `has_more` is
true, and then the answer also has a `Link: <…>; rel="next"` header. The
cursor encodes the sort key of the last row (ending with the unique id), so the next page is a
range scan (each key ascending, or descending as `column.desc()`): page 500 costs what page 1
costs, and rows inserted during a walk are neither skipped nor repeated.

Collections that integrators synchronise also have a changes walk, which `updated_since` starts:
rows in `(updated_at, id)` order, ended rows included as tombstones (the collection's query and
view decide what a tombstone is). A row that changes moves to the end of that order, so a walk
sees it again. The walk differs from an ordinary one in three ways, all so that a client that
stores `next_cursor` never misses a change:
- its cursor says that it belongs to a changes walk, so the stored cursor alone resumes it;
- `next_cursor` is never null: on the last page (`has_more` false) it is where to poll from
  later, so the client stores it rather than stopping for good;
- it leaves out rows changed in the last `SYNC_SETTLE_SECONDS`. A transaction stamps its rows
  before it commits, so a row stamped earlier may become visible after one stamped later; were
  the walk to pass the later one, the earlier one would be behind its cursor for ever. The
  settle time is longer than any request may run (the worker timeout), so by the time a row is
  handed out, every row stamped before it has been committed or rolled back.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Response, after_this_request, current_app, request
from sqlalchemy import Select, and_, literal, or_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from api.core.error_codes import coded
from api.core.errors import abort
from api.core.extensions import db
from api.models.base import utcnow

# Before every row id: random UUIDs are never nil, so (t, nil) is the position just before t.
_BEFORE_ANY_ID = uuid.UUID(int=0)


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
        raise ValueError("a sort key is never null")
    if python_type is datetime:
        if not isinstance(raw, str):
            raise ValueError("not a timestamp")
        value = datetime.fromisoformat(raw)
        if value.tzinfo is None:
            raise ValueError("timestamp without time zone")
        return value.astimezone(UTC)
    if python_type is uuid.UUID:
        if not isinstance(raw, str):
            raise ValueError("not an id")
        return uuid.UUID(raw)
    if python_type is date:
        if not isinstance(raw, str):
            raise ValueError("not a date")
        return date.fromisoformat(raw)
    if python_type is bool:
        if not isinstance(raw, bool):
            raise ValueError("not a boolean")
        return raw
    if not isinstance(raw, python_type) or isinstance(raw, bool):
        raise ValueError("wrong type in cursor")
    return raw


def encode_cursor(values: Sequence[Any], *, changes: bool = False) -> str:
    position = [_encode_value(v) for v in values]
    payload = json.dumps({"changes": position} if changes else position, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _cursor_payload(cursor: str) -> Any:
    padded = cursor + "=" * (-len(cursor) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode()))


def _sort_keys(order: Sequence[Any]) -> list[tuple[Any, bool]]:
    """Each sort key of `order` as (column, descending)."""
    return [
        (key.element, True)
        if isinstance(key, UnaryExpression) and key.modifier is operators.desc_op
        else (key, False)
        for key in order
    ]


def decode_cursor(cursor: str, order: Sequence[Any], *, changes: bool = False) -> list[Any]:
    try:
        raw = _cursor_payload(cursor)
        if changes:
            if not isinstance(raw, dict) or set(raw) != {"changes"}:
                raise ValueError("not the cursor of a changes walk")
            raw = raw["changes"]
        if not isinstance(raw, list) or len(raw) != len(order):
            raise ValueError("wrong length")
        columns = [column for column, _ in _sort_keys(order)]
        return [_decode_value(col, value) for col, value in zip(columns, raw, strict=True)]
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        # Well formed (the contract's pattern) but not a cursor this API made.
        abort(
            422,
            errors={
                "cursor": [
                    coded(
                        "Invalid cursor: pass the next_cursor of a previous page.", "invalid_cursor"
                    )
                ]
            },
        )


def walks_changes(page_args: dict[str, Any]) -> bool:
    """Whether the request is part of a changes walk: `updated_since`, or such a walk's cursor."""
    if page_args.get("updated_since") is not None:
        return True
    cursor = page_args.get("cursor")
    if not cursor:
        return False
    try:
        return isinstance(_cursor_payload(cursor), dict)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return False  # `paginate` refuses it with the usual message


def _beyond(column: Any, descending: bool, value: Any) -> Any:
    value = literal(value, column.type)  # also a boolean, which SQL compares as 0 < 1
    return column < value if descending else column > value


def _strictly_after(keys: Sequence[tuple[Any, bool]], values: Sequence[Any]) -> Any:
    (column, descending), value = keys[0], values[0]
    if len(keys) == 1:
        return _beyond(column, descending, value)
    return or_(
        _beyond(column, descending, value),
        and_(column == value, _strictly_after(keys[1:], values[1:])),
    )


def _after(order: Sequence[Any], values: Sequence[Any]) -> Any:
    """(c0, c1, …) > (v0, v1, …) in the order's directions, spelled out, so it works on every
    database.

    The leading `c0 >= v0` (`<=` if descending) adds nothing logically; it gives the planner
    a range on the first sort column, so that an index starting with it is read from the
    cursor on.
    """
    keys = _sort_keys(order)
    (first, descending), value = keys[0], literal(values[0], keys[0][0].type)
    return and_(first <= value if descending else first >= value, _strictly_after(keys, values))


def _changes_start(order: Sequence[InstrumentedAttribute], since: datetime) -> list[Any]:
    """The position just before the first row changed at or after `since`."""
    if any(column.type.python_type is not uuid.UUID for column in order[1:]):
        raise TypeError("a changes walk orders by updated_at, then ids")
    return [since, *([_BEFORE_ANY_ID] * (len(order) - 1))]


def settled_before() -> datetime:
    return utcnow() - timedelta(seconds=current_app.config["SYNC_SETTLE_SECONDS"])


def _set_link_header(next_cursor: str) -> None:
    args = request.args.to_dict(flat=False)
    args["cursor"] = [next_cursor]
    url = f"{request.base_url}?{urlencode(args, doseq=True)}"

    @after_this_request
    def add_link(response: Response) -> Response:
        response.headers["Link"] = f'<{url}>; rel="next"'
        return response


def rows_of(stmt: Select, *, yield_per: int | None = None) -> Any:
    """The rows of `stmt`: its entities for a select of one entity (or one column), else
    `Row`s of its columns (for lists read as plain columns, not ORM objects). With
    `yield_per`, rows are fetched that many at a time, for a stream."""
    if yield_per is not None:
        stmt = stmt.execution_options(yield_per=yield_per)
    result = db.session.execute(stmt)
    if len(stmt.column_descriptions) != 1:
        return result
    scalars = result.scalars()
    # Joined eager loading of a collection repeats its entity; a stream loads no collections.
    return scalars if yield_per is not None else scalars.unique()


def paginate(
    stmt: Select,
    page_args: dict[str, Any],
    *,
    order: Sequence[Any],
    view: Callable[[Any], Any] | None = None,
    changes: bool = False,
) -> dict[str, Any]:
    """Run `stmt` for one page, ordered by `order` (columns, ascending, or `column.desc()`;
    the last one unique).

    `stmt` selects one entity, or columns (then rows are `Row`s, and `order`'s keys must be
    among their names). `view`, if given, turns each row into what the page shows (for
    example to hide fields the caller may not see).

    With `changes`, the page belongs to a changes walk (see the module's docstring): `order`
    is the row's `updated_at` followed by ids, and without a cursor the walk starts at
    `page_args["updated_since"]` (inclusive).
    """
    limit: int = page_args["limit"]
    cursor: str | None = page_args.get("cursor")
    position: list[Any] | None = None
    if cursor:
        position = decode_cursor(cursor, order, changes=changes)
    elif changes:
        position = _changes_start(order, page_args["updated_since"])
    if position is not None:
        stmt = stmt.where(_after(order, position))
    if changes:
        stmt = stmt.where(order[0] <= settled_before())
    rows = list(rows_of(stmt.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if rows and (more or changes):
        last = [getattr(rows[-1], column.key) for column, _ in _sort_keys(order)]
        next_cursor = encode_cursor(last, changes=changes)
    elif changes:
        assert position is not None
        next_cursor = encode_cursor(position, changes=True)  # nothing new: poll from here
    if more:
        assert next_cursor is not None
        _set_link_header(next_cursor)
    return {
        "items": [view(row) for row in rows] if view else rows,
        "next_cursor": next_cursor,
        "has_more": more,
    }
