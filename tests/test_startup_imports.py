"""What start-up imports: ``ask`` and ``triage`` need no PTB; the bot needs no openpyxl to start."""

from __future__ import annotations

import json
import subprocess
import sys

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bot.reports.xlsx_sheet import ILLEGAL_CHARACTERS
from tests.conftest import REPO_ROOT

HEAVY = ("telegram", "telegram.ext", "handlers", "bot.app", "openpyxl", "matplotlib")
USE_CASES = ("bot.services.consultations", "bot.services.stats", "bot.services.wiring")


def _imported_after(code: str, stdin: str = "", modules: tuple[str, ...] = HEAVY) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it had imported."""
    report = f"print(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    probe = f"{code}\nimport json, sys\n{report}"
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


def test_ask_and_triage_import_no_telegram_library_nor_the_use_cases() -> None:
    for command, line in (("ask", "工伤怎么认定"), ("triage", "老板拖欠工资三个月")):
        code = f"from bot.cli import main\nmain([{command!r}, '--jsonl'])"
        assert _imported_after(code, line + "\n", (*HEAVY, *USE_CASES)) == [], command


def test_the_use_cases_are_imported_when_first_asked_for() -> None:
    code = "from bot.services import StatsService, urgency_kinds\nimport bot.services as s"
    code += "\nassert s.ConsultationService.__module__ == 'bot.services.consultations'"
    assert _imported_after(code, modules=USE_CASES) == list(USE_CASES[:2])


def test_the_bot_application_imports_no_spreadsheet_library() -> None:
    assert _imported_after("import bot.app") == ["telegram", "telegram.ext", "handlers", "bot.app"]


def test_the_workbook_drops_the_characters_openpyxl_does() -> None:
    assert ILLEGAL_CHARACTERS.pattern == ILLEGAL_CHARACTERS_RE.pattern
    every = "".join(map(chr, range(0x100)))
    assert ILLEGAL_CHARACTERS.sub("", every) == ILLEGAL_CHARACTERS_RE.sub("", every)
