"""Shared fixtures: the real knowledge base (built once), temporary databases."""

from __future__ import annotations

import os

# PTB 22 warns (an error under filterwarnings=error) when it builds RetryAfter without this opt-in.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.storage import Database
from knowledge import KnowledgeBase
from tests.cli_runner import CliRunner, cli_runner

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The repository's own knowledge base (loading and indexing take a moment: once)."""
    return KnowledgeBase.load()


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
