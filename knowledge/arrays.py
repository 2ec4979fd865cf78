"""Small numpy helpers shared by the feature extractor and the index."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["in_sorted"]


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
