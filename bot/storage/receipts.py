"""Whether the update being handled has committed work: so a failed reply is not a failure.

A handler calls a use case, which commits, and then replies. If only the reply fails, the
error handler must not ask the user to send again: that would duplicate what is already done.
The transaction helper notes each commit in the current update's scope; the scope is a
context variable, opened afresh at the start of every update (each update runs in its own
asyncio task or, one after another, in the same one: the fresh scope keeps them apart).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["begin_scope", "note_commit", "work_committed"]


@dataclass(slots=True)
class _Scope:
    commits: int = 0


_SCOPE: ContextVar[_Scope | None] = ContextVar("bot_update_scope", default=None)


def begin_scope() -> None:
    """Open a fresh scope for the update about to be handled (nothing committed yet)."""
    _SCOPE.set(_Scope())


def note_commit() -> None:
    """Record that a transaction committed in the current scope (no-op outside one)."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.commits += 1


def work_committed() -> bool:
    """Return whether a transaction committed since the current scope began."""
    scope = _SCOPE.get()
    return scope is not None and scope.commits > 0
