"""The domains' rules, one package per domain; each has an `access.py` with its permissions."""

from __future__ import annotations

import importlib

DOMAINS = (
    "accounts",
    "registry",
    "meetings",
    "files",
    "board",
    "economy",
    "packages",
    "indicators",
    "surveys",
)


def load_permission_table() -> None:
    """Register every domain's permissions (each domain's `access.py`) in the one table."""
    for domain in DOMAINS:
        importlib.import_module(f"api.services.{domain}.access")
