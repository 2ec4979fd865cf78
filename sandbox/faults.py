"""Trouble the sandbox server can be asked to make: injected errors, delays and a flood limit."""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sandbox.protocol import ApiError, Args
from sandbox.records import JSONDict

__all__ = ["TIMEOUT", "Fault", "FaultPlan", "FloodLimit", "RandomFaults"]

_RATE_LIMITED = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
TIMEOUT = "timeout"
"""A random fault that holds the response past the client's timeout, then executes the call."""
RANDOM_FAULT_METHODS = _RATE_LIMITED | {"answerCallbackQuery", "deleteMessage"}
"""Methods random faults hit by default: what the bot sends while handling updates."""
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: sandbox injected error",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Fault:
    """An error the next calls of a method meet instead of running."""

    error_code: int
    description: str
    parameters: JSONDict | None
    times: int
    chat_id: int | None = None


@dataclass
class _Delay:
    """A wait before the next calls of a method run."""

    seconds: float
    times: int
    chat_id: int | None = None


@dataclass
class RandomFaults:
    """Faults drawn at random for a share of the calls (see :meth:`FaultPlan.set_random`)."""

    rate: float
    codes: tuple[int | str, ...]
    methods: frozenset[str]
    timeout_seconds: float
    rng: random.Random
    injected: Counter[tuple[str, int | str]] = field(default_factory=Counter)
    """How many calls met each (method, code) so far."""

    def draw(self, method: str) -> int | str | None:
        """Return the fault this call of ``method`` meets (an error code or ``TIMEOUT``), if any."""
        if method.lower() not in self.methods or self.rng.random() >= self.rate:
            return None
        code = self.rng.choice(self.codes)
        self.injected[(method, code)] += 1
        return code


class FaultPlan:
    """Errors and delays waiting for the next calls of each method, and random faults."""

    def __init__(self) -> None:
        """Start with none."""
        self._faults: dict[str, list[Fault]] = {}
        self._delays: dict[str, list[_Delay]] = {}
        self.random: RandomFaults | None = None

    def set_random(
        self,
        *,
        rate: float,
        codes: Iterable[int | str] = (500, 502, TIMEOUT),
        methods: Iterable[str] | None = None,
        seed: int | None = None,
        timeout_seconds: float = 5.0,
    ) -> RandomFaults:
        """Make a share ``rate`` of the calls of ``methods`` fail at random.

        An error code fails the call without executing it (as a Telegram 5xx does). ``TIMEOUT``
        holds the response ``timeout_seconds`` (set it past the client's timeout), then
        executes the call: the client gave up, yet the message is sent.

        Args:
            rate: Share of the calls that fail, 0 to 1 (0 turns random faults off).
            codes: The faults drawn from, uniformly: HTTP error codes and/or ``TIMEOUT``.
            methods: Bot API method names (default: sending, editing and answering methods).
            seed: Seed of the draws, for a repeatable run.
            timeout_seconds: How long a ``TIMEOUT`` holds the response.

        Returns:
            The random faults, whose ``injected`` counts what was injected.

        Raises:
            ValueError: If ``rate`` is outside 0..1, ``codes`` is empty or holds an unknown
                fault.
        """
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
        drawn = tuple(codes)
        bad = [c for c in drawn if c != TIMEOUT and not (isinstance(c, int) and 400 <= c <= 599)]
        if not drawn or bad:
            raise ValueError(f"codes must be HTTP error codes or {TIMEOUT!r}, got {drawn!r}")
        names = RANDOM_FAULT_METHODS if methods is None else frozenset(methods)
        self.random = RandomFaults(
            rate,
            drawn,
            frozenset(name.lower() for name in names),
            timeout_seconds,
            random.Random(seed),
        )
        return self.random

    def clear_random(self) -> None:
        """Turn random faults off."""
        self.random = None

    def take_random(self, method: str) -> int | str | None:
        """Return the random fault the next call of ``method`` meets (None: none)."""
        return None if self.random is None else self.random.draw(method)

    @staticmethod
    def error_for(code: int) -> Fault:
        """Return a one-off fault with ``code`` and its Telegram-like description."""
        description = _DEFAULT_DESCRIPTIONS.get(code, "Internal Server Error")
        parameters = {"retry_after": 1} if code == 429 else None
        if code == 429:
            description = "Too Many Requests: retry after 1"
        return Fault(code, description, parameters, 1)

    def fail_next(
        self,
        method: str,
        *,
        error_code: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail without executing.

        Args:
            method: Bot API method name (case-insensitive).
            error_code: HTTP status / error_code (default 429 with ``retry_after``,
                else 400).
            description: Error description (default: Telegram-like for the code).
            retry_after: Adds ``parameters.retry_after`` (PTB raises ``RetryAfter``).
            times: How many calls fail.
            chat_id: Only calls for this ``chat_id`` fail (all calls when ``None``).
        """
        code = error_code if error_code is not None else (429 if retry_after else 400)
        if description is None:
            if code == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(code, "Internal Server Error")
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        self._faults.setdefault(method.lower(), []).append(
            Fault(code, description, parameters, times, chat_id)
        )

    def delay_next(
        self, method: str, seconds: float, times: int = 1, *, chat_id: int | None = None
    ) -> None:
        """Delay the next ``times`` calls of ``method`` by ``seconds``.

        The call is still executed after the delay, even if the client gave up
        (as with the real server, a client-side timeout does not undo a request).

        Args:
            method: Bot API method name (case-insensitive).
            seconds: Delay before processing.
            times: How many calls are delayed.
            chat_id: Only calls for this ``chat_id`` are delayed (all calls when ``None``).
        """
        self._delays.setdefault(method.lower(), []).append(_Delay(seconds, times, chat_id))

    def delays_left(self, method: str) -> int:
        """Return how many calls of ``method`` are still to be delayed."""
        return sum(delay.times for delay in self._delays.get(method.lower(), []))

    def take_fault(self, method: str, chat_id: object) -> Fault | None:
        """Return the fault the next call of ``method`` for ``chat_id`` meets, if any."""
        queue = self._faults.get(method.lower())
        if not queue:
            return None
        for index, fault in enumerate(queue):
            if fault.chat_id is None or str(fault.chat_id) == str(chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    queue.pop(index)
                return fault
        return None

    def take_delay(self, method: str, chat_id: object = None) -> float:
        """Return how long the next call of ``method`` for ``chat_id`` waits first (0: none)."""
        queue = self._delays.get(method.lower())
        if not queue:
            return 0.0
        for index, delay in enumerate(queue):
            if delay.chat_id is None or str(delay.chat_id) == str(chat_id):
                delay.times -= 1
                if delay.times <= 0:
                    queue.pop(index)
                return delay.seconds
        return 0.0


class FloodLimit:
    """Telegram's flood limits on send and edit methods, as token buckets.

    Per chat (a private chat: about 1 a second), per group (20 a minute: chats with a
    negative id or an ``@username``) and for the whole bot (about 30 a second). Each is off
    when ``None``. A call over any of them is answered ``429`` with ``retry_after``, as
    Telegram does; :attr:`refused` counts those answers.
    """

    def __init__(
        self,
        per_chat_per_second: float | None,
        *,
        group_per_minute: float | None = None,
        overall_per_second: float | None = None,
    ) -> None:
        """Set the limits a second per chat and for the bot, a minute per group (None: off)."""
        self.per_chat_per_second = per_chat_per_second
        self.group_per_minute = group_per_minute
        self.overall_per_second = overall_per_second
        self.refused = 0
        self._buckets: dict[tuple[str, int | str], tuple[float, float]] = {}

    def check(self, method: str, args: Args) -> None:
        """Raise ``429 Too Many Requests`` if this call goes over a limit."""
        if method not in _RATE_LIMITED:
            return
        try:
            chat_key: int | str | None = args.get_chat_ref("chat_id")
        except ApiError:
            return
        if chat_key is None:
            return
        # (bucket, refill a second, capacity) of each limit this call counts against.
        limits: list[tuple[tuple[str, int | str], float, float]] = []
        if self.overall_per_second:
            limits.append((("all", ""), self.overall_per_second, self.overall_per_second))
        if isinstance(chat_key, str) or chat_key < 0:
            if self.group_per_minute:
                limits.append((("group", chat_key), self.group_per_minute / 60.0, 1.0))
        elif self.per_chat_per_second:
            rate = self.per_chat_per_second
            limits.append((("chat", chat_key), rate, max(1.0, rate)))
        now = time.monotonic()
        # All are checked before any is spent: a refused call spends nothing.
        left: list[tuple[tuple[str, int | str], float]] = []
        for key, rate, capacity in limits:
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            if tokens < 1.0:
                self.refused += 1
                retry_after = max(1, math.ceil((1.0 - tokens) / rate))
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after},
                )
            left.append((key, tokens))
        for key, tokens in left:
            self._buckets[key] = (tokens - 1.0, now)
