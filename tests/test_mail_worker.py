"""The mail worker against a real SMTP server on loopback: delivery, retries, giving up,
abandoned claims, two workers at once, TLS and login, the file backend and the loop."""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from api.core.extensions import db
from api.core.mail.delivery import SmtpBackend, claim_due, process_due
from api.core.mail.outbox import Attachment, enqueue
from api.models import OutboxMessage, OutboxStatus
from api.models.base import utcnow
from tests.mail_server import (
    Inbox,
    PasswordCheck,
    free_port,
    self_signed_certificate,
    server_tls_context,
    smtp_server,
)

SENDER = "klyngeplatformen@example.dk"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
    b"BEGIN:VEVENT\r\nUID:meeting-1@example.dk\r\nDTSTAMP:20260301T120000Z\r\n"
    b"DTSTART:20260304T153000Z\r\nSUMMARY:Klyngem\xc3\xb8de\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
INVITATION = Attachment("invitation.ics", "text/calendar; method=REQUEST", ICS)


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def smtp(app, inbox, monkeypatch):
    """A running server and the settings that point the worker at it."""
    with smtp_server(inbox) as controller:
        for key, value in {
            "MAIL_BACKEND": "smtp",
            "MAIL_FROM": f"Klyngeplatformen <{SENDER}>",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": controller.port,
            "SMTP_TLS": "none",
            "SMTP_TIMEOUT_SECONDS": 5,
            "MAIL_RETRY_BASE_SECONDS": 60,
            "MAIL_RETRY_MAX_SECONDS": 3600,
            "MAIL_MAX_ATTEMPTS": 5,
            "MAIL_LEASE_SECONDS": 600,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield controller


def _enqueue(n: int = 1, **kwargs) -> list[OutboxMessage]:
    messages = [
        enqueue(
            kwargs.get("to", f"laege{i}@example.dk"),
            kwargs.get("subject", f"Invitation: Klyngemøde i Århus ({i})"),
            "Kære læge,\n\nDu er inviteret til klyngemøde om KOL-forløb. Mødet holdes på Ærø.\n",
            "<p>Kære læge,</p><p>Du er inviteret til klyngemøde på <b>Ærø</b>.</p>",
            [INVITATION],
            to_name=kwargs.get("to_name"),
        )
        for i in range(n)
    ]
    db.session.commit()
    return messages


def _send_once(app) -> str:
    result = app.test_cli_runner().invoke(args=["send-mail", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def _row(message_id) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def _make_due(message_id) -> None:
    """Let the backoff pass without waiting for it."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_worker_delivers_the_invitation_over_smtp(app, app_ctx, smtp, inbox):
    (message,) = _enqueue(to="anne@example.dk", subject="Invitation: Klyngemøde – æøå ÆØÅ")
    message.recipient_name = "Anne Ærtebjerg"
    db.session.commit()

    output = _send_once(app)

    assert "sent: 1" in output
    (received,) = inbox.received
    assert received.rcpt_tos == ["anne@example.dk"]
    assert received.mail_from == SENDER
    mail = received.message
    assert mail["Subject"] == "Invitation: Klyngemøde – æøå ÆØÅ"
    assert mail["To"].addresses[0].display_name == "Anne Ærtebjerg"
    assert mail["To"].addresses[0].addr_spec == "anne@example.dk"
    assert mail["From"].addresses[0].addr_spec == SENDER
    assert mail["Message-ID"] == message.message_id
    assert mail["Date"].datetime is not None
    assert "Mødet holdes på Ærø." in mail.get_body(("plain",)).get_content()
    assert "<b>Ærø</b>" in mail.get_body(("html",)).get_content()
    (ics,) = list(mail.iter_attachments())
    assert ics.get_filename() == "invitation.ics"
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST"
    assert ics.get_payload(decode=True) == ICS

    row = _row(message.id)
    assert row.status == OutboxStatus.sent
    assert row.attempts == 1
    assert row.sent_at is not None and row.last_error is None
    assert row.claimed_at is None and row.claim_token is None


def test_message_refused_by_the_server_stays_pending_and_is_delivered_later(
    app, app_ctx, smtp, inbox
):
    (message,) = _enqueue()
    inbox.refuse_data = "451 4.3.0 Try again later"

    before = utcnow()
    output = _send_once(app)

    assert "to retry: 1" in output
    assert inbox.received == []
    row = _row(message.id)
    assert row.status == OutboxStatus.pending
    assert row.attempts == 1
    assert "451" in row.last_error and "Try again later" in row.last_error
    # The first retry waits MAIL_RETRY_BASE_SECONDS.
    assert before + timedelta(seconds=59) < row.next_attempt_at < utcnow() + timedelta(seconds=61)

    inbox.refuse_data = None
    _send_once(app)
    assert inbox.received == [], "a message is not sent before its next attempt is due"
    assert _row(message.id).attempts == 1

    _make_due(message.id)
    _send_once(app)
    assert len(inbox.received) == 1
    row = _row(message.id)
    assert row.status == OutboxStatus.sent
    assert row.attempts == 2
    assert row.last_error is None


def test_server_that_is_down_delays_the_message_without_losing_it(
    app, app_ctx, smtp, inbox, monkeypatch
):
    port = free_port()  # nothing listens here yet
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    (message,) = _enqueue()

    _send_once(app)
    row = _row(message.id)
    assert row.status == OutboxStatus.pending
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error

    with smtp_server(inbox, port=port):
        _make_due(message.id)
        _send_once(app)
    assert [r.message["Message-ID"] for r in inbox.received] == [message.message_id]
    assert _row(message.id).status == OutboxStatus.sent


def test_backoff_doubles_up_to_the_cap_and_the_message_fails_after_the_last_attempt(
    app, app_ctx, smtp, inbox, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 4)
    monkeypatch.setitem(app.config, "MAIL_RETRY_MAX_SECONDS", 150)
    (message,) = _enqueue()
    inbox.refuse_data = "421 4.7.0 Busy"

    waits = []
    for _ in range(3):
        failed_at = utcnow()
        _send_once(app)
        waits.append((_row(message.id).next_attempt_at - failed_at).total_seconds())
        _make_due(message.id)
    assert [round(w / 10) * 10 for w in waits] == [60, 120, 150]
    assert _row(message.id).status == OutboxStatus.pending

    output = _send_once(app)
    assert "failed: 1" in output
    row = _row(message.id)
    assert row.status == OutboxStatus.failed
    assert row.attempts == 4
    assert "421" in row.last_error

    _make_due(message.id)
    inbox.refuse_data = None
    _send_once(app)
    assert inbox.received == [], "a failed message is not tried again by itself"

    listing = app.test_cli_runner().invoke(args=["mail-failed", "--requeue"])
    assert str(message.id) in listing.output and "requeued: 1" in listing.output
    _send_once(app)
    assert len(inbox.received) == 1
    assert _row(message.id).status == OutboxStatus.sent


def test_recipient_refused_for_good_fails_at_once(app, app_ctx, smtp, inbox):
    (message,) = _enqueue()
    inbox.refuse_recipient = "550 5.1.1 No such user"

    _send_once(app)

    row = _row(message.id)
    assert row.status == OutboxStatus.failed
    assert row.attempts == 1
    assert row.last_error.startswith("550")


def test_claim_abandoned_by_a_crashed_worker_is_sent_after_the_lease(app, app_ctx, smtp, inbox):
    (message,) = _enqueue()
    _, claimed = claim_due(10)  # a worker claims it and dies before sending
    assert [m.id for m in claimed] == [message.id]

    _send_once(app)
    assert inbox.received == [], "a claim within its lease belongs to its worker"
    assert _row(message.id).status == OutboxStatus.sending

    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(claimed_at=utcnow() - timedelta(seconds=601))
    )
    db.session.commit()
    _send_once(app)

    assert [r.message["Message-ID"] for r in inbox.received] == [message.message_id]
    row = _row(message.id)
    assert row.status == OutboxStatus.sent
    assert row.attempts == 2


def test_abandoned_claim_on_the_last_attempt_fails(app, app_ctx, smtp, inbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 1)
    (message,) = _enqueue()
    claim_due(10)
    db.session.execute(update(OutboxMessage).values(claimed_at=utcnow() - timedelta(seconds=601)))
    db.session.commit()

    _send_once(app)

    assert inbox.received == []
    row = _row(message.id)
    assert row.status == OutboxStatus.failed
    assert "stopped while sending" in row.last_error


def test_a_worker_whose_claim_was_taken_over_does_not_overwrite_the_outcome(
    app, app_ctx, smtp, inbox
):
    (message,) = _enqueue()
    stale_token, _ = claim_due(10)
    db.session.execute(update(OutboxMessage).values(claimed_at=utcnow() - timedelta(seconds=601)))
    db.session.commit()
    _send_once(app)  # another worker takes the abandoned claim over and sends it
    assert _row(message.id).status == OutboxStatus.sent

    # The first worker comes back and tries to record a failure under its old claim.
    recorded = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claim_token == stale_token)
        .values(status=OutboxStatus.pending)
    ).rowcount
    db.session.commit()
    assert recorded == 0
    assert _row(message.id).status == OutboxStatus.sent


def test_two_workers_at_once_send_every_message_exactly_once(
    app, app_ctx, smtp, inbox, monkeypatch
):
    messages = _enqueue(30)
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 4)
    reports = []
    errors = []

    def worker() -> None:
        try:
            with app.app_context():
                reports.append(process_due())
                db.session.remove()
        except Exception as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    received = sorted(r.message["Message-ID"] for r in inbox.received)
    assert received == sorted(m.message_id for m in messages)
    assert sum(r.sent for r in reports) == 30
    assert db.session.scalars(select(OutboxMessage.status).distinct()).all() == ["sent"]


def test_starttls_and_login(app, app_ctx, inbox, monkeypatch, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool makes the test certificate")
    cert, key = self_signed_certificate(tmp_path)
    with smtp_server(
        inbox,
        tls_context=server_tls_context(cert, key),
        require_starttls=True,
        authenticator=PasswordCheck(inbox, "platform", "s3cret-password"),
        auth_require_tls=True,
    ) as controller:
        (message,) = _enqueue()
        backend = SmtpBackend(
            "127.0.0.1",
            controller.port,
            tls="starttls",
            username="platform",
            password="s3cret-password",
            timeout=5,
            ssl_context=_trusting(cert),
        )
        monkeypatch.setitem(app.config, "MAIL_FROM", SENDER)
        report = process_due(backend)
    assert report.sent == 1
    assert inbox.logins == ["platform"]
    assert inbox.received[0].message["Message-ID"] == message.message_id


def test_implicit_tls(app, app_ctx, inbox, monkeypatch, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool makes the test certificate")
    cert, key = self_signed_certificate(tmp_path)
    with smtp_server(inbox, ssl_context=server_tls_context(cert, key)) as controller:
        _enqueue()
        backend = SmtpBackend(
            "127.0.0.1", controller.port, tls="ssl", timeout=5, ssl_context=_trusting(cert)
        )
        monkeypatch.setitem(app.config, "MAIL_FROM", SENDER)
        report = process_due(backend)
    assert report.sent == 1
    assert len(inbox.received) == 1


def test_untrusted_certificate_is_an_error_not_a_delivery(app, app_ctx, inbox, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool makes the test certificate")
    cert, key = self_signed_certificate(tmp_path)
    with smtp_server(inbox, tls_context=server_tls_context(cert, key)) as controller:
        (message,) = _enqueue()
        report = process_due(SmtpBackend("127.0.0.1", controller.port, tls="starttls", timeout=5))
    assert report.retried == 1
    assert inbox.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in _row(message.id).last_error


def _trusting(cert: Path) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.load_verify_locations(cert)
    return context


def test_file_backend_writes_a_parseable_eml(app, app_ctx, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_DIR", str(tmp_path / "mail"))
    (message,) = _enqueue(subject="Påmindelse: klyngemøde på torsdag")

    _send_once(app)

    (path,) = (tmp_path / "mail").glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["Subject"] == "Påmindelse: klyngemøde på torsdag"
    assert mail["Message-ID"] == message.message_id
    assert "Ærø" in mail.get_body(("plain",)).get_content()
    assert [a.get_filename() for a in mail.iter_attachments()] == ["invitation.ics"]
    assert _row(message.id).status == OutboxStatus.sent
    assert list((tmp_path / "mail").glob("*.tmp")) == []


def test_console_backend_prints_the_message(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    (message,) = _enqueue(to="bo@example.dk")

    printed = _send_once(app)

    assert "--- e-mail to bo@example.dk" in printed
    assert "Invitation: Klyngemøde i Århus" in printed
    assert "Attachments: invitation.ics" in printed
    assert "Mødet holdes på Ærø." in printed
    assert _row(message.id).status == OutboxStatus.sent


def test_worker_loop_sends_and_stops_cleanly_on_sigterm(app, app_ctx, smtp, inbox):
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_BACKEND": "smtp",
        "MAIL_FROM": SENDER,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_TLS": "none",
        "MAIL_POLL_SECONDS": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "api", "send-mail", "--poll-seconds", "0.2"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        (message,) = _enqueue()
        deadline = time.monotonic() + 30
        while not inbox.received and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
        assert [r.message["Message-ID"] for r in inbox.received] == [message.message_id]

        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    assert worker.returncode == 0, stderr.decode()
    assert b"mail worker stopping (SIGTERM)" in stderr
    assert _row(message.id).status == OutboxStatus.sent
