"""The text summary, the CSV and the ledger workbook, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from bot.reports import build_csv, build_xlsx, format_digest_text, format_report_text
from bot.services import StatsService
from bot.services.periods import parse_period
from bot.storage import Database
from bot.texts.reports import EXPORT_COLUMNS, LEDGER, SHEETS, period_label
from tests.stats_seed import NOW, TZ, communities, seed

HEADERS = [header for _, header in EXPORT_COLUMNS]


@pytest.fixture
async def stats(database: Database) -> StatsService:
    await seed(database)
    return StatsService(database, communities(), TZ, clock=lambda: NOW)


async def test_csv_opens_in_excel_with_chinese_and_hides_contacts_without_consent(stats) -> None:
    period = stats.period("2026-04")
    exported = build_csv(await stats.consultation_rows(period), period)
    assert exported.filename == "jiaxiang-consultations-2026-04.csv"
    assert exported.media_type == "text/csv"
    assert exported.data.startswith(b"\xef\xbb\xbf")
    text = exported.data.decode("utf-8-sig")
    assert text.count("\r\n") == 7
    assert "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADERS
    assert len(rows) == 7
    records = [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]
    assert [r["咨询编号"] for r in records] == ["2", "1", "8", "3", "4", "5"]
    first = records[1]
    assert first["提交时间"] == "2026-04-01 09:00:00"
    assert first["受理时间"] == "2026-04-01 09:30:00"
    assert first["村（社区）"] == "迎凤社区"
    assert first["法律顾问"] == "王律师"
    assert first["处理结果"] == "转法律援助"
    assert (first["评分（1-5分）"], first["问题是否解决"], first["是否紧急"]) == ("5", "是", "否")
    assert (first["受理用时（分钟）"], first["办结用时（分钟）"]) == ("30", "240")
    assert (first["联系人（经同意）"], first["联系电话（经同意）"]) == ("张三", "13800000000")
    for record in records:
        if record["咨询编号"] not in {"1", "3"}:  # only 1 and 3 consented
            assert record["联系人（经同意）"] == record["联系电话（经同意）"] == ""
    assert records[2]["法律顾问"] == "工作人员（ID 777）"
    # Text a spreadsheet would run as a formula is defused.
    assert records[3]["联系人（经同意）"] == "'=1+1"
    assert records[3]["联系电话（经同意）"] == "'+86 138 0000 0000"
    assert records[4]["受理时间"] == records[4]["处理结果"] == ""


async def test_xlsx_ledger_and_details_read_back(stats) -> None:
    period = stats.period("2026-04")
    exported = build_xlsx(await stats.summary(period), await stats.consultation_rows(period))
    assert exported.filename == "jiaxiang-ledger-2026-04.xlsx"
    book = load_workbook(io.BytesIO(exported.data))
    assert book.sheetnames == [
        SHEETS["summary"],
        SHEETS["details"],
        SHEETS["monthly"],
        SHEETS["unanswered"],
        SHEETS["legal_aid"],
        SHEETS["mediation"],
        SHEETS["consultation_ledger"],
        SHEETS["worklog"],
        SHEETS["yearly"],
    ]
    summary = book[SHEETS["summary"]]
    assert summary["A1"].value == "嘉祥街道公共法律服务台账（2026年4月）"
    cells = [[cell.value for cell in row] for row in summary.iter_rows()]
    figures = {row[0]: row[1] for row in cells if row and row[0] and len(row) > 1}
    assert figures["法律咨询人次"] == 12
    assert figures["其中：机器人自助解答"] == 6
    assert figures["其中：法律顾问咨询"] == 6
    # The legal-aid category and the legal-aid referral are labelled apart, with a note.
    assert figures["处理结果：转法律援助"] == 1
    assert figures["处理结果：转人民调解"] == 1
    assert figures["处理结果：建议仲裁或诉讼"] == 1
    assert figures["处理结果：转信访或其他部门"] == 0
    assert figures["咨询类别：法律援助"] == 1
    notes = [row[0] for row in cells if row and isinstance(row[0], str) and "口径" in row[0]]
    assert len(notes) == 1
    assert "咨询类别为“法律援助”" in notes[0]
    assert "处理结果为“转法律援助”" in notes[0]
    assert "2026年4月1日至2026年4月30日（北京时间）" in str(cells[1][0])
    labels = [row[0] for row in cells]
    ledger_order = [label for _, label, _ in LEDGER.rows]
    first = labels.index(ledger_order[0])
    assert labels[first : first + len(ledger_order)] == ledger_order
    assert figures["劳动社保（工资、劳动合同、工伤、社保）"] == 2
    assert figures["迎凤社区"] == figures["东关村"] == figures["西关社区"] == 2
    assert labels.count(LEDGER.total_row) == 2

    details = book[SHEETS["details"]]
    rows = [[cell.value for cell in row] for row in details.iter_rows()]
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == [2, 1, 8, 3, 4, 5]
    record = dict(zip(HEADERS, rows[2], strict=True))
    assert record["提交时间"] == dt.datetime(2026, 4, 1, 9, 0)
    assert record["办结时间"] == dt.datetime(2026, 4, 1, 13, 0)
    assert record["联系人（经同意）"] == "张三"
    assert dict(zip(HEADERS, rows[1], strict=True))["联系电话（经同意）"] is None
    contact = details.cell(row=5, column=HEADERS.index("联系人（经同意）") + 1)
    assert (contact.value, contact.data_type) == ("=1+1", "s")

    monthly = [[c.value for c in row] for row in book[SHEETS["monthly"]].iter_rows()]
    assert monthly[1] == ["2026年4月", 6, 9, 6, 3]
    unanswered = [[c.value for c in row] for row in book[SHEETS["unanswered"]].iter_rows()]
    assert unanswered[1] == [1, "红烧肉 怎么做", 3, 2]
    # 宅基地能卖吗 was asked by one resident only: its category is counted, its words not shown.
    assert [row[:2] for row in unanswered[3:]] == [
        ["仅一位居民提出的问题（只按类别统计）", "提问次数"],
        ["土地房产（征地拆迁、宅基地、物业、租赁）", 1],
    ]
    assert "宅基地能卖吗" not in str(unanswered)


async def test_text_summary_is_plain_chinese(stats) -> None:
    text = format_report_text(await stats.summary("2026-04"))
    assert text.splitlines()[0] == "嘉祥街道公共法律服务统计（2026年4月）"
    assert "法律咨询人次：12" in text
    lines = text.splitlines()
    assert lines[1] == "统计期间：2026年4月1日至2026年4月30日（北京时间）"
    assert (
        "  其中：机器人自助解答 6 人次（收到提问 9 条：直接解答 4 条，推荐相关条目 1 条，"
        "未能解答 4 条）" in lines
    )
    assert "  其中：法律顾问咨询 6 件（已办结 4 件，紧急 1 件）" in lines
    assert "咨询类别为“法律援助”的 1 件" in text
    assert (
        "转介 3 件（按处理结果）：转法律援助 1 件，转人民调解 1 件，建议仲裁或诉讼 1 件，"
        "转信访或其他部门 0 件" in lines
    )
    # Both medians in hours, one decimal (60 minutes to claim, 14 hours to close).
    assert "用时中位数（自居民提交起）：受理 1.0 小时，办结 14.0 小时" in lines
    assert "法律援助" in lines[-1]
    assert lines[-1].startswith("注：")
    assert "法律援助类" not in text
    assert "1. 红烧肉 怎么做（3 次，2 位居民）" in text
    assert "<" not in text
    assert ">" not in text


async def test_digest_text(stats) -> None:
    text = format_digest_text(await stats.digest(dt.datetime(2026, 4, 2, 3, tzinfo=dt.UTC)), TZ)
    assert text.splitlines()[0] == "嘉祥街道公共法律服务日报（2026年4月1日）"
    assert "机器人自助解答 3 人次（收到提问 5 条）" in text
    assert "当前待办（截至 2026年4月2日 11:00）" in text
    assert "办结法律顾问咨询 2 件（按办结日期统计），其中转介 2 件" in text


@pytest.mark.parametrize(
    ("spec", "label", "filename"),
    [
        ("2023", "2023年", "jiaxiang-ledger-2023.xlsx"),
        ("2023-03", "2023年3月", "jiaxiang-ledger-2023-03.xlsx"),
        ("2023-03-05", "2023年3月5日", "jiaxiang-ledger-2023-03-05.xlsx"),
        ("2023-01..2023-06", "2023年1月至6月", "jiaxiang-ledger-2023-01_to_2023-06.xlsx"),
        ("2023-12-30..2024-01-02", "2023年12月30日至2024年1月2日", None),
        ("2022..2023", "2022年至2023年", None),
        ("week", "2026年4月27日至5月3日", "jiaxiang-ledger-2026-04-27_to_2026-05-03.xlsx"),
        ("本月", "2026年5月", "jiaxiang-ledger-2026-05.xlsx"),
        ("去年", "2025年", "jiaxiang-ledger-2025.xlsx"),
        (
            "2025年3月5日至20日",
            "2025年3月5日至20日",
            "jiaxiang-ledger-2025-03-05_to_2025-03-20.xlsx",
        ),
        ("2025年1月至3月", "2025年第一季度", "jiaxiang-ledger-2025-01_to_2025-03.xlsx"),
        ("上季度", "2026年第一季度", None),
        ("2025年10月至12月", "2025年第四季度", None),
        ("2025年2月至4月", "2025年2月至4月", None),
    ],
)
def test_period_labels_and_file_names(spec: str, label: str, filename: str | None) -> None:
    from bot.reports import export_filename

    period = parse_period(spec, now=NOW, tz=TZ)
    assert period_label(period) == label
    if filename is not None:
        assert export_filename("ledger", period, "xlsx") == filename


@pytest.mark.parametrize(
    ("claim", "close", "said"),
    [
        (0.004, 0.25, "受理 不足 1 小时（不到 1 分钟），办结 不足 1 小时（15 分钟）"),
        (0.0, 3.5, "受理 不足 1 小时（不到 1 分钟），办结 3.5 小时"),
        (None, None, "受理 暂无，办结 暂无"),
    ],
    ids=["seconds and minutes", "claimed at once", "nothing measured"],
)
async def test_short_medians_are_not_printed_as_zero_hours(
    stats, claim: float | None, close: float | None, said: str
) -> None:
    # The walk: 「受理 0.0 小时，办结 0.1 小时」 after a case claimed within seconds.
    report = await stats.summary("2026-04")
    medians = {"median_hours_to_claim": claim, "median_hours_to_close": close}
    timed = report.model_copy(
        update={"consultations": report.consultations.model_copy(update=medians)}
    )
    text = format_report_text(timed)
    assert f"用时中位数（自居民提交起）：{said}" in text.splitlines(), text
    assert "0.0 小时" not in text
