"""A fresh deployment end to end: ``python -m bot run`` as a process, from an empty folder.

The bot runs as a subprocess configured by environment settings only, like a systemd unit or
a container, against an in-process sandbox Bot API server.
"""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import SandboxServer
from tests.e2e import REPO_ROOT, STAFF, START_UP, invite, labels, make_scene, one, sandbox_settings
from tests.test_e2e_consult import file_consultation


def bot_env(server: SandboxServer | None, **settings: str) -> dict[str, str]:
    """The environment of a bot process: only what a deployment would set."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO_ROOT),
        "PTB_TIMEDELTA": "true",
        "BOT_TOKEN": server.token if server else "123456:ABCDEFGHIJ",
        "BOT_API_URL": server.base_url if server else "http://127.0.0.1:9/bot",
        "BOT_API_FILE_URL": server.base_file_url if server else "http://127.0.0.1:9/file/bot",
        "RATE_LIMIT": "false",
        "OUTBOX_INTERVAL_SECONDS": "0.5",
        "API_TIMEOUT": "5",
    }
    env.update(settings)
    return env


async def start_bot(cwd: Path, env: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    """Start ``python -m bot run`` in ``cwd``; its log goes to ``log_path``.

    A file, not a pipe: a pipe nobody reads while the bot runs would block it once full.
    """
    with log_path.open("wb") as log_file:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=cwd,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log_file,
        )


async def stop(process: asyncio.subprocess.Process) -> None:
    """Stop the bot as a service manager would (SIGINT), killing it if it does not exit."""
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(process.wait(), timeout=30)
    except TimeoutError:
        process.kill()
        await process.wait()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "workdir"
    folder.mkdir()
    return folder


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as started:
        yield started


async def test_a_fresh_deployment_runs_a_whole_consultation(
    tmp_path: Path, empty_folder: Path, server: SandboxServer, kb: KnowledgeBase
) -> None:
    db_path = tmp_path / "srv" / "legal-bot" / "data" / "bot.db"
    state_path = tmp_path / "srv" / "legal-bot" / "state" / "conversations.pickle"
    env = bot_env(server, DB_PATH=str(db_path), STATE_PATH=str(state_path), STAFF_IDS=str(STAFF))
    log_path = tmp_path / "bot.log"
    process = await start_bot(empty_folder, env, log_path)
    try:
        scene = make_scene(server, sandbox_settings(server, tmp_path, db_path=db_path), kb)
        await scene.staff.send_command("/start")
        await scene.staff.wait_for_messages(1, timeout=START_UP)
        await invite(scene, scene.adviser, "迎凤社区")

        resident, adviser = scene.resident, scene.adviser
        number = await file_consultation(
            scene, resident, "老板拖欠工资三个月了，怎么要回来", contact="王五 13800138000"
        )
        card = await one(adviser)
        assert f"#{number}" in card.text
        await adviser.press(card, texts.BUTTON_CLAIM)
        await one(adviser)
        assert "已由" in (await one(resident)).text
        await adviser.send_command("/reply", f"{number} 请带上工资条来社区面谈")
        await one(adviser)
        assert "请带上工资条来社区面谈" in (await one(resident)).text
        await adviser.send_command("/close", str(number))
        outcomes = await one(adviser)
        assert "已解答" in labels(outcomes)
        await adviser.press(outcomes, "已解答")
        await one(adviser)
        rating = await one(resident)
        await resident.press(rating, "⭐⭐⭐⭐")
        resolved = await resident.wait_for_edit(rating)
        await resident.press(resolved, texts.BUTTON_RESOLVED_YES)
        await resident.wait_for_edit(resolved)
        (row,) = scene.rows("SELECT status, rating, resolved FROM consultations")
        assert tuple(row) == ("closed", 4, 1)
    finally:
        await stop(process)
    log = log_path.read_text(encoding="utf-8")
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert os.listdir(empty_folder) == [], "nothing is written to the working folder"
    assert mode(db_path) == 0o600
    for folder in (db_path.parent, db_path.parent.parent, db_path.parent.parent.parent):
        assert mode(folder) == 0o700, folder
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            assert mode(side) == 0o600, side
    # The placeholders of config/communities.yaml are each named once at start-up.
    assert log.count("示例村一（请替换为实际村名）") == 1, log
    assert log.count("'司法所值班法律顾问（示例，请替换）'") == 1, log
    assert "13800138000" not in log, "nothing personal in the log"
    assert "王五" not in log


async def test_an_empty_state_file_is_set_aside_and_the_bot_starts(
    tmp_path: Path, empty_folder: Path, server: SandboxServer
) -> None:
    state_path = tmp_path / "state" / "conversations.pickle"
    state_path.parent.mkdir()
    state_path.write_bytes(b"")  # as a crash while writing it, or a full disk, leaves it
    env = bot_env(server, DB_PATH=str(tmp_path / "data" / "bot.db"), STATE_PATH=str(state_path))
    log_path = tmp_path / "bot.log"
    process = await start_bot(empty_folder, env, log_path)
    try:
        resident = server.user(5001, "王五")
        await resident.send_command("/start")
        assert "您好" in (await resident.wait_for_messages(1, timeout=START_UP))[0].text
    finally:
        await stop(process)
    log = log_path.read_text(encoding="utf-8")
    assert process.returncode == 0, log
    assert "Traceback" not in log
    (aside,) = os.listdir(state_path.parent)
    assert aside.startswith("conversations.pickle.corrupt-")
    assert f"the state file {state_path} could not be read (the file is empty)" in log


async def test_a_stop_during_start_up_lets_it_finish_before_the_database_closes(
    tmp_path: Path, empty_folder: Path, server: SandboxServer
) -> None:
    env = bot_env(server, DB_PATH=str(tmp_path / "data" / "bot.db"))
    log_path = tmp_path / "bot.log"
    process = await start_bot(empty_folder, env, log_path)
    try:
        # Once getMe is answered the bot opens its database, loads the knowledge base and runs
        # post_init: SIGTERM now (as systemd stopping a bot that has just started) used to
        # close the database under post_init ("Cannot operate on a closed database").
        deadline = asyncio.get_running_loop().time() + START_UP
        while not any(call.method == "getMe" and call.status for call in server.world.calls):
            assert asyncio.get_running_loop().time() < deadline, "the bot never called getMe"
            await asyncio.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=START_UP)
    finally:
        await stop(process)
    log = log_path.read_text(encoding="utf-8")
    assert process.returncode == 0, log
    assert "Traceback" not in log, log
    assert "Cannot operate on a closed database" not in log, log
    assert "Event loop is closed" not in log, log


def run_bot(cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=bot_env(None, **settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_database_path_under_a_file_stops_with_one_line(
    tmp_path: Path, empty_folder: Path
) -> None:
    blocker = tmp_path / "srv"
    blocker.write_text("not a folder")
    db_path = blocker / "data" / "bot.db"
    result = run_bot(empty_folder, DB_PATH=str(db_path))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("DB_PATH: cannot create the folder"), line
    assert str(db_path) in line
    assert "Not a directory" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_database_folder_stops_with_one_line(
    tmp_path: Path, empty_folder: Path
) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir(mode=0o500)
    db_path = folder / "bot.db"
    result = run_bot(empty_folder, DB_PATH=str(db_path))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("DB_PATH: "), line
    assert "not writable" in line
    assert str(db_path) in line
