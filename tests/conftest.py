"""Test fixtures: one app on the database under test, built by the real migrations.

The database is SQLite by default; set TEST_DATABASE_URL (for example
postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the same suite on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from api import create_app
from api.core.extensions import db, limiter
from tests.clock_site import sitecustomize as clock_shift
from tests.factories import Factory
from tests.storage_backends import s3_endpoint  # noqa: F401 (a fixture for every test module)

# With TEST_CLOCK_SHIFT_DAYS set, this run and every Python process it starts live that far ahead.
clock_shift.shift_clock()
if clock_shift.shift_days():
    _site = str(Path(clock_shift.__file__).parent)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_site, os.environ.get("PYTHONPATH")]))


def _worker_database(url: str, worker: str) -> str:
    """A PostgreSQL database of this pytest worker's own beside the one named (test_gw0, …)."""
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        query = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if not conn.scalar(query, {"name": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        if worker and not url.startswith("sqlite"):
            # Parallel workers each have a database; the browser tests' database and the
            # processes they start follow (tests/e2e/conftest.py reads the variable).
            url = _worker_database(url, worker)
            os.environ["TEST_DATABASE_URL"] = url
        return url
    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='platform-test-')) / 'test.sqlite3'}"


def _reset_database(url: str) -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# Rows that migrations create and every installation has; tests keep them.
REFERENCE_TABLES = {"regions"}

TEST_CONFIG = {
    "APP_ENV": "testing",
    "TESTING": True,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "JSON_MAX_BYTES": 1024 * 1024,
    "LOGIN_THROTTLE_SOURCE": "1000 per minute",
    "LOGIN_THROTTLE_ACCOUNT": "1000 per minute",
    "LOGIN_RATE_LIMIT_ADDRESS": "1000 per minute",
    "TOKEN_RATE_LIMIT": "1000 per minute",
    "PASSWORD_RESET_RATE_LIMIT_ADDRESS": "1000 per minute",
    "PASSWORD_RESET_RATE_LIMIT_EMAIL": "1000 per minute",
    "PASSWORD_SET_RATE_LIMIT_ADDRESS": "1000 per minute",
    # Tests of the answer time set their own.
    "PASSWORD_RESET_MIN_SECONDS": 0,
    # Changes walks see a change at once; tests of the settle time set their own.
    "SYNC_SETTLE_SECONDS": 0,
    # Uploaded content goes to a directory of the test run, never into instance/.
    "FILE_STORAGE": "local",
    "FILE_STORAGE_PATH": tempfile.mkdtemp(prefix="platform-test-files-"),
}


@functools.cache
def migrated_app() -> Flask:
    """The one app of the test run, on an empty database migrated to the newest revision."""
    url = _database_url()
    _reset_database(url)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    logging.getLogger("api.access").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    return app


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    app = migrated_app()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(app: Flask) -> Iterator[None]:
    """Every test starts with empty tables and fresh rate limits."""
    yield
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    limiter.reset()
    app.config.update(TEST_CONFIG)


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def factory(app: Flask, app_ctx: None) -> Factory:
    return Factory(app)


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_statements(app: Flask):
    """Count the SQL statements the app sends while the block runs."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


# --- running in parallel (pytest-xdist, `make test`) ------------------------------------------

# Modules whose tests share expensive module-scoped state (a seeded landscape, a built matrix)
# must not be split across workers; the browser tests share one API, web app and browser.
BROWSER_TESTS = "tests/e2e/"


def test_scope(nodeid: str) -> str:
    """The unit a worker runs whole: a test module, or all of the browser tests."""
    module = nodeid.split("::", 1)[0]
    return "browser" if module.startswith(BROWSER_TESTS) else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):  # type: ignore[no-untyped-def]
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        """Each test module whole on one worker, and every browser test on the same one."""

        def _split_scope(self, nodeid: str) -> str:
            return test_scope(nodeid)

    return ModuleScheduling(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """Every test has an id of its own. Schemathesis names its items per operation but leaves
    them one id; a scheduler keys on ids and would run one operation of them all."""
    ids = Counter(item.nodeid for item in items)
    for item in items:
        label = getattr(item, "operation_label", None)
        if ids[item.nodeid] > 1 and label and item.id.params is None:
            item._id = dataclasses.replace(item.id, params=label)
    repeated = [nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1]
    if repeated:
        raise pytest.UsageError(f"tests with the same id: {repeated[:5]}")


def _matrix_totals() -> Counter[str]:
    from tests.test_permissions import MATRIX

    return Counter({key: MATRIX[key] for key in MATRIX_KEYS})


MATRIX_KEYS = ("cases", "unexpected allows", "unexpected denies")
_worker_matrices: list[Counter[str]] = []


def pytest_sessionfinish(session) -> None:  # type: ignore[no-untyped-def]
    """A worker hands its share of the authorization matrix to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["authorization_matrix"] = dict(_matrix_totals())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # type: ignore[no-untyped-def]
    totals = getattr(node, "workeroutput", {}).get("authorization_matrix")
    if totals:
        _worker_matrices.append(Counter(totals))


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """The authorization matrix's totals (tests/test_permissions.py), when it ran."""
    totals = _matrix_totals()
    for worker in _worker_matrices:
        totals.update(worker)
    if totals["cases"]:
        terminalreporter.write_line(
            f"authorization matrix: {totals['cases']} cases, "
            f"{totals['unexpected allows']} unexpected allows, "
            f"{totals['unexpected denies']} unexpected denies"
        )
