"""Start-up preparation of the files the settings name: folders made, access checked.

A deployment (a systemd unit, a container) often points ``DB_PATH`` at a folder that does not
exist yet. The folders are created for the bot's user only (0700) and a new database file is
created readable by that user only (0600; SQLite gives its ``-wal`` and ``-shm`` files the
same mode). When that is impossible the bot stops at once with one line naming the setting.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.config import Settings

__all__ = ["FILE_MODE", "FOLDER_MODE", "PathError", "prepare_file", "prepare_paths"]

FOLDER_MODE = 0o700
FILE_MODE = 0o600


class PathError(Exception):
    """A file a setting names cannot be created or written; the message names the setting."""


def prepare_paths(settings: Settings) -> None:
    """Create the database's folders and file if missing, and check they can be written.

    ``STATE_PATH`` needs nothing: it is only read, once, when an old state file is there.

    Args:
        settings: The deployment's settings.

    Raises:
        PathError: When a folder cannot be created, or a folder or file cannot be written.
    """
    if settings.db_path != Path(":memory:"):
        prepare_file("DB_PATH", settings.db_path)


def prepare_file(setting: str, path: Path) -> None:
    """Make sure ``path`` (named by ``setting``) can be created and written by this process.

    Args:
        setting: The setting's environment name, for the error message.
        path: The file.

    Raises:
        PathError: When it cannot.
    """
    folder = path.absolute().parent
    try:
        _make_folders(folder)
    except OSError as exc:
        raise PathError(
            f"{setting}: cannot create the folder {str(folder)!r} for {str(path)!r}: "
            f"{exc.strerror or exc}"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PathError(f"{setting}: the folder {str(folder)!r} of {str(path)!r} is not writable")
    if path.is_dir():
        raise PathError(f"{setting}: {str(path)!r} is a folder, not a file")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise PathError(f"{setting}: the file {str(path)!r} is not writable")
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise PathError(f"{setting}: cannot create {str(path)!r}: {exc.strerror or exc}") from None


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each with :data:`FOLDER_MODE`."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(current))
    for level in reversed(missing):
        try:
            level.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not level.is_dir():
                raise
