"""People's mediation requests (人民调解): filing, the agreement amount and the follow-up (回访).

A request is a ``mediation`` case filed through the consultation machinery (routing, claim,
relay, close); the mediator closes it with a mediation outcome (``bot.services.case_outcomes``).
A successful one is followed up ``MEDIATION_FOLLOWUP_DAYS`` later: a repeating job reads the due
times from the database (as escalation does) and asks the resident whether the agreement was
kept; the first answer is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.services.consultations import ConsultationService, Opened
from bot.services.errors import AccessDenied, InvalidInput, NotFound
from bot.services.notices import FollowupRequest, NoticeKind
from bot.services.routing import ConsultationContext
from bot.storage.cases import MediationDetails
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = [
    "FOLLOWUP_ANSWERS",
    "MAX_AGREEMENT_AMOUNT",
    "MediationRequest",
    "MediationService",
    "dispute_category",
]

FOLLOWUP_ANSWERS = ("kept", "partly", "not_kept")
FOLLOWUP_ANSWERABLE = dt.timedelta(days=14)
"""How long after the follow-up was asked a typed reply (履行了) is taken as its answer."""
"""What the resident answers to the follow-up: kept, partly kept, not kept."""
MAX_AGREEMENT_AMOUNT = 100_000_000
MAX_WANTED_CHARS = 500
MAX_NAME_CHARS = 20
_CATEGORIES = {
    "邻里": "neighbor",
    "婚姻家庭": "marriage_family",
    "土地宅基地": "land_housing",
    "债务": "debt_contract",
    "劳动": "labor",
    "交通": "traffic_injury",
}


def dispute_category(dispute_type: str) -> str:
    """Return the consultation category a dispute type is counted under (else ``other``)."""
    return _CATEGORIES.get(dispute_type, "other")


@dataclass(frozen=True, slots=True)
class MediationRequest:
    """What the resident says about the dispute."""

    dispute_type: str
    other_party_relation: str
    other_party_name: str | None
    wanted: str


class MediationService:
    """Mediation requests, their agreement amounts and follow-ups."""

    def __init__(self, ctx: ConsultationContext, consultations: ConsultationService) -> None:
        """Share the consultation use cases' context."""
        self._ctx = ctx
        self._consultations = consultations

    @property
    def dispute_types(self) -> tuple[str, ...]:
        """The dispute types offered (``dispute_types`` of the deployment file)."""
        return self._ctx.communities.dispute_types

    async def file(
        self,
        resident_id: int,
        community_id: str,
        request: MediationRequest,
        summary: str,
        *,
        source: MessageKey | None = None,
    ) -> Opened:
        """File a mediation request for the community's mediators.

        Raises:
            InvalidInput: A value is not acceptable (``field`` names it).
            Conflict: The resident already has an active case (``ACTIVE_EXISTS``).
        """
        if request.dispute_type not in self.dispute_types:
            raise InvalidInput(f"unknown dispute type {request.dispute_type!r}", field="dispute")
        relation = request.other_party_relation.strip()
        if not 1 <= len(relation) <= MAX_NAME_CHARS:
            raise InvalidInput("the other party's relation is missing", field="relation")
        name = (request.other_party_name or "").strip() or None
        if name is not None and len(name) > MAX_NAME_CHARS:
            raise InvalidInput("the other party's name is too long", field="name")
        wanted = request.wanted.strip()
        if not 1 <= len(wanted) <= MAX_WANTED_CHARS:
            raise InvalidInput("what the resident wants is missing", field="wanted")
        async with transaction(self._ctx.db):
            opened = await self._consultations.open_consultation(
                resident_id,
                community_id,
                dispute_category(request.dispute_type),
                summary,
                consent=False,
                source=source,
                kind="mediation",
            )
            if not opened.duplicate:
                details = MediationDetails(request.dispute_type, relation, name, wanted)
                await self._ctx.cases.add_mediation(opened.consultation.id, details)
        return opened

    async def set_agreement_amount(self, actor_id: int, consultation_id: int, amount: int) -> None:
        """Record the agreement amount of a mediation its handler closed as 调解成功.

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not act on it.
            InvalidInput: Not a successful mediation, or a negative or absurd amount.
        """
        ctx = self._ctx
        if not 0 <= amount <= MAX_AGREEMENT_AMOUNT:
            raise InvalidInput(f"amount {amount!r}", field="amount")
        actor = await ctx.actor(actor_id)
        consultation = await ctx.load(consultation_id)
        if not actor.may_handle(consultation):
            raise AccessDenied(f"user {actor_id} may not act on {consultation_id}")
        if not await ctx.cases.set_agreement_amount(consultation_id, amount):
            raise InvalidInput(f"{consultation_id} is no successful mediation", field="amount")

    async def send_due_followups(self, now: dt.datetime | None = None) -> int:
        """Ask the residents of the follow-ups that are due; return how many were asked."""
        ctx = self._ctx
        now = now or ctx.clock()
        asked = 0
        for due in await ctx.cases.due_followups(now):
            async with transaction(ctx.db):
                if not await ctx.cases.mark_followup_asked(due.consultation_id, now):
                    continue
                notice = FollowupRequest(
                    consultation_id=due.consultation_id, dispute_type=due.dispute_type
                )
                await ctx.notify(
                    due.resident_id,
                    NoticeKind.MEDIATION_FOLLOWUP,
                    notice,
                    due.consultation_id,
                    now,
                )
            asked += 1
        return asked

    async def unanswered_followup(self, resident_id: int) -> int | None:
        """Return the mediation whose follow-up the resident was asked lately and left open."""
        ctx = self._ctx
        return await ctx.cases.unanswered_followup(resident_id, ctx.clock() - FOLLOWUP_ANSWERABLE)

    async def answer_followup(self, resident_id: int, consultation_id: int, answer: str) -> bool:
        """Record the resident's answer to a follow-up; ``False`` if already answered.

        Raises:
            NotFound: No such consultation.
            AccessDenied: It is another resident's.
            InvalidInput: ``answer`` is not one of ``FOLLOWUP_ANSWERS``.
        """
        if answer not in FOLLOWUP_ANSWERS:
            raise InvalidInput(f"unknown answer {answer!r}", field="answer")
        ctx = self._ctx
        consultation = await ctx.consultations.get(consultation_id)
        if consultation is None:
            raise NotFound(f"no consultation {consultation_id}")
        if consultation.resident_id != resident_id:
            raise AccessDenied(f"consultation {consultation_id} is another resident's")
        return await ctx.cases.record_followup(consultation_id, answer, ctx.clock())
