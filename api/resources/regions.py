"""The five Danish regions (reference data)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from api.extensions import Blueprint
from api.models import Region
from api.pagination import paginate
from api.schemas.clusters import RegionSchema
from api.schemas.common import PageArgsSchema, page_schema

URL_PREFIX = "/regions"
blp = Blueprint("regions", __name__, description="The five regions (reference data).")


@blp.route("")
class Regions(MethodView):
    @blp.access("regions.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(RegionSchema))
    @blp.doc(operationId="listRegions")
    def get(self, page_args):
        """List the regions"""
        return paginate(select(Region), page_args, order=(Region.code, Region.id))
