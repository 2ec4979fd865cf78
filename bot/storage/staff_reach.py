"""Which staff members the others were told cannot be messaged (``handlers.staff_reach``)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.storage.clock import Clock, to_db
from bot.storage.database import Database
from bot.storage.transaction import transaction

__all__ = ["UnreachableReports"]


class UnreachableReports:
    """The start-up reports of staff Telegram cannot message: each staff member told once."""

    def __init__(self, db: Database, clock: Clock) -> None:
        """Keep the reports in ``db``, with the time of ``clock``."""
        self._db = db
        self._clock = clock

    async def reported(self) -> set[int]:
        """Return the staff members the others were already told about."""
        rows = await self._db.fetch_all("SELECT staff_id FROM staff_unreachable_reports")
        return {int(row[0]) for row in rows}

    async def mark(self, staff_ids: Iterable[int]) -> None:
        """Record that the others were told ``staff_ids`` cannot be messaged."""
        async with transaction(self._db) as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO staff_unreachable_reports (staff_id, reported_at) "
                "VALUES (?, ?)",
                [(staff_id, to_db(self._clock())) for staff_id in staff_ids],
            )

    async def forget(self, staff_ids: Iterable[int]) -> None:
        """Forget the reports of ``staff_ids`` (they can be messaged now)."""
        async with transaction(self._db) as conn:
            await conn.executemany(
                "DELETE FROM staff_unreachable_reports WHERE staff_id = ?",
                [(staff_id,) for staff_id in staff_ids],
            )
