"""A story whose resident says which matter is the main one (我主要想问…) is read so.

Written for these tests: each tells at length of one matter, then names another as the one
asked about. Before the focus words were read, the story's matter was answered with confidence.
"""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("story", "told"),
    [
        (
            "我在县城开了家小饭店，城管说我占道经营罚了两千，我觉得不公平。"
            "前几天又有个顾客在店里吃坏了肚子找我闹。我主要想问，这个罚款不服能不能申请复议？",
            "admin-penalty",
        ),
        # The sentence that asks first names the matter it sets aside (押金的事先放一放), then
        # the one asked about: read whole, the set-aside matter's words made it the answer.
        (
            "我在小区门口摆摊卖水果，被城管罚了两千块。房东那边押金也一直没退，"
            "押金的事先放一放，我更关心的是：这个罚款不服能不能申请复议？",
            "house-rental",
        ),
    ],
)
def test_the_matter_named_as_main_is_not_outweighed_by_the_story(
    kb: KnowledgeBase, story: str, told: str
) -> None:
    result = kb.search(story)
    assert result.top is not None
    assert result.top.item.id == "admin-reconsideration"
    # The matter the story tells of stays one press away, never answered instead.
    assert told in [c.item.id for c in (*result.candidates, *result.also)]


def test_why_shows_the_marked_main_question(kb: KnowledgeBase) -> None:
    why = kb.explain("房东不退押金，能告他吗？厂里也欠着我两个月工资。我主要想问工资怎么要回来。")
    assert why["main_question"] == "我主要想问工资怎么要回来。"
