"""A database locked by another process for longer than the busy timeout (end to end).

A backup or a ``sqlite3`` shell holds the write lock while residents write: the resident is
told at once that the message was received, nothing is lost (it is handled once the lock
goes), and no ERROR is logged, for nothing failed. A button pressed meanwhile asks to be
pressed again, and then works.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import BotMessage
from tests.e2e import Scene, adviser_scene, bot_world, eventually, one
from tests.test_e2e_consent import to_consent
from tests.test_e2e_consult import file_consultation

BUSY_MS = 100
"""The bot's busy timeout here: the lock below outlasts it many times over."""


@contextlib.contextmanager
def locked(db_path: Path) -> Iterator[None]:
    """Hold the database's write lock, as another process would, until the block ends."""
    blocker = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The ERROR records and worse, as text."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_message_to_the_adviser_while_locked_is_relayed_after(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with adviser_scene(tmp_path, kb, db_busy_timeout_ms=BUSY_MS) as scene:
        resident, adviser = scene.resident, scene.adviser
        number = await file_consultation(scene, resident, "老板拖欠工资三个月了，怎么要回来")
        await adviser.press(await one(adviser), texts.BUTTON_CLAIM)
        await one(adviser)
        await one(resident)  # claimed by 李律师
        with locked(scene.settings.db_path):
            await resident.send_text("考勤表和工资条我都拍下来了")
            assert (await one(resident)).text == texts.DATABASE_BUSY
        assert (await one(resident)).text == texts.RELAYED_TO_ADVISER.format(number=number)
        assert "考勤表和工资条我都拍下来了" in (await one(adviser)).text
        kept = scene.rows("SELECT text FROM consultation_messages")
        assert [row["text"] for row in kept] == ["考勤表和工资条我都拍下来了"]  # once
    assert errors(caplog) == []


async def test_filing_while_locked_asks_to_press_again_and_then_files(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with adviser_scene(tmp_path, kb, db_busy_timeout_ms=BUSY_MS) as scene:
        confirm = await to_confirm(scene)
        with locked(scene.settings.db_path):
            await scene.resident.press(confirm, texts.BUTTON_SUBMIT)
            assert (await one(scene.resident)).text == texts.DATABASE_BUSY_BUTTON
        assert scene.rows("SELECT id FROM consultations") == []  # nothing filed yet
        await scene.resident.press(confirm, texts.BUTTON_SUBMIT)
        assert "#" in (await one(scene.resident)).text
        assert len(scene.rows("SELECT id FROM consultations")) == 1
    assert errors(caplog) == []


async def to_confirm(scene: Scene) -> BotMessage:
    """Go through the intake up to the 提交 button, without contact details."""
    consent = await to_consent(scene.resident)
    await scene.resident.press(consent, texts.BUTTON_CONSENT_NO)
    return await one(scene.resident)


async def test_a_question_while_locked_is_answered_without_an_error_logged(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with adviser_scene(tmp_path, kb, db_busy_timeout_ms=BUSY_MS) as scene:
        with locked(scene.settings.db_path):
            await scene.resident.send_text("工伤认定怎么申请")
            assert texts.LEGAL_BASIS_HEADER in (await one(scene.resident)).text
    assert errors(caplog) == []


async def test_a_repeating_job_that_meets_the_lock_logs_no_error(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with bot_world(
        tmp_path, kb, db_busy_timeout_ms=BUSY_MS, escalation_interval_seconds=0.2
    ) as world:
        with locked(world.settings.db_path):
            await eventually(
                lambda: any("locked" in f"{r.getMessage()} {r.exc_info}" for r in caplog.records),
                "the escalation job meets the lock",
            )
        await asyncio.sleep(0.5)  # its next turns, the lock gone
    assert errors(caplog) == []
