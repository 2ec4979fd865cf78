"""The character model: a naive Bayes posterior over candidate items."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.characters import TABLE_TEXTS, CharacterModel, DocumentFrequencies


def test_document_frequencies_count_each_character_once_per_item() -> None:
    frequencies = DocumentFrequencies()
    frequencies.add(["赡养赡养老人", "老人 abc"])
    assert frequencies.documents == 2
    assert frequencies.counts[ord("赡")] == 1
    assert frequencies.counts[ord("老")] == 2
    assert frequencies.counts.sum() == 6  # 赡 养 老 人, then 老 人 (latin letters are left out)


def test_the_candidate_using_the_query_characters_most_is_most_likely(
    kb: KnowledgeBase,
) -> None:
    model: CharacterModel = kb.model
    support = kb.analyzer.normalize("儿女不养老人，老人能要赡养费吗")
    texts = ["老人赡养费\n子女不赡养老人怎么办\n不养老人", "离婚\n孩子抚养费\n离婚怎么分财产"]
    shares = model.posteriors(support, texts)
    assert shares[0] > 0.9
    assert sum(shares) == pytest.approx(1.0)


def test_a_query_of_unknown_characters_leaves_the_candidates_equal(kb: KnowledgeBase) -> None:
    texts = ["老人赡养费", "离婚抚养费", "工资"]
    assert kb.model.posteriors("qwerty", texts) == pytest.approx([1 / 3] * 3)
    assert kb.model.posteriors("赡养", []) == []


def test_counting_all_candidates_at_once_matches_one_by_one(kb: KnowledgeBase) -> None:
    query = kb.analyzer.normalize("老板拖欠工资半年了，去哪里仲裁")
    texts = ["拖欠工资\n老板不发工资", "劳动仲裁\n仲裁去哪里申请", "工伤\n工资"]
    together = kb.model.posteriors(query, texts)
    pairwise = [kb.model.posteriors(query, [texts[0], text])[1] for text in texts[1:]]
    # Each candidate's likelihood is its own: the odds against the first agree pairwise.
    for share, alone in zip(together[1:], pairwise, strict=True):
        assert share / together[0] == pytest.approx(alone / (1 - alone), rel=1e-6)


def test_document_frequencies_of_many_texts_are_those_counted_one_by_one(
    kb: KnowledgeBase,
) -> None:
    texts = [kb._entries[number].text for number in range(len(kb._entries))] * 3
    frequencies = DocumentFrequencies()
    frequencies.add(texts)
    expected = np.zeros_like(frequencies.counts)
    for text in texts:
        for char in set(text):
            if "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff":
                expected[ord(char)] += 1
    assert len(texts) > TABLE_TEXTS
    np.testing.assert_array_equal(frequencies.counts, expected)


def test_reading_many_queries_at_once_gives_each_its_own_posteriors(kb: KnowledgeBase) -> None:
    texts = [kb._entries[number].text for number in range(8)]
    queries = [
        kb.analyzer.normalize(text)
        for text in ("老板拖欠工资半年了", "", "qwerty", "孩子抚养费谁出", "工资工资，仲裁")
    ]
    together = kb.model.posteriors_many(queries, texts)
    # Exactly equal: the counts are the same, and so is the arithmetic on them.
    assert together == [kb.model.posteriors(query, texts) for query in queries]
    assert kb.model.posteriors_many([], texts) == []
    assert kb.model.posteriors_many(queries[:2], []) == [[], []]
