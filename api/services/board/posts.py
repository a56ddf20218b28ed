"""The notice board ("opslag"): threads and replies on a cluster's board or a meeting's,
their attachments, moderation, and what is new to a reader since their last visit.

Who reads a board is who reads what it belongs to: the cluster's board is reached as the
cluster's library is, a meeting's as the meeting is. The cluster's own people post and reply,
and change what they wrote; the coordinator and co-coordinators pin threads and change or
remove anyone's posts.

What is new is decided per board: a person's visit (`BoardVisit`) is recorded when the web app
shows them the board (an explicit `PUT`, never a side effect of reading), and a post by
someone else made after it is new to them, as is a thread with such replies.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from api.core.error_codes import coded
from api.core.errors import Forbidden, RuleViolation
from api.core.extensions import db
from api.core.markdown import render_markdown
from api.core.permissions import can
from api.core.security import Principal
from api.core.shown import Shown
from api.models import AttachmentKind, BoardVisit, File, Post
from api.models.base import utcnow
from api.services.board.access import Board, my_permissions
from api.services.files import library as files
from api.services.registry.access import InsiderAccess

# A board's threads: pinned first, then the latest activity first.
THREAD_ORDER = (Post.pinned.desc(), Post.last_activity_at.desc(), Post.id.desc())
# A thread's replies: in the order they were written.
REPLY_ORDER = (Post.created_at, Post.id)


# --- reading ----------------------------------------------------------------------------


def threads_query(board: Board) -> Select:
    meeting = (
        Post.meeting_id.is_(None)
        if board.meeting_id is None
        else (Post.meeting_id == board.meeting_id)
    )
    return select(Post).where(
        Post.cluster_id == board.cluster_id, meeting, Post.parent_id.is_(None)
    )


def replies_query(thread: Post) -> Select:
    return select(Post).where(Post.parent_id == thread.id)


def last_visit(principal: Principal, board: Board) -> datetime | None:
    if principal.user is None:
        return None
    return db.session.scalar(
        select(BoardVisit.seen_at).where(
            BoardVisit.user_id == principal.user.id, BoardVisit.board == board.key
        )
    )


def _by_someone_else(principal: Principal) -> Any:
    if principal.user is None:
        return True
    return or_(Post.author_id.is_(None), Post.author_id != principal.user.id)


def _new_condition(principal: Principal, seen_at: datetime | None) -> Any:
    """A post is new to the caller: written by someone else after their last visit."""
    if seen_at is None:
        return _by_someone_else(principal)
    return and_(Post.created_at > seen_at, _by_someone_else(principal))


@dataclass
class ReplyCounts:
    total: int = 0
    new: int = 0


def reply_counts(
    principal: Principal, thread_ids: Iterable[uuid.UUID], seen_at: datetime | None
) -> dict[uuid.UUID, ReplyCounts]:
    """For each thread of `thread_ids`: its replies, and how many are new to the caller; one
    statement for a page of threads."""
    ids = list(thread_ids)
    if not ids:
        return {}
    new = case((_new_condition(principal, seen_at), 1), else_=0)
    rows = db.session.execute(
        select(Post.parent_id, func.count(), func.coalesce(func.sum(new), 0))
        .where(Post.parent_id.in_(ids))
        .group_by(Post.parent_id)
    )
    return {parent_id: ReplyCounts(total, int(fresh)) for parent_id, total, fresh in rows}


def _is_new(principal: Principal, post: Post, seen_at: datetime | None) -> bool:
    if principal.user is not None and post.author_id == principal.user.id:
        return False
    return seen_at is None or post.created_at > seen_at


def shown(
    principal: Principal,
    access: InsiderAccess,
    posts: list[Post],
    seen_at: datetime | None,
) -> list[Shown]:
    """`posts` (of one board) as the caller sees them, with their replies counted in one
    statement."""
    threads = [post.id for post in posts if post.parent_id is None]
    counts = reply_counts(principal, threads, seen_at)
    show_file = files.shown(principal, access)
    shown_posts = []
    for post in posts:
        replies = counts.get(post.id, ReplyCounts())
        shown_posts.append(
            Shown(
                post,
                new=_is_new(principal, post, seen_at),
                reply_count=replies.total,
                new_replies=replies.new,
                my_permissions=my_permissions(principal, access, post),
                attachments=[show_file(file) for file in post.attachments],
            )
        )
    return shown_posts


def unread_threads(principal: Principal, board: Board, seen_at: datetime | None) -> int:
    """How many threads of the board are new to the caller, or have replies that are."""
    reply = aliased(Post)
    fresh_reply = exists().where(
        reply.parent_id == Post.id,
        reply.created_at > seen_at if seen_at is not None else True,
        or_(reply.author_id.is_(None), reply.author_id != principal.user.id)
        if principal.user is not None
        else True,
    )
    thread = threads_query(board).with_only_columns(func.count(Post.id))
    return (
        db.session.scalar(thread.where(or_(_new_condition(principal, seen_at), fresh_reply))) or 0
    )


def record_visit(principal: Principal, board: Board) -> tuple[datetime | None, datetime]:
    """Mark the board seen by the caller now; when they had seen it before (None: never)."""
    assert principal.user is not None
    previous = last_visit(principal, board)
    now = utcnow()
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(BoardVisit).values(user_id=principal.user.id, board=board.key, seen_at=now)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[BoardVisit.user_id, BoardVisit.board],
            set_={"seen_at": statement.excluded.seen_at},
        )
    )
    db.session.commit()
    return previous, now


# --- writing ----------------------------------------------------------------------------


def _pin_allowed(principal: Principal, access: InsiderAccess) -> None:
    if not can(principal, "posts.moderate", access):
        raise Forbidden("Only the coordinator and co-coordinators pin threads.")


def create_thread(
    principal: Principal, access: InsiderAccess, board: Board, data: dict[str, Any]
) -> Post:
    if data["pinned"]:
        _pin_allowed(principal, access)
    now = utcnow()
    post = Post(
        cluster_id=board.cluster_id,
        meeting_id=board.meeting_id,
        title=data["title"],
        body=data["body"],
        body_html=render_markdown(data["body"]),
        author_id=principal.user.id if principal.user is not None else None,
        pinned=data["pinned"],
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    db.session.add(post)
    db.session.commit()
    return post


def _touch_thread(thread_id: uuid.UUID) -> None:
    """Move the thread's latest activity to its newest reply (or itself). Not a change to
    the thread itself: its version (and ETag) stay, so an author editing it meanwhile is not
    refused."""
    latest = select(func.max(Post.created_at)).where(Post.parent_id == thread_id).scalar_subquery()
    db.session.execute(
        update(Post)
        .where(Post.id == thread_id)
        .values(
            last_activity_at=func.coalesce(latest, Post.created_at),
            updated_at=Post.updated_at,
        )
        .execution_options(synchronize_session=False)
    )


def create_reply(principal: Principal, thread: Post, data: dict[str, Any]) -> Post:
    if thread.parent_id is not None:
        raise RuleViolation(
            "This post is a reply: answer its thread instead; replies do not nest.",
            code="reply_does_not_nest",
        )
    now = utcnow()
    reply = Post(
        cluster_id=thread.cluster_id,
        meeting_id=thread.meeting_id,
        parent_id=thread.id,
        body=data["body"],
        body_html=render_markdown(data["body"]),
        author_id=principal.user.id if principal.user is not None else None,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    db.session.add(reply)
    db.session.flush()
    _touch_thread(thread.id)
    db.session.commit()
    return reply


def update_post(
    principal: Principal, access: InsiderAccess, post: Post, data: dict[str, Any]
) -> None:
    """Edit the title or body (author or moderator), or pin (moderator; threads only)."""
    if post.parent_id is not None:
        for field in ("title", "pinned"):
            if field in data:
                raise RuleViolation(
                    errors={
                        field: [
                            coded("A reply has no title and is not pinned.", "reply_has_no_title")
                        ]
                    }
                )
    if "pinned" in data and data["pinned"] != post.pinned:
        _pin_allowed(principal, access)
        post.pinned = data["pinned"]
    edited = False
    if "title" in data and data["title"] != post.title:
        post.title, edited = data["title"], True
    if "body" in data and data["body"] != post.body:
        post.body, post.body_html, edited = data["body"], render_markdown(data["body"]), True
    if edited:
        post.edited_at = utcnow()
    db.session.commit()


def delete_post(post: Post) -> None:
    """Delete the post (a thread with its replies) and their files; then the files' content,
    unless other files have the same. Each row goes through the session, so the audit log
    records it."""
    posts = [post]
    if post.parent_id is None:
        posts += db.session.scalars(select(Post).where(Post.parent_id == post.id)).all()
    attached = db.session.scalars(select(File).where(File.post_id.in_([p.id for p in posts])))
    sha256s = []
    for file in attached:
        sha256s.append(file.sha256)
        db.session.delete(file)
    # The files first, in a flush of their own: which table the session deletes from first
    # depends on how the models were loaded, and a post's delete cascades to its files.
    db.session.flush()
    for row in posts[1:]:
        db.session.delete(row)
    # The replies first: the session does not know they hang on the thread, and deleting the
    # thread first would let the database's cascade take them from under it.
    db.session.flush()
    db.session.delete(post)
    db.session.flush()
    if post.parent_id is not None:
        _touch_thread(post.parent_id)
    db.session.commit()
    files.collect_quietly(sha256s)


def attachment_target(post: Post) -> files.Target:
    return files.Target(post.cluster_id, AttachmentKind.post, post_id=post.id)


def version_etag(post: Post) -> dict[str, Any]:
    """What a post's ETag covers: its own version (not its replies, nor its activity)."""
    return {"id": str(post.id), "version": post.version}
