"""The signals a candidate's score is made of."""

from __future__ import annotations

import dataclasses

import pytest

from knowledge import Decision
from knowledge.decision import Evidence, Thresholds, decide
from knowledge.signals import MAX_SCORE, Signals, coverage, prevalence, term_rank


def test_coverage_prefers_the_item_asked_about_in_these_words_again_and_again() -> None:
    words = [("工资", 2.0), ("老板", 1.0)]
    often = "\n".join(["老板拖欠工资", "工资不发", "讨工资找谁", "工资欠条"])
    once = "\n".join(["劳动仲裁怎么申请", "加班费和工资怎么仲裁", "仲裁要钱吗", "仲裁多久"])
    assert coverage(words, often) > coverage(words, once) > 0.0
    assert coverage(words, often) < 1.0


@pytest.mark.parametrize(
    ("words", "text"), [([], "工资不发"), ([("工资", 1.0)], ""), ([("工资", 0.0)], "工资")]
)
def test_coverage_is_zero_without_weighted_words_or_text(
    words: list[tuple[str, float]], text: str
) -> None:
    assert coverage(words, text) == 0.0


def test_prevalence_counts_only_for_a_one_word_query() -> None:
    questions = ["老板拖欠工资", "工资不发", "仲裁"]
    assert prevalence("工资", questions) == pytest.approx(2 / 3)
    assert prevalence("老板拖欠工资怎么办", questions) == 0.0
    assert prevalence("工资 拖欠工资", questions) == 0.0  # an expanded query is no bare keyword


def test_the_combined_score_stays_within_its_bounds() -> None:
    best = Signals(
        evidence=1.0,
        fuzzy=1.0,
        question="q",
        keyword="拖欠工资",
        prevalence=1.0,
        coverage=1.0,
        model=1.0,
    )
    assert best.score == pytest.approx(MAX_SCORE)
    none = Signals(evidence=0.0, fuzzy=0.0, question="", keyword="", prevalence=0.0)
    assert none.score == 0.0


def test_the_character_model_alone_does_not_answer_a_tie_the_words_do_not_settle() -> None:
    # Two candidates with the same strong evidence; the model's posterior, all but certain
    # of one, is all that parts them. Without the term rank's agreement that is a choice
    # for the resident (both as buttons), not an answer.
    tied = Signals(evidence=1.0, fuzzy=1.0, question="q", keyword="", prevalence=0.0)
    favoured, other = dataclasses.replace(tied, model=1.0), tied
    assert favoured.base == other.base > Thresholds().sure
    decision, _ = decide(
        [favoured.score, other.score],
        Evidence(base=favoured.base, known_share=1.0, corroborated=False),
        Thresholds(),
    )
    assert decision is Decision.SUGGEST


def test_term_rank_counts_repeated_words_and_discounts_long_items() -> None:
    words = [("工资", 2.0), ("老板", 1.0)]
    often = "\n".join(["老板拖欠工资", "工资不发", "讨工资找谁"])
    once = "\n".join(["劳动仲裁怎么申请", "加班费和工资怎么仲裁", "仲裁多久"])
    average = (len(often) + len(once)) / 2
    assert term_rank(words, often, average) > term_rank(words, once, average) > 0.0
    # The same uses of the words in a text twice as long weigh less (BM25's length norm).
    padded = often + "\n" + "\n".join(["仲裁要钱吗", "仲裁去哪里", "仲裁要带什么"])
    assert term_rank(words, padded, average) < term_rank(words, often, average)
    assert term_rank(words, "", average) == 0.0


def test_a_candidate_behind_the_best_term_rank_loses_score() -> None:
    def signals(terms: float) -> Signals:
        return Signals(
            evidence=0.5, fuzzy=0.5, question="q", keyword="", prevalence=0.0, terms=terms
        )

    assert signals(0.5).score < signals(1.0).score
