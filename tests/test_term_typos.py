"""Homophone typos of the category classifier's terms (knowledge.term_typos)."""

from __future__ import annotations

import pytest

from knowledge.term_typos import TermTypos, unknown_pairs

TERMS = ["诈骗", "电信诈骗", "信访", "司机", "上诉", "讨薪", "法律援助", "拖欠工资", "工资"]
KNOWN_PAIRS = {"上述", "新房", "急性", "性子", "电信", "拖欠", "欠工", "法律", "律援"}


@pytest.fixture(scope="module")
def typos() -> TermTypos:
    return TermTypos(TERMS, KNOWN_PAIRS)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("我被电信炸片了五万块", "我被电信诈骗了五万块"),  # both characters of the pair
        ("想申请法律援注", "想申请法律援助"),
        ("老板拖欠公资三个月", "老板拖欠工资三个月"),
        ("我想讨新", "我想讨薪"),  # a pair the segmenter keeps whole and knows no word for
    ],
)
def test_a_homophone_typo_of_a_term_is_fixed(typos: TermTypos, text: str, fixed: str) -> None:
    assert typos.fix(text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "上述情况属实",  # a known pair: 上述 is no typo of 上诉
        "买了新房，交房晚了半年",  # a word of the dictionary, though it sounds like 信访
        "他是急性子",  # 是急 spans two words
        "我被电信诈骗了",  # spelt right
    ],
)
def test_words_that_only_sound_like_a_term_are_kept(typos: TermTypos, text: str) -> None:
    assert typos.fixes(text) == []
    assert typos.fix(text) == text


def test_a_sound_two_terms_share_names_neither() -> None:
    typos = TermTypos(["诈骗", "炸片"], set())
    assert typos.fix("被扎骗了") == "被扎骗了"


def test_a_sound_a_word_and_a_learnt_typo_share_names_the_word() -> None:
    # 房动 is a typo the lists learnt, 房东 the dictionary's word; failed before (unchanged).
    typos = TermTypos(["房东", "房动"], set())
    assert typos.fix("方东说要收房") == "房东说要收房"
    assert typos.fix("房动说要收房") == "房动说要收房"  # a term spelt as listed stays


def test_the_pairs_of_words_the_segmenter_makes_up_are_told() -> None:
    # 家报 is no word: the segmenter makes up 被家报; 家暴, 离婚 are its own words.
    pairs = unknown_pairs(["网上看到有人被家报", "被家暴了想离婚"])
    assert {"被家", "家报"} <= pairs
    assert "家暴" not in pairs
    assert "离婚" not in pairs


def test_a_pair_changed_in_both_characters_between_known_pairs_is_two_words_ends() -> None:
    # 地包 sounds like 低保 but ends 亩地 and starts 包给; 家报 keeps 家 of 家暴. Failed before.
    typos = TermTypos(["低保", "家暴"], {"亩地", "包给", "被家", "报了"})
    assert typos.fix("那二亩地包给他种了") == "那二亩地包给他种了"
    assert typos.fix("她被家报了") == "她被家暴了"


def test_a_reader_knowing_other_pairs_keeps_its_terms() -> None:
    typos = TermTypos(["家暴"], {"家报"})
    assert typos.fix("她被家报了") == "她被家报了"  # a known pair is spelt right
    assert typos.knowing(set()).fix("她被家报了") == "她被家暴了"
    assert typos.fix("她被家报了") == "她被家报了"  # the first reader is unchanged
