"""CSV export of collections (`Accept: text/csv`): streamed, UTF-8, a header row, and the
JSON field names as columns. One implementation for every exportable list."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import marshmallow as ma
from flask import Response, request, stream_with_context
from sqlalchemy import Select

from api.core.error_codes import coded
from api.core.errors import abort
from api.core.pagination import rows_of

CSV = "text/csv"
# Rows fetched from the database at a time while streaming: memory stays flat.
CSV_BATCH = 500
# Characters sent at a time: a write to the socket per row would cost more than the row.
CSV_CHUNK = 64 * 1024


# The spreadsheet for people (`api.core.xlsx_export`), named here for the documentation.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_doc(page: type[ma.Schema], *, xlsx: bool = False) -> dict[str, Any]:
    """For `@blp.doc(**csv_doc(page))`: the 200 of a list as JSON (the `page` schema its
    `@blp.response` has) or, with `Accept: text/csv`, as CSV, and with `xlsx` also as an
    Excel workbook for people. Spelled out whole, because the doc is merged over the
    response's by replacing the 200's `content`."""
    name = page.__name__.removesuffix("Schema")
    description = "The page as JSON, or with `Accept: text/csv` every row as CSV."
    content: dict[str, Any] = {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}},
        CSV: {"schema": {"type": "string", "description": "The same rows as CSV."}},
    }
    if xlsx:
        description = (
            "The page as JSON, with `Accept: text/csv` every row as CSV (the JSON field "
            f"names), or with `Accept: {XLSX}` every row as an Excel workbook for people "
            "(Danish headers, names, Ja/Nej and Danish dates; its name in "
            "`Content-Disposition`)."
        )
        content[XLSX] = {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "The same rows as an Excel workbook.",
            }
        }
    return {"responses": {"200": {"description": description, "content": content}}}


def wants_csv() -> bool:
    return request.accept_mimetypes.best_match(["application/json", CSV]) == CSV


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def refuse_cursor(args: dict[str, Any]) -> None:
    """A changes walk's CSV is a snapshot of every row: a `cursor` is a 422."""
    if args.get("cursor"):
        abort(
            422,
            errors={
                "cursor": [
                    coded("Not available as CSV: the CSV has every row.", "not_available_as_csv")
                ]
            },
        )


def _text(value: Any) -> str:
    """A cell in the JSON spelling: `true`/`false`, numbers as they are, lists space-separated
    (dates and times are already ISO 8601 strings in the dumped rows)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A cell that a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe, as OWASP advises, while a plain (negative) number stays a number."""
    text = _text(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_response(
    schema: ma.Schema,
    stmt: Select,
    filename: str,
    view: Callable[[Any], Any] | None = None,
    *,
    dumped_view: Callable[[Any], dict[str, Any]] | None = None,
) -> Response:
    """Stream the rows of `stmt` (a select of one entity, or of columns) as CSV, a few
    hundred at a time, the columns being `schema`'s fields.

    `view`, if given, turns a row into what the schema dumps. `dumped_view`, instead, turns a
    row into its dumped form itself (for rows built for speed without the schema, as the
    attendance feed's).

    The statement runs inside the generator, not before the response is returned: by the time
    the server iterates the body, the view's session has been removed (the request's app
    context is popped as the view returns), and a result bound to it can no longer load rows.
    """
    columns = list(schema.fields)

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows_of(stmt, yield_per=CSV_BATCH):
            if dumped_view is not None:
                values = dumped_view(row)
            else:
                values = schema.dump(view(row) if view else row)
            writer.writerow([csv_cell(values.get(column)) for column in columns])
            if buffer.tell() >= CSV_CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(generate()),
        mimetype=CSV,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def csv_rows_response(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], filename: str
) -> Response:
    """Rows already computed (a report, not a walk over a table) as CSV: the same header row,
    cells and download name as `csv_response`."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(column)) for column in columns])
            if buffer.tell() >= CSV_CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(
        generate(),
        mimetype=CSV,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
