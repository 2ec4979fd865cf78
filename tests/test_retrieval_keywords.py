"""Which keyword a query holds: the keyword as typed, not the lexicon's expansions (ret15).

Phrasings written for these tests.
"""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.base import _holds, _keyword_head


def test_a_keyword_is_read_without_its_expansions() -> None:
    heads = {
        "12348 12348 热线": "12348",
        "地界纠纷": "地界纠纷",
        "12348热线 12348 热线": "12348热线",
        "legal hotline 法律 热线": "legal hotline 法律 热线",
    }
    assert {line: _keyword_head(line) for line in heads} == heads


def test_a_number_among_chinese_characters_is_a_whole_word() -> None:
    assert _holds(" 晚上打12348有人接吗 ", "12348")
    assert not _holds(" 订单号123480 ", "12348")
    assert not _holds(" define ", "fine")


def test_the_hotline_number_typed_in_a_question_is_its_keyword(kb: KnowledgeBase) -> None:
    candidates = kb.explain("俺眼神不好，晚上打12348有人接没？")["candidates"]
    assert isinstance(candidates, list)
    top = candidates[0]
    assert top["item_id"] == "hotline-12348"
    assert top["keyword"] == "12348"


def test_an_expansion_is_not_a_keyword_the_resident_typed(kb: KnowledgeBase) -> None:
    # 打疫苗 appends 狗咬 for the bitten; a pet's vaccination names no bite.
    candidates = kb.explain("家里的猫打疫苗要去哪儿？")["candidates"]
    assert isinstance(candidates, list)
    assert all(c["keyword"] != "狗咬" for c in candidates)
