"""Deadlines in residents' words (branch urg6): terms counted from a day, in years, by days left.

Every sentence is written for these tests (none comes from a benchmark set); each failed
before the change it proves. Today is Wednesday 2 December 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.services import urgency_dates, urgency_kinds
from bot.services.urgency import canonical_clauses, rule_kinds
from bot.services.urgency_deadlines import deadline_counted

WEDNESDAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    "text",
    [
        # A term in days counted from the day the notice came (no "today is day N").
        "区城管的听证告知书写着三个工作日内提出，我11月30号签的字",
        "社区贴的限期腾退通知，十天内把车库清空，通知是11月24号贴出来的",
        # Days since the decision came, counted by the resident.
        "罚款决定书送到已经五十八天了，想复议，是不是快晚了",
        # Days left of a term named two clauses before.
        "行政复议期限是六十天，扣掉已经过去的，只剩一周了",
        # A term's end named before its day, or a demand letter with its day.
        "法官给的举证期限截止到12月5号，我还有两份合同没找到",
        "律师函要求我12月8号之前把货款结清，不然走法律程序",
        "公司寄来催告函，限我12月5日前返岗，否则按自动离职处理",
        # Hearings in other words.
        "仲裁庭排在这个礼拜五，我还没拿到工资流水",
        # A document no rule named, a review no rule named, a verb of issuing.
        "事故认定书前天拿到的，我觉得划分不公，想复核",
        "上礼拜二区里出了复议决定，维持罚款，我不服，想起诉",
        # Not reconsidered: six months to sue, counted from a day.
        "环保局罚了我三万，决定书是6月8号送来的，我没复议，想直接去法院告",
    ],
)
def test_terms_counted_in_days_from_a_day_or_by_days_left(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "明天我得去法院打官司，对方是我前老板",
        "法院传我大后天上午过去，说是被人告了",
        # Days gone of a term counted in days are the day now, not the term over.
        "答辩期十五天，我已经过了十三天了还没动笔",
    ],
)
def test_a_court_day_a_summons_and_the_days_gone_of_a_term(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == ["deadline"]


def test_a_wish_denied_with_bu_the_employers_wish_and_a_day_weeks_ahead() -> None:
    """The learned model may not add a deadline the rules judged: each fired before."""
    assert urgency_kinds("我姐的判决书上周到的，她说不上诉了", today=WEDNESDAY) == []
    assert urgency_kinds("仲裁裁决书上周寄到，我们胜诉了，厂里不服要起诉", today=WEDNESDAY) == []
    assert urgency_kinds("法院通知我下个月9号去领判决书", today=WEDNESDAY) == []
    # 「来不来得及」 asks; it denies nothing.
    assert urgency_kinds("开庭通知上写的是12月3日上午，来不来得及找律师", today=WEDNESDAY)


def test_a_supposed_term_end_with_a_wish_is_the_residents_term() -> None:
    text = "如果12月6号前不交上诉状判决就生效了，我不服，想上诉"
    assert urgency_kinds(text, today=WEDNESDAY) == ["deadline"]


def test_days_past_a_term_without_its_length_are_still_over() -> None:
    assert urgency_kinds("上诉期已经过了两天，还有别的办法吗", today=WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # A work-injury determination within a year of the injury.
        "去年12月20号我在车间被叉车压伤了脚，厂里一直拖着不给报工伤认定",
        "出事快一年了，厂里不帮我申请工伤认定，我自己去还行吗",
        # Labour arbitration within a year of the dismissal.
        "我是去年12月12号被开除的，听人说劳动仲裁有一年时效，还有救吗",
        # Enforcement within two years.
        "调解书生效已经一年十一个月了，对方一直没给钱，申请强制执行来得及吗",
    ],
)
def test_limitation_periods_in_years_near_their_end(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        # The step already taken; far from the year's end (guards of the reading above).
        "去年12月18号受的伤，工伤认定当时就申请了，现在等鉴定",
        "我是今年八月被辞退的，劳动仲裁一年时效，想先问问流程",
    ],
)
def test_a_limitation_step_taken_or_far_from_its_end_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # Non-legal ends near.
        "游泳卡下周二就到期了，店家说不续费就不退押金",
        "健身卡下周三就到期了，老板说不续卡押金不退",
        "驾驶证明天过期，能不能网上换",
        # Months left of a term.
        "行政诉讼的起诉期限还剩五个多月，我先收集材料",
        # A wish denied with 再; the other party appealing.
        "复议决定书上礼拜收到了，我不准备再起诉，想问问罚款去哪交",
        "判决书11月26号收到的，对方上诉了，二审要多久",
        # A supposition, a month long past, a term in days with weeks left.
        "要是法院后天开庭我在外地去不了，会有什么后果",
        "判决书是九月份收到的，我没上诉，现在对方不履行",
        "整改通知要求四十五天内整改，前天收到的",
    ],
)
def test_non_legal_ends_long_terms_and_others_terms_are_not_urgent(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "一审判决我们赢了，判决书上周四寄到的，对方什么时候给钱",
        "开庭日期还没排，书记员说会电话通知",
        "如果以后法院判我输了，我不服的话怎么上诉",
    ],
)
def test_the_rules_judge_a_won_case_an_unset_hearing_and_a_supposition(text: str) -> None:
    """The learned model may not add a deadline to these (``deadline_counted``)."""
    assert deadline_counted(canonical_clauses(text), WEDNESDAY)


def test_parts_of_months_and_months_without_a_day_are_dated() -> None:
    def days(clause: str) -> list[dt.date]:
        return [named.day for named in urgency_dates.named_days(clause, WEDNESDAY)]

    assert days("上个月底收到的") == [dt.date(2026, 11, 30)]
    assert days("十一月中旬送达") == [dt.date(2026, 11, 15)]
    assert days("去年12月初摔伤") == [dt.date(2025, 12, 5)]
    assert urgency_dates.named_months("判决书八月份收到", WEDNESDAY) == [dt.date(2026, 8, 31)]
    assert urgency_dates.named_months("干了三个月", WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # The lead's policy: a decision received lately and challenged is urgent whatever its
        # term (a reconsideration's 60 days, a penalty's six months in court).
        "区环保局的处罚决定书上礼拜送到的，我打算申请行政复议",
        "11月12号拿到的行政处罚决定书，罚款八千，我想去法院起诉",
        "不予受理通知书前几天寄到的，我不服，想复议",
        # A decision named by what it decides, issued (作出) lately.
        "住建局昨天对我家作出了征收决定，我不认，想申请复议",
        # A penalty told as what was done, with no document named, and its day clauses before.
        "大前天，城管来店里检查，没收了我的秤，我不服，想复议",
        "刚被交警罚了，想申请复议",
        "今天上午罚了我五百块，我要去告他们",
        # Arguing it out with the office.
        "镇上罚款决定上周给我的，我想找他们讨个说法",
    ],
)
def test_a_decision_received_lately_and_challenged_is_urgent_whatever_its_term(
    text: str,
) -> None:
    assert rule_kinds(text, today=WEDNESDAY) == ["deadline"]


@pytest.mark.parametrize(
    "text",
    [
        # Received more than 30 days ago, already reconsidered, not challenged, or supposed.
        "处罚决定书10月20号收到的，我想申请复议",
        "处罚决定书上周收到的，复议已经申请了，想问问要等多久",
        "罚款决定书上周收到了，罚款我已经交了，没什么意见",
        "假如以后收到处罚决定书，我不服的话能复议吗",
        # A fine threatened, not imposed, with no time.
        "城管说要罚款，我不服，能复议吗",
        # Today's own date is no day of receipt.
        "判决书是10月1号收到的，今天12月2号了，想上诉",
    ],
)
def test_a_decision_long_past_handled_unchallenged_or_supposed_is_not_urgent(text: str) -> None:
    assert urgency_kinds(text, today=WEDNESDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        # A legal term said to end within days, without a date.
        "劳动仲裁时效这周就到了，公司还欠我工资，想马上申请",
        "上诉期过两天就到期了，我还没写上诉状",
        # A term's end asked about or denied, not said over.
        "判决书收到第九天，我不会已经过期了吧，我想上诉",
        "前天收到裁决书，想起诉，万一逾期了怎么办",
        # Goods expired beside a decision: no term over.
        "说我卖的饮料过期了，处罚决定书前天送来的，我想复议",
    ],
)
def test_a_term_ending_within_days_or_asked_about_or_goods_expired(text: str) -> None:
    assert rule_kinds(text, today=WEDNESDAY) == ["deadline"]
