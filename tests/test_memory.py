from __future__ import annotations

import platform

import pytest

from knowledge.memory import return_freed_memory_promptly


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_the_mmap_threshold_is_set_on_glibc() -> None:
    assert return_freed_memory_promptly() is True
