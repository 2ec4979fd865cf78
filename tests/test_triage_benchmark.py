"""``benchmarks/triage_accuracy.py --cli``: it scores what ``triage --jsonl`` prints."""

from __future__ import annotations

from benchmarks.triage_accuracy import printed_categories
from knowledge import KnowledgeBase
from tests.conftest import REPO_ROOT
from tests.test_triage import FILED_APART


def test_the_printed_categories_are_the_intakes(kb: KnowledgeBase) -> None:
    texts = [*FILED_APART, "", "欠薪三个月"]
    printed = printed_categories(REPO_ROOT, texts)
    assert printed == [kb.classifier.classify(text) for text in texts]
    assert printed[2:] == ["other", "labor"]
