"""The sandbox's settings: its own database, old-state file and staff member."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.paths import PathError
from bot.runner import SANDBOX_STAFF, sandbox_settings
from bot.sandbox import SandboxServer


async def test_the_sandbox_uses_neither_db_path_nor_staff_ids(tmp_path: Path) -> None:
    deployed = Settings(
        _env_file=None,
        db_path=tmp_path / "bot.db",
        state_path=tmp_path / "conversations.pickle",
        staff_ids=frozenset({4242}),
        sandbox_db_path=tmp_path / "sandbox.db",
    )
    async with SandboxServer() as server:
        local = sandbox_settings(deployed, server)
    assert local.db_path == tmp_path / "sandbox.db"
    assert local.state_path != deployed.state_path
    assert local.staff_ids == frozenset({SANDBOX_STAFF})
    assert local.bot_token is not None
    assert local.bot_token.get_secret_value() == server.token


async def test_the_sandbox_database_must_not_be_the_deployment_one(tmp_path: Path) -> None:
    deployed = Settings(
        _env_file=None, db_path=tmp_path / "bot.db", sandbox_db_path=tmp_path / "." / "bot.db"
    )
    async with SandboxServer() as server:
        with pytest.raises(PathError, match="SANDBOX_DB_PATH"):
            sandbox_settings(deployed, server)
