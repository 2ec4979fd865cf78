"""The items' canonical texts in one array of code units (``knowledge.entries``)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.entries import CanonicalTexts
from knowledge.features import SEPARATOR, FeatureExtractor, Kind
from knowledge.lexicon import load_lexicon


def test_texts_come_back_as_added_and_blocks_hold_whole_texts() -> None:
    texts = CanonicalTexts()
    added = ["工资拖欠\n拖欠工资怎么办", "", "e bike 撞人\n电动车", "离婚冷静期"]
    texts.extend(added[:2])
    texts.extend(added[2:])
    assert list(texts) == added
    assert texts.characters == sum(map(len, added))
    blocks = list(texts.blocks(3))
    assert [first for first, _ in blocks] == [0, 3]
    decoded = "".join(units.tobytes().decode("utf-16-le") for _, units in blocks)
    assert decoded == "".join(text + SEPARATOR for text in added)
    with pytest.raises(IndexError):
        texts[4]


def test_text_beyond_the_basic_plane_is_refused() -> None:
    with pytest.raises(ValueError, match="basic multilingual plane"):
        CanonicalTexts().extend(["𠀀字"])


def test_features_of_code_units_are_those_of_the_texts(kb: KnowledgeBase) -> None:
    extractor = FeatureExtractor(load_lexicon())
    documents = [kb._entries[number].text for number in range(len(kb._entries))]
    texts = CanonicalTexts()
    texts.extend(documents)
    for kind in (Kind.BIGRAM, Kind.PINYIN, Kind.LATIN, Kind.WORD):
        expected = extractor.document_keys(documents, [kind])
        ((first, units),) = texts.blocks(len(documents))
        keys, positions = extractor.unit_keys(units, [kind])
        assert first == 0
        assert len(keys) > 0
        np.testing.assert_array_equal(keys, expected[0])
        np.testing.assert_array_equal(positions, expected[1])
