"""No request the contract allows can meet the HTTP server's own limits, whose refusals (414,
431, 400 from gunicorn) are plain HTML rather than problems: the longest request line a
schema-valid request can have, with every query value at its longest and every character
percent-encoded at its widest, fits gunicorn's `limit_request_line` (gunicorn.conf.py), and every
header parameter is bounded well within `limit_request_field_size`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
METHODS = {"get", "post", "put", "patch", "delete"}
# A code point takes at most 4 bytes of UTF-8, each `%XX` in a URL; a header carries the bytes.
WIDEST_CHARACTER = 12
WIDEST_HEADER_CHARACTER = 4
# Patterns whose every character is unreserved in a URL, sent as is.
UNRESERVED_PATTERNS = {"^[A-Za-z0-9_-]+$", "^[0-9]{4,12}$"}


def _gunicorn_config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _longest(schema: dict, widest: int = WIDEST_CHARACTER) -> int:
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types or []
    if "enum" in schema:
        return max(len(str(value)) for value in schema["enum"] if value is not None)
    if "boolean" in types:
        return len("false")
    if "integer" in types:
        return len(str(-(2**63)))
    assert "string" in types, schema
    if schema.get("format") == "uuid":
        return 36
    if schema.get("format") == "date":
        return 10
    assert "maxLength" in schema, f"an unbounded string: {schema}"
    if schema.get("pattern") in UNRESERVED_PATTERNS:
        return schema["maxLength"]
    return schema["maxLength"] * widest


def test_every_schema_valid_request_line_fits_the_server():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    parameters = spec["components"]["parameters"]
    limit = _gunicorn_config().limit_request_line
    longest = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            length = len(f"{method.upper()} {path} HTTP/1.1")
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = parameters[parameter["$ref"].split("/")[-1]]
                schema = parameter["schema"]
                if parameter["in"] == "path":
                    length += _longest(schema) - len(parameter["name"]) - 2
                elif parameter["in"] == "query":
                    length += len(parameter["name"]) + 2 + _longest(schema)
                elif parameter["in"] == "header":
                    field = len(parameter["name"]) + 2 + _longest(schema, WIDEST_HEADER_CHARACTER)
                    assert field <= _gunicorn_config().limit_request_field_size // 4, (
                        f"{method.upper()} {path}: header {parameter['name']}"
                    )
            longest.append((length, f"{method.upper()} {path}"))
    length, operation = max(longest)
    assert length <= limit, f"{operation} may need a request line of {length} characters"
