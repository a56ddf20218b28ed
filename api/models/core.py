"""The kernel's tables: the e-mail outbox, idempotency keys and the audit log.

The e-mail outbox: messages written in the transaction that caused them, sent by a worker.

A message is `pending` until a worker claims it (`sending`, with `claimed_at` as its lease),
then `sent`, or back to `pending` with a later `next_attempt_at` after a failure, or `failed`
once it has used its attempts or the server refused the recipient for good. A claim older than
the lease is due again, so a worker that dies between claiming and marking loses nothing.

Retention (personal data): once a message is sent or has failed, its bodies and attachments
are purged after `MAIL_BODY_RETENTION_DAYS`; the row itself (recipient, subject, outcome) is
deleted after `MAIL_RECORD_RETENTION_DAYS`. The worker does both (`api.core.mail.delivery`).

Not audited: the audit log is kept for good and would copy the bodies into it.

Operational records: idempotency keys for POST retries and the audit log of every write.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, IdMixin, TimestampMixin, utcnow

# --- mail --------------------------------------------------------------------------------------


class OutboxStatus(enum.StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class OutboxMessage(IdMixin, TimestampMixin, Base):
    """One e-mail to one recipient, with everything needed to send it again."""

    __tablename__ = "mail_outbox"

    recipient: Mapped[str] = mapped_column(String(320))
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))
    # Both bodies are null once purged (`purged_at`); `text_body` is there until then.
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    # Fixed when the message is written, so that every attempt carries the same Message-ID and
    # a receiver can recognise a message that a lost acknowledgement made us send twice.
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    # Names the e-mail for its caller ("meeting:<id>:invitation:<user>:<sequence>"): enqueuing
    # the same key again returns the first message instead of sending a second one.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, native_enum=False, length=10, validate_strings=True),
        default=OutboxStatus.pending,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    # A new token per claim: only the worker holding the current claim may record the outcome.
    claim_token: Mapped[uuid.UUID | None]
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]

    attachments: Mapped[list[MailAttachment]] = relationship(
        back_populates="message",
        order_by="MailAttachment.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint(
            "(status = 'sending') = (claimed_at IS NOT NULL AND claim_token IS NOT NULL)",
            name="claim_while_sending",
        ),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_at_when_sent"),
        CheckConstraint(
            "status IN ('pending', 'sending') OR last_attempt_at IS NOT NULL",
            name="attempted_when_done",
        ),
        CheckConstraint(
            "purged_at IS NULL OR (status IN ('sent', 'failed') "
            "AND text_body IS NULL AND html_body IS NULL)",
            name="purged_when_done",
        ),
        CheckConstraint("purged_at IS NOT NULL OR text_body IS NOT NULL", name="body_until_purged"),
        # The worker's question: which messages are due, oldest first.
        Index("ix_mail_outbox_due", "status", "next_attempt_at"),
        Index("ix_mail_outbox_last_attempt", "status", "last_attempt_at"),
    )


class MailAttachment(IdMixin, Base):
    """A file sent with a message, such as the meeting's `invitation.ics`."""

    __tablename__ = "mail_attachments"

    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mail_outbox.id", ondelete="CASCADE"))
    position: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    # With parameters: "text/calendar; method=REQUEST".
    media_type: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")

    __table_args__ = (
        UniqueConstraint("message_id", "position"),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )


# --- operations --------------------------------------------------------------------------------


class IdempotencyKey(IdMixin, Base):
    """A POST's Idempotency-Key with the response it produced, kept for replay."""

    __tablename__ = "idempotency_keys"

    # Keys belong to the caller that made them: "user:<uuid>" or "client:<uuid>".
    owner: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # Null while the first request is still being processed.
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("owner", "key"),)


class AuditLogEntry(IdMixin, Base):
    """Who changed what, when, through which client, with the changed fields.

    Actor and entity ids are plain values, not foreign keys: the history outlives the rows.
    """

    __tablename__ = "audit_log"

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_client_id: Mapped[uuid.UUID | None]
    request_id: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(10))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)
