"""The sandbox chat saves the files the bot sends, so a newcomer can open them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest

from sandbox import SandboxServer, make_png
from sandbox.records import BotMessage
from sandbox.saved_files import save_sent_file

REPO = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def wait_for_files(folder: Path, count: int, process: subprocess.Popen[str]) -> list[Path]:
    """Press Enter every half second (the chat prints what arrived) until ``count`` files exist."""
    assert process.stdin is not None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        found = sorted(folder.glob("*")) if folder.is_dir() else []
        if len(found) >= count:
            return found
        process.stdin.write("\n")
        process.stdin.flush()
        time.sleep(0.5)
    raise AssertionError(f"{count} files expected in {folder}, the process ended or timed out")


def test_a_staff_export_in_the_sandbox_chat_leaves_files_one_can_open(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "SANDBOX_", "DB_"))}
    env.update(
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        COMMUNITIES_FILE=str(REPO / "config" / "communities.yaml"),
    )
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with (
        out.open("w") as stdout,
        err.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "bot", "sandbox"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.PIPE,
            stdout=stdout,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        try:
            assert process.stdin is not None
            process.stdin.write("/as 9\n/export 2026\n")
            process.stdin.flush()
            folder = tmp_path / "var" / "sandbox-files"
            saved = wait_for_files(folder, 2, process)
            process.stdin.write("/chart 2026\n")
            process.stdin.flush()
            saved = wait_for_files(folder, 3, process)
            process.stdin.write("/quit\n")
            process.stdin.flush()
            assert process.wait(timeout=60) == 0, err.read_text()
        finally:
            if process.poll() is None:
                process.kill()

    printed = out.read_text()
    assert f"保存在：{folder}" in printed, "the chat names the folder when it starts"
    assert str(folder) in err.read_text()
    by_suffix = {path.suffix: path for path in saved}
    assert set(by_suffix) == {".xlsx", ".csv", ".png"}, saved
    for path in saved:
        assert f"已保存：{path}" in printed
    book = openpyxl.load_workbook(by_suffix[".xlsx"], read_only=True)
    assert len(book.sheetnames) >= 2
    book.close()
    assert by_suffix[".csv"].read_bytes().startswith("\ufeff".encode())
    assert by_suffix[".png"].read_bytes().startswith(PNG_MAGIC)


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as sandbox:
        yield sandbox


def sent(server: SandboxServer, kind: str, data: bytes, file_name: str | None) -> BotMessage:
    """A bot message of ``kind`` in chat 1001 whose file is stored in ``server``'s world."""
    if kind == "photo":
        stored = server.world.files.add_photo(data, 40, 30, "image/png")[-1]
    else:
        stored = server.world.files.add(data, kind, file_name=file_name)
    return BotMessage(
        message_id=7,
        chat_id=1001,
        text="",
        raw_text="",
        parse_mode=None,
        kind=kind,
        photo=stored.info() if kind == "photo" else None,
        document=stored.info() if kind == "document" else None,
    )


async def test_documents_keep_their_name_and_never_overwrite(
    server: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    first = save_sent_file(server.world, sent(server, "document", b"one", "台账.xlsx"), folder)
    second = save_sent_file(server.world, sent(server, "document", b"two", "台账.xlsx"), folder)
    assert first == folder / "台账.xlsx"
    assert second == folder / "台账-2.xlsx"
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")


async def test_a_document_name_cannot_leave_the_folder(
    server: SandboxServer, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    for name in ("../../evil.txt", "..\\evil.txt", ".."):
        path = save_sent_file(server.world, sent(server, "document", b"x", name), folder)
        assert path is not None
        assert path.parent == folder, name


async def test_photos_are_named_after_their_message_and_text_is_not_saved(
    server: SandboxServer, tmp_path: Path
) -> None:
    png = make_png(40, 30)
    path = save_sent_file(server.world, sent(server, "photo", png, None), tmp_path)
    assert path == tmp_path / "chat1001-message7.png"
    assert path.read_bytes() == png
    text = BotMessage(
        message_id=8, chat_id=1001, text="hi", raw_text="hi", parse_mode=None, kind="text"
    )
    assert save_sent_file(server.world, text, tmp_path / "none") is None
    assert not (tmp_path / "none").exists()
