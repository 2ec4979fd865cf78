"""Tallies of legal-aid pre-applications and mediation requests (counting rules 11 and 12).

- 法律援助 件: pre-applications filed in the period (``consultations.kind = 'legal_aid'``,
  by ``created_at``); 人: distinct residents who filed them. 刑事/民事/行政: the matter's class
  (``bot.services.legal_aid.case_class``). 特殊群体: those exempt from the means test (Art 32)
  or holding proof that spares the hardship check (Art 42). Outcomes as the office closed them.
- 人民调解 件: mediation requests filed in the period (by ``created_at``); 调解成功: those of
  them closed as 调解成功 (so far); 成功率 = 调解成功 / 已办结 (closed with any mediation
  outcome); 协议金额: the sum of the agreement amounts recorded on the successful ones (yuan).
  By dispute type and by case source (申请 from the bot; 排查, 移交 entered by staff).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.services.legal_aid import case_class
from bot.services.periods import Period
from bot.services.stats_queries import Reader, fetch

__all__ = ["MEDIATION_SOURCES", "CaseStats", "LegalAidStats", "MediationStats", "case_stats"]

MEDIATION_SOURCES = ("申请", "排查", "移交")
"""A mediation case's sources (``mediation_requests.source``): 申请 from the bot; 排查 (found
by screening) and 移交 (transferred) entered by mediators and staff."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class LegalAidStats(_Model):
    """Legal-aid pre-applications of a period."""

    applications: int
    """件."""
    applicants: int
    """人 (distinct residents)."""
    by_class: dict[str, int]
    """``criminal``, ``civil``, ``administrative``: 件 each (all three keys present)."""
    special_groups: int
    """件 exempt from the means test (Art 32) or spared the hardship check (Art 42)."""
    by_outcome: dict[str, int]
    """``accepted``, ``not_accepted``, ``referred``, ``pending``: 件 each."""


class MediationStats(_Model):
    """Mediation requests of a period."""

    cases: int
    """件."""
    closed: int
    """件 closed with a mediation outcome."""
    success: int
    """件 closed as 调解成功."""
    agreement_amount: int
    """Yuan, over the successful ones."""
    by_dispute: list[tuple[str, int, int]]
    """(dispute type, 件, 调解成功), in the configured order, then others."""
    by_source: dict[str, int]
    """``申请``, ``排查``, ``移交``: 件 each (all three keys present)."""
    followups_answered: int
    """Follow-ups (回访) answered."""
    followups_kept: int
    """… of which the agreement was kept."""

    @property
    def success_rate(self) -> float | None:
        """调解成功 / 已办结, or ``None`` when none is closed."""
        return self.success / self.closed if self.closed else None


class CaseStats(_Model):
    """Both kinds of case of a period."""

    legal_aid: LegalAidStats
    mediation: MediationStats


async def case_stats(conn: Reader, period: Period, dispute_types: tuple[str, ...]) -> CaseStats:
    """Count the legal-aid pre-applications and mediation requests filed in ``period``."""
    bounds = (period.start_db, period.end_db)
    aid = await fetch(
        conn,
        """
        SELECT c.resident_id, a.matter, a.exempt_group, a.proof, a.outcome
        FROM consultations AS c JOIN legal_aid_applications AS a ON a.consultation_id = c.id
        WHERE c.kind = 'legal_aid' AND c.created_at >= ? AND c.created_at < ?
        """,
        bounds,
    )
    mediations = await fetch(
        conn,
        """
        SELECT m.dispute_type, m.source, m.outcome, m.agreement_amount, m.followup_answer
        FROM consultations AS c JOIN mediation_requests AS m ON m.consultation_id = c.id
        WHERE c.kind = 'mediation' AND c.created_at >= ? AND c.created_at < ?
        """,
        bounds,
    )
    return CaseStats(legal_aid=_legal_aid(aid), mediation=_mediation(mediations, dispute_types))


def _legal_aid(rows: list[Any]) -> LegalAidStats:
    classes = Counter({"criminal": 0, "civil": 0, "administrative": 0})
    outcomes = Counter({"accepted": 0, "not_accepted": 0, "referred": 0, "pending": 0})
    special = 0
    for row in rows:
        classes[case_class(row["matter"])] += 1
        outcomes[row["outcome"] or "pending"] += 1
        special += row["exempt_group"] != "none" or row["proof"] != "none"
    return LegalAidStats(
        applications=len(rows),
        applicants=len({row["resident_id"] for row in rows}),
        by_class=dict(classes),
        special_groups=special,
        by_outcome=dict(outcomes),
    )


def _mediation(rows: list[Any], dispute_types: tuple[str, ...]) -> MediationStats:
    cases: Counter[str] = Counter()
    successes: Counter[str] = Counter()
    sources = Counter(dict.fromkeys(MEDIATION_SOURCES, 0))
    closed = amount = answered = kept = 0
    for row in rows:
        cases[row["dispute_type"]] += 1
        sources[row["source"]] += 1
        closed += row["outcome"] is not None
        if row["outcome"] == "success":
            successes[row["dispute_type"]] += 1
            amount += row["agreement_amount"] or 0
        answered += row["followup_answer"] is not None
        kept += row["followup_answer"] == "kept"
    order = [*dispute_types, *sorted(set(cases) - set(dispute_types))]
    return MediationStats(
        cases=len(rows),
        closed=closed,
        success=sum(successes.values()),
        agreement_amount=amount,
        by_dispute=[(kind, cases[kind], successes[kind]) for kind in order],
        by_source=dict(sources),
        followups_answered=answered,
        followups_kept=kept,
    )
