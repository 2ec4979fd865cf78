"""What residents, advisers and staff may read of consultations."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.errors import AccessDenied
from bot.services.routing import ConsultationContext
from bot.storage.advisers import Adviser
from bot.storage.consultations import Consultation
from bot.storage.events import ConsultationEvent
from bot.storage.relay import ConsultationMessage

__all__ = ["ConsultationReads", "History", "TransferTargets", "Worklist"]


_QUEUE_SHOWN = 50
"""How many unclaimed cases a worklist shows."""
_QUEUE_READ = 500
"""How many are read to find those among cases of kinds the viewer does not take."""


@dataclass(frozen=True, slots=True)
class Worklist:
    """An adviser's unclaimed queue (urgent first, then oldest) and their claimed ones."""

    queue: list[Consultation]
    claimed: list[Consultation]


@dataclass(frozen=True, slots=True)
class TransferTargets:
    """Where a consultation may go: real communities other than its own, and duty advisers.

    ``communities`` are ``(id, name)`` pairs in the file's order; ``duty_advisers`` leaves out
    the one asking and the current assignee.
    """

    consultation: Consultation
    communities: list[tuple[str, str]]
    duty_advisers: list[Adviser]


@dataclass(frozen=True, slots=True)
class History:
    """A consultation with its events and relayed messages, oldest first."""

    consultation: Consultation
    events: list[ConsultationEvent]
    messages: list[ConsultationMessage]


class ConsultationReads:
    """Consultations as each kind of user may see them; every read checks the reader."""

    def __init__(self, ctx: ConsultationContext) -> None:
        """Use the shared repositories, configuration and rules of ``ctx``."""
        self._ctx = ctx

    async def my_consultations(self, resident_id: int, limit: int = 20) -> list[Consultation]:
        """Return the resident's own consultations, newest first."""
        return await self._ctx.consultations.for_resident(resident_id, limit)

    async def active_for(self, resident_id: int) -> Consultation | None:
        """Return the resident's open or claimed consultation, if any."""
        return await self._ctx.consultations.active_for_resident(resident_id)

    async def worklist(self, actor_id: int) -> Worklist:
        """Return an adviser's unclaimed queue (all communities for duty and staff) and claims.

        Raises:
            AccessDenied: ``actor_id`` is neither an active adviser nor staff.
        """
        actor = await self._ctx.actor(actor_id)
        if actor.role is None:
            raise AccessDenied(f"user {actor_id} is not an adviser")
        takes_kind = actor.is_legal_aid or actor.is_mediator
        scope = (
            actor.adviser.community_id
            if actor.adviser and actor.role == "adviser" and not takes_kind
            else None
        )
        # Only what the viewer may take: a pre-application is the legal-aid staff's, a
        # mediation request its mediators'.
        queue = await self._ctx.consultations.open_queue(scope, limit=_QUEUE_READ)
        return Worklist(
            queue=[c for c in queue if actor.may_take(c)][:_QUEUE_SHOWN],
            claimed=await self._ctx.consultations.claimed_by(actor_id),
        )

    async def get_for(self, actor_id: int, consultation_id: int) -> Consultation:
        """Return a consultation if ``actor_id`` may see it.

        Residents see their own; advisers those of their community, assigned to them, or
        all if on duty; staff see all.

        Raises:
            NotFound: No such consultation.
            AccessDenied: Not theirs to see.
        """
        actor = await self._ctx.actor(actor_id)
        return await self._ctx.load_for(actor, consultation_id)

    async def get_to_act(self, actor_id: int, consultation_id: int) -> Consultation:
        """Return a consultation if ``actor_id`` may act on it as an adviser (not as resident).

        What menus of adviser actions (transfer, close) check before showing anything.

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` is no adviser or staff, or may not act on it.
            Conflict: It is closed (``CLOSED``).
        """
        ctx = self._ctx
        actor = await ctx.actor(actor_id)
        if actor.role is None:
            raise AccessDenied(f"user {actor_id} is not an adviser")
        consultation = await ctx.load(consultation_id)
        if not actor.may_transfer(consultation):
            raise AccessDenied(f"user {actor_id} may not act on {consultation_id}")
        ctx.require_active(consultation)
        return consultation

    async def transfer_targets(self, actor_id: int, consultation_id: int) -> TransferTargets:
        """Return where ``actor_id`` may transfer the consultation (checked as :meth:`get_to_act`).

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not transfer it.
            Conflict: It is closed (``CLOSED``).
        """
        consultation = await self.get_to_act(actor_id, consultation_id)
        ctx = self._ctx
        actor = await ctx.actor(actor_id)
        excluded = {actor_id, consultation.adviser_id}
        return TransferTargets(
            consultation=consultation,
            communities=[
                (community_id, ctx.community_name(community_id))
                for community_id in ctx.transfer_communities(consultation, actor)
            ],
            duty_advisers=[
                adviser
                for adviser in await ctx.advisers.active_duty()
                if adviser.telegram_id not in excluded
            ],
        )

    async def history_for(self, actor_id: int, consultation_id: int) -> History:
        """Return a consultation with its events and messages, if ``actor_id`` may see it."""
        consultation = await self.get_for(actor_id, consultation_id)
        return History(
            consultation=consultation,
            events=await self._ctx.events.for_consultation(consultation_id),
            messages=await self._ctx.relay.messages(consultation_id),
        )
