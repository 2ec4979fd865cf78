"""Dependencies point one way: handlers → bot.services → bot.storage / knowledge."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    result = {}
    for path in paths:
        bad = sorted(
            name
            for name in imports_of(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            result[str(path.relative_to(REPO))] = bad
    return result


def test_knowledge_is_pure() -> None:
    assert offending(modules("knowledge"), ("telegram", "bot", "handlers")) == {}


@pytest.mark.parametrize("package", ["bot/services", "bot/storage"])
def test_use_cases_and_storage_know_nothing_of_telegram(package: str) -> None:
    assert offending(modules(package), ("telegram", "handlers")) == {}


def test_only_the_app_imports_handlers() -> None:
    others = [p for p in modules("bot") if p != REPO / "bot" / "app.py"]
    assert offending(others, ("handlers",)) == {}


def test_handlers_do_not_reach_into_storage() -> None:
    assert offending(modules("handlers"), ("bot.storage", "bot.app", "aiosqlite")) == {}
