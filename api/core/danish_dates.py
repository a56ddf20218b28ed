"""Dates and times as Danish readers expect them in e-mails and calendars, in local time:
"torsdag den 3. december 2026 kl. 16.30-19.45" (with an en dash between the times).

The names are spelled out here rather than taken from the C locale, which a server need not
have installed (and which is process-wide state).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def day(value: date) -> str:
    """`3. december 2026`"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def long_day(value: date) -> str:
    """`torsdag den 3. december 2026`"""
    return f"{WEEKDAYS[value.weekday()]} den {day(value)}"


def clock(value: datetime) -> str:
    """`16.30`, `9.05`: Danish style, the hour without a leading zero."""
    return f"{value.hour}.{value.minute:02d}"


def moment(value: datetime, time_zone: str) -> str:
    """`mandag den 30. november 2026 kl. 12.00`, in `time_zone`."""
    local = value.astimezone(ZoneInfo(time_zone))
    return f"{long_day(local)} kl. {clock(local)}"


def span(starts_at: datetime, ends_at: datetime, time_zone: str) -> str:
    """`torsdag den 3. december 2026 kl. 16.30-19.45` (an en dash); a span over several
    days names both ends (`fredag den 4. juni 2027 kl. 9.00 til lørdag den 5. juni 2027 kl.
    15.00`)."""
    zone = ZoneInfo(time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{long_day(start)} kl. {clock(start)}–{clock(end)}"
    return f"{moment(start, time_zone)} til {moment(end, time_zone)}"


def local_day(value: datetime, time_zone: str) -> str:
    """`3. december 2026`: the day `value` falls on in `time_zone`."""
    return day(value.astimezone(ZoneInfo(time_zone)))
