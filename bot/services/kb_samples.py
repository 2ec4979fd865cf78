"""Add a sample question to an item's YAML text, leaving the rest of the file as written."""

from __future__ import annotations

import json
import re

import yaml

__all__ = ["SampleNotAdded", "with_sample_question"]

_ITEM_PREFIX = re.compile(r"[ \t]*- ")


class SampleNotAdded(ValueError):
    """The file's ``questions`` is not a block list the question can be appended to."""


def with_sample_question(text: str, question: str) -> str:
    """Return ``text`` with ``question`` appended to its ``questions`` list.

    The new entry is a double-quoted scalar on its own line, indented like the last entry;
    comments and formatting elsewhere are kept.

    Args:
        text: An item file's YAML text.
        question: The question, on one line.

    Raises:
        SampleNotAdded: The file has no block-style ``questions`` list.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise SampleNotAdded(f"invalid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise SampleNotAdded("not a mapping")
    found = next((value for key, value in root.value if key.value == "questions"), None)
    if not isinstance(found, yaml.SequenceNode) or found.flow_style or not found.value:
        raise SampleNotAdded("questions is not a non-empty block list")
    last = found.value[-1]
    lines = text.splitlines(keepends=True)
    prefix = lines[last.start_mark.line][: last.start_mark.column]
    if not _ITEM_PREFIX.fullmatch(prefix):
        raise SampleNotAdded(f"unexpected list layout {prefix!r}")
    end = last.end_mark
    insert_at = end.line + 1 if end.column > 0 else end.line
    # A JSON string is a valid YAML double-quoted scalar.
    entry = f"{prefix}{json.dumps(' '.join(question.split()), ensure_ascii=False)}\n"
    if insert_at > 0 and insert_at <= len(lines) and not lines[insert_at - 1].endswith("\n"):
        lines[insert_at - 1] += "\n"
    lines.insert(insert_at, entry)
    return "".join(lines)
