"""The cluster registry: clusters and, within each, its clinics, members, roles and
sub-clusters. A cluster outside the caller's reach is not found (404)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from sqlalchemy import select

from api.csv_export import CSV_DOC, csv_response, wants_csv
from api.errors import abort
from api.extensions import Blueprint, db
from api.models import Clinic, Cluster, ClusterRole, Member, Region, SubCluster
from api.pagination import paginate
from api.permissions import can, require_permission
from api.schemas.clusters import (
    ClinicSchema,
    ClusterListArgsSchema,
    ClusterRoleSchema,
    ClusterSchema,
    ClusterUpdateSchema,
    MemberSchema,
    SubClusterSchema,
)
from api.schemas.common import PageArgsSchema, page_schema
from api.security import require_principal
from api.services import registry
from api.services.access import ClusterAccess, cluster_access

URL_PREFIX = "/clusters"
blp = Blueprint(
    "clusters",
    __name__,
    description=(
        "The cluster registry: clusters, their clinics, members, roles and sub-clusters. "
        "Members and role holders read their own clusters, quality units those of their "
        "region, KiAP and PLO all; the coordinator and co-coordinators maintain the registry."
    ),
)


def _access(cluster_id: uuid.UUID, action: str) -> ClusterAccess:
    """Find the cluster within the caller's reach (404) and check `action` there (403)."""
    principal = require_principal()
    access = cluster_access(principal, cluster_id)
    require_permission(principal, action, access)
    return access


@blp.route("")
class Clusters(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(ClusterListArgsSchema, location="query")
    @blp.response(200, page_schema(ClusterSchema))
    @blp.doc(operationId="listClusters")
    def get(self, args):
        """List the clusters you reach

        With their current number of clinics and doctors. Filter by `region` (its code).
        """
        region = args.get("region")
        if region and db.session.scalar(select(Region.id).where(Region.code == region)) is None:
            abort(422, errors={"region": [f"Unknown region: {region}."]})
        stmt = registry.clusters_query(require_principal(), region)
        return paginate(stmt, args, order=(Cluster.name, Cluster.id))


@blp.route("/<uuid:cluster_id>")
class ClusterById(MethodView):
    @blp.access("clusters.read")
    @blp.etag
    @blp.response(200, ClusterSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getCluster")
    def get(self, cluster_id: uuid.UUID):
        """Get a cluster"""
        _access(cluster_id, "clusters.read")
        return registry.cluster_with_counts(cluster_id)

    @blp.access("clusters.manage")
    @blp.etag
    @blp.arguments(ClusterUpdateSchema)
    @blp.response(200, ClusterSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updateCluster")
    def patch(self, data, cluster_id: uuid.UUID):
        """Change a cluster's name, description or data policy

        Requires `If-Match`. The data policy (open or closed data) is decided on a date for
        a period.
        """
        _access(cluster_id, "clusters.manage")
        cluster = registry.cluster_with_counts(cluster_id)
        blp.check_etag(cluster, ClusterSchema)
        for field, value in data.items():
            setattr(cluster, field, value)
        db.session.commit()
        return registry.cluster_with_counts(cluster_id)


@blp.route("/<uuid:cluster_id>/clinics")
class ClusterClinics(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ClinicSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterClinics")
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's clinics

        The clinics in the cluster now, by name, with their latest patient count.
        """
        _access(cluster_id, "clusters.read")
        return paginate(
            registry.clinics_query(cluster_id), page_args, order=(Clinic.name, Clinic.id)
        )


@blp.route("/<uuid:cluster_id>/members")
class ClusterMembers(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(MemberSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterMembers", **CSV_DOC)
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's members

        The doctors working now at the cluster's clinics. Personal e-mails are shown to the
        person and to the coordinator, co-coordinators and secretary, and are null for
        others. With `Accept: text/csv`, every member as CSV (no pages).
        """
        access = _access(cluster_id, "clusters.read")
        principal = require_principal()
        sees_all = can(principal, "members.read_personal_email", access)
        me = principal.user.id if principal.user else None

        def view(member: Member) -> dict:
            shown = sees_all or member.user_id == me
            return registry.member_view(member, show_personal_email=shown)

        stmt = registry.members_query(cluster_id)
        if wants_csv():
            rows = db.session.scalars(stmt.order_by(Member.created_at, Member.id))
            return csv_response(MemberSchema(), rows, "members.csv", view)
        return paginate(stmt, page_args, order=(Member.created_at, Member.id), view=view)


@blp.route("/<uuid:cluster_id>/roles")
class ClusterRoles(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ClusterRoleSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterRoles")
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's current role holders"""
        _access(cluster_id, "clusters.read")
        return paginate(
            registry.roles_query(cluster_id),
            page_args,
            order=(ClusterRole.created_at, ClusterRole.id),
            view=registry.role_view,
        )


@blp.route("/<uuid:cluster_id>/sub-clusters")
class ClusterSubClusters(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(SubClusterSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listSubClusters")
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's sub-clusters"""
        _access(cluster_id, "clusters.read")
        return paginate(
            registry.sub_clusters_query(cluster_id),
            page_args,
            order=(SubCluster.name, SubCluster.id),
            view=registry.sub_cluster_view,
        )
