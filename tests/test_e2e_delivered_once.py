"""A relayed message reaches the other side once, however its send ended.

The two ways the chaos benchmark found a relay delivered twice, each reproduced over real
HTTP: a send Telegram took but answered late (past the request timeout), and a send Telegram
took whose "sent" mark never reached the database (a kill, here a lock, in between).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import SandboxUser
from knowledge import KnowledgeBase
from tests.e2e import ADVISER, Scene, one
from tests.test_e2e_consult import filed_consultation

API_TIMEOUT = 2.0


@pytest.fixture
async def consultation(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[tuple[Scene, int]]:
    """A filed consultation the adviser saw; a short Bot API timeout and database wait."""
    async with filed_consultation(
        tmp_path, kb, api_timeout=API_TIMEOUT, db_busy_timeout_ms=200
    ) as filed:
        yield filed


def carrying(user: SandboxUser, token: str) -> int:
    """How many of the bot's messages to ``user`` carry ``token``."""
    return sum(token in message.text for message in user.transcript())


async def test_a_relay_answered_after_the_timeout_is_not_sent_again(
    consultation: tuple[Scene, int],
) -> None:
    scene, _ = consultation
    # Telegram takes the relay but answers a second after the bot's usual timeout.
    scene.server.faults.delay_next("sendMessage", API_TIMEOUT + 1.0, chat_id=ADVISER)
    await scene.resident.send_text("我有考勤表 [T1]")
    await one(scene.resident)  # 已转给
    await asyncio.sleep(API_TIMEOUT + 4.0)  # past any retry of the outbox
    assert carrying(scene.adviser, "[T1]") == 1


async def test_a_relay_taken_but_not_marked_sent_is_not_sent_again(
    consultation: tuple[Scene, int],
) -> None:
    scene, number = consultation
    # Telegram takes the relay; before the bot can record that, its database is locked
    # (as a kill would stop it): the next drain must not send it a second time.
    scene.server.faults.delay_next("sendMessage", 1.0, chat_id=ADVISER)
    await scene.resident.send_text("我有考勤表 [T2]")
    await one(scene.resident)  # 已转给
    blocker = sqlite3.connect(scene.settings.db_path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        await scene.adviser.wait_for_messages(1, timeout=5)
        await asyncio.sleep(0.5)  # the mark fails on the lock
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await asyncio.sleep(3.0)  # several drains later
    assert carrying(scene.adviser, "[T2]") == 1
    (row,) = scene.rows(
        "SELECT sent_at, message_id FROM outbox WHERE consultation_id = ? AND payload LIKE ?",
        number,
        "%[T2]%",
    )
    assert row["sent_at"] is not None
    relayed = next(m for m in scene.adviser.transcript() if "[T2]" in m.text)
    assert row["message_id"] == relayed.message_id
