"""Dialect and family words reach the legal concept (phrasings written for these tests)."""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


@pytest.mark.parametrize(
    ("told", "concept"),
    [
        ("俺爹没了", "继承"),
        ("俺娘没了", "继承"),
        ("俺要是跟他离了婚", "离婚"),
        ("俺家的地叫征了", "征收"),
        ("承包地被征以后", "征收"),
    ],
)
def test_a_dialect_event_names_its_matter(kb: KnowledgeBase, told: str, concept: str) -> None:
    # Dialect runs first (俺爹 -> 我父亲), so the event must still be found in its words.
    assert concept in kb.analyzer.normalize(told).split()


def test_a_parent_gone_in_family_words_is_an_inheritance(kb: KnowledgeBase) -> None:
    result = kb.search("后老伴照顾俺爹好些年，俺爹没了，那套房她有份不？")
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "inheritance"
