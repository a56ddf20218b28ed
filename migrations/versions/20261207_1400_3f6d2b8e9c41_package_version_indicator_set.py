"""a package version names the indicator set its data view rests on

Revision ID: 3f6d2b8e9c41
Revises: 8a2504155b3a
Create Date: 2026-12-07 14:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f6d2b8e9c41"
down_revision = "8a2504155b3a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicator_set_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_package_versions_indicator_set_id_indicator_sets"),
            "indicator_sets",
            ["indicator_set_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_package_versions_indicator_set_id_indicator_sets"),
            type_="foreignkey",
        )
        batch_op.drop_column("indicator_set_id")
