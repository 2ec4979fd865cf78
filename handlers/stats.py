"""Staff tallies in Telegram: /stats, /chart, /export and the daily digest.

Every command checks that the user is staff (``STAFF_IDS``) before reading anything. What
takes long (the tally's counting, the text, the workbook, the chart) runs in worker threads,
so residents' answers are not held up while a year's report is built.
"""

from __future__ import annotations

import asyncio
from io import BytesIO

from telegram import InputFile, Message, Update

from bot import texts
from bot.context import BotContext
from bot.reports.export import build_csv, export_ledger
from bot.reports.text import format_digest_text, format_report_text
from bot.services import InvalidInput
from bot.services.periods import Period, PeriodTooLong
from bot.services.stats_models import StatsReport
from bot.texts.reports import period_label
from handlers.render import split_html
from handlers.staff_messages import tell_staff
from handlers.updates import sender

__all__ = ["DEFAULT_PERIOD", "on_chart", "on_export", "on_stats", "send_digest"]


DEFAULT_PERIOD = "month"


async def _staff_message(update: Update, context: BotContext) -> Message | None:
    """Return the message to answer if its sender is staff; otherwise refuse and return None."""
    message, user = sender(update)
    if not context.services.advisers.is_staff(user.id):
        await message.reply_text(texts.NOT_ALLOWED)
        return None
    return message


def _period_text(context: BotContext) -> str:
    """The period typed after the command (今年的 read as 今年), else this month."""
    typed = " ".join(context.args or []).strip()
    return typed.removesuffix("的").strip() or DEFAULT_PERIOD


async def _period(message: Message, context: BotContext) -> Period | None:
    """Return the period the command names, or explain what is wrong with it and None."""
    try:
        return context.services.stats.period(_period_text(context))
    except PeriodTooLong:
        await message.reply_text(texts.STATS_TOO_LONG)
    except InvalidInput:  # 用法：/export 期间 after /export
        typed = (message.text or "").split(maxsplit=1)[0].split("@")[0]
        command = typed if typed.startswith("/") else "/stats"
        await message.reply_text(texts.STATS_USAGE.format(command=command))
    return None


async def _staff_report(update: Update, context: BotContext) -> tuple[Message, StatsReport] | None:
    """Return the staff message and the report of the period it names, or reply and None."""
    message = await _staff_message(update, context)
    if message is None:
        return None
    period = await _period(message, context)
    if period is None:
        return None
    return message, await context.services.stats.summary(period)


async def on_stats(update: Update, context: BotContext) -> None:
    """/stats [period]: totals and breakdowns as text."""
    found = await _staff_report(update, context)
    if found is None:
        return
    message, report = found
    text = await asyncio.to_thread(format_report_text, report)
    for part in split_html(text):
        await message.reply_text(part, parse_mode=None)  # the report is plain text


async def on_chart(update: Update, context: BotContext) -> None:
    """/chart [period]: consultations per month by category and by community, as a picture."""
    found = await _staff_report(update, context)
    if found is None:
        return
    message, report = found
    # Imported here so that matplotlib is loaded only when a chart is asked for.
    from bot.reports.chart import render_chart

    picture = await asyncio.to_thread(render_chart, report)
    await message.reply_photo(
        InputFile(BytesIO(picture), filename="chart.png"),
        caption=texts.CHART_CAPTION.format(period=period_label(report.period)),
    )


async def on_export(update: Update, context: BotContext) -> None:
    """/export [period]: the ledger as .xlsx and the consultations as CSV."""
    message = await _staff_message(update, context)
    if message is None:
        return
    period = await _period(message, context)
    if period is None:
        return
    services = context.services
    workbook, rows = await export_ledger(services.stats, services.worklog, period)
    table = await asyncio.to_thread(build_csv, rows, period)
    label = period_label(period)
    for built, caption in ((workbook, texts.EXPORT_CAPTION), (table, texts.EXPORT_CSV_CAPTION)):
        await message.reply_document(
            InputFile(BytesIO(built.data), filename=built.filename),
            caption=caption.format(period=label),
        )


async def send_digest(context: BotContext) -> None:
    """Daily job: yesterday's figures, open and overdue consultations, to every staff member."""
    services = context.services
    digest = await services.stats.digest()
    text = format_digest_text(digest, services.settings.tz)
    parts = split_html(text)
    await tell_staff(
        context.bot, services.settings.staff_ids, parts, what="daily digest", plain=True
    )
