"""The economy over HTTP: each cluster's ledger (its year's summary, its entries and the
correcting entry), the yearly rates per patient, and PLO's allocation runs.

Every amount is a whole number of øre. Booked entries never change: there is no PUT or
DELETE of an entry, and a mistake is mended by a correcting entry, so the history is kept.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import url_for
from flask.views import MethodView

from api.core.csv_export import csv_doc, csv_response, wants_csv
from api.core.extensions import Blueprint
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import require_principal
from api.core.shown import Shown
from api.models import AllocationRate, Cluster, LedgerEntry
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.economy import (
    AllocationRateSchema,
    AllocationRateUpdateSchema,
    AllocationReportSchema,
    AllocationRequestSchema,
    AllocationRunArgsSchema,
    LedgerArgsSchema,
    LedgerCorrectionSchema,
    LedgerEntryListArgsSchema,
    LedgerEntrySchema,
    LedgerSummarySchema,
)
from api.services.economy import allocations, ledger, rates
from api.services.economy.access import (
    cluster_ledger_in_reach,
    ledger_entry_in_reach,
    rate_in_reach,
)

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
        and spending per category, all derived from the entries. The entries themselves are
        listed at `…/ledger/entries`.
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
