"""Whether the update being handled has handed work over (see ``bot.storage.receipts``).

Handlers open a scope per update and the error handler asks it, so a reply that failed after
the use case committed a notice for someone else is not reported as a failed use case.
"""

from __future__ import annotations

from bot.storage.receipts import begin_scope, work_committed

__all__ = ["begin_scope", "work_committed"]
