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


def test_a_subject_named_in_the_asking_sentence_before_the_clause_that_asks_vetoes(
    kb: KnowledgeBase,
) -> None:
    # ret19: the clause that asks (要准备什么证据，去哪个法院告？) was read alone, without the
    # subject the same sentence names before it; the story was suggested as a lawsuit.
    story = "我写的小说被人整本抄去网上卖了。我想告他侵犯著作权，要准备什么证据，去哪个法院告？"
    assert kb.search(story).decision is Decision.UNKNOWN


def test_a_spaced_story_of_a_matter_now_out_of_time_is_not_answered_as_the_accident(
    kb: KnowledgeBase,
) -> None:
    # ret19: typed with spaces for punctuation, the story was one sentence, and the accident
    # it tells of was answered; read by its parts, the time limit it asks about is offered.
    story = (
        "我爹前年在县城被一辆三轮车撞了 当时派出所调解说对方全责 对方给了五千就再没露面 "
        "我爹的腿到现在还疼 我们当时也不懂 现在过去快四年了 还能不能再告他 过了这么久法院还管吗"
    )
    result = kb.search(story)
    ids = [c.item.id for c in result.candidates]
    assert "limitation-period" in ids[:2]
    assert result.decision is not Decision.ANSWER or ids[0] == "limitation-period"


@pytest.mark.parametrize(
    "story",
    [
        # s31: the main question asks about the late flat; the one after it reads as a rental.
        "前年在镇上买了套期房，合同写的今年六月交房，现在还没动静。逾期交房的违约金怎么算？"
        "我能不能要求退房？",
        "我想给闺女在县城买套期房，开发商说年底交房。期房的首付最低能付多少？房贷怎么办？",
    ],
)
def test_a_subject_out_of_scope_in_the_main_question_vetoes(kb: KnowledgeBase, story: str) -> None:
    result, why = kb.search_explained(story)
    assert result.decision is Decision.UNKNOWN
    assert str(why["rule"]).startswith("out of scope")
