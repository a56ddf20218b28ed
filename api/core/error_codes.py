"""Stable machine codes for error messages: the one place that names what each message means.

A 422 problem keeps `errors` (field -> English messages) and adds `codes` (field -> one code per
message, with its parameters), so that a client shows its own text in its own language. A
message carries its code: it is a `Coded` string, made with one. Marshmallow's field errors get
theirs from the error key (`required`, `null`, `invalid`, ...) and the field's class; its
validators from their class and what they refused (a text too long, a number out of range);
the project's own validators and rules name theirs. `BaseSchema` codes every field it has (see
`code_schema_fields`), so a schema needs no code of its own.

Problems that are not about fields (409, a rule about the whole request) carry a top-level
`code` from the domain error that refused the request (`DOMAIN_CODES`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

# --- Codes of messages about a field (the `codes` member of a 422) -------------------------

# Each code with the parameters it may carry.
FIELD_CODES: dict[str, str] = {
    "required": "A value is required.",
    "null": "The value may not be null.",
    "invalid_type": "Not a value of the field's type (`expected`: string, integer, number, "
    "boolean, array or object).",
    "invalid": "Not a valid value (a message with no more specific code).",
    "unknown_field": "The contract has no such field.",
    "too_short": "Shorter than `min` (`unit`: characters or items).",
    "too_long": "Longer than `max` (`unit`: characters or items).",
    "wrong_length": "Not exactly `length` long (`unit`: characters or items).",
    "out_of_range": "Outside `min`..`max` (either may be absent).",
    "number_too_large": "The number is too large to be read.",
    "not_one_of": "Not one of `choices`.",
    "not_equal": "Not `expected`.",
    "invalid_format": "Does not have the required form.",
    "invalid_email": "Not an e-mail address.",
    "invalid_url": "Not a URL.",
    "not_https_url": "Not an https:// link to a named host.",
    "invalid_date": "Not a date (YYYY-MM-DD).",
    "invalid_datetime": "Not an RFC 3339 date-time with an offset.",
    "invalid_uuid": "Not a UUID.",
    "invalid_cursor": "Not a cursor this API made.",
    "invalid_provider_number": "Not a provider number (4 to 12 digits).",
    "control_characters": "Text with control characters (tab and line breaks are fine).",
    "blank": "Only blanks.",
    "not_a_file": "A form field where a file part was expected.",
    "exactly_one_of": "Give exactly one of `choices`.",
    "not_available_as_csv": "This parameter is not taken with Accept: text/csv.",
    # Rules across fields or about what a field refers to (`rule-violation`).
    "not_after_start": "Must be after `starts_at`.",
    "after_start": "Must not be after `starts_at`.",
    "before_valid_from": "Must not be before the start (`valid_from`, `starts_on`).",
    "go_together": "Give both fields or neither.",
    "weak_password": "The password is easy to guess.",
    "not_a_clinic_of_cluster": "Not a clinic of this cluster now.",
    "not_a_sub_cluster_of_cluster": "Not a sub-cluster of this cluster.",
    "not_a_member_of_cluster": "Not a member of this cluster.",
    "too_many": "More than `max` at a time.",
    "unknown_cluster": "No such cluster.",
    "unknown_region": "No such region.",
    "unknown_organisation": "No such organisation.",
    "unknown_folder": "No such folder in this cluster's library.",
    "folder_cycle": "A folder cannot move into itself or a folder within it.",
    "file_empty": "The file is empty.",
    "file_type_not_allowed": "A type of file the platform does not take.",
    "name_taken": "The name is taken.",
    "already_held": "The role is held already.",
    "not_enrollable": "The person cannot be enrolled in this cluster.",
    "reply_has_no_title": "A reply has no title and is not pinned.",
    "attendance_not_invited": "Neither invited nor a member of this cluster.",
    "reason_required": "A correction of a closed meeting needs a reason.",
    "responsible_required": "Who arranges it is required.",
    "place_required": "A planned meeting needs a place or a video link.",
    "zero_amount": "An amount of 0 øre books nothing.",
    "unknown_ledger_entry": "No such entry in this ledger.",
    "no_rate_for_year": "No rate is set for this year: set it first.",
    "not_in_agenda": "Not an item of this meeting's agenda.",
    "named_twice": "Named twice in the request.",
    "not_in_package_version": "Not an item of this package version's agenda.",
    "name_unusable": "Nothing usable is left of this name.",
    "file_too_large": "Larger than `max` bytes.",
    "not_in_library": "Only a file in the library moves between folders.",
    "before_earliest": "Before `date`, the earliest allowed.",
    "already_member": "Works at that clinic already.",
    "already_in_use": "In use already.",
    "in_other_cluster": "In another cluster now.",
    "already_in_cluster": "In this cluster already.",
    "scope_not_allowed": "A scope the client does not have (`choices`: those it has).",
    "idempotency_key_reused": "The key was used with a different request.",
    # An item of a batch (`errors` and `codes` of a batch report's item).
    "duplicate_in_batch": "The item's key appears twice in the batch.",
    "unknown_provider_number": "No clinic has this provider number.",
    "unknown_indicator": "No such indicator in this indicator set.",
    "unknown_period": "No such period in this indicator set.",
    "region_or_cluster_required": "A new clinic needs a region or a cluster.",
    "cluster_in_other_region": "The cluster is in another region than the clinic.",
    "outside_reach": "Outside the caller's region.",
    "unknown_expense": "No such expense.",
    "expense_not_in_state": "The expense is not in the state `expected`.",
    # Expenses.
    "unknown_meeting_of_cluster": "No such meeting of this cluster.",
    "receipt_type_not_allowed": "A receipt is a PDF or a photo (JPEG, HEIC, PNG or WebP).",
    # Orders of packages.
    "unknown_package": "No such package in the catalogue.",
    "meeting_or_period_required": "An order names the meeting or the period it is for.",
    "before_wished_from": "Must not be before `wished_from`.",
    "not_staff_of_unit": "Not one of the unit's people.",
    # Proposals of packages.
    "agenda_item_without_minutes": "An agenda item without minutes is not part of a package.",
    "agenda_required": "A package is proposed with at least one agenda item.",
    # Survey templates and surveys.
    "not_for_kind": "Not taken by a question of this kind.",
    "above_max_value": "Must not be above `max_value`.",
    "unknown_survey_template": "No such survey template within reach (a unit's, for a package).",
    "unknown_indicator_set": "No such indicator set.",
    "survey_template_retired": "The template is retired; it is no longer sent.",
    "not_for_audience": "Not taken by a survey of this audience.",
    "audience_not_allowed": "An audience the owner may not send to.",
    "not_in_future": "Must be in the future.",
    # Results of surveys.
    "survey_not_narrowed": "A survey of one cluster is not narrowed to a cluster or a region.",
    "not_in_survey": "Not a cluster or region the survey was sent to.",
    # Answers to a survey (each carries the `question_id` it is about).
    "unknown_question": "Not a question of this survey (of this template, on changing one).",
    "answer_required": "The question must be answered.",
    "wrong_answer_field": "This kind of question is answered in another field (`expected`).",
}

# The code of a message that has none (a client shows a general text).
FALLBACK_CODE = "invalid"


class Coded(str):
    """A message with its stable code and parameters: to clients, still just the message."""

    code: str
    params: dict[str, Any]

    def __new__(cls, message: str, code: str, **params: Any) -> Coded:
        if code not in FIELD_CODES:
            raise ValueError(f"unknown error code {code!r}")
        instance = super().__new__(cls, message)
        instance.code = code
        instance.params = {key: value for key, value in params.items() if value is not None}
        return instance

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), str(self), self.code, self.params))


def _rebuild(cls: type[str], message: str, code: str, params: dict[str, Any]) -> str:
    return cls(message, code, **params)  # type: ignore[call-arg]


def coded(message: str, code: str, **params: Any) -> Coded:
    """A message about a field, with its code."""
    return Coded(message, code, **params)


class _CodedTemplate(str):
    """A marshmallow error message template whose `format` gives a `Coded` message."""

    code: str
    params: dict[str, Any]

    def __new__(cls, template: str, code: str, **params: Any) -> _CodedTemplate:
        instance = super().__new__(cls, template)
        instance.code = code
        instance.params = params
        return instance

    def format(self, *args: Any, **kwargs: Any) -> Coded:  # type: ignore[override]
        return Coded(str.format(self, *args, **kwargs), self.code, **self.params)

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), str(self), self.code, self.params))


# The JSON type each field class reads, for `invalid_type` (the first class in the MRO wins).
_EXPECTED_TYPES: list[tuple[type, str]] = [
    (fields.Integer, "integer"),
    (fields.Number, "number"),
    (fields.Boolean, "boolean"),
    (fields.List, "array"),
    (fields.Tuple, "array"),
    (fields.Mapping, "object"),
    (fields.Nested, "object"),
    (fields.String, "string"),
]

# The code of an `invalid` error of a field that reads a format rather than a type.
_INVALID_FORMATS: list[tuple[type, str]] = [
    (fields.Email, "invalid_email"),
    (fields.Url, "invalid_url"),
    (fields.UUID, "invalid_uuid"),
    (fields.DateTime, "invalid_datetime"),
    (fields.Date, "invalid_date"),
]


def _expected_type(field: fields.Field) -> str | None:
    return next((name for cls, name in _EXPECTED_TYPES if isinstance(field, cls)), None)


def field_error_code(field: fields.Field, key: str) -> tuple[str, dict[str, Any]]:
    """The code of one of a field's error keys (`required`, `invalid`, ...)."""
    if key in ("required", "null"):
        return key, {}
    if key == "unknown" and isinstance(field, fields.Enum):
        return "not_one_of", {"choices": _enum_choices(field)}
    if key in ("invalid", "format", "invalid_awareness", "invalid_uuid"):
        for cls, code in _INVALID_FORMATS:
            if isinstance(field, cls):
                return code, {}
    if key in ("invalid", "type", "invalid_utf8", "not_an_integer"):
        return "invalid_type", {"expected": _expected_type(field)}
    if key in ("too_large", "special"):
        return "number_too_large", {}
    own = getattr(field, "error_codes", {}).get(key)
    if own:
        return own, {}
    return FALLBACK_CODE, {}


def _enum_choices(field: fields.Enum) -> list[Any]:
    if field.by_value is False:
        return list(field.enum.__members__)
    return [member.value for member in field.enum]


# --- Validators ----------------------------------------------------------------------------

ValidatorCode = Callable[[Any, Any], tuple[str, dict[str, Any]]]


def _unit(value: Any) -> str:
    return "characters" if isinstance(value, str) else "items"


def _length_code(validator: validate.Length, value: Any) -> tuple[str, dict[str, Any]]:
    unit = _unit(value)
    if validator.equal is not None:
        return "wrong_length", {"length": validator.equal, "unit": unit}
    if validator.min is not None and len(value) < validator.min:
        return "too_short", {"min": validator.min, "max": validator.max, "unit": unit}
    return "too_long", {"min": validator.min, "max": validator.max, "unit": unit}


def _range_code(validator: validate.Range, value: Any) -> tuple[str, dict[str, Any]]:
    return "out_of_range", {"min": validator.min, "max": validator.max}


def _one_of_code(validator: validate.OneOf, value: Any) -> tuple[str, dict[str, Any]]:
    return "not_one_of", {"choices": list(validator.choices)}


def _equal_code(validator: validate.Equal, value: Any) -> tuple[str, dict[str, Any]]:
    return "not_equal", {"expected": validator.comparable}


def _regexp_code(validator: validate.Regexp, value: Any) -> tuple[str, dict[str, Any]]:
    return getattr(validator, "code", "invalid_format"), {}


# Marshmallow's validators: each class with how its refusal is coded.
VALIDATOR_CODES: dict[type, ValidatorCode] = {
    validate.Length: _length_code,
    validate.Range: _range_code,
    validate.OneOf: _one_of_code,
    validate.Equal: _equal_code,
    validate.Regexp: _regexp_code,
    validate.Email: lambda validator, value: ("invalid_email", {}),
    validate.URL: lambda validator, value: ("invalid_url", {}),
}


def validator_code(validator: Any) -> ValidatorCode | None:
    """How a validator's refusal is coded: by its class, or its own `code`; None if neither."""
    for cls, code_of in VALIDATOR_CODES.items():
        if isinstance(validator, cls):
            return code_of
    code = getattr(validator, "code", None)
    if code in FIELD_CODES:
        return lambda validator, value: (code, {})
    return None


def with_code(code: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Name the code of a validator function's refusal."""
    if code not in FIELD_CODES:
        raise ValueError(f"unknown error code {code!r}")

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        function.code = code  # type: ignore[attr-defined]
        return function

    return decorate


def _recoded(error: ma.ValidationError, validator: Any, value: Any) -> ma.ValidationError:
    code_of = validator_code(validator)
    if code_of is None:
        return error
    code, params = code_of(validator, value)
    messages = error.messages if isinstance(error.messages, list) else [error.messages]
    return ma.ValidationError(
        [m if isinstance(m, Coded) else Coded(str(m), code, **params) for m in messages]
    )


@cache
def _coded_class(cls: type) -> type:
    """A validator class whose refusals carry their code: a subclass, so that whatever reads
    the validator (the contract's `maxLength`, `enum`, `pattern`) still sees what it is."""

    def __call__(self: Any, value: Any) -> Any:
        try:
            return cls.__call__(self, value)
        except ma.ValidationError as error:
            raise _recoded(error, self, value) from None

    return type(cls.__name__, (cls,), {"__call__": __call__, "__module__": cls.__module__})


class CodedValidator:
    """A validator function whose refusals carry its code."""

    def __init__(self, validator: Callable[[Any], Any]) -> None:
        self.validator = validator
        self.code = getattr(validator, "code", None)

    def __call__(self, value: Any) -> Any:
        try:
            return self.validator(value)
        except ma.ValidationError as error:
            raise _recoded(error, self.validator, value) from None

    def __repr__(self) -> str:
        return f"CodedValidator({self.validator!r})"


def coded_validator(validator: Any) -> Any:
    """The validator, its refusals coded."""
    if isinstance(validator, CodedValidator) or getattr(validator, "_coded", False):
        return validator
    if isinstance(validator, validate.Validator):
        twin = copy.copy(validator)
        twin.__class__ = _coded_class(type(validator))
        twin._coded = True
        return twin
    return CodedValidator(validator)


def code_field(field: fields.Field) -> None:
    """Give a field's error messages and validators their codes (and those of the fields it
    holds: a list's items, a mapping's values)."""
    if getattr(field, "_coded", False):
        return
    field._coded = True  # type: ignore[attr-defined]
    field.error_messages = {
        key: _coded_template(message, *field_error_code(field, key))
        if isinstance(message, str)
        else message
        for key, message in field.error_messages.items()
    }
    field.validators = [coded_validator(v) for v in field.validators]
    for inner in (
        getattr(field, "inner", None),
        getattr(field, "value_field", None),
        getattr(field, "key_field", None),
        *getattr(field, "tuple_fields", ()),
    ):
        if isinstance(inner, fields.Field):
            code_field(inner)


def _coded_template(message: str, code: str, params: dict[str, Any]) -> _CodedTemplate:
    return _CodedTemplate(message, code, **params)


def code_schema_fields(schema: ma.Schema) -> None:
    """Code every field of a schema instance, and its own messages (an unknown field, a body
    that is no object)."""
    for field in schema.fields.values():
        code_field(field)
    schema.error_messages = {
        **schema.error_messages,
        "unknown": Coded(str(schema.error_messages["unknown"]), "unknown_field"),
        "type": Coded(str(schema.error_messages["type"]), "invalid_type", expected="object"),
    }


# --- The `codes` member ---------------------------------------------------------------------


def describe(message: Any) -> dict[str, Any]:
    """A message as its code and parameters."""
    if isinstance(message, Coded):
        return {"code": message.code, **message.params}
    return {"code": FALLBACK_CODE}


def codes_of(errors: Any) -> dict[str, list[dict[str, Any]]]:
    """The `codes` member for an `errors` member: per field, a code for each message. Nested
    fields (a list's items, a nested object's fields) are named by their dotted path
    (`responsible.kind`, `user_ids.0`), as the messages are nested in `errors`."""
    codes: dict[str, list[dict[str, Any]]] = {}
    stack: list[tuple[str, Any]] = [("", errors)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            for key, child in node.items():
                stack.append((f"{path}.{key}" if path else str(key), child))
        elif isinstance(node, list | tuple):
            for child in node:
                if isinstance(child, Mapping | list | tuple):
                    stack.append((path, child))
                else:
                    codes.setdefault(path or "_schema", []).append(describe(child))
        else:
            codes.setdefault(path or "_schema", []).append(describe(node))
    return dict(sorted(codes.items()))


# --- Codes of problems as a whole (the top-level `code`) -----------------------------------

DOMAIN_CODES: dict[str, str] = {
    "meeting_not_planned": "The meeting is not planned (a draft, or cancelled): plan it first.",
    "meeting_begun": "The meeting has begun.",
    "meeting_not_begun": "The meeting has not begun yet.",
    "meeting_cancelled": "The meeting is cancelled.",
    "meeting_closed": "The meeting is closed.",
    "meeting_held": "The meeting has been held; it cannot be cancelled.",
    "meeting_not_closable": "A meeting in this state cannot be closed.",
    "meeting_no_way_back_to_draft": "A planned meeting cannot go back to draft.",
    "meeting_draft_only_deleted": "Only a draft is deleted; a planned meeting is cancelled.",
    "meeting_draft_not_cancelled": "A draft is deleted, not cancelled.",
    "meeting_draft_not_in_calendar": "A draft is not put in calendars.",
    "attendance_not_open": "Attendance is not registered for a meeting in this state.",
    "attendance_too_early": "Attendance is registered from two hours before the meeting.",
    "reply_does_not_nest": "A reply is answered through its thread; replies do not nest.",
    "folder_not_empty": "Only an empty folder is deleted.",
    "name_taken": "The name is taken here.",
    "name_busy": "Others took this name at the same moment; try again.",
    "too_many_of_name": "Too many files of this name here.",
    "clinic_in_cluster": "The clinic is in a cluster now; it must leave it first.",
    "already_member": "The person works at that clinic already.",
    "role_already_held": "The person holds this role already.",
    "role_taken": "The cluster has a coordinator; end that role first.",
    "email_taken": "Another account uses this e-mail.",
    "last_admin": "The last active platform admin.",
    "has_attendance": "The person has attendance at meetings; deactivate the account instead.",
    "client_id_taken": "A client with this id exists.",
    "account_activated": "The account is activated already: the person has a password.",
    "account_deactivated": "The account is deactivated: activate it again first.",
    "idempotency_in_progress": "A request with this Idempotency-Key is still in progress.",
    "file_too_large": "The file is larger than the limit.",
    "rate_exists": "The year has a rate already: change it rather than set it again.",
    "rate_in_use": "An allocation has been run with this rate: it cannot change.",
    "fee_not_proposed": "Only a proposed fee is confirmed.",
    "fee_not_confirmed": "Only a confirmed fee is booked.",
    "expense_not_draft": "Only a draft expense is changed, deleted or submitted.",
    "expense_not_submitted": "Only a submitted expense is approved, rejected or returned.",
    "expense_not_approved": "Only an approved expense is booked.",
    "expense_not_booked": "Only a booked expense is paid.",
    "own_expense": "No one approves, rejects or returns their own expense.",
    "receipts_required": "An expense needs at least one receipt before it is submitted.",
    "expense_lines_required": "An expense needs at least one line before it is submitted.",
    "bank_account_required": "An expense needs bank details before it is submitted.",
    "not_your_unit": "A quality unit writes only its own packages.",
    "package_retired": "The package is retired; it no longer changes.",
    "package_not_draft": "Only a package that was never published is deleted; retire it instead.",
    "package_not_published": "Only a published package is retired.",
    "package_version_published": "A published version never changes; make a new version.",
    "package_version_empty": "A version is published with its agenda: add its items first.",
    "package_not_orderable": "Only a published meeting kit is ordered (not a retired one, a "
    "template or a guide).",
    "package_order_not_requested": "Only a requested order is accepted, declined or cancelled.",
    "package_version_not_published": "Only a published version is planned from.",
    "meeting_not_held": "Only a held meeting is shared as a package.",
    "no_regional_unit": "The cluster's region has no quality unit to review a proposal.",
    "package_proposal_published": "A published proposal is a package of the catalogue now.",
    "package_proposal_not_proposed": "Only a proposed proposal is published or returned.",
    "package_proposal_not_returned": "Only a returned proposal is resubmitted.",
    "package_proposal_pending": "The package is a cluster's proposal: publish it through it.",
    # Survey templates and surveys.
    "survey_template_in_use": "A survey was made from the template: retire it instead.",
    "survey_not_draft": "Only a draft survey changes this way (an open one: its deadline and "
    "minimum of answers).",
    "survey_not_open": "Only an open survey is reminded or closed.",
    "survey_no_recipients": "The survey's audience has no one to send it to.",
    "survey_deadline_passed": "The survey's deadline has passed: move it first.",
    "data_conflict": "The request conflicts with existing data (a value that must be unique).",
    "rule_violation": "The request breaks a rule (see `codes` for each field).",
    # Answering a survey.
    "survey_closed": "The survey is closed: its deadline has passed or it was closed early.",
}
