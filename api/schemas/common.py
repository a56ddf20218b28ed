"""Schemas every resource shares: the strict base schema, problem details and list pages."""

from __future__ import annotations

from functools import cache

import marshmallow as ma
from marshmallow import fields, validate


class BaseSchema(ma.Schema):
    """Unknown fields are an error (422), never silently dropped."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


class StrictBoolean(fields.Boolean):
    """A JSON boolean: `true` or `false`, not 0, 1 or "yes"."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class ProblemSchema(BaseSchema):
    """RFC 9457 problem details, the body of every error."""

    type = fields.String(
        required=True, metadata={"description": "A URI that identifies the kind of problem."}
    )
    title = fields.String(required=True, metadata={"description": "Short summary."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(required=True, metadata={"description": "What was wrong."})
    request_id = fields.String(
        allow_none=True, metadata={"description": "The request id, as in X-Request-ID."}
    )
    errors = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Validation messages per field (422 only)."},
    )


class PageArgsSchema(BaseSchema):
    """Query arguments of every cursor-paginated collection.

    Unknown query parameters are refused too, so that a typo (`?limt=5`) is an error rather
    than a silently unfiltered answer. Collections subclass this with their own filters.
    """

    limit = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=200),
        metadata={"description": "Items per page (1-200, default 50)."},
    )
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "The `next_cursor` of the previous page."},
    )


@cache
def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The page envelope `{"items": [...], "next_cursor": ...}` for one item schema."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(
        name,
        (BaseSchema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "next_cursor": fields.String(
                required=True,
                allow_none=True,
                metadata={"description": "Pass as `cursor` for the next page; null at the end."},
            ),
        },
    )
