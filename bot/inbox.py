"""Updates survive a kill: each is stored before Telegram is told it arrived, until handled.

PTB confirms the updates of one ``getUpdates`` call with the next call, before they are
handled, so a kill at the wrong moment used to lose the questions in hand. :class:`InboxBot`
writes every update it takes to the inbox table (one transaction per call) before it returns
them; the update processor tells :class:`UpdateInbox` when each one was handled, and the row
is deleted; at start-up the rows still there are handed to the application first, in order,
and the first poll confirms everything taken before (so Telegram does not deliver it again).

A replayed update has no second visible effect: every Bot API call made while handling an
update in hand is numbered and, once Telegram accepted it, kept in the :mod:`bot.sent_journal`;
on replay the handler runs again (its database effects are idempotent, keyed on the message)
and its first calls, those already accepted, are answered from the journal instead of
Telegram. A call the journal holds for another method or chat than the handler now makes
(the handler took another branch) is made for real. The numbering is deterministic: one
chat's updates are handled one at a time, in order, and a handler makes its calls in turn.
A replayed button press whose answer Telegram refuses as already given or too old (the
first answer was in flight at the kill) counts as answered: the handler goes on, and the
person is not told that something failed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot.sent_journal import SentCall, SentJournal
from bot.storage.clock import Clock, system_clock
from bot.storage.database import StorageError
from bot.storage.inbox import InboxRepository, PendingUpdate
from bot.update_processor import handling

__all__ = ["STARTUP_BACKOFF", "Call", "InboxBot", "UpdateInbox"]

log = logging.getLogger(__name__)

STARTUP_BACKOFF: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
"""Seconds between attempts to reach the Bot API at start-up (``getMe``)."""
UNCONFIRMED_KEPT = dt.timedelta(hours=24)
"""How long Telegram keeps an update nobody confirmed."""


@dataclass(frozen=True, slots=True)
class Call:
    """A Bot API call made while handling an update in hand."""

    update_id: int
    seq: int
    method: str
    target: str
    replayed: SentCall | None = None
    """What Telegram answered to this call before a kill (it is not made again)."""


class UpdateInbox:
    """The updates taken from Telegram and not handled yet, kept in SQLite."""

    def __init__(
        self,
        repository: InboxRepository,
        clock: Clock = system_clock,
        journal: SentJournal | None = None,
    ) -> None:
        """Keep the updates in ``repository``, stamped with ``clock``.

        Args:
            repository: The inbox table.
            clock: Source of the current time.
            journal: Where the calls Telegram accepted for each update are kept (``None``:
                nowhere, so a replay sends again what was sent before a kill).
        """
        self._repository = repository
        self._clock = clock
        self._journal = journal or SentJournal(None)
        self._in_hand: set[int] = set()
        self._replaying: set[int] = set()
        self._calls_made: dict[int, int] = {}
        self._sent_before: dict[int, dict[int, SentCall]] = {}

    async def take(
        self, updates: Sequence[Update], payloads: Mapping[int, str] | None = None
    ) -> bool:
        """Store ``updates`` (one transaction); return whether they are stored.

        ``payloads``: the JSON Telegram sent, by update id, stored as it came; an update
        missing there is stored as PTB writes it back (``to_json``, some 15 times slower).

        When the database cannot be written (locked by another process, disk full) the
        updates are still handled, without a safety copy: answering people now beats holding
        their questions until the database is back.
        """
        sent = payloads or {}
        try:
            await self._repository.add(
                [
                    PendingUpdate(update.update_id, sent.get(update.update_id) or update.to_json())
                    for update in updates
                ],
                now=self._clock(),
            )
        except (aiosqlite.Error, StorageError) as exc:
            log.warning("inbox: %d update(s) handled without a stored copy: %s", len(updates), exc)
            return False
        self._in_hand.update(update.update_id for update in updates)
        return True

    async def done(
        self, update: object, *, along: Callable[[], Awaitable[None]] | None = None
    ) -> bool:
        """Forget ``update`` now it was handled (or refused).

        Args:
            update: The update.
            along: Writes the update's handling left (its conversation state and draft), made
                in the same transaction as the removal: a kill leaves both or neither.

        Returns:
            Whether ``along`` was committed (``False``: rolled back with the removal; the
            update stays pending).
        """
        if not isinstance(update, Update) or update.update_id not in self._in_hand:
            if along is not None:
                await along()
            return True
        update_id = update.update_id
        self._in_hand.discard(update_id)
        self._replaying.discard(update_id)
        self._calls_made.pop(update_id, None)
        self._sent_before.pop(update_id, None)
        try:
            await self._repository.remove(update_id, along=along)
        except (aiosqlite.Error, StorageError, TypeError, ValueError) as exc:
            # (TypeError, ValueError: a draft value JSON cannot hold, from the along writes.)
            # It stays pending and is handled again at the next start (its journal with it).
            log.warning("inbox: update %d handled but not removed: %s", update_id, exc)
            return False
        self._journal.forget(update_id)
        return True

    def call(self, update: object, method: str, data: dict[str, Any]) -> Call | None:
        """Number a Bot API call made while handling ``update``; ``None``: not in hand.

        Returns:
            The call, with what Telegram answered to it before a kill when it was made then.
        """
        if not isinstance(update, Update) or update.update_id not in self._in_hand:
            return None
        update_id = update.update_id
        seq = self._calls_made.get(update_id, 0)
        self._calls_made[update_id] = seq + 1
        target = str(data.get("chat_id", data.get("callback_query_id", "")))
        before = self._sent_before.get(update_id, {}).pop(seq, None)
        if before is not None and (before.method, before.target) != (method, target):
            log.warning(
                "inbox: replay of update %d took another turn at call %d (%s, not %s); sent",
                update_id,
                seq,
                method,
                before.method,
            )
            before = None
        return Call(update_id, seq, method, target, before)

    def replaying(self, call: Call) -> bool:
        """Whether ``call`` is made while handling an update again after a stop or a kill."""
        return call.update_id in self._replaying

    def accepted(self, call: Call, result: object) -> None:
        """Record that Telegram accepted ``call``, answering ``result`` (before anything else)."""
        if call.update_id in self._in_hand:
            self._journal.record(
                call.update_id, SentCall(call.seq, call.method, call.target, result)
            )

    async def replay(self, bot: Bot, queue: asyncio.Queue[object]) -> int:
        """Put the updates a stop or a kill left unhandled on ``queue``; return how many."""
        pending = await self._repository.pending()
        self._sent_before = self._journal.load({row.update_id for row in pending})
        for row in pending:
            update = Update.de_json(json.loads(row.payload), bot)
            self._in_hand.add(update.update_id)
            self._replaying.add(update.update_id)
            await queue.put(update)
        return len(pending)

    async def resume_offset(self) -> int | None:
        """Return the offset that confirms every update taken before (``None``: no need).

        Telegram keeps an unconfirmed update for 24 hours at most, and after a week without
        updates it numbers the next one afresh (possibly lower): an older mark is not used.
        """
        last = await self._repository.last_taken()
        if last is None or self._clock() - last[1] > UNCONFIRMED_KEPT:
            return None
        return last[0] + 1


class _Feed:
    """Where :class:`InboxBot` stores what it takes (set once the database is open)."""

    def __init__(self) -> None:
        self.inbox: UpdateInbox | None = None
        self.resume_from: int | None = None
        self.payloads: dict[int, str] = {}
        """The JSON of each update the last ``getUpdates`` returned, by update id."""


class InboxBot(ExtBot[None]):
    """An ``ExtBot`` that stores the updates it takes, and retries its start-up.

    ``get_updates`` returns only after the updates are in the inbox, so PTB's next poll (which
    confirms them to Telegram) can no longer lose them. Every other call made while handling
    an update in hand goes through the inbox's journal (a replay does not repeat what Telegram
    accepted before a kill). ``initialize`` (``getMe``) is retried with growing pauses on
    network and server errors; a rejected token fails at once.
    """

    def __init__(
        self, *args: Any, startup_backoff: Sequence[float] = STARTUP_BACKOFF, **kwargs: Any
    ) -> None:
        """Take ``ExtBot``'s arguments, and the pauses between start-up attempts."""
        # Set before ExtBot.__init__, which freezes the object's attributes.
        self._feed = _Feed()
        self._startup_backoff = tuple(startup_backoff)
        super().__init__(*args, **kwargs)

    def attach_inbox(self, inbox: UpdateInbox, resume_from: int | None) -> None:
        """Store every update taken from now on in ``inbox``.

        Args:
            inbox: The open inbox.
            resume_from: The offset of the first poll, confirming the updates taken before.
        """
        self._feed.inbox = inbox
        self._feed.resume_from = resume_from

    async def initialize(self) -> None:
        """Reach the Bot API (``getMe``), retrying passing failures with growing pauses."""
        for pause in (*self._startup_backoff, None):
            try:
                await super().initialize()
                return
            except InvalidToken:
                raise
            except BadRequest:
                raise
            except (NetworkError, RetryAfter) as exc:
                if pause is None:
                    raise
                log.warning("Bot API not reachable at start-up (%s); retrying in %s s", exc, pause)
                await asyncio.sleep(pause)

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: Any = None,  # noqa: ASYNC109 (the Bot API long-poll parameter)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
        api_kwargs: dict[str, Any] | None = None,
    ) -> tuple[Update, ...]:
        """Fetch updates as ``ExtBot`` does, and store them before returning them."""
        feed = self._feed
        if feed.resume_from is not None and (offset or 0) < feed.resume_from:
            offset = feed.resume_from
        updates = await super().get_updates(
            offset=offset,
            limit=limit,
            timeout=timeout,
            allowed_updates=allowed_updates,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        feed.resume_from = None
        payloads, feed.payloads = feed.payloads, {}
        if updates and feed.inbox is not None:
            await feed.inbox.take(updates, payloads)
        return updates

    async def _do_post(
        self,
        endpoint: str,
        data: dict[str, Any],
        *,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> Any:
        """Make the call, or answer it from the journal when it was accepted before a kill."""
        polling = endpoint == "getUpdates"
        inbox = self._feed.inbox
        call = None if inbox is None or polling else inbox.call(handling(), endpoint, data)
        if call is not None and call.replayed is not None:
            return call.replayed.result
        try:
            result = await super()._do_post(
                endpoint,
                data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except BadRequest as exc:
            if inbox is None or call is None or not _answered_before(inbox, call, exc):
                raise
            # The press was answered before the kill (that answer was in flight), or it is
            # too old to answer now: either way there is nothing left to show, and nothing
            # to apologise for; the handler goes on.
            log.info("inbox: replayed update %d: its button press was answered", call.update_id)
            result = True
        if polling:  # kept as sent, for the inbox (get_updates stores them)
            self._feed.payloads = _payloads(result)
        elif inbox is not None and call is not None:
            inbox.accepted(call, result)
        return result


_QUERY_TOO_OLD = "query is too old"


def _payloads(result: object) -> dict[int, str]:
    """Return each update of a ``getUpdates`` result as JSON text, by update id."""
    if not isinstance(result, list):
        return {}
    return {
        raw["update_id"]: json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
        for raw in result
        if isinstance(raw, dict) and isinstance(raw.get("update_id"), int)
    }


def _answered_before(inbox: UpdateInbox, call: Call, error: BadRequest) -> bool:
    """Whether ``error`` refuses to answer a callback query of a replayed update again."""
    return (
        call.method == "answerCallbackQuery"
        and inbox.replaying(call)
        and _QUERY_TOO_OLD in error.message.lower()
    )
