"""Schemas of the cluster registry: regions, clusters, clinics, members, roles, sub-clusters."""

from __future__ import annotations

from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from api.models import ClusterRoleKind, DataPolicy, MemberKind
from api.schemas.common import BaseSchema, PageArgsSchema


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
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class ClusterListArgsSchema(PageArgsSchema):
    region = fields.String(
        validate=validate.Length(min=1, max=40),
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
                "Must not be before data_policy_valid_from.", "data_policy_valid_to"
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
