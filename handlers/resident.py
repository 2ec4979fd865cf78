"""Resident side: free-text questions, suggestions, related items and feedback."""

from __future__ import annotations

import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.context import BotContext
from bot.services import (
    MAX_QUESTION_CHARS,
    AccessDenied,
    MessageKey,
    NotFound,
    Role,
    urgency_kinds,
)
from handlers import broadcast, keyboards, typed_answers
from handlers import callback_data as cb
from handlers.callback_data import ConsultationAction
from handlers.render import answer_html, escape, split_html
from handlers.updates import pressed, sender
from knowledge import Decision, Item

__all__ = [
    "answer_if_confident",
    "in_danger",
    "on_ask",
    "on_button",
    "on_question",
    "send_html",
]

_GREETING_NOISE = re.compile(r"[\s\W_]+")
_ECHO_LIMIT = 200
_ENDING_WORDS = frozenset({"结束", "结束咨询", "结束对话"})
"""Typed where a consultation's 结束咨询 button was: with none open, nothing to end."""


async def send_html(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply with ``text`` split into Telegram-sized parts; buttons go on the last part."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await message.reply_text(part, reply_markup=markup if last else None)


async def on_question(update: Update, context: BotContext) -> None:
    """Answer a resident's free-text message from the knowledge base.

    An adviser or staff member typing text outside a consultation is told where it went
    (nowhere) and how to answer a case; they look things up with ``/ask``.
    """
    message, user = sender(update)
    if message.text is None:
        return
    pending_note = context.session.awaiting_note_for
    context.session.awaiting_note_for = None
    if pending_note is not None:
        await context.services.questions.feedback_note(user.id, pending_note, message.text)
        await message.reply_text(texts.NOTE_SAVED)
        return
    said = _GREETING_NOISE.sub("", message.text).lower()
    if said in texts.GREETINGS:
        await message.reply_text(texts.GREETING_REPLY)
        return
    if said in texts.ACKNOWLEDGEMENTS:  # 好的, 谢谢, 知道了: nothing to look up
        await message.reply_text(texts.ACKNOWLEDGED_REPLY)
        return
    action = _CASE_ACTION.fullmatch(said)
    role = await context.services.advisers.resolve_role(user.id) if action else None
    if action is not None and role is not None and role is not Role.RESIDENT:
        await _hint_case_action(message, context, user.id, action)
        return
    if typed_answers.cancel_requested(said) or said in _ENDING_WORDS:  # nothing open to stop
        await message.reply_text(texts.NOTHING_TO_CANCEL)
        return
    if role is None:
        role = await context.services.advisers.resolve_role(user.id)
    if role is Role.RESIDENT:
        await _answer(message, context, message.text, role)
    else:
        await _hint_how_to_reply(message, context, user.id, role)


async def on_ask(update: Update, context: BotContext) -> None:
    """``/ask 问题``: answer from the knowledge base (an adviser's or staff's look-up too)."""
    message, user = sender(update)
    text = " ".join(context.args or ()).strip()
    if not text:
        await message.reply_text(texts.ASK_USAGE)
        return
    role = await context.services.advisers.resolve_role(user.id)
    await _answer(message, context, text, role)


async def _answer(message: Message, context: BotContext, text: str, role: Role) -> None:
    """Answer ``text``: counted as a resident's question, or looked up for an adviser or staff."""
    services = context.services
    user = message.from_user
    assert user is not None
    if role is Role.RESIDENT and in_danger(context, text):
        await message.reply_text(texts.QUESTION_SAFETY_NOTICE)
    if role is Role.RESIDENT:
        asked = await services.questions.ask(
            user.id,
            text,
            source=MessageKey(message.chat_id, message.message_id),
            language=user.language_code,
        )
    else:  # an adviser or staff member looking something up: answered, never counted
        asked = services.questions.look_up(text)
    prefix = texts.TRUNCATED_NOTE.format(limit=MAX_QUESTION_CHARS) if asked.truncated else ""
    result, question_id = asked.result, asked.question_id
    top = result.top
    if result.decision is Decision.ANSWER and top is not None:
        also = [candidate.item for candidate in result.also]
        await _send_item(message, context, top.item, question_id, prefix=prefix, also=also)
    elif result.decision is Decision.SUGGEST:
        items = [candidate.item for candidate in result.candidates]
        await send_html(
            message,
            prefix + texts.SUGGEST_HEADER,
            keyboards.suggest_keyboard(question_id, items),
        )
    else:
        echo = texts.YOUR_QUESTION.format(question=escape(text[:_ECHO_LIMIT]))
        await send_html(
            message, prefix + echo + texts.UNKNOWN_ANSWER, keyboards.unknown_keyboard(question_id)
        )


def in_danger(context: BotContext, text: str) -> bool:
    """Whether a message tells of danger to a person now (the intake's urgency reading)."""
    return "personal_safety" in urgency_kinds(text[:MAX_QUESTION_CHARS], today=context.today())


async def _hint_how_to_reply(
    message: Message, context: BotContext, user_id: int, role: Role
) -> None:
    """Tell an adviser or staff member that typed text went to no resident, and what to do."""
    try:
        claimed = (await context.services.consultations.worklist(user_id)).claimed
    except AccessDenied:  # deactivated a moment ago: nothing of theirs is open any more
        claimed = []
    if not claimed:
        idle = texts.STAFF_TYPED_HINT if role is Role.STAFF else texts.ADVISER_IDLE_HINT
        await message.reply_text(idle)
        return
    numbers = "、".join(f"#{item.id}" for item in claimed)
    if message.text:  # one tap sends it to the resident meant
        context.session.typed_reply = (message.message_id, message.text)
    rows = [
        [
            InlineKeyboardButton(
                texts.BUTTON_SEND_TYPED.format(number=item.id),
                callback_data=cb.ConsultationButton(
                    ConsultationAction.SEND_TYPED, item.id, str(message.message_id)
                ).pack(),
            )
        ]
        for item in claimed[:_SEND_TYPED_BUTTONS]
    ]
    markup = InlineKeyboardMarkup(rows) if message.text else None
    await message.reply_text(texts.ADVISER_TYPED_HINT.format(numbers=numbers), reply_markup=markup)


_CASE_ACTION = re.compile(
    r"(?:我来|我)?(?P<claim>接单|接了|接)(?P<claim_n>\d+)?(?:号)?"
    r"|(?P<transfer>转交|转办|转给\w{0,10})(?P<transfer_n>\d+)?"
    r"|(?P<close>结束|结案|办结|结束咨询|已解答|关闭)(?P<close_n>\d+)?"
)
"""An adviser's button typed (接单 1, 转交, 结案): the command that does it is told."""
_ACTION_COMMANDS = {"claim": "/claim", "transfer": "/transfer", "close": "/close"}


async def _hint_case_action(
    message: Message, context: BotContext, user_id: int, action: re.Match[str]
) -> None:
    """Tell an adviser or staff member who typed 接单/转交/结案 the command that does it."""
    kind = next(name for name in _ACTION_COMMANDS if action.group(name))
    number = action.group(f"{kind}_n")
    if number is None:  # the only case waiting (接单) or held (转交, 结案), if there is one
        try:
            work = await context.services.consultations.worklist(user_id)
            cases = work.queue if kind == "claim" else work.claimed
        except AccessDenied:
            cases = []
        number = str(cases[0].id) if len(cases) == 1 else None
    hint = texts.CASE_ACTION_HINTS[kind]
    await message.reply_text(hint.format(command=f"{_ACTION_COMMANDS[kind]} {number or '编号'}"))


_SEND_TYPED_BUTTONS = 5
"""At most this many 发给居民 buttons under the hint (one per consultation held)."""

ALREADY_WITH_ADVISER = frozenset({"community-adviser"})
"""Items on how to reach an adviser: never sent to a resident whose case is already filed."""


async def answer_if_confident(update: Update, context: BotContext) -> bool:
    """Answer the message from the knowledge base only if it answers it confidently.

    For a resident whose consultation waits for an adviser: the message was added to the
    case; a confident answer is logged and sent as well, anything less is left to the adviser.
    """
    message, user = sender(update)
    if not message.text or _plain_answer(message.text):
        return False
    questions = context.services.questions
    found = questions.preview(message.text)
    if found.decision is not Decision.ANSWER or (
        found.top is not None and found.top.item.id in ALREADY_WITH_ADVISER
    ):
        return False
    asked = await questions.ask(
        user.id,
        message.text,
        source=MessageKey(message.chat_id, message.message_id),
        language=user.language_code,
    )
    top = asked.result.top
    if asked.result.decision is not Decision.ANSWER or top is None:
        return False
    await _send_item(message, context, top.item, asked.question_id)
    return True


def _plain_answer(text: str) -> bool:
    """Whether ``text`` is a word that answers a step (确认, 不愿意, 五星), no question."""
    readings = (typed_answers.yes_or_no, typed_answers.consent_choice, typed_answers.star_rating)
    return any(read(text) is not None for read in readings)


async def _send_item(
    message: Message,
    context: BotContext,
    item: Item,
    question_id: int | None,
    *,
    prefix: str = "",
    also: Sequence[Item] = (),
) -> None:
    services = context.services
    # Other matters the question raised come first, then the item's own related items.
    shown = {other.id for other in also}
    related = [
        *also,
        *(found for found in services.questions.related(item) if found.id not in shown),
    ]
    text = prefix + answer_html(item, services.settings.local_facts())
    await send_html(message, text, keyboards.answer_keyboard(question_id, item, related))


async def on_button(update: Update, context: BotContext) -> None:
    """Handle a press on a resident inline button (feedback, suggestion, related item)."""
    query, user = pressed(update)
    button = cb.parse(query.data)
    message = query.message
    if button is None or not isinstance(message, Message):
        await query.answer(texts.STALE_BUTTON)
        return
    questions = context.services.questions
    try:
        if isinstance(button, cb.FeedbackButton):
            before = await questions.feedback(user.id, button.question_id, helpful=button.helpful)
            if before.feedback is not None:  # a double tap: the first one replied already
                await query.answer(texts.FEEDBACK_ALREADY)
                await _drop_feedback_row(message)
                return
            await query.answer(texts.FEEDBACK_RECORDED)
            await _after_feedback(message, context, button)
        elif isinstance(button, cb.PickButton):
            item = await questions.pick_suggestion(user.id, button.question_id, button.item_id)
            await query.answer()
            await _send_item(message, context, item, button.question_id)
        elif isinstance(button, cb.ItemButton):
            item = questions.item(button.item_id)
            await query.answer()
            await _send_item(message, context, item, None)
        elif isinstance(button, cb.NoteSkipButton):
            await questions.question(user.id, button.question_id)
            context.session.awaiting_note_for = None
            await query.answer()
            await message.reply_text(texts.NOTE_SKIPPED)
    except NotFound:
        await query.answer(texts.STALE_BUTTON)
    except AccessDenied:
        await query.answer(texts.NOT_ALLOWED)


async def _drop_feedback_row(message: Message) -> None:
    """Remove the 👍/👎 row from ``message``; a row already gone is not an error."""
    try:
        await message.edit_reply_markup(reply_markup=_without_feedback_row(message))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def _after_feedback(message: Message, context: BotContext, button: cb.FeedbackButton) -> None:
    await _drop_feedback_row(message)
    if button.helpful:
        offer = await broadcast.subscription_offer(context, message.chat.id)
        await message.reply_text(texts.THANKS_HELPFUL, reply_markup=offer)
        return
    context.session.awaiting_note_for = button.question_id
    await message.reply_text(
        texts.ASK_WHAT_MISSING, reply_markup=keyboards.note_keyboard(button.question_id)
    )


def _without_feedback_row(message: Message) -> InlineKeyboardMarkup | None:
    markup = message.reply_markup
    if markup is None:
        return None
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(isinstance(cb.parse(b.callback_data), cb.FeedbackButton) for b in row)
    ]
    return InlineKeyboardMarkup(rows)
