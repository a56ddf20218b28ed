"""The cluster registry: clusters and, within each, its clinics, members, roles and
sub-clusters. A cluster outside the caller's reach is not found (404)."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable

from flask import url_for
from flask.views import MethodView

from api.csv_export import csv_doc, csv_response, wants_csv
from api.errors import abort
from api.extensions import Blueprint, db
from api.idempotency import idempotent
from api.models import Clinic, Cluster, ClusterRole, Member, SubCluster
from api.pagination import paginate, walks_changes
from api.permissions import can, require_permission
from api.schemas.clusters import (
    ClinicCreateSchema,
    ClinicEntrySchema,
    ClinicSchema,
    ClinicUpdateSchema,
    ClusterListArgsSchema,
    ClusterRoleEntrySchema,
    ClusterRoleSchema,
    ClusterSchema,
    ClusterUpdateSchema,
    EndArgsSchema,
    MemberCreateSchema,
    MemberEntrySchema,
    MemberSchema,
    MemberUpdateSchema,
    RoleCreateSchema,
    SubClusterCreateSchema,
    SubClusterSchema,
    SubClusterUpdateSchema,
)
from api.schemas.common import PageArgsSchema, SyncPageArgsSchema, page_schema
from api.security import require_principal
from api.services import registry
from api.services import registry_changes as changes
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
    @blp.response(200, page_schema(ClusterSchema, changes=True))
    @blp.doc(operationId="listClusters")
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
    @blp.arguments(SyncPageArgsSchema, location="query")
    @blp.response(200, page_schema(ClinicEntrySchema, changes=True))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterClinics")
    @_syncable(
        "A clinic's row changes when the clinic's name, address or provider number, its latest "
        "patient count, or its membership of the cluster changes. A clinic that has left the "
        "cluster is a tombstone; if it comes back, its new row follows the tombstone."
    )
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's clinics

        The clinics in the cluster now, by name, with their latest patient count.
        """
        _access(cluster_id, "clusters.read")
        if walks_changes(page_args):
            return paginate(
                registry.clinic_changes_query(cluster_id),
                page_args,
                order=registry.CLINIC_CHANGES_ORDER,
                view=registry.clinic_change_view,
                changes=True,
            )
        return paginate(
            registry.clinics_query(cluster_id),
            page_args,
            order=(Clinic.name, Clinic.id),
            view=registry.clinic_view,
        )

    @blp.access("clusters.manage")
    @idempotent
    @blp.arguments(ClinicCreateSchema)
    @blp.response(201, ClinicSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="addClusterClinic")
    def post(self, data, cluster_id: uuid.UUID):
        """Bring a clinic into the cluster

        A new provider number makes a new clinic in the cluster's region; a known one joins
        if it is in no cluster now (409 if it is: it must leave that cluster first).
        """
        access = _access(cluster_id, "clusters.manage")
        clinic = changes.add_clinic(access.cluster, data)
        location = url_for("clusters.ClusterClinic", cluster_id=cluster_id, clinic_id=clinic.id)
        return _clinic(cluster_id, clinic.id), 201, {"Location": location}


def _clinic(cluster_id: uuid.UUID, clinic_id: uuid.UUID) -> Clinic:
    clinic = db.session.scalar(
        registry.clinics_query(cluster_id)
        .where(Clinic.id == clinic_id)
        .execution_options(populate_existing=True)
    )
    if clinic is None:
        abort(404, "No such clinic in this cluster.")
    return clinic


@blp.route("/<uuid:cluster_id>/clinics/<uuid:clinic_id>")
class ClusterClinic(MethodView):
    @blp.access("clusters.read")
    @blp.etag
    @blp.response(200, ClinicSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getClusterClinic")
    def get(self, cluster_id: uuid.UUID, clinic_id: uuid.UUID):
        """Get a clinic of the cluster"""
        _access(cluster_id, "clusters.read")
        return _clinic(cluster_id, clinic_id)

    @blp.access("clusters.manage")
    @blp.etag
    @blp.arguments(ClinicUpdateSchema)
    @blp.response(200, ClinicSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updateClusterClinic")
    def patch(self, data, cluster_id: uuid.UUID, clinic_id: uuid.UUID):
        """Change a clinic's name or address"""
        _access(cluster_id, "clusters.manage")
        clinic = _clinic(cluster_id, clinic_id)
        blp.check_etag(clinic, ClinicSchema)
        changes.update_clinic(clinic, data)
        return _clinic(cluster_id, clinic_id)

    @blp.access("clusters.manage")
    @blp.etag
    @blp.arguments(EndArgsSchema, location="query")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="removeClusterClinic")
    def delete(self, args, cluster_id: uuid.UUID, clinic_id: uuid.UUID):
        """Take a clinic out of the cluster

        Ends its membership on `valid_to` (today if omitted); its history is kept, and it
        leaves the cluster's sub-clusters. Tell the regional unit: it then offers the clinic
        an individual quality visit.
        """
        access = _access(cluster_id, "clusters.manage")
        clinic = _clinic(cluster_id, clinic_id)
        blp.check_etag(clinic, ClinicSchema)
        changes.remove_clinic(access.cluster, clinic, args["valid_to"])


@blp.route("/<uuid:cluster_id>/members")
class ClusterMembers(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(SyncPageArgsSchema, location="query")
    @blp.response(200, page_schema(MemberEntrySchema, changes=True))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(
        operationId="listClusterMembers", **csv_doc(page_schema(MemberEntrySchema, changes=True))
    )
    @_syncable(
        "A member's row changes when the membership, the person's name or the clinic's name "
        "changes, and when the clinic joins or leaves the cluster: the doctors of a clinic that "
        "leaves become tombstones here. Personal e-mails are shown as in the list; a tombstone "
        "has none. The CSV export is not a changes walk (`updated_since` with CSV is 422)."
    )
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

        def shown(member: Member) -> bool:
            return sees_all or member.user_id == me

        def view(member: Member) -> dict:
            return registry.member_view(member, show_personal_email=shown(member))

        changes = walks_changes(page_args)
        if wants_csv():
            if changes:
                abort(422, errors={"updated_since": ["Not available as CSV."]})
            stmt = registry.members_query(cluster_id).order_by(Member.created_at, Member.id)
            return csv_response(MemberSchema(), stmt, "members.csv", view)
        if changes:
            return paginate(
                registry.member_changes_query(cluster_id),
                page_args,
                order=registry.MEMBER_CHANGES_ORDER,
                view=lambda m: registry.member_change_view(m, show_personal_email=shown(m)),
                changes=True,
            )
        return paginate(
            registry.members_query(cluster_id),
            page_args,
            order=(Member.created_at, Member.id),
            view=view,
        )

    @blp.access("members.manage")
    @idempotent
    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="addClusterMember")
    def post(self, data, cluster_id: uuid.UUID):
        """Add a doctor at one of the cluster's clinics

        The person is found by e-mail, or a new account (without a password) is made.
        """
        access = _access(cluster_id, "members.manage")
        member = changes.add_member(access.cluster, data)
        location = url_for("clusters.ClusterMember", cluster_id=cluster_id, member_id=member.id)
        return registry.member_view(member, show_personal_email=True), 201, {"Location": location}


def _member_view(access: ClusterAccess, member: Member) -> dict:
    principal = require_principal()
    shown = can(principal, "members.read_personal_email", access) or (
        principal.user is not None and member.user_id == principal.user.id
    )
    return registry.member_view(member, show_personal_email=shown)


@blp.route("/<uuid:cluster_id>/members/<uuid:member_id>")
class ClusterMember(MethodView):
    @blp.access("clusters.read")
    @blp.etag
    @blp.response(200, MemberSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getClusterMember")
    def get(self, cluster_id: uuid.UUID, member_id: uuid.UUID):
        """Get a member of the cluster"""
        access = _access(cluster_id, "clusters.read")
        return _member_view(access, changes.member_in_cluster(cluster_id, member_id))

    @blp.access("members.manage")
    @blp.etag
    @blp.arguments(MemberUpdateSchema)
    @blp.response(200, MemberSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updateClusterMember")
    def patch(self, data, cluster_id: uuid.UUID, member_id: uuid.UUID):
        """Change a member's kind or e-mails

        The coordinator, co-coordinators and secretary keep the personal e-mails current.
        """
        access = _access(cluster_id, "members.manage")
        member = changes.member_in_cluster(cluster_id, member_id)
        blp.check_etag(_member_view(access, member), MemberSchema)
        changes.update_member(member, data)
        return _member_view(access, member)

    @blp.access("members.manage")
    @blp.etag
    @blp.arguments(EndArgsSchema, location="query")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="endClusterMember")
    def delete(self, args, cluster_id: uuid.UUID, member_id: uuid.UUID):
        """End a membership

        The doctor stops at the clinic on `valid_to` (today if omitted); the history is kept.
        """
        access = _access(cluster_id, "members.manage")
        member = changes.member_in_cluster(cluster_id, member_id)
        blp.check_etag(_member_view(access, member), MemberSchema)
        changes.end_member(member, args["valid_to"])


@blp.route("/<uuid:cluster_id>/roles")
class ClusterRoles(MethodView):
    @blp.access("clusters.read")
    @blp.arguments(SyncPageArgsSchema, location="query")
    @blp.response(200, page_schema(ClusterRoleEntrySchema, changes=True))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listClusterRoles")
    @_syncable(
        "A role's row changes when the role ends or the holder's name changes; an ended role "
        "is a tombstone."
    )
    def get(self, page_args, cluster_id: uuid.UUID):
        """List the cluster's current role holders"""
        _access(cluster_id, "clusters.read")
        if walks_changes(page_args):
            return paginate(
                registry.role_changes_query(cluster_id),
                page_args,
                order=registry.ROLE_CHANGES_ORDER,
                view=registry.role_change_view,
                changes=True,
            )
        return paginate(
            registry.roles_query(cluster_id),
            page_args,
            order=(ClusterRole.created_at, ClusterRole.id),
            view=registry.role_view,
        )

    @blp.access("clusters.manage")
    @idempotent
    @blp.arguments(RoleCreateSchema)
    @blp.response(201, ClusterRoleSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="assignClusterRole")
    def post(self, data, cluster_id: uuid.UUID):
        """Give a member a role

        The person must be a member of the cluster. A cluster has one coordinator at a time,
        and a person holds a role once at a time (409).
        """
        access = _access(cluster_id, "clusters.manage")
        role = changes.assign_role(access.cluster, data)
        location = url_for("clusters.ClusterRoleById", cluster_id=cluster_id, role_id=role.id)
        return registry.role_view(role), 201, {"Location": location}


@blp.route("/<uuid:cluster_id>/roles/<uuid:role_id>")
class ClusterRoleById(MethodView):
    @blp.access("clusters.read")
    @blp.etag
    @blp.response(200, ClusterRoleSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getClusterRole")
    def get(self, cluster_id: uuid.UUID, role_id: uuid.UUID):
        """Get a current role holder"""
        _access(cluster_id, "clusters.read")
        return registry.role_view(changes.role_in_cluster(cluster_id, role_id))

    @blp.access("clusters.manage")
    @blp.etag
    @blp.arguments(EndArgsSchema, location="query")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="endClusterRole")
    def delete(self, args, cluster_id: uuid.UUID, role_id: uuid.UUID):
        """End a role

        The role ends on `valid_to` (today if omitted); the history is kept.
        """
        _access(cluster_id, "clusters.manage")
        role = changes.role_in_cluster(cluster_id, role_id)
        blp.check_etag(registry.role_view(role), ClusterRoleSchema)
        changes.end_role(role, args["valid_to"])


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

    @blp.access("clusters.manage")
    @idempotent
    @blp.arguments(SubClusterCreateSchema)
    @blp.response(201, SubClusterSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createSubCluster")
    def post(self, data, cluster_id: uuid.UUID):
        """Make a sub-cluster of some of the cluster's clinics"""
        access = _access(cluster_id, "clusters.manage")
        sub = changes.create_sub_cluster(access.cluster, data)
        location = url_for("clusters.SubClusterById", cluster_id=cluster_id, sub_cluster_id=sub.id)
        return registry.sub_cluster_view(sub), 201, {"Location": location}


@blp.route("/<uuid:cluster_id>/sub-clusters/<uuid:sub_cluster_id>")
class SubClusterById(MethodView):
    @blp.access("clusters.read")
    @blp.etag
    @blp.response(200, SubClusterSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getSubCluster")
    def get(self, cluster_id: uuid.UUID, sub_cluster_id: uuid.UUID):
        """Get a sub-cluster"""
        _access(cluster_id, "clusters.read")
        return registry.sub_cluster_view(changes.sub_cluster_in_cluster(cluster_id, sub_cluster_id))

    @blp.access("clusters.manage")
    @blp.etag
    @blp.arguments(SubClusterUpdateSchema)
    @blp.response(200, SubClusterSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateSubCluster")
    def patch(self, data, cluster_id: uuid.UUID, sub_cluster_id: uuid.UUID):
        """Rename a sub-cluster or change its clinics"""
        access = _access(cluster_id, "clusters.manage")
        sub = changes.sub_cluster_in_cluster(cluster_id, sub_cluster_id)
        blp.check_etag(registry.sub_cluster_view(sub), SubClusterSchema)
        changes.update_sub_cluster(access.cluster, sub, data)
        return registry.sub_cluster_view(sub)

    @blp.access("clusters.manage")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="deleteSubCluster")
    def delete(self, cluster_id: uuid.UUID, sub_cluster_id: uuid.UUID):
        """Delete a sub-cluster"""
        _access(cluster_id, "clusters.manage")
        sub = changes.sub_cluster_in_cluster(cluster_id, sub_cluster_id)
        blp.check_etag(registry.sub_cluster_view(sub), SubClusterSchema)
        changes.delete_sub_cluster(sub)
