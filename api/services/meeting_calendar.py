"""A meeting as a calendar entry: its iCalendar event (for e-mails, downloads and feeds), its
place in words and its page in the web app."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app

from api.models import AgendaItem, Meeting, MeetingState
from api.services import danish_dates
from api.services.calendar import CalendarEvent, Method, Party, calendar_document


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
