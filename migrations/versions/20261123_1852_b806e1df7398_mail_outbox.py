"""mail outbox: e-mails written in the transaction that causes them and sent by a worker,
with their attachments; states, attempts and retention as CHECK constraints

Revision ID: b806e1df7398
Revises: ad34d27c4f1a
Create Date: 2026-11-23 18:52:50.831647

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b806e1df7398"
down_revision = "ad34d27c4f1a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_outbox",
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=True),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="outboxstatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("claim_token", sa.Uuid(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(status = 'sending') = (claimed_at IS NOT NULL AND claim_token IS NOT NULL)",
            name=op.f("ck_mail_outbox_claim_while_sending"),
        ),
        sa.CheckConstraint(
            "(status = 'sent') = (sent_at IS NOT NULL)",
            name=op.f("ck_mail_outbox_sent_at_when_sent"),
        ),
        sa.CheckConstraint(
            "purged_at IS NULL OR (status IN ('sent', 'failed') AND text_body IS NULL AND html_body IS NULL)",
            name=op.f("ck_mail_outbox_purged_when_done"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending') OR last_attempt_at IS NOT NULL",
            name=op.f("ck_mail_outbox_attempted_when_done"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed')",
            name=op.f("ck_mail_outbox_status_known"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_mail_outbox_attempts_not_negative")),
        sa.CheckConstraint(
            "purged_at IS NOT NULL OR text_body IS NOT NULL",
            name=op.f("ck_mail_outbox_body_until_purged"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_mail_outbox_dedupe_key")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_outbox_message_id")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_outbox_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_mail_outbox_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(
            "ix_mail_outbox_last_attempt", ["status", "last_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mail_outbox_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "mail_attachments",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_mail_attachments_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["mail_outbox.id"],
            name=op.f("fk_mail_attachments_message_id_mail_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_attachments")),
        sa.UniqueConstraint(
            "message_id", "position", name=op.f("uq_mail_attachments_message_id_position")
        ),
    )


def downgrade():
    op.drop_table("mail_attachments")
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_outbox_updated_at"))
        batch_op.drop_index("ix_mail_outbox_last_attempt")
        batch_op.drop_index("ix_mail_outbox_due")
        batch_op.drop_index(batch_op.f("ix_mail_outbox_created_at"))

    op.drop_table("mail_outbox")
