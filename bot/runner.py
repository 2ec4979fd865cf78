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
from bot.lifecycle import serving
from bot.paths import PathError, prepare_paths
from bot.sandbox import SandboxServer, run_terminal_chat
from bot.webhook import webhook_options

__all__ = [
    "SANDBOX_STAFF",
    "run_polling",
    "run_sandbox",
    "run_webhook",
    "running",
    "sandbox_settings",
]

log = logging.getLogger(__name__)

SANDBOX_STATE = Path("var/sandbox-conversations.pickle")
SANDBOX_STAFF = 1009
"""In the sandbox, resident 9 (``/as 9``) plays the staff member (``STAFF_IDS`` is not used)."""
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
    async with serving(
        application,
        lambda updater: updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        ),
    ):
        yield


def sandbox_settings(settings: Settings, server: SandboxServer) -> Settings:
    """Return the settings the bot runs with against the local ``server``.

    The sandbox never touches the deployment's data: it has its own database
    (``SANDBOX_DB_PATH``), its own old-state file and its own staff member (resident 9), so
    it neither reads real residents' matters nor sends (or gives up) their pending notices.

    Raises:
        PathError: ``SANDBOX_DB_PATH`` names the deployment's database (``DB_PATH``).
    """
    if _same_file(settings.sandbox_db_path, settings.db_path):
        raise PathError(
            f"SANDBOX_DB_PATH: {str(settings.sandbox_db_path)!r} is the bot's database "
            "(DB_PATH); the sandbox needs a file of its own"
        )
    return settings.model_copy(
        update={
            "bot_token": SecretStr(server.token),
            "bot_api_url": server.base_url,
            "bot_api_file_url": server.base_file_url,
            "db_path": settings.sandbox_db_path,
            "state_path": SANDBOX_STATE,
            "staff_ids": frozenset({SANDBOX_STAFF}),
        }
    )


def _same_file(first: Path, second: Path) -> bool:
    return first.absolute().resolve() == second.absolute().resolve()


async def run_sandbox(settings: Settings) -> None:
    """Start the sandbox Bot API server, the real bot against it, and a terminal chat."""
    async with SandboxServer() as server:
        local = sandbox_settings(settings, server)
        prepare_paths(local)
        application = build_application(local, rate_limiter=False)
        async with running(application, poll_timeout=1):
            await run_terminal_chat(server)
