"""Dependencies point one way: handlers → bot.services → bot.storage / knowledge."""

from __future__ import annotations

import ast
import importlib
import inspect
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


def reached(path: Path) -> set[tuple[str, str]]:
    """Return (name, module it is defined in) for each name ``path`` imports from our packages.

    A name imported through a re-export (``from bot.services import OutboxRepository``) is
    followed to where it is defined (``bot.storage.outbox``), so a package ``__init__`` cannot
    hide a dependency.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.module is None or node.level != 0:
            continue
        if not node.module.startswith(("bot", "knowledge", "handlers")):
            continue
        module = importlib.import_module(node.module)
        for alias in node.names:
            value = getattr(module, alias.name, None)
            if inspect.ismodule(value):
                found.add((alias.name, value.__name__))
            elif inspect.isclass(value) or inspect.isfunction(value):
                found.add((alias.name, value.__module__))
            else:
                found.add((alias.name, node.module))
    return found


def drives_storage(name: str, module: str) -> bool:
    """Whether ``name`` (defined in ``module``) reads or writes the database itself."""
    if not module.startswith("bot.storage"):
        return False
    return name.endswith("Repository") or name in {"Database", "transaction"}


def test_handlers_drive_no_repository_even_through_a_re_export() -> None:
    found = {
        str(path.relative_to(REPO)): sorted(f"{name} ({module})" for name, module in names)
        for path in modules("handlers")
        if (names := {(n, m) for n, m in reached(path) if drives_storage(n, m)})
    }
    assert found == {}
