"""The fuzzy match compares the resident's whole question with a sample question.

A canonical question is what was typed followed by the legal terms its phrases map to
(小作坊 → 安全生产, 欠条 → 民间借贷 借条). ``token_set_ratio`` scores 100 whenever one side's
words are all among the other's, so an item's title line (「安全生产」, 「行政复议」) matched
any long question that merely named or mapped to it: the keyword signal counted that word
already, and the fuzzy match counted it again as a perfect likeness. Questions written for
these tests.
"""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


@pytest.mark.parametrize(
    "question",
    [
        "我和朋友合开了个小作坊，现在不干了，机器怎么分一直谈不拢，有没有免费的调解？",
        "朋友找我借了八千块打了欠条，到现在一分没还，我该怎么办？",
        "我去年被单位辞退，一直没去申请劳动仲裁，现在过了一年多还来得及吗？",
    ],
    ids=["workshop-mediation", "iou-unpaid", "late-arbitration"],
)
def test_a_title_among_the_question_words_is_no_perfect_likeness(
    kb: KnowledgeBase, question: str
) -> None:
    why = kb.explain(question, limit=8)
    candidates = why["candidates"]
    assert isinstance(candidates, list)
    for candidate in candidates:
        assert candidate["fuzzy"] < 0.9, candidate


def test_a_fine_the_police_gave_is_not_answered_as_review_on_one_word(
    kb: KnowledgeBase,
) -> None:
    # 复议 maps to the title 行政复议; the matter is the police fine (治安管理处罚), whose
    # review the public-security item covers: both must be one press away, neither forced.
    result = kb.search("派出所罚了我三百块，我不服气，可以申请复议不？")
    buttons = [
        c.item.id
        for c in (result.candidates if result.decision is Decision.SUGGEST else result.also)
    ]
    assert result.top is not None
    if result.decision is Decision.ANSWER:
        assert result.top.item.id == "public-security-penalty"
    assert {result.top.item.id, *buttons} >= {"public-security-penalty", "admin-reconsideration"}


def test_questions_sorted_once_score_as_token_sort_ratio(kb: KnowledgeBase) -> None:
    from rapidfuzz import fuzz

    from knowledge.base import _token_sorted

    queries = [kb.analyzer.normalize(q) for q in ("工资 拖欠 怎么办", "离婚冷静期", "e bike 撞人")]
    for entry in kb._entries:
        lines = entry.ranked_lines()
        assert lines.questions == entry.lines()[0]
        for query in queries:
            for question, presorted in zip(lines.questions, lines.sorted_questions, strict=True):
                assert fuzz.ratio(_token_sorted(query), presorted) == fuzz.token_sort_ratio(
                    query, question
                )
