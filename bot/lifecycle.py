"""Run an application inside an already running event loop, as PTB's ``run_*`` methods do."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from telegram.ext import Application, Updater

__all__ = ["OrderlyApplication", "serving"]

log = logging.getLogger(__name__)


class OrderlyApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An application whose shutdown waits for a start-up still under way.

    PTB's ``run_polling`` and ``run_webhook`` turn SIGTERM and SIGINT into a ``SystemExit``
    raised in the event loop: when it comes during ``initialize`` or ``post_init``, that
    coroutine is left running while ``shutdown`` and ``post_shutdown`` close the bot and the
    database under it ("Cannot operate on a closed database", or an aiosqlite thread calling
    a closed loop). Here ``shutdown`` first lets the start-up finish, then stops as usual.
    """

    def __init__(self, **kwargs: Any) -> None:
        """Take PTB's arguments; ``post_init`` is wrapped so its task is known while it runs."""
        super().__init__(**kwargs)
        self._start_up: asyncio.Task[Any] | None = None
        post_init = self.post_init
        if post_init is not None:

            async def noted_post_init(
                application: Application[Any, Any, Any, Any, Any, Any],
            ) -> None:
                async with self._starting():
                    await post_init(application)

            self.post_init = noted_post_init

    @contextlib.asynccontextmanager
    async def _starting(self) -> AsyncIterator[None]:
        """Mark the current task as the start-up for the duration of the block."""
        self._start_up = asyncio.current_task()
        try:
            yield
        finally:
            self._start_up = None

    async def initialize(self) -> None:
        """Initialize as PTB does, known as the start-up while it runs."""
        async with self._starting():
            await super().initialize()

    async def shutdown(self) -> None:
        """Let an interrupted start-up finish (it is another task), then shut down as PTB does."""
        start_up = self._start_up
        if start_up is not None and start_up is not asyncio.current_task():
            log.info("stop requested during start-up: the start-up finishes first")
            try:
                await start_up
            except Exception:
                log.exception("the start-up interrupted by the stop failed")
        await super().shutdown()


@contextlib.asynccontextmanager
async def serving(
    application: Application[Any, Any, Any, Any, Any, Any],
    start_updater: Callable[[Updater], Awaitable[object]],
) -> AsyncIterator[None]:
    """Initialize, start and feed ``application`` until the block ends, then stop it.

    PTB calls ``post_init``, ``post_stop`` and ``post_shutdown`` only from its ``run_*``
    methods, so this calls them too, around start and stop.

    Args:
        application: The bot's application, not yet initialized.
        start_updater: Starts its updater: polling or a webhook.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await start_updater(application.updater)
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
