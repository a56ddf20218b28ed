"""Delivering the outbox: claim due messages, send them, record the outcome, purge old ones.

Delivery is at least once. A message is claimed (`sending`) and committed before it is sent,
and its outcome is committed right after, one message at a time. A worker that dies in between
leaves a claim that becomes due again after `MAIL_LEASE_SECONDS`; the rare message sent twice
that way carries the same Message-ID both times. Every claim counts as an attempt, so a
message that kills the worker each time still ends as `failed` instead of looping.

Logs name messages by their outbox id only: recipients and bodies are personal data.
"""

from __future__ import annotations

import email.policy
import logging
import os
import signal
import smtplib
import ssl
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Protocol, TextIO

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import selectinload

from api.core.config import MAIL_BACKENDS, SMTP_TLS_MODES
from api.core.extensions import db
from api.core.mail.outbox import build_email
from api.models.base import utcnow
from api.models.core import MailAttachment, OutboxMessage, OutboxStatus

log = logging.getLogger("api.mail")

PURGE_INTERVAL = timedelta(hours=1)
_ERROR_LENGTH = 1000
_DONE = (OutboxStatus.sent, OutboxStatus.failed)


class DeliveryError(Exception):
    """Sending failed. `permanent`: the server refused this message or recipient for good
    (a 5xx answer to RCPT or DATA), so trying again cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class MailBackend(Protocol):
    """Where messages go. Used as a context manager around a run, so that a connection can
    serve many messages."""

    def __enter__(self) -> MailBackend: ...

    def __exit__(self, *exc: object) -> None: ...

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None: ...


class SmtpBackend:
    """SMTP with STARTTLS, implicit TLS or neither, and a login when a username is set."""

    def __init__(
        self,
        host: str,
        port: int,
        tls: str = "starttls",
        username: str = "",
        password: str = "",
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if tls not in SMTP_TLS_MODES:
            raise ValueError(f"SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, not {tls!r}")
        self.host, self.port, self.tls = host, port, tls
        self.username, self.password, self.timeout = username, password, timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close(quit=True)

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        try:
            connection = self._connect()
            connection.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise DeliveryError(_reply(code, reply), permanent=500 <= code < 600) from error
        except smtplib.SMTPDataError as error:
            self._close()
            code, reply = error.smtp_code, error.smtp_error
            raise DeliveryError(_reply(code, reply), permanent=500 <= code < 600) from error
        except smtplib.SMTPResponseException as error:
            # Refusals of our connection, login or sender are about this server's settings,
            # not the message: they are worth retrying after the settings are fixed.
            self._close()
            raise DeliveryError(_reply(error.smtp_code, error.smtp_error)) from error
        except (smtplib.SMTPException, OSError, UnicodeError) as error:
            # UnicodeError: smtplib sends credentials and, without SMTPUTF8, addresses as ASCII.
            self._close()
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        connection: smtplib.SMTP
        if self.tls == "ssl":
            connection = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.ssl_context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if self.tls == "starttls":
                connection.starttls(context=self.ssl_context)
                connection.ehlo()
            if self.username:
                connection.login(self.username, self.password)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _close(self, quit: bool = False) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if quit:
                connection.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            connection.close()


class FileBackend:
    """Writes each message as an .eml file (for development: nothing leaves the machine)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def __enter__(self) -> FileBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        temporary = path.with_suffix(".tmp")
        # Written whole, then renamed: a mail viewer watching the folder never sees half a file.
        temporary.write_bytes(message.as_bytes(policy=email.policy.SMTP))
        os.replace(temporary, path)


class ConsoleBackend:
    """Prints each message's headers and text to a stream (for development)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def __enter__(self) -> ConsoleBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        stream = self.stream or sys.stdout
        text = message.get_body(preferencelist=("plain",))
        files = [part.get_filename() for part in message.iter_attachments()]
        stream.write(
            f"--- e-mail to {recipient}\n"
            f"From: {message['From']}\nTo: {message['To']}\nSubject: {message['Subject']}\n"
            + (f"Attachments: {', '.join(str(f) for f in files)}\n" if files else "")
            + "\n"
            + (text.get_content() if text is not None else "")
            + "\n---\n"
        )
        stream.flush()


def backend_from_config(config: Any) -> MailBackend:
    name = config["MAIL_BACKEND"]
    if name == "smtp":
        return SmtpBackend(
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            tls=config["SMTP_TLS"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            timeout=config["SMTP_TIMEOUT_SECONDS"],
        )
    if name == "file":
        return FileBackend(config["MAIL_FILE_DIR"])
    if name == "console":
        return ConsoleBackend()
    raise ValueError(f"MAIL_BACKEND must be one of {', '.join(MAIL_BACKENDS)}, not {name!r}")


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost_claims: int = 0
    purged_bodies: int = 0
    deleted_records: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base, … after the 1st, 2nd, 3rd attempt, capped."""
    exponent = min(max(attempts - 1, 0), 32)
    return timedelta(seconds=min(base_seconds * 2**exponent, max_seconds))


def _due(now: datetime, stale_before: datetime, max_attempts: int) -> Any:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.next_attempt_at <= now),
        and_(
            OutboxMessage.status == OutboxStatus.sending,
            OutboxMessage.claimed_at < stale_before,
            OutboxMessage.attempts < max_attempts,
        ),
    )


def claim_due(limit: int, *, now: datetime | None = None) -> tuple[uuid.UUID, list[OutboxMessage]]:
    """Claim up to `limit` due messages for this worker, committed; returns the claim token
    and the messages. Two workers claiming at once never get the same message."""
    config = current_app.config
    now = now or utcnow()
    stale_before = now - timedelta(seconds=config["MAIL_LEASE_SECONDS"])
    due = _due(now, stale_before, config["MAIL_MAX_ATTEMPTS"])
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    session = db.session
    session.commit()  # the claim must not share a transaction (or a snapshot) with earlier work
    if session.get_bind().dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped rather than waited for.
        ids = list(session.scalars(candidates.with_for_update(skip_locked=True)))
        claimable = OutboxMessage.id.in_(ids)
    else:
        # SQLite: one UPDATE statement takes the database's write lock before it reads, and
        # the due condition is part of it, so a second worker's UPDATE waits and then finds
        # those rows no longer due.
        ids = None
        claimable = and_(OutboxMessage.id.in_(candidates), due)
    token = uuid.uuid4()
    if ids != []:
        session.execute(
            update(OutboxMessage)
            .where(claimable)
            .values(
                status=OutboxStatus.sending,
                claimed_at=utcnow(),
                claim_token=token,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
    session.commit()
    messages = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.claim_token == token)
            .options(selectinload(OutboxMessage.attachments))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        )
    )
    return token, messages


def fail_abandoned(*, now: datetime | None = None) -> int:
    """Claims that outlived their lease on their last attempt: the message is `failed`."""
    config = current_app.config
    now = now or utcnow()
    stale_before = now - timedelta(seconds=config["MAIL_LEASE_SECONDS"])
    count = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.sending,
            OutboxMessage.claimed_at < stale_before,
            OutboxMessage.attempts >= config["MAIL_MAX_ATTEMPTS"],
        )
        .values(
            status=OutboxStatus.failed,
            claimed_at=None,
            claim_token=None,
            last_attempt_at=now,
            last_error="the worker stopped while sending (no outcome recorded)",
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return count


def process_due(backend: MailBackend | None = None) -> DeliveryReport:
    """Send every message that is due now, batch by batch, and return what happened.

    Messages that fail during this run are due again only after it, so it always ends.
    """
    config = current_app.config
    backend = backend or backend_from_config(config)
    sender = parseaddr(config["MAIL_FROM"])[1]
    report = DeliveryReport()
    started = utcnow()
    fail_abandoned(now=started)
    with backend:
        while True:
            token, messages = claim_due(config["MAIL_BATCH_SIZE"], now=started)
            if not messages:
                return report
            for message in messages:
                _deliver(message, token, backend, sender, report)


def _deliver(
    message: OutboxMessage,
    token: uuid.UUID,
    backend: MailBackend,
    sender: str,
    report: DeliveryReport,
) -> None:
    config = current_app.config
    message_id, attempts = message.id, message.attempts
    try:
        built = build_email(message, config["MAIL_FROM"])
    except ValueError as error:  # a message that cannot be built will never be sendable
        outcome, permanent, reason = "failed", True, f"cannot build the message: {error}"
    else:
        try:
            backend.send(built, sender, message.recipient)
        except DeliveryError as error:
            outcome, permanent, reason = "failed", error.permanent, str(error)
        else:
            outcome, permanent, reason = "sent", False, None

    now = utcnow()
    claimed = and_(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
    released = {"claimed_at": None, "claim_token": None, "last_attempt_at": now}
    if outcome == "sent":
        values: dict[str, Any] = {
            "status": OutboxStatus.sent,
            "sent_at": now,
            "last_error": None,
            **released,
        }
    elif permanent or attempts >= config["MAIL_MAX_ATTEMPTS"]:
        values = {"status": OutboxStatus.failed, "last_error": reason[:_ERROR_LENGTH], **released}
    else:
        delay = retry_delay(
            attempts, config["MAIL_RETRY_BASE_SECONDS"], config["MAIL_RETRY_MAX_SECONDS"]
        )
        values = {
            "status": OutboxStatus.pending,
            "next_attempt_at": now + delay,
            "last_error": reason[:_ERROR_LENGTH],
            **released,
        }
    recorded = db.session.execute(
        update(OutboxMessage)
        .where(claimed)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()

    if not recorded:
        # Our lease ran out and another worker claimed the message: its outcome counts.
        report.lost_claims += 1
        log.warning("mail %s: claim lost before its outcome was recorded", message_id)
    elif values["status"] == OutboxStatus.sent:
        report.sent += 1
        log.info("mail %s sent (attempt %d)", message_id, attempts)
    elif values["status"] == OutboxStatus.failed:
        report.failed += 1
        report.errors.append(reason or "")
        log.error("mail %s failed for good after attempt %d: %s", message_id, attempts, reason)
    else:
        report.retried += 1
        report.errors.append(reason or "")
        log.warning("mail %s attempt %d failed, retrying: %s", message_id, attempts, reason)


def purge_expired_mail(*, now: datetime | None = None) -> tuple[int, int]:
    """Apply the retention: purge bodies and attachments of messages done for longer than
    MAIL_BODY_RETENTION_DAYS, delete records older than MAIL_RECORD_RETENTION_DAYS.
    Returns (bodies purged, records deleted)."""
    config = current_app.config
    now = now or utcnow()
    body_cutoff = now - timedelta(days=config["MAIL_BODY_RETENTION_DAYS"])
    record_cutoff = now - timedelta(days=config["MAIL_RECORD_RETENTION_DAYS"])
    done = OutboxMessage.status.in_(_DONE)
    expired_bodies = and_(
        done, OutboxMessage.purged_at.is_(None), OutboxMessage.last_attempt_at < body_cutoff
    )
    session = db.session
    session.execute(
        delete(MailAttachment).where(
            MailAttachment.message_id.in_(select(OutboxMessage.id).where(expired_bodies))
        )
    )
    purged = session.execute(
        update(OutboxMessage)
        .where(expired_bodies)
        .values(text_body=None, html_body=None, purged_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    # Attachments go with their message (ON DELETE CASCADE).
    deleted = session.execute(
        delete(OutboxMessage)
        .where(done, OutboxMessage.last_attempt_at < record_cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return purged, deleted


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT end the loop after the message being sent has been recorded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def request_stop(signum: int, frame: Any) -> None:
        log.info("mail worker stopping (%s)", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_worker(
    *,
    once: bool = False,
    poll_seconds: float | None = None,
    backend: MailBackend | None = None,
    stop: threading.Event | None = None,
) -> DeliveryReport:
    """Send due mail until stopped (or once), and apply the retention every hour.

    In the loop, an error (the database restarting, say) is logged and the next round tries
    again; with `once` it is raised, so that cron sees the failure.
    """
    config = current_app.config
    backend = backend or backend_from_config(config)
    poll = config["MAIL_POLL_SECONDS"] if poll_seconds is None else poll_seconds
    stop = stop or threading.Event()
    total = DeliveryReport()
    last_purge: datetime | None = None
    with _stop_on_signals(stop):
        log.info("mail worker started (backend %s)", type(backend).__name__)
        while not stop.is_set():
            try:
                report = process_due(backend)
                if last_purge is None or utcnow() - last_purge >= PURGE_INTERVAL:
                    report.purged_bodies, report.deleted_records = purge_expired_mail()
                    last_purge = utcnow()
            except Exception:
                db.session.rollback()
                if once:
                    raise
                log.exception("mail worker round failed; trying again")
            else:
                _add(total, report)
            if once:
                break
            stop.wait(poll)
    return total


def _add(total: DeliveryReport, report: DeliveryReport) -> None:
    total.sent += report.sent
    total.retried += report.retried
    total.failed += report.failed
    total.lost_claims += report.lost_claims
    total.purged_bodies += report.purged_bodies
    total.deleted_records += report.deleted_records
    total.errors.extend(report.errors)


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}"
