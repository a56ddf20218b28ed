"""The audit log: every write, who made it, through which client, and what changed."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from api.core.extensions import Blueprint
from api.core.pagination import paginate
from api.models import AuditLogEntry
from api.schemas.accounts import AuditEntrySchema, AuditListArgsSchema
from api.schemas.common import page_schema

URL_PREFIX = "/audit-log"
blp = Blueprint("audit", __name__, description="The audit log of every write (platform admin).")


@blp.route("")
class AuditLog(MethodView):
    @blp.access("audit.read")
    @blp.arguments(AuditListArgsSchema, location="query")
    @blp.response(200, page_schema(AuditEntrySchema))
    @blp.doc(operationId="listAuditLog")
    def get(self, args):
        """List audit log entries

        Oldest first. Filter by `entity_type` (a table name such as `users`) and `entity_id`.
        """
        stmt = select(AuditLogEntry)
        if args.get("entity_type"):
            stmt = stmt.where(AuditLogEntry.entity_type == args["entity_type"])
        if args.get("entity_id"):
            stmt = stmt.where(AuditLogEntry.entity_id == args["entity_id"])
        return paginate(stmt, args, order=(AuditLogEntry.occurred_at, AuditLogEntry.id))
