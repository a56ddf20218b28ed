"""Schemas every resource shares: the strict base schema, problem details and list pages."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate


def _storable_text(value: object) -> bool:
    """Text every database keeps: no NUL character, no lone UTF-16 surrogate."""
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, Mapping):
        return all(_storable_text(k) and _storable_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_storable_text(v) for v in value)
    return True


class BaseSchema(ma.Schema):
    """Unknown fields are an error (422), never silently dropped."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    @ma.pre_load
    def _reject_unstorable_text(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        errors = {
            str(key): ["Must be text without NUL characters or unpaired surrogates."]
            for key in data
            if not (_storable_text(key) and _storable_text(data[key]))
        }
        if errors:
            raise ma.ValidationError(errors)
        return data


class StrictBoolean(fields.Boolean):
    """A JSON boolean: `true` or `false`, not 0, 1 or "yes"."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class ProblemSchema(BaseSchema):
    """RFC 9457 problem details, the body of every error. A problem may carry extension
    members (a bulk request's per-item report, for example)."""

    class Meta:
        unknown = ma.INCLUDE

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
