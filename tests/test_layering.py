"""Dependencies point one way: handlers → bot.services → bot.storage / knowledge.

The checks are on what a module actually REACHES, not only on the modules it names: a name
imported from a package is followed through its ``__init__`` re-exports (transitively) to the
module that defines it. A handler importing ``OutboxRepository`` from ``bot.services`` reaches
``bot.storage.outbox`` just as if it had imported it from there.

Handlers may still reach plain data defined below the services (a ``Consultation`` model, a
``MessageKey``, the ``Clock`` type): what they must not reach is behaviour there (a
repository, the database, a transaction; the knowledge base and its search).
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "knowledge")
DATA_BASES = frozenset(
    {"BaseModel", "Enum", "IntEnum", "StrEnum", "NamedTuple", "TypedDict", "Exception"}
)
"""Base classes that make a class plain data (or an error) rather than behaviour."""


@dataclass(frozen=True, slots=True)
class Reached:
    """A name a module reaches, where it is really defined, and whether it is plain data."""

    module: str
    name: str | None
    data: bool

    def __str__(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def path_of(module: str) -> Path | None:
    base = REPO.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def tree_of(module: str) -> ast.Module | None:
    path = path_of(module)
    return ast.parse(path.read_text(encoding="utf-8")) if path else None


def absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` in ``module`` names."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    is_package = (path_of(module) or Path()).name == "__init__.py"
    base = package if is_package else package[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_data_class(node: ast.ClassDef) -> bool:
    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
    decorated = any(
        "dataclass" in ast.unparse(d) or "total_ordering" in ast.unparse(d)
        for d in node.decorator_list
    )
    return decorated or bool(bases & DATA_BASES) or any(b.endswith("Error") for b in bases)


def resolve(module: str, name: str, seen: frozenset[tuple[str, str]] = frozenset()) -> Reached:
    """Follow ``name`` as imported from ``module`` to where it is defined."""
    submodule = f"{module}.{name}"
    if path_of(submodule) is not None:
        return Reached(submodule, None, data=False)
    tree = tree_of(module)
    if tree is None or (module, name) in seen:
        return Reached(module, name, data=False)
    for node in _top_level(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return Reached(module, name, data=_is_data_class(node))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return Reached(module, name, data=False)
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                # A constant or a type alias; a call builds an object that may do things.
                return Reached(module, name, data=not isinstance(node.value, ast.Call))
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    source = absolute(module, node)
                    return resolve(source, alias.name, seen | {(module, name)})
    return Reached(module, name, data=False)


def _top_level(tree: ast.Module) -> list[ast.stmt]:
    """The module's statements, those under a top-level ``if`` (``TYPE_CHECKING``) too."""
    return [
        statement
        for node in tree.body
        for statement in ([node, *node.body, *node.orelse] if isinstance(node, ast.If) else [node])
    ]


def reached_by(path: Path) -> list[Reached]:
    """Every module and name ``path`` reaches through its imports, re-exports resolved."""
    return reached_in(module_name(path), path.read_text(encoding="utf-8"))


def reached_in(module: str, source: str) -> list[Reached]:
    """Every module and name ``source`` (module ``module``) reaches through its imports."""
    tree = ast.parse(source)
    found: list[Reached] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Reached(alias.name, None, data=False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = absolute(module, node)
            if source.split(".")[0] not in PACKAGES:
                found.append(Reached(source, None, data=False))
                continue
            found.extend(resolve(source, alias.name) for alias in node.names)
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def within(module: str, forbidden: tuple[str, ...]) -> bool:
    return any(module == f or module.startswith(f + ".") for f in forbidden)


def breaches(
    reached: list[Reached], forbidden: tuple[str, ...], *, data_allowed: bool = False
) -> list[str]:
    return sorted(
        {
            str(one)
            for one in reached
            if within(one.module, forbidden) and not (data_allowed and one.data)
        }
    )


def offending(
    paths: list[Path], forbidden: tuple[str, ...], *, data_allowed: bool = False
) -> dict[str, list[str]]:
    result = {}
    for path in paths:
        bad = breaches(reached_by(path), forbidden, data_allowed=data_allowed)
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


UPDATE_SCOPE = frozenset(
    {"bot.storage.receipts.begin_scope", "bot.storage.receipts.work_committed"}
)
"""Handed on by ``bot.services.receipts`` on purpose: markers of the update being handled
(did its use case commit work for someone else?); they touch no data."""


def test_handlers_reach_no_storage_behaviour_even_through_re_exports() -> None:
    assert offending(modules("handlers"), ("bot.app", "aiosqlite")) == {}
    reached = offending(modules("handlers"), ("bot.storage",), data_allowed=True)
    beyond_the_scope = {
        module: bad for module, names in reached.items() if (bad := set(names) - UPDATE_SCOPE)
    }
    assert beyond_the_scope == {}


KNOWLEDGE_BASE = ("knowledge.base", "knowledge.index", "knowledge.loader", "knowledge.triage")
"""Where the knowledge base searches and classifies: only the services call into it."""


def test_handlers_do_not_call_the_knowledge_base_around_the_services() -> None:
    assert offending(modules("handlers"), KNOWLEDGE_BASE, data_allowed=True) == {}
    through_a_service = {
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in modules("handlers")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in {"kb", "knowledge"}
    }
    assert through_a_service == set()


WALL_CLOCK = frozenset({"now", "utcnow", "today", "time"})


def test_handlers_do_not_read_the_wall_clock() -> None:
    """Time comes from the application's clock (through a service), so tests can set it."""
    readings = set()
    for path in modules("handlers"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = ast.unparse(node.func.value)
            if node.func.attr in WALL_CLOCK and owner.split(".")[-1] in {
                "datetime",
                "date",
                "time",
            }:
                readings.add(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node.func)}")
    assert readings == set()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from bot.services import DeliveryService", "bot.services.delivery.DeliveryService"),
        ("from bot.services import build_consultation_services", "bot.services.wiring."),
        ("from bot.services import Consultation", "bot.storage.consultations.Consultation"),
        ("from bot.storage import Database", "bot.storage.database.Database"),
        ("from knowledge import KnowledgeBase", "knowledge.base.KnowledgeBase"),
        ("from . import render", "handlers.render"),
    ],
)
def test_re_exports_are_followed_to_their_definition(source: str, expected: str) -> None:
    assert any(str(r).startswith(expected) for r in reached_in("handlers.probe", source))


def test_a_repository_reached_through_re_exports_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hole the old test missed: a repository handed on by a package's ``__init__``."""
    fake = {
        "bot.outer": "from bot.inner import OutboxRepository, Consultation\n",
        "bot.inner": (
            "from bot.storage.outbox import OutboxRepository\n"
            "from bot.storage.consultations import Consultation\n"
        ),
    }
    real = tree_of
    monkeypatch.setattr(
        sys.modules[__name__],
        "tree_of",
        lambda module: ast.parse(fake[module]) if module in fake else real(module),
    )
    reached = reached_in("handlers.probe", "from bot.outer import OutboxRepository, Consultation")
    assert breaches(reached, ("bot.storage",), data_allowed=True) == [
        "bot.storage.outbox.OutboxRepository"
    ]
