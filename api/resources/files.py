"""Files: each cluster's library (folders and files) and each meeting's files; uploads as
multipart/form-data, downloads streamed with ranges. A file is found only by those who read
what it is attached to (404 for anyone else); there are no public links."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any

from flask import current_app, url_for
from flask.views import MethodView

from api.core.downloads import send_content
from api.core.extensions import MAX_CONDITION_HEADER, Blueprint
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Finder, Reached
from api.core.security import require_principal
from api.core.shown import Shown
from api.models import AttachmentKind, Cluster, File, Folder, Meeting, Post
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.files import (
    ContentArgsSchema,
    FileListArgsSchema,
    FileSchema,
    FileUpdateSchema,
    FileUploadSchema,
    FolderCreateSchema,
    FolderSchema,
    FolderUpdateSchema,
    LibraryUploadSchema,
)
from api.schemas.packages import PackageMaterialSchema
from api.services.board import posts
from api.services.board.access import post_in_reach
from api.services.files import library as files
from api.services.files.access import (
    file_in_reach,
    folder_in_reach,
    library_in_reach,
    linked_material_in_reach,
)
from api.services.files.uploads import ALLOWED_TYPES, INLINE_TYPES, receive
from api.services.meetings.access import meeting_in_reach
from api.services.meetings.from_package import linked_materials_query

URL_PREFIX = ""
blp = Blueprint(
    "files",
    __name__,
    description=(
        "Files: each cluster's library, in folders, and each meeting's files. Whoever reads "
        "the cluster reads its library, and whoever reads a meeting reads its files; the "
        "cluster's own doctors and role holders upload, and change what they uploaded; the "
        "coordinator and co-coordinators change anyone's. Uploads are multipart/form-data "
        "(25 MB at most by default; 413 above), their type read from the content. Downloads "
        "need a token like every other call: there are no public links."
    ),
)

UPLOAD_RULES = """\
The body is `multipart/form-data` with the file in the part `file`. Without it: 422. A file
larger than the limit (25 MB by default): 413. An empty file, or one whose content is not a
type we take: 422. A body cut off before its end: 400. Nothing is kept of a refused upload.
The same content uploaded twice is stored once. A name that is taken where the file goes gets
a number: `Referat (2).pdf`."""


def _upload_rules(func: Callable) -> Callable:
    """Add what every upload answers to the operation's description."""
    func.__doc__ = f"{inspect.cleandoc(func.__doc__ or '')}\n\n{UPLOAD_RULES}"
    return func


def _upload_operation(
    operation_id: str, schema: type, on: Finder
) -> Callable[[Callable], Callable]:
    """What every upload operation is: a multipart body of `schema` put where `on` finds, an
    Idempotency-Key, 201 with the file's metadata and ETag, and the answers an upload may
    get."""

    def decorator(func: Callable) -> Callable:
        for wrap in (
            _upload_rules,
            blp.doc(operationId=operation_id),
            blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE"),
            blp.alt_response(409, response="CONFLICT"),
            blp.alt_response(400, response="BAD_REQUEST"),
            blp.response(201, FileSchema),
            blp.arguments(schema, location="multipart"),
            blp.etag,
            idempotent,
            blp.access("files.write", on=on),
        ):
            func = wrap(func)
        return func

    return decorator


def _shown(row: File | Folder, access: Any) -> Shown:
    """One file or folder with its ETag, and what the caller may do with it."""
    blp.set_etag(files.version_etag(row))
    return files.shown(require_principal(), access)(row)


def _upload(upload: Any, target: files.Target, access: Any) -> tuple[Shown, int, dict[str, str]]:
    """Receive the `file` part and keep it at `target`: 201 with its metadata."""
    config = current_app.config
    with receive(
        upload.stream,
        upload.filename or "",
        config["FILE_MAX_BYTES"],
        config["FILE_UPLOAD_TEMP_DIR"],
    ) as received:
        principal = require_principal()
        uploader_id = principal.user.id if principal.user is not None else None
        file = files.store(received, target, uploader_id)
    return _shown(file, access), 201, {"Location": url_for("files.FileById", file_id=file.id)}


# --- the library: folders -----------------------------------------------------------------


@blp.route("/clusters/<uuid:cluster_id>/folders")
class ClusterFolders(MethodView):
    @blp.access("files.read", on=library_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(FolderSchema))
    @blp.doc(operationId="listClusterFolders")
    def get(self, args, cluster: Reached[Cluster]):
        """List the library's folders

        Every folder of the cluster's library, at any depth, by name; each names the folder
        it is in (`parent_id`), so the tree is built from one walk.
        """
        view = files.shown(require_principal(), cluster.standing)
        stmt = files.folders_query(cluster.item.id)
        return paginate(stmt, args, order=(Folder.name, Folder.id), view=view)

    @blp.access("files.write", on=library_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(FolderCreateSchema)
    @blp.response(201, FolderSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createFolder")
    def post(self, data, cluster: Reached[Cluster]):
        """Make a folder

        At the library's root, or in `parent_id`. Its name must be free there (409).
        """
        folder = files.create_folder(cluster.standing, require_principal(), data)
        location = url_for("files.FolderById", folder_id=folder.id)
        return _shown(folder, cluster.standing), 201, {"Location": location}


@blp.route("/folders/<uuid:folder_id>")
class FolderById(MethodView):
    @blp.access("files.read", on=folder_in_reach)
    @blp.etag
    @blp.response(200, FolderSchema)
    @blp.doc(operationId="getFolder")
    def get(self, folder: Reached[Folder]):
        """Get a folder"""
        return _shown(folder.item, folder.standing)

    @blp.access("files.write", on=folder_in_reach)
    @blp.etag
    @blp.arguments(FolderUpdateSchema)
    @blp.response(200, FolderSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateFolder")
    def patch(self, data, folder: Reached[Folder]):
        """Rename or move a folder

        Requires `If-Match`. `parent_id` moves it, with everything in it, into another folder
        of the library (null: to the root); not into itself or a folder within it (422). The
        name must be free where it ends up (409). Your own folders; the coordinator and
        co-coordinators move anyone's.
        """
        blp.check_etag(files.version_etag(folder.item))
        files.update_folder(folder.item, data)
        return _shown(folder.item, folder.standing)

    @blp.access("files.write", on=folder_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteFolder")
    def delete(self, folder: Reached[Folder]):
        """Delete an empty folder

        Requires `If-Match`. A folder with files or folders in it is not deleted (409). Your
        own folders; the coordinator and co-coordinators delete anyone's.
        """
        blp.check_etag(files.version_etag(folder.item))
        files.delete_folder(folder.item)


# --- the library: files -------------------------------------------------------------------


@blp.route("/clusters/<uuid:cluster_id>/files")
class ClusterFiles(MethodView):
    @blp.access("files.read", on=library_in_reach)
    @blp.arguments(FileListArgsSchema, location="query")
    @blp.response(200, page_schema(FileSchema))
    @blp.doc(operationId="listClusterFiles")
    def get(self, args, cluster: Reached[Cluster]):
        """List the files in the library

        At the library's root, or in `folder_id`; by name.
        """
        folder_id = args.pop("folder_id")
        if folder_id is not None:
            files.library_folder(cluster.item.id, folder_id, "folder_id")
        stmt = files.files_query(files.library_key(cluster.item.id, folder_id))
        view = files.shown(require_principal(), cluster.standing)
        return paginate(stmt, args, order=(File.name, File.id), view=view)

    @_upload_operation("uploadClusterFile", LibraryUploadSchema, on=library_in_reach)
    def post(self, data, cluster: Reached[Cluster]):
        """Upload a file to the library

        To the library's root, or to `folder_id`.
        """
        folder_id = data.get("folder_id")
        if folder_id is not None:
            files.library_folder(cluster.item.id, folder_id, "folder_id")
        target = files.Target(cluster.item.id, AttachmentKind.library, folder_id=folder_id)
        return _upload(data["file"], target, cluster.standing)


# --- a meeting's files ----------------------------------------------------------------------


@blp.route("/meetings/<uuid:meeting_id>/files")
class MeetingFiles(MethodView):
    @blp.access("files.read", on=meeting_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(FileSchema))
    @blp.doc(operationId="listMeetingFiles")
    def get(self, args, meeting: Reached[Meeting]):
        """List a meeting's files

        Slides, minutes and other papers of the meeting, by name.
        """
        stmt = files.files_query(files.meeting_key(meeting.item.id))
        view = files.shown(require_principal(), meeting.standing)
        return paginate(stmt, args, order=(File.name, File.id), view=view)

    @_upload_operation("uploadMeetingFile", FileUploadSchema, on=meeting_in_reach)
    def post(self, data, meeting: Reached[Meeting]):
        """Upload a file to a meeting

        By the cluster's own doctors and role holders, to any meeting they read.
        """
        item = meeting.item
        target = files.Target(item.cluster_id, AttachmentKind.meeting, meeting_id=item.id)
        return _upload(data["file"], target, meeting.standing)


# --- a post's files -------------------------------------------------------------------------


@blp.route("/posts/<uuid:post_id>/files")
class PostFiles(MethodView):
    @_upload_operation("uploadPostFile", FileUploadSchema, on=post_in_reach)
    def post(self, data, post: Reached[Post]):
        """Attach a file to a post

        By the post's author, or the coordinator and co-coordinators. The post lists its
        files (`attachments`); they are read by whoever reads the post, and go with it.
        """
        return _upload(data["file"], posts.attachment_target(post.item), post.standing)


# --- one file -----------------------------------------------------------------------------


@blp.route("/files/<uuid:file_id>")
class FileById(MethodView):
    @blp.access("files.read", on=file_in_reach)
    @blp.etag
    @blp.response(200, FileSchema)
    @blp.doc(operationId="getFile")
    def get(self, file: Reached[File]):
        """Get a file's metadata

        Its name, type, size, SHA-256, who uploaded it and when, and what it is attached to.
        The content is at `/files/{file_id}/content`.
        """
        return _shown(file.item, file.standing)

    @blp.access("files.write", on=file_in_reach)
    @blp.etag
    @blp.arguments(FileUpdateSchema)
    @blp.response(200, FileSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateFile")
    def patch(self, data, file: Reached[File]):
        """Rename or move a file

        Requires `If-Match`. A new `name` (made safe; 409 if taken where the file is), or, for
        a file in the library, another folder (`folder_id`; null: the root). Your own
        uploads; the coordinator and co-coordinators change anyone's.
        """
        blp.check_etag(files.version_etag(file.item))
        files.update_file(file.item, data)
        return _shown(file.item, file.standing)

    @blp.access("files.write", on=file_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.doc(operationId="deleteFile")
    def delete(self, file: Reached[File]):
        """Delete a file

        Requires `If-Match`. The content goes from storage too, unless another file has the
        same content. Your own uploads; the coordinator and co-coordinators delete anyone's.
        """
        blp.check_etag(files.version_etag(file.item))
        files.delete_file(file.item)


CONTENT_HEADERS = {
    "ETag": {
        "description": "The content's SHA-256, quoted: strong, for `If-None-Match` and `If-Range`.",
        "schema": {"type": "string"},
    },
    "Content-Disposition": {
        "description": "`attachment` (or `inline` when asked for and the type allows), with "
        "the name as `filename*` (UTF-8) and an ASCII `filename`.",
        "schema": {"type": "string"},
    },
    "Accept-Ranges": {"schema": {"type": "string", "enum": ["bytes"]}},
    "X-Content-Type-Options": {"schema": {"type": "string", "enum": ["nosniff"]}},
    "Content-Security-Policy": {
        "description": "`sandbox`: content shown in the browser runs no script.",
        "schema": {"type": "string", "enum": ["sandbox"]},
    },
    "Cache-Control": {"schema": {"type": "string"}},
}


def _binary() -> dict:
    """The content in the media type it was stored as: only the types uploads accept."""
    return {
        media_type: {"schema": {"type": "string", "format": "binary"}}
        for media_type in sorted(ALLOWED_TYPES)
    }


CONTENT_DOC = {
    # These replace the parameters flask-smorest derives from ContentArgsSchema (a list in a
    # manual doc is not merged), so its `inline` is listed here as well.
    "parameters": [
        {
            "name": "inline",
            "in": "query",
            "required": False,
            "description": ContentArgsSchema().fields["inline"].metadata["description"],
            "schema": {"type": "boolean", "default": False},
        },
        {
            "name": "Range",
            "in": "header",
            "required": False,
            "description": "One byte range, `bytes=first-last`, `bytes=first-` or `bytes=-count`"
            " (206). Several ranges are answered with the whole content.",
            "schema": {"type": "string", "maxLength": MAX_CONDITION_HEADER},
        },
        {
            "name": "If-Range",
            "in": "header",
            "required": False,
            "description": "The ETag you hold: the range only if the content is still that.",
            "schema": {"type": "string", "maxLength": MAX_CONDITION_HEADER},
        },
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "The ETag you hold: 304 if the content is still that.",
            "schema": {"type": "string", "maxLength": MAX_CONDITION_HEADER},
        },
    ],
    "responses": {
        "200": {
            "description": "The content, in the file's media type.",
            "headers": copy.deepcopy(CONTENT_HEADERS),
            "content": _binary(),
        },
        "206": {
            "description": "The range asked for.",
            "headers": {
                **copy.deepcopy(CONTENT_HEADERS),
                "Content-Range": {
                    "description": "`bytes first-last/size`.",
                    "schema": {"type": "string"},
                },
            },
            "content": _binary(),
        },
        "304": {"description": "Not modified: the content is what your ETag names."},
    },
}


@blp.route("/files/<uuid:file_id>/content")
class FileContent(MethodView):
    @blp.access("files.read", on=file_in_reach)
    @blp.arguments(ContentArgsSchema, location="query")
    @blp.response(200)
    @blp.alt_response(416, response="REQUESTED_RANGE_NOT_SATISFIABLE")
    @blp.doc(operationId="downloadFile", **CONTENT_DOC)
    def get(self, args, file: Reached[File]):
        """Download a file

        Streamed, with `Range` for a part (206; 416 with `Content-Range: bytes */size` when
        it starts beyond the end) and `If-None-Match` (304). A download, whatever the type
        (`Content-Disposition: attachment`); `inline=true` shows PDF and images in the
        browser. `X-Content-Type-Options: nosniff` always. Each download checks access.
        """
        item = file.item
        inline = args["inline"] and item.media_type in INLINE_TYPES
        return send_content(item.sha256, item.size, item.media_type, item.name, inline=inline)


# --- a package's materials linked to a meeting ----------------------------------------------


@blp.route("/meetings/<uuid:meeting_id>/package-materials")
class MeetingPackageMaterials(MethodView):
    @blp.access("files.read", on=meeting_in_reach)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(PackageMaterialSchema))
    @blp.doc(operationId="listMeetingPackageMaterials")
    def get(self, args, meeting: Reached[Meeting]):
        """List the package materials linked to a meeting

        The materials of the package version the meeting's agenda was built from, by name.
        They stay the package's: read here, changed only by the package's unit.
        """
        stmt = linked_materials_query(meeting.item)
        return paginate(stmt, args, order=(File.name, File.id))


@blp.route("/meetings/<uuid:meeting_id>/package-materials/<uuid:package_material_id>")
class MeetingPackageMaterialContent(MethodView):
    @blp.access("files.read", on=linked_material_in_reach)
    @blp.arguments(ContentArgsSchema, location="query")
    @blp.response(200)
    @blp.alt_response(416, response="REQUESTED_RANGE_NOT_SATISFIABLE")
    @blp.doc(operationId="downloadMeetingPackageMaterial", **CONTENT_DOC)
    def get(self, args, material: Reached[File]):
        """Download a package material linked to a meeting

        As every file: streamed, with `Range` (206, 416) and `If-None-Match` (304); a
        download, or shown in the browser with `inline=true` for PDF and images. Only a
        material linked to this meeting is found here (404 otherwise).
        """
        item = material.item
        inline = args["inline"] and item.media_type in INLINE_TYPES
        return send_content(item.sha256, item.size, item.media_type, item.name, inline=inline)
