"""The database: the SQLAlchemy extension, and the engine for SQLite (the zero-setup default)
or PostgreSQL."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from api.core.audit import register_audit_log
from api.core.errors import problem_response
from api.models.base import Base

db = SQLAlchemy(model_class=Base)
log = logging.getLogger("api.core.database")


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _stale_data(error: StaleDataError) -> Response:
    db.session.rollback()
    return problem_response(412)


def _integrity_error(error: IntegrityError) -> Response:
    db.session.rollback()
    log.info("integrity error: %s", error.orig)
    return problem_response(
        409,
        detail="The request conflicts with existing data (a value that must be unique?).",
        code="data_conflict",
    )


def register_database_errors(app: Flask) -> None:
    """The one place where the database's refusals become answers: a row changed since it
    was read (the version check) is a 412, a unique or foreign key violation a 409."""
    app.register_error_handler(StaleDataError, _stale_data)
    app.register_error_handler(IntegrityError, _integrity_error)


def init_database(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)
    register_audit_log()
