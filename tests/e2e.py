"""Helpers for end-to-end tests: the sandbox Bot API server and the real bot, over HTTP."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.runner import running
from bot.sandbox import SandboxServer
from bot.storage.clock import Clock
from knowledge import KnowledgeBase

REPO_ROOT = Path(__file__).resolve().parents[1]
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai


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
        "api_timeout": 5.0,
        "communities_file": REPO_ROOT / "config" / "communities.yaml",
        "outbox_interval_seconds": 0.5,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


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
