"""Full collections deferred during exports, young ones not (``bot.reports.collection``)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from bot.reports.collection import OLDEST_THRESHOLD_PAUSED, collection_paused


class Node:
    """An object that can take part in a reference cycle."""

    other: Node | None = None


@pytest.fixture
def collector_on() -> Iterator[tuple[int, int, int]]:
    """The collector on with the interpreter's thresholds, before the test and after it."""
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    yield thresholds
    gc.set_threshold(*thresholds)
    if not was:
        gc.disable()


def allocate(count: int) -> list[list[Any]]:
    """Make ``count`` live containers: enough of them start the collector on its own."""
    return [[] for _ in range(count)]


def test_other_tasks_cycles_are_still_collected_inside(
    collector_on: tuple[int, int, int],
) -> None:
    young = collector_on[0]
    with collection_paused():
        assert gc.isenabled()
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
        kept = allocate(young * 20)  # no gc.collect(): the collector must do it by itself
        assert gone() is None, "a cycle made during an export was not collected"
    del kept


def test_no_full_collection_starts_inside(collector_on: tuple[int, int, int]) -> None:
    generations: list[int] = []
    inside = False

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and inside:
            generations.append(info["generation"])

    gc.callbacks.append(record)
    try:
        with collection_paused():
            inside = True
            kept = allocate(2_000_000)  # a year's rows: many full collections without the pause
            inside = False
        del kept
    finally:
        gc.callbacks.remove(record)
    assert 0 in generations
    assert 2 not in generations


def test_thresholds_restored_after_even_after_an_error(
    collector_on: tuple[int, int, int],
) -> None:
    young, middle, _ = collector_on
    with collection_paused():
        assert gc.get_threshold() == (young, middle, OLDEST_THRESHOLD_PAUSED)
    assert gc.get_threshold() == collector_on
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("export failed")
    assert gc.get_threshold() == collector_on
    assert gc.isenabled()


def test_overlapping_pauses_defer_until_the_last_ends(
    collector_on: tuple[int, int, int],
) -> None:
    first = collection_paused()
    second = collection_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[2] == OLDEST_THRESHOLD_PAUSED
    second.__exit__(None, None, None)
    assert gc.get_threshold() == collector_on


@pytest.mark.usefixtures("collector_on")
def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
