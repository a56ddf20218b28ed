"""CSV export of collections (`Accept: text/csv`): streamed, UTF-8, a header row, and the
JSON field names as columns. One implementation for every exportable list."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import marshmallow as ma
from flask import Response, request, stream_with_context
from sqlalchemy import Select

from api.extensions import db

CSV = "text/csv"
# Rows fetched from the database at a time while streaming: memory stays flat.
CSV_BATCH = 500

# Merged into an operation's OpenAPI description by `@blp.doc(**CSV_DOC)`.
CSV_DOC = {
    "responses": {
        "200": {
            "content": {CSV: {"schema": {"type": "string", "description": "The same rows as CSV."}}}
        }
    }
}


def wants_csv() -> bool:
    return request.accept_mimetypes.best_match(["application/json", CSV]) == CSV


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_cell(v) for v in value)
    return str(value)


def csv_response(
    schema: ma.Schema, stmt: Select, filename: str, view: Callable[[Any], Any] | None = None
) -> Response:
    """Stream the rows of `stmt` (a select of one entity) as CSV, a few hundred at a time.

    The statement runs inside the generator, not before the response is returned: by the time
    the server iterates the body, the view's session has been removed (the request's app
    context is popped as the view returns), and a result bound to it can no longer load rows.
    """
    columns = list(schema.fields)

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        rows = db.session.scalars(stmt.execution_options(yield_per=CSV_BATCH))
        for row in rows:
            dumped = schema.dump(view(row) if view else row)
            writer.writerow([_cell(dumped.get(column)) for column in columns])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(generate()),
        mimetype=CSV,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
