"""iCalendar (RFC 5545) documents of meetings: one meeting's `.ics`, an e-mail's invitation or
cancellation (iTIP, RFC 5546), and a person's subscription feed.

A calendar app recognises an event by its `UID` and applies a newer `SEQUENCE` over an older
one, so a moved meeting moves and a cancelled one shows as cancelled (`STATUS:CANCELLED`) in
every calendar it reached. Times are written in the meeting's own time zone, with the
`VTIMEZONE` that defines it, so the event stays at 17:00 Danish time across daylight saving.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vText

PRODUCT_ID = "-//Klyngeplatformen//Cluster platform//DA"
# A domain of the product's own, so UIDs are unique across calendars (RFC 5545, 3.8.4.7).
UID_DOMAIN = "klyngeplatformen.dk"


class Method(enum.StrEnum):
    """What a document is for: published (a download or a feed), an invitation, a cancellation."""

    publish = "PUBLISH"
    request = "REQUEST"
    cancel = "CANCEL"


@dataclass(frozen=True)
class Party:
    """Someone an e-mailed invitation names: its organiser or the person it is for."""

    email: str
    name: str = ""
    # An attendee's answer (PARTSTAT): NEEDS-ACTION until they answer.
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar needs to know of one meeting."""

    uid: str
    sequence: int
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    cancelled: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    updated_at: datetime | None = None
    # An invitation or cancellation by e-mail (iTIP) names who sends it and whom it is for;
    # a calendar app that finds neither may refuse to file it.
    organizer: Party | None = None
    attendee: Party | None = None


def meeting_uid(meeting_id: object) -> str:
    """The stable UID of a meeting: the same in every document, for as long as it exists."""
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def _event(item: CalendarEvent, method: Method, stamp: datetime) -> Event:
    zone = ZoneInfo(item.time_zone)
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    event.add("dtstart", item.starts_at.astimezone(zone))
    event.add("dtend", item.ends_at.astimezone(zone))
    cancelled = item.cancelled or method is Method.cancel
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.updated_at is not None:
        event.add("last-modified", item.updated_at.astimezone(UTC))
    if item.organizer is not None:
        event.add("organizer", _address(item.organizer))
    if item.attendee is not None:
        attendee = _address(item.attendee)
        attendee.params.update(
            {
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": item.attendee.partstat,
                # Answers are given in the platform, not by a reply e-mail to the organiser.
                "RSVP": "FALSE",
            }
        )
        event.add("attendee", attendee)
    return event


def _address(party: Party) -> vCalAddress:
    address = vCalAddress(f"mailto:{party.email}")
    if party.name:
        address.params["CN"] = vText(party.name)
    return address


def calendar_document(
    events: Iterable[CalendarEvent],
    method: Method = Method.publish,
    *,
    name: str | None = None,
    now: datetime | None = None,
    refresh_interval: timedelta | None = None,
) -> bytes:
    """A VCALENDAR with the events and the VTIMEZONEs they use, as bytes (UTF-8, CRLF).

    `refresh_interval` asks a subscribing calendar app to fetch a feed again that often
    (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook and Apple Calendar).
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if refresh_interval is not None:
        calendar.add("refresh-interval", refresh_interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh_interval))
    zones: dict[str, None] = {}
    for item in events:
        zones.setdefault(item.time_zone)
        calendar.add_component(_event(item, method, stamp))
    document = calendar.to_ical()
    if not zones:
        return document
    # The VTIMEZONEs go before the events that refer to them (RFC 5545, 3.6.5).
    timezones = b"".join(_timezone_ical(zone) for zone in zones)
    return document.replace(b"BEGIN:VEVENT\r\n", timezones + b"BEGIN:VEVENT\r\n", 1)


@lru_cache(maxsize=16)
def _timezone_ical(tzid: str) -> bytes:
    """The VTIMEZONE of a time zone, as iCalendar text, made once: building its rules from
    the time zone database and writing them out costs more than the rest of a meeting's
    document, and a round of invitations writes one document per person."""
    timezone = Timezone.from_tzid(
        tzid, first_date=Timezone.DEFAULT_FIRST_DATE, last_date=Timezone.DEFAULT_LAST_DATE
    )
    return timezone.to_ical()
