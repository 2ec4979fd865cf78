"""``python -m bot kb check [DIR]`` and ``kb due``, run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.test_loader import REGISTRY, VALID, with_basis, write


def due_args(tmp_path: Path, other: str, *, today: str) -> list[str]:
    """Write an item citing 未来法, a second file ``other`` and the test registry; kb due's args."""
    items = tmp_path / "items"
    items.mkdir()
    write(items, "sample", with_basis("未来法", "第三条"))
    write(items, "other", other)
    statutes = tmp_path / "statutes.yaml"
    statutes.write_text(REGISTRY, encoding="utf-8")
    return ["kb", "due", str(items), "--statutes", str(statutes), "--today", today]


def test_kb_check_accepts_a_folder_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "sample", VALID.format(id="sample"))
    assert main(["kb", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"ok: 1 items in {tmp_path}, ")
    assert "statutes in registry" in out


def test_kb_check_fails_on_an_unknown_statute_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "sample", with_basis("中华人民共和国示例法（草案）", "第十六条"))
    assert main(["kb", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:18: legal_basis.1.law: unknown statute '中华人民共和国示例法（草案）'" in err
    assert "1 problem(s) found" in err


def test_kb_check_warns_on_stale_review_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "sample", VALID.format(id="sample").replace("2026-11-28", "2020-01-01"))
    assert main(["kb", "check", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err
    assert "last reviewed 2020-01-01" in captured.err
    assert "1 warning(s)" in captured.out


def test_kb_due_lists_items_and_changed_statutes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = VALID.format(id="other").replace("2026-11-28", "2027-02-01")
    assert main(due_args(tmp_path, other, today="2027-01-02")) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    out = captured.out.splitlines()
    assert out == [
        "sample: last reviewed 2026-11-28 (law changed)",
        "  changed: 《未来法》, adopted 2026-06-01, in force 2027-01-01",
        "1 of 2 items due for review on 2027-01-02",
    ]


def test_kb_due_on_the_repository_today_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "due"]) == 0
    assert "items due for review on" in capsys.readouterr().out


def test_kb_due_gives_both_reasons_and_notes_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(due_args(tmp_path, "id: broken\n", today="2028-02-01")) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == (
        "sample: last reviewed 2026-11-28 (overdue, law changed)"
    )
    assert "problem(s); see `kb check`" in captured.err
