"""Staff whom Telegram cannot message (they never sent /start): who is told, and what waits.

A staff member listed in ``STAFF_IDS`` who never opened the bot has no chat with it, and every
case card for them fails. At start-up and at each such card the other staff are told plainly
who could not be reached (the duty advisers when no staff member can be); the cards are kept
and sent once the staff member sends /start (``OutboxSender.resume``). Logs name no one.

The start-up report is made once per staff member, across restarts: who was reported is kept
(``Reports``, in the database), and forgotten once they can be messaged, so that losing them
again is reported again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import texts
from bot.services import OutboxMessage
from handlers.staff_messages import staff_told

__all__ = ["Reports", "StaffReach", "cannot_message"]

log = logging.getLogger(__name__)

DutyIds = Callable[[], Awaitable[Iterable[int]]]
"""Return the Telegram ids of the active duty advisers."""


class Reports(Protocol):
    """Who the others were told at start-up cannot be messaged (kept across restarts)."""

    async def reported(self) -> set[int]:
        """Return the staff members already reported."""

    async def mark(self, staff_ids: Iterable[int]) -> None:
        """Record that ``staff_ids`` were reported."""

    async def forget(self, staff_ids: Iterable[int]) -> None:
        """Forget the reports of ``staff_ids`` (they can be messaged now)."""


class _NoReports:
    """Nothing kept: every start-up reports every staff member it cannot message."""

    async def reported(self) -> set[int]:
        return set()

    async def mark(self, staff_ids: Iterable[int]) -> None:
        pass

    async def forget(self, staff_ids: Iterable[int]) -> None:
        pass


def cannot_message(error: TelegramError) -> bool:
    """Return whether ``error`` says the chat cannot be messaged (no chat yet, or blocked)."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and "chat not found" in error.message.lower()


class StaffReach:
    """Finds and reports staff members Telegram cannot message."""

    def __init__(
        self,
        staff_ids: Iterable[int],
        duty_ids: DutyIds,
        *,
        reports: Reports | None = None,
    ) -> None:
        """Watch ``staff_ids``; tell ``duty_ids()`` when no staff member can be told.

        Args:
            staff_ids: Telegram ids of the staff (``STAFF_IDS``).
            duty_ids: Returns the active duty advisers' ids.
            reports: Who was reported at an earlier start-up (``None``: nobody is kept).
        """
        self._staff = frozenset(staff_ids)
        self._duty_ids = duty_ids
        self._reports: Reports = reports or _NoReports()
        self._told: set[tuple[int, int | None]] = set()
        """(staff member, case) already reported since start-up: once each, not per message."""

    async def check(self, bot: Bot) -> list[int]:
        """At start-up: find the staff who cannot be messaged; return them.

        The others are told of those not reported at an earlier start-up (once someone got
        the report, it is kept); those who can be messaged now are forgotten.
        """
        missing: list[int] = []
        reachable: list[int] = []
        for staff_id in sorted(self._staff):
            try:
                await bot.get_chat(staff_id)
            except TelegramError as exc:
                if cannot_message(exc):
                    missing.append(staff_id)
                else:
                    log.warning("could not check whether a staff member can be messaged: %s", exc)
            else:
                reachable.append(staff_id)
        reported = await self._reports.reported()
        if gone := [staff_id for staff_id in reachable if staff_id in reported]:
            await self._reports.forget(gone)
        if missing:
            log.warning("%d staff member(s) cannot be messaged: never sent /start", len(missing))
        new = [staff_id for staff_id in missing if staff_id not in reported]
        if new:
            staff = "、".join(texts.STAFF_ID.format(staff=staff_id) for staff_id in new)
            if await self._tell(bot, missing, texts.STAFF_UNREACHABLE.format(staff=staff)):
                await self._reports.mark(new)
        return missing

    async def card_failed(self, bot: Bot, row: OutboxMessage, error: TelegramError) -> None:
        """A notice to a staff member was given up on: tell the others who missed which case.

        Once per staff member and case: the messages a resident adds to it are not reported.
        """
        if row.chat_id not in self._staff or not cannot_message(error):
            return
        if (row.chat_id, row.consultation_id) in self._told:
            return
        self._told.add((row.chat_id, row.consultation_id))
        what = (
            texts.STAFF_CARD_WHAT.format(number=row.consultation_id)
            if row.consultation_id is not None
            else texts.STAFF_NOTICE_WHAT
        )
        text = texts.STAFF_CARD_UNREACHABLE.format(what=what, staff=row.chat_id)
        try:
            await self._tell(bot, [row.chat_id], text)
        except Exception:  # the drain goes on whatever happens to the report
            log.exception("the report of a staff member who cannot be messaged failed")

    async def _tell(self, bot: Bot, missing: list[int], text: str) -> int:
        """Tell the staff other than ``missing`` (or the duty advisers); return how many got it."""
        others = self._staff.difference(missing)
        return await staff_told(
            bot, others, [text], what="unreachable staff report", fallback=await self._duty_ids()
        )
