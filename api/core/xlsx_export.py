"""Spreadsheets for people (`Accept: application/vnd.openxmlformats-officedocument.
spreadsheetml.sheet`): a list as an Excel workbook with Danish headers, names rather than ids,
"Ja"/"Nej", real date cells in the Danish format, a bold frozen header row with an autofilter,
and columns wide enough to read. One writer for every export; each domain defines its columns
(a list of `Column`) next to its service.

The machines' CSV (`api.core.csv_export`) stays as it is: JSON field names and spellings."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from flask import Response, request, send_file

from api.core.csv_export import CSV, XLSX

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# Excel stores a number format as written; these read as 06.12.2026 and 06.12.2026 14:30.
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
YES, NO = "Ja", "Nej"
# Column widths in characters: never narrower than a date, never so wide it hides the rest.
MIN_WIDTH, MAX_WIDTH = 10, 50
# A worksheet's name is at most 31 characters and has none of these.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Kind(StrEnum):
    text = "text"
    number = "number"
    yes_no = "yes_no"
    date = "date"
    datetime = "datetime"


@dataclass(frozen=True)
class Column:
    """One column: its Danish header, how a row gives its value, and what kind of cell it is
    (a date or datetime is a real date cell; a datetime is shown in Danish time)."""

    header: str
    value: Callable[[Any], Any]
    kind: Kind = Kind.text


@dataclass(frozen=True)
class Sheet:
    """What the workbook is called: its sheet's name, its title (the document's property)
    and the file's name."""

    name: str
    title: str
    filename: str


def wants_xlsx() -> bool:
    """The caller asks for a spreadsheet (JSON stays the default, CSV the machines' choice)."""
    return request.accept_mimetypes.best_match(["application/json", CSV, XLSX]) == XLSX


def file_slug(text: str) -> str:
    """A part of a file name that every system keeps: `Demoklyngen Århus` gives
    `demoklyngen-aarhus`."""
    text = text.lower()
    for letter, spelling in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelling)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "liste"


def _sheet_name(name: str) -> str:
    return SHEET_NAME_FORBIDDEN.sub(" ", name)[:31]


def _local(moment: datetime) -> datetime:
    """A naive datetime in Danish time, as a spreadsheet cell holds it."""
    return moment.astimezone(DANISH_TIME).replace(tzinfo=None)


def _shown_width(value: Any, kind: Kind) -> int:
    if value is None:
        return 0
    if kind == Kind.date:
        return len("00.00.0000")
    if kind == Kind.datetime:
        return len("00.00.0000 00:00")
    if kind == Kind.yes_no:
        return len(NO)
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_workbook(sheet: Sheet, columns: Sequence[Column], rows: Iterable[Any], target) -> int:
    """Write `rows` to `target` (a path or a binary file) as one sheet; returns the number of
    rows written. Rows are written as they come (`constant_memory`): a long list does not
    stay in memory, only one row at a time."""
    workbook = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "in_memory": False, "strings_to_formulas": False},
    )
    workbook.set_properties({"title": sheet.title, "author": "Klyngeplatformen"})
    worksheet = workbook.add_worksheet(_sheet_name(sheet.name))
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": False})
    formats = {
        Kind.date: workbook.add_format({"num_format": DATE_FORMAT, "align": "left"}),
        Kind.datetime: workbook.add_format({"num_format": DATETIME_FORMAT, "align": "left"}),
    }
    widths = [len(column.header) + 3 for column in columns]  # room for the filter's arrow
    for col, column in enumerate(columns):
        worksheet.write_string(0, col, column.header, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = column.value(row)
            widths[col] = max(widths[col], _shown_width(value, column.kind))
            _write_cell(worksheet, count, col, value, column.kind, formats)
    for col, width in enumerate(widths):
        worksheet.set_column(col, col, min(max(width + 1, MIN_WIDTH), MAX_WIDTH))
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


def _write_cell(worksheet, row: int, col: int, value: Any, kind: Kind, formats) -> None:
    if value is None or value == "":
        return  # an empty cell, which the filter lists as "(Tomme)"
    if kind == Kind.yes_no:
        worksheet.write_string(row, col, YES if value else NO)
    elif kind == Kind.datetime:
        worksheet.write_datetime(row, col, _local(value), formats[Kind.datetime])
    elif kind == Kind.date:
        moment = value if isinstance(value, date) else date.fromisoformat(value)
        worksheet.write_datetime(row, col, moment, formats[Kind.date])
    elif kind == Kind.number:
        worksheet.write_number(row, col, value)
    else:
        # Always a string cell: text that starts with "=" is shown, never run as a formula.
        worksheet.write_string(row, col, str(value))


def xlsx_response(sheet: Sheet, columns: Sequence[Column], rows: Iterable[Any]) -> Response:
    """The rows as an `.xlsx` download. The workbook is written to a temporary file within
    the request (it is a zip, finished only when the last row is in) and sent from there."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    write_workbook(sheet, columns, rows, spool)
    spool.seek(0)
    return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=sheet.filename)
