"""The knowledge folder on disk, sample questions added to YAML text, and the /kb buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.services.kb_files import export_zip, read_upload, seed_knowledge_dir
from bot.services.kb_samples import SampleNotAdded, with_sample_question
from handlers import callback_data as cb
from knowledge import DEFAULT_ITEMS_DIR

QUESTION = '我电话＊＊，村里"祠堂"翻修的钱\\该谁出'


@pytest.mark.parametrize("path", sorted(DEFAULT_ITEMS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_sample_question_is_appended_and_nothing_else_changes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    changed = with_sample_question(text, QUESTION)
    before, after = yaml.safe_load(text), yaml.safe_load(changed)
    assert after.pop("questions") == [*before.pop("questions"), QUESTION]
    assert after == before
    # One line is added; every other line (comments, layout) stays as written.
    added = [line for line in changed.splitlines() if line not in text.splitlines()]
    assert len(added) == 1
    assert len(changed.splitlines()) == len(text.splitlines()) + 1


def test_a_sample_question_goes_after_a_block_scalar_and_into_an_unterminated_file() -> None:
    text = "id: a\nquestions:\n- one\n- |\n  two\n  lines\nanswer: x"
    assert with_sample_question(text, "three  four") == (
        'id: a\nquestions:\n- one\n- |\n  two\n  lines\n- "three four"\nanswer: x'
    )
    assert with_sample_question("questions:\n  - one", "two") == 'questions:\n  - one\n  - "two"\n'


@pytest.mark.parametrize("text", ["questions: [a, b]", "questions: []", "- a", "a: ["])
def test_a_file_without_a_block_list_of_questions_is_refused(text: str) -> None:
    with pytest.raises(SampleNotAdded):
        with_sample_question(text, "q")


def test_seeding_copies_the_packaged_items_once(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "knowledge"
    packaged = len(list(DEFAULT_ITEMS_DIR.glob("*.yaml")))
    assert seed_knowledge_dir(folder) == packaged
    (folder / "divorce.yaml").write_text("edited by staff", encoding="utf-8")
    assert seed_knowledge_dir(folder) == 0
    assert (folder / "divorce.yaml").read_text(encoding="utf-8") == "edited by staff"
    assert seed_knowledge_dir(DEFAULT_ITEMS_DIR) == 0
    assert not list(folder.glob(".*.tmp"))
    # The export holds the item files only, and reads back as an upload.
    (folder / ".history").mkdir()
    (folder / ".history" / "divorce.old.yaml").write_text("old", encoding="utf-8")
    data, count = export_zip(folder)
    assert count == packaged
    files = read_upload("export.zip", data)
    assert len(files) == packaged
    assert files["divorce.yaml"] == b"edited by staff"


def test_buttons_pack_and_parse_strictly() -> None:
    attach = cb.GapAttachButton("0123456789ab", "public-security-penalty")
    gap = cb.GapButton("0123456789ab")
    assert cb.parse(attach.pack()) == attach
    assert cb.parse(gap.pack()) == gap
    for forged in (
        "1|kba|0123456789ab|../divorce",
        "1|kba|0123456789AB|divorce",
        "1|kbq|0123456789a",
        "1|kbq|0123456789ab|x",
        "3|kbq|0123456789ab",
        "1|kba|0123456789ab",
        None,
    ):
        assert cb.parse(forged) is None
