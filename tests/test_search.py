"""Behaviour of retrieval on questions written for these tests (not the dev set)."""

from __future__ import annotations

import pytest

from knowledge import Decision, KnowledgeBase
from knowledge.signals import MAX_SCORE


@pytest.mark.parametrize(
    ("question", "item_id"),
    [
        ("劳动冲裁要交钱吗", "labor-arbitration"),
        ("离昏冷静期是几天", "divorce"),
        ("老板欠薪三个月了", "wage-arrears"),
        ("How do I apply for legal aid?", "legal-aid"),
        ("遭受家暴可以申请人身安全保护令吗", "domestic-violence"),
        ("借条上利息最高能写多少", "private-lending"),
    ],
)
def test_answers_with_the_right_item(kb: KnowledgeBase, question: str, item_id: str) -> None:
    result = kb.search(question)
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == item_id
    assert result.category == result.top.item.category


@pytest.mark.parametrize(
    "question",
    [
        "今天天气怎么样",
        "糖醋排骨怎么做",
        "https://example.com/a?b=c",
        "qwertyuiop",
        "🙂🙂",
        "。。。",
        "",
    ],
)
def test_out_of_scope_is_unknown(kb: KnowledgeBase, question: str) -> None:
    result = kb.search(question)
    assert result.decision is Decision.UNKNOWN
    assert result.category == "other"


def test_lone_surrogates_are_dropped_not_fatal(kb: KnowledgeBase) -> None:
    result = kb.search("\ud800劳动仲裁怎么申请\udfff")
    assert result.top is not None
    assert result.top.item.id == "labor-arbitration"


def test_candidates_are_ranked_and_limited(kb: KnowledgeBase) -> None:
    result = kb.search("工伤", limit=2)
    assert len(result.candidates) <= 2
    scores = [candidate.score for candidate in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= MAX_SCORE for score in scores)


def test_suggest_offers_several_candidates(kb: KnowledgeBase) -> None:
    result = kb.search("不服决定")
    assert result.decision in (Decision.SUGGEST, Decision.ANSWER)
    assert len(result.candidates) >= 2


def test_indexing_in_small_batches_changes_nothing(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("knowledge.base.BATCH_ITEMS", 5)
    batched = KnowledgeBase(kb.items)
    questions = ("劳动冲裁要交钱吗", "离昏冷静期是几天", "How do I apply for legal aid?", "工伤")
    for question in questions:
        assert batched.search(question) == kb.search(question)


def test_an_out_of_scope_word_in_a_story_does_not_veto_what_is_asked(kb: KnowledgeBase) -> None:
    # 炒股 is out of scope as a subject; here it is only the bait of a fraud.
    story = (
        "我爸上个月被人拉进一个群，群主说带他炒股能翻倍。"
        "他转了五万块进去，现在群解散了。这是诈骗吗，钱能追回来吗？"
    )
    result = kb.search(story)
    assert result.decision is not Decision.UNKNOWN
    assert result.top is not None
    assert result.top.item.id == "telecom-fraud"
    assert kb.search("炒股怎么选股票？").decision is Decision.UNKNOWN


def test_a_bare_keyword_answers_the_item_it_most_likely_means(kb: KnowledgeBase) -> None:
    result = kb.search("工资")
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == "wage-arrears"
    assert "labor-arbitration" in [candidate.item.id for candidate in result.also]


def test_a_near_tie_is_suggested_even_when_both_score_high(kb: KnowledgeBase) -> None:
    result = kb.search("补偿")
    top, second = result.candidates[:2]
    limits = kb.thresholds
    assert top.score >= limits.sure
    assert top.score < limits.sure_lead * second.score
    assert result.decision is Decision.SUGGEST
    assert result.also == ()


@pytest.mark.parametrize(
    ("question", "item_id"),
    [
        # Failed before the lexicon's kin terms and events and the character model (ret).
        ("跟俺男人实在过不到一起了，想去离，咋弄？", "divorce"),
        ("俺借给俺表哥两万，他一直推着不还，咋要？", "private-lending"),
        ("孩子判给谁？俺当爷爷的还能看孙子不？", "child-custody"),
        ("俺在厂里干了三年，厂里一直不给交保险，中不中？", "social-insurance"),
        ("俺家老屋说是要拆，给的钱太少了咋整？", "land-acquisition"),
        ("村里把俺家承包的地收回去了，中不中？", "homestead"),
        # Failed before the lexicon's criminal, prepaid-card and internet-café events (ret3).
        ("俺兄弟打架叫派出所带走了，听说要判刑，俺们能给他找律师不？", "criminal-defense"),
        ("俺在理发店充的储值卡，店关门了，钱咋要回来？", "consumer-rights"),
        ("网吧让俺外甥通宵上网，他才十五，能举报不？", "minor-protection"),
        # Failed before the lexicon's events of ret9: a contractor who runs off owes wages
        # (卷铺盖 alone is a dismissal), a course paid ahead is a prepaid purchase, a slap
        # is a blow for the police.
        ("带我们干活的工头卷铺盖溜了，工钱一分没结", "wage-arrears"),
        ("我家孩子的舞蹈培训机构突然关门，交的一年学费怎么办", "consumer-rights"),
        ("邻居吵架时扇了我一耳光，我能报警吗", "public-security-penalty"),
        # ret10: Cantonese 人工 is a wage, not a human operator (was community-adviser);
        # 赶出来 by a factory names no elder (was elder support); contracted land taken (a
        # suggestion beside homestead); a relative's loan told without 钱 (led by divorce).
        ("老细欠咗我三个月人工，我可以去边度投诉？", "wage-arrears"),
        ("厂里把俺赶出来了，干了五年一分补偿没有，合法不？", "dismissal-compensation"),
        ("俺家两亩承包地叫县里征了修路，钱给得太少，咋办？", "land-acquisition"),
        ("俺大姑借了俺一万块，说开春就还，现在两年了还没还，咋整？", "private-lending"),
        # Answered before; kept so that the new steps do not lose them.
        ("俺大姨在手机上点了链接，银行卡里的钱没了，咋办？", "telecom-fraud"),
        ("俺丈母娘七十多了，几个闺女都不管她，咋办？", "elderly-support"),
        ("厂里把俺给开了，一分钱补偿也没有，中不中？", "dismissal-compensation"),
        ("俺爹没了，俺哥把房子占着不让分，俺能要份不？", "inheritance"),
        # ret19: Hong Kong speech in traditional characters (仲, 按金, 点做, 个仔, 成日, 俾)
        # left the matter a suggestion.
        ("業主話要加租，唔加就要我搬走，仲要扣我按金，我可以點做？", "house-rental"),
        ("我個仔喺學校成日俾人蝦，老師又唔理，我應該點樣做？", "minor-protection"),
        # ret20: pinyin for a local term in English (xinfang) was an unknown word.
        (
            "I sent a xinfang letter to the county two months ago and nobody replied. "
            "How long should it take?",
            "petition",
        ),
    ],
)
def test_dialect_and_family_words_reach_the_legal_matter(
    kb: KnowledgeBase, question: str, item_id: str
) -> None:
    result = kb.search(question)
    assert result.decision is Decision.ANSWER
    assert result.top is not None
    assert result.top.item.id == item_id


@pytest.mark.parametrize(
    "question", ["打官司大概要花多少钱？", "打官司要花多少钱", "打一场官司一般要请律师花多少钱？"]
)
def test_what_a_lawsuit_costs_in_general_is_not_answered_with_one_matter(
    kb: KnowledgeBase, question: str
) -> None:
    # No item says what a lawsuit costs in general (the divorce item says what a divorce
    # suit costs): answering with one matter was confidently wrong (issue 12; failed before).
    assert kb.search(question).decision is not Decision.ANSWER


def test_the_character_model_shares_are_shown_and_sum_to_one(kb: KnowledgeBase) -> None:
    why = kb.explain("俺借给俺表哥两万，他一直推着不还，咋要？", limit=8)
    candidates = why["candidates"]
    assert isinstance(candidates, list)
    assert candidates[0]["item_id"] == "private-lending"
    assert candidates[0]["model"] > 0.5
    assert sum(candidate["model"] for candidate in candidates) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    "question",
    [
        # Suggestions before (evidence under 0.40) though every reading put this item first.
        "俺借给俺表舅五万块，他老说下月还，拖了三年了，咋要？",
        "来检查的人也没亮证，上来就罚了俺两千，这中不中？",
    ],
)
def test_thin_evidence_the_term_rank_agrees_with_is_answered(
    kb: KnowledgeBase, question: str
) -> None:
    why = kb.explain(question)
    assert why["corroborated"] is True
    assert kb.search(question).decision is Decision.ANSWER


def test_an_out_of_scope_subject_anywhere_keeps_the_higher_floor(kb: KnowledgeBase) -> None:
    # 专利 is asked about in the first question, not the last: no lower floor for it.
    why = kb.explain("发明专利怎么申请？要多久能批下来？")
    assert why["corroborated"] is False
    assert kb.search("发明专利怎么申请？要多久能批下来？").decision is not Decision.ANSWER
