"""Danish dates and times in local time, as e-mails and calendar entries write them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.core import danish_dates

TZ = "Europe/Copenhagen"


def test_a_winter_evening_meeting_reads_in_danish_local_time():
    starts = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
    ends = datetime(2026, 12, 3, 18, 45, tzinfo=UTC)
    assert danish_dates.span(starts, ends, TZ) == "torsdag den 3. december 2026 kl. 16.30–19.45"


def test_summer_time_and_morning_hours_without_a_leading_zero():
    starts = datetime(2027, 6, 4, 7, 5, tzinfo=UTC)
    assert danish_dates.moment(starts, TZ) == "fredag den 4. juni 2027 kl. 9.05"


def test_a_meeting_over_two_days_names_both_ends():
    starts = datetime(2027, 6, 4, 7, 0, tzinfo=UTC)
    ends = datetime(2027, 6, 5, 13, 0, tzinfo=UTC)
    assert danish_dates.span(starts, ends, TZ) == (
        "fredag den 4. juni 2027 kl. 9.00 til lørdag den 5. juni 2027 kl. 15.00"
    )


def test_the_local_day_is_the_day_in_denmark():
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00.30 on New Year's Day in Denmark
    assert danish_dates.local_day(late, TZ) == "1. januar 2027"
    assert danish_dates.long_day(date(2026, 3, 1)) == "søndag den 1. marts 2026"
