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
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

PRODUCT_ID = "-//Klyngeplatformen//Cluster platform//DA"
# A domain of the product's own, so UIDs are unique across calendars (RFC 5545, 3.8.4.7).
UID_DOMAIN = "klyngeplatformen.dk"


class Method(enum.StrEnum):
    """What a document is for: published (a download or a feed), an invitation, a cancellation."""

    publish = "PUBLISH"
    request = "REQUEST"
    cancel = "CANCEL"


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
    return event


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
    for item in events:
        calendar.add_component(_event(item, method, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
