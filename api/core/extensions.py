"""The extensions, configured once: database, migrations, JWT, rate limiting, CORS and the API."""

from __future__ import annotations

import copy
import csv
import http
import io
import json
import sys
import warnings
from collections.abc import Callable
from functools import wraps
from typing import Any

import flask
import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import request
from flask.json.provider import DefaultJSONProvider
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest.exceptions import PreconditionRequired
from flask_smorest.spec import prepare_response
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.formparser import FormDataParser

from api.core.database import db  # noqa: F401 - as the other extensions
from api.core.errors import PROBLEM_CONTENT_TYPE, abort, handle_http_exception
from api.core.json_tree import nodes
from api.core.permissions import PERMISSIONS, Finder, require_permission
from api.core.security import (
    jwt,  # noqa: F401 - the app factory finds the extensions here
    require_principal,
)
from api.schemas.common import TEXT_PATTERN, ProblemSchema

migrate = Migrate()
cors = CORS()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

BEARER_AUTH = "bearerAuth"


def _text_pattern(self: Any, field: Any, ret: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every text field a client sends carries the platform's text rule as its `pattern`
    (see `BaseSchema`), unless it has a stricter pattern, a format or an enum of its own."""
    types = ret.get("type")
    is_text = types == "string" or (isinstance(types, list) and "string" in types)
    if (
        not is_text
        or field.dump_only
        or any(key in ret for key in ("pattern", "format", "enum", "const"))
    ):
        return {}
    return {"pattern": TEXT_PATTERN}


class SchemaRulesPlugin(MarshmallowPlugin):
    """apispec's marshmallow plugin, adding a schema's rules across its fields that fields
    cannot state (`oneOf`, say) from its `Meta.json_schema`, so the contract says them too; a
    schema that dumps one of several shapes names them in `Meta.json_schema_one_of`."""

    def schema_helper(self, name: str, _: Any, schema: Any = None, **kwargs: Any) -> Any:
        result = super().schema_helper(name, _, schema=schema, **kwargs)
        if result is None:
            return None
        meta = resolve_schema_cls(schema).Meta
        one_of = getattr(meta, "json_schema_one_of", None)
        if one_of:
            # The schema dumps either shape; the contract names each exactly.
            assert self.converter is not None
            result = {
                "oneOf": [self.converter.resolve_nested_schema(shape) for shape in one_of],
                "description": getattr(meta, "description", ""),
            }
        extra = getattr(meta, "json_schema", None)
        if extra:
            result.update(copy.deepcopy(extra))
        return result


class Api(flask_smorest.Api):
    """flask-smorest's Api, with problem+json as the documented and actual error format."""

    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("marshmallow_plugin", SchemaRulesPlugin())
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(_text_pattern)

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemSchema
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "An error, as RFC 9457 problem details.",
            "schema": ProblemSchema,
        }
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def _register_etag_headers(self) -> None:
        self.spec.components.parameter(
            "IF_MATCH",
            "header",
            {
                "name": "If-Match",
                "description": "The ETag from your last GET of this resource (428 without it, "
                "412 when the resource has changed since).",
                "required": True,
                "schema": {"type": "string", "maxLength": MAX_CONDITION_HEADER},
            },
            lazy=True,
        )
        self.spec.components.parameter(
            "IF_NONE_MATCH",
            "header",
            {
                "name": "If-None-Match",
                "description": "An ETag you hold: the answer is 304 when it is still current.",
                "schema": {"type": "string", "maxLength": MAX_CONDITION_HEADER},
            },
            lazy=True,
        )
        self.spec.components.header(
            "ETAG",
            {
                "description": "The version of this representation, for If-Match.",
                "schema": {"type": "string"},
            },
            lazy=True,
        )

    def handle_http_exception(self, error):  # type: ignore[override]
        return handle_http_exception(error)


api = Api()


# No body of this API nests deeper than a few levels; a deeper one is refused before any code
# walks it (a walk of 500 levels would exhaust Python's recursion limit).
MAX_JSON_DEPTH = 32


class JSONLimitError(ValueError):
    """JSON that is well formed but beyond what the API reads: too deep, or a number of more
    digits than Python converts (4300)."""


def _nested_deeper_than(value: Any, limit: int) -> bool:
    return any(depth > limit for depth, node in nodes(value) if isinstance(node, dict | list))


class ApiJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading bodies within the API's limits: a body beyond them raises a
    `JSONLimitError` (a ValueError, which `request.get_json(silent=True)` also swallows)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = json.loads(s, **kwargs)
        except json.JSONDecodeError:
            raise
        except RecursionError as error:
            raise JSONLimitError(
                f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels."
            ) from error
        except ValueError as error:  # an integer of more digits than Python converts
            raise JSONLimitError(
                f"The JSON body has a number of more than {sys.get_int_max_str_digits()} digits."
            ) from error
        if _nested_deeper_than(value, MAX_JSON_DEPTH):
            raise JSONLimitError(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
        return value


# The conditional and range headers hold an ETag or a byte range or two; a longer one is no
# such thing (400), and the contract says so, so no valid request nears a server's header limit.
MAX_CONDITION_HEADER = 200
CONDITION_HEADERS = ("If-Match", "If-None-Match", "If-Range", "Range")


def limit_bodies(app: flask.Flask) -> None:
    """Every body but an upload is read only up to `JSON_MAX_BYTES` (an upload's limit is
    `MAX_CONTENT_LENGTH`, the largest file and its envelope): a stranger cannot make a worker
    parse megabytes of JSON. Blueprints that need another limit set it with `limit_body`."""

    @app.before_request
    def _limit() -> None:
        if request.mimetype != "multipart/form-data":
            request.max_content_length = app.config["JSON_MAX_BYTES"]
        for name in CONDITION_HEADERS:
            if len(request.headers.get(name, "")) > MAX_CONDITION_HEADER:
                abort(400, f"The {name} header is longer than {MAX_CONDITION_HEADER} characters.")


def limit_body(blp: flask.Blueprint, max_bytes: int) -> None:
    """Read at most `max_bytes` of a request body in `blp`'s operations: a larger one is refused
    (413) before a byte of it is parsed. The app-wide default is `JSON_MAX_BYTES`."""

    @blp.before_request
    def _limit() -> None:
        request.max_content_length = max_bytes


class StrictFormDataParser(FormDataParser):
    """A form body that cannot be parsed whole is a 400, not an empty form.

    Werkzeug's parser is silent by default: a multipart body cut off mid-upload (the client
    went away) would pass for a form without its file.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["silent"] = False
        super().__init__(*args, **kwargs)

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().parse(*args, **kwargs)
        except ValueError as error:
            raise BadRequest(
                "The form body is incomplete or malformed: an upload that was cut off? "
                "Send it again."
            ) from error


class ApiRequest(flask.Request):
    """The request of this API: strict about form bodies (see `StrictFormDataParser`)."""

    form_data_parser_class = StrictFormDataParser


class StrictParser(FlaskParser):
    """Unknown query parameters are refused like unknown body fields (each schema's Meta).

    The `multipart` location is a multipart/form-data body: its form fields and its files
    in one schema, so that an upload is described (and checked) as one request body.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
        "multipart": None,
    }
    __location_map__ = {
        **FlaskParser.__location_map__,
        "multipart": "load_multipart",
        "json_or_csv": "load_json_or_csv",
    }

    def _raw_load_json(self, req: flask.Request) -> Any:
        """As webargs', through the app's JSON provider: a body beyond its limits is a 400."""
        if not is_json_request(req):
            return core.missing
        raw = req.get_data(cache=True)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(
                f"Bytes decoding error : {exc.reason}", doc=str(exc.object), pos=exc.start
            ) from exc
        try:
            return flask.json.loads(text)
        except JSONLimitError as error:
            abort(400, str(error))

    def load_json_or_csv(self, req: flask.Request, schema: Any) -> Any:
        """A JSON body, or a `text/csv` one (UTF-8, a header row): its rows as the `items` of
        the JSON body, each a row's columns by the header's names."""
        if req.mimetype != "text/csv":
            return self.load_json(req, schema)
        try:
            text = req.get_data(cache=True).decode("utf-8-sig")
        except UnicodeDecodeError:
            abort(400, "The CSV body is not UTF-8.")
        rows = []
        for row in csv.DictReader(io.StringIO(text)):
            # Cells beyond the header are an unknown field; a short row's missing cells, null.
            extra = row.pop(None, None)  # type: ignore[call-overload]
            rows.append({**row, **({"_extra_cells": extra} if extra else {})})
        return {"items": rows}

    def load_multipart(self, req: flask.Request, schema: Any) -> Any:
        # Files first: a form field named like a file part must not stand in for it.
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the platform's access declaration.

    Every operation states who may call it, once: `@blp.access("users.write")` requires a
    valid token and the permission from the table in `api.core.permissions`, and documents the
    bearer scheme, the permission and the 401/403 answers. `@blp.public()` marks the few
    operations that need no token.
    """

    ARGUMENTS_PARSER = StrictParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
        "json_or_csv": "application/json",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_idempotency_doc)

    @staticmethod
    def _prepare_idempotency_doc(doc: dict, doc_info: dict, **kwargs: Any) -> dict:
        if doc_info.get("idempotent"):
            from api.core.idempotency import HEADER_PARAMETER, REPLAYED_HEADER

            doc.setdefault("parameters", []).append(HEADER_PARAMETER)
            for status, response in doc.get("responses", {}).items():
                if str(status).startswith("2") and isinstance(response, dict):
                    response.setdefault("headers", {})[REPLAYED_HEADER] = {
                        "description": "`true` when this is the replay of an earlier answer.",
                        "schema": {"type": "string", "enum": ["true"]},
                    }
            # A key that is not a UUID, or reused with another body, is refused.
            doc.setdefault("responses", {}).setdefault(
                "422", {"$ref": "#/components/responses/UNPROCESSABLE_ENTITY"}
            )
        return doc

    def arguments(
        self, schema: Any, *, location: str = "json", required: bool = True, **kwargs: Any
    ):  # type: ignore[no-untyped-def]
        """As flask-smorest's, and a body the contract marks required is required: a request
        without one is a 400, not an empty body read as "change nothing"."""
        decorator = super().arguments(schema, location=location, required=required, **kwargs)
        if not required or location not in ("json", "form", "multipart", "json_or_csv"):
            return decorator

        def outer(func: Callable) -> Callable:
            parsed = decorator(func)

            @wraps(parsed)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
                if not request.content_length and not chunked:
                    abort(400, "This operation needs a request body.")
                return parsed(*args, **kwargs)

            return wrapper

        return outer

    def access(self, action: str | None = None, *, on: Finder | None = None) -> Callable:
        """Who may call this operation, and on what: a valid token, then `action` from the
        permission table. With `on`, the operation acts on one object: the finder finds it
        within the caller's reach (404 otherwise) from the path parameters, the table
        decides `action` with the caller's standing there (403), and the view receives it
        (`Reached`) as the finder's name in place of those parameters."""
        if action is not None and action not in PERMISSIONS:
            raise KeyError(f"unknown permission {action!r}")

        def decorator(func: Callable) -> Callable:
            @wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                principal = require_principal()
                if action is not None:
                    # Could this caller ever do this? Asked before anything is looked up.
                    require_permission(principal, action)
                if on is not None:
                    reached = on(principal, **{name: kwargs.pop(name) for name in on.path})
                    if action is not None:
                        require_permission(principal, action, reached.standing)
                    kwargs[on.name] = reached
                return func(*args, **kwargs)

            extensions: dict[str, Any] = {"x-permission": action or "authenticated"}
            if on is not None:
                extensions["x-object"] = on.kind
            wrapper = self.doc(security=[{BEARER_AUTH: []}], **extensions)(wrapper)
            wrapper = self.alt_response(401, response="UNAUTHORIZED")(wrapper)
            if action is not None:
                wrapper = self.alt_response(403, response="FORBIDDEN")(wrapper)
            if on is not None:
                wrapper = self.alt_response(404, response="NOT_FOUND")(wrapper)
            return wrapper

        return decorator

    def _check_precondition(self) -> None:
        """428 only when If-Match is absent; a present but unmatchable one fails with 412."""
        if request.method in self.METHODS_NEEDING_CHECK_ETAG and "If-Match" not in request.headers:
            raise PreconditionRequired

    def check_etag(self, etag_data: Any, etag_schema: Any = None) -> None:
        """As flask-smorest's, but `If-Match: *` fails (412).

        `*` would allow a blind overwrite of whatever is there now: a write must name the
        version it was based on.
        """
        if request.if_match.star_tag:
            abort(412, "If-Match: * is not accepted here; send the ETag you read.")
        super().check_etag(etag_data, etag_schema)

    def check_etag_of_action(self, etag_data: Any) -> None:
        """For an action (a POST) that changes an object as an edit does: `If-Match` is
        required (428) and must be current (412), as for PUT, PATCH and DELETE."""
        if "If-Match" not in request.headers:
            raise PreconditionRequired
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "ETag cannot be checked on POST request")
            self.check_etag(etag_data)

    def public(self) -> Callable:
        def decorator(func: Callable) -> Callable:
            return self.doc(security=[], **{"x-permission": "public"})(func)

        return decorator


def client_address() -> str:
    return get_remote_address() or request.remote_addr or "unknown"
