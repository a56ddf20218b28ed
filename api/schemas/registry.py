"""Schemas of the registry domain: the registry itself, bulk upserts and figures.

Schemas of the cluster registry: regions, clusters, clinics, members, roles, sub-clusters.

Schemas of the bulk upserts.

Schemas of the national and regional figures.
"""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.core.errors import rule
from api.models import ClusterRoleKind, DataPolicy, MemberKind
from api.models.registry import REGION_CODES
from api.schemas.common import BaseSchema, Pattern, SyncPageArgsSchema, WholeNumber, entry_schema
from api.services.registry.bulk import MAX_ITEMS

# --- clusters ----------------------------------------------------------------------------------


class RegionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    code = fields.String(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)


class ClusterSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    region = fields.Nested(RegionSchema, dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    data_policy = fields.Enum(
        DataPolicy,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "Whether clinics see one another's data by name: the cluster's "
            "latest decision (by the date it begins) of those at `…/data-decisions`, where "
            "they are recorded. Past `data_policy_valid_to` it has expired and counts as closed."
        },
    )
    data_policy_decided_on = fields.Date(dump_only=True, required=True, allow_none=True)
    data_policy_valid_from = fields.Date(dump_only=True, required=True, allow_none=True)
    data_policy_valid_to = fields.Date(dump_only=True, required=True, allow_none=True)
    clinic_count = fields.Integer(
        dump_only=True, required=True, metadata={"description": "Clinics in it now."}
    )
    doctor_count = fields.Integer(
        dump_only=True, required=True, metadata={"description": "Doctors working there now."}
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        metadata={
            "description": "When the cluster last changed, its numbers of clinics and doctors "
            "included."
        },
    )


class ClusterListArgsSchema(SyncPageArgsSchema):
    region = fields.String(
        validate=validate.OneOf(REGION_CODES, error="Unknown region: {input}."),
        metadata={"description": "Only clusters of this region (its code, e.g. `midtjylland`)."},
    )


class ClusterPermissionsSchema(BaseSchema):
    """What the caller may do in the cluster now; the API decides each request again."""

    manage_registry = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Clinics in and out, roles, sub-clusters, the data policy."},
    )
    manage_members = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "Members and their e-mails."}
    )
    read_personal_emails = fields.Boolean(dump_only=True, required=True)
    plan_meetings = fields.Boolean(dump_only=True, required=True)
    upload_files = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Upload to the library, make folders, change one's own."},
    )
    manage_files = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "Change anyone's files."}
    )
    post = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Start threads and reply on the cluster's boards."},
    )
    moderate_posts = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Pin threads; change and delete anyone's posts."},
    )


class ClusterDetailSchema(ClusterSchema):
    my_permissions = fields.Nested(ClusterPermissionsSchema, dump_only=True, required=True)


class ClusterUpdateSchema(BaseSchema):
    """A cluster's name and description. Its data policy is recorded as decisions, at
    `…/data-decisions`."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=5000))


class ClinicSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    provider_number = fields.String(
        dump_only=True, required=True, metadata={"description": "The ydernummer."}
    )
    name = fields.String(dump_only=True, required=True)
    address = fields.String(dump_only=True, required=True)
    in_cluster_since = fields.Date(dump_only=True, required=True)
    patients = fields.Integer(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The latest patient count."},
    )
    patients_counted_on = fields.Date(dump_only=True, required=True, allow_none=True)


class MemberSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    clinic_id = fields.UUID(dump_only=True, required=True)
    clinic_name = fields.String(dump_only=True, required=True)
    kind = fields.Enum(MemberKind, dump_only=True, required=True)
    work_email = fields.String(dump_only=True, required=True)
    personal_email = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "Only for the person and the coordinator, co-coordinators and "
            "secretary; null for everyone else."
        },
    )
    valid_from = fields.Date(dump_only=True, required=True)


class ClusterRoleSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    role = fields.Enum(ClusterRoleKind, dump_only=True, required=True)
    valid_from = fields.Date(dump_only=True, required=True)


# The rows of the lists that integrators synchronise: tombstones in a changes walk.
ClinicEntrySchema = entry_schema(ClinicSchema)
MemberEntrySchema = entry_schema(MemberSchema)
ClusterRoleEntrySchema = entry_schema(ClusterRoleSchema)


class SubClusterSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    clinic_ids = fields.List(fields.UUID(), dump_only=True, required=True)


class MyClusterSchema(BaseSchema):
    """A cluster the signed-in person belongs to, with their roles there."""

    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    region_code = fields.String(dump_only=True, required=True)
    roles = fields.List(fields.Enum(ClusterRoleKind), dump_only=True, required=True)


class ClinicCreateSchema(BaseSchema):
    provider_number = fields.String(
        required=True,
        validate=Pattern(r"^[0-9]{4,12}$", code="invalid_provider_number", error="4 to 12 digits."),
        metadata={"description": "The clinic's provider number (ydernummer)."},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    valid_from = fields.Date(
        load_default=None, metadata={"description": "When it joins; today if omitted."}
    )


class ClinicUpdateSchema(BaseSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    address = fields.String(validate=validate.Length(max=300))


class EndArgsSchema(BaseSchema):
    """When something ends: a Danish calendar date, today if omitted."""

    valid_to = fields.Date(
        load_default=None, metadata={"description": "The last day; today if omitted."}
    )


class MemberCreateSchema(BaseSchema):
    email = fields.Email(
        required=True,
        validate=validate.Length(max=254),
        metadata={"description": "The person's login e-mail; a new account is made if unknown."},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    clinic_id = fields.UUID(required=True)
    kind = fields.Enum(MemberKind, load_default=MemberKind.owner)
    work_email = fields.Email(load_default=None, validate=validate.Length(max=254))
    personal_email = fields.Email(load_default=None, validate=validate.Length(max=254))
    valid_from = fields.Date(load_default=None)


class MemberUpdateSchema(BaseSchema):
    kind = fields.Enum(MemberKind)
    work_email = fields.Email(validate=validate.Length(max=254))
    personal_email = fields.Email(allow_none=True, validate=validate.Length(max=254))


class RoleCreateSchema(BaseSchema):
    user_id = fields.UUID(required=True)
    role = fields.Enum(ClusterRoleKind, required=True)
    valid_from = fields.Date(load_default=None)


class SubClusterCreateSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    clinic_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=100))


class SubClusterUpdateSchema(BaseSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    clinic_ids = fields.List(fields.UUID(), validate=validate.Length(max=100))


# --- bulk --------------------------------------------------------------------------------------


ProviderNumber = Pattern(r"^[0-9]{4,12}$", code="invalid_provider_number", error="4 to 12 digits.")


class BulkArgsSchema(BaseSchema):
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "Report what would change, and change nothing."},
    )


class BulkClinicSchema(BaseSchema):
    provider_number = fields.String(required=True, validate=ProviderNumber)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(validate=validate.Length(max=300))
    region = fields.String(
        validate=validate.OneOf(REGION_CODES, error="Unknown region: {input}."),
        metadata={"description": "Region code; needed for a new clinic without cluster_id."},
    )
    cluster_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "The clinic's cluster from today; null takes it out of its "
            "cluster; omitted leaves the cluster as it is."
        },
    )
    patients = WholeNumber(validate=validate.Range(min=0, max=1_000_000))
    patients_counted_on = fields.Date(
        metadata={"description": "The date of the count (1 February for the economy)."}
    )

    @validates_schema
    def _count_has_a_date(self, data: dict, **kwargs: object) -> None:
        if (data.get("patients") is None) != (data.get("patients_counted_on") is None):
            raise ValidationError(
                rule("patients and patients_counted_on go together.", "go_together"),
                "patients_counted_on",
            )


class BulkMemberSchema(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    provider_number = fields.String(required=True, validate=ProviderNumber)
    kind = fields.Enum(
        MemberKind,
        metadata={
            "description": "A new member is an `owner` if omitted; an existing one keeps it."
        },
    )
    work_email = fields.Email(
        validate=validate.Length(max=254),
        metadata={
            "description": "A new member's is the login e-mail if omitted; an existing one "
            "keeps it."
        },
    )
    personal_email = fields.Email(
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "Null removes it; omitted, an existing member keeps it."},
    )
    valid_from = fields.Date()


def _batch(item: type[BaseSchema]) -> fields.List:
    return fields.List(
        fields.Nested(item),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
        metadata={"description": f"At most {MAX_ITEMS} items."},
    )


class BulkClinicsSchema(BaseSchema):
    items = _batch(BulkClinicSchema)


class BulkMembersSchema(BaseSchema):
    items = _batch(BulkMemberSchema)


# --- stats -------------------------------------------------------------------------------------


class LandscapeArgsSchema(BaseSchema):
    region = fields.String(
        validate=validate.OneOf(REGION_CODES, error="Unknown region: {input}."),
        metadata={
            "description": "A region's code (e.g. `midtjylland`): that region's figures. "
            "Without it, the national figures."
        },
    )


def _count(description: str) -> fields.Integer:
    return fields.Integer(dump_only=True, required=True, metadata={"description": description})


class LandscapeDistributionSchema(BaseSchema):
    """One number per cluster, summarised. Every field is null when there are no clusters."""

    mean = fields.Float(dump_only=True, required=True, allow_none=True)
    median = fields.Float(dump_only=True, required=True, allow_none=True)
    percentile_10 = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "10th percentile, by linear interpolation between closest ranks "
            "(as numpy, R and PERCENTILE.INC compute it); the median likewise."
        },
    )
    percentile_90 = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "90th percentile, computed like the 10th."},
    )
    min = fields.Integer(dump_only=True, required=True, allow_none=True)
    max = fields.Integer(dump_only=True, required=True, allow_none=True)


class LandscapeRolesSchema(BaseSchema):
    """How many clusters have a current holder of each role."""

    coordinator = _count("Clusters with a coordinator.")
    co_coordinator = _count("Clusters with one or more co-coordinators.")
    board_member = _count("Clusters with one or more board members.")
    treasurer = _count("Clusters with a treasurer.")
    secretary = _count("Clusters with a secretary.")


class LandscapeMeetingsSchema(BaseSchema):
    """Held meetings (not cancelled, ended or closed) in the last five complete calendar years."""

    first_year = _count("The first year counted.")
    last_year = _count("The last year counted: the last complete calendar year.")
    held = _count("Meetings held in those years.")
    per_cluster_per_year = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "Meetings held per cluster per year (a year without one counts as 0)."
        },
    )
    after_work_share = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The share (0–1) of them that were after-work meetings."},
    )


class LandscapeSchema(BaseSchema):
    region = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The region's code, or null for the national figures."},
    )
    clusters = _count("Clusters.")
    clinics = _count("Clinics currently in a cluster.")
    doctors = _count(
        "People working now at a clinic in a cluster, each counted once (also when they work "
        "in two clusters)."
    )
    doctors_per_cluster = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={"description": "Doctors per cluster, each person counted once per cluster."},
    )
    clusters_with_role = fields.Nested(LandscapeRolesSchema, dump_only=True, required=True)
    clusters_with_only_coordinator = _count(
        "Clusters whose only current role holder is the coordinator."
    )
    patients = _count("Patients of the clinics in clusters: each clinic's latest count.")
    patients_per_cluster = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={"description": "Patients per cluster (its clinics' latest counts)."},
    )
    meetings = fields.Nested(LandscapeMeetingsSchema, dump_only=True, required=True)
