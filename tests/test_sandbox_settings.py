"""The sandbox's settings: its own database, old-state file, staff member, files and texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import texts
from bot.config import Settings
from bot.paths import PathError
from bot.sandbox_chat import SANDBOX_STAFF, sandbox_files_dir, sandbox_settings
from bot.texts import sandbox as sandbox_texts
from sandbox import TERMINAL_TEXT_KEYS, SandboxServer


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


def test_files_the_bot_sends_go_beside_the_sandbox_database_unless_set(tmp_path: Path) -> None:
    default = Settings(_env_file=None, sandbox_db_path=tmp_path / "data" / "s.db")
    assert sandbox_files_dir(default) == tmp_path / "data" / "sandbox-files"
    chosen = Settings(_env_file=None, sandbox_files_dir=tmp_path / "out")
    assert sandbox_files_dir(chosen) == tmp_path / "out"
    relative = Settings(_env_file=None, sandbox_files_dir=Path("out"))
    assert sandbox_files_dir(relative).is_absolute(), "the terminal shows a path one can open"


def test_the_bot_gives_the_terminal_exactly_the_texts_it_prints() -> None:
    assert set(sandbox_texts.TERMINAL) == TERMINAL_TEXT_KEYS
    assert texts.SANDBOX_TERMINAL is sandbox_texts.TERMINAL, "the old name still works"
