"""The sandbox is a test double beside the product: the deployed bot never loads it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

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
