"""packages: the quality units' meeting kits, their numbered versions with an agenda template,
and their materials (files attached to a version, in no cluster)

Revision ID: c41f7a2e9b63
Revises: 533d819943a6
Create Date: 2026-12-07 04:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

OLD_ATTACHMENT = (
    "(attached_to = 'library' AND meeting_id IS NULL AND post_id IS NULL)"
    " OR (attached_to = 'meeting' AND meeting_id IS NOT NULL AND folder_id IS NULL"
    " AND post_id IS NULL)"
    " OR (attached_to = 'post' AND post_id IS NOT NULL AND folder_id IS NULL"
    " AND meeting_id IS NULL)"
    " OR (attached_to = 'expense' AND expense_id IS NOT NULL AND folder_id IS NULL"
    " AND meeting_id IS NULL AND post_id IS NULL)"
)
NEW_ATTACHMENT = (
    OLD_ATTACHMENT
    + " OR (attached_to = 'package' AND package_version_id IS NOT NULL AND folder_id IS NULL"
    " AND meeting_id IS NULL AND post_id IS NULL AND expense_id IS NULL)"
)
CLUSTER_UNLESS_PACKAGE = "(cluster_id IS NULL) = (attached_to = 'package')"

# revision identifiers, used by Alembic.
revision = "c41f7a2e9b63"
down_revision = "533d819943a6"
branch_labels = None
depends_on = None


def _state(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def upgrade():
    op.create_table(
        "packages",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("estimated_minutes", sa.Integer(), nullable=False),
        sa.Column("state", _state("packagestate", "draft", "published", "retired"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("estimated_minutes > 0", name=op.f("ck_packages_positive_length")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_packages_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packages")),
    )
    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packages_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_packages_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(
            "ix_packages_organisation", ["organisation_id", "state"], unique=False
        )
        batch_op.create_index("ix_packages_title", ["title", "id"], unique=False)

    op.create_table(
        "package_themes",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["packages.id"],
            name=op.f("fk_package_themes_package_id_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_themes")),
        sa.UniqueConstraint("package_id", "name", name="uq_package_themes_name"),
    )
    with op.batch_alter_table("package_themes", schema=None) as batch_op:
        batch_op.create_index("ix_package_themes_name", ["name"], unique=False)

    op.create_table(
        "package_versions",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", _state("packageversionstate", "draft", "published"), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_package_versions_positive_number")),
        sa.CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)",
            name=op.f("ck_package_versions_published_at_when_published"),
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["packages.id"],
            name=op.f("fk_package_versions_package_id_packages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_versions")),
        sa.UniqueConstraint("package_id", "number", name="uq_package_versions_number"),
    )
    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_versions_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_package_versions_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "package_agenda_items",
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("slides", sa.String(length=20), nullable=True),
        sa.Column("method_notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_package_agenda_items_positive_minutes")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["package_versions.id"],
            name=op.f("fk_package_agenda_items_version_id_package_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_agenda_items")),
        sa.UniqueConstraint("version_id", "position", name="uq_package_agenda_items_position"),
    )

    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.alter_column("cluster_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.add_column(sa.Column("package_version_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_files_package_version", ["package_version_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_files_package_version_id_package_versions"),
            "package_versions",
            ["package_version_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_constraint(batch_op.f("ck_files_one_attachment"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_files_one_attachment"), NEW_ATTACHMENT)
        batch_op.create_check_constraint(
            batch_op.f("ck_files_cluster_unless_package"), CLUSTER_UNLESS_PACKAGE
        )


def downgrade():
    # Materials go with the packages (their content is collected by `flask purge-expired`).
    op.execute("DELETE FROM files WHERE attached_to = 'package'")
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_files_cluster_unless_package"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_files_one_attachment"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_files_one_attachment"), OLD_ATTACHMENT)
        batch_op.drop_constraint(
            batch_op.f("fk_files_package_version_id_package_versions"), type_="foreignkey"
        )
        batch_op.drop_index("ix_files_package_version")
        batch_op.drop_column("package_version_id")
        batch_op.alter_column("cluster_id", existing_type=sa.Uuid(), nullable=False)

    op.drop_table("package_agenda_items")
    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_versions_updated_at"))
        batch_op.drop_index(batch_op.f("ix_package_versions_created_at"))
    op.drop_table("package_versions")
    with op.batch_alter_table("package_themes", schema=None) as batch_op:
        batch_op.drop_index("ix_package_themes_name")
    op.drop_table("package_themes")
    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.drop_index("ix_packages_title")
        batch_op.drop_index("ix_packages_organisation")
        batch_op.drop_index(batch_op.f("ix_packages_updated_at"))
        batch_op.drop_index(batch_op.f("ix_packages_created_at"))
    op.drop_table("packages")
