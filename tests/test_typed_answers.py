"""Typed replies at button steps: what is understood, and what is left for the question again."""

from __future__ import annotations

import pytest

from handlers.typed_answers import (
    asked_matter,
    cancel_requested,
    consent_choice,
    declines,
    match_named,
    opinion,
    quiz_choice,
    resolved_choice,
    star_rating,
    unsure,
    yes_or_no,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对", True),
        ("是", True),
        ("好", True),
        ("确认", True),
        ("对的！", True),
        ("好的吧", True),
        ("不对", False),
        ("不是", False),
        ("其他", False),
        ("今天天气怎么样", None),
        ("对方不给钱", None),
        ("", None),
        ("是滴", True),  # dialect
        ("中", True),
        ("要得", True),
        ("中不中", None),
    ],
)
def test_yes_or_no(text: str, expected: bool | None) -> None:
    assert yes_or_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("愿意", True),
        ("愿意，留下联系方式", True),
        ("同意", True),
        ("不愿意", False),
        ("不愿意，只通过机器人联系", False),
        ("不", False),
        ("不留联系方式", False),
        ("不留了", False),
        ("我再想想", None),
        ("中", True),
        ("好滴", True),
    ],
)
def test_consent_choice(text: str, expected: bool | None) -> None:
    assert consent_choice(text) is expected


@pytest.mark.parametrize("text", ["取消", "算了", "不了", "算了吧", " 取消。"])
def test_cancel_words(text: str) -> None:
    assert cancel_requested(text)


@pytest.mark.parametrize("text", ["不愿意", "取消了工资", "对"])
def test_not_cancel(text: str) -> None:
    assert not cancel_requested(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("挺好的，五星", 5),
        ("五星", 5),
        ("给4分", 4),
        ("3颗星", 3),
        ("两星", 2),
        ("⭐⭐⭐⭐⭐", 5),
        ("★★★", 3),
        ("5", 5),
        ("1", 1),
        ("6", None),
        ("⭐" * 6, None),
        ("等了3分钟", None),
        ("老板一分钱都没给我", None),
        ("五星好评", 5),
        ("给4分吧", 4),
        ("服务态度很好，问题也讲得很清楚，我愿意给这位律师打五星", None),
        ("三星还是五星", None),
        ("离婚冷静期多久", None),
        ("挺好的", None),
        ("五心", 5),  # 星 typed as 心 (-in for -ing)
        ("给个四心吧", 4),
        ("三心二意", None),
        ("我一心想要回工钱", None),
    ],
)
def test_star_rating(text: str, expected: int | None) -> None:
    assert star_rating(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("解决了", True),
        ("已经解决了！", True),
        ("问题解决了", True),
        ("没解决", False),
        ("没有解决", False),
        ("还没解决呢", False),
        ("怎么解决", None),
        ("解决不了怎么办", None),
        ("解决了，谢谢你们", True),
        ("谢谢律师，事情算是解决了", True),
        ("感谢，基本解决了", True),
        ("很满意，问题已经解决了", True),
        ("还是没有解决，谢谢", False),
        ("没有彻底解决", False),
        ("解决了一半", None),
        ("解决了，可是钱还没到", None),
        ("没有", None),  # alone it answers nothing the bot asked
        ("挺好的，谢谢", None),
    ],
)
def test_resolved_choice(text: str, expected: bool | None) -> None:
    assert resolved_choice(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("没有", False), ("还没呢", False), ("是的", True), ("嗯，好了", True), ("挺满意", None)],
)
def test_a_plain_answer_to_the_resolved_question(text: str, expected: bool | None) -> None:
    assert resolved_choice(text, asked=True) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("挺好的，谢谢", True),
        ("还行吧", True),
        ("很满意，谢谢你们", True),
        ("谢谢", False),
        ("好", False),
        ("挺好的，可是我还想问问离婚的事", False),
    ],
)
def test_opinion(text: str, expected: bool) -> None:
    assert opinion(text) is expected


COMMUNITIES = ["迎凤社区", "龙城社区", "东山村"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("迎凤", "迎凤社区"),
        ("迎凤社区", "迎凤社区"),
        ("我在迎凤社区", "迎凤社区"),
        ("东山", "东山村"),
        ("社区", None),
        ("村", None),
        ("凤", None),
        ("城东", None),
    ],
)
def test_match_named(text: str, expected: str | None) -> None:
    found = match_named(text, COMMUNITIES, lambda name: name, suffixes=("社区", "村"))
    assert found == expected


LEGAL_AID_MATTERS = ["请求确认劳动关系或支付劳动报酬", "请求国家赔偿", "以上都不是"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain yes or no names no option, even when an option's label contains it.
        ("确认", None),
        ("不是", None),
        ("支付劳动报酬", "请求确认劳动关系或支付劳动报酬"),
        ("以上都不是", "以上都不是"),
    ],
)
def test_a_plain_yes_or_no_is_no_part_of_a_name(text: str, expected: str | None) -> None:
    assert match_named(text, LEGAL_AID_MATTERS, lambda name: name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不想说", True),
        ("不方便提供", True),
        ("保密", True),
        ("不知道叫啥", True),
        ("李四", False),
        ("吴芳", False),
        ("王不留", False),
        ("隔壁老张家的媳妇不让我走路", False),
    ],
)
def test_declines(text: str, expected: bool) -> None:
    assert declines(text) is expected


def test_a_name_given_in_full_wins_over_one_that_holds_it() -> None:
    outcomes = ["受理", "不予受理", "转其他渠道"]
    assert match_named("受理", outcomes, lambda name: name) == "受理"
    assert match_named("不予受理", outcomes, lambda name: name) == "不予受理"


@pytest.mark.parametrize(
    ("text", "matter"),
    [
        ("我要咨询离婚的事", "离婚"),
        ("想找法律顾问问问工伤的事", "工伤"),
        ("您好，我想咨询一下关于拆迁补偿方面的问题。", "拆迁补偿"),
        ("找律师看看合同纠纷", "合同纠纷"),
        ("我要问下欠薪的事情", "欠薪"),
        ("我想咨询一下离婚冷静期多久", ""),  # a question: the knowledge base answers it
        ("我想问问工伤怎么认定？", ""),
        ("找律师咨询离婚要多少钱", ""),
        ("我要咨询", ""),  # a request with no matter named
        ("我老公打我的事", ""),
    ],
)
def test_the_matter_a_request_to_consult_names(text: str, matter: str) -> None:
    assert asked_matter(text) == matter


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("B", 1),
        ("选B", 1),
        ("第二个", 1),
        ("答案是c", 2),
        ("我选第四项", 3),
        ("A.", 0),
        ("乙", 1),
        ("对", None),
        ("离婚冷静期多久", None),
        ("第五个", None),
    ],
)
def test_a_typed_quiz_answer(text: str, choice: int | None) -> None:
    assert quiz_choice(text) == choice


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不知道", True),
        ("俺也不晓得是哪个村的", True),
        ("不太清楚", True),
        ("记不清了", True),
        ("不知道怎么办", False),  # a question, not "I do not know which one"
        ("不清楚离婚财产怎么分", False),
        ("迎凤", False),
    ],
)
def test_unsure(text: str, expected: bool) -> None:
    assert unsure(text) is expected
