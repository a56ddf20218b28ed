"""The contract is a product: a standard generator (openapi-python-client) builds a client from
openapi.yaml with no warning and no operation left out, and that client works against the API
served over real HTTP: a person logs in and lists clusters, and PLO's machine client pulls the
attendance feed.

Integrators generate with the same command; the one setting they need is in `GENERATOR_CONFIG`
(binary downloads read as bytes)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from werkzeug.serving import make_server

from api.services.files.uploads import ALLOWED_TYPES
from bench.server import serving_in_thread
from tests.factories import CLIENT_SECRET, PASSWORD
from tests.resources import test_meetings
from tests.resources.test_attendance_feed import _register
from tests.resources.test_meetings import _begin, _planned, _uid

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PACKAGE = "cluster_platform_client"
# A file's content comes in its own media type; a generated client reads every one as bytes.
GENERATOR_CONFIG = {
    "content_type_overrides": {
        media_type: "application/octet-stream" for media_type in sorted(ALLOWED_TYPES)
    }
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

world = test_meetings.world


def _operation_ids() -> list[str]:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    return [
        operation["operationId"]
        for path in document["paths"].values()
        for method, operation in path.items()
        if method in HTTP_METHODS
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str, Path]]:
    out = tmp_path_factory.mktemp("generated")
    config = out / "generator.yaml"
    config.write_text(yaml.safe_dump(GENERATOR_CONFIG))
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out / PACKAGE),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        # The generator formats its output with ruff, which is installed beside it.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE), output, out / PACKAGE
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def live_api(app) -> Iterator[str]:
    """The app under test served over HTTP on loopback, as an integrator reaches it."""
    with serving_in_thread(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield url


def test_generator_builds_every_operation_without_a_warning(generated):
    _, output, package = generated
    assert "Warning" not in output and "Error" not in output, output
    modules = {path.stem for path in (package / "api").glob("*/*.py") if path.name != "__init__.py"}
    operations = _operation_ids()
    assert len(operations) == len(set(operations))
    # One module per operation, named after its operationId in snake case.
    snake = {
        "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_id)
        for operation_id in operations
    }
    assert modules == snake


def test_generated_client_logs_in_lists_and_pulls_the_attendance_feed(
    generated, live_api, client, world
):
    api, _, _ = generated
    login = importlib.import_module(f"{PACKAGE}.api.auth.login")
    issue_client_token = importlib.import_module(f"{PACKAGE}.api.auth.issue_client_token")
    list_clusters = importlib.import_module(f"{PACKAGE}.api.clusters.list_clusters")
    list_attendance = importlib.import_module(f"{PACKAGE}.api.attendance.list_attendance")
    models = importlib.import_module(f"{PACKAGE}.models")

    # Arranged through the app: a held meeting where the member attended.
    meeting = _planned(client, world)
    _begin(meeting["id"])
    _register(client, world, meeting["id"], member=True)

    anonymous = api.Client(base_url=live_api, raise_on_unexpected_status=True)
    coordinator = world.people["coordinator"]
    tokens = login.sync(
        client=anonymous,
        body=models.Login(email=coordinator.email, password=PASSWORD),
    )
    assert isinstance(tokens, models.TokenPair), tokens
    person = api.AuthenticatedClient(base_url=live_api, token=tokens.access_token)
    clusters = list_clusters.sync(client=person, limit=10)
    assert isinstance(clusters, models.ClusterPage), clusters
    assert [cluster.name for cluster in clusters.items] == ["Demoklyngen Viborg"]

    plo = world.people["plo_client"]
    grant = issue_client_token.sync(
        client=anonymous,
        body=models.ClientCredentials(
            client_id=plo.client_id,
            client_secret=CLIENT_SECRET,
            grant_type=models.ClientCredentialsGrantType.CLIENT_CREDENTIALS,
        ),
    )
    assert isinstance(grant, models.ClientToken), grant
    machine = api.AuthenticatedClient(base_url=live_api, token=grant.access_token)
    feed = list_attendance.sync(client=machine, limit=200)
    assert isinstance(feed, models.AttendanceRowEntryPage), feed
    rows = [row.to_dict() for row in feed.items]
    assert [(row["meeting_id"], row["user_id"], row["attended"]) for row in rows] == [
        (meeting["id"], _uid(world, "member"), True)
    ]
    assert feed.next_cursor
