"""Webhook mode, safe by default: a secret on every update, loopback, an unguessable path.

Telegram sends the secret registered with ``setWebhook`` in the
``X-Telegram-Bot-Api-Secret-Token`` header of every update; PTB's webhook server answers 403
to a request without it. Without ``WEBHOOK_SECRET`` a fresh secret is made at every start and
registered, so a forged POST is always refused. The server listens on ``127.0.0.1`` unless
``WEBHOOK_LISTEN`` says otherwise (a reverse proxy terminates TLS in front of it), and when
``WEBHOOK_URL`` names no path of its own the path is derived from the token, so it cannot be
guessed.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from telegram.ext import Application

from bot.config import Settings
from bot.lifecycle import serving

__all__ = ["WebhookOptions", "serving_webhook", "webhook_options"]


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    """Where the webhook server listens and what it registers with Telegram."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str


def webhook_options(settings: Settings) -> WebhookOptions:
    """Return the webhook options of ``settings``; raise ``ValueError`` if incomplete.

    Args:
        settings: Deployment settings with ``webhook_url`` and ``bot_token`` set.

    Returns:
        The options, with a per-start random secret when ``WEBHOOK_SECRET`` is not set.
    """
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set")
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    parts = urlsplit(settings.webhook_url)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ValueError(f"WEBHOOK_URL is not an http(s) URL: {settings.webhook_url!r}")
    path = parts.path.strip("/")
    if not path:
        digest = hashlib.sha256(settings.bot_token.get_secret_value().encode()).hexdigest()
        path = f"telegram-{digest[:24]}"
        parts = parts._replace(path="/" + path)
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret is not None
        else secrets.token_urlsafe(32)
    )
    return WebhookOptions(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=path,
        webhook_url=urlunsplit(parts),
        secret_token=secret,
    )


@contextlib.asynccontextmanager
async def serving_webhook(
    application: Application,  # type: ignore[type-arg]
    options: WebhookOptions,
    allowed_updates: list[str],
) -> AsyncIterator[None]:
    """Serve ``application`` on a webhook inside a running loop (``run_webhook`` minus the loop).

    Args:
        application: The bot's application, not yet initialized.
        options: From :func:`webhook_options`.
        allowed_updates: The update kinds to ask Telegram for.
    """
    async with serving(
        application,
        lambda updater: updater.start_webhook(
            listen=options.listen,
            port=options.port,
            url_path=options.url_path,
            webhook_url=options.webhook_url,
            secret_token=options.secret_token,
            allowed_updates=allowed_updates,
        ),
    ):
        yield
