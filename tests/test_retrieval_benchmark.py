"""The retrieval benchmark's pooling of sets (benchmarks/retrieval_accuracy.py --set all)."""

from __future__ import annotations

from pathlib import Path

from benchmarks._common import load_dev_questions
from benchmarks.retrieval_accuracy import QUESTION_SETS, pooled, summary


def test_pooled_figures_add_counts_and_totals_label_by_label() -> None:
    first = {"top-1 accuracy": (9, 10), "style dialect": (1, 2)}
    second = {"top-1 accuracy": (5, 10), "multi: 2nd offered": (3, 4)}
    assert pooled([first, second]) == {
        "top-1 accuracy": (14, 20),
        "style dialect": (1, 2),
        "multi: 2nd offered": (3, 4),
    }


def test_a_summary_line_shows_the_targets_figures_and_each_style() -> None:
    line = summary("holdout9", {"top-1 accuracy": (19, 20), "style dialect": (1, 4)})
    assert line.startswith("holdout9")
    assert "top-1  95.0%" in line
    assert "dialect 25.0%" in line
    assert "2nd offered      -" in line  # a set without multi-matter questions


def test_a_second_matter_is_read_under_either_key(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        "questions:\n"
        "- {q: 甲, topic: divorce, style: multi, also: child-custody}\n"
        "- {q: 乙, topic: divorce, style: multi, second_topic: inheritance}\n"
        "- {q: 丙, topic: divorce, style: plain}\n",
        encoding="utf-8",
    )
    assert [q.also for q in load_dev_questions(path)] == ["child-custody", "inheritance", None]


def test_every_multi_matter_question_of_a_set_names_its_second_matter() -> None:
    for name, path in QUESTION_SETS.items():
        multi = [q for q in load_dev_questions(path) if q.style == "multi"]
        named = [q for q in multi if q.also]
        assert len(named) >= len(multi) * 0.8, name
