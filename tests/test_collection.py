"""The garbage collector paused during exports (``bot.reports.collection``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.reports.collection import collection_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on before the test and after it, whatever the test did."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_off_inside_on_after_even_after_an_error() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("export failed")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_overlapping_pauses_keep_it_off_until_the_last_ends() -> None:
    first = collection_paused()
    second = collection_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
