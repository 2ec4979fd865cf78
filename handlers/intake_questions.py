"""The intake's questions: each step asked (or asked again) with its buttons, and the draft.

Every ``ask_*`` records in the draft which question is on screen (``ASKED``), so a typed reply
or a photo can be understood, or answered with the same question again, after a restart too.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import texts
from bot.communities import OFFICE_COMMUNITY, Community
from bot.context import BotContext
from bot.services import MAX_SUMMARY_CHARS, says_under_14
from bot.services.sounds import sound_key
from handlers import callback_data as cb
from handlers.render import escape
from handlers.typed_answers import match_named
from knowledge.categories import category_label, load_categories

__all__ = [
    "ASKED",
    "CATEGORY",
    "COMMUNITY",
    "CONFIRM",
    "CONSENT",
    "CONTACT",
    "DESCRIBE",
    "ask_categories",
    "ask_category",
    "ask_community",
    "ask_confirm",
    "ask_consent",
    "ask_contact",
    "ask_describe",
    "ask_known",
    "cancel_button",
    "category_ids",
    "community_label",
    "get_draft",
    "is_minor",
    "real_community",
    "reply",
    "step_keyboard",
    "typed_community",
]

COMMUNITY, DESCRIBE, CATEGORY, CONSENT, CONTACT, CONFIRM = range(6)
ASKED = "asked"
"""Draft key: which question is on screen (keep, community, describe, category, ...)."""
_ECHO_LIMIT = 300
COMMUNITY_SUFFIXES = ("社区", "村", "居委会", "村委会")
"""Endings that alone name no community: 迎凤 names 迎凤社区, 社区 names nothing."""


def cancel_button() -> list[InlineKeyboardButton]:
    """A row with the 取消 button of the intake."""
    data = cb.IntakeButton("confirm", "no").pack()
    return [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=data)]


def step_keyboard(*rows: list[tuple[str, str, str]]) -> InlineKeyboardMarkup:
    """Inline buttons, one per row, as (label, step, value), then 取消."""
    buttons = [
        [InlineKeyboardButton(label, callback_data=cb.IntakeButton(step, value).pack())]
        for row in rows
        for label, step, value in row
    ]
    return InlineKeyboardMarkup([*buttons, cancel_button()])


def get_draft(context: BotContext) -> dict[str, Any]:
    """Return the resident's intake draft (created empty)."""
    return context.session.draft()


def is_minor(draft: dict[str, Any]) -> bool:
    """Return whether the draft's description (or question) says the resident is under 14.

    Derived each time rather than stored, so a draft from before a restart or an upgrade is
    judged by what it says, as the service judges it.
    """
    return says_under_14(draft.get("summary"), draft.get("question"))


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply to the update's message (HTML, the default) with ``markup``."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, reply_markup=markup)


def real_community(context: BotContext, community_id: object) -> Community | None:
    """Return the community if it may be shown to residents (not an example entry)."""
    if not isinstance(community_id, str):
        return None
    community = context.services.communities.community(community_id)
    return community if community is not None and not community.is_placeholder else None


def typed_community(context: BotContext, text: str) -> Community | None:
    """Return the real community a typed reply names (迎凤, 我在迎凤社区, 迎风), if just one."""
    return match_named(
        text,
        context.services.communities.real_communities,
        lambda community: community.name,
        suffixes=COMMUNITY_SUFFIXES,
        sound=sound_key,
    )


async def ask_known(update: Update, context: BotContext, prefix: str = "") -> int:
    """Ask whether the community chosen last time is still theirs."""
    draft = get_draft(context)
    community = real_community(context, draft.get("known"))
    if community is None:
        return await ask_community(update, context, prefix)
    draft[ASKED] = "keep"
    text = texts.INTAKE_KNOWN_COMMUNITY.format(community=escape(community.name))
    keyboard = step_keyboard(
        [(texts.BUTTON_SAME_COMMUNITY, "keep", "yes")],
        [(texts.BUTTON_OTHER_COMMUNITY, "keep", "no")],
    )
    await reply(update, prefix + text, keyboard)
    return COMMUNITY


async def ask_community(
    update: Update, context: BotContext, prefix: str = "", *, unsure: bool = False
) -> int:
    """Ask for the community (real ones only, never the example entries).

    ``unsure``: the resident said they do not know it; the office is offered to take it.
    """
    get_draft(context)[ASKED] = "community"
    rows = [
        [(community.name, "community", community.id)]
        for community in context.services.communities.real_communities
    ]
    if unsure:
        rows.append([(texts.BUTTON_COMMUNITY_UNSURE, "community", OFFICE_COMMUNITY)])
        prefix += texts.INTAKE_COMMUNITY_UNSURE.format(button=texts.BUTTON_COMMUNITY_UNSURE)
    await reply(update, prefix + texts.INTAKE_CHOOSE_COMMUNITY, step_keyboard(*rows))
    return COMMUNITY


def community_label(context: BotContext, community_id: str) -> str:
    """Return the community's name as the resident is shown it (the office's when left to it)."""
    if community_id == OFFICE_COMMUNITY:
        return texts.INTAKE_OFFICE_COMMUNITY
    community = context.services.communities.community(community_id)
    return community.name if community else community_id


async def ask_describe(update: Update, context: BotContext, prefix: str = "") -> int:
    """Ask for a description (offering the question the intake came from)."""
    draft = get_draft(context)
    draft[ASKED] = "describe"
    if draft.get("question"):
        text = texts.INTAKE_DESCRIBE_WITH_QUESTION.format(
            question=escape(draft["question"][:_ECHO_LIMIT])
        )
        keyboard = step_keyboard([(texts.BUTTON_USE_QUESTION, "question", "use")])
        await reply(update, prefix + text, keyboard)
    elif draft.get("matter"):
        text = texts.INTAKE_DESCRIBE_MATTER.format(
            matter=escape(draft["matter"]), limit=MAX_SUMMARY_CHARS
        )
        await reply(update, prefix + text, step_keyboard())
    else:
        text = texts.INTAKE_DESCRIBE.format(limit=MAX_SUMMARY_CHARS)
        await reply(update, prefix + text, step_keyboard())
    return DESCRIBE


async def ask_category(update: Update, context: BotContext, prefix: str = "") -> int:
    """Ask to confirm the guessed category (the list if there is none)."""
    draft = get_draft(context)
    if draft.get("category") not in category_ids():
        return await ask_categories(update, context, prefix)
    draft[ASKED] = "category"
    label = category_label(draft["category"])
    keyboard = step_keyboard(
        [(texts.BUTTON_CATEGORY_OK, "category", draft["category"])],
        [(texts.BUTTON_CATEGORY_OTHER, "category", "*")],
    )
    await reply(update, prefix + texts.INTAKE_CATEGORY.format(category=escape(label)), keyboard)
    return CATEGORY


async def ask_categories(update: Update, context: BotContext, prefix: str = "") -> int:
    """Offer every category."""
    get_draft(context)[ASKED] = "categories"
    rows = [[(category.label, "category", category.id)] for category in load_categories()]
    await reply(update, prefix + texts.INTAKE_CHOOSE_CATEGORY, step_keyboard(*rows))
    return CATEGORY


def category_ids() -> set[str]:
    """Return the ids of the categories."""
    return {category.id for category in load_categories()}


async def ask_consent(update: Update, context: BotContext, prefix: str = "") -> int:
    """Ask whether those who handle it may see their name and phone (a minor: offer none)."""
    draft = get_draft(context)
    draft[ASKED] = "consent"
    if is_minor(draft):
        keyboard = step_keyboard([(texts.BUTTON_CONSENT_MINOR, "consent", "no")])
        await reply(update, prefix + texts.INTAKE_CONSENT_MINOR, keyboard)
        return CONSENT
    draft["consent_version"] = texts.CONSENT_TEXT_VERSION  # the text they are shown
    keyboard = step_keyboard(
        [(texts.BUTTON_CONSENT_YES, "consent", "yes")],
        [(texts.BUTTON_CONSENT_NO, "consent", "no")],
    )
    await reply(update, prefix + texts.INTAKE_CONSENT, keyboard)
    return CONSENT


async def ask_contact(update: Update, context: BotContext, prefix: str = "") -> int:
    """Ask for name and phone."""
    get_draft(context)[ASKED] = "contact"
    await reply(update, prefix + texts.INTAKE_CONTACT, step_keyboard())
    return CONTACT


async def ask_confirm(update: Update, context: BotContext, prefix: str = "") -> int:
    """Show the whole request with 提交 and 取消."""
    draft = get_draft(context)
    if any(key not in draft for key in ("community", "category", "summary")):
        # Only a draft from an older version of the bot can lack them.
        return await ask_community(update, context, prefix)
    draft[ASKED] = "confirm"
    contact = texts.INTAKE_NO_CONTACT
    if draft.get("consent"):
        contact = escape(" ".join(part for part in (draft.get("name"), draft["phone"]) if part))
    text = texts.INTAKE_CONFIRM.format(
        community=escape(community_label(context, draft["community"])),
        category=escape(category_label(draft["category"])),
        contact=contact,
        summary=escape(draft["summary"]),
    )
    submit = [
        InlineKeyboardButton(
            texts.BUTTON_SUBMIT, callback_data=cb.IntakeButton("confirm", "yes").pack()
        )
    ]
    change = [
        InlineKeyboardButton(
            texts.BUTTON_EDIT_REQUEST, callback_data=cb.IntakeButton("confirm", "edit").pack()
        )
    ]
    await reply(update, prefix + text, InlineKeyboardMarkup([submit, change, cancel_button()]))
    return CONFIRM
