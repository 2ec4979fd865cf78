"""The daily 普法 check-in: one item's key point a day, the streak, and an opt-in reminder."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.storage.clock import Clock
from bot.storage.database import Database
from bot.storage.publicity import Checkin, CheckinRepository, Reminder
from knowledge.models import Item

__all__ = ["CheckinCard", "CheckinService", "key_point", "streak"]


def key_point(item: Item) -> str:
    """Return the item's key point: the first bullet (``•``) of its answer, as HTML."""
    for line in item.answer.splitlines():
        text = line.strip()
        if text.startswith("•"):
            return text.removeprefix("•").strip()
    return item.title


def streak(days: Sequence[dt.date], today: dt.date) -> int:
    """Return how many consecutive days up to ``today`` (or yesterday) have a check-in."""
    checked = set(days)
    day = today if today in checked else today - dt.timedelta(days=1)
    count = 0
    while day in checked:
        count += 1
        day -= dt.timedelta(days=1)
    return count


@dataclass(frozen=True, slots=True)
class CheckinCard:
    """Today's card: the item and its key point, the streak, and whether it is a new check-in."""

    item: Item
    point: str
    streak: int
    total_days: int
    first_today: bool


class CheckinService:
    """Check residents in, rotating the items so each is seen once before any repeats."""

    def __init__(self, db: Database, items: Sequence[Item], *, clock: Clock, tz: ZoneInfo) -> None:
        """Rotate over ``items`` (the knowledge base), dating check-ins in ``tz``."""
        self._repo = CheckinRepository(db)
        self._items = {item.id: item for item in items}
        self._clock = clock
        self._tz = tz

    def today(self) -> dt.date:
        """Return today's local date by the application's clock."""
        return self._clock().astimezone(self._tz).date()

    async def check_in(self, user_id: int) -> CheckinCard:
        """Check ``user_id`` in today (once a day); return today's card."""
        history = await self._repo.history(user_id)
        today = self.today()
        done = next((entry for entry in history if entry.local_date == today), None)
        item_id = done.item_id if done else self._next_item(user_id, history)
        checkin = await self._repo.add(user_id, today, item_id, self._clock())
        days = [entry.local_date for entry in history if entry.local_date != today] + [today]
        item = self._items.get(checkin.item_id) or self._items[self._next_item(user_id, [])]
        return CheckinCard(item, key_point(item), streak(days, today), len(days), done is None)

    async def checked_in_today(self, user_id: int) -> bool:
        """Whether ``user_id`` has checked in today."""
        return any(entry.local_date == self.today() for entry in await self._repo.history(user_id))

    async def set_reminder(self, user_id: int, chat_id: int, at: dt.time) -> None:
        """Remind ``user_id`` every day at ``at`` (local time)."""
        await self._repo.set_reminder(user_id, chat_id, at, self._clock())

    async def stop_reminder(self, user_id: int) -> bool:
        """Stop ``user_id``'s reminder; return whether one was set."""
        return await self._repo.delete_reminder(user_id)

    async def reminders(self) -> list[Reminder]:
        """Every reminder, to rebuild the jobs at start-up."""
        return await self._repo.reminders()

    async def reminder(self, user_id: int) -> Reminder | None:
        """``user_id``'s reminder, if set."""
        return await self._repo.reminder(user_id)

    def _next_item(self, user_id: int, history: Sequence[Checkin]) -> str:
        """The next item of the resident's round: each item once, then a new round."""
        seen: set[str] = set()
        for entry in history:
            if entry.item_id in self._items:
                seen.add(entry.item_id)
            if seen >= self._items.keys():
                seen = set()
        left = [item_id for item_id in self._items if item_id not in seen]

        def order(item_id: str) -> str:
            # A stable order per resident, so neighbours do not all get the same card.
            return hashlib.sha256(f"{user_id}:{item_id}".encode()).hexdigest()

        return min(left, key=order)
