"""Organisations: the five regional quality units, KiAP and PLO (reference data)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select

from api.errors import abort
from api.extensions import Blueprint, db
from api.models import Organisation
from api.pagination import paginate
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.people import OrganisationSchema

URL_PREFIX = "/organisations"
blp = Blueprint(
    "organisations", __name__, description="The quality units, KiAP and PLO (reference data)."
)


@blp.route("")
class Organisations(MethodView):
    @blp.access("organisations.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(OrganisationSchema))
    @blp.doc(operationId="listOrganisations")
    def get(self, page_args):
        """List organisations"""
        return paginate(
            select(Organisation), page_args, order=(Organisation.created_at, Organisation.id)
        )


@blp.route("/<uuid:organisation_id>")
class OrganisationById(MethodView):
    @blp.access("organisations.read")
    @blp.etag
    @blp.response(200, OrganisationSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getOrganisation")
    def get(self, organisation_id: uuid.UUID):
        """Get one organisation"""
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            abort(404, "No such organisation.")
        return organisation
