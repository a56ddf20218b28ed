"""Schemas of the notice board: threads, replies, and a reader's visits."""

from __future__ import annotations

from marshmallow import fields, validate

from api.models.board import POST_BODY_LENGTH, POST_TITLE_LENGTH
from api.schemas.common import BaseSchema, StrictBoolean, not_blank
from api.schemas.files import FileSchema, UploaderSchema


def _title(**kwargs: bool) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=POST_TITLE_LENGTH), not_blank],
        metadata={"description": "The thread's title, plain text."},
        **kwargs,
    )


def _body(**kwargs: bool) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=POST_BODY_LENGTH), not_blank],
        metadata={
            "description": "Markdown (CommonMark with tables and ~~strikethrough~~; a line "
            "break is a break). HTML in it is shown as text; links are http(s), mailto or tel."
        },
        **kwargs,
    )


class PostPermissionsSchema(BaseSchema):
    change = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Edit and delete it (and attach files): your own posts, or anyone's "
            "as the coordinator or a co-coordinator."
        },
    )
    pin = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Pin or unpin it (moderators; threads only)."},
    )


class PostSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    meeting_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The meeting whose board it is on; null on the cluster's."},
    )
    parent_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The thread it answers; null for a thread."},
    )
    title = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "A thread's title; null for a reply."},
    )
    body = fields.String(
        dump_only=True, required=True, metadata={"description": "The Markdown as written."}
    )
    body_html = fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "The body rendered to HTML and made safe (an allow-list of tags: "
            "no script, no event handlers, no images, links open in a new tab): show it as "
            "it is."
        },
    )
    author = fields.Nested(
        UploaderSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Who wrote it (null if their account is gone)."},
    )
    pinned = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={"description": "Shown first on its board (threads only)."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)
    edited_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "When its title or body was last changed; null if never."},
    )
    last_activity_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        metadata={"description": "A thread's newest reply, or the thread itself."},
    )
    reply_count = fields.Integer(dump_only=True, required=True)
    new = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Written by someone else since your last visit to the board "
            "(everything is new before a first visit)."
        },
    )
    new_replies = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "Of a thread's replies, those new to you (as `new`)."},
    )
    attachments = fields.List(
        fields.Nested(FileSchema),
        dump_only=True,
        required=True,
        metadata={"description": "Its files, by name; each downloads at `/files/{id}/content`."},
    )
    my_permissions = fields.Nested(
        PostPermissionsSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "What you may do with it. The API checks each action again; this "
            "tells a client which to offer."
        },
    )


class ThreadCreateSchema(BaseSchema):
    title = _title(required=True)
    body = _body(required=True)
    pinned = StrictBoolean(
        load_default=False,
        metadata={"description": "Pin it at once (the coordinator and co-coordinators only)."},
    )


class ReplyCreateSchema(BaseSchema):
    body = _body(required=True)


class PostUpdateSchema(BaseSchema):
    title = _title()
    body = _body()
    pinned = StrictBoolean(
        metadata={"description": "Pin or unpin a thread (the coordinator and co-coordinators)."}
    )


class BoardVisitSchema(BaseSchema):
    seen_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Your last visit to the board; null if never."},
    )
    previous_seen_at = fields.AwareDateTime(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "After recording a visit: the one before it (what was new is "
            "what came after it); otherwise the same as `seen_at`."
        },
    )
    unread_threads = fields.Integer(
        dump_only=True,
        required=True,
        metadata={"description": "Threads new to you, or with replies that are."},
    )
