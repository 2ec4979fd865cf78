"""Per-role command menus: residents see theirs; advisers and staff also see their own commands."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot import texts

__all__ = ["clear_adviser_menu", "set_adviser_menu", "set_default_menu", "set_staff_menus"]

log = logging.getLogger(__name__)


def _commands(*groups: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, description) for group in groups for name, description in group]


async def set_default_menu(bot: Bot) -> None:
    """Register the residents' command menu (everyone's default); a failure is only logged.

    The menu is a convenience: the bot serves without it, and the next start sets it again.
    """
    try:
        await bot.set_my_commands(_commands(texts.COMMANDS))
    except TelegramError as exc:
        log.warning("default command menu not set: %s", exc)


async def set_adviser_menu(bot: Bot, chat_id: int) -> None:
    """Show an adviser the adviser commands as well (their private chat only)."""
    await _set(bot, chat_id, _commands(texts.COMMANDS, texts.ADVISER_COMMANDS))


async def clear_adviser_menu(bot: Bot, chat_id: int) -> None:
    """Back to the residents' menu for a deactivated adviser."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        log.info("command menu for chat %s not cleared: %s", chat_id, exc)


async def set_staff_menus(bot: Bot, staff_ids: Iterable[int]) -> None:
    """Show every staff member the adviser and staff commands as well."""
    commands = _commands(texts.COMMANDS, texts.ADVISER_COMMANDS, texts.STAFF_COMMANDS)
    for staff_id in staff_ids:
        await _set(bot, staff_id, commands)


async def _set(bot: Bot, chat_id: int, commands: list[BotCommand]) -> None:
    try:
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        # Someone who never opened the bot has no chat yet; their menu is set next start.
        log.info("command menu for chat %s not set: %s", chat_id, exc)
