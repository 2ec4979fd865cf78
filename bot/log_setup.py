"""Process logging: one format, quiet libraries, no bot token and nothing personal in a record.

httpx logs every request URL at INFO, and a Bot API URL carries the token
(``…/bot123456:ABC…/sendMessage``). The HTTP libraries are kept at WARNING, and every record
that reaches the handler passes :class:`RedactTokens`, which masks anything token-shaped, so a
token cannot leak through a warning or a traceback either. At DEBUG, PTB logs every update and
every Bot API call with its parameters, and aiosqlite every statement with its values: residents'
words, names and phones. Those two are kept at INFO whatever level is asked for, so turning the
bot's own loggers up to DEBUG writes nothing personal.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

__all__ = ["LOG_FORMAT", "RedactTokens", "configure_logging", "redact"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_TOKEN = re.compile(r"(?<!\d)\d{5,20}:[A-Za-z0-9_-]{20,}")
_FLOORS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
}
"""The least a library logs at, whatever the process's level: below it they log secrets."""


def redact(text: str) -> str:
    """Return ``text`` with every Telegram-token-shaped run replaced by ``<token>``."""
    return _TOKEN.sub("<token>", text)


class RedactTokens(logging.Filter):
    """Masks bot tokens in a record's message, arguments and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure_logging(level: int, *, stream: TextIO | None = None) -> logging.Handler:
    """Log to ``stream`` (stderr by default) at ``level``, tokens masked; return the handler.

    Args:
        level: The root logger's level (``logging.INFO`` for a deployment).
        stream: Where records go; tests pass a ``StringIO``.

    Returns:
        The handler installed on the root logger (replacing any earlier one of this function).
    """
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactTokens())
    handler.set_name("bot")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "bot"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name, floor in _FLOORS.items():
        logging.getLogger(name).setLevel(max(level, floor))
    return handler
