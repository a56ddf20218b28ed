"""Files and the cluster's library: stored content, folders, and files attached to things.

Content is stored once per SHA-256 (`StoredBlob`): two uploads of the same bytes cost the disk
(or the object store) one copy, and the content goes when the last file that refers to it is
deleted. A `File` is a named reference to content, attached to exactly one thing: the
cluster's library (its root or one of its folders), a meeting, a post, an expense (its
receipts) or a version of a package (its materials); later survey exports. Who may read a file
is who may read what it is attached to. A package's materials belong to no cluster (a
quality unit offers them to all), the only files without one.

`attachment_key` names that thing as text (`library:<cluster>`, `folder:<id>`, `meeting:<id>`,
`post:<id>`), so that one unique index keeps the names within it distinct, whatever kind it
is; the foreign keys beside it keep it honest and delete the files with their thing.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.accounts import User
from api.models.base import Audited, Base, IdMixin, TimestampMixin, VersionedMixin, utcnow
from api.models.registry import _enum

# The longest file name kept (in characters); longer ones are shortened, keeping the extension.
FILE_NAME_LENGTH = 200
FOLDER_NAME_LENGTH = 100


class AttachmentKind(enum.StrEnum):
    """What a file is attached to."""

    library = "library"  # the cluster's library: its root, or a folder (`folder_id`)
    meeting = "meeting"
    post = "post"
    expense = "expense"  # a receipt of an expense
    package = "package"  # a material of a package's version


class StoredBlob(Base):
    """Content in storage, once per SHA-256, with its size and sniffed media type."""

    __tablename__ = "stored_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
        CheckConstraint("size > 0", name="not_empty"),
    )


class Folder(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A folder in a cluster's library; folders nest."""

    __tablename__ = "folders"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("folders.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(FOLDER_NAME_LENGTH))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # The parent's key or the library's: folder names are distinct within where they are.
    placement_key: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        UniqueConstraint("placement_key", "name", name="uq_folders_placement_name"),
        Index("ix_folders_cluster", "cluster_id", "parent_id"),
    )


class File(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """A named file attached to one thing; its content is a `StoredBlob`."""

    __tablename__ = "files"

    cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE")
    )
    attached_to: Mapped[AttachmentKind] = mapped_column(_enum(AttachmentKind))
    attachment_key: Mapped[str] = mapped_column(String(60))
    folder_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("folders.id", ondelete="CASCADE")
    )
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE")
    )
    post_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    expense_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("expenses.id", ondelete="CASCADE")
    )
    package_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("package_versions.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(FILE_NAME_LENGTH))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(
        String(64), ForeignKey("stored_blobs.sha256", ondelete="RESTRICT")
    )
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    uploaded_by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("attachment_key", "name", name="uq_files_attachment_name"),
        CheckConstraint(
            "(attached_to = 'library' AND meeting_id IS NULL AND post_id IS NULL)"
            " OR (attached_to = 'meeting' AND meeting_id IS NOT NULL AND folder_id IS NULL"
            " AND post_id IS NULL)"
            " OR (attached_to = 'post' AND post_id IS NOT NULL AND folder_id IS NULL"
            " AND meeting_id IS NULL)"
            " OR (attached_to = 'expense' AND expense_id IS NOT NULL AND folder_id IS NULL"
            " AND meeting_id IS NULL AND post_id IS NULL)"
            " OR (attached_to = 'package' AND package_version_id IS NOT NULL AND folder_id IS NULL"
            " AND meeting_id IS NULL AND post_id IS NULL AND expense_id IS NULL)",
            name="one_attachment",
        ),
        CheckConstraint(
            "(cluster_id IS NULL) = (attached_to = 'package')", name="cluster_unless_package"
        ),
        CheckConstraint("size > 0", name="not_empty"),
        Index("ix_files_sha256", "sha256"),
        Index("ix_files_folder", "folder_id"),
        Index("ix_files_meeting", "meeting_id"),
        Index("ix_files_post", "post_id"),
        Index("ix_files_expense", "expense_id"),
        Index("ix_files_package_version", "package_version_id"),
        Index("ix_files_cluster", "cluster_id", "attached_to"),
    )
