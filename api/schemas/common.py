"""Schemas every resource shares: the strict base schema, problem details and list pages."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from api.core.batch import STATUSES as BATCH_STATUSES
from api.core.error_codes import DOMAIN_CODES, FIELD_CODES, Coded, code_schema_fields, with_code
from api.core.json_tree import nodes
from api.core.passwords import normalise_password

# Text in every field: no control character but tab, line feed and carriage return (no NUL,
# which no database keeps, and nothing a terminal, a spreadsheet or a log would act on).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same rule as the `pattern` of every text field in the contract (ECMA-262 syntax).
TEXT_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
TEXT_RULE = "Must be text without control characters (tab and line breaks are fine)."


@with_code("blank")
def not_blank(value: str) -> None:
    """A text that says something: not only blanks."""
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


def _storable_string(value: str) -> bool:
    if CONTROL_CHARACTERS.search(value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable_text(value: object) -> bool:
    """Text every database keeps and every reader can show, in every string of `value` (keys
    too): no control character but tab and line breaks (see CONTROL_CHARACTERS), no lone
    UTF-16 surrogate."""
    return all(
        _storable_string(node) for _, node in nodes(value, keys=True) if isinstance(node, str)
    )


class BaseSchema(ma.Schema):
    """Unknown fields are an error (422), never silently dropped."""

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every message of every field carries its stable code (api.core.error_codes).
        code_schema_fields(self)

    @ma.pre_load
    def _reject_unstorable_text(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        errors = {
            str(key): [Coded(TEXT_RULE, "control_characters")]
            for key in data
            if not (_storable_text(key) and _storable_text(data[key]))
        }
        if errors:
            raise ma.ValidationError(errors)
        return data


class Pattern(validate.Regexp):
    """A regular expression the whole value must match, stated as the field's `pattern` in the
    contract. Python's `$` would also let a trailing line break through; JSON Schema's does not,
    so the value is matched whole. `code` names what a mismatch means (see
    api.core.error_codes)."""

    def __init__(self, regex: str, *, code: str = "invalid_format", **kwargs: Any) -> None:
        if code not in FIELD_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(regex, **kwargs)
        self.code = code

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


class WholeNumber(fields.Integer):
    """A JSON integer in a body: as JSON Schema has it, `5` and `5.0` are the same integer, while
    `5.5`, `"5"` and `true` are not (marshmallow's Integer would cut 5.5 to 5 or read "5")."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid", input=value)
        return super()._deserialize(int(value), attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """A JSON boolean: `true` or `false`, not 0, 1 or "yes"."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Password(fields.String):
    """A password, read in its normalised form (NFKC, see `api.core.passwords`), so that it is
    checked, hashed and compared as the same text however it was typed."""

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        return normalise_password(super()._deserialize(value, attr, data, **kwargs))


class RFC3339DateTime(fields.AwareDateTime):
    """An RFC 3339 date-time with its offset (`2026-03-04T15:30:00Z`), read as UTC.

    Stricter than ISO 8601, which would also take a bare date, a week date or the basic
    format: a timestamp an integrator stores must mean one instant to every reader. At most
    40 characters (nanoseconds and an offset fit), so a query stays within a URL's length.
    """

    MAX_LENGTH = 40

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {"maxLength": self.MAX_LENGTH, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    _FORMAT = re.compile(
        r"(?P<date>\d{4}-\d{2}-\d{2})[Tt](?P<time>\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?"
        r"(?P<offset>[Zz]|[+-]\d{2}:\d{2})",
        re.ASCII,
    )
    default_error_messages = {
        "invalid": "Not an RFC 3339 date-time with an offset, such as 2026-03-04T15:30:00Z."
    }

    def _deserialize(self, value, attr, data, **kwargs):  # type: ignore[no-untyped-def]
        too_long = isinstance(value, str) and len(value) > self.MAX_LENGTH
        match = self._FORMAT.fullmatch(value) if isinstance(value, str) and not too_long else None
        if match is None:
            raise self.make_error("invalid")
        # Microseconds are what the database keeps; finer digits are cut, never rounded up,
        # so that a walk from this instant still includes it.
        fraction = (match["fraction"] or "")[:6].ljust(6, "0")
        offset = "+00:00" if match["offset"] in "Zz" else match["offset"]
        try:
            parsed = datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}{offset}")
            return parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            raise self.make_error("invalid") from None


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
        metadata={"description": "Validation messages per field (422 only), in English."},
    )
    codes = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(lambda: ErrorCodeSchema())),
        metadata={
            "description": "The messages of `errors` as stable codes with their parameters, "
            "one per message, for a client that shows its own text: per field, named as in "
            "`errors`, a nested field by its dotted path (`responsible.kind`, `user_ids.0`). "
            "Present whenever `errors` is."
        },
    )
    code = fields.String(
        validate=validate.OneOf(list(DOMAIN_CODES)),
        metadata={
            "description": "The stable code of the rule that refused the request, when a rule "
            "of the domain did (a 409, or a 422 rule about the request as a whole):\n\n"
            + "\n".join(f"- `{code}`: {meaning}" for code, meaning in DOMAIN_CODES.items())
        },
    )


class ErrorCodeSchema(BaseSchema):
    """One message of a field as a stable code and its parameters."""

    class Meta:
        description = (
            "A field's message as a stable code, with the parameters it carries:\n\n"
            + "\n".join(f"- `{code}`: {meaning}" for code, meaning in FIELD_CODES.items())
        )

    code = fields.String(required=True, validate=validate.OneOf(list(FIELD_CODES)))
    min = fields.Float(metadata={"description": "The least length or value."})
    max = fields.Float(metadata={"description": "The greatest length, value or count."})
    length = fields.Integer(metadata={"description": "The exact length."})
    unit = fields.String(
        validate=validate.OneOf(["characters", "items"]),
        metadata={"description": "What a length counts."},
    )
    choices = fields.List(fields.Raw(), metadata={"description": "The values allowed."})
    expected = fields.Raw(metadata={"description": "The type or value expected."})
    date = fields.String(metadata={"description": "A date (YYYY-MM-DD)."})


class BatchItemSchema(BaseSchema):
    index = fields.Integer(
        dump_only=True, required=True, metadata={"description": "The item's place in the request."}
    )
    key = fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "What the item is about: a person's id, `email @ provider number`, "
            "or a provider number."
        },
    )
    status = fields.String(dump_only=True, required=True, validate=validate.OneOf(BATCH_STATUSES))
    changes = fields.List(
        fields.String(),
        dump_only=True,
        required=True,
        metadata={"description": "The fields an `updated` item changes."},
    )
    errors = fields.List(
        fields.String(),
        dump_only=True,
        required=True,
        metadata={"description": "Why an `error` item cannot be applied, in English."},
    )
    codes = fields.List(
        fields.Nested(lambda: ErrorCodeSchema()),
        dump_only=True,
        required=True,
        metadata={
            "description": "The messages of `errors` as stable codes with their parameters, "
            "one per message and in the same order, for a client that shows its own text."
        },
    )
    user_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The person, in batches about a meeting's people."},
    )
    name = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The person's name, in batches of people."},
    )


# A count for every status a batch item can have (the statuses are api.core.batch's).
BatchSummarySchema = type(
    "BatchSummarySchema",
    (BaseSchema,),
    {status: fields.Integer(dump_only=True, required=True) for status in BATCH_STATUSES},
)


class BatchReportSchema(BaseSchema):
    """What a batch did, or in a dry run would do, item by item: the one report of every batch
    operation. All or nothing: with any `error`, nothing is written."""

    dry_run = fields.Boolean(dump_only=True, required=True)
    applied = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Whether the changes were written (not a dry run, no error)."},
    )
    summary = fields.Nested(
        BatchSummarySchema,
        dump_only=True,
        required=True,
        metadata={"description": "Items per status."},
    )
    items = fields.List(fields.Nested(BatchItemSchema), dump_only=True, required=True)


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
        # Cursors are base64url: the pattern keeps every valid request within a URL's length.
        validate=[
            # Every cursor holds a row's id, so it is never shorter than this.
            validate.Length(min=40, max=500),
            Pattern(
                r"^[A-Za-z0-9_-]+$", code="invalid_cursor", error="Not a cursor this API made."
            ),
        ],
        metadata={"description": "The `next_cursor` of the previous page (base64url)."},
    )


class SyncPageArgsSchema(PageArgsSchema):
    """Query arguments of a collection that integrators synchronise."""

    updated_since = RFC3339DateTime(
        load_default=None,
        metadata={
            "description": "Start a changes walk: the rows changed at or after this instant "
            "(RFC 3339), in `(updated_at, id)` order, with tombstones for rows that ended. "
            "Continue it with `cursor` alone."
        },
    )


class TombstoneSchema(BaseSchema):
    """A row that has ended, in a changes walk: remove its `id` from your copy."""

    id = fields.UUID(dump_only=True, required=True)
    deleted = fields.Boolean(dump_only=True, required=True, validate=validate.OneOf([True]))
    updated_at = fields.AwareDateTime(
        dump_only=True, required=True, metadata={"description": "When the row ended."}
    )


def _change_fields() -> dict[str, Any]:
    return {
        "updated_at": fields.AwareDateTime(
            dump_only=True,
            metadata={
                "description": "In a changes walk: when the row last changed, as the walk "
                "orders it (a change to what the row shows counts)."
            },
        ),
        "deleted": fields.Boolean(
            dump_only=True,
            validate=validate.OneOf([False]),
            metadata={"description": "In a changes walk: `false` (a tombstone says `true`)."},
        ),
    }


def _plural(name: str) -> str:
    """`ClusterRole` as the contract's prose says it: "cluster roles"."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


@cache
def entry_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The item of a list that integrators synchronise: in the contract, `oneOf` the row
    (`item_schema`'s fields, plus `updated_at` and `deleted: false` in a changes walk) or a
    tombstone (`id`, `deleted: true`, `updated_at`), told apart by `deleted`, so that a
    generated client gets two exact types rather than one with every field optional.

    The schema returned dumps either (its item fields are optional for that); the contract
    shows the two shapes through `Meta.json_schema_one_of`.
    """
    name = item_schema.__name__.removesuffix("Schema")
    row = type(
        f"{name}RowSchema",
        (item_schema,),
        {
            **_change_fields(),
            "Meta": type(
                "Meta",
                (item_schema.Meta,),
                {
                    "description": f"A row of {_plural(name)}: `updated_at` and `deleted` in "
                    "a changes walk."
                },
            ),
        },
    )
    declared: dict[str, Any] = {}
    for field_name, field in item_schema._declared_fields.items():
        field = copy.deepcopy(field)
        field.required = field_name == "id"
        declared[field_name] = field
    declared.update(_change_fields())
    meta = type(
        "Meta",
        (BaseSchema.Meta,),
        {
            "json_schema_one_of": (row, TombstoneSchema),
            "description": "A row of a list that integrators synchronise, or in a changes walk "
            "(`updated_since`) a tombstone: `deleted` tells which.",
        },
    )
    return type(f"{name}EntrySchema", (BaseSchema,), {**declared, "Meta": meta})


@cache
def page_schema(item_schema: type[ma.Schema], *, changes: bool = False) -> type[ma.Schema]:
    """The page envelope `{"items": [...], "next_cursor": ..., "has_more": ...}` for one item
    schema; `changes` for a list that also has a changes walk (`updated_since`)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    description = "Pass as `cursor` for the next page; null at the end (`has_more` false)."
    if changes:
        description += (
            " In a changes walk it is never null: on the last page it is where to poll from "
            "later, so store it."
        )
    return type(
        name,
        (BaseSchema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "next_cursor": fields.String(
                required=True, allow_none=True, metadata={"description": description}
            ),
            "has_more": fields.Boolean(
                required=True,
                metadata={
                    "description": "Whether more rows are waiting: the one rule for the end of "
                    "every list. While true, fetch the next page with `next_cursor` (the `Link` "
                    'header\'s `rel="next"` says the same); at false the list, or the changes '
                    "walk for now, has ended."
                },
            ),
        },
    )
