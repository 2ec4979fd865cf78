"""Staff whom Telegram cannot message (they never sent /start): who is told, and what waits.

A staff member listed in ``STAFF_IDS`` who never opened the bot has no chat with it, and every
case card for them fails. At start-up and at each such card the other staff are told plainly
who could not be reached (the duty advisers when no staff member can be); the cards are kept
and sent once the staff member sends /start (``OutboxSender.resume``). Logs name no one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import texts
from bot.services import OutboxMessage
from handlers.staff_messages import tell_staff

__all__ = ["StaffReach", "cannot_message"]

log = logging.getLogger(__name__)

DutyIds = Callable[[], Awaitable[Iterable[int]]]
"""Return the Telegram ids of the active duty advisers."""


def cannot_message(error: TelegramError) -> bool:
    """Return whether ``error`` says the chat cannot be messaged (no chat yet, or blocked)."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and "chat not found" in error.message.lower()


class StaffReach:
    """Finds and reports staff members Telegram cannot message."""

    def __init__(self, staff_ids: Iterable[int], duty_ids: DutyIds) -> None:
        """Watch ``staff_ids``; tell ``duty_ids()`` when no staff member can be told.

        Args:
            staff_ids: Telegram ids of the staff (``STAFF_IDS``).
            duty_ids: Returns the active duty advisers' ids.
        """
        self._staff = frozenset(staff_ids)
        self._duty_ids = duty_ids
        self._told: set[tuple[int, int | None]] = set()
        """(staff member, case) already reported since start-up: once each, not per message."""

    async def check(self, bot: Bot) -> list[int]:
        """At start-up: find the staff who cannot be messaged, tell the others; return them."""
        missing: list[int] = []
        for staff_id in sorted(self._staff):
            try:
                await bot.get_chat(staff_id)
            except TelegramError as exc:
                if cannot_message(exc):
                    missing.append(staff_id)
                else:
                    log.warning("could not check whether a staff member can be messaged: %s", exc)
        if missing:
            log.warning("%d staff member(s) cannot be messaged: never sent /start", len(missing))
            staff = "、".join(texts.STAFF_ID.format(staff=staff_id) for staff_id in missing)
            await self._tell(bot, missing, texts.STAFF_UNREACHABLE.format(staff=staff))
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

    async def _tell(self, bot: Bot, missing: list[int], text: str) -> None:
        others = self._staff.difference(missing)
        await tell_staff(
            bot, others, [text], what="unreachable staff report", fallback=await self._duty_ids()
        )
