"""Bot API requests that ride out a passing server error before anyone sees an apology."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

__all__ = ["DEFAULT_BACKOFF", "RetryingRequest"]

log = logging.getLogger(__name__)

DEFAULT_BACKOFF: tuple[float, ...] = (0.2, 0.5, 1.0, 1.5)
"""Seconds before each retry of a request that met a server or connection error (3.2 s in
all: under 10 % faults, five failures in a row are needed before anyone sees an apology)."""


class RetryingRequest(HTTPXRequest):
    """An ``HTTPXRequest`` that retries 5xx answers and connection errors with short backoff.

    A 5xx answer or a refused/reset connection means Telegram did not take the call, so it is
    sent again after ``backoff[0]``, ``backoff[1]``… seconds; the last failure is raised as
    usual. A timed-out call is not retried: it may well have been delivered, and sending it
    twice would show the person the same message twice. A 429 is retried after its
    ``retry_after`` when that is at most ``max_retry_after`` seconds (0: never; leave it to
    PTB's ``AIORateLimiter`` when the bot has one). Not meant for ``getUpdates``, which PTB's
    updater already retries.
    """

    def __init__(
        self,
        *args: Any,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        max_retry_after: float = 0.0,
        **kwargs: Any,
    ) -> None:
        """Take ``HTTPXRequest``'s arguments, and the retry policy.

        Args:
            *args: Passed to ``HTTPXRequest``.
            backoff: Pause before each retry, in seconds; its length is the number of retries.
            max_retry_after: Longest ``retry_after`` of a 429 that is waited out here.
            **kwargs: Passed to ``HTTPXRequest``.
        """
        super().__init__(*args, **kwargs)
        self._backoff = tuple(backoff)
        self._max_retry_after = max_retry_after

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send the request, retrying as the class describes; return the last status and body."""
        endpoint = url.rsplit("/", 1)[-1]
        for attempt in range(len(self._backoff) + 1):
            last = attempt == len(self._backoff)
            try:
                code, payload = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except TimedOut:
                raise
            except NetworkError as exc:
                if last:
                    raise
                log.warning("Bot API %s failed (%s); retrying", endpoint, exc)
                await asyncio.sleep(self._backoff[attempt])
                continue
            if last:
                return code, payload
            if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                log.warning("Bot API %s answered %d; retrying", endpoint, code)
                await asyncio.sleep(self._backoff[attempt])
                continue
            if code == HTTPStatus.TOO_MANY_REQUESTS:
                wait = _retry_after(payload)
                if wait is not None and 0 < wait <= self._max_retry_after:
                    log.info("Bot API %s flood-limited; retrying in %s s", endpoint, wait)
                    await asyncio.sleep(wait)
                    continue
            return code, payload
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(payload: bytes) -> float | None:
    try:
        body = json.loads(payload)
        return float(body["parameters"]["retry_after"])
    except (ValueError, KeyError, TypeError):
        return None
