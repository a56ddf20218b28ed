"""Files: the library's folders, storing an upload as a named file attached to something,
renaming, moving and deleting files and folders, and removing content that nothing refers to
any more.

Reach: a file or folder is found only by those who read what it is attached to (404 for
anyone else): a cluster's library by those who reach the cluster, a meeting's files by those
who read the meeting (a draft's by those who plan it). Then the action is checked (403), and
changing a file or folder someone else made takes `files.manage`.

Content and its row in `stored_blobs` change only under that row's lock, so that an upload
of some content and the deletion of the last file with the same content cannot interleave:
an upload takes the lock (creating the row if need be) before it makes sure the content is in
storage; the clean-up takes the same lock, checks that no file refers to the content, and
only then deletes it. On PostgreSQL the lock is the row's (an insert of the same key waits
for an uncommitted one); SQLite has one writer at a time.

A failed upload leaves nothing: its transaction rolls back, and the clean-up removes content
it had stored if no file refers to it. Content whose files went with what they were attached
to (a meeting, a cluster) is removed by `flask purge-expired` (`collect_unreferenced`).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from api.core.error_codes import coded
from api.core.errors import Conflict, RuleViolation
from api.core.extensions import db
from api.core.security import Principal
from api.core.shown import Shown
from api.core.storage import storage
from api.models import AttachmentKind, Cluster, File, Folder, StoredBlob
from api.models.base import utcnow
from api.models.files import FOLDER_NAME_LENGTH
from api.services.files.access import my_permissions
from api.services.files.uploads import SNIFF_BYTES, Received, chosen_name, numbered, sniff
from api.services.registry.access import InsiderAccess

log = logging.getLogger(__name__)

# Names tried for a file whose name is taken where it goes: `a.pdf`, `a (2).pdf`, …
MAX_NUMBERED_NAMES = 1000
# Inserting a file whose name another upload took a moment ago: tries with the next name.
_NAME_ATTEMPTS = 3
# Locking content whose row a clean-up deletes under our feet: tries with the row made anew.
_LOCK_ATTEMPTS = 5


@dataclass(frozen=True)
class Target:
    """What a file is attached to (a package's version: in no cluster)."""

    cluster_id: uuid.UUID | None
    kind: AttachmentKind
    folder_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None
    post_id: uuid.UUID | None = None
    expense_id: uuid.UUID | None = None
    package_version_id: uuid.UUID | None = None

    @property
    def key(self) -> str:
        if self.kind is AttachmentKind.library:
            assert self.cluster_id is not None
            return library_key(self.cluster_id, self.folder_id)
        if self.kind is AttachmentKind.meeting:
            assert self.meeting_id is not None
            return meeting_key(self.meeting_id)
        if self.kind is AttachmentKind.expense:
            assert self.expense_id is not None
            return expense_key(self.expense_id)
        if self.kind is AttachmentKind.package:
            assert self.package_version_id is not None
            return package_version_key(self.package_version_id)
        return f"post:{self.post_id}"


def library_key(cluster_id: uuid.UUID, folder_id: uuid.UUID | None) -> str:
    """Where in a cluster's library: a folder, or the root. Folder and file names are
    distinct within one such place (`Folder.placement_key`, `File.attachment_key`)."""
    return f"folder:{folder_id}" if folder_id is not None else f"library:{cluster_id}"


def meeting_key(meeting_id: uuid.UUID) -> str:
    return f"meeting:{meeting_id}"


def expense_key(expense_id: uuid.UUID) -> str:
    return f"expense:{expense_id}"


def package_version_key(version_id: uuid.UUID) -> str:
    return f"package-version:{version_id}"


def version_etag(row: File | Folder) -> dict[str, Any]:
    """What the ETag of a file's metadata or a folder covers: its own version."""
    return {"id": str(row.id), "version": row.version}


# --- as the caller sees it ---------------------------------------------------------------


def shown(principal: Principal, access: InsiderAccess) -> Callable[[File | Folder], Shown]:
    """How rows appear to the caller in `access`."""

    def show(row: File | Folder) -> Shown:
        maker_id = row.uploaded_by_id if isinstance(row, File) else row.created_by_id
        return Shown(row, my_permissions=my_permissions(principal, access, maker_id))

    return show


def library_folder(cluster_id: uuid.UUID, folder_id: uuid.UUID, field: str) -> Folder:
    """A folder of the cluster's library named in a request (422 if it is not one), held
    (shared) to the end of the transaction, so that it is not deleted while something is
    put into it (`delete_folder` holds it exclusively to check that it is empty)."""
    folder = db.session.scalar(
        select(Folder)
        .where(Folder.id == folder_id, Folder.cluster_id == cluster_id)
        .with_for_update(read=True)
    )
    if folder is None:
        raise RuleViolation(
            errors={field: [coded("No such folder in this cluster's library.", "unknown_folder")]}
        )
    return folder


# --- reading ----------------------------------------------------------------------------


def folders_query(cluster_id: uuid.UUID) -> Select:
    return select(Folder).where(Folder.cluster_id == cluster_id)


def files_query(attachment_key: str) -> Select:
    """The files at one place: a library's root or folder, a meeting, a post."""
    return select(File).where(File.attachment_key == attachment_key)


def folder_is_empty(folder: Folder) -> bool:
    has_files = exists().where(File.folder_id == folder.id)
    has_folders = exists().where(Folder.parent_id == folder.id)
    return not db.session.scalar(select(has_files | has_folders))


# --- folders ----------------------------------------------------------------------------


def _folder_name_taken(placement_key: str, name: str, except_id: uuid.UUID | None) -> bool:
    clash = exists().where(Folder.placement_key == placement_key, Folder.name == name)
    if except_id is not None:
        clash = clash.where(Folder.id != except_id)
    return bool(db.session.scalar(select(clash)))


def _require_free_folder_name(key: str, name: str, except_id: uuid.UUID | None = None) -> None:
    if _folder_name_taken(key, name, except_id):
        raise Conflict(
            "A folder of that name is already here.",
            code="name_taken",
            errors={"name": [coded("Already taken.", "name_taken")]},
        )


def _within(candidate_id: uuid.UUID, folder_id: uuid.UUID) -> bool:
    """Whether `candidate_id` is the folder `folder_id` or lies somewhere within it."""
    chain = select(Folder.id, Folder.parent_id).where(Folder.id == candidate_id)
    ancestors = chain.cte("ancestors", recursive=True)
    above = ancestors.alias()
    # UNION, not UNION ALL: the walk ends even if the data ever held a cycle.
    ancestors = ancestors.union(
        select(Folder.id, Folder.parent_id).join(above, Folder.id == above.c.parent_id)
    )
    return bool(db.session.scalar(select(exists().where(ancestors.c.id == folder_id))))


def create_folder(access: InsiderAccess, principal: Principal, data: dict[str, Any]) -> Folder:
    cluster_id = access.cluster.id
    name = chosen_name(data["name"], limit=FOLDER_NAME_LENGTH)
    parent_id = data.get("parent_id")
    if parent_id is not None:
        library_folder(cluster_id, parent_id, "parent_id")
    key = library_key(cluster_id, parent_id)
    _require_free_folder_name(key, name)
    folder = Folder(
        id=uuid.uuid4(),
        cluster_id=cluster_id,
        parent_id=parent_id,
        name=name,
        placement_key=key,
        created_by_id=principal.user.id if principal.user is not None else None,
    )
    db.session.add(folder)
    _commit_or_conflict("A folder of that name is already here.")
    return folder


def _commit_or_conflict(message: str) -> None:
    """Commit; a name taken by someone else a moment ago (the unique index) is a 409."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            message, code="name_busy", errors={"name": [coded("Already taken.", "name_taken")]}
        ) from None


def _lock_library(cluster_id: uuid.UUID) -> None:
    """Folder moves in one library, one at a time: two moves that are each fine alone (A into
    B, B into A) must not both pass the cycle check."""
    db.session.execute(select(Cluster.id).where(Cluster.id == cluster_id).with_for_update())


def update_folder(folder: Folder, data: dict[str, Any]) -> None:
    """Rename the folder, or move it (`parent_id`; null for the library's root)."""
    name = chosen_name(data["name"], limit=FOLDER_NAME_LENGTH) if "name" in data else folder.name
    parent_id = folder.parent_id
    if "parent_id" in data and data["parent_id"] != folder.parent_id:
        parent_id = data["parent_id"]
        if parent_id is not None:
            _lock_library(folder.cluster_id)
            library_folder(folder.cluster_id, parent_id, "parent_id")
            if _within(parent_id, folder.id):
                raise RuleViolation(
                    errors={
                        "parent_id": [
                            coded(
                                "A folder cannot go into itself or a folder within it.",
                                "folder_cycle",
                            )
                        ]
                    },
                )
    key = library_key(folder.cluster_id, parent_id)
    if (key, name) != (folder.placement_key, folder.name):
        _require_free_folder_name(key, name, folder.id)
    folder.name, folder.parent_id, folder.placement_key = name, parent_id, key
    _commit_or_conflict("A folder of that name is already there.")


def delete_folder(folder: Folder) -> None:
    # Held exclusively: an upload or a move into it waits, or is refused once it is gone.
    db.session.execute(select(Folder.id).where(Folder.id == folder.id).with_for_update())
    if not folder_is_empty(folder):
        raise Conflict(
            "Only an empty folder is deleted: move or delete what is in it first.",
            code="folder_not_empty",
        )
    db.session.delete(folder)
    db.session.commit()


# --- files ------------------------------------------------------------------------------


def _lock_blob(sha256: str, size: int, media_type: str) -> None:
    """Create the content's row if it is missing, and hold its lock to the end of the
    transaction (see the module's description)."""
    _lock_blobs({sha256: (size, media_type)})


def _lock_blobs(blobs: dict[str, tuple[int, str]]) -> None:
    """`_lock_blob` for several contents (SHA-256 to size and media type) in two statements,
    the rows locked in the order of their keys."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    pending = sorted(blobs)
    for _attempt in range(_LOCK_ATTEMPTS):
        made_at = utcnow()
        rows = [
            {
                "sha256": key,
                "size": blobs[key][0],
                "media_type": blobs[key][1],
                "created_at": made_at,
            }
            for key in pending
        ]
        db.session.execute(insert(StoredBlob).values(rows).on_conflict_do_nothing())
        locked = set(
            db.session.scalars(
                select(StoredBlob.sha256)
                .where(StoredBlob.sha256.in_(pending))
                .order_by(StoredBlob.sha256)
                .with_for_update()
            )
        )
        pending = [key for key in pending if key not in locked]
        if not pending:
            return
        # A row was there to insert against, and a clean-up deleted it before we could lock
        # it: make it anew.
    raise RuntimeError(f"could not lock the content {pending[0]}")


def _file_name_taken(key: str, name: str, except_id: uuid.UUID | None = None) -> bool:
    clash = exists().where(File.attachment_key == key, File.name == name)
    if except_id is not None:
        clash = clash.where(File.id != except_id)
    return bool(db.session.scalar(select(clash)))


def _free_name(key: str, name: str) -> str:
    # What every numbered form of the name begins with (`numbered` shortens long stems).
    last = os.path.splitext(numbered(name, MAX_NUMBERED_NAMES))[0]
    shared = last.removesuffix(f" ({MAX_NUMBERED_NAMES})")
    taken = set(
        db.session.scalars(
            select(File.name).where(
                File.attachment_key == key, File.name.startswith(shared, autoescape=True)
            )
        )
    )
    for n in range(1, MAX_NUMBERED_NAMES + 1):
        candidate = numbered(name, n)
        if candidate not in taken:
            return candidate
    raise Conflict(
        "There are too many files of this name here; choose another name.", code="too_many_of_name"
    )


def _insert_file(received: Received, target: Target, uploader_id: uuid.UUID | None) -> File:
    for _attempt in range(_NAME_ATTEMPTS):
        name = _free_name(target.key, received.name)
        file = File(
            id=uuid.uuid4(),
            cluster_id=target.cluster_id,
            attached_to=target.kind,
            attachment_key=target.key,
            folder_id=target.folder_id,
            meeting_id=target.meeting_id,
            post_id=target.post_id,
            expense_id=target.expense_id,
            package_version_id=target.package_version_id,
            name=name,
            media_type=received.media_type,
            size=received.size,
            sha256=received.sha256,
            uploaded_by_id=uploader_id,
        )
        try:
            with db.session.begin_nested():
                db.session.add(file)
            return file
        except IntegrityError:
            if not _file_name_taken(target.key, name):
                raise  # not a name taken meanwhile: something else is wrong
            # Another upload took the name a moment ago: the next free one.
    raise Conflict("Other files took this name at the same moment. Try again.", code="name_busy")


def store(received: Received, target: Target, uploader_id: uuid.UUID | None) -> File:
    """Keep `received` as a new file at `target` (its name numbered if taken there), and
    commit. Nothing is left behind if this fails."""
    try:
        _lock_blob(received.sha256, received.size, received.media_type)
        with received.open() as content:
            storage().save(received.sha256, content)
        file = _insert_file(received, target, uploader_id)
        db.session.commit()
        return file
    except BaseException:
        db.session.rollback()
        collect_quietly([received.sha256])
        raise


def copy_files(originals: Iterable[File], target: Target, copier_id: uuid.UUID | None) -> None:
    """Copy files to `target` (a meeting's files as a package's materials), in the caller's
    transaction: the copies share the originals' content, held under its lock so that no
    clean-up takes it meanwhile. Their names are free at a new target, as they were at one."""
    originals = list(originals)
    if not originals:
        return
    _lock_blobs({f.sha256: (f.size, f.media_type) for f in originals})
    db.session.add_all(
        File(
            id=uuid.uuid4(),
            cluster_id=target.cluster_id,
            attached_to=target.kind,
            attachment_key=target.key,
            folder_id=target.folder_id,
            meeting_id=target.meeting_id,
            post_id=target.post_id,
            expense_id=target.expense_id,
            package_version_id=target.package_version_id,
            name=original.name,
            media_type=original.media_type,
            size=original.size,
            sha256=original.sha256,
            uploaded_by_id=copier_id,
        )
        for original in originals
    )


@dataclass(frozen=True)
class Content:
    """Content the platform makes itself rather than receives (the demo's documents), held
    in memory, with what an upload of it would have: its SHA-256, size and sniffed type."""

    data: bytes
    sha256: str
    size: int
    media_type: str

    @classmethod
    def of(cls, data: bytes, name: str) -> Content:
        """`data` as a file named `name`; a ValueError if an upload of it would be refused
        (empty, or not a type we take)."""
        media_type = sniff(data[:SNIFF_BYTES], name)
        if not data or media_type is None:
            raise ValueError(f"{name} is not content we take")
        return cls(data, hashlib.sha256(data).hexdigest(), len(data), media_type)


def keep_contents(contents: Iterable[Content]) -> None:
    """Put each content in storage, with its row in `stored_blobs`, under the rows' locks as
    an upload does (see the module's description), in the caller's transaction: the caller
    then inserts the files that refer to them, in bulk, and commits.

    Should the caller's transaction fail, content it put in storage stays there without a
    row: nothing serves it, putting it there again (the next attempt) finds it, and
    `collect_unreferenced` removes it a day later otherwise."""
    unique = {content.sha256: content for content in contents}
    if not unique:
        return
    _lock_blobs({key: (content.size, content.media_type) for key, content in unique.items()})
    for key in sorted(unique):
        storage().save(key, io.BytesIO(unique[key].data))


def update_file(file: File, data: dict[str, Any]) -> None:
    """Rename the file where it is, or move it within the library (`folder_id`; null for
    the root). 409 if the name is taken where it would be."""
    name = chosen_name(data["name"]) if "name" in data else file.name
    key, folder_id = file.attachment_key, file.folder_id
    if "folder_id" in data:
        if file.attached_to is not AttachmentKind.library:
            raise RuleViolation(
                errors={
                    "folder_id": [
                        coded("Only a file in the library moves between folders.", "not_in_library")
                    ]
                }
            )
        folder_id = data["folder_id"]
        if folder_id is not None:
            library_folder(file.cluster_id, folder_id, "folder_id")
        key = library_key(file.cluster_id, folder_id)
    if (key, name) != (file.attachment_key, file.name) and _file_name_taken(key, name, file.id):
        raise Conflict(
            "A file of that name is already here.",
            code="name_taken",
            errors={"name": [coded("Already taken.", "name_taken")]},
        )
    file.name, file.folder_id, file.attachment_key = name, folder_id, key
    _commit_or_conflict("A file of that name is already here.")


def delete_file(file: File) -> None:
    """Delete the file, then its content if no other file has the same content."""
    sha256 = file.sha256
    db.session.delete(file)
    db.session.commit()
    collect_quietly([sha256])


# --- content nothing refers to ----------------------------------------------------------


def collect(sha256s: Iterable[str]) -> int:
    """Remove content (from storage, and its row) that no file refers to; how many went. Each
    in a transaction of its own, under the content's lock."""
    removed = 0
    for sha256 in dict.fromkeys(sha256s):
        try:
            # A placeholder row if it is missing: inserting waits for an upload of the same
            # content that has not committed yet, and the lock then holds off the next one.
            _lock_blob(sha256, 1, "application/octet-stream")
            if not db.session.scalar(select(exists().where(File.sha256 == sha256))):
                storage().delete(sha256)
                db.session.execute(StoredBlob.__table__.delete().where(StoredBlob.sha256 == sha256))
                removed += 1
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return removed


def collect_quietly(sha256s: Iterable[str]) -> None:
    """`collect` after a delete or a failed upload: if the store cannot be reached now, the
    content stays until `flask purge-expired` finds it, and the request is not failed for it."""
    for sha256 in dict.fromkeys(sha256s):
        try:
            collect([sha256])
        except Exception:
            log.exception("content %s not removed now; purge-expired will", sha256)


# Content in storage that no row knows is left alone this long: an upload writes its content
# before its transaction commits the row, and may take a while about it.
UNKNOWN_CONTENT_GRACE = timedelta(days=1)
_KEY_BATCH = 500


def _unknown_to_the_database(keys: Iterable[str]) -> Iterator[str]:
    """Of `keys`, those with no `StoredBlob` row, looked up a batch at a time."""
    batch: list[str] = []

    def unknown() -> list[str]:
        known = set(
            db.session.scalars(select(StoredBlob.sha256).where(StoredBlob.sha256.in_(batch)))
        )
        return [key for key in batch if key not in known]

    for key in keys:
        batch.append(key)
        if len(batch) == _KEY_BATCH:
            yield from unknown()
            batch = []
    if batch:
        yield from unknown()


def collect_unreferenced() -> int:
    """Content nothing refers to, removed by `flask purge-expired`: content whose files went
    with what they were attached to (a meeting, a post, a folder, a cluster deleted), and
    content in storage that no row knows, older than `UNKNOWN_CONTENT_GRACE` (written by an
    upload whose process died before it committed)."""
    orphans = list(
        db.session.scalars(
            select(StoredBlob.sha256).where(~exists().where(File.sha256 == StoredBlob.sha256))
        )
    )
    stored = storage().stored_before(utcnow() - UNKNOWN_CONTENT_GRACE)
    orphans += _unknown_to_the_database(stored)
    db.session.rollback()  # each is then collected in a transaction of its own
    return collect(orphans)
