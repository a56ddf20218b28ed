"""The notice board ("opslag"): posts in a cluster or on a meeting, their replies, and when
each reader last looked, so that what is new since can be marked.

A post is a thread (with a title) or a reply to one (without); replies do not nest further.
Its body is Markdown as written, and the HTML it renders to, made safe when it is written
(no script, no event handler, no `javascript:` link survives), so reading costs nothing.
A thread keeps `last_activity_at`, its own time or its latest reply's: the board is ordered
by it (pinned threads first) and a thread is new to a reader who last looked before it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.accounts import User
from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin, utcnow
from api.models.files import File

POST_TITLE_LENGTH = 200
POST_BODY_LENGTH = 20_000


def board_key(cluster_id: uuid.UUID, meeting_id: uuid.UUID | None = None) -> str:
    """The board a post is on: the cluster's own, or a meeting's."""
    return f"meeting:{meeting_id}" if meeting_id is not None else f"cluster:{cluster_id}"


class Post(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A thread on a board, or a reply to one."""

    __tablename__ = "posts"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE")
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(POST_TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pinned: Mapped[bool] = mapped_column(default=False)
    edited_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")
    # Read only (files are attached by the files service), and loaded with the posts: a
    # page of posts costs one statement more, not one per post.
    attachments: Mapped[list[File]] = relationship(
        order_by=lambda: (File.name, File.id), viewonly=True, lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint(
            "(parent_id IS NULL) = (title IS NOT NULL)", name="threads_have_titles_replies_not"
        ),
        CheckConstraint("parent_id IS NULL OR NOT pinned", name="replies_are_not_pinned"),
        # A board's threads: pinned first, then by latest activity (keyset pages).
        Index("ix_posts_board", "cluster_id", "meeting_id", "pinned", "last_activity_at", "id"),
        Index("ix_posts_replies", "parent_id", "created_at", "id"),
    )


class BoardVisit(Base):
    """When a person last read a board: what changed after it is new to them."""

    __tablename__ = "board_visits"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    board: Mapped[str] = mapped_column(String(60), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
