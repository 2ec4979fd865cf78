"""The quiz bank: the shipped questions, and problems reported by file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from knowledge import DEFAULT_ITEMS_DIR
from knowledge.loader import inspect_items
from knowledge.quizzes import DEFAULT_QUIZZES_DIR, Quiz, inspect_quizzes
from knowledge.statutes import shipped_registry
from tests.test_loader import VALID, write

DAY = dt.date(2026, 12, 1)
GOOD = """\
quizzes:
  - id: sample-one
    item: sample
    question: 离婚冷静期是多少日？
    options: [15日, 30日]
    correct: 30日
    explanation: 冷静期为30日。
    law: {law}
    article: {article}
"""


def check(folder: Path, text: str, item_ids: set[str] | None = None) -> list[str]:
    """Write ``text`` as ``folder/bank.yaml`` and return the problems found, as strings."""
    folder.mkdir(exist_ok=True)
    (folder / "bank.yaml").write_text(text, encoding="utf-8")
    report = inspect_quizzes(
        folder, item_ids=item_ids or {"sample"}, registry=shipped_registry(), today=DAY
    )
    return [str(problem) for problem in report.errors]


def good(law: str = "中华人民共和国民法典", article: str = "第一千零七十七条") -> str:
    """A valid one-question bank citing ``law`` ``article``."""
    return GOOD.format(law=law, article=article)


def test_the_shipped_bank_is_valid_and_covers_the_topics() -> None:
    items = inspect_items(DEFAULT_ITEMS_DIR, today=DAY).items
    report = inspect_quizzes(
        DEFAULT_QUIZZES_DIR,
        item_ids={item.id for item in items},
        registry=shipped_registry(),
        today=DAY,
    )
    assert report.errors == []
    assert len(report.quizzes) >= 60
    assert len({quiz.item for quiz in report.quizzes}) >= 30
    positions = {quiz.correct_index for quiz in report.quizzes}
    assert len(positions) >= 3, "the correct answer should not always sit in the same place"


def test_a_valid_question_loads(tmp_path: Path) -> None:
    assert check(tmp_path, good()) == []
    quiz = inspect_quizzes(
        tmp_path, item_ids={"sample"}, registry=shipped_registry(), today=DAY
    ).quizzes[0]
    assert quiz.correct_index == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (good().replace("correct: 30日", "correct: 60日"), ":2: quizzes.0: correct '60日'"),
        (good().replace("[15日, 30日]", "[30日]"), ":5: quizzes.0.options: "),
        (good().replace("[15日, 30日]", "[30日, 30日]"), "options must differ"),
        (good().replace("冷静期为30日。", "长" * 201), ":7: quizzes.0.explanation: "),
        (good().replace("离婚冷静期是多少日？", "问" * 301), ":4: quizzes.0.question: "),
        (good().replace("[15日, 30日]", f"[15日, 30日, {'选' * 101}]"), "1 to 100 characters"),
        (good().replace("item: sample", "item: nowhere"), ":3: quizzes.0.item: no item 'nowhere'"),
        (good(law="中华人民共和国示例法（草案）"), ":8: quizzes.0.law: unknown statute"),
        (good(article="第一千三百条"), ":9: quizzes.0.article: '第一千三百条' is beyond the 1260"),
        (good(article="十条"), "quizzes.0.article: '十条' names no article"),
        (good() + good().removeprefix("quizzes:\n"), ":10: quizzes.1.id: duplicate 'sample-one'"),
        ("quizzes: []\n", "quizzes: "),
    ],
)
def test_bad_questions_are_reported_by_file_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    problems = check(tmp_path, text)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith(str(tmp_path / "bank.yaml")) for problem in problems)


def test_the_correct_option_text_must_be_an_option() -> None:
    with pytest.raises(ValueError, match="not one of the options"):
        Quiz(
            id="x",
            item="sample",
            question="问",
            options=("甲", "乙"),
            correct="丙",
            explanation="说明",
            law="中华人民共和国民法典",
            article="第一条",
        )


def test_kb_check_checks_the_quiz_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = tmp_path / "items"
    items.mkdir()
    write(items, "sample", VALID.format(id="sample"))
    quizzes = tmp_path / "quizzes"
    check(quizzes, good())
    assert main(["kb", "check", str(items), "--quizzes", str(quizzes)]) == 0
    assert f"1 quizzes in {quizzes}" in capsys.readouterr().out
    check(quizzes, good().replace("item: sample", "item: nowhere"))
    assert main(["kb", "check", str(items), "--quizzes", str(quizzes)]) == 1
    err = capsys.readouterr().err
    assert f"{quizzes / 'bank.yaml'}:3: quizzes.0.item: no item 'nowhere'" in err


def test_kb_check_of_the_shipped_folder_includes_the_shipped_quizzes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["kb", "check"]) == 0
    assert f"quizzes in {DEFAULT_QUIZZES_DIR}" in capsys.readouterr().out
