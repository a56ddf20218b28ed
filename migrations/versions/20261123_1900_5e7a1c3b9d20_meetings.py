"""meetings: meetings with their agenda, invitations, attendance (kept as tombstones for
the feed) and follow-up actions; the invariants as CHECK constraints

Revision ID: 5e7a1c3b9d20
Revises: b806e1df7398
Create Date: 2026-11-23 18:51:57.013780

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e7a1c3b9d20"
down_revision = "b806e1df7398"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meetings",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "after_work",
                "daytime",
                "residential",
                "virtual",
                name="meetingkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "draft", "planned", "cancelled", name="meetingstate", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("place_name", sa.String(length=200), nullable=True),
        sa.Column("place_address", sa.String(length=300), nullable=True),
        sa.Column("video_url", sa.String(length=500), nullable=True),
        sa.Column("rsvp_by", sa.DateTime(), nullable=True),
        sa.Column("responsible_user_id", sa.Uuid(), nullable=True),
        sa.Column("responsible_sub_cluster_id", sa.Uuid(), nullable=True),
        sa.Column("responsible_clinic_id", sa.Uuid(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("ical_uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(state = 'cancelled') = (cancelled_at IS NOT NULL)",
            name=op.f("ck_meetings_cancelled_has_time"),
        ),
        sa.CheckConstraint(
            "closed_at IS NULL OR state = 'planned'", name=op.f("ck_meetings_only_planned_closes")
        ),
        sa.CheckConstraint(
            "state = 'draft' OR place_name IS NOT NULL OR video_url IS NOT NULL",
            name=op.f("ck_meetings_planned_has_place"),
        ),
        sa.CheckConstraint("time_zone <> ''", name=op.f("ck_meetings_time_zone_given")),
        sa.CheckConstraint(
            "(CASE WHEN responsible_user_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN responsible_sub_cluster_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN responsible_clinic_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_meetings_one_responsible_party"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meetings_ends_after_start")),
        sa.CheckConstraint(
            "rsvp_by IS NULL OR rsvp_by <= starts_at", name=op.f("ck_meetings_rsvp_before_start")
        ),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_meetings_sequence_not_negative")),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_meetings_closed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_meetings_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_meetings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_clinic_id"],
            ["clinics.id"],
            name=op.f("fk_meetings_responsible_clinic_id_clinics"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_sub_cluster_id"],
            ["sub_clusters.id"],
            name=op.f("fk_meetings_responsible_sub_cluster_id_sub_clusters"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["users.id"],
            name=op.f("fk_meetings_responsible_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("ical_uid", name=op.f("uq_meetings_ical_uid")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meetings_cluster_start", ["cluster_id", "starts_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("slide_reference", sa.String(length=200), nullable=True),
        sa.Column("responsible_user_id", sa.Uuid(), nullable=True),
        sa.Column("responsible_name", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes >= 0", name=op.f("ck_agenda_items_duration_not_negative")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_agenda_items_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["users.id"],
            name=op.f("fk_agenda_items_responsible_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_items_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_agenda_items_meeting", ["meeting_id", "position"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_agenda_items_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("registered_by_id", sa.Uuid(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_attendance_clinic_id_clinics"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_attendance_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_registered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attendance_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("meeting_id", "user_id", name=op.f("uq_attendance_meeting_id_user_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_changes", ["updated_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("ix_attendance_user", ["user_id"], unique=False)

    op.create_table(
        "follow_up_actions",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", "dropped", name="actionstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'open') = (completed_at IS NULL)",
            name=op.f("ck_follow_up_actions_completed_unless_open"),
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_follow_up_actions_clinic_id_clinics"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_follow_up_actions_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_follow_up_actions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_actions")),
    )
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_up_actions_cluster", ["cluster_id", "status", "due_on", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_follow_up_actions_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_follow_up_actions_meeting", ["meeting_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_actions_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "invitations",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("clinic_id", sa.Uuid(), nullable=True),
        sa.Column(
            "answer",
            sa.Enum(
                "invited",
                "accepted",
                "declined",
                "tentative",
                name="invitationanswer",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(), nullable=True),
        sa.Column("invited_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(answer = 'invited') = (answered_at IS NULL)",
            name=op.f("ck_invitations_answer_has_time"),
        ),
        sa.CheckConstraint(
            "(reminder_count = 0) = (last_reminded_at IS NULL)",
            name=op.f("ck_invitations_reminder_has_time"),
        ),
        sa.CheckConstraint(
            "reminder_count >= 0", name=op.f("ck_invitations_reminders_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_invitations_clinic_id_clinics"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_invitations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_invitations_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint(
            "meeting_id", "user_id", name=op.f("uq_invitations_meeting_id_user_id")
        ),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitations_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("ix_invitations_user", ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index("ix_invitations_user")
        batch_op.drop_index(batch_op.f("ix_invitations_updated_at"))
        batch_op.drop_index(batch_op.f("ix_invitations_created_at"))

    op.drop_table("invitations")
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_updated_at"))
        batch_op.drop_index("ix_follow_up_actions_meeting")
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_created_at"))
        batch_op.drop_index("ix_follow_up_actions_cluster")

    op.drop_table("follow_up_actions")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_user")
        batch_op.drop_index(batch_op.f("ix_attendance_updated_at"))
        batch_op.drop_index(batch_op.f("ix_attendance_created_at"))
        batch_op.drop_index("ix_attendance_changes")

    op.drop_table("attendance")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_updated_at"))
        batch_op.drop_index("ix_agenda_items_meeting")
        batch_op.drop_index(batch_op.f("ix_agenda_items_created_at"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_updated_at"))
        batch_op.drop_index(batch_op.f("ix_meetings_created_at"))
        batch_op.drop_index("ix_meetings_cluster_start")

    op.drop_table("meetings")
