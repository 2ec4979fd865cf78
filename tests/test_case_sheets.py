"""The 法律援助 and 人民调解 sheets, /stats and the digest, from known cases (rules 11, 12)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from bot.reports import build_xlsx, format_digest_text, format_report_text
from bot.services import LegalAidAnswers, MediationRequest
from bot.texts.reports import SHEETS
from knowledge import KnowledgeBase
from tests.offline import OfflineBot, offline_bot
from tests.test_handlers_mediation import MEDIATOR, communities_file
from tests.test_handlers_staff import STAFF, rows

LEGAL_AID = 7001


async def seed(bot: OfflineBot) -> None:
    """Four pre-applications by three residents and five mediation requests, some closed."""
    aid = bot.services.legal_aid
    cases = [
        (101, LegalAidAnswers("criminal", "none", "none", 3, 1500)),
        (102, LegalAidAnswers("labour", "none", "migrant", 2, 9000)),
        (103, LegalAidAnswers("social_insurance", "abuse", "none", 1, 0)),
        (102, LegalAidAnswers("support", "none", "none", 4, 20000)),
    ]
    for index, (resident, answers) in enumerate(cases):
        opened = await aid.file(resident, "yingfeng", answers, f"预申请 {index}")
        if index == 0:
            await bot.consultations.claim(LEGAL_AID, opened.consultation.id)
            await bot.consultations.close(LEGAL_AID, opened.consultation.id, "la_accepted")
        if index == 1:  # closed, so the same resident may file again
            await bot.consultations.close(LEGAL_AID, opened.consultation.id, "la_referred")
    mediation = bot.services.mediation
    requests = [
        ("邻里", "md_success", 0),
        ("邻里", "md_failed", None),
        ("债务", "md_success", 20000),
        ("婚姻家庭", None, None),
        ("债务", "md_litigation", None),
    ]
    for index, (dispute, outcome, amount) in enumerate(requests):
        request = MediationRequest(dispute, "邻居", None, "请求调解")
        opened = await mediation.file(201 + index, "yingfeng", request, "调解申请")
        number = opened.consultation.id
        if outcome is not None:
            await bot.consultations.claim(MEDIATOR, number)
            await bot.consultations.close(MEDIATOR, number, outcome)
        if amount:
            await mediation.set_agreement_amount(MEDIATOR, number, amount)


async def test_the_case_sheets_count_exactly(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = communities_file(tmp_path, committee=True, office=False)
    async with offline_bot(
        tmp_path,
        kb,
        staff_ids=frozenset({STAFF}),
        legal_aid_ids=frozenset({LEGAL_AID}),
        communities_file=path,
    ) as bot:
        await seed(bot)
        assert rows(bot, "SELECT count(*) FROM consultations") == [(9,)]
        stats = bot.services.stats
        period = stats.period("本月")
        report = await stats.summary(period)
        book = load_workbook(
            io.BytesIO(build_xlsx(report, await stats.consultation_rows(period)).data)
        )
        aid = {row[0]: row[1:] for row in book[SHEETS["legal_aid"]].iter_rows(values_only=True)}
        assert aid["法律援助预申请"] == (4, "件")
        assert aid["申请人"] == (3, "人")
        assert aid["其中：刑事"] == (1, "件")
        assert aid["　　　民事"] == (2, "件")  # labour pay, support
        assert aid["　　　行政"] == (1, "件")  # social insurance
        assert aid["特殊群体（免予经济困难审查或核查）"] == (2, "件")  # migrant proof, abuse
        assert aid["受理"] == (1, "件")
        assert aid["转其他渠道"] == (1, "件")
        assert aid["不予受理"] == (0, "件")
        assert aid["尚未办结"] == (2, "件")
        sheet = list(book[SHEETS["mediation"]].iter_rows(values_only=True))
        figures = {row[0]: row[1:] for row in sheet if row and row[0]}
        assert figures["调解案件"][0] == 5
        assert figures["已办结"][0] == 4
        assert figures["调解成功"][0] == 2
        assert figures["成功率（调解成功÷已办结）"][0] == 50.0
        assert figures["协议金额"] == (20000, "元")
        assert figures["邻里"] == (2, 1)
        assert figures["债务"] == (2, 1)
        assert figures["婚姻家庭"] == (1, 0)
        assert figures["劳动"] == (0, 0)
        assert figures["申请"][0] == 5
        assert figures["排查"][0] == figures["移交"][0] == 0
        yearly = {
            row[0]: row[1:]
            for row in book[SHEETS["yearly"]].iter_rows(values_only=True)
            if row and row[0]
        }
        # The summary takes both from their own tables, not from the closing outcomes.
        assert yearly["法律援助预申请"] == (4, "件")
        assert yearly["申请人"] == (3, "人")
        assert yearly["排查调处矛盾纠纷"] == (5, "件")
        assert yearly["  其中：申请"] == (5, "件")
        assert yearly["  其中：排查"] == yearly["  其中：移交"] == (0, "件")
        assert yearly["调解成功"] == (2, "件")
        text = format_report_text(report)
        assert (
            "法律援助预申请 4 件（3 人）：刑事 1、民事 2、行政 1，特殊群体 2 件；受理 1 件" in text
        )
        assert (
            "人民调解 5 件：已办结 4 件，调解成功 2 件（成功率 50.0%），协议金额 20000 元" in text
        )
        bot.clock.now += dt.timedelta(days=1)
        digest = format_digest_text(await stats.digest(), period.tz)
        assert "新收法律援助预申请 4 件，人民调解申请 5 件" in digest
