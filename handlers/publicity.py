"""Online 普法: /quiz (a series of native quiz polls), /board and /nickname, /checkin.

Quiz answers arrive as ``poll_answer`` updates (non-anonymous polls); the use case scores each
answer once, so a re-delivered update, a forged answer for somebody else's poll or a retracted
vote changes nothing. Check-in reminders are JobQueue jobs, one per resident, rebuilt from the
database at start-up (:func:`schedule_reminders`).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from typing import TYPE_CHECKING, Any, cast

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Poll, Update
from telegram.error import Forbidden
from telegram.ext import JobQueue

from bot import texts
from bot.context import BotContext, Services
from bot.services.errors import AccessDenied, NotFound
from bot.services.quizzes import QUESTION_MAX_CHARS, Finished, NicknameResult, QuizQuestion
from bot.texts import publicity as pt
from handlers import callback_data as cb
from handlers.callback_data import PublicityAction, PublicityButton
from handlers.jobs import run_daily_by_clock
from handlers.render import with_facts
from handlers.typed_answers import cancel_requested, normalize, quiz_choice
from handlers.updates import pressed, sender
from knowledge.quizzes import Quiz

if TYPE_CHECKING:
    from telegram._utils.types import CorrectOptionID

__all__ = [
    "REMINDER_TIMES",
    "on_board",
    "on_button",
    "on_campaign_quiz",
    "on_checkin",
    "on_nickname",
    "on_poll_answer",
    "on_quiz",
    "on_quiz_text",
    "reminder_job_name",
    "schedule_reminders",
    "send_reminder",
]

log = logging.getLogger(__name__)

REMINDER_TIMES = ("0730", "1200", "1830", "2100")
"""The reminder times a resident may pick (local, HHMM)."""


def _button(label: str, action: PublicityAction, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=PublicityButton(action, value).pack())


async def _ask(bot: Bot, chat_id: int, question: QuizQuestion, context: BotContext) -> None:
    """Send ``question`` as a quiz poll and record its poll id."""
    quiz = question.quiz
    text = pt.QUIZ_QUESTION_PLAIN.format(
        position=question.position + 1, total=question.total, question=quiz.question
    )
    sent = await bot.send_poll(
        chat_id,
        question=text if len(text) <= QUESTION_MAX_CHARS else quiz.question,
        options=list(question.options),
        type=Poll.QUIZ,
        correct_option_ids=[cast("CorrectOptionID", question.correct_index)],
        explanation=quiz.explanation,
        explanation_parse_mode=None,
        is_anonymous=False,
    )
    if sent.poll is None:
        raise RuntimeError("sendPoll returned no poll")
    await context.services.quizzes.sent(question, sent.poll.id)


async def _start_quiz(
    bot: Bot,
    chat_id: int,
    user_id: int,
    context: BotContext,
    *,
    campaign: tuple[int, str] | None = None,
) -> None:
    """Start a series: any questions, or a ``campaign``'s quiz (its number and topic), once."""
    quizzes = context.services.quizzes
    if not quizzes.available:
        await bot.send_message(chat_id, pt.QUIZ_UNAVAILABLE)
        return
    if campaign is None:
        question: QuizQuestion | None = await quizzes.start(user_id, chat_id)
    else:
        question = await quizzes.start_campaign(user_id, chat_id, *campaign)
    if question is None:
        await bot.send_message(chat_id, texts.CAMPAIGN_QUIZ_TAKEN)
        return
    await bot.send_message(chat_id, pt.QUIZ_START.format(total=question.total))
    await _ask(bot, chat_id, question, context)


async def on_campaign_quiz(update: Update, context: BotContext) -> None:
    """A campaign copy's 参加竞猜 button: start that campaign's quiz, once per resident."""
    query, user = pressed(update)
    button = cb.parse(query.data)
    message = query.message
    if not isinstance(button, cb.CampaignQuizButton) or message is None:
        await query.answer(texts.STALE_BUTTON)
        return
    chat_id = message.chat.id
    try:
        topic = await context.services.broadcasts.quiz_of(button.number, user.id)
    except (NotFound, AccessDenied):
        await query.answer(texts.CAMPAIGN_QUIZ_GONE, show_alert=True)
        return
    await query.answer()
    await _start_quiz(context.bot, chat_id, user.id, context, campaign=(button.number, topic))


async def on_quiz(update: Update, context: BotContext) -> None:
    """/quiz: start a series of quiz polls."""
    message, user = sender(update)
    await _start_quiz(context.bot, message.chat_id, user.id, context)


async def on_poll_answer(update: Update, context: BotContext) -> None:
    """Score an answer to a quiz poll; send the next question or the result."""
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return  # an answer for a channel's anonymous vote: no resident to score
    user_id = answer.user.id
    outcome = await context.services.quizzes.answer(
        answer.poll_id, user_id, tuple(answer.option_ids)
    )
    if isinstance(outcome, QuizQuestion):
        await _ask(context.bot, user_id, outcome, context)
    elif isinstance(outcome, Finished):
        await _send_result(context, user_id, outcome)


async def _send_result(context: BotContext, chat_id: int, finished: Finished) -> None:
    lines = [pt.QUIZ_RESULT.format(total=finished.total, score=finished.score)]
    rows: list[list[InlineKeyboardButton]] = []
    if finished.missed_items:
        lines.append(pt.QUIZ_REVIEW)
        for item_id in finished.missed_items:
            item = context.services.questions.item(item_id)
            data = cb.ItemButton(item.id).pack()
            rows.append([InlineKeyboardButton(item.title, callback_data=data)])
    else:
        lines.append(pt.QUIZ_ALL_RIGHT)
    lines.append(pt.QUIZ_BOARD_HINT)
    rows.append(
        [
            _button(pt.BUTTON_QUIZ_AGAIN, PublicityAction.QUIZ),
            _button(pt.BUTTON_QUIZ_BOARD, PublicityAction.BOARD),
        ]
    )
    await context.bot.send_message(
        chat_id, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_quiz_text(update: Update, context: BotContext) -> bool:
    """Answer typed text that looks like a quiz answer while a question waits; say if it did."""
    message, user = sender(update)
    text = (message.text or "").strip()
    if not text:
        return False
    quiz = await context.services.quizzes.open_question(user.id)
    if quiz is None:
        return False
    if _QUIZ_WORDS.fullmatch(normalize(text)) or cancel_requested(text):  # 下一题, 不玩了, 取消
        await message.reply_text(pt.QUIZ_WORDS_HINT)
        return True
    if quiz_choice(text) is None and normalize(text) not in _options(quiz):
        return False
    await message.reply_text(pt.QUIZ_TYPED)
    return True


_QUIZ_WORDS = re.compile(
    r"(?:我)?(?:不玩了?|不答了?|不做了?|不想(?:答|玩|做)了?|退出|结束)(?:答题|竞答|了)?"
    r"|(?:下一题|下一个|跳过|换一题|换一个|再来一题|继续|开始答题)"
)
"""Words about the quiz itself typed while a question waits (normalised)."""


def _options(quiz: Quiz) -> set[str]:
    """Return the options of ``quiz`` as a typed answer is compared (no spaces or punctuation)."""
    return {normalize(option) for option in quiz.options}


async def _board_text(context: BotContext, user_id: int) -> str:
    board = await context.services.quizzes.weekly_board(user_id)
    lines = [pt.BOARD_TITLE.format(start=board.week_start.strftime("%m月%d日"))]
    lines += [
        pt.BOARD_ROW.format(
            rank=rank, nickname=html.escape(row.nickname), score=row.score, series=row.series
        )
        for rank, row in enumerate(board.rows, 1)
    ] or [pt.BOARD_EMPTY]
    if board.nickname is not None:
        lines.append(pt.BOARD_YOU.format(nickname=html.escape(board.nickname)))
    else:
        lines.append(pt.BOARD_JOIN)
    return "\n".join(lines)


async def on_board(update: Update, context: BotContext) -> None:
    """/board: this week's leaderboard, by nickname."""
    message, user = sender(update)
    await message.reply_text(await _board_text(context, user.id))


async def on_nickname(update: Update, context: BotContext) -> None:
    """/nickname NAME: join the leaderboard; /nickname 退出: leave it and delete the nickname."""
    message, user = sender(update)
    quizzes = context.services.quizzes
    wanted = " ".join(context.args or ()).strip()
    if wanted in pt.NICKNAME_LEAVE_WORDS:
        left = await quizzes.leave_board(user.id)
        await message.reply_text(pt.NICKNAME_LEFT if left else pt.NICKNAME_NONE)
        return
    result = await quizzes.set_nickname(user.id, wanted)
    if result is NicknameResult.SET:
        await message.reply_text(pt.NICKNAME_SET.format(nickname=html.escape(wanted)))
    elif result is NicknameResult.TAKEN:
        await message.reply_text(pt.NICKNAME_TAKEN)
    else:
        await message.reply_text(pt.NICKNAME_INVALID)


async def _checkin(bot: Bot, chat_id: int, user_id: int, context: BotContext) -> None:
    checkins = context.services.checkins
    card = await checkins.check_in(user_id)
    status = (pt.CHECKIN_NEW if card.first_today else pt.CHECKIN_AGAIN).format(
        streak=card.streak, total=card.total_days
    )
    reminder = await checkins.reminder(user_id)
    if reminder is not None:
        status += "\n" + pt.CHECKIN_REMINDER_ON.format(time=reminder.remind_at.strftime("%H:%M"))
    text = pt.CHECKIN_CARD.format(
        date=checkins.today().strftime("%Y年%m月%d日"),
        title=html.escape(card.item.title),
        point=with_facts(card.point, context.services.settings.local_facts()),
        status=status,
    )
    more = InlineKeyboardButton(
        pt.BUTTON_CHECKIN_MORE, callback_data=cb.ItemButton(card.item.id).pack()
    )
    remind = (
        [
            _button(pt.BUTTON_REMIND_CHANGE, PublicityAction.REMIND),
            _button(pt.BUTTON_REMIND_OFF, PublicityAction.REMIND_OFF),
        ]
        if reminder is not None
        else [_button(pt.BUTTON_REMIND, PublicityAction.REMIND)]
    )
    await bot.send_message(chat_id, text, reply_markup=InlineKeyboardMarkup([[more], remind]))


async def on_checkin(update: Update, context: BotContext) -> None:
    """/checkin: today's card, the streak, and the reminder buttons."""
    message, user = sender(update)
    await _checkin(context.bot, message.chat_id, user.id, context)


async def on_button(update: Update, context: BotContext) -> None:
    """A 普法 button: another quiz, the leaderboard, check-in, or the reminder settings."""
    query, user = pressed(update)
    button = cb.parse(query.data)
    message = query.message
    if not isinstance(button, PublicityButton) or message is None:
        await query.answer(texts.STALE_BUTTON)
        return
    chat_id = message.chat.id
    checkins = context.services.checkins
    await query.answer()
    if button.action is PublicityAction.QUIZ:
        await _start_quiz(context.bot, chat_id, user.id, context)
    elif button.action is PublicityAction.BOARD:
        await context.bot.send_message(chat_id, await _board_text(context, user.id))
    elif button.action is PublicityAction.CHECKIN:
        await _checkin(context.bot, chat_id, user.id, context)
    elif button.action is PublicityAction.REMIND:
        times = [
            _button(f"{value[:2]}:{value[2:]}", PublicityAction.REMIND_AT, value)
            for value in REMINDER_TIMES
        ]
        await context.bot.send_message(
            chat_id, pt.REMIND_ASK, reply_markup=InlineKeyboardMarkup([times])
        )
    elif button.action is PublicityAction.REMIND_AT and button.value in REMINDER_TIMES:
        at = dt.time(int(button.value[:2]), int(button.value[2:]))
        await checkins.set_reminder(user.id, chat_id, at)
        _schedule(context.job_queue, user.id, chat_id, at, context.services)
        await context.bot.send_message(chat_id, pt.REMIND_SET.format(time=at.strftime("%H:%M")))
    elif button.action is PublicityAction.REMIND_OFF:
        stopped = await checkins.stop_reminder(user.id)
        _unschedule(context.job_queue, user.id)
        await context.bot.send_message(chat_id, pt.REMIND_OFF if stopped else pt.REMIND_NONE)
    else:
        await context.bot.send_message(chat_id, texts.STALE_BUTTON)


def reminder_job_name(user_id: int) -> str:
    """The name of ``user_id``'s daily check-in reminder job."""
    return f"checkin-reminder-{user_id}"


def _unschedule(job_queue: JobQueue[Any] | None, user_id: int) -> None:
    if job_queue is None:
        return
    for job in job_queue.get_jobs_by_name(reminder_job_name(user_id)):
        job.schedule_removal()


def _schedule(
    job_queue: JobQueue[Any] | None,
    user_id: int,
    chat_id: int,
    at: dt.time,
    services: Services,
) -> None:
    if job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    _unschedule(job_queue, user_id)
    run_daily_by_clock(
        job_queue,
        send_reminder,
        at,
        now=services.clock(),
        tz=services.settings.tz,
        name=reminder_job_name(user_id),
        user_id=user_id,
        chat_id=chat_id,
    )


async def schedule_reminders(job_queue: JobQueue[Any], services: Services) -> int:
    """Rebuild every resident's reminder job from the database; return how many."""
    reminders = await services.checkins.reminders()
    for reminder in reminders:
        _schedule(job_queue, reminder.user_id, reminder.chat_id, reminder.remind_at, services)
    return len(reminders)


async def send_reminder(context: BotContext) -> None:
    """A resident's daily reminder: sent only if they have not checked in today."""
    job = context.job
    if job is None or job.user_id is None or job.chat_id is None:
        return
    checkins = context.services.checkins
    if await checkins.reminder(job.user_id) is None:
        job.schedule_removal()  # turned off or erased (/privacy) since the job was made
        return
    if await checkins.checked_in_today(job.user_id):
        return
    markup = InlineKeyboardMarkup([[_button(pt.BUTTON_CHECKIN, PublicityAction.CHECKIN)]])
    try:
        await context.bot.send_message(job.chat_id, pt.REMIND_TEXT, reply_markup=markup)
    except Forbidden:
        # The resident blocked the bot: stop reminding.
        await checkins.stop_reminder(job.user_id)
        job.schedule_removal()
