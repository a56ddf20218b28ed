"""Spreadsheets for people: a cluster's members and a meeting's attendance as Excel workbooks
(Danish headers, names rather than ids, Ja/Nej, Danish date cells, a bold frozen header row
with an autofilter), under the same access rules as the JSON and the CSV, and in a number of
statements that does not grow with the rows."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from api.core.extensions import db
from api.core.xlsx_export import XLSX, file_slug
from api.models import Attendance, Meeting, Member
from tests.problems import assert_problem
from tests.resources import test_meetings
from tests.resources.test_attendance_feed import _register
from tests.resources.test_meetings import MEETINGS, _begin, _planned

world = test_meetings.world

MEMBER_HEADERS = [
    "Navn",
    "Klinik",
    "Ydernummer",
    "Lægetype",
    "Roller i klyngen",
    "Arbejds-e-mail",
    "Privat e-mail",
    "Ansat siden",
    "Klynge",
]
ATTENDANCE_HEADERS = [
    "Navn",
    "Klinik",
    "Ydernummer",
    "Fremmødt",
    "Registreret",
    "Registreret af",
    "Endelig (mødet er lukket)",
    "Begrundelse for rettelse",
    "Møde",
    "Mødedato",
    "Klynge",
]


def _sheet(client, url: str, headers: dict[str, str], **query):
    response = client.get(url, query_string=query, headers={**headers, "Accept": XLSX})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.data))
    return response, workbook.active


def _rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _members_url(world) -> str:
    return f"/api/v1/clusters/{world.viborg.id}/members"


def test_member_list_as_a_workbook_for_people(client, world):
    response, sheet = _sheet(client, _members_url(world), world.headers["coordinator"])
    slug = file_slug(world.viborg.name)
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert f"medlemmer-{slug}.xlsx" in response.headers["Content-Disposition"]
    assert sheet.title == "Medlemmer"
    assert [cell.value for cell in sheet[1]] == MEMBER_HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
    assert all((sheet.column_dimensions[c].width or 0) >= 10 for c in "ABCDEFGHI")

    rows = {row["Navn"]: row for row in _rows(sheet)}
    coordinator = rows[world.people["coordinator"].name]
    assert coordinator["Klinik"] == world.clinic.name  # a name, not an id
    assert coordinator["Ydernummer"] == world.clinic.provider_number
    assert coordinator["Roller i klyngen"] == "Klyngekoordinator"
    assert coordinator["Lægetype"] == "Praktiserende læge (ejer)"
    assert coordinator["Klynge"] == world.viborg.name
    assert rows[world.people["member"].name]["Roller i klyngen"] is None
    assert rows[world.people["secretary"].name]["Roller i klyngen"] == "Sekretær"
    # A real date cell in the Danish format.
    since = sheet.cell(row=2, column=MEMBER_HEADERS.index("Ansat siden") + 1)
    assert isinstance(since.value, datetime)
    assert since.number_format == "dd.mm.yyyy"
    # No id anywhere.
    ids = {str(person.id) for person in world.people.values() if hasattr(person, "id")}
    assert not ids & {str(value) for row in rows.values() for value in row.values()}


def test_personal_emails_are_shown_as_in_the_list(client, world):
    member = world.people["member"]
    for row in db.session.query(Member).filter(Member.clinic_id == world.clinic.id):
        row.personal_email = f"privat-{row.user_id}@example.dk"
    db.session.commit()
    _, sheet = _sheet(client, _members_url(world), world.headers["member"])
    shown = {row["Navn"]: row["Privat e-mail"] for row in _rows(sheet)}
    assert shown[member.name] == f"privat-{member.id}@example.dk"
    assert shown[world.people["coordinator"].name] is None
    _, sheet = _sheet(client, _members_url(world), world.headers["coordinator"])
    shown = {row["Navn"]: row["Privat e-mail"] for row in _rows(sheet)}
    assert shown[member.name] == f"privat-{member.id}@example.dk"


def test_the_csv_for_machines_is_unchanged(client, world):
    response = client.get(
        _members_url(world), headers={**world.headers["coordinator"], "Accept": "text/csv"}
    )
    assert response.mimetype == "text/csv"
    header = response.get_data(as_text=True).splitlines()[0]
    assert header.startswith("id,user_id,name,clinic_id,clinic_name,kind,")


def test_a_formula_is_text_in_the_workbook(client, world):
    member = world.people["member"]
    member.name = '=HYPERLINK("http://example.com/";"Klik")'
    db.session.commit()
    response = client.get(
        _members_url(world), headers={**world.headers["coordinator"], "Accept": XLSX}
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == member.name]
    assert cells and cells[0].data_type == "s"


def _meeting_with_attendance(client, world) -> dict:
    meeting = _planned(client, world, title="Klyngemøde om KOL")
    _begin(meeting["id"])
    _register(client, world, meeting["id"], member=True, colleague=False)
    return meeting


def test_attendance_as_a_workbook_for_people(client, world):
    meeting = _meeting_with_attendance(client, world)
    stored = db.session.get(Meeting, uuid.UUID(meeting["id"]))
    day = stored.starts_at.astimezone(ZoneInfo(stored.time_zone)).date()
    response, sheet = _sheet(
        client, f"{MEETINGS}/{meeting['id']}/attendance", world.headers["coordinator"]
    )
    disposition = response.headers["Content-Disposition"]
    assert f"fremmoede-klyngemoede-om-kol-{day:%Y-%m-%d}.xlsx" in disposition
    assert sheet.title == "Fremmøde"
    assert [cell.value for cell in sheet[1]] == ATTENDANCE_HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"

    rows = {row["Navn"]: row for row in _rows(sheet)}
    member = rows[world.people["member"].name]
    assert member["Fremmødt"] == "Ja"
    assert rows[world.people["colleague"].name]["Fremmødt"] == "Nej"
    assert member["Endelig (mødet er lukket)"] == "Nej"
    assert member["Klinik"] == world.clinic.name
    assert member["Registreret af"] == world.people["coordinator"].name
    assert member["Møde"] == "Klyngemøde om KOL"
    assert member["Mødedato"] == datetime.combine(day, datetime.min.time())
    assert member["Klynge"] == world.viborg.name
    registered = sheet.cell(row=2, column=ATTENDANCE_HEADERS.index("Registreret") + 1)
    assert registered.number_format == "dd.mm.yyyy hh:mm"
    assert isinstance(registered.value, datetime)
    # In Danish time, to the minute.
    now = datetime.now(ZoneInfo("Europe/Copenhagen")).replace(tzinfo=None)
    assert abs(registered.value - now) < timedelta(minutes=5)
    meeting_day = sheet.cell(row=2, column=ATTENDANCE_HEADERS.index("Mødedato") + 1)
    assert meeting_day.number_format == "dd.mm.yyyy"


def test_an_export_costs_the_same_statements_for_many_rows(
    client, world, factory, count_statements
):
    meeting = _meeting_with_attendance(client, world)
    url = f"{MEETINGS}/{meeting['id']}/attendance"
    headers = {**world.headers["coordinator"], "Accept": XLSX}
    counts = {}
    for extra in (0, 40):
        for _ in range(extra):
            clinic = factory.clinic(world.viborg)
            doctor = factory.member(clinic).user_id
            db.session.add(
                Attendance(
                    id=uuid.uuid4(),
                    meeting_id=uuid.UUID(meeting["id"]),
                    user_id=doctor,
                    clinic_id=clinic.id,
                    attended=True,
                    registered_by_id=world.people["coordinator"].id,
                    registered_at=datetime.now(UTC),
                )
            )
        db.session.commit()
        db.session.expire_all()
        with count_statements() as attendance:
            response = client.get(url, headers=headers)
        assert response.status_code == 200
        db.session.expire_all()
        with count_statements() as members:
            response = client.get(_members_url(world), headers=headers)
        assert response.status_code == 200
        counts[extra] = (attendance.count, members.count)
    assert counts[0] == counts[40], counts


# --- who may ------------------------------------------------------------------------------


def test_exports_need_a_token(client, world):
    meeting = _meeting_with_attendance(client, world)
    for url in (_members_url(world), f"{MEETINGS}/{meeting['id']}/attendance"):
        assert_problem(client.get(url, headers={"Accept": XLSX}), 401)


@pytest.mark.parametrize("caller", ["midtkraft", "midtkraft_client"])
def test_attendance_export_is_refused_to_those_who_may_not_read_it(client, world, caller):
    meeting = _meeting_with_attendance(client, world)
    url = f"{MEETINGS}/{meeting['id']}/attendance"
    assert_problem(client.get(url, headers={**world.headers[caller], "Accept": XLSX}), 403)


def test_member_export_is_refused_to_a_client_without_the_scope(client, world):
    headers = {**world.headers["plo_client"], "Accept": XLSX}
    assert_problem(client.get(_members_url(world), headers=headers), 403)


def test_another_clusters_lists_are_not_found(client, world):
    meeting = _meeting_with_attendance(client, world)
    headers = {**world.headers["odense_member"], "Accept": XLSX}
    assert_problem(client.get(_members_url(world), headers=headers), 404)
    assert_problem(client.get(f"{MEETINGS}/{meeting['id']}/attendance", headers=headers), 404)
    assert_problem(client.get(f"{MEETINGS}/{uuid.uuid4()}/attendance", headers=headers), 404)


def test_a_member_export_is_no_changes_walk(client, world):
    headers = {**world.headers["coordinator"], "Accept": XLSX}
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    body = assert_problem(
        client.get(_members_url(world), query_string={"updated_since": since}, headers=headers),
        422,
    )
    assert "updated_since" in json.dumps(body["errors"])
    assert_problem(
        client.get(_members_url(world), query_string={"limit": "many"}, headers=headers), 422
    )


def test_file_slug_keeps_danish_letters_readable():
    assert file_slug("Demoklyngen Århus / Ølstykke") == "demoklyngen-aarhus-oelstykke"
    assert file_slug("Æblegården") == "aeblegaarden"
    assert file_slug("???") == "liste"


# --- a year's attendance (PLO's feed) -----------------------------------------------------

FEED = "/api/v1/attendance"
YEAR_HEADERS = [
    "Møde",
    "Mødedato",
    "Varighed (minutter)",
    "Klynge",
    "Region",
    "Navn",
    "Klinik",
    "Ydernummer",
    "Fremmødt",
    "Endelig (mødet er lukket)",
]


def test_a_years_attendance_as_a_workbook_for_people(client, world):
    meeting = _meeting_with_attendance(client, world)
    client.post(f"{MEETINGS}/{meeting['id']}/close", headers=world.headers["coordinator"])
    stored = db.session.get(Meeting, uuid.UUID(meeting["id"]))
    day = stored.starts_at.astimezone(ZoneInfo(stored.time_zone)).date()
    response, sheet = _sheet(client, FEED, world.headers["plo"], year=day.year)
    assert f"fremmoede-{day.year}.xlsx" in response.headers["Content-Disposition"]
    assert sheet.title == f"Fremmøde {day.year}"
    assert [cell.value for cell in sheet[1]] == YEAR_HEADERS
    assert sheet.freeze_panes == "A2"
    rows = {row["Navn"]: row for row in _rows(sheet)}
    member = rows[world.people["member"].name]
    assert member["Møde"] == "Klyngemøde om KOL"
    assert member["Klynge"] == world.viborg.name
    assert member["Region"] == world.viborg.region.name
    assert member["Klinik"] == world.clinic.name
    assert member["Fremmødt"] == "Ja"
    assert rows[world.people["colleague"].name]["Fremmødt"] == "Nej"
    assert member["Endelig (mødet er lukket)"] == "Ja"
    assert member["Mødedato"] == datetime.combine(day, datetime.min.time())
    assert sheet.cell(row=2, column=2).number_format == "dd.mm.yyyy"
    # One cluster's year is named by it; a cancelled meeting's rows do not count.
    response, _ = _sheet(
        client, FEED, world.headers["admin"], year=day.year, cluster_id=str(world.viborg.id)
    )
    slug = file_slug(world.viborg.name)
    assert f"fremmoede-{day.year}-{slug}.xlsx" in response.headers["Content-Disposition"]


def test_a_years_workbook_costs_the_same_statements_for_many_rows(
    client, world, factory, count_statements
):
    meeting = _meeting_with_attendance(client, world)
    headers = {**world.headers["plo_client"], "Accept": XLSX}
    counts = []
    for extra in (0, 30):
        for _ in range(extra):
            clinic = factory.clinic(world.viborg)
            db.session.add(
                Attendance(
                    id=uuid.uuid4(),
                    meeting_id=uuid.UUID(meeting["id"]),
                    user_id=factory.member(clinic).user_id,
                    clinic_id=clinic.id,
                    attended=True,
                    registered_at=datetime.now(UTC),
                )
            )
        db.session.commit()
        db.session.expire_all()
        with count_statements() as counter:
            response = client.get(FEED, headers=headers)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_years_workbook_is_for_plo_and_the_admin(client, world):
    assert_problem(client.get(FEED, headers={"Accept": XLSX}), 401)
    for caller in ("coordinator", "midtkraft"):
        headers = {**world.headers[caller], "Accept": XLSX}
        assert_problem(client.get(FEED, headers=headers), 403)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"cursor": "abc"}, "cursor"),
        ({"updated_since": "2026-01-01T00:00:00Z"}, "updated_since"),
        ({"year": "tyve"}, "year"),
        ({"cluster_id": str(uuid.uuid4())}, "cluster_id"),
    ],
)
def test_a_years_workbook_refuses_a_walk_and_bad_filters(client, world, query, field):
    headers = {**world.headers["plo"], "Accept": XLSX}
    body = assert_problem(client.get(FEED, query_string=query, headers=headers), 422)
    assert field in json.dumps(body["errors"])
