"""expenses: claims with line items in øre, receipts (files attached to the expense), bank
details, their way from draft to paid, and every step's event

Revision ID: 533d819943a6
Revises: ab0f5aac8442
Create Date: 2026-12-06 23:41:08.370866

"""

import sqlalchemy as sa
from alembic import op

OLD_ATTACHMENT = (
    "(attached_to = 'library' AND meeting_id IS NULL AND post_id IS NULL)"
    " OR (attached_to = 'meeting' AND meeting_id IS NOT NULL AND folder_id IS NULL"
    " AND post_id IS NULL)"
    " OR (attached_to = 'post' AND post_id IS NOT NULL AND folder_id IS NULL"
    " AND meeting_id IS NULL)"
)
NEW_ATTACHMENT = (
    OLD_ATTACHMENT + " OR (attached_to = 'expense' AND expense_id IS NOT NULL AND folder_id IS NULL"
    " AND meeting_id IS NULL AND post_id IS NULL)"
)


# revision identifiers, used by Alembic.
revision = "533d819943a6"
down_revision = "ab0f5aac8442"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "expenses",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("claimant_id", sa.Uuid(), nullable=True),
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
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "booked",
                "paid",
                "rejected",
                name="expensestate",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("bank_reg_no", sa.String(length=4), nullable=True),
        sa.Column("bank_account_no", sa.String(length=10), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("ledger_entry_id", sa.Uuid(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state <> 'paid' OR paid_on IS NOT NULL", name=op.f("ck_expenses_paid_on")
        ),
        sa.CheckConstraint(
            "state <> 'rejected' OR rejection_reason IS NOT NULL",
            name=op.f("ck_expenses_rejected_has_reason"),
        ),
        sa.CheckConstraint(
            "state NOT IN ('booked', 'paid') OR ledger_entry_id IS NOT NULL",
            name=op.f("ck_expenses_booked_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["claimant_id"],
            ["users.id"],
            name=op.f("fk_expenses_claimant_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_expenses_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_expenses_ledger_entry_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_expenses_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenses_claimant_id"), ["claimant_id"], unique=False)
        batch_op.create_index(
            "ix_expenses_cluster_created", ["cluster_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_expenses_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_expenses_state", ["state", "updated_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenses_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "expense_events",
        sa.Column("expense_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column(
            "from_state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "booked",
                "paid",
                "rejected",
                name="expensestate",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_state",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "booked",
                "paid",
                "rejected",
                name="expensestate",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_client_id", sa.Uuid(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_client_id"],
            ["clients.id"],
            name=op.f("fk_expense_events_actor_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_expense_events_actor_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["expense_id"],
            ["expenses.id"],
            name=op.f("fk_expense_events_expense_id_expenses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_events")),
    )
    with op.batch_alter_table("expense_events", schema=None) as batch_op:
        batch_op.create_index("ix_expense_events_expense", ["expense_id", "at", "id"], unique=False)

    op.create_table(
        "expense_lines",
        sa.Column("expense_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("amount_ore > 0", name=op.f("ck_expense_lines_positive")),
        sa.ForeignKeyConstraint(
            ["expense_id"],
            ["expenses.id"],
            name=op.f("fk_expense_lines_expense_id_expenses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_lines")),
    )
    with op.batch_alter_table("expense_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expense_lines_expense_id"), ["expense_id"], unique=False
        )

    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expense_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_files_expense", ["expense_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_files_expense_id_expenses"),
            "expenses",
            ["expense_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_constraint(batch_op.f("ck_files_one_attachment"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_files_one_attachment"), NEW_ATTACHMENT)


def downgrade():
    # Receipts go with the expenses (their content is collected by `flask purge-expired`).
    op.execute("DELETE FROM files WHERE attached_to = 'expense'")
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_files_one_attachment"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_files_one_attachment"), OLD_ATTACHMENT)
        batch_op.drop_constraint(batch_op.f("fk_files_expense_id_expenses"), type_="foreignkey")
        batch_op.drop_index("ix_files_expense")
        batch_op.drop_column("expense_id")

    with op.batch_alter_table("expense_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_lines_expense_id"))

    op.drop_table("expense_lines")
    with op.batch_alter_table("expense_events", schema=None) as batch_op:
        batch_op.drop_index("ix_expense_events_expense")

    op.drop_table("expense_events")
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenses_updated_at"))
        batch_op.drop_index("ix_expenses_state")
        batch_op.drop_index(batch_op.f("ix_expenses_created_at"))
        batch_op.drop_index("ix_expenses_cluster_created")
        batch_op.drop_index(batch_op.f("ix_expenses_claimant_id"))

    op.drop_table("expenses")
