"""Helpers for end-to-end tests: the sandbox Bot API server and the real bot, over HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.runner import running
from bot.sandbox import SandboxServer
from knowledge import KnowledgeBase


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
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def bot_world(
    tmp_path: Path, kb: KnowledgeBase, **overrides: object
) -> AsyncIterator[BotWorld]:
    """Start the sandbox and the real bot against it; stop both on exit."""
    async with SandboxServer() as server:
        settings = sandbox_settings(server, tmp_path, **overrides)
        application = build_application(settings, knowledge=kb, rate_limiter=False)
        async with running(application, poll_timeout=1):
            yield BotWorld(server=server, application=application, settings=settings)
