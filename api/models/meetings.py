"""Meetings: the meeting, its agenda, invitations, attendance, follow-up actions, and
calendar subscriptions.

Cluster meetings: the meeting, its agenda, invitations, attendance and follow-up actions.

Invariants live in the database: a meeting ends after it starts; it has exactly one kind of
responsible party (a person, a sub-cluster or an arranging clinic); a planned meeting has a
place or a video link; cancelled and closed carry their time; a person is invited once and has
one attendance row per meeting; an answer carries its time, a reminder count its last time.

What can be derived is not stored: a planned meeting whose end has passed (or which has been
closed) reads as `held` (`Meeting.status`, in Python and in SQL). The stored `state` only knows
the coordinator's decisions: draft, planned, cancelled.

For iCalendar, a meeting keeps a stable `ical_uid` and a `sequence` that grows whenever its time
or place changes or it is cancelled. For PLO's attendance feed, an attendance row keeps
`updated_at` (also moved when the meeting is closed, since the row then becomes final) and is
never deleted: a row that no longer counts (its meeting was cancelled) keeps `deleted_at`, a
tombstone the feed can hand out. The row also shows what lives elsewhere (the meeting's date,
duration and state, the person's name, the clinic's provider number, the cluster's region);
database triggers move its `updated_at` when any of those changes, whoever writes it.

Calendar subscriptions: a person's secret feed URL, which calendar apps fetch without a token.

Calendar apps cannot send an `Authorization` header, so the URL itself is the credential. It
is shown once, when it is made; only the SHA-256 of its token is kept (as for refresh tokens),
so a copy of the database does not open anyone's calendar. A person has at most one feed:
making a new one replaces the old (whose URL stops working), and revoking deletes it.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from importlib.resources import files

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    case,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from api.models.accounts import User
from api.models.base import (
    Audited,
    Base,
    IdMixin,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    utcnow,
)
from api.models.registry import Clinic, Cluster, SubCluster, _enum

# --- meetings ----------------------------------------------------------------------------------

DEFAULT_TIME_ZONE = "Europe/Copenhagen"
# The IANA time zones of the pinned tz database (the tzdata package) that name a place, and UTC:
# what a meeting may have. Legacy aliases (`GMT0`, `EST5EDT`, `Etc/GMT-1`) are left out.
TIME_ZONES = tuple(
    zone
    for zone in files("tzdata").joinpath("zones").read_text().split()
    if zone == "UTC" or ("/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/")))
)


class MeetingKind(enum.StrEnum):
    after_work = "after_work"
    daytime = "daytime"
    residential = "residential"
    virtual = "virtual"


class MeetingState(enum.StrEnum):
    """What the coordinator decided; `MeetingStatus` adds what time decides."""

    draft = "draft"
    planned = "planned"
    cancelled = "cancelled"


class MeetingStatus(enum.StrEnum):
    draft = "draft"
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class ResponsibleKind(enum.StrEnum):
    user = "user"
    sub_cluster = "sub_cluster"
    clinic = "clinic"


class InvitationAnswer(enum.StrEnum):
    invited = "invited"
    accepted = "accepted"
    declined = "declined"
    tentative = "tentative"


class ActionStatus(enum.StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class Meeting(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    __tablename__ = "meetings"

    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind), default=MeetingKind.after_work)
    state: Mapped[MeetingState] = mapped_column(_enum(MeetingState), default=MeetingState.draft)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The local time zone the meeting is shown in; times are stored and sent in UTC.
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    place_name: Mapped[str | None] = mapped_column(String(200))
    place_address: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(500))
    rsvp_by: Mapped[datetime | None]
    # The delegation: exactly one of a person, a sub-cluster or an arranging clinic.
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    responsible_sub_cluster_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sub_clusters.id", ondelete="RESTRICT")
    )
    responsible_clinic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinics.id", ondelete="RESTRICT")
    )
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    # iCalendar: UID never changes; SEQUENCE grows when time or place changes or it is cancelled.
    ical_uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]
    # Closing finalises attendance: afterwards only a coordinator corrects it.
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    cluster: Mapped[Cluster] = relationship()
    responsible_user: Mapped[User | None] = relationship(foreign_keys=[responsible_user_id])
    responsible_sub_cluster: Mapped[SubCluster | None] = relationship()
    responsible_clinic: Mapped[Clinic | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="AgendaItem.position",
    )

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("rsvp_by IS NULL OR rsvp_by <= starts_at", name="rsvp_before_start"),
        CheckConstraint(
            "(CASE WHEN responsible_user_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN responsible_sub_cluster_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN responsible_clinic_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_responsible_party",
        ),
        CheckConstraint(
            "state = 'draft' OR place_name IS NOT NULL OR video_url IS NOT NULL",
            name="planned_has_place",
        ),
        CheckConstraint(
            "(state = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancelled_has_time"
        ),
        CheckConstraint("closed_at IS NULL OR state = 'planned'", name="only_planned_closes"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("time_zone <> ''", name="time_zone_given"),
        Index("ix_meetings_cluster_start", "cluster_id", "starts_at", "id"),
    )

    @hybrid_property
    def status(self) -> MeetingStatus:
        if self.state != MeetingState.planned:
            return MeetingStatus(self.state.value)
        if self.closed_at is not None or self.ends_at <= utcnow():
            return MeetingStatus.held
        return MeetingStatus.planned

    @status.inplace.expression
    @classmethod
    def _status_expression(cls):  # type: ignore[no-untyped-def]
        # `now` is bound when the query is built, so Python and SQL agree on the instant.
        now = literal(utcnow(), UTCDateTime())
        return case(
            (cls.state != MeetingState.planned.value, cls.state),
            (or_(cls.closed_at.is_not(None), cls.ends_at <= now), MeetingStatus.held.value),
            else_=MeetingStatus.planned.value,
        )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= utcnow()

    @property
    def responsible_kind(self) -> ResponsibleKind:
        if self.responsible_user_id is not None:
            return ResponsibleKind.user
        if self.responsible_sub_cluster_id is not None:
            return ResponsibleKind.sub_cluster
        return ResponsibleKind.clinic


class AgendaItem(IdMixin, TimestampMixin, Audited, Base):
    """One item of a meeting's agenda, at `position` (0, 1, …).

    Positions are not declared unique: the agenda is replaced as a whole in one transaction
    (under the meeting's version lock), and a unique index would refuse the intermediate
    orders of a reordering on SQLite, which cannot defer it.
    """

    __tablename__ = "agenda_items"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="")
    slide_reference: Mapped[str | None] = mapped_column(String(200))
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # A speaker from outside the platform (a consultant, a guest) is named in text.
    responsible_name: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    responsible_user: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("duration_minutes >= 0", name="duration_not_negative"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        Index("ix_agenda_items_meeting", "meeting_id", "position"),
    )


class Invitation(IdMixin, TimestampMixin, Audited, Base):
    """A person invited to a meeting, their answer and the reminders they were sent."""

    __tablename__ = "invitations"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The clinic the person worked at when invited (none for a role holder without one).
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinics.id", ondelete="SET NULL")
    )
    answer: Mapped[InvitationAnswer] = mapped_column(
        _enum(InvitationAnswer), default=InvitationAnswer.invited
    )
    answered_at: Mapped[datetime | None]
    reminder_count: Mapped[int] = mapped_column(default=0)
    last_reminded_at: Mapped[datetime | None]
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    clinic: Mapped[Clinic | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("(answer = 'invited') = (answered_at IS NULL)", name="answer_has_time"),
        CheckConstraint("reminder_count >= 0", name="reminders_not_negative"),
        CheckConstraint(
            "(reminder_count = 0) = (last_reminded_at IS NULL)", name="reminder_has_time"
        ),
        Index("ix_invitations_user", "user_id"),
    )


class Attendance(IdMixin, TimestampMixin, Audited, Base):
    """Whether a person attended a meeting: one row per person and meeting, never deleted.

    `registered_by_id`/`registered_at` name the last registration; the audit log keeps each
    earlier value, and a correction after closing carries its reason.
    """

    __tablename__ = "attendance"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The clinic the person worked at then: PLO pays per provider number.
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinics.id", ondelete="SET NULL")
    )
    attended: Mapped[bool]
    registered_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    finalised_at: Mapped[datetime | None]
    correction_reason: Mapped[str | None] = mapped_column(Text)
    deleted_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    clinic: Mapped[Clinic | None] = relationship(lazy="joined")
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    # For the feed, which shows the meeting's date and duration on each row.
    meeting: Mapped[Meeting] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        Index("ix_attendance_changes", "updated_at", "id"),
        Index("ix_attendance_user", "user_id"),
        # The clinic's rows are restamped when its provider number changes (a trigger).
        Index("ix_attendance_clinic", "clinic_id"),
    )


class FollowUpAction(IdMixin, TimestampMixin, VersionedMixin, Audited, Base):
    """Something decided at a meeting for a clinic (or the whole cluster) to do by a date."""

    __tablename__ = "follow_up_actions"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    # The meeting's cluster, kept here so that "the cluster's open actions" is one index scan.
    cluster_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clinics.id", ondelete="SET NULL")
    )
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus), default=ActionStatus.open)
    completed_at: Mapped[datetime | None]

    clinic: Mapped[Clinic | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("(status = 'open') = (completed_at IS NULL)", name="completed_unless_open"),
        Index("ix_follow_up_actions_cluster", "cluster_id", "status", "due_on", "id"),
        Index("ix_follow_up_actions_meeting", "meeting_id"),
    )


# --- a meeting built from a package ---------------------------------------------------------------


class MeetingPackage(IdMixin, Audited, Base):
    """The published package version a meeting's agenda was (last) built from. The agenda
    items are copies: a later version of the package does not change the meeting."""

    __tablename__ = "meeting_packages"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    package_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("package_versions.id", ondelete="RESTRICT")
    )

    __table_args__ = (Index("ix_meeting_packages_version", "package_version_id"),)


# Read in the statement that loads the meeting.
Meeting.package_version_id = column_property(
    type_coerce(
        select(MeetingPackage.package_version_id)
        .where(MeetingPackage.meeting_id == Meeting.id)
        .correlate_except(MeetingPackage)
        .scalar_subquery(),
        Uuid(),
    )
)


class MeetingPackageMaterial(IdMixin, Audited, Base):
    """A package's material linked to a meeting built from the package: the cluster reads it
    through the meeting, while the file stays the package's (a link, not a copy)."""

    __tablename__ = "meeting_package_materials"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    file_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("files.id", ondelete="CASCADE"))

    __table_args__ = (
        UniqueConstraint("meeting_id", "file_id", name="uq_meeting_package_materials"),
        Index("ix_meeting_package_materials_file", "file_id"),
    )


# --- calendar ----------------------------------------------------------------------------------


class CalendarFeed(IdMixin, Audited, Base):
    """A person's calendar feed. Audited: issuing and revoking a credential are security
    events; each fetch only counts (`last_used_at`, `use_count`), without an audit row."""

    __tablename__ = "calendar_feeds"
    __audit_redacted__ = ("token_hash",)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    use_count: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
