"""RFC 9457 problem details: the one error format for every error source of the API."""

from __future__ import annotations

import http
import logging
from typing import Any, NoReturn

from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

from api.core.error_codes import DOMAIN_CODES, Coded, codes_of
from api.core.json_tree import leaves

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:cluster-platform:problem:"

log = logging.getLogger("api.core.errors")

# A 422 comes in two kinds. `validation-error`: a field breaks the contract (its type, format,
# length, pattern, enum), which a client can check before sending. `rule-violation`: the request
# is well formed, but breaks a rule the contract cannot state: across fields (an end before its
# start), or about what it refers to (an unknown organisation, a clinic not in the cluster).
RULE_VIOLATION = "rule-violation"

# A stable, documented problem type per status. Clients may switch on `type`.
PROBLEM_TYPES: dict[int, str] = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "content-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    416: "range-not-satisfiable",
    422: "validation-error",
    428: "precondition-required",
    431: "header-fields-too-large",
    429: "rate-limited",
    500: "internal-error",
}

DEFAULT_DETAILS: dict[int, str] = {
    401: "A valid access token is required.",
    403: "You are not allowed to do this.",
    404: "The resource was not found.",
    405: "The method is not allowed for this resource.",
    412: "The resource has changed since you read it. Fetch it again and retry with its ETag.",
    413: "The request body is larger than the server accepts.",
    422: "The request could not be processed. See `errors` for each field.",
    428: "This request must be conditional: send If-Match with the resource's ETag.",
    429: "Too many requests. Wait and try again later.",
    500: "An unexpected error occurred. Quote the request id when you report it.",
}


def problem_body(
    status: int,
    *,
    detail: str | None = None,
    title: str | None = None,
    type_: str | None = None,
    errors: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    if type_ is None and status == 422 and _all_rules(errors):
        type_ = PROBLEM_TYPE_PREFIX + RULE_VIOLATION
    if detail is None and type_ == PROBLEM_TYPE_PREFIX + RULE_VIOLATION:
        detail = "The request is well formed but breaks a rule. See `errors` for each field."
    body: dict[str, Any] = {
        "type": type_ or PROBLEM_TYPE_PREFIX + PROBLEM_TYPES.get(status, str(status)),
        "title": title or phrase,
        "status": status,
        "detail": detail or DEFAULT_DETAILS.get(status, phrase),
        "request_id": getattr(g, "request_id", None),
    }
    if errors is not None:
        body["errors"] = errors
        # The same messages as stable codes with their parameters, for clients that show
        # their own text (see api.core.error_codes).
        body["codes"] = codes_of(errors)
    if extra.get("code") is None:
        extra.pop("code", None)
        if type_ == PROBLEM_TYPE_PREFIX + RULE_VIOLATION and errors is None:
            extra["code"] = "rule_violation"
    elif extra["code"] not in DOMAIN_CODES:
        raise ValueError(f"unknown problem code {extra['code']!r}")
    body.update(extra)
    return body


def problem_response(status: int, headers: dict[str, str] | None = None, **kwargs: Any) -> Response:
    body = problem_body(status, **kwargs)
    response = Response(
        json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE, headers=headers
    )
    return response


class ProblemError(HTTPException):
    """An HTTP error raised from domain or resource code, rendered as problem+json."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        errors: Any = None,
        headers: dict[str, str] | None = None,
        title: str | None = None,
        type_: str | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.problem_code = code
        self.code = status
        self.detail = detail
        self.errors = errors
        self.extra_headers = headers or {}
        self.title = title
        self.type_ = type_
        self.extra = extra or {}


class DomainError(Exception):
    """A rule of the domain refuses what was asked. Services raise these, never HTTP errors;
    `register_error_handlers` maps each to its problem+json answer, in this one place."""

    status = 400
    type_: str | None = None

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: Any = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or "")
        self.detail = detail
        # The stable code of the rule that refused (api.core.error_codes.DOMAIN_CODES), for
        # clients that show their own text; messages in `errors` carry their own codes.
        self.code = code
        self.errors = errors
        # Members of the problem body beside the standard ones (a batch's report).
        self.extra = extra or {}


class Unauthenticated(DomainError):
    """The credentials do not hold (a spent refresh token, an ended session)."""

    status = 401


class NotFound(DomainError):
    """The object does not exist, or not within the caller's reach (the two look the same)."""

    status = 404


class Forbidden(DomainError):
    """The caller reaches the object but may not do this to it."""

    status = 403


class Conflict(DomainError):
    """The object's state does not allow this now (a closed meeting, a name taken)."""

    status = 409


class RuleViolation(DomainError):
    """Well formed, but breaks a rule the contract cannot state: across fields, or about what
    it refers to. `errors` says which field and why."""

    status = 422
    type_ = PROBLEM_TYPE_PREFIX + RULE_VIOLATION


class TooLarge(DomainError):
    """The content is larger than the limit."""

    status = 413


def abort(status: int, detail: str | None = None, **kwargs: Any) -> NoReturn:
    """Stop the request with a problem+json error. A 422 from here is a `rule-violation`: the
    request passed the schema, so what it breaks is a rule the contract cannot state."""
    if status == 422:
        kwargs.setdefault("type_", PROBLEM_TYPE_PREFIX + RULE_VIOLATION)
    raise ProblemError(status, detail, **kwargs)


class RuleMessage(Coded):
    """A schema's message about a rule across fields (`@validates_schema`), not a field's own
    constraint: a 422 whose messages are all rules is a `rule-violation`."""


def rule(message: str, code: str, **params: Any) -> RuleMessage:
    return RuleMessage(message, code, **params)


def _all_rules(errors: Any) -> bool:
    messages = leaves(errors)
    return bool(messages) and all(isinstance(m, RuleMessage) for m in messages)


def validation_error(field: str, message: str, code: str, **params: Any) -> NoReturn:
    """A field breaks the contract (422 `validation-error`)."""
    abort(
        422,
        errors={field: [Coded(message, code, **params)]},
        type_=PROBLEM_TYPE_PREFIX + PROBLEM_TYPES[422],
    )


# Where webargs found what it refused (`multipart` is a form body's fields and files).
_REQUEST_LOCATIONS = {"json", "query", "headers", "form", "files", "multipart", "json_or_csv"}


def _normalise_errors(errors: Any) -> Any:
    """webargs nests messages by location ({"json": {...}}); clients want field -> messages."""
    if isinstance(errors, dict) and set(errors) <= _REQUEST_LOCATIONS:
        merged: dict[str, Any] = {}
        for location, fields in errors.items():
            if isinstance(fields, dict):
                merged.update(fields)
            else:
                merged[location] = fields
        return merged
    return errors


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    headers: dict[str, str] = {}
    if isinstance(error, ProblemError):
        headers.update(error.extra_headers)
        return problem_response(
            status,
            headers=headers,
            detail=error.detail,
            errors=error.errors,
            title=error.title,
            type_=error.type_,
            code=error.problem_code,
            **error.extra,
        )
    detail = None
    errors = None
    data = getattr(error, "data", None)  # set by webargs/flask-smorest abort()
    if data:
        detail = data.get("message")
        errors = data.get("errors") or data.get("messages")
        headers.update(data.get("headers") or {})
    if status == 500:
        detail = None  # never leak internals
    elif detail is None and error.description and status not in DEFAULT_DETAILS:
        detail = error.description
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(sorted(error.valid_methods))  # type: ignore[attr-defined]
    if status == 429:
        detail = f"Too many requests: the limit is {error.description}. Try again later."
    original = error.get_response()
    for name in ("Retry-After", "WWW-Authenticate"):
        if name in original.headers and name not in headers:
            headers[name] = original.headers[name]
    return problem_response(
        status, headers=headers, detail=detail, errors=_normalise_errors(errors)
    )


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    return problem_response(500)


def handle_domain_error(error: DomainError) -> Response:
    return problem_response(
        error.status,
        detail=error.detail,
        errors=error.errors,
        type_=error.type_,
        code=error.code,
        **error.extra,
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
