"""Shared by the consultation use cases: who acts, who may, who is told, and when timers fall."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from bot import texts
from bot.communities import OFFICE_COMMUNITY, CommunitiesConfig, OfficeHours
from bot.services.advisers import AdviserService
from bot.services.errors import (
    AccessDenied,
    ClaimHolder,
    Conflict,
    ConflictReason,
    DenialReason,
    NotFound,
)
from bot.services.notices import (
    AdviserRole,
    ConsultationCard,
    MessageNotice,
    NoticeKind,
    RecipientRole,
)
from bot.storage.advisers import Adviser, AdviserRepository
from bot.storage.cases import CaseRepository
from bot.storage.clock import Clock
from bot.storage.consents import ConsentRepository
from bot.storage.consultations import Consultation, ConsultationRepository, ConsultationStatus
from bot.storage.database import Database
from bot.storage.events import EventKind, EventRepository
from bot.storage.outbox import OutboxRepository
from bot.storage.relay import ConsultationMessage, RelayRepository
from knowledge.categories import load_categories

__all__ = ["Actor", "ConsultationContext", "KindRoutes", "Recipient"]


@dataclass(frozen=True, slots=True)
class KindRoutes:
    """Who takes the case kinds with takers of their own, seen from one actor.

    As :meth:`ConsultationContext.queue_for` routes them.
    """

    legal_aid_staff: bool = False
    """Whether legal-aid staff are configured: then only they take pre-applications."""
    mediates: frozenset[str] = frozenset()
    """The communities on whose mediation committee the actor sits (an active adviser)."""
    mediation_to_duty: frozenset[str] = frozenset()
    """The communities whose mediation requests no mediator takes: duty and staff do."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting on a consultation, with what they are."""

    user_id: int
    is_staff: bool
    adviser: Adviser | None
    """Their adviser record, only if active."""
    is_legal_aid: bool = False
    """Whether they are legal-aid staff (``Settings.legal_aid_ids``): they take pre-applications."""
    is_mediator: bool = False
    """Whether they are one of the judicial office's mediators: they take mediation requests."""
    routes: KindRoutes = KindRoutes()
    """Who takes legal-aid and mediation cases (see :meth:`may_take`)."""

    def _kind_case(self, consultation: Consultation) -> bool:
        """Whether the case is of the kind they take without being its community's adviser."""
        return (self.is_legal_aid and consultation.kind == "legal_aid") or (
            self.is_mediator and consultation.kind == "mediation"
        )

    def _taken_by(self, consultation: Consultation) -> DenialReason:
        """Which takers the case is routed to, named as a refusal names them to an adviser."""
        if consultation.kind == "mediation":
            return DenialReason.MEDIATION
        if consultation.kind == "legal_aid" and self.routes.legal_aid_staff:
            return DenialReason.LEGAL_AID
        return DenialReason.OTHER_COMMUNITY

    def _mediation_taker(self, consultation: Consultation) -> bool:
        """Whether they are among the mediators (or duty and staff) a mediation request goes to."""
        community_id = consultation.community_id
        return (
            self.is_mediator
            or community_id in self.routes.mediates
            or (community_id in self.routes.mediation_to_duty and (self.is_staff or self.is_duty))
        )

    def _community_taker(self, consultation: Consultation) -> bool:
        return self.is_staff or self.is_duty or self.serves(consultation.community_id)

    @property
    def is_duty(self) -> bool:
        """Whether they are an active duty adviser."""
        return self.adviser is not None and self.adviser.is_duty

    @property
    def role(self) -> AdviserRole | None:
        """Their adviser-side role, or ``None`` for a resident."""
        if self.is_staff:
            return "staff"
        if self.adviser is None:
            return "staff" if self.is_legal_aid or self.is_mediator else None
        return "duty" if self.adviser.is_duty else "adviser"

    @property
    def name(self) -> str | None:
        """Their adviser name, if registered."""
        return self.adviser.name if self.adviser is not None else None

    def serves(self, community_id: str) -> bool:
        """Whether they are an active adviser of ``community_id``."""
        return self.adviser is not None and self.adviser.community_id == community_id

    def may_take(self, consultation: Consultation) -> bool:
        """Whether they may claim (or, unclaimed, answer or close) the consultation.

        A consultation is for its community's advisers, duty advisers and staff. A legal-aid
        pre-application is for the legal-aid staff (for the community's takers only while
        none are configured); a mediation request for the mediators it is routed to (its
        community's committee or the judicial office's), duty advisers and staff only when
        no mediator takes it.
        """
        taken_by = self._taken_by(consultation)
        if taken_by is DenialReason.MEDIATION:
            return self._mediation_taker(consultation)
        if taken_by is DenialReason.LEGAL_AID:
            return self.is_legal_aid
        return self._community_taker(consultation)

    def take_refusal(self, consultation: Consultation) -> DenialReason | None:
        """Why they may not take the consultation, as an adviser is told (``None``: not one).

        Says only who takes cases of its kind (or of its community), nothing of the case:
        the same rule :meth:`may_take` applies.
        """
        return None if self.role is None else self._taken_by(consultation)

    def may_handle(self, consultation: Consultation) -> bool:
        """Whether they may reply to, transfer or close the claimed consultation."""
        mine = consultation.adviser_id == self.user_id
        assignee = mine and (self.adviser is not None or self._kind_case(consultation))
        return self.is_staff or self.is_duty or assignee

    def may_transfer(self, consultation: Consultation) -> bool:
        """Whether they may transfer it: its handlers, and while unclaimed those who may take it."""
        unclaimed = consultation.status is ConsultationStatus.OPEN
        return self.may_handle(consultation) or (unclaimed and self.may_take(consultation))

    def may_read(self, consultation: Consultation) -> bool:
        """Whether they may see the consultation at all."""
        return (
            consultation.resident_id == self.user_id
            or self.may_take(consultation)
            or self.may_handle(consultation)
        )


@dataclass(frozen=True, slots=True)
class Recipient:
    """An adviser-side chat to notify and why."""

    chat_id: int
    role: RecipientRole


class ConsultationContext:
    """The repositories, configuration and rules the consultation use cases share."""

    def __init__(
        self,
        *,
        db: Database,
        consultations: ConsultationRepository,
        events: EventRepository,
        relay: RelayRepository,
        outbox: OutboxRepository,
        advisers: AdviserRepository,
        roster: AdviserService,
        communities: CommunitiesConfig,
        clock: Clock,
        consents: ConsentRepository | None = None,
        legal_aid_ids: frozenset[int] = frozenset(),
        cases: CaseRepository | None = None,
        mediation_followup_days: int = 30,
    ) -> None:
        """Gather what the use cases need (all arguments keyword-only)."""
        self.db = db
        self.consultations = consultations
        self.consents = consents or ConsentRepository(db)
        self.events = events
        self.relay = relay
        self.outbox = outbox
        self.advisers = advisers
        self.roster = roster
        self.communities = communities
        self.office: OfficeHours = communities.office()
        self.clock = clock
        self.legal_aid_ids = legal_aid_ids
        self.cases = cases or CaseRepository(db)
        self.mediation_followup = dt.timedelta(days=mediation_followup_days)
        self.categories = {category.id: category.label for category in load_categories()}

    async def actor(self, user_id: int) -> Actor:
        """Return who ``user_id`` is, with who takes the cases routed by kind."""
        is_staff = self.roster.is_staff(user_id)
        adviser = await self.roster.active_adviser(user_id)
        community_id = adviser.community_id if adviser is not None else None
        mediates = (
            frozenset({community_id})
            if community_id is not None
            and user_id in self.communities.community_mediators(community_id)
            else frozenset()
        )
        to_duty = is_staff or (adviser is not None and adviser.is_duty)
        return Actor(
            user_id=user_id,
            is_staff=is_staff,
            adviser=adviser,
            is_legal_aid=user_id in self.legal_aid_ids,
            is_mediator=user_id in self.communities.office_mediators,
            routes=KindRoutes(
                legal_aid_staff=bool(self.legal_aid_ids),
                mediates=mediates,
                mediation_to_duty=await self._mediation_to_duty() if to_duty else frozenset(),
            ),
        )

    async def _mediation_to_duty(self) -> frozenset[str]:
        """Return the communities whose mediation requests go to duty advisers and staff."""
        if self.communities.office_mediators:
            return frozenset()
        return frozenset(
            [
                community.id
                for community in self.communities.communities
                if not await self._active(self.communities.community_mediators(community.id))
            ]
        )

    async def load(self, consultation_id: int) -> Consultation:
        """Return the consultation or raise :class:`NotFound`."""
        consultation = await self.consultations.get(consultation_id)
        if consultation is None:
            raise NotFound(f"no consultation {consultation_id}")
        return consultation

    async def load_for(self, actor: Actor, consultation_id: int) -> Consultation:
        """Return the consultation if ``actor`` may read it.

        Raises:
            NotFound: It does not exist.
            AccessDenied: It exists but is not theirs to see.
        """
        consultation = await self.load(consultation_id)
        if not actor.may_read(consultation):
            raise AccessDenied(f"user {actor.user_id} may not see consultation {consultation_id}")
        return consultation

    def require_active(self, consultation: Consultation) -> None:
        """Raise :class:`Conflict` if the consultation is closed."""
        if consultation.status is ConsultationStatus.CLOSED:
            raise Conflict(
                f"consultation {consultation.id} is closed", reason=ConflictReason.CLOSED
            )

    def require_handler(self, actor: Actor, consultation: Consultation) -> None:
        """Raise unless ``actor`` may reply to or close the consultation as its adviser.

        A claimed consultation is for its assignee, duty advisers and staff; an open one also
        for its community's advisers. A closed one raises :class:`Conflict` for those who
        could have acted, :class:`AccessDenied` for everyone else.
        """
        if consultation.status is ConsultationStatus.CLAIMED:
            allowed = actor.may_handle(consultation)
        elif consultation.status is ConsultationStatus.OPEN:
            allowed = actor.may_take(consultation)
        else:
            allowed = actor.may_handle(consultation) or actor.may_take(consultation)
        if not allowed:
            raise AccessDenied(f"user {actor.user_id} may not act on {consultation.id}")
        self.require_active(consultation)

    async def holder(self, consultation: Consultation) -> ClaimHolder | None:
        """Return who holds a claimed consultation, as colleagues may be told."""
        if consultation.adviser_id is None:
            return None
        adviser = await self.advisers.get(consultation.adviser_id)
        community = self.community_name(consultation.community_id)
        if self.roster.is_staff(consultation.adviser_id):
            return ClaimHolder("staff", adviser.name if adviser else None, community)
        if adviser is None:
            return None
        if adviser.is_duty:
            return ClaimHolder("duty", adviser.name, community)
        return ClaimHolder("adviser", adviser.name, self.community_name(adviser.community_id or ""))

    def transfer_communities(self, consultation: Consultation, actor: Actor) -> list[str]:
        """Return the ids of the communities ``actor`` may transfer a consultation to.

        Real communities only (not the file's examples), and not the one it is in, except
        that a claimed one may be handed back to its community's queue by someone who is not
        that community's adviser (a duty adviser it was handed to, staff): what the
        community's adviser does by handing it to the duty advisers.
        """
        back = consultation.status is ConsultationStatus.CLAIMED and not actor.serves(
            consultation.community_id
        )
        return [
            community.id
            for community in self.communities.real_communities
            if community.id != consultation.community_id or back
        ]

    def due_times(self, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """Return when an unclaimed consultation from ``start`` is reminded, then escalated."""
        escalation = self.communities.escalation
        remind = self.office.add_working_time(start, escalation.remind_after_hours)
        escalate = self.office.add_working_time(remind, escalation.escalate_after_hours)
        return remind, escalate

    def community_name(self, community_id: str) -> str:
        """Return the community's name (its id if it left the deployment file).

        What the judicial office takes (``OFFICE_COMMUNITY``) is named as the office.
        """
        community = self.communities.community(community_id)
        if community is not None:
            return community.name
        return texts.LOG_OFFICE_COMMUNITY if community_id == OFFICE_COMMUNITY else community_id

    async def duty_and_staff(self) -> list[Recipient]:
        """Return the active duty advisers and the staff."""
        duty = [Recipient(a.telegram_id, "duty") for a in await self.advisers.active_duty()]
        staff = [Recipient(user_id, "staff") for user_id in sorted(self.roster.staff_ids)]
        return _unique([*duty, *staff])

    async def queue_of(self, community_id: str) -> list[Recipient]:
        """Return who answers for ``community_id``: its advisers, else duty advisers and staff."""
        advisers = await self.advisers.active_for_community(community_id)
        if advisers:
            return [Recipient(adviser.telegram_id, "community") for adviser in advisers]
        return await self.duty_and_staff()

    async def queue_for(self, kind: str, community_id: str) -> list[Recipient]:
        """Return who takes a new case of ``kind``.

        Legal-aid staff take pre-applications (without them, the community's queue does). A
        mediation request goes to the community's mediators (its advisers marked ``mediator``),
        else the judicial office's mediators, else the duty advisers and staff.
        """
        if kind == "legal_aid" and self.legal_aid_ids:
            return [Recipient(user_id, "staff") for user_id in sorted(self.legal_aid_ids)]
        if kind == "mediation":
            committee = await self._active(self.communities.community_mediators(community_id))
            if committee:
                return [Recipient(user_id, "community") for user_id in committee]
            office = sorted(self.communities.office_mediators)
            if office:
                return [Recipient(user_id, "duty") for user_id in office]
            return await self.duty_and_staff()
        return await self.queue_of(community_id)

    async def _active(self, user_ids: Iterable[int]) -> list[int]:
        """Return those of ``user_ids`` who are active advisers."""
        return [user_id for user_id in user_ids if await self.roster.active_adviser(user_id)]

    async def mediation_route(self, community_id: str) -> str:
        """Return who takes a new mediation request: ``committee``, ``office`` or ``duty``."""
        if await self._active(self.communities.community_mediators(community_id)):
            return "committee"
        return "office" if self.communities.office_mediators else "duty"

    def goes_to_legal_aid(self, kind: str) -> bool:
        """Whether a new case of ``kind`` goes to the legal-aid staff (see :meth:`queue_for`)."""
        return kind == "legal_aid" and bool(self.legal_aid_ids)

    async def assignee_or_queue(self, consultation: Consultation) -> list[Recipient]:
        """Return the assignee of a claimed case, else those it waits for (see :meth:`queue_for`).

        A waiting mediation request or legal-aid pre-application waits for its own takers,
        not for the community's advisers, who may not take it.
        """
        if consultation.adviser_id is not None:
            return [Recipient(consultation.adviser_id, "assignee")]
        return await self.queue_for(consultation.kind, consultation.community_id)

    def resident_label(self, consultation: Consultation) -> str:
        """Return how advisers see the resident: the consented name, else a number."""
        if consultation.consent and consultation.contact_name:
            return consultation.contact_name
        return texts.RESIDENT_NUMBER.format(number=consultation.id)

    def card(
        self,
        consultation: Consultation,
        role: RecipientRole,
        *,
        transferred_from: str | None = None,
    ) -> ConsultationCard:
        """Return the consultation as shown to an adviser-side recipient."""
        consent = consultation.consent
        return ConsultationCard(
            consultation_id=consultation.id,
            community_id=consultation.community_id,
            community_name=self.community_name(consultation.community_id),
            category=consultation.category,
            category_label=self.categories.get(consultation.category, consultation.category),
            summary=consultation.summary,
            urgent=consultation.urgent,
            urgent_reason=consultation.urgent_reason,
            resident_label=self.resident_label(consultation),
            contact_name=consultation.contact_name if consent else None,
            contact_phone=consultation.contact_phone if consent else None,
            created_at=consultation.created_at,
            recipient_role=role,
            transferred_from=transferred_from,
            case_kind=consultation.kind,
        )

    def resident_message(
        self, consultation: Consultation, message: ConsultationMessage, role: RecipientRole
    ) -> MessageNotice:
        """Return a resident's stored message as relayed to an adviser-side recipient."""
        return MessageNotice(
            consultation_id=consultation.id,
            community_name=self.community_name(consultation.community_id),
            sender_label=self.resident_label(consultation),
            sender_role="resident",
            kind=message.kind,
            text=message.text,
            file_id=message.file_id,
            recipient_role=role,
            relay_id=message.id,
        )

    async def send_cards(
        self,
        kind: NoticeKind,
        consultation: Consultation,
        recipients: Iterable[Recipient],
        now: dt.datetime,
        *,
        transferred_from: str | None = None,
    ) -> int:
        """Enqueue the consultation's card to each recipient; return how many."""
        count = 0
        for recipient in _unique(recipients):
            card = self.card(consultation, recipient.role, transferred_from=transferred_from)
            await self.notify(recipient.chat_id, kind, card, consultation.id, now)
            count += 1
        return count

    async def record(
        self,
        consultation_id: int,
        kind: EventKind,
        actor_id: int | None,
        now: dt.datetime,
        **detail: object,
    ) -> None:
        """Append an event to the consultation's history; ``detail`` is stored as JSON."""
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
        await self.events.add(consultation_id, kind, actor_id, now, text)

    async def notify(
        self,
        chat_id: int,
        kind: NoticeKind,
        notice: BaseModel,
        consultation_id: int,
        now: dt.datetime,
    ) -> int:
        """Enqueue ``notice`` of ``kind`` for ``chat_id``; return the outbox id."""
        return await self.outbox.enqueue(
            chat_id,
            kind.value,
            notice.model_dump(mode="json"),
            now=now,
            consultation_id=consultation_id,
        )


def _unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen: set[int] = set()
    result = []
    for recipient in recipients:
        if recipient.chat_id not in seen:
            seen.add(recipient.chat_id)
            result.append(recipient)
    return result
