"""Urgency across styles (branch urg7): the same reading whatever the wording.

Every sentence is written for these tests (none comes from a benchmark set); each failed
before the change it proves. Today is Wednesday 2 December 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.services import urgency_kinds
from bot.services.urgency import canonical_clauses, rule_kinds

WEDNESDAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("他昨晚又达我，我不敢回家", "他昨晚又打我"),
        ("那个人手里拿着到，在楼道口转悠", "那个人手里拿着刀"),
        ("前男友发消息说要坎死我", "前男友发消息说要砍死我"),
        ("我女儿被她婆婆达得不敢出声", "我女儿被她婆婆打得不敢出声"),
    ],
)
def test_a_blow_typed_by_its_sound_is_read_as_the_blow(text: str, read: str) -> None:
    assert read in canonical_clauses(text)
    assert "personal_safety" in rule_kinds(text)


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("我们明天想去看他，能带点吃的吗", "我们明天想去看他"),  # 去看 is good text
        ("他又大我五岁，家里不同意我们结婚", "他又大我五岁"),  # an age
        ("包裹拿到了，可是里面的东西是坏的", "包裹拿到了"),  # 拿到 is a word
    ],
)
def test_a_word_of_its_own_is_left_alone(text: str, clause: str) -> None:
    assert clause in canonical_clauses(text)


@pytest.mark.parametrize(
    "text",
    [
        "我拿斧头劈木头，木屑崩到了对面摊位上，摊主要我赔",
        "我婆婆拿菜刀剁肉馅的时候剁到了手指，能找卖刀的吗",
        "我用锤子砸冰块，冰渣溅到了邻居家的车上，他要我赔洗车钱",
        "我拿镰刀把地边上的荒草割了，隔壁说那块地是他家的",
        "我们几个在食堂拿刀杀鱼，工资按件算，老板少算了",
    ],
)
def test_a_tool_used_on_a_thing_is_no_danger(text: str) -> None:
    assert rule_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "他拿着刀追着我砍，我跑到了楼下",
        "他拿锤子砸我家的门，说要进来",
        "我老公拿刀把他弟弟砍伤了，现在还拿着刀在院子里",
        "他用棍子打我，我胳膊都肿了",
        "他拿剪刀剪了我的头发，还要剪我的衣服",
    ],
)
def test_a_weapon_on_a_person_or_a_door_stays_urgent(text: str) -> None:
    assert "personal_safety" in urgency_kinds(text)


def test_a_fight_the_school_has_dealt_with_is_settled() -> None:
    text = "女儿在学校被同桌推了一下，撞到了桌角，班主任已经批评了同桌，我想问医药费谁出"
    assert urgency_kinds(text, today=WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # Weeks back, in any of the ways a week is named, up to half a month.
        "一审判决书是两个礼拜前收到的，我打算上诉",
        "仲裁裁決書一週前拿到，公司不服我也不服，想起訴",
        "房屋买卖的判决书半个月前寄到家，我想上诉",
        # Received as sent over, or as 拿的; a day written with a dot.
        "裁决书前两天才寄过来，我想去法院起诉",
        "判决书是上礼拜五拿的，想找人写上诉状",
        "判决书11.27收到的，还能上诉吗",
        # An award said to have come down, and a wish to sue said as 要告.
        "工伤的仲裁上礼拜裁下来了，只赔两万，我不服",
        "仲裁的裁决书这礼拜一送到，赔得太少，我要告",
    ],
)
def test_a_decision_received_lately_is_read_in_every_wording(text: str) -> None:
    assert rule_kinds(text, today=WEDNESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "下周准备去法院告物业，要交多少诉讼费",  # the resident's own plan, no term
        "判决书收到以后几天之内能上诉，先问清楚",  # terms asked about in general
    ],
)
def test_a_plan_or_a_question_about_terms_is_no_deadline(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == []


def test_a_bare_weekday_a_decision_came_on_is_the_last_one() -> None:
    # 「礼拜一」 alone may be either week; received on it, it is past: Monday 30 November.
    assert rule_kinds("离婚的判决书礼拜一收到的，孩子判给了他，我要上诉", today=WEDNESDAY) == [
        "deadline"
    ]
    # Received lately and challenged: urgent whatever the term (the lead's policy).
    assert rule_kinds("处罚决定书礼拜一到的，想先了解一下复议", today=WEDNESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        # A verb whose object makes a word with it is no typo of a blow: 搭棚 (打棚 is none).
        "隔壁被租户占着搭了棚子，物业不管",
        # Crops and stock burnt or poisoned are a loss, no danger to a person.
        "打了农药以后，地里的苗全烧死了，农资店不认账",
        "上游厂子排污，塘里的鱼都毒死了",
        # A shop or a boss gone is a debt: 「老板也找不到人」.
        "理发店突然关门，充的卡退不了，店家找不到人",
        "装修公司收了定金就跑了，公司也找不到人",
        # Not again since, said with 也…再.
        "上个月吵架他扇了我一巴掌。后来道歉了，这些天也没再动手",
        # Not going home for the festival: the pay is owed, not due before it.
        "今年我不回家过年，厂里拖的三个月工资想慢慢要",
    ],
)
def test_verbs_crops_shops_gone_calm_since_and_no_trip_home_are_not_urgent(text: str) -> None:
    assert rule_kinds(text, today=WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他又达了我一顿，还说要烧死我", "personal_safety"),
        ("孩子放学没回来，到处找不到人", "personal_safety"),
        ("快过年了，工头还欠着我们的工钱", "wages_before_holiday"),
    ],
)
def test_blows_threats_a_missing_child_and_wages_before_the_festival_still_are(
    text: str, kind: str
) -> None:
    assert kind in rule_kinds(text, today=WEDNESDAY)
