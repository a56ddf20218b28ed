"""The one report of every batch operation (bulk registry upserts, invitations, reminders,
attendance): per item what happened, with a typed summary, so a script handles them all alike.

A batch is all-or-nothing: with any item in `error` nothing is written (`applied` false), and
the answer is a problem (422, or 403 when an item is out of the caller's reach) that carries the
same report as extension members."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from api.core.error_codes import FALLBACK_CODE, Coded
from api.core.errors import abort

STATUSES = ("created", "updated", "unchanged", "reminded", "error")


@dataclass
class BatchItem:
    index: int
    key: str
    status: str = "unchanged"
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    user_id: uuid.UUID | None = None
    name: str | None = None
    forbidden: bool = False

    def change(self, what: str) -> None:
        self.changes.append(what)
        if self.status == "unchanged":
            self.status = "updated"

    def fail(self, message: Coded, *, forbidden: bool = False) -> None:
        """The item cannot be applied: `message` says why, in English, with its stable code."""
        self.status = "error"
        self.errors.append(message)
        self.forbidden = self.forbidden or forbidden


@dataclass
class BatchReport:
    dry_run: bool
    items: list[BatchItem] = field(default_factory=list)

    def add(self, key: str, **fields: Any) -> BatchItem:
        item = BatchItem(index=len(self.items), key=key, **fields)
        self.items.append(item)
        return item

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(item.status for item in self.items)
        return {status: counts.get(status, 0) for status in STATUSES}

    @property
    def failed(self) -> bool:
        return any(item.status == "error" for item in self.items)

    @property
    def status_code(self) -> int:
        if any(item.forbidden for item in self.items):
            return 403
        return 422 if self.failed else 200

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "applied": not self.dry_run and not self.failed,
            "summary": self.summary,
            "items": [
                {
                    "index": item.index,
                    "key": item.key,
                    "status": item.status,
                    "changes": item.changes,
                    "errors": item.errors,
                    "codes": [_code_of(message) for message in item.errors],
                    "user_id": None if item.user_id is None else str(item.user_id),
                    "name": item.name,
                }
                for item in self.items
            ],
        }


def _code_of(message: str) -> dict[str, Any]:
    if isinstance(message, Coded):
        return {"code": message.code, **message.params}
    return {"code": FALLBACK_CODE}


def batch_answer(report: BatchReport, what: str = "items") -> dict[str, Any]:
    """The report as an operation answers it: a batch with any error changed nothing and is a
    problem (422, or 403 when an item is out of reach) that carries the report."""
    if report.status_code != 200:
        failed = report.summary["error"]
        abort(
            report.status_code,
            f"{failed} of {len(report.items)} {what} cannot be applied; nothing was written.",
            extra=report.as_dict(),
        )
    return report.as_dict()
