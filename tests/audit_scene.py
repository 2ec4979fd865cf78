"""The audit's scene: people of every role around two residents' consultations (offline).

``tests/test_audit_*.py`` check access, privacy and bad input systematically against it: every
registered button and command, pressed or sent by each role that must be refused; forgetting
checked against every table of the schema. The residents' personal details are canaries,
strings that appear nowhere else, so a leak into a message, a log or a table is found by a
plain substring search.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update

from tests.offline import OfflineBot, SentCall
from tests.test_handlers_staff import register

__all__ = [
    "CANARIES",
    "DEACTIVATED",
    "INTRUDERS",
    "NAME",
    "OTHER_COMMUNITY_ADVISER",
    "RESIDENT",
    "STAFF",
    "STRANGER",
    "VICTIM",
    "VICTIM_ADVISER",
    "VICTIM_CANARIES",
    "WAITING_VICTIM",
    "Scene",
    "calls_text",
    "db_changes",
    "files_with_canaries",
    "intrude",
    "set_up",
    "snapshot",
    "table_columns",
]

STAFF = 9001
VICTIM_ADVISER = 6001
"""迎凤社区's adviser, who holds the victim's consultation."""
OTHER_COMMUNITY_ADVISER = 6002
"""The adviser of 示例村一: another community."""
DEACTIVATED = 6003
"""Was 迎凤社区's adviser; staff deactivated them."""
VICTIM = 5001
"""A resident with a claimed consultation, contact details given with consent."""
WAITING_VICTIM = 5003
"""A resident whose consultation waits in 迎凤社区's queue."""
RESIDENT = 5002
"""Another resident, who has used the bot."""
STRANGER = 5999
"""Somebody who never wrote to the bot."""

INTRUDERS = {
    "stranger": STRANGER,
    "resident": RESIDENT,
    "adviser of another community": OTHER_COMMUNITY_ADVISER,
    "deactivated adviser": DEACTIVATED,
}
"""Everyone who must be refused anything about the victims' consultations."""

NAME = "柯蓝雀"
PHONE = "13977776666"
DESCRIPTION = "雀鸣巷仓库老板扣押我的身份证"
QUESTION = "雀鸣巷仓库扣押身份证怎么办"
WAITING_DESCRIPTION = "鹭洲菜场摊位押金不退"
VICTIM_CANARIES = (NAME, PHONE, "雀鸣巷")
"""Substrings of ``VICTIM``'s personal details that nothing else contains."""
CANARIES = (*VICTIM_CANARIES, "鹭洲菜场")
"""Substrings of both victims' personal details."""


@dataclass(frozen=True, slots=True)
class Scene:
    """The numbers an intruder might forge buttons and commands with."""

    claimed: int
    """The victim's consultation, held by ``VICTIM_ADVISER``."""
    waiting: int
    """``WAITING_VICTIM``'s consultation, in the queue."""
    question: int
    """The victim's logged question."""
    invite: int
    """An unused invite (rowid), made by staff."""


def rows(bot: OfflineBot, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Query the bot's database directly."""
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [tuple(row) for row in conn.execute(sql, params)]


async def set_up(bot: OfflineBot) -> Scene:
    """Register the advisers, open both consultations, ask questions; return the numbers."""
    await register(bot, VICTIM_ADVISER, "迎凤社区")
    await register(bot, OTHER_COMMUNITY_ADVISER, "示例村一（请替换为实际村名）")
    await register(bot, DEACTIVATED, "迎凤社区")
    await bot.say(STAFF, f"/deactivate {DEACTIVATED}")
    await bot.say(VICTIM, QUESTION)
    await bot.say(RESIDENT, "劳动合同到期不续签有补偿吗")
    ((question,),) = rows(bot, "SELECT id FROM questions WHERE user_id = ?", (VICTIM,))
    opened = await bot.consultations.open_consultation(
        VICTIM,
        "yingfeng",
        "labor",
        DESCRIPTION,
        consent=True,
        contact_name=NAME,
        contact_phone=PHONE,
        question_text=QUESTION,
    )
    claimed = opened.consultation.id
    await bot.consultations.claim(VICTIM_ADVISER, claimed)
    waiting = await bot.consultations.open_consultation(
        WAITING_VICTIM, "yingfeng", "labor", WAITING_DESCRIPTION, consent=False
    )
    await bot.services.outbox.flush(bot.application.bot)
    await bot.say(VICTIM_ADVISER, f"/reply {claimed} 请带上劳动合同")
    await bot.say(VICTIM, "好的，我明天带过去")
    await bot.say(STAFF, "/invite 迎凤社区")
    ((invite,),) = rows(bot, "SELECT max(rowid) FROM invites WHERE used_by IS NULL")
    return Scene(claimed, waiting.consultation.id, question, invite)


def table_columns(db_path: Path) -> dict[str, list[str]]:
    """Every table of the schema (SQLite's own left out) and its columns, as the file says."""
    with sqlite3.connect(db_path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def files_with_canaries(folder: Path, canaries: Iterable[str] = VICTIM_CANARIES) -> list[str]:
    """The files under ``folder`` whose bytes hold one of ``canaries`` (UTF-8)."""
    needles = [c.encode() for c in canaries]
    return [
        str(path.relative_to(folder))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (rowid included where there is one), sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(db_path) as conn:
        for table in table_columns(db_path):
            found = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            out[table] = sorted((tuple(r) for r in found), key=repr)
    return out


def calls_text(calls: Iterable[SentCall]) -> str:
    """Everything the calls carried (texts, buttons, files' names), as one string."""
    return "\n".join(json.dumps(c.params, ensure_ascii=False, default=str) for c in calls)


def others_ids() -> set[int]:
    """Everyone of the scene who is not pressing (the intruders among themselves included)."""
    return {value for name, value in globals().items() if name.isupper() and isinstance(value, int)}


def db_changes(
    before: dict[str, list[tuple[Any, ...]]],
    after: dict[str, list[tuple[Any, ...]]],
    presser: int,
) -> list[str]:
    """Rows changed that are not the presser's own (a removed row must carry their id)."""
    others = others_ids() - {presser}
    problems = []
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        for row in old - new:
            if presser not in row:
                problems.append(f"{table}: changed or removed {row!r}")
        for row in new - old:
            if others & set(row):
                problems.append(f"{table}: added {row!r} (someone else's id)")
    return problems


async def intrude(
    bot: OfflineBot, intruder: int, update: Update
) -> tuple[list[SentCall], list[str]]:
    """Send ``update`` from ``intruder``; return the calls and what went wrong.

    Wrong: a row not the intruder's own changed, somebody else was sent anything, a victim's
    canary was in what the bot sent. Any conversation it opened is then cancelled.
    """
    db_path = bot.services.settings.db_path
    before = snapshot(db_path)
    calls = await bot.send(update)
    problems = db_changes(before, snapshot(db_path), intruder)
    elsewhere = [c for c in calls if c.method != "answerCallbackQuery" and c.chat_id != intruder]
    if elsewhere:
        problems.append(f"others were told: {calls_text(elsewhere)[:200]}")
    leaked = [canary for canary in CANARIES if canary in calls_text(calls)]
    if leaked:
        problems.append(f"shown {leaked}")
    await bot.say(intruder, "/cancel")  # leave no conversation open for the next one
    return calls, problems
