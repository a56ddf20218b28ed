"""economy: cluster ledgers in whole øre, the yearly rates per patient (seeded with the
years KiAP has published) and allocation runs

Revision ID: 7c3e5a1d9b42
Revises: 4b7d2e9f1c3a
Create Date: 2026-12-06 21:00:00.000000

"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# KiAP's published rates per patient listed on 1 February, in øre.
RATES = {2022: 112, 2023: 232, 2024: 355, 2025: 365}


# revision identifiers, used by Alembic.
revision = "7c3e5a1d9b42"
down_revision = "4b7d2e9f1c3a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "allocation_rates",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("ore_per_patient", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("ore_per_patient >= 0", name=op.f("ck_allocation_rates_not_negative")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_allocation_rates_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_rates")),
        sa.UniqueConstraint("year", name=op.f("uq_allocation_rates_year")),
    )
    with op.batch_alter_table("allocation_rates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_rates_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_allocation_rates_updated_at"), ["updated_at"], unique=False
        )

    rates = sa.table(
        "allocation_rates",
        sa.column("id", sa.Uuid()),
        sa.column("year", sa.Integer()),
        sa.column("ore_per_patient", sa.BigInteger()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
        sa.column("version", sa.Integer()),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        rates,
        [
            {
                "id": uuid.uuid4(),
                "year": year,
                "ore_per_patient": ore,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for year, ore in RATES.items()
        ],
    )

    op.create_table(
        "allocation_runs",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=True),
        sa.Column("ore_per_patient", sa.BigInteger(), nullable=False),
        sa.Column("run_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("run_by_client_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_allocation_runs_cluster_id_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_by_client_id"],
            ["clients.id"],
            name=op.f("fk_allocation_runs_run_by_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_by_user_id"],
            ["users.id"],
            name=op.f("fk_allocation_runs_run_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_runs")),
    )
    with op.batch_alter_table("allocation_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_runs_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_allocation_runs_updated_at"), ["updated_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_allocation_runs_year"), ["year"], unique=False)

    op.create_table(
        "ledger_entries",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "allocation",
                "expense",
                "fee",
                "correction",
                "carry_over",
                name="ledgerentrykind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
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
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("source_kind", sa.String(length=30), nullable=True),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("allocation_run_id", sa.Uuid(), nullable=True),
        sa.Column("corrects_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("booked_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("booked_by_client_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind <> 'correction' OR (corrects_id IS NOT NULL AND reason IS NOT NULL)",
            name=op.f("ck_ledger_entries_correction_names_entry_and_reason"),
        ),
        sa.CheckConstraint(
            "(source_kind IS NULL) = (source_id IS NULL)", name=op.f("ck_ledger_entries_source")
        ),
        sa.ForeignKeyConstraint(
            ["allocation_run_id"],
            ["allocation_runs.id"],
            name=op.f("fk_ledger_entries_allocation_run_id_allocation_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_client_id"],
            ["clients.id"],
            name=op.f("fk_ledger_entries_booked_by_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_user_id"],
            ["users.id"],
            name=op.f("fk_ledger_entries_booked_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_ledger_entries_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["ledger_entries.id"],
            name=op.f("fk_ledger_entries_corrects_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_ledger_entries_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_allocation_run_id"), ["allocation_run_id"], unique=False
        )
        batch_op.create_index(
            "ix_ledger_entries_cluster_booked", ["cluster_id", "booked_on", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_updated_at"), ["updated_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_updated_at"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_created_at"))
        batch_op.drop_index("ix_ledger_entries_cluster_booked")
        batch_op.drop_index(batch_op.f("ix_ledger_entries_allocation_run_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("allocation_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_runs_year"))
        batch_op.drop_index(batch_op.f("ix_allocation_runs_updated_at"))
        batch_op.drop_index(batch_op.f("ix_allocation_runs_created_at"))

    op.drop_table("allocation_runs")
    with op.batch_alter_table("allocation_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_rates_updated_at"))
        batch_op.drop_index(batch_op.f("ix_allocation_rates_created_at"))

    op.drop_table("allocation_rates")
