"""Who is who: roles, advisers from the deployment file, invites, staff administration."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from enum import StrEnum

from bot.communities import CommunitiesConfig
from bot.services.errors import AccessDenied, Conflict, ConflictReason, InvalidInput, NotFound
from bot.services.notices import InviteRedeemedNotice, NoticeKind
from bot.storage.advisers import Adviser, AdviserRepository, Invite
from bot.storage.clock import Clock, system_clock
from bot.storage.database import Database
from bot.storage.outbox import OutboxRepository
from bot.storage.transaction import transaction

__all__ = [
    "DEFAULT_INVITE_TTL",
    "MAX_ADVISER_NAME_CHARS",
    "AdviserService",
    "IssuedInvite",
    "Role",
    "token_hash",
]

log = logging.getLogger(__name__)

DEFAULT_INVITE_TTL = dt.timedelta(days=7)
"""How long an invite link stays valid unless the staff member says otherwise."""

MAX_ADVISER_NAME_CHARS = 64


class Role(StrEnum):
    """What a user may do; resolved once per update."""

    RESIDENT = "resident"
    ADVISER = "adviser"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class IssuedInvite:
    """A new invite and its token, which exists only here: the database keeps its hash."""

    token: str
    invite: Invite


def token_hash(token: str) -> str:
    """Return the SHA-256 (hex) of an invite token, as the database keeps it."""
    return hashlib.sha256(token.encode()).hexdigest()


class AdviserService:
    """Roles and the roster of advisers: sync from the file, invites, reassignment."""

    def __init__(
        self,
        db: Database,
        advisers: AdviserRepository,
        communities: CommunitiesConfig,
        staff_ids: frozenset[int],
        *,
        clock: Clock = system_clock,
        outbox: OutboxRepository | None = None,
    ) -> None:
        """Wire the service.

        Args:
            db: The database (for atomic groups of writes).
            advisers: The adviser repository.
            communities: The deployment file's configuration.
            staff_ids: Telegram ids of the staff (``STAFF_IDS``).
            clock: Source of the current time.
            outbox: Where the notice to an invite's creator goes (``None``: nobody is told).
        """
        self._db = db
        self._advisers = advisers
        self.communities = communities
        self.staff_ids = staff_ids
        self._clock = clock
        self._outbox = outbox

    def is_staff(self, user_id: int) -> bool:
        """Return whether ``user_id`` is a staff member."""
        return user_id in self.staff_ids

    async def active_adviser(self, user_id: int) -> Adviser | None:
        """Return ``user_id``'s adviser record if they are an active adviser."""
        adviser = await self._advisers.get(user_id)
        return adviser if adviser is not None and adviser.active else None

    async def was_deactivated(self, user_id: int) -> bool:
        """Return whether ``user_id`` is a registered adviser whose role was withdrawn."""
        adviser = await self._advisers.get(user_id)
        return adviser is not None and not adviser.active and not self.is_staff(user_id)

    async def duty_advisers(self) -> list[Adviser]:
        """Return the active duty advisers of the judicial office (transfer targets)."""
        return await self._advisers.active_duty()

    async def resolve_role(self, user_id: int) -> Role:
        """Return ``user_id``'s role: staff first, then active advisers, else resident."""
        if self.is_staff(user_id):
            return Role.STAFF
        if await self.active_adviser(user_id) is not None:
            return Role.ADVISER
        return Role.RESIDENT

    async def sync_config_advisers(self) -> int:
        """Register the advisers of the deployment file that have a ``telegram_id``.

        Advisers registered from the file earlier but no longer in it are deactivated;
        advisers who joined by invite are left alone unless the file now names them.

        Returns:
            How many advisers the file names with a ``telegram_id``.
        """
        now = self._clock()
        wanted: dict[int, tuple[str, str | None]] = {}
        for entry in self.communities.duty_advisers:
            if entry.telegram_id is not None:
                wanted[entry.telegram_id] = (entry.name, None)
        for community in self.communities.communities:
            for entry in community.advisers:
                if entry.telegram_id is not None:
                    wanted[entry.telegram_id] = (entry.name, community.id)
        async with transaction(self._db):
            for gone in await self._advisers.config_ids() - wanted.keys():
                log.info("adviser %s is no longer in the communities file: deactivated", gone)
                await self._advisers.set_active(gone, False)
            for telegram_id, (name, community_id) in wanted.items():
                await self._advisers.upsert(
                    telegram_id, name, community_id, source="config", now=now
                )
        return len(wanted)

    async def create_invite(
        self,
        staff_id: int,
        community_id: str | None,
        ttl: dt.timedelta = DEFAULT_INVITE_TTL,
    ) -> IssuedInvite:
        """Create a single-use invite for an adviser of ``community_id`` (``None``: duty).

        Args:
            staff_id: The staff member creating it.
            community_id: The community the new adviser will serve, or ``None`` for a duty
                adviser of the judicial office.
            ttl: How long the invite is valid.

        Returns:
            The invite and its token (22 url-safe characters, for the link; only its hash
            is stored, so it cannot be shown again).
        """
        self._require_staff(staff_id)
        self._require_community(community_id)
        if ttl <= dt.timedelta(0):
            raise InvalidInput(f"invite lifetime must be positive, got {ttl!r}", field="ttl")
        now = self._clock()
        token = secrets.token_urlsafe(16)
        invite = await self._advisers.add_invite(
            token_hash(token),
            community_id,
            created_by=staff_id,
            created_at=now,
            expires_at=now + ttl,
        )
        log.info("invite %d created by staff %s", invite.number, staff_id)
        return IssuedInvite(token=token, invite=invite)

    async def accept_invite(self, token: str, user_id: int, name: str) -> Adviser:
        """Register ``user_id`` as the adviser the invite ``token`` was made for.

        Someone already registered is moved to the invite's community and reactivated,
        unless a staff member deactivated them after the invite was made. The staff member
        who made the invite is told who used it (through the outbox).

        Args:
            token: The token from the invite link.
            user_id: Telegram id of the person who opened it.
            name: Their display name (1-64 characters).

        Returns:
            The registered adviser.

        Raises:
            NotFound: The token is unknown.
            Conflict: The invite was used, revoked or has expired, or it predates the
                person's deactivation (``INVITE_VOID``).
            InvalidInput: The name is empty or too long.
        """
        clean = " ".join(name.split())
        if not clean or len(clean) > MAX_ADVISER_NAME_CHARS:
            raise InvalidInput(f"adviser name must be 1-64 characters: {name!r}", field="name")
        now = self._clock()
        async with transaction(self._db):
            invite = await self._advisers.invite_by_hash(token_hash(token))
            if invite is None:
                raise NotFound("no invite with this token")
            self._check_usable(invite, now)
            known = await self._advisers.get(user_id)
            if (
                known is not None
                and known.deactivated_by_staff
                and invite.number <= known.void_invites_through
            ):
                raise Conflict(
                    f"invite {invite.number} predates the deactivation of {user_id}",
                    reason=ConflictReason.INVITE_VOID,
                )
            await self._advisers.use_invite(invite.number, user_id, now)
            adviser = await self._advisers.upsert(
                user_id, clean, invite.community_id, source="invite", now=now
            )
            if self._outbox is not None:
                notice = InviteRedeemedNotice(
                    invite_number=invite.number,
                    adviser_id=user_id,
                    adviser_name=adviser.name,
                    community_name=self._community_name(invite.community_id),
                )
                await self._outbox.enqueue(
                    invite.created_by, NoticeKind.INVITE_REDEEMED, notice.model_dump(), now=now
                )
        log.info("invite %d used", invite.number)
        return adviser

    @staticmethod
    def _check_usable(invite: Invite, now: dt.datetime) -> None:
        """Raise ``Conflict`` if ``invite`` was used or revoked, or has expired."""
        if invite.used_by is not None:
            raise Conflict(
                f"invite {invite.number} was already used", reason=ConflictReason.INVITE_USED
            )
        if invite.revoked_at is not None:
            raise Conflict(
                f"invite {invite.number} was revoked", reason=ConflictReason.INVITE_REVOKED
            )
        if invite.expires_at <= now:
            raise Conflict(
                f"invite {invite.number} expired at {invite.expires_at:%Y-%m-%d %H:%M} UTC",
                reason=ConflictReason.INVITE_EXPIRED,
            )

    async def open_invites(self, staff_id: int) -> list[Invite]:
        """Return the invites that can still be used, oldest first (staff only)."""
        self._require_staff(staff_id)
        return await self._advisers.open_invites(self._clock())

    async def revoke_invite(self, staff_id: int, number: int) -> Invite:
        """Void unused invite ``number`` (staff only); its link no longer registers anyone.

        Raises:
            NotFound: There is no invite ``number``.
            Conflict: It was used (``INVITE_USED``) or revoked already (``INVITE_REVOKED``).
        """
        self._require_staff(staff_id)
        async with transaction(self._db):
            invite = await self._advisers.get_invite(number)
            if invite is None:
                raise NotFound(f"no invite {number}")
            if invite.used_by is not None or invite.revoked_at is not None:
                self._check_usable(invite, self._clock())
            await self._advisers.revoke_invite(number, staff_id, self._clock())
            revoked = await self._advisers.get_invite(number)
        assert revoked is not None
        log.info("invite %d revoked by staff %s", number, staff_id)
        return revoked

    async def list_advisers(self, staff_id: int) -> list[Adviser]:
        """Return every adviser, active or not (staff only)."""
        self._require_staff(staff_id)
        return await self._advisers.list_all()

    async def reassign(self, staff_id: int, adviser_id: int, community_id: str | None) -> Adviser:
        """Move an adviser to ``community_id`` (``None``: make them a duty adviser; staff only).

        Consultations they have claimed stay with them.
        """
        self._require_staff(staff_id)
        self._require_community(community_id)
        async with transaction(self._db):
            if not await self._advisers.set_community(adviser_id, community_id):
                raise NotFound(f"no adviser {adviser_id}")
            return await self._get(adviser_id)

    async def deactivate(self, staff_id: int, adviser_id: int) -> Adviser:
        """Deactivate an adviser (staff only), for good: the file's sync does not undo it.

        They lose the adviser role at once. Their open consultations are released by
        ``EscalationService.deactivate_adviser`` (what /deactivate calls) in the same
        transaction, or else at the next escalation run.
        """
        self._require_staff(staff_id)
        async with transaction(self._db):
            if not await self._advisers.deactivate_by_staff(adviser_id, self._clock()):
                raise NotFound(f"no adviser {adviser_id}")
            return await self._get(adviser_id)

    async def _get(self, adviser_id: int) -> Adviser:
        adviser = await self._advisers.get(adviser_id)
        if adviser is None:
            raise NotFound(f"no adviser {adviser_id}")
        return adviser

    def _require_staff(self, user_id: int) -> None:
        if not self.is_staff(user_id):
            raise AccessDenied(f"user {user_id} is not staff")

    def _community_name(self, community_id: str | None) -> str | None:
        if community_id is None:
            return None
        community = self.communities.community(community_id)
        return community.name if community is not None else community_id

    def _require_community(self, community_id: str | None) -> None:
        if community_id is not None and self.communities.community(community_id) is None:
            raise InvalidInput(f"unknown community {community_id!r}", field="community_id")
