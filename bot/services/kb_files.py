"""The deployment's knowledge folder on disk: seed, export, stage, replace with history.

Item files are replaced one by one, each atomically (written to a temporary file beside it,
fsynced, then renamed over it); the version replaced is kept first under
``<folder>/.history/<item>.<timestamp>.yaml``. A change is checked on a staged copy of the
whole folder before anything in the folder is touched.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from knowledge import DEFAULT_ITEMS_DIR, Item, KnowledgeError, Problem, load_items

__all__ = [
    "HISTORY_DIR",
    "MAX_UPLOAD_BYTES",
    "RejectReason",
    "Staged",
    "UploadRejected",
    "export_zip",
    "history_paths",
    "item_files",
    "read_upload",
    "replace_files",
    "seed_knowledge_dir",
    "stage",
]

HISTORY_DIR = ".history"
"""Where replaced versions are kept, inside the knowledge folder."""
MAX_UPLOAD_BYTES = 2_000_000
"""The largest upload (a .yaml file or a zip) taken, and the most a zip may unpack to."""
MAX_ZIP_FILES = 500
_ITEM_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")
_SUFFIXES = (".yaml", ".yml")


class RejectReason(StrEnum):
    """Why an upload changes nothing."""

    NOT_ITEM_FILE = "not_item_file"
    """Not a .yaml, .yml or .zip file."""
    BAD_NAME = "bad_name"
    """A file name that is not ``<item id>.yaml``."""
    TOO_LARGE = "too_large"
    BAD_ZIP = "bad_zip"
    EMPTY_ZIP = "empty_zip"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    """The knowledge base would not pass its checks; ``problems`` lists why."""


class UploadRejected(Exception):
    """An upload that changes nothing; ``reason`` says why, ``name`` the file concerned."""

    def __init__(
        self, reason: RejectReason, *, name: str = "", problems: tuple[Problem, ...] = ()
    ) -> None:
        super().__init__(f"upload rejected ({reason}): {name}")
        self.reason = reason
        self.name = name
        self.problems = problems


def item_files(directory: Path) -> dict[str, bytes]:
    """Return the contents of every item file in ``directory``, by file name."""
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.yaml"))}


def seed_knowledge_dir(directory: Path, source: Path = DEFAULT_ITEMS_DIR) -> int:
    """Copy the packaged items into ``directory`` if it holds no item yet.

    Args:
        directory: The deployment's knowledge folder (created when missing).
        source: The items shipped with the release.

    Returns:
        How many files were copied (0 when the folder already had items, or is ``source``).
    """
    if directory.resolve() == source.resolve():
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.glob("*.yaml")):
        return 0
    copied = 0
    for name, data in item_files(source).items():
        _atomic_write(directory / name, data)
        copied += 1
    return copied


def export_zip(directory: Path) -> tuple[bytes, int]:
    """Return a zip of the item files of ``directory`` (no history) and how many it holds."""
    buffer = io.BytesIO()
    files = item_files(directory)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue(), len(files)


def read_upload(file_name: str, data: bytes) -> dict[str, bytes]:
    """Return the item files an upload holds, by file name.

    Args:
        file_name: The uploaded file's name: ``<item id>.yaml`` (or ``.yml``), or a ``.zip``.
        data: Its contents.

    Raises:
        UploadRejected: The upload is not an item file or a zip of them.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(RejectReason.TOO_LARGE, name=file_name)
    lowered = file_name.lower()
    if lowered.endswith(".zip"):
        return _read_zip(file_name, data)
    if lowered.endswith(_SUFFIXES):
        return {_item_name(file_name): data}
    raise UploadRejected(RejectReason.NOT_ITEM_FILE, name=file_name)


def _item_name(file_name: str) -> str:
    """Return ``<id>.yaml`` for an uploaded name, or raise ``BAD_NAME``."""
    name = PurePosixPath(file_name.replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    normalized = f"{stem}.yaml" if dot and f".{suffix.lower()}" in _SUFFIXES else name
    if not _ITEM_FILE.fullmatch(normalized):
        raise UploadRejected(RejectReason.BAD_NAME, name=file_name)
    return normalized


def _read_zip(file_name: str, data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadRejected(RejectReason.BAD_ZIP, name=file_name) from None
    with archive:
        entries = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and info.filename.lower().endswith(_SUFFIXES)
            and not any(part.startswith((".", "__")) for part in info.filename.split("/"))
        ]
        if not entries:
            raise UploadRejected(RejectReason.EMPTY_ZIP, name=file_name)
        if len(entries) > MAX_ZIP_FILES or sum(i.file_size for i in entries) > MAX_UPLOAD_BYTES:
            raise UploadRejected(RejectReason.TOO_LARGE, name=file_name)
        files: dict[str, bytes] = {}
        for info in entries:
            name = _item_name(info.filename)
            if name in files:
                raise UploadRejected(RejectReason.BAD_NAME, name=info.filename)
            try:
                files[name] = archive.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError):
                raise UploadRejected(RejectReason.BAD_ZIP, name=file_name) from None
    return files


@dataclass(frozen=True, slots=True)
class Staged:
    """A change that passed the checks: the files it changes and the items it yields."""

    changed: dict[str, bytes]
    """The files whose contents differ from the folder's, by name."""
    added: frozenset[str]
    """Those among them that are new items."""
    items: tuple[Item, ...]
    """Every item of the folder once the change is made."""


def stage(directory: Path, files: Mapping[str, bytes], *, require_topics: bool) -> Staged:
    """Check the folder as it would be with ``files`` written, without touching it.

    The checks are the loader's own (``knowledge.load_items``, as ``kb check`` runs them).

    Args:
        directory: The knowledge folder.
        files: Item files to write, by name.
        require_topics: Also require the topics of ``topics.yaml`` (as the bot's start does).

    Raises:
        UploadRejected: Nothing would change (``UNCHANGED``) or the result fails the checks
            (``INVALID``; each problem names the file by its name only).
    """
    current = item_files(directory)
    changed = {name: data for name, data in files.items() if current.get(name) != data}
    if not changed:
        raise UploadRejected(RejectReason.UNCHANGED, name=", ".join(sorted(files)))
    with tempfile.TemporaryDirectory(prefix="kb-stage-") as staging:
        root = Path(staging)
        for name, data in {**current, **changed}.items():
            (root / name).write_bytes(data)
        try:
            items = load_items(root, require_topics=require_topics)
        except KnowledgeError as exc:
            problems = [_relative(problem, root) for problem in exc.problems]
            # The changed files' own problems first; those of other files follow from them.
            problems.sort(key=lambda problem: problem.file.name not in changed)
            raise UploadRejected(
                RejectReason.INVALID, name=", ".join(sorted(changed)), problems=tuple(problems)
            ) from None
    return Staged(changed=changed, added=frozenset(changed.keys() - current.keys()), items=items)


def _relative(problem: Problem, root: Path) -> Problem:
    """Name the staged file by its name alone (``.`` for the folder as a whole)."""
    name = Path(".") if problem.file == root else Path(problem.file.name)
    return Problem(name, problem.line, problem.field, problem.message)


def history_paths(directory: Path, names: Iterable[str], stamp: str) -> dict[str, str]:
    """Return where each existing file among ``names`` will be kept when it is replaced.

    Args:
        directory: The knowledge folder.
        names: File names about to be replaced or added.
        stamp: The moment of the change, as it goes into history file names.

    Returns:
        For each file that exists, ``.history/<stem>.<stamp>.yaml`` (numbered when taken),
        relative to ``directory``.
    """
    kept: dict[str, str] = {}
    history = directory / HISTORY_DIR
    for name in sorted(names):
        if (directory / name).exists():
            path = history / f"{Path(name).stem}.{stamp}.yaml"
            number = 2
            while path.exists():
                path = history / f"{Path(name).stem}.{stamp}-{number}.yaml"
                number += 1
            kept[name] = path.relative_to(directory).as_posix()
    return kept


def replace_files(directory: Path, changed: Mapping[str, bytes], kept: Mapping[str, str]) -> None:
    """Write ``changed`` into ``directory``, first copying each replaced file to ``kept``.

    Args:
        directory: The knowledge folder.
        changed: New file contents, by name.
        kept: Where each replaced file's version goes (from :func:`history_paths`).
    """
    for name, data in sorted(changed.items()):
        target = directory / name
        if name in kept and target.exists():
            copy = directory / kept[name]
            copy.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(copy, target.read_bytes())
        _atomic_write(target, data)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, rename it over ``path``."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (where the platform allows it)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
