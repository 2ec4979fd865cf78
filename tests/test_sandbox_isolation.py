"""The sandbox is a test double beside the product: the deployed bot never loads it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# What ``python -m bot run`` (polling or webhook) loads before it serves its first update.
_PRODUCTION_GRAPH = """
import json, sys
import bot.cli, bot.runner, bot.lifecycle, bot.webhook
bot.cli._build_parser()
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` in this worktree."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def roots(names: set[str]) -> set[str]:
    return {name.partition(".")[0] for name in names}


def test_the_production_runner_loads_neither_the_sandbox_nor_aiohttp() -> None:
    loaded = roots(loaded_modules(_PRODUCTION_GRAPH))
    assert "bot" in loaded, "the probe imported the bot"
    assert {"sandbox", "aiohttp"} & loaded == set()


def top_level_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when it is loaded (not those imported inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_only_the_sandbox_chat_module_imports_the_sandbox_when_loaded() -> None:
    importers = sorted(
        str(path.relative_to(REPO))
        for package in ("bot", "handlers", "knowledge")
        for path in (REPO / package).rglob("*.py")
        if "sandbox" in roots(top_level_imports(path))
    )
    assert importers == ["bot/sandbox_chat.py"]


def test_the_sandbox_does_not_import_the_bot() -> None:
    """The fake Bot API knows nothing of the product: the bot passes in what it needs."""
    importers = {
        str(path.relative_to(REPO)): sorted(imported)
        for path in (REPO / "sandbox").rglob("*.py")
        if (imported := roots(top_level_imports(path)) & {"bot", "handlers", "knowledge"})
    }
    assert importers == {}


def test_without_the_sandbox_the_local_chat_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import bot
    from bot import cli

    monkeypatch.chdir(tmp_path)  # no .env here, and nothing written to the checkout
    monkeypatch.setitem(sys.modules, "sandbox", None)  # importing it raises ModuleNotFoundError
    # Forget bot.sandbox_chat if another test loaded it, so the CLI imports it afresh.
    monkeypatch.delitem(sys.modules, "bot.sandbox_chat", raising=False)
    monkeypatch.delattr(bot, "sandbox_chat", raising=False)
    assert cli.main(["sandbox"]) == 2
    error = capsys.readouterr().err
    assert "'sandbox' is not importable" in error
    assert "pip install -e '.[sandbox]'" in error
    assert not (tmp_path / "var").exists(), "nothing was started"


def test_the_wheel_holds_the_bot_alone() -> None:
    """The packages setuptools puts in the wheel, by the project's own include list."""
    import tomllib

    from setuptools import find_packages  # type: ignore[import-untyped]

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = find_packages(str(REPO), include=include)
    assert {"bot", "bot.services", "handlers", "knowledge"} <= set(packages)
    assert {name.partition(".")[0] for name in packages} == {"bot", "handlers", "knowledge"}
    dependencies = " ".join(config["project"]["dependencies"])
    assert "aiohttp" not in dependencies
    assert any(
        d.startswith("aiohttp") for d in config["project"]["optional-dependencies"]["sandbox"]
    )
