"""Meetings in calendars: a meeting as a calendar entry, and each person's calendar feed.

A meeting as a calendar entry: its iCalendar event (for e-mails, downloads and feeds), its
place in words and its page in the web app.

Personal calendar feeds: a secret URL per person that calendar apps subscribe to.

What a feed holds: the meetings the person is invited to, in the clusters they belong to now
(so only meetings they may read in the API), from `FEED_HISTORY` back and every coming one,
except those they declined. Cancelled meetings stay, marked CANCELLED, and every meeting keeps
its UID and current SEQUENCE, so a moved or cancelled meeting changes in the subscriber's
calendar at the next fetch. Nothing in it is about anyone else: no participants, no answers.

The URL's token is made here, shown once and stored only as its SHA-256 (`token_digest`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from api.core import danish_dates
from api.core.extensions import db
from api.core.security import token_digest
from api.models import (
    AgendaItem,
    CalendarFeed,
    Invitation,
    InvitationAnswer,
    Meeting,
    MeetingState,
    User,
)
from api.models.base import utcnow
from api.services.meetings.ical import CalendarEvent, Method, Party, calendar_document
from api.services.registry.access import current_clusters_of_user

# --- a meeting as a calendar entry ----------------------------------------------------


def meeting_url(meeting_id: uuid.UUID) -> str:
    """The meeting's page in the web app, where people read it and answer."""
    return f"{current_app.config['WEB_APP_URL'].rstrip('/')}/moeder/{meeting_id}"


def place_text(meeting: Meeting) -> str:
    """`Lægehuset, Vestergade 1, 8800 Viborg`; the video link for a meeting held online."""
    parts = [p for p in (meeting.place_name, meeting.place_address) if p]
    if meeting.video_url:
        parts.append(meeting.video_url)
    return ", ".join(parts)


def meeting_event(
    meeting: Meeting, agenda: Sequence[AgendaItem], attendee: Party | None = None
) -> CalendarEvent:
    """The meeting as a calendar entry; for an e-mail to `attendee`, with the platform's
    sender (in the cluster's name) as its organiser. The description says what the meeting
    page says that everyone invited may read (the agenda, the deadline to answer), never who
    answered what."""
    cancelled = meeting.state == MeetingState.cancelled
    lines = [meeting.description.strip()] if meeting.description.strip() else []
    if cancelled:
        lines.insert(0, "Mødet er aflyst.")
    if agenda:
        lines.append(
            "Dagsorden:\n"
            + "\n".join(f"{n}. {item.title}" for n, item in enumerate(agenda, start=1))
        )
    if meeting.rsvp_by is not None and not cancelled:
        lines.append(f"Svar senest {danish_dates.moment(meeting.rsvp_by, meeting.time_zone)}.")
    url = meeting_url(meeting.id)
    lines.append(f"Mødet i Klyngeplatformen: {url}")
    return CalendarEvent(
        uid=meeting.ical_uid,
        sequence=meeting.sequence,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        cancelled=cancelled,
        description="\n\n".join(lines),
        location=place_text(meeting),
        url=url,
        updated_at=meeting.updated_at,
        organizer=_organizer(meeting) if attendee is not None else None,
        attendee=attendee,
    )


def _organizer(meeting: Meeting) -> Party:
    """The platform's sender address, named for the cluster: the e-mail comes from it, and
    answers are given in the platform, so no calendar app should write to a person."""
    _, address = parseaddr(current_app.config["MAIL_FROM"])
    return Party(address, meeting.cluster.name)


def meeting_document(
    meeting: Meeting,
    method: Method = Method.publish,
    agenda: Sequence[AgendaItem] | None = None,
    attendee: Party | None = None,
) -> bytes:
    """One meeting's `.ics`: a download (PUBLISH), or an invitation or update (REQUEST) or a
    cancellation (CANCEL) e-mailed to `attendee`."""
    items = meeting.agenda_items if agenda is None else agenda
    return calendar_document([meeting_event(meeting, items, attendee)], method)


def filename(meeting: Meeting) -> str:
    """A safe file name for the download: `klyngemoede-2026-12-03.ics`."""
    local = meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))
    return f"klyngemoede-{local:%Y-%m-%d}.ics"


# --- personal calendar feeds -----------------------------------------------------------


FEED_NAME = "Mine klyngemøder"
# Meetings are 2-4 a year: a year back keeps the last few in view.
FEED_HISTORY = timedelta(days=365)
# Calendar apps that honour it fetch the feed again after this long.
FEED_REFRESH = timedelta(hours=1)
# Recognisable in a leaked-secrets scan, and never mistaken for another kind of token.
TOKEN_PREFIX = "kcal_"


@dataclass(frozen=True)
class FeedStatus:
    active: bool
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    use_count: int = 0


def _feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_status(user: User) -> FeedStatus:
    feed = _feed_of(user)
    if feed is None:
        return FeedStatus(active=False)
    return FeedStatus(True, feed.created_at, feed.last_used_at, feed.use_count)


def issue_feed(user: User) -> tuple[FeedStatus, str]:
    """A new feed for the person, replacing any earlier one (whose URL stops working at once).
    Returns the new token: the only time it exists outside the caller's calendar app."""
    existing = _feed_of(user)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()  # the person's one feed row is gone before the new one goes in
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, token_hash=token_digest(token), created_at=utcnow())
    db.session.add(feed)
    db.session.commit()
    return FeedStatus(True, feed.created_at, None, 0), token


def revoke_feed(user: User) -> None:
    """The feed's URL stops working. Revoking a feed that is not there changes nothing."""
    feed = _feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()


def feed_for_token(token: str) -> bytes | None:
    """The feed document this token opens, counting the fetch; None for a token that opens
    nothing (unknown, replaced, revoked, or its person's account closed)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token))
    )
    if feed is None or not feed.user.is_active:
        return None
    document = feed_document(feed.user)
    # Bookkeeping in one statement, outside the ORM: no audit entry per calendar poll.
    db.session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.id == feed.id)
        .values(last_used_at=utcnow(), use_count=CalendarFeed.use_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return document


def feed_meetings(user: User, *, now: datetime | None = None) -> list[Meeting]:
    """The meetings in the person's feed (see the module's description), by start."""
    since = (now or utcnow()) - FEED_HISTORY
    return list(
        db.session.scalars(
            select(Meeting)
            .join(Invitation, Invitation.meeting_id == Meeting.id)
            .where(
                Invitation.user_id == user.id,
                Invitation.answer != InvitationAnswer.declined.value,
                Meeting.state != MeetingState.draft.value,
                Meeting.cluster_id.in_(current_clusters_of_user(user.id)),
                Meeting.ends_at >= since,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .options(selectinload(Meeting.agenda_items))
        )
    )


def feed_document(user: User) -> bytes:
    events = [meeting_event(m, m.agenda_items) for m in feed_meetings(user)]
    return calendar_document(events, name=FEED_NAME, refresh_interval=FEED_REFRESH)
