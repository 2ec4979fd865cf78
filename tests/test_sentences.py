"""Splitting a resident's message into sentences and finding the one that asks."""

from __future__ import annotations

import pytest

from knowledge.sentences import (
    asking_clause,
    asking_sentence,
    is_focused,
    main_question,
    marked_question,
    scene_clauses,
    scene_sentences,
    sentences,
    without_focus,
)


def test_sentences_split_after_end_marks() -> None:
    text = "我在饭店干了三年。上周老板让我走人！我能要补偿吗？"
    assert sentences(text) == ["我在饭店干了三年。", "上周老板让我走人！", "我能要补偿吗？"]


def test_the_last_question_mark_wins() -> None:
    text = "房东让我搬走？我住了半年。押金还能要回来吗？好烦。"
    assert asking_sentence(text) == "押金还能要回来吗？"


def test_an_asking_word_counts_without_a_question_mark() -> None:
    text = "我家的狗被邻居打伤了。我想知道该找谁评理。就这样"
    assert asking_sentence(text) == "我想知道该找谁评理。"


def test_a_last_question_left_without_its_mark_counts_as_marked() -> None:
    # ret19: the first sentence with a question mark won over the one the text ends with.
    text = "物业把我家门禁卡停了。房东欠费物业能拿我撒气吗？物业有权停水停门禁吗"
    assert asking_sentence(text) == "物业有权停水停门禁吗"
    assert asking_sentence("他说不还了。你说气人不？我能告他不") == "我能告他不"
    # An earlier question is still the main one; a statement is not made a question.
    assert main_question(text) == "房东欠费物业能拿我撒气吗？"
    assert asking_sentence("押金能要回来吗？房东说他不管") == "押金能要回来吗？"


def test_a_text_typed_with_spaces_for_punctuation_is_split_at_its_spaces() -> None:
    # ret19: a phone user's message with spaces and no marks was read as one sentence.
    text = "我在厂里干了三年 老板拖着两个月工资不给 气死了 我能去哪里告他要工资 要准备啥"
    assert sentences(text) == [
        "我在厂里干了三年",
        "老板拖着两个月工资不给，气死了",
        "我能去哪里告他要工资，要准备啥",
    ]
    assert asking_sentence(text) == "我能去哪里告他要工资，要准备啥"
    # Focus words standing alone lead into the part after them.
    marked = "车间里没有排风 工资也压着 我最想知道的是 这种车间能去哪举报"
    assert marked_question(marked) == "这种车间能去哪举报"
    # Spaces in a punctuated text, or around latin words, are not punctuation.
    assert sentences("我想问 一下。工资怎么算？") == ["我想问 一下。", "工资怎么算？"]
    assert sentences("12348 热线 几点上班") == ["12348 热线，几点上班"]


def test_a_statement_with_what_or_how_in_it_gives_way_to_a_sentence_that_asks() -> None:
    # ret19: 「可我根本没签过啥」 was the main question of a story asking nothing with a mark.
    text = "公司只给我交了两年社保。可我根本没签过啥。剩下三年的社保能让他们补上吗，去哪反映。"
    assert main_question(text) == "剩下三年的社保能让他们补上吗，去哪反映。"
    assert main_question("房子怎么分我都认了。孩子归谁由啥定。") == "房子怎么分我都认了。"
    assert main_question("他啥也不说。我该怎么办。") == "我该怎么办。"


@pytest.mark.parametrize("text", ["工资", "老板拖欠工资怎么办？", "", "。。。"])
def test_a_single_sentence_has_no_asking_sentence_apart(text: str) -> None:
    assert asking_sentence(text) is None


def test_no_sentence_asks() -> None:
    assert asking_sentence("我在饭店干了三年。老板让我走人了。") is None


def test_the_main_question_is_the_first_that_asks() -> None:
    text = "公司辞退了我，还欠着工资。辞退能要补偿吗？另外欠的工资怎么要？"
    assert main_question(text) == "辞退能要补偿吗？"
    assert asking_sentence(text) == "另外欠的工资怎么要？"


def test_the_main_question_falls_back_to_an_asking_word() -> None:
    text = "我家的狗被邻居打伤了。我想知道该找谁评理。后来他也不理我。"
    assert main_question(text) == "我想知道该找谁评理。"


@pytest.mark.parametrize(
    "text", ["工资", "老板拖欠工资怎么办？", "我在饭店干了三年。老板让我走人了。"]
)
def test_no_main_question_apart(text: str) -> None:
    assert main_question(text) is None


def test_the_asking_clause_of_a_long_sentence_comes_with_the_clause_before() -> None:
    text = "下雨那天我在小区里走，物业没清理的井盖塌了，我掉下去摔断了腿，这事找谁赔？"
    assert asking_clause(text) == "我掉下去摔断了腿，这事找谁赔？"


def test_the_asking_clause_is_read_in_the_asking_sentence() -> None:
    text = "我在厂里干了三年。老板欠着工资，我去要，他还骂人，这钱能要回来吗？"
    assert asking_clause(text) == "他还骂人，这钱能要回来吗？"


@pytest.mark.parametrize(
    "text", ["我想出去旅游，签证怎么办？", "工资", "老板欠了工资，他还骂人，我气坏了。"]
)
def test_no_asking_clause_apart(text: str) -> None:
    assert asking_clause(text) is None


def test_the_scene_is_every_sentence_but_the_main_question() -> None:
    text = "我在超市上班。老板拖着两个月工资不发！欠的工资怎么要？另外能不能辞职？"
    assert scene_sentences(text) == [
        "我在超市上班。",
        "老板拖着两个月工资不发！",
        "另外能不能辞职？",
    ]


@pytest.mark.parametrize("text", ["老板拖欠工资怎么办？", "我在饭店干了三年。老板让我走人了。"])
def test_no_scene_without_a_main_question_apart(text: str) -> None:
    assert scene_sentences(text) == []


def test_a_sentence_naming_itself_the_main_question_comes_first() -> None:
    text = "房东不退押金，能告他吗？厂里也欠着我两个月工资。我主要想问工资怎么要回来。"
    assert main_question(text) == "我主要想问工资怎么要回来。"


@pytest.mark.parametrize(
    "sentence",
    [
        "我主要想问，押金能退吗？",
        "最想知道的是抚养权归谁",
        "先问工伤的事。",
        "最急的是那笔钱",
        "我现在最着急的是那笔工钱",
        "但我更关心的是赔偿",
        "我最想先弄清楚一件事",
        "我主要是想让他赔钱",
        "最要紧的是钱能不能追回来",
        # ret17: what the resident most wants done (办, 解决, 处理)
        "我眼下最想办的是把押金要回来",
        "我主要想解决的是孩子上学的事",
        "现在最要处理的是那张罚单",
    ],
)
def test_focus_words_mark_the_main_question(sentence: str) -> None:
    assert is_focused(sentence)


@pytest.mark.parametrize(
    "sentence", ["我想知道该找谁评理。", "我先去问了律师", "最后他走了", "我先办了离婚手续"]
)
def test_ordinary_sentences_are_not_marked(sentence: str) -> None:
    assert not is_focused(sentence)


@pytest.mark.parametrize(
    ("sentence", "asked"),
    [
        ("我主要想问，复议要在多少天内申请？", "复议要在多少天内申请？"),
        ("我最急的是妈妈的赡养费怎么要。", "妈妈的赡养费怎么要。"),
        ("我现在最着急的是押金怎么退？", "押金怎么退？"),
        ("我现在最想知道的是孩子抚养权怎么判。", "孩子抚养权怎么判。"),
        ("押金能退吗？", "押金能退吗？"),
        ("押金的事先不管，我主要想问罚款能不能复议？", "罚款能不能复议？"),
        ("工资怎么要回来，这是我最想知道的。", "工资怎么要回来，这是。"),
    ],
)
def test_the_main_question_is_read_without_its_focus_words(sentence: str, asked: str) -> None:
    # 主要, 最急 are rare words in the items: read as the question's, they pointed anywhere.
    assert without_focus(sentence) == asked


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        (
            "我上班路上被车撞了。单位说不管。我最想知道的是，这能不能算工伤？",
            "这能不能算工伤？",
        ),
        # One sentence: the story stands before the focus words.
        ("我老公打我，我想离婚，我主要想问他不同意能离吗？", "他不同意能离吗？"),
        # The first marked sentence, read without what follows it.
        ("房东不退押金。我先问押金怎么要回来？主要想问的还有工资。", "押金怎么要回来？"),
        (
            "厂里没给我上过保险，我腿也摔伤了。我最想办的是把保险补上，找哪个部门？",
            "把保险补上，找哪个部门？",
        ),
    ],
)
def test_the_marked_question_is_what_follows_the_focus_words(text: str, marked: str) -> None:
    assert marked_question(text) == marked


@pytest.mark.parametrize(
    "text",
    [
        "我上班路上被车撞了。这能不能算工伤？",  # nothing marked
        "我主要想问这能不能算工伤？",  # the marked question is the whole text
        "我上班路上被车撞了。能不能算工伤，这是我最想知道的。",  # too little after the mark
    ],
)
def test_no_marked_question_apart(text: str) -> None:
    assert marked_question(text) is None


def test_a_scene_sentence_is_read_whole_then_clause_by_clause() -> None:
    text = "公司上个月把我辞了，还有三个月工资没结清，说好的年终奖也没了。我最想知道补偿能拿多少？"
    assert scene_clauses(text) == [
        "公司上个月把我辞了，还有三个月工资没结清，说好的年终奖也没了。",
        "公司上个月把我辞了，",
        "还有三个月工资没结清，",
        "说好的年终奖也没了。",
    ]
    # A short clause tells too little to point anywhere; a text with no scene has none.
    assert scene_clauses("我被辞了，欠薪。我最想知道补偿能拿多少？") == ["我被辞了，欠薪。"]
    assert scene_clauses("补偿能拿多少？") == []
