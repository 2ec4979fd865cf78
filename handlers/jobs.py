"""Repeating jobs: send the outbox, escalate consultations nobody claimed in time, retention.

All read their state from the database at every run, so a restart loses nothing: the first
run after start-up picks up whatever was due while the bot was down.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Job, JobQueue

from bot.context import BotContext

__all__ = [
    "apply_retention",
    "escalate",
    "follow_up_mediations",
    "run_daily_by_clock",
    "send_campaigns",
    "send_outbox",
]

DAY = dt.timedelta(days=1)


def run_daily_by_clock(
    job_queue: JobQueue[Any],
    callback: Any,
    at: dt.time,
    *,
    now: dt.datetime,
    tz: ZoneInfo,
    name: str,
    **job_kwargs: Any,
) -> Job[Any]:
    """Run ``callback`` every day at ``at`` (local time in ``tz``), the first time by ``now``.

    PTB's ``run_daily`` follows the wall clock; this one counts from the application's clock
    (``now``), so a test's clock decides whether a daily reminder falls within the test. With
    the wall clock the two agree (``tz`` without daylight saving, as Asia/Shanghai).

    Args:
        job_queue: The application's job queue.
        callback: The job callback.
        at: The local time of day (a ``tzinfo`` on it is ignored: ``tz`` is the office's).
        now: The application's time now (aware).
        tz: The office's time zone.
        name: The job's name.
        **job_kwargs: ``user_id``, ``chat_id``, ``data`` for the job.
    """
    local = now.astimezone(tz)
    first = dt.datetime.combine(local.date(), at.replace(tzinfo=None), tzinfo=tz)
    if first <= local:
        first += DAY
    return job_queue.run_repeating(
        callback, interval=DAY, first=first - local, name=name, **job_kwargs
    )


log = logging.getLogger(__name__)


async def send_outbox(context: BotContext) -> None:
    """Send (or retry) every due notice: the safety net under the woken drain task."""
    await context.services.outbox.flush(context.bot)


async def escalate(context: BotContext) -> None:
    """Remind advisers, then escalate to duty advisers and staff, as the timers fall due."""
    result = await context.services.escalation.run()
    if result.reminded or result.escalated or result.released:
        log.info(
            "escalation: reminded %s, escalated %s, released %s",
            result.reminded,
            result.escalated,
            result.released,
        )
    await context.flush_outbox()


async def follow_up_mediations(context: BotContext) -> None:
    """Ask residents whether the agreements of mediations are kept, as follow-ups fall due."""
    asked = await context.services.mediation.send_due_followups()
    if asked:
        log.info("mediation follow-ups asked: %s", asked)
    await context.flush_outbox()


async def apply_retention(context: BotContext) -> None:
    """Erase the texts past their retention (``RETENTION_DAYS``, ``QUESTION_RETENTION_DAYS``)."""
    await context.services.retention.run()


async def send_campaigns(context: BotContext) -> None:
    """Start sending the campaigns that fell due (and what a restart left pending)."""
    context.services.campaigns.wake(context.bot)
