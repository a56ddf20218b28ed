"""Schemas of PLO's attendance feed: its filters and its rows."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import BaseSchema, SyncPageArgsSchema, entry_schema
from api.services.attendance_feed import FIRST_YEAR, LAST_YEAR


class AttendanceFeedArgsSchema(SyncPageArgsSchema):
    cluster_id = fields.UUID(
        load_default=None, metadata={"description": "Only the meetings of this cluster."}
    )
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
        metadata={"description": "Only meetings held in this year (their date in Danish time)."},
    )
    finalised = fields.Boolean(
        load_default=None,
        metadata={
            "description": "`true`: only rows of closed meetings (final, what fees are paid "
            "from); `false`: only rows not final yet."
        },
    )


class AttendanceRowSchema(BaseSchema):
    """One person at one meeting, as PLO pays fees from it."""

    id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    region_code = fields.String(
        dump_only=True, required=True, metadata={"description": "The cluster's region."}
    )
    user_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True, metadata={"description": "The person."})
    clinic_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    provider_number = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "The provider number of the clinic the person attended for; null "
            "for a role holder without a clinic in the cluster."
        },
    )
    meeting_date = fields.Date(
        dump_only=True,
        required=True,
        metadata={"description": "The meeting's date in its own time zone."},
    )
    duration_minutes = fields.Integer(
        dump_only=True, required=True, metadata={"description": "The meeting's length."}
    )
    attended = fields.Boolean(dump_only=True, required=True)
    finalised = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "The meeting is closed: the row is final (a coordinator "
            "may still correct it, with a reason; the row then changes again)."
        },
    )


# The feed's item: the row, or a tombstone (`id`, `deleted`, `updated_at`).
AttendanceFeedEntrySchema = entry_schema(AttendanceRowSchema)
