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


@pytest.mark.parametrize("question", ["请问你是不是机器人？", "你到底是真人吗"])
def test_asking_the_bot_what_it_is_is_not_answered(kb: KnowledgeBase, question: str) -> None:
    # Written for this test: before ret15 the adviser's item (机器人, 真人) answered them.
    assert kb.search(question).decision is Decision.UNKNOWN


@pytest.mark.parametrize("question", ["不想跟机器人聊了，给我转个真人", "能找个真人律师跟我说说吗"])
def test_asking_for_a_person_still_reaches_the_adviser(kb: KnowledgeBase, question: str) -> None:
    # Written for this test: wanting a person is a matter the adviser's item answers.
    result = kb.search(question)
    assert result.top is not None
    assert result.top.item.id == "community-adviser"
    assert result.decision is not Decision.UNKNOWN
