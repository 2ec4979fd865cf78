"""A resident's own data: what the bot holds, a copy of it, withdrawing consent, forgetting.

Every use case takes the id of the user who asks and only ever reads or erases that user's
rows: there is no way to name somebody else. The live state of a conversation (PTB's
``user_data`` and conversation handlers) is the handler's to end; this module erases what is
stored.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from bot.services.consultations import Outcome
from bot.services.errors import ServiceError
from bot.services.privacy_publicity import PublicityHoldings, publicity_holdings
from bot.storage.clock import Clock, system_clock, to_db
from bot.storage.database import Database
from bot.storage.privacy import ForgetResult, Holdings, PrivacyRepository, dumps_holdings
from bot.storage.transaction import transaction

__all__ = [
    "HELD_OUTCOMES",
    "ActiveConsultation",
    "PrivacyService",
    "PrivacySummary",
    "PublicityHoldings",
]

log = logging.getLogger(__name__)

HELD_OUTCOMES: tuple[Outcome, ...] = (Outcome.LEGAL_AID, Outcome.MEDIATION)
"""Consultations referred to legal aid or people's mediation are kept (archive hold); a
pre-application or a mediation request closes with these outcomes too but is no referral."""


class ActiveConsultation(ServiceError):
    """The resident's consultation is still open or claimed: it must end before forgetting."""

    def __init__(self, number: int) -> None:
        super().__init__(f"consultation #{number} is still active")
        self.number = number


@dataclass(frozen=True, slots=True)
class PrivacySummary:
    """How much the bot holds about one resident."""

    questions: int
    consultations: int
    messages: int
    contacts: int
    """Consultations that hold the resident's name or phone."""
    drafts: int
    """Unfinished conversations and stored drafts."""
    pending: int
    """Updates taken from Telegram and not handled yet."""
    held: tuple[int, ...]
    """Consultations that would be kept under an archive hold."""
    active: int | None
    """The open or claimed consultation, if any."""
    cases: int = 0
    """Legal-aid pre-applications and mediation requests among the consultations."""
    publicity: PublicityHoldings = field(default_factory=PublicityHoldings)
    """The 普法 part: subscription, quiz series, nickname, check-ins, reminder."""

    @property
    def empty(self) -> bool:
        """Whether nothing at all is stored."""
        return not (
            self.questions
            or self.consultations
            or self.messages
            or self.drafts
            or self.pending
            or not self.publicity.empty
        )


class PrivacyService:
    """See, export, withdraw consent and forget, always for the asking user only."""

    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        """Use ``db``; ``clock`` dates the export and the erasure."""
        self._db = db
        self._repository = PrivacyRepository(db)
        self._clock = clock

    def now(self) -> dt.datetime:
        """Return the current time of the service's clock."""
        return self._clock()

    async def summary(self, user_id: int, *, handling: int | None = None) -> PrivacySummary:
        """Return how much is stored about ``user_id``.

        Args:
            user_id: The person asking.
            handling: The ``update_id`` being handled now (their /privacy): in the inbox
                until it is answered, but not a message still waiting.
        """
        holdings = await self._repository.holdings(user_id)
        consultations = holdings["consultations"]
        return PrivacySummary(
            questions=len(holdings["questions"]),
            consultations=len(consultations),
            messages=len(holdings["messages"]),
            contacts=sum(1 for row in consultations if row["contact_name"] or row["contact_phone"]),
            # One unfinished draft is both its conversation's state and the draft in user data.
            drafts=max(len(holdings["drafts"]), len(holdings["conversations"])),
            pending=sum(1 for row in holdings["pending_updates"] if row["update_id"] != handling),
            held=_held(holdings),
            cases=len(holdings["legal_aid_applications"]) + len(holdings["mediation_requests"]),
            active=await self._repository.active_consultation(user_id),
            publicity=publicity_holdings(holdings),
        )

    async def active_consultation(self, user_id: int) -> int | None:
        """Return the number of ``user_id``'s open or claimed consultation, if any."""
        return await self._repository.active_consultation(user_id)

    async def export(self, user_id: int) -> bytes:
        """Return everything stored about ``user_id`` as UTF-8 JSON."""
        holdings = await self._repository.holdings(user_id)
        body = json.loads(dumps_holdings(holdings))
        document = {"exported_at": to_db(self._clock()), "user_id": user_id, **body}
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

    async def withdraw_consent(self, user_id: int) -> int:
        """Clear ``user_id``'s contact details everywhere; return how many cases had them."""
        return await self._repository.withdraw_consent(user_id, now=self._clock())

    async def forget(self, user_id: int) -> ForgetResult:
        """Erase ``user_id``'s data, keeping the counted rows under a pseudonym.

        Raises:
            ActiveConsultation: a consultation is open or claimed (its adviser is working on it).
        """
        async with transaction(self._db):
            active = await self._repository.active_consultation(user_id)
            if active is not None:
                raise ActiveConsultation(active)
            result = await self._repository.forget(
                user_id, held_outcomes=[o.value for o in HELD_OUTCOMES], now=self._clock()
            )
        # The write-ahead log still holds the pages as they were, the forgotten words in
        # them; a reader in the way leaves that to a later checkpoint.
        if not await self._db.truncate_log():
            log.info("forget: the write-ahead log is still read; emptied at a later checkpoint")
        return result


def _held(holdings: Holdings) -> tuple[int, ...]:
    held = {outcome.value for outcome in HELD_OUTCOMES}
    return tuple(
        int(row["id"])
        for row in holdings["consultations"]
        if row["status"] == "closed" and row["outcome"] in held and row["kind"] == "consultation"
    )
