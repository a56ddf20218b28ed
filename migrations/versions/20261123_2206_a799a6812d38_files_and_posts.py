"""files and posts: content stored once per SHA-256, the cluster library's folders, files
attached to the library, a meeting or a post; the notice board's posts and replies, and when
each reader last looked at a board

Revision ID: a799a6812d38
Revises: d2eb4c8687b1
Create Date: 2026-11-23 22:06:25.112937

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a799a6812d38"
down_revision = "d2eb4c8687b1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_stored_blobs_sha256_hex")),
        sa.CheckConstraint("size > 0", name=op.f("ck_stored_blobs_not_empty")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_blobs")),
    )
    op.create_table(
        "board_visits",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("board", sa.String(length=60), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_board_visits_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "board", name=op.f("pk_board_visits")),
    )
    op.create_table(
        "folders",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("placement_key", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_folders_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_folders_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["folders.id"],
            name=op.f("fk_folders_parent_id_folders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_folders")),
        sa.UniqueConstraint("placement_key", "name", name="uq_folders_placement_name"),
    )
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.create_index("ix_folders_cluster", ["cluster_id", "parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_folders_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_folders_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "posts",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(parent_id IS NULL) = (title IS NOT NULL)",
            name=op.f("ck_posts_threads_have_titles_replies_not"),
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR NOT pinned", name=op.f("ck_posts_replies_are_not_pinned")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_posts_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_posts_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_posts_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["posts.id"], name=op.f("fk_posts_parent_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_posts_board",
            ["cluster_id", "meeting_id", "pinned", "last_activity_at", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_posts_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_posts_replies", ["parent_id", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "files",
        sa.Column("cluster_id", sa.Uuid(), nullable=False),
        sa.Column(
            "attached_to",
            sa.Enum(
                "library", "meeting", "post", name="attachmentkind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("attachment_key", sa.String(length=60), nullable=False),
        sa.Column("folder_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("post_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(attached_to = 'library' AND meeting_id IS NULL AND post_id IS NULL) OR (attached_to = 'meeting' AND meeting_id IS NOT NULL AND folder_id IS NULL AND post_id IS NULL) OR (attached_to = 'post' AND post_id IS NOT NULL AND folder_id IS NULL AND meeting_id IS NULL)",
            name=op.f("ck_files_one_attachment"),
        ),
        sa.CheckConstraint("size > 0", name=op.f("ck_files_not_empty")),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_files_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["folder_id"],
            ["folders.id"],
            name=op.f("fk_files_folder_id_folders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_files_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_files_post_id_posts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_blobs.sha256"],
            name=op.f("fk_files_sha256_stored_blobs"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_files_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint("attachment_key", "name", name="uq_files_attachment_name"),
    )
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.create_index("ix_files_cluster", ["cluster_id", "attached_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_files_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_files_folder", ["folder_id"], unique=False)
        batch_op.create_index("ix_files_meeting", ["meeting_id"], unique=False)
        batch_op.create_index("ix_files_post", ["post_id"], unique=False)
        batch_op.create_index("ix_files_sha256", ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_files_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_files_updated_at"))
        batch_op.drop_index("ix_files_sha256")
        batch_op.drop_index("ix_files_post")
        batch_op.drop_index("ix_files_meeting")
        batch_op.drop_index("ix_files_folder")
        batch_op.drop_index(batch_op.f("ix_files_created_at"))
        batch_op.drop_index("ix_files_cluster")

    op.drop_table("files")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_updated_at"))
        batch_op.drop_index("ix_posts_replies")
        batch_op.drop_index(batch_op.f("ix_posts_created_at"))
        batch_op.drop_index("ix_posts_board")

    op.drop_table("posts")
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_folders_updated_at"))
        batch_op.drop_index(batch_op.f("ix_folders_created_at"))
        batch_op.drop_index("ix_folders_cluster")

    op.drop_table("folders")
    op.drop_table("board_visits")
    op.drop_table("stored_blobs")
