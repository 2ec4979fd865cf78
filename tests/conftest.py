"""Shared fixtures: the real knowledge base (built once), temporary databases, e2e scenes."""

from __future__ import annotations

import os

# PTB 22 warns (an error under filterwarnings=error) when it builds RetryAfter without this opt-in.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.storage import Database
from knowledge import KnowledgeBase
from sandbox import SandboxUser
from tests.cli_runner import CliRunner, cli_runner
from tests.e2e import DEADLINE, BotWorld, Scene, adviser_scene, bot_world

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The repository's own knowledge base (loading and indexing take a moment: once)."""
    return KnowledgeBase.load()


@pytest.fixture(scope="session", autouse=True)
def e2e_deadline() -> Iterator[None]:
    """Sandbox waits without a timeout wait up to ``tests.e2e.DEADLINE``, not 5 seconds."""
    before = SandboxUser.wait_seconds
    SandboxUser.wait_seconds = DEADLINE
    yield
    SandboxUser.wait_seconds = before


@pytest.fixture
async def scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """The running bot with staff and an adviser of 迎凤社区 invited (``adviser_scene``)."""
    async with adviser_scene(tmp_path, kb) as world:
        yield world


@pytest.fixture
async def world(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[BotWorld]:
    """The sandbox and the running bot, nobody registered (``bot_world``)."""
    async with bot_world(tmp_path, kb) as running_world:
        yield running_world


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh SQLite file for one test."""
    db = Database(tmp_path / "bot.db")
    await db.open()
    yield db
    await db.close()


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Iterator[CliRunner]:
    """The command line run in-process from an empty folder (``tests/cli_runner.py``)."""
    yield from cli_runner(monkeypatch, capsys, tmp_path)
