"""A manual clock for tests: time moves only when a test moves it.

Pass it wherever the application takes a ``Clock`` (``build_application(clock=...)``, the
services, the persistence); then run the job that should react (see ``tests/offline.py``)
instead of sleeping until it falls due.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["WEDNESDAY_MORNING", "ManualClock"]

WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai
"""A working day's morning, within office hours."""


class ManualClock:
    """A clock that stands still until told to move (``advance``)."""

    def __init__(self, start: dt.datetime = WEDNESDAY_MORNING) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        """Return the current (manual) time."""
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock on by ``dt.timedelta(**delta)``."""
        self.now += dt.timedelta(**delta)
