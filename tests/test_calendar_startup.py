"""A malformed 普法 calendar stops ``python -m bot run`` with one line naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_e2e_deploy import run_bot

GOOD_HEAD = (
    'remind_days_before: 7\ndates:\n  - date: "03-08"\n'
    "    name: 国际妇女节\n    theme: 妇女权益保障法\n"
)
"""Five valid lines; the cases add a sixth on."""


@pytest.mark.parametrize(
    ("tail", "line", "words"),
    [
        ('  - date: "02-30"\n    name: 错日\n    theme: 宪法\n', 6, "dates.1.date: '02-30'"),
        ('  - date: "05-01"\n    name: 劳动节\n    theme: 劳动法\n    colour: red\n', 9, "colour"),
        ('  - date: "05-01"\n    name: 劳动节: 劳动法\n', 7, "invalid YAML"),
    ],
    ids=["bad date", "unknown field", "YAML syntax"],
)
def test_a_malformed_calendar_stops_the_bot_with_one_line(
    tmp_path: Path, tail: str, line: int, words: str
) -> None:
    calendar = tmp_path / "campaign_calendar.yaml"
    calendar.write_text(GOOD_HEAD + tail, encoding="utf-8")
    folder = tmp_path / "workdir"
    folder.mkdir()
    result = run_bot(folder, DB_PATH=str(tmp_path / "bot.db"), CAMPAIGN_CALENDAR_FILE=str(calendar))
    assert result.returncode == 2, result.stderr
    (only,) = [text for text in result.stderr.strip().splitlines() if "WARNING" not in text]
    assert only.startswith(f"{calendar}:{line}: "), only
    assert words in only, only
    assert "Traceback" not in result.stderr
