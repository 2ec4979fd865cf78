"""SQLite persistence of drafts and conversation states: restarts, expiry, the old pickle."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import pickle
import sqlite3
import stat
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from telegram import Bot, Update
from telegram.ext import ContextTypes, ConversationHandler, PersistenceInput, PicklePersistence

from bot import texts
from bot.app import BotApplication
from bot.context import BotContext, BotData
from bot.inbox import UpdateInbox
from bot.persistence import SqlitePersistence
from bot.session import UserData
from bot.storage import Database
from bot.storage.inbox import InboxRepository, PendingUpdate
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.clock import ManualClock
from tests.e2e import RESIDENT, bot_running, one, sandbox_settings

TTL = dt.timedelta(hours=24)
KEY = (RESIDENT, RESIDENT)
DRAFT = {"intake": {"community": "yingfeng", "phone": "13800138000", "summary": "家暴"}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


class Process:
    """One run of the bot's persistence on a database file: a restart is a new ``Process``."""

    def __init__(self, path: Path, clock: ManualClock, state_file: Path | None = None) -> None:
        self.database = Database(path)
        self.persistence = SqlitePersistence(
            self.database, ttl=TTL, clock=clock, state_file=state_file
        )

    async def __aenter__(self) -> SqlitePersistence:
        return self.persistence

    async def __aexit__(self, *exc: object) -> None:
        await self.database.close()


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT * FROM {table}").fetchall()


async def test_a_draft_and_its_state_survive_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {}
        assert await persistence.get_conversations("intake") == {}
        await persistence.update_user_data(RESIDENT, UserData(DRAFT))
        await persistence.update_conversation("intake", KEY, 4)
    clock.advance(hours=23)
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {RESIDENT: DRAFT}
        assert await persistence.get_conversations("intake") == {KEY: 4}
        assert await persistence.get_conversations("other") == {}


async def test_an_expired_draft_is_deleted_at_start_up(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        await persistence.update_user_data(RESIDENT, UserData(DRAFT))
        await persistence.update_conversation("intake", KEY, 4)
        await persistence.update_user_data(RESIDENT + 1, UserData({"relay_paused": 3}))
    clock.advance(hours=12)
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        await persistence.update_user_data(RESIDENT + 1, UserData({"relay_paused": 4}))
    clock.advance(hours=12, seconds=1)
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {RESIDENT + 1: {"relay_paused": 4}}
        assert await persistence.get_conversations("intake") == {}
    assert [row[0] for row in rows(path, "persisted_user_data")] == [RESIDENT + 1]
    assert rows(path, "persisted_conversations") == []


async def test_only_a_change_keeps_a_draft_alive(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        await persistence.update_user_data(RESIDENT, UserData(DRAFT))
        await persistence.update_user_data(RESIDENT + 1, UserData(DRAFT))
        clock.advance(hours=23)
        # PTB hands over every user's data after each of their updates, changed or not.
        await persistence.update_user_data(RESIDENT, UserData(DRAFT))
        # A step of the conversation is activity even when the draft stays the same.
        await persistence.update_conversation("intake", (RESIDENT + 1, RESIDENT + 1), 1)
    clock.advance(hours=2)
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {RESIDENT + 1: DRAFT}


async def test_an_ended_intake_leaves_no_row(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        await persistence.update_user_data(RESIDENT, UserData(DRAFT))
        await persistence.update_conversation("intake", KEY, 4)
        await persistence.update_user_data(RESIDENT, UserData({}))
        await persistence.update_conversation("intake", KEY, None)
    assert rows(path, "persisted_user_data") == []
    assert rows(path, "persisted_conversations") == []


# The old pickle file (STATE_PATH) --------------------------------------------------------


async def write_old_state_file(path: Path) -> None:
    """Write ``path`` as the previous version did, with PTB's own ``PicklePersistence``."""
    old = PicklePersistence(
        path,
        store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
        context_types=ContextTypes(context=BotContext, bot_data=BotData),
    )
    old.set_bot(Bot("123456:ABCDEFGHIJ"))
    await old.get_user_data()
    await old.get_conversations("intake")
    await old.update_user_data(RESIDENT, DRAFT)
    await old.update_conversation("intake", KEY, 4)
    await old.flush()


async def test_an_old_state_file_is_imported_once(tmp_path: Path, clock: ManualClock) -> None:
    path, state_file = tmp_path / "bot.db", tmp_path / "var" / "conversations.pickle"
    state_file.parent.mkdir()
    await write_old_state_file(state_file)
    saved = clock.now - dt.timedelta(hours=2)
    os.utime(state_file, (saved.timestamp(), saved.timestamp()))
    async with Process(path, clock, state_file) as persistence:
        assert await persistence.get_user_data() == {RESIDENT: DRAFT}
        assert await persistence.get_conversations("intake") == {KEY: 4}
    imported = state_file.with_name("conversations.pickle.imported")
    assert not state_file.exists()
    assert stat.S_IMODE(imported.stat().st_mode) == 0o600
    # Imported as last changed when the file was saved: it expires 24 h after that.
    clock.advance(hours=21, minutes=59)
    async with Process(path, clock, state_file) as persistence:
        assert await persistence.get_user_data() == {RESIDENT: DRAFT}
    clock.advance(minutes=2)
    async with Process(path, clock, state_file) as persistence:
        assert await persistence.get_user_data() == {}
        assert await persistence.get_conversations("intake") == {}
    assert imported.exists()


@pytest.mark.parametrize("damage", ["empty", "torn", "not a pickle"])
async def test_a_damaged_state_file_is_set_aside(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    path, state_file = tmp_path / "bot.db", tmp_path / "conversations.pickle"
    await write_old_state_file(state_file)
    whole = state_file.read_bytes()
    content = {"empty": b"", "torn": whole[: len(whole) // 2], "not a pickle": b"{}\n"}[damage]
    state_file.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="bot.state_file"):
        async with Process(path, clock, state_file) as persistence:
            assert await persistence.get_user_data() == {}
            assert await persistence.get_conversations("intake") == {}
    assert [name for name in os.listdir(tmp_path) if name.startswith("conversations")] == [
        "conversations.pickle.corrupt-20261125T020000Z"
    ]
    aside = tmp_path / "conversations.pickle.corrupt-20261125T020000Z"
    assert aside.read_bytes() == content
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert not state_file.exists()
    (record,) = caplog.records
    assert str(state_file) in record.getMessage()
    assert aside.name in record.getMessage()


async def test_a_state_path_naming_a_folder_is_ignored(tmp_path: Path, clock: ManualClock) -> None:
    state_path = tmp_path / "conversations.pickle"
    state_path.mkdir()
    async with Process(tmp_path / "bot.db", clock, state_path) as persistence:
        assert await persistence.get_user_data() == {}
    assert state_path.is_dir()


async def test_a_state_file_that_cannot_be_renamed_is_still_imported(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    state_file = tmp_path / "conversations.pickle"
    await write_old_state_file(state_file)
    blocker = tmp_path / "conversations.pickle.imported"  # a folder in the way, even for root
    blocker.mkdir()
    (blocker / "keep").write_text("x")
    with caplog.at_level(logging.WARNING, logger="bot.state_file"):
        async with Process(tmp_path / "bot.db", clock, state_file) as persistence:
            assert await persistence.get_user_data() == {RESIDENT: DRAFT}
    assert state_file.exists()
    assert any("delete it by hand" in record.getMessage() for record in caplog.records)


async def test_the_state_file_runs_no_code(tmp_path: Path, clock: ManualClock) -> None:
    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.remove, (str(tmp_path / "canary"),))

    (tmp_path / "canary").write_text("still here")
    state_file = tmp_path / "conversations.pickle"
    state_file.write_bytes(
        pickle.dumps({"user_data": {RESIDENT: {"x": Planted()}}, "conversations": {}})
    )
    async with Process(tmp_path / "bot.db", clock, state_file) as persistence:
        assert await persistence.get_user_data() == {}
    assert (tmp_path / "canary").read_text() == "still here"


# The running bot ----------------------------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as started:
        yield started


async def describe_a_matter(resident: SandboxUser) -> None:
    """Start an intake and get as far as the category question (the draft has a summary)."""
    await resident.send_command("/consult")
    _, choose = await resident.wait_for_messages(2)
    await resident.press(choose, "迎凤社区")
    await one(resident)
    await resident.send_text("我们夫妻感情不和，我想离婚，孩子归谁")
    assert "这件事属于" in (await one(resident)).text


def stored(application: BotApplication, db_path: Path) -> tuple[int, int]:
    """Rows of persisted user data and conversation states of the resident."""
    user_data = [r for r in rows(db_path, "persisted_user_data") if r[0] == RESIDENT]
    states = [r for r in rows(db_path, "persisted_conversations") if r[2] == RESIDENT]
    return len(user_data), len(states)


async def settled(application: BotApplication, db_path: Path) -> tuple[int, int]:
    """Write what changed and return :func:`stored`, once the handler that replied returned.

    The bot replies before its handler returns the conversation's new state.
    """
    for _ in range(100):
        if not application.update_processor.current_concurrent_updates:
            break
        await asyncio.sleep(0.02)
    await application.update_persistence()
    return stored(application, db_path)


async def test_the_drafts_job_ends_an_intake_left_over_from_before_a_restart(
    tmp_path: Path, kb: KnowledgeBase, server: SandboxServer, clock: ManualClock
) -> None:
    settings = sandbox_settings(server, tmp_path)
    resident = server.user(RESIDENT, "王五")
    async with bot_running(server, settings, kb, clock=clock):
        await describe_a_matter(resident)
    async with bot_running(server, settings, kb, clock=clock) as application:
        assert "summary" in application.user_data[RESIDENT]["intake"]
        assert stored(application, settings.db_path) == (1, 1)
        assert application.job_queue is not None
        (job,) = application.job_queue.get_jobs_by_name("drafts")
        await job.run(application)
        assert stored(application, settings.db_path) == (1, 1), "not expired yet"
        clock.advance(hours=24, seconds=1)
        await job.run(application)
        assert stored(application, settings.db_path) == (0, 0)
        assert "intake" not in application.user_data.get(RESIDENT, {})
        # The conversation ended too: a typed question is a question again.
        await resident.send_text("公司拖欠工资三个月不发")
        assert "这件事属于" not in (await one(resident)).text
        assert await settled(application, settings.db_path) == (0, 0)


@pytest.fixture
async def describing(
    tmp_path: Path, kb: KnowledgeBase, server: SandboxServer, clock: ManualClock
) -> AsyncIterator[BotApplication]:
    """The running bot, with the resident's intake at the category question."""
    settings = sandbox_settings(server, tmp_path)
    async with bot_running(server, settings, kb, clock=clock) as application:
        await describe_a_matter(server.user(RESIDENT, "王五"))
        assert await settled(application, settings.db_path) == (1, 1)
        yield application


async def test_an_intake_timing_out_deletes_its_draft(
    describing: BotApplication, server: SandboxServer, tmp_path: Path
) -> None:
    application, resident = describing, server.user(RESIDENT)
    (intake,) = [
        h
        for h in application.handlers[0]
        if isinstance(h, ConversationHandler) and h.name == "intake"
    ]
    timeout = intake.timeout_jobs[KEY]
    assert timeout.next_t is not None
    due_in = timeout.next_t - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=23, minutes=59) < due_in <= TTL, "DRAFT_TTL_HOURS, 24 h"
    await timeout.run(application)  # as PTB runs it when the time comes
    assert "intake" not in application.user_data.get(RESIDENT, {})
    assert await settled(application, tmp_path / "bot.db") == (0, 0)
    await resident.send_text("公司拖欠工资三个月不发")
    assert "这件事属于" not in (await one(resident)).text


async def test_cancel_deletes_the_stored_draft(
    describing: BotApplication, server: SandboxServer, tmp_path: Path
) -> None:
    resident = server.user(RESIDENT)
    await resident.send_command("/cancel")
    assert (await one(resident)).text == texts.INTAKE_CANCELLED
    assert await settled(describing, tmp_path / "bot.db") == (0, 0)


async def test_submitting_deletes_the_stored_draft(
    describing: BotApplication, server: SandboxServer, tmp_path: Path
) -> None:
    resident = server.user(RESIDENT)
    await resident.press(resident.transcript()[-1], texts.BUTTON_CATEGORY_OK)
    await resident.press(await one(resident), texts.BUTTON_CONSENT_NO)
    await resident.press(await one(resident), texts.BUTTON_SUBMIT)
    assert "#1" in (await one(resident)).text
    assert await settled(describing, tmp_path / "bot.db") == (0, 0)


async def test_held_writes_are_made_with_the_inbox_removal_or_not_at_all(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        inbox = InboxRepository(persistence._database)
        await inbox.add([PendingUpdate(1, "{}"), PendingUpdate(2, "{}")], now=clock())

        async def flush() -> None:  # as PTB's update_persistence hands the changes over
            await asyncio.gather(
                persistence.update_user_data(RESIDENT, UserData(DRAFT)),
                persistence.update_conversation("intake", KEY, 4),
            )

        held = await persistence.held(flush)
        assert rows(path, "persisted_user_data") == []  # held, not written yet

        async def failing() -> None:
            await held()
            raise sqlite3.OperationalError("disk I/O error")

        with pytest.raises(sqlite3.OperationalError):
            await inbox.remove(1, along=failing)
        assert rows(path, "persisted_user_data") == []
        assert [u.update_id for u in await inbox.pending()] == [1, 2]
        await inbox.remove(1, along=held)
        assert [u.update_id for u in await inbox.pending()] == [2]
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {RESIDENT: DRAFT}
        assert await persistence.get_conversations("intake") == {KEY: 4}


async def test_a_draft_whose_removal_rolled_back_is_written_with_the_next_one(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    # The combined transaction rolls back after the draft's write ran (here a state JSON
    # cannot hold): the persistence must not think the draft stored, or it skips it next time.
    path = tmp_path / "bot.db"
    async with Process(path, clock) as persistence:
        await persistence.get_user_data()
        repository = InboxRepository(persistence._database)
        inbox = UpdateInbox(repository, clock=clock)
        assert await inbox.take([Update(1), Update(2)])

        def flush(state: object) -> Callable[[], Awaitable[None]]:
            async def hand_over() -> None:  # the draft first, as PTB hands user data first
                await persistence.update_user_data(RESIDENT, UserData(DRAFT))
                await persistence.update_conversation("intake", KEY, state)

            return hand_over

        for update_id, state in [(1, object()), (2, 4)]:  # as bot.app finishes each update
            held = await persistence.held(flush(state))
            with caplog.at_level(logging.WARNING, logger="bot.inbox"):
                if await inbox.done(Update(update_id), along=held):
                    held.kept()
            if update_id == 1:
                assert "handled but not removed" in caplog.text
                assert rows(path, "persisted_user_data") == []
        assert [u.update_id for u in await repository.pending()] == [1]
    async with Process(path, clock) as persistence:
        assert await persistence.get_user_data() == {RESIDENT: DRAFT}
        assert await persistence.get_conversations("intake") == {KEY: 4}
