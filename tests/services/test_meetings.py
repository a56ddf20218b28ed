"""The meeting model's invariants in the database, and its derived status in Python and SQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.core.extensions import db
from api.models import Meeting, MeetingState, MeetingStatus
from api.services.meetings.planning import signals

NOW = datetime.now(UTC)


def _meeting(factory, **fields) -> Meeting:
    cluster = fields.pop("cluster", None) or factory.cluster()
    user = fields.pop("user", None) or factory.user()
    meeting_id = uuid.uuid4()
    values = {
        "id": meeting_id,
        "cluster_id": cluster.id,
        "title": "Klyngemøde",
        "starts_at": NOW + timedelta(days=1),
        "ends_at": NOW + timedelta(days=1, hours=3),
        "place_name": "Lægehuset",
        "responsible_user_id": user.id,
        "ical_uid": f"meeting-{meeting_id}@test",
        "state": MeetingState.planned,
    }
    values.update(fields)
    meeting = Meeting(**values)
    db.session.add(meeting)
    db.session.commit()
    return meeting


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, MeetingStatus.planned),
        ({"state": MeetingState.draft}, MeetingStatus.draft),
        ({"starts_at": NOW - timedelta(hours=3), "ends_at": NOW - timedelta(hours=1)}, "held"),
        ({"starts_at": NOW - timedelta(hours=1), "closed_at": NOW}, MeetingStatus.held),
        ({"state": MeetingState.cancelled, "cancelled_at": NOW}, MeetingStatus.cancelled),
    ],
)
def test_status_is_derived_alike_in_python_and_sql(factory, fields, expected):
    meeting = _meeting(factory, **fields)
    assert meeting.status == expected
    assert db.session.scalar(select(Meeting.status).where(Meeting.id == meeting.id)) == expected
    found = db.session.scalar(select(Meeting.id).where(Meeting.status == MeetingStatus(expected)))
    assert found == meeting.id


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_at": NOW},  # before it starts
        {"responsible_user_id": None},  # nobody responsible
        {"responsible_clinic_id": "clinic"},  # two kinds of responsible party
        {"place_name": None},  # planned without a place or a video link
        {"state": MeetingState.cancelled},  # cancelled without a time
        {"rsvp_by": NOW + timedelta(days=2)},  # answers due after the start
        {"sequence": -1},
    ],
)
def test_database_refuses_an_impossible_meeting(factory, fields):
    if fields.get("responsible_clinic_id") == "clinic":
        fields["responsible_clinic_id"] = factory.clinic().id
    with pytest.raises(IntegrityError):
        _meeting(factory, **fields)
    db.session.rollback()


def test_signals_name_the_seams_for_mail_and_calendars():
    assert {
        "meeting-invitations-sent",
        "meeting-reminders-sent",
        "meeting-rescheduled",
        "meeting-cancelled",
    } <= set(signals)
