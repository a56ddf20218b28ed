"""Packages over HTTP: the catalogue of meeting kits the quality units offer (KiAP and the
five regional units), each package's versions with their agenda template, and their
materials.

Everyone signed in reads the catalogue; a unit writes its own packages (its staff, and its
machine clients with `packages:write`). A published version never changes (409
`package_version_published`): a new version is made instead.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView

from api.core.downloads import send_content
from api.core.extensions import Blueprint
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import require_principal
from api.models import Cluster, File, Package, PackageOrder, PackageProposal, PackageVersion
from api.resources.files import CONTENT_DOC
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.files import ContentArgsSchema
from api.schemas.packages import (
    PackageDetailSchema,
    PackageListArgsSchema,
    PackageMaterialSchema,
    PackageMaterialUploadSchema,
    PackageOrderAcceptSchema,
    PackageOrderDeclineSchema,
    PackageOrderDetailSchema,
    PackageOrderListArgsSchema,
    PackageOrderSchema,
    PackageOrderWriteSchema,
    PackageProposalDetailSchema,
    PackageProposalListArgsSchema,
    PackageProposalReturnSchema,
    PackageProposalSchema,
    PackageProposalUpdateSchema,
    PackageProposalWriteSchema,
    PackageSchema,
    PackageUpdateSchema,
    PackageVersionDetailSchema,
    PackageVersionSchema,
    PackageVersionUpdateSchema,
    PackageVersionWriteSchema,
    PackageWriteSchema,
    UnitOrderListArgsSchema,
    UnitProposalListArgsSchema,
)
from api.services.files import library as files
from api.services.files.uploads import INLINE_TYPES, receive
from api.services.packages import catalogue, orders, proposals
from api.services.packages.access import (
    order_in_reach,
    package_in_reach,
    package_material_in_reach,
    package_version_in_reach,
    proposal_in_reach,
    visible_packages,
)
from api.services.registry.access import cluster_insiders_in_reach

URL_PREFIX = ""
blp = Blueprint(
    "packages",
    __name__,
    description=(
        "The catalogue of packages: meeting kits with an agenda template and materials, "
        "offered by KiAP and the regional quality units. Everyone signed in reads the "
        "published ones; a unit writes its own (staff, and clients with `packages:write`)."
    ),
)


def _package(package: Reached[Package]):  # type: ignore[no-untyped-def]
    blp.set_etag(catalogue.version_etag(package.item))
    return catalogue.package_detail(require_principal(), package.standing, package.item)


def _version(reached: Reached, version: PackageVersion):  # type: ignore[no-untyped-def]
    """`version` as the caller with the standing of `reached` (on its package) sees it."""
    blp.set_etag(catalogue.version_etag(version))
    return catalogue.version_detail(require_principal(), reached.standing, version)


# --- packages ----------------------------------------------------------------------------------


@blp.route("/packages")
class Packages(MethodView):
    @blp.access("packages.read")
    @blp.arguments(PackageListArgsSchema, location="query")
    @blp.response(200, page_schema(PackageSchema))
    @blp.doc(operationId="listPackages")
    def get(self, args):
        """List the catalogue's packages

        The published and retired packages, and the drafts of the units you write for. By
        title, then id. Search with `q`; filter by `unit`, `theme`, `state` and `kind`
        (meeting kits, national templates or guides).
        """
        filters = {name: args.pop(name, None) for name in ("q", "unit", "theme", "state", "kind")}
        stmt = catalogue.packages_query(visible_packages(require_principal()), filters)
        return paginate(stmt, args, order=(Package.title, Package.id))

    @blp.access("packages.write")
    @idempotent
    @blp.etag
    @blp.arguments(PackageWriteSchema)
    @blp.response(201, PackageDetailSchema)
    @blp.doc(operationId="createPackage")
    def post(self, data):
        """Create a package

        A draft of your unit (`unit_id`, which those who write for one unit may leave out).
        Add a version with its agenda and materials, then publish the version.
        """
        package = catalogue.create_package(require_principal(), data)
        location = url_for("packages.PackageById", package_id=package.id)
        return (
            _package(package_in_reach(require_principal(), package_id=package.id)),
            201,
            {"Location": location},
        )


@blp.route("/packages/<uuid:package_id>")
class PackageById(MethodView):
    @blp.access("packages.read", on=package_in_reach)
    @blp.etag
    @blp.response(200, PackageDetailSchema)
    @blp.doc(operationId="getPackage")
    def get(self, package: Reached[Package]):
        """Get a package

        With its latest published version in full: the agenda template and the materials.
        A draft package is found only by its unit.
        """
        return _package(package)

    @blp.access("packages.write", on=package_in_reach)
    @blp.etag
    @blp.arguments(PackageUpdateSchema)
    @blp.response(200, PackageDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updatePackage")
    def put(self, data, package: Reached[Package]):
        """Change a package's description

        By its unit, the whole of it. Requires `If-Match`. A retired package no longer
        changes (409 `package_retired`); versions are written apart.
        """
        blp.check_etag(catalogue.version_etag(package.item))
        catalogue.update_package(package.item, data)
        return _package(package)

    @blp.access("packages.write", on=package_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deletePackage")
    def delete(self, package: Reached[Package]):
        """Delete a package that was never published

        With its versions and materials. Requires `If-Match`. A published package is
        retired instead (409 `package_not_draft`).
        """
        blp.check_etag(catalogue.version_etag(package.item))
        catalogue.delete_package(package.item)


@blp.route("/packages/<uuid:package_id>/retire")
class PackageRetire(MethodView):
    @blp.access("packages.write", on=package_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, PackageDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="retirePackage")
    def post(self, package: Reached[Package]):
        """Retire a published package

        An action, not a creation (200). It leaves the catalogue's published packages but is
        still read, as are its versions; it no longer changes. Only a published package is
        retired (409 `package_not_published`).
        """
        catalogue.retire_package(package.item)
        return _package(package)


# --- versions ----------------------------------------------------------------------------------


@blp.route("/packages/<uuid:package_id>/versions")
class PackageVersions(MethodView):
    @blp.access("packages.read", on=package_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(PackageVersionSchema))
    @blp.doc(operationId="listPackageVersions")
    def get(self, args, package: Reached[Package]):
        """List a package's versions

        By number. The published ones, and for its unit the drafts too.
        """
        stmt = catalogue.versions_query(package.item, package.standing)
        return paginate(stmt, args, order=(PackageVersion.number, PackageVersion.id))

    @blp.access("packages.write", on=package_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageVersionWriteSchema)
    @blp.response(201, PackageVersionDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createPackageVersion")
    def post(self, data, package: Reached[Package]):
        """Make a new version of a package

        A draft, numbered after the last version. Without `items` it starts from the latest
        version's agenda. Not for a retired package (409 `package_retired`).
        """
        version = catalogue.create_version(package.item, data)
        location = url_for(
            "packages.PackageVersionById", package_id=package.item.id, version_id=version.id
        )
        return _version(package, version), 201, {"Location": location}


@blp.route("/packages/<uuid:package_id>/versions/<uuid:version_id>")
class PackageVersionById(MethodView):
    @blp.access("packages.read", on=package_version_in_reach)
    @blp.etag
    @blp.response(200, PackageVersionDetailSchema)
    @blp.doc(operationId="getPackageVersion")
    def get(self, version: Reached[PackageVersion]):
        """Get a version of a package

        With its agenda template and materials. A draft version is found only by the
        package's unit.
        """
        return _version(version, version.item)

    @blp.access("packages.write", on=package_version_in_reach)
    @blp.etag
    @blp.arguments(PackageVersionUpdateSchema)
    @blp.response(200, PackageVersionDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updatePackageVersion")
    def put(self, data, version: Reached[PackageVersion]):
        """Change a draft version

        Its change note and its whole agenda (replaced). Requires `If-Match`. A published
        version never changes (409 `package_version_published`).
        """
        blp.check_etag(catalogue.version_etag(version.item))
        catalogue.update_version(version.item.package, version.item, data)
        return _version(version, version.item)


@blp.route("/packages/<uuid:package_id>/versions/<uuid:version_id>/publish")
class PackageVersionPublish(MethodView):
    @blp.access("packages.write", on=package_version_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, PackageVersionDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="publishPackageVersion")
    def post(self, version: Reached[PackageVersion]):
        """Publish a draft version

        An action, not a creation (200). From now on it never changes, and the package
        (published from its first version on) shows it. It needs an agenda (409
        `package_version_empty`); a published version is not published again (409
        `package_version_published`).
        """
        catalogue.publish_version(version.item.package, version.item)
        return _version(version, version.item)


# --- materials ---------------------------------------------------------------------------------

MATERIAL_PATH = "/packages/<uuid:package_id>/versions/<uuid:version_id>/materials"


@blp.route(MATERIAL_PATH)
class PackageMaterials(MethodView):
    @blp.access("packages.read", on=package_version_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(PackageMaterialSchema))
    @blp.doc(operationId="listPackageMaterials")
    def get(self, args, version: Reached[PackageVersion]):
        """List a version's materials

        By name.
        """
        stmt = catalogue.materials_query(version.item)
        return paginate(stmt, args, order=(File.name, File.id))

    @blp.access("packages.write", on=package_version_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageMaterialUploadSchema, location="multipart")
    @blp.response(201, PackageMaterialSchema)
    @blp.alt_response(400, response="BAD_REQUEST")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.doc(operationId="uploadPackageMaterial")
    def post(self, data, version: Reached[PackageVersion]):
        """Add a material to a draft version

        `multipart/form-data` with the file in the part `file`, its type read from the
        content (422 `file_type_not_allowed` for one the platform does not take, 413 above
        the limit, 25 MB by default). A name taken on the version gets a number. A
        published version never changes (409 `package_version_published`).
        """
        config = current_app.config
        upload = data["file"]
        with receive(
            upload.stream,
            upload.filename or "",
            config["FILE_MAX_BYTES"],
            config["FILE_UPLOAD_TEMP_DIR"],
        ) as received:
            material = catalogue.add_material(
                version.item.package, version.item, require_principal(), received
            )
        blp.set_etag(files.version_etag(material))
        location = url_for(
            "packages.PackageMaterialById",
            package_id=version.item.package_id,
            version_id=version.item.id,
            material_id=material.id,
        )
        return material, 201, {"Location": location}


@blp.route(f"{MATERIAL_PATH}/<uuid:material_id>")
class PackageMaterialById(MethodView):
    @blp.access("packages.read", on=package_material_in_reach)
    @blp.arguments(ContentArgsSchema, location="query")
    @blp.response(200)
    @blp.alt_response(416, response="REQUESTED_RANGE_NOT_SATISFIABLE")
    @blp.doc(operationId="downloadPackageMaterial", **CONTENT_DOC)
    def get(self, args, material: Reached[File]):
        """Download a material

        As every file: streamed, with `Range` (206, 416) and `If-None-Match` (304); a
        download, or shown in the browser with `inline=true` for PDF and images.
        """
        item = material.item
        inline = args["inline"] and item.media_type in INLINE_TYPES
        return send_content(item.sha256, item.size, item.media_type, item.name, inline=inline)

    @blp.access("packages.write", on=package_material_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deletePackageMaterial")
    def delete(self, material: Reached[File]):
        """Remove a material from a draft version

        Requires `If-Match` with the ETag its upload answered. A published version never
        changes (409 `package_version_published`).
        """
        blp.check_etag(files.version_etag(material.item))
        version = catalogue.version_of(material.item)
        catalogue.delete_material(version.package, version, material.item)


# --- orders ------------------------------------------------------------------------------------


def _order(order: Reached[PackageOrder]):  # type: ignore[no-untyped-def]
    blp.set_etag(orders.version_etag(order.item))
    return orders.shown(require_principal(), order.standing, order.item)


def _order_by_id(order: PackageOrder):  # type: ignore[no-untyped-def]
    return _order(order_in_reach(require_principal(), order_id=order.id))


@blp.route("/clusters/<uuid:cluster_id>/package-orders")
class ClusterPackageOrders(MethodView):
    @blp.access("package_orders.read", on=cluster_insiders_in_reach)
    @blp.arguments(PackageOrderListArgsSchema, location="query")
    @blp.response(200, page_schema(PackageOrderSchema))
    @blp.doc(operationId="listClusterPackageOrders")
    def get(self, args, cluster: Reached[Cluster]):
        """List a cluster's orders of packages

        Newest first, with the unit's answer. Filter by `state`.
        """
        stmt = orders.cluster_orders_query(cluster.item, args.pop("state", None))
        return paginate(stmt, args, order=(PackageOrder.created_at.desc(), PackageOrder.id.desc()))

    @blp.access("package_orders.place", on=cluster_insiders_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageOrderWriteSchema)
    @blp.response(201, PackageOrderDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="orderPackage")
    def post(self, data, cluster: Reached[Cluster]):
        """Order a package

        A published package, for one of the cluster's meetings (`meeting_id`) or a period
        (`wished_from`, `wished_to`), with a message to the unit, whose people are told by
        e-mail. A retired package is no longer ordered (409 `package_not_orderable`).
        """
        order = orders.place(require_principal(), cluster.item, data)
        location = url_for("packages.PackageOrderById", order_id=order.id)
        return _order_by_id(order), 201, {"Location": location}


@blp.route("/package-orders")
class PackageOrders(MethodView):
    @blp.access("package_orders.manage")
    @blp.arguments(UnitOrderListArgsSchema, location="query")
    @blp.response(200, page_schema(PackageOrderSchema))
    @blp.doc(operationId="listPackageOrders")
    def get(self, args):
        """List the orders of your unit's packages

        Newest first. Filter by `unit` (of those you write for) and `state`.
        """
        stmt = orders.unit_orders_query(
            require_principal(), args.pop("unit", None), args.pop("state", None)
        )
        return paginate(stmt, args, order=(PackageOrder.created_at.desc(), PackageOrder.id.desc()))


@blp.route("/package-orders/<uuid:order_id>")
class PackageOrderById(MethodView):
    @blp.access("package_orders.read", on=order_in_reach)
    @blp.etag
    @blp.response(200, PackageOrderDetailSchema)
    @blp.doc(operationId="getPackageOrder")
    def get(self, order: Reached[PackageOrder]):
        """Get an order of a package

        By the ordering cluster's own people and the package's unit.
        """
        return _order(order)


@blp.route("/package-orders/<uuid:order_id>/cancel")
class PackageOrderCancel(MethodView):
    @blp.access("package_orders.place", on=order_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, PackageOrderDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="cancelPackageOrder")
    def post(self, order: Reached[PackageOrder]):
        """Cancel an order

        By the cluster, while it is requested (409 `package_order_not_requested`).
        """
        orders.cancel(order.item)
        return _order(order)


@blp.route("/package-orders/<uuid:order_id>/accept")
class PackageOrderAccept(MethodView):
    @blp.access("package_orders.manage", on=order_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageOrderAcceptSchema)
    @blp.response(200, PackageOrderDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="acceptPackageOrder")
    def post(self, data, order: Reached[PackageOrder]):
        """Accept an order

        By the package's unit, while it is requested (409 `package_order_not_requested`),
        perhaps offering a facilitator: a name or text, and/or one of the unit's people
        (422 `not_staff_of_unit` otherwise). The cluster's coordinator is told by e-mail.
        """
        orders.accept(order.item, data)
        return _order(order)


@blp.route("/package-orders/<uuid:order_id>/decline")
class PackageOrderDecline(MethodView):
    @blp.access("package_orders.manage", on=order_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageOrderDeclineSchema)
    @blp.response(200, PackageOrderDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="declinePackageOrder")
    def post(self, data, order: Reached[PackageOrder]):
        """Decline an order

        By the package's unit, with a reason, while it is requested (409
        `package_order_not_requested`). The cluster's coordinator is told by e-mail.
        """
        orders.decline(order.item, data["reason"])
        return _order(order)


# --- proposals: a cluster shares one of its held meetings, its regional unit reviews ----------


def _proposal(proposal: Reached[PackageProposal]):  # type: ignore[no-untyped-def]
    blp.set_etag(proposals.version_etag(proposal.item))
    return proposals.shown(require_principal(), proposal.standing, proposal.item)


def _proposal_by_id(proposal: PackageProposal):  # type: ignore[no-untyped-def]
    return _proposal(proposal_in_reach(require_principal(), proposal_id=proposal.id))


PROPOSALS_ORDER = (PackageProposal.created_at.desc(), PackageProposal.id.desc())


@blp.route("/clusters/<uuid:cluster_id>/package-proposals")
class ClusterPackageProposals(MethodView):
    @blp.access("package_proposals.read", on=cluster_insiders_in_reach)
    @blp.arguments(PackageProposalListArgsSchema, location="query")
    @blp.response(200, page_schema(PackageProposalSchema))
    @blp.doc(operationId="listClusterPackageProposals")
    def get(self, args, cluster: Reached[Cluster]):
        """List a cluster's package proposals

        Newest first, with the unit's answer. Filter by `state`.
        """
        stmt = proposals.cluster_proposals_query(cluster.item, args.pop("state", None))
        return paginate(stmt, args, order=PROPOSALS_ORDER)

    @blp.access("package_proposals.propose", on=cluster_insiders_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageProposalWriteSchema)
    @blp.response(201, PackageProposalDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="proposePackage")
    def post(self, data, cluster: Reached[Cluster]):
        """Propose a held meeting as a package

        The cluster shares one of its held meetings (409 `meeting_not_held` for one that
        is not) with other clusters: a draft package for the cluster's regional unit to
        review, its agenda the meeting's chosen agenda items (`agenda_item_ids`; all with
        minutes when left out), its materials copies of the meeting's files, its notes the
        meeting's evaluation. The unit's people are told by e-mail.
        """
        proposal = proposals.propose(require_principal(), cluster.item, data)
        location = url_for("packages.PackageProposalById", proposal_id=proposal.id)
        return _proposal_by_id(proposal), 201, {"Location": location}


@blp.route("/package-proposals")
class PackageProposals(MethodView):
    @blp.access("package_proposals.review")
    @blp.arguments(UnitProposalListArgsSchema, location="query")
    @blp.response(200, page_schema(PackageProposalSchema))
    @blp.doc(operationId="listPackageProposals")
    def get(self, args):
        """List the package proposals sent to your unit

        The clusters of your region propose their meetings as packages; newest first.
        Filter by `unit` (of those you write for), `cluster` and `state`.
        """
        filters = {name: args.pop(name, None) for name in ("unit", "cluster", "state")}
        stmt = proposals.unit_proposals_query(require_principal(), filters)
        return paginate(stmt, args, order=PROPOSALS_ORDER)


@blp.route("/package-proposals/<uuid:proposal_id>")
class PackageProposalById(MethodView):
    @blp.access("package_proposals.read", on=proposal_in_reach)
    @blp.etag
    @blp.response(200, PackageProposalDetailSchema)
    @blp.doc(operationId="getPackageProposal")
    def get(self, proposal: Reached[PackageProposal]):
        """Get a package proposal

        With its agenda, notes and materials. By the proposing cluster's own people and the
        unit that reviews it.
        """
        return _proposal(proposal)

    @blp.access("package_proposals.propose", on=proposal_in_reach)
    @blp.etag
    @blp.arguments(PackageProposalUpdateSchema)
    @blp.response(200, PackageProposalDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="revisePackageProposal")
    def put(self, data, proposal: Reached[PackageProposal]):
        """Revise a package proposal

        By the cluster's coordinators, while not published (409
        `package_proposal_published`): its description in whole, its agenda (`items`) and
        notes replaced when given. Requires `If-Match`. A returned proposal is then
        resubmitted.
        """
        blp.check_etag(proposals.version_etag(proposal.item))
        proposals.revise(proposal.item, data)
        return _proposal(proposal)

    @blp.access("package_proposals.propose", on=proposal_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="withdrawPackageProposal")
    def delete(self, proposal: Reached[PackageProposal]):
        """Withdraw a package proposal

        By the cluster's coordinators, while not published (409
        `package_proposal_published`): it is deleted, with its draft package and the copies
        of the meeting's files. Requires `If-Match`.
        """
        blp.check_etag(proposals.version_etag(proposal.item))
        proposals.withdraw(proposal.item)


@blp.route("/package-proposals/<uuid:proposal_id>/resubmit")
class PackageProposalResubmit(MethodView):
    @blp.access("package_proposals.propose", on=proposal_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, PackageProposalDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="resubmitPackageProposal")
    def post(self, proposal: Reached[PackageProposal]):
        """Resubmit a returned package proposal

        By the cluster's coordinators, once revised; only a returned one (409
        `package_proposal_not_returned`). The unit's people are told by e-mail.
        """
        proposals.resubmit(proposal.item)
        return _proposal(proposal)


@blp.route("/package-proposals/<uuid:proposal_id>/publish")
class PackageProposalPublish(MethodView):
    @blp.access("package_proposals.review", on=proposal_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, PackageProposalDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="publishPackageProposal")
    def post(self, proposal: Reached[PackageProposal]):
        """Publish a package proposal

        By the reviewing unit, while proposed (409 `package_proposal_not_proposed`): its
        version is published, and the package is in the catalogue under the cluster's name
        (`cluster_id`). The proposer is told by e-mail.
        """
        proposals.publish(require_principal(), proposal.item)
        return _proposal(proposal)


@blp.route("/package-proposals/<uuid:proposal_id>/return")
class PackageProposalReturn(MethodView):
    @blp.access("package_proposals.review", on=proposal_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(PackageProposalReturnSchema)
    @blp.response(200, PackageProposalDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="returnPackageProposal")
    def post(self, data, proposal: Reached[PackageProposal]):
        """Return a package proposal to its cluster

        By the reviewing unit, with a comment, while proposed (409
        `package_proposal_not_proposed`). The proposer is told by e-mail, and may revise
        and resubmit it.
        """
        proposals.return_to_cluster(require_principal(), proposal.item, data["comment"])
        return _proposal(proposal)
