"""Wiring of the consultation use cases: one call builds them over one database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.communities import CommunitiesConfig
from bot.services.advisers import AdviserService
from bot.services.consultations import ConsultationService
from bot.services.escalation import EscalationService
from bot.services.mediation import MediationService
from bot.services.relay import RelayService
from bot.services.routing import ConsultationContext
from bot.storage.advisers import AdviserRepository
from bot.storage.clock import Clock, system_clock
from bot.storage.consents import ConsentRepository
from bot.storage.consultations import ConsultationRepository
from bot.storage.database import Database
from bot.storage.events import EventRepository
from bot.storage.outbox import OutboxRepository
from bot.storage.relay import RelayRepository

__all__ = ["ConsultationServices", "build_consultation_services"]


@dataclass(frozen=True, slots=True)
class ConsultationServices:
    """The consultation use cases, and the outbox the dispatcher drains."""

    advisers: AdviserService
    consultations: ConsultationService
    relay: RelayService
    escalation: EscalationService
    outbox: OutboxRepository
    mediation: MediationService


def build_consultation_services(
    db: Database,
    communities: CommunitiesConfig,
    staff_ids: frozenset[int],
    *,
    clock: Clock = system_clock,
    legal_aid_ids: frozenset[int] = frozenset(),
    mediation_followup_days: int = 30,
) -> ConsultationServices:
    """Build the consultation use cases over the open database ``db``.

    Args:
        db: The open database.
        communities: The deployment file (``load_communities``).
        staff_ids: Telegram ids of the staff (``Settings.staff_ids``).
        clock: Source of the current time (tests pass a fixed one).
        legal_aid_ids: Telegram ids of the legal-aid staff (``Settings.legal_aid_ids``),
            who take legal-aid pre-applications.
        mediation_followup_days: Days after a successful mediation its resident is asked
            whether the agreement was kept (``Settings.mediation_followup_days``).

    Returns:
        The services; call ``advisers.sync_config_advisers()`` once at start.
    """
    advisers = AdviserRepository(db)
    outbox = OutboxRepository(db)
    roster = AdviserService(db, advisers, communities, staff_ids, clock=clock, outbox=outbox)
    ctx = ConsultationContext(
        db=db,
        consultations=ConsultationRepository(db),
        consents=ConsentRepository(db),
        events=EventRepository(db),
        relay=RelayRepository(db),
        outbox=outbox,
        advisers=advisers,
        roster=roster,
        communities=communities,
        clock=clock,
        legal_aid_ids=legal_aid_ids,
        mediation_followup_days=mediation_followup_days,
    )
    consultations = ConsultationService(ctx)
    return ConsultationServices(
        advisers=roster,
        consultations=consultations,
        relay=RelayService(ctx),
        escalation=EscalationService(ctx),
        outbox=outbox,
        mediation=MediationService(ctx, consultations),
    )
