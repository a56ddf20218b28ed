"""Indicator sets, their uploads of values, the data view and the decisions on open or closed
data, as the contract shows them."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.core.errors import rule
from api.models import DataPolicy, IndicatorDirection
from api.schemas.common import BaseSchema, PageArgsSchema
from api.schemas.registry import BulkArgsSchema, ProviderNumber
from api.services.indicators.values import MAX_ITEMS

# --- indicator sets ------------------------------------------------------------------------


class IndicatorSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Names the indicator in an upload (`indicator`)."},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    unit = fields.String(
        load_default="", validate=validate.Length(max=40), metadata={"example": "%"}
    )
    direction = fields.Enum(
        IndicatorDirection,
        required=True,
        metadata={"description": "Which is better: a `lower` or a `higher` value."},
    )


class IndicatorPeriodSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    label = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Names the period in an upload (`period`).", "example": "2024"},
    )
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)

    @validates_schema
    def _period(self, data: dict, **kwargs: object) -> None:
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(
                rule("Must not be before starts_on.", "before_valid_from"), "ends_on"
            )


class IndicatorSetSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    organisation_id = fields.UUID(
        load_default=None,
        metadata={
            "description": "The quality unit it belongs to; left out, the caller's own unit."
        },
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    indicators = fields.List(
        fields.Nested(IndicatorSchema), required=True, validate=validate.Length(min=1, max=50)
    )
    periods = fields.List(
        fields.Nested(IndicatorPeriodSchema),
        required=True,
        validate=validate.Length(min=1, max=50),
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class IndicatorSetSummarySchema(BaseSchema):
    """A set in the list, without its indicators and periods."""

    id = fields.UUID(dump_only=True, required=True)
    organisation_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    description = fields.String(dump_only=True, required=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


# --- an upload of values ---------------------------------------------------------------------


class IndicatorValueItemSchema(BaseSchema):
    provider_number = fields.String(required=True, validate=ProviderNumber)
    indicator = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "The indicator's `code`."},
    )
    period = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "The period's `label`."},
    )
    value = fields.Float(required=True, allow_nan=False)


class IndicatorValuesSchema(BaseSchema):
    items = fields.List(
        fields.Nested(IndicatorValueItemSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
        metadata={"description": f"At most {MAX_ITEMS} items."},
    )


class IndicatorValuesArgsSchema(BulkArgsSchema):
    pass


# --- the stored values, as their unit reads them back ----------------------------------------


class IndicatorValueListArgsSchema(PageArgsSchema):
    indicator = fields.String(
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Only this indicator's values (its `code`)."},
    )
    period = fields.String(
        validate=validate.Length(min=1, max=40),
        metadata={"description": "Only this period's values (its `label`)."},
    )
    provider_number = fields.String(
        validate=[validate.Length(max=12), ProviderNumber],
        metadata={"description": "Only this clinic's values."},
    )


class IndicatorValueSchema(BaseSchema):
    """A stored value, named as in an upload, with the clinic it belongs to."""

    provider_number = fields.String(dump_only=True, required=True)
    clinic_id = fields.UUID(dump_only=True, required=True)
    clinic_name = fields.String(dump_only=True, required=True)
    indicator = fields.String(
        dump_only=True, required=True, metadata={"description": "The indicator's `code`."}
    )
    period = fields.String(
        dump_only=True, required=True, metadata={"description": "The period's `label`."}
    )
    value = fields.Float(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        metadata={"description": "When an upload stored it, or last changed it."},
    )


# --- the data view ---------------------------------------------------------------------------


class DataViewClinicSchema(BaseSchema):
    label = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": '"Klinik A", "Klinik B", …: stable for the period.'},
    )
    own = fields.Boolean(
        dump_only=True, required=True, metadata={"description": "The caller's own clinic."}
    )
    clinic_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    name = fields.String(dump_only=True, required=True, allow_none=True)
    provider_number = fields.String(dump_only=True, required=True, allow_none=True)
    value = fields.Float(dump_only=True, required=True)


class DataViewIndicatorSchema(BaseSchema):
    indicator_id = fields.UUID(dump_only=True, required=True)
    code = fields.String(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    unit = fields.String(dump_only=True, required=True)
    direction = fields.Enum(IndicatorDirection, dump_only=True, required=True)
    own_value = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The caller's clinic's value (the mean of several)."},
    )
    cluster_average = fields.Float(dump_only=True, required=True, allow_none=True)
    cluster_clinic_count = fields.Integer(dump_only=True, required=True)
    national_average = fields.Float(dump_only=True, required=True, allow_none=True)
    national_clinic_count = fields.Integer(dump_only=True, required=True)
    clinics = fields.List(fields.Nested(DataViewClinicSchema), dump_only=True, required=True)


class DataViewPeriodSchema(BaseSchema):
    period_id = fields.UUID(dump_only=True, required=True)
    label = fields.String(dump_only=True, required=True)
    starts_on = fields.Date(dump_only=True, required=True)
    ends_on = fields.Date(dump_only=True, required=True)
    policy = fields.Enum(
        DataPolicy,
        dump_only=True,
        required=True,
        metadata={
            "description": "`open` only under an open decision of the cluster that covers the "
            "whole period and has not expired; otherwise `closed`."
        },
    )
    decision_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    decision_expired = fields.Boolean(dump_only=True, required=True)
    indicators = fields.List(fields.Nested(DataViewIndicatorSchema), dump_only=True, required=True)


class DataViewSchema(BaseSchema):
    cluster_id = fields.UUID(dump_only=True, required=True)
    indicator_set_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    periods = fields.List(fields.Nested(DataViewPeriodSchema), dump_only=True, required=True)


# --- decisions on open or closed data --------------------------------------------------------


class DataDecisionSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    policy = fields.Enum(DataPolicy, required=True)
    decided_on = fields.Date(
        required=True, metadata={"description": "The general assembly's date."}
    )
    valid_from = fields.Date(required=True)
    valid_to = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "Null: until the assembly decides again."},
    )
    expired = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Its `valid_to` has passed: it counts as closed."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)

    @validates_schema
    def _period(self, data: dict, **kwargs: object) -> None:
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            raise ValidationError(
                rule("Must not be before valid_from.", "before_valid_from"), "valid_to"
            )
