"""The decision rules on a ranked query (knowledge/decision.py), on made-up scores."""

from __future__ import annotations

import pytest

from knowledge import Decision
from knowledge.decision import Evidence, Thresholds, decide

LIMITS = Thresholds()


def test_thin_evidence_is_answered_when_the_term_rank_agrees() -> None:
    evidence = Evidence(base=0.37, known_share=0.5, corroborated=True)
    decision, rule = decide([0.57, 0.20], evidence, LIMITS)
    assert decision is Decision.ANSWER
    assert "term rank" in rule


def test_thin_evidence_alone_is_only_a_suggestion() -> None:
    evidence = Evidence(base=0.37, known_share=0.5, corroborated=False)
    assert decide([0.57, 0.20], evidence, LIMITS)[0] is Decision.SUGGEST


def test_corroboration_does_not_answer_below_its_own_floor_or_without_a_lead() -> None:
    below = Evidence(base=LIMITS.corroborated - 0.01, known_share=0.5, corroborated=True)
    assert decide([0.54, 0.10], below, LIMITS)[0] is Decision.SUGGEST
    tied = Evidence(base=0.37, known_share=0.5, corroborated=True)
    assert decide([0.57, 0.50], tied, LIMITS)[0] is Decision.SUGGEST


def test_a_sure_answer_with_a_thin_lead_needs_the_term_rank() -> None:
    scores = [0.90, 0.80]  # lead x1.125: over sure_lead, under lead
    agreed = Evidence(base=0.85, known_share=0.6, corroborated=True)
    assert decide(scores, agreed, LIMITS)[0] is Decision.ANSWER
    disputed = Evidence(base=0.85, known_share=0.6, corroborated=False)
    assert decide(scores, disputed, LIMITS)[0] is Decision.SUGGEST
    clear = Evidence(base=0.85, known_share=0.6, corroborated=False)
    assert decide([0.90, 0.60], clear, LIMITS)[0] is Decision.ANSWER


@pytest.mark.parametrize("corroborated", [True, False])
def test_out_of_scope_and_unknown_text_are_never_answered(corroborated: bool) -> None:
    vetoed = Evidence(base=0.6, known_share=0.6, out_of_scope=("专利",), corroborated=corroborated)
    assert decide([0.8, 0.1], vetoed, LIMITS)[0] is Decision.UNKNOWN
    unknown = Evidence(base=0.6, known_share=0.1, corroborated=corroborated)
    assert decide([0.8, 0.1], unknown, LIMITS)[0] is Decision.UNKNOWN
    assert decide([], unknown, LIMITS)[0] is Decision.UNKNOWN
