"""Run the application: long polling, webhook, or against the local sandbox Bot API server."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from pydantic import SecretStr

from bot.app import ALLOWED_UPDATES, BotApplication, build_application
from bot.communities import load_communities, placeholder_warnings
from bot.config import Settings
from bot.paths import prepare_paths
from bot.sandbox import SandboxServer, run_terminal_chat
from bot.webhook import webhook_options

__all__ = ["run_polling", "run_sandbox", "run_webhook", "running"]

log = logging.getLogger(__name__)

SANDBOX_DB = Path("var/sandbox.db")
SANDBOX_STATE = Path("var/sandbox-conversations.pickle")
SANDBOX_STAFF = 1009
"""In the sandbox, resident 9 (``/as 9``) plays a staff member unless STAFF_IDS is set."""
BOOTSTRAP_RETRIES = 5
"""Attempts (a second apart) to clear the webhook before polling, beyond the request's own."""


def run_polling(settings: Settings) -> None:
    """Serve updates by long polling until interrupted."""
    application = _deployed_application(settings)
    application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)


def run_webhook(settings: Settings) -> None:
    """Serve updates on a webhook until interrupted (see :mod:`bot.webhook` for its safeguards)."""
    options = webhook_options(settings)
    application = _deployed_application(settings)
    application.run_webhook(
        listen=options.listen,
        port=options.port,
        url_path=options.url_path,
        webhook_url=options.webhook_url,
        secret_token=options.secret_token,
        allowed_updates=ALLOWED_UPDATES,
        bootstrap_retries=BOOTSTRAP_RETRIES,
    )


def _deployed_application(settings: Settings) -> BotApplication:
    """Prepare the files the settings name, warn about example entries, build the bot.

    Raises:
        PathError: When the database's folder or file cannot be created or written.
        CommunitiesError: When the communities file is invalid.
    """
    prepare_paths(settings)
    communities = load_communities(settings.communities_file)
    for line in placeholder_warnings(communities):
        log.warning("%s: %s", settings.communities_file, line)
    return build_application(settings, communities=communities)


@contextlib.asynccontextmanager
async def running(application: BotApplication, *, poll_timeout: int = 10) -> AsyncIterator[None]:
    """Run ``application`` by polling inside an already running event loop, as ``run_polling`` does.

    PTB calls ``post_init``, ``post_stop`` and ``post_shutdown`` only from its ``run_*`` methods,
    so this calls them too, around start and stop.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
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


async def run_sandbox(settings: Settings) -> None:
    """Start the sandbox Bot API server, the real bot against it, and a terminal chat."""
    configured_db = "db_path" in settings.model_fields_set
    configured_state = "state_path" in settings.model_fields_set
    async with SandboxServer() as server:
        local = settings.model_copy(
            update={
                "bot_token": SecretStr(server.token),
                "bot_api_url": server.base_url,
                "bot_api_file_url": server.base_file_url,
                "db_path": settings.db_path if configured_db else SANDBOX_DB,
                "state_path": settings.state_path if configured_state else SANDBOX_STATE,
                "staff_ids": settings.staff_ids or frozenset({SANDBOX_STAFF}),
            }
        )
        prepare_paths(local)
        application = build_application(local, rate_limiter=False)
        async with running(application, poll_timeout=1):
            await run_terminal_chat(server)
