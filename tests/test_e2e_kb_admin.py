"""Staff maintain the knowledge base over the sandbox: /kb export, uploads, gaps, log."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

from bot import texts
from bot.services.kb_admin import gap_key
from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import STAFF, Scene, bot_running, make_scene, one, sandbox_settings

NEW_HEADING = "<b>离婚：协议离婚和起诉离婚（街道已更新）</b>"
OLD_HEADING = "<b>离婚：协议离婚和起诉离婚</b>"


def _folder(tmp_path: Path) -> Path:
    return tmp_path / "knowledge"


@contextlib.asynccontextmanager
async def _staff_scene(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[Scene]:
    """Run the bot with staff, its knowledge folder (empty at first) under ``tmp_path``."""
    async with SandboxServer() as server:
        settings = sandbox_settings(
            server, tmp_path, staff_ids=frozenset({STAFF}), knowledge_dir=_folder(tmp_path)
        )
        async with bot_running(server, settings, kb):
            yield make_scene(server, settings, kb)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (history included), by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


async def _export(staff: SandboxUser, server: SandboxServer) -> dict[str, bytes]:
    await staff.send_command("/kb", "export")
    sent = await one(staff)
    assert sent.document is not None, sent
    assert (sent.document.file_name or "").endswith(".zip")
    data = server.world.files[sent.document.file_id].data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert f"共 {len(files)} 条" in sent.text
    return files


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"knowledge-items/{name}", data)
    return buffer.getvalue()


async def test_staff_export_edit_and_upload_rebuilds_live_and_a_broken_upload_changes_nothing(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    folder = _folder(tmp_path)
    async with _staff_scene(tmp_path, kb) as scene:
        server, staff, resident = scene.server, scene.staff, scene.resident
        # The empty folder was seeded from the packaged items on start.
        assert len(list(folder.glob("*.yaml"))) == len(kb.items)

        # A resident is refused /kb, and an item file from them changes nothing.
        for args in ((), ("export",), ("log",), ("gaps",)):
            await resident.send_command("/kb", *args)
            assert (await one(resident)).text == texts.NOT_ALLOWED
        seeded = _snapshot(folder)
        forged = (
            (folder / "divorce.yaml")
            .read_bytes()
            .replace(OLD_HEADING.encode(), NEW_HEADING.encode())
        )
        await resident.send_document(forged, file_name="divorce.yaml")
        assert "知识库已更新" not in (await one(resident)).text
        assert _snapshot(folder) == seeded

        await staff.send_command("/kb")
        assert "/kb export" in (await one(staff)).text
        exported = await _export(staff, server)
        assert sorted(exported) == sorted(p.name for p in folder.glob("*.yaml"))
        original = exported["divorce.yaml"]
        edited = original.replace(OLD_HEADING.encode(), NEW_HEADING.encode())
        assert edited != original

        # Edited item sent back as a zip: applied, old version kept, answer changed live.
        await staff.send_document(_zip({"divorce.yaml": edited}), file_name="items.zip")
        applied = await one(staff)
        assert "知识库已更新" in applied.text, applied.text
        assert "修改条目 divorce" in applied.text
        assert (folder / "divorce.yaml").read_bytes() == edited
        (kept,) = (folder / ".history").glob("divorce.*.yaml")
        assert kept.read_bytes() == original
        await resident.send_text("离婚去哪办")
        assert "（街道已更新）" in (await one(resident)).text

        # A broken file: every problem by file, line and field, and nothing changes.
        before = _snapshot(folder)
        broken = edited.replace(b"category: marriage_family", b"category: nosuch")
        await staff.send_document(broken, file_name="divorce.yaml")
        refused = await one(staff)
        assert "divorce.yaml 未通过核对，知识库未作任何改动" in refused.text, refused.text
        category_line = broken.split(b"\n").index(b"category: nosuch") + 1
        assert f"divorce.yaml 第 {category_line} 行，category：所写的值不存在" in refused.text
        await staff.send_document(
            edited.replace(b"\nsource:", b"\nsauce:"), file_name="divorce.yaml"
        )
        refused = await one(staff)
        first, second = refused.text.split("\n")[1:3]
        assert first.startswith("· divorce.yaml 第 1 行，source：缺少此项"), refused.text
        assert second.startswith("· divorce.yaml 第")
        assert "sauce：不认识的字段" in second
        await staff.send_document(b"id: divorce\nquestions: [\n", file_name="divorce.yaml")
        assert "YAML 格式有误" in (await one(staff)).text
        await staff.send_document(edited, file_name="divorce.yaml")
        assert (await one(staff)).text == texts.KB_REJECT_REASONS["unchanged"]
        await staff.send_document(edited, file_name="离婚 (1).yaml")
        assert "文件名" in (await one(staff)).text
        assert _snapshot(folder) == before
        await resident.send_text("离婚去哪办")
        assert "（街道已更新）" in (await one(resident)).text

        await staff.send_command("/kb", "log")
        listing = await one(staff)
        assert f"工作人员 {STAFF}" in listing.text
        assert "修改条目 divorce（原版本留存于 .history/divorce." in listing.text
        rows = scene.rows("SELECT staff_id, item_id, kind FROM kb_changes")
        assert [tuple(row) for row in rows] == [(STAFF, "divorce", "updated")]

    # The next start loads the folder as staff left it.
    divorce = KnowledgeBase.load(folder).get("divorce")
    assert divorce is not None
    assert NEW_HEADING in divorce.answer


ASKED = ("我电话13912345678，村里祠堂翻修的钱该谁出", "我电话13800001111，村里祠堂翻修的钱该谁出")
MASKED = "我电话＊＊，村里祠堂翻修的钱该谁出"


async def test_staff_attach_an_unanswered_question_and_forged_buttons_are_refused(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    folder = _folder(tmp_path)
    async with _staff_scene(tmp_path, kb) as scene:
        server, staff, resident = scene.server, scene.staff, scene.resident
        neighbour = server.user(5003, "赵六")
        for user, question in zip((resident, neighbour), ASKED, strict=True):
            await user.send_text(question)
            unknown = await one(user)
            assert "暂时没有找到" in unknown.text

        await staff.send_command("/kb", "gaps")
        listing = await one(staff)
        assert MASKED in listing.text
        assert "13912345678" not in listing.text
        picked = await staff.press(listing, "补充第 1 条")
        await staff.wait_for_answer(picked)
        offer = await one(staff)
        assert MASKED in offer.text
        choices = {text: data for row in offer.buttons for text, data in row if data is not None}
        label = next(text for text in choices if "community-adviser" in text)
        key = gap_key(MASKED)
        assert choices[label] == f"2|kba|{key}|community-adviser"
        before = _snapshot(folder)

        # Forged: a resident pressing staff's button, an item not offered, a gap not listed.
        pressed = await neighbour.press_with_data(unknown, choices[label])
        assert (await neighbour.wait_for_answer(pressed)).text == texts.NOT_ALLOWED
        pressed = await neighbour.press_with_data(unknown, f"1|kbq|{key}")
        assert (await neighbour.wait_for_answer(pressed)).text == texts.NOT_ALLOWED
        pressed = await staff.press_with_data(offer, f"1|kba|{key}|divorce")
        assert (await staff.wait_for_answer(pressed)).text == texts.KB_GAP_NOT_CANDIDATE
        pressed = await staff.press_with_data(offer, "1|kba|0123456789ab|community-adviser")
        assert (await staff.wait_for_answer(pressed)).text == texts.KB_GAP_STALE
        pressed = await staff.press_with_data(offer, "1|kba|../../etc|community-adviser")
        assert (await staff.wait_for_answer(pressed)).text == texts.STALE_BUTTON
        assert _snapshot(folder) == before
        assert scene.rows("SELECT * FROM kb_changes") == []

        pressed = await staff.press(offer, label)
        await staff.wait_for_answer(pressed)  # at once, before the rebuild
        done = await staff.wait_for_edit(offer)
        assert "已将“我电话＊＊，村里祠堂翻修的钱该谁出”补充为条目" in done.text, done.text
        assert texts.KB_GAP_ANSWERED_NOW in done.text
        item_file = (folder / "community-adviser.yaml").read_text(encoding="utf-8")
        assert f'"{MASKED}"' in item_file
        assert "13912345678" not in item_file

        # The effect is immediate: the question is answered, and no longer a gap.
        await resident.send_text("村里祠堂翻修的钱该谁出")
        assert "暂时没有找到" not in (await one(resident)).text
        await staff.send_command("/kb", "gaps")
        assert (await one(staff)).text == texts.KB_GAPS_EMPTY
        # A second tap of the same button has no second effect.
        pressed = await staff.press_with_data(offer, choices[label])
        assert (await staff.wait_for_answer(pressed)).text == texts.KB_GAP_ALREADY
        assert item_file == (folder / "community-adviser.yaml").read_text(encoding="utf-8")
        rows = scene.rows("SELECT staff_id, item_id, kind, detail FROM kb_changes")
        assert [tuple(row) for row in rows] == [(STAFF, "community-adviser", "sample", MASKED)]
        await staff.send_command("/kb", "log")
        assert f"为条目 community-adviser 补充示例问法“{MASKED}”" in (await one(staff)).text
