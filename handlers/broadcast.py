"""普法 broadcasts: /subscribe, /unsubscribe, the one offer's button, and staff's /campaign."""

from __future__ import annotations

import re
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import texts
from bot.context import BotContext
from bot.services.broadcasts import MAX_CAMPAIGN_CHARS, CampaignReport, parse_send_at
from bot.services.errors import InvalidInput, NotFound
from bot.services.quizzes import ALL_TOPICS, SERIES_LENGTH, topic_label
from handlers import callback_data as cb
from handlers.staff_messages import tell_staff
from handlers.updates import pressed, sender

__all__ = [
    "on_campaign",
    "on_subscribe",
    "on_subscribe_button",
    "on_unsubscribe",
    "remind_calendar",
    "report_text",
    "subscription_offer",
    "topic_name",
]

_COMMAND = re.compile(r"/campaign(?:@\w+)?\s+(\S+\s+\S+)\s+(.+)", re.DOTALL)
"""``/campaign YYYY-MM-DD HH:MM text``: the time, then the text as typed (lines kept)."""
_QUIZ = re.compile(r"竞猜(?:[:：=](\S+))?\s+(.+)", re.DOTALL)
"""The text may begin with ``竞猜`` (every topic) or ``竞猜:主题``: the copies offer that quiz."""
_STATUS = re.compile(r"/campaign(?:@\w+)?\s+#?(\d{1,9})")
"""``/campaign NUMBER``: that campaign's figures so far."""


async def on_subscribe(update: Update, context: BotContext) -> None:
    """/subscribe: receive 普法 campaigns."""
    message, user = sender(update)
    added = await context.services.broadcasts.subscribe(user.id)
    await message.reply_text(texts.SUBSCRIBED if added else texts.ALREADY_SUBSCRIBED)


async def on_unsubscribe(update: Update, context: BotContext) -> None:
    """/unsubscribe: receive no more campaigns."""
    message, user = sender(update)
    removed = await context.services.broadcasts.unsubscribe(user.id)
    await message.reply_text(texts.UNSUBSCRIBED if removed else texts.NOT_SUBSCRIBED)


async def on_subscribe_button(update: Update, context: BotContext) -> None:
    """The offer's 「订阅普法推送」 button: subscribe the presser, drop the button."""
    query, user = pressed(update)
    added = await context.services.broadcasts.subscribe(user.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.reply_text(texts.SUBSCRIBED if added else texts.ALREADY_SUBSCRIBED)


async def subscription_offer(context: BotContext, user_id: int) -> InlineKeyboardMarkup | None:
    """Return the subscribe button to put under the thanks for a good answer, once ever."""
    if not await context.services.broadcasts.offer_once(user_id):
        return None
    button = InlineKeyboardButton(texts.BUTTON_SUBSCRIBE, callback_data=cb.SubscribeButton().pack())
    return InlineKeyboardMarkup([[button]])


async def on_campaign(update: Update, context: BotContext) -> None:
    """/campaign DATE TIME TEXT (or a photo with it as caption): schedule a 普法 campaign."""
    message, user = sender(update)
    broadcasts = context.services.broadcasts
    tz = context.services.settings.tz
    if not context.services.advisers.is_staff(user.id):
        await message.reply_text(texts.NOT_ALLOWED)
        return
    typed = (message.caption if message.photo else message.text) or ""
    status = _STATUS.fullmatch(typed.strip())
    if status is not None and not message.photo:
        await _send_status(message, user.id, int(status.group(1)), context)
        return
    match = _COMMAND.fullmatch(typed.strip())
    send_at = parse_send_at(match.group(1), tz) if match else None
    quizzes = context.services.quizzes
    if match is None or send_at is None:
        usage = texts.CAMPAIGN_USAGE.format(
            limit=MAX_CAMPAIGN_CHARS,
            topics="、".join(quizzes.topic_names()),
            subscribers=await broadcasts.subscribers(),
        )
        await message.reply_text(usage, parse_mode=None)
        return
    body, topic = match.group(2), None
    if (quiz := _QUIZ.fullmatch(body)) is not None:
        body, topic = quiz.group(2), quizzes.topic(quiz.group(1) or "")
        if topic is None:
            await message.reply_text(
                texts.CAMPAIGN_UNKNOWN_TOPIC.format(
                    topic=quiz.group(1), topics="、".join(quizzes.topic_names())
                ),
                parse_mode=None,
            )
            return
    photo = message.photo[-1].file_id if message.photo else None
    try:
        campaign = await broadcasts.schedule(
            user.id, send_at, body, photo_file_id=photo, quiz_topic=topic
        )
    except InvalidInput as exc:
        text = (
            texts.CAMPAIGN_TIME_PASSED
            if exc.field == "send_at"
            else texts.CAMPAIGN_TOO_LONG.format(limit=MAX_CAMPAIGN_CHARS)
        )
        await message.reply_text(text)
        return
    text = texts.CAMPAIGN_SCHEDULED.format(
        number=campaign.id,
        when=escape(campaign.send_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
        subscribers=await broadcasts.subscribers(),
    )
    if topic is not None:
        text += texts.CAMPAIGN_SCHEDULED_QUIZ.format(topic=escape(topic_name(topic)))
    await message.reply_text(text)


def topic_name(topic: str) -> str:
    """The short Chinese name of a campaign quiz's topic (every topic: 各类题目)."""
    if topic == ALL_TOPICS:
        return texts.CAMPAIGN_QUIZ_ALL_TOPICS
    return topic_label(topic)


def report_text(report: CampaignReport, tz: ZoneInfo, template: str) -> str:
    """A campaign's figures in ``template`` (the report, or the status), quiz takers added."""
    campaign, tally = report.campaign, report.tally
    moment = campaign.finished_at or campaign.send_at
    text = template.format(
        number=campaign.id,
        when=moment.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        status=texts.CAMPAIGN_STATUS_NAMES[campaign.status.value],
        sent=tally.sent,
        blocked=tally.blocked,
        failed=tally.failed,
        pending=tally.pending,
    )
    average = report.quiz.average_score
    if campaign.quiz_topic is not None and average is not None:
        text += texts.CAMPAIGN_REPORT_QUIZ.format(
            takers=report.quiz.takers,
            average=f"{average:.1f}",
            per=SERIES_LENGTH,
            number=campaign.id,
        )
    elif campaign.quiz_topic is not None:
        text += texts.CAMPAIGN_REPORT_QUIZ_NONE.format(number=campaign.id)
    return text


async def _send_status(message: Message, staff_id: int, number: int, context: BotContext) -> None:
    try:
        report = await context.services.broadcasts.report(staff_id, number)
    except NotFound:
        await message.reply_text(texts.CAMPAIGN_NOT_FOUND.format(number=number))
        return
    tz = context.services.settings.tz
    await message.reply_text(report_text(report, tz, texts.CAMPAIGN_STATUS))


async def remind_calendar(context: BotContext) -> None:
    """Remind staff of the 普法 calendar's coming dates (each once; the job repeats hourly).

    What was reminded is in the database, so a restart neither repeats nor skips a reminder
    (one sent in the instant of a kill, before it was recorded, may come again).
    """
    services = context.services
    broadcasts = services.broadcasts
    today = context.today()
    for coming in await broadcasts.due_reminders():
        text = texts.CAMPAIGN_CALENDAR_REMINDER.format(
            month=coming.day.month,
            day=coming.day.day,
            weekday=texts.WEEKDAYS[coming.day.weekday()],
            name=escape(coming.entry.name),
            days=(coming.day - today).days,
            theme=escape(coming.entry.theme),
            date=coming.day.isoformat(),
            subscribers=await broadcasts.subscribers(),
        )
        staff_ids = services.settings.staff_ids
        if await tell_staff(context.bot, staff_ids, [text], what="calendar reminder"):
            await broadcasts.reminded(coming)
