"""The command line, run in-process: ``bot.cli.main(argv)`` with captured output.

One test (``test_start_without_token_runs_the_sandbox_on_its_own_database``) still runs
``python -m bot`` as a real process: the smoke test of the entry point itself.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli import _answer_stream
from knowledge import KnowledgeBase
from tests.cli_runner import CLEARED, CliRunner

REPO = Path(__file__).resolve().parents[1]


def test_ask_jsonl_answers_in_order_with_the_documented_fields(cli: CliRunner) -> None:
    questions = ["工伤怎么认定", "红烧肉怎么做才好吃", "离婚冷静期多久"]
    done = cli("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in records] == questions
    for record in records:
        assert set(record) == {
            "query",
            "decision",
            "item_id",
            "score",
            "suggestions",
            "category",
            "why",
        }
    assert records[0]["item_id"] == "work-injury"
    assert records[0]["decision"] == "answer"
    assert records[0]["category"] == "labor"
    assert records[1]["decision"] == "unknown"
    assert records[1]["item_id"] is None
    assert records[2]["item_id"] == "divorce"
    why = records[0]["why"]
    assert why["rule"].startswith("top ")
    assert why["candidates"][0]["item_id"] == "work-injury"
    assert "工伤" in why["candidates"][0]["shared_words"]
    assert records[1]["why"]["rule"].startswith(("out of scope", "known share"))


def test_ask_jsonl_why_names_the_asking_sentence_of_a_story(cli: CliRunner) -> None:
    story = "我在厂里干了三年。上个月机器把我手压伤了。老板不给报工伤怎么办？"
    done = cli("ask", "--jsonl", stdin=story + "\n")
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["why"]["asking_sentence"] == "老板不给报工伤怎么办？"
    assert record["item_id"] == "work-injury"


def test_ask_jsonl_why_says_when_the_marked_question_decided(cli: CliRunner) -> None:
    story = (
        "我骑电动车去上班，路上被一辆货车撞了，腿骨折了。厂里说路上的事不归他们管。"
        "我最想知道的是，撞我的货车司机该赔我哪些钱？"
    )
    done = cli("ask", "--jsonl", stdin=story + "\n")
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["decision"] == "answer"
    assert record["item_id"] == "traffic-accident"
    assert record["why"]["marked_decided"] is True
    assert record["why"]["marked_question"] in story
    assert "work-injury" in record["why"]["also"]


def test_ask_prints_an_answer_with_legal_basis(cli: CliRunner) -> None:
    done = cli("ask", "劳动仲裁时效多长")
    assert done.returncode == 0, done.stderr
    assert "劳动争议调解仲裁法" in done.stdout
    assert "法律依据" in done.stdout
    assert "<b>" not in done.stdout


def test_ask_without_a_question_reads_questions_until_end_of_input(cli: CliRunner) -> None:
    done = cli("ask", stdin="离婚冷静期多久\n\n")
    assert done.returncode == 0, done.stderr
    assert "离婚" in done.stdout
    assert done.stdout.count("? ") == 3  # a prompt per line read, and one at the end of input


def test_kb_check_passes_on_the_repository(cli: CliRunner) -> None:
    done = cli("kb", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ")


def test_kb_check_lists_problems_with_file_and_line(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\ncategory: [\n", encoding="utf-8")
    done = cli("kb", "check", "--knowledge-dir", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path / 'bad.yaml'}:" in done.stderr
    assert "invalid YAML" in done.stderr


def test_no_command_prints_the_usage(cli: CliRunner) -> None:
    done = cli()
    assert done.returncode == 2
    assert "usage: python -m bot" in done.stdout


def test_run_with_a_malformed_token_is_one_clear_line(cli: CliRunner) -> None:
    done = cli("run", env={"BOT_TOKEN": "not-a-token"})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN" in done.stderr


def test_run_without_a_token_points_to_the_sandbox(cli: CliRunner) -> None:
    done = cli("run")
    assert done.returncode == 2
    assert "python -m bot sandbox" in done.stderr


def test_run_with_a_broken_communities_file_names_file_and_line(
    cli: CliRunner, tmp_path: Path
) -> None:
    broken = tmp_path / "communities.yaml"
    broken.write_text("timezone: Asia/Shanghai\ncommunities: [\n", encoding="utf-8")
    env = {"BOT_TOKEN": "123456:ABCDEFGHIJ", "COMMUNITIES_FILE": str(broken)}
    done = cli("run", env=env)
    assert done.returncode == 2
    assert f"{broken}:" in done.stderr
    assert "Traceback" not in done.stderr


def test_webhook_without_url_is_refused(cli: CliRunner) -> None:
    done = cli("run", "--webhook", env={"BOT_TOKEN": "123456:ABCDEFGHIJ"})
    assert done.returncode == 2
    assert "WEBHOOK_URL" in done.stderr


def test_sandbox_refuses_to_share_the_deployment_database(cli: CliRunner, tmp_path: Path) -> None:
    env = {"DB_PATH": str(tmp_path / "bot.db"), "SANDBOX_DB_PATH": str(tmp_path / "bot.db")}
    done = cli("sandbox", env=env)
    assert done.returncode == 2
    assert "SANDBOX_DB_PATH" in done.stderr
    assert "Traceback" not in done.stderr


def test_backup_writes_a_copy_and_refuses_a_missing_database(
    cli: CliRunner, tmp_path: Path
) -> None:
    missing = cli("backup", str(tmp_path / "copy.db"), env={"DB_PATH": str(tmp_path / "no.db")})
    assert missing.returncode == 2
    assert missing.stderr.strip()
    assert not (tmp_path / "copy.db").exists()


def run_cli_env(
    *args: str, env: dict[str, str], cwd: Path = REPO, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **env},
        timeout=120,
        check=False,
    )


def test_start_without_token_runs_the_sandbox_on_its_own_database(tmp_path: Path) -> None:
    """The entry point's smoke test: ``python -m bot start`` as a real process."""
    real_db = tmp_path / "deployment" / "bot.db"
    env = {
        "DB_PATH": str(real_db),
        "STAFF_IDS": "4242",
        "PYTHONPATH": str(REPO),
        "COMMUNITIES_FILE": str(REPO / "config" / "communities.yaml"),
    }
    done = run_cli_env("start", env=env, cwd=tmp_path, stdin="/quit\n")
    assert done.returncode == 0, done.stderr
    assert "starting the local sandbox" in done.stderr
    sandbox_db = tmp_path / "var" / "sandbox.db"
    assert str(sandbox_db) in done.stderr
    assert sandbox_db.exists()
    assert not real_db.exists()
    assert not real_db.parent.exists()


class _CountingSearches(KnowledgeBase):
    """The real knowledge base, counting its searches (each begins by fixing typos)."""

    searches = 0

    def _corrected(self, text: str) -> tuple[str, str]:
        self.searches += 1
        return super()._corrected(text)


def test_ask_jsonl_searches_each_line_once_and_explains_that_search(kb: KnowledgeBase) -> None:
    questions = ["工伤怎么认定", "红烧肉怎么做才好吃", "俺借给俺表哥两万，他一直推着不还，咋要？"]
    counting = _CountingSearches(kb.items)
    sink = io.StringIO()
    _answer_stream(counting, io.StringIO("".join(q + "\n" for q in questions)), sink)
    assert counting.searches == len(questions)
    records = [json.loads(line) for line in sink.getvalue().splitlines()]
    for question, record in zip(questions, records, strict=True):
        result = kb.search(question)
        assert record["decision"] == result.decision.value
        assert record["suggestions"] == [c.item.id for c in result.candidates]
        assert record["why"] == json.loads(json.dumps(kb.explain(question), ensure_ascii=False))


def test_ask_jsonl_reads_the_question_out_of_a_json_line(cli: CliRunner) -> None:
    lines = ['{"id": 7, "question": "工伤怎么认定"}', '"离婚冷静期多久"', "工伤怎么认定"]
    done = cli("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in records] == ["工伤怎么认定", "离婚冷静期多久", "工伤怎么认定"]
    assert records[0]["id"] == 7
    assert "id" not in records[2]
    assert records[0]["item_id"] == records[2]["item_id"] == "work-injury"
    assert records[1]["item_id"] == "divorce"


def test_triage_jsonl_reads_the_description_out_of_a_json_line(cli: CliRunner) -> None:
    lines = ['{"id": "a1", "text": "俺男人打俺"}', "俺男人打俺", '{"other": 1}']
    done = cli("triage", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[0]["id"] == "a1"
    assert records[0]["text"] == records[1]["text"] == "俺男人打俺"
    assert records[0]["urgent"] is records[1]["urgent"] is True
    assert records[2]["text"] == '{"other": 1}'
