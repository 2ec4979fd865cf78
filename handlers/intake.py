"""The consultation intake: a resident files a request for their community's legal adviser.

States, in order: community → description → category → consent (→ contact) → confirm.
``/cancel`` (or the 取消 button) ends it at any step.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.context import BotContext
from bot.services import (
    MAX_SUMMARY_CHARS,
    AccessDenied,
    Conflict,
    ConflictReason,
    InvalidInput,
    NotFound,
    urgency_kinds,
    valid_phone,
)
from handlers import callback_data as cb
from handlers.errors import explain
from handlers.render import escape
from knowledge.categories import category_label, load_categories

__all__ = ["build_intake_handler", "cancel_button"]

COMMUNITY, DESCRIBE, CATEGORY, CONSENT, CONTACT, CONFIRM = range(6)
MIN_SUMMARY_CHARS = 5
TIMEOUT = dt.timedelta(minutes=30)
_DRAFT = "intake"
_PHONE = re.compile(r"\+?\d[\d\- ]{5,18}\d")
_ECHO_LIMIT = 300


def cancel_button() -> list[InlineKeyboardButton]:
    """A row with the 取消 button of the intake."""
    data = cb.IntakeButton("confirm", "no").pack()
    return [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=data)]


def _keyboard(*rows: list[tuple[str, str, str]]) -> InlineKeyboardMarkup:
    buttons = [
        [InlineKeyboardButton(label, callback_data=cb.IntakeButton(step, value).pack())]
        for row in rows
        for label, step, value in row
    ]
    return InlineKeyboardMarkup([*buttons, cancel_button()])


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(_DRAFT, {})
    return draft


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_html(text, reply_markup=markup)


async def start(update: Update, context: BotContext) -> int:
    """Begin an intake from /consult, the menu or a 找法律顾问 button."""
    user = update.effective_user
    if user is None:
        return ConversationHandler.END
    question_id = 0
    if update.callback_query is not None:
        await update.callback_query.answer()
        button = cb.parse(update.callback_query.data)
        question_id = button.question_id if isinstance(button, cb.AdviserButton) else 0
    services = context.services
    if not services.communities.communities:
        await _reply(update, texts.NO_COMMUNITIES)
        return ConversationHandler.END
    active = await services.desk.consultations.active_for(user.id)
    if active is not None:
        if context.user_data is not None:
            context.user_data.pop("relay_paused", None)
        status = texts.STATUS_LABELS[active.status.value]
        await _reply(update, texts.ACTIVE_EXISTS.format(number=active.id, status=status))
        return ConversationHandler.END
    draft = _draft(context)
    draft.clear()
    if question_id:
        try:
            question = await services.questions.question(user.id, question_id)
            draft["question"] = question.text
            draft["question_category"] = question.category
        except (NotFound, AccessDenied):
            pass
    await _reply(update, texts.INTAKE_INTRO)
    known = await services.questions.community_of(user.id)
    community = services.communities.community(known) if known else None
    if community is not None:
        draft["known"] = community.id
        text = texts.INTAKE_KNOWN_COMMUNITY.format(community=escape(community.name))
        keyboard = _keyboard(
            [(texts.BUTTON_SAME_COMMUNITY, "keep", "yes")],
            [(texts.BUTTON_OTHER_COMMUNITY, "keep", "no")],
        )
        await _reply(update, text, keyboard)
    else:
        await _ask_community(update, context)
    return COMMUNITY


async def _ask_community(update: Update, context: BotContext) -> None:
    rows = [
        [(community.name, "community", community.id)]
        for community in context.services.communities.communities
    ]
    await _reply(update, texts.INTAKE_CHOOSE_COMMUNITY, _keyboard(*rows))


async def _intake_button(update: Update) -> cb.IntakeButton | None:
    """Acknowledge a button press; return its intake choice (``None`` if it holds none)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    button = cb.parse(query.data)
    return button if isinstance(button, cb.IntakeButton) else None


async def on_community(update: Update, context: BotContext) -> int:
    """Take the community (kept from last time, or chosen)."""
    user = update.effective_user
    assert user is not None
    button = await _intake_button(update)
    draft = _draft(context)
    if button is not None and button.step == "keep" and button.value == "no":
        await _ask_community(update, context)
        return COMMUNITY
    chosen = draft.get("known") if button is not None and button.step == "keep" else None
    if button is not None and button.step == "community":
        chosen = button.value
    community = context.services.communities.community(chosen) if chosen else None
    if community is None:
        await _reply(update, texts.INTAKE_EXPIRED)
        return COMMUNITY
    draft["community"] = community.id
    await context.services.questions.remember_community(user.id, community.id)
    if draft.get("question"):
        text = texts.INTAKE_DESCRIBE_WITH_QUESTION.format(
            question=escape(draft["question"][:_ECHO_LIMIT])
        )
        await _reply(update, text, _keyboard([(texts.BUTTON_USE_QUESTION, "question", "use")]))
    else:
        await _reply(update, texts.INTAKE_DESCRIBE.format(limit=MAX_SUMMARY_CHARS), _keyboard())
    return DESCRIBE


async def on_description(update: Update, context: BotContext) -> int:
    """Take the description typed by the resident (or their earlier question)."""
    draft = _draft(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        summary = str(draft.get("question", ""))
    else:
        message = update.effective_message
        assert message is not None
        summary = (message.text or "").strip()
        if len(summary) < MIN_SUMMARY_CHARS:
            await _reply(update, texts.INTAKE_TOO_SHORT)
            return DESCRIBE
        if len(summary) > MAX_SUMMARY_CHARS:
            await _reply(update, texts.INTAKE_TOO_LONG.format(limit=MAX_SUMMARY_CHARS))
            return DESCRIBE
    if urgency_kinds(summary):  # the emergency numbers at once, before any more taps
        await _reply(update, texts.URGENT_NOTICE)
    draft["category"] = context.services.questions.kb.classifier.classify(summary)
    draft["summary"] = summary
    label = category_label(draft["category"])
    keyboard = _keyboard(
        [(texts.BUTTON_CATEGORY_OK, "category", draft["category"])],
        [(texts.BUTTON_CATEGORY_OTHER, "category", "*")],
    )
    await _reply(update, texts.INTAKE_CATEGORY.format(category=escape(label)), keyboard)
    return CATEGORY


async def on_text_only(update: Update, context: BotContext) -> int:
    """Ask for text when the resident sends something else while describing."""
    await _reply(update, texts.INTAKE_TEXT_ONLY)
    return DESCRIBE


async def on_category(update: Update, context: BotContext) -> int:
    """Take the confirmed or chosen category, or list them all."""
    button = await _intake_button(update)
    if button is not None and button.value == "*":
        rows = [[(category.label, "category", category.id)] for category in load_categories()]
        await _reply(update, texts.INTAKE_CHOOSE_CATEGORY, _keyboard(*rows))
        return CATEGORY
    if button is None or button.value not in {category.id for category in load_categories()}:
        await _reply(update, texts.INTAKE_EXPIRED)
        return CATEGORY
    _draft(context)["category"] = button.value
    keyboard = _keyboard(
        [(texts.BUTTON_CONSENT_YES, "consent", "yes")],
        [(texts.BUTTON_CONSENT_NO, "consent", "no")],
    )
    await _reply(update, texts.INTAKE_CONSENT, keyboard)
    return CONSENT


async def on_consent(update: Update, context: BotContext) -> int:
    """Take the resident's choice about sharing their contact details."""
    button = await _intake_button(update)
    draft = _draft(context)
    draft["consent"] = button is not None and button.value == "yes"
    if draft["consent"]:
        await _reply(update, texts.INTAKE_CONTACT, _keyboard())
        return CONTACT
    draft.pop("name", None)
    draft.pop("phone", None)
    return await _ask_confirm(update, context)


async def on_contact(update: Update, context: BotContext) -> int:
    """Take the name and phone number typed by the resident."""
    message = update.effective_message
    assert message is not None
    text = (message.text or "").strip()
    match = _PHONE.search(text)
    if match is None or not valid_phone(match.group(0)):
        await _reply(update, texts.INTAKE_BAD_CONTACT)
        return CONTACT
    draft = _draft(context)
    draft["phone"] = match.group(0).strip()
    draft["name"] = (text[: match.start()] + text[match.end() :]).strip(" ，,：:")[:20] or None
    return await _ask_confirm(update, context)


async def _ask_confirm(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    community = context.services.communities.community(draft["community"])
    contact = texts.INTAKE_NO_CONTACT
    if draft.get("consent"):
        contact = escape(" ".join(part for part in (draft.get("name"), draft["phone"]) if part))
    text = texts.INTAKE_CONFIRM.format(
        community=escape(community.name if community else draft["community"]),
        category=escape(category_label(draft["category"])),
        contact=contact,
        summary=escape(draft["summary"]),
    )
    submit = [
        InlineKeyboardButton(
            texts.BUTTON_SUBMIT, callback_data=cb.IntakeButton("confirm", "yes").pack()
        )
    ]
    await _reply(update, text, InlineKeyboardMarkup([submit, cancel_button()]))
    return CONFIRM


async def on_confirm(update: Update, context: BotContext) -> int:
    """File the consultation and tell the resident what happens next."""
    query, user = update.callback_query, update.effective_user
    assert query is not None
    assert user is not None
    await query.answer()
    draft = _draft(context)
    desk = context.services.desk
    try:
        opened = await desk.consultations.open_consultation(
            user.id,
            draft["community"],
            draft["category"],
            draft["summary"],
            consent=bool(draft.get("consent")),
            contact_name=draft.get("name"),
            contact_phone=draft.get("phone"),
            question_text=draft.get("question"),
        )
    except Conflict as exc:
        if exc.reason is ConflictReason.ACTIVE_EXISTS:
            active = await desk.consultations.active_for(user.id)
            number = active.id if active else 0
            await _reply(update, texts.ACTIVE_EXISTS.format(number=number, status=""))
        return _finish(context)
    except InvalidInput as exc:
        await _reply(update, explain(exc))
        return _finish(context)
    consultation = opened.consultation
    community = context.services.communities.community(consultation.community_id)
    tz = context.services.settings.tz
    now = dt.datetime.now(dt.UTC)
    when = texts.WHEN_SOON
    if opened.reply_expected_at > now + dt.timedelta(minutes=1):
        local = opened.reply_expected_at.astimezone(tz).strftime(texts.WHEN_LATER_TIME)
        when = texts.WHEN_LATER.format(time=local)
    text = texts.INTAKE_DONE.format(
        number=consultation.id,
        community=escape(community.name if community else consultation.community_id),
        when=when,
    )
    await _reply(update, text)
    if consultation.urgent:
        await _reply(update, texts.URGENT_NOTICE)
    _finish(context)
    await context.flush_outbox()
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """End the intake without filing anything."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await _reply(update, texts.INTAKE_CANCELLED)
    return _finish(context)


def _finish(context: BotContext) -> int:
    if context.user_data is not None:
        context.user_data.pop(_DRAFT, None)
    return ConversationHandler.END


def _button(step: str, value: str | None = None) -> str:
    suffix = re.escape(value) if value else r"[^|]+"
    return rf"^1\|in\|{step}\|{suffix}$"


def build_intake_handler(
    entry_points: list[BaseHandler[Update, BotContext, Any]],
) -> ConversationHandler[BotContext]:
    """Return the intake ConversationHandler, entered through ``entry_points`` plus /consult."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    text = private & filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[CommandHandler("consult", start, filters=private), *entry_points],
        states={
            COMMUNITY: [
                CallbackQueryHandler(
                    on_community, pattern=rf"{_button('keep')}|{_button('community')}"
                )
            ],
            DESCRIBE: [
                MessageHandler(text, on_description),
                CallbackQueryHandler(on_description, pattern=_button("question", "use")),
                MessageHandler(private & ~filters.COMMAND, on_text_only),
            ],
            CATEGORY: [CallbackQueryHandler(on_category, pattern=_button("category"))],
            CONSENT: [CallbackQueryHandler(on_consent, pattern=_button("consent"))],
            CONTACT: [MessageHandler(text, on_contact)],
            CONFIRM: [CallbackQueryHandler(on_confirm, pattern=_button("confirm", "yes"))],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=_button("confirm", "no")),
        ],
        conversation_timeout=TIMEOUT,
        name="intake",
        persistent=True,
        allow_reentry=True,
    )
