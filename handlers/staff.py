"""Staff commands: invite advisers, list, reassign and deactivate them.

The use cases refuse anyone who is not staff; these handlers only parse and reply.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.communities import CommunitiesConfig
from bot.context import BotContext
from bot.services import DEFAULT_INVITE_TTL, Conflict, ConflictReason, NotFound, ServiceError
from handlers import menus
from handlers.callback_data import RevokeInviteButton
from handlers.errors import explain
from handlers.render import escape
from handlers.updates import pressed, sender

__all__ = [
    "INVITE_PREFIX",
    "accept_invite",
    "on_advisers",
    "on_deactivate",
    "on_invite",
    "on_invites",
    "on_reassign",
    "on_revoke",
    "on_revoke_button",
]

T = TypeVar("T")

INVITE_PREFIX = "inv_"
DUTY = "duty"
_DUTY_WORDS = frozenset({DUTY, "值班", "司法所", "司法所值班", texts.DUTY_TARGET})
"""What staff may type for the judicial office's duty post."""


def _community(config: CommunitiesConfig, text: str) -> tuple[bool, str | None]:
    """Resolve a community given by id or name; ``duty`` (or 值班) means the judicial office."""
    text = text.strip()
    if text.lower() in _DUTY_WORDS:
        return True, None
    for community in config.communities:
        if text in (community.id, community.name):
            return True, community.id
    return False, None


def _target_name(config: CommunitiesConfig, community_id: str | None) -> str:
    if community_id is None:
        return texts.DUTY_TARGET
    community = config.community(community_id)
    return community.name if community else community_id


def _post(config: CommunitiesConfig, community_id: str | None) -> str:
    """Return an adviser's post: 迎凤社区法律顾问, or 司法所值班法律顾问."""
    if community_id is None:
        return texts.DUTY_TARGET
    return texts.ADVISER_POST.format(community=_target_name(config, community_id))


def _adviser_id(text: str) -> int | None:
    """Return the adviser id staff typed (``1005``, ``#1005``, ``ID1005``), or None."""
    digits = text.strip().lstrip("#＃").removeprefix("ID").removeprefix("id")
    return int(digits) if digits.isdecimal() else None


async def _listing(
    update: Update, fetch: Callable[[int], Awaitable[list[T]]], empty: str
) -> tuple[Message, list[T]] | None:
    """Return the message and what ``fetch`` lists for its sender; or reply and None."""
    message, user = sender(update)
    listed = await fetch(user.id)
    if not listed:
        await message.reply_text(empty)
        return None
    return message, listed


async def _one_number(
    update: Update, context: BotContext, usage: str
) -> tuple[Message, int, int] | None:
    """Return the message, its sender and the one number (``1005``, ``#1005``) it gives.

    Without exactly one number, reply with ``usage`` and return None.
    """
    message, user = sender(update)
    args = context.args or []
    number = _adviser_id(args[0]) if len(args) == 1 else None
    if number is None:
        await message.reply_text(usage)
        return None
    return message, user.id, number


async def on_invite(update: Update, context: BotContext) -> None:
    """/invite <community|duty>: a one-time, expiring deep link that registers an adviser."""
    message, user = sender(update)
    config = context.services.communities
    args = context.args or []
    found, community_id = _community(config, " ".join(args)) if args else (False, None)
    if not found:
        names = "、".join(c.name for c in config.real_communities)
        await message.reply_text(texts.INVITE_USAGE.format(communities=escape(names)))
        return
    issued = await context.services.advisers.create_invite(user.id, community_id)
    link = f"https://t.me/{context.bot.username}?start={INVITE_PREFIX}{issued.token}"
    text = texts.INVITE_CREATED.format(
        target=escape(_post(config, community_id)),
        number=issued.invite.number,
        days=DEFAULT_INVITE_TTL.days,
        link=escape(link),
    )
    await message.reply_text(text)


async def on_invites(update: Update, context: BotContext) -> None:
    """/invites: the invites that can still be used, each with a button to revoke it."""
    found = await _listing(update, context.services.advisers.open_invites, texts.INVITES_EMPTY)
    if found is None:
        return
    message, invites = found
    config, tz = context.services.communities, context.services.settings.tz
    lines = [texts.INVITES_HEADER]
    lines.extend(
        texts.INVITE_LINE.format(
            number=invite.number,
            target=escape(_post(config, invite.community_id)),
            creator=invite.created_by,
            expires=invite.expires_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        )
        for invite in invites
    )
    buttons = [
        [
            InlineKeyboardButton(
                texts.INVITE_REVOKE_BUTTON.format(number=invite.number),
                callback_data=RevokeInviteButton(invite.number).pack(),
            )
        ]
        for invite in invites
    ]
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))


async def on_revoke(update: Update, context: BotContext) -> None:
    """/revoke <invite number>: void an unused invite."""
    found = await _one_number(update, context, texts.REVOKE_USAGE)
    if found is not None:
        message, staff_id, number = found
        await message.reply_text(await _revoke(context, staff_id, number))


async def on_revoke_button(update: Update, context: BotContext, button: RevokeInviteButton) -> None:
    """The 作废 button of /invites: void that invite and say so."""
    query, user = pressed(update)
    await query.answer()
    text = await _revoke(context, user.id, button.number)
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, text)


async def _revoke(context: BotContext, staff_id: int, number: int) -> str:
    """Revoke invite ``number`` for ``staff_id``; return what to tell them."""
    try:
        await context.services.advisers.revoke_invite(staff_id, number)
    except NotFound:
        return texts.UNKNOWN_INVITE.format(number=number)
    except Conflict as exc:
        if exc.reason is ConflictReason.INVITE_USED:
            return texts.REVOKE_USED.format(number=number)
        return texts.REVOKE_ALREADY.format(number=number)
    except ServiceError as exc:
        return explain(exc)
    return texts.REVOKE_DONE.format(number=number)


async def accept_invite(update: Update, context: BotContext, token: str) -> None:
    """Register whoever opened an invite link as that community's adviser."""
    message, user = sender(update)
    try:
        adviser = await context.services.advisers.accept_invite(token, user.id, user.full_name)
    except ServiceError:
        await message.reply_text(texts.INVITE_INVALID)
        return
    target = _post(context.services.communities, adviser.community_id)
    await message.reply_text(texts.INVITE_ACCEPTED.format(target=escape(target)))
    await menus.set_adviser_menu(context.bot, user.id)
    await context.flush_outbox()  # the invite's creator is told who used it


async def on_advisers(update: Update, context: BotContext) -> None:
    """/advisers: everyone registered, their community and whether they are active."""
    found = await _listing(update, context.services.advisers.list_advisers, texts.ADVISERS_EMPTY)
    if found is None:
        return
    message, advisers = found
    config = context.services.communities
    lines = [texts.ADVISERS_HEADER]
    lines.extend(
        texts.ADVISER_LINE.format(
            name=escape(adviser.name),
            telegram_id=adviser.telegram_id,
            target=escape(_post(config, adviser.community_id)),
            state=texts.ADVISER_ACTIVE if adviser.active else texts.ADVISER_INACTIVE,
        )
        for adviser in advisers
    )
    await message.reply_text("\n".join(lines))


async def on_reassign(update: Update, context: BotContext) -> None:
    """/reassign <adviser id> <community|duty>: move an adviser."""
    message, user = sender(update)
    args = context.args or []
    config = context.services.communities
    adviser_id = _adviser_id(args[0]) if args else None
    if len(args) < 2 or adviser_id is None:
        await message.reply_text(texts.REASSIGN_USAGE)
        return
    found, community_id = _community(config, " ".join(args[1:]))
    if not found:
        await message.reply_text(texts.UNKNOWN_COMMUNITY.format(name=escape(" ".join(args[1:]))))
        return
    try:
        adviser = await context.services.advisers.reassign(user.id, adviser_id, community_id)
    except NotFound:
        await message.reply_text(texts.UNKNOWN_ADVISER.format(id=adviser_id))
        return
    who = texts.ADVISER_WHO.format(name=adviser.name, telegram_id=adviser.telegram_id)
    target = _post(config, community_id)
    await message.reply_text(texts.REASSIGN_DONE.format(name=escape(who), target=escape(target)))


async def on_deactivate(update: Update, context: BotContext) -> None:
    """/deactivate <adviser id>: revoke an adviser's role; their open cases go back to the queue."""
    found = await _one_number(update, context, texts.DEACTIVATE_USAGE)
    if found is None:
        return
    message, staff_id, adviser_id = found
    try:
        done = await context.services.escalation.deactivate_adviser(staff_id, adviser_id)
    except NotFound:
        await message.reply_text(texts.UNKNOWN_ADVISER.format(id=adviser_id))
        return
    who = texts.ADVISER_WHO.format(name=done.adviser.name, telegram_id=done.adviser.telegram_id)
    text = texts.DEACTIVATE_DONE.format(name=escape(who))
    if done.released:
        text += texts.DEACTIVATE_RELEASED.format(count=len(done.released))
    else:
        text += texts.DEACTIVATE_NONE_OPEN
    await message.reply_text(text)
    if not context.services.advisers.is_staff(done.adviser.telegram_id):
        await menus.clear_adviser_menu(context.bot, done.adviser.telegram_id)
    await context.flush_outbox()
