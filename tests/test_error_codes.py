"""Stable machine codes for errors: each kind of code over HTTP, and guards that no validator,
field error or domain rule of the app can go without one."""

from __future__ import annotations

import ast
import importlib
import io
import pkgutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import marshmallow as ma
import pytest
from marshmallow import fields

import api.schemas
from api.core.error_codes import (
    DOMAIN_CODES,
    FALLBACK_CODE,
    FIELD_CODES,
    Coded,
    codes_of,
    field_error_code,
    validator_code,
)
from api.core.extensions import db
from api.models import Meeting
from api.schemas.common import BaseSchema
from tests.problems import assert_problem
from tests.scenarios import build, doctor

ROOT = Path(__file__).resolve().parent.parent


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _meeting(**fields_: object) -> dict:
    return {
        "title": "Klyngemøde",
        "kind": "after_work",
        "starts_at": _at(timedelta(days=10)),
        "ends_at": _at(timedelta(days=10, hours=3)),
        "place_name": "Lægehuset",
        **fields_,
    }


@pytest.fixture
def world(factory):
    return build(factory, {"coordinator": doctor("viborg", role="coordinator")}, naming=str)


def _post(client, world, body: dict):
    url = f"/api/v1/clusters/{world.viborg.id}/meetings"
    return client.post(url, json=body, headers=world.headers["coordinator"])


# --- each kind of code, over HTTP -------------------------------------------------------

CASES = [
    ("required", {"title": None}, "title", {"code": "required"}),
    ("null", {"title": None, "_title": None}, "title", {"code": "null"}),
    (
        "invalid_type",
        {"place_name": 5},
        "place_name",
        {"code": "invalid_type", "expected": "string"},
    ),
    (
        "too_long",
        {"title": "x" * 201},
        "title",
        {"code": "too_long", "min": 1, "max": 200, "unit": "characters"},
    ),
    (
        "too_short",
        {"title": ""},
        "title",
        {"code": "too_short", "min": 1, "max": 200, "unit": "characters"},
    ),
    (
        "not_one_of",
        {"status": "held"},
        "status",
        {"code": "not_one_of", "choices": ["draft", "planned"]},
    ),
    ("enum not_one_of", {"kind": "party"}, "kind", {"code": "not_one_of"}),
    ("invalid_datetime", {"starts_at": "tomorrow"}, "starts_at", {"code": "invalid_datetime"}),
    ("not_https_url", {"video_url": "http://x.dk"}, "video_url", {"code": "not_https_url"}),
    ("unknown_field", {"colour": "blue"}, "colour", {"code": "unknown_field"}),
    (
        "control_characters",
        {"title": "a\x07b"},
        "title",
        {"code": "control_characters"},
    ),
    (
        "nested invalid_uuid",
        {"responsible": {"kind": "user", "id": "nope"}},
        "responsible.id",
        {"code": "invalid_uuid"},
    ),
    (
        "not_after_start",
        {"ends_at": _at(timedelta(days=9))},
        "ends_at",
        {"code": "not_after_start"},
    ),
    (
        "after_start",
        {"rsvp_by": _at(timedelta(days=11))},
        "rsvp_by",
        {"code": "after_start"},
    ),
]


@pytest.mark.parametrize(("name", "change", "field", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_field_code(client, world, name, change, field, expected):
    body = _meeting(**{k: v for k, v in change.items() if not k.startswith("_")})
    if name == "required":
        del body["title"]
    body = {k: v for k, v in body.items() if v is not None or name == "null"}
    problem = assert_problem(_post(client, world, body), 422)
    assert set(problem["codes"]) == set(problem["errors"]) or "." in field
    got = problem["codes"][field]
    assert len(got) == 1
    if expected["code"] == "not_one_of" and "choices" not in expected:
        assert got[0]["code"] == "not_one_of" and "after_work" in got[0]["choices"]
    else:
        assert got[0] == expected


def test_a_rule_across_fields_is_a_rule_violation_with_its_code(client, world):
    problem = assert_problem(_post(client, world, _meeting(ends_at=_at(timedelta(days=1)))), 422)
    assert problem["type"].endswith(":rule-violation")
    assert problem["codes"] == {"ends_at": [{"code": "not_after_start"}]}
    assert problem["errors"] == {"ends_at": ["Must be after starts_at."]}


def test_a_query_out_of_range_and_an_unknown_query_parameter(client, world):
    url = f"/api/v1/clusters/{world.viborg.id}/meetings"
    headers = world.headers["coordinator"]
    problem = assert_problem(client.get(f"{url}?limit=500&colour=blue", headers=headers), 422)
    assert problem["codes"]["limit"] == [{"code": "out_of_range", "min": 1, "max": 200}]
    assert problem["codes"]["colour"] == [{"code": "unknown_field"}]


def test_a_body_that_is_no_object(client, world):
    problem = assert_problem(_post(client, world, ["a list"]), 422)  # type: ignore[arg-type]
    assert problem["codes"]["_schema"] == [{"code": "invalid_type", "expected": "object"}]


def test_a_service_rule_names_its_field_code(client, world):
    other = uuid.uuid4()
    body = _meeting(responsible={"kind": "sub_cluster", "id": str(other)})
    problem = assert_problem(_post(client, world, body), 422)
    assert problem["codes"] == {"responsible": [{"code": "not_a_sub_cluster_of_cluster"}]}


def test_a_domain_conflict_names_its_code(client, world):
    created = _post(client, world, _meeting(status="planned"))
    assert created.status_code == 201, created.get_json()
    meeting_id = created.get_json()["id"]
    closed = client.post(
        f"/api/v1/meetings/{meeting_id}/close", headers=world.headers["coordinator"]
    )
    problem = assert_problem(closed, 409)
    assert problem["code"] == "meeting_not_begun"
    assert "codes" not in problem
    meeting = db.session.get(Meeting, uuid.UUID(meeting_id))
    assert meeting is not None


def test_a_file_name_too_long_and_an_empty_file(client, world):
    url = f"/api/v1/clusters/{world.viborg.id}/files"
    headers = world.headers["coordinator"]
    empty = client.post(url, data={"file": (io.BytesIO(b""), "tom.txt")}, headers=headers)
    problem = assert_problem(empty, 422)
    assert problem["codes"] == {"file": [{"code": "file_empty"}]}


# --- the codes member itself -------------------------------------------------------------


def test_codes_mirror_errors_and_fall_back_for_an_uncoded_message():
    errors = {
        "title": [Coded("Too long.", "too_long", max=200, min=None)],
        "items": {"0": {"name": ["Plain text."]}},
    }
    assert codes_of(errors) == {
        "items.0.name": [{"code": FALLBACK_CODE}],
        "title": [{"code": "too_long", "max": 200}],
    }


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown error code"):
        Coded("Nope.", "no_such_code")


# --- guards: every validator and every rule has a code ----------------------------------


def _schema_classes() -> list[type[ma.Schema]]:
    for module in pkgutil.iter_modules(api.schemas.__path__):
        importlib.import_module(f"api.schemas.{module.name}")
    found: list[type[ma.Schema]] = []
    stack: list[type] = [BaseSchema]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def _fields_of(field: fields.Field):
    yield field
    for inner in (
        getattr(field, "inner", None),
        getattr(field, "value_field", None),
        getattr(field, "key_field", None),
        *getattr(field, "tuple_fields", ()),
    ):
        if isinstance(inner, fields.Field):
            yield from _fields_of(inner)


def test_every_field_validator_and_error_of_every_schema_has_a_code():
    schemas = _schema_classes()
    assert len(schemas) > 50
    missing: list[str] = []
    checked = 0
    for schema_class in schemas:
        for name, declared in schema_class._declared_fields.items():
            for field in _fields_of(declared):
                for validator in field.validators:
                    checked += 1
                    if validator_code(validator) is None:
                        missing.append(f"{schema_class.__name__}.{name}: {validator!r}")
                for key in field.error_messages:
                    if key == "validator_failed":
                        continue  # a validator's own refusal: coded by the validator
                    if field_error_code(field, key)[0] == FALLBACK_CODE:
                        missing.append(f"{schema_class.__name__}.{name}: error {key!r}")
    assert checked > 50
    assert missing == [], "validators or field errors without a code (api/core/error_codes.py)"


def test_every_field_of_an_instance_is_coded():
    for schema_class in _schema_classes():
        try:
            schema = schema_class()
        except TypeError:
            continue
        for field in schema.fields.values():
            for inner in _fields_of(field):
                assert getattr(inner, "_coded", False), (schema_class, inner)
        assert isinstance(schema.error_messages["unknown"], Coded)


def _calls(tree: ast.AST, names: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names:
                yield node


def test_every_domain_refusal_names_its_code():
    """A Conflict, a TooLarge or a 409 says which rule by its code; a RuleViolation gives
    coded messages per field or its own code."""
    missing: list[str] = []
    for path in sorted((ROOT / "api").rglob("*.py")):
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for call in _calls(tree, {"Conflict", "TooLarge", "RuleViolation"}):
            keywords = {k.arg for k in call.keywords}
            if "code" not in keywords and "errors" not in keywords:
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno}")
            errors = next((k.value for k in call.keywords if k.arg == "errors"), None)
            if isinstance(errors, ast.Dict):
                for value in errors.values:
                    if isinstance(value, ast.List) and any(
                        isinstance(item, ast.Constant | ast.JoinedStr) for item in value.elts
                    ):
                        missing.append(f"{path.relative_to(ROOT)}:{call.lineno} (a bare message)")
        for call in _calls(tree, {"abort"}):
            status = call.args[0] if call.args else None
            keywords = {k.arg for k in call.keywords}
            if isinstance(status, ast.Constant) and status.value == 409 and "code" not in keywords:
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno} (abort 409)")
    assert missing == []


def test_every_failed_batch_item_names_its_code():
    """A batch item that fails (a bulk upsert, attendance, a rotation) gives a coded message,
    so that a script or the web app reads the item's `codes` rather than English."""
    missing: list[str] = []
    for path in sorted((ROOT / "api").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for call in _calls(tree, {"fail"}):
            message = call.args[0] if call.args else None
            is_coded = (
                isinstance(message, ast.Call)
                and isinstance(message.func, ast.Name)
                and message.func.id == "coded"
            )
            # A message passed on from a RuleViolation's errors is coded where it was made.
            if not is_coded and not isinstance(message, ast.Name):
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert missing == []


def test_the_code_lists_are_the_contract():
    import yaml

    contract = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    schemas = contract["components"]["schemas"]
    assert schemas["ErrorCode"]["properties"]["code"]["enum"] == list(FIELD_CODES)
    assert schemas["Problem"]["properties"]["code"]["enum"] == list(DOMAIN_CODES)


def test_a_coded_message_survives_a_copy():
    import copy
    import pickle

    message = Coded("Too long.", "too_long", max=200)
    for twin in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert (twin, twin.code, twin.params) == ("Too long.", "too_long", {"max": 200})
