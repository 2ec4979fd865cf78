"""Urgency: patterns over the canonical form of each clause, negations left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.triage_accuracy import written_on
from bot.services import detect_urgency, urgency_kinds
from bot.services.urgency import rule_kinds

ISSUE_DIALECT = "俺男人刚才又喝多了打俺，还拿着刀说要砍俺"


def test_the_dialect_example_of_the_issue_is_personal_safety() -> None:
    assert urgency_kinds(ISSUE_DIALECT) == ["personal_safety"]
    assert detect_urgency(ISSUE_DIALECT) == "personal_safety"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("俺那口子喝多了就揍俺", "personal_safety"),  # dialect: 俺 → 我
        ("我先生昨天還掐我脖子", "personal_safety"),  # traditional
        ("老公家爆，我想申请保护领", "personal_safety"),  # typos from the lexicon
        ("他把我打了一顿", "personal_safety"),
        ("我儿子说活着没意思，要跳河", "personal_safety"),
        ("俺兄弟叫公安逮走了", "detention"),
        ("兒子被帶到派出所了", "detention"),
        ("明天上午劳动仲裁就要开庭了", "deadline"),
        ("冲裁时效快过了", "deadline"),
        ("包工头说腊月前结账，现在还不给钱", "wages_before_holiday"),
        ("房东把门锁换了，我今晚没地方住", "eviction"),
    ],
)
def test_urgent_in_every_style(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "他没有家暴，就是感情不和，想协议离婚",
        "丈夫从来没打过我，就是不给家用",
        "我不是被拘留，是被罚了五百块",
        "没人威胁我，就是想问借钱不还怎么办",
        "房东倒没赶我走，就是不退押金",
        "我们没签合同，也没有被打，就是老板不给钱",
    ],
)
def test_a_denied_danger_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "催收公司天天打我电话",  # 打我 + 电话 is a phone call
        "单位威胁我不签自愿离职协议就不发工资",  # an employer's threat is no danger
        "三年前在工地干活，老板欠的工钱到现在没给",  # 三年前 is not 年前
        "开庭还早，下个月底才开",
        "我们小区要拆迁了，补偿标准怎么定",
        "上诉期是多少天",
        # Found in a deployment walk: the one who hides is the debtor, from the creditor.
        "公司拖欠我三个月工资一万二，老板一直躲着不见",
        "借钱的人躲着不接电话",
    ],
)
def test_ordinary_matters_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_denial_in_one_clause_does_not_hide_a_danger_in_another() -> None:
    assert urgency_kinds("没有家暴，但他威胁要砍我") == ["personal_safety"]


def test_all_kinds_in_rule_order_and_the_first_for_old_callers() -> None:
    text = "年底了老板还不发工资，我去要，他把我打了，还说明天就把我赶出去"
    assert urgency_kinds(text) == ["personal_safety", "wages_before_holiday", "eviction"]
    assert detect_urgency(text) == "personal_safety"


def test_several_texts_are_read_together_and_none_is_skipped() -> None:
    assert urgency_kinds(None, "老板不发工资", "快过年了") == ["wages_before_holiday"]
    assert urgency_kinds(None) == []
    assert urgency_kinds("", "   ") == []
    assert detect_urgency(None) is None


@pytest.mark.parametrize(
    "text",
    [
        "2019年离婚，当时因为他家暴我起诉的离婚，现在想变更抚养权",
        "我哥前年因为打架被行政拘留了十天，现在想考驾照",
        "2023年8月跟摊主起了争执，被他打伤了鼻子，现在想起诉要赔偿",
    ],
)
def test_a_danger_dated_to_the_past_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_the_present_after_a_past_date_is_urgent_again() -> None:
    assert urgency_kinds("去年离婚了，现在他天天上门打我") == ["personal_safety"]
    assert urgency_kinds("下周三之前必须搬走，房东已经把门锁换了") == ["eviction"]


@pytest.mark.parametrize(
    "text",
    [
        "我想知道打人一般会被拘留几天",  # a question about the law, nobody is held
        "让我打钱到安全账户",  # causative 让, and 打钱 is a transfer
        "叫我打个欠条",
        "被公司抽查考勤",
    ],
)
def test_questions_and_other_senses_of_the_verbs_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text", ["俺叫村里那几个人打了", "我闺女被她对象打进医院了", "最近有人天天跟着我回家"]
)
def test_passive_and_indirect_harm_is_urgent(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("俺对象三天两头跟俺动粗", "personal_safety"),
        ("抡起板凳就往俺身上砸", "personal_safety"),
        ("说俺要是敢分家产，就叫俺出不了这个村", "personal_safety"),
        ("俺儿叫派出所给拘了", "detention"),
        ("干了一冬天了，老板光说等过年一块给，到现在一个子儿没见", "wages_before_holiday"),
        ("村支书带着人非要扒俺家的房子", "eviction"),
    ],
)
def test_heavy_dialect_is_urgent(text: str, kind: str) -> None:
    assert urgency_kinds(text) == [kind]


@pytest.mark.parametrize("text", ["在工地抡大锤干活", "摔了一跤腿上淤青", "小区要拆迁了"])
def test_dialect_words_in_their_ordinary_sense_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("佢今朝又打我，我唔敢返屋企", "personal_safety"),  # Cantonese
        ("我屋头那个喝了酒就锤我", "personal_safety"),  # Sichuanese verb
        ("他抄起扳手就往我脑袋上招呼", "personal_safety"),
        ("债主说知道我女儿在哪上学", "personal_safety"),
        ("他放话要一把火烧了我们的店", "personal_safety"),
        ("我真的活着太累了", "personal_safety"),
        ("我表哥遭公安弄起走了", "detention"),
        ("我爸被民警带去派出所，到现在还没放回来", "detention"),
        ("起诉期还剩两天就截止了", "deadline"),
        ("法院让我五日内提交答辩状", "deadline"),
        ("拆迁队说下礼拜来推平", "eviction"),
    ],
)
def test_dialect_verbs_threats_and_deadlines_beyond_the_first_list(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "喝酒后把人打伤了会判几年",  # a question about the law, no one named as hurt
        "万一被拘留了，单位会知道吗",  # hypothetical
        "醉驾一般拘留几天",  # general
        "他被拘留过，能当村干部吗",  # over
        "我侄子早就从拘留所出来了",
        "年底的工资已经发了，想问年终奖",  # resolved
        "在工地开铲车的时候扭伤了腰",  # a digger at work is no demolition
    ],
)
def test_law_questions_hypotheses_and_matters_over_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_law_question_about_ones_own_harm_stays_urgent() -> None:
    assert urgency_kinds("老公把我打伤了，他会判几年") == ["personal_safety"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("你看他是不是又要打我了", "personal_safety"),  # 是不是 asks, it does not deny
        ("他有没有被抓走我都不知道", "detention"),
        ("我的上诉期是不是明天就到期了", "deadline"),
    ],
)
def test_an_a_not_a_question_is_no_negation(text: str, kind: str) -> None:
    assert urgency_kinds(text) == [kind]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他们几个把我按在地上踢", "personal_safety"),  # held down, then the blow
        ("同学老是推他、骂他", "personal_safety"),  # a bare push
        ("我表妹被人骗到境外，电话里说被关着不让走", "personal_safety"),  # confinement
        ("佢话要斩死我", "personal_safety"),  # Cantonese 斩 = 砍
        ("我老公被巨留了", "detention"),  # homophone typo of 拘留
        ("房东把我东西扔到门外，门锁也换了", "eviction"),
        ("我的东西都被扔到街上了，锁也被撬了换了新的", "eviction"),
        ("仲裁申请有期限，下周就满一年了", "deadline"),
        ("工伤认定的时效还有三天到期", "deadline"),
    ],
)
def test_the_concepts_behind_missed_descriptions(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "对公安机关的罚款决定不服",  # 机关 holds 关 but nobody is held
        "交警部门扣了我的驾照",
        "父母一直跟着我住，看病的钱都是我出",  # living with, not stalking
        "我在这个厂干了快满一年了，想辞职",  # a year at work is no limitation period
        "推荐一个律师",
    ],
)
def test_words_that_only_look_like_danger(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我被家里人关起来了", "personal_safety"),
        ("有人往我家门口泼粪", "personal_safety"),
        ("他说让我走着瞧，要我全家不得安宁", "personal_safety"),
        ("俺男的揍得俺满脸是血", "personal_safety"),
        ("他一喝酒就拿我撒气，昨晚把我头打破了", "personal_safety"),
        ("孩子在学校被老师体罚，脸都打肿了", "personal_safety"),
        ("他把我家玻璃全砸了", "personal_safety"),
        ("老板扣着我们身份证不让我们走", "personal_safety"),
        ("派出所传唤我老公到现在没回来", "detention"),
        ("下个礼拜三就开庭了", "deadline"),
        ("年跟前了老板还不给工钱", "wages_before_holiday"),
    ],
)
def test_harm_threats_and_dates_in_other_words(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "派出所传唤我去做个笔录",  # summoned, not held
        "不小心打破了邻居家的花瓶",
        "老板不让我走，说合同没到期不能辞职",
        "下个礼拜想去法院立案",
        "我把家里的旧家具砸了卖废品",
    ],
)
def test_the_same_words_in_ordinary_matters(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("婆婆拿着扫帚追着我打", "personal_safety"),
        ("她前夫堵在单位门口，说要泼她硫酸", "personal_safety"),
        ("我家孩子被人绑走了，对方要钱", "personal_safety"),
        ("仲裁时效就剩三天了", "deadline"),
        ("答辩期明天就到了", "deadline"),
    ],
)
def test_more_weapons_kidnapping_and_periods_ending(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "我老公以前打过我，现在不打了，我想问问离婚财产",  # 以前 after a noun dates it too
        "打架被拘留会留案底吗",  # what detention would entail
        "我想了解家暴的证据怎么收集",  # 家暴 as a notion
        "保护令申请要什么条件",
    ],
)
def test_the_past_and_questions_about_the_law_once_more(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_deadline_before_a_date_is_still_urgent() -> None:
    assert urgency_kinds("月底以前必须搬走，房东已经把门锁换了") == ["eviction"]
    assert urgency_kinds("我想申请保护令，他昨天又打我了") == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "俺当家的喝了酒就拿皮锤子夯俺",  # dialect 夯 = 打
        "那个男的天天在我家楼下蹲我",
        "俺男人把俺的头往墙上撞",
        "我老公說要把我從樓上推下去",
        "我姐夫把我姐打的浑身是伤",  # 的 for 得
    ],
)
def test_blows_and_lurking_in_everyday_words(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "我听说打人要赔钱，打伤了要赔多少",  # compensation, nobody named as hurt
        "我想问一下拘留和逮捕有什么区别",
        "去年过年前的工资到现在还没给",  # last year's New Year is past
        "孩子被前夫带走了，他不让我见",  # a parent, not the police
    ],
)
def test_money_definitions_last_year_and_a_parent_taking_a_child(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我弟被人骗到外地搞传销，现在联系不上，说被限制了自由",
        "我老公喝醉了把家里的煤气打开了，说要同归于尽",
        "我被老板关在宿舍里不让走，手机也被收了",
    ],
)
def test_confinement_and_a_threat_to_die_together(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "我爸前几年被人打过，当时报了警，后来调解了",  # 前几年 dates it
        "拘留所的探视时间是什么时候",  # the place, asked about
        "抓小偷的时候把小偷打伤了算正当防卫吗",  # a question about the law
    ],
)
def test_years_ago_the_place_and_self_defence(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "两家吵得很凶，但是没有动手",  # 但是没有 denies: only 是不是/有没有 ask
        "他从来没动手打过我，就是不给家里钱",  # the negation covers 动手打
        "借钱时约定去年年底还，到现在一分没还",  # last year's year-end is past
        "我家的狗被邻居下药毒死了",  # an animal, not a person
    ],
)
def test_denials_past_year_ends_and_animals(text: str) -> None:
    assert urgency_kinds(text) == []


def test_held_somewhere_and_beaten() -> None:
    assert urgency_kinds("几个人把他堵在楼道里打") == ["personal_safety"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他揪着我头发往外拖", "personal_safety"),
        ("我儿子被几个社会青年围殴了", "personal_safety"),
        ("那帮放高利贷的把我堵在家里不让走", "personal_safety"),
        ("我女儿被人拐走了", "personal_safety"),
        ("我妈说要喝药，我现在劝不住她", "personal_safety"),
        ("有人在网上发了我家住址，说要上门弄我", "personal_safety"),
        ("上诉期只有最后两天了", "deadline"),
        ("拆迁队的人今天来了，要把我们的房子推了", "eviction"),
        ("俺娘叫俺哥撵出来了，大冬天的在外头冻了一宿", "eviction"),
        ("我被老公赶出家门了，身上一分钱都没有", "eviction"),
    ],
)
def test_a_last_round_of_everyday_dangers(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "村里规划说明年要把这片房子拆了建公园",  # a plan, not a bulldozer at the door
        "医生让我按时吃药",
        "我想把头发剪短一点，理发店剪坏了",
    ],
)
def test_plans_and_ordinary_words_stay_calm(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("她把我推到门外，不让我进屋", "personal_safety"),
        ("几个要账的在我家门口守着，说不还钱就别想出门", "personal_safety"),
        ("我哥被检察院批捕了", "detention"),
        ("我爸叫公安局的人从厂里带走了", "detention"),
        ("我被锁在门外，今晚没地方去", "eviction"),
    ],
)
def test_shut_out_kept_in_and_arrested_in_other_words(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


def test_the_protection_order_as_a_notion_is_calm() -> None:
    assert urgency_kinds("保护令的有效期是多长时间") == []
    assert urgency_kinds("他又打我了，我要申请保护令") == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "如果对方威胁我，我能报警吗？",  # a supposition earlier in the sentence
        "假如邻居再打我，我能还手吗",
        "小区的人都躲着他，他刚从监狱出来。",  # avoiding someone is no hiding
        "哥哥不让妈回家住，说房子是他的。",  # kept out of a home is no confinement
        "我家的狗被猫抓了一下。",
    ],
)
def test_suppositions_avoidance_and_exclusion_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The condition of a threat is no supposition.
        ("他说我要是敢离婚，就弄死我。", "personal_safety"),
        ("他放话说我要是敢去告他，就找人收拾我全家。", "personal_safety"),
        # The present after a supposition.
        ("要是他再打我怎么办，他昨天刚打了我", "personal_safety"),
        # Harm to come, said of a person.
        ("村霸说晚上来收拾我。", "personal_safety"),
        # An agent between the passive and the arrest; a homophone typo of the police.
        ("我儿子被公按抓了，说他偷东西。", "detention"),
        ("俺爹被城管的人抓走了", "detention"),
        # The pay promised in one sum before the New Year, the boss gone.
        ("老板说等腊月底一块结，现在人跑了。", "wages_before_holiday"),
        ("躲着我老公，我住在朋友家不敢回去", "personal_safety"),
    ],
)
def test_threat_conditions_harm_to_come_and_an_agent_between(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "我儿子在学校被几个同学按在厕所里打。",  # the agent and the place between
        "我妈被骗到外地搞传销，现在被看着不让走。",  # watched, kept from leaving
        "她说她活够了，刚才发了条朋友圈说再见。",
        "俺娘说不想拖累俺们，要喝敌敌畏。",  # a pesticide by name
        "开发商带了一帮人来，说今晚就拆我家房子。",
        "有个男的一直给我发消息，说知道我住哪，要来找我。",
    ],
)
def test_long_passives_watchers_poisons_and_tonight(text: str) -> None:
    assert urgency_kinds(text)


def test_a_falling_object_after_a_long_passive_is_no_attack() -> None:
    assert urgency_kinds("孩子在商场被倒下来的广告牌砸伤了额头，商场只肯出一半医药费。") == []


@pytest.mark.parametrize(
    "text",
    [
        "他拿著刀在樓下等我，我不敢下樓。",  # 著 kept by simplification
        "额男人今儿个又把额打了一顿，腿都青了。",  # Shaanxi 额 for 我
        "他天天在我家门口转悠，还拍我家照片。",
    ],
)
def test_traditional_zhe_shaanxi_e_and_lurking_at_the_door(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize("text", ["我额头上长了个包", "这笔金额太大了", "我家门口的路灯坏了"])
def test_e_in_its_own_words_and_the_door_in_ordinary_matters(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "法院的判决书前天刚送到，我想上诉，怎么弄",  # received lately, a wish to appeal
        "仲裁裁决书五天前寄到的，我想去法院告，还来得及吗",
        "處罰決定書上寫著五日內可以申請聽證，今天已經是第四天了",  # a day inside the term
        "我后天就得交答辩状了，还没写",  # a filing due
    ],
)
def test_a_term_running_out_is_read_from_how_the_text_is_built(text: str) -> None:
    assert urgency_kinds(text) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "判决书前天收到的，我不想上诉，想问对方不履行怎么办",  # no wish to challenge
        "裁决书是上周收到的，可起诉期限早就过了",  # the term said to be over
        "通知上说三天内可以申请听证，今天已经是第六天了",  # the day is past the term
        "判决书是四十天前收到的，还能上诉吗",  # no longer a near term
        "我想了解一下上诉期是多少天",
    ],
)
def test_a_term_over_or_far_is_not_urgent(text: str) -> None:
    assert "deadline" not in urgency_kinds(text)


def test_the_cantonese_zhong_leaves_arbitration_alone() -> None:
    assert urgency_kinds("勞動仲裁的裁決書九天前收到，我不服想起訴") == ["deadline"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我老公在外面踹门，门快顶不住了", "personal_safety"),  # breaking in, now
        ("他拿着铁锨在院子里，说要拍死我", "personal_safety"),  # a farm tool, any blow to death
        ("阿爸又饮醉酒打阿妈", "personal_safety"),  # Cantonese kin as the target
        ("他说要把我家孩子抱走卖掉", "personal_safety"),
        ("房东正在往外扔我的行李", "eviction"),
        ("房东让我明天就交房走人", "eviction"),
        ("离过年只剩十来天了，工头还欠我们的钱", "wages_before_holiday"),
    ],
)
def test_dangers_said_in_words_no_rule_listed(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "房东不是要赶我走，是押金一直不退",  # the intent denied
        "我妈被人骗了钱，那个骗子已经被抓了",  # the offender caught
        "有人发短信说我老公被抓了要交钱保释，是不是骗子",  # the scam asked about
        "我哥酒后跟人推搡了几下，会被怎么处罚",  # a scuffle, a question about penalties
        "以前他打过我，现在他已经改了，想问能不能要回彩礼",
        "被人打了一拳，这是以前的事",  # dated by the clause after it
        "去年春节前的工资一直没给，能起诉吗",  # last year's festival
        "包工头说工钱年底一起给，现在才五月，我想先要一部分",  # the festival months away
        "在电视上看到有人被家暴，想问保护令怎么申请",
    ],
)
def test_denied_intents_caught_offenders_and_far_festivals_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("上述期就剩两天了，我还没写好", "deadline"),  # the homophone typo of 上诉期
        ("后天就开廷了，我还没准备好", "deadline"),  # of 开庭
        ("我妹妹被传销组织控制着，打电话一直在哭", "personal_safety"),
        ("老板扣着我的身份证不让我走", "personal_safety"),
        ("早上把我家院墙推倒了，说晚上就来拆房", "eviction"),
        ("工头说过完年再结账，我们连回家的路费都没有", "wages_before_holiday"),
    ],
)
def test_control_papers_kept_later_today_and_after_the_festival(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "厂里欠了三个月工资，现在还没到年底，想问怎么要",  # the festival not near
        "我弟弟前阵子被拘留了十天，现在已经放出来了，会影响工作吗",  # released already
        "新闻里那种家暴的事，法院一般怎么处理",  # on a screen
        "判决书收到十天了，我想上诉，是不是下周就过期了",  # asks about expiry to come
    ],
)
def test_a_far_festival_a_release_and_a_screen_are_not_urgent(text: str) -> None:
    kinds = urgency_kinds(text)
    assert kinds == (["deadline"] if "上诉" in text else [])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他把我关在出租屋里，门从外面反锁了", "personal_safety"),
        ("一群人冲进我家，把家具都砸了", "personal_safety"),
        ("他们骗我来这里，现在不让我出来", "personal_safety"),
        ("我真的熬不下去了，想一死了之", "personal_safety"),
        ("他每天下班都在公司楼下等我，还跟到了我家小区", "personal_safety"),
        ("我爸被派出所喊去问话，到现在都没回来", "detention"),
    ],
)
def test_locked_in_broken_in_followed_and_not_back(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "他从来没对我动过手，只是不给生活费",  # a negation with 对我 between
        "听说有人被抓了是因为开设赌场，会判几年",  # someone unnamed, a question of law
        "打架被抓了一般要关几天",
        "邻居要砍掉我家门口那棵树",  # a tree, not a person
        "我家的猫被人打死了",  # an animal, the match opened by 被
        "停在楼下的车被人砸了玻璃",  # a thing
        "正当防卫把人打伤了要负责吗",
        "新闻说有人被拐卖，我想知道拐卖判几年",  # on a screen; 我想知道 names no victim
        "派出所打电话让我去做个笔录，要带什么",  # a summons, nobody held
        "老板说过完年工资会涨，合同要重签吗",  # a raise owes nothing
    ],
)
def test_things_animals_unnamed_people_and_questions_of_law_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我没想过轻生，就是心里烦，想问离婚怎么分财产",  # a wish denied
        "房东从来没说过要赶我们走，只是不修漏水",  # a word denied
        "公司不放人，我想辞职去别的厂",  # an employer's, not the police's
    ],
)
def test_a_denied_wish_or_word_and_an_employer_letting_go_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_workplace_known_in_canonical_form_is_a_threat() -> None:
    # 上班 reads 工作 once normalized; the pattern is written on canonical text.
    assert urgency_kinds("他发消息说要弄我，还说知道我在哪上班") == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        # Dated by the next sentence.
        "我在车间被砸伤了脚，现在好了，想申请工伤。受伤是三个月前的事",
        "在仓库搬货时被砸伤了腰，公司不给报工伤",  # a falling load, no one named
    ],
)
def test_an_accident_at_work_dated_after_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_blow_with_its_agent_named_is_still_urgent() -> None:
    assert urgency_kinds("刚才在车间被组长拿扳手砸了头") == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "他往我身上浇了汽油，说要点火",
        "她把孩子丢在雪地里就走了",
        "他把我的头摁在水里",
        "那人在外面敲门，说不开门就砸了",
        "有人往我家窗户扔砖头",
        "他扬言要开车撞死我",
        "老板拿走了我的证件，不让我回老家",
    ],
)
def test_fire_abandonment_water_conditions_stones_and_cars(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    ["不小心就砸了杯子", "他说不还钱就起诉我", "孩子被车撞了，对方全责", "邻居把垃圾扔在楼道里"],
)
def test_accidents_lawsuits_and_rubbish_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他发消息说今晚要来跟我做个了断", "personal_safety"),  # a reckoning announced
        ("他说我要是报警就让我一家好看", "personal_safety"),  # harm to the whole family
        ("我弟被人骗进一个窝点锁着出不来", "personal_safety"),  # held, unable to leave
        ("后天就过小年了，包工头还欠我八千工钱", "wages_before_holiday"),  # the little New Year
        ("我爸今早自己去公安局自首，进去就没出来", "detention"),  # turned oneself in, not out
        ("一审判决书 上诉期剩三天", "deadline"),  # telegraph style
        ("判绝书前天收到的，想上述，还来的及吗", "deadline"),  # a typo in every word
        ("申请执行只有两年，下个月就满两年了", "deadline"),  # a term said as its length
        ("房东赶人，今天晚上没地住", "eviction"),
        ("物业把我家门给锁了，一家人进不去", "eviction"),
    ],
)
def test_threats_holding_festivals_and_terms_in_general_form(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # A contrast denies the whole clause: 「不是…，是…」.
        "不是我儿子被抓了，是我在报纸上读到的，想问问取保候审要多久",
        "我不是挨打的人，是我把对方推倒了，他报了警",
        # A supposition stays one through 又 (「万一以后他又打我」).
        "我不是说眼下，是万一以后他又动手，我怎么留证据",
        # What happened to others on a screen or by hearsay scopes the whole sentence.
        "在抖音上看到有人被家暴，我想知道家暴的受害人找哪里帮忙",
        "听说别的村拆迁时有人被强行赶出来，我们村也会这样吗",
        # Whether it counts, asked; a wrong pursued later; things as the agent.
        "公公老骂我，这算不算家暴",
        "那是好几年前的事了，他打过我，现在想问家暴有没有追究期限",
        "在工地上叫石头砸伤了手，这算工伤吗",
        "上个月炒菜被热油烫伤了胳膊，老板不给报销",
        # A debtor hiding from me; a notice to move; a cut-off asked about.
        "他借了我五万，现在一直躲着我",
        "房东要卖房子，让我月底前搬走，押金不退",
        "水费不交会不会被停水停电",
        "村里说不签就强拆，他们能不能这样做",
        # Another festival is not the New Year.
        "端午节前老板欠了我半个月工资，到现在还没给",
    ],
)
def test_contrasts_suppositions_hearsay_and_property_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Speech announcing harm to come, the condition in between or in the clause before.
        "他说只要我敢报警，就找我算总账",
        "她前夫说要是再见到她去法院，就让她家不得安生",
        "他发消息说今晚带着家伙过来",
        "他講今晚要嚟同我了斷",  # Cantonese 同 = 跟
        "老板说活不干完谁也别想跑",
        "他发消息说知道我女儿在哪个学校上学",
    ],
)
def test_a_threat_is_speech_announcing_harm_to_come(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("劳动仲裁时效就剩一个礼拜了", "deadline"),
        ("拆迁队开着推土机到我们家门口了", "eviction"),
    ],
)
def test_a_week_said_as_libai_and_machines_at_ones_door(text: str, kind: str) -> None:
    assert urgency_kinds(text) == [kind]


def test_hearsay_from_a_neighbouring_village_scopes_the_sentence() -> None:
    assert urgency_kinds("听说隔壁村有人被打了，打人要坐牢吗") == []


@pytest.mark.parametrize(
    "text",
    [
        "听说拘留最长可以关三十七天，是真的吗",  # a question about the law's limits
        "我不想活在这种婆媳关系里了，想分开住",  # 不想活在…: a way of living, no self-harm
        "邻居家的树倒了砸了我家的车",  # the blow lands on a thing someone owns
        "我打了孩子一巴掌，会不会被告虐待",  # the resident's own act, and whether it is charged
    ],
)
def test_limits_ways_of_living_owned_things_and_ones_own_act_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "他說如果我敢離婚，就讓我們全家不好過",  # a condition's consequence, traditional
        "我老爸被城管的人扣在办公室不让走",  # kept somewhere and not let go
        "我被关在老板的仓库里，手机快没电了",  # shut in someone's place
    ],
)
def test_harm_as_consequence_and_being_kept_somewhere(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    ["家暴怎么取证", "过年加班工资怎么算", "工资年底才发正常吗", "强拆找哪个部门"],
)
def test_bare_questions_about_the_law_or_pay_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    ["今天一早拆迁队就来强拆我家，找哪个部门", "我被我爸锁家里了", "孩子被抱走了 不知道是谁"],
)
def test_a_home_named_locked_in_at_home_and_a_child_carried_off_stay_urgent(text: str) -> None:
    assert urgency_kinds(text) != []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A plan of the other party with a time soon and a weapon, whether or not anyone
        # "said" it.
        ("她前夫明早要带棍子来我家", "personal_safety"),
        ("小叔子一会儿要带刀上门", "personal_safety"),
        ("昨天有人泼了她一身流酸", "personal_safety"),  # 流酸: the typo of 硫酸
        # Demolition set for a day soon, in any verb of it, dialect 明儿 for 明天.
        ("拆迁办的人讲后天一大早来铲我家的房子", "eviction"),
        ("明儿就来推俺家院墙", "eviction"),
    ],
)
def test_a_plan_soon_with_a_weapon_or_a_demolition_is_urgent(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Shut in: the door locked from outside, or locked and not let go.
        ("工头把工棚的门从外头插上了，我们几个出不去", "personal_safety"),
        ("包工头把门锁上了不让我们离开", "personal_safety"),
        # Shut out: the house or its door locked, not let back in to live.
        ("小姑子把老屋锁上了，不让我跟孩子回去住", "eviction"),
        ("大伯子把院门插上了，我们娘仨只能在外头站着", "eviction"),
    ],
)
def test_a_person_shut_in_or_out_is_urgent(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "复议的听证安排在下周二，我材料还没准备",  # a hearing on a weekday
        "庭审定在礼拜四上午",
        "行政处罚的聽證會排在後天",  # traditional
        "判决书前天才到手，我要上诉",  # a decision arrived lately, to be challenged
    ],
)
def test_a_hearing_on_a_near_day_and_a_decision_just_arrived_are_deadlines(text: str) -> None:
    assert urgency_kinds(text) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        # Past: a frequency inside a past time stays past; 前两年 is a past time.
        "年轻的时候他老是动手，现在我们早分开了，想问房子怎么分",
        "前两年他喝醉了会摔东西，想问能不能要回彩礼",
        # Resolved: the matter handled, later in the clause, sentence or text.
        "那回他打我的事派出所已经处理了，他也搬走了，我想问离婚要准备什么",
        "楼下两户人家为停车推搡过一回，后来居委会调解好了，我想问车位归谁",
        "我现在没事了，老公打我那次已经报过警，想问怎么离婚",
        "房东老说要把我们撵走，不过现在还住得好好的",
        # Paid already, however it is said.
        "今年腊月的工钱早就全部结完了，想问年终奖能不能不发",
        "我们包工头每年年前都结得清清楚楚，就想问问加班费",
        # A negation over its clause: 没人来…
        "村里没人来强制搬迁，我就是想问补偿款怎么算",
        # Someone outside the family held; a thing blocked, not a person.
        "不是我家里人，是我同事被抓了，想问家属能不能送衣服",
        "楼上装修的垃圾堵我家下水道",
    ],
)
def test_past_resolved_paid_denied_and_others_matters_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("表哥攥着一把砍刀在院子里转", "personal_safety"),  # a weapon held, in any verb
        ("他们把我妹妹关起来了，电话也打不通", "personal_safety"),  # 把…关起来
        ("佢话听日过嚟搞我", "personal_safety"),  # Cantonese: tomorrow, come over, harm
        ("我报了警，他还在门外踹门", "personal_safety"),  # breaking in, the place between
        ("前妻的哥哥昨晚砸烂我家窗户", "personal_safety"),  # the home's windows smashed
        ("他前些年动过手，上周又打了", "personal_safety"),  # a blow again
        ("不是摔的是他用皮带抽的", "personal_safety"),  # a contrast without a comma
    ],
)
def test_weapons_held_shut_away_broken_in_and_contrasts_without_commas(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "我同学的丈夫被刑拘了，她托我问问",  # held, but outside the family (canonical 丈夫)
        "我自己把门锁换了，前男友还能进来吗",  # the resident's own act
        "不是老公打我是我骑车摔的",  # a contrast without a comma denies its first half
        "没有谁打我，只是想问遗产怎么分",  # 没有谁…
        "我没讲他打我，我讲的是他不给家用",  # a word denied, its subject between
        "他打我是八年前的事了",  # dated in the clause itself
        "被他打过，早已协议离婚，想问孩子抚养费",  # settled by divorce
    ],
)
def test_others_own_acts_contrasts_and_settled_matters_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他吼着说再不搬就剁了我的手", "personal_safety"),  # 剁 is a blow
        ("男朋友不让我离开出租屋", "personal_safety"),  # kept from leaving
        ("礼拜四之前得交上诉状", "deadline"),  # a filing due on a weekday
    ],
)
def test_chopping_kept_from_leaving_and_a_filing_due_on_a_weekday(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "他不会动手的，就是嘴上凶",  # 不会 denies
        "早两年他踢过我，现在各过各的",  # 早两年 is the past
        "下午去拆迁办问补偿怎么算",  # 拆迁办 is an office, no demolition
    ],
)
def test_a_denied_future_early_years_and_the_demolition_office_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_someone_missing_is_urgent_but_a_missing_person_years_on_is_a_law_question() -> None:
    assert urgency_kinds("我外婆早上出门买菜到现在不知去向") == ["personal_safety"]
    assert urgency_kinds("侄子下落不明三年多了，能申请宣告失踪吗") == []


def test_while_married_dates_to_the_past() -> None:
    assert urgency_kinds("跟前妻恋爱的时候她老是扇我耳光，现在想要回彩礼") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("那个男的跟宗我到了公司楼下", "personal_safety"),  # 跟宗: the typo of 跟踪
        ("他们想把我侄女带到外省卖了", "personal_safety"),  # carried off to be sold
        ("包工头跑路了，我们这伙人年也过不成了", "wages_before_holiday"),  # 老板/工头 gone
        ("镇上的人说不腾地就来推", "eviction"),  # demolition as a condition's consequence
    ],
)
def test_stalking_typo_sold_away_a_new_year_lost_and_a_demolition_condition(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "两口子吵架摔东西算不算家暴",  # whether it counts, asked after the act
        "打架被拘留几天会留案底吗",  # an act with no one doing it
        "我把他揍了一顿，他让我赔医药费",  # the resident's own blow
    ],
)
def test_whether_it_counts_an_act_in_general_and_ones_own_blow_are_not_urgent(
    text: str,
) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("房东讲今晚不走就把我们的铺盖都扔掉", "eviction"),  # the family's things thrown out
        ("物业给我家断了水，说后儿个来收房", "eviction"),  # 断了水; 后儿个 is 后天
        ("我爸吞了小半瓶百草枯", "personal_safety"),  # a poison in any amount
        ("我表弟让老板关在砖厂，不让回来", "personal_safety"),  # held somewhere by someone
        ("复议期限还有两天", "deadline"),  # 还有 N 天
    ],
)
def test_things_thrown_out_poison_in_any_amount_held_by_someone_and_days_left(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


def test_a_deposit_kept_back_is_no_one_held() -> None:
    assert urgency_kinds("押金被房东扣住了不退") == []


@pytest.mark.parametrize(
    "text", ["我打算把老房子推了翻盖，要不要报批", "秋收后有人放火烧秸秆，呛得睡不着"]
)
def test_ones_own_rebuilding_and_field_burning_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我外甥女被楼下的大爷摸过", "personal_safety"),  # touched against her will
        ("儿媳妇不给我公公饭吃", "personal_safety"),  # food withheld from anyone
        ("他说我不撤诉就对我们全家不客气", "personal_safety"),  # 对…不客气
        ("我现在不敢出声，他们就在楼下", "personal_safety"),  # someone there
        ("他把我儿子锁进杂物间", "personal_safety"),  # shut in anywhere
        ("女儿早上出门到现在，不知道人在哪", "personal_safety"),  # missing
        ("复议期限是十天，今天已经是第九天了", "deadline"),  # a term named with its length
        ("房东偷偷把锁芯给换了", "eviction"),
        ("继母把我扫地出门", "eviction"),
    ],
)
def test_touching_food_withheld_someone_there_shut_in_missing_and_a_named_term(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


def test_a_field_burnt_is_no_home_set_on_fire() -> None:
    assert urgency_kinds("有人烧了我家的麦秸垛，想要赔偿") == []


@pytest.mark.parametrize(
    "text",
    [
        "我侄子放学路上被三个混混围住要钱",  # surrounded
        "有人往我家大门上泼了红漆",  # paint thrown at the home
        "她后妈拿缝衣针扎她手心",  # 扎 is a blow
        "我舅舅被老乡骗到外省的黑砖窑，说逃不出来",  # lured away, cannot get out
        "我妹妹失联一天了，最后一条消息说有人跟着她",  # family out of touch
        "那几个学生把我女儿衣服扒了拍视频",  # stripped
    ],
)
def test_surrounded_paint_pricked_lured_away_out_of_touch_and_stripped(text: str) -> None:
    assert "personal_safety" in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "我对他不客气地讲了两句，他说要告我",  # 不客气地: a manner of speaking
        "我把孩子反锁在家里出去打工，会被追责吗",  # the resident's own act
        "我丈夫被关在拘留所那阵子我生了二胎，现在他出来了",  # released now
        "我姨被骗去买了三万块的保健品",  # a purchase, not a person lured away
    ],
)
def test_a_manner_ones_own_act_a_release_and_a_purchase_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize("text", ["对方有枪", "店里都被砸了", "我家老人走丢了"])
def test_a_weapon_on_them_a_place_smashed_and_someone_lost_in_few_words(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


def test_a_child_lost_for_a_while_once_is_not_urgent() -> None:
    assert urgency_kinds("奶奶带娃时把娃弄丢了一下午，现在我们要分家") == []


def test_a_filing_due_before_a_day_is_a_deadline() -> None:
    assert urgency_kinds("答辩状最迟明天之前交到法院") == ["deadline"]


def test_a_friends_husband_in_criminal_detention_is_a_question_for_someone_else() -> None:
    assert urgency_kinds("我同学的老公被刑事拘留了，我能帮她请律师吗") == []


def test_kept_from_calling_the_police_is_urgent() -> None:
    assert urgency_kinds("她老公不许她报警，把电话线都拔了") == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "算不上家暴，他就是搡了我一把，第二天就和好了",  # 算不上; made up since
        "我并不想轻生，只是睡不着",  # a wish denied with 不
        "我不打算告他打人，只想要回彩礼",  # nor a suit over a blow
    ],
)
def test_hardly_violence_a_wish_denied_with_bu_and_no_suit_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_someone_not_found_anywhere_is_urgent_but_not_a_job() -> None:
    assert urgency_kinds("我爸出门遛弯，我们四处找不到他") == ["personal_safety"]
    assert urgency_kinds("到处找不到工作，能申请失业金吗") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("他扬了扬手说今晚代刀上门", "personal_safety"),  # 代刀: the typo of 带刀
        ("我的听正会排在周五", "deadline"),  # 听正会: the typo of 听证会
        ("我老公昨天被刑局了", "detention"),  # 刑局: the typo of 刑拘
    ],
)
def test_typos_of_the_new_forms(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


def test_a_witness_to_a_neighbours_beating_is_not_in_danger() -> None:
    assert urgency_kinds("我看到同事被打了，想问我能不能出庭作证") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("物业叫人把我家房门焊死了", "eviction"),  # a door welded or sealed
        ("小叔子把我们的衣服都堆到了大街上", "eviction"),  # things put out on the street
        ("公婆把我赶到了马路上", "eviction"),  # turned out onto the street
        ("都腊月二十五了，老板一直说没钱", "wages_before_holiday"),  # the boss pleads no money
    ],
)
def test_doors_sealed_things_and_people_put_out_and_no_money_before_the_new_year(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize("text", ["过年回家的车票单位不给报销", "年底老板不给年终奖"])
def test_a_ticket_or_a_bonus_refused_before_the_new_year_is_no_unpaid_wage(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我被门卫围着盘问了一通，说我没登记",  # questioned, not surrounded to be hurt
        "我表哥被朋友骗到外省投资，赔了十万",  # lured into a deal, not to a place of harm
        "到处找不到那个房东，押金要不回来",  # someone not of the family not found
        "儿子被同桌摸了下头，对方家长找上门理论",  # a pat on the head
    ],
)
def test_questioned_a_bad_deal_a_landlord_gone_and_a_pat_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "他说要搞我们的店，抢我们的生意",  # 搞 of a business, not of a person
        "我姐以前被抢劫过，现在想问怎么办理持枪证",  # a robbery once; nothing now
        "有人在公交上扒了我的手机",  # pickpocketing, no clothes
        "公婆不给孙女饭吃，嫌她挑食",  # no elder or the named family kept hungry
        "平台把我关在系统外面，提现不了",  # shut out of a system
        "我性骚扰的投诉单位一直不处理",  # a complaint, no one harassed now
        "那个客服对我不客气，我想投诉",  # rudeness, no threat
        "用拖把打扫楼道时滑倒了",  # 打扫 is no blow
    ],
)
def test_the_new_words_in_their_ordinary_senses_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("收账的说不还就不走，又踹门又拍窗户", "personal_safety"),  # 又 before the blow on the door
        ("我外甥叫同乡骗到外省去了，一直打不通电话", "personal_safety"),  # 叫 as the passive
    ],
)
def test_kicking_the_door_again_and_lured_away_with_jiao(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "想了解一下家暴如何保留证据，替同事问的",  # how evidence is kept, a law question
        "厂里春节前就把工钱结清了，节后能不能换工作",  # paid, with 把 between
    ],
)
def test_keeping_evidence_and_pay_settled_with_ba_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我表哥被赌场的人扣下了，叫家里拿钱去赎", "personal_safety"),  # held for a ransom
        ("他放话今晚要找我们拼命", "personal_safety"),  # 拼命 as a threat
        ("两个陌生男的在我家楼下转了一整天", "personal_safety"),  # lurking at the home
        ("礼拜三前要补交证据，不然就败诉", "deadline"),  # evidence due on a weekday
        ("村干部说不签字就强制执行", "eviction"),  # enforcement as a condition's consequence
    ],
)
def test_ransom_a_fight_to_the_death_lurking_evidence_due_and_enforcement(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


def test_violence_once_with_the_divorce_now_done_is_not_urgent() -> None:
    assert urgency_kinds("我嫂子被家暴过，现在离婚了，想问能不能要赔偿") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Homophone typos of the rules' own words, in no lexicon: 过念, 工姿, 方东, 仍出来, 换了所.
        ("眼看要过念了，厂里还欠我半年工姿没发", "wages_before_holiday"),
        ("方东把我的被子衣服都仍出来了", "eviction"),
        ("房东趁我上班换了所", "eviction"),
    ],
)
def test_homophone_typos_of_the_rules_words_are_read_as_the_words(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


def test_a_word_good_text_has_across_a_typos_edge_is_kept() -> None:
    # 「换了所」 sounds like 换了锁, but 所有 is a word: no lock was changed.
    assert urgency_kinds("我换了所有的银行卡密码，怕前夫乱用") == []


@pytest.mark.parametrize(
    "text",
    [
        # The other party on the way, who hurt the resident before.
        "那男的已经在来我宿舍的路上了，以前他喝醉了就扇我耳光",
        # Whoever stands in the way, 就不客气 without 对, a weapon shown.
        "他放话说谁敢拦着就砍谁",
        "隔壁摊的人说下回再让他碰见我就不客气",
        "催债的进门就掏出一把刀放在茶几上",
    ],
)
def test_plans_with_a_past_harm_and_threats_in_general_form(text: str) -> None:
    assert "personal_safety" in urgency_kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A decision just received and a wish to appeal, no comma between.
        ("仲裁裁决今天刚下来 不服要起诉", "deadline"),
        # A term's last days counted at the clause's end, the term named elsewhere.
        ("处罚决定写着六十天内可以申请复议，我一算只剩四天了", "deadline"),
        # The pay put off past the festival, no word for wages.
        ("老板拖着说节后再算，可腊月都过半了", "wages_before_holiday"),
        # The home cleared.
        ("二房东说明天一早就来清房，让我们收拾东西", "eviction"),
        ("物业带人强行清屋，把我们往外赶", "eviction"),
    ],
)
def test_decisions_received_last_days_pay_put_off_and_homes_cleared(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # Hearsay of a third party a few words after 听说.
        "听说村西头老王家闺女叫人给拐走了，这种事怎么防？",
        # The resident is the landlord, asking what they may do.
        "我能直接把租客的东西搬到楼道里吗，他三个月没给房租",
        # The festival months away, said with 多.
        "离过年还有四个多月，包工头说工钱年底一起结，靠谱吗",
    ],
)
def test_hearsay_the_resident_as_landlord_and_a_festival_months_away(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Demolition soon: the home a few words after the verb, or the verb closing the clause.
        ("下周一就要来扒我们住的那几间平房", "eviction"),
        ("后天一大早他们就来铲", "eviction"),
        # A blow on the door after coming over.
        ("楼上那人昨晚又过来砸门，现在还在骂", "personal_safety"),
        # A hearing said as the trial.
        ("法院说下周三就审理我的案子，我还没请律师", "deadline"),
        # The shop to be smashed, people brought to surround the home.
        ("那帮人撂下话说明天还来砸摊子", "personal_safety"),
        ("他表哥带了一帮人围在我家院子外头", "personal_safety"),
    ],
)
def test_demolition_soon_a_door_struck_a_trial_and_people_brought(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "明天来推销保险的又来了，怎么投诉",
        "他们说明天来推车，停车费怎么算",
        "法院什么时候审理离婚案，一般要多久",
    ],
)
def test_push_in_its_other_senses_and_a_trial_asked_about_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # The past harm a weapon held, the coming on the weekend.
        "他说周末就回来，以前他拿棍子追过我",
        # People brought, what they block a few words on.
        "村霸带了二十来个人把我家院门堵了",
    ],
)
def test_a_past_weapon_with_a_coming_and_people_brought_to_block(text: str) -> None:
    assert "personal_safety" in urgency_kinds(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Owed at the work site, no word for wages.
        ("工地上老板欠着我们八个月的钱没结，年三十快到了", "wages_before_holiday"),
        # The door forced, the things carried off, force as a condition's consequence, the
        # power cut at the switch.
        ("开发商叫人把我家的门撬开了，东西全拉走了", "eviction"),
        ("房东说今天不走就找人来", "eviction"),
        ("他们把总闸拉了，整栋楼没电", "eviction"),
        # Dragged into a vehicle.
        ("我妹妹被几个男的拽上面包车带走了", "personal_safety"),
    ],
)
def test_owed_at_work_a_door_forced_the_switch_pulled_and_dragged_into_a_van(
    text: str, kind: str
) -> None:
    assert kind in urgency_kinds(text)


def test_a_decision_dated_with_todays_date_counts_the_days_between() -> None:
    assert urgency_kinds("裁定书是4月25日送到的，今天5月3日，我想上诉") == ["deadline"]
    assert urgency_kinds("一审判决书6月1号收到，今天7月10号了，还能上诉吗") == []


TUESDAY = dt.date(2026, 12, 1)
"""A Tuesday: the days the descriptions below name are counted from it."""


@pytest.mark.parametrize(
    "text",
    [
        # A decision received on a calendar day, its term not yet run (an appeal: 15 days).
        "民事判决书11月25日寄到我家，我觉得判得不公平，打算上诉",
        "仲裁裁决书是十一月十八号拿到的，单位不服要起诉，我也想起诉",
        # A reconsideration's 60 days, in their last 15.
        "罚款决定书是十月十二日收到的，我想申请行政复议",
        # Received lately and challenged: urgent whatever the term (the lead's policy).
        "处罚决定书是11月28号收到的，想申请复议，需要准备什么材料",
        "上周三收到的行政处罚决定书，我想复议，先问问流程",
        # A weekday of a named week, and received in other words (签收, 给我的).
        "上个星期五法院把裁定书送来了，我想上诉",
        "判决书是上周四签收的，我不服",
        "法院那份判决书上礼拜一给我的，我还想上诉",
        # A day ahead: a term's end the resident wants to meet, a hearing.
        "12月10号就是举证期限最后一天了，证据还没交齐",
        "要是12月6号前不起诉，仲裁裁决就生效了，我想起诉",
        "开庭定在12月7号，我还没找到律师",
    ],
)
def test_days_named_by_date_or_weekday_are_counted_from_today(text: str) -> None:
    assert urgency_kinds(text, today=TUESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "判决书是9月3号收到的，我当时没上诉，现在对方不履行怎么办",  # long past
        "一审判决书是10月20号收到的，现在还能上诉吗",  # the appeal's 15 days are over
        "法院说明年1月15号开庭，离婚的案子，我要准备什么",  # the hearing is far
        "我12月20号开庭，想先咨询一下",
    ],
)
def test_days_far_from_a_terms_end_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text, today=TUESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # 现在不 denies (not the A-not-A 在不在); 没来 reaches over the coming.
        "他现在不动手了，就是天天不回家",
        "物业也没来断水，就是一直催我交费",
        # Heard of, the resident unharmed, said after.
        "有个亲戚被她男人打了，我只是听人说的，我自己没事，想知道该找谁",
        # Settled (了结), served (执行完, 期满).
        "去年被邻居打伤，对方被拘留了十天，这事早就了结了，现在想问赔偿还能要吗",
        "我被公安拘留了七天，上个月已经执行完了，想问会不会留案底",
        "我被行政拘留五天，已经期满出来了，能不能申请国家赔偿",
        # A thing that hurt in an accident.
        "我邻居在船上被绳子勒伤了手，船老大不管",
    ],
)
def test_denied_heard_of_settled_or_served_and_accidents_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "他打我，我自己没事，可是孩子被他打得鼻子流血",  # the child hurt after 我自己没事
        "我老公在不在家都一样，他一喝酒就打我",  # 在不在 asks, it does not deny
        "我被门外的人打了一顿，现在头还在流血",  # 门外 is a place, not a thing
        "他被车里下来的几个人打了",
    ],
)
def test_a_place_by_a_thing_and_harm_beside_the_screens_stay_urgent(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Pay refused before the festival in other verbs (结, 付) or as 不发钱.
        ("包工头讲腊月前一个子都不结，我们十几个人回老家的路费都凑不齐", "wages_before_holiday"),
        ("老板说过年前一分钱都不付，我们回不了家", "wages_before_holiday"),
        ("快过年了，厂里老板说今年不发钱，让我们明年再来拿", "wages_before_holiday"),
        # A shop's door welded, nowhere to sleep.
        ("房东今天下午把我店的卷帘门焊上了，货都在里面", "eviction"),
        ("我租的铺面大门被人焊死了，房东说不交钱就别想开门", "eviction"),
        ("宿舍被厂里封了，我们今晚连个落脚的地儿都没有", "eviction"),
        # Held by the police, written with the homophone 居留.
        ("我老公前天晚上被公安居留了，到现在没消息", "detention"),
        ("我外甥被居留了，家里人能去看他吗", "detention"),
    ],
)
def test_pay_refused_a_door_welded_and_held_in_a_homophone(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "过年前商家不给退钱，我该怎么投诉",  # no pay of work
        "年前单位没发钱，我们过了年才拿到，现在想问能不能要利息",  # paid since
        "派出所留了我的电话，说有消息通知我",  # a number left, no one kept
        "外国人在中国居留需要办什么证",  # 居留 is a residence permit
        "我把店门锁了，房东能进来吗",  # the resident's own act
    ],
)
def test_pay_refused_elsewhere_paid_since_a_number_left_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


def test_a_decision_fetched_and_a_filing_due_by_a_date_are_counted() -> None:
    assert urgency_kinds("判决书是11月27日领的，我要上诉", today=TUESDAY) == ["deadline"]
    assert urgency_kinds("法官说12月7日之前不交证据就算放弃", today=TUESDAY) == ["deadline"]
    assert urgency_kinds("法官说12月27日之前交证据", today=TUESDAY) == []  # weeks ahead


@pytest.mark.parametrize(
    "text",
    [
        "同学说她被家暴过，我自己没事，想问问怎么申请保护令",  # how to apply, for a friend
        "去年年底工头欠的钱，后来过完年都补齐了，想问别的事",  # paid since (补齐)
        "前年腊月厂里拖的工资，正月就发了，现在问社保",  # 前年腊月 is past, 正月就发了 paid
        "婚前他打过我一次，这些年再没动过手，想问房子加名",  # 婚前, never again since
        "结婚前他打过我，后来再也没打过，想问房子加名",
        "听朋友说她们老家有人被强拆了，我们这边会不会也拆",  # heard from someone
    ],
)
def test_heard_of_paid_since_and_never_again_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "判决书是上个月27号送来的，我不服，准备上诉",  # a day of last month
        "仲裁裁决书11/21到的，公司不给钱，我要去法院起诉",  # written with a slash
        "法院的裁定是十一月廿五号收到的，驳回了，想上诉",  # 廿 for 二十
    ],
)
def test_days_of_last_month_with_a_slash_or_with_nian_are_counted(text: str) -> None:
    assert urgency_kinds(text, today=TUESDAY) == ["deadline"]


def test_a_boss_with_no_money_to_pay_before_the_new_year_is_urgent() -> None:
    text = "我们在砖窑干了半年，窑主说年跟前没钱发，连回家的路费都没有"
    assert urgency_kinds(text) == ["wages_before_holiday"]


def test_a_benchmark_set_counts_days_from_the_day_it_was_written(tmp_path: Path) -> None:
    dated, undated = tmp_path / "dated.yaml", tmp_path / "undated.yaml"
    dated.write_text("# a set (today Tue 1 Dec 2026; 春节 6 Feb 2027)\n- {}\n", encoding="utf-8")
    undated.write_text("# a set with no day\n", encoding="utf-8")
    assert written_on(dated) == TUESDAY
    assert written_on(undated) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我舅舅昨天叫县里公安弄走了，到现在也没个消息", "detention"),  # 叫…弄走
        ("物业半夜把我们单元的门焊上了，老人都出不去", "eviction"),  # a door named by its place
        ("我女儿离家出走两天了，同学家都问遍了也找不着", "personal_safety"),
    ],
)
def test_taken_by_the_police_a_shared_door_welded_and_a_child_gone(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


def test_a_spouse_who_left_home_is_a_matter_of_the_marriage() -> None:
    assert urgency_kinds("我老婆离家出走了，我想离婚") == []
    assert urgency_kinds("媳妇离家出走两个月了，能起诉离婚吗") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A child taken by someone not of the family, or not come home.
        ("讨债的把我闺女从补习班门口拉走了，说不还钱就别想要人", "personal_safety"),
        ("我儿子下了晚自习到现在都没回家，同学说九点就出校门了", "personal_safety"),
        # Trapped, private pictures to be spread, the hour before a hearing, a window for a
        # demolition.
        ("工厂扣着我们的证件，想走也走不了", "personal_safety"),
        ("网友说我不给钱就把我的裸照发到家族群里", "personal_safety"),
        ("后天下午两点半就是劳动仲裁开庭了，证据还没整理好", "deadline"),
        ("镇上的人说今天下午就来把我家后院的棚子全部拆掉", "eviction"),
    ],
)
def test_a_child_taken_trapped_exposed_and_wider_windows(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "孩子他爸把孩子从幼儿园带走了，不让我见",  # kin: custody
        "女朋友说分手后要把孩子带走，我能争取抚养权吗",
        "被拘留的人家属能送衣服吗",  # anyone held, asked about
        "我哥被行政拘留的事已经过去一年多了，现在想问能不能考驾照",  # long over
    ],
)
def test_kin_taking_a_child_anyone_held_and_a_detention_long_over_are_not_urgent(
    text: str,
) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "上周在菜市场跟人吵了几句，他推了我一把，我没受伤，想让他赔礼道歉",  # no one hurt
        "女儿在托管班被阿姨打过一巴掌，已经过去两个月了，想要个说法",  # long over
        "我想了解一下被人打了之后，伤情鉴定怎么做",  # a question about the law
    ],
)
def test_a_push_that_hurt_no_one_a_blow_long_over_and_after_asked_are_not_urgent(
    text: str,
) -> None:
    assert urgency_kinds(text) == []


def test_pesticide_swallowed_is_urgent_and_bought_is_not() -> None:
    assert urgency_kinds("我妈跟我爸吵完架喝了半瓶农药，正在往医院送") == ["personal_safety"]
    assert urgency_kinds("我去镇上买了两瓶农药，老板给的是假货，能退吗") == []


@pytest.mark.parametrize(
    "text",
    [
        "催债的这几天天天上门，说再不还钱就去学校找我儿子的麻烦",  # trouble for the family
        "那伙人今天用红漆泼了我家的门，还在墙上写了欠债还钱",  # paint thrown, said with 用
    ],
)
def test_trouble_for_the_family_and_paint_thrown_with_yong_are_urgent(text: str) -> None:
    assert urgency_kinds(text) == ["personal_safety"]


def test_trouble_in_general_is_no_threat_of_harm() -> None:
    assert urgency_kinds("物业说再不交物业费就找我麻烦") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("房东掐我们电了，说月底前必须走", "eviction"),  # the landlord's cut
        ("隔壁的砸我家门", "personal_safety"),  # no 在/又 before the blow
        ("我表妹被困缅北一个园区，偷偷发消息求救", "personal_safety"),  # 被困 with no 在
        ("他们话今晚来砸铺", "personal_safety"),  # the shop (铺) to be smashed
    ],
)
def test_the_landlords_cut_a_door_struck_trapped_and_the_shop(text: str, kind: str) -> None:
    assert kind in urgency_kinds(text)


def test_stuck_in_a_lift_and_the_property_managers_cut_are_not_urgent() -> None:
    assert urgency_kinds("上个月我被困在电梯里半小时，物业才来，能索赔吗") == []
    assert urgency_kinds("物业停了我家的水，说我欠物业费") == []


def test_a_negation_reaches_over_the_passives_agent() -> None:
    assert urgency_kinds("我们并没有被开发商赶走，只是补偿款还没谈拢") == []
    assert urgency_kinds("我没有被房东赶走，但他今天把门锁换了") == ["eviction"]


def test_things_already_thrown_out_are_urgent() -> None:
    assert urgency_kinds("单位说不让我们住了，铺盖已经被扔到楼下了") == ["eviction"]


def test_the_other_partys_appeal_leaves_the_resident_no_term() -> None:
    text = "二审判决书是11月27号收到的，我胜诉了，对方说要申请再审，我要做什么准备"
    assert urgency_kinds(text, today=TUESDAY) == []
    mine = "裁决书是11月27号收到的，公司说要起诉，我也不服"
    assert urgency_kinds(mine, today=TUESDAY) == ["deadline"]


def test_the_days_since_a_filing_came_are_counted_against_its_term() -> None:
    assert urgency_kinds("举证期限是十天，我拿到通知已经八天了") == ["deadline"]
    assert urgency_kinds("答辩期十五天，我收到起诉状都二十天了") == []  # over


def test_a_harm_before_moving_out_is_settled() -> None:
    assert urgency_kinds("上个月他推倒过我，目前我已经搬出来了，想问财产怎么分") == []


@pytest.mark.parametrize(
    "text",
    [
        "俺男人拎起暖瓶照俺头上抡",
        "她婆婆抄起笤帚疙瘩冲孩子打",
        "老公把手机朝我脸上砸",
        "他抓起一把沙子冲俺眼睛扔",
        "喝了酒就拿东西往俺脸上砸",
    ],
)
def test_a_thing_thrown_or_swung_at_a_person_is_read_by_the_rules(text: str) -> None:
    assert rule_kinds(text) == ["personal_safety"]


@pytest.mark.parametrize(
    "text",
    [
        "他朝我扔了个眼色，意思是别说了",
        "老板往我身上甩锅，说货是我弄丢的",
        "他向我打了借条，说年底还",
        "他从来没朝我砸过东西，就是不给生活费",
    ],
)
def test_no_blow_aimed_at_anyone_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    ["后天上午我去街道办问问", "那我明天上午过去", "明儿个俺去恁那儿", "好嘞，后天下午去"],
)
def test_a_plan_to_go_somewhere_on_a_day_ahead_is_no_deadline(text: str) -> None:
    """The resident's own plan (not in the training data) is calm; a hearing that day is not."""
    assert urgency_kinds(text) == []
    assert urgency_kinds(f"{text}，法院{text[:2]}就开庭了") == ["deadline"]
