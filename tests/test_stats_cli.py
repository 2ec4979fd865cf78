from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.reports.command import run_stats
from tests.cli_runner import CliRunner, Done
from tests.stats_seed import seeded_deployment


@pytest.fixture
def deployment(tmp_path: Path) -> dict[str, str]:
    """A seeded database and a communities file; the environment the CLI reads them from."""
    settings = seeded_deployment(tmp_path / "bot.db", tmp_path / "communities.yaml")
    return {**settings, "TIMEZONE": "Asia/Shanghai"}


def run_cli(cli: CliRunner, env: dict[str, str], *args: str) -> Done:
    """Run ``python -m bot stats *args`` in-process (in ``tmp_path``) with the settings ``env``."""
    return cli("stats", *args, env=env)


def test_stats_json_for_a_month(cli: CliRunner, deployment, tmp_path: Path) -> None:
    done = run_cli(cli, deployment, "--period", "2026-04", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["period"]["start"] == "2026-04-01"
    assert report["legal_consultation_person_times"] == 12
    assert report["self_service"]["person_times"] == 6
    assert report["self_service"]["questions"] == 9
    assert report["consultations"]["total"] == 6
    assert report["referrals"]["total"] == 3
    names = {c["label"]: c["count"] for c in report["consultations"]["by_community"]}
    assert names == {"迎凤社区": 2, "东关村": 2, "西关社区": 2}
    assert report["backlog"]["active"] == 3


def test_stats_table_is_the_text_summary(cli: CliRunner, deployment, tmp_path: Path) -> None:
    done = run_cli(cli, deployment, "--period", "2026")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "嘉祥街道公共法律服务统计（2026年）"
    assert "法律咨询人次：16" in lines  # 8 self-service 人次 + 8 consultations
    assert any(line.startswith("  2026年4月   6 / 9 / 6 / 3") for line in lines)


def test_stats_xlsx_goes_to_the_current_folder(cli: CliRunner, deployment, tmp_path: Path) -> None:
    done = run_cli(cli, deployment, "--period", "2026-04", "--format", "xlsx")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "jiaxiang-ledger-2026-04.xlsx"
    assert done.stdout.strip() == f"wrote {written}"
    book = load_workbook(written)
    assert book.worksheets[0]["A1"].value == "嘉祥街道公共法律服务台账（2026年4月）"
    assert book.worksheets[1].max_row == 7


def test_stats_refuses_a_bad_period_and_a_missing_database(
    cli: CliRunner, deployment, tmp_path: Path
) -> None:
    done = run_cli(cli, deployment, "--period", "sometime")
    assert done.returncode == 2
    assert "unknown period 'sometime'" in done.stderr
    missing = {**deployment, "DB_PATH": str(tmp_path / "nowhere.db")}
    done = run_cli(cli, missing, "--period", "2026")
    assert done.returncode == 2
    assert "no database at" in done.stderr
    assert not (tmp_path / "nowhere.db").exists()


def test_run_stats_writes_csv_and_png_files(deployment, tmp_path: Path) -> None:
    settings = Settings(
        db_path=Path(deployment["DB_PATH"]),
        communities_file=Path(deployment["COMMUNITIES_FILE"]),
        _env_file=None,
    )
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "list.csv"
    assert run_stats(settings, period="2026-04", fmt="csv", output=target, out=out, err=err) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(target.read_bytes().decode("utf-8-sig").splitlines()) == 7
    chart = tmp_path / "chart.png"
    assert run_stats(settings, period="2026", fmt="png", output=chart, out=out, err=err) == 0
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert err.getvalue() == ""


def test_run_stats_reads_chinese_periods_and_refuses_over_ten_years(
    deployment, tmp_path: Path
) -> None:
    settings = Settings(
        db_path=Path(deployment["DB_PATH"]),
        communities_file=Path(deployment["COMMUNITIES_FILE"]),
        _env_file=None,
    )
    out, err = io.StringIO(), io.StringIO()
    assert run_stats(settings, period="2026年4月", out=out, err=err) == 0
    assert out.getvalue().splitlines()[0] == "嘉祥街道公共法律服务统计（2026年4月）"
    assert run_stats(settings, period="2026年1月至6月", fmt="json", out=out, err=err) == 0
    assert err.getvalue() == ""
    assert run_stats(settings, period="1970..9998", out=out, err=err) == 2
    assert "at most 10 years" in err.getvalue()
