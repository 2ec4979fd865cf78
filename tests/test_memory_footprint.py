"""What the knowledge base's parts cost in memory, measured with tracemalloc (numpy reports its
arrays to it): items share the articles they cite, the index and the homophone corrector keep
and build their arrays compactly."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

import numpy as np
import pytest

from knowledge import Item, KnowledgeBase
from knowledge.features import VALUE_BITS, Kind
from knowledge.homophones import HomophoneCorrector
from knowledge.index import IndexPart, InvertedIndex

T = TypeVar("T")


@pytest.fixture
def traced() -> Iterator[None]:
    gc.collect()
    tracemalloc.start()
    yield
    tracemalloc.stop()


def cost(make: Callable[[], T]) -> tuple[T, int, int]:
    """Return what ``make`` made, the bytes it keeps and the most bytes it held at once."""
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    made = make()
    after, peak = tracemalloc.get_traced_memory()
    return made, after - before, peak - before


def item_json(number: int) -> str:
    item = {
        "id": f"item-{number}",
        "title": "劳动仲裁",
        "category": "labor",
        "questions": [f"公司拖欠工资{n}怎么办" for n in range(5)],
        "answer": "可以申请劳动仲裁。",
        "legal_basis": [{"law": "中华人民共和国劳动争议调解仲裁法", "article": "第二条"}],
        "source": "嘉祥街道公共法律服务站",
        "updated": "2026-01-01",
    }
    return Item.model_validate(item).model_dump_json()


def test_items_citing_one_article_share_its_instance() -> None:
    first, second = (Item.model_validate_json(item_json(n)) for n in (1, 2))
    assert first.legal_basis == second.legal_basis
    assert first.legal_basis[0] is second.legal_basis[0]


def test_a_shared_article_is_not_kept_once_no_item_cites_it() -> None:
    law = "中华人民共和国仅供本测试引用法"
    item = Item.model_validate_json(item_json(3).replace("中华人民共和国劳动争议调解仲裁法", law))
    cited = weakref.ref(item.legal_basis[0])
    del item
    gc.collect()
    assert cited() is None


def bigram_index(count: int) -> InvertedIndex:
    """An index of ``count`` distinct character bigrams, each in one of 1,000 documents."""
    number = np.arange(count, dtype=np.uint64)
    first = np.uint64(0x4E00) + number // np.uint64(1000)
    second = np.uint64(0x4E00) + number % np.uint64(1000)
    keys = np.uint64(int(Kind.BIGRAM) << VALUE_BITS) | (first << np.uint64(16)) | second
    documents = (number % np.uint64(1000)).astype(np.uint32)
    return InvertedIndex([IndexPart([(keys, documents)])], size=1000)


@pytest.mark.usefixtures("traced")
def test_the_index_keeps_four_byte_starts() -> None:
    count = 200_000
    number = np.arange(count, dtype=np.uint64)
    keys = number + np.uint64(1)
    documents = (number % np.uint64(1000)).astype(np.uint32)
    index, kept, _ = cost(lambda: InvertedIndex([IndexPart([(keys, documents)])], size=1000))
    assert index.postings_count == count
    # 8 bytes a key, 4 a start and 2 a document (old: 8 bytes a start)
    assert kept <= 15 * count


@pytest.mark.usefixtures("traced")
def test_the_corrector_is_built_in_few_bytes_per_known_bigram(kb: KnowledgeBase) -> None:
    count = 300_000
    index = bigram_index(count)
    corrector, kept, peak = cost(lambda: HomophoneCorrector(index, kb.features))
    assert kept <= 9 * count  # a 32-bit sound and a 32-bit pair each
    assert peak <= 28 * count  # old: over 40, with a sort order and 64-bit copies
    assert len(corrector._pairs_by_sound) > count * 0.99  # all but a few characters have a sound
