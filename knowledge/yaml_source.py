"""Read YAML files keeping their node tree, so every problem can name its file, line and field."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

__all__ = [
    "LIBYAML",
    "Problem",
    "YamlDocument",
    "dotted",
    "line_of",
    "load_yaml",
    "read_mapping",
    "validation_problems",
]

try:
    from yaml import CSafeLoader as _CSafeLoader
except ImportError:  # PyYAML built without libyaml
    LIBYAML = False
else:
    LIBYAML = True
"""Whether libyaml's C parser is installed; without it every read uses PyYAML's pure parser."""


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


_C_LOADERS: dict[type[yaml.SafeLoader], type[Any]] = {}


def _parsing(loader: type[yaml.SafeLoader], *, libyaml: bool) -> type[Any]:
    """Return a loader that resolves and constructs as ``loader`` does.

    With ``libyaml``, it parses and composes with libyaml's C parser (several times faster
    than PyYAML's pure one, and its nodes keep their marks, so lines are still known).
    """
    if not libyaml:
        return loader
    if loader not in _C_LOADERS:
        attributes = {
            name: getattr(loader, name)
            for name in ("yaml_implicit_resolvers", "yaml_constructors", "yaml_multi_constructors")
        }
        _C_LOADERS[loader] = type(f"C{loader.__name__}", (_CSafeLoader,), attributes)
    return _C_LOADERS[loader]


def load_yaml(path: Path, *, libyaml: bool = LIBYAML) -> Any:
    """Return the data of the YAML file at ``path``, read safely (``yaml.safe_load``'s result).

    Args:
        path: The file, UTF-8 text.
        libyaml: Parse with libyaml's C parser (the default when it is installed).
    """
    parsing = _parsing(yaml.SafeLoader, libyaml=libyaml)  # safe: a SafeLoader's constructors
    return yaml.load(path.read_text(encoding="utf-8"), Loader=parsing)


def read_mapping(
    path: Path,
    *,
    expected: str,
    loader: type[yaml.SafeLoader] = yaml.SafeLoader,
    libyaml: bool = LIBYAML,
) -> YamlDocument | Problem:
    """Read ``path`` as a YAML mapping, or return the problem that prevents it.

    The file is parsed once: its data are constructed from the node tree kept for lines.

    Args:
        path: The file.
        expected: Words completing "expected a mapping …" when the file is not a mapping.
        loader: A ``yaml.SafeLoader`` subclass: its resolvers and constructors are used.
        libyaml: Parse with libyaml's C parser (the default when it is installed).
    """
    parsing = _parsing(loader, libyaml=libyaml)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=parsing)
        data = None if node is None else parsing(text).construct_document(node)
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
