"""Repeating jobs: send the outbox, escalate consultations nobody claimed in time, retention.

All read their state from the database at every run, so a restart loses nothing: the first
run after start-up picks up whatever was due while the bot was down.
"""

from __future__ import annotations

import logging

from bot.context import BotContext

__all__ = ["apply_retention", "escalate", "follow_up_mediations", "send_campaigns", "send_outbox"]

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
