"""The items' canonical texts, kept as one array of code units that indexing reads in place.

Canonical text holds only Chinese characters of the basic plane, latin letters, digits, spaces
and line breaks, so each character is one UTF-16 code unit. The texts stand one after another
in one ``uint16`` array, each followed by the feature extractor's separator: the features of
many texts at once are computed straight from the array, with no string joined or encoded
again for each kind of feature, and a text is decoded only when a query reads it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np

from knowledge.features import SEPARATOR, Units

__all__ = ["CanonicalTexts"]

DECODED = 256
"""How many decoded texts are kept between queries (every real item's)."""


class CanonicalTexts:
    """Canonical texts numbered in the order they are added; text ``n`` is ``texts[n]``."""

    def __init__(self) -> None:
        """Start with no texts."""
        self._units: Units = np.zeros(0, dtype=np.uint16)
        self._starts: list[int] = [0]
        """Where each text starts in ``_units``, and where the next would."""
        self._decoded = lru_cache(maxsize=DECODED)(self._decode)

    def extend(self, texts: Sequence[str]) -> Units:
        """Append ``texts`` and return their code units, each text followed by the separator."""
        joined = "".join(text + SEPARATOR for text in texts)
        units = np.frombuffer(joined.encode("utf-16-le"), dtype=np.uint16)
        if len(units) != len(joined):
            raise ValueError("canonical text is of the basic multilingual plane only")
        length = len(self._units)
        self._units.resize(length + len(units), refcheck=False)  # grows in place where it can
        self._units[length:] = units
        for text in texts:
            self._starts.append(self._starts[-1] + len(text) + 1)
        return units

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number: int) -> str:
        return self._decoded(number)

    def __iter__(self) -> Iterator[str]:
        return (self[number] for number in range(len(self)))

    @property
    def characters(self) -> int:
        """How many characters the texts hold together (separators not counted)."""
        return len(self._units) - len(self)

    def _decode(self, number: int) -> str:
        if not 0 <= number < len(self):
            raise IndexError(number)
        start, end = self._starts[number], self._starts[number + 1] - 1
        return self._units[start:end].tobytes().decode("utf-16-le")

    def blocks(self, size: int) -> Iterator[tuple[int, Units]]:
        """Yield the number of a block's first text and the block's code units, ``size`` texts each.

        The units are a view of the array: each text is followed by the separator.
        """
        for first in range(0, len(self), size):
            last = min(first + size, len(self))
            yield first, self._units[self._starts[first] : self._starts[last]]
