"""The notice board ("opslag"): each cluster's board and each meeting's, with threads,
replies, pins, attachments and what is new to the reader."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import url_for
from flask.views import MethodView

from api.extensions import Blueprint
from api.idempotency import idempotent
from api.models import Post
from api.pagination import paginate
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.posts import (
    BoardVisitSchema,
    PostSchema,
    PostUpdateSchema,
    ReplyCreateSchema,
    ThreadCreateSchema,
)
from api.security import require_principal
from api.services import posts
from api.services.access import InsiderAccess

URL_PREFIX = ""
blp = Blueprint(
    "posts",
    __name__,
    description=(
        "The notice board: a cluster's own board and each meeting's. Whoever reads the "
        "cluster (or the meeting) reads its board; the cluster's own doctors and role holders "
        "post, reply, attach files and change their own posts; the coordinator and "
        "co-coordinators pin threads and change or remove anyone's. A thread is a titled "
        "post; its replies have no title and do not nest. Bodies are Markdown, also given "
        "as safe HTML. What is new to a reader is what others wrote after the reader's last "
        "visit, which the client records with `PUT …/board-visit` when it shows the board."
    ),
)

BoardOf = Callable[[Any, uuid.UUID, str], tuple[posts.Board, InsiderAccess]]


def _page(board: posts.Board, access: InsiderAccess, page: dict[str, Any]) -> dict[str, Any]:
    """A page of posts as the caller sees them (what is new, what they may do)."""
    principal = require_principal()
    seen_at = posts.last_visit(principal, board)
    page["items"] = posts.shown(principal, access, page["items"], seen_at)
    return page


def _one(post: Post, board: posts.Board, access: InsiderAccess) -> posts.Shown:
    """One post with its ETag, as the caller sees it."""
    principal = require_principal()
    blp.set_etag(posts.version_etag(post))
    [shown] = posts.shown(principal, access, [post], posts.last_visit(principal, board))
    return shown


def _list_threads(board_of: BoardOf, owner_id: uuid.UUID, args: dict[str, Any]) -> dict:
    board, access = board_of(require_principal(), owner_id, "posts.read")
    page = paginate(posts.threads_query(board), args, order=posts.THREAD_ORDER)
    return _page(board, access, page)


def _create_thread(board_of: BoardOf, owner_id: uuid.UUID, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    principal = require_principal()
    board, access = board_of(principal, owner_id, "posts.write")
    post = posts.create_thread(principal, access, board, data)
    location = url_for("posts.PostById", post_id=post.id)
    return _one(post, board, access), 201, {"Location": location}


def _visit(board_of: BoardOf, owner_id: uuid.UUID, record: bool) -> dict[str, Any]:
    principal = require_principal()
    board, _ = board_of(principal, owner_id, "posts.read")
    if record:
        previous, seen_at = posts.record_visit(principal, board)
    else:
        previous = seen_at = posts.last_visit(principal, board)
    return {
        "seen_at": seen_at,
        "previous_seen_at": previous,
        "unread_threads": posts.unread_threads(principal, board, seen_at),
    }


THREADS = page_schema(PostSchema)
LIST_DOC = "Pinned threads first, then by latest activity (a new reply lifts a thread)."
VISIT_PUT_DOC = (
    "Record that you see the board now: the web app does so when it shows the board, after "
    "reading it, so that what was new stays marked on that page. Answers with the visit "
    "before (`previous_seen_at`)."
)


def _stacked(*decorators: Callable) -> Callable[[Callable], Callable]:
    """The decorators applied as if written above the function in this order."""

    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


# What each board's operations are, for the cluster's board and a meeting's alike.


def _list_operation(operation_id: str) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.read"),
        blp.arguments(PageArgsSchema, location="query"),
        blp.response(200, THREADS),
        blp.alt_response(404, response="NOT_FOUND"),
        blp.doc(operationId=operation_id, description=LIST_DOC),
    )


def _create_operation(operation_id: str) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.write"),
        idempotent,
        blp.etag,
        blp.arguments(ThreadCreateSchema),
        blp.response(201, PostSchema),
        blp.alt_response(404, response="NOT_FOUND"),
        blp.doc(operationId=operation_id),
    )


def _visit_operation(operation_id: str, **doc: str) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.read"),
        blp.response(200, BoardVisitSchema),
        blp.alt_response(404, response="NOT_FOUND"),
        blp.doc(operationId=operation_id, **doc),
    )


@blp.route("/clusters/<uuid:cluster_id>/posts")
class ClusterPosts(MethodView):
    @_list_operation("listClusterPosts")
    def get(self, args, cluster_id: uuid.UUID):
        """List the threads on the cluster's board"""
        return _list_threads(posts.cluster_board, cluster_id, args)

    @_create_operation("createClusterPost")
    def post(self, data, cluster_id: uuid.UUID):
        """Start a thread on the cluster's board"""
        return _create_thread(posts.cluster_board, cluster_id, data)


@blp.route("/meetings/<uuid:meeting_id>/posts")
class MeetingPosts(MethodView):
    @_list_operation("listMeetingPosts")
    def get(self, args, meeting_id: uuid.UUID):
        """List the threads on a meeting's board"""
        return _list_threads(posts.meeting_board, meeting_id, args)

    @_create_operation("createMeetingPost")
    def post(self, data, meeting_id: uuid.UUID):
        """Start a thread on a meeting's board"""
        return _create_thread(posts.meeting_board, meeting_id, data)


@blp.route("/clusters/<uuid:cluster_id>/board-visit")
class ClusterBoardVisit(MethodView):
    @_visit_operation("getClusterBoardVisit")
    def get(self, cluster_id: uuid.UUID):
        """Your last visit to the cluster's board, and how many threads are new since"""
        return _visit(posts.cluster_board, cluster_id, record=False)

    @_visit_operation("recordClusterBoardVisit", description=VISIT_PUT_DOC)
    def put(self, cluster_id: uuid.UUID):
        """Record a visit to the cluster's board"""
        return _visit(posts.cluster_board, cluster_id, record=True)


@blp.route("/meetings/<uuid:meeting_id>/board-visit")
class MeetingBoardVisit(MethodView):
    @_visit_operation("getMeetingBoardVisit")
    def get(self, meeting_id: uuid.UUID):
        """Your last visit to a meeting's board, and how many threads are new since"""
        return _visit(posts.meeting_board, meeting_id, record=False)

    @_visit_operation("recordMeetingBoardVisit", description=VISIT_PUT_DOC)
    def put(self, meeting_id: uuid.UUID):
        """Record a visit to a meeting's board"""
        return _visit(posts.meeting_board, meeting_id, record=True)


@blp.route("/posts/<uuid:post_id>")
class PostById(MethodView):
    @blp.access("posts.read")
    @blp.etag
    @blp.response(200, PostSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getPost")
    def get(self, post_id: uuid.UUID):
        """Get a thread or a reply"""
        post, board, access = posts.post_access(require_principal(), post_id, "posts.read")
        return _one(post, board, access)

    @blp.access("posts.write")
    @blp.etag
    @blp.arguments(PostUpdateSchema)
    @blp.response(200, PostSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updatePost")
    def patch(self, data, post_id: uuid.UUID):
        """Edit or pin a post

        Requires `If-Match`. `title` and `body` by the author, or the coordinator and
        co-coordinators (`edited_at` then tells readers); `pinned` by the coordinator and
        co-coordinators, for threads. A reply has no title and is not pinned (422).
        """
        principal = require_principal()
        post, board, access = posts.post_access(principal, post_id, "posts.write")
        posts.require_author_or_moderator(principal, access, post)
        blp.check_etag(posts.version_etag(post))
        posts.update_post(principal, access, post, data)
        return _one(post, board, access)

    @blp.access("posts.write")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="deletePost")
    def delete(self, post_id: uuid.UUID):
        """Delete a post

        Requires `If-Match`. A thread goes with its replies, and a post with its files (their
        content leaves storage unless another file has it). The author's own posts; the
        coordinator and co-coordinators delete anyone's.
        """
        principal = require_principal()
        post, _, access = posts.post_access(principal, post_id, "posts.write")
        posts.require_author_or_moderator(principal, access, post)
        blp.check_etag(posts.version_etag(post))
        posts.delete_post(post)


@blp.route("/posts/<uuid:post_id>/replies")
class PostReplies(MethodView):
    @blp.access("posts.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(PostSchema))
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="listPostReplies")
    def get(self, args, post_id: uuid.UUID):
        """List a thread's replies

        In the order they were written. A reply has no replies: its list is empty.
        """
        thread, board, access = posts.post_access(require_principal(), post_id, "posts.read")
        page = paginate(posts.replies_query(thread), args, order=posts.REPLY_ORDER)
        return _page(board, access, page)

    @blp.access("posts.write")
    @idempotent
    @blp.etag
    @blp.arguments(ReplyCreateSchema)
    @blp.response(201, PostSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="createPostReply")
    def post(self, data, post_id: uuid.UUID):
        """Reply to a thread

        A reply to a reply is refused (422): answer the thread. The thread's latest activity
        moves, not its ETag.
        """
        principal = require_principal()
        thread, board, access = posts.post_access(principal, post_id, "posts.write")
        reply = posts.create_reply(principal, thread, data)
        location = url_for("posts.PostById", post_id=reply.id)
        return _one(reply, board, access), 201, {"Location": location}
