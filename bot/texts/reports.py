"""Every Chinese label of the staff reports (text, spreadsheet, CSV, chart).

Category labels come from ``categories.yaml``, community names from the deployment file and
outcome labels from ``bot.texts.OUTCOMES`` (through ``OUTCOME_LABELS``); the report carries them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services.periods import Period

__all__ = [
    "CHANNEL_LABELS",
    "CHART",
    "DECISION_LABELS",
    "EXPORT_COLUMNS",
    "LEDGER",
    "LEGAL_AID_NOTE",
    "NO",
    "OFFICE_LEDGER",
    "PUBLICITY_ROWS",
    "PUBLICITY_SECTION",
    "PUBLICITY_TEXT",
    "QUARTERS",
    "SHEETS",
    "TEXT",
    "UNREGISTERED_ADVISER",
    "YES",
    "ZONE_LABELS",
    "LedgerLabels",
    "OfficeLedgerLabels",
    "channel_label",
    "date_label",
    "moment_label",
    "month_label",
    "period_label",
    "short_category",
    "zone_label",
]

YES, NO = "是", "否"

DECISION_LABELS = {"answer": "直接解答", "suggest": "推荐相关条目", "unknown": "未能解答"}
"""The knowledge base's decisions."""

CHANNEL_LABELS = {
    "visit": "来访",
    "phone": "电话",
    "letter": "信函",
    "bot": "网络（机器人）",
    "telegram": "网络（顾问在线）",
}
"""The ledger's channels (``counting.LEDGER_CHANNELS``): consultations recorded with /log,
the bot's self-service 人次 and consultations handled through the bot."""

QUARTERS = ("一", "二", "三", "四")
"""Quarters as numbered in headings: 第一季度 … 第四季度."""

ZONE_LABELS = {"Asia/Shanghai": "北京时间"}
"""How a deployment's time zone is named in a heading; others show their IANA name."""

LEGAL_AID_NOTE = (
    "咨询类别为“法律援助”，指居民咨询的是法律援助事项；"
    "处理结果为“转法律援助”，指法律顾问办结时将咨询转交法律援助机构办理。二者统计口径不同。"
)
"""Keeps the legal-aid *category* and the legal-aid *referral* apart (text and ledger)."""

PUBLICITY_TEXT = {
    "title": "线上普法：",
    "quiz": "  普法竞答：参与 {people} 人，答题 {series} 人次，"
    "平均每轮答对 {average} 题（每轮 {per} 题）",
    "no_average": "—",
    "checkins": "  每日普法打卡：{n} 人次",
    # Rule 15: residents who finished a campaign's quiz.
    "campaign_quiz": "  推送竞猜：参与 {people} 人，平均每轮答对 {average} 题",
}
"""The 普法 section of the text summary (quizzes and check-ins; ``bot.reports.text``)."""

PUBLICITY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("quiz_participants", "普法竞答参与人数", "人"),
    ("quiz_series", "普法竞答答题", "人次"),
    ("average_score", "平均每轮答对题数", "题"),
    ("checkins", "每日普法打卡", "人次"),
    ("campaign_quiz_takers", "推送竞猜参与人数", "人"),
    ("campaign_quiz_average", "推送竞猜平均答对题数", "题"),
)
"""The 普法 rows of the xlsx summary sheet: key, label, unit."""
PUBLICITY_SECTION = "线上普法"

TEXT = {
    "title": "嘉祥街道公共法律服务统计（{period}）",
    # The 普法 section's campaign line (docs/counting.md, rule 14).
    "publicity": "普法宣传：",
    "publicity_campaigns": "  线上普法推送 {campaigns} 场次，覆盖 {person_times} 人次",
    "span": "统计期间：{start}至{end}（{tz}）",
    "total": "法律咨询人次：{n}",
    "self_service": "  其中：机器人自助解答 {n} 人次（收到提问 {questions} 条：{decisions}）",
    "decision": "{label} {n} 条",
    "consultations": "  其中：法律顾问咨询 {n} 件（已办结 {closed} 件，紧急 {urgent} 件）",
    "legal_aid_category": "    其中咨询类别为“法律援助”的 {aid} 件",
    # Counting rules 11 and 12 (bot/services/case_stats.py).
    "legal_aid_cases": (
        "法律援助预申请 {n} 件（{people} 人）："
        "刑事 {criminal}、民事 {civil}、行政 {administrative}，"
        "特殊群体 {special} 件；受理 {accepted} 件"
    ),
    "mediation_cases": (
        "人民调解 {n} 件：已办结 {closed} 件，调解成功 {success} 件（成功率 {rate}），"
        "协议金额 {amount} 元"
    ),
    # The mediation cases by source: 申请 (from the bot), 排查 and 移交 (entered with /log 调解).
    "mediation_sources": "  按案件来源：{sources}",
    "mediation_source": "{source} {n} 件",
    "digest_cases": "新收法律援助预申请 {aid} 件，人民调解申请 {mediation} 件",
    "referrals": "转介 {n} 件（按处理结果）：{parts}",
    "referral": "{label} {n} 件",
    "timing": "用时中位数（自居民提交起）：受理 {claim}，办结 {close}",
    "rating": "群众评价：已评价 {rated} 件，平均 {average} 分（满分 5 分）；"
    "表示问题已解决的占 {share}（{resolved}/{asked}）",
    "no_rating": "群众评价：暂无",
    "backlog": "当前待办（截至 {as_of}）：未办结 {active} 件，其中未受理 {unclaimed} 件"
    "（超过提醒时限 {remind} 件，超过转值班时限 {escalate} 件）",
    "by_community": "按村（社区）统计法律顾问咨询（件）：",
    "by_category": "按咨询类别统计法律顾问咨询（件）：",
    "by_outcome": "按处理结果统计已办结咨询（件）：",
    "by_channel": "按渠道统计法律咨询（人次）：",
    "monthly": "按月统计（自助解答人次 / 提问条数 / 咨询件数 / 转介件数）：",
    "month_row": "  {month}  {person_times} / {questions} / {consultations} / {referrals}",
    "unanswered": "机器人未能解答的常见问题：",
    "unanswered_row": "  {rank}. {text}（{n} 次，{residents} 位居民）",
    # Questions only one resident asked are never quoted to staff: only their categories.
    "unanswered_single": "仅一位居民提出的未解答问题（为保护个人信息，只按类别统计）：",
    "category_count": "{label} {n} 次",
    "hours": "{n:.1f} 小时",
    # A median under an hour: still said in hours, with the minutes beside (never 「0.0 小时」).
    "under_an_hour": "不足 1 小时（{n} 分钟）",
    "under_a_minute": "不足 1 小时（不到 1 分钟）",
    "none": "暂无",
    "separator": "，",
    "note": "注：{note}",
    "digest_title": "嘉祥街道公共法律服务日报（{day}）",
    "digest_self": "机器人自助解答 {n} 人次（收到提问 {questions} 条）",
    "digest_new": "新增法律顾问咨询 {n} 件",
    "digest_closed": "办结法律顾问咨询 {n} 件（按办结日期统计），其中转介 {referrals} 件",
}
"""The compact text summary (``bot.reports.text``)."""


@dataclass(frozen=True, slots=True)
class LedgerLabels:
    """The labels of the spreadsheet ledger (``bot.reports.export``)."""

    title: str = "嘉祥街道公共法律服务台账（{period}）"
    span: str = "统计期间：{start}至{end}（{tz}）　生成时间：{generated}"
    header: tuple[str, ...] = ("项目", "数量", "单位")
    rows: tuple[tuple[str, str, str], ...] = (
        ("total", "法律咨询人次", "人次"),
        ("self_service", "其中：机器人自助解答", "人次"),
        ("consultations", "其中：法律顾问咨询", "件"),
        ("closed", "法律顾问咨询已办结", "件"),
        ("legal_aid_category", "咨询类别：法律援助", "件"),
        ("legal_aid", "处理结果：转法律援助", "件"),
        ("mediation", "处理结果：转人民调解", "件"),
        ("arbitration_litigation", "处理结果：建议仲裁或诉讼", "件"),
        ("petition_other", "处理结果：转信访或其他部门", "件"),
        ("questions", "机器人收到提问", "条"),
        ("unknown", "其中：未能解答", "条"),
    )
    """Figure key (see ``export._summary_sheet``), label, unit: the ledger's rows in order."""
    notes: tuple[str, ...] = (
        "注：1. 法律咨询人次 = 机器人自助解答人次 + 法律顾问咨询件数。",
        f"　　2. {LEGAL_AID_NOTE}",
    )
    """Printed under the ledger's rows."""
    by_category: str = "按咨询类别统计"
    by_category_header: tuple[str, ...] = (
        "咨询类别",
        "法律顾问咨询（件）",
        "机器人自助解答（人次）",
    )
    by_community: str = "按村（社区）统计"
    by_community_header: tuple[str, ...] = ("村（社区）", "法律顾问咨询（件）")
    total_row: str = "合计"
    # The 普法 section's campaign rows (docs/counting.md, rule 14).
    publicity: str = "普法宣传"
    publicity_campaigns: tuple[tuple[str, str, str], ...] = (
        ("campaigns", "线上普法推送", "场次"),
        ("person_times", "推送覆盖", "人次"),
    )
    monthly_header: tuple[str, ...] = (
        "月份",
        "机器人自助解答（人次）",
        "收到提问（条）",
        "法律顾问咨询（件）",
        "转介（件）",
    )
    unanswered_header: tuple[str, ...] = (
        "序号",
        "问题（已隐去个人信息）",
        "提问次数",
        "提问居民数",
    )
    unanswered_single_header: tuple[str, ...] = ("仅一位居民提出的问题（只按类别统计）", "提问次数")


LEDGER = LedgerLabels()

SHEETS = {
    "summary": "台账汇总",
    "details": "咨询明细",
    "monthly": "按月统计",
    "unanswered": "机器人未能解答的问题",
    "legal_aid": "法律援助",
    "mediation": "人民调解",
    "consultation_ledger": "法律咨询台账",
    "worklog": "法律顾问工作日志",
    "yearly": "年度工作汇总",
}

# The 法律援助 and 人民调解 sheets (bot/reports/export.py; counting rules 11 and 12).
LEGAL_AID_SHEET_TITLE = "法律援助预申请统计（{period}）"
LEGAL_AID_SHEET_HEADER = ("项目", "数量", "单位")
LEGAL_AID_SHEET_ROWS: tuple[tuple[str, str], ...] = (
    ("applications", "法律援助预申请"),
    ("applicants", "申请人"),
    ("criminal", "其中：刑事"),
    ("civil", "　　　民事"),
    ("administrative", "　　　行政"),
    ("special_groups", "特殊群体（免予经济困难审查或核查）"),
    ("accepted", "受理"),
    ("not_accepted", "不予受理"),
    ("referred", "转其他渠道"),
    ("pending", "尚未办结"),
)
LEGAL_AID_SHEET_UNITS = {"applicants": "人"}
"""Every other row counts 件."""
MEDIATION_SHEET_TITLE = "人民调解统计（{period}）"
MEDIATION_SHEET_HEADER = ("项目", "数量", "单位")
MEDIATION_SHEET_ROWS: tuple[tuple[str, str, str], ...] = (
    ("cases", "调解案件", "件"),
    ("closed", "已办结", "件"),
    ("success", "调解成功", "件"),
    ("success_rate", "成功率（调解成功÷已办结）", "%"),
    ("agreement_amount", "协议金额", "元"),
    ("followups_answered", "回访", "件"),
    ("followups_kept", "其中：协议已履行", "件"),
)
MEDIATION_BY_DISPUTE = "按纠纷类型"
MEDIATION_BY_DISPUTE_HEADER = ("纠纷类型", "调解案件（件）", "调解成功（件）")
MEDIATION_BY_SOURCE = "按案件来源"
MEDIATION_BY_SOURCE_HEADER = ("来源", "调解案件（件）")


@dataclass(frozen=True, slots=True)
class OfficeLedgerLabels:
    """The labels of the judicial office's sheets (``bot.reports.ledger``)."""

    ledger_title: str = "嘉祥街道法律咨询台账（{period}）"
    ledger_header: tuple[str, ...] = (
        "序号",
        "咨询编号",
        "日期",
        "村（社区）",
        "渠道",
        "案件类型",
        "咨询类别",
        "咨询内容摘要",
        "处理情况",
        "状态",
        "法律顾问",
    )
    statuses: tuple[tuple[str, str], ...] = (
        ("open", "待受理"),
        ("claimed", "办理中"),
        ("closed", "已办结"),
    )
    """Status id and its ledger name."""
    worklog_title: str = "嘉祥街道法律顾问工作日志（{period}）"
    worklog_note: str = "一次一记、一事一记：法律顾问每处理一件事项、每联系一次，记录一条。"
    worklog_block: str = "法律顾问：{adviser}　　{month}　　共 {count} 条"
    worklog_header: tuple[str, ...] = ("序号", "日期", "村（社区）", "事项摘要", "方式", "结果")
    worklog_empty: str = "本期间暂无工作日志。"
    yearly_title: str = "嘉祥街道公共法律服务工作汇总（{period}）"
    yearly_header: tuple[str, ...] = ("项目", "数量", "单位")
    consultations: str = "一、法律咨询"
    consultations_total: str = "提供法律咨询"
    by_channel: str = "  其中：{channel}"
    by_class: str = "  按案件类型：{legal_class}"
    legal_aid: str = "二、法律援助"
    legal_aid_applications: str = "法律援助预申请"
    legal_aid_applicants: str = "申请人"
    mediation: str = "三、人民调解"
    mediation_cases: str = "排查调处矛盾纠纷"
    by_source: str = "  其中：{source}"
    """A mediation case's source: 申请, 排查 or 移交 (``mediation_requests.source``)."""
    mediation_success: str = "调解成功"
    advisers: str = "四、法律顾问工作"
    worklog_entries: str = "工作日志记录"
    worklog_advisers: str = "记录工作日志的法律顾问"
    by_method: str = "  其中：{method}"
    notes: tuple[str, ...] = (
        "注：1. 法律咨询人次含来访、电话、信函登记的咨询和网络咨询"
        "（机器人自助解答人次与法律顾问在线咨询件数），口径见《统计规则》。",
        "　　2. 法律援助为居民提交的法律援助预申请，是否受理以法律援助机构决定为准；"
        "人民调解含居民申请和工作人员登记的排查、移交纠纷，明细见“法律援助”“人民调解”两表。",
        "　　3. 案件类型按咨询类别归类（民事、刑事、行政、其他），对照表见《统计规则》。",
    )
    units: tuple[str, str, str, str] = ("人次", "件", "条", "人")
    """人次 (consultations), 件 (matters), 条 (log entries), 人 (advisers)."""


OFFICE_LEDGER = OfficeLedgerLabels()

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "咨询编号"),
    ("created_at", "提交时间"),
    ("claimed_at", "受理时间"),
    ("closed_at", "办结时间"),
    ("community", "村（社区）"),
    ("category", "咨询类别"),
    ("adviser", "法律顾问"),
    ("outcome", "处理结果"),
    ("rating", "评分（1-5分）"),
    ("resolved", "问题是否解决"),
    ("minutes_to_claim", "受理用时（分钟）"),
    ("minutes_to_close", "办结用时（分钟）"),
    ("urgent", "是否紧急"),
    ("contact_name", "联系人（经同意）"),
    ("contact_phone", "联系电话（经同意）"),
)
"""The columns of the consultation export (xlsx sheet and CSV): row field, header.

An empty 受理时间 means never claimed; an empty 处理结果 means not closed yet."""

UNREGISTERED_ADVISER = "工作人员（ID {id}）"
"""An assignee who is not a registered adviser (a staff member)."""

CHART = {
    "title": "嘉祥街道法律顾问咨询统计（{period}）",
    "by_month": "各月法律顾问咨询件数（按咨询类别）",
    "by_community": "各村（社区）法律顾问咨询件数",
    "count": "件数",
    "empty": "本期间暂无法律顾问咨询",
}
"""The PNG chart (``bot.reports.chart``)."""


def channel_label(key: str) -> str:
    """Return how a channel is shown."""
    return CHANNEL_LABELS.get(key, key)


def zone_label(name: str) -> str:
    """Return how the time zone ``name`` is named in headings (``Asia/Shanghai``: 北京时间)."""
    return ZONE_LABELS.get(name, name)


def date_label(day: dt.date) -> str:
    """Return a day as written in Chinese documents: ``2026年4月1日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_label(moment: dt.datetime) -> str:
    """Return a local time as ``2026年4月2日 11:00``."""
    return f"{date_label(moment.date())} {moment:%H:%M}"


def month_label(month: str) -> str:
    """Return a ``YYYY-MM`` month as ``2026年4月``."""
    year, number = month.split("-")
    return f"{int(year)}年{int(number)}月"


def _is_quarter(start: dt.date, last: dt.date) -> bool:
    return start.year == last.year and start.month % 3 == 1 and last.month == start.month + 2


def short_category(label: str) -> str:
    """Return a category label without its parenthesized examples (for legends)."""
    return label.split("（", 1)[0]


def period_label(period: Period) -> str:
    """Return the period as read in a title: ``2023年``, ``2023年3月``, ``2023年3月5日`` etc."""
    start, last = period.start, period.last_day
    whole_years = start == dt.date(start.year, 1, 1) and period.end == dt.date(last.year + 1, 1, 1)
    if whole_years:
        return f"{start.year}年" if start.year == last.year else f"{start.year}年至{last.year}年"
    whole_months = start.day == 1 and period.end.day == 1
    if whole_months and _is_quarter(start, last):
        return f"{start.year}年第{QUARTERS[start.month // 3]}季度"
    if whole_months:
        first = f"{start.year}年{start.month}月"
        if (start.year, start.month) == (last.year, last.month):
            return first
        if start.year == last.year:
            return f"{first}至{last.month}月"
        return f"{first}至{last.year}年{last.month}月"
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == last:
        return first
    if (start.year, start.month) == (last.year, last.month):
        return f"{first}至{last.day}日"
    if start.year == last.year:
        return f"{first}至{last.month}月{last.day}日"
    return f"{first}至{last.year}年{last.month}月{last.day}日"
