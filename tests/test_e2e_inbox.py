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

from bot.sandbox import SandboxServer, SandboxUser
from tests.e2e import REPO_ROOT

RESIDENT = 7001


@asynccontextmanager
async def bot_process(
    server: SandboxServer, tmp_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run ``python -m bot run`` against ``server``; kill it (-9) when the block ends."""
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


async def answered(user: SandboxUser, question: str) -> str:
    await user.send_text(question)
    (answer,) = await user.wait_for_messages(1, timeout=60)
    return answer.text


async def wait_for_call(server: SandboxServer, method: str, chat_id: int) -> None:
    """Wait until the bot has called ``method`` for ``chat_id``."""
    for _ in range(600):
        if any(
            call.method == method and str(call.params.get("chat_id")) == str(chat_id)
            for call in server.world.calls
        ):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the bot never called {method} for chat {chat_id}")


async def test_a_question_in_hand_at_a_kill_is_answered_after_the_restart(
    tmp_path: Path,
) -> None:
    async with SandboxServer() as server:
        resident = server.user(RESIDENT)
        async with bot_process(server, tmp_path) as first:
            assert "工伤" in await answered(server.user(7000), "工伤认定怎么申请")  # it is up
            # The answer hangs, then fails without reaching the resident: the kill comes
            # while the update is in hand (and Telegram was already told it arrived).
            server.faults.delay_next("sendMessage", 2.0)
            server.faults.fail_next("sendMessage", error_code=500, chat_id=RESIDENT)
            await resident.send_text("离婚冷静期多久")
            await wait_for_call(server, "sendMessage", RESIDENT)
            first.send_signal(signal.SIGKILL)
            await first.wait()
        await asyncio.sleep(2.5)  # the hung call has failed by now
        assert resident.take_new_messages() == []
        async with bot_process(server, tmp_path):
            (answer,) = await resident.wait_for_messages(1, timeout=60)
            assert "离婚" in answer.text
            # Handled once: Telegram does not hand the same update over again.
            assert "工伤" in await answered(resident, "工伤认定怎么申请")
            await asyncio.sleep(0.5)
            assert resident.take_new_messages() == []
        with sqlite3.connect(tmp_path / "bot.db") as conn:
            assert conn.execute("SELECT count(*) FROM inbox").fetchone() == (0,)
