"""Write the photos and documents the bot sends to a folder, so a person can open them."""

from __future__ import annotations

from pathlib import Path

from sandbox.records import BotMessage, StoredFile
from sandbox.state import World

__all__ = ["save_sent_file"]


def save_sent_file(world: World, message: BotMessage, folder: Path) -> Path | None:
    """Write the file a bot message carries into ``folder``; never overwrite an earlier one.

    A document keeps the name the bot gave it (``台账.xlsx`` becomes ``台账-2.xlsx`` when that
    name is taken); a photo is named after its chat and message.

    Args:
        world: The sandbox world that stores the file's bytes.
        message: A message the bot sent.
        folder: Where to write (created when missing).

    Returns:
        The written file, or None when the message carries no photo or document.

    Raises:
        OSError: When the folder or the file cannot be written.
    """
    media = message.document or message.photo
    stored = world.files.get(media.file_id) if media is not None else None
    if stored is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_path(folder, _file_name(message, stored))
    target.write_bytes(stored.data)
    return target


def _file_name(message: BotMessage, stored: StoredFile) -> str:
    """The name to save ``stored`` under: the bot's own name, reduced to a bare file name."""
    extension = Path(stored.file_path).suffix
    default = f"chat{message.chat_id}-message{message.message_id}{extension}"
    if message.document is None or not stored.file_name:
        return default
    # A name with folders in it (or "..") must not write outside ``folder``.
    name = Path(stored.file_name.replace("\\", "/")).name
    return name if name not in ("", ".", "..") else default


def _free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or with ``-2``, ``-3`` … before the suffix when that file exists."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate
