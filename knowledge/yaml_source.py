"""Read YAML files keeping their node tree, so every problem can name its file, line and field."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

__all__ = ["Problem", "YamlDocument", "dotted", "line_of", "read_mapping", "validation_problems"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect in a file."""

    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A YAML mapping read from ``path``, with its node tree for line numbers."""

    path: Path
    node: yaml.MappingNode
    data: dict[str, Any]


def read_mapping(
    path: Path, *, expected: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> YamlDocument | Problem:
    """Read ``path`` as a YAML mapping, or return the problem that prevents it.

    Args:
        path: The file.
        expected: Words completing "expected a mapping …" when the file is not a mapping.
        loader: A ``yaml.SafeLoader`` subclass.
    """
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # safe: loader is a SafeLoader subclass
    except FileNotFoundError:
        return Problem(path, 0, "-", "file not found")
    except UnicodeDecodeError as exc:
        return Problem(path, 1, "-", f"not UTF-8 text: {exc}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return Problem(path, line, "-", f"invalid YAML: {reason}")
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        return Problem(path, 1, "-", f"expected a mapping {expected}")
    return YamlDocument(path, node, data)


def validation_problems(
    document: YamlDocument, error: ValidationError, *, show_input_for: Collection[str] = ()
) -> list[Problem]:
    """Turn pydantic's errors into problems located in ``document``.

    Args:
        document: The document that was validated.
        error: The validation error.
        show_input_for: Error types whose message should also quote the bad value.
    """
    problems = []
    for entry in error.errors():
        loc = tuple(entry["loc"])
        message = entry["msg"].removeprefix("Value error, ")
        if entry["type"] in show_input_for:
            message += f" (got {entry['input']!r})"
        problems.append(Problem(document.path, line_of(document.node, loc), dotted(loc), message))
    return problems


def line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """Return the 1-based line of the field at ``loc`` (its key), or of its nearest parent."""
    current = node
    line = int(node.start_mark.line)
    for key in loc:
        if isinstance(current, yaml.MappingNode):
            found = next((pair for pair in current.value if pair[0].value == str(key)), None)
            if found is None:
                break
            line, current = int(found[0].start_mark.line), found[1]
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(current.value)
        ):
            current = current.value[key]
            line = int(current.start_mark.line)
        else:
            break
    return line + 1


def dotted(loc: tuple[Any, ...]) -> str:
    """Return a field location as ``a.b.0``."""
    return ".".join(str(part) for part in loc) or "-"
