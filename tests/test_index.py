from __future__ import annotations

import math

import numpy as np
import pytest

from knowledge.arrays import range_positions
from knowledge.index import IndexPart, InvertedIndex

A, B, C, Z = 1, 2, 3, 99


def batch(*pairs: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.array([key for key, _ in pairs], dtype=np.uint64)
    documents = np.array([document for _, document in pairs], dtype=np.uint32)
    return keys, documents


def parts(*groups: list[tuple[np.ndarray, np.ndarray]]) -> list[IndexPart]:
    return [IndexPart(batches) for batches in groups]


def query(*keys: int) -> tuple[np.ndarray, np.ndarray]:
    return np.array(keys, dtype=np.uint64), np.ones(len(keys))


def test_scores_only_documents_sharing_a_feature() -> None:
    index = InvertedIndex(parts([batch((A, 0), (B, 1), (A, 2), (C, 2))]), size=3)
    found = index.score(*query(A))
    assert [document for document, _ in found.top(5)] == [0, 2]
    assert found.known_share == 1.0
    unknown = index.score(*query(Z))
    assert unknown.top(5) == []
    assert unknown.known_share == 0.0


def test_rare_features_weigh_more() -> None:
    index = InvertedIndex(parts([batch((A, 0), (B, 0), (B, 1), (B, 2))]), size=3)
    found = index.score(*query(A, B))
    scores = found.scores
    assert scores[0] > 2 * scores[1]
    assert scores[1] == scores[2] == pytest.approx(math.log(1 + 3 / 3))
    assert found.total == pytest.approx(scores[0])


def test_batches_and_parts_make_the_same_index_as_one_batch() -> None:
    pairs = [(A, 0), (B, 1), (A, 2), (C, 2), (C, 3), (B, 3)]
    whole = InvertedIndex(parts([batch(*pairs)]), size=4)
    split = InvertedIndex(
        parts(
            [batch((A, 0)), batch((A, 2), (A, 2))],
            [batch((B, 1), (B, 3))],
            [batch((C, 3), (C, 2))],
        ),
        size=4,
    )
    for keys in ([A], [B, C], [A, B, C, Z]):
        assert whole.score(*query(*keys)).top(4) == split.score(*query(*keys)).top(4)
    assert split.postings_count == len(pairs)


def test_parts_out_of_key_order_are_refused() -> None:
    with pytest.raises(ValueError, match="parts before it"):
        InvertedIndex(parts([batch((B, 0))], [batch((A, 1))]), size=2)


def test_common_features_are_left_out_of_scoring() -> None:
    size = 200
    everywhere = [(A, document) for document in range(size)]
    index = InvertedIndex(parts([batch(*everywhere, (B, 7))]), size=size)
    assert A in index
    assert B in index
    assert Z not in index
    found = index.score(*query(A, B))
    assert [document for document, _ in found.top(3)] == [7]
    assert found.known_share == 1.0  # the common feature weighs nothing either way
    assert index.postings_count == 1


def test_top_breaks_ties_by_document_number() -> None:
    index = InvertedIndex(parts([batch(*[(A, document) for document in (5, 1, 3, 4, 2)])]), size=6)
    assert [document for document, _ in index.score(*query(A)).top(3)] == [1, 2, 3]


def test_an_empty_index_knows_nothing() -> None:
    index = InvertedIndex([], size=0)
    found = index.score(*query(A))
    assert found.top(3) == []
    assert found.known_share == 0.0


def test_too_many_documents_are_refused() -> None:
    with pytest.raises(ValueError, match="fewer than"):
        InvertedIndex([], size=1 << 20)


def test_a_part_may_hold_more_pairs_than_its_hint() -> None:
    size = 3000
    pairs = [(key, document) for document in range(size) for key in (10 + document, 5)]
    hinted = InvertedIndex([IndexPart([batch(*pairs)], pairs_hint=len(pairs))], size=size)
    unhinted = InvertedIndex([IndexPart([batch(*pairs[:10]), batch(*pairs[10:])])], size=size)
    assert hinted.postings_count == unhinted.postings_count == size  # key 5 is common
    ((document, score),) = unhinted.score(*query(10 + 1234)).top(2)
    assert document == 1234
    assert score == pytest.approx(math.log1p(size))


def test_known_keys_include_common_ones_and_stay_in_range() -> None:
    size = 200
    index = InvertedIndex(
        parts([batch(*[(A, document) for document in range(size)], (B, 3), (Z, 4))]), size=size
    )
    assert index.knows(np.array([A, B, C, Z], dtype=np.uint64)).tolist() == [
        True,
        True,
        False,
        True,
    ]
    assert index.known_keys(A, Z).tolist() == [A, B]


def test_range_positions_are_the_ranges_one_after_another() -> None:
    starts = np.array([5, 0, 9, 2], dtype=np.intp)
    lengths = np.array([3, 0, 1, 2], dtype=np.intp)
    expected = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths, strict=True)])
    assert range_positions(starts, lengths).tolist() == expected.tolist() == [5, 6, 7, 9, 2, 3]
    assert range_positions(starts[:0], lengths[:0]).tolist() == []
