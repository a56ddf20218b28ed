"""The economy over HTTP: each cluster's ledger (its year's summary, its entries and the
correcting entry), the yearly rates per patient, and PLO's allocation runs.

Every amount is a whole number of øre. Booked entries never change: there is no PUT or
DELETE of an entry, and a mistake is mended by a correcting entry, so the history is kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app, jsonify, request, url_for
from flask.views import MethodView

from api.core.batch import batch_answer
from api.core.csv_export import XLSX, csv_doc, csv_response, refuse_cursor, wants_csv
from api.core.downloads import send_content
from api.core.errors import NotFound
from api.core.extensions import Blueprint, db
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import require_principal
from api.core.shown import Shown
from api.models import AllocationRate, Cluster, Expense, FeeProposal, File, LedgerEntry
from api.resources.files import CONTENT_DOC
from api.schemas.common import BatchReportSchema, PageArgsSchema, page_schema
from api.schemas.economy import (
    AllocationRateSchema,
    AllocationRateUpdateSchema,
    AllocationReportSchema,
    AllocationRequestSchema,
    AllocationRunArgsSchema,
    AnnualAccountsSchema,
    BudgetSchema,
    EconomyFeedArgsSchema,
    EconomyFeedEntrySchema,
    ExpenseBatchBookSchema,
    ExpenseBatchPaySchema,
    ExpenseBookSchema,
    ExpenseCommentSchema,
    ExpenseDetailSchema,
    ExpenseListArgsSchema,
    ExpensePaySchema,
    ExpenseQueueArgsSchema,
    ExpenseRejectSchema,
    ExpenseReturnSchema,
    ExpenseSchema,
    ExpenseWriteSchema,
    FeeListArgsSchema,
    FeeProposalSchema,
    FeeRulesSchema,
    LedgerArgsSchema,
    LedgerCorrectionSchema,
    LedgerEntryListArgsSchema,
    LedgerEntrySchema,
    LedgerSummarySchema,
    ReceiptSchema,
    ReceiptUploadSchema,
)
from api.services.economy import accounts, allocations, budgets, expenses, fees, ledger, rates
from api.services.economy import feed as economy_feed
from api.services.economy.access import (
    FIRST_YEAR,
    LAST_YEAR,
    cluster_ledger_in_reach,
    expense_in_reach,
    fee_in_reach,
    ledger_entry_in_reach,
    rate_in_reach,
    receipt_in_reach,
)
from api.services.files import library as files
from api.services.files.uploads import INLINE_TYPES, receive

URL_PREFIX = ""
blp = Blueprint(
    "economy",
    __name__,
    description=(
        "The economy, in whole øre. Every member of a cluster reads its ledger (the "
        "transparency principle), as do PLO, which holds the clusters' funds, and the platform "
        "admin; the quality units see no money. PLO (staff, and clients with `economy:write`) "
        "sets the yearly rates per patient, runs the allocations and books corrections."
    ),
)

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def _today():  # type: ignore[no-untyped-def]
    return datetime.now(DANISH_TIME).date()


# --- the ledger --------------------------------------------------------------------------------


@blp.route("/clusters/<uuid:cluster_id>/ledger")
class ClusterLedger(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.arguments(LedgerArgsSchema, location="query")
    @blp.response(200, LedgerSummarySchema)
    @blp.doc(operationId="getClusterLedger")
    def get(self, args, cluster: Reached[Cluster]):
        """Get a cluster's ledger for a year

        The opening balance (every entry before the year), the year's income and spending,
        the closing balance (the next year's opening balance) and the year's actual income
        and spending per category, all derived from the entries, each beside the category's
        budget for the year (`budget_ore`, null without one) and the difference. The entries
        themselves are listed at `…/ledger/entries`.
        """
        return ledger.ledger_summary(cluster.item, args["year"])


@blp.route("/clusters/<uuid:cluster_id>/ledger/entries")
class ClusterLedgerEntries(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.arguments(LedgerEntryListArgsSchema, location="query")
    @blp.response(200, page_schema(LedgerEntrySchema))
    @blp.doc(operationId="listClusterLedgerEntries", **csv_doc(page_schema(LedgerEntrySchema)))
    def get(self, args, cluster: Reached[Cluster]):
        """List a ledger's entries of a year

        By date booked, then id. With `Accept: text/csv`, every entry of the year as CSV (no
        pages), amounts in whole øre.
        """
        year = args.pop("year")
        stmt = ledger.entries_query(cluster.item, year)
        order = (LedgerEntry.booked_on, LedgerEntry.id)
        if wants_csv():
            return csv_response(LedgerEntrySchema(), stmt.order_by(*order), f"ledger-{year}.csv")
        return paginate(stmt, args, order=order)

    @blp.access("economy.write", on=cluster_ledger_in_reach)
    @idempotent
    @blp.arguments(LedgerCorrectionSchema)
    @blp.response(201, LedgerEntrySchema)
    @blp.doc(operationId="correctClusterLedgerEntry")
    def post(self, data, cluster: Reached[Cluster]):
        """Book a correcting entry

        A booked entry never changes; a mistake is corrected by an entry of kind `correction`
        that names the entry it `corrects`, the difference in øre (`amount_ore`, not 0) and
        the `reason`, so the history is kept. Its category defaults to the corrected entry's,
        its date to today. An entry not of this ledger is a 422 `unknown_ledger_entry`.
        """
        entry = ledger.book_correction(cluster.item, require_principal(), data, _today())
        location = url_for(
            "economy.ClusterLedgerEntryById", cluster_id=cluster.item.id, entry_id=entry.id
        )
        return entry, 201, {"Location": location}


@blp.route("/clusters/<uuid:cluster_id>/ledger/entries/<uuid:entry_id>")
class ClusterLedgerEntryById(MethodView):
    @blp.access("economy.read", on=ledger_entry_in_reach)
    @blp.response(200, LedgerEntrySchema)
    @blp.doc(operationId="getClusterLedgerEntry")
    def get(self, entry: Reached[LedgerEntry]):
        """Get a ledger entry"""
        return entry.item


# --- rates -----------------------------------------------------------------------------------


def _rate(rate: AllocationRate) -> Shown:
    blp.set_etag(rates.version_etag(rate))
    return Shown(rate, in_use=rates.rate_in_use(rate.year))


@blp.route("/economy/rates")
class AllocationRates(MethodView):
    @blp.access("economy.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(AllocationRateSchema))
    @blp.doc(operationId="listAllocationRates")
    def get(self, args):
        """List the yearly rates per patient

        By year. A year's allocation is its rate times the patients listed on 1 February.
        """
        page = paginate(rates.rates_query(), args, order=(AllocationRate.year, AllocationRate.id))
        used = rates.years_in_use()
        page["items"] = [Shown(rate, in_use=rate.year in used) for rate in page["items"]]
        return page

    @blp.access("economy.write")
    @idempotent
    @blp.etag
    @blp.arguments(AllocationRateSchema)
    @blp.response(201, AllocationRateSchema)
    @blp.doc(operationId="createAllocationRate")
    def post(self, data):
        """Set a year's rate

        In øre per patient. A year that has a rate already is a 409 `rate_exists`: change it
        with `PUT` (while no allocation has used it).
        """
        rate = rates.create_rate(data)
        location = url_for("economy.AllocationRateByYear", year=rate.year)
        return _rate(rate), 201, {"Location": location}


@blp.route("/economy/rates/<int:year>")
class AllocationRateByYear(MethodView):
    @blp.access("economy.read", on=rate_in_reach)
    @blp.etag
    @blp.response(200, AllocationRateSchema)
    @blp.doc(operationId="getAllocationRate")
    def get(self, rate: Reached[AllocationRate]):
        """Get a year's rate"""
        return _rate(rate.item)

    @blp.access("economy.write", on=rate_in_reach)
    @blp.etag
    @blp.arguments(AllocationRateUpdateSchema)
    @blp.response(200, AllocationRateSchema)
    @blp.doc(operationId="updateAllocationRate")
    def put(self, data, rate: Reached[AllocationRate]):
        """Change a year's rate

        Requires `If-Match`. A rate an allocation has been run with cannot change: 409
        `rate_in_use` (a changed allocation is booked by running it again).
        """
        blp.check_etag(rates.version_etag(rate.item))
        return _rate(rates.update_rate(rate.item, data))


# --- allocations ---------------------------------------------------------------------------


@blp.route("/economy/allocations")
class Allocations(MethodView):
    @blp.access("economy.write")
    @idempotent
    @blp.arguments(AllocationRunArgsSchema, location="query")
    @blp.arguments(AllocationRequestSchema)
    @blp.response(200, AllocationReportSchema)
    @blp.doc(operationId="runAllocation")
    def post(self, args, data):
        """Run a year's allocation

        For every cluster, or `cluster_id`: the year's rate times the patients listed with the
        clinics that were in the cluster on 1 February (the registry's counts of that day),
        booked in the cluster's ledger and reported per cluster. Running it again books
        nothing new (`unchanged`); where a count has changed since, it books a correcting
        entry with the difference (`corrected`), never a second allocation. Clinics without
        a count on 1 February are listed in `warnings`. A year without a rate is a 422
        `no_rate_for_year`. `dry_run=true` reports and books nothing. A run is a batch, so
        the answer is its report (200) rather than one `Location`.
        """
        return allocations.run_allocation(
            require_principal(), data, dry_run=args["dry_run"], today=_today()
        )


# --- fees from attendance ------------------------------------------------------------------


def _fee_rules(rules):  # type: ignore[no-untyped-def]
    blp.set_etag(fees.rules_etag(rules))
    return rules


@blp.route("/clusters/<uuid:cluster_id>/fee-rules")
class ClusterFeeRules(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.etag
    @blp.response(200, FeeRulesSchema)
    @blp.doc(operationId="getClusterFeeRules")
    def get(self, cluster: Reached[Cluster]):
        """Get a cluster's fee rules

        The coordinator's fee per held meeting and a guest speaker's rate per hour, in øre.
        A cluster that never set them has the defaults (`version` 0): no coordinator's fee
        and the consultant rate, 107202 øre (1.072,02 kr.) an hour.
        """
        return _fee_rules(fees.rules_of(cluster.item.id))

    @blp.access("economy.manage", on=cluster_ledger_in_reach)
    @blp.etag
    @blp.arguments(FeeRulesSchema)
    @blp.response(200, FeeRulesSchema)
    @blp.doc(operationId="updateClusterFeeRules")
    def put(self, data, cluster: Reached[Cluster]):
        """Set a cluster's fee rules

        Requires `If-Match`. The rules give the fees of meetings closed from now on, and of
        those whose attendance is corrected after; fees proposed already keep their amounts
        until then.
        """
        rules = fees.rules_of(cluster.item.id)
        blp.check_etag(fees.rules_etag(rules))
        return _fee_rules(fees.update_rules(rules, data))


@blp.route("/clusters/<uuid:cluster_id>/fees")
class ClusterFees(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.arguments(FeeListArgsSchema, location="query")
    @blp.response(200, page_schema(FeeProposalSchema))
    @blp.doc(operationId="listClusterFees")
    def get(self, args, cluster: Reached[Cluster]):
        """List a cluster's fees

        The fees its closed meetings propose, by when proposed: the coordinator's fee per
        held meeting they attended, and each guest speaker's minutes at the rate per hour.
        Proposed, then confirmed by the treasurer or coordinator, then booked by PLO. A
        correction of attendance after closing updates those not booked.
        """
        stmt = fees.fees_query(cluster.item.id, args)
        return paginate(stmt, args, order=(FeeProposal.created_at, FeeProposal.id))


@blp.route("/fees/<uuid:fee_id>")
class FeeById(MethodView):
    @blp.access("economy.read", on=fee_in_reach)
    @blp.response(200, FeeProposalSchema)
    @blp.doc(operationId="getFee")
    def get(self, fee: Reached[FeeProposal]):
        """Get a fee"""
        return fee.item


@blp.route("/fees/<uuid:fee_id>/confirm")
class FeeConfirm(MethodView):
    @blp.access("economy.manage", on=fee_in_reach)
    @idempotent
    @blp.response(200, FeeProposalSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="confirmFee")
    def post(self, fee: Reached[FeeProposal]):
        """Confirm a proposed fee

        An action (200), by the cluster's treasurer or coordinator (or PLO). Only a
        `proposed` fee: otherwise a 409 `fee_not_proposed`.
        """
        return fees.confirm_fee(fee.item, require_principal())


@blp.route("/fees/<uuid:fee_id>/book")
class FeeBook(MethodView):
    @blp.access("economy.write", on=fee_in_reach)
    @idempotent
    @blp.response(200, FeeProposalSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="bookFee")
    def post(self, fee: Reached[FeeProposal]):
        """Book a confirmed fee

        An action (200), by PLO: a ledger entry of kind `fee`, the amount negative (it is
        spent), category `coordinator_pay` or `speaker`, linked to the meeting and to the
        fee (`source_kind` `fee_proposal`). Only a `confirmed` fee: otherwise a 409
        `fee_not_confirmed`. A booked fee never changes.
        """
        return fees.book_fee(fee.item, require_principal(), _today())


# --- budgets -------------------------------------------------------------------------------


def _budget_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("No such year.")


def _budget(shown: dict) -> dict:
    blp.set_etag(budgets.budget_etag(shown))
    return shown


@blp.route("/clusters/<uuid:cluster_id>/budgets/<int:year>")
class ClusterBudget(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.etag
    @blp.response(200, BudgetSchema)
    @blp.doc(operationId="getClusterBudget")
    def get(self, cluster: Reached[Cluster], year: int):
        """Get a cluster's budget of a year

        A line per category in øre, with the ledger's signs (income positive, spending
        negative); no lines when none is set. Every member reads it; the ledger's summary
        shows it beside the actual figures.
        """
        _budget_year(year)
        return _budget(budgets.budget(cluster.item, year))

    @blp.access("economy.manage", on=cluster_ledger_in_reach)
    @blp.etag
    @blp.arguments(BudgetSchema)
    @blp.response(200, BudgetSchema)
    @blp.doc(operationId="replaceClusterBudget")
    def put(self, data, cluster: Reached[Cluster], year: int):
        """Set a cluster's budget of a year

        By the treasurer or the coordinator (or PLO), in January before the general
        assembly. Requires `If-Match`; the lines replace the year's lines as a whole. A
        category named twice is a 422 `named_twice`.
        """
        _budget_year(year)
        blp.check_etag(budgets.budget_etag(budgets.budget(cluster.item, year)))
        return _budget(budgets.replace_budget(cluster.item, year, data["lines"]))


# --- annual accounts -----------------------------------------------------------------------

ACCOUNTS_DOC = {
    "responses": {
        "200": {
            "description": (
                "The accounts' figures as JSON; with `Accept: application/pdf` the accounts "
                f"as a PDF, with `Accept: {XLSX}` as an Excel workbook (its name in "
                "`Content-Disposition`)."
            ),
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/AnnualAccounts"}},
                accounts.PDF: {
                    "schema": {"type": "string", "format": "binary", "description": "A PDF."}
                },
                XLSX: {
                    "schema": {
                        "type": "string",
                        "format": "binary",
                        "description": "An Excel workbook.",
                    }
                },
            },
        }
    }
}


def _download(content: bytes, mimetype: str, name: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@blp.route("/clusters/<uuid:cluster_id>/accounts/<int:year>")
class ClusterAccounts(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.response(200, AnnualAccountsSchema)
    @blp.doc(operationId="getClusterAccounts", **ACCOUNTS_DOC)
    def get(self, cluster: Reached[Cluster], year: int):
        """Get a cluster's annual accounts

        In Danish, for the members: the opening balance, the income, the spending per
        category, the year's result, the closing balance, and budget against actual, all
        from the ledger, so they sum to the øre. As JSON, as a PDF (`Accept:
        application/pdf`) or as an Excel workbook (`Accept:
        application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, amounts as
        numbers in kroner), named `aarsregnskab-<cluster>-<year>.pdf`/`.xlsx`.
        """
        _budget_year(year)
        figures = accounts.annual_accounts(cluster.item, year)
        wanted = request.accept_mimetypes.best_match(["application/json", accounts.PDF, XLSX])
        if wanted == accounts.PDF:
            pdf = accounts.accounts_pdf(figures, _today())
            return _download(pdf, accounts.PDF, accounts.filename(figures, "pdf"))
        if wanted == XLSX:
            xlsx = accounts.accounts_xlsx(figures)
            return _download(xlsx, XLSX, accounts.filename(figures, "xlsx"))
        return figures


# --- expenses ----------------------------------------------------------------------------------


def _expense(reached: Reached[Expense], status: int = 200, headers: Any = None) -> Any:
    """The expense's page, with its ETag, as the caller may see it."""
    blp.set_etag(expenses.version_etag(reached.item))
    shown = expenses.detail(require_principal(), reached.item, reached.standing)
    if headers is not None:
        return shown, status, headers
    return shown


def _found_again(expense: Expense) -> Reached[Expense]:
    """The caller's standing on an expense they just made."""
    return expense_in_reach(require_principal(), expense_id=expense.id)


@blp.route("/clusters/<uuid:cluster_id>/expenses")
class ClusterExpenses(MethodView):
    @blp.access("economy.read", on=cluster_ledger_in_reach)
    @blp.arguments(ExpenseListArgsSchema, location="query")
    @blp.response(200, page_schema(ExpenseSchema))
    @blp.doc(operationId="listClusterExpenses", **csv_doc(page_schema(ExpenseSchema)))
    def get(self, args, cluster: Reached[Cluster]):
        """List a cluster's expenses

        Every member reads them (the transparency principle), without bank details and
        receipts. The newest first: by the time claimed, then id, both descending (a
        cluster claims for years, and its members look for the latest). Filter by `state`
        and `year` (claimed in that Danish year). With `Accept: text/csv`, every expense as
        CSV (no pages), totals in whole øre.
        """
        filters = {"state": args.pop("state", None), "year": args.pop("year", None)}
        stmt = expenses.expenses_query(cluster.item, filters)
        order = (Expense.created_at.desc(), Expense.id.desc())
        if wants_csv():
            return csv_response(ExpenseSchema(), stmt.order_by(*order), "expenses.csv")
        return paginate(stmt, args, order=order)

    @blp.access("expenses.claim", on=cluster_ledger_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpenseWriteSchema)
    @blp.response(201, ExpenseDetailSchema)
    @blp.doc(operationId="createExpense")
    def post(self, data, cluster: Reached[Cluster]):
        """Claim an expense

        A draft, claimed by the caller (one of the cluster's own people). Add its receipts
        at `…/receipts`, then submit it. `meeting_id` must be a meeting of the cluster (422
        `unknown_meeting_of_cluster`).
        """
        expense = expenses.create_expense(cluster.item, require_principal(), data)
        location = url_for("economy.ExpenseById", expense_id=expense.id)
        return _expense(_found_again(expense), 201, {"Location": location})


@blp.route("/expenses/<uuid:expense_id>")
class ExpenseById(MethodView):
    @blp.access("economy.read", on=expense_in_reach)
    @blp.etag
    @blp.response(200, ExpenseDetailSchema)
    @blp.doc(operationId="getExpense")
    def get(self, expense: Reached[Expense]):
        """Get an expense

        With its lines, the number of receipts and its history (every step, by whom, with
        their name, and with what comment). `bank_account` is null unless you are its
        claimant, the cluster's treasurer or coordinator, or PLO
        (`my_permissions.read_private`).
        """
        return _expense(expense)

    @blp.access("expenses.claim", on=expense_in_reach)
    @blp.etag
    @blp.arguments(ExpenseWriteSchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateExpense")
    def put(self, data, expense: Reached[Expense]):
        """Change a draft expense

        By its claimant, the whole of it (its lines replaced). Requires `If-Match`. Only a
        draft changes (409 `expense_not_draft`).
        """
        blp.check_etag(expenses.version_etag(expense.item))
        expenses.update_expense(expense.item, data)
        return _expense(expense)

    @blp.access("expenses.claim", on=expense_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteExpense")
    def delete(self, expense: Reached[Expense]):
        """Delete a draft expense

        By its claimant, with its receipts. Requires `If-Match`. Only a draft is deleted
        (409 `expense_not_draft`).
        """
        blp.check_etag(expenses.version_etag(expense.item))
        expenses.delete_expense(expense.item)


# --- an expense's receipts ---------------------------------------------------------------------


@blp.route("/expenses/<uuid:expense_id>/receipts")
class ExpenseReceipts(MethodView):
    @blp.access("expenses.read_private", on=expense_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ReceiptSchema))
    @blp.doc(operationId="listExpenseReceipts")
    def get(self, args, expense: Reached[Expense]):
        """List an expense's receipts

        For its claimant, the cluster's treasurer and coordinator, and PLO;
        other members get 403. By name.
        """
        stmt = expenses.receipts_query(expense.item)
        return paginate(stmt, args, order=(File.name, File.id))

    @blp.access("expenses.claim", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ReceiptUploadSchema, location="multipart")
    @blp.response(201, ReceiptSchema)
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.doc(operationId="uploadExpenseReceipt")
    def post(self, data, expense: Reached[Expense]):
        """Add a receipt to a draft expense

        By its claimant, while it is a draft (409 `expense_not_draft`). The body is
        `multipart/form-data` with the receipt in the part `file`: a PDF or a photo (JPEG,
        HEIC, PNG or WebP), its type read from the content; anything else is a 422
        `receipt_type_not_allowed` (or `file_type_not_allowed`), an empty file a 422, a
        file larger than the limit (25 MB by default) a 413. The same content is stored
        once; a name taken on the expense gets a number.
        """
        config = current_app.config
        upload = data["file"]
        with receive(
            upload.stream,
            upload.filename or "",
            config["FILE_MAX_BYTES"],
            config["FILE_UPLOAD_TEMP_DIR"],
        ) as received:
            receipt = expenses.add_receipt(expense.item, require_principal(), received)
        blp.set_etag(files.version_etag(receipt))
        location = url_for(
            "economy.ExpenseReceiptById", expense_id=expense.item.id, receipt_id=receipt.id
        )
        return receipt, 201, {"Location": location}


RECEIPT_DOC = {
    "parameters": [
        parameter for parameter in CONTENT_DOC["parameters"] if parameter["name"] != "inline"
    ],
    "responses": CONTENT_DOC["responses"],
}


@blp.route("/expenses/<uuid:expense_id>/receipts/<uuid:receipt_id>")
class ExpenseReceiptById(MethodView):
    @blp.access("expenses.read_private", on=receipt_in_reach)
    @blp.response(200)
    @blp.alt_response(416, response="REQUESTED_RANGE_NOT_SATISFIABLE")
    @blp.doc(operationId="downloadExpenseReceipt", **RECEIPT_DOC)
    def get(self, receipt: Reached[File]):
        """Get a receipt's content

        Shown in the browser (`Content-Disposition: inline`) when it is a PDF or an image
        a browser shows safely, so the approver sees it at once; a download otherwise
        (HEIC). Ranges and `If-None-Match` as for every file. For those who see receipts
        (403 for other members).
        """
        item = receipt.item
        inline = item.media_type in INLINE_TYPES
        return send_content(item.sha256, item.size, item.media_type, item.name, inline=inline)

    @blp.access("expenses.claim", on=receipt_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteExpenseReceipt")
    def delete(self, receipt: Reached[File]):
        """Remove a receipt from a draft expense

        By the claimant, while it is a draft (409 `expense_not_draft`). Requires `If-Match`
        with the expense's ETag (its `GET`): a receipt is a part of its expense, and adding
        or removing one changes the expense's version, so a removal never acts on an expense
        changed meanwhile (412).
        """
        expense = db.session.get(Expense, receipt.item.expense_id)  # found with the receipt
        assert expense is not None
        blp.check_etag(expenses.version_etag(expense))
        expenses.delete_receipt(expense, receipt.item)


# --- an expense's steps --------------------------------------------------------------------------


@blp.route("/expenses/<uuid:expense_id>/submit")
class ExpenseSubmit(MethodView):
    @blp.access("expenses.claim", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="submitExpense")
    def post(self, expense: Reached[Expense]):
        """Submit a draft expense for approval

        By its claimant. It needs a line (409 `expense_lines_required`), bank details (409
        `bank_account_required`) and a receipt (409 `receipts_required`); only a draft is
        submitted (409 `expense_not_draft`).
        """
        expenses.submit(expense.item, require_principal())
        return _expense(expense)


@blp.route("/expenses/<uuid:expense_id>/approve")
class ExpenseApprove(MethodView):
    @blp.access("expenses.approve", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpenseCommentSchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="approveExpense")
    def post(self, data, expense: Reached[Expense]):
        """Approve a submitted expense

        By the cluster's treasurer or coordinator; never by its claimant
        (403 `own_expense`). Only a submitted expense (409 `expense_not_submitted`). PLO
        then books and pays it.
        """
        expenses.approve(expense.item, require_principal(), data.get("comment"))
        return _expense(expense)


@blp.route("/expenses/<uuid:expense_id>/reject")
class ExpenseReject(MethodView):
    @blp.access("expenses.approve", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpenseRejectSchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="rejectExpense")
    def post(self, data, expense: Reached[Expense]):
        """Reject a submitted expense

        With a `reason`; final. As approving: never one's own (403 `own_expense`), only a
        submitted expense (409 `expense_not_submitted`).
        """
        expenses.reject(expense.item, require_principal(), data["reason"])
        return _expense(expense)


@blp.route("/expenses/<uuid:expense_id>/return")
class ExpenseReturn(MethodView):
    @blp.access("expenses.approve", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpenseReturnSchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="returnExpense")
    def post(self, data, expense: Reached[Expense]):
        """Return a submitted expense to its claimant

        Incomplete: it goes back to draft, with a `comment` on what is missing (in its
        history), for the claimant to change and submit again. As approving: never one's
        own (403 `own_expense`), only a submitted expense (409 `expense_not_submitted`).
        """
        expenses.return_to_claimant(expense.item, require_principal(), data["comment"])
        return _expense(expense)


@blp.route("/expenses/<uuid:expense_id>/book")
class ExpenseBook(MethodView):
    @blp.access("economy.write", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpenseBookSchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="bookExpense")
    def post(self, data, expense: Reached[Expense]):
        """Book an approved expense

        By PLO (staff, or a client with `economy:write`): its one ledger entry, of kind
        `expense`, the total as spending (negative), in its category, linked to the expense
        (`source_kind` "expense") and its meeting, booked on `booked_on` (today if left
        out). Only an approved expense (409 `expense_not_approved`).
        """
        expenses.book(expense.item, require_principal(), data.get("booked_on") or _today())
        return _expense(expense)


@blp.route("/expenses/<uuid:expense_id>/pay")
class ExpensePay(MethodView):
    @blp.access("economy.write", on=expense_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ExpensePaySchema)
    @blp.response(200, ExpenseDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="payExpense")
    def post(self, data, expense: Reached[Expense]):
        """Record a booked expense as paid

        By PLO, on `paid_on` (today if left out). Only a booked expense (409
        `expense_not_booked`).
        """
        expenses.pay(expense.item, require_principal(), data.get("paid_on") or _today())
        return _expense(expense)


# --- PLO's queue and batches -------------------------------------------------------------------


@blp.route("/economy/expenses")
class ExpenseQueue(MethodView):
    @blp.access("expenses.queue")
    @blp.arguments(ExpenseQueueArgsSchema, location="query")
    @blp.response(200, page_schema(ExpenseSchema))
    @blp.doc(operationId="listExpenseQueue", **csv_doc(page_schema(ExpenseSchema)))
    def get(self, args):
        """List the expenses of every cluster

        PLO's queue: `state=approved` lists those waiting to be booked, `state=booked`
        those waiting to be paid. Filter by `cluster_id` and `year` too. By last change,
        then id. With `Accept: text/csv`, every expense as CSV (no pages).
        """
        filters = {key: args.pop(key, None) for key in ("state", "year", "cluster_id")}
        stmt = expenses.queue_query(filters)
        order = (Expense.updated_at, Expense.id)
        if wants_csv():
            return csv_response(ExpenseSchema(), stmt.order_by(*order), "expenses.csv")
        return paginate(stmt, args, order=order)


# --- PLO's entries feed --------------------------------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

ENTRIES_FEED_DESCRIPTION = """\
What PLO's economy module books and pays from, in every cluster: the ledgers' entries and the
expenses PLO pays. Each row has a `type`:

- `ledger_entry`: a booked entry of a cluster's ledger (an allocation, an expense, a fee, a
  correction, a carry-over). Entries are immutable: each comes once, and never as a tombstone
  (a mistake is corrected by a new correcting entry, which comes as a new row).
- `expense`: an expense from its submission on, with its current `state` (`submitted`,
  `approved`, `booked`, `paid`), its total, claimant, bank details, and when it was submitted,
  approved, booked (`booked_on`, with its `ledger_entry_id`) and paid (`paid_on`). It comes
  again on every change of state. It becomes a tombstone when it leaves PLO's concern: when it
  is returned to its claimant (a draft again; it comes back when submitted anew), rejected,
  or deleted. A draft never submitted is not in the feed.

The two types share one flat shape: `id`, `type`, `cluster_id`, `category`, `meeting_id`,
`updated_at`, `deleted`, then each type's fields, null in the other type's rows.

Like the attendance feed, this is always a changes walk (rows in `(updated_at, id)` order,
with tombstones); without `updated_since` it starts at the beginning.

**Keeping a copy in step.**

1. First a full walk: `GET /api/v1/economy/entries?limit=200`. Apply each page in order:
   insert or replace every row with `deleted: false` by its `id`; remove the `id` of every
   tombstone (`{"id": ..., "deleted": true, "updated_at": ...}`; one you never had needs
   nothing).
2. After applying a page, store its `next_cursor` and ask for the next page with it (and the
   same filters; the `Link` header carries them). `next_cursor` is never null: a page with
   `has_more: false` (and no `Link` header) means you have caught up.
3. Poll later with the stored cursor: you get exactly the rows that changed since, such as
   new entries and expenses approved, booked or paid since. Book and pay them with
   `POST /api/v1/economy/expenses/book` and `…/pay`, with an `Idempotency-Key`.

A change joins the walk a minute after it is made (the settle delay), so that no cursor passes
a change still being written. Filters select rows by what they show now: `cluster_id`, `year`
(a ledger entry's booking date, an expense's submission in Danish time), `type` and `kind`
(ledger entries of that kind only). A deleted expense's tombstone comes in every walk that may
hold expenses, whatever its cluster and year.

**A year's export.** With `Accept: text/csv` the same rows (the same filters, tombstones
included, in the same order, from `updated_since` if given) stream as CSV in one response, its
columns the JSON field names: `GET /api/v1/economy/entries?year=2025&type=ledger_entry`. The CSV
is a snapshot, not a walk: it takes no `cursor`, and it has no settle delay."""

ENTRIES_FEED_PAGE = page_schema(EconomyFeedEntrySchema, changes=True)


@blp.route("/economy/entries")
class EconomyEntriesFeed(MethodView):
    @blp.access("expenses.queue")
    @blp.arguments(EconomyFeedArgsSchema, location="query")
    @blp.response(200, ENTRIES_FEED_PAGE)
    @blp.doc(
        operationId="listEconomyEntries",
        description=ENTRIES_FEED_DESCRIPTION,
        **csv_doc(ENTRIES_FEED_PAGE),
    )
    def get(self, args):
        """PLO's economy entries feed"""
        stmt = economy_feed.feed_query(args)
        order = economy_feed.feed_order(stmt)
        if wants_csv():
            refuse_cursor(args)
            if args.get("updated_since") is not None:
                stmt = stmt.where(order[0] >= args["updated_since"])
            return csv_response(
                EconomyFeedEntrySchema(),
                stmt.order_by(*order),
                "economy-entries.csv",
                dumped_view=economy_feed.view,
            )
        if not args.get("cursor"):
            args["updated_since"] = args.get("updated_since") or EPOCH
        page = paginate(stmt, args, order=order, view=economy_feed.view, changes=True)
        # The items are already in their JSON form (see `economy_feed.view`).
        return jsonify(page)


@blp.route("/economy/expenses/book")
class ExpenseBatchBook(MethodView):
    @blp.access("economy.write")
    @idempotent
    @blp.arguments(ExpenseBatchBookSchema)
    @blp.response(200, BatchReportSchema)
    @blp.doc(operationId="bookExpenses")
    def post(self, data):
        """Book approved expenses in a batch

        Of any clusters, each with its ledger entry as `…/book` makes it, on `booked_on`
        (today if left out). All or nothing: an expense that does not exist or is not
        approved makes the batch a 422 that writes nothing, its report naming each item's
        trouble (`unknown_expense`, `expense_not_in_state`, `duplicate_in_batch`). Send an
        `Idempotency-Key`: a retry replays the first answer.
        """
        booked_on = data.get("booked_on") or _today()
        return batch_answer(
            expenses.book_batch(require_principal(), data["expense_ids"], booked_on), "expenses"
        )


@blp.route("/economy/expenses/pay")
class ExpenseBatchPay(MethodView):
    @blp.access("economy.write")
    @idempotent
    @blp.arguments(ExpenseBatchPaySchema)
    @blp.response(200, BatchReportSchema)
    @blp.doc(operationId="payExpenses")
    def post(self, data):
        """Record booked expenses as paid in a batch

        Of any clusters, on `paid_on` (today if left out). All or nothing, with a report per
        item, as booking. Send an `Idempotency-Key`: a retry replays the first answer.
        """
        paid_on = data.get("paid_on") or _today()
        return batch_answer(
            expenses.pay_batch(require_principal(), data["expense_ids"], paid_on), "expenses"
        )
