"""The retrieval benchmark's pooling of sets (benchmarks/retrieval_accuracy.py --set all)."""

from __future__ import annotations

from benchmarks.retrieval_accuracy import pooled, summary


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
