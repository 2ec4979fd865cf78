"""What the staff tallies return: plain models, ready for text, JSON, spreadsheets and charts."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.services.case_stats import CaseStats
from bot.services.periods import Period

__all__ = [
    "Backlog",
    "ConsultationRow",
    "ConsultationStats",
    "Count",
    "Digest",
    "MonthRow",
    "PublicityStats",
    "ReferralStats",
    "SelfServiceStats",
    "StatsReport",
    "UnansweredQuestion",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Count(_Model):
    """One line of a breakdown: a key (id), its label (as people read it) and its count."""

    key: str
    label: str
    count: int


class SelfServiceStats(_Model):
    """Questions answered by the knowledge base (counting rules 2-4, 9)."""

    person_times: int
    """人次: distinct (resident, local day, matter)."""
    questions: int
    """Questions logged, each once."""
    answered: int
    """Questions with one confident answer (decision ``answer``)."""
    suggested: int
    """Questions answered with suggestions to pick from (``suggest``)."""
    unknown: int
    """Questions the knowledge base could not answer (``unknown``)."""
    by_channel: list[Count]
    """人次 by channel."""
    by_category: list[Count]
    """人次 by the category of the question."""


class ConsultationStats(_Model):
    """Consultations filed in the period (counting rules 2, 5-7)."""

    total: int
    closed: int
    """Closed by now."""
    urgent: int
    legal_aid_category: int
    """Filed under the legal-aid category."""
    by_community: list[Count]
    by_category: list[Count]
    by_channel: list[Count]
    by_outcome: list[Count]
    """The closed ones by outcome, every outcome listed."""
    claimed: int
    """How many have a claim time."""
    median_minutes_to_claim: float | None
    median_hours_to_claim: float | None
    """The same median in hours, the unit of :attr:`median_hours_to_close`."""
    median_hours_to_close: float | None
    rated: int
    average_rating: float | None
    resolved_answered: int
    """How many residents answered whether their problem was resolved."""
    resolved: int
    resolved_share: float | None
    """``resolved / resolved_answered`` (0..1)."""


class ReferralStats(_Model):
    """Consultations of the period closed with a referral outcome (counting rule 1)."""

    total: int
    by_outcome: list[Count]
    """The four referral outcomes, in the ledger's order, zeros included."""


class Backlog(_Model):
    """Consultations not closed, as of ``as_of`` (counting rule 8)."""

    as_of: dt.datetime
    active: int
    """Open or claimed."""
    unclaimed: int
    overdue_remind: int
    """Unclaimed and past their reminder time."""
    overdue_escalate: int
    """Unclaimed and past their escalation time."""


class MonthRow(_Model):
    """One local month of the period."""

    month: str
    """``YYYY-MM``."""
    self_service_person_times: int
    questions: int
    consultations: int
    referrals: int
    by_category: dict[str, int]
    """Consultations by category id (only categories with some)."""
    by_community: dict[str, int]
    """Consultations by community id (only communities with some)."""


class UnansweredQuestion(_Model):
    """A question the knowledge base could not answer, and how often it was asked."""

    text: str
    """Its most frequent wording, personal details masked."""
    count: int
    residents: int
    """How many different residents asked it (only texts of two or more are listed)."""


class PublicityStats(_Model):
    """Online 普法 of the period: quizzes, check-ins, campaigns (docs/counting.md, rules 13, 14)."""

    quiz_participants: int = 0
    """Residents who finished at least one quiz series (人)."""
    quiz_series: int = 0
    """Quiz series finished (人次)."""
    average_score: float | None = None
    """Mean right answers per finished series."""
    questions_per_series: int = 5
    checkins: int = 0
    """Daily check-ins (人次: one per resident and local day)."""
    campaign_quiz_takers: int = 0
    """Residents who finished a campaign's quiz in the period (人, rule 15)."""
    campaign_quiz_average: float | None = None
    """Mean right answers per finished campaign quiz series."""

    campaigns: int = 0
    """场次: campaigns of which at least one copy was sent in the period."""
    person_times: int = 0
    """人次: copies accepted by Telegram in the period (one per resident and campaign)."""


class StatsReport(_Model):
    """The staff summary of one period."""

    period: Period
    generated_at: dt.datetime
    legal_consultation_person_times: int
    """法律咨询人次: self-service 人次 plus consultations."""
    self_service: SelfServiceStats
    consultations: ConsultationStats
    referrals: ReferralStats
    backlog: Backlog
    monthly: list[MonthRow]
    """Every local month the period touches, in order."""
    top_unanswered: list[UnansweredQuestion]
    """The ten most frequent, most frequent first."""
    unanswered_single: list[Count] = []
    """Unanswered questions only one resident asked, counted by category, never listed."""
    cases: CaseStats | None = None
    """Legal-aid pre-applications and mediation requests filed in the period (rules 11, 12)."""
    publicity: PublicityStats = PublicityStats()
    """The 普法 section: quizzes, check-ins and campaigns (rules 13, 14)."""
    by_channel: list[Count] = []
    """法律咨询人次 by the ledger's channels (:data:`~bot.services.counting.LEDGER_CHANNELS`:
    来访, 电话, 信函, 网络（机器人）, 网络（顾问在线）), zeros included; they add up to
    :attr:`legal_consultation_person_times`."""


class Digest(_Model):
    """Yesterday's figures and today's backlog, for the daily message to staff."""

    day: dt.date
    """The local day counted (yesterday)."""
    self_service_person_times: int
    questions: int
    new_consultations: int
    closed_consultations: int
    """Closed on ``day``, whenever filed."""
    referrals: int
    """Closed on ``day`` with a referral outcome."""
    backlog: Backlog
    legal_aid_applications: int = 0
    """Legal-aid pre-applications filed on ``day`` (counted among ``new_consultations`` too)."""
    mediation_requests: int = 0
    """Mediation requests filed on ``day`` (counted among ``new_consultations`` too)."""


class ConsultationRow(NamedTuple):
    """One consultation as exported; times are local (aware, in the deployment's zone).

    A named tuple, not a dataclass: a year's export makes 100,000 of them, and a tuple is
    made five times faster than a frozen dataclass of 23 fields.
    """

    number: int
    created_at: dt.datetime
    claimed_at: dt.datetime | None
    """The first claim (counting rule 6)."""
    closed_at: dt.datetime | None
    community_id: str
    community: str
    category_id: str
    category: str
    channel: str
    adviser_id: int | None
    adviser: str | None
    """The adviser's registered name; ``None`` if nobody, or someone not registered."""
    status: str
    outcome_id: str | None
    outcome: str | None
    rating: int | None
    resolved: bool | None
    minutes_to_claim: int | None
    minutes_to_close: int | None
    urgent: bool
    contact_name: str | None
    """Only when the resident consented to share it."""
    contact_phone: str | None
    """Only when the resident consented to share it."""
    summary: str = ""
    """咨询内容摘要, personal details masked."""
    legal_class: str = "其他"
    """The ledger's class of the category: 民事, 刑事, 行政 or 其他 (``category-ledger.yaml``)."""
