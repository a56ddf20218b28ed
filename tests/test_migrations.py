"""The schema comes only from Alembic: migrations go down and up cleanly and match the models."""

from __future__ import annotations

import uuid
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from api.core.extensions import db
from api.models import DataDecision, DataPolicy


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(app_ctx):
    assert "users" in _tables()
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert _tables() == set(db.metadata.tables)


def test_models_and_migrations_agree(app_ctx):
    """What `alembic check` does: autogenerate finds nothing to change."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_sqlite_enforces_foreign_keys(app_ctx):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_cluster_s_one_data_policy_becomes_its_first_decision(app_ctx):
    """The migration of decisions per period keeps what each cluster had decided."""
    downgrade(revision="533d819943a6")
    region_id = uuid.uuid4()
    cluster_id = uuid.uuid4()
    with db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO regions (id, code, name) VALUES (:id, 'x', 'Region X')"),
            {"id": region_id.hex if db.engine.dialect.name == "sqlite" else region_id},
        )
        connection.execute(
            text(
                "INSERT INTO clusters (id, name, region_id, description, data_policy, "
                "data_policy_decided_on, data_policy_valid_from, data_policy_valid_to, "
                "created_at, updated_at, version) VALUES (:id, 'Klynge', :region, '', 'open', "
                "'2024-03-01', '2024-04-01', '2026-03-31', '2024-03-01 12:00:00', "
                "'2024-03-01 12:00:00', 1)"
            ),
            {
                "id": cluster_id.hex if db.engine.dialect.name == "sqlite" else cluster_id,
                "region": region_id.hex if db.engine.dialect.name == "sqlite" else region_id,
            },
        )
    upgrade()
    decision = db.session.scalars(select(DataDecision)).one()
    assert (decision.cluster_id, decision.policy) == (cluster_id, DataPolicy.open)
    assert (decision.decided_on, decision.valid_from, decision.valid_to) == (
        date(2024, 3, 1),
        date(2024, 4, 1),
        date(2026, 3, 31),
    )
    db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM data_decisions"))
        connection.execute(text("DELETE FROM clusters"))
        connection.execute(text("DELETE FROM regions WHERE code = 'x'"))
