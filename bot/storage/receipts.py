"""Whether the update being handled has handed work over: so a failed reply is not a failure.

A handler calls a use case, which commits, and then replies. If only the reply fails, the
error handler must not ask the user to send again when that would do the work twice: a
second relayed message, a second card for the adviser. What marks such work is a notice
for someone else, queued in the outbox by a transaction that committed. (A logged question
or a saved intake draft is not: if the answer or the next step could not be shown, the user
should ask again, and doing so is harmless.)

The outbox notes each queued notice and the transaction helper each commit or rollback in
the current update's scope; the scope is a context variable, opened afresh at the start of
every update (each update runs in its own asyncio task or, one after another, in the same
one: the fresh scope keeps them apart). Outside a scope (jobs, tests) nothing is noted.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["begin_scope", "note_commit", "note_handover", "note_rollback", "work_committed"]


@dataclass(slots=True)
class _Scope:
    pending: int = 0
    """Notices queued by the transaction in progress."""
    committed: int = 0
    """Notices queued by transactions that committed."""


_SCOPE: ContextVar[_Scope | None] = ContextVar("bot_update_scope", default=None)


def begin_scope() -> None:
    """Open a fresh scope for the update about to be handled (nothing handed over yet)."""
    _SCOPE.set(_Scope())


def note_handover() -> None:
    """Record that a notice for someone else was queued in the transaction in progress."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.pending += 1


def note_commit() -> None:
    """Record that the outermost transaction committed: its queued notices now stand."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.committed += scope.pending
        scope.pending = 0


def note_rollback() -> None:
    """Record that the transaction in progress rolled back: its notices are gone."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.pending = 0


def work_committed() -> bool:
    """Return whether a committed transaction queued a notice since the scope began."""
    scope = _SCOPE.get()
    return scope is not None and scope.committed > 0
