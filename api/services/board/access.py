"""Who may act on the notice board: finding a board or a post within the caller's reach
(404 otherwise), the caller's standing there, and the board domain's permissions.

A board is reached as what it belongs to: the cluster's board as the cluster (with whether
the caller is one of its own people), a meeting's as the meeting. A post is reached through
its board, and only by those who read that board. The standing on one post says whether the
caller wrote it (`own`), which `posts.write` reads: authors change their own posts, the
coordinators anyone's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import (
    Permission,
    Reached,
    can,
    finder,
    permissions_on,
    register_permissions,
)
from api.core.security import Principal
from api.models import Post
from api.models.board import board_key
from api.services.meetings.access import meeting_in_reach
from api.services.registry.access import (
    COORDINATORS,
    any_person,
    cluster_insiders_in_reach,
    holds_role,
    own_or_roles,
    standing_on_made,
)


@dataclass(frozen=True)
class Board:
    """A cluster's own board, or a meeting's."""

    cluster_id: uuid.UUID
    meeting_id: uuid.UUID | None = None

    @property
    def key(self) -> str:
        return board_key(self.cluster_id, self.meeting_id)


def board_of(post: Post) -> Board:
    return Board(post.cluster_id, post.meeting_id)


@finder("cluster_board", name="board")
def cluster_board_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Board]:
    """The cluster's board, reached as the cluster is (404)."""
    reached = cluster_insiders_in_reach(principal, cluster_id=cluster_id)
    return Reached(Board(reached.item.id), reached.standing)


@finder("meeting_board", name="board")
def meeting_board_in_reach(principal: Principal, meeting_id: uuid.UUID) -> Reached[Board]:
    """A meeting's board, reached as the meeting is (404)."""
    reached = meeting_in_reach(principal, meeting_id=meeting_id)
    return Reached(Board(reached.item.cluster_id, reached.item.id), reached.standing)


def post_board(principal: Principal, post_id: uuid.UUID) -> Reached[Post]:
    """The post, if the caller reads its board (404), with their standing on the board."""
    post = db.session.scalar(select(Post).where(Post.id == post_id))
    if post is None:
        raise NotFound("No such post.")
    try:
        if post.meeting_id is not None:
            reached = meeting_in_reach(principal, meeting_id=post.meeting_id)
        else:
            reached = cluster_insiders_in_reach(principal, cluster_id=post.cluster_id)
    except NotFound:
        raise NotFound("No such post.") from None
    if not can(principal, "posts.read", reached.standing):
        raise NotFound("No such post.")
    return Reached(post, reached.standing)


@finder("post")
def post_in_reach(principal: Principal, post_id: uuid.UUID) -> Reached[Post]:
    """The post, if the caller reads its board (404), with whether they wrote it: for what is
    done to the post itself (change it, delete it, attach to it)."""
    reached = post_board(principal, post_id)
    return Reached(
        reached.item, standing_on_made(principal, reached.standing, reached.item.author_id)
    )


@finder("thread", name="post")
def thread_in_reach(principal: Principal, post_id: uuid.UUID) -> Reached[Post]:
    """The post, if the caller reads its board (404), with their standing on the board: for
    what is done within its thread (read it, reply to it)."""
    return post_board(principal, post_id)


# What the caller may do with one post, by name, as its `my_permissions` shows it.
POST_ACTIONS = {"change": "posts.write", "pin": "posts.moderate"}


def my_permissions(principal: Principal, access: Any, post: Post) -> dict[str, bool]:
    """Authors change their own posts, moderators anyone's; moderators pin threads."""
    allowed = permissions_on(
        principal, POST_ACTIONS, standing_on_made(principal, access, post.author_id)
    )
    return {**allowed, "pin": allowed["pin"] and post.parent_id is None}


register_permissions(
    {
        "posts.read": Permission(
            "A board is read by whoever reads what it belongs to: a cluster's by those who reach "
            "the cluster (as `clusters.read`), a meeting's by those who read the meeting (as "
            "`meetings.read`; a draft's only by those who plan it). Machine clients read no "
            "posts. Anyone else gets 404.",
            any_person,
        ),
        "posts.write": Permission(
            "The cluster's own doctors and role holders, and the platform admin, post and reply, "
            "attach files to their posts, and edit and delete their own posts; the coordinator "
            "and co-coordinators edit and delete anyone's (as `posts.moderate`).",
            own_or_roles(COORDINATORS),
        ),
        "posts.moderate": Permission(
            "The coordinator and co-coordinators (and the platform admin) pin threads, and edit "
            "and delete anyone's posts in the cluster.",
            holds_role(COORDINATORS),
        ),
    }
)
