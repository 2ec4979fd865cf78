"""Staff commands: invite advisers, list, reassign and deactivate them.

The use cases refuse anyone who is not staff; these handlers only parse and reply.
"""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.communities import CommunitiesConfig
from bot.context import BotContext
from bot.services import DEFAULT_INVITE_TTL, NotFound, ServiceError
from handlers import menus
from handlers.errors import explain
from handlers.render import escape

__all__ = [
    "INVITE_PREFIX",
    "accept_invite",
    "on_advisers",
    "on_deactivate",
    "on_invite",
    "on_reassign",
]

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


async def on_invite(update: Update, context: BotContext) -> None:
    """/invite <community|duty>: a one-time, expiring deep link that registers an adviser."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    config = context.services.communities
    args = context.args or []
    found, community_id = _community(config, " ".join(args)) if args else (False, None)
    if not found:
        names = "、".join(c.name for c in config.real_communities)
        await message.reply_html(texts.INVITE_USAGE.format(communities=escape(names)))
        return
    try:
        invite = await context.services.desk.advisers.create_invite(user.id, community_id)
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    link = f"https://t.me/{context.bot.username}?start={INVITE_PREFIX}{invite.token}"
    text = texts.INVITE_CREATED.format(
        target=escape(_post(config, community_id)),
        days=DEFAULT_INVITE_TTL.days,
        link=escape(link),
    )
    await message.reply_html(text)


async def accept_invite(update: Update, context: BotContext, token: str) -> None:
    """Register whoever opened an invite link as that community's adviser."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    try:
        adviser = await context.services.desk.advisers.accept_invite(token, user.id, user.full_name)
    except ServiceError:
        await message.reply_html(texts.INVITE_INVALID)
        return
    target = _post(context.services.communities, adviser.community_id)
    await message.reply_html(texts.INVITE_ACCEPTED.format(target=escape(target)))
    await menus.set_adviser_menu(context.bot, user.id)


async def on_advisers(update: Update, context: BotContext) -> None:
    """/advisers: everyone registered, their community and whether they are active."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    try:
        advisers = await context.services.desk.advisers.list_advisers(user.id)
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    if not advisers:
        await message.reply_html(texts.ADVISERS_EMPTY)
        return
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
    await message.reply_html("\n".join(lines))


async def on_reassign(update: Update, context: BotContext) -> None:
    """/reassign <adviser id> <community|duty>: move an adviser."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    config = context.services.communities
    adviser_id = _adviser_id(args[0]) if args else None
    if len(args) < 2 or adviser_id is None:
        await message.reply_html(texts.REASSIGN_USAGE)
        return
    found, community_id = _community(config, " ".join(args[1:]))
    if not found:
        await message.reply_html(texts.UNKNOWN_COMMUNITY.format(name=escape(" ".join(args[1:]))))
        return
    try:
        adviser = await context.services.desk.advisers.reassign(user.id, adviser_id, community_id)
    except NotFound:
        await message.reply_html(texts.UNKNOWN_ADVISER.format(id=adviser_id))
        return
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    who = texts.ADVISER_WHO.format(name=adviser.name, telegram_id=adviser.telegram_id)
    target = _post(config, community_id)
    await message.reply_html(texts.REASSIGN_DONE.format(name=escape(who), target=escape(target)))


async def on_deactivate(update: Update, context: BotContext) -> None:
    """/deactivate <adviser id>: revoke an adviser's role; their open cases go back to the queue."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    args = context.args or []
    adviser_id = _adviser_id(args[0]) if len(args) == 1 else None
    if adviser_id is None:
        await message.reply_html(texts.DEACTIVATE_USAGE)
        return
    try:
        done = await context.services.desk.escalation.deactivate_adviser(user.id, adviser_id)
    except NotFound:
        await message.reply_html(texts.UNKNOWN_ADVISER.format(id=adviser_id))
        return
    except ServiceError as exc:
        await message.reply_html(explain(exc))
        return
    who = texts.ADVISER_WHO.format(name=done.adviser.name, telegram_id=done.adviser.telegram_id)
    text = texts.DEACTIVATE_DONE.format(name=escape(who))
    if done.released:
        text += texts.DEACTIVATE_RELEASED.format(count=len(done.released))
    await message.reply_html(text)
    if not context.services.desk.advisers.is_staff(done.adviser.telegram_id):
        await menus.clear_adviser_menu(context.bot, done.adviser.telegram_id)
    await context.flush_outbox()
