"""Every command line in the README works as written (run in-process, from an empty folder)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.cli_runner import CliRunner
from tests.stats_seed import seeded_deployment

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
PYTHON = ".venv/bin/python -m bot "
SERVING = {"start", "run", "sandbox"}
"""Commands that serve until stopped: checked with ``--help`` here, run for real elsewhere."""


def command_lines() -> list[str]:
    """Every line of the README's ``sh`` blocks, comments dropped."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return [" ".join(shlex.split(line, comments=True)) for line in lines if line.strip()]


def parse(line: str) -> tuple[list[str], str]:
    """Return the ``python -m bot`` arguments of ``line`` and what it pipes into them."""
    stdin = ""
    words = shlex.split(line, comments=True)
    if "|" in words:
        bar = words.index("|")
        assert words[0] == "printf", line
        stdin = words[1].replace("\\n", "\n")
        words = words[bar + 1 :]
    assert words[:3] == [".venv/bin/python", "-m", "bot"], line
    return words[3:], stdin


LINES = command_lines()


def test_the_readme_starts_with_the_two_set_up_commands() -> None:
    assert LINES[:2] == ["make run", "make test"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for line in LINES[:2]:
        target = line.split()[1]
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    assert re.search(r"^VENV := \.venv$", makefile, flags=re.MULTILINE)  # what .venv/bin/python is
    assert all(line.startswith(("make ", "printf ", PYTHON)) for line in LINES), LINES


@pytest.fixture
def deployment(tmp_path: Path) -> dict[str, str]:
    """A database with a year of consultations, as ``stats`` reads it."""
    (tmp_path / "var").mkdir()
    return seeded_deployment(tmp_path / "var" / "bot.db", tmp_path / "communities.yaml")


@pytest.mark.parametrize("line", [line for line in LINES if line.startswith(("printf", PYTHON))])
def test_every_command_line_works_as_written(
    line: str, cli: CliRunner, deployment: dict[str, str], tmp_path: Path
) -> None:
    argv, stdin = parse(line)
    if argv[0] in SERVING:
        with pytest.raises(SystemExit) as exited:
            cli(*argv, "--help")
        assert exited.value.code == 0
        return
    env = deployment if argv[0] == "stats" else {}
    done = cli(*argv, stdin=stdin, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() or argv == ["ask"], line
    if "--output" in argv:
        assert (tmp_path / argv[argv.index("--output") + 1]).exists()


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize(
    "page", [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))], ids=lambda p: p.name
)
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: {target}"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.MULTILINE)
            assert anchor in {slug(h) for h in headings}, f"{page.name}: {target}"
