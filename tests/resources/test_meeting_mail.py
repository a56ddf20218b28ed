"""Meeting e-mails end to end: a change through the API, the outbox in its transaction, the
worker, a real SMTP server on loopback, and what arrives: Danish text and an .ics that
calendars read back (UID, SEQUENCE, local time, METHOD)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from api.core.extensions import db
from api.core.mail.delivery import process_due
from api.models import Invitation, Meeting, OutboxMessage
from api.services.meetings.planning import invitations_sent
from tests.mail_server import Inbox, Received, smtp_server
from tests.problems import batch_summary
from tests.resources.meeting_people import (
    AGENDA,
    MEETINGS,
    People,
    answer,
    build_people,
    cancel,
    change,
    invite,
    meeting_uuid,
    plan_meeting,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
SENDER = "klyngeplatformen@example.dk"
WHEN = "torsdag den 5. december 2030 kl. 16.30–19.45"
VIBORG_DOCTORS = {
    "coordinator@login.example.dk",
    "anne.work@laegerne-viborg.dk",
    "bo@login.example.dk",
    "carl@login.example.dk",
    "dorte@login.example.dk",
}
EVERYONE = VIBORG_DOCTORS | {"secretary@login.example.dk"}


@pytest.fixture
def people(factory) -> People:
    return build_people(factory)


@pytest.fixture
def inbox(app, monkeypatch):
    """A real SMTP server, and the worker's settings pointing at it."""
    inbox = Inbox()
    with smtp_server(inbox) as controller:
        for key, value in {
            "MAIL_BACKEND": "smtp",
            "MAIL_FROM": f"Klyngeplatformen <{SENDER}>",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": controller.port,
            "SMTP_TLS": "none",
            "SMTP_TIMEOUT_SECONDS": 5,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield inbox


def _deliver(inbox: Inbox) -> dict[str, Received]:
    """Run the worker once; what arrived since the last run, by recipient."""
    before = len(inbox.received)
    report = process_due()
    assert report.failed == report.retried == 0, report.errors
    arrived = inbox.received[before:]
    by_recipient = {r.rcpt_tos[0]: r for r in arrived}
    assert len(by_recipient) == len(arrived), "one e-mail per person"
    return by_recipient


def _text(received: Received) -> str:
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _calendar(received: Received):
    (attachment,) = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == attachment.get_param("method")
    return calendar, event


def _outbox_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


# --- invitations ------------------------------------------------------------------------------


def test_invitation_arrives_in_danish_with_the_meeting_for_the_calendar(app, client, people, inbox):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)

    # Written in the invitation's own transaction: there as soon as the request has answered.
    assert _outbox_count() == len(EVERYONE)
    result = app.test_cli_runner().invoke(args=["send-mail", "--once"])
    assert result.exit_code == 0 and f"sent: {len(EVERYONE)}" in result.output, result.output
    arrived = {r.rcpt_tos[0]: r for r in inbox.received}
    # Each at the work e-mail of the cluster; the secretary, at no clinic, at her login.
    assert set(arrived) == EVERYONE

    mail = arrived["anne.work@laegerne-viborg.dk"].message
    assert mail["Subject"] == "Invitation: Klyngemøde om antibiotika 5. december 2030"
    assert mail["To"].addresses[0].display_name == "Anne"
    assert mail["From"].addresses[0].addr_spec == SENDER
    text = _text(arrived["anne.work@laegerne-viborg.dk"])
    assert text.startswith("Kære Anne\n")
    assert "Du er inviteret til klyngemøde i Demoklyngen Viborg." in text
    assert f"Tid: {WHEN}" in text
    assert "Sted: Lægehuset, Vestergade 1, 8800 Viborg" in text
    assert "Svar senest: torsdag den 28. november 2030 kl. 12.00" in text
    assert "Dagsorden:\n1. Velkomst og status\n2. Antibiotika til børn: vores data\n3." in text
    assert f"http://127.0.0.1:5173/moeder/{meeting['id']}" in text

    calendar, event = _calendar(arrived["anne.work@laegerne-viborg.dk"])
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == meeting["ical_uid"]
    assert int(event["sequence"]) == 0
    assert str(event["status"]) == "CONFIRMED"
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert start == datetime(2030, 12, 5, 16, 30, tzinfo=COPENHAGEN)
    assert event.decoded("dtend") == datetime(2030, 12, 5, 19, 45, tzinfo=COPENHAGEN)
    assert "Vestergade 1" in str(event["location"])
    assert all(title in str(event["description"]) for title in AGENDA)
    # iTIP: the organiser is the platform's sender in the cluster's name, the attendee the
    # person at the address it went to; answers go through the platform, not by reply.
    assert str(event["organizer"]) == f"mailto:{SENDER}"
    assert event["organizer"].params["CN"] == "Demoklyngen Viborg"
    assert str(event["attendee"]) == "mailto:anne.work@laegerne-viborg.dk"
    assert event["attendee"].params["CN"] == "Anne"
    assert event["attendee"].params["RSVP"] == "FALSE"
    _, bo_event = _calendar(arrived["bo@login.example.dk"])
    assert str(bo_event["attendee"]) == "mailto:bo@login.example.dk"


def test_people_invited_later_get_their_own_invitation_and_nobody_gets_two(client, people, inbox):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting, user_ids=[people.id("anne")])
    assert set(_deliver(inbox)) == {"anne.work@laegerne-viborg.dk"}

    invite(client, people, meeting)  # the rest of the cluster; Anne is `unchanged`
    assert set(_deliver(inbox)) == EVERYONE - {"anne.work@laegerne-viborg.dk"}


def test_a_closed_account_gets_no_mail(client, people, inbox):
    bo = people.users["bo"]
    bo.is_active = False
    db.session.commit()
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    assert "bo@login.example.dk" not in _deliver(inbox)


def test_an_unusable_work_address_falls_back_to_the_login_e_mail(client, people, inbox):
    from api.models import Member

    member = db.session.scalar(select(Member).where(Member.user_id == people.users["carl"].id))
    member.work_email = "carl at the clinic"
    db.session.commit()
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    assert "carl@login.example.dk" in _deliver(inbox)


# --- reminders --------------------------------------------------------------------------------


def test_reminders_reach_only_those_who_have_not_answered(client, people, inbox):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    _deliver(inbox)
    answer(client, people, meeting, "anne", "accepted")
    answer(client, people, meeting, "bo", "declined")
    answer(client, people, meeting, "carl", "tentative")
    remind = f"{MEETINGS}/{meeting['id']}/reminders"
    coordinator = people.headers["coordinator"]

    report = client.post(remind, headers=coordinator).get_json()
    unanswered = {"coordinator@login.example.dk", "dorte@login.example.dk"}
    unanswered |= {"secretary@login.example.dk"}
    arrived = _deliver(inbox)
    assert set(arrived) == unanswered
    assert report["summary"] == batch_summary(reminded=len(unanswered))
    dorte = arrived["dorte@login.example.dk"]
    assert dorte.message["Subject"] == "Påmindelse: Klyngemøde om antibiotika 5. december 2030"
    assert "Du har endnu ikke svaret på invitationen" in _text(dorte)
    assert "Svar senest: torsdag den 28. november 2030 kl. 12.00" in _text(dorte)
    calendar, event = _calendar(dorte)
    assert str(calendar["method"]) == "REQUEST" and str(event["uid"]) == meeting["ical_uid"]

    # A second reminder is a new e-mail (keyed by its count); Dorte has answered meanwhile.
    answer(client, people, meeting, "dorte", "accepted")
    client.post(remind, headers=coordinator)
    assert set(_deliver(inbox)) == unanswered - {"dorte@login.example.dk"}


# --- moves and cancellations ------------------------------------------------------------------


def test_a_moved_meeting_sends_an_update_with_a_higher_sequence_to_those_not_declined(
    client, people, inbox
):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    first = _deliver(inbox)
    answer(client, people, meeting, "bo", "declined")
    answer(client, people, meeting, "anne", "accepted")

    change(client, people, meeting, title="Klyngemøde om antibiotika til børn")
    assert _deliver(inbox) == {}, "a new title does not move the meeting"

    moved = change(
        client, people, meeting, starts_at="2030-12-12T15:30:00Z", ends_at="2030-12-12T18:45:00Z"
    )
    arrived = _deliver(inbox)
    assert set(arrived) == EVERYONE - {"bo@login.example.dk"}
    anne = arrived["anne.work@laegerne-viborg.dk"]
    assert anne.message["Subject"] == "Ændret: Klyngemøde om antibiotika til børn 12. december 2030"
    text = _text(anne)
    assert "Mødet er flyttet til et nyt tidspunkt." in text
    assert "Tid: torsdag den 12. december 2030 kl. 16.30–19.45" in text
    _, before = _calendar(first["anne.work@laegerne-viborg.dk"])
    calendar, after = _calendar(anne)
    assert str(calendar["method"]) == "REQUEST"
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == moved["sequence"] > int(before["sequence"])
    assert after.decoded("dtstart") == datetime(2030, 12, 12, 16, 30, tzinfo=COPENHAGEN)
    # Anne accepted: the update says so, and does not make her calendar ask her again.
    assert after["attendee"].params["PARTSTAT"] == "ACCEPTED"
    assert before["attendee"].params["PARTSTAT"] == "NEEDS-ACTION"
    _, unanswered = _calendar(arrived["dorte@login.example.dk"])
    assert unanswered["attendee"].params["PARTSTAT"] == "NEEDS-ACTION"

    change(client, people, meeting, place_name="Regionshuset", place_address="Skottenborg 26")
    arrived = _deliver(inbox)
    assert "Mødet holdes et nyt sted." in _text(arrived["dorte@login.example.dk"])
    assert "Sted: Regionshuset, Skottenborg 26" in _text(arrived["dorte@login.example.dk"])


def test_a_cancellation_arrives_with_method_cancel_and_a_higher_sequence(client, people, inbox):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    first = _deliver(inbox)
    answer(client, people, meeting, "bo", "declined")

    cancelled = cancel(client, people, meeting)

    arrived = _deliver(inbox)
    assert set(arrived) == EVERYONE, "everyone invited learns of it, those who declined too"
    bo = arrived["bo@login.example.dk"]
    assert bo.message["Subject"] == "Aflyst: Klyngemøde om antibiotika 5. december 2030"
    assert "Klyngemødet i Demoklyngen Viborg er aflyst." in _text(bo)
    assert f"Tid: {WHEN}" in _text(bo)
    calendar, event = _calendar(bo)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    _, invitation = _calendar(first["bo@login.example.dk"])
    assert str(event["uid"]) == str(invitation["uid"]) == meeting["ical_uid"]
    assert int(event["sequence"]) == cancelled["sequence"] > int(invitation["sequence"])
    assert str(event["organizer"]) == f"mailto:{SENDER}"
    assert str(event["attendee"]) == "mailto:bo@login.example.dk"
    assert event["attendee"].params["PARTSTAT"] == "DECLINED"
    (attachment,) = bo.message.iter_attachments()
    assert attachment.get_filename() == "aflysning.ics"


# --- once and only once -------------------------------------------------------------------


def test_retried_requests_do_not_enqueue_twice(client, people, inbox):
    meeting = plan_meeting(client, people)
    coordinator = people.headers["coordinator"]
    url = f"{MEETINGS}/{meeting['id']}"
    invite_once = {**coordinator, "Idempotency-Key": str(uuid.uuid4())}
    for _ in range(2):
        response = client.post(f"{url}/invitations", json={"everyone": True}, headers=invite_once)
        assert response.status_code == 200
    assert response.headers["Idempotent-Replayed"] == "true"
    # Without a key the retry runs again, finds everyone invited and sends nothing.
    again = client.post(f"{url}/invitations", json={"everyone": True}, headers=coordinator)
    assert again.get_json()["summary"] == batch_summary(unchanged=len(EVERYONE))
    assert _outbox_count() == len(EVERYONE)

    remind_once = {**coordinator, "Idempotency-Key": str(uuid.uuid4())}
    for _ in range(2):
        client.post(f"{url}/reminders", headers=remind_once)
    assert _outbox_count() == 2 * len(EVERYONE)

    # The same change handed to the e-mail seam twice (a retried job, a second listener run)
    # finds its e-mails by their dedupe keys and writes none.
    row = db.session.get(Meeting, meeting_uuid(meeting))
    invitations = list(
        db.session.scalars(select(Invitation).where(Invitation.meeting_id == row.id))
    )
    invitations_sent.send(row, invitations=invitations)
    db.session.commit()
    assert _outbox_count() == 2 * len(EVERYONE)
    keys = set(db.session.scalars(select(OutboxMessage.dedupe_key)))
    assert f"meeting:{row.id}:invite:{people.id('anne')}:0" in keys
    assert f"meeting:{row.id}:reminder:{people.id('anne')}:1" in keys

    assert process_due().sent == 2 * len(EVERYONE)
    subjects = sorted(r.message["Subject"].split(":")[0] for r in inbox.received)
    assert subjects == ["Invitation"] * len(EVERYONE) + ["Påmindelse"] * len(EVERYONE)
    assert {r.rcpt_tos[0] for r in inbox.received} == EVERYONE


def test_the_e_mail_is_written_in_the_transaction_of_the_change(client, people):
    """If the change fails after the e-mail was written, neither is kept."""
    meeting = plan_meeting(client, people)

    written_before_failing = []

    def fail_after_the_mail(sender, invitations):
        written_before_failing.append(
            db.session.scalar(select(func.count()).select_from(OutboxMessage))
        )
        raise RuntimeError("the change fails after the e-mail was written")

    # Connected after the e-mail receiver, so it runs after it, before the commit.
    with invitations_sent.connected_to(fail_after_the_mail):
        response = client.post(
            f"{MEETINGS}/{meeting['id']}/invitations",
            json={"everyone": True},
            headers=people.headers["coordinator"],
        )
    assert response.status_code == 500
    assert written_before_failing == [len(EVERYONE)]
    db.session.rollback()  # what the end of a failed request does (its session is removed)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert _outbox_count() == 0


def test_moving_a_held_meeting_sends_nothing(client, people, inbox):
    meeting = plan_meeting(client, people)
    invite(client, people, meeting)
    _deliver(inbox)
    row = db.session.get(Meeting, meeting_uuid(meeting))
    row.starts_at = row.starts_at - timedelta(days=3650)
    row.ends_at = row.ends_at - timedelta(days=3650)
    row.rsvp_by = None
    db.session.commit()
    change(client, people, meeting, place_name="Et andet sted")
    assert _deliver(inbox) == {}


def test_a_line_break_in_a_title_does_not_cost_the_e_mail(client, people, inbox):
    meeting = plan_meeting(client, people, title="Klyngemøde\nom KOL")
    invite(client, people, meeting, user_ids=[people.id("bo")])
    arrived = _deliver(inbox)
    assert arrived["bo@login.example.dk"].message["Subject"] == (
        "Invitation: Klyngemøde om KOL 5. december 2030"
    )
