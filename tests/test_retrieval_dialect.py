"""Dialect and family words reach the legal concept (phrasings written for these tests)."""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase


@pytest.mark.parametrize(
    ("told", "concept"),
    [
        ("俺爹没了", "继承"),
        ("俺娘没了", "继承"),
        ("俺要是跟他离了婚", "离婚"),
        ("俺家的地叫征了", "征收"),
        ("承包地被征以后", "征收"),
        ("俺奶奶过马路叫车碰了一下", "交通事故"),
        ("下晚班叫电动车剐倒在路边", "交通事故"),
        ("寄到县里的材料一直没个回音", "没有答复"),
        ("信交上去以后就没音信了", "没有答复"),
        ("管市场的来店里查了一回", "市场监管部门"),
        ("想让法院下个令不许他靠近我", "人身安全保护令"),
        # ret17: the order asked for before naming him, a village's linked lawyer, an elder
        # beaten at home
        ("能不能叫法院让他不许靠近我们娘俩", "人身安全保护令"),
        ("镇上给我们村挂钩的律师姓什么", "法律顾问"),
        ("大儿子喝多了就打老人", "家庭暴力"),
        ("车间主任一直不给我们换劳保手套", "安全生产"),
        ("缓刑期间换了住处得去报备吗", "搬家"),
        ("镇政府大厅里挂着法律服务的牌子", "公共法律服务中心"),
        ("楼下饭店的油烟熏得我家不敢开窗", "相邻关系"),
        ("熟人在我摊上赊账半年了", "欠款"),
        ("镇中学下个月办法治进校园讲座", "普法"),
    ],
)
def test_a_dialect_event_names_its_matter(kb: KnowledgeBase, told: str, concept: str) -> None:
    # Dialect runs first (俺爹 -> 我父亲), so the event must still be found in its words.
    assert concept in kb.analyzer.normalize(told).split()


@pytest.mark.parametrize(
    ("told", "kin"),
    [
        ("俺小子今年考上高中", "我儿子"),
        ("俺家丫头在外地上班", "我女儿"),
        # ret10: 妈妈 and 爸爸 as the items' 母亲 and 父亲, as 俺娘 and 俺爹 are
        ("我妈八十了", "我母亲"),
        ("俺爸前年走了", "我父亲"),
        ("妈妈一个人住", "母亲"),
    ],
)
def test_kin_in_family_words_are_named_so(kb: KnowledgeBase, told: str, kin: str) -> None:
    assert kb.analyzer.normalize(told).startswith(kin)


@pytest.mark.parametrize(
    "asked", ["借出去的钱拖了五年，还能要钱吗", "人家赖着不还，我去告能要到钱不"]
)
def test_asking_to_get_money_back_is_not_asking_what_it_costs(
    kb: KnowledgeBase, asked: str
) -> None:
    # 要钱吗 alone asks whether a service costs (收费吗); 能要钱吗 asks for a debt back.
    words = kb.analyzer.normalize(asked)
    assert "收费" not in words
    assert "要回钱" in words


def test_a_parent_gone_in_family_words_is_an_inheritance(kb: KnowledgeBase) -> None:
    result = kb.search("后老伴照顾俺爹好些年，俺爹没了，那套房她有份不？")
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "inheritance"


def test_protective_gear_is_not_taiwan_labour_insurance(kb: KnowledgeBase) -> None:
    # ret17: 劳保 alone is Taiwan's labour insurance; 劳保用品 is the gear a workshop issues.
    assert "社会保险" not in kb.analyzer.normalize("工地上一直不发劳保鞋").split()
    assert "社会保险" in kb.analyzer.normalize("在台湾打工时有没有劳保").split()
