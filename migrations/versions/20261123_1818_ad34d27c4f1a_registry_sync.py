"""registry sync: clinic periods and patient counts carry timestamps, indexes for the
(updated_at, id) walks, and triggers that move a row's updated_at with what the row shows

Revision ID: ad34d27c4f1a
Revises: e9603a2de66e
Create Date: 2026-11-23 18:18:15.032038

"""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ad34d27c4f1a"
down_revision = "e9603a2de66e"
branch_labels = None
depends_on = None


@dataclass(frozen=True)
class Stamp:
    """A trigger: after `event` on `table` (when `when` holds), run `statements`.

    `{distinct}` stands for the null-safe "differs" operator of the database. Every statement
    only moves a timestamp forward, so a row never slips behind a cursor that has passed it.
    """

    name: str
    table: str
    event: str
    when: str | None
    statements: tuple[str, ...]


_PERIOD_OF_CLINIC = (
    "UPDATE clinic_cluster_periods SET updated_at = NEW.updated_at "
    "WHERE clinic_id = NEW.{clinic} AND valid_to IS NULL AND updated_at < NEW.updated_at"
)
_MEMBERS_OF_CLINIC = (
    "UPDATE members SET updated_at = NEW.updated_at "
    "WHERE clinic_id = NEW.{clinic} AND valid_to IS NULL AND updated_at < NEW.updated_at"
)
_CLUSTER_OF_CLINIC = (
    "UPDATE clusters SET updated_at = NEW.updated_at "
    "WHERE updated_at < NEW.updated_at AND id IN ("
    "SELECT cluster_id FROM clinic_cluster_periods "
    "WHERE clinic_id = NEW.clinic_id AND valid_to IS NULL)"
)
_CLUSTER_OF_PERIOD = (
    "UPDATE clusters SET updated_at = NEW.updated_at "
    "WHERE id = NEW.cluster_id AND updated_at < NEW.updated_at"
)
_CHANGED = "OLD.{column} {{distinct}} NEW.{column}"


def _changed(*columns: str) -> str:
    return " OR ".join(_CHANGED.format(column=c) for c in columns)


STAMPS = (
    # A clinic's row in its cluster shows the clinic; its doctors' rows show its name.
    Stamp(
        "stamp_registry_on_clinic_update",
        "clinics",
        "UPDATE OF name, address, provider_number",
        _changed("name", "address", "provider_number"),
        (
            _PERIOD_OF_CLINIC.format(clinic="id"),
            _MEMBERS_OF_CLINIC.format(clinic="id") + " AND (" + _changed("name") + ")",
        ),
    ),
    # A clinic's row shows its latest patient count.
    Stamp(
        "stamp_registry_on_patient_count_insert",
        "patient_counts",
        "INSERT",
        None,
        (_PERIOD_OF_CLINIC.format(clinic="clinic_id"),),
    ),
    Stamp(
        "stamp_registry_on_patient_count_update",
        "patient_counts",
        "UPDATE OF patients, counted_on",
        _changed("patients", "counted_on"),
        (_PERIOD_OF_CLINIC.format(clinic="clinic_id"),),
    ),
    # A clinic joining or leaving a cluster takes its doctors with it, and changes the
    # cluster's number of clinics and doctors.
    Stamp(
        "stamp_registry_on_period_insert",
        "clinic_cluster_periods",
        "INSERT",
        None,
        (_MEMBERS_OF_CLINIC.format(clinic="clinic_id"), _CLUSTER_OF_PERIOD),
    ),
    Stamp(
        "stamp_registry_on_period_update",
        "clinic_cluster_periods",
        "UPDATE OF valid_to",
        _changed("valid_to"),
        (_MEMBERS_OF_CLINIC.format(clinic="clinic_id"), _CLUSTER_OF_PERIOD),
    ),
    # A doctor starting or stopping changes the cluster's number of doctors.
    Stamp("stamp_registry_on_member_insert", "members", "INSERT", None, (_CLUSTER_OF_CLINIC,)),
    Stamp(
        "stamp_registry_on_member_update",
        "members",
        "UPDATE OF valid_to",
        _changed("valid_to"),
        (_CLUSTER_OF_CLINIC,),
    ),
    # Members and role holders are shown with the person's name.
    Stamp(
        "stamp_registry_on_user_update",
        "users",
        "UPDATE OF name",
        _changed("name"),
        (
            "UPDATE members SET updated_at = NEW.updated_at "
            "WHERE user_id = NEW.id AND valid_to IS NULL AND updated_at < NEW.updated_at",
            "UPDATE cluster_roles SET updated_at = NEW.updated_at "
            "WHERE user_id = NEW.id AND valid_to IS NULL AND updated_at < NEW.updated_at",
        ),
    ),
)


def _create_stamp(stamp: Stamp, dialect: str) -> None:
    distinct = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    statements = [s.format(distinct=distinct) for s in stamp.statements]
    when = stamp.when.format(distinct=distinct) if stamp.when else None
    if dialect == "postgresql":
        body = "".join(f"    {s};\n" for s in statements)
        op.execute(
            f"CREATE FUNCTION {stamp.name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body}    RETURN NULL;\nEND\n$$"
        )
        condition = f" WHEN ({when})" if when else ""
        op.execute(
            f"CREATE TRIGGER {stamp.name} AFTER {stamp.event} ON {stamp.table} "
            f"FOR EACH ROW{condition} EXECUTE FUNCTION {stamp.name}()"
        )
    else:
        body = "".join(f"  {s};\n" for s in statements)
        condition = f" WHEN {when}" if when else ""
        op.execute(
            f"CREATE TRIGGER {stamp.name} AFTER {stamp.event} ON {stamp.table} "
            f"FOR EACH ROW{condition}\nBEGIN\n{body}END"
        )


def _drop_stamp(stamp: Stamp, dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {stamp.name} ON {stamp.table}")
        op.execute(f"DROP FUNCTION IF EXISTS {stamp.name}()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {stamp.name}")


def _add_timestamps(table: str) -> None:
    # Existing rows count as changed now: a walk from any earlier time brings them all.
    now = datetime.now(UTC).replace(tzinfo=None)
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
    rows = sa.table(table, sa.column("created_at", sa.DateTime()), sa.column("updated_at"))
    op.execute(rows.update().values(created_at=now, updated_at=now))
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f(f"ix_{table}_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{table}_updated_at"), ["updated_at"], unique=False)


def _drop_timestamps(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f(f"ix_{table}_updated_at"))
        batch_op.drop_index(batch_op.f(f"ix_{table}_created_at"))
        batch_op.drop_column("updated_at")
        batch_op.drop_column("created_at")


def upgrade():
    _add_timestamps("clinic_cluster_periods")
    _add_timestamps("patient_counts")
    with op.batch_alter_table("clinic_cluster_periods", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clinic_cluster_periods_changes",
            ["cluster_id", "updated_at", "clinic_id", "id"],
            unique=False,
        )
    with op.batch_alter_table("cluster_roles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cluster_roles_changes", ["cluster_id", "updated_at", "id"], unique=False
        )
    # Last: on SQLite, changing a column recreates the table, which drops its triggers.
    dialect = op.get_bind().dialect.name
    for stamp in STAMPS:
        _create_stamp(stamp, dialect)


def downgrade():
    dialect = op.get_bind().dialect.name
    for stamp in reversed(STAMPS):
        _drop_stamp(stamp, dialect)
    with op.batch_alter_table("cluster_roles", schema=None) as batch_op:
        batch_op.drop_index("ix_cluster_roles_changes")
    with op.batch_alter_table("clinic_cluster_periods", schema=None) as batch_op:
        batch_op.drop_index("ix_clinic_cluster_periods_changes")
    _drop_timestamps("patient_counts")
    _drop_timestamps("clinic_cluster_periods")
