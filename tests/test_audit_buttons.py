"""Every button the application registers, pressed with forged or borrowed data by intruders.

The handlers are read from the application at test time (every group, and inside each
conversation), and the data is generated from the callback-data declarations
(``handlers.callback_data``): every kind, every choice of its fields, with the numbers of the
scene's consultations, question and invite. A test fails when a registered handler matches
none of the generated data, so a new button is checked without anyone adding it here.

Each intruder (a stranger, another resident, an adviser of another community, a deactivated
adviser) presses each data: the press is answered, nobody else hears of it, nothing of the
victims is shown, and no row that is not the intruder's own changes.
"""

from __future__ import annotations

import itertools
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.services.kb_admin import gap_key
from handlers import callback_data as cb
from knowledge import KnowledgeBase
from tests.audit_scene import (
    INTRUDERS,
    QUESTION,
    STAFF,
    Scene,
    intrude,
    set_up,
)
from tests.offline import OfflineBot, SentCall, offline_bot


def registered_handlers(handlers: Any) -> Iterator[BaseHandler[Any, Any, Any]]:
    """Every handler in ``handlers`` (an application's groups, or a list), conversations opened."""
    groups = handlers.values() if isinstance(handlers, dict) else [handlers]
    for group in groups:
        for handler in group:
            yield handler
            if isinstance(handler, ConversationHandler):
                inner = [*handler.entry_points, *handler.fallbacks]
                inner += [h for states in handler.states.values() for h in states]
                yield from registered_handlers(inner)


def pattern_words(handlers: list[CallbackQueryHandler[Any, Any]]) -> set[str]:
    """The field values the registered patterns ask for (``pattern(step=..., value="yes")``)."""
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            words.add(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, tuple | frozenset | set):
            for inner in value:
                walk(inner)

    for handler in handlers:
        for cell in getattr(handler.pattern, "__closure__", None) or ():
            walk(cell.cell_contents)
    return words


def field_samples(field: cb.Field, scene: Scene, item_id: str, words: set[str]) -> list[str]:
    """Texts for one field: each of its choices, or the scene's numbers, or a few values."""
    owner = getattr(field.load, "__self__", None)
    if isinstance(owner, dict):  # a choice (an enum or a fixed set): every key
        samples = [str(key) for key in owner]
    elif field.load is int:
        numbers = {scene.claimed, scene.waiting, scene.question, scene.invite, 999_999}
        samples = [str(n) for n in sorted(numbers)]
        if re.fullmatch(field.regex, "0"):
            samples.append("0")
    elif field.regex == cb.ITEM_ID.regex:
        samples = [item_id]
    elif field.regex == cb.WORD.regex:  # a step: every step any kind declares
        steps = set()
        for name, value in vars(cb).items():
            if name.endswith("_STEPS"):
                steps |= set(value)
        samples = sorted(steps | words)
    elif field.regex == cb.GAP_KEY.regex:
        samples = [gap_key(QUESTION), "0" * 12]
    elif field.regex == cb.VALUE.regex:
        samples = sorted({"yingfeng", f"d{STAFF}", "1"} | words)
    else:  # a time and the like: whatever matches a digit pattern
        samples = ["0800"]
    samples = [s for s in samples if re.fullmatch(field.regex, s)]
    assert samples, f"no sample matches {field.regex!r}"
    return [*samples, ""] if field.optional else samples


def forged_data(
    scene: Scene, item_id: str, buttons: list[CallbackQueryHandler[Any, Any]], probe: Any
) -> list[str]:
    """Callback data of every declared kind and field choice, legacy forms, and garbage.

    Per kind, every choice (an action, an answer) is crossed with every number; the other
    fields are varied one at a time. Where a registered pattern asks for a combination that
    leaves out, the first one of the full product it matches is added.
    """
    words = pattern_words(buttons)
    data: list[str] = []
    full: list[str] = []

    def pack(kind: type[cb.Button], values: tuple[str, ...]) -> str:
        return "|".join([cb.VERSION, kind.KIND, *values]).rstrip("|")

    for kind in typing.get_args(cb.CallbackData):
        samples = [field_samples(f, scene, item_id, words) for f in kind.FIELDS]
        crossed = [
            isinstance(getattr(f.load, "__self__", None), dict) or f.load is int
            for f in kind.FIELDS
        ]
        base = tuple(s[0] for s in samples)
        grid = [s if c else s[:1] for s, c in zip(samples, crossed, strict=True)]
        data += [pack(kind, values) for values in itertools.product(*grid)]
        for position, (options, was_crossed) in enumerate(zip(samples, crossed, strict=True)):
            if not was_crossed:
                data += [pack(kind, (*base[:position], o, *base[position + 1 :])) for o in options]
        full += [pack(kind, values) for values in itertools.product(*samples)]
    for handler in buttons:
        if not any(handler.check_update(probe(d)) for d in data):
            data += [next(d for d in full if handler.check_update(probe(d)))]
    for kind, actions in cb._LEGACY_ACTIONS.items():
        data += [f"{cb.LEGACY_VERSION}|{kind}|{old}|{scene.claimed}" for old in actions]
    data += ["garbage", "2|c|claim|", "2|c|claim|-1", "2|zz|1", "2|c|claim|1|x|y", "9" * 64]
    return sorted(set(data))


def _message(presser: int) -> SentCall:
    return SentCall("sendMessage", {"chat_id": presser, "text": ""}, message_id=1)


async def test_every_registered_button_refuses_intruders(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as bot:
        scene = await set_up(bot)
        buttons = [
            h
            for h in registered_handlers(bot.application.handlers)
            if isinstance(h, CallbackQueryHandler)
        ]
        on = _message(9)

        def probe(data: str) -> Any:
            return bot.press(9, on, data)

        data = forged_data(scene, kb.items[0].id, buttons, probe)
        # Every registered pattern is exercised by some generated data.
        for handler in buttons:
            assert any(handler.check_update(probe(d)) for d in data), handler

        failures: list[str] = []
        for role, presser in INTRUDERS.items():
            for forged in data:
                failures += await press_once(bot, scene, role, presser, forged)
        assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


async def press_once(
    bot: OfflineBot, scene: Scene, role: str, presser: int, forged: str
) -> list[str]:
    """``presser`` presses ``forged``; return what went wrong (nothing when refused well)."""
    where = f"{role} {presser} pressed {forged!r}"
    calls, problems = await intrude(bot, presser, bot.press(presser, _message(presser), forged))
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    shown = [c for c in calls if c.chat_id == presser]
    if not answers:
        problems.append("the press was never answered")
    elif not (any(a.params.get("text") for a in answers) or shown):
        problems.append("answered without a word")
    return [f"{where}: {p}" for p in problems]
