"""Run the command line in-process: ``bot.cli.main(argv)`` with captured output.

Tests get a ``cli`` fixture (see ``tests/conftest.py``): ``cli("stats", "--period", "2026",
env={...})`` returns the exit code and what was printed, without starting ``python -m bot``.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

__all__ = ["CLEARED", "CliRunner", "Done", "cli_runner"]

CLEARED = ("BOT_", "KNOWLEDGE_", "DB_", "WEBHOOK_", "COMMUNITIES_", "SANDBOX_")
"""Prefixes of the settings removed from the environment before a run."""


@dataclass
class Done:
    """What a command-line run returned and printed."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class CliRunner:
    """Runs ``python -m bot …`` as ``main(argv)``, with settings from the environment."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> Done:
        """Run ``python -m bot *args`` with ``stdin`` and the extra settings ``env``."""
        for name, value in (env or {}).items():
            self.monkeypatch.setenv(name, value)
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return Done(code, out, err)


def cli_runner(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path
) -> Iterator[CliRunner]:
    """Yield a runner working in ``cwd`` with only the settings a test gives; tidy up after."""
    for name in list(os.environ):
        if name.startswith(CLEARED):
            monkeypatch.delenv(name)
    monkeypatch.chdir(cwd)  # no .env file read, nothing written into the repository
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield CliRunner(monkeypatch, capsys)
    for handler in list(root.handlers):  # the serving commands install a logging handler
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
