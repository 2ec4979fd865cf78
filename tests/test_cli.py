from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: str = "", cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "KNOWLEDGE_", "DB_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_ask_jsonl_answers_in_order_with_the_documented_fields() -> None:
    questions = ["工伤怎么认定", "红烧肉怎么做才好吃", "离婚冷静期多久"]
    done = run_cli("ask", "--jsonl", stdin="\n".join(questions) + "\n")
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


def test_ask_jsonl_why_names_the_asking_sentence_of_a_story() -> None:
    story = "我在厂里干了三年。上个月机器把我手压伤了。老板不给报工伤怎么办？"
    done = run_cli("ask", "--jsonl", stdin=story + "\n")
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["why"]["asking_sentence"] == "老板不给报工伤怎么办？"
    assert record["item_id"] == "work-injury"


def test_ask_prints_an_answer_with_legal_basis() -> None:
    done = run_cli("ask", "劳动仲裁时效多长")
    assert done.returncode == 0, done.stderr
    assert "劳动争议调解仲裁法" in done.stdout
    assert "法律依据" in done.stdout
    assert "<b>" not in done.stdout


def test_kb_check_passes_on_the_repository() -> None:
    done = run_cli("kb", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ")


def test_kb_check_lists_problems_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\ncategory: [\n", encoding="utf-8")
    done = run_cli("kb", "check", "--knowledge-dir", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path / 'bad.yaml'}:" in done.stderr
    assert "invalid YAML" in done.stderr


def test_run_with_a_malformed_token_is_one_clear_line() -> None:
    done = run_cli_env("run", env={"BOT_TOKEN": "not-a-token"})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN" in done.stderr


def test_run_with_a_broken_communities_file_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "communities.yaml"
    broken.write_text("timezone: Asia/Shanghai\ncommunities: [\n", encoding="utf-8")
    env = {"BOT_TOKEN": "123456:ABCDEFGHIJ", "COMMUNITIES_FILE": str(broken)}
    done = run_cli_env("run", env=env)
    assert done.returncode == 2
    assert f"{broken}:" in done.stderr
    assert "Traceback" not in done.stderr


def test_webhook_without_url_is_refused() -> None:
    done = run_cli_env("run", "--webhook", env={"BOT_TOKEN": "123456:ABCDEFGHIJ"})
    assert done.returncode == 2
    assert "WEBHOOK_URL" in done.stderr


def run_cli_env(
    *args: str, env: dict[str, str], cwd: Path = REPO, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_"))}
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


def test_sandbox_refuses_to_share_the_deployment_database(tmp_path: Path) -> None:
    env = {"DB_PATH": str(tmp_path / "bot.db"), "SANDBOX_DB_PATH": str(tmp_path / "bot.db")}
    done = run_cli_env("sandbox", env=env)
    assert done.returncode == 2
    assert "SANDBOX_DB_PATH" in done.stderr
    assert "Traceback" not in done.stderr
