"""Homophone typos are fixed only where the fix is near certain (questions written for these
tests, not from the dev set)."""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


def corrected(kb: KnowledgeBase, text: str) -> str:
    return kb.corrector.correct(kb.analyzer.normalize(text))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("离混协议要写哪些内容", "离婚协议要写哪些内容"),
        ("出了交通视故对方全责怎么赔", "出了交通事故对方全责怎么赔"),
        ("社区叫正期间能出远门吗", "社区矫正期间能出远门吗"),
        ("我想找社区的法律故问", "我想找社区的法律顾问"),
    ],
)
def test_one_wrong_character_of_the_right_sound_is_fixed(
    kb: KnowledgeBase, typed: str, meant: str
) -> None:
    assert corrected(kb, typed) == kb.analyzer.normalize(meant)


@pytest.mark.parametrize(
    ("typed", "wrong", "right"),
    [
        # 援助 alone is no word of the index, but the fix completes 法律援助
        ("我家困难，怎么申请法律圆助", "圆助", "援助"),
        # 附议 is a word of its own, but 行政复议 is the word the knowledge base uses
        ("想申请行政附议，去哪个部门", "附议", "复议"),
        # 法制 is a word too, but only 法治带头人 is one the knowledge base knows
        ("村里的法制带头人平时管些什么", "制带", "治带"),
    ],
)
def test_a_fix_that_completes_a_longer_known_word_is_made(
    kb: KnowledgeBase, typed: str, wrong: str, right: str
) -> None:
    assert corrected(kb, typed) == kb.analyzer.normalize(typed).replace(wrong, right)


@pytest.mark.parametrize(
    ("typed", "wrong", "right"),
    [
        ("买到假货，想去12315投述商家", "投述", "投诉"),  # shu for su
        ("公司不签合同，能申请劳动宗裁吗", "宗裁", "仲裁"),  # zong for zhong
        # Each failed while an item's sample phrasing held the typed pair or a rival fix
        # (答复意见 holds 复意, 戒赌 rivals 戒毒, 货车装货 holds 车装): items must not block fixes.
        ("申请行政复意有什么期限", "复意", "复议"),
        ("社区戒读期间要注意什么", "戒读", "戒毒"),
        ("骑电动车被车装了谁来赔", "车装", "车撞"),
    ],
)
def test_a_character_of_a_near_sound_is_fixed(
    kb: KnowledgeBase, typed: str, wrong: str, right: str
) -> None:
    assert corrected(kb, typed) == kb.analyzer.normalize(typed).replace(wrong, right)


@pytest.mark.parametrize(
    "text",
    [
        "社区来了个大姐给我调解",  # 姐给 is unknown, but 大姐 is a word: no 借给
        "我家装修时邻居来闹",  # 家 belongs to 我家
        "今天天气怎么样",
        # Each was "fixed" into a word nobody meant while an item's sample phrasing used the
        # other word (老师, 不理, 每个): a common word must not become a rival's word.
        "他老是半夜才回家",
        "两口子说好了不离",
        "他整天没个正形",
        # A function character (就, 在, 的, 会…) joins any neighbour: 多就, 要在, 的到 and 会来
        # stand in no item, yet nobody meant 多久, 要债, 得到 or 回来 (ret7; failed before).
        "他一喝多就摔东西，我该怎么办",
        "村里要在我家承包地上修路",
        "干了三年活，一分钱没拿的到",
        "听说律师每周会来社区坐班",
        "劳动仲裁",
        "",
        "a",
    ],
)
def test_text_without_a_certain_typo_is_left_alone(kb: KnowledgeBase, text: str) -> None:
    assert corrected(kb, text) == kb.analyzer.normalize(text)


def test_a_function_character_is_fixed_where_it_completes_a_longer_word(
    kb: KnowledgeBase,
) -> None:
    # 是 is a function character, but 交通事故 is the word the knowledge base uses.
    assert corrected(kb, "前天出了交通是故，对方不赔") == kb.analyzer.normalize(
        "前天出了交通事故，对方不赔"
    )


def test_a_fixed_question_finds_its_item(kb: KnowledgeBase) -> None:
    result = kb.search("社区叫正期间能出远门吗")
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "community-correction"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("对罚款不服，想申请行政附议", "对罚款不服，想申请行政复议"),  # 复议 brings 行政复议
        ("孩子吸独成瘾，家里人怎么帮他", "孩子吸毒成瘾，家里人怎么帮他"),  # the asking sentence
    ],
)
def test_a_fixed_question_is_searched_as_if_typed_right(
    kb: KnowledgeBase, typed: str, meant: str
) -> None:
    def ranked(text: str) -> list[tuple[str, float]]:
        return [(c.item.id, round(c.score, 6)) for c in kb.search(text).candidates]

    assert ranked(typed) == ranked(meant)
