"""Schemas of the cluster registry: regions, clusters, clinics, members, roles, sub-clusters."""

from __future__ import annotations

from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from api.errors import rule
from api.models import ClusterRoleKind, DataPolicy, MemberKind
from api.models.clusters import REGION_CODES
from api.schemas.common import BaseSchema, Pattern, SyncPageArgsSchema, entry_schema


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
        metadata={"description": "Whether clinics see one another's data by name."},
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


class ClusterUpdateSchema(BaseSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=5000))
    data_policy = fields.Enum(DataPolicy, allow_none=True)
    data_policy_decided_on = fields.Date(allow_none=True)
    data_policy_valid_from = fields.Date(allow_none=True)
    data_policy_valid_to = fields.Date(allow_none=True)

    @validates_schema
    def _period(self, data: dict, **kwargs: object) -> None:
        start, end = data.get("data_policy_valid_from"), data.get("data_policy_valid_to")
        if start and end and end < start:
            raise ValidationError(
                rule("Must not be before data_policy_valid_from."), "data_policy_valid_to"
            )


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
        validate=Pattern(r"^[0-9]{4,12}$", error="4 to 12 digits."),
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
