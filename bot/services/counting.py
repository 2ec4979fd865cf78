"""The counting rules of the staff tallies, and the SQL that applies them.

Every figure of :class:`~bot.services.stats.StatsService` follows these rules; the README's
"Counting rules" section states the same.

1. **Three things are kept apart.** Self-service questions answered by the knowledge base
   (``questions`` rows), consultations handled by advisers (``consultations`` rows), and
   referrals: closed consultations whose outcome sends the resident elsewhere (legal aid,
   people's mediation, arbitration or litigation, petition or other departments;
   :data:`REFERRAL_OUTCOMES`). A referral is also a consultation; the ledger's 法律咨询人次 is
   self-service 人次 plus consultations.
2. **人次 (person-times).** Self-service counts one resident once per *matter* per local day
   per channel: the matter is the knowledge item the question was matched to (``item_id``,
   for answers and suggestions alike) or, for a question the knowledge base could not match,
   its category. Ten questions in one sitting about the same item are one 人次; the same
   resident on the same item the next day is another. Each consultation counts once, whatever
   its number of messages. The raw number of questions is reported beside the 人次, never
   instead of it.
3. **Local days.** Days, weeks, months and years are those of the deployment's time zone
   (``TIMEZONE``, Asia/Shanghai): a question at 2026-03-31T16:30Z is asked on 1 April. Times
   are stored in UTC; the local date is computed per stretch of constant UTC offset
   (:attr:`~bot.services.periods.Period.segments`), so zones with daylight saving work too.
4. **Nothing counts twice.** A re-delivered Telegram message or a restarted bot does not add
   a row (questions, relayed messages and consultations are unique on their source message,
   chat id and message id, a consultation's being its confirmation card; ``update_id``
   restarts at random and identifies nothing), 人次 are distinct (resident, day, matter,
   channel) keys, and consultations are counted from their own table, never from a join with
   their messages or events.
5. **A consultation belongs to the period in which it was filed** (``created_at``). Its
   category, community, outcome, rating and timings are reported as they stand now; the daily
   digest counts those closed on a day by ``closed_at``.
6. **Timings.** Time to claim runs from filing to the first claim (its first ``claimed``
   event; else ``claimed_at``, e.g. when it was assigned by transfer); consultations never
   claimed are left out. Time to close runs from filing to ``closed_at``. Medians are over the
   consultations that have the time.
7. **Ratings.** The average is over rated consultations; the share resolved is over those whose
   resident answered "resolved?" (yes or no).
8. **Backlog, as of now** (not bounded by the period): active consultations (open or claimed),
   the unclaimed ones among them, and the unclaimed ones past their reminder time
   (``remind_due_at``) and past their escalation time (``escalate_due_at``).
9. **Channel** is a breakdown dimension of both questions and consultations. A resident's id
   belongs to one channel, so channel is part of the 人次 key and the channels add up to the
   total. The ledger's channels (:data:`LEDGER_CHANNELS`) are 来访 (``visit``), 电话
   (``phone``) and 信函 (``letter``): consultations recorded with ``/log``; 网络（机器人）
   (``bot``): the self-service 人次 of questions to the bot; and 网络（顾问在线）
   (``telegram`` consultations): consultations filed through the bot and handled by an
   adviser there. A recorded consultation counts once, per Telegram message that recorded
   it; it has no timings (it is filed closed) and no rating. A self-service 人次 is filed
   under the category logged with its matter's questions that day (an item's category;
   should the knowledge base have moved the item that day, the first category id in
   alphabetical order).
10. **Unanswered questions** (decision ``unknown``) are grouped by :func:`normalize_question`
    (NFKC, case folded, punctuation, symbols and spaces dropped) of their text with personal
    details masked (``bot.services.masking``), and counted as questions. A wording is shown only
    when two or more different residents asked it; the rest are counted by category, as are
    questions whose text was erased (retention, or a resident forgotten at their request).
11. **Mediation cases entered by staff.** A dispute a mediator or staff member found by
    screening (排查) or was transferred (移交), entered with ``/log 调解 …``, is a mediation
    case (``kind = 'mediation'``, its ``mediation_requests.source`` the case source) counted
    in the 人民调解 figures like a request from the bot, in the period it was entered; it is
    no consultation (:data:`CONSULTATION_SQL`): not in 法律咨询人次, the consultation counts
    and sheets, nor the referrals. It is in the mediator's work log.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from bot.services.consultations import Outcome
from bot.services.periods import Period

__all__ = [
    "CASE_ENTRY_CHANNELS",
    "CONSULTATION_SQL",
    "DECISIONS",
    "EPOCH_DAY",
    "FIRST_CLAIM_SQL",
    "LEDGER_CHANNELS",
    "LEGAL_AID_CATEGORY",
    "MATTER_SQL",
    "REFERRAL_OUTCOMES",
    "SELF_SERVICE_CHANNEL",
    "local_day",
    "local_day_sql",
    "normalize_question",
    "self_service_sql",
]

REFERRAL_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.LEGAL_AID,
    Outcome.MEDIATION,
    Outcome.ARBITRATION_LITIGATION,
    Outcome.PETITION_OTHER,
)
"""Outcomes that refer the resident elsewhere, in the ledger's order."""

LEDGER_CHANNELS: tuple[str, ...] = ("visit", "phone", "letter", "bot", "telegram")
"""The ledger's channels in its order (rule 9): 来访, 电话, 信函 (consultations recorded
with ``/log``), 网络（机器人） (self-service 人次), 网络（顾问在线） (consultations through the
bot)."""

CASE_ENTRY_CHANNELS: dict[str, str] = {"排查": "screening", "移交": "transfer"}
"""The ``consultations.channel`` of the mediation cases mediators and staff enter with
``/log 调解``, by case source (rule 11 here; docs/counting.md rule 12): disputes found by
screening or transferred, not consultations anyone asked for, so no consultation count
includes them."""

CONSULTATION_SQL = "channel NOT IN ('screening', 'transfer')"
"""The condition on a ``consultations`` row (unqualified columns) that it is a consultation
(rule 11): every row but the mediation cases of :data:`CASE_ENTRY_CHANNELS`."""

SELF_SERVICE_CHANNEL = "bot"
"""The ledger channel of the self-service 人次 (:data:`LEDGER_CHANNELS`)."""

LEGAL_AID_CATEGORY = "legal_aid"
"""The consultation category of requests for legal aid (``categories.yaml``)."""

DECISIONS: tuple[str, ...] = ("answer", "suggest", "unknown")
"""The knowledge base's decisions, as logged in ``questions.decision``."""

MATTER_SQL = "COALESCE(item_id, ':' || category)"
"""The matter of a ``questions`` row (rule 2): its item, else ``:`` and its category."""

FIRST_CLAIM_SQL = (
    "COALESCE((SELECT MIN(e.at) FROM consultation_events AS e "
    "WHERE e.kind = 'claimed' AND e.consultation_id = c.id), c.claimed_at)"
)
"""When consultation ``c`` was first claimed (rule 6), or NULL."""

EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
"""Add to a day number of :func:`local_day_sql` for ``date.fromordinal``."""

_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_COLUMN = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")


def local_day_sql(column: str, period: Period) -> str:
    """Return an SQL expression for the local day number of a stored UTC time (rule 3).

    The number counts days since 1970-01-01 in local time (see :func:`local_day`). Integer
    arithmetic on ``unixepoch`` costs a fraction of formatting a date on every row.

    Args:
        column: A column (or qualified column) holding stored UTC text; never user input.
        period: The period the rows are restricted to; its offset stretches are inlined.

    Returns:
        ``(unixepoch(column) + offset) / 86400``, or a ``CASE`` over the stretches of
        constant offset.
    """
    if not _COLUMN.match(column):
        raise ValueError(f"not a column name: {column!r}")
    parts = []
    for segment in period.segments:
        if not _STAMP.match(segment.end_db):
            raise ValueError(f"not a stored time: {segment.end_db!r}")
        expression = f"(unixepoch({column}) + {segment.offset_seconds:d}) / 86400"
        parts.append((segment.end_db, expression))
    if len(parts) == 1:
        return parts[0][1]
    cases = " ".join(f"WHEN {column} < '{end}' THEN {expr}" for end, expr in parts[:-1])
    return f"CASE {cases} ELSE {parts[-1][1]} END"


def local_day(number: int) -> dt.date:
    """Return the local date of a day number of :func:`local_day_sql`."""
    return dt.date.fromordinal(EPOCH_DAY + number)


def self_service_sql(period: Period) -> str:
    """Return the query of self-service 人次 in ``period`` (rules 2, 3, 4 and 9).

    It takes the bounds ``(period.start_db, period.end_db)`` as parameters and returns one
    row per local day number (see :func:`local_day`), channel and category: ``day, channel,
    category, person_times, questions, answered, suggested, unknown``. The inner query counts
    distinct residents per (day, matter, channel), so every 人次 key is counted once and sums
    over any grouping of the rows are exact.
    """
    day = local_day_sql("asked_at", period)
    return f"""
        SELECT day, channel, category, SUM(person_times) AS person_times,
               SUM(questions) AS questions, SUM(answered) AS answered,
               SUM(suggested) AS suggested, SUM(unknown) AS unknown
        FROM (
            SELECT {day} AS day, {MATTER_SQL} AS matter, channel,
                   COUNT(DISTINCT user_id) AS person_times,
                   MIN(category) AS category, COUNT(*) AS questions,
                   TOTAL(decision = 'answer') AS answered,
                   TOTAL(decision = 'suggest') AS suggested,
                   TOTAL(decision = 'unknown') AS unknown
            FROM questions
            WHERE asked_at >= ? AND asked_at < ?
            GROUP BY day, matter, channel
        )
        GROUP BY day, channel, category
    """


def normalize_question(text: str) -> str:
    """Return the grouping key of an unanswered question (rule 10); empty if nothing is left."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        char for char in folded if unicodedata.category(char)[0] not in {"P", "S", "Z", "C"}
    )
