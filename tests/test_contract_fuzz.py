"""Contract fuzzing: Schemathesis sends generated valid and invalid requests to every operation of
the OpenAPI document, in-process and authenticated, with every check it has: no server error,
status codes, content types, headers and bodies as documented, schema-valid requests accepted
and schema-violating ones refused, required headers required, unsupported methods refused.

The checks' expectations are widened (in schemathesis.toml, which an outside run reads too) only
where the platform's conventions answer, by design, something a generator cannot know:
- a schema-valid request may be refused for what it refers to, which no schema can say: a random
  id is not found (404), a random If-Match is stale (412), a name is taken (409), an organisation
  id names none (422); and for rules across fields (an end before its start, 422). Such a 422 is
  a `rule-violation`, and a check of our own holds every other 422 of a schema-valid request to
  be a finding: a field constraint the contract leaves out;
- a request without its required If-Match is answered 428, as API-CONVENTIONS.md says.

Three values of a valid request are never invented by a real client, so the generated ones are
replaced before a schema-valid request is sent (`before_call`): the `cursor` (an opaque token
the server made: a random one of the right shape is refused as not one of ours), the
`Idempotency-Key` (a fresh UUID per distinct request: reusing one with another body is refused)
and a new password (the contract states the rule, but "not easy to guess" is zxcvbn's judgement,
which no pattern can express).

Failures are real findings: the contract must say exactly what the server accepts and answers.
`FUZZ_EXAMPLES=500 FUZZ_RANDOM=1` runs a longer, randomised search.
"""

from __future__ import annotations

import os
import secrets
import tomllib
import uuid
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

from api.core.extensions import db
from api.services.accounts.sessions import start_user_session
from tests.conftest import migrated_app
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[1]
# The project's Schemathesis settings (the conventions a generator cannot foresee), as an
# outside run reads them, with this suite's number of examples.
CONFIG = SchemathesisConfig.from_dict(
    {
        **tomllib.loads((ROOT / "schemathesis.toml").read_text()),
        "suppress-health-check": ["all"],
        "generation": {"max-examples": int(os.environ.get("FUZZ_EXAMPLES", "30"))},
    }
)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", migrated_app(), config=CONFIG)


def _positive(case, location: ParameterLocation) -> bool:
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode == GenerationMode.POSITIVE


@schemathesis.hook
def before_call(context, case, kwargs):
    if _positive(case, ParameterLocation.QUERY) and case.query and "cursor" in case.query:
        del case.query["cursor"]
    headers = case.headers or {}
    if _positive(case, ParameterLocation.HEADER) and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    if (
        _positive(case, ParameterLocation.BODY)
        and isinstance(case.body, dict)
        and isinstance(case.body.get("password"), str)
        and case.operation.path.startswith("/api/v1/users")
    ):
        case.body["password"] = "-".join(secrets.token_hex(3) for _ in range(4))


@schemathesis.check
def valid_requests_break_no_field_constraint(ctx, response, case):
    """A schema-valid request may be refused (422) only for a rule the contract cannot state
    (`rule-violation`: across fields, or about what it refers to), never as a
    `validation-error`: that would be a field constraint the contract leaves out."""
    if response.status_code != 422 or case.meta is None:
        return None
    if case.meta.generation.mode != GenerationMode.POSITIVE:
        return None
    problem = response.json()
    assert problem["type"] == "urn:cluster-platform:problem:rule-violation", (
        f"A schema-valid request was refused as breaking the contract: {problem.get('errors')}"
    )
    return None


@pytest.fixture
def admin(app, app_ctx):
    return Factory(app).admin(email="fuzz-admin@example.dk")


@pytest.mark.fuzz
@schema.parametrize()
# Derandomized so that CI is reproducible; FUZZ_EXAMPLES=500 explores further by hand.
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
)
def test_every_operation_honours_its_contract(case, app, admin):
    # A fresh session per case: the fuzzer may well log out the session it was given.
    token = start_user_session(db.session.merge(admin)).access_token
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        additional_checks=[valid_requests_break_no_field_constraint],
    )
