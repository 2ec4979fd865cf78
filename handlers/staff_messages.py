"""Telling every staff member something directly (digest, campaign report, calendar reminder)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

__all__ = ["staff_told", "tell_staff"]

log = logging.getLogger(__name__)


async def tell_staff(
    bot: Bot,
    staff_ids: Iterable[int],
    parts: Sequence[str],
    *,
    what: str,
    plain: bool = False,
    fallback: Iterable[int] = (),
) -> bool:
    """Send ``parts`` to each staff member in turn; say whether it need not be tried again.

    One who cannot receive it (never started the bot, blocked it) or whose send fails is
    skipped with a warning that names no one. Only when nobody got it and a failure may pass
    (a network error) is another try worth it.

    Args:
        bot: The bot to send with.
        staff_ids: Who is told.
        parts: The message, in parts that each fit one Telegram message.
        what: What is sent, for the log (「daily digest」).
        plain: Send as plain text rather than HTML.
        fallback: Who is told instead when no staff member got it (the duty advisers).
    """
    delivered, transient = await _tell_all(bot, staff_ids, parts, what, plain, fallback)
    return delivered > 0 or not transient


async def staff_told(
    bot: Bot,
    staff_ids: Iterable[int],
    parts: Sequence[str],
    *,
    what: str,
    fallback: Iterable[int] = (),
) -> int:
    """Send ``parts`` as :func:`tell_staff` does; return how many people got them."""
    delivered, _ = await _tell_all(bot, staff_ids, parts, what, False, fallback)
    return delivered


async def _tell_all(
    bot: Bot,
    staff_ids: Iterable[int],
    parts: Sequence[str],
    what: str,
    plain: bool,
    fallback: Iterable[int],
) -> tuple[int, bool]:
    delivered, transient = await _tell_each(bot, staff_ids, parts, what=what, plain=plain)
    if not delivered and fallback:
        delivered, transient = await _tell_each(bot, fallback, parts, what=what, plain=plain)
    return delivered, transient


async def _tell_each(
    bot: Bot, chat_ids: Iterable[int], parts: Sequence[str], *, what: str, plain: bool
) -> tuple[int, bool]:
    """Send ``parts`` to each of ``chat_ids``; return how many got it, and if a failure may pass."""
    delivered, transient = 0, False
    for staff_id in sorted(chat_ids):
        try:
            for part in parts:
                if plain:
                    await bot.send_message(staff_id, part, parse_mode=None)
                else:
                    await bot.send_message(staff_id, part)
            delivered += 1
        except (Forbidden, BadRequest) as exc:
            log.warning("a staff member cannot receive the %s: %s", what, exc)
        except TelegramError as exc:
            transient = True
            log.warning("the %s to a staff member failed: %s", what, exc)
    return delivered, transient
