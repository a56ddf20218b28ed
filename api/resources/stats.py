"""Figures about the clusters, nationally and per region (aggregates only)."""

from __future__ import annotations

from flask.views import MethodView

from api.extensions import Blueprint
from api.schemas.stats import LandscapeArgsSchema, LandscapeSchema
from api.services import registry
from api.services.landscape import compute_landscape

URL_PREFIX = "/stats"
blp = Blueprint("stats", __name__, description="Figures about the clusters (aggregates only).")


@blp.route("/landscape")
class Landscape(MethodView):
    @blp.access("landscape.read")
    @blp.arguments(LandscapeArgsSchema, location="query")
    @blp.response(200, LandscapeSchema)
    @blp.doc(operationId="getLandscape")
    def get(self, args):
        """Get the cluster landscape in figures

        Clusters, clinics and doctors; doctors and patients per cluster (mean, median, 10th
        and 90th percentile, minimum, maximum); and how many clusters have each role. Only
        current rows count: the clinics in a cluster now, the doctors working at them now
        (each person once per cluster), the roles held now, and each clinic's latest patient
        count. With `region`, the figures of that region's clusters; an unknown region is 422.
        """
        region = registry.region_or_422(args["region"]) if args.get("region") else None
        return compute_landscape(region)
