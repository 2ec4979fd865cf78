"""Consultation tallies for staff: the period summary, the daily digest and the export rows.

What is counted, and how, is stated once in :mod:`bot.services.counting`; the SQL is in
:mod:`bot.services.stats_queries`. Nothing here writes to the database, and the queries run on
connections of their own (see ``stats_queries``), never on the bot's shared one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot import texts
from bot.communities import DEFAULT_DISPUTE_TYPES, CommunitiesConfig
from bot.services import counting
from bot.services import stats_queries as queries
from bot.services.case_stats import case_stats
from bot.services.consultations import OUTCOME_LABELS, Outcome
from bot.services.logbook import OFFICE_COMMUNITY
from bot.services.masking import mask_personal
from bot.services.periods import Period, parse_period
from bot.services.stats_cells import cells_from_rows, timings_from_rows
from bot.services.stats_models import (
    Backlog,
    ConsultationRow,
    ConsultationStats,
    Count,
    Digest,
    MonthRow,
    PublicityStats,
    ReferralStats,
    SelfServiceStats,
    StatsReport,
    UnansweredQuestion,
)
from bot.services.stats_publicity import publicity_stats
from bot.services.stats_rows import export_rows
from bot.storage.clock import Clock, system_clock, to_db
from bot.storage.database import Database
from knowledge.categories import load_categories, load_category_ledger

__all__ = ["TOP_UNANSWERED", "StatsService"]

TOP_UNANSWERED = 10
"""How many unanswered questions the summary lists."""

_REFERRALS = frozenset(outcome.value for outcome in counting.REFERRAL_OUTCOMES)
_OUTCOME_LABELS = {outcome.value: label for outcome, label in OUTCOME_LABELS.items()}


class StatsService:
    """Reads the tallies staff ask for; never writes."""

    def __init__(
        self,
        db: Database,
        communities: CommunitiesConfig | None,
        tz: ZoneInfo,
        clock: Clock = system_clock,
    ) -> None:
        """Prepare the tallies.

        Args:
            db: The open database (its file is read through connections of the tallies' own).
            communities: The deployment file, for community names and their order (``None``:
                communities are shown by id).
            tz: The deployment's time zone (``Settings.tz``); days start at local midnight.
            clock: Source of the current time.
        """
        self._db = db
        self._communities = communities
        self._dispute_types = (
            communities.dispute_types if communities is not None else DEFAULT_DISPUTE_TYPES
        )
        self._tz = tz
        self._clock = clock
        self._categories = {category.id: category.label for category in load_categories()}
        self._classes = {key: entry.legal_class for key, entry in load_category_ledger().items()}

    @property
    def tz(self) -> ZoneInfo:
        """The time zone periods are read in."""
        return self._tz

    def period(self, text: str) -> Period:
        """Parse ``text`` as a period relative to now (see :func:`parse_period`).

        Raises:
            InvalidInput: It is not a period.
        """
        return parse_period(text, now=self._clock(), tz=self._tz)

    async def summary(
        self,
        period: Period | str,
        *,
        rows: Awaitable[Sequence[ConsultationRow]] | None = None,
    ) -> StatsReport:
        """Return the summary of ``period`` (a :class:`Period` or text to parse).

        Args:
            period: The period.
            rows: The period's :meth:`consultation_rows`, when the caller reads them anyway
                (the export): the consultation figures are then counted from them
                (:mod:`bot.services.stats_cells`) instead of read again.

        Raises:
            InvalidInput: ``period`` is text that is not a period.
        """
        period = self.period(period) if isinstance(period, str) else period
        now = self._clock()
        async with queries.readers(self._db, 2) as (first, second):

            async def the_first() -> tuple[Any, ...]:
                return (
                    await queries.self_service(first, period),
                    await queries.unanswered(first, period),
                )

            async def the_rest() -> tuple[Any, ...]:
                cells: Any = None
                timings: Any = None
                if rows is None:
                    cells = await queries.consultation_cells(second, period)
                    timings = await queries.timings(second, period)
                return (
                    cells,
                    timings,
                    await queries.backlog(second, to_db(now)),
                    await case_stats(second, period, self._dispute_types),
                    await queries.campaign_figures(second, period),
                )

            # Both run to the end before the connections close, even if one fails.
            results = await asyncio.gather(the_first(), the_rest(), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        first_part, rest = results
        assert isinstance(first_part, tuple)
        assert isinstance(rest, tuple)
        self_cells, unanswered = first_part
        cells, timings, backlog, cases, campaigns = rest
        given = await rows if rows is not None else None
        # Counting a year's rows and masking its unanswered questions is pure Python that
        # takes a while: off the event loop, so residents' answers are not held up meanwhile.
        report = await asyncio.to_thread(
            self._report, period, now, self_cells, cells, timings, backlog, unanswered, given
        )
        publicity = await publicity_stats(self._db, period)
        publicity = publicity.model_copy(
            update=_publicity(campaigns).model_dump(include={"campaigns", "person_times"})
        )
        return report.model_copy(update={"cases": cases, "publicity": publicity})

    def _report(
        self,
        period: Period,
        now: dt.datetime,
        self_cells: Sequence[Any],
        cells: Sequence[Any],
        timings: Sequence[Any],
        backlog: Any,
        unanswered: Sequence[Any],
        rows: Sequence[ConsultationRow] | None = None,
    ) -> StatsReport:
        """Assemble the summary from the rows the queries returned (runs in a worker thread).

        Given the consultations' ``rows``, their cells and timings are counted from them.
        """
        if rows is not None:
            cells, timings = cells_from_rows(rows), timings_from_rows(rows)
        self_service = self._self_service(self_cells)
        consultations = self._consultations(cells, timings)
        referrals = [c for c in consultations.by_outcome if c.key in _REFERRALS]
        top_unanswered, unanswered_single = _top_unanswered(unanswered)
        return StatsReport(
            period=period,
            generated_at=now,
            legal_consultation_person_times=self_service.person_times + consultations.total,
            self_service=self_service,
            consultations=consultations,
            referrals=ReferralStats(total=sum(c.count for c in referrals), by_outcome=referrals),
            backlog=_backlog(backlog, now),
            monthly=_monthly(period, self_cells, cells),
            top_unanswered=top_unanswered,
            unanswered_single=[c for c in self._category_counts(unanswered_single) if c.count],
            by_channel=_ledger_channels(self_service, consultations),
        )

    async def digest(self, now: dt.datetime | None = None) -> Digest:
        """Return yesterday's figures (the local day before ``now``) and the backlog at ``now``."""
        now = now or self._clock()
        yesterday = now.astimezone(self._tz).date() - dt.timedelta(days=1)
        period = Period(
            spec=yesterday.isoformat(),
            start=yesterday,
            end=yesterday + dt.timedelta(days=1),
            timezone=self._tz.key,
        )
        async with queries.readers(self._db, 1) as (conn,):
            self_cells = await queries.self_service(conn, period)
            created, closed, referred = await queries.day_counts(conn, period)
            backlog = await queries.backlog(conn, to_db(now))
            cases = await case_stats(conn, period, self._dispute_types)
        return Digest(
            day=yesterday,
            self_service_person_times=sum(int(row["person_times"]) for row in self_cells),
            questions=sum(int(row["questions"]) for row in self_cells),
            new_consultations=created,
            closed_consultations=closed,
            referrals=referred,
            backlog=_backlog(backlog, now),
            legal_aid_applications=cases.legal_aid.applications,
            mediation_requests=cases.mediation.cases,
        )

    async def backlog(self, now: dt.datetime | None = None) -> Backlog:
        """Return the consultations not closed as of ``now`` (counting rule 8)."""
        now = now or self._clock()
        async with queries.readers(self._db, 1) as (conn,):
            return _backlog(await queries.backlog(conn, to_db(now)), now)

    async def consultation_rows(self, period: Period | str) -> list[ConsultationRow]:
        """Return one row per consultation filed in ``period``, oldest first, for export.

        Contact name and phone are filled only when the resident consented to share them.

        Raises:
            InvalidInput: ``period`` is text that is not a period.
        """
        period = self.period(period) if isinstance(period, str) else period
        # In child processes: a year is 100,000 rows of 18 columns (bot.storage.process_reads),
        # read in two parts at once, the first turned into rows while the second is read.
        reads = [
            asyncio.create_task(
                queries.fetch_apart(self._db, [queries.consultation_rows(period, between=part)])
            )
            for part in queries.period_parts(period)
        ]
        rows: list[ConsultationRow] = []
        try:
            for read in reads:
                (stored,) = await read
                rows += await asyncio.to_thread(self._rows, stored)
        except BaseException:
            for read in reads:
                read.cancel()  # a child still reading is stopped (fetch_in_process)
            await asyncio.gather(*reads, return_exceptions=True)
            raise
        return rows

    def _rows(self, rows: Sequence[Any]) -> list[ConsultationRow]:
        """Turn the stored rows into export rows (runs in a worker thread)."""
        return export_rows(
            rows,
            self._tz,
            community_name=self.community_name,
            category=lambda category: (
                self.category_label(category),
                self._classes.get(category, "其他"),
            ),
            outcome_label=lambda outcome: _OUTCOME_LABELS.get(outcome, outcome),
            mask=mask_personal,
        )

    def community_name(self, community_id: str) -> str:
        """Return a community's name (its id when it is not in the deployment file).

        An example entry left in the file is marked as one (``texts.PLACEHOLDER_COMMUNITY``).
        """
        community = self._communities.community(community_id) if self._communities else None
        if community is None:
            return texts.LOG_OFFICE_COMMUNITY if community_id == OFFICE_COMMUNITY else community_id
        if community.is_placeholder and texts.PLACEHOLDER_MARK not in community.name:
            return texts.PLACEHOLDER_COMMUNITY.format(name=community.name)
        return community.name

    def category_label(self, category_id: str) -> str:
        """Return a category's Chinese label (its id when unknown)."""
        return self._categories.get(category_id, category_id)

    def _self_service(self, self_cells: Iterable[Any]) -> SelfServiceStats:
        by_channel: Counter[str] = Counter()
        by_category: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for row in self_cells:
            by_channel[row["channel"]] += int(row["person_times"])
            by_category[row["category"]] += int(row["person_times"])
            for key in ("questions", "answered", "suggested", "unknown"):
                totals[key] += int(row[key])
        return SelfServiceStats(
            person_times=sum(by_channel.values()),
            questions=totals["questions"],
            answered=totals["answered"],
            suggested=totals["suggested"],
            unknown=totals["unknown"],
            by_channel=[Count(key=k, label=k, count=n) for k, n in by_channel.most_common()],
            by_category=self._category_counts(by_category),
        )

    def _consultations(self, cells: Sequence[Any], timings: Sequence[Any]) -> ConsultationStats:
        total: Counter[str] = Counter()
        by_community: Counter[str] = Counter()
        by_category: Counter[str] = Counter()
        by_channel: Counter[str] = Counter()
        by_outcome: Counter[str] = Counter()
        for row in cells:
            n = row["n"]
            for key in ("n", "urgent", "rated", "rating_sum", "resolved_answered", "resolved"):
                total[key] += row[key]
            by_community[row["community_id"]] += n
            by_category[row["category"]] += n
            by_channel[row["channel"]] += n
            if row["outcome"] is not None:
                by_outcome[row["outcome"]] += n
        claims = [row[0] for row in timings if row[0] is not None]
        closes = [row[1] for row in timings if row[1] is not None]
        rated, answered = int(total["rated"]), int(total["resolved_answered"])
        return ConsultationStats(
            total=int(total["n"]),
            closed=sum(by_outcome.values()),
            urgent=int(total["urgent"]),
            legal_aid_category=by_category[counting.LEGAL_AID_CATEGORY],
            by_community=self._community_counts(by_community),
            by_category=self._category_counts(by_category),
            by_channel=[Count(key=k, label=k, count=n) for k, n in by_channel.most_common()],
            by_outcome=_outcome_counts(by_outcome),
            claimed=len(claims),
            median_minutes_to_claim=_median(claims),
            median_hours_to_claim=_median([minutes / 60 for minutes in claims]),
            median_hours_to_close=_median(closes),
            rated=rated,
            average_rating=round(total["rating_sum"] / rated, 2) if rated else None,
            resolved_answered=answered,
            resolved=int(total["resolved"]),
            resolved_share=round(total["resolved"] / answered, 4) if answered else None,
        )

    def _category_counts(self, counts: Counter[str]) -> list[Count]:
        """Every category in ``categories.yaml`` order, then unknown ids."""
        keys = [*self._categories, *sorted(set(counts) - set(self._categories))]
        return [Count(key=k, label=self.category_label(k), count=counts[k]) for k in keys]

    def _community_counts(self, counts: Counter[str]) -> list[Count]:
        """Every real community of the deployment file in its order, then others by count.

        Example entries left in the file are listed only when something was filed under them.
        """
        listed = [
            c.id
            for c in (self._communities.communities if self._communities else ())
            if not c.is_placeholder or counts[c.id]
        ]
        others = sorted(set(counts) - set(listed), key=lambda k: (-counts[k], k))
        return [
            Count(key=k, label=self.community_name(k), count=counts[k]) for k in listed + others
        ]


def _ledger_channels(
    self_service: SelfServiceStats, consultations: ConsultationStats
) -> list[Count]:
    """法律咨询人次 by the ledger's channels (counting rule 9), then any other channel."""
    counts = Counter({c.key: c.count for c in consultations.by_channel})
    counts[counting.SELF_SERVICE_CHANNEL] += self_service.person_times
    keys = [*counting.LEDGER_CHANNELS, *sorted(set(counts) - set(counting.LEDGER_CHANNELS))]
    return [Count(key=k, label=k, count=counts[k]) for k in keys]


def _backlog(row: Any, now: dt.datetime) -> Backlog:
    active, unclaimed, remind, escalate = row
    return Backlog(
        as_of=now,
        active=int(active),
        unclaimed=int(unclaimed),
        overdue_remind=int(remind),
        overdue_escalate=int(escalate),
    )


def _monthly(period: Period, self_cells: Iterable[Any], cells: Iterable[Any]) -> list[MonthRow]:
    person_times: Counter[str] = Counter()
    questions: Counter[str] = Counter()
    consultations: Counter[str] = Counter()
    referrals: Counter[str] = Counter()
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    communities: dict[str, Counter[str]] = defaultdict(Counter)
    month_of: dict[int, str] = {}
    for row in self_cells:
        day = row["day"]
        if day not in month_of:
            month_of[day] = counting.local_day(day).strftime("%Y-%m")
        person_times[month_of[day]] += int(row["person_times"])
        questions[month_of[day]] += int(row["questions"])
    for row in cells:
        month, n = row["month"], row["n"]
        consultations[month] += n
        categories[month][row["category"]] += n
        communities[month][row["community_id"]] += n
        if row["outcome"] in _REFERRALS:
            referrals[month] += n
    return [
        MonthRow(
            month=month,
            self_service_person_times=person_times[month],
            questions=questions[month],
            consultations=consultations[month],
            referrals=referrals[month],
            by_category=dict(sorted(categories[month].items())),
            by_community=dict(sorted(communities[month].items())),
        )
        for month in period.months()
    ]


def _top_unanswered(rows: Iterable[Any]) -> tuple[list[UnansweredQuestion], Counter[str]]:
    """Group unanswered questions by wording (rule 10), masked; keep apart single askers.

    A wording is listed only when at least two different residents asked it; the others are
    counted by category, so no one resident's words reach a staff view. A question whose text
    was erased (retention, or its resident was forgotten) is counted by category too.
    """
    totals: Counter[str] = Counter()
    askers: dict[str, set[int]] = defaultdict(set)
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    single: Counter[str] = Counter()
    # Many residents ask in the same words: each distinct text is masked and keyed once.
    seen: dict[str, tuple[str, str]] = {}
    for text, category, user_id, n in rows:
        if not text:
            single[category] += n
            continue
        known = seen.get(text)
        if known is None:
            masked = mask_personal(text)
            known = seen[text] = (counting.normalize_question(masked), " ".join(masked.split()))
        key, wording = known
        if key:
            totals[key] += n
            askers[key].add(user_id)
            wordings[key][wording] += n
            categories[key][category] += n
    shared = {key: n for key, n in totals.items() if len(askers[key]) >= 2}
    for key in totals.keys() - shared.keys():
        single.update(categories[key])
    top = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:TOP_UNANSWERED]
    listed = [
        UnansweredQuestion(
            text=min(wordings[key].items(), key=lambda w: (-w[1], w[0]))[0],
            count=n,
            residents=len(askers[key]),
        )
        for key, n in top
    ]
    return listed, single


def _outcome_counts(counts: Counter[str]) -> list[Count]:
    keys = [outcome.value for outcome in Outcome]
    keys += sorted(set(counts) - set(keys))
    return [Count(key=k, label=_OUTCOME_LABELS.get(k, k), count=counts[k]) for k in keys]


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _publicity(campaigns: tuple[int, int]) -> PublicityStats:
    """The 普法 section's campaign figures (场次, 人次)."""
    sent, reached = campaigns
    return PublicityStats(campaigns=sent, person_times=reached)
