"""Run an application inside an already running event loop, as PTB's ``run_*`` methods do."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from telegram.ext import Application, Updater

__all__ = ["serving"]


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
