"""A cache of what start-up trains from the knowledge files, keyed on every input's contents.

Training the category classifier takes most of a start's CPU and gives the same result for
the same inputs. Its result is kept as a pickle in ``KNOWLEDGE_CACHE_DIR`` (default
``$XDG_CACHE_HOME/jiaxiang-legal-bot``, else ``~/.cache/jiaxiang-legal-bot``; empty: no cache)
under a key that digests the caller's inputs (the items), every file of the ``knowledge``
package (its code, data, items and models), Python's version and the versions of the
libraries that shape the result. A change to any of them is a new key, so nothing stale is
read; an entry that cannot be read or written is built again, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

__all__ = ["CACHE_ENV", "KEEP", "cache_dir", "cached"]

CACHE_ENV = "KNOWLEDGE_CACHE_DIR"
KEEP = 6
"""How many entries of each name are kept (the newest): other folders, other versions."""

_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = {"numpy": "numpy", "pydantic": "pydantic", "yaml": "pyyaml"}
_LIBRARIES |= {"rapidfuzz": "rapidfuzz", "rjieba": "rjieba", "opencc": "opencc"}
"""The libraries whose version shapes what is built: module name, distribution name."""

T = TypeVar("T")


def cache_dir() -> Path | None:
    """Return the cache folder ``KNOWLEDGE_CACHE_DIR`` names, or the default; ``None``: off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "jiaxiang-legal-bot"


@cache
def _package_digest() -> str:
    """Digest every file of the ``knowledge`` package and the versions it runs with."""
    digest = hashlib.sha256(sys.version.encode())
    for module, distribution in _LIBRARIES.items():
        version = getattr(importlib.import_module(module), "__version__", None)
        if version is None:  # rjieba has no __version__
            version = metadata.version(distribution)
        digest.update(f"{module}={version}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(
    name: str, inputs: Iterable[str], build: Callable[[], T], *, folder: Path | None = None
) -> T:
    """Return what ``build`` returns for ``inputs``, from the cache when it was built before.

    Args:
        name: What is built (the entries' file names begin with it).
        inputs: Texts that, with the package's files, decide the result entirely.
        build: Builds the result; it must pickle.
        folder: The cache folder (default: ``cache_dir()``; none: no cache).
    """
    folder = folder or cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(_package_digest().encode())
    for text in inputs:
        digest.update(hashlib.sha256(text.encode()).digest())
    path = folder / f"{name}-{digest.hexdigest()[:32]}.pickle"
    try:
        found: T = pickle.loads(path.read_bytes())  # our own folder
    except Exception:  # missing, truncated, unreadable: build it again
        pass
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: the newest, kept when older entries are dropped
        return found
    built = build()
    with contextlib.suppress(OSError, pickle.PicklingError):
        _store(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built


def _store(path: Path, data: bytes) -> None:
    """Write ``path`` whole (a reader never sees half a file), then drop the oldest entries."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    name = path.name.rsplit("-", 1)[0]
    entries = sorted(path.parent.glob(f"{name}-*.pickle"), key=_modified, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
