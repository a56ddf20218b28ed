"""Schemas of files: the library's folders, a file's metadata, uploads and downloads."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

from api.core.error_codes import coded
from api.models import AttachmentKind
from api.models.files import FILE_NAME_LENGTH, FOLDER_NAME_LENGTH
from api.schemas.common import BaseSchema, PageArgsSchema

_NAME_RULES = (
    'Made safe as it is kept: no path, no control characters, none of `<>:"/\\|?*` (each '
    "becomes `_`), no leading dots or spaces."
)


class FilePermissionsSchema(BaseSchema):
    change = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "description": "Rename, move and delete it: what you made, or anything as the "
            "coordinator or a co-coordinator."
        },
    )


class FolderSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    parent_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The folder it is in; null at the library's root."},
    )
    name = fields.String(dump_only=True, required=True)
    created_by_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Who made it (null if their account is gone)."},
    )
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)
    my_permissions = fields.Nested(
        FilePermissionsSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "What you may do with it. The API checks each action again; this "
            "tells a client which to offer."
        },
    )


class FolderCreateSchema(BaseSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=FOLDER_NAME_LENGTH),
        metadata={"description": _NAME_RULES},
    )
    parent_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "A folder of the same library to make it in; the root if null."},
    )


class FolderUpdateSchema(BaseSchema):
    name = fields.String(
        validate=validate.Length(min=1, max=FOLDER_NAME_LENGTH),
        metadata={"description": _NAME_RULES},
    )
    parent_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "Move it into this folder of the same library (null: to the root); "
            "not into itself or a folder within it."
        },
    )


class UploaderSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)


class FileSchema(BaseSchema):
    id = fields.UUID(dump_only=True, required=True)
    cluster_id = fields.UUID(dump_only=True, required=True)
    name = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Unique where the file is; the download's file name."},
    )
    media_type = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Read from the content when it was uploaded, not from its name."},
    )
    size = fields.Integer(dump_only=True, required=True, metadata={"description": "In bytes."})
    sha256 = fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "The content's SHA-256 in hex; also the download's ETag."},
    )
    attached_to = fields.Enum(
        AttachmentKind,
        dump_only=True,
        required=True,
        metadata={"description": "The cluster's library, a meeting or a post."},
    )
    folder_id = fields.UUID(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "In the library: its folder; null at the root or elsewhere."},
    )
    meeting_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    post_id = fields.UUID(dump_only=True, required=True, allow_none=True)
    uploaded_by = fields.Nested(
        UploaderSchema,
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "Who uploaded it (null if their account is gone)."},
    )
    created_at = fields.AwareDateTime(
        dump_only=True, required=True, metadata={"description": "When it was uploaded."}
    )
    updated_at = fields.AwareDateTime(dump_only=True, required=True)
    my_permissions = fields.Nested(
        FilePermissionsSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "What you may do with it. The API checks each action again; this "
            "tells a client which to offer."
        },
    )


class FilePart(Upload):
    """A file part of a multipart body: a form field of the same name is no file (422)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError(
                coded("Must be a file part (with a file name), not a form field.", "not_a_file")
            )
        return value


class FileUploadSchema(BaseSchema):
    file = FilePart(
        required=True,
        metadata={
            "description": "The file. Its name is made safe and numbered if taken "
            "(`Referat (2).pdf`); its type is read from the content and must be one we take: "
            "PDF, PNG, JPEG, GIF, WebP, HEIC, Word, Excel, PowerPoint, OpenDocument, text or CSV."
        },
    )


class LibraryUploadSchema(FileUploadSchema):
    # A form field cannot be null: the root is the folder of an upload without one.
    folder_id = fields.UUID(
        metadata={"description": "A folder of this library; the root if left out."},
    )


class FileListArgsSchema(PageArgsSchema):
    folder_id = fields.UUID(
        load_default=None,
        metadata={"description": "The files in this folder; at the library's root if left out."},
    )


class FileUpdateSchema(BaseSchema):
    name = fields.String(
        validate=validate.Length(min=1, max=FILE_NAME_LENGTH),
        metadata={"description": _NAME_RULES},
    )
    folder_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "Move a library file into this folder of the library (null: to the "
            "root)."
        },
    )


class ContentArgsSchema(BaseSchema):
    inline = fields.Boolean(
        load_default=False,
        metadata={
            "description": "`true` to show it in the browser: honoured for PDF and images "
            "(PNG, JPEG, GIF, WebP) only; anything else is always a download."
        },
    )
