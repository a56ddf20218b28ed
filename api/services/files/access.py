"""Who may act on files: finding a file or folder within the caller's reach (404 otherwise),
the caller's standing to it, and the files domain's permissions.

A file is reached through what it is attached to: a library file through its cluster, a
meeting's file through the meeting, a post's file through the post's board. The standing
says whether the caller made the file or folder (`own`), which `files.write` reads: the
cluster's own people change what they made, the coordinators anything.
"""

from __future__ import annotations

import uuid
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
from api.models import AttachmentKind, Cluster, File, Folder, MeetingPackageMaterial
from api.services.board.access import post_board
from api.services.meetings.access import meeting_in_reach
from api.services.registry.access import (
    COORDINATORS,
    ClusterAccess,
    cluster_insiders_in_reach,
    holds_role,
    insider_access,
    own_or_roles,
    reachable_clusters,
    standing_on_made,
)


def file_reader(principal: Principal, access: ClusterAccess | None) -> bool:
    """People. Which files: those attached to what they read (see `files.read`)."""
    return principal.user is not None


# What the caller may do with one file or folder, by name, as its `my_permissions` shows it.
ITEM_ACTIONS = {"change": "files.write"}


def my_permissions(
    principal: Principal, access: Any, maker_id: uuid.UUID | None
) -> dict[str, bool]:
    """What the caller may do with what `maker_id` made (rename, move, delete), where
    `access` is their standing in its library."""
    return permissions_on(principal, ITEM_ACTIONS, standing_on_made(principal, access, maker_id))


def _readable(principal: Principal, reached: Reached) -> Reached:
    """What a file hangs on is reached only if its files are read there: else 404."""
    if not can(principal, "files.read", reached.standing):
        raise NotFound()
    return reached


@finder("library", name="cluster")
def library_in_reach(principal: Principal, cluster_id: uuid.UUID) -> Reached[Cluster]:
    """The cluster's library: the cluster, if the caller reaches it (404), with whether the
    caller is one of its own people."""
    return cluster_insiders_in_reach(principal, cluster_id=cluster_id)


@finder("folder")
def folder_in_reach(principal: Principal, folder_id: uuid.UUID) -> Reached[Folder]:
    """The folder, if the caller reaches its cluster (404), with whether they made it."""
    row = db.session.execute(
        select(Folder, Cluster)
        .join(Cluster, Cluster.id == Folder.cluster_id)
        .where(Folder.id == folder_id, reachable_clusters(principal))
    ).first()
    if row is None:
        raise NotFound("No such folder.")
    folder, cluster = row
    access = insider_access(principal, cluster)
    return Reached(folder, standing_on_made(principal, access, folder.created_by_id))


def _where_attached(principal: Principal, file: File) -> Any:
    """The caller's standing where the file is attached (404 if they do not read it there)."""
    if file.attached_to is AttachmentKind.meeting:
        assert file.meeting_id is not None
        return _readable(principal, meeting_in_reach(principal, meeting_id=file.meeting_id))
    if file.attached_to is AttachmentKind.library:
        return _readable(principal, library_in_reach(principal, cluster_id=file.cluster_id))
    if file.attached_to in (AttachmentKind.expense, AttachmentKind.package):
        # An expense's receipts are read through the expense, by those who see them there;
        # a package's materials through the package's version.
        raise NotFound()
    # A post's files are read by those who read the post: its board decides.
    assert file.post_id is not None
    return post_board(principal, file.post_id)


@finder("meeting_package_material", name="material")
def linked_material_in_reach(
    principal: Principal, meeting_id: uuid.UUID, package_material_id: uuid.UUID
) -> Reached[File]:
    """A package's material linked to a meeting, read through the meeting by those who read
    the meeting's files (404 otherwise, and for a material not linked to it). The file stays
    the package's: this reaches it for reading only."""
    meeting = _readable(principal, meeting_in_reach(principal, meeting_id=meeting_id))
    material = db.session.scalar(
        select(File)
        .join(MeetingPackageMaterial, MeetingPackageMaterial.file_id == File.id)
        .where(MeetingPackageMaterial.meeting_id == meeting_id, File.id == package_material_id)
    )
    if material is None:
        raise NotFound("No such material linked to this meeting.")
    return Reached(material, meeting.standing)


@finder("file")
def file_in_reach(principal: Principal, file_id: uuid.UUID) -> Reached[File]:
    """The file, if the caller reads what it is attached to (404), with whether they
    uploaded it."""
    file = db.session.scalar(select(File).where(File.id == file_id))
    if file is None:
        raise NotFound("No such file.")
    try:
        reached = _where_attached(principal, file)
    except NotFound:
        raise NotFound("No such file.") from None
    return Reached(file, standing_on_made(principal, reached.standing, file.uploaded_by_id))


register_permissions(
    {
        "files.read": Permission(
            "A file is read by whoever reads what it is attached to: a cluster's library (its "
            "folders and files) by those who reach the cluster (as `clusters.read`), a meeting's "
            "files by those who read the meeting (as `meetings.read`; a draft's only by those who "
            "plan it), and so are the package materials linked to a meeting built from a "
            "package (read through the meeting, never changed there). Machine clients do not "
            "read files. Anyone else gets 404.",
            file_reader,
        ),
        "files.write": Permission(
            "The cluster's own doctors and role holders, and the platform admin, upload files to "
            "the library and to meetings, make folders, and rename, move and delete the files and "
            "folders they made; the coordinator and co-coordinators those of anyone.",
            own_or_roles(COORDINATORS),
        ),
        "files.manage": Permission(
            "The coordinator and co-coordinators (and the platform admin) rename, move and delete "
            "anyone's files and folders in the cluster.",
            holds_role(COORDINATORS),
        ),
    }
)
