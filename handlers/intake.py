"""The consultation intake: a resident files a request for their community's legal adviser.

States, in order: community → description → category → consent (→ contact) → confirm.
``/cancel`` (or the 取消 button, or typing 取消/算了/不了) ends it at any step.

Where a step offers buttons, a typed reply is understood when it plainly is an answer (对,
愿意, 迎凤, 确认…, see ``handlers.typed_answers``); anything else, a photo or a sticker gets
the step's question and buttons again. Such text never reaches the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import texts
from bot.communities import OFFICE_COMMUNITY
from bot.context import BotContext
from bot.services import (
    MAX_SUMMARY_CHARS,
    AccessDenied,
    Conflict,
    ConflictReason,
    InvalidInput,
    MessageKey,
    NotFound,
    Opened,
    valid_phone,
)
from bot.session import UserData
from handlers import callback_data as cb
from handlers.case_steps import active_case_text, handled_by_text
from handlers.drafts import ExpiringConversationHandler, case_exits
from handlers.emergency import SHOWN, show_urgent_card, typed_kinds, urgent_card
from handlers.errors import explain
from handlers.intake_questions import (
    ASKED,
    CATEGORY,
    COMMUNITY,
    CONFIRM,
    CONSENT,
    CONTACT,
    DESCRIBE,
    ask_categories,
    ask_category,
    ask_community,
    ask_confirm,
    ask_consent,
    ask_contact,
    ask_describe,
    ask_known,
    cancel_button,
    category_ids,
    community_label,
    get_draft,
    is_minor,
    real_community,
    reply,
    typed_community,
)
from handlers.render import escape, privacy_notice
from handlers.typed_answers import (
    asked_matter,
    asks_for_a_person,
    cancel_requested,
    consent_choice,
    match_named,
    normalize,
    unsure,
    yes_or_no,
)
from knowledge.categories import load_categories

__all__ = ["ASKS_FOR_A_PERSON", "build_intake_handler", "cancel_button", "drop_draft"]

MIN_SUMMARY_CHARS = 5
STORY_MIN_CHARS = 8
"""Text this long typed where a community is asked describes the matter (迎凤 names one)."""
TIMEOUT = dt.timedelta(minutes=30)
_PHONE = re.compile(r"\+?\d[\d\- ]{5,18}\d")


class _AsksForAPerson(filters.MessageFilter):
    """A text asking for a person in the resident's own words (``typed_answers``)."""

    def filter(self, message: Message) -> bool:
        return message.text is not None and asks_for_a_person(message.text)


ASKS_FOR_A_PERSON = _AsksForAPerson(name="AsksForAPerson")
"""Starts the intake like the 找法律顾问 key: 我想找个律师问问, 我要咨询, 转人工."""


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
    if not services.communities.real_communities:
        await reply(update, texts.NO_COMMUNITIES)
        return ConversationHandler.END
    active = await services.consultations.active_for(user.id)
    if active is not None:
        context.session.relay_paused = None
        await reply(update, active_case_text(active))
        return ConversationHandler.END
    draft = get_draft(context)
    draft.clear()
    message = update.message
    matter = asked_matter(message.text) if message is not None and message.text else ""
    if matter:  # 我要咨询离婚的事: the matter starts the description
        draft["matter"] = matter
    if question_id:
        try:
            question = await services.questions.question(user.id, question_id)
            draft["question"] = question.text
            draft["question_category"] = question.category
        except (NotFound, AccessDenied):
            pass
    await reply(update, f"{texts.INTAKE_INTRO}\n\n{privacy_notice(services.settings)}")
    known = real_community(context, await services.questions.community_of(user.id))
    if known is not None:
        draft["known"] = known.id
        await ask_known(update, context)
    else:
        await ask_community(update, context)
    return COMMUNITY


async def _intake_button(update: Update) -> cb.IntakeButton | None:
    """Acknowledge a button press; return its intake choice (``None`` if it holds none)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    button = cb.parse(query.data)
    return button if isinstance(button, cb.IntakeButton) else None


async def on_community(update: Update, context: BotContext) -> int:
    """Take the community (kept from last time, or chosen)."""
    button = await _intake_button(update)
    draft = get_draft(context)
    if button is not None and button.step == "keep" and button.value == "no":
        return await ask_community(update, context)
    chosen = draft.get("known") if button is not None and button.step == "keep" else None
    if button is not None and button.step == "community":
        chosen = button.value
    return await _take_community(update, context, chosen)


async def _take_community(update: Update, context: BotContext, chosen: object) -> int:
    user = update.effective_user
    assert user is not None
    draft = get_draft(context)
    if chosen == OFFICE_COMMUNITY:  # not known: the office takes it (and it is not remembered)
        draft["community"] = OFFICE_COMMUNITY
        return await ask_describe(update, context)
    community = real_community(context, chosen)
    if community is None:
        await reply(update, texts.INTAKE_EXPIRED)
        return COMMUNITY
    draft["community"] = community.id
    await context.services.questions.remember_community(user.id, community.id)
    return await ask_describe(update, context)


async def on_description(update: Update, context: BotContext) -> int:
    """Take the description typed by the resident (or their earlier question)."""
    draft = get_draft(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
        summary = str(draft.get("question", ""))
    else:
        message = update.effective_message
        assert message is not None
        summary = (message.text or "").strip()
        if cancel_requested(summary):
            return await cancel(update, context)
        if draft.get("question") and yes_or_no(summary) is True:  # 对 for 就用刚才说的
            summary = str(draft["question"])
        elif len(summary) < MIN_SUMMARY_CHARS:
            await reply(update, texts.INTAKE_TOO_SHORT)
            return DESCRIBE
        else:
            summary = _with_matter(draft, summary)
        if len(summary) > MAX_SUMMARY_CHARS:
            await reply(update, texts.INTAKE_TOO_LONG.format(limit=MAX_SUMMARY_CHARS))
            return DESCRIBE
    await show_urgent_card(update, context, draft, summary)  # the numbers at once, once
    draft["category"] = context.services.questions.likely_category(summary)
    draft["summary"] = summary
    if is_minor(draft):  # PIPL Art. 31: a guardian should file it, no contacts are taken
        await reply(update, texts.INTAKE_MINOR_NOTICE)
    if draft.get("category") in (None, ""):
        draft["category"] = "other"
    return await ask_category(update, context)


def _with_matter(draft: dict[str, Any], summary: str) -> str:
    """Return the description started with the matter the resident named, unless it names it."""
    matter = str(draft.get("matter", ""))
    if not matter or matter in summary:
        return summary
    return texts.INTAKE_MATTER_START.format(matter=matter) + summary


async def on_text_only(update: Update, context: BotContext) -> int:
    """Ask for text when the resident sends something else while describing."""
    await reply(update, texts.INTAKE_TEXT_ONLY)
    return DESCRIBE


async def on_category(update: Update, context: BotContext) -> int:
    """Take the confirmed or chosen category, or list them all."""
    button = await _intake_button(update)
    if button is not None and button.value == "*":
        return await ask_categories(update, context)
    if button is None or button.value not in category_ids():
        await reply(update, texts.INTAKE_EXPIRED)
        return CATEGORY
    return await _take_category(update, context, button.value)


async def _take_category(update: Update, context: BotContext, category: str) -> int:
    get_draft(context)["category"] = category
    return await ask_consent(update, context)


async def on_consent(update: Update, context: BotContext) -> int:
    """Take the resident's choice about sharing their contact details."""
    button = await _intake_button(update)
    return await _take_consent(update, context, button is not None and button.value == "yes")


async def _take_consent(update: Update, context: BotContext, consent: bool) -> int:
    draft = get_draft(context)
    if consent and is_minor(draft):
        return await ask_consent(update, context, texts.INTAKE_MINOR_NO_CONTACT)
    draft["consent"] = consent
    if consent:
        return await ask_contact(update, context)
    draft.pop("name", None)
    draft.pop("phone", None)
    return await ask_confirm(update, context)


async def on_contact(update: Update, context: BotContext) -> int:
    """Take the name and phone number typed by the resident (or 不愿意 after all)."""
    message = update.effective_message
    assert message is not None
    text = (message.text or "").strip()
    if cancel_requested(text):
        return await cancel(update, context)
    if consent_choice(text) is False:
        return await _take_consent(update, context, False)
    match = _PHONE.search(text)
    if match is None or not valid_phone(match.group(0)):
        noted = await _urgent_noted(update, context, text)
        await reply(
            update, texts.INTAKE_BAD_CONTACT if noted is None else noted + texts.INTAKE_CONTACT
        )
        return CONTACT
    draft = get_draft(context)
    draft["phone"] = match.group(0).strip()
    draft["name"] = (text[: match.start()] + text[match.end() :]).strip(" ，,：:")[:20] or None
    return await ask_confirm(update, context)


async def on_contact_not_text(update: Update, context: BotContext) -> int:
    """Ask for the name and phone in words when a photo or sticker comes instead."""
    await reply(update, texts.INTAKE_CONTACT_TEXT_ONLY)
    return CONTACT


async def on_confirm(update: Update, context: BotContext) -> int:
    """File the consultation (提交 pressed or typed) and tell the resident what happens next."""
    query, user = update.callback_query, update.effective_user
    assert user is not None
    if query is not None:
        await query.answer()
    draft = get_draft(context)
    if draft.get("consent") and not draft.get("consent_version"):
        # Given (before a restart) to the older text that named the adviser alone.
        return await ask_consent(update, context, texts.INTAKE_CONSENT_AGAIN)
    # A re-delivered submission files nothing new: it is known by the card pressed (or the
    # message that typed 确认).
    card = query.message if query is not None else update.effective_message
    try:
        opened = await context.services.consultations.open_consultation(
            user.id,
            draft["community"],
            draft["category"],
            draft["summary"],
            consent=bool(draft.get("consent")),
            contact_name=draft.get("name"),
            contact_phone=draft.get("phone"),
            question_text=draft.get("question"),
            consent_version=str(draft.get("consent_version") or texts.CONSENT_TEXT_VERSION),
            source=MessageKey(card.chat.id, card.message_id) if card else None,
        )
    except Conflict as exc:
        if exc.reason is ConflictReason.ACTIVE_EXISTS:
            active = await context.services.consultations.active_for(user.id)
            number = active.id if active else 0
            await reply(update, texts.ACTIVE_EXISTS.format(number=number, status=""))
        return _finish(context)
    except InvalidInput as exc:
        await reply(update, explain(exc))
        return _finish(context)
    consultation = opened.consultation
    tz = context.services.settings.tz
    now = context.now()
    when = texts.WHEN_SOON
    if opened.reply_expected_at > now + dt.timedelta(minutes=1):
        local = opened.reply_expected_at.astimezone(tz).strftime(texts.WHEN_LATER_TIME)
        when = texts.WHEN_LATER.format(time=local)
    community_name = community_label(context, consultation.community_id)
    await reply(update, _done_text(opened, community_name, when))
    if consultation.urgent and not draft.get(SHOWN):  # read as urgent only when filed
        await reply(update, urgent_card([consultation.urgent_reason or ""]))
    _finish(context)
    await context.flush_outbox()
    return ConversationHandler.END


def _done_text(opened: Opened, community_name: str, when: str) -> str:
    """Say who will answer (the community's advisers, the duty adviser or staff).

    A minor is also told that a guardian can contact the adviser.
    """
    number = opened.consultation.id
    who = handled_by_text(opened.handled_by, community_name)
    if who is None:
        done = texts.INTAKE_DONE_NOBODY.format(number=number)
    else:
        done = texts.INTAKE_DONE.format(number=number, who=who, when=when)
    return f"{done}\n{texts.INTAKE_DONE_MINOR}" if opened.minor else done


def _finish(context: BotContext) -> int:
    context.session.drop_draft()
    return ConversationHandler.END


def drop_draft(session: UserData) -> None:
    """Forget the intake's draft (another case conversation began)."""
    session.drop_draft()


cancel, expire = case_exits(drop_draft)


_Step = Callable[[Update, BotContext, str], Awaitable[int | None]]
_Ask = Callable[[Update, BotContext, str], Awaitable[int]]
_Callback = Callable[[Update, BotContext], Coroutine[Any, Any, int]]


async def _typed_keep(update: Update, context: BotContext, text: str) -> int | None:
    choice = yes_or_no(text)
    if choice is True:
        return await _take_community(update, context, get_draft(context).get("known"))
    if choice is False:
        return await ask_community(update, context)
    return await _typed_community(update, context, text, ask_again=ask_known)


async def _typed_community(
    update: Update, context: BotContext, text: str, ask_again: _Ask = ask_community
) -> int | None:
    """Take a typed community; keep a typed story and ask the community question again."""
    community = typed_community(context, text)
    if community is not None:
        return await _take_community(update, context, community.id)
    if unsure(text):  # 不知道: the list again, and the office to take it
        return await ask_community(update, context, unsure=True)
    kept = _kept(context, text)
    # the numbers as soon as it is read, a story kept or a few words (他又打我了)
    kinds = typed_kinds(context, text)
    urgent = bool(await show_urgent_card(update, context, get_draft(context), text, kinds=kinds))
    if kept:
        return await ask_again(update, context, texts.INTAKE_STORY_KEPT)
    return await ask_again(update, context, texts.INTAKE_URGENT_GO_ON) if urgent else None


async def _urgent_noted(update: Update, context: BotContext, text: str) -> str | None:
    """Show the emergency numbers for urgent text typed after the description.

    The text is added to the description when it fits, so the consultation is filed as
    urgent and its adviser reads what the resident said.

    Returns:
        What to say before the step's question again (``None``: the text is not urgent).
    """
    if len(normalize(text)) < MIN_SUMMARY_CHARS:
        return None
    draft = get_draft(context)
    if not await show_urgent_card(update, context, draft, text, kinds=typed_kinds(context, text)):
        return None
    summary = str(draft.get("summary") or "")
    story = text.strip()
    if story in summary:
        return texts.INTAKE_URGENT_ADDED
    if summary and len(summary) + 1 + len(story) <= MAX_SUMMARY_CHARS:
        draft["summary"] = f"{summary}\n{story}"
        return texts.INTAKE_URGENT_ADDED
    return texts.INTAKE_URGENT_GO_ON


def _kept(context: BotContext, text: str) -> bool:
    """Keep a story typed before the community was chosen, to offer it as the description.

    A second story is added to the first (both are the resident's words about the matter);
    one that would make the description too long is not kept.
    """
    story = text.strip()
    if not STORY_MIN_CHARS <= len(story) <= MAX_SUMMARY_CHARS:
        return False
    draft = get_draft(context)
    earlier = str(draft.get("question") or "")
    if earlier and story not in earlier:
        story = f"{earlier}\n{story}"
        if len(story) > MAX_SUMMARY_CHARS:
            return False
    draft["question"] = story
    draft.pop("question_category", None)
    return True


def _keep_long(context: BotContext, text: str) -> str:
    """Keep as much of a text too long for any description as fits; say what was not kept.

    Before the description it becomes the story offered as one (就用刚才说的); after it, it
    is added to the description up to ``MAX_SUMMARY_CHARS``.

    Returns:
        What to say before the step's question again.
    """
    story = text.strip()
    draft = get_draft(context)
    key = "summary" if draft.get("summary") else "question"
    earlier = str(draft.get(key) or "")
    room = MAX_SUMMARY_CHARS - (len(earlier) + 1 if earlier else 0)
    if room <= 0:
        return texts.INTAKE_LONG_NOT_KEPT.format(total=len(story), limit=MAX_SUMMARY_CHARS)
    kept = story[:room]
    draft[key] = f"{earlier}\n{kept}" if earlier else kept
    draft.pop("question_category", None)
    later = texts.INTAKE_LONG_LATER if key == "summary" else texts.INTAKE_LONG_FIRST
    return texts.INTAKE_LONG_KEPT.format(
        total=len(story),
        limit=MAX_SUMMARY_CHARS,
        kept=len(kept),
        dropped=len(story) - len(kept),
        later=later,
    )


async def _typed_category(update: Update, context: BotContext, text: str) -> int | None:
    choice = yes_or_no(text)
    guessed = get_draft(context).get("category")
    if choice is True and guessed in category_ids():
        return await _take_category(update, context, guessed)
    if choice is False:
        return await ask_categories(update, context)
    return await _typed_categories(update, context, text)


async def _typed_categories(update: Update, context: BotContext, text: str) -> int | None:
    category = match_named(text, load_categories(), lambda c: c.label)
    return None if category is None else await _take_category(update, context, category.id)


async def _typed_consent(update: Update, context: BotContext, text: str) -> int | None:
    choice = consent_choice(text)
    return None if choice is None else await _take_consent(update, context, choice)


async def _typed_confirm(update: Update, context: BotContext, text: str) -> int | None:
    if _EDIT.search(text):
        return await on_edit(update, context)
    return await on_confirm(update, context) if yes_or_no(text) is True else None


_EDIT = re.compile(r"改一下|修改|改改|要改|想改|重新(?:填|写|说|描述)|写错|填错|说错")
"""Typed at the confirmation: the resident wants to change what they wrote."""


async def on_edit(update: Update, context: BotContext) -> int:
    """修改内容 at the confirmation: describe the matter again, the old text shown."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    summary = str(get_draft(context).get("summary", ""))
    return await ask_describe(update, context, texts.INTAKE_EDIT.format(summary=escape(summary)))


_TYPED: dict[str, _Step] = {
    "keep": _typed_keep,
    "community": _typed_community,
    "category": _typed_category,
    "categories": _typed_categories,
    "consent": _typed_consent,
    "confirm": _typed_confirm,
}
"""How a typed reply is understood, by the question on screen."""
_ASKERS: dict[str, tuple[int, _Ask]] = {
    "keep": (COMMUNITY, ask_known),
    "community": (COMMUNITY, ask_community),
    "describe": (DESCRIBE, ask_describe),
    "category": (CATEGORY, ask_category),
    "categories": (CATEGORY, ask_categories),
    "consent": (CONSENT, ask_consent),
    "contact": (CONTACT, ask_contact),
    "confirm": (CONFIRM, ask_confirm),
}
"""Each question's state and how to ask it (again)."""
_FIRST_QUESTION = {
    COMMUNITY: "community",
    CATEGORY: "category",
    CONSENT: "consent",
    CONTACT: "contact",
    CONFIRM: "confirm",
}
"""The question a step starts with, for a draft that does not say which is on screen."""


def _asked(context: BotContext, state: int) -> str:
    """Return the question on screen in ``state`` (its first one if the draft does not say)."""
    asked = get_draft(context).get(ASKED)
    if isinstance(asked, str) and asked in _ASKERS and _ASKERS[asked][0] == state:
        return asked
    return _FIRST_QUESTION[state]


def _at(state: int) -> tuple[_Callback, _Callback]:
    """Return the typed-reply and the ask-again callbacks of a step that waits for a button."""

    async def on_typed(update: Update, context: BotContext) -> int:
        """Understand a typed reply (对, 愿意, 迎凤, 取消…), or ask the step's question again.

        Danger told here (「他又拿刀了」) gets the emergency numbers at once and is added to
        the description, whatever the step asks.
        """
        message = update.effective_message
        text = message.text if message is not None and message.text else ""
        if cancel_requested(text):
            return await cancel(update, context)
        if len(text.strip()) > MAX_SUMMARY_CHARS:  # no answer, and more than a description holds
            await show_urgent_card(update, context, get_draft(context), text)
            return await on_other(update, context, _keep_long(context, text))
        noted = None if state == COMMUNITY else await _urgent_noted(update, context, text)
        step = _TYPED.get(_asked(context, state))
        understood = await step(update, context, text) if step is not None else None
        return understood if understood is not None else await on_other(update, context, noted)

    async def on_other(update: Update, context: BotContext, prefix: str | None = None) -> int:
        """Ask the step's question again, with its buttons (a photo, a sticker, unclear text)."""
        next_state, ask = _ASKERS[_asked(context, state)]
        if prefix is None:
            message = update.effective_message
            typed = message is None or message.text is not None or update.callback_query
            prefix = texts.INTAKE_NOT_UNDERSTOOD if typed else texts.INTAKE_NOT_TEXT
        await ask(update, context, prefix)
        return next_state

    return on_typed, on_other


def _button(*steps: str, value: str | None = None) -> Callable[[object], bool]:
    """The ``pattern=`` of intake buttons of ``steps`` with ``value``, or with any value.

    Without ``value`` a malformed value matches too, and the step's handler refuses it.
    """
    if value is None:
        return cb.IntakeButton.prefix_pattern(*steps)
    return cb.IntakeButton.pattern(step=steps, value=value)


def build_intake_handler(
    entry_points: list[BaseHandler[Update, BotContext, Any]],
    *,
    timeout: dt.timedelta = TIMEOUT,
) -> ExpiringConversationHandler:
    """Return the intake ConversationHandler, entered through ``entry_points`` plus /consult.

    Args:
        entry_points: Further ways in (menu button, 找法律顾问 buttons).
        timeout: How long an unfinished intake lives after its last step (``DRAFT_TTL_HOURS``).
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    text = private & filters.TEXT & ~filters.COMMAND
    # The main menu's other buttons keep working during an intake (找法律顾问 restarts it).
    typed = text & ~filters.Text([texts.MENU_ASK, texts.MENU_GUIDE, texts.MENU_HELP])
    other = private & ~filters.COMMAND & ~filters.TEXT

    def waiting(state: int, *buttons: BaseHandler[Update, BotContext, Any]) -> list[Any]:
        on_typed, on_other = _at(state)
        return [*buttons, MessageHandler(typed, on_typed), MessageHandler(other, on_other)]

    return ExpiringConversationHandler(
        entry_points=[CommandHandler("consult", start, filters=private), *entry_points],
        states={
            COMMUNITY: waiting(
                COMMUNITY, CallbackQueryHandler(on_community, pattern=_button("keep", "community"))
            ),
            DESCRIBE: [
                MessageHandler(text, on_description),
                CallbackQueryHandler(on_description, pattern=_button("question", value="use")),
                MessageHandler(private & ~filters.COMMAND, on_text_only),
            ],
            CATEGORY: waiting(
                CATEGORY, CallbackQueryHandler(on_category, pattern=_button("category"))
            ),
            CONSENT: waiting(CONSENT, CallbackQueryHandler(on_consent, pattern=_button("consent"))),
            CONTACT: [MessageHandler(text, on_contact), MessageHandler(other, on_contact_not_text)],
            CONFIRM: waiting(
                CONFIRM,
                CallbackQueryHandler(on_confirm, pattern=_button("confirm", value="yes")),
                CallbackQueryHandler(on_edit, pattern=_button("confirm", value="edit")),
            ),
            ConversationHandler.TIMEOUT: [TypeHandler(Update, expire)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=_button("confirm", value="no")),
        ],
        conversation_timeout=timeout,
        name="intake",
        persistent=True,
        allow_reentry=True,
    )
