"""Full garbage collections deferred while a large export is built; young ones still run.

A year's ledger makes over a million tuples, strings and datetimes that stay alive until the
workbook is written. The collector's full (oldest-generation) collections walk every one of
them again, each time the heap has grown by a quarter: about a sixth of the export's time in
the bot's process, to find no garbage (the rows hold no cycles; they are freed by reference
counting as before).

The export runs in the bot's own process, beside every other task: switching the collector
off (as this module did first) stopped it for all of them, and for as long as an export took
or hung. :func:`collection_paused` now only raises the oldest generation's threshold for the
block, so no full collection starts on its own inside it; the young and middle generations are
collected as usual, which is where the other tasks' short-lived cycles go, and the thresholds
are put back when the last overlapping export ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["OLDEST_THRESHOLD_PAUSED", "collection_paused"]

OLDEST_THRESHOLD_PAUSED = 1_000_000
"""The oldest generation's threshold inside the block: a full collection would wait for a
million collections of the middle generation (hundreds of millions of allocations)."""

_pauses = 0
_thresholds: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Defer full collections inside the block; the younger generations are still collected.

    Enter and leave it from one thread (the event loop's): the count of open pauses is not
    locked.
    """
    global _pauses, _thresholds
    if _pauses == 0:
        _thresholds = gc.get_threshold()
        young, middle, _ = _thresholds
        gc.set_threshold(young, middle, OLDEST_THRESHOLD_PAUSED)
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0:
            gc.set_threshold(*_thresholds)
