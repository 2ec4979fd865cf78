"""Load knowledge items from YAML files and check them, reporting file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.categories import load_categories, load_topics
from knowledge.models import ANSWER_MAX_CHARS, LOCAL_PLACEHOLDERS, Item, visible_text
from knowledge.review import REVIEW_MONTHS, next_review
from knowledge.statutes import (
    DEFAULT_STATUTES_PATH,
    StatuteRegistry,
    citation_problems,
    load_statutes,
    named_statute_problems,
)
from knowledge.telegram_html import html_problems
from knowledge.yaml_source import Problem, line_of, read_mapping, validation_problems

__all__ = ["CheckReport", "KnowledgeError", "Problem", "check_items", "inspect_items", "load_items"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_HELP_MARKERS = ("12348", "法律顾问", "110")


class KnowledgeError(Exception):
    """Raised when the knowledge base has problems; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge base:\n{lines}")


@dataclass(frozen=True, slots=True)
class _Parsed:
    path: Path
    node: yaml.MappingNode
    item: Item


@dataclass(frozen=True)
class CheckReport:
    """What checking a knowledge folder found: the valid items, errors and warnings."""

    items: tuple[Item, ...]
    errors: list[Problem] = field(default_factory=list)
    """Defects that stop the folder from loading."""
    warnings: list[Problem] = field(default_factory=list)
    """Items to look at that still load, such as reviews older than ``REVIEW_MONTHS`` months."""
    registry: StatuteRegistry | None = None


def load_items(
    directory: Path,
    *,
    require_topics: bool = True,
    statutes: Path = DEFAULT_STATUTES_PATH,
    today: dt.date | None = None,
) -> tuple[Item, ...]:
    """Load and check every ``*.yaml`` item in ``directory``.

    Args:
        directory: Folder holding one item per YAML file.
        require_topics: Also require every topic of ``topics.yaml`` to be covered.
        statutes: The statute registry every ``legal_basis`` entry must cite.
        today: The day statute status is judged by (default: today).

    Returns:
        The items, sorted by id.

    Raises:
        KnowledgeError: If any file is invalid; the error lists every problem.
    """
    report = inspect_items(directory, require_topics=require_topics, statutes=statutes, today=today)
    if report.errors:
        raise KnowledgeError(report.errors)
    return report.items


def check_items(
    directory: Path,
    *,
    require_topics: bool = True,
    statutes: Path = DEFAULT_STATUTES_PATH,
    today: dt.date | None = None,
) -> list[Problem]:
    """Return every error in the knowledge base at ``directory`` (empty when valid)."""
    return inspect_items(
        directory, require_topics=require_topics, statutes=statutes, today=today
    ).errors


def inspect_items(
    directory: Path,
    *,
    require_topics: bool = True,
    statutes: Path = DEFAULT_STATUTES_PATH,
    today: dt.date | None = None,
) -> CheckReport:
    """Check the knowledge folder at ``directory`` against the statute registry.

    Args:
        directory: Folder holding one item per YAML file.
        require_topics: Also require every topic of ``topics.yaml`` to be covered.
        statutes: The statute registry file.
        today: The day statute status and review age are judged by (default: today).

    Returns:
        The valid items, every error (file, line and field) and every warning.
    """
    day = today or dt.date.today()
    registry, errors = load_statutes(statutes)
    warnings: list[Problem] = []
    files = sorted(directory.glob("*.yaml"))
    if not files:
        errors.append(Problem(directory, 0, "-", "no *.yaml knowledge files found"))
    parsed: list[_Parsed] = []
    for path in files:
        result = _parse_file(path, errors)
        if result is not None:
            parsed.append(result)
            errors.extend(_check_basis(result, registry, day))
            errors.extend(_check_named(result, registry, day))
            warnings.extend(_check_review(result, day))
    errors.extend(_cross_check(parsed, require_topics=require_topics, directory=directory))
    items = tuple(sorted((entry.item for entry in parsed), key=lambda item: item.id))
    return CheckReport(items, errors, warnings, registry)


def _parse_file(path: Path, problems: list[Problem]) -> _Parsed | None:
    document = read_mapping(path, expected="of item fields")
    if isinstance(document, Problem):
        problems.append(document)
        return None
    node = document.node
    try:
        item = Item.model_validate(document.data)
    except ValidationError as exc:
        problems.extend(validation_problems(document, exc))
        return None
    problems.extend(_check_answer(path, node, item))
    if item.id != path.stem:
        problems.append(
            Problem(path, line_of(node, ("id",)), "id", f"{item.id!r} differs from file name")
        )
    return _Parsed(path, node, item)


def _check_answer(path: Path, node: yaml.MappingNode, item: Item) -> Iterable[Problem]:
    line = line_of(node, ("answer",))
    for message in html_problems(item.answer):
        yield Problem(path, line, "answer", message)
    length = len(visible_text(item.answer))
    if length > ANSWER_MAX_CHARS:
        yield Problem(path, line, "answer", f"{length} characters, at most {ANSWER_MAX_CHARS}")
    for name in _PLACEHOLDER.findall(item.answer):
        if name not in LOCAL_PLACEHOLDERS:
            allowed = ", ".join(sorted(LOCAL_PLACEHOLDERS))
            yield Problem(path, line, "answer", f"unknown placeholder {{{name}}}; use {allowed}")
    last_line = item.answer.rstrip().splitlines()[-1]
    if not any(marker in last_line for marker in _HELP_MARKERS):
        yield Problem(path, line, "answer", "last line must say how to get human help")


def _check_basis(entry: _Parsed, registry: StatuteRegistry, day: dt.date) -> Iterable[Problem]:
    """Each basis must cite a registry statute in force on ``day``, within its article count."""
    for index, basis in enumerate(entry.item.legal_basis):
        for name, message in citation_problems(basis.law, basis.article, registry, day):
            line = line_of(entry.node, ("legal_basis", index, name))
            yield Problem(entry.path, line, f"legal_basis.{index}.{name}", message)


def _check_named(entry: _Parsed, registry: StatuteRegistry, day: dt.date) -> Iterable[Problem]:
    """Each statute the answer or source names in 《》 must be a registry statute in force."""
    for name in ("answer", "source"):
        text = getattr(entry.item, name)
        for message in named_statute_problems(text, registry, day):
            yield Problem(entry.path, line_of(entry.node, (name,)), name, message)


def _check_review(entry: _Parsed, day: dt.date) -> Iterable[Problem]:
    item = entry.item
    if next_review(item.review_date) <= day:
        name = "reviewed" if item.reviewed and item.reviewed >= item.updated else "updated"
        message = (
            f"last reviewed {item.review_date}, {REVIEW_MONTHS} months or more ago: check it "
            "against the law in force and set reviewed:"
        )
        yield Problem(entry.path, line_of(entry.node, (name,)), name, message)


def _cross_check(
    parsed: Sequence[_Parsed], *, require_topics: bool, directory: Path
) -> Iterable[Problem]:
    category_ids = {category.id for category in load_categories()}
    by_id: dict[str, _Parsed] = {}
    for entry in parsed:
        item, path, node = entry.item, entry.path, entry.node
        if item.category not in category_ids:
            yield Problem(
                path, line_of(node, ("category",)), "category", f"unknown {item.category!r}"
            )
        if item.id in by_id:
            first = by_id[item.id].path
            yield Problem(path, line_of(node, ("id",)), "id", f"duplicate {item.id!r} ({first})")
        else:
            by_id[item.id] = entry
    for entry in parsed:
        for index, target in enumerate(entry.item.related):
            if target not in by_id:
                line = line_of(entry.node, ("related", index))
                yield Problem(entry.path, line, f"related.{index}", f"no item {target!r}")
    if not require_topics:
        return
    for topic in load_topics():
        found = by_id.get(topic.id)
        if found is None:
            yield Problem(directory, 0, "id", f"required topic {topic.id!r} has no item")
        elif found.item.category != topic.category:
            line = line_of(found.node, ("category",))
            message = f"{found.item.category!r}, topics.yaml says {topic.category!r}"
            yield Problem(found.path, line, "category", message)
