"""Reminders and escalation driven by a manual clock and the job run by hand (no sleeping)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.storage.clock import from_db
from knowledge import KnowledgeBase
from tests.clock import ManualClock
from tests.offline import OfflineBot, offline_bot
from tests.test_handlers_staff import ADVISER, STAFF, open_consultation, register


def due_times(bot: OfflineBot, number: int) -> tuple[dt.datetime, dt.datetime]:
    """When consultation ``number`` is to be reminded, then escalated (as stored)."""
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        (remind, escalate) = conn.execute(
            "SELECT remind_due_at, escalate_due_at FROM consultations WHERE id = ?", (number,)
        ).fetchone()
    return from_db(remind), from_db(escalate)


def event_kinds(bot: OfflineBot) -> list[str]:
    with sqlite3.connect(bot.services.settings.db_path) as conn:
        return [kind for (kind,) in conn.execute("SELECT kind FROM consultation_events")]


def titled(bot: OfflineBot, chat_id: int, kind: str) -> list[str]:
    """The texts sent to ``chat_id`` that carry the card title of ``kind``."""
    return [c.text for c in bot.sent_to(chat_id) if texts.CARD_TITLES[kind] in c.text]


@pytest.fixture
async def bot(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[OfflineBot]:
    """The offline bot with staff and an adviser of 迎凤社区."""
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as world:
        await register(world, ADVISER, "迎凤社区")
        yield world


async def test_an_unclaimed_consultation_is_reminded_then_escalated(bot: OfflineBot) -> None:
    number, _ = await open_consultation(bot)
    remind_at, escalate_at = due_times(bot, number)
    assert bot.clock.now < remind_at < escalate_at
    bot.clock.now = remind_at - dt.timedelta(minutes=1)
    await bot.run_job("escalation")
    assert titled(bot, ADVISER, "reminder") == []
    bot.clock.now = remind_at
    await bot.run_job("escalation")
    (reminder,) = titled(bot, ADVISER, "reminder")
    assert f"#{number}" in reminder
    assert titled(bot, STAFF, "escalation") == []
    bot.clock.now = escalate_at
    await bot.run_job("escalation")
    await bot.run_job("escalation")  # a second run in the same minute sends nothing more
    (escalation,) = titled(bot, STAFF, "escalation")
    assert f"#{number}" in escalation
    assert len(titled(bot, ADVISER, "reminder")) == 1
    assert event_kinds(bot) == ["created", "reminded", "escalated"]


async def test_a_claimed_consultation_is_neither_reminded_nor_escalated(bot: OfflineBot) -> None:
    number, card = await open_consultation(bot)
    await bot.tap(ADVISER, card, texts.BUTTON_CLAIM)
    bot.clock.now = due_times(bot, number)[1] + dt.timedelta(days=3)
    await bot.run_job("escalation")
    assert titled(bot, ADVISER, "reminder") == titled(bot, STAFF, "escalation") == []
    assert "reminded" not in event_kinds(bot)


async def test_a_reminder_due_while_the_bot_was_down_is_sent_after_the_restart(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    clock = ManualClock()  # one clock for both runs: time goes on while the bot is down
    staff = frozenset({STAFF})
    async with offline_bot(tmp_path, kb, clock=clock, staff_ids=staff) as bot:
        await register(bot, ADVISER, "迎凤社区")
        number, _ = await open_consultation(bot)
        remind_at, _ = due_times(bot, number)
    clock.now = remind_at + dt.timedelta(minutes=30)
    async with offline_bot(tmp_path, kb, clock=clock, staff_ids=staff) as bot:
        job_queue = bot.application.job_queue
        assert job_queue is not None
        (job,) = job_queue.get_jobs_by_name("escalation")
        interval = bot.services.settings.escalation_interval_seconds
        assert job.job.trigger.interval == dt.timedelta(seconds=interval)
        await bot.run_job("escalation")  # what the job's first run, a second after start, does
        (reminder,) = titled(bot, ADVISER, "reminder")
        assert f"#{number}" in reminder
