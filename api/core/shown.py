"""A row as a schema shows it to one caller: the row's own fields, and those that depend on
who asks (what they may do with it, what is new to them)."""

from __future__ import annotations

from typing import Any


class Shown:
    """`row`, with `extra` attributes beside its own: a schema dumps both alike."""

    def __init__(self, row: Any, **extra: Any) -> None:
        self._row = row
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)
