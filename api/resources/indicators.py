"""Indicators and data views over HTTP: the quality units' indicator sets and uploads of their
values, each cluster's data view of a set, and its decisions on open or closed data.

The cluster's decision is enforced here, in the API: for a closed period the data view names
no other clinic, by name, provider number or id.
"""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from api.core.batch import batch_answer
from api.core.csv_export import csv_doc, csv_response, wants_csv
from api.core.extensions import Blueprint, limit_body
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import require_principal
from api.core.shown import Shown
from api.models import Cluster, DataDecision, IndicatorSet
from api.schemas.common import BatchReportSchema, PageArgsSchema, page_schema
from api.schemas.indicators import (
    DataDecisionSchema,
    DataViewSchema,
    IndicatorSetSchema,
    IndicatorSetSummarySchema,
    IndicatorValueListArgsSchema,
    IndicatorValuesArgsSchema,
    IndicatorValueSchema,
    IndicatorValuesSchema,
)
from api.services.indicators import decisions, sets, values, views
from api.services.indicators.access import (
    DataView,
    data_decision_in_reach,
    data_view_in_reach,
    indicator_set_in_reach,
)
from api.services.registry.access import cluster_in_reach
from api.services.registry.changes import today

URL_PREFIX = ""
blp = Blueprint(
    "indicators",
    __name__,
    description=(
        "Indicator sets of the quality units (KiAP and the regional units), with values per "
        "clinic and period; each cluster's data view of a set, and the cluster's decisions on "
        "open or closed data. A unit writes only its own sets (staff, and clients with "
        "`indicators:write`), and alone reads back their values per clinic. A cluster's own "
        "people see their clinic, the cluster's and the nation's averages, and the other "
        "clinics by name only for a period the cluster opened."
    ),
)

# A national upload (every clinic, a few indicators and periods) as JSON or CSV, with room.
limit_body(blp, 8 * 1024 * 1024)

CSV_BODY = {
    "requestBody": {
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "provider_number,indicator,period,value\n123456,uvi,2024,41.5\n",
            }
        }
    }
}


# --- indicator sets ----------------------------------------------------------------------------


@blp.route("/indicator-sets")
class IndicatorSets(MethodView):
    @blp.access("indicators.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(IndicatorSetSummarySchema))
    @blp.doc(operationId="listIndicatorSets")
    def get(self, args):
        """List the indicator sets

        By name, then id. The values per clinic are not here: a cluster's own people see them
        in their cluster's data view.
        """
        return paginate(sets.sets_query(), args, order=(IndicatorSet.name, IndicatorSet.id))

    @blp.access("indicators.write")
    @idempotent
    @blp.arguments(IndicatorSetSchema)
    @blp.response(201, IndicatorSetSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createIndicatorSet")
    def post(self, data):
        """Publish an indicator set

        With its indicators (`code`, name, unit, which way is better) and periods (`label`,
        dates). It belongs to `organisation_id`, a quality unit of the caller's (left out:
        the caller's only unit); another unit's is 403. A name the unit uses already is 409
        `name_taken`. Upload its values at `…/values`.
        """
        indicator_set = sets.create_set(require_principal(), data)
        location = url_for("indicators.IndicatorSetById", indicator_set_id=indicator_set.id)
        return indicator_set, 201, {"Location": location}


@blp.route("/indicator-sets/<uuid:indicator_set_id>")
class IndicatorSetById(MethodView):
    @blp.access("indicators.read", on=indicator_set_in_reach)
    @blp.response(200, IndicatorSetSchema)
    @blp.doc(operationId="getIndicatorSet")
    def get(self, indicator_set: Reached[IndicatorSet]):
        """Get an indicator set, with its indicators and periods"""
        return indicator_set.item


@blp.route("/indicator-sets/<uuid:indicator_set_id>/values")
class IndicatorSetValues(MethodView):
    @blp.access("indicators.read_values", on=indicator_set_in_reach)
    @blp.arguments(IndicatorValueListArgsSchema, location="query")
    @blp.response(200, page_schema(IndicatorValueSchema))
    @blp.doc(operationId="listIndicatorValues", **csv_doc(page_schema(IndicatorValueSchema)))
    def get(self, args, indicator_set: Reached[IndicatorSet]):
        """List the values stored in an indicator set

        For the unit that writes the set (its staff, and its clients with
        `indicators:write`), to check an upload: each value named as in an upload
        (`provider_number`, `indicator`, `period`), with the clinic's id and name and when it
        was stored or last changed. By provider number, then the set's order of indicators
        and periods. Filter by `indicator` (a code), `period` (a label) and
        `provider_number`; an indicator or period the set does not have is 422
        (`unknown_indicator`, `unknown_period`). Nobody else reads the values per clinic:
        a cluster's own people see them only in their cluster's data view. With `Accept:
        text/csv`, every value (the same filters, no pages) as CSV.
        """
        filters = {
            name: args.pop(name, None) for name in ("indicator", "period", "provider_number")
        }
        stmt = values.values_query(indicator_set.item, filters)
        if wants_csv():
            return csv_response(
                IndicatorValueSchema(),
                stmt.order_by(*values.VALUES_ORDER),
                "indicator-values.csv",
            )
        return paginate(stmt, args, order=values.VALUES_ORDER)

    @blp.access("indicators.write", on=indicator_set_in_reach)
    @idempotent
    @blp.arguments(IndicatorValuesArgsSchema, location="query")
    @blp.arguments(IndicatorValuesSchema, location="json_or_csv")
    @blp.response(200, BatchReportSchema)
    @blp.doc(operationId="uploadIndicatorValues", **CSV_BODY)
    def post(self, args, body, indicator_set: Reached[IndicatorSet]):
        """Upload values of an indicator set

        One value per clinic (`provider_number`), indicator (its `code`) and period (its
        `label`): new ones are created, others updated. As JSON (`items`), or as `text/csv`
        (UTF-8) with the header `provider_number,indicator,period,value` and a row per item
        (an item's `index` counts the rows after the header from 0). All or nothing: an
        unknown provider number, indicator or period, or an item named twice, makes the batch
        a 422 that writes nothing, its report naming each item's trouble
        (`unknown_provider_number`, `unknown_indicator`, `unknown_period`,
        `duplicate_in_batch`). With `dry_run=true`, the report alone. Send an
        `Idempotency-Key`: a retry replays the first answer.
        """
        report = values.upload_values(indicator_set.item, body["items"], args["dry_run"])
        return batch_answer(report, "values")


# --- a cluster's data view ---------------------------------------------------------------------


@blp.route("/clusters/<uuid:cluster_id>/data/<uuid:indicator_set_id>")
class ClusterDataView(MethodView):
    @blp.access("data.view", on=data_view_in_reach)
    @blp.response(200, DataViewSchema)
    @blp.doc(operationId="getClusterDataView")
    def get(self, data_view: Reached[DataView]):
        """Get a cluster's data view of an indicator set

        Per period and indicator: the caller's own clinic's value, the cluster's average (of
        its clinics now) and the nation's, and the cluster's clinics with their values. For a
        period the cluster has opened (`policy: open`) the clinics come with their name,
        provider number and id; for a closed one, only as "Klinik A", "Klinik B", … (stable
        for the period, in an order that says nothing of who they are), with name,
        `provider_number` and `clinic_id` null, except the caller's own (`own: true`). A
        period is open only under an open decision (`…/data-decisions`) that covers the whole
        period and has not expired.
        """
        view = data_view.item
        return views.data_view(require_principal(), view.cluster, view.indicator_set, today())


# --- a cluster's decisions on open or closed data ----------------------------------------------


def _decision(decision: DataDecision) -> Shown:
    blp.set_etag(decisions.version_etag(decision))
    return Shown(decision, expired=decisions.expired(decision, today()))


@blp.route("/clusters/<uuid:cluster_id>/data-decisions")
class ClusterDataDecisions(MethodView):
    @blp.access("data_decisions.read", on=cluster_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(DataDecisionSchema))
    @blp.doc(operationId="listClusterDataDecisions")
    def get(self, args, cluster: Reached[Cluster]):
        """List a cluster's decisions on open or closed data

        By the date each begins, then id; each says whether it has `expired` (an expired
        decision counts as closed).
        """
        page = paginate(
            decisions.decisions_query(cluster.item),
            args,
            order=(DataDecision.valid_from, DataDecision.id),
        )
        now = today()
        page["items"] = [Shown(d, expired=decisions.expired(d, now)) for d in page["items"]]
        return page

    @blp.access("data_decisions.manage", on=cluster_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(DataDecisionSchema)
    @blp.response(201, DataDecisionSchema)
    @blp.doc(operationId="createClusterDataDecision")
    def post(self, data, cluster: Reached[Cluster]):
        """Record a decision on open or closed data

        The general assembly's decision (`decided_on`) for the span `valid_from` to
        `valid_to` (open-ended if null). The cluster's `data_policy` and its dates show its
        latest decision by the date it begins.
        """
        decision = decisions.record_decision(cluster.item, data)
        location = url_for(
            "indicators.ClusterDataDecisionById",
            cluster_id=cluster.item.id,
            decision_id=decision.id,
        )
        return _decision(decision), 201, {"Location": location}


@blp.route("/clusters/<uuid:cluster_id>/data-decisions/<uuid:decision_id>")
class ClusterDataDecisionById(MethodView):
    @blp.access("data_decisions.read", on=data_decision_in_reach)
    @blp.etag
    @blp.response(200, DataDecisionSchema)
    @blp.doc(operationId="getClusterDataDecision")
    def get(self, decision: Reached[DataDecision]):
        """Get a decision on open or closed data"""
        return _decision(decision.item)

    @blp.access("data_decisions.manage", on=data_decision_in_reach)
    @blp.etag
    @blp.arguments(DataDecisionSchema)
    @blp.response(200, DataDecisionSchema)
    @blp.doc(operationId="updateClusterDataDecision")
    def put(self, data, decision: Reached[DataDecision]):
        """Change a decision on open or closed data

        The whole of it. Requires `If-Match`.
        """
        blp.check_etag(decisions.version_etag(decision.item))
        return _decision(decisions.update_decision(decision.item, data))

    @blp.access("data_decisions.manage", on=data_decision_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.doc(operationId="deleteClusterDataDecision")
    def delete(self, decision: Reached[DataDecision]):
        """Delete a decision on open or closed data

        One recorded by mistake. Requires `If-Match`.
        """
        blp.check_etag(decisions.version_etag(decision.item))
        decisions.delete_decision(decision.item)
