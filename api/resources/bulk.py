"""Bulk upserts of the registry for scripts and integrators: the yearly provider-number
roster, patient counts as of 1 February, and doctors' memberships."""

from __future__ import annotations

from flask.views import MethodView

from api.batch import BatchReport
from api.errors import abort
from api.extensions import Blueprint, limit_body
from api.idempotency import idempotent
from api.schemas.bulk import BulkArgsSchema, BulkClinicsSchema, BulkMembersSchema
from api.schemas.common import BatchReportSchema
from api.security import require_principal
from api.services import bulk
from api.services.bulk import MAX_ITEMS

URL_PREFIX = "/bulk"
blp = Blueprint(
    "bulk",
    __name__,
    description=(
        f"All-or-nothing upserts of up to {MAX_ITEMS} items, with `dry_run` and a report per "
        "item. A regional unit's client with `clusters:write` reaches its own region."
    ),
)

# MAX_ITEMS rows of a roster or a clinics list, with room; a larger body is refused unread.
limit_body(blp, 8 * 1024 * 1024)


def _answer(report: BatchReport) -> dict:
    """The report; a batch with any error changes nothing and is a problem (422, or 403)."""
    if report.status_code != 200:
        failed = report.summary["error"]
        abort(
            report.status_code,
            f"{failed} of {len(report.items)} items cannot be applied; nothing was written.",
            extra=report.as_dict(),
        )
    return report.as_dict()


@blp.route("/clinics")
class BulkClinics(MethodView):
    @blp.access("registry.bulk_write")
    @idempotent
    @blp.arguments(BulkArgsSchema, location="query")
    @blp.arguments(BulkClinicsSchema)
    @blp.response(200, BatchReportSchema)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.doc(operationId="bulkUpsertClinics")
    def post(self, args, body):
        """Upsert clinics by provider number

        Creates new clinics, updates names and addresses, moves clinics between clusters
        (from today, keeping their history) and records patient counts. Every item is
        checked before anything is written: an item outside your region makes the batch
        403, any other bad item 422, and the problem lists every item's result.
        """
        return _answer(bulk.upsert_clinics(require_principal(), body["items"], args["dry_run"]))


@blp.route("/members")
class BulkMembers(MethodView):
    @blp.access("registry.bulk_write")
    @idempotent
    @blp.arguments(BulkArgsSchema, location="query")
    @blp.arguments(BulkMembersSchema)
    @blp.response(200, BatchReportSchema)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.doc(operationId="bulkUpsertMembers")
    def post(self, args, body):
        """Upsert doctors' memberships by e-mail and provider number

        Makes accounts for new e-mails (without a password), and current memberships at the
        named clinics; updates names, kinds and e-mails. All-or-nothing, like the clinics.
        """
        return _answer(bulk.upsert_members(require_principal(), body["items"], args["dry_run"]))
