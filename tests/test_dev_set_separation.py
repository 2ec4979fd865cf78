"""The question sets measure retrieval: none of their questions may be copied into the items."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
DEV = DATA / "dev-questions.yaml"
HELD_OUT = sorted(DATA.glob("holdout*-questions.yaml"))


def _questions(path: Path) -> list[str]:
    return [str(entry["q"]) for entry in yaml.safe_load(path.read_text("utf-8"))["questions"]]


def test_no_dev_question_is_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    normalize = kb.analyzer.normalize
    dev = {normalize(text) for text in _questions(DEV)} - {""}
    stored = {
        normalize(text): item.id
        for item in kb.items
        for text in (item.title, *item.questions, *item.keywords)
    }
    copied = {text: stored[text] for text in dev if text in stored}
    assert copied == {}


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda path: path.name)
def test_no_held_out_question_is_a_sample_question(kb: KnowledgeBase, path: Path) -> None:
    # A one-word keyword question may well be an item's title or keyword: that is its style.
    normalize = kb.analyzer.normalize
    held_out = {normalize(text) for text in _questions(path)} - {""}
    stored = {normalize(text): item.id for item in kb.items for text in item.questions}
    copied = {text: stored[text] for text in held_out if text in stored}
    assert copied == {}
