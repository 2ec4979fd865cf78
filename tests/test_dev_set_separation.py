"""The dev questions measure retrieval: none of them may be copied into the knowledge base."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge import KnowledgeBase

DEV = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "dev-questions.yaml"


def test_no_dev_question_is_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    questions = [entry["q"] for entry in yaml.safe_load(DEV.read_text("utf-8"))["questions"]]
    normalize = kb.analyzer.normalize
    dev = {normalize(text) for text in questions} - {""}
    stored = {
        normalize(text): item.id
        for item in kb.items
        for text in (item.title, *item.questions, *item.keywords)
    }
    copied = {text: stored[text] for text in dev if text in stored}
    assert copied == {}
