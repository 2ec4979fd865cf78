"""Staff maintain the knowledge base from the chat: export, upload, fill gaps, read the log.

Every use case first checks that the user is staff. A change is checked on a staged copy of
the knowledge folder with the loader's own checks, the new index is built, then, in one
database transaction, the change is logged and the files are replaced (each atomically, the
old version kept in ``.history``); last the new knowledge base is swapped in, so searches
already running finish on the old one. Changes are made one at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.services.errors import AccessDenied, Conflict, ConflictReason, InvalidInput, NotFound
from bot.services.kb_files import (
    RejectReason,
    Staged,
    UploadRejected,
    export_zip,
    history_paths,
    read_upload,
    replace_files,
    stage,
)
from bot.services.kb_samples import SampleNotAdded, with_sample_question
from bot.services.masking import mask_personal
from bot.services.questions import QuestionService
from bot.services.stats import StatsService
from bot.storage.clock import Clock, system_clock
from bot.storage.database import Database
from bot.storage.kb_log import KbChange, KbChangeKind, KbChangeLog, NewKbChange
from bot.storage.transaction import transaction
from knowledge import Decision, Item, KnowledgeBase

__all__ = [
    "GAPS_PERIOD",
    "Applied",
    "Attached",
    "Export",
    "Gap",
    "GapCandidate",
    "KbAdminService",
    "KbChange",
    "KbChangeKind",
    "RejectReason",
    "UploadRejected",
]

GAPS_PERIOD = "近90天"
"""The unanswered questions /kb gaps lists: those of the last 90 days, as /stats counts them."""
CANDIDATES = 3
"""How many items a gap may be attached to: the knowledge base's top candidates for it."""


@dataclass(frozen=True, slots=True)
class Export:
    """The knowledge folder's items as a zip."""

    filename: str
    data: bytes
    items: int


@dataclass(frozen=True, slots=True)
class Applied:
    """What a change did: the log entries it made and the size of the knowledge base after."""

    changes: tuple[NewKbChange, ...]
    items: int


@dataclass(frozen=True, slots=True)
class GapCandidate:
    """An item a gap may be attached to."""

    item_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Gap:
    """An unanswered question (masked, asked by two residents or more) and where it may go."""

    key: str
    """A short digest of ``text`` that buttons carry."""
    text: str
    count: int
    residents: int
    candidates: tuple[GapCandidate, ...]


@dataclass(frozen=True, slots=True)
class Attached:
    """A gap attached to an item as a sample question."""

    item_id: str
    title: str
    text: str
    answered_now: bool
    """Whether the knowledge base now answers the question with that item."""


def gap_key(text: str) -> str:
    """Return the digest of a gap's masked text that its buttons carry."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


class KbAdminService:
    """The staff's knowledge-base maintenance use cases."""

    def __init__(
        self,
        directory: Path,
        *,
        db: Database,
        questions: QuestionService,
        stats: StatsService,
        is_staff: Callable[[int], bool],
        require_topics: bool,
        clock: Clock = system_clock,
    ) -> None:
        """Wire the use cases.

        Args:
            directory: The deployment's knowledge folder (``KNOWLEDGE_DIR``).
            db: The bot's database (the change log).
            questions: The Q&A service whose knowledge base is replaced after a change.
            stats: The tallies, for the unanswered questions.
            is_staff: Whether a user id is staff.
            require_topics: Whether the folder must cover ``topics.yaml`` (as the bot's start
                requires of it).
            clock: Source of the current time.
        """
        self.directory = directory
        self._db = db
        self._log = KbChangeLog(db)
        self._questions = questions
        self._stats = stats
        self._is_staff = is_staff
        self._require_topics = require_topics
        self._clock = clock
        self._lock = asyncio.Lock()

    def require_staff(self, user_id: int) -> None:
        """Raise ``AccessDenied`` unless ``user_id`` is staff."""
        if not self._is_staff(user_id):
            raise AccessDenied(f"user {user_id} is not staff")

    async def export(self, user_id: int) -> Export:
        """Return the knowledge folder's items as a zip."""
        self.require_staff(user_id)
        data, items = await asyncio.to_thread(export_zip, self.directory)
        stamp = self._clock().strftime("%Y%m%d")
        return Export(filename=f"knowledge-items-{stamp}.zip", data=data, items=items)

    async def upload(self, user_id: int, file_name: str, data: bytes) -> Applied:
        """Check and apply an uploaded item file (``<id>.yaml``) or a zip of item files.

        Raises:
            AccessDenied: The user is not staff.
            UploadRejected: Nothing was changed; its reason and problems say why.
        """
        self.require_staff(user_id)
        files = read_upload(file_name, data)
        async with self._lock:
            staged = await self._stage(files)
            kinds = {
                name: KbChangeKind.ADDED if name in staged.added else KbChangeKind.UPDATED
                for name in staged.changed
            }
            return await self._apply(user_id, staged, kinds, {})

    async def gaps(self, user_id: int) -> list[Gap]:
        """Return the unanswered questions the knowledge base still cannot answer.

        They are /stats's list (masked, asked by two residents or more) over ``GAPS_PERIOD``,
        each with the items it may be attached to.
        """
        self.require_staff(user_id)
        kb = self._questions.kb
        gaps = []
        for gap in await self._all_gaps(kb):
            if kb.search(gap.text).decision is not Decision.ANSWER:
                gaps.append(gap)
        return gaps

    async def gap(self, user_id: int, key: str) -> Gap:
        """Return the listed gap whose digest is ``key``.

        Raises:
            AccessDenied: The user is not staff.
            NotFound: No listed unanswered question has that digest (any more).
        """
        self.require_staff(user_id)
        found = next((g for g in await self._all_gaps(self._questions.kb) if g.key == key), None)
        if found is None:
            raise NotFound(f"no unanswered question {key!r}")
        return found

    async def attach(
        self,
        user_id: int,
        key: str,
        item_id: str,
        *,
        accepted: Callable[[], Awaitable[object]] | None = None,
    ) -> Attached:
        """Add the gap ``key`` to item ``item_id`` as a sample question, and rebuild.

        Args:
            user_id: The staff member.
            key: The gap's digest.
            item_id: One of the gap's candidate items.
            accepted: Awaited once the request is found valid, before the (slower) checks of
                the changed file and the rebuild; e.g. to acknowledge a button at once.

        Raises:
            AccessDenied: The user is not staff.
            NotFound: The gap is no longer listed.
            InvalidInput: The item is not one of the gap's candidates (``field="item"``).
            Conflict: The item already has that sample question (``ALREADY_YOURS``).
            UploadRejected: The item file would fail the checks afterwards.
        """
        gap = await self.gap(user_id, key)
        async with self._lock:
            kb = self._questions.kb
            item = kb.get(item_id)
            if item is None or item_id not in {c.item_id for c in gap.candidates}:
                raise InvalidInput(f"item {item_id!r} is not a candidate", field="item")
            if gap.text in item.questions:
                raise Conflict(f"{item_id} already has it", reason=ConflictReason.ALREADY_YOURS)
            name = f"{item_id}.yaml"
            path = self.directory / name
            try:
                text = with_sample_question(path.read_text(encoding="utf-8"), gap.text)
            except (OSError, SampleNotAdded):
                raise InvalidInput(f"cannot add to {name}", field="item") from None
            if accepted is not None:
                await accepted()
            staged = await self._stage({name: text.encode()})
            kinds = {name: KbChangeKind.SAMPLE}
            await self._apply(user_id, staged, kinds, {name: gap.text})
        found = self._questions.kb.search(gap.text)
        answered = (
            found.decision is Decision.ANSWER
            and found.top is not None
            and found.top.item.id == item_id
        )
        return Attached(item_id=item_id, title=item.title, text=gap.text, answered_now=answered)

    async def changes(self, user_id: int, limit: int = 20) -> list[KbChange]:
        """Return the latest changes to the knowledge base, newest first."""
        self.require_staff(user_id)
        return await self._log.latest(limit)

    async def _all_gaps(self, kb: KnowledgeBase) -> list[Gap]:
        report = await self._stats.summary(self._stats.period(GAPS_PERIOD))
        gaps = []
        for listed in report.top_unanswered:
            text = " ".join(mask_personal(listed.text).split())
            candidates = tuple(
                GapCandidate(c.item.id, c.item.title)
                for c in kb.search(text, limit=CANDIDATES).candidates
            )
            gaps.append(Gap(gap_key(text), text, listed.count, listed.residents, candidates))
        return gaps

    async def _stage(self, files: Mapping[str, bytes]) -> Staged:
        return await asyncio.to_thread(
            stage, self.directory, files, require_topics=self._require_topics
        )

    async def _apply(
        self,
        user_id: int,
        staged: Staged,
        kinds: Mapping[str, KbChangeKind],
        details: Mapping[str, str],
    ) -> Applied:
        """Build the new index, log and write the change in one transaction, then swap."""
        current = self._questions.kb
        rebuilt = await asyncio.to_thread(_build, staged.items, current)
        now = self._clock()
        stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = history_paths(self.directory, staged.changed, stamp)
        changes = tuple(
            NewKbChange(
                staff_id=user_id,
                item_id=Path(name).stem,
                kind=kinds[name],
                detail=details.get(name) or kept.get(name, ""),
            )
            for name in sorted(staged.changed)
        )
        # Logged first: files that cannot be written roll the log back.
        async with transaction(self._db):
            await self._log.add(changes, now)
            await asyncio.to_thread(replace_files, self.directory, staged.changed, kept)
        self._questions.use_knowledge(rebuilt)
        return Applied(changes=changes, items=len(rebuilt.items))


def _build(items: Sequence[Item], current: KnowledgeBase) -> KnowledgeBase:
    """Index ``items`` like ``current``, its category classifier built too (it takes a while)."""
    rebuilt = KnowledgeBase(items, thresholds=current.thresholds)
    _ = rebuilt.classifier
    return rebuilt
