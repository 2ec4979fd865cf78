"""What start-up imports: ``ask`` and ``triage`` need no PTB; the bot needs no openpyxl to start."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bot.reports.xlsx_sheet import ILLEGAL_CHARACTERS
from tests.conftest import REPO_ROOT

HEAVY = ("telegram", "telegram.ext", "handlers", "bot.app", "openpyxl", "matplotlib")


def _imported_after(code: str, stdin: str = "") -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``HEAVY`` it had imported."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        check=True,
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_ask_and_triage_import_no_telegram_library() -> None:
    for command, line in (("ask", "工伤怎么认定"), ("triage", "老板拖欠工资三个月")):
        code = f"from bot.cli import main\nmain([{command!r}, '--jsonl'])"
        assert _imported_after(code, stdin=line + "\n") == [], command


def test_the_bot_application_imports_no_spreadsheet_library() -> None:
    assert _imported_after("import bot.app") == ["telegram", "telegram.ext", "handlers", "bot.app"]


def test_the_workbook_drops_the_characters_openpyxl_does() -> None:
    assert ILLEGAL_CHARACTERS.pattern == ILLEGAL_CHARACTERS_RE.pattern
    every = "".join(map(chr, range(0x100)))
    assert ILLEGAL_CHARACTERS.sub("", every) == ILLEGAL_CHARACTERS_RE.sub("", every)
