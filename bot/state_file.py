"""The pickle file older versions kept conversations in (``STATE_PATH``): read once, set aside.

The bot now keeps unfinished conversations in its SQLite database (``bot.persistence``). At
start-up an old file left by PTB's ``PicklePersistence`` is read for its per-user data and
conversation states, then renamed ``<name>.imported``; an empty, torn or otherwise unreadable
file is renamed ``<name>.corrupt-<time>`` with a warning and never stops the bot.

The file is unpickled without running any code: every class it names is read as an inert
placeholder (only plain dicts, lists, tuples, sets and scalars come out as themselves).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.persisted import ConversationKey

__all__ = ["LegacyState", "read_state_file", "set_aside"]

log = logging.getLogger(__name__)

_SAFE_GLOBALS = {("builtins", "set"), ("builtins", "frozenset")}


@dataclass(frozen=True, slots=True)
class LegacyState:
    """What an old state file held: per-user data and conversation states, and its age."""

    user_data: dict[int, dict[str, Any]]
    conversations: dict[str, dict[ConversationKey, object]]
    saved_at: dt.datetime


class _Opaque:
    """Stands in for any object of a class the file names; accepts and ignores everything."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __setstate__(self, state: object) -> None:
        pass


class _InertUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        return _Opaque

    def persistent_load(self, pid: Any) -> Any:
        return None  # PTB writes the Bot object as a persistent id; it is not needed here


def read_state_file(path: Path, *, now: dt.datetime) -> LegacyState | None:
    """Read the old state file at ``path``, if there is one.

    Args:
        path: ``STATE_PATH``.
        now: The current time (names the ``.corrupt-`` copy).

    Returns:
        Its contents; ``None`` when there is no file, or when it was unreadable (it is then
        renamed aside and a warning logged).
    """
    try:
        raw = path.read_bytes()
        saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a folder, no permission: nothing to import, nothing to rename
        log.warning("the state file %s cannot be read (%s); it is ignored", path, exc.strerror)
        return None
    try:
        return _parse(raw, saved_at)
    except Exception as exc:  # a torn file can fail in any way; never fatal
        reason = f"{type(exc).__name__}: {exc}" if raw else "the file is empty"
        stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = set_aside(path, f"corrupt-{stamp}")
        log.warning(
            "the state file %s could not be read (%s); it was renamed %s and the bot starts "
            "without the unfinished conversations it held",
            path,
            reason,
            aside,
        )
        return None


def set_aside(path: Path, suffix: str) -> Path | None:
    """Rename ``path`` to ``<name>.<suffix>`` beside it, readable by the owner only.

    Returns:
        The new path, or ``None`` when the file could not be renamed (a warning says so).
    """
    aside = path.with_name(f"{path.name}.{suffix}")
    try:
        os.replace(path, aside)
        aside.chmod(0o600)
    except OSError as exc:
        log.warning(
            "the state file %s could not be renamed %s (%s): delete it by hand",
            path,
            aside.name,
            exc.strerror,
        )
        return None
    return aside


def _parse(raw: bytes, saved_at: dt.datetime) -> LegacyState:
    data = _InertUnpickler(io.BytesIO(raw)).load()
    if not isinstance(data, dict):
        raise TypeError(f"expected a dict at the top, got {type(data).__name__}")
    user_data = data.get("user_data") or {}
    conversations = data.get("conversations") or {}
    if not isinstance(user_data, dict) or not isinstance(conversations, dict):
        raise TypeError("user_data and conversations must be dicts")
    users: dict[int, dict[str, Any]] = {}
    for user_id, values in user_data.items():
        if not isinstance(user_id, int) or not isinstance(values, dict):
            raise TypeError(f"unexpected user_data entry {type(user_id).__name__}")
        if values:
            users[user_id] = values
    states: dict[str, dict[ConversationKey, object]] = {}
    for name, by_key in conversations.items():
        if not isinstance(name, str) or not isinstance(by_key, dict):
            raise TypeError("unexpected conversations entry")
        keys = {key: state for key, state in by_key.items() if isinstance(key, tuple) and key}
        if keys:
            states[name] = keys
    return LegacyState(user_data=users, conversations=states, saved_at=saved_at)
