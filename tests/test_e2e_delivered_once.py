"""A relayed message reaches the other side once, however its send ended.

The two ways the chaos benchmark found a relay delivered twice, each reproduced over real
HTTP: a send Telegram took but answered late (past the request timeout), and a send Telegram
took whose "sent" mark never reached the database (a lock, or a SIGKILL, in between). And a
replayed button press whose answer went before the kill is not met with an apology.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import ADVISER, STAFF, Scene, eventually, invite, make_scene, one, sandbox_settings
from tests.test_e2e_consult import file_consultation, filed_consultation
from tests.test_e2e_inbox import bot_process, inbox_rows, is_up, kill, wait_for_call

API_TIMEOUT = 2.0


@pytest.fixture
async def consultation(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[tuple[Scene, int]]:
    """A filed consultation the adviser saw; a short Bot API timeout and database wait."""
    async with filed_consultation(
        tmp_path, kb, api_timeout=API_TIMEOUT, db_busy_timeout_ms=200
    ) as filed:
        yield filed


def answered_queries(server: SandboxServer) -> int:
    """How many ``answerCallbackQuery`` calls reached the sandbox."""
    return sum(call.method == "answerCallbackQuery" for call in server.world.calls)


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
        await scene.adviser.wait_for_messages(1)
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


async def test_a_relay_taken_just_before_a_kill_is_not_sent_again_after_it(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        scene = make_scene(server, sandbox_settings(server, tmp_path), kb)
        settings = {"STAFF_IDS": str(STAFF), "DB_BUSY_TIMEOUT_MS": "10000"}
        async with bot_process(server, tmp_path, **settings) as first:
            await is_up(server)
            await invite(scene, scene.adviser, "迎凤社区")
            await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
            await one(scene.adviser)  # the card
            # Telegram takes the relay; its mark waits on a lock, and the kill comes then.
            server.faults.delay_next("sendMessage", 1.0, chat_id=ADVISER)
            sent_before = sum(
                c.method == "sendMessage" and str(c.params.get("chat_id")) == str(ADVISER)
                for c in server.world.calls
            )
            await scene.resident.send_text("我有考勤表 [K1]")
            await one(scene.resident)  # 已转给
            await wait_for_call(server, "sendMessage", ADVISER, count=sent_before + 1)
            blocker = sqlite3.connect(scene.settings.db_path, isolation_level=None)
            try:
                blocker.execute("BEGIN EXCLUSIVE")  # while the relay is with Telegram
                await scene.adviser.wait_for_messages(1)
                await asyncio.sleep(0.5)  # the mark waits for the lock
                await kill(first)
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
        async with bot_process(server, tmp_path, **settings):
            await is_up(server)
            await asyncio.sleep(2.0)  # the drain has settled the outbox by now
        assert carrying(scene.adviser, "[K1]") == 1


async def test_a_replayed_button_press_whose_answer_went_before_the_kill_gets_no_apology(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        scene = make_scene(server, sandbox_settings(server, tmp_path), kb)
        settings = {"STAFF_IDS": str(STAFF)}
        async with bot_process(server, tmp_path, **settings) as first:
            await is_up(server)
            await invite(scene, scene.adviser, "迎凤社区")
            await file_consultation(scene, scene.resident, "老板拖欠工资三个月了，怎么要回来")
            card = await one(scene.adviser)
            # The claim commits; its callback answer is with Telegram when the bot is killed,
            # and Telegram shows it. The restart handles the press again.
            server.faults.delay_next("answerCallbackQuery", 2.0)
            answers = answered_queries(server)
            await scene.adviser.press(card, texts.BUTTON_CLAIM)
            await eventually(lambda: answered_queries(server) > answers, "the press answered")
            await asyncio.sleep(0.3)
            await kill(first)
        async with bot_process(server, tmp_path, **settings):
            await is_up(server)
            await asyncio.sleep(2.0)  # the replay is handled first
        assert inbox_rows(tmp_path) == 0
        said = [m.text for m in scene.adviser.transcript()]
        assert texts.INTERNAL_ERROR not in said
