"""surveys: questionnaire templates (a unit's or a cluster's), surveys sent from them to an
audience with personal one-time links, and responses that in an anonymous survey name neither
the recipient nor the time; a package version may carry the questionnaire its meetings offer

Revision ID: 8a2504155b3a
Revises: 9c3e4f1a7b52
Create Date: 2026-12-07 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8a2504155b3a"
down_revision = "9c3e4f1a7b52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_templates",
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("cluster_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "evaluation",
                "pre_meeting",
                "member",
                "other",
                name="surveypurpose",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (cluster_id IS NULL)",
            name=op.f("ck_survey_templates_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_survey_templates_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_survey_templates_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_templates")),
    )
    with op.batch_alter_table("survey_templates", schema=None) as batch_op:
        batch_op.create_index("ix_survey_templates_cluster", ["cluster_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_templates_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_survey_templates_organisation", ["organisation_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_survey_templates_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "survey_template_questions",
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "likert",
                "single_choice",
                "multiple_choice",
                "number",
                "free_text",
                "nps",
                name="questionkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("help", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("min_value", sa.Integer(), nullable=True),
        sa.Column("max_value", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "position >= 0", name=op.f("ck_survey_template_questions_position_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["survey_templates.id"],
            name=op.f("fk_survey_template_questions_template_id_survey_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_template_questions")),
        sa.UniqueConstraint(
            "template_id", "position", name="uq_survey_template_questions_position"
        ),
    )
    op.create_table(
        "surveys",
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column(
            "audience",
            sa.Enum(
                "cluster",
                "sub_cluster",
                "meeting",
                "region",
                "nation",
                name="surveyaudience",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("cluster_id", sa.Uuid(), nullable=True),
        sa.Column("sub_cluster_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("region_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "evaluation",
                "pre_meeting",
                "member",
                "other",
                name="surveypurpose",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("min_responses", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("draft", "open", "closed", name="surveystate", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("closes_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("response_count", sa.Integer(), nullable=False),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(audience NOT IN ('cluster', 'sub_cluster', 'meeting')) OR cluster_id IS NOT NULL",
            name=op.f("ck_surveys_cluster_audience_has_cluster"),
        ),
        sa.CheckConstraint(
            "(state = 'closed') = (closed_at IS NOT NULL)", name=op.f("ck_surveys_closed_has_time")
        ),
        sa.CheckConstraint(
            "(state = 'draft') = (sent_at IS NULL)", name=op.f("ck_surveys_sent_when_not_draft")
        ),
        sa.CheckConstraint(
            "audience <> 'meeting' OR meeting_id IS NOT NULL", name=op.f("ck_surveys_meeting_set")
        ),
        sa.CheckConstraint(
            "audience <> 'region' OR region_id IS NOT NULL", name=op.f("ck_surveys_region_set")
        ),
        sa.CheckConstraint(
            "audience <> 'sub_cluster' OR sub_cluster_id IS NOT NULL",
            name=op.f("ck_surveys_sub_cluster_set"),
        ),
        sa.CheckConstraint("min_responses >= 1", name=op.f("ck_surveys_min_responses_positive")),
        sa.CheckConstraint(
            "organisation_id IS NOT NULL OR cluster_id IS NOT NULL",
            name=op.f("ck_surveys_has_owner"),
        ),
        sa.CheckConstraint(
            "response_count >= 0 AND response_count <= recipient_count",
            name=op.f("ck_surveys_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_surveys_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_surveys_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_surveys_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_surveys_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_surveys_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["sub_cluster_id"],
            ["sub_clusters.id"],
            name=op.f("fk_surveys_sub_cluster_id_sub_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["survey_templates.id"],
            name=op.f("fk_surveys_template_id_survey_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
    )
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.create_index("ix_surveys_cluster", ["cluster_id", "closes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_surveys_meeting", ["meeting_id"], unique=False)
        batch_op.create_index(
            "ix_surveys_organisation", ["organisation_id", "closes_at"], unique=False
        )
        batch_op.create_index("ix_surveys_template", ["template_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_surveys_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "survey_questions",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("template_question_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "likert",
                "single_choice",
                "multiple_choice",
                "number",
                "free_text",
                "nps",
                name="questionkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("help", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("min_value", sa.Integer(), nullable=True),
        sa.Column("max_value", sa.Integer(), nullable=True),
        sa.CheckConstraint("position >= 0", name=op.f("ck_survey_questions_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_questions_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_question_id"],
            ["survey_template_questions.id"],
            name=op.f("fk_survey_questions_template_question_id_survey_template_questions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
        sa.UniqueConstraint("survey_id", "position", name="uq_survey_questions_position"),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_questions_template_question_id"),
            ["template_question_id"],
            unique=False,
        )

    op.create_table(
        "survey_recipients",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("cluster_id", sa.Uuid(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "reminder_count >= 0", name=op.f("ck_survey_recipients_reminders_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_survey_recipients_cluster_id_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_recipients_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_recipients_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_recipients")),
        sa.UniqueConstraint("survey_id", "user_id", name="uq_survey_recipients_person"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_survey_recipients_token_hash")),
    )
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_recipients_pending", ["survey_id", "answered"], unique=False
        )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Uuid(), nullable=True),
        sa.Column("recipient_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(recipient_id IS NULL) = (submitted_at IS NULL)",
            name=op.f("ck_survey_responses_named_together"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_survey_responses_cluster_id_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["survey_recipients.id"],
            name=op.f("fk_survey_responses_recipient_id_survey_recipients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("recipient_id", name=op.f("uq_survey_responses_recipient_id")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_responses_survey", ["survey_id", "cluster_id"], unique=False
        )

    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("response_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(number IS NULL) <> (text IS NULL)", name=op.f("ck_survey_answers_one_value")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index("ix_survey_answers_question", ["question_id", "number"], unique=False)
        batch_op.create_index("ix_survey_answers_response", ["response_id"], unique=False)

    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("survey_template_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_package_versions_survey_template_id_survey_templates"),
            "survey_templates",
            ["survey_template_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("package_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_package_versions_survey_template_id_survey_templates"),
            type_="foreignkey",
        )
        batch_op.drop_column("survey_template_id")

    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answers_response")
        batch_op.drop_index("ix_survey_answers_question")

    op.drop_table("survey_answers")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_survey")

    op.drop_table("survey_responses")
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_recipients_pending")

    op.drop_table("survey_recipients")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_questions_template_question_id"))

    op.drop_table("survey_questions")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_updated_at"))
        batch_op.drop_index("ix_surveys_template")
        batch_op.drop_index("ix_surveys_organisation")
        batch_op.drop_index("ix_surveys_meeting")
        batch_op.drop_index(batch_op.f("ix_surveys_created_at"))
        batch_op.drop_index("ix_surveys_cluster")

    op.drop_table("surveys")
    op.drop_table("survey_template_questions")
    with op.batch_alter_table("survey_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_templates_updated_at"))
        batch_op.drop_index("ix_survey_templates_organisation")
        batch_op.drop_index(batch_op.f("ix_survey_templates_created_at"))
        batch_op.drop_index("ix_survey_templates_cluster")

    op.drop_table("survey_templates")
