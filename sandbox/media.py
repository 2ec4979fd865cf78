"""Small helpers for media: PNG size sniffing, tiny PNG generation, MIME guessing."""

from __future__ import annotations

import mimetypes
import struct
import zlib

__all__ = ["guess_mime_type", "image_size", "make_png"]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Return ``(width, height)`` of a PNG image (the bot's charts; residents' test photos).

    Args:
        data: The raw file bytes.

    Returns:
        The image dimensions, or None if the bytes are not a PNG the sandbox can read.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    return None


def make_png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    """Build a valid, solid-colour PNG image.

    Args:
        width: Image width in pixels.
        height: Image height in pixels.
        rgb: The fill colour.

    Returns:
        The PNG file bytes.
    """

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def guess_mime_type(file_name: str | None, default: str = "application/octet-stream") -> str:
    """Guess a MIME type from a file name.

    Args:
        file_name: The file name (may be None).
        default: Returned when nothing can be guessed.

    Returns:
        The MIME type.
    """
    if not file_name:
        return default
    return mimetypes.guess_type(file_name, strict=False)[0] or default
