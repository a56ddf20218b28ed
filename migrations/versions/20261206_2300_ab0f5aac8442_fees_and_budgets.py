"""fees and budgets: each cluster's fee rules, the fee proposals closed meetings give, and
the budget lines of a cluster's year, all in whole øre

Revision ID: ab0f5aac8442
Revises: 7c3e5a1d9b42
Create Date: 2026-12-06 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ab0f5aac8442"
down_revision = "7c3e5a1d9b42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budget_lines",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "allocation",
                "speaker",
                "catering",
                "room",
                "residential_meeting",
                "coaching",
                "coordinator_pay",
                "fee",
                "carry_over",
                "other",
                name="ledgercategory",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_budget_lines_year")),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_budget_lines_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint(
            "cluster_id", "year", "category", name=op.f("uq_budget_lines_cluster_id_year_category")
        ),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_lines_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_lines_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "fee_rules",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("coordinator_fee_ore", sa.BigInteger(), nullable=False),
        sa.Column("speaker_rate_ore_per_hour", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "coordinator_fee_ore >= 0", name=op.f("ck_fee_rules_coordinator_fee_not_negative")
        ),
        sa.CheckConstraint(
            "speaker_rate_ore_per_hour >= 0", name=op.f("ck_fee_rules_speaker_rate_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_fee_rules_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_rules")),
        sa.UniqueConstraint("cluster_id", name=op.f("uq_fee_rules_cluster_id")),
    )
    with op.batch_alter_table("fee_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_rules_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_fee_rules_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "fee_proposals",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum("coordinator", "speaker", name="feebasis", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("recipient_user_id", sa.Uuid(), nullable=True),
        sa.Column("speaker_name", sa.String(length=200), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("rate_ore", sa.BigInteger(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "proposed", "confirmed", "booked", name="feestate", native_enum=False, length=30
            ),
            nullable=False,
        ),
        sa.Column("confirmed_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("ledger_entry_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(state = 'booked') = (ledger_entry_id IS NOT NULL)",
            name=op.f("ck_fee_proposals_booked_has_entry"),
        ),
        sa.CheckConstraint("amount_ore >= 0", name=op.f("ck_fee_proposals_amount_not_negative")),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0", name=op.f("ck_fee_proposals_minutes_not_negative")
        ),
        sa.CheckConstraint("rate_ore >= 0", name=op.f("ck_fee_proposals_rate_not_negative")),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_fee_proposals_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_user_id"],
            ["users.id"],
            name=op.f("fk_fee_proposals_confirmed_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_fee_proposals_ledger_entry_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_fee_proposals_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_user_id"],
            ["users.id"],
            name=op.f("fk_fee_proposals_recipient_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_proposals")),
    )
    with op.batch_alter_table("fee_proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fee_proposals_cluster", ["cluster_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fee_proposals_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_fee_proposals_meeting", ["meeting_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fee_proposals_updated_at"), ["updated_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("fee_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_proposals_updated_at"))
        batch_op.drop_index("ix_fee_proposals_meeting")
        batch_op.drop_index(batch_op.f("ix_fee_proposals_created_at"))
        batch_op.drop_index("ix_fee_proposals_cluster")

    op.drop_table("fee_proposals")
    with op.batch_alter_table("fee_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_rules_updated_at"))
        batch_op.drop_index(batch_op.f("ix_fee_rules_created_at"))

    op.drop_table("fee_rules")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_updated_at"))
        batch_op.drop_index(batch_op.f("ix_budget_lines_created_at"))

    op.drop_table("budget_lines")
