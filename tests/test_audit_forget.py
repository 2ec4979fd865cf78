"""Forgetting a resident, checked against every table and column of the schema (offline).

The victim of ``tests/audit_scene.py`` (a question, a consultation with name and phone,
relayed messages, a rating, a 普法 subscription, nickname and check-in, an unfinished
intake) confirms ``/forget``. Then no column of any table holds their id or a canary, the
personal columns named below hold nothing of theirs, no file the bot writes (the database
and its WAL included, as bytes) holds a canary, the staff's figures are the same, and their
next message starts afresh.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from bot import texts
from bot.backup import backup_database
from knowledge import KnowledgeBase
from tests.audit_scene import (
    NAME,
    STAFF,
    VICTIM,
    VICTIM_ADVISER,
    VICTIM_CANARIES,
    files_with_canaries,
    set_up,
    table_columns,
)
from tests.offline import offline_bot

PERSONAL: dict[str, set[str]] = {
    "residents": {"user_id", "community_id"},
    "questions": {"user_id", "text", "feedback_note", "update_id", "source_chat_id"},
    "consultations": {"resident_id", "summary", "question_text", "contact_name"}
    | {"contact_phone", "urgent_reason", "source_chat_id"},
    "consultation_messages": {"sender_id", "text", "file_id", "source_chat_id"},
    "consultation_events": {"actor_id", "detail"},
    "consents": {"resident_id"},
    "relay_map": {"chat_id"},
    "outbox": {"chat_id", "payload"},
    "inbox": {"payload"},
    "persisted_user_data": {"user_id", "data"},
    "persisted_conversations": {"user_id", "conv_key"},
    "legal_aid_applications": {"household_size", "monthly_income"},
    "mediation_requests": {"other_party_relation", "other_party_name", "wanted"},
    "question_person_times": {"user_id"},
    "quiz_series": {"user_id", "chat_id"},
    "quiz_nicknames": {"user_id", "nickname"},
    "checkins": {"user_id"},
    "checkin_reminders": {"user_id", "chat_id"},
    "subscriptions": {"user_id"},
    "subscription_offers": {"user_id"},
    "campaign_sends": {"chat_id"},
}
"""The columns that hold a resident's id or words (advisers' and staff's tables left out)."""


def traces(db_path: Path, user_id: int) -> list[str]:
    """Every cell of every table that holds ``user_id`` or one of the victim's canaries."""
    id_in_text = re.compile(rf"(?<![0-9]){user_id}(?![0-9])")
    found = []
    with sqlite3.connect(db_path) as conn:
        for table, columns in table_columns(db_path).items():
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for column, cell in zip(columns, row, strict=True):
                    text = cell.decode(errors="replace") if isinstance(cell, bytes) else cell
                    if cell == user_id or (
                        isinstance(text, str)
                        and (id_in_text.search(text) or any(c in text for c in VICTIM_CANARIES))
                    ):
                        found.append(f"{table}.{column} = {str(cell)[:80]!r}")
    return found


async def test_forgetting_leaves_no_trace_in_any_table_or_file(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as bot:
        scene = await set_up(bot)
        schema = table_columns(bot.services.settings.db_path)
        for table, columns in PERSONAL.items():
            assert columns <= set(schema[table]), (table, columns - set(schema[table]))
        await bot.consultations.close(VICTIM_ADVISER, scene.claimed, "answered")
        await bot.consultations.rate(VICTIM, scene.claimed, 5, resolved=True)
        for command in ("/subscribe", f"/nickname {NAME}", "/checkin"):
            await bot.say(VICTIM, command)
        await bot.say(VICTIM, "/adviser")
        await bot.say(VICTIM, f"{NAME}的事：雀鸣巷仓库又来了")  # an unfinished intake
        year = bot.clock().strftime("%Y")
        before = await bot.services.stats.summary(year)
        db_path = bot.services.settings.db_path
        assert traces(db_path, VICTIM)
        # As in a deployment running for a while: the rows are in the file itself, not
        # only in the write-ahead log (SQLite checkpoints every 1000 pages).
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert files_with_canaries(tmp_path) == ["bot.db"]

        await bot.say(VICTIM, "/cancel")
        (ask,) = [c for c in await bot.say(VICTIM, "/forget") if c.buttons]
        done = await bot.tap(VICTIM, ask, texts.BUTTON_PRIVACY_CONFIRM_FORGET)
        assert any(texts.PRIVACY_FORGOTTEN in c.text for c in done), [c.text for c in done]

        assert traces(db_path, VICTIM) == []
        assert files_with_canaries(tmp_path) == []
        assert await bot.services.stats.summary(year) == before
        # Their next message starts afresh: a question, not relayed, nothing remembered.
        told = await bot.say(VICTIM, "你好")
        assert all(c.chat_id == VICTIM for c in told)
        summary = await bot.services.privacy.summary(VICTIM)
        assert summary.active is None
        assert not summary.held


async def test_a_backup_taken_before_forgetting_still_holds_the_resident(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    """What docs/privacy.md says of backups: older copies keep them until they are deleted."""
    async with offline_bot(tmp_path / "bot", kb, staff_ids=frozenset({STAFF})) as bot:
        scene = await set_up(bot)
        await bot.consultations.close(VICTIM_ADVISER, scene.claimed, "answered")
        db_path = bot.services.settings.db_path
        backups = tmp_path / "backups"
        backup_database(db_path, backups / "before.db")
        said = await bot.say(VICTIM, "/forget")
        confirm = texts.BUTTON_PRIVACY_CONFIRM_FORGET
        (ask,) = [c for c in said if confirm in [label for label, _ in c.buttons]]
        done = await bot.tap(VICTIM, ask, confirm)
        assert any(texts.PRIVACY_FORGOTTEN in c.text for c in done), [c.text for c in done]
        backup_database(db_path, backups / "after.db")
        assert files_with_canaries(backups) == ["before.db"]
        assert traces(backups / "after.db", VICTIM) == []
