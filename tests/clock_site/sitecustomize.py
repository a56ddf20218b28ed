"""Moves the clock of a test process ahead when TEST_CLOCK_SHIFT_DAYS is set.

CI runs the suites once more a year ahead, so a test that leans on today's date fails now rather
than on the day it expires. The test run imports this module itself (tests/conftest.py) and puts
its folder on PYTHONPATH, so every Python process a test starts (the API under gunicorn, the demo
seed, the mail worker) imports it as `sitecustomize` and lives in the same shifted time.
Tests that need a particular instant freeze the clock with time-machine themselves, which wins.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta

ENV_VAR = "TEST_CLOCK_SHIFT_DAYS"


def shift_days() -> int:
    return int(os.environ.get(ENV_VAR) or 0)


def shift_clock() -> None:
    """Travel `shift_days()` ahead, the clock ticking on; once per process (forks inherit it)."""
    days = shift_days()
    if not days or getattr(sys, "_test_clock_shifted", False):
        return
    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True).start()
    sys._test_clock_shifted = True  # type: ignore[attr-defined]


shift_clock()
