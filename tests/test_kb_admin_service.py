"""The knowledge-base maintenance use cases on a real folder and a real SQLite file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.services import AccessDenied, QuestionService, StatsService
from bot.services.kb_admin import KbAdminService, KbChangeKind, RejectReason, UploadRejected
from bot.services.kb_files import seed_knowledge_dir
from bot.storage import Database, QuestionRepository, ResidentRepository
from knowledge import KnowledgeBase

STAFF, RESIDENT = 9001, 5001
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
HEADING = "<b>离婚：协议离婚和起诉离婚</b>"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    assert seed_knowledge_dir(directory) > 0
    return directory


@pytest.fixture
def questions(database: Database, kb: KnowledgeBase) -> QuestionService:
    return QuestionService(
        kb, ResidentRepository(database), QuestionRepository(database), clock=lambda: NOW
    )


@pytest.fixture
def admin(database: Database, folder: Path, questions: QuestionService) -> KbAdminService:
    stats = StatsService(database, None, ZoneInfo("Asia/Shanghai"), clock=lambda: NOW)
    return KbAdminService(
        folder,
        db=database,
        questions=questions,
        stats=stats,
        is_staff=lambda user_id: user_id == STAFF,
        require_topics=True,
        clock=lambda: NOW,
    )


def _edited(folder: Path) -> bytes:
    data = (folder / "divorce.yaml").read_bytes()
    return data.replace(HEADING.encode(), "<b>离婚（新）</b>".encode())


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


async def test_every_use_case_refuses_non_staff(admin: KbAdminService, folder: Path) -> None:
    calls = [
        admin.export(RESIDENT),
        admin.upload(RESIDENT, "divorce.yaml", _edited(folder)),
        admin.gaps(RESIDENT),
        admin.gap(RESIDENT, "0123456789ab"),
        admin.attach(RESIDENT, "0123456789ab", "divorce"),
        admin.changes(RESIDENT),
    ]
    for call in calls:
        with pytest.raises(AccessDenied):
            await call
    assert HEADING.encode() in (folder / "divorce.yaml").read_bytes()


async def test_an_upload_swaps_the_knowledge_base_and_the_old_one_stays_whole(
    admin: KbAdminService, questions: QuestionService, folder: Path, kb: KnowledgeBase
) -> None:
    old = questions.kb
    applied = await admin.upload(STAFF, "divorce.yml", _edited(folder))
    assert [(c.item_id, c.kind) for c in applied.changes] == [("divorce", KbChangeKind.UPDATED)]
    assert questions.kb is not old
    new_item, old_item = questions.kb.get("divorce"), old.get("divorce")
    assert new_item is not None
    assert old_item is not None
    assert "（新）" in new_item.answer
    # A search that began on the old knowledge base finishes on it, unchanged.
    assert HEADING in old_item.answer
    assert old.search("离婚去哪办").top is not None
    (change,) = await admin.changes(STAFF)
    assert (change.staff_id, change.item_id, change.changed_at) == (STAFF, "divorce", NOW)
    assert change.detail == ".history/divorce.20261125T020000Z.yaml"
    assert (folder / change.detail).read_bytes().count(HEADING.encode()) == 1


async def test_a_new_item_in_a_zip_is_added(admin: KbAdminService, folder: Path) -> None:
    text = (folder / "hotline-12348.yaml").read_text(encoding="utf-8")
    new = text.replace("id: hotline-12348", "id: night-hotline")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("items/night-hotline.yaml", new)
        archive.writestr("__MACOSX/items/._night-hotline.yaml", b"\x00junk")
        archive.writestr("items/readme.txt", "ignored")
    applied = await admin.upload(STAFF, "Items.ZIP", buffer.getvalue())
    assert [(c.item_id, c.kind, c.detail) for c in applied.changes] == [
        ("night-hotline", KbChangeKind.ADDED, "")
    ]
    assert (folder / "night-hotline.yaml").read_text(encoding="utf-8") == new
    assert not (folder / ".history").exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.txt", b"hello", RejectReason.NOT_ITEM_FILE),
        # Only the base name counts: nothing is ever written outside the folder.
        ("../../etc/passwd.yaml", b"id: x", RejectReason.INVALID),
        ("Divorce.yaml", b"id: divorce", RejectReason.BAD_NAME),
        ("items.zip", b"not a zip", RejectReason.BAD_ZIP),
        ("divorce.yaml", b"x" * 2_000_001, RejectReason.TOO_LARGE),
        ("divorce.yaml", b"id: divorce\ntitle: [", RejectReason.INVALID),
    ],
)
async def test_a_rejected_upload_changes_nothing(
    admin: KbAdminService,
    questions: QuestionService,
    folder: Path,
    name: str,
    data: bytes,
    reason: RejectReason,
) -> None:
    before = _files(folder)
    old = questions.kb
    with pytest.raises(UploadRejected) as rejected:
        await admin.upload(STAFF, name, data)
    assert rejected.value.reason is reason
    assert _files(folder) == before
    assert questions.kb is old
    assert await admin.changes(STAFF) == []


async def test_a_file_that_cannot_be_written_rolls_the_log_back(
    admin: KbAdminService, questions: QuestionService, folder: Path
) -> None:
    (folder / ".history").write_text("a file where the history folder should be")
    original = (folder / "divorce.yaml").read_bytes()
    old = questions.kb
    with pytest.raises(FileExistsError):
        await admin.upload(STAFF, "divorce.yaml", _edited(folder))
    assert (folder / "divorce.yaml").read_bytes() == original
    assert questions.kb is old
    assert await admin.changes(STAFF) == []


async def test_a_log_that_cannot_be_written_leaves_the_files(
    admin: KbAdminService, questions: QuestionService, folder: Path, database: Database
) -> None:
    await database.conn.execute("DROP TABLE kb_changes")
    original = (folder / "divorce.yaml").read_bytes()
    old = questions.kb
    with pytest.raises(Exception, match="kb_changes"):
        await admin.upload(STAFF, "divorce.yaml", _edited(folder))
    assert (folder / "divorce.yaml").read_bytes() == original
    assert not (folder / ".history").exists()
    assert questions.kb is old
