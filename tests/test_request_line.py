"""The HTTP server's own limits: no request the contract allows can meet them (the longest
request line a schema-valid request can have, with every query value at its longest and every
character percent-encoded at its widest, fits gunicorn's `limit_request_line` from
gunicorn.conf.py, and every header parameter is bounded well within `limit_request_field_size`),
and what gunicorn refuses by itself (414, 431, 400) is a problem+json like every other error."""

from __future__ import annotations

import importlib.util
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bench.server import HOST, _run_flask, api_environment, running_server

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


@pytest.fixture(scope="module")
def gunicorn_api(tmp_path_factory) -> Iterator[str]:
    """The API under gunicorn with the project's gunicorn.conf.py, on an empty database."""
    folder = tmp_path_factory.mktemp("gunicorn")
    database_url = f"sqlite:///{folder / 'db.sqlite3'}"
    _run_flask(["db", "upgrade"], api_environment(database_url))
    with running_server(database_url, folder / "api.log") as server:
        yield f"{HOST}:{server.port}"


def _raw(address: str, request: bytes) -> tuple[int, str, dict]:
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers["Content-Type"], json.loads(body)


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /api/v1/users?q=" + b"x" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n", 431),
        (b"GARBAGE\r\n\r\n", 400),
    ],
)
def test_the_servers_own_refusals_are_problems(gunicorn_api, request_bytes, status):
    answered, content_type, problem = _raw(gunicorn_api, request_bytes)
    assert (answered, content_type) == (status, "application/problem+json")
    assert problem["status"] == status
    assert problem["type"].startswith("urn:cluster-platform:problem:")
    assert {"title", "detail", "request_id"} <= set(problem)
