"""Operational records: idempotency keys for POST retries and the audit log of every write."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, utcnow


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
