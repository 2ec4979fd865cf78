"""An item's longer sample questions are the writer's own, not near copies of a question set's.

test_dev_set_separation catches a question copied word for word; this catches one copied with a
word or two changed, which flatters the benchmark just as much. Short samples (a keyword, a
one-line plain question) are left out: there are only so many ways to ask 「工伤咋认定」.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from knowledge import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
QUESTION_SETS = sorted(DATA.glob("*-questions.yaml"))
LONG = 20
"""Characters from which a sample counts as a sentence of the writer's own."""
NEAR = 85
"""rapidfuzz ``ratio`` (0-100, normalized texts) from which two questions are one reworded."""


def _set_questions() -> list[str]:
    return [
        str(entry["q"])
        for path in QUESTION_SETS
        for entry in yaml.safe_load(path.read_text("utf-8"))["questions"]
    ]


def test_the_question_sets_are_found() -> None:
    assert len(QUESTION_SETS) >= 2


def test_no_long_sample_is_a_reworded_set_question(kb: KnowledgeBase) -> None:
    normalize = kb.analyzer.normalize
    questions = _set_questions()
    normalized = [normalize(text) for text in questions]
    near = {}
    for item in kb.items:
        for sample in item.questions:
            if len(sample) < LONG:
                continue
            hit = process.extractOne(
                normalize(sample), normalized, scorer=fuzz.ratio, processor=None, score_cutoff=NEAR
            )
            if hit is not None:
                near[f"{item.id}: {sample}"] = questions[hit[2]]
    assert near == {}


def test_a_reworded_copy_is_caught(kb: KnowledgeBase) -> None:
    # The check itself: a set question with a few words put before it is within NEAR of it.
    normalize = kb.analyzer.normalize
    original = next(text for text in _set_questions() if len(text) >= LONG)
    reworded = "我想问问，" + original
    score = fuzz.ratio(normalize(reworded), normalize(original), processor=None)
    assert score >= NEAR
