"""The bot under faults: a locked database, a Bot API that times out or fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot import texts
from knowledge import KnowledgeBase
from tests.e2e import bot_world


async def test_locked_database_still_answers_and_loses_nothing_later(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with bot_world(tmp_path, kb, db_busy_timeout_ms=100) as world:
        user = world.server.user(3001)
        blocker = sqlite3.connect(world.settings.db_path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            await user.send_text("工伤认定怎么申请")
            (answer,) = await user.wait_for_messages(1)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert texts.LEGAL_BASIS_HEADER in answer.text
        labels = [text for row in answer.buttons for text, _ in row]
        assert texts.BUTTON_HELPFUL not in labels  # nothing to attach feedback to
        assert texts.BUTTON_ADVISER in labels
        await user.send_text("离婚冷静期多久")
        (second,) = await user.wait_for_messages(1)
        assert texts.BUTTON_HELPFUL in [text for row in second.buttons for text, _ in row]
        with sqlite3.connect(world.settings.db_path) as conn:
            logged = conn.execute("SELECT text FROM questions WHERE user_id = 3001").fetchall()
        assert logged == [("离婚冷静期多久",)]


async def test_bot_api_timeout_is_survived(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with bot_world(tmp_path, kb, api_timeout=0.3) as world:
        user = world.server.user(3002)
        world.server.faults.delay_next("sendMessage", 1.0)
        await user.send_text("工伤认定怎么申请")
        (late,) = await user.wait_for_messages(1, timeout=5)
        assert "工伤" in late.text  # delivered although the bot gave up waiting
        await user.send_text("离婚冷静期多久")
        (answer,) = await user.wait_for_messages(1)
        assert "离婚" in answer.text
        assert texts.INTERNAL_ERROR not in [m.text for m in user.transcript()]


async def test_bot_api_error_tells_the_user(tmp_path: Path, kb: KnowledgeBase) -> None:
    async with bot_world(tmp_path, kb) as world:
        user = world.server.user(3003)
        world.server.faults.fail_next(
            "sendMessage", error_code=500, description="Internal Server Error"
        )
        await user.send_text("工伤认定怎么申请")
        (notice,) = await user.wait_for_messages(1)
        assert notice.text == texts.INTERNAL_ERROR
        with sqlite3.connect(world.settings.db_path) as conn:
            (count,) = conn.execute("SELECT count(*) FROM questions").fetchone()
        assert count == 1  # the question is logged even though its answer failed
