"""The audit log: every insert, update and delete of an audited model, written in the same
transaction as the change, with who did it, through which client and what changed.

Models opt in with the `Audited` mixin; nothing else needs to remember to log.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from api.models import AuditLogEntry
from api.models.base import Audited

REDACTED = "[redacted]"
_NOT_LOGGED = {"version", "updated_at", "created_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | datetime | date):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _changes(obj: Audited, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    redacted = set(obj.__audit_redacted__)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in _NOT_LOGGED:
            continue
        if action == "create":
            old, new = None, getattr(obj, name)
            if new is None:
                continue
        elif action == "delete":
            old, new = state.attrs[name].loaded_value, None
        else:
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
        if name in redacted:
            changes[name] = [REDACTED if old is not None else None, REDACTED if new else None]
        else:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _actor() -> tuple[uuid.UUID | None, uuid.UUID | None, str | None]:
    if not has_request_context():
        return None, None, None
    principal = g.get("principal")
    user_id = principal.user.id if principal and principal.user else None
    client_id = principal.client.id if principal and principal.client else None
    return user_id, client_id, g.get("request_id")


def _record(session: Session, flush_context: Any, instances: Any) -> None:
    entries = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "create" and getattr(obj, "id", None) is None:
                obj.id = uuid.uuid4()  # type: ignore[attr-defined]
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, action)
            if action == "update" and not changes:
                continue
            entries.append((action, obj, changes))
    if not entries:
        return
    user_id, client_id, request_id = _actor()
    for action, obj, changes in entries:
        session.add(
            AuditLogEntry(
                actor_user_id=user_id,
                actor_client_id=client_id,
                request_id=request_id,
                action=action,
                entity_type=obj.__tablename__,  # type: ignore[attr-defined]
                entity_id=str(obj.id),  # type: ignore[attr-defined]
                changes=changes,
            )
        )


def register_audit_log() -> None:
    if not event.contains(Session, "before_flush", _record):
        event.listen(Session, "before_flush", _record)
