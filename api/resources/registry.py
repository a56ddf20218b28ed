"""The cluster registry over HTTP: regions, clusters and what is in them, bulk upserts, and figures.

The five Danish regions (reference data).

The cluster registry: clusters and, within each, its clinics, members, roles and
sub-clusters. A cluster outside the caller's reach is not found (404).

Bulk upserts of the registry for scripts and integrators: the yearly provider-number
roster, patient counts as of 1 February, and doctors' memberships.

Figures about the clusters, nationally and per region (aggregates only).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable

from flask import url_for
from flask.views import MethodView
from sqlalchemy import select

from api.core.batch import batch_answer
from api.core.csv_export import csv_doc, csv_response, wants_csv
from api.core.error_codes import coded
from api.core.errors import abort
from api.core.extensions import Blueprint, db, limit_body
from api.core.idempotency import idempotent
from api.core.pagination import paginate, walks_changes
from api.core.permissions import Reached, can, permissions_on
from api.core.security import require_principal
from api.core.shown import Shown
from api.core.xlsx_export import wants_xlsx, xlsx_response
from api.models import Clinic, Cluster, ClusterRole, Member, Region, SubCluster
from api.schemas.common import BatchReportSchema, PageArgsSchema, SyncPageArgsSchema, page_schema
from api.schemas.registry import (
    BulkArgsSchema,
    BulkClinicsSchema,
    BulkMembersSchema,
    ClinicCreateSchema,
    ClinicEntrySchema,
    ClinicSchema,
    ClinicUpdateSchema,
    ClusterDetailSchema,
    ClusterListArgsSchema,
    ClusterRoleEntrySchema,
    ClusterRoleSchema,
    ClusterSchema,
    ClusterUpdateSchema,
    EndArgsSchema,
    LandscapeArgsSchema,
    LandscapeSchema,
    MemberCreateSchema,
    MemberEntrySchema,
    MemberSchema,
    MemberUpdateSchema,
    RegionSchema,
    RoleCreateSchema,
    SubClusterCreateSchema,
    SubClusterSchema,
    SubClusterUpdateSchema,
)
from api.services.registry import bulk, changes
from api.services.registry import exports as registry_exports
from api.services.registry import queries as registry
from api.services.registry.access import (
    CLUSTER_ACTIONS,
    ClusterAccess,
    clinic_in_reach,
    cluster_in_reach,
    cluster_insiders_in_reach,
    member_in_reach,
    role_in_reach,
    sub_cluster_in_reach,
)
from api.services.registry.bulk import MAX_ITEMS
from api.services.registry.landscape import compute_landscape

# --- regions -----------------------------------------------------------------------------------

REGIONS_URL_PREFIX = "/regions"
regions_blp = Blueprint("regions", __name__, description="The five regions (reference data).")


@regions_blp.route("")
class Regions(MethodView):
    @regions_blp.access("regions.read")
    @regions_blp.arguments(PageArgsSchema, location="query")
    @regions_blp.response(200, page_schema(RegionSchema))
    @regions_blp.doc(operationId="listRegions")
    def get(self, page_args):
        """List the regions"""
        return paginate(select(Region), page_args, order=(Region.code, Region.id))


# --- clusters ----------------------------------------------------------------------------------


CLUSTERS_URL_PREFIX = "/clusters"
clusters_blp = Blueprint(
    "clusters",
    __name__,
    description=(
        "The cluster registry: clusters, their clinics, members, roles and sub-clusters. "
        "Members and role holders read their own clusters, quality units those of their "
        "region, KiAP and PLO all; the coordinator and co-coordinators maintain the registry."
    ),
)


CHANGES_WALK = """\
**Keeping a copy in step.** Integrators start a changes walk with `updated_since` (RFC 3339;
`1970-01-01T00:00:00Z` brings everything). Rows then come in `(updated_at, id)` order, each
with `updated_at` and `deleted`, and a row that has ended comes as a tombstone:
`{"id": ..., "deleted": true, "updated_at": ...}`.

1. Apply each page in order: insert or replace every row with `deleted: false` by its `id`,
   and remove the `id` of every tombstone (a tombstone of a row you never had needs nothing).
2. After applying a page, store its `next_cursor`, and ask for the next page with `cursor`
   alone: a cursor of a changes walk resumes that walk.
3. In a changes walk `next_cursor` is never null. A page with `has_more: false` (and no `Link`
   header) means you have caught up: keep the cursor, and poll with it later.

A row that changes again moves to the end of the order, so a walk sees it again, also a walk in
progress. A change joins the walk a minute after it is made, so that no cursor ever passes a
change that is still being written. What you may see is decided at each request; if your access
changes, walk again from the start. Without `updated_since` or a changes cursor, the list is
the current rows only, in its usual order."""


def _syncable(rows: str) -> Callable:
    """Add the changes walk to an operation's description: what changes its rows, then the
    procedure every synchronised list shares."""

    def decorator(func: Callable) -> Callable:
        func.__doc__ = f"{inspect.cleandoc(func.__doc__ or '')}\n\n{rows}\n\n{CHANGES_WALK}"
        return func

    return decorator


@clusters_blp.route("")
class Clusters(MethodView):
    @clusters_blp.access("clusters.read")
    @clusters_blp.arguments(ClusterListArgsSchema, location="query")
    @clusters_blp.response(200, page_schema(ClusterSchema, changes=True))
    @clusters_blp.doc(operationId="listClusters")
    @_syncable(
        "In a changes walk the clusters come in `(updated_at, id)` order. A cluster's row "
        "changes when the cluster is edited and when its number of clinics or doctors "
        "changes. Clusters are never deleted, so this walk has no tombstones, and its rows have "
        "no `deleted`."
    )
    def get(self, args):
        """List the clusters you reach

        With their current number of clinics and doctors, by name. Filter by `region` (its
        code).
        """
        region = args.get("region")
        if region:
            registry.region_or_422(region)
        stmt = registry.clusters_query(require_principal(), region)
        if walks_changes(args):
            return paginate(stmt, args, order=(Cluster.updated_at, Cluster.id), changes=True)
        return paginate(stmt, args, order=(Cluster.name, Cluster.id))


def _cluster_detail(row: Cluster, standing: ClusterAccess) -> Shown:
    """The cluster with what the caller may do there. Its ETag covers the cluster, not the
    caller's permissions."""
    clusters_blp.set_etag(row, ClusterSchema)
    allowed = permissions_on(require_principal(), CLUSTER_ACTIONS, standing)
    return Shown(row, my_permissions=allowed)


@clusters_blp.route("/<uuid:cluster_id>")
class ClusterById(MethodView):
    @clusters_blp.access("clusters.read", on=cluster_insiders_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(200, ClusterDetailSchema)
    @clusters_blp.doc(operationId="getCluster")
    def get(self, cluster: Reached[Cluster]):
        """Get a cluster

        With `my_permissions`: what you may do in the cluster.
        """
        return _cluster_detail(registry.cluster_with_counts(cluster.item.id), cluster.standing)

    @clusters_blp.access("clusters.manage", on=cluster_insiders_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(ClusterUpdateSchema)
    @clusters_blp.response(200, ClusterDetailSchema)
    @clusters_blp.doc(operationId="updateCluster")
    def patch(self, data, cluster: Reached[Cluster]):
        """Change a cluster's name or description

        Requires `If-Match`. The data policy (open or closed data) is decided by the general
        assembly for a period, and recorded at `…/data-decisions`.
        """
        row = registry.cluster_with_counts(cluster.item.id)
        clusters_blp.check_etag(row, ClusterSchema)
        for field, value in data.items():
            setattr(row, field, value)
        db.session.commit()
        return _cluster_detail(registry.cluster_with_counts(row.id), cluster.standing)


@clusters_blp.route("/<uuid:cluster_id>/clinics")
class ClusterClinics(MethodView):
    @clusters_blp.access("clusters.read", on=cluster_in_reach)
    @clusters_blp.arguments(SyncPageArgsSchema, location="query")
    @clusters_blp.response(200, page_schema(ClinicEntrySchema, changes=True))
    @clusters_blp.doc(operationId="listClusterClinics")
    @_syncable(
        "A clinic's row changes when the clinic's name, address or provider number, its latest "
        "patient count, or its membership of the cluster changes. A clinic that has left the "
        "cluster is a tombstone; if it comes back, its new row follows the tombstone."
    )
    def get(self, page_args, cluster: Reached[Cluster]):
        """List the cluster's clinics

        The clinics in the cluster now, by name, with their latest patient count.
        """
        if walks_changes(page_args):
            return paginate(
                registry.clinic_changes_query(cluster.item.id),
                page_args,
                order=registry.CLINIC_CHANGES_ORDER,
                view=registry.clinic_change_view,
                changes=True,
            )
        return paginate(
            registry.clinics_query(cluster.item.id),
            page_args,
            order=(Clinic.name, Clinic.id),
            view=registry.clinic_view,
        )

    @clusters_blp.access("clusters.manage", on=cluster_in_reach)
    @idempotent
    @clusters_blp.arguments(ClinicCreateSchema)
    @clusters_blp.response(201, ClinicSchema)
    @clusters_blp.alt_response(409, response="CONFLICT")
    @clusters_blp.doc(operationId="addClusterClinic")
    def post(self, data, cluster: Reached[Cluster]):
        """Bring a clinic into the cluster

        A new provider number makes a new clinic in the cluster's region; a known one joins
        if it is in no cluster now (409 if it is: it must leave that cluster first).
        """
        clinic = changes.add_clinic(cluster.item, data)
        location = url_for(
            "clusters.ClusterClinic", cluster_id=cluster.item.id, clinic_id=clinic.id
        )
        return _clinic(cluster.item.id, clinic.id), 201, {"Location": location}


def _clinic(cluster_id: uuid.UUID, clinic_id: uuid.UUID) -> Clinic:
    """A clinic of the cluster as its schema shows it: with the date it joined and its
    latest patient count."""
    clinic = db.session.scalar(
        registry.clinics_query(cluster_id)
        .where(Clinic.id == clinic_id)
        .execution_options(populate_existing=True)
    )
    assert clinic is not None  # found within reach by `clinic_in_reach`, or just added
    return clinic


@clusters_blp.route("/<uuid:cluster_id>/clinics/<uuid:clinic_id>")
class ClusterClinic(MethodView):
    @clusters_blp.access("clusters.read", on=clinic_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(200, ClinicSchema)
    @clusters_blp.doc(operationId="getClusterClinic")
    def get(self, clinic: Reached[Clinic]):
        """Get a clinic of the cluster"""
        return _clinic(clinic.standing.cluster.id, clinic.item.id)

    @clusters_blp.access("clusters.manage", on=clinic_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(ClinicUpdateSchema)
    @clusters_blp.response(200, ClinicSchema)
    @clusters_blp.doc(operationId="updateClusterClinic")
    def patch(self, data, clinic: Reached[Clinic]):
        """Change a clinic's name or address"""
        cluster_id = clinic.standing.cluster.id
        shown = _clinic(cluster_id, clinic.item.id)
        clusters_blp.check_etag(shown, ClinicSchema)
        changes.update_clinic(shown, data)
        return _clinic(cluster_id, clinic.item.id)

    @clusters_blp.access("clusters.manage", on=clinic_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(EndArgsSchema, location="query")
    @clusters_blp.response(204)
    @clusters_blp.doc(operationId="removeClusterClinic")
    def delete(self, args, clinic: Reached[Clinic]):
        """Take a clinic out of the cluster

        Ends its membership on `valid_to` (today if omitted); its history is kept, and it
        leaves the cluster's sub-clusters. Tell the regional unit: it then offers the clinic
        an individual quality visit.
        """
        cluster = clinic.standing.cluster
        shown = _clinic(cluster.id, clinic.item.id)
        clusters_blp.check_etag(shown, ClinicSchema)
        changes.remove_clinic(cluster, shown, args["valid_to"])


@clusters_blp.route("/<uuid:cluster_id>/members")
class ClusterMembers(MethodView):
    @clusters_blp.access("clusters.read", on=cluster_in_reach)
    @clusters_blp.arguments(SyncPageArgsSchema, location="query")
    @clusters_blp.response(200, page_schema(MemberEntrySchema, changes=True))
    @clusters_blp.doc(
        operationId="listClusterMembers",
        **csv_doc(page_schema(MemberEntrySchema, changes=True), xlsx=True),
    )
    @_syncable(
        "A member's row changes when the membership, the person's name or the clinic's name "
        "changes, and when the clinic joins or leaves the cluster: the doctors of a clinic that "
        "leaves become tombstones here. Personal e-mails are shown as in the list; a tombstone "
        "has none. The CSV and Excel exports are not a changes walk (`updated_since` with "
        "either is 422)."
    )
    def get(self, page_args, cluster: Reached[Cluster]):
        """List the cluster's members

        The doctors working now at the cluster's clinics. Personal e-mails are shown to the
        person and to the coordinator, co-coordinators and secretary, and are null for
        others. With `Accept: text/csv`, every member as CSV (no pages); with `Accept:
        application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, every member as
        an Excel workbook for people (`medlemmer-<cluster>.xlsx`: Danish headers, the clinic's
        name and provider number, the doctor's roles in the cluster, Danish dates).
        """
        principal = require_principal()
        sees_all = can(principal, "members.read_personal_email", cluster.standing)
        me = principal.user.id if principal.user else None

        def shown(member: Member) -> bool:
            return sees_all or member.user_id == me

        def view(member: Member) -> dict:
            return registry.member_view(member, show_personal_email=shown(member))

        changes = walks_changes(page_args)
        if wants_xlsx():
            if changes:
                abort(422, errors={"updated_since": ["Not available as a spreadsheet."]})
            rows = registry_exports.member_rows(cluster.item, shown)
            return xlsx_response(
                registry_exports.member_sheet(cluster.item), registry_exports.MEMBER_COLUMNS, rows
            )
        if wants_csv():
            if changes:
                abort(
                    422,
                    errors={
                        "updated_since": [coded("Not available as CSV.", "not_available_as_csv")]
                    },
                )
            stmt = registry.members_query(cluster.item.id).order_by(Member.created_at, Member.id)
            return csv_response(MemberSchema(), stmt, "members.csv", view)
        if changes:
            return paginate(
                registry.member_changes_query(cluster.item.id),
                page_args,
                order=registry.MEMBER_CHANGES_ORDER,
                view=lambda m: registry.member_change_view(m, show_personal_email=shown(m)),
                changes=True,
            )
        return paginate(
            registry.members_query(cluster.item.id),
            page_args,
            order=(Member.created_at, Member.id),
            view=view,
        )

    @clusters_blp.access("members.manage", on=cluster_in_reach)
    @idempotent
    @clusters_blp.arguments(MemberCreateSchema)
    @clusters_blp.response(201, MemberSchema)
    @clusters_blp.alt_response(409, response="CONFLICT")
    @clusters_blp.doc(operationId="addClusterMember")
    def post(self, data, cluster: Reached[Cluster]):
        """Add a doctor at one of the cluster's clinics

        The person is found by e-mail, or a new account (without a password) is made.
        """
        member = changes.add_member(cluster.item, data)
        location = url_for(
            "clusters.ClusterMember", cluster_id=cluster.item.id, member_id=member.id
        )
        return registry.member_view(member, show_personal_email=True), 201, {"Location": location}


def _member_view(access: ClusterAccess, member: Member) -> dict:
    principal = require_principal()
    shown = can(principal, "members.read_personal_email", access) or (
        principal.user is not None and member.user_id == principal.user.id
    )
    return registry.member_view(member, show_personal_email=shown)


@clusters_blp.route("/<uuid:cluster_id>/members/<uuid:member_id>")
class ClusterMember(MethodView):
    @clusters_blp.access("clusters.read", on=member_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(200, MemberSchema)
    @clusters_blp.doc(operationId="getClusterMember")
    def get(self, member: Reached[Member]):
        """Get a member of the cluster"""
        return _member_view(member.standing, member.item)

    @clusters_blp.access("members.manage", on=member_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(MemberUpdateSchema)
    @clusters_blp.response(200, MemberSchema)
    @clusters_blp.doc(operationId="updateClusterMember")
    def patch(self, data, member: Reached[Member]):
        """Change a member's kind or e-mails

        The coordinator, co-coordinators and secretary keep the personal e-mails current.
        """
        clusters_blp.check_etag(_member_view(member.standing, member.item), MemberSchema)
        changes.update_member(member.item, data)
        return _member_view(member.standing, member.item)

    @clusters_blp.access("members.manage", on=member_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(EndArgsSchema, location="query")
    @clusters_blp.response(204)
    @clusters_blp.doc(operationId="endClusterMember")
    def delete(self, args, member: Reached[Member]):
        """End a membership

        The doctor stops at the clinic on `valid_to` (today if omitted); the history is kept.
        """
        clusters_blp.check_etag(_member_view(member.standing, member.item), MemberSchema)
        changes.end_member(member.item, args["valid_to"])


@clusters_blp.route("/<uuid:cluster_id>/roles")
class ClusterRoles(MethodView):
    @clusters_blp.access("clusters.read", on=cluster_in_reach)
    @clusters_blp.arguments(SyncPageArgsSchema, location="query")
    @clusters_blp.response(200, page_schema(ClusterRoleEntrySchema, changes=True))
    @clusters_blp.doc(operationId="listClusterRoles")
    @_syncable(
        "A role's row changes when the role ends or the holder's name changes; an ended role "
        "is a tombstone."
    )
    def get(self, page_args, cluster: Reached[Cluster]):
        """List the cluster's current role holders"""
        if walks_changes(page_args):
            return paginate(
                registry.role_changes_query(cluster.item.id),
                page_args,
                order=registry.ROLE_CHANGES_ORDER,
                view=registry.role_change_view,
                changes=True,
            )
        return paginate(
            registry.roles_query(cluster.item.id),
            page_args,
            order=(ClusterRole.created_at, ClusterRole.id),
            view=registry.role_view,
        )

    @clusters_blp.access("clusters.manage", on=cluster_in_reach)
    @idempotent
    @clusters_blp.arguments(RoleCreateSchema)
    @clusters_blp.response(201, ClusterRoleSchema)
    @clusters_blp.alt_response(409, response="CONFLICT")
    @clusters_blp.doc(operationId="assignClusterRole")
    def post(self, data, cluster: Reached[Cluster]):
        """Give a member a role

        The person must be a member of the cluster. A cluster has one coordinator at a time,
        and a person holds a role once at a time (409).
        """
        role = changes.assign_role(cluster.item, data)
        location = url_for("clusters.ClusterRoleById", cluster_id=cluster.item.id, role_id=role.id)
        return registry.role_view(role), 201, {"Location": location}


@clusters_blp.route("/<uuid:cluster_id>/roles/<uuid:role_id>")
class ClusterRoleById(MethodView):
    @clusters_blp.access("clusters.read", on=role_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(200, ClusterRoleSchema)
    @clusters_blp.doc(operationId="getClusterRole")
    def get(self, role: Reached[ClusterRole]):
        """Get a current role holder"""
        return registry.role_view(role.item)

    @clusters_blp.access("clusters.manage", on=role_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(EndArgsSchema, location="query")
    @clusters_blp.response(204)
    @clusters_blp.doc(operationId="endClusterRole")
    def delete(self, args, role: Reached[ClusterRole]):
        """End a role

        The role ends on `valid_to` (today if omitted); the history is kept.
        """
        clusters_blp.check_etag(registry.role_view(role.item), ClusterRoleSchema)
        changes.end_role(role.item, args["valid_to"])


@clusters_blp.route("/<uuid:cluster_id>/sub-clusters")
class ClusterSubClusters(MethodView):
    @clusters_blp.access("clusters.read", on=cluster_in_reach)
    @clusters_blp.arguments(PageArgsSchema, location="query")
    @clusters_blp.response(200, page_schema(SubClusterSchema))
    @clusters_blp.doc(operationId="listSubClusters")
    def get(self, page_args, cluster: Reached[Cluster]):
        """List the cluster's sub-clusters"""
        return paginate(
            registry.sub_clusters_query(cluster.item.id),
            page_args,
            order=(SubCluster.name, SubCluster.id),
            view=registry.sub_cluster_view,
        )

    @clusters_blp.access("clusters.manage", on=cluster_in_reach)
    @idempotent
    @clusters_blp.arguments(SubClusterCreateSchema)
    @clusters_blp.response(201, SubClusterSchema)
    @clusters_blp.alt_response(409, response="CONFLICT")
    @clusters_blp.doc(operationId="createSubCluster")
    def post(self, data, cluster: Reached[Cluster]):
        """Make a sub-cluster of some of the cluster's clinics"""
        sub = changes.create_sub_cluster(cluster.item, data)
        location = url_for(
            "clusters.SubClusterById", cluster_id=cluster.item.id, sub_cluster_id=sub.id
        )
        return registry.sub_cluster_view(sub), 201, {"Location": location}


@clusters_blp.route("/<uuid:cluster_id>/sub-clusters/<uuid:sub_cluster_id>")
class SubClusterById(MethodView):
    @clusters_blp.access("clusters.read", on=sub_cluster_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(200, SubClusterSchema)
    @clusters_blp.doc(operationId="getSubCluster")
    def get(self, sub_cluster: Reached[SubCluster]):
        """Get a sub-cluster"""
        return registry.sub_cluster_view(sub_cluster.item)

    @clusters_blp.access("clusters.manage", on=sub_cluster_in_reach)
    @clusters_blp.etag
    @clusters_blp.arguments(SubClusterUpdateSchema)
    @clusters_blp.response(200, SubClusterSchema)
    @clusters_blp.alt_response(409, response="CONFLICT")
    @clusters_blp.doc(operationId="updateSubCluster")
    def patch(self, data, sub_cluster: Reached[SubCluster]):
        """Rename a sub-cluster or change its clinics"""
        clusters_blp.check_etag(registry.sub_cluster_view(sub_cluster.item), SubClusterSchema)
        changes.update_sub_cluster(sub_cluster.standing.cluster, sub_cluster.item, data)
        return registry.sub_cluster_view(sub_cluster.item)

    @clusters_blp.access("clusters.manage", on=sub_cluster_in_reach)
    @clusters_blp.etag
    @clusters_blp.response(204)
    @clusters_blp.doc(operationId="deleteSubCluster")
    def delete(self, sub_cluster: Reached[SubCluster]):
        """Delete a sub-cluster"""
        clusters_blp.check_etag(registry.sub_cluster_view(sub_cluster.item), SubClusterSchema)
        changes.delete_sub_cluster(sub_cluster.item)


# --- bulk --------------------------------------------------------------------------------------


BULK_URL_PREFIX = "/bulk"
bulk_blp = Blueprint(
    "bulk",
    __name__,
    description=(
        f"All-or-nothing upserts of up to {MAX_ITEMS} items, with `dry_run` and a report per "
        "item. A regional unit's client with `clusters:write` reaches its own region."
    ),
)

# MAX_ITEMS rows of a roster or a clinics list, with room; a larger body is refused unread.
limit_body(bulk_blp, 8 * 1024 * 1024)


@bulk_blp.route("/clinics")
class BulkClinics(MethodView):
    @bulk_blp.access("registry.bulk_write")
    @idempotent
    @bulk_blp.arguments(BulkArgsSchema, location="query")
    @bulk_blp.arguments(BulkClinicsSchema)
    @bulk_blp.response(200, BatchReportSchema)
    @bulk_blp.alt_response(403, response="FORBIDDEN")
    @bulk_blp.doc(operationId="bulkUpsertClinics")
    def post(self, args, body):
        """Upsert clinics by provider number

        Creates new clinics, updates names and addresses, moves clinics between clusters
        (from today, keeping their history) and records patient counts. Every item is
        checked before anything is written: an item outside your region makes the batch
        403, any other bad item 422, and the problem lists every item's result.
        """
        return batch_answer(
            bulk.upsert_clinics(require_principal(), body["items"], args["dry_run"])
        )


@bulk_blp.route("/members")
class BulkMembers(MethodView):
    @bulk_blp.access("registry.bulk_write")
    @idempotent
    @bulk_blp.arguments(BulkArgsSchema, location="query")
    @bulk_blp.arguments(BulkMembersSchema)
    @bulk_blp.response(200, BatchReportSchema)
    @bulk_blp.alt_response(403, response="FORBIDDEN")
    @bulk_blp.doc(operationId="bulkUpsertMembers")
    def post(self, args, body):
        """Upsert doctors' memberships by e-mail and provider number

        Makes accounts for new e-mails (without a password), and current memberships at the
        named clinics; updates names, kinds and e-mails. All-or-nothing, like the clinics.
        Each new account gets an e-mail with an activation link, valid for 14 days, to choose
        its password; a dry run or a refused batch sends none.
        """
        return batch_answer(
            bulk.upsert_members(require_principal(), body["items"], args["dry_run"])
        )


# --- stats -------------------------------------------------------------------------------------


STATS_URL_PREFIX = "/stats"
stats_blp = Blueprint(
    "stats", __name__, description="Figures about the clusters (aggregates only)."
)


@stats_blp.route("/landscape")
class Landscape(MethodView):
    @stats_blp.access("landscape.read")
    @stats_blp.arguments(LandscapeArgsSchema, location="query")
    @stats_blp.response(200, LandscapeSchema)
    @stats_blp.doc(operationId="getLandscape")
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


BLUEPRINTS = [
    (regions_blp, REGIONS_URL_PREFIX),
    (clusters_blp, CLUSTERS_URL_PREFIX),
    (bulk_blp, BULK_URL_PREFIX),
    (stats_blp, STATS_URL_PREFIX),
]
