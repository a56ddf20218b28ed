"""attendance feed: triggers that move an attendance row's updated_at with what the feed shows
of its meeting, person, clinic and cluster; an index for the clinic's rows

Revision ID: 9ad8a8bdf628
Revises: 5e7a1c3b9d20
Create Date: 2026-11-23 19:40:00.000000

"""

from dataclasses import dataclass

from alembic import op

# revision identifiers, used by Alembic.
revision = "9ad8a8bdf628"
down_revision = "5e7a1c3b9d20"
branch_labels = None
depends_on = None


@dataclass(frozen=True)
class Stamp:
    """A trigger: after `event` on `table` when `when` holds, run `statement`.

    `{distinct}` stands for the null-safe "differs" operator of the database. The statement
    only moves a timestamp forward, so a row never slips behind a cursor that has passed it.
    """

    name: str
    table: str
    event: str
    when: str
    statement: str


def _changed(*columns: str) -> str:
    return " OR ".join(f"OLD.{c} {{distinct}} NEW.{c}" for c in columns)


def _stamp_attendance(where: str) -> str:
    # `where` is one of this module's constants, never input.
    return (
        "UPDATE attendance SET updated_at = NEW.updated_at "  # noqa: S608
        f"WHERE {where} AND updated_at < NEW.updated_at"
    )


# Each source row's own updated_at moves with every ORM update (TimestampMixin), so it is the
# time the attendance rows it shows on changed.
MEETING_FIELDS = ("starts_at", "ends_at", "time_zone", "state", "closed_at", "cluster_id")
STAMPS = (
    # The meeting is moved (date, duration), closed (finalised) or cancelled (tombstone).
    Stamp(
        "stamp_attendance_on_meeting_update",
        "meetings",
        "UPDATE OF " + ", ".join(MEETING_FIELDS),
        _changed(*MEETING_FIELDS),
        _stamp_attendance("meeting_id = NEW.id"),
    ),
    # The person's name.
    Stamp(
        "stamp_attendance_on_user_update",
        "users",
        "UPDATE OF name",
        _changed("name"),
        _stamp_attendance("user_id = NEW.id"),
    ),
    # The provider number PLO pays to.
    Stamp(
        "stamp_attendance_on_clinic_update",
        "clinics",
        "UPDATE OF provider_number",
        _changed("provider_number"),
        _stamp_attendance("clinic_id = NEW.id"),
    ),
    # The region the rows show is the cluster's.
    Stamp(
        "stamp_attendance_on_cluster_update",
        "clusters",
        "UPDATE OF region_id",
        _changed("region_id"),
        _stamp_attendance("meeting_id IN (SELECT id FROM meetings WHERE cluster_id = NEW.id)"),
    ),
)


def _create_stamp(stamp: Stamp, dialect: str) -> None:
    distinct = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    statement = stamp.statement.format(distinct=distinct)
    when = stamp.when.format(distinct=distinct)
    if dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {stamp.name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n    {statement};\n    RETURN NULL;\nEND\n$$"
        )
        op.execute(
            f"CREATE TRIGGER {stamp.name} AFTER {stamp.event} ON {stamp.table} "
            f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {stamp.name}()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {stamp.name} AFTER {stamp.event} ON {stamp.table} "
            f"FOR EACH ROW WHEN {when}\nBEGIN\n  {statement};\nEND"
        )


def _drop_stamp(stamp: Stamp, dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {stamp.name} ON {stamp.table}")
        op.execute(f"DROP FUNCTION IF EXISTS {stamp.name}()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {stamp.name}")


def upgrade():
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_clinic", ["clinic_id"], unique=False)
    dialect = op.get_bind().dialect.name
    for stamp in STAMPS:
        _create_stamp(stamp, dialect)


def downgrade():
    dialect = op.get_bind().dialect.name
    for stamp in reversed(STAMPS):
        _drop_stamp(stamp, dialect)
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_clinic")
