"""Schemas of the bulk upserts."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.errors import rule
from api.models import MemberKind
from api.models.clusters import REGION_CODES
from api.schemas.common import BaseSchema, Pattern, WholeNumber
from api.services.bulk import MAX_ITEMS

ProviderNumber = Pattern(r"^[0-9]{4,12}$", error="4 to 12 digits.")


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
                rule("patients and patients_counted_on go together."), "patients_counted_on"
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
