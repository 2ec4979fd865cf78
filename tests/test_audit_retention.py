"""Retention, checked against the bytes of every file the bot writes (offline).

The victim of ``tests/audit_scene.py`` (a question, a consultation with name, phone and
relayed messages) is closed and rated; a year and more later the daily retention job runs.
Then no file the bot writes (the database and its write-ahead log, as bytes) holds the
victim's words, though their rows stay, counted, as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from knowledge import KnowledgeBase
from tests.audit_scene import STAFF, VICTIM, VICTIM_ADVISER, files_with_canaries, set_up
from tests.offline import offline_bot

NOW_DEPENDENT = {"generated_at", "backlog"}
"""The parts of the staff's report that are about today, not about the period."""


async def test_retention_leaves_no_erased_words_in_any_file(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as bot:
        scene = await set_up(bot)
        await bot.consultations.close(VICTIM_ADVISER, scene.claimed, "answered")
        await bot.consultations.rate(VICTIM, scene.claimed, 5, resolved=True)
        await bot.say(VICTIM, "/cancel")
        year = bot.clock().strftime("%Y")
        before = (await bot.services.stats.summary(year)).model_dump(exclude=NOW_DEPENDENT)
        db_path = bot.services.settings.db_path
        # As in a deployment running for a while: the rows are in the file itself, not
        # only in the write-ahead log (SQLite checkpoints every 1000 pages).
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert files_with_canaries(tmp_path) == ["bot.db"]

        bot.clock.advance(days=400)
        await bot.run_job("retention")

        assert files_with_canaries(tmp_path) == []
        after = await bot.services.stats.summary(year)
        assert after.model_dump(exclude=NOW_DEPENDENT) == before
        with sqlite3.connect(db_path) as conn:
            (kept,) = conn.execute(
                "SELECT count(*) FROM consultations WHERE resident_id = ?", (VICTIM,)
            ).fetchone()
        assert kept == 1
