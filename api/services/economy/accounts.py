"""A cluster's annual accounts (årsregnskab): the year's income, its spending per category,
budget against actual, and the opening and closing balance, as a PDF and a spreadsheet a
treasurer sends to the members, in Danish.

Every figure comes from the ledger's summary (`ledger.ledger_summary`), so the accounts sum
to the øre exactly as the ledger does: the opening balance plus the income less the spending
is the closing balance. Amounts are shown as "1.234,50 kr."; in the spreadsheet they are
numbers in kroner (a `Decimal` of whole øre over 100, never a float computed here) with a
kroner format.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from fpdf import FPDF

from api.core.xlsx_export import file_slug
from api.models import Cluster, LedgerCategory
from api.services.economy.ledger import ledger_summary

PDF = "application/pdf"

CATEGORY_NAMES = {
    LedgerCategory.allocation: "Klyngemidler (tildeling)",
    LedgerCategory.speaker: "Oplægsholdere",
    LedgerCategory.catering: "Forplejning",
    LedgerCategory.room: "Lokaler",
    LedgerCategory.residential_meeting: "Internater",
    LedgerCategory.coaching: "Coaching",
    LedgerCategory.coordinator_pay: "Koordinatorhonorar",
    LedgerCategory.fee: "Honorarer",
    LedgerCategory.carry_over: "Overførsel fra tidligere år",
    LedgerCategory.other: "Andet",
}
# The spreadsheet shows kroner with two decimals; a Danish Excel writes 1.234,50 kr.
KRONER_FORMAT = '#,##0.00 "kr.";-#,##0.00 "kr."'


def kroner(ore: int) -> str:
    """Whole øre as Danish kroner: 123450 gives "1.234,50 kr.", -5 gives "-0,05 kr."."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{sign}{grouped},{cents:02d} kr."


def _in_kroner(ore: int) -> Decimal:
    return Decimal(ore) / Decimal(100)  # exact: whole øre over 100


def annual_accounts(cluster: Cluster, year: int) -> dict[str, Any]:
    """The accounts' figures: the ledger's summary of the year, arranged for people."""
    summary = ledger_summary(cluster, year)
    categories = summary["categories"]
    income = [
        {"category": c["category"], "amount_ore": c["income_ore"]}
        for c in categories
        if c["income_ore"]
    ]
    spending = [
        {"category": c["category"], "amount_ore": -c["spending_ore"]}
        for c in categories
        if c["spending_ore"]
    ]
    budget = [
        {
            "category": c["category"],
            "budget_ore": c["budget_ore"] or 0,
            "actual_ore": c["net_ore"],
            "difference_ore": c["net_ore"] - (c["budget_ore"] or 0),
        }
        for c in categories
        if c["budget_ore"] is not None or c["income_ore"] or c["spending_ore"]
    ]
    return {
        "cluster_id": cluster.id,
        "cluster_name": cluster.name,
        "year": year,
        "opening_balance_ore": summary["opening_balance_ore"],
        "income": income,
        "income_ore": summary["income_ore"],
        "spending": spending,
        # Shown as a positive amount in the accounts: what was spent.
        "spending_ore": -summary["spending_ore"],
        "result_ore": summary["income_ore"] + summary["spending_ore"],
        "closing_balance_ore": summary["closing_balance_ore"],
        "budget": budget,
        "budget_net_ore": sum(line["budget_ore"] for line in budget),
        "actual_net_ore": sum(line["actual_ore"] for line in budget),
    }


def filename(accounts: dict[str, Any], extension: str) -> str:
    slug = file_slug(accounts["cluster_name"])
    return f"aarsregnskab-{slug}-{accounts['year']}.{extension}"


def _title(accounts: dict[str, Any]) -> str:
    return f"Årsregnskab {accounts['year']} for {accounts['cluster_name']}"


def _rows(accounts: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """The accounts as rows of (kind, text, amounts): the one layout both files follow.
    Kinds: `heading`, `line`, `total`, `columns` (a header of three amounts), `budget`."""
    rows: list[tuple[str, str, Any]] = [
        ("total", "Primo saldo (1. januar)", accounts["opening_balance_ore"]),
        ("heading", "Indtægter", None),
    ]
    rows += [("line", CATEGORY_NAMES[i["category"]], i["amount_ore"]) for i in accounts["income"]]
    rows += [("total", "Indtægter i alt", accounts["income_ore"]), ("heading", "Udgifter", None)]
    rows += [("line", CATEGORY_NAMES[s["category"]], s["amount_ore"]) for s in accounts["spending"]]
    rows += [
        ("total", "Udgifter i alt", accounts["spending_ore"]),
        ("total", "Årets resultat", accounts["result_ore"]),
        ("total", "Ultimo saldo (31. december)", accounts["closing_balance_ore"]),
        ("heading", "Budget og regnskab", None),
        ("columns", "Kategori", ("Budget", "Faktisk", "Afvigelse")),
    ]
    rows += [
        (
            "budget",
            CATEGORY_NAMES[b["category"]],
            (b["budget_ore"], b["actual_ore"], b["difference_ore"]),
        )
        for b in accounts["budget"]
    ]
    rows.append(
        (
            "budget",
            "I alt",
            (
                accounts["budget_net_ore"],
                accounts["actual_net_ore"],
                accounts["actual_net_ore"] - accounts["budget_net_ore"],
            ),
        )
    )
    return rows


# --- the PDF ---------------------------------------------------------------------------------


def accounts_pdf(accounts: dict[str, Any], made_on: date) -> bytes:
    """The accounts on A4 in the PDF core font (Helvetica, which has æ, ø and å)."""
    pdf = FPDF(format="A4")
    pdf.set_title(_title(accounts))
    pdf.set_author("Klyngeplatformen")
    # The day it was made, not the instant: the same accounts on a day give the same file.
    pdf.set_creation_date(datetime(made_on.year, made_on.month, made_on.day, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _title(accounts), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(
        0,
        6,
        f"Udskrevet {made_on.strftime('%d.%m.%Y')}. Beløb i kroner og øre.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for kind, text, amounts in _rows(accounts):
        if kind == "heading":
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 12)
            pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("line", "total"):
            pdf.set_font("Helvetica", "B" if kind == "total" else "", 10)
            pdf.cell(120, 6, text)
            pdf.cell(60, 6, kroner(amounts), align="R", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "B" if kind == "columns" or text == "I alt" else "", 10)
            pdf.cell(75, 6, text)
            for amount in amounts:
                shown = amount if kind == "columns" else kroner(amount)
                pdf.cell(35, 6, shown, align="R")
            pdf.ln(6)
    return bytes(pdf.output())


# --- the spreadsheet -------------------------------------------------------------------------


def accounts_xlsx(accounts: dict[str, Any]) -> bytes:
    """The accounts as one sheet: texts in column A, amounts in B (C and D for budget
    against actual), every amount a number in kroner."""
    target = io.BytesIO()
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": _title(accounts), "author": "Klyngeplatformen"})
    sheet = workbook.add_worksheet("Årsregnskab")
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 14})
    money = workbook.add_format({"num_format": KRONER_FORMAT})
    money_bold = workbook.add_format({"num_format": KRONER_FORMAT, "bold": True})
    sheet.write_string(0, 0, _title(accounts), title)
    row = 2
    for kind, text, amounts in _rows(accounts):
        if kind == "heading":
            row += 1
            sheet.write_string(row, 0, text, bold)
        elif kind in ("line", "total"):
            sheet.write_string(row, 0, text, bold if kind == "total" else None)
            sheet.write_number(
                row, 1, _in_kroner(amounts), money_bold if kind == "total" else money
            )
        elif kind == "columns":
            sheet.write_string(row, 0, text, bold)
            for col, header in enumerate(amounts, start=1):
                sheet.write_string(row, col, header, bold)
        else:
            total = text == "I alt"
            sheet.write_string(row, 0, text, bold if total else None)
            for col, amount in enumerate(amounts, start=1):
                sheet.write_number(row, col, _in_kroner(amount), money_bold if total else money)
        row += 1
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 3, 18)
    workbook.close()
    return target.getvalue()
