"""iCalendar documents parse back, keep a meeting's identity and local time, and carry
moves and cancellations to a subscriber."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from api.services.meetings.ical import CalendarEvent, Method, Party, calendar_document, meeting_uid

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _meeting(**changes) -> CalendarEvent:
    values = {
        "uid": meeting_uid("8bc7f333-7822-5f53-a04d-5b6ad411ad89"),
        "sequence": 0,
        "title": "Klyngemøde: Stop op – hvad vil vi med klyngen?",
        # 16:30 UTC in winter is 17:30 in Denmark.
        "starts_at": datetime(2026, 12, 3, 16, 30, tzinfo=UTC),
        "ends_at": datetime(2026, 12, 3, 20, 0, tzinfo=UTC),
        "time_zone": "Europe/Copenhagen",
        "description": "Dagsorden: velkomst, status, data – åbne eller lukkede?",
        "location": "Lægehuset Viborg, Rådhusvej 51, 8800 Viborg",
    }
    return CalendarEvent(**{**values, **changes})


def _parse(document: bytes):
    calendar = Calendar.from_ical(document)
    return calendar, list(calendar.walk("VEVENT"))


def test_a_meeting_parses_back_with_its_local_time_and_danish_text():
    calendar, [event] = _parse(calendar_document([_meeting()]))
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == "meeting-8bc7f333-7822-5f53-a04d-5b6ad411ad89@klyngeplatformen.dk"
    assert str(event["summary"]) == "Klyngemøde: Stop op – hvad vil vi med klyngen?"
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (17, 30)
    assert start.utcoffset() == timedelta(hours=1)
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("dtend") - start == timedelta(hours=3, minutes=30)
    assert str(event["status"]) == "CONFIRMED"
    assert "Rådhusvej" in str(event["location"])
    # The time zone it names is defined in the document itself.
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Copenhagen"


def test_summer_time_keeps_the_local_hour():
    summer = _meeting(
        starts_at=datetime(2027, 6, 3, 15, 0, tzinfo=UTC),
        ends_at=datetime(2027, 6, 3, 17, 0, tzinfo=UTC),
    )
    _, [event] = _parse(calendar_document([summer]))
    start = event.decoded("dtstart")
    assert (start.hour, start.utcoffset()) == (17, timedelta(hours=2))


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence():
    before = _meeting()
    moved = _meeting(
        sequence=1,
        starts_at=before.starts_at + timedelta(days=7),
        ends_at=before.ends_at + timedelta(days=7),
    )
    _, [first] = _parse(calendar_document([before]))
    _, [second] = _parse(calendar_document([moved]))
    assert str(first["uid"]) == str(second["uid"])
    assert int(second["sequence"]) > int(first["sequence"])
    assert second.decoded("dtstart").day == 10


def test_a_cancellation_says_so():
    calendar, [event] = _parse(calendar_document([_meeting(sequence=2)], Method.cancel))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    _, [published] = _parse(calendar_document([_meeting(sequence=2, cancelled=True)]))
    assert str(published["status"]) == "CANCELLED"


def test_a_feed_holds_many_meetings_one_time_zone_and_a_name():
    meetings = [
        _meeting(
            uid=meeting_uid(n),
            starts_at=datetime(2026, 12, 3, 16, 30, tzinfo=UTC) + timedelta(days=90 * n),
            ends_at=datetime(2026, 12, 3, 19, 0, tzinfo=UTC) + timedelta(days=90 * n),
        )
        for n in range(4)
    ]
    calendar, events = _parse(calendar_document(meetings, name="Mine klyngemøder"))
    assert len(events) == 4
    assert len({str(e["uid"]) for e in events}) == 4
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert str(calendar["x-wr-calname"]) == "Mine klyngemøder"


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar, events = _parse(calendar_document([], name="Mine klyngemøder"))
    assert events == []
    assert str(calendar["version"]) == "2.0"
    assert calendar_document([]).endswith(b"END:VCALENDAR\r\n")


def test_a_feed_asks_calendar_apps_to_fetch_it_again():
    calendar, _ = _parse(
        calendar_document(
            [_meeting()], name="Mine klyngemøder", refresh_interval=timedelta(hours=1)
        )
    )
    assert calendar.decoded("refresh-interval") == timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert calendar.to_ical().count(b"X-PUBLISHED-TTL:PT1H") == 1


def test_each_time_zone_is_defined_once_before_the_events():
    london = _meeting(uid=meeting_uid("london"), time_zone="Europe/London")
    document = calendar_document([_meeting(), london, _meeting(uid=meeting_uid("again"))])
    calendar, events = _parse(document)
    assert [c.name for c in calendar.subcomponents] == [
        "VTIMEZONE",
        "VTIMEZONE",
        "VEVENT",
        "VEVENT",
        "VEVENT",
    ]
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Copenhagen",
        "Europe/London",
    }
    assert events[1].decoded("dtstart") == datetime(
        2026, 12, 3, 16, 30, tzinfo=ZoneInfo("Europe/London")
    )
    assert events[1].decoded("dtstart").utcoffset() == timedelta(0)


def test_an_e_mailed_invitation_names_its_organiser_and_its_person():
    invitation = _meeting(
        organizer=Party("klynge@example.dk", "Demoklyngen Viborg"),
        attendee=Party("anne@example.dk", "Anne Ærø"),
    )
    _, (event,) = _parse(calendar_document([invitation], Method.request))
    assert str(event["organizer"]) == "mailto:klynge@example.dk"
    assert event["organizer"].params["CN"] == "Demoklyngen Viborg"
    assert str(event["attendee"]) == "mailto:anne@example.dk"
    assert event["attendee"].params["CN"] == "Anne Ærø"
    assert event["attendee"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["attendee"].params["RSVP"] == "FALSE"
    _, (published,) = _parse(calendar_document([_meeting()]))
    assert "organizer" not in published and "attendee" not in published
