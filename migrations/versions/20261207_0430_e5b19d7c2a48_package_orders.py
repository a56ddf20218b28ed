"""package orders: a cluster orders a published package from its unit, for a meeting or a
period, and the unit accepts it (perhaps with a facilitator) or declines it with a reason

Revision ID: e5b19d7c2a48
Revises: 2b0cb19b4330
Create Date: 2026-12-07 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b19d7c2a48"
down_revision = "2b0cb19b4330"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{table}.id"],
        name=op.f(f"fk_package_orders_{column}_{table}"),
        ondelete=ondelete,
    )


def upgrade():
    op.create_table(
        "package_orders",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("wished_from", sa.Date(), nullable=True),
        sa.Column("wished_to", sa.Date(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "accepted",
                "declined",
                "cancelled",
                name="packageorderstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("ordered_by_id", sa.Uuid(), nullable=True),
        sa.Column("facilitator", sa.String(length=300), nullable=True),
        sa.Column("facilitator_user_id", sa.Uuid(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "wished_from IS NULL OR wished_to IS NULL OR wished_from <= wished_to",
            name=op.f("ck_package_orders_wished_in_order"),
        ),
        sa.CheckConstraint(
            "(state = 'declined') = (decline_reason IS NOT NULL)",
            name=op.f("ck_package_orders_reason_when_declined"),
        ),
        _fk("package_id", "packages", "RESTRICT"),
        _fk("organisation_id", "organisations", "RESTRICT"),
        _fk("cluster_id", "clusters", "CASCADE"),
        _fk("meeting_id", "meetings", "SET NULL"),
        _fk("ordered_by_id", "users", "SET NULL"),
        _fk("facilitator_user_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_orders")),
    )
    with op.batch_alter_table("package_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_orders_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_package_orders_updated_at"), ["updated_at"], unique=False
        )
        batch_op.create_index(
            "ix_package_orders_cluster", ["cluster_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_package_orders_unit", ["organisation_id", "state", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("package_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_package_orders_unit")
        batch_op.drop_index("ix_package_orders_cluster")
        batch_op.drop_index(batch_op.f("ix_package_orders_updated_at"))
        batch_op.drop_index(batch_op.f("ix_package_orders_created_at"))
    op.drop_table("package_orders")
