"""The audit log: every insert, update and delete of an audited model, written in the same
transaction as the change, with who did it, through which client and what changed.

Models opt in with the `Audited` mixin. The entries come from mapper events, which see every
row the ORM writes, also rows deleted as orphans and foreign keys set through relationships.
Bulk statements (`update()`/`delete()` on a table) bypass the ORM and therefore the events:
code that changes audited data either goes through the ORM objects or, for a set-based
UPDATE, hands its changes to `record_updates`, which writes the entries the events would have.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, Session, object_session

from api.models.base import Audited, Base, utcnow
from api.models.core import AuditLogEntry

REDACTED = "[redacted]"
_NOT_LOGGED = {"version", "updated_at", "created_at"}
_PENDING = "audit_entries"


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _logged(old: Any, new: Any, redacted: bool) -> list[Any]:
    if redacted:
        return [REDACTED if old is not None else None, REDACTED if new else None]
    return [_plain(old), _plain(new)]


def _changes(target: Audited, action: str) -> dict[str, list[Any]]:
    state = inspect(target)
    redacted = set(target.__audit_redacted__)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in _NOT_LOGGED or name not in state.mapper.columns:
            continue
        if action == "update":
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
        else:
            value = getattr(target, name)
            if value is None:
                continue
            old, new = (None, value) if action == "create" else (value, None)
        changes[name] = _logged(old, new, name in redacted)
    return changes


def _actor() -> dict[str, Any]:
    if not has_request_context():
        return {"actor_user_id": None, "actor_client_id": None, "request_id": None}
    from api.core.security import current_principal

    principal = current_principal()
    return {
        "actor_user_id": principal.user.id if principal and principal.user else None,
        "actor_client_id": principal.client.id if principal and principal.client else None,
        "request_id": g.get("request_id"),
    }


def _entry(
    action: str, entity_type: str, entity_id: Any, changes: dict[str, list[Any]], actor: dict
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "occurred_at": utcnow(),
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "changes": changes,
        **actor,
    }


def _write(action: str, connection: Connection, target: Base) -> None:
    """Queue the entry on the session; `_flush_entries` writes a flush's entries at once."""
    if not isinstance(target, Audited):
        return
    changes = _changes(target, action)
    if action == "update" and not changes:
        return
    session = object_session(target)
    entry = _entry(
        action,
        target.__tablename__,  # type: ignore[attr-defined]
        target.id,  # type: ignore[attr-defined]
        changes,
        _actor(),
    )
    if session is None:  # pragma: no cover - mapper events run inside a session's flush
        connection.execute(AuditLogEntry.__table__.insert(), entry)
        return
    session.info.setdefault(_PENDING, []).append(entry)


def record_updates(
    session: Session,
    model: type[Base],
    changes: Mapping[uuid.UUID, Mapping[str, tuple[Any, Any]]],
) -> None:
    """Log rows changed by a set-based UPDATE, one entry per row, as the mapper events would
    have logged them: `changes` maps a row's id to its changed columns' (old, new) values."""
    if not issubclass(model, Audited):
        return
    redacted = set(model.__audit_redacted__)
    actor = _actor()
    entries = []
    for row_id, columns in changes.items():
        logged = {
            name: _logged(old, new, name in redacted)
            for name, (old, new) in columns.items()
            if name not in _NOT_LOGGED and old != new
        }
        if logged:
            entries.append(_entry("update", model.__tablename__, row_id, logged, actor))
    if entries:
        session.connection().execute(AuditLogEntry.__table__.insert(), entries)


def _flush_entries(session: Session, flush_context: Any) -> None:
    entries = session.info.pop(_PENDING, None)
    if entries:
        # One executemany for the whole flush: a bulk upsert of thousands of rows costs one
        # batch of log inserts, not one statement per row.
        session.connection().execute(AuditLogEntry.__table__.insert(), entries)


def _after_insert(mapper: Mapper, connection: Connection, target: Base) -> None:
    _write("create", connection, target)


def _after_update(mapper: Mapper, connection: Connection, target: Base) -> None:
    _write("update", connection, target)


def _after_delete(mapper: Mapper, connection: Connection, target: Base) -> None:
    _write("delete", connection, target)


def register_audit_log() -> None:
    for name, handler in (
        ("after_insert", _after_insert),
        ("after_update", _after_update),
        ("after_delete", _after_delete),
    ):
        if not event.contains(Base, name, handler):
            event.listen(Base, name, handler, propagate=True)
    if not event.contains(Session, "after_flush", _flush_entries):
        event.listen(Session, "after_flush", _flush_entries)
