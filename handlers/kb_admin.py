"""Staff maintain the knowledge base: /kb export, gaps, log; uploaded item files; gap buttons.

The use cases (``bot.services.kb_admin``) refuse anyone who is not staff, on every update,
buttons included; these handlers parse, call one use case and reply.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from io import BytesIO

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot import texts
from bot.context import BotContext
from bot.services import Conflict, InvalidInput, NotFound, ServiceError
from bot.services.kb_admin import Gap, KbAdminService, KbChangeKind, RejectReason, UploadRejected
from bot.services.kb_files import MAX_UPLOAD_BYTES
from handlers import callback_data as cb
from handlers.errors import explain
from handlers.render import escape, split_html
from knowledge import Problem

__all__ = ["on_button", "on_document", "on_kb"]

log = logging.getLogger(__name__)

MAX_PROBLEMS = 15
"""Problems of a rejected upload listed in the reply; the rest are counted."""
LOG_LINES = 20


def _admin(context: BotContext) -> KbAdminService:
    return context.services.kb_admin


async def on_kb(update: Update, context: BotContext) -> None:
    """/kb export | gaps | log; anything else shows the usage."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    action = (context.args or [""])[0].lower()
    try:
        if action == "export":
            await _export(message, context, user.id)
        elif action == "gaps":
            await _gaps(message, context, user.id)
        elif action == "log":
            await _log(message, context, user.id)
        else:
            _admin(context).require_staff(user.id)
            await message.reply_text(texts.KB_USAGE)
    except ServiceError as exc:
        await message.reply_text(explain(exc))


async def _export(message: Message, context: BotContext, user_id: int) -> None:
    export = await _admin(context).export(user_id)
    await message.reply_document(
        InputFile(BytesIO(export.data), filename=export.filename),
        caption=texts.KB_EXPORT_CAPTION.format(count=export.items),
    )


async def _gaps(message: Message, context: BotContext, user_id: int) -> None:
    gaps = await _admin(context).gaps(user_id)
    if not gaps:
        await message.reply_text(texts.KB_GAPS_EMPTY)
        return
    lines = [texts.KB_GAPS_HEADER]
    lines += [
        texts.KB_GAP_LINE.format(
            number=number, text=escape(gap.text), count=gap.count, residents=gap.residents
        )
        for number, gap in enumerate(gaps, 1)
    ]
    buttons = [
        [
            InlineKeyboardButton(
                texts.KB_GAP_BUTTON.format(number=number),
                callback_data=cb.GapButton(gap.key).pack(),
            )
        ]
        for number, gap in enumerate(gaps, 1)
    ]
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))


async def _log(message: Message, context: BotContext, user_id: int) -> None:
    changes = await _admin(context).changes(user_id, limit=LOG_LINES)
    if not changes:
        await message.reply_text(texts.KB_LOG_EMPTY)
        return
    tz = context.services.settings.tz
    lines = [texts.KB_LOG_HEADER.format(count=len(changes))]
    lines += [
        texts.KB_LOG_LINE.format(
            time=change.changed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            staff=change.staff_id,
            what=_change_text(change.kind, change.item_id, change.detail),
        )
        for change in changes
    ]
    for part in split_html("\n".join(lines)):
        await message.reply_text(part)


def _change_text(kind: KbChangeKind, item_id: str, detail: str) -> str:
    return texts.KB_CHANGE_KINDS[kind.value].format(item=escape(item_id), detail=escape(detail))


async def on_document(update: Update, context: BotContext) -> None:
    """A staff member sent an item file or a zip: check it, apply it, say what changed."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    document = message.document
    name = document.file_name or ""
    try:
        # Checked before downloading anything (the use case checks again).
        _admin(context).require_staff(user.id)
        if document.file_size is not None and document.file_size > MAX_UPLOAD_BYTES:
            raise UploadRejected(RejectReason.TOO_LARGE, name=name)
        try:
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("knowledge upload not downloaded: %s", exc)
            await message.reply_text(texts.KB_DOWNLOAD_FAILED)
            return
        await message.reply_chat_action(ChatAction.TYPING)  # the checks take a moment
        applied = await _admin(context).upload(user.id, name, data)
    except UploadRejected as exc:
        for part in split_html(_rejection(exc)):
            await message.reply_text(part)
        return
    except ServiceError as exc:
        await message.reply_text(explain(exc))
        return
    lines = "\n".join(
        "· " + _change_text(change.kind, change.item_id, change.detail)
        for change in applied.changes
    )
    await message.reply_text(texts.KB_APPLIED.format(count=applied.items, lines=lines))


def _rejection(error: UploadRejected) -> str:
    """Return the reply to a rejected upload: its reason, or each problem by file and line."""
    if error.reason is not RejectReason.INVALID:
        return texts.KB_REJECT_REASONS[error.reason.value].format(name=escape(error.name))
    lines = [_problem_line(problem) for problem in error.problems[:MAX_PROBLEMS]]
    if len(error.problems) > MAX_PROBLEMS:
        lines.append(texts.KB_PROBLEMS_MORE.format(count=len(error.problems) - MAX_PROBLEMS))
    return texts.KB_REJECTED.format(name=escape(error.name), lines="\n".join(lines))


def _problem_line(problem: Problem) -> str:
    """One problem in Chinese: file, line, field, and the loader's message translated."""
    file = texts.KB_PROBLEM_WHOLE if str(problem.file) == "." else str(problem.file)
    field = texts.KB_PROBLEM_NO_FIELD if problem.field == "-" else problem.field
    message = _translated(problem.message)
    template = texts.KB_PROBLEM_LINE if problem.line > 0 else texts.KB_PROBLEM_LINE_NO_LINE
    return template.format(
        file=escape(file), line=problem.line, field=escape(field), message=escape(message)
    )


def _translated(message: str, table: Sequence[tuple[str, str]] = texts.KB_PROBLEM_MESSAGES) -> str:
    for english, chinese in table:
        if english in message:
            return f"{chinese}（{message}）"
    return message


async def on_button(update: Update, context: BotContext) -> None:
    """A /kb gaps button: show a gap's candidate items, or attach the gap to one of them."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    button = cb.parse(query.data)
    if not isinstance(button, cb.GapButton | cb.GapAttachButton):
        await query.answer(texts.STALE_BUTTON)
        return
    try:
        if isinstance(button, cb.GapButton):
            gap = await _admin(context).gap(user.id, button.gap)
            await query.answer()
            await _offer_items(query.message, context, gap)
            return
        # Acknowledged once found valid: the check and rebuild that follow take a moment.
        attached = await _admin(context).attach(
            user.id, button.gap, button.item_id, accepted=query.answer
        )
    except NotFound:
        await query.answer(texts.KB_GAP_STALE, show_alert=True)
        return
    except InvalidInput:
        await query.answer(texts.KB_GAP_NOT_CANDIDATE, show_alert=True)
        return
    except Conflict:
        await query.answer(texts.KB_GAP_ALREADY, show_alert=True)
        return
    except UploadRejected as exc:
        if query.message is not None:
            await context.bot.send_message(query.message.chat.id, _rejection(exc))
        return
    except ServiceError as exc:
        await query.answer(explain(exc), show_alert=True)
        return
    done = texts.KB_GAP_ATTACHED.format(
        text=escape(attached.text), title=escape(attached.title), item=attached.item_id
    )
    effect = texts.KB_GAP_ANSWERED_NOW if attached.answered_now else texts.KB_GAP_NOT_YET
    await query.edit_message_text(f"{done}\n{effect}")


def _fits(gap: str, item_id: str) -> bool:
    """Return whether the attach button of ``item_id`` fits Telegram's callback-data limit."""
    try:
        cb.GapAttachButton(gap, item_id).pack()
    except ValueError:
        return False
    return True


async def _offer_items(message: object, context: BotContext, gap: Gap) -> None:
    """Send the gap's candidate items as buttons (or say there are none)."""
    if not isinstance(message, Message):
        return
    if not gap.candidates:
        await message.reply_text(texts.KB_GAP_NO_CANDIDATES.format(text=escape(gap.text)))
        return
    buttons = [
        [
            InlineKeyboardButton(
                f"{candidate.title}（{candidate.item_id}）",
                callback_data=cb.GapAttachButton(gap.key, candidate.item_id).pack(),
            )
        ]
        for candidate in gap.candidates
        if _fits(gap.key, candidate.item_id)
    ]
    await message.reply_text(
        texts.KB_GAP_PICK.format(text=escape(gap.text)), reply_markup=InlineKeyboardMarkup(buttons)
    )
