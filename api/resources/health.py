"""Health: is the API up and can it reach its database. No token needed."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields
from sqlalchemy import text

from api.core.config import VERSION
from api.core.extensions import Blueprint, db
from api.schemas.common import BaseSchema

URL_PREFIX = "/health"
blp = Blueprint("health", __name__, description="Service health for load balancers and monitors.")


class HealthSchema(BaseSchema):
    status = fields.String(required=True, metadata={"description": "`ok` or `degraded`."})
    database = fields.String(required=True, metadata={"description": "`ok` or `unavailable`."})
    version = fields.String(required=True)


@blp.route("")
class Health(MethodView):
    @blp.public()
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database is unreachable.")
    @blp.doc(operationId="getHealth")
    def get(self):
        """Report service health

        `status` is `ok` when the API can query its database.
        """
        try:
            db.session.execute(text("SELECT 1"))
            database = "ok"
        except Exception:  # any failure to reach the database is the answer, not an error
            db.session.rollback()
            database = "unavailable"
        status = "ok" if database == "ok" else "degraded"
        body = {"status": status, "database": database, "version": VERSION}
        return body, (200 if status == "ok" else 503)
