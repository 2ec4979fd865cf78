"""A linear model over character n-grams: one-vs-rest logistic regression, plain numpy.

One linear model per label, over the character 1-3-grams of a description's clauses joined
with ``|`` (so that an n-gram may show where a clause begins or ends). Features are binary,
each description's vector scaled to unit length. Training is accelerated gradient descent from
zero for a fixed number of steps: deterministic, no library beyond numpy, no download.
Subclasses fix their labels (``LABELS``): the urgency kinds (``bot.services.urgency_model``),
the consultation categories (``knowledge.category_model``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

__all__ = ["NgramModel", "differences", "ngrams"]

_MAX_N = 3
FloatArray = npt.NDArray[np.float64]


def ngrams(clauses: Sequence[str]) -> set[str]:
    """Return the character 1-3-grams of clauses joined by ``|``.

    Args:
        clauses: A description's canonical clauses, in order.

    Returns:
        Every distinct n-gram (clause edges appear as ``|``).
    """
    text = "|" + "|".join(clauses) + "|"
    return {
        text[start : start + n]
        for n in range(1, _MAX_N + 1)
        for start in range(len(text) - n + 1)
        if text[start : start + n] != "|"
    }


@dataclass(frozen=True, slots=True)
class NgramModel:
    """Trained weights: one column per label of ``LABELS``.

    Attributes:
        vocabulary: n-gram → row of ``weights``.
        weights: ``len(vocabulary) × len(LABELS)``.
        bias: One intercept per label.
    """

    LABELS: ClassVar[tuple[str, ...]] = ()
    """The labels the model scores, one column each (set by each subclass)."""
    NAME: ClassVar[str] = "n-gram"
    """What the model is called in errors."""

    vocabulary: dict[str, int]
    weights: FloatArray
    bias: FloatArray

    def probabilities(self, clauses: Sequence[str]) -> dict[str, float]:
        """Return each label's probability for a description's clauses."""
        rows = [self.vocabulary[gram] for gram in ngrams(clauses) if gram in self.vocabulary]
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / math.sqrt(len(rows))
        return {label: float(p) for label, p in zip(self.LABELS, _sigmoid(logits), strict=True)}

    def why(self, clauses: Sequence[str], label: str, *, top: int = 5) -> list[tuple[str, float]]:
        """Return the n-grams of two or three characters that pushed ``label`` up most.

        Args:
            clauses: A description's canonical clauses.
            label: One of ``LABELS``.
            top: How many n-grams to return.

        Returns:
            ``(n-gram, weight)`` pairs, the heaviest first, only those with a positive weight.
        """
        column = self.LABELS.index(label)
        found = [
            (gram, float(self.weights[self.vocabulary[gram], column]))
            for gram in ngrams(clauses)
            if gram in self.vocabulary and len(gram.strip("|")) > 1
        ]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return [pair for pair in found[:top] if pair[1] > 0]

    def to_json(self) -> str:
        """Serialize the model: one n-gram a line, weights rounded to 5 decimals."""
        grams = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        lines = [
            f"{json.dumps(gram, ensure_ascii=False)}: "
            f"{json.dumps([round(float(w), 5) for w in self.weights[self.vocabulary[gram]]])}"
            for gram in grams
        ]
        bias = json.dumps([round(float(b), 5) for b in self.bias])
        head = f'{{"kinds": {json.dumps(list(self.LABELS))},\n"bias": {bias},\n"weights": {{\n'
        return head + ",\n".join(lines) + "\n}}\n"

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Read a model written by ``to_json``.

        Raises:
            ValueError: When the labels differ from ``LABELS``.
        """
        data = json.loads(text)
        if tuple(data["kinds"]) != cls.LABELS:
            raise ValueError(
                f"{cls.NAME} model kinds {data['kinds']!r} are not {list(cls.LABELS)!r}"
            )
        grams = list(data["weights"])
        weights = np.array([data["weights"][gram] for gram in grams], dtype=np.float64)
        return cls(
            {gram: row for row, gram in enumerate(grams)},
            weights.reshape(len(grams), len(cls.LABELS)),
            np.array(data["bias"], dtype=np.float64),
        )

    @classmethod
    def train(
        cls,
        documents: Sequence[Sequence[str]],
        labels: Sequence[Sequence[str]],
        *,
        min_df: int,
        l2: float,
        steps: int,
    ) -> Self:
        """Fit one logistic regression per label, deterministically.

        Args:
            documents: Each description's canonical clauses.
            labels: Each description's labels (empty when it has none).
            min_df: Keep n-grams found in at least this many descriptions.
            l2: The weight of the L2 penalty (per description).
            steps: Gradient steps.

        Returns:
            The trained model.
        """
        grams = [ngrams(doc) for doc in documents]
        counts: dict[str, int] = {}
        for found in grams:
            for gram in found:
                counts[gram] = counts.get(gram, 0) + 1
        kept = sorted(gram for gram, count in counts.items() if count >= min_df)
        vocabulary = {gram: row for row, gram in enumerate(kept)}
        rows = [sorted(vocabulary[g] for g in found if g in vocabulary) for found in grams]
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        indices = np.array([i for r in rows for i in r], dtype=np.int64)
        scale = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
        owner = np.repeat(np.arange(len(rows)), lengths)
        y = np.array(
            [[label in set(found) for label in cls.LABELS] for found in labels], dtype=np.float64
        )
        weights, bias = _fit(indices, owner, scale, y, len(kept), l2=l2, steps=steps)
        return cls(vocabulary, weights, bias)


def _sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0))), dtype=np.float64)


def _fit(
    indices: npt.NDArray[np.int64],
    owner: npt.NDArray[np.int64],
    scale: FloatArray,
    y: FloatArray,
    features: int,
    *,
    l2: float,
    steps: int,
) -> tuple[FloatArray, FloatArray]:
    """Minimise the mean log loss plus ``l2/2·|W|²`` by Nesterov's accelerated gradient."""
    n, k = y.shape
    ends = np.cumsum(np.bincount(owner, minlength=n))
    starts = ends - np.bincount(owner, minlength=n)
    flat = (indices[:, None] * k + np.arange(k)).ravel()
    step = 1.0 / (0.25 * 2.0 + l2)  # rows have unit length; the bias adds a unit column
    weights, bias = np.zeros((features, k)), np.zeros(k)
    prev_w, prev_b = weights.copy(), bias.copy()
    for t in range(1, steps + 1):
        momentum = (t - 1) / (t + 2)
        look_w = weights + momentum * (weights - prev_w)
        look_b = bias + momentum * (bias - prev_b)
        running = np.cumsum(look_w[indices] * scale[:, None], axis=0)
        running = np.vstack([np.zeros((1, k)), running])
        logits = running[ends] - running[starts]
        residual = (_sigmoid(logits + look_b) - y) / n
        spread = residual[owner] * scale[:, None]
        summed = np.bincount(flat, weights=spread.ravel(), minlength=features * k)
        grad_w = summed.reshape(features, k).astype(np.float64) + l2 * look_w
        prev_w, prev_b = weights, bias
        weights = look_w - step * grad_w
        bias = look_b - step * residual.sum(axis=0)
    return weights, bias


def differences(shipped: NgramModel, fresh: NgramModel, *, tolerance: float = 1e-3) -> str:
    """Describe how two models differ beyond ``tolerance``, or return ``""``.

    Args:
        shipped: The model shipped (read from its JSON file).
        fresh: The model just trained.
        tolerance: The largest weight difference taken as rounding.

    Returns:
        An empty string when they agree, else what differs first.
    """
    if shipped.vocabulary.keys() != fresh.vocabulary.keys():
        only = sorted(shipped.vocabulary.keys() ^ fresh.vocabulary.keys())[:5]
        return f"the n-grams differ (for example {only!r})"
    rows = [fresh.vocabulary[gram] for gram in shipped.vocabulary]
    gap = float(np.abs(shipped.weights - fresh.weights[rows]).max(initial=0.0))
    gap = max(gap, float(np.abs(shipped.bias - fresh.bias).max(initial=0.0)))
    return f"weights differ by up to {gap:.4f}" if gap > tolerance else ""
