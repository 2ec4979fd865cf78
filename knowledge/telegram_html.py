"""Checks that a text is valid for Telegram's HTML parse mode."""

from __future__ import annotations

import re

__all__ = ["ALLOWED_TAGS", "html_problems"]

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote"}
)

_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]"
)
_NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})


def html_problems(text: str) -> list[str]:
    """Return what Telegram would reject in ``text`` sent with ``parse_mode=HTML``.

    Args:
        text: The message text with HTML markup.

    Returns:
        One human-readable problem per defect; empty when the text is valid.
    """
    problems: list[str] = []
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        closing, tag, _attrs, entity = (
            match.group(1),
            match.group(2),
            match.group(3),
            match.group(4),
        )
        if tag is not None:
            name = tag.lower()
            if name not in ALLOWED_TAGS:
                problems.append(f"unsupported tag <{tag}>")
            elif closing:
                if not stack or stack[-1] != name:
                    problems.append(f"closing </{name}> without matching opening tag")
                else:
                    stack.pop()
            else:
                stack.append(name)
        elif entity is not None:
            if not entity.startswith("#") and entity not in _NAMED_ENTITIES:
                problems.append(f"unknown entity &{entity};")
        else:
            problems.append(f"unescaped {match.group(0)!r} (write &lt; &gt; &amp;)")
    problems.extend(f"unclosed tag <{name}>" for name in reversed(stack))
    return problems
