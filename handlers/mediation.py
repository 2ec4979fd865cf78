"""The mediation request: ``/mediate`` or 申请调解, then the follow-up answer (回访).

States: dispute type → the other party's relation → their name (only if the resident wants)
→ community → what the resident wants → confirm. Buttons may be tapped or their label typed;
``/cancel`` (or 取消) ends it at any step and files nothing.
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
    TypeHandler,
    filters,
)

from bot import texts
from bot.context import BotContext
from bot.services import (
    Conflict,
    ConflictReason,
    InvalidInput,
    MediationRequest,
    MessageKey,
    ServiceError,
)
from bot.services.mediation import MAX_NAME_CHARS, MAX_WANTED_CHARS
from bot.session import UserData
from handlers import callback_data as cb
from handlers.case_aliases import DISPUTE_ALIASES, RELATION_ALIASES
from handlers.case_steps import (
    handled_by_text,
    pressed_step,
    step_keyboard,
    told_of_active_case,
)
from handlers.drafts import ExpiringConversationHandler, case_exits
from handlers.emergency import Step, danger_first
from handlers.errors import explain
from handlers.intake_questions import reply, typed_community
from handlers.render import escape
from handlers.typed_answers import (
    cancel_requested,
    declines,
    followup_choice,
    match_meaning,
    match_named,
    unsure,
    yes_or_no,
)
from handlers.updates import pressed, sender

__all__ = ["build_mediation_handler", "drop_draft", "on_followup", "on_followup_text"]

TIMEOUT = dt.timedelta(minutes=30)
DISPUTE, RELATION, NAME, COMMUNITY, WANTED, CONFIRM = range(6)
_DRAFT = "mediation"
CHANGE = "*"
"""The value of 改选纠纷类型: no type, so the dispute question is asked again."""
STORY_MAX_CHARS = 60
"""A dispute told in a sentence or two (跟隔壁邻居因为排水的事吵了好几次) still names its type."""


def _keyboard(step: str, options: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return step_keyboard(cb.MediationButton, step, options)


def _draft(context: BotContext) -> dict[str, Any]:
    return context.session.case_draft(_DRAFT)


def _text(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message is not None else ""


async def _pressed(update: Update) -> cb.MediationButton | None:
    return await pressed_step(update, cb.MediationButton)


async def start(update: Update, context: BotContext) -> int:
    """Begin a mediation request."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    context.session.drop_case_draft(_DRAFT)
    if await told_of_active_case(update, context):
        return ConversationHandler.END
    await reply(update, texts.MEDIATE_INTRO.format(days=context.services.settings.retention_days))
    return await _ask_dispute(update, context)


async def _ask_dispute(update: Update, context: BotContext) -> int:
    types = context.services.mediation.dispute_types
    options = [(str(index), label) for index, label in enumerate(types)]
    await reply(update, texts.MEDIATE_ASK_DISPUTE, _keyboard("dispute", options))
    return DISPUTE


async def _ask_relation(update: Update, *, typed_dispute: str = "") -> int:
    """Ask the relation; after a ``typed_dispute``, say which type it was taken as, to change it."""
    options = [(str(index), label) for index, label in enumerate(texts.MEDIATE_RELATIONS)]
    keyboard = _keyboard("relation", options)
    question = texts.MEDIATE_ASK_RELATION
    if typed_dispute:
        question = texts.MEDIATE_DISPUTE_TAKEN.format(dispute=escape(typed_dispute)) + question
        change = cb.MediationButton("dispute", CHANGE).pack()
        button = InlineKeyboardButton(texts.BUTTON_MEDIATE_CHANGE_DISPUTE, callback_data=change)
        keyboard = InlineKeyboardMarkup([*keyboard.inline_keyboard, [button]])
    await reply(update, question, keyboard)
    return RELATION


async def on_dispute(update: Update, context: BotContext) -> int:
    """Take the dispute type, tapped or typed."""
    types = context.services.mediation.dispute_types
    typed = False
    if update.callback_query is not None:
        button = await _pressed(update)
        if button is not None and button.value == CHANGE:  # 改选纠纷类型
            return await _ask_dispute(update, context)
        index = int(button.value) if button and button.value.isdigit() else -1
        chosen = types[index] if 0 <= index < len(types) else None
    else:
        if cancel_requested(_text(update)):
            return await cancel(update, context)
        text = _text(update)
        plain = context.services.questions.plain_words(text)
        chosen = match_meaning(
            text, list(types), str, DISPUTE_ALIASES, plain=plain, max_chars=STORY_MAX_CHARS
        )
        typed = match_named(text, list(types), str) is None
    if chosen is None:
        await reply(update, texts.MEDIATE_TAP)
        return await _ask_dispute(update, context)
    _draft(context)["dispute"] = chosen
    return await _ask_relation(update, typed_dispute=chosen if typed else "")


async def on_relation(update: Update, context: BotContext) -> int:
    """Take the other party's relation: a button, or a few typed words."""
    relations = texts.MEDIATE_RELATIONS
    if update.callback_query is not None:
        button = await _pressed(update)
        index = int(button.value) if button and button.value.isdigit() else -1
        chosen: str | None = relations[index] if 0 <= index < len(relations) else None
    else:
        text = _text(update)
        if cancel_requested(text):
            return await cancel(update, context)
        plain = context.services.questions.plain_words(text)
        meant = match_meaning(text, list(relations), str, RELATION_ALIASES, plain=plain)
        if meant is None and declines(text):
            chosen = texts.MEDIATE_RELATION_UNSAID  # 「不想说」 is no relation
        else:
            said = _SAID_BEFORE.sub("", text) or text  # 是我哥: 我哥
            chosen = meant or (said if 1 <= len(said) <= MAX_NAME_CHARS else None)
    if chosen is None:
        await reply(update, texts.MEDIATE_BAD_TEXT.format(limit=MAX_NAME_CHARS))
        return await _ask_relation(update)
    _draft(context)["relation"] = chosen
    return await _ask_name(update, context)


_SAID_BEFORE = re.compile(r"^(?:对方|他|她)?(?:名字)?(?:叫做|叫|名叫|是)")
"""The words before the other party's relation or name (是我哥, 他叫张三)."""


async def _ask_name(update: Update, context: BotContext) -> int:
    markup = _keyboard("name", [("no", texts.MEDIATE_BUTTON_NO_NAME)])
    await reply(update, texts.MEDIATE_ASK_NAME, markup)
    return NAME


async def on_name(update: Update, context: BotContext) -> int:
    """Take the other party's name, or 不提供."""
    if update.callback_query is not None:
        await _pressed(update)
        name = None
    else:
        text = _text(update)
        if cancel_requested(text):
            return await cancel(update, context)
        if text == texts.MEDIATE_BUTTON_NO_NAME or declines(text):
            name = None
        elif 1 <= len(text) <= MAX_NAME_CHARS:
            name = _SAID_BEFORE.sub("", text) or text  # 他叫张三: 张三
        else:
            await reply(update, texts.MEDIATE_BAD_TEXT.format(limit=MAX_NAME_CHARS))
            return NAME
    _draft(context)["name"] = name
    return await _ask_community(update, context)


async def _ask_community(update: Update, context: BotContext, prefix: str = "") -> int:
    communities = context.services.communities.real_communities
    if not communities:
        await reply(update, texts.NO_COMMUNITIES)
        return _finish(context)
    options = [(community.id, community.name) for community in communities]
    await reply(update, prefix + texts.MEDIATE_ASK_COMMUNITY, _keyboard("community", options))
    return COMMUNITY


_NAME_SHOWN_CHARS = 15
"""A typed community name not found (嘉祥社区) is quoted back when it is this short."""


async def on_community(update: Update, context: BotContext) -> int:
    """Take the community where the dispute is, tapped or typed."""
    communities = list(context.services.communities.real_communities)
    if update.callback_query is not None:
        button = await _pressed(update)
        chosen = next((c for c in communities if button and c.id == button.value), None)
    else:
        if cancel_requested(_text(update)):
            return await cancel(update, context)
        chosen = typed_community(context, _text(update))
        named = _text(update)
        if chosen is None and 2 <= len(named) <= _NAME_SHOWN_CHARS and not unsure(named):
            prefix = texts.MEDIATE_COMMUNITY_NOT_FOUND.format(name=escape(named))
            return await _ask_community(update, context, prefix)
    if chosen is None:
        return await _ask_community(update, context)
    _draft(context)["community"] = chosen.id
    return await _ask_wanted(update, context)


async def _ask_wanted(update: Update, context: BotContext) -> int:
    await reply(update, texts.MEDIATE_ASK_WANTED)
    return WANTED


async def on_wanted(update: Update, context: BotContext) -> int:
    """Take what the resident wants, then show the request to confirm."""
    text = _text(update)
    if cancel_requested(text):
        return await cancel(update, context)
    if len(text) < 2:  # 对, 好: more is needed, not less
        await reply(update, texts.MEDIATE_WANTED_TOO_SHORT)
        return WANTED
    if len(text) > MAX_WANTED_CHARS:
        await reply(update, texts.MEDIATE_BAD_TEXT.format(limit=MAX_WANTED_CHARS))
        return WANTED
    _draft(context)["wanted"] = text
    return await _ask_confirm(update, _confirm_text(context))


def _confirm_text(context: BotContext) -> str:
    """The request as drafted, to confirm."""
    draft = _draft(context)
    community = context.services.communities.community(str(draft.get("community")))
    return texts.MEDIATE_CONFIRM.format(
        dispute=escape(str(draft.get("dispute"))),
        relation=escape(str(draft.get("relation"))),
        name=f"（{escape(draft['name'])}）" if draft.get("name") else "",
        community=escape(community.name if community else ""),
        wanted=escape(str(draft.get("wanted", ""))),
    )


async def _ask_confirm(update: Update, question: str = texts.MEDIATE_TAP) -> int:
    markup = _keyboard(
        "confirm",
        [("yes", texts.MEDIATE_BUTTON_SUBMIT), ("no", texts.MEDIATE_BUTTON_CANCEL)],
    )
    await reply(update, question, markup)
    return CONFIRM


async def _confirm_again(update: Update, context: BotContext) -> int:
    return await _ask_confirm(update)


async def _relation_again(update: Update, context: BotContext) -> int:
    return await _ask_relation(update)


_CHANGE_WANTED = re.compile(r"改一下|修改|要改|想改|改改|重新(?:填|写|说)|写错|填错|说错")
"""Typed at the confirmation: the resident wants to change the request."""


async def on_confirm(update: Update, context: BotContext) -> int:
    """File the request (提交申请, tapped or typed) or drop it (取消)."""
    if update.callback_query is not None:
        button = await _pressed(update)
        submit = button is not None and button.value == "yes"
    else:
        text = _text(update)
        if cancel_requested(text) or text == texts.MEDIATE_BUTTON_CANCEL:
            return await cancel(update, context)
        choice = True if text == texts.MEDIATE_BUTTON_SUBMIT else yes_or_no(text)
        if choice is False or _CHANGE_WANTED.search(text):  # 不对, 我想改一下
            await reply(update, texts.MEDIATE_CHANGE_WANTED + texts.MEDIATE_ASK_WANTED)
            return WANTED
        if choice is not True:  # the request and its buttons again
            return await _ask_confirm(update, texts.MEDIATE_CONFIRM_AGAIN + _confirm_text(context))
        submit = True
    if not submit:
        return await cancel(update, context)
    return await _file(update, context)


async def _file(update: Update, context: BotContext) -> int:
    user, message = update.effective_user, update.effective_message
    assert user is not None
    draft = _draft(context)
    try:
        request = MediationRequest(
            dispute_type=str(draft["dispute"]),
            other_party_relation=str(draft["relation"]),
            other_party_name=draft.get("name"),
            wanted=str(draft["wanted"]),
        )
        community_id = str(draft["community"])
    except KeyError:
        await reply(update, texts.INTAKE_EXPIRED)
        return _finish(context)
    summary = texts.MEDIATE_SUMMARY.format(
        dispute=request.dispute_type,
        relation=request.other_party_relation,
        name=f"（{request.other_party_name}）" if request.other_party_name else "",
        wanted=request.wanted,
    )
    source = MessageKey(message.chat.id, message.message_id) if message is not None else None
    services = context.services
    try:
        opened = await services.mediation.file(
            user.id, community_id, request, summary, source=source
        )
    except Conflict as exc:
        if exc.reason is not ConflictReason.ACTIVE_EXISTS:
            raise
        await told_of_active_case(update, context)
        return _finish(context)
    except InvalidInput as exc:
        await reply(update, explain(exc))
        return _finish(context)
    community = services.communities.community(community_id)
    who = handled_by_text(opened.handled_by, community.name if community else community_id)
    number = opened.consultation.id
    if who is None:
        await reply(update, texts.INTAKE_DONE_NOBODY.format(number=number))
    else:
        await reply(update, texts.MEDIATE_FILED.format(number=number, who=who))
    _finish(context)
    await context.flush_outbox()
    return ConversationHandler.END


def _finish(context: BotContext) -> int:
    context.session.drop_case_draft(_DRAFT)
    return ConversationHandler.END


def drop_draft(session: UserData) -> None:
    """Forget the request's answers (another case conversation began)."""
    session.drop_case_draft(_DRAFT)


cancel, expire = case_exits(drop_draft)


async def on_followup(update: Update, context: BotContext) -> None:
    """Record the resident's answer to the follow-up (回访) of a successful mediation."""
    query, user = pressed(update)
    button = cb.parse(query.data)
    if not isinstance(button, cb.FollowupButton):
        await query.answer()
        return
    try:
        recorded = await context.services.mediation.answer_followup(
            user.id, button.number, button.answer
        )
    except ServiceError as exc:
        await query.answer(explain(exc)[:200], show_alert=True)
        return
    await query.answer()
    if recorded and query.message is not None and hasattr(query.message, "edit_reply_markup"):
        await query.message.edit_reply_markup(reply_markup=None)
    await _thank_for_followup(update, recorded=recorded, answer=button.answer)


async def on_followup_text(update: Update, context: BotContext) -> bool:
    """Take a typed answer (履行了, 只给了一半, 还没给) to a recent 回访; say if it was one."""
    message, user = sender(update)
    answer = followup_choice(message.text or "")
    if answer is None:
        return False
    mediation = context.services.mediation
    number = await mediation.unanswered_followup(user.id)
    if number is None:
        return False
    recorded = await mediation.answer_followup(user.id, number, answer)
    await _thank_for_followup(update, recorded=recorded, answer=answer)
    return True


async def _thank_for_followup(update: Update, *, recorded: bool, answer: str) -> None:
    if not recorded:
        await reply(update, texts.FOLLOWUP_ALREADY)
        return
    thanks = texts.FOLLOWUP_THANKS
    if answer != "kept":
        thanks = f"{thanks}\n{texts.FOLLOWUP_NOT_KEPT}"
    await reply(update, thanks)


_AGAIN: dict[int, Step] = {
    DISPUTE: _ask_dispute,
    RELATION: _relation_again,
    NAME: _ask_name,
    COMMUNITY: _ask_community,
    WANTED: _ask_wanted,
    CONFIRM: _confirm_again,
}
"""Each step's question again, after the emergency card (``danger_first``)."""


def build_mediation_handler(
    entry_points: list[BaseHandler[Update, BotContext, Any]],
    *,
    timeout: dt.timedelta = TIMEOUT,
) -> ExpiringConversationHandler:
    """Return the mediation request's ConversationHandler, entered by /mediate and more.

    Args:
        entry_points: Further ways in (the menu's 申请调解).
        timeout: How long an unfinished request lives after its last step.
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    menu = filters.Text([texts.MENU_ASK, texts.MENU_ADVISER, texts.MENU_GUIDE, texts.MENU_HELP])
    typed = private & filters.TEXT & ~filters.COMMAND & ~menu

    def typed_step(callback: Step, state: int) -> MessageHandler[BotContext, Any]:
        """Text at ``state``: danger told there gets the emergency card first."""
        return MessageHandler(typed, danger_first(callback, _AGAIN[state], _draft))

    def step(name: str, callback: Step, state: int) -> list[BaseHandler[Update, BotContext, Any]]:
        return [
            CallbackQueryHandler(callback, pattern=cb.MediationButton.pattern(step=name)),
            typed_step(callback, state),
        ]

    return ExpiringConversationHandler(
        entry_points=[CommandHandler("mediate", start, filters=private), *entry_points],
        states={
            DISPUTE: step("dispute", on_dispute, DISPUTE),
            RELATION: [
                # 改选纠纷类型 under the relation question, after a dispute typed in words
                CallbackQueryHandler(
                    on_dispute, pattern=cb.MediationButton.pattern(step="dispute")
                ),
                *step("relation", on_relation, RELATION),
            ],
            NAME: step("name", on_name, NAME),
            COMMUNITY: step("community", on_community, COMMUNITY),
            WANTED: [typed_step(on_wanted, WANTED)],
            CONFIRM: step("confirm", on_confirm, CONFIRM),
            ConversationHandler.TIMEOUT: [TypeHandler(Update, expire)],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        name="mediation",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=timeout,
    )
