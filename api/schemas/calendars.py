"""Schemas of calendar subscriptions."""

from __future__ import annotations

from marshmallow import fields

from api.schemas.common import BaseSchema


class CalendarFeedSchema(BaseSchema):
    active = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Whether you have a feed URL that works now."},
    )
    created_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When the current URL was made."},
    )
    last_used_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When a calendar app last fetched it."},
    )
    use_count = fields.Integer(
        dump_only=True, required=True, metadata={"description": "How often it was fetched."}
    )


class CalendarFeedCreatedSchema(CalendarFeedSchema):
    url = fields.Url(
        dump_only=True,
        required=True,
        metadata={
            "description": "The feed's secret address, shown this once: subscribe to it in a "
            "calendar app. Anyone who has it can read your meetings; make a new one if it "
            "leaks."
        },
    )
    webcal_url = fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "The same address as `webcal://`, which opens a calendar app's "
            "subscription dialog when clicked."
        },
    )
