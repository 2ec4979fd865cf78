"""The character model: a naive Bayes posterior over candidate items."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.characters import Candidates, CharacterModel, DocumentFrequencies


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


def test_counting_a_batch_of_texts_matches_counting_them_one_by_one() -> None:
    texts = ["赡养赡养老人", "老人 abc\n老人", "", "离婚\n孩子抚养费"]
    together = DocumentFrequencies()
    together.add(texts)
    alone = DocumentFrequencies()
    for text in texts:
        alone.add([text])
    assert together.documents == alone.documents == 4
    assert (together.counts == alone.counts).all()
    assert together.counts[ord("老")] == 2
    assert together.counts[ord("养")] == 2


def _naive_log_likelihood(model: CharacterModel, kb: KnowledgeBase, query: str, text: str) -> float:
    """The model's formula, one gram at a time in plain Python."""
    from knowledge.characters import _BIGRAM_TAG, SMOOTHING, VOCABULARY
    from knowledge.normalize import CJK_RANGES

    ranges = list(zip(CJK_RANGES[::3], CJK_RANGES[2::3], strict=True))

    def cjk(char: str) -> bool:
        return any(low <= char <= high for low, high in ranges)

    def grams(line_text: str) -> tuple[list[str], list[str]]:
        chars = [c for c in line_text if cjk(c)]
        pairs = [a + b for a, b in itertools.pairwise(line_text) if cjk(a) and cjk(b)]
        return chars, pairs

    query_chars, query_pairs = grams(query)
    text_chars, text_pairs = grams(text)
    denominator = len(text_chars) + len(text_pairs) + SMOOTHING * VOCABULARY
    total = 0.0
    for char in set(query_chars):
        weight = model._character_idf[ord(char)] * query_chars.count(char)
        total += weight * math.log((text_chars.count(char) + SMOOTHING) / denominator)
    for pair in set(query_pairs):
        key = np.array([(ord(pair[0]) << 16) | ord(pair[1])], dtype=np.uint64) | _BIGRAM_TAG
        weights, held = kb.index.weigh(key, np.ones(1))
        weight = (weights[0] if held[0] else 0.0) * query_pairs.count(pair)
        total += weight * math.log((text_pairs.count(pair) + SMOOTHING) / denominator)
    return total


def test_posteriors_follow_the_formula_gram_by_gram(kb: KnowledgeBase) -> None:
    query = kb.analyzer.normalize("老板拖欠工资半年了，去哪里仲裁")
    # A bigram never spans a line break or a latin word; repeated grams count each time.
    texts = ["拖欠工资\n老板不发工资工资", "劳动仲裁\n仲裁abc去哪里申请", "工伤\n工\n资"]
    naive = [_naive_log_likelihood(kb.model, kb, query, text) for text in texts]
    best = max(naive)
    shares = [math.exp(value - best) for value in naive]
    expected = [share / sum(shares) for share in shares]
    assert kb.model.posteriors(query, texts) == pytest.approx(expected, rel=1e-9)


def test_candidates_counted_once_answer_each_query_as_counted_afresh(kb: KnowledgeBase) -> None:
    texts = ["拖欠工资\n老板不发工资", "劳动仲裁\n仲裁去哪里申请", "工伤\n工资", "赡养老人"]
    counted = Candidates(texts)
    for question in ("老板拖欠工资半年了", "去哪里仲裁", "老人没人养", "qwerty"):
        query = kb.analyzer.normalize(question)
        assert kb.model.posteriors(query, counted) == kb.model.posteriors(query, texts)
