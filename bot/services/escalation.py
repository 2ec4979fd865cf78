"""Unclaimed consultations escalate: remind the community, then alert duty advisers and staff.

All state is in SQLite (due times, and when each step was taken), so a job calling
:meth:`EscalationService.run` every minute catches up after a restart and never repeats a
step.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.services.notices import NoticeKind, ReleasedNotice
from bot.services.routing import ConsultationContext, Recipient
from bot.storage.advisers import Adviser
from bot.storage.consultations import Consultation, DueStep
from bot.storage.events import EventKind
from bot.storage.transaction import transaction

__all__ = ["Deactivated", "DueEscalation", "EscalationRun", "EscalationService"]

log = logging.getLogger(__name__)

_STEP_EVENTS = {DueStep.REMIND: EventKind.REMINDED, DueStep.ESCALATE: EventKind.ESCALATED}
_STEP_NOTICES = {DueStep.REMIND: NoticeKind.REMINDER, DueStep.ESCALATE: NoticeKind.ESCALATION}


@dataclass(frozen=True, slots=True)
class DueEscalation:
    """A step due for one consultation."""

    consultation_id: int
    step: DueStep


@dataclass(frozen=True, slots=True)
class EscalationRun:
    """What one :meth:`EscalationService.run` did (consultation ids)."""

    reminded: list[int]
    escalated: list[int]
    released: list[int]


@dataclass(frozen=True, slots=True)
class Deactivated:
    """An adviser just deactivated, and the consultations of theirs put back in the queue."""

    adviser: Adviser
    released: list[int]


class EscalationService:
    """Reminders, escalations, and consultations left behind by deactivated advisers."""

    def __init__(self, ctx: ConsultationContext) -> None:
        """Use the shared repositories, configuration and rules of ``ctx``."""
        self._ctx = ctx

    async def due_escalations(self, now: dt.datetime | None = None) -> list[DueEscalation]:
        """Return the steps due at ``now`` (default: the clock), reminders before escalations."""
        steps = await self._ctx.consultations.due_steps(now or self._ctx.clock())
        return [DueEscalation(consultation_id, step) for consultation_id, step in steps]

    async def apply_reminder(self, consultation_id: int, now: dt.datetime | None = None) -> bool:
        """Remind the community's advisers of an unclaimed consultation (once).

        Goes to duty advisers and staff when the community has no active adviser.

        Returns:
            ``False`` if the reminder is not due, was sent already, or the consultation is
            no longer open; nothing changes then.
        """
        return await self._take_step(consultation_id, DueStep.REMIND, now) is not None

    async def apply_escalation(self, consultation_id: int, now: dt.datetime | None = None) -> bool:
        """Alert the duty advisers and staff about an unclaimed consultation (once).

        Returns:
            ``False`` if the escalation is not due, was sent already, or the consultation
            is no longer open; nothing changes then.
        """
        recipients = await self._take_step(consultation_id, DueStep.ESCALATE, now)
        if recipients is not None and not recipients:
            log.warning("consultation %d escalated, but there is nobody to alert", consultation_id)
        return recipients is not None

    async def _take_step(
        self, consultation_id: int, step: DueStep, now: dt.datetime | None
    ) -> list[Recipient] | None:
        """Mark ``step`` taken, record it and notify its recipients, all in one transaction.

        Returns:
            Who was notified, or ``None`` if the step was not due, was taken already, or the
            consultation is no longer open (nothing changes then).
        """
        ctx = self._ctx
        now = now or ctx.clock()
        async with transaction(ctx.db):
            if not await ctx.consultations.mark_step(consultation_id, step, now):
                return None
            consultation = await ctx.load(consultation_id)
            await ctx.record(consultation_id, _STEP_EVENTS[step], None, now)
            if step is DueStep.REMIND:  # those who take its kind (legal aid, mediation)
                recipients = await ctx.queue_for(consultation.kind, consultation.community_id)
            else:
                recipients = await ctx.duty_and_staff()
            await ctx.send_cards(_STEP_NOTICES[step], consultation, recipients, now)
        return recipients

    async def release_orphans(self, now: dt.datetime | None = None) -> list[int]:
        """Put back in their queues the consultations claimed by no-longer-active advisers.

        Returns:
            The ids of the consultations released.
        """
        ctx = self._ctx
        now = now or ctx.clock()
        released = []
        async with transaction(ctx.db):
            for consultation in await ctx.consultations.claimed_without_adviser():
                if consultation.adviser_id is not None and ctx.roster.is_staff(
                    consultation.adviser_id
                ):
                    continue
                await self._release(consultation, now)
                released.append(consultation.id)
        return released

    async def deactivate_adviser(self, staff_id: int, adviser_id: int) -> Deactivated:
        """Deactivate an adviser and release their open consultations, in one transaction.

        Each consultation they had claimed goes back to its community's queue (with fresh
        timers and a card to whoever answers for it), and its resident is told. The
        deactivation holds over the deployment file's sync at start-up.

        Raises:
            AccessDenied: ``staff_id`` is not staff.
            NotFound: No such adviser.
        """
        ctx = self._ctx
        now = ctx.clock()
        async with transaction(ctx.db):
            adviser = await ctx.roster.deactivate(staff_id, adviser_id)
            released = []
            for consultation in await ctx.consultations.claimed_by(adviser_id):
                await self._release(consultation, now)
                released.append(consultation.id)
        return Deactivated(adviser, released)

    async def _release(self, consultation: Consultation, now: dt.datetime) -> None:
        """Reopen a claimed consultation in its community's queue and tell everyone concerned."""
        ctx = self._ctx
        remind_at, escalate_at = ctx.due_times(now)
        community_id = consultation.community_id
        await ctx.consultations.reopen(consultation.id, community_id, remind_at, escalate_at)
        await ctx.record(
            consultation.id,
            EventKind.TRANSFERRED,
            None,
            now,
            reason="adviser_inactive",
            from_adviser=consultation.adviser_id,
        )
        reopened = await ctx.load(consultation.id)
        takers = await ctx.queue_for(reopened.kind, community_id)
        await ctx.send_cards(NoticeKind.REOPENED, reopened, takers, now)
        notice = ReleasedNotice(
            consultation_id=consultation.id,
            community_name=ctx.community_name(community_id),
            kind=consultation.kind,
        )
        await ctx.notify(
            consultation.resident_id, NoticeKind.RESIDENT_RELEASED, notice, consultation.id, now
        )

    async def run(self, now: dt.datetime | None = None) -> EscalationRun:
        """Release orphaned consultations, then take every due step: what a job calls.

        Args:
            now: The current time (default: the clock).

        Returns:
            The consultations reminded, escalated and released in this run.
        """
        now = now or self._ctx.clock()
        released = await self.release_orphans(now)
        reminded, escalated = [], []
        for due in await self.due_escalations(now):
            if due.step is DueStep.REMIND:
                if await self.apply_reminder(due.consultation_id, now):
                    reminded.append(due.consultation_id)
            elif await self.apply_escalation(due.consultation_id, now):
                escalated.append(due.consultation_id)
        return EscalationRun(reminded=reminded, escalated=escalated, released=released)
