"""What the outbox holds for one recipient, oldest first."""

from __future__ import annotations

from sqlalchemy import select

from api.core.extensions import db
from api.models import OutboxMessage


def mails_to(email: str) -> list[OutboxMessage]:
    """The messages written to `email`, in the order they were written.

    Messages written within one clock tick have the same stamp; the database then returns them in
    any order, so a test that cares about more than one reads them by content."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email)
            .order_by(OutboxMessage.created_at)
        )
    )
