"""Small numpy helpers shared by the feature extractor and the index."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "LAST_CJK",
    "code_points",
    "collapse_runs",
    "in_sorted",
    "is_cjk",
    "is_latin",
    "range_positions",
    "text_of",
]

LAST_CJK = 0x9FFF
"""The last code point of the Chinese characters retrieval keeps (see ``normalize.CJK_RANGES``)."""


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """Return the code point of each character of ``text``."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def text_of(codes: npt.NDArray[np.uint32]) -> str:
    """Return the text of the code points ``codes`` (lone surrogates pass as they are)."""
    text: str = codes.tobytes().decode("utf-32-le", "surrogatepass")
    return text


def collapse_runs(
    codes: npt.NDArray[np.uint32], marked: npt.NDArray[np.bool_], code: int
) -> npt.NDArray[np.uint32]:
    """Return ``codes`` with each run of ``marked`` code points made one ``code``.

    What a regex substitution of ``code``'s character for a character class's runs gives.
    """
    first = marked.copy()
    first[1:] &= ~marked[:-1]
    collapsed: npt.NDArray[np.uint32] = np.where(first, np.uint32(code), codes)[~marked | first]
    return collapsed


def range_positions(
    starts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """Return the positions of the ranges ``[start, start + length)``, one after another.

    What concatenating ``np.arange(start, start + length)`` for each range gives, at once.
    """
    ahead = np.cumsum(lengths) - lengths
    positions: npt.NDArray[np.intp] = np.arange(int(lengths.sum())) + np.repeat(
        starts - ahead, lengths
    )
    return positions


def is_cjk(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Return which of ``codes`` are the Chinese characters retrieval keeps."""
    extension_a = (codes >= 0x3400) & (codes <= 0x4DBF)
    unified = (codes >= 0x4E00) & (codes <= LAST_CJK)
    result: npt.NDArray[np.bool_] = extension_a | unified
    return result


def is_latin(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Return which of ``codes`` are lower-case latin letters or digits."""
    letters = (codes >= ord("a")) & (codes <= ord("z"))
    digits = (codes >= ord("0")) & (codes <= ord("9"))
    result: npt.NDArray[np.bool_] = letters | digits
    return result


def in_sorted(
    values: npt.NDArray[np.integer], ordered: npt.NDArray[np.integer]
) -> npt.NDArray[np.bool_]:
    """Return which ``values`` are in ``ordered``, a sorted array.

    A binary search per value: unlike ``np.isin``, nothing is sorted or hashed per call.
    """
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    rows = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: npt.NDArray[np.bool_] = ordered[rows] == values
    return found
