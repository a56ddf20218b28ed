"""The outbox: enqueueing in the caller's transaction, deduplication, the database's
invariants, claims that two workers cannot share, backoff, retention and production settings."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import String, column, func, insert, select, table, update
from sqlalchemy.exc import IntegrityError

from api.core.config import InsecureConfigurationError, load_config
from api.core.extensions import db
from api.core.mail.delivery import claim_due, purge_expired_mail, retry_delay
from api.core.mail.outbox import Attachment, build_email, enqueue
from api.models import MailAttachment, OutboxMessage, OutboxStatus
from api.models.base import utcnow

ICS = Attachment("invitation.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR\r\n")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_enqueued_mail_exists_only_when_the_callers_transaction_commits(app_ctx):
    enqueue("anne@example.dk", "Invitation", "Hej")
    db.session.rollback()
    assert _count() == 0

    message = enqueue("anne@example.dk", "Invitation", "Hej", attachments=[ICS])
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == OutboxStatus.pending
    assert stored.attempts == 0
    assert stored.next_attempt_at <= utcnow()
    assert [(a.filename, a.media_type, a.content) for a in stored.attachments] == [
        (ICS.filename, ICS.media_type, ICS.content)
    ]


def test_same_dedupe_key_returns_the_first_message(app_ctx):
    key = f"meeting:{uuid.uuid4()}:invitation:anne:0"
    first = enqueue("anne@example.dk", "Invitation", "Hej", dedupe_key=key)
    db.session.commit()

    again = enqueue("anne@example.dk", "Invitation (retry)", "Hej igen", dedupe_key=key)
    db.session.commit()

    assert again.id == first.id
    assert _count() == 1


def test_dedupe_key_enqueued_concurrently_yields_the_first_message(app, app_ctx):
    """Two requests enqueue one key at once: the second waits for the first to commit and
    gets its message, and the rest of its transaction goes on unharmed."""
    key = "meeting:1:reminder:anne"
    other = db.session.get_bind().connect()
    transaction = other.begin()
    other.execute(
        insert(OutboxMessage),
        {
            "id": uuid.uuid4(),
            "recipient": "anne@example.dk",
            "subject": "Påmindelse",
            "text_body": "Hej",
            "message_id": "<first@example.dk>",
            "dedupe_key": key,
            "status": OutboxStatus.pending,
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "created_at": utcnow(),
            "updated_at": utcnow(),
        },
    )
    committer = threading.Timer(0.5, transaction.commit)
    committer.start()
    try:
        enqueue("bo@example.dk", "Another e-mail in the same transaction", "Hej")
        second = enqueue("anne@example.dk", "Påmindelse", "Hej", dedupe_key=key)
        db.session.commit()
    finally:
        committer.join()
        other.close()

    assert second.message_id == "<first@example.dk>"
    assert _count() == 2


def test_dedupe_key_for_another_recipient_is_a_bug(app_ctx):
    enqueue("anne@example.dk", "Invitation", "Hej", dedupe_key="k")
    with pytest.raises(ValueError, match="someone else"):
        enqueue("bo@example.dk", "Invitation", "Hej", dedupe_key="k")


@pytest.mark.parametrize(
    ("to", "subject", "attachments"),
    [
        ("not-an-address", "Invitation", ()),
        ("Anne <anne@example.dk>", "Invitation", ()),
        ("anne@localhost", "Invitation", ()),
        ("anne@example.dk\r\nBcc: eve@example.dk", "Invitation", ()),
        ("anne@example.dk", "Invitation\r\nBcc: eve@example.dk", ()),
        ("anne@example.dk", "", ()),
        ("anne@example.dk", "Invitation", [Attachment("../x.ics", "text/calendar", b"")]),
        ("anne@example.dk", "Invitation", [Attachment("x.ics", "calendar", b"")]),
    ],
)
def test_invalid_mail_is_refused_in_the_callers_request(app_ctx, to, subject, attachments):
    with pytest.raises(ValueError):
        enqueue(to, subject, "Hej", attachments=attachments)


def test_built_message_is_utf8_with_the_attachment_and_a_stable_message_id(app_ctx):
    message = enqueue(
        "anne@example.dk",
        "Klyngemøde på Ærø",
        "Kære Åse",
        "<p>Kære Åse</p>",
        [ICS],
        to_name="Åse Ørsted",
    )
    db.session.commit()

    first = build_email(message, "Klyngeplatformen <noreply@example.dk>")
    again = build_email(message, "Klyngeplatformen <noreply@example.dk>")

    assert first["Message-ID"] == again["Message-ID"] == message.message_id
    assert first["Subject"] == "Klyngemøde på Ærø"
    assert str(first["To"]) == "Åse Ørsted <anne@example.dk>"
    raw = first.as_bytes()
    assert raw.isascii(), "headers are encoded words and bodies transfer-encoded"
    assert first.get_body(("plain",)).get_content_charset() == "utf-8"
    (ics,) = first.iter_attachments()
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST"
    assert ics.get_payload(decode=True) == ICS.content


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"status": "bogus", "last_attempt_at": utcnow()}, "status_known"),
        ({"status": OutboxStatus.sent, "last_attempt_at": utcnow()}, "sent_at_when_sent"),
        ({"status": OutboxStatus.sending}, "claim_while_sending"),
        ({"attempts": -1}, "attempts_not_negative"),
        ({"text_body": None}, "body_until_purged"),
        ({"purged_at": utcnow()}, "purged_when_done"),
    ],
)
def test_database_refuses_inconsistent_outbox_rows(app_ctx, values, constraint):
    row = {
        "id": uuid.uuid4(),
        "recipient": "anne@example.dk",
        "subject": "Invitation",
        "text_body": "Hej",
        "message_id": f"<{uuid.uuid4()}@example.dk>",
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "created_at": utcnow(),
        "updated_at": utcnow(),
        **values,
    }
    # The table without the model's enum type, so that the value reaches the database.
    columns = OutboxMessage.__table__.c
    outbox = table(
        "mail_outbox",
        *(column(name, String() if name == "status" else columns[name].type) for name in row),
    )
    with pytest.raises(IntegrityError, match=constraint):
        db.session.execute(insert(outbox), row)
    db.session.rollback()


def test_claim_takes_due_messages_only(app_ctx):
    due = enqueue("anne@example.dk", "Due", "Hej")
    later = enqueue("bo@example.dk", "Later", "Hej")
    later.next_attempt_at = utcnow() + timedelta(minutes=5)
    db.session.commit()

    token, claimed = claim_due(10)

    assert [m.id for m in claimed] == [due.id]
    assert claimed[0].status == OutboxStatus.sending
    assert claimed[0].claim_token == token
    assert claimed[0].attempts == 1
    assert claim_due(10)[1] == [], "a message is claimed once"


def test_concurrent_claims_never_share_a_message(app, app_ctx):
    ids = {enqueue(f"laege{i}@example.dk", "Invitation", "Hej").id for i in range(60)}
    db.session.commit()
    claims: list[list[uuid.UUID]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker() -> None:
        try:
            with app.app_context():
                start.wait()
                while True:
                    _, messages = claim_due(3)
                    if not messages:
                        break
                    claims.append([m.id for m in messages])
                db.session.remove()
        except BaseException as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    claimed = [message_id for claim in claims for message_id in claim]
    assert len(claimed) == len(set(claimed)) == 60
    assert set(claimed) == ids


def test_retry_delay_doubles_up_to_the_cap():
    delays = [retry_delay(n, 60, 3600).total_seconds() for n in range(1, 10)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert retry_delay(1000, 60, 3600) == timedelta(hours=1)


def _finish(message: OutboxMessage, status: OutboxStatus, days_ago: float) -> None:
    when = utcnow() - timedelta(days=days_ago)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(
            status=status,
            last_attempt_at=when,
            sent_at=when if status == OutboxStatus.sent else None,
            attempts=1,
        )
    )


def test_retention_purges_bodies_then_deletes_records(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BODY_RETENTION_DAYS", 30)
    monkeypatch.setitem(app.config, "MAIL_RECORD_RETENTION_DAYS", 365)
    recent = enqueue("a@example.dk", "Recent", "Hej", "<p>Hej</p>", [ICS])
    old_sent = enqueue("b@example.dk", "Old", "Hej", "<p>Hej</p>", [ICS])
    old_failed = enqueue("c@example.dk", "Old failed", "Hej", attachments=[ICS])
    ancient = enqueue("d@example.dk", "Ancient", "Hej", attachments=[ICS])
    old_pending = enqueue("e@example.dk", "Old, still pending", "Hej")
    old_pending.created_at = utcnow() - timedelta(days=400)
    db.session.flush()
    _finish(recent, OutboxStatus.sent, 29)
    _finish(old_sent, OutboxStatus.sent, 31)
    _finish(old_failed, OutboxStatus.failed, 31)
    _finish(ancient, OutboxStatus.sent, 366)
    db.session.commit()

    purged, deleted = purge_expired_mail()

    assert (purged, deleted) == (3, 1)
    db.session.expire_all()
    rows = {m.subject: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(rows) == {"Recent", "Old", "Old failed", "Old, still pending"}
    assert rows["Recent"].text_body == "Hej" and rows["Recent"].purged_at is None
    for subject in ("Old", "Old failed"):
        row = rows[subject]
        assert row.text_body is None and row.html_body is None
        assert row.purged_at is not None
        assert row.attachments == []
        assert row.recipient and row.status in (OutboxStatus.sent, OutboxStatus.failed)
    assert rows["Old, still pending"].text_body == "Hej", "unsent mail is never purged"
    attachments = db.session.scalars(select(MailAttachment.message_id)).all()
    assert attachments == [recent.id]
    assert purge_expired_mail() == (0, 0)


PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "JWT_SECRET_KEY": "j" * 40,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "WEB_APP_URL": "https://klynger.example.dk",
}


def test_production_refuses_to_keep_mail_on_the_server():
    with pytest.raises(InsecureConfigurationError, match="MAIL_BACKEND"):
        load_config(PRODUCTION)
    with pytest.raises(InsecureConfigurationError, match="MAIL_BACKEND"):
        load_config({**PRODUCTION, "MAIL_BACKEND": "console"})
    allowed = load_config({**PRODUCTION, "MAIL_BACKEND": "file", "MAIL_ALLOW_LOCAL_BACKEND": "1"})
    assert allowed["MAIL_BACKEND"] == "file"


def test_production_smtp_needs_a_sender_and_encryption_for_a_password():
    smtp = {**PRODUCTION, "MAIL_BACKEND": "smtp"}
    with pytest.raises(InsecureConfigurationError, match="MAIL_FROM"):
        load_config(smtp)
    sender = {**smtp, "MAIL_FROM": "Klyngeplatformen <noreply@example.dk>"}
    with pytest.raises(InsecureConfigurationError, match="SMTP_TLS"):
        load_config({**sender, "SMTP_TLS": "none", "SMTP_PASSWORD": "secret"})
    config = load_config({**sender, "SMTP_PASSWORD": "secret"})
    assert config["SMTP_TLS"] == "starttls"


def test_mail_settings_come_from_the_environment():
    config = load_config(
        {
            "MAIL_BACKEND": "smtp",
            "SMTP_HOST": "mail.example.dk",
            "SMTP_PORT": "465",
            "SMTP_TLS": "ssl",
            "SMTP_USERNAME": "platform",
            "MAIL_MAX_ATTEMPTS": "3",
            "MAIL_BODY_RETENTION_DAYS": "7",
        }
    )
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TLS"]) == (
        "mail.example.dk",
        465,
        "ssl",
    )
    assert config["SMTP_USERNAME"] == "platform"
    assert config["MAIL_MAX_ATTEMPTS"] == 3
    assert config["MAIL_BODY_RETENTION_DAYS"] == 7
    assert load_config({})["MAIL_FILE_DIR"].endswith("mail")
