"""A cluster's annual accounts as JSON, PDF and XLSX: in Danish, amounts as "1.234,50 kr.",
income, spending per category, budget against actual, opening and closing balance, all
summing to the øre and equal to the ledger's summary."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from api.models import Cluster, LedgerCategory, LedgerEntryKind
from api.services.economy.accounts import kroner
from tests.problems import assert_problem
from tests.scenarios import ADMIN, build, doctor, machine, staff

YEAR = 2025
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(factory):
    scenario = build(
        factory,
        {
            "member": doctor("viborg"),
            "treasurer": doctor("viborg", role="treasurer"),
            "other_member": doctor("odense"),
            "unit": staff("midtjylland"),
            "plo_reader": machine("plo", "economy:read"),
            "plo_attendance": machine("plo", "attendance:read"),
            "admin": ADMIN,
        },
    )
    viborg = scenario.viborg
    # Before the year: 2.000.000,01 kr. allocated, 12,34 kr. spent.
    factory.ledger_entry(
        viborg,
        200_000_001,
        booked_on=date(YEAR - 1, 3, 1),
        kind=LedgerEntryKind.allocation,
        category=LedgerCategory.allocation,
    )
    factory.ledger_entry(viborg, -1_234, booked_on=date(YEAR - 1, 12, 31))
    # The year: an allocation, a correction up, catering, a speaker and a room.
    factory.ledger_entry(
        viborg,
        17_520_035,
        booked_on=date(YEAR, 1, 1),
        kind=LedgerEntryKind.allocation,
        category=LedgerCategory.allocation,
    )
    factory.ledger_entry(viborg, -123_450, booked_on=date(YEAR, 4, 2))
    factory.ledger_entry(viborg, -98_765, booked_on=date(YEAR, 6, 30))
    factory.ledger_entry(
        viborg, -80_402, booked_on=date(YEAR, 9, 9), category=LedgerCategory.speaker
    )
    factory.ledger_entry(
        viborg, -50_001, booked_on=date(YEAR, 12, 31), category=LedgerCategory.room
    )
    factory.ledger_entry(viborg, -1, booked_on=date(YEAR + 1, 1, 1))  # the next year
    return scenario


def accounts_url(cluster: Cluster, year: int = YEAR) -> str:
    return f"/api/v1/clusters/{cluster.id}/accounts/{year}"


def set_budget(client, world) -> None:
    url = f"/api/v1/clusters/{world.viborg.id}/budgets/{YEAR}"
    etag = client.get(url, headers=world.headers["treasurer"]).headers["ETag"]
    response = client.put(
        url,
        json={
            "lines": [
                {"category": "allocation", "amount_ore": 17_500_000},
                {"category": "catering", "amount_ore": -250_000},
                {"category": "coaching", "amount_ore": -1_000_000},
            ]
        },
        headers={**world.headers["treasurer"], "If-Match": etag},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def ledger(client, world) -> dict:
    return client.get(
        f"/api/v1/clusters/{world.viborg.id}/ledger",
        query_string={"year": YEAR},
        headers=world.headers["member"],
    ).get_json()


def test_the_accounts_sum_to_the_ore_and_equal_the_ledger(client, world):
    set_budget(client, world)
    response = client.get(accounts_url(world.viborg), headers=world.headers["member"])
    assert response.status_code == 200
    accounts = response.get_json()
    summary = ledger(client, world)
    assert accounts["opening_balance_ore"] == summary["opening_balance_ore"] == 200_000_001 - 1_234
    assert accounts["income_ore"] == summary["income_ore"] == 17_520_035
    assert (
        accounts["spending_ore"] == -summary["spending_ore"] == 123_450 + 98_765 + 80_402 + 50_001
    )
    assert accounts["closing_balance_ore"] == summary["closing_balance_ore"]
    assert (
        accounts["opening_balance_ore"] + accounts["income_ore"] - accounts["spending_ore"]
        == accounts["closing_balance_ore"]
    )
    assert accounts["result_ore"] == accounts["income_ore"] - accounts["spending_ore"]
    assert sum(line["amount_ore"] for line in accounts["income"]) == accounts["income_ore"]
    assert sum(line["amount_ore"] for line in accounts["spending"]) == accounts["spending_ore"]
    assert {line["category"]: line["amount_ore"] for line in accounts["spending"]} == {
        "catering": 222_215,
        "speaker": 80_402,
        "room": 50_001,
    }
    budget = {line["category"]: line for line in accounts["budget"]}
    assert set(budget) == {"allocation", "speaker", "catering", "room", "coaching"}
    assert budget["coaching"] == {
        "category": "coaching",
        "budget_ore": -1_000_000,
        "actual_ore": 0,
        "difference_ore": 1_000_000,
    }
    assert budget["catering"]["difference_ore"] == -222_215 + 250_000
    assert accounts["budget_net_ore"] == 17_500_000 - 250_000 - 1_000_000
    assert accounts["actual_net_ore"] == accounts["result_ore"]
    assert all(type(value) is int for key, value in accounts.items() if key.endswith("_ore"))


def test_the_pdf_shows_the_figures_in_danish_kroner(client, world):
    set_budget(client, world)
    accounts = client.get(accounts_url(world.viborg), headers=world.headers["member"]).get_json()
    response = client.get(
        accounts_url(world.viborg), headers={**world.headers["member"], "Accept": PDF}
    )
    assert response.status_code == 200
    assert response.mimetype == PDF
    assert "aarsregnskab-" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith(f'-{YEAR}.pdf"')
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Årsregnskab {YEAR}" in text
    for heading in ("Primo saldo", "Indtægter i alt", "Udgifter i alt", "Ultimo saldo"):
        assert heading in text
    for figure in (
        "1.999.987,67 kr.",  # opening
        "175.200,35 kr.",  # income
        "3.526,18 kr.",  # spending
        "2.171.661,84 kr.",  # closing
        "2.222,15 kr.",  # catering: two entries
        "Forplejning",
        "Oplægsholdere",
        "-10.000,00 kr.",  # the coaching budget
    ):
        assert figure in text, figure
    assert kroner(accounts["closing_balance_ore"]) in text
    assert kroner(accounts["spending_ore"]) in text


def test_the_spreadsheet_holds_the_amounts_as_kroner_numbers(client, world):
    set_budget(client, world)
    accounts = client.get(accounts_url(world.viborg), headers=world.headers["member"]).get_json()
    response = client.get(
        accounts_url(world.viborg), headers={**world.headers["treasurer"], "Accept": XLSX}
    )
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].endswith(f'-{YEAR}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows: dict[str, list] = {}
    for row in sheet.iter_rows():
        if row[0].value:  # a category's spending comes before its budget line: the first
            rows.setdefault(row[0].value, [cell for cell in row[1:] if cell.value is not None])
    budget_rows = {}
    in_budget = False
    for row in sheet.iter_rows():
        in_budget = in_budget or row[0].value == "Budget og regnskab"
        if in_budget and row[0].value:
            budget_rows[row[0].value] = [cell for cell in row[1:] if cell.value is not None]

    def ore(cell) -> int:
        assert isinstance(cell.value, int | float)
        assert "kr." in cell.number_format
        return int((Decimal(str(cell.value)) * 100).to_integral_value())

    assert ore(rows["Primo saldo (1. januar)"][0]) == accounts["opening_balance_ore"]
    assert ore(rows["Indtægter i alt"][0]) == accounts["income_ore"]
    assert ore(rows["Udgifter i alt"][0]) == accounts["spending_ore"]
    assert ore(rows["Årets resultat"][0]) == accounts["result_ore"]
    assert ore(rows["Ultimo saldo (31. december)"][0]) == accounts["closing_balance_ore"]
    assert ore(rows["Forplejning"][0]) == 222_215
    budget, actual, difference = budget_rows["Coaching"]
    assert (ore(budget), ore(actual), ore(difference)) == (-1_000_000, 0, 1_000_000)
    assert [ore(c) for c in budget_rows["Forplejning"]] == [-250_000, -222_215, 27_785]
    assert [ore(c) for c in budget_rows["I alt"]] == [
        accounts["budget_net_ore"],
        accounts["actual_net_ore"],
        accounts["actual_net_ore"] - accounts["budget_net_ore"],
    ]


def test_the_accounts_refuse_whoever_may_not_see_them(client, world):
    url = accounts_url(world.viborg)
    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, headers={"Accept": PDF}), 401)
    for caller in ("unit", "plo_attendance"):
        assert_problem(client.get(url, headers=world.headers[caller]), 403)
    assert_problem(client.get(url, headers=world.headers["other_member"]), 404)
    assert_problem(client.get(accounts_url(world.odense), headers=world.headers["member"]), 404)
    assert_problem(
        client.get(accounts_url(world.viborg, 1999), headers=world.headers["member"]), 404
    )
    for caller in ("plo_reader", "admin", "treasurer"):
        assert client.get(url, headers={**world.headers[caller], "Accept": PDF}).status_code == 200


def test_an_empty_year_gives_zero_accounts(client, world):
    response = client.get(accounts_url(world.viborg, 2030), headers=world.headers["member"])
    accounts = response.get_json()
    assert accounts["income"] == accounts["spending"] == accounts["budget"] == []
    assert accounts["opening_balance_ore"] == accounts["closing_balance_ore"]
    pdf = client.get(
        accounts_url(world.viborg, 2030), headers={**world.headers["member"], "Accept": PDF}
    )
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert kroner(accounts["closing_balance_ore"]) in text
