"""The repository's copies of shared/ reference files must stay identical to shared/."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "knowledge"
COPIES = {
    "categories.yaml": REPO / "knowledge" / "data" / "categories.yaml",
    "topics.yaml": REPO / "knowledge" / "data" / "topics.yaml",
    "dev-questions.yaml": REPO / "benchmarks" / "data" / "dev-questions.yaml",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_is_identical(name: str) -> None:
    original = SHARED / name
    if not original.exists():
        pytest.skip("shared/ is not beside this clone")
    assert COPIES[name].read_bytes() == original.read_bytes()
