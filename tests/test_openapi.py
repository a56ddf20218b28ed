"""The contract: openapi.yaml is generated from the code and complete for every operation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
METHODS = {"get", "post", "put", "patch", "delete"}


def _generated(app, tmp_path) -> str:
    out = tmp_path / "openapi.yaml"
    result = app.test_cli_runner().invoke(
        args=["openapi", "write", "--format", "yaml", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out.read_text()


def _operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_committed_openapi_matches_the_code(app, tmp_path):
    committed = (ROOT / "openapi.yaml").read_text()
    assert committed == _generated(app, tmp_path), (
        "openapi.yaml is out of date: run `make openapi` and commit it"
    )


def test_committed_and_served_documents_are_valid_openapi(client):
    # Raises with the first error, naming where it is.
    validate(yaml.safe_load((ROOT / "openapi.yaml").read_text()))
    validate(client.get("/api/v1/openapi.json").get_json())


def test_every_operation_is_documented(app, tmp_path):
    spec = yaml.safe_load(_generated(app, tmp_path))
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    operation_ids = []
    for path, method, operation in _operations(spec):
        where = f"{method.upper()} {path}"
        assert path.startswith("/api/v1/"), where
        assert operation.get("operationId"), f"{where} has no operationId"
        assert operation.get("summary"), f"{where} has no summary"
        assert "x-permission" in operation, f"{where} declares no permission"
        assert "security" in operation, f"{where} declares no security"
        responses = operation["responses"]
        assert "default" in responses, where
        if operation["security"] and {} not in operation["security"]:
            assert "401" in responses, f"{where} does not document 401"
        operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_error_responses_are_problem_details(app, tmp_path):
    spec = yaml.safe_load(_generated(app, tmp_path))
    for name in (
        "UNAUTHORIZED",
        "FORBIDDEN",
        "NOT_FOUND",
        "UNPROCESSABLE_ENTITY",
        "PRECONDITION_FAILED",
        "PRECONDITION_REQUIRED",
        "TOO_MANY_REQUESTS",
        "DEFAULT_ERROR",
    ):
        content = spec["components"]["responses"][name]["content"]
        assert list(content) == ["application/problem+json"], name
    problem = spec["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}


def test_api_serves_the_document_and_the_docs(client):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document.get_json()["info"]["title"] == "Cluster platform API"
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.data
    asset = client.get("/api/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200


def _component(name: str) -> dict:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    return {**spec["components"]["schemas"][name], "components": spec["components"]}


@pytest.mark.parametrize(
    ("component", "body"),
    [
        # Each of these the server refuses; the contract now refuses them too.
        (
            "MeetingCreate",
            {
                "title": "x",
                "starts_at": "2026-03-04T15:30:00Z",
                "ends_at": "2026-03-04T17:30:00Z",
                "status": "held",
            },
        ),
        (
            "MeetingCreate",
            {
                "title": "x",
                "starts_at": "2026-03-04T15:30:00Z",
                "ends_at": "2026-03-04T17:30:00Z",
                "video_url": "http://x.dk/m",
            },
        ),
        (
            "MeetingCreate",
            {
                "title": "x",
                "starts_at": "2026-03-04T15:30:00Z",
                "ends_at": "2026-03-04T17:30:00Z",
                "time_zone": "Mars/Olympus",
            },
        ),
        ("Answer", {"answer": "invited"}),
        ("Invite", {}),
        ("Invite", {"everyone": False}),
        ("Invite", {"everyone": True, "user_ids": ["6f1b7c1e-2d4a-4c55-9a43-6a1f3e0b8c10"]}),
        (
            "ClientCredentials",
            {"grant_type": "client_credentials", "client_id": "a\u0000b", "client_secret": "s"},
        ),
        ("UserCreate", {"email": "a@example.dk", "name": "Bell\u0007", "password": None}),
    ],
)
def test_the_contract_refuses_what_the_server_refuses(component, body):
    validator = Draft202012Validator(_component(component))
    assert list(validator.iter_errors(body)), f"{component} allows {body}"


def test_the_contract_allows_what_the_server_accepts():
    for component, body in [
        ("Invite", {"everyone": True}),
        ("Invite", {"everyone": False, "sub_cluster_id": "6f1b7c1e-2d4a-4c55-9a43-6a1f3e0b8c10"}),
        ("Answer", {"answer": "tentative"}),
        (
            "MeetingCreate",
            {
                "title": "x",
                "starts_at": "2026-03-04T15:30:00Z",
                "ends_at": "2026-03-04T17:30:00Z",
                "status": "planned",
                "video_url": "https://meet.example.dk/klynge?id=1",
            },
        ),
    ]:
        validator = Draft202012Validator(_component(component))
        assert not list(validator.iter_errors(body)), f"{component} refuses {body}"


def test_cursors_and_list_queries_are_bounded_in_the_contract():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    for _, _, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "cursor":
                schema = parameter["schema"]
                assert schema["minLength"] == 40 and schema["maxLength"] == 500
                assert schema["pattern"] == "^[A-Za-z0-9_-]+$"


def test_changes_walk_rows_are_typed_as_the_row_or_a_tombstone():
    schemas = yaml.safe_load((ROOT / "openapi.yaml").read_text())["components"]["schemas"]
    tombstone = schemas["Tombstone"]
    assert (
        set(tombstone["required"])
        == set(tombstone["properties"])
        == {
            "id",
            "deleted",
            "updated_at",
        }
    )
    assert tombstone["properties"]["deleted"]["enum"] == [True]
    assert tombstone["additionalProperties"] is False
    for entry, row in [
        ("ClinicEntry", "ClinicRow"),
        ("MemberEntry", "MemberRow"),
        ("ClusterRoleEntry", "ClusterRoleRow"),
        ("AttendanceRowEntry", "AttendanceRowRow"),
    ]:
        assert schemas[entry]["oneOf"] == [
            {"$ref": f"#/components/schemas/{row}"},
            {"$ref": "#/components/schemas/Tombstone"},
        ]
        assert schemas[row]["properties"]["deleted"]["enum"] == [False]
        assert "id" in schemas[row]["required"] and len(schemas[row]["required"]) > 3


def test_every_batch_operation_answers_the_one_batch_report():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    batches = {
        operation["operationId"]
        for _, _, operation in _operations(spec)
        if operation["responses"]
        .get("200", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("$ref")
        == "#/components/schemas/BatchReport"
    }
    assert batches == {
        "bookExpenses",
        "payExpenses",
        "bulkUpsertClinics",
        "bulkUpsertMembers",
        "inviteToMeeting",
        "remindMeetingInvitees",
        "registerMeetingAttendance",
        "uploadIndicatorValues",
    }
    report = spec["components"]["schemas"]["BatchReport"]
    item = spec["components"]["schemas"]["BatchItem"]
    assert set(report["required"]) == {"dry_run", "applied", "summary", "items"}
    assert item["properties"]["status"]["enum"] == [
        "created",
        "updated",
        "unchanged",
        "reminded",
        "error",
    ]
    summary = spec["components"]["schemas"]["BatchSummary"]
    assert set(summary["required"]) == set(item["properties"]["status"]["enum"])


def test_every_operations_permission_says_who_holds_it():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    grants = spec["x-permissions"]
    for path, method, operation in _operations(spec):
        permission = operation["x-permission"]
        if permission not in ("public", "authenticated"):
            assert permission in grants, f"{method.upper()} {path}: {permission} is not published"
    # Read from the table's rules, not written by hand: spot checks of what integrators ask.
    assert grants["registry.bulk_write"]["client_scopes"]["regional_unit"] == ["clusters:write"]
    assert grants["attendance.feed"] == {
        "description": grants["attendance.feed"]["description"],
        "people": ["platform_admin", "plo_staff"],
        "client_scopes": {"plo": ["attendance:read"]},
    }
    assert grants["clusters.manage"]["people"] == [
        "platform_admin",
        "coordinator",
        "co_coordinator",
    ]
    assert "meeting_responsible" in grants["meetings.plan"]["people"]
    assert "treasurer" not in grants["meetings.plan"]["people"]
    assert "other_person" not in grants["clusters.read"]["people"]
    assert "regional_unit_staff" not in grants["meetings.read_answers"]["people"]


def test_conditional_and_idempotent_operations_document_their_headers_and_answers():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    for path, method, operation in _operations(spec):
        where = f"{method.upper()} {path}"
        names = {
            parameter.get("$ref", "").split("/")[-1] or parameter["name"]
            for parameter in operation.get("parameters", [])
        }
        responses = operation["responses"]
        if "IF_MATCH" in names:
            assert {"412", "428"} <= set(responses), where
        if "Idempotency-Key" in names:
            assert "422" in responses, where
        if method in ("put", "patch", "delete") and "IF_MATCH" not in names:
            # The few writes without If-Match are those that overwrite nothing a person wrote.
            assert operation["operationId"] in {
                "recordClusterBoardVisit",
                "recordMeetingBoardVisit",
                "answerMyInvitation",
                "deleteMyCalendarFeed",
            }, where


def _money_properties(node, path=""):
    """Every property of the contract whose name says it is money (`…_ore`), with its path."""
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            if name.endswith("_ore") or name == "ore_per_patient":
                yield f"{path}.{name}", schema
        for key, value in node.items():
            yield from _money_properties(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _money_properties(value, f"{path}[{i}]")


def test_money_is_whole_ore_in_the_contract():
    """Money is a whole number of øre everywhere on the wire: every `…_ore` field of every
    schema, request and answer, is an integer (a float or a decimal string is never one)."""
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    money = list(_money_properties(spec))
    assert len(money) > 30, "the economy's schemas carry their amounts in `…_ore` fields"
    not_integers = [
        path
        for path, schema in money
        if schema.get("type") not in ("integer", ["integer", "null"])
        or schema.get("format") not in (None, "int32", "int64")
    ]
    assert not_integers == []
