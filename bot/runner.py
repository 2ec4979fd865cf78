"""Run the deployed application: long polling or a webhook.

The local sandbox chat is :mod:`bot.sandbox_chat`; nothing here imports the ``sandbox`` package.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from bot.app import ALLOWED_UPDATES, BotApplication, build_application
from bot.communities import load_communities, placeholder_warnings
from bot.config import Settings
from bot.lifecycle import serving
from bot.paths import prepare_paths
from bot.webhook import webhook_options

__all__ = ["run_polling", "run_webhook", "running"]

log = logging.getLogger(__name__)

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
        CalendarError: When the 普法 calendar file is invalid.
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
