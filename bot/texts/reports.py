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
    "NO",
    "SHEETS",
    "TEXT",
    "UNREGISTERED_ADVISER",
    "YES",
    "LedgerLabels",
    "channel_label",
    "period_label",
    "short_category",
]

YES, NO = "是", "否"

DECISION_LABELS = {"answer": "直接解答", "suggest": "推荐条目", "unknown": "未能解答"}
"""The knowledge base's decisions."""

CHANNEL_LABELS = {"telegram": "Telegram"}
"""Where questions and consultations came from."""

TEXT = {
    "title": "嘉祥街道公共法律服务统计（{period}）",
    "span": "统计期间：{start} 至 {end}（{tz}）",
    "total": "法律咨询人次：{n}",
    "self_service": "  其中：机器人自助解答人次 {n}（提问 {questions} 条：{decisions}）",
    "consultations": "  法律顾问咨询件数 {n}（已办结 {closed}，紧急 {urgent}，法律援助类 {aid}）",
    "referrals": "转介 {n} 件：{parts}",
    "timing": "受理用时中位数 {claim}；办结用时中位数 {close}",
    "rating": "群众评价：{rated} 件已评价，平均 {average} 分；"
    "问题已解决 {share}（{resolved}/{asked}）",
    "no_rating": "群众评价：暂无",
    "backlog": "当前待办（截至 {as_of}）：未办结 {active} 件，其中未受理 {unclaimed} 件，"
    "超过提醒时间 {remind} 件，超过升级时间 {escalate} 件",
    "by_community": "按村（社区）：",
    "by_category": "按类别：",
    "by_outcome": "按办理结果：",
    "by_channel": "按渠道：",
    "monthly": "按月（自助人次 / 提问 / 咨询件数 / 转介）：",
    "month_row": "  {month}  {person_times} / {questions} / {consultations} / {referrals}",
    "unanswered": "未能解答的常见问题：",
    "unanswered_row": "  {rank}. {text}（{n} 次）",
    "minutes": "{n:.0f} 分钟",
    "hours": "{n:.1f} 小时",
    "none": "暂无",
    "digest_title": "公共法律服务日报（{day}）",
    "digest_self": "机器人自助解答 {n} 人次（提问 {questions} 条）",
    "digest_new": "新增法律顾问咨询 {n} 件",
    "digest_closed": "办结 {n} 件，其中转介 {referrals} 件",
}
"""The compact text summary (``bot.reports.text``)."""


@dataclass(frozen=True, slots=True)
class LedgerLabels:
    """The labels of the spreadsheet ledger (``bot.reports.export``)."""

    title: str = "嘉祥街道公共法律服务台账（{period}）"
    span: str = "统计期间：{start} 至 {end}（{tz}）　生成时间：{generated}"
    header: tuple[str, ...] = ("项目", "数量", "单位")
    rows: tuple[tuple[str, str, str], ...] = (
        ("total", "法律咨询人次", "人次"),
        ("self_service", "其中：机器人自助解答人次", "人次"),
        ("consultations", "法律顾问咨询件数", "件"),
        ("legal_aid", "转法律援助", "件"),
        ("mediation", "转人民调解", "件"),
        ("arbitration_litigation", "建议仲裁或诉讼", "件"),
        ("petition_other", "转信访或其他部门", "件"),
        ("legal_aid_category", "法律援助类咨询件数", "件"),
        ("closed", "已办结咨询件数", "件"),
        ("questions", "机器人收到提问条数", "条"),
        ("unknown", "其中：未能解答条数", "条"),
    )
    """Figure key (see ``export._summary_sheet``), label, unit: the ledger's rows in order."""
    by_category: str = "按类别统计"
    by_category_header: tuple[str, ...] = ("类别", "法律顾问咨询件数", "机器人自助解答人次")
    by_community: str = "按村（社区）统计"
    by_community_header: tuple[str, ...] = ("村（社区）", "法律顾问咨询件数")
    total_row: str = "合计"
    monthly_header: tuple[str, ...] = (
        "月份",
        "机器人自助解答人次",
        "提问条数",
        "法律顾问咨询件数",
        "转介件数",
    )
    unanswered_header: tuple[str, ...] = ("序号", "问题", "次数")


LEDGER = LedgerLabels()

SHEETS = {
    "summary": "台账汇总",
    "details": "咨询明细",
    "monthly": "按月统计",
    "unanswered": "未能解答的问题",
}

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "编号"),
    ("created_at", "提交时间"),
    ("claimed_at", "受理时间"),
    ("closed_at", "办结时间"),
    ("community", "村（社区）"),
    ("category", "类别"),
    ("adviser", "法律顾问"),
    ("outcome", "办理结果"),
    ("rating", "评分"),
    ("resolved", "问题是否解决"),
    ("minutes_to_claim", "受理用时（分钟）"),
    ("minutes_to_close", "办结用时（分钟）"),
    ("urgent", "紧急"),
    ("contact_name", "联系人（经同意）"),
    ("contact_phone", "联系电话（经同意）"),
)
"""The columns of the consultation export (xlsx sheet and CSV): row field, header.

An empty 受理时间 means never claimed; an empty 办理结果 means not closed yet."""

UNREGISTERED_ADVISER = "工作人员（ID {id}）"
"""An assignee who is not a registered adviser (a staff member)."""

CHART = {
    "title": "嘉祥街道法律顾问咨询（{period}）",
    "by_month": "每月咨询件数（按类别）",
    "by_community": "各村（社区）咨询件数",
    "count": "件数",
    "empty": "本期暂无咨询",
}
"""The PNG chart (``bot.reports.chart``)."""


def channel_label(key: str) -> str:
    """Return how a channel is shown."""
    return CHANNEL_LABELS.get(key, key)


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
