"""One input line of ``ask --jsonl`` / ``triage --jsonl``: plain text, or a JSON record holding it.

The documented input is one question (or description) per line. A caller that writes JSON lines
instead (``{"id": 7, "question": "工伤怎么认定"}`` or ``"工伤怎么认定"``) gets the text read out of
the record, and the record's ``id`` echoed back, rather than the JSON searched as Chinese.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

QUESTION_KEYS = ("question", "q", "query", "text")
"""Fields of a JSON line that can hold the question, in the order they are looked for."""

DESCRIPTION_KEYS = ("text", "description", "desc", "question", "q", "query")
"""Fields of a JSON line that can hold a consultation description."""


def read_line(line: str, keys: Sequence[str]) -> tuple[str, dict[str, object]]:
    """Return the text a line carries and the fields to echo back (the record's ``id``, if any).

    A line that is not a JSON string or an object with one of ``keys`` as a string is the text.
    """
    text = line.rstrip("\r\n")
    stripped = text.strip()
    if not stripped or stripped[0] not in '{"':
        return text, {}
    try:
        record = json.loads(stripped)
    except ValueError:
        return text, {}
    if isinstance(record, str):
        return record, {}
    if not isinstance(record, dict):
        return text, {}
    for key in keys:
        value = record.get(key)
        if isinstance(value, str):
            echo = {"id": record["id"]} if "id" in record else {}
            return value, echo
    return text, {}
