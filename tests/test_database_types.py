"""Column types shared by the models, on the database under test (SQLite or PostgreSQL)."""

from __future__ import annotations

import uuid

from sqlalchemy import null, select

from api.core.extensions import db
from api.models import User
from api.models.base import uuid_text


def test_uuid_text_reads_a_uuid_column_as_its_canonical_text(factory):
    people = [factory.user(), factory.user(id=uuid.UUID(int=0xABCDEF))]
    db.session.commit()
    texts = db.session.execute(
        select(User.id, uuid_text(User.id)).where(User.id.in_([p.id for p in people]))
    ).all()
    assert len(texts) == 2
    for as_uuid, as_text in texts:
        assert as_text == str(as_uuid)
    assert db.session.scalar(select(uuid_text(null()))) is None
