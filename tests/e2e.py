"""Helpers for end-to-end tests: the sandbox Bot API server and the real bot, over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.runner import running
from bot.storage.clock import Clock
from knowledge import KnowledgeBase
from sandbox import BotMessage, SandboxServer, SandboxUser
from tests.clock import WEDNESDAY_MORNING as WEDNESDAY_MORNING  # re-exported

REPO_ROOT = Path(__file__).resolve().parents[1]

DEADLINE = 60.0
"""Seconds an end-to-end test waits for the bot to do something before it fails.

Every wait returns as soon as the bot has done it (the sandbox wakes waiters on each change),
so this only bounds a failure: generous enough for a loaded machine (load 10+ on two cores),
short enough that a real failure still ends the test. ``tests/conftest.py`` makes it the
default of every ``SandboxUser.wait_for_*``; pass a timeout only for a window in which
nothing must arrive.
"""

START_UP = 2 * DEADLINE
"""Seconds a bot started as a process may take to answer its first update (the interpreter,
the knowledge base and the migrations load first: the longest wait on a loaded machine)."""


async def eventually(condition: Callable[[], object], what: str, every: float = 0.02) -> None:
    """Check ``condition`` every ``every`` seconds until it holds, for up to :data:`DEADLINE`.

    For what the sandbox does not wake waiters on (the bot's database, the calls it made).

    Raises:
        AssertionError: Naming ``what`` did not happen in time.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not within {DEADLINE:g} s")
        await asyncio.sleep(every)


def office_clock(start: dt.datetime = WEDNESDAY_MORNING) -> Clock:
    """A clock that starts at ``start`` (within office hours) and runs at real speed."""
    origin = time.monotonic()
    return lambda: start + dt.timedelta(seconds=time.monotonic() - origin)


@dataclass
class BotWorld:
    """A running sandbox server with the bot polling it."""

    server: SandboxServer
    application: BotApplication
    settings: Settings


def sandbox_settings(server: SandboxServer, tmp_path: Path, **overrides: object) -> Settings:
    """Settings pointing the bot at ``server``, with a fresh database under ``tmp_path``."""
    values: dict[str, object] = {
        "bot_token": SecretStr(server.token),
        "bot_api_url": server.base_url,
        "bot_api_file_url": server.base_file_url,
        "db_path": tmp_path / "bot.db",
        "state_path": tmp_path / "conversations.pickle",
        "api_timeout": 5.0,
        "communities_file": REPO_ROOT / "config" / "communities.yaml",
        "outbox_interval_seconds": 0.5,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def bot_running(
    server: SandboxServer, settings: Settings, kb: KnowledgeBase, clock: Clock | None = None
) -> AsyncIterator[BotApplication]:
    """Run the real bot against ``server`` until the block ends (a restart is a new block)."""
    application = build_application(
        settings, knowledge=kb, clock=clock or office_clock(), rate_limiter=False
    )
    async with running(application, poll_timeout=1):
        yield application


@contextlib.asynccontextmanager
async def bot_world(
    tmp_path: Path, kb: KnowledgeBase, **overrides: object
) -> AsyncIterator[BotWorld]:
    """Start the sandbox and the real bot against it; stop both on exit."""
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, **overrides)
        async with bot_running(server, settings, kb) as application:
            yield BotWorld(server=server, application=application, settings=settings)


STAFF, ADVISER, OTHER_ADVISER, RESIDENT, INTRUDER = 9001, 6001, 6002, 5001, 5002
"""Telegram ids of the people in the end-to-end scenes."""


@dataclass
class Scene:
    """The sandbox, the bot's settings and the three people most tests need."""

    server: SandboxServer
    settings: Settings
    kb: KnowledgeBase
    staff: SandboxUser
    adviser: SandboxUser
    resident: SandboxUser

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        """Query the bot's database directly (WAL lets a reader in beside the bot)."""
        with sqlite3.connect(self.settings.db_path) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, args).fetchall()


def make_scene(server: SandboxServer, settings: Settings, kb: KnowledgeBase) -> Scene:
    """Return the scene of ``server`` with its staff member, adviser and resident."""
    return Scene(
        server,
        settings,
        kb,
        staff=server.user(STAFF, "工作人员"),
        adviser=server.user(ADVISER, "李律师"),
        resident=server.user(RESIDENT, "王五"),
    )


def labels(message: BotMessage) -> list[str]:
    """Return the texts of a message's inline buttons, row by row."""
    return [text for row in message.buttons for text, _ in row]


async def one(user: SandboxUser) -> BotMessage:
    """Wait (up to :data:`DEADLINE`) for exactly one new bot message to ``user``."""
    (message,) = await user.wait_for_messages(1)
    return message


async def mediation_typed(user: SandboxUser, answers: Sequence[str]) -> None:
    """Start a mediation request (``/mediate``) and type ``answers``, one reply to each."""
    await user.send_command("/mediate")
    await user.wait_for_messages(2)
    for answer in answers:
        await user.send_text(answer)
        await one(user)


async def invite(scene: Scene, user: SandboxUser, community: str) -> None:
    """Have staff invite ``user`` as adviser of ``community`` and ``user`` accept it."""
    await scene.staff.send_command("/invite", community)
    link = await one(scene.staff)
    token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", link.text)
    assert token is not None, link.text
    await user.send_command("/start", token.group(1))
    assert "您已登记为" in (await one(user)).text
    # The staff member who made the invite is told who used it.
    assert f"ID {user.user_id}）已登记为" in (await one(scene.staff)).text


@contextlib.asynccontextmanager
async def adviser_scene(
    tmp_path: Path, kb: KnowledgeBase, **overrides: object
) -> AsyncIterator[Scene]:
    """Run the bot with staff and an adviser of 迎凤社区 invited; stop it on exit.

    ``overrides`` are settings other than the sandbox defaults.
    """
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, staff_ids=frozenset({STAFF}), **overrides)
        async with bot_running(server, settings, kb):
            world = make_scene(server, settings, kb)
            await invite(world, world.adviser, "迎凤社区")
            yield world
