"""meetings from packages: the package version a meeting's agenda was built from, and the
package's materials linked to the meeting (tables beside `meetings`, whose SQLite triggers a
rebuilt table would break)

Revision ID: 7d2e5b9a1c04
Revises: e5b19d7c2a48
Create Date: 2026-12-07 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d2e5b9a1c04"
down_revision = "e5b19d7c2a48"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meeting_packages",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("package_version_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_packages_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["package_version_id"],
            ["package_versions.id"],
            name=op.f("fk_meeting_packages_package_version_id_package_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_packages")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_packages_meeting_id")),
    )
    with op.batch_alter_table("meeting_packages", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_packages_version", ["package_version_id"], unique=False)

    op.create_table(
        "meeting_package_materials",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_package_materials_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_meeting_package_materials_file_id_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_package_materials")),
        sa.UniqueConstraint("meeting_id", "file_id", name="uq_meeting_package_materials"),
    )
    with op.batch_alter_table("meeting_package_materials", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_package_materials_file", ["file_id"], unique=False)


def downgrade():
    with op.batch_alter_table("meeting_package_materials", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_package_materials_file")
    op.drop_table("meeting_package_materials")
    with op.batch_alter_table("meeting_packages", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_packages_version")
    op.drop_table("meeting_packages")
