"""A story of two matters that marks its main question (我最想知道…) is answered on that one.

Issue 12: a resident tells of a commuting accident (a traffic accident and a work injury) or of
a divorce with domestic violence, then says which matter is asked about. The marked question,
read on its own, decides the answer where it is clear; the other matter of the story stays one
press away. Written for these tests, apart from the benchmark's sets.
"""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase, SearchResult, Thresholds

COMMUTE = "我早上骑电动车去厂里上班，在路口被一辆小轿车撞了，腿骨折了。"
BEATEN = "我老公喝了酒就打我，身上经常青一块紫一块，我实在过不下去了。"


def offered(result: SearchResult) -> list[str]:
    """The items beside an answer a resident opens with one press: the other matters first."""
    assert result.top is not None
    return [candidate.item.id for candidate in result.also]


@pytest.mark.parametrize(
    ("story", "asked", "other"),
    [
        (
            COMMUTE + "厂里说路上的事跟他们没关系。我最想知道的是，上班路上被撞能不能算工伤？",
            "work-injury",
            "traffic-accident",
        ),
        (
            COMMUTE + "厂里也在帮我报工伤。我主要想问，撞我的司机和他的保险公司该赔我哪些钱？",
            "traffic-accident",
            "work-injury",
        ),
        (
            BEATEN + "我最关心的是，我想离婚，他不同意能离吗？",
            "divorce",
            "domestic-violence",
        ),
    ],
)
def test_the_marked_matter_is_answered_and_the_other_offered(
    kb: KnowledgeBase, story: str, asked: str, other: str
) -> None:
    result = kb.search(story)
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == asked
    assert other in offered(result)


def test_the_same_story_is_answered_on_whichever_matter_is_marked(kb: KnowledgeBase) -> None:
    # One story, two marked questions: the answer follows the mark, not the story's words.
    road = kb.search(COMMUTE + "我主要想问，撞我的司机该赔我哪些钱？")
    work = kb.search(COMMUTE + "我主要想问，上班路上被撞算不算工伤？")
    assert road.top is not None
    assert work.top is not None
    assert {road.top.item.id, work.top.item.id} == {"traffic-accident", "work-injury"}


def test_why_says_the_marked_question_decided(kb: KnowledgeBase) -> None:
    marked = COMMUTE + "我主要想问，撞我的司机和他的保险公司该赔我哪些钱？"
    result, why = kb.search_explained(marked)
    assert result.decision is Decision.ANSWER
    assert why["marked_decided"] is True
    assert isinstance(why["marked_question"], str)
    assert why["marked_question"] in marked
    # A story that marks nothing is decided on the whole text.
    _, plain = kb.search_explained(COMMUTE + "撞我的司机该赔我哪些钱？")
    assert plain["marked_question"] is None
    assert plain["marked_decided"] is False


def test_too_little_after_the_mark_leaves_the_whole_story_to_decide(kb: KnowledgeBase) -> None:
    result, why = kb.search_explained(BEATEN + "我主要想问这个。")
    assert why["marked_question"] is None
    assert why["marked_decided"] is False
    assert result.top is not None
    assert result.top.item.id in {"domestic-violence", "divorce"}


WAGES = (
    "我在一家包装厂干了一年多，老板一直没跟我签劳动合同，说干得好再签。"
    "这三个月他一分钱工资也没发，说等回款。"
)


@pytest.fixture(scope="module")
def demanding(kb: KnowledgeBase) -> KnowledgeBase:
    """The same items with a lead no story of two matters clears: every top is a thin lead."""
    return KnowledgeBase(kb.items, thresholds=Thresholds(lead=3.0, sure=9.0))


def test_a_marked_question_that_agrees_settles_a_thin_lead(demanding: KnowledgeBase) -> None:
    # The story's top is answerable but only just ahead; the marked question alone, itself
    # not answered, puts the same item first: the matter the resident names is answered.
    result, why = demanding.search_explained(
        WAGES + "合同的事先不管，我最想知道的是：这三个月的钱我找谁要？"
    )
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "wage-arrears"
    assert why["marked_decided"] is False
    assert "the marked question alone puts it first too" in str(why["rule"])


def test_without_a_mark_a_thin_lead_stays_a_suggestion(demanding: KnowledgeBase) -> None:
    result = demanding.search(WAGES + "这三个月的钱我找谁要？")
    assert result.decision is Decision.SUGGEST
