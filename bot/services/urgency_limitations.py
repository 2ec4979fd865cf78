"""Limitation periods counted in years, read from how a description is built.

Some legal steps must be taken within a year or two of an event: a work-injury determination
is applied for within a year of the injury (工伤保险条例 Art 17), labour arbitration within a
year of the dispute (劳动争议调解仲裁法 Art 27), enforcement of a judgment within two years of
its term to perform (民事诉讼法 Art 250). Such a period is about to run out when the text names
the step and dates its event so that at most a month is left: by a day (「去年12月15号摔伤的」),
by the day the period ends (「到这个月15号就满一年」) or by the time gone (「被辞退马上就一年了」
「判决生效都一年十一个月了」).

Functions take the canonical clauses ``bot.services.urgency`` reads (simplified, dialect
replaced, no punctuation).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.services.numerals import parse_count
from bot.services.urgency_dates import named_days

__all__ = ["limitation_near"]

_NUMBER = r"[0-9]+|[一二两三四五六七八九十]+"
_PERIODS = (
    # (the step, the events its period runs from, its length in months)
    (re.compile(r"(?:申请|强制)执行"), re.compile(r"判决|裁决|调解书|生效|判的|判下来"), 24),
    (
        re.compile(r"工伤认定|认定工伤|申请工伤"),
        re.compile(r"受伤|伤了|摔伤|砸伤|压伤|烫伤|轧|工伤|出事|事故|伤的"),
        12,
    ),
    (re.compile(r"仲裁"), re.compile(r"辞退|开除|解雇|解除|离职|辞职|裁员|被裁|不让我干"), 12),
)
_LAST_DAYS = 31
"""A period counted in years is about to run out in its last month."""
_DONE = re.compile(
    r"(?:已经|早就|当时就|当时已经|早)(?:申请|认定|提交|交|做|办|提|仲裁)(?:了|过|上去)"
)
"""The step is taken already (「当时就申请了仲裁」「已经认定过了」)."""
_GONE = re.compile(
    r"(?:快|马上|就要|快要|眼看|将近|差不多|就|下周|下礼拜|下星期|这周|过几天|没几天|月底)"
    rf"(?:就|要)*(?:满|到)?(?:了)?({_NUMBER})年(?![0-9一二两三四五六七八九十多半前以])"
)
"""The time gone, nearly a whole number of years (「马上就一年了」「快满两年」)."""
_YEARS_MONTHS = re.compile(rf"({_NUMBER})年(?:零)?({_NUMBER})个月")
"""The time gone in years and months (「一年十一个月了」)."""
_FULL_THEN = re.compile(rf"(?:就|才)?(?:要)?(?:满|到)(?:了)?({_NUMBER})?年")
"""After a day ahead: the period full then (「到这个月15号就满一年」)."""


def _period(text: str) -> int | None:
    """Return the months of the period whose step and event the text names, if any."""
    for step, event, months in _PERIODS:
        if step.search(text) and event.search(text):
            return months
    return None


def _near_by_days(clauses: list[str], months: int, today: dt.date) -> bool:
    """Return whether a day the text names puts the period's end at most a month away."""
    term = round(months * 365.25 / 12)
    for clause in clauses:
        for named in named_days(clause, today):
            elapsed = (today - named.day).days
            if elapsed < 0:  # a day ahead: the period ends then when it says so
                full = _FULL_THEN.match(clause, named.end)
                if full and -elapsed <= _LAST_DAYS:
                    return True
            elif term - _LAST_DAYS <= elapsed <= term + 1:
                return True
    return False


def _near_by_time_gone(text: str, months: int) -> bool:
    """Return whether the time gone the text says leaves at most a month of the period."""
    for gone in _GONE.finditer(text):
        years = parse_count(gone.group(1))
        if years is not None and years * 12 == months:
            return True
    for gone in _YEARS_MONTHS.finditer(text):
        years, extra = parse_count(gone.group(1)), parse_count(gone.group(2))
        if years is not None and extra is not None and 0 <= months - years * 12 - extra <= 1:
            return True
    return False


def limitation_near(clauses: list[str], today: dt.date) -> bool:
    """Return whether canonical clauses describe a limitation period in years about to run out.

    Args:
        clauses: The description's canonical clauses, in order.
        today: The date the resident writes on.

    Returns:
        ``True`` when the text names a step with a period (工伤认定, 劳动仲裁, 申请执行) and
        its event, not taken yet, and dates the event within the period's last month.
    """
    text = " ".join(clauses)
    months = _period(text)
    if months is None or _DONE.search(text):
        return False
    return _near_by_days(clauses, months, today) or _near_by_time_gone(text, months)
