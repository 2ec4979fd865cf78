"""/worklog [month] [adviser]: an adviser's work log (法律顾问工作日志) as text."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import BotContext
from bot.services import AccessDenied, InvalidInput
from bot.texts.reports import UNREGISTERED_ADVISER, date_label, period_label
from handlers.render import split_html
from handlers.updates import sender

__all__ = ["on_worklog"]


async def on_worklog(update: Update, context: BotContext) -> None:
    """/worklog [月份] [顾问]: the sender's own log (staff may name an adviser)."""
    message, user = sender(update)
    worklog = context.services.worklog
    if not await worklog.may_read(user.id):
        await message.reply_text(texts.NOT_AN_ADVISER)
        return
    args = context.args or []
    try:
        period = worklog.period(args[0] if args else "", context.now().date())
    except InvalidInput:
        await message.reply_text(texts.WORKLOG_USAGE)
        return
    name = " ".join(args[1:]) or None
    try:
        adviser_id, registered = await worklog.whose(user.id, name)
    except AccessDenied:
        await message.reply_text(texts.WORKLOG_OWN_ONLY)
        return
    except InvalidInput:
        await message.reply_text(texts.WORKLOG_UNKNOWN_ADVISER.format(name=name), parse_mode=None)
        return
    entries = await worklog.entries(period, adviser_id)
    who = registered or UNREGISTERED_ADVISER.format(id=adviser_id)
    label = period_label(period)
    if not entries:
        await message.reply_text(
            texts.WORKLOG_EMPTY.format(adviser=who, period=label), parse_mode=None
        )
        return
    lines = [texts.WORKLOG_TITLE.format(adviser=who, period=label, count=len(entries))]
    lines += [
        texts.WORKLOG_LINE.format(
            day=date_label(entry.day),
            community=entry.community,
            method=entry.method,
            category=entry.category.split("（", 1)[0],
            summary=entry.summary,
            result=entry.result,
        )
        for entry in entries
    ]
    for part in split_html("\n".join(lines)):
        await message.reply_text(part, parse_mode=None)
