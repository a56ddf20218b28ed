"""package kinds and proposals: the catalogue also offers national templates and guides, and a
cluster proposes one of its held meetings as a package, which its regional unit publishes
under the cluster's name or returns with a comment

Revision ID: 9c3e4f1a7b52
Revises: 7d2e5b9a1c04
Create Date: 2026-12-07 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9c3e4f1a7b52"
down_revision = "7d2e5b9a1c04"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{table}.id"],
        name=op.f(f"fk_package_proposals_{column}_{table}"),
        ondelete=ondelete,
    )


def upgrade():
    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "package", "template", "guide", name="packagekind", native_enum=False, length=20
                ),
                server_default="package",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("cluster_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_packages_cluster_id_clusters"),
            "clusters",
            ["cluster_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_packages_kind", ["kind", "state"], unique=False)

    op.create_table(
        "package_proposals",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "proposed",
                "returned",
                "published",
                name="packageproposalstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("proposed_by_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state <> 'returned' OR review_comment IS NOT NULL",
            name=op.f("ck_package_proposals_comment_when_returned"),
        ),
        _fk("package_id", "packages", "CASCADE"),
        _fk("cluster_id", "clusters", "CASCADE"),
        _fk("organisation_id", "organisations", "RESTRICT"),
        _fk("meeting_id", "meetings", "SET NULL"),
        _fk("proposed_by_id", "users", "SET NULL"),
        _fk("reviewed_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_proposals")),
        sa.UniqueConstraint("package_id", name=op.f("uq_package_proposals_package_id")),
    )
    with op.batch_alter_table("package_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_package_proposals_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_package_proposals_updated_at"), ["updated_at"], unique=False
        )
        batch_op.create_index(
            "ix_package_proposals_cluster", ["cluster_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_package_proposals_unit", ["organisation_id", "state", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("package_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_package_proposals_unit")
        batch_op.drop_index("ix_package_proposals_cluster")
        batch_op.drop_index(batch_op.f("ix_package_proposals_updated_at"))
        batch_op.drop_index(batch_op.f("ix_package_proposals_created_at"))
    op.drop_table("package_proposals")
    with op.batch_alter_table("packages", schema=None) as batch_op:
        batch_op.drop_index("ix_packages_kind")
        batch_op.drop_constraint(batch_op.f("fk_packages_cluster_id_clusters"), type_="foreignkey")
        batch_op.drop_column("cluster_id")
        batch_op.drop_column("kind")
