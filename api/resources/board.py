"""The notice board ("opslag"): each cluster's board and each meeting's, with threads,
replies, pins, attachments and what is new to the reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask.views import MethodView

from api.core.extensions import Blueprint
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Finder, Reached
from api.core.security import require_principal
from api.core.shown import Shown
from api.models import Post
from api.schemas.board import (
    BoardVisitSchema,
    PostSchema,
    PostUpdateSchema,
    ReplyCreateSchema,
    ThreadCreateSchema,
)
from api.schemas.common import PageArgsSchema, page_schema
from api.services.board import posts
from api.services.board.access import (
    Board,
    board_of,
    cluster_board_in_reach,
    meeting_board_in_reach,
    post_in_reach,
    thread_in_reach,
)

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


def _page(board: Board, access: Any, page: dict[str, Any]) -> dict[str, Any]:
    """A page of posts as the caller sees them (what is new, what they may do)."""
    principal = require_principal()
    seen_at = posts.last_visit(principal, board)
    page["items"] = posts.shown(principal, access, page["items"], seen_at)
    return page


def _one(post: Post, access: Any) -> Shown:
    """One post with its ETag, as the caller sees it."""
    principal = require_principal()
    blp.set_etag(posts.version_etag(post))
    seen_at = posts.last_visit(principal, board_of(post))
    [shown] = posts.shown(principal, access, [post], seen_at)
    return shown


def _list_threads(board: Reached[Board], args: dict[str, Any]) -> dict:
    page = paginate(posts.threads_query(board.item), args, order=posts.THREAD_ORDER)
    return _page(board.item, board.standing, page)


def _create_thread(board: Reached[Board], data: dict[str, Any]):  # type: ignore[no-untyped-def]
    post = posts.create_thread(require_principal(), board.standing, board.item, data)
    location = url_for("posts.PostById", post_id=post.id)
    return _one(post, board.standing), 201, {"Location": location}


def _visit(board: Reached[Board], record: bool) -> dict[str, Any]:
    principal = require_principal()
    if record:
        previous, seen_at = posts.record_visit(principal, board.item)
    else:
        previous = seen_at = posts.last_visit(principal, board.item)
    return {
        "seen_at": seen_at,
        "previous_seen_at": previous,
        "unread_threads": posts.unread_threads(principal, board.item, seen_at),
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


def _list_operation(operation_id: str, on: Finder) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.read", on=on),
        blp.arguments(PageArgsSchema, location="query"),
        blp.response(200, THREADS),
        blp.doc(operationId=operation_id, description=LIST_DOC),
    )


def _create_operation(operation_id: str, on: Finder) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.write", on=on),
        idempotent,
        blp.etag,
        blp.arguments(ThreadCreateSchema),
        blp.response(201, PostSchema),
        blp.doc(operationId=operation_id),
    )


def _visit_operation(operation_id: str, on: Finder, **doc: str) -> Callable[[Callable], Callable]:
    return _stacked(
        blp.access("posts.read", on=on),
        blp.response(200, BoardVisitSchema),
        blp.doc(operationId=operation_id, **doc),
    )


@blp.route("/clusters/<uuid:cluster_id>/posts")
class ClusterPosts(MethodView):
    @_list_operation("listClusterPosts", on=cluster_board_in_reach)
    def get(self, args, board: Reached[Board]):
        """List the threads on the cluster's board"""
        return _list_threads(board, args)

    @_create_operation("createClusterPost", on=cluster_board_in_reach)
    def post(self, data, board: Reached[Board]):
        """Start a thread on the cluster's board"""
        return _create_thread(board, data)


@blp.route("/meetings/<uuid:meeting_id>/posts")
class MeetingPosts(MethodView):
    @_list_operation("listMeetingPosts", on=meeting_board_in_reach)
    def get(self, args, board: Reached[Board]):
        """List the threads on a meeting's board"""
        return _list_threads(board, args)

    @_create_operation("createMeetingPost", on=meeting_board_in_reach)
    def post(self, data, board: Reached[Board]):
        """Start a thread on a meeting's board"""
        return _create_thread(board, data)


@blp.route("/clusters/<uuid:cluster_id>/board-visit")
class ClusterBoardVisit(MethodView):
    @_visit_operation("getClusterBoardVisit", on=cluster_board_in_reach)
    def get(self, board: Reached[Board]):
        """Your last visit to the cluster's board, and how many threads are new since"""
        return _visit(board, record=False)

    @_visit_operation(
        "recordClusterBoardVisit", on=cluster_board_in_reach, description=VISIT_PUT_DOC
    )
    def put(self, board: Reached[Board]):
        """Record a visit to the cluster's board"""
        return _visit(board, record=True)


@blp.route("/meetings/<uuid:meeting_id>/board-visit")
class MeetingBoardVisit(MethodView):
    @_visit_operation("getMeetingBoardVisit", on=meeting_board_in_reach)
    def get(self, board: Reached[Board]):
        """Your last visit to a meeting's board, and how many threads are new since"""
        return _visit(board, record=False)

    @_visit_operation(
        "recordMeetingBoardVisit", on=meeting_board_in_reach, description=VISIT_PUT_DOC
    )
    def put(self, board: Reached[Board]):
        """Record a visit to a meeting's board"""
        return _visit(board, record=True)


@blp.route("/posts/<uuid:post_id>")
class PostById(MethodView):
    @blp.access("posts.read", on=post_in_reach)
    @blp.etag
    @blp.response(200, PostSchema)
    @blp.doc(operationId="getPost")
    def get(self, post: Reached[Post]):
        """Get a thread or a reply"""
        return _one(post.item, post.standing)

    @blp.access("posts.write", on=post_in_reach)
    @blp.etag
    @blp.arguments(PostUpdateSchema)
    @blp.response(200, PostSchema)
    @blp.doc(operationId="updatePost")
    def patch(self, data, post: Reached[Post]):
        """Edit or pin a post

        Requires `If-Match`. `title` and `body` by the author, or the coordinator and
        co-coordinators (`edited_at` then tells readers); `pinned` by the coordinator and
        co-coordinators, for threads. A reply has no title and is not pinned (422).
        """
        blp.check_etag(posts.version_etag(post.item))
        posts.update_post(require_principal(), post.standing, post.item, data)
        return _one(post.item, post.standing)

    @blp.access("posts.write", on=post_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.doc(operationId="deletePost")
    def delete(self, post: Reached[Post]):
        """Delete a post

        Requires `If-Match`. A thread goes with its replies, and a post with its files (their
        content leaves storage unless another file has it). The author's own posts; the
        coordinator and co-coordinators delete anyone's.
        """
        blp.check_etag(posts.version_etag(post.item))
        posts.delete_post(post.item)


@blp.route("/posts/<uuid:post_id>/replies")
class PostReplies(MethodView):
    @blp.access("posts.read", on=thread_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(PostSchema))
    @blp.doc(operationId="listPostReplies")
    def get(self, args, post: Reached[Post]):
        """List a thread's replies

        In the order they were written. A reply has no replies: its list is empty.
        """
        page = paginate(posts.replies_query(post.item), args, order=posts.REPLY_ORDER)
        return _page(board_of(post.item), post.standing, page)

    @blp.access("posts.write", on=thread_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ReplyCreateSchema)
    @blp.response(201, PostSchema)
    @blp.doc(operationId="createPostReply")
    def post(self, data, post: Reached[Post]):
        """Reply to a thread

        A reply to a reply is refused (422): answer the thread. The thread's latest activity
        moves, not its ETag.
        """
        reply = posts.create_reply(require_principal(), post.item, data)
        location = url_for("posts.PostById", post_id=reply.id)
        return _one(reply, post.standing), 201, {"Location": location}
