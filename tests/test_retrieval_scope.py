"""An out-of-scope word vetoes where the resident asks, not in the story before it.

Phrasings written for these tests. Before, a subject the knowledge base does not cover
(下雨, 旅游) anywhere in a one-sentence story made it "unknown", however clear the matter.
"""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


@pytest.mark.parametrize(
    ("story", "item_id"),
    [
        (
            "下雨那天我在小区里走，物业没清理的井盖塌了，我掉下去摔断了腿，这事找谁赔？",
            "personal-injury",
        ),
        ("旅游回来发现家里被隔壁装修泡水了，墙皮都掉了，找谁赔？", "neighbor-dispute"),
    ],
    ids=["rain-then-a-fall", "travel-then-a-leak"],
)
def test_an_incidental_subject_in_the_story_does_not_veto(
    kb: KnowledgeBase, story: str, item_id: str
) -> None:
    result = kb.search(story)
    assert result.decision is not Decision.UNKNOWN
    assert result.top is not None
    assert result.top.item.id == item_id


@pytest.mark.parametrize("question", ["我想出去旅游，签证怎么办？", "明天下雨，公交还开吗？"])
def test_a_subject_named_where_the_resident_asks_still_vetoes(
    kb: KnowledgeBase, question: str
) -> None:
    assert kb.search(question).decision is Decision.UNKNOWN


@pytest.mark.parametrize("small_talk", ["你叫啥呀？", "请问你几岁啦"])
def test_small_talk_about_the_bot_is_not_answered(kb: KnowledgeBase, small_talk: str) -> None:
    # Written for this test: before, each was answered or offered with some item.
    assert kb.search(small_talk).decision is Decision.UNKNOWN
