"""Files the sandbox server knows: uploads and the bot's sends, with Telegram-like ids."""

from __future__ import annotations

import base64
import itertools
import secrets

from sandbox.media import guess_mime_type
from sandbox.records import StoredFile

__all__ = ["FileStore"]

_PHOTO_SIZE_STEPS = ((90, "s"), (320, "m"), (800, "x"), (1280, "y"), (2560, "w"))
_FILE_ID_PREFIX = {
    "photo": "AgACAgIAAxkBAAI",
    "document": "BQACAgIAAxkBAAI",
    "sticker": "CAACAgIAAxkBAAI",
    "voice": "AwACAgIAAxkBAAI",
}
_FILE_FOLDER = {"photo": "photos", "document": "documents", "sticker": "stickers", "voice": "voice"}
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/bmp": "bmp",
    "audio/ogg": "oga",
    "application/pdf": "pdf",
    "text/plain": "txt",
}


class FileStore:
    """Stored files by file_id and by download path, and the sizes of each photo."""

    def __init__(self) -> None:
        """Start empty."""
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._photo_groups: dict[str, list[StoredFile]] = {}
        self._counter = itertools.count(1)

    def __getitem__(self, file_id: str) -> StoredFile:
        return self._by_id[file_id]

    def get(self, file_id: str) -> StoredFile | None:
        """Return the file with ``file_id``, or None."""
        return self._by_id.get(file_id)

    def at_path(self, file_path: str) -> StoredFile | None:
        """Return the file downloadable at ``file_path``, or None."""
        return self._by_path.get(file_path)

    def photo_sizes(self, file: StoredFile) -> list[StoredFile]:
        """Return every size of the photo ``file`` is one size of (just ``file`` otherwise)."""
        return self._photo_groups.get(file.file_id, [file])

    def _new_ids(self, kind: str) -> tuple[str, str, int]:
        number = next(self._counter)
        token = base64.urlsafe_b64encode(
            number.to_bytes(4, "big") + secrets.token_bytes(12)
        ).decode()
        file_id = _FILE_ID_PREFIX.get(kind, "BQACAgIAAxkBAAI") + token.rstrip("=")
        unique = "AQAD" + base64.urlsafe_b64encode(number.to_bytes(4, "big")).decode().rstrip("=")
        return file_id, unique, number

    def add(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        """Store file bytes and give them a file_id and a download path.

        Args:
            data: File contents.
            kind: "photo", "document", "sticker" or "voice".
            file_name: Original file name, if any.
            mime_type: MIME type, if known.
            width: Image width, for images.
            height: Image height, for images.

        Returns:
            The stored file.
        """
        file_id, unique, number = self._new_ids(kind)
        mime = mime_type or guess_mime_type(file_name)
        extension = _EXTENSIONS.get(mime) or (
            file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "bin"
        )
        path = f"{_FILE_FOLDER.get(kind, 'documents')}/file_{number}.{extension}"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=unique,
            data=data,
            file_path=path,
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self._by_id[file_id] = stored
        self._by_path[path] = stored
        return stored

    def add_photo(self, data: bytes, width: int, height: int, mime_type: str) -> list[StoredFile]:
        """Store a photo as Telegram does: several sizes, smallest first.

        The sandbox cannot resize, so every size serves the original bytes.

        Args:
            data: Image bytes.
            width: Original width.
            height: Original height.
            mime_type: The image's MIME type.

        Returns:
            The photo sizes (the last one is the largest).
        """
        sizes: list[StoredFile] = []
        longest = max(width, height)
        for limit, _ in _PHOTO_SIZE_STEPS:
            if longest > limit and limit != _PHOTO_SIZE_STEPS[-1][0]:
                scale = limit / longest
                w, h = max(1, round(width * scale)), max(1, round(height * scale))
                sizes.append(self.add(data, "photo", mime_type=mime_type, width=w, height=h))
                continue
            scale = min(1.0, limit / longest)
            w, h = max(1, round(width * scale)), max(1, round(height * scale))
            sizes.append(self.add(data, "photo", mime_type=mime_type, width=w, height=h))
            break
        for size in sizes:
            self._photo_groups[size.file_id] = sizes
        return sizes
