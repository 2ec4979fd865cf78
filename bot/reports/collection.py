"""The cyclic garbage collector paused while a large export is built.

A year's ledger makes over a million tuples, strings and datetimes that stay alive until the
workbook is written. Each few hundred new containers start a collection, and the older
generations' collections walk every one of them again: about a sixth of the export's time in
the bot's process, to find no garbage (the rows hold no cycles; they are freed by reference
counting as before). :func:`collection_paused` switches the collector off for the export and
back on after it; exports that overlap keep it off until the last one ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]

_pauses = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off inside the block (if it was on).

    Enter and leave it from one thread (the event loop's): the count of open pauses is not
    locked.
    """
    global _pauses, _was_enabled
    if _pauses == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            gc.enable()
