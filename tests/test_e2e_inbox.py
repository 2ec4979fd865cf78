"""A question in hand when the bot is killed (-9) is answered after the restart, once."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot import texts
from sandbox import SandboxServer, SandboxUser
from tests.e2e import REPO_ROOT, START_UP, eventually

RESIDENT = 7001


@asynccontextmanager
async def bot_process(
    server: SandboxServer, tmp_path: Path, **settings: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run ``python -m bot run`` against ``server``; kill it (-9) when the block ends.

    ``settings`` are more environment variables (``STAFF_IDS="9001"``).
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "BOT_TOKEN": server.token,
        "BOT_API_URL": server.base_url,
        "BOT_API_FILE_URL": server.base_file_url,
        "DB_PATH": str(tmp_path / "bot.db"),
        "STATE_PATH": str(tmp_path / "conversations.pickle"),
        "RATE_LIMIT": "false",
        "API_TIMEOUT": "5",
        "PTB_TIMEDELTA": "true",
        **settings,
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield child
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
        await child.wait()


async def answered(user: SandboxUser, question: str, wait: float | None = None) -> str:
    await user.send_text(question)
    (answer,) = await user.wait_for_messages(1, timeout=wait)
    return answer.text


async def kill(child: asyncio.subprocess.Process) -> None:
    """Kill the bot as ``kill -9`` would and wait until it is gone."""
    child.send_signal(signal.SIGKILL)
    await child.wait()


async def is_up(server: SandboxServer) -> None:
    """Wait until the bot answers a question (it has started)."""
    assert "工伤" in await answered(server.user(7000), "工伤认定怎么申请", START_UP)


def inbox_rows(tmp_path: Path) -> int:
    """Return how many updates the bot's inbox still holds."""
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        (count,) = conn.execute("SELECT count(*) FROM inbox").fetchone()
    return int(count)


async def handled(tmp_path: Path) -> None:
    """Wait until the bot's inbox holds no update (everything taken was handled)."""
    await eventually(lambda: inbox_rows(tmp_path) == 0, "the bot finished the updates it took")


async def wait_for_call(server: SandboxServer, method: str, chat_id: int, count: int = 1) -> None:
    """Wait until the bot has called ``method`` for ``chat_id`` ``count`` times."""

    def made() -> int:
        return sum(
            call.method == method and str(call.params.get("chat_id")) == str(chat_id)
            for call in server.world.calls
        )

    await eventually(lambda: made() >= count, f"the bot called {method} for chat {chat_id}")


async def test_a_question_in_hand_at_a_kill_is_answered_after_the_restart(
    tmp_path: Path,
) -> None:
    async with SandboxServer() as server:
        resident = server.user(RESIDENT)
        async with bot_process(server, tmp_path) as first:
            await is_up(server)
            # The answer hangs, then fails without reaching the resident: the kill comes
            # while the update is in hand (and Telegram was already told it arrived).
            server.faults.delay_next("sendMessage", 2.0)
            server.faults.fail_next("sendMessage", error_code=500, chat_id=RESIDENT)
            await resident.send_text("离婚冷静期多久")
            await wait_for_call(server, "sendMessage", RESIDENT)
            await kill(first)
        await asyncio.sleep(2.5)  # the hung call has failed by now
        assert resident.take_new_messages() == []
        async with bot_process(server, tmp_path):
            (answer,) = await resident.wait_for_messages(1)
            assert "离婚" in answer.text
            # Handled once: Telegram does not hand the same update over again.
            assert "工伤" in await answered(resident, "工伤认定怎么申请")
            await asyncio.sleep(0.5)
            assert resident.take_new_messages() == []
        assert inbox_rows(tmp_path) == 0


async def test_a_reply_sent_before_a_kill_is_not_sent_again_by_the_replay(
    tmp_path: Path,
) -> None:
    # /consult answers with two messages: the intake's introduction, then the choice of
    # community. The first reaches the resident; the second hangs, the bot is killed, and
    # the hung call fails. The restart handles the update again: the second message only.
    async with SandboxServer() as server:
        resident = server.user(RESIDENT)
        async with bot_process(server, tmp_path) as first:
            await is_up(server)
            server.faults.delay_next("sendMessage", 0.0)  # the introduction goes at once
            server.faults.delay_next("sendMessage", 3.0)  # the choice hangs
            await resident.send_command("/consult")
            (intro,) = await resident.wait_for_messages(1)
            server.faults.fail_next("sendMessage", error_code=500, chat_id=RESIDENT)
            await wait_for_call(server, "sendMessage", RESIDENT, count=2)
            await kill(first)
        await asyncio.sleep(3.5)  # the hung call has failed by now
        assert resident.take_new_messages() == []
        async with bot_process(server, tmp_path):
            (choose,) = await resident.wait_for_messages(1)
            await asyncio.sleep(1.0)  # a second introduction would come now
            assert resident.take_new_messages() == []
            assert [message.text for message in resident.transcript()] == [
                intro.text,
                choose.text,
            ]
            assert choose.text != intro.text
            assert choose.buttons  # the communities to choose from
        assert inbox_rows(tmp_path) == 0
        assert list((tmp_path / "bot.db-sent").iterdir()) == []


async def test_an_intake_step_answered_before_a_kill_is_remembered_after_the_restart(
    tmp_path: Path,
) -> None:
    # The bot showed the next step of the intake and was done with the press, then was
    # killed before its periodic write of conversation states (STATE_FLUSH_SECONDS): the
    # step the resident sees must still be the one the bot expects after the restart.
    async with SandboxServer() as server:
        resident = server.user(RESIDENT)
        async with bot_process(server, tmp_path, STATE_FLUSH_SECONDS="60") as first:
            await is_up(server)
            await resident.send_command("/consult")
            _, choose = await resident.wait_for_messages(2)
            await resident.press(choose, "迎凤社区")
            (describe,) = await resident.wait_for_messages(1)
            await handled(tmp_path)  # the press is done: not pending, not in flight
            await kill(first)
        async with bot_process(server, tmp_path):
            await is_up(server)
            await resident.send_text("老板拖欠我三个月工资，一直不给")
            (category,) = await resident.wait_for_messages(1)
            assert texts.BUTTON_CATEGORY_OK in [
                label for row in category.buttons for label, _ in row
            ], (
                describe.text,
                category.text,
            )
