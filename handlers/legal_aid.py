"""The legal-aid pre-check: ``/legalaid`` or 申请法律援助, a few questions, an honest result.

States: matter → exempt group → proof → household size → income → (file? → community).
Buttons may be tapped or their label typed; a number is asked for where a number is meant,
and anything else gets the same question again. ``/cancel`` (or 取消) ends it at any step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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
    EXEMPT_GROUPS,
    MATTERS,
    NONE_OF_THEM,
    PROOFS,
    Conflict,
    ConflictReason,
    Eligibility,
    InvalidInput,
    LegalAidAnswers,
    MessageKey,
)
from bot.services.numerals import parse_amount, parse_count
from bot.session import UserData
from handlers import callback_data as cb
from handlers.case_aliases import EXEMPT_ALIASES, MATTER_ALIASES, PROOF_ALIASES
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
    consent_choice,
    match_meaning,
    match_named,
    yes_or_no,
)

__all__ = ["build_legal_aid_handler", "drop_draft"]

TIMEOUT = dt.timedelta(minutes=30)
MATTER, EXEMPT, PROOF, HOUSEHOLD, INCOME, FILE, COMMUNITY = range(7)
_ALIASES = {"matter": MATTER_ALIASES, "exempt": EXEMPT_ALIASES, "proof": PROOF_ALIASES}
"""Words that plainly mean an option of a choice step (欠薪, 家暴, 低保)."""
_CHOICES: dict[str, tuple[tuple[str, ...], Mapping[str, str], str, int]] = {
    "matter": (MATTERS, texts.LEGAL_AID_MATTERS, texts.LEGAL_AID_ASK_MATTER, MATTER),
    "exempt": (EXEMPT_GROUPS, texts.LEGAL_AID_EXEMPT_GROUPS, texts.LEGAL_AID_ASK_EXEMPT, EXEMPT),
    "proof": (PROOFS, texts.LEGAL_AID_PROOFS, texts.LEGAL_AID_ASK_PROOF, PROOF),
}
_NEXT = {"matter": "exempt", "exempt": "proof"}


def _keyboard(step: str, options: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return step_keyboard(cb.LegalAidButton, step, options)


async def _pressed(update: Update) -> cb.LegalAidButton | None:
    return await pressed_step(update, cb.LegalAidButton)


CHANGE = "*"
"""The value of 改选事项: no matter, so the matter question is asked again."""
_CHANGE_MATTER = re.compile(r"改选?(?:一下)?事项|重新选|选错了?|改一下|重选")
"""Typed at the next step: the resident wants to choose the matter again (我想改一下事项)."""


async def _ask(update: Update, step: str, *, typed_matter: str = "") -> int:
    """Ask ``step``; after a ``typed_matter``, say which matter it was taken as, to change it."""
    values, labels, question, state = _CHOICES[step]
    keyboard = _keyboard(step, [(value, labels[value]) for value in values])
    if typed_matter:
        taken = texts.LEGAL_AID_MATTER_TAKEN.format(matter=texts.LEGAL_AID_MATTERS[typed_matter])
        question = taken + question
        change = cb.LegalAidButton("matter", CHANGE).pack()
        keyboard = InlineKeyboardMarkup(
            [
                *keyboard.inline_keyboard,
                [InlineKeyboardButton(texts.BUTTON_LEGAL_AID_CHANGE_MATTER, callback_data=change)],
            ]
        )
    await reply(update, question, keyboard)
    return state


async def start(update: Update, context: BotContext) -> int:
    """Begin the pre-check."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    context.session.drop_legal_aid_draft()
    await reply(update, texts.LEGAL_AID_INTRO.format(days=context.services.settings.retention_days))
    return await _ask(update, "matter")


async def on_choice(update: Update, context: BotContext) -> int:
    """Take a tapped answer of a choice step."""
    button = await _pressed(update)
    if button is None or button.step not in _CHOICES:
        return ConversationHandler.END
    return await _take(update, context, button.step, button.value)


def _typed_handler(step: str) -> Any:
    async def on_typed(update: Update, context: BotContext) -> int:
        """Understand a typed label of the step's buttons; else ask again."""
        text = (update.effective_message.text or "") if update.effective_message else ""
        if cancel_requested(text):
            return await cancel(update, context)
        values, labels, _, _ = _CHOICES[step]
        fallback = "other" if step == "matter" else None
        chosen = match_meaning(
            text,
            list(values),
            labels.__getitem__,
            _ALIASES[step],
            key=str,
            fallback=fallback,
            plain=context.services.questions.plain_words(text),
        )
        if step == "exempt" and _CHANGE_MATTER.search(text):
            return await _ask(update, "matter")
        if chosen is None and NONE_OF_THEM in values and yes_or_no(text) is False:
            chosen = NONE_OF_THEM  # 「不是」 to 「is it one of these?」: 以上都不是
        if chosen is None:
            await reply(update, texts.LEGAL_AID_TAP)
            return await _ask(update, step)
        typed = step == "matter" and match_named(text, list(values), labels.__getitem__) is None
        return await _take(update, context, step, chosen, typed=typed)

    return on_typed


async def _take(
    update: Update, context: BotContext, step: str, value: str, *, typed: bool = False
) -> int:
    """Keep ``value`` for ``step``, ask the next; ``typed``: read from the resident's words."""
    values = _CHOICES[step][0]
    if value not in values:
        return await _ask(update, step)
    context.session.legal_aid_draft()[step] = value
    if step in _NEXT:
        return await _ask(update, _NEXT[step], typed_matter=value if typed else "")
    await reply(update, texts.LEGAL_AID_ASK_HOUSEHOLD)
    return HOUSEHOLD


_HOUSEHOLD_WORDS = re.compile(
    r"^(?:我们|我|俺)?(?:家|家里)?(?:一共|总共|共)?|(?:口子|口人|个人|口|人)$"
)
"""「我们家三口人」: the words around the count."""
_DONT_KNOW = re.compile(r"^(?:我)?(?:也)?(?:不清楚|不知道|说不清|说不准|不好说|不确定|没算过)")


def _household(text: str) -> int | None:
    """Return the household size typed as 3, 三口人 or 我们家五个人, else ``None``."""
    return parse_count(_HOUSEHOLD_WORDS.sub("", re.sub(r"[\s。，,]", "", text)))


async def on_household(update: Update, context: BotContext) -> int:
    """Take the household size (a number from 1 to 30)."""
    text = update.effective_message.text or "" if update.effective_message else ""
    if cancel_requested(text):
        return await cancel(update, context)
    size = _household(text)
    if size is None or not 1 <= size <= 30:
        await reply(update, texts.LEGAL_AID_BAD_HOUSEHOLD)
        return HOUSEHOLD
    context.session.legal_aid_draft()["household_size"] = size
    await reply(update, texts.LEGAL_AID_ASK_INCOME)
    return INCOME


async def on_income(update: Update, context: BotContext) -> int:
    """Take the monthly income, then give the result, the checklist and where to apply."""
    text = update.effective_message.text or "" if update.effective_message else ""
    if cancel_requested(text):
        return await cancel(update, context)
    income = parse_amount(text)
    if income is None:
        known = _DONT_KNOW.match(text.strip()) is None
        await reply(update, texts.LEGAL_AID_BAD_INCOME if known else texts.LEGAL_AID_INCOME_UNKNOWN)
        return INCOME
    draft = context.session.legal_aid_draft()
    draft["monthly_income"], draft["monthly_income_ceiling"] = income
    try:
        answers = _answers(draft)
    except (KeyError, InvalidInput):
        await reply(update, texts.LEGAL_AID_BAD_INCOME)
        return INCOME
    service = context.services.legal_aid
    result = service.assess(answers)
    await reply(update, _result_text(answers, result, context))
    # The pre-check informs anyone; filing waits while another case of theirs is open.
    if await told_of_active_case(update, context):
        context.session.drop_legal_aid_draft()
        return ConversationHandler.END
    return await _ask_file(update, context)


def _answers(draft: Mapping[str, Any]) -> LegalAidAnswers:
    return LegalAidAnswers(
        matter=draft["matter"],
        exempt_group=draft["exempt"],
        proof=draft["proof"],
        household_size=int(draft["household_size"]),
        monthly_income=int(draft["monthly_income"]),
        monthly_income_ceiling=draft.get("monthly_income_ceiling"),
    )


def _result_text(answers: LegalAidAnswers, result: Eligibility, context: BotContext) -> str:
    lines = [texts.LEGAL_AID_RESULTS[result.value]]
    if result is Eligibility.CHECK:
        standard_unknown = context.services.legal_aid.income_standard is None
        if answers.matter == "other":
            lines.append(texts.LEGAL_AID_CHECK_MATTER)
        elif standard_unknown:
            lines.append(texts.LEGAL_AID_CHECK_STANDARD)
        else:
            lines.append(texts.LEGAL_AID_CHECK_INCOME)
    if answers.matter == "criminal":
        lines.append(texts.LEGAL_AID_CRIMINAL_NOTE)
    lines += ["", texts.LEGAL_AID_CHECKLIST_TITLE]
    lines += [f"• {doc}" for doc in _checklist(answers)]
    settings = context.services.settings
    if settings.centre_address or settings.centre_hours:
        where = texts.LEGAL_AID_WHERE.format(
            address=escape(settings.centre_address or texts.LOCAL_FACT_MISSING),
            hours=escape(settings.centre_hours or texts.LOCAL_FACT_MISSING),
        )
    else:  # the missing facts said once, not as both the address and the hours
        where = texts.LEGAL_AID_WHERE_UNKNOWN.format(missing=texts.LOCAL_FACT_MISSING)
    lines += ["", where]
    return "\n".join(lines)


def _checklist(answers: LegalAidAnswers) -> list[str]:
    """The documents this case needs (Art 41: a hardship statement unless waived or spared)."""
    docs = list(texts.LEGAL_AID_DOCS_ALWAYS)
    if answers.exempt_group != NONE_OF_THEM:
        docs.append(texts.LEGAL_AID_DOCS_EXEMPT[answers.exempt_group])
    elif answers.proof_counts:
        docs.append(texts.LEGAL_AID_DOCS_PROOF[answers.proof])
    else:
        docs.append(texts.LEGAL_AID_DOCS_HARDSHIP)
    if answers.matter in texts.LEGAL_AID_DOCS_MATTER:
        docs.append(texts.LEGAL_AID_DOCS_MATTER[answers.matter])
    docs.append(texts.LEGAL_AID_DOCS_CASE)
    return docs


async def on_file(update: Update, context: BotContext) -> int:
    """File the pre-application (提交预申请) or leave it (暂不提交)."""
    button = await _pressed(update)
    if button is None or button.value != "yes":
        return await _not_filed(update, context)
    return await _ask_community_or_file(update, context)


async def on_file_typed(update: Update, context: BotContext) -> int:
    """Understand 提交 / 暂不提交 typed instead of tapped."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    options = {"yes": texts.LEGAL_AID_BUTTON_FILE, "no": texts.LEGAL_AID_BUTTON_NO}
    chosen = match_named(text, list(options), options.__getitem__)
    if chosen is None:  # the step asks yes or no: 提交, 好的, 不了, 不用了 answer it
        plain = yes_or_no(text)
        plain = consent_choice(text) if plain is None else plain
        chosen = None if plain is None else "yes" if plain else "no"
    if cancel_requested(text) or chosen == "no":
        return await _not_filed(update, context)
    if chosen == "yes":
        return await _ask_community_or_file(update, context)
    markup = _keyboard("file", list(options.items()))
    await reply(update, texts.LEGAL_AID_TAP, markup)
    return FILE


async def _not_filed(update: Update, context: BotContext) -> int:
    context.session.drop_legal_aid_draft()
    await reply(update, texts.LEGAL_AID_NOT_FILED)
    return ConversationHandler.END


async def _ask_community_or_file(update: Update, context: BotContext) -> int:
    user = update.effective_user
    assert user is not None
    services = context.services
    known = await services.questions.community_of(user.id)
    community = services.communities.community(known) if known else None
    if community is not None and not community.is_placeholder:
        return await _file(update, context, community.id)
    options = [(c.id, c.name) for c in services.communities.real_communities]
    if not options:
        await reply(update, texts.NO_COMMUNITIES)
        return ConversationHandler.END
    await reply(update, texts.LEGAL_AID_ASK_COMMUNITY, _keyboard("community", options))
    return COMMUNITY


async def on_community(update: Update, context: BotContext) -> int:
    """Take the community the pre-application is filed for."""
    button = await _pressed(update)
    community = context.services.communities.community(button.value) if button else None
    if community is None or community.is_placeholder:
        return await _ask_community_or_file(update, context)
    return await _file(update, context, community.id)


async def on_community_typed(update: Update, context: BotContext) -> int:
    """Understand a community's name typed instead of tapped."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    if cancel_requested(text):
        return await cancel(update, context)
    chosen = typed_community(context, text)
    if chosen is None:
        return await _ask_community_or_file(update, context)
    return await _file(update, context, chosen.id)


async def _file(update: Update, context: BotContext, community_id: str) -> int:
    user, message = update.effective_user, update.effective_message
    assert user is not None
    draft = context.session.legal_aid_draft()
    try:
        answers = _answers(draft)
    except (KeyError, InvalidInput):
        return await _not_filed(update, context)
    service = context.services.legal_aid
    summary = texts.LEGAL_AID_SUMMARY.format(
        matter=texts.LEGAL_AID_MATTERS[answers.matter],
        exempt=texts.LEGAL_AID_EXEMPT_GROUPS[answers.exempt_group],
        proof=texts.LEGAL_AID_PROOFS[answers.proof],
        size=answers.household_size,
        income=(
            f"{answers.monthly_income}–{answers.monthly_income_ceiling}"
            if answers.income_is_rough
            else answers.monthly_income
        ),
        result=texts.LEGAL_AID_RESULT_LABELS[service.assess(answers).value],
    )
    source = MessageKey(message.chat.id, message.message_id) if message is not None else None
    try:
        opened = await service.file(user.id, community_id, answers, summary, source=source)
    except Conflict as exc:
        if exc.reason is not ConflictReason.ACTIVE_EXISTS:
            raise
        await told_of_active_case(update, context)
        context.session.drop_legal_aid_draft()
        return ConversationHandler.END
    except InvalidInput as exc:
        await reply(update, explain(exc))
        return ConversationHandler.END
    community = context.services.communities.community(community_id)
    who = handled_by_text(opened.handled_by, community.name if community else community_id)
    if who is None:
        await reply(update, texts.INTAKE_DONE_NOBODY.format(number=opened.consultation.id))
    else:
        await reply(update, texts.LEGAL_AID_FILED.format(number=opened.consultation.id, who=who))
    context.session.drop_legal_aid_draft()
    await context.flush_outbox()
    return ConversationHandler.END


def drop_draft(session: UserData) -> None:
    """Forget the pre-check's answers (another case conversation began)."""
    session.drop_legal_aid_draft()


cancel, expire = case_exits(drop_draft)


def _draft(context: BotContext) -> dict[str, Any]:
    return context.session.legal_aid_draft()


def _asking(question: str, state: int) -> Step:
    async def again(update: Update, context: BotContext) -> int:
        await reply(update, question)
        return state

    return again


async def _ask_file(update: Update, context: BotContext) -> int:
    options = [("yes", texts.LEGAL_AID_BUTTON_FILE), ("no", texts.LEGAL_AID_BUTTON_NO)]
    await reply(update, texts.LEGAL_AID_ASK_FILE, _keyboard("file", options))
    return FILE


def _asking_choice(step: str) -> Step:
    async def again(update: Update, context: BotContext) -> int:
        return await _ask(update, step)

    return again


_AGAIN: dict[int, Step] = {
    **{state: _asking_choice(step) for step, (*_, state) in _CHOICES.items()},
    HOUSEHOLD: _asking(texts.LEGAL_AID_ASK_HOUSEHOLD, HOUSEHOLD),
    INCOME: _asking(texts.LEGAL_AID_ASK_INCOME, INCOME),
    FILE: _ask_file,
    COMMUNITY: _ask_community_or_file,
}
"""Each step's question again, after the emergency card (``danger_first``)."""


def build_legal_aid_handler(
    entry_points: list[BaseHandler[Update, BotContext, Any]],
    *,
    timeout: dt.timedelta = TIMEOUT,
) -> ExpiringConversationHandler:
    """Return the pre-check's ConversationHandler, entered by /legalaid and ``entry_points``.

    Args:
        entry_points: Further ways in (the menu's 申请法律援助, the legal-aid item's button).
        timeout: How long unfinished answers (they hold income figures) live after the last
            step (``DRAFT_TTL_HOURS``).
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # The main menu's other buttons keep working during the pre-check.
    menu = filters.Text([texts.MENU_ASK, texts.MENU_ADVISER, texts.MENU_GUIDE, texts.MENU_HELP])
    typed = private & filters.TEXT & ~filters.COMMAND & ~menu

    def typed_step(callback: Step, state: int) -> MessageHandler[BotContext, Any]:
        """Text at ``state``: danger told there gets the emergency card first."""
        return MessageHandler(typed, danger_first(callback, _AGAIN[state], _draft))

    def choice(step: str) -> list[BaseHandler[Update, BotContext, Any]]:
        return [
            CallbackQueryHandler(on_choice, pattern=cb.LegalAidButton.pattern(step=step)),
            typed_step(_typed_handler(step), _CHOICES[step][3]),
        ]

    # 改选事项 under the next question, after a matter typed in the resident's words
    change_matter: BaseHandler[Update, BotContext, Any] = CallbackQueryHandler(
        on_choice, pattern=cb.LegalAidButton.pattern(step="matter")
    )

    return ExpiringConversationHandler(
        entry_points=[CommandHandler("legalaid", start, filters=private), *entry_points],
        states={
            MATTER: choice("matter"),
            EXEMPT: [change_matter, *choice("exempt")],
            PROOF: choice("proof"),
            HOUSEHOLD: [typed_step(on_household, HOUSEHOLD)],
            INCOME: [typed_step(on_income, INCOME)],
            FILE: [
                CallbackQueryHandler(on_file, pattern=cb.LegalAidButton.pattern(step="file")),
                typed_step(on_file_typed, FILE),
            ],
            COMMUNITY: [
                CallbackQueryHandler(
                    on_community, pattern=cb.LegalAidButton.pattern(step="community")
                ),
                typed_step(on_community_typed, COMMUNITY),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, expire)],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        name="legal_aid",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=timeout,
    )
