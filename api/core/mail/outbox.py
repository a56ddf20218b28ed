"""Sending e-mail: `enqueue()` writes a message to the outbox in the caller's transaction.

The message exists exactly when the change that caused it commits, and the worker
(`flask --app api send-mail`, see `api.core.mail.delivery`) sends it afterwards, with
retries. Callers never talk to an SMTP server themselves:

    enqueue(
        member.email,
        "Invitation: Klyngemøde 4. marts",
        text,
        html,
        [Attachment("invitation.ics", "text/calendar; method=REQUEST", ics_bytes)],
        to_name=member.name,
        dedupe_key=f"meeting:{meeting.id}:invitation:{member.id}:{meeting.sequence}",
    )
    db.session.commit()
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.core.extensions import db
from api.models.base import utcnow
from api.models.core import MailAttachment, OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Attachment:
    """A file to send along: `Attachment("invitation.ics", "text/calendar; method=REQUEST",
    data)`. The media type may carry parameters."""

    filename: str
    media_type: str
    content: bytes


def enqueue(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
    *,
    to_name: str | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Add an e-mail to the outbox in the current transaction; the caller commits.

    With a `dedupe_key` that is already in the outbox, the earlier message is returned and
    nothing new is written: a retried request sends its e-mail once. Invalid input (an
    address without a domain, a line break in the subject) raises ValueError here, in the
    caller's request, rather than later in the worker.
    """
    to = _address(to)
    subject = _header_text(subject, "subject", 500)
    to_name = _header_text(to_name, "to_name", 200) if to_name else None
    files = [_checked(attachment) for attachment in attachments]
    if dedupe_key is not None:
        dedupe_key = _header_text(dedupe_key, "dedupe_key", 200)
        existing = _by_dedupe_key(dedupe_key, to)
        if existing is not None:
            return existing

    # One INSERT that yields to an existing key: when two requests enqueue the same key at
    # once, the second waits for the first to commit and then inserts nothing, without an
    # error that would break the caller's transaction.
    statement = _insert(db.session)(OutboxMessage).values(
        id=uuid.uuid4(),
        recipient=to,
        recipient_name=to_name,
        subject=subject,
        text_body=text,
        html_body=html,
        message_id=make_msgid(domain=_sender_domain()),
        dedupe_key=dedupe_key,
        status=OutboxStatus.pending,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    message = db.session.scalars(statement.returning(OutboxMessage)).one_or_none()
    if message is None:
        existing = _by_dedupe_key(dedupe_key, to)  # type: ignore[arg-type]
        if existing is None:  # pragma: no cover - the conflicting row was deleted meanwhile
            raise RuntimeError(f"dedupe_key {dedupe_key!r} conflicted with a vanished message")
        return existing
    for position, attachment in enumerate(files):
        message.attachments.append(
            MailAttachment(
                position=position,
                filename=attachment.filename,
                media_type=attachment.media_type,
                content=attachment.content,
            )
        )
    db.session.flush()
    return message


def compose(to: str, subject: str, text: str, *, to_name: str | None = None) -> OutboxMessage:
    """A new message, checked as `enqueue()` checks it, for the caller to add with others in
    one batch (`db.session.add_all`): many messages cost a few statements, not one each. It
    has no dedupe key, so it suits messages that are new by nature, such as a fresh link."""
    return OutboxMessage(
        id=uuid.uuid4(),
        recipient=_address(to),
        recipient_name=_header_text(to_name, "to_name", 200) if to_name else None,
        subject=_header_text(subject, "subject", 500),
        text_body=text,
        message_id=make_msgid(domain=_sender_domain()),
        status=OutboxStatus.pending,
        attempts=0,
        next_attempt_at=utcnow(),
    )


def requeue_failed(message_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Give failed messages (all, or the given ones) a fresh set of attempts; returns how many.

    Messages whose bodies were already purged cannot be sent again and are left as they are.
    """
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.failed, OutboxMessage.purged_at.is_(None))
        .values(status=OutboxStatus.pending, attempts=0, next_attempt_at=utcnow())
    )
    if message_ids is not None:
        statement = statement.where(OutboxMessage.id.in_(list(message_ids)))
    count = db.session.execute(statement).rowcount
    db.session.commit()
    return count


def failed_messages(limit: int = 100) -> list[OutboxMessage]:
    """The messages the worker gave up on, newest first, for an administrator to look at."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.failed)
            .order_by(OutboxMessage.last_attempt_at.desc(), OutboxMessage.id)
            .limit(limit)
        )
    )


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The MIME message for an outbox row: UTF-8 text, optional HTML, attachments."""
    if message.text_body is None:
        raise ValueError(f"message {message.id} has been purged and cannot be sent")
    email = EmailMessage()
    email["From"] = sender
    email["To"] = (
        Address(display_name=message.recipient_name, addr_spec=message.recipient)
        if message.recipient_name
        else message.recipient
    )
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    # Quoted-printable keeps the message 7-bit, so that no server on the way needs 8BITMIME.
    email.set_content(message.text_body, charset="utf-8", cte="quoted-printable")
    if message.html_body is not None:
        email.add_alternative(
            message.html_body, subtype="html", charset="utf-8", cte="quoted-printable"
        )
    for attachment in message.attachments:
        maintype, subtype, params = _media_type(attachment.media_type)
        email.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=params,
        )
    return email


def _insert(session: Session) -> Callable[..., Any]:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def _by_dedupe_key(dedupe_key: str, to: str) -> OutboxMessage | None:
    existing = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    if existing is not None and existing.recipient != to:
        # The same key for another person is a bug in the caller, not a retry.
        raise ValueError(f"dedupe_key {dedupe_key!r} already names an e-mail to someone else")
    return existing


def _address(value: str) -> str:
    """A bare address (`name@example.dk`); the display name goes in `to_name`."""
    local, at, domain = value.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or any(c.isspace() or c in '<>,;"()[]\\' or ord(c) < 32 for c in value)
    ):
        raise ValueError(f"not a plain e-mail address: {value!r}")
    return value


def _header_text(value: str, field: str, max_length: int) -> str:
    if not value or not value.strip():
        raise ValueError(f"{field} is empty")
    if any(c in value for c in "\r\n\0"):
        raise ValueError(f"{field} contains a line break")
    if len(value) > max_length:
        raise ValueError(f"{field} is longer than {max_length} characters")
    return value


def _checked(attachment: Attachment) -> Attachment:
    _header_text(attachment.filename, "attachment filename", 200)
    if "/" in attachment.filename or "\\" in attachment.filename:
        raise ValueError(f"attachment filename is a path: {attachment.filename!r}")
    _header_text(attachment.media_type, "attachment media type", 200)
    _media_type(attachment.media_type)
    if not isinstance(attachment.content, bytes):
        raise ValueError("attachment content must be bytes")
    return attachment


def _media_type(value: str) -> tuple[str, str, dict[str, str]]:
    parsed = EmailMessage()
    parsed["Content-Type"] = value
    header = parsed["Content-Type"]
    if header.defects or "/" not in header.content_type:
        raise ValueError(f"not a media type: {value!r}")
    return header.maintype, header.subtype, dict(header.params)


def _sender_domain() -> str:
    _, addr = parseaddr(current_app.config["MAIL_FROM"])
    return addr.rpartition("@")[2] or "localhost"
