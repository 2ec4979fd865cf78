"""Keep the allocator from holding on to memory the index build has freed."""

from __future__ import annotations

import ctypes
import logging

__all__ = ["return_freed_memory_promptly"]

logger = logging.getLogger(__name__)

_M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number for the mmap threshold (``malloc.h``)."""
_MMAP_THRESHOLD = 128 * 1024
"""glibc's default threshold: blocks at least this large get their own mapping."""


def return_freed_memory_promptly() -> bool:
    """Fix glibc's mmap threshold, so freed large arrays go back to the system at once.

    glibc raises the threshold each time a mapped block is freed, up to 32 MiB; after that,
    arrays of a few megabytes come from the heap and, once freed, stay resident between
    longer-lived objects. Building the index of a large knowledge base frees many such
    arrays, and without this its peak memory is some 50 MiB higher (measured by
    ``benchmarks/retrieval_speed.py``). Setting the threshold explicitly turns the dynamic
    raising off. Call it once, at program start; it is a no-op where libc has no ``mallopt``.

    Returns:
        Whether the threshold was set.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError, TypeError):
        return False
    done = bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD))
    if not done:
        logger.debug("mallopt(M_MMAP_THRESHOLD) was refused")
    return done
