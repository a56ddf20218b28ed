"""Calendar subscriptions: a person's secret feed URL, which calendar apps fetch without a token.

Calendar apps cannot send an `Authorization` header, so the URL itself is the credential. It
is shown once, when it is made; only the SHA-256 of its token is kept (as for refresh tokens),
so a copy of the database does not open anyone's calendar. A person has at most one feed:
making a new one replaces the old (whose URL stops working), and revoking deletes it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Audited, Base, IdMixin, utcnow
from api.models.people import User


class CalendarFeed(IdMixin, Audited, Base):
    """A person's calendar feed. Audited: issuing and revoking a credential are security
    events; each fetch only counts (`last_used_at`, `use_count`), without an audit row."""

    __tablename__ = "calendar_feeds"
    __audit_redacted__ = ("token_hash",)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    use_count: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
