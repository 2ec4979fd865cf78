"""Consultations with a human adviser: open, claim, transfer, close, withdraw and rate them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot import texts
from bot.communities import OFFICE_COMMUNITY
from bot.services.case_outcomes import case_outcome, outcomes_for
from bot.services.catch_up import send_catch_up
from bot.services.consultation_reads import ConsultationReads
from bot.services.errors import AccessDenied, Conflict, ConflictReason, InvalidInput
from bot.services.intake import clean_intake
from bot.services.notices import (
    ClaimedNotice,
    ClosedNotice,
    NoticeKind,
    RatingRequest,
    TransferNotice,
)
from bot.services.routing import ConsultationContext, Recipient
from bot.storage.consultations import Consultation, ConsultationStatus, NewConsultation
from bot.storage.events import EventKind
from bot.storage.keys import MessageKey
from bot.storage.transaction import transaction

__all__ = [
    "CONSENT_SCOPE",
    "OUTCOME_LABELS",
    "ConsultationService",
    "HandledBy",
    "Opened",
    "Outcome",
]

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """How a consultation ended."""

    ANSWERED = "answered"
    LEGAL_AID = "legal_aid"
    MEDIATION = "mediation"
    ARBITRATION_LITIGATION = "arbitration_litigation"
    PETITION_OTHER = "petition_other"
    OTHER = "other"


OUTCOME_LABELS: dict[Outcome, str] = {outcome: texts.OUTCOMES[outcome.value] for outcome in Outcome}
"""The outcomes in the order an adviser is offered them, with their Chinese labels."""
CONSENT_SCOPE = "contact:adviser,duty,staff"
"""Who a consent lets see the name and phone, as ``bot.texts.INTAKE_CONSENT`` names them:
the adviser, the judicial office's duty advisers and the subdistrict staff."""


class HandledBy(StrEnum):
    """Who a new consultation was sent to for answering (what the resident is told)."""

    COMMUNITY = "community"
    """The advisers of its community."""
    DUTY = "duty"
    """Its community has no active adviser: the duty advisers of the judicial office."""
    STAFF = "staff"
    """Neither community nor duty advisers: the staff."""
    LEGAL_AID = "legal_aid"
    """A pre-application, sent to the legal-aid staff (``Settings.legal_aid_ids``)."""
    COMMITTEE = "committee"
    """A mediation request, sent to its community's mediators."""
    MEDIATORS = "mediators"
    """A mediation request, sent to the judicial office's mediators."""
    NOBODY = "nobody"
    """Nobody at all could be notified."""


def handled_by(recipients: list[Recipient]) -> HandledBy:
    """Return who answers for a community, given its queue (``ConsultationContext.queue_of``)."""
    roles = {recipient.role for recipient in recipients}
    for role, who in (("community", HandledBy.COMMUNITY), ("duty", HandledBy.DUTY)):
        if role in roles:
            return who
    return HandledBy.STAFF if "staff" in roles else HandledBy.NOBODY


async def _who(
    ctx: ConsultationContext, kind: str, community_id: str, recipients: list[Recipient]
) -> HandledBy:
    """Return who takes a new case of ``kind`` (as :meth:`ConsultationContext.queue_for`)."""
    if ctx.goes_to_legal_aid(kind):
        return HandledBy.LEGAL_AID
    if kind == "mediation":
        route = await ctx.mediation_route(community_id)
        if route == "committee":
            return HandledBy.COMMITTEE
        if route == "office":
            return HandledBy.MEDIATORS
    return handled_by(recipients)


@dataclass(frozen=True, slots=True)
class Opened:
    """A consultation just opened, when to expect a reply, who was notified and who answers.

    ``duplicate`` is ``True`` when the same submission was filed before (a re-delivery):
    that consultation is returned, nothing is stored or sent again.
    """

    consultation: Consultation
    reply_expected_at: dt.datetime
    """``now`` within office hours, else the next opening (in the office's time zone)."""
    notified: int
    handled_by: HandledBy
    """Whose queue it is in: its community's advisers, the duty advisers, or the staff."""
    duplicate: bool = False
    minor: bool = False
    """The resident says they are under 14: a guardian should contact the adviser."""


class ConsultationService(ConsultationReads):
    """The life of a consultation, from the resident's request to their rating.

    What residents, advisers and staff may read of consultations comes from
    :class:`~bot.services.consultation_reads.ConsultationReads`.
    """

    async def open_consultation(
        self,
        resident_id: int,
        community_id: str,
        category: str,
        summary: str,
        *,
        consent: bool,
        contact_name: str | None = None,
        contact_phone: str | None = None,
        question_text: str | None = None,
        consent_version: str = texts.CONSENT_TEXT_VERSION,
        channel: str = "telegram",
        now: dt.datetime | None = None,
        source: MessageKey | None = None,
        kind: str = "consultation",
    ) -> Opened:
        """File a consultation for the resident's community and notify its advisers.

        Args:
            resident_id: The resident's Telegram id.
            community_id: Their village or community (from the deployment file), or
                ``OFFICE_COMMUNITY`` when they do not know it (the duty advisers take it).
            category: A category id of ``categories.yaml``.
            summary: What they need help with, 1-2000 characters.
            consent: Whether they agreed to share their contact details with those
                ``CONSENT_SCOPE`` names; recorded in ``consents`` with the consultation.
                Refused for a resident who says they are under 14.
            contact_name: Name to be addressed by (only with consent).
            contact_phone: Phone, 7-20 digits, ``+``, ``-`` or spaces (only with consent).
            question_text: The question the consultation came from, if any.
            consent_version: The version of the consent text they were shown.
            channel: Where it was filed.
            now: The current time (defaults to the clock).
            source: The Telegram message it was submitted from (the confirmation card),
                so a re-delivered submission files one consultation.
            kind: ``consultation``, ``legal_aid`` (a pre-application, for the legal-aid
                staff when they are configured) or ``mediation``.

        Returns:
            The consultation, when to expect a reply, how many chats were notified and
            whose queue it went to (``HandledBy``).
            Urgent ones (see ``bot.services.urgency``) are also sent to the duty advisers.

        Raises:
            InvalidInput: A value is not acceptable; ``field`` names it.
            Conflict: The resident already has an active consultation (``ACTIVE_EXISTS``).
        """
        ctx = self._ctx
        now = now or ctx.clock()
        if ctx.communities.community(community_id) is None and community_id != OFFICE_COMMUNITY:
            raise InvalidInput(f"unknown community {community_id!r}", field="community_id")
        if category not in ctx.categories:
            raise InvalidInput(f"unknown category {category!r}", field="category")
        intake = clean_intake(
            summary,
            consent=consent,
            contact_name=contact_name,
            contact_phone=contact_phone,
            question_text=question_text,
            today=now.astimezone(ctx.office.tz).date(),
        )
        remind_at, escalate_at = ctx.due_times(now)
        new = NewConsultation(
            resident_id=resident_id,
            community_id=community_id,
            category=category,
            summary=intake.summary,
            question_text=intake.question_text,
            consent=consent,
            contact_name=intake.contact_name,
            contact_phone=intake.contact_phone,
            urgent=intake.urgent_reason is not None,
            urgent_reason=intake.urgent_reason,
            created_at=now,
            remind_due_at=remind_at,
            escalate_due_at=escalate_at,
            channel=channel,
            source=source,
            kind=kind,
        )
        async with transaction(ctx.db):
            filed = await ctx.consultations.from_source(source) if source else None
            if filed is not None:
                queue = await ctx.queue_for(filed.kind, filed.community_id)
                who = (
                    HandledBy.LEGAL_AID if ctx.goes_to_legal_aid(filed.kind) else handled_by(queue)
                )
                opening = ctx.office.next_opening(filed.created_at)
                return Opened(filed, opening, 0, who, duplicate=True, minor=intake.minor)
            active = await ctx.consultations.active_for_resident(resident_id)
            if active is not None:
                raise Conflict(
                    f"resident {resident_id} already has consultation {active.id} open",
                    reason=ConflictReason.ACTIVE_EXISTS,
                )
            try:
                consultation = await ctx.consultations.add(new)
            except aiosqlite.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise
                raise Conflict(
                    f"resident {resident_id} already has an active consultation",
                    reason=ConflictReason.ACTIVE_EXISTS,
                ) from exc
            if consent:
                await ctx.consents.add(
                    resident_id,
                    consultation.id,
                    granted_at=now,
                    text_version=consent_version,
                    scope=CONSENT_SCOPE,
                )
            await ctx.record(
                consultation.id,
                EventKind.CREATED,
                resident_id,
                now,
                community=community_id,
                urgent_reason=intake.urgent_reason,
            )
            recipients = await ctx.queue_for(kind, community_id)
            who = await _who(ctx, kind, community_id, recipients)
            if consultation.urgent:
                duty = await ctx.advisers.active_duty()
                recipients += [Recipient(adviser.telegram_id, "duty") for adviser in duty]
            notified = await ctx.send_cards(
                NoticeKind.NEW_CONSULTATION, consultation, recipients, now
            )
        if not notified:
            log.warning(
                "consultation %d: nobody to notify (no advisers, no staff)", consultation.id
            )
        return Opened(consultation, ctx.office.next_opening(now), notified, who, minor=intake.minor)

    async def claim(self, actor_id: int, consultation_id: int) -> Consultation:
        """Take an open consultation as its adviser and tell the resident.

        Allowed for an active adviser of its community, a duty adviser, or staff. The
        claimer is also sent what they have not seen of it: its card and the messages the
        resident sent while it waited (see :func:`~bot.services.catch_up.send_catch_up`).
        A claim again by its holder (a replayed update, a double tap) returns the
        consultation as it is: no second event, notice or history.

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not claim it.
            Conflict: It is someone else's (``ALREADY_CLAIMED``, with its ``holder``) or
                closed (``CLOSED``).
        """
        ctx = self._ctx
        now = ctx.clock()
        actor = await ctx.actor(actor_id)
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            if not actor.may_take(consultation):
                raise AccessDenied(
                    f"user {actor_id} may not claim consultation {consultation_id}",
                    reason=actor.take_refusal(consultation),
                )
            ctx.require_active(consultation)
            if consultation.adviser_id == actor_id:
                # A replay after a kill or a double tap: it is done; do nothing twice.
                return consultation
            if not await ctx.consultations.claim(consultation_id, actor_id, now):
                raise Conflict(
                    f"consultation {consultation_id} is already claimed "
                    f"by {consultation.adviser_id}",
                    reason=ConflictReason.ALREADY_CLAIMED,
                    holder=await ctx.holder(consultation),
                )
            await ctx.record(consultation_id, EventKind.CLAIMED, actor_id, now)
            claimed = await ctx.load(consultation_id)
            await send_catch_up(ctx, claimed, actor_id, now)
            notice = ClaimedNotice(
                consultation_id=consultation_id,
                community_name=ctx.community_name(claimed.community_id),
                adviser_name=actor.name,
                adviser_role=actor.role or "adviser",
                case_kind=claimed.kind,
            )
            await ctx.notify(claimed.resident_id, NoticeKind.CLAIMED, notice, consultation_id, now)
        return claimed

    async def transfer(
        self,
        actor_id: int,
        consultation_id: int,
        *,
        to_community_id: str | None = None,
        to_adviser_id: int | None = None,
    ) -> Consultation:
        """Hand a consultation to another community's queue, or to a given adviser.

        Exactly one target: ``to_community_id`` puts it back to open (unclaimed) for that
        community's advisers with fresh escalation timers; ``to_adviser_id`` assigns it to
        that active adviser (a duty adviser, or an adviser of another community, whose
        community it then moves to). Allowed for the current assignee, a duty adviser or staff,
        and, while it is unclaimed, for an adviser of its community. A community must be a real
        one (not an example left in the file) other than the current, or the current one for
        a claimed consultation handed back by someone who is not its adviser (a duty adviser,
        staff: see ``transfer_communities``); an adviser must be neither the actor nor the
        current assignee. The resident is told once.

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not transfer it.
            InvalidInput: No target, two targets, an unknown one (``to_community_id``,
                ``to_adviser_id``) or one not offered (``transfer_target``).
            Conflict: It is closed (``CLOSED``).
        """
        ctx = self._ctx
        if (to_community_id is None) == (to_adviser_id is None):
            raise InvalidInput("give exactly one of to_community_id, to_adviser_id", field="target")
        now = ctx.clock()
        actor = await ctx.actor(actor_id)
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            if not actor.may_transfer(consultation):
                raise AccessDenied(f"user {actor_id} may not transfer {consultation_id}")
            ctx.require_active(consultation)
            source = ctx.community_name(consultation.community_id)
            if to_community_id is not None:
                if ctx.communities.community(to_community_id) is None:
                    raise InvalidInput(
                        f"unknown community {to_community_id!r}", field="to_community_id"
                    )
                if to_community_id not in ctx.transfer_communities(consultation, actor):
                    raise InvalidInput(
                        f"cannot transfer {consultation_id} to {to_community_id!r}",
                        field="transfer_target",
                    )
                remind_at, escalate_at = ctx.due_times(now)
                await ctx.consultations.reopen(
                    consultation_id, to_community_id, remind_at, escalate_at
                )
                moved = await ctx.load(consultation_id)
                # Those who may take a case of its kind there: a mediation request reaches
                # the community's mediators, a legal-aid pre-application the legal-aid staff.
                recipients = await ctx.queue_for(moved.kind, to_community_id)
            else:
                assert to_adviser_id is not None
                target = await ctx.roster.active_adviser(to_adviser_id)
                if target is None:
                    raise InvalidInput(f"no active adviser {to_adviser_id}", field="to_adviser_id")
                if to_adviser_id in (actor_id, consultation.adviser_id):
                    raise InvalidInput(
                        f"cannot transfer {consultation_id} to {to_adviser_id}",
                        field="transfer_target",
                    )
                community_id = target.community_id or consultation.community_id
                await ctx.consultations.reassign(consultation_id, community_id, to_adviser_id, now)
                moved = await ctx.load(consultation_id)
                recipients = [Recipient(to_adviser_id, "assignee")]
            await ctx.record(
                consultation_id,
                EventKind.TRANSFERRED,
                actor_id,
                now,
                from_community=consultation.community_id,
                from_adviser=consultation.adviser_id,
                to_community=moved.community_id,
                to_adviser=moved.adviser_id,
            )
            await ctx.send_cards(
                NoticeKind.TRANSFERRED, moved, recipients, now, transferred_from=source
            )
            if moved.adviser_id is not None:  # what the resident wrote before, after the card
                await send_catch_up(ctx, moved, moved.adviser_id, now)
            holder = await ctx.holder(moved)
            notice = TransferNotice(
                consultation_id=consultation_id,
                community_name=ctx.community_name(moved.community_id),
                adviser_name=holder.name if holder else None,
                adviser_role=holder.role if holder else None,
            )
            await ctx.notify(
                moved.resident_id, NoticeKind.RESIDENT_TRANSFERRED, notice, consultation_id, now
            )
        return moved

    async def close(self, actor_id: int, consultation_id: int, outcome: str) -> Consultation:
        """Close a consultation with ``outcome`` and ask the resident to rate it.

        A legal-aid pre-application or a mediation request is closed with an outcome of its
        kind (a button value of ``bot.services.case_outcomes``: ``la_accepted``,
        ``md_success``…), recorded in its detail table; the consultation gets the
        :class:`Outcome` it stands for.

        Allowed for the assignee, a duty adviser or staff; an unclaimed one may also be
        closed by an adviser of its community (and is credited to them).

        Raises:
            NotFound: No such consultation.
            AccessDenied: ``actor_id`` may not close it.
            InvalidInput: ``outcome`` is not an :class:`Outcome` value.
            Conflict: It is closed already (``CLOSED``).
        """
        ctx = self._ctx
        now = ctx.clock()
        actor = await ctx.actor(actor_id)
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            ctx.require_handler(actor, consultation)
            kind_outcome = case_outcome(consultation.kind, outcome)
            if outcomes_for(consultation.kind) and kind_outcome is None:
                raise InvalidInput(f"unknown outcome {outcome!r}", field="outcome")
            try:
                chosen = Outcome(kind_outcome.outcome if kind_outcome else outcome)
            except ValueError:
                raise InvalidInput(f"unknown outcome {outcome!r}", field="outcome") from None
            await ctx.consultations.close(consultation_id, chosen.value, actor_id, now)
            details: dict[str, object] = {"outcome": chosen.value}
            label = OUTCOME_LABELS[chosen]
            if kind_outcome is not None:
                followup = now + ctx.mediation_followup if kind_outcome.value == "success" else None
                await ctx.cases.set_outcome(
                    consultation.kind,
                    consultation_id,
                    kind_outcome.value,
                    now,
                    followup_due_at=followup,
                )
                details["case_outcome"] = kind_outcome.value
                label = kind_outcome.label
            await ctx.record(consultation_id, EventKind.CLOSED, actor_id, now, **details)
            request = RatingRequest(
                consultation_id=consultation_id,
                outcome=chosen.value,
                outcome_label=label,
            )
            await ctx.notify(
                consultation.resident_id, NoticeKind.RATING_REQUEST, request, consultation_id, now
            )
            return await ctx.load(consultation_id)

    async def withdraw(self, resident_id: int, consultation_id: int) -> Consultation:
        """Let the resident end their own active consultation (outcome 其他).

        Its adviser (or, unclaimed, its community's queue) is told; the resident is asked
        to rate it like any closed consultation.

        Raises:
            NotFound: No such consultation.
            AccessDenied: It is not this resident's.
            Conflict: It is closed already (``CLOSED``).
        """
        ctx = self._ctx
        now = ctx.clock()
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            if consultation.resident_id != resident_id:
                raise AccessDenied(f"consultation {consultation_id} is another resident's")
            ctx.require_active(consultation)
            await ctx.consultations.close(consultation_id, Outcome.OTHER.value, None, now)
            await ctx.record(
                consultation_id,
                EventKind.CLOSED,
                resident_id,
                now,
                outcome=Outcome.OTHER.value,
                by="resident",
            )
            notice = ClosedNotice(
                consultation_id=consultation_id,
                community_name=ctx.community_name(consultation.community_id),
            )
            for recipient in await ctx.assignee_or_queue(consultation):
                await ctx.notify(
                    recipient.chat_id, NoticeKind.CLOSED_BY_RESIDENT, notice, consultation_id, now
                )
            request = RatingRequest(
                consultation_id=consultation_id,
                outcome=Outcome.OTHER.value,
                outcome_label=OUTCOME_LABELS[Outcome.OTHER],
            )
            await ctx.notify(resident_id, NoticeKind.RATING_REQUEST, request, consultation_id, now)
            return await ctx.load(consultation_id)

    async def rate(
        self, resident_id: int, consultation_id: int, rating: int, *, resolved: bool
    ) -> Consultation:
        """Record the resident's rating (1-5) and whether their problem was resolved.

        Raises:
            NotFound: No such consultation.
            AccessDenied: It is not this resident's.
            InvalidInput: ``rating`` is not 1-5.
            Conflict: Not closed yet (``NOT_CLOSED``) or rated already (``ALREADY_RATED``).
        """
        ctx = self._ctx
        if not 1 <= rating <= 5:
            raise InvalidInput(f"rating must be 1-5, got {rating!r}", field="rating")
        now = ctx.clock()
        async with transaction(ctx.db):
            consultation = await ctx.load(consultation_id)
            if consultation.resident_id != resident_id:
                raise AccessDenied(f"consultation {consultation_id} is another resident's")
            if consultation.status is not ConsultationStatus.CLOSED:
                raise Conflict(
                    f"consultation {consultation_id} is not closed yet",
                    reason=ConflictReason.NOT_CLOSED,
                )
            if not await ctx.consultations.rate(consultation_id, rating, resolved):
                raise Conflict(
                    f"consultation {consultation_id} was already rated",
                    reason=ConflictReason.ALREADY_RATED,
                )
            await ctx.record(
                consultation_id, EventKind.RATED, resident_id, now, rating=rating, resolved=resolved
            )
            return await ctx.load(consultation_id)
