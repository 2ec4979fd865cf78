"""Command line: ``python -m bot <command>``."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.backup import BackupError, backup_database, backup_target
from bot.communities import CommunitiesError
from bot.config import ConfigError, Settings, load_settings
from bot.line_input import DESCRIPTION_KEYS, QUESTION_KEYS, read_line
from bot.log_setup import configure_logging
from bot.paths import PathError
from bot.services.periods import PERIOD_HELP
from bot.services.publicity_calendar import CalendarError
from bot.services.urgency import urgency_kinds, urgency_why
from knowledge import (
    DEFAULT_ITEMS_DIR,
    Decision,
    KnowledgeBase,
    KnowledgeError,
    SearchResult,
)
from knowledge.categories import category_label
from knowledge.loader import inspect_items
from knowledge.quizzes import DEFAULT_QUIZZES_DIR, inspect_quizzes
from knowledge.render import basis_html, plain_text, render_answer
from knowledge.review import due_for_review
from knowledge.statutes import DEFAULT_STATUTES_PATH, load_statutes, shipped_registry
from knowledge.triage import CategoryClassifier

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    # Opt into PTB's timedelta durations now (RetryAfter and friends); this also silences
    # the deprecation warning older integer durations raise.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    result: int = handler(args)
    return result


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    start = commands.add_parser(
        "start", help="run on Telegram when BOT_TOKEN is set, otherwise the local sandbox chat"
    )
    start.set_defaults(handler=_cmd_start)
    run = commands.add_parser("run", help="run the bot on the configured Bot API server")
    run.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    run.set_defaults(handler=_cmd_run)
    sandbox = commands.add_parser("sandbox", help="chat with the bot through a local Bot API")
    sandbox.set_defaults(handler=_cmd_sandbox)

    ask = commands.add_parser("ask", help="answer questions from the knowledge base")
    ask.add_argument("question", nargs="*", help="the question (interactive when omitted)")
    ask.add_argument("--jsonl", action="store_true", help="read questions from stdin, write JSON")
    ask.add_argument("--knowledge-dir", type=Path, default=DEFAULT_ITEMS_DIR)
    ask.set_defaults(handler=_cmd_ask)

    triage = commands.add_parser(
        "triage", help="urgency and category of consultation descriptions (no Telegram needed)"
    )
    triage.add_argument("description", nargs="*", help="the description (stdin when omitted)")
    triage.add_argument(
        "--jsonl", action="store_true", help="read descriptions from stdin, write JSON lines"
    )
    triage.add_argument(
        "--why", action="store_true", help="also say what found each urgency (rules, model n-grams)"
    )
    triage.add_argument("--knowledge-dir", type=Path, default=DEFAULT_ITEMS_DIR)
    triage.set_defaults(handler=_cmd_triage)

    kb = commands.add_parser("kb", help="knowledge-base tools")
    kb_commands = kb.add_subparsers(title="kb commands", metavar="KB_COMMAND", required=True)
    check = kb_commands.add_parser(
        "check", help="validate every knowledge file against the statute registry"
    )
    check.add_argument(
        "directory", nargs="?", type=Path, help="knowledge folder (default: the shipped items)"
    )
    check.add_argument("--knowledge-dir", type=Path, default=DEFAULT_ITEMS_DIR, help="same")
    check.add_argument("--statutes", type=Path, default=DEFAULT_STATUTES_PATH)
    check.add_argument(
        "--quizzes", type=Path, help="quiz folder (default: the shipped quizzes with shipped items)"
    )
    check.set_defaults(handler=_cmd_kb_check)
    due = kb_commands.add_parser(
        "due", help="items due for legal review, and cited statutes changed since their review"
    )
    due.add_argument("directory", nargs="?", type=Path, help="knowledge folder")
    due.add_argument("--knowledge-dir", type=Path, default=DEFAULT_ITEMS_DIR, help="same")
    due.add_argument("--statutes", type=Path, default=DEFAULT_STATUTES_PATH)
    due.add_argument("--today", type=dt.date.fromisoformat, help="judge as of YYYY-MM-DD")
    due.set_defaults(handler=_cmd_kb_due)

    stats = commands.add_parser(
        "stats", help="consultation tallies for staff, from the database (no Telegram needed)"
    )
    stats.add_argument(
        "--period",
        default="month",
        help=f"{PERIOD_HELP} (local dates; default: this month)",
    )
    stats.add_argument(
        "--format",
        choices=("table", "json", "xlsx", "csv", "png"),
        default="table",
        help="table: text summary; json: full report; xlsx: ledger workbook; "
        "csv: consultation list; png: chart",
    )
    stats.add_argument(
        "--output",
        type=Path,
        help="file to write (xlsx, csv and png default to a file in the current folder)",
    )
    stats.set_defaults(handler=_cmd_stats)

    backup = commands.add_parser(
        "backup", help="copy the database consistently, even while the bot runs (DB_PATH)"
    )
    backup.add_argument("path", type=Path, help="a file to write, or a folder for a dated copy")
    backup.set_defaults(handler=_cmd_backup)
    return parser


def _startup_error(exc: Exception) -> int:
    print(exc, file=sys.stderr)
    return 2


def _settings() -> Settings | None:
    try:
        return load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return None


def _cmd_start(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    if settings.bot_token is None:
        print(
            "BOT_TOKEN is not set: starting the local sandbox (a Bot API server on this "
            "computer, not Telegram)",
            file=sys.stderr,
        )
        return _sandbox(settings)
    return _serve(settings, webhook=False)


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    if settings.bot_token is None:
        print("BOT_TOKEN is not set (try `python -m bot sandbox`)", file=sys.stderr)
        return 2
    return _serve(settings, webhook=args.webhook)


def _cmd_sandbox(args: argparse.Namespace) -> int:
    settings = _settings()
    return 2 if settings is None else _sandbox(settings)


def _serve(settings: Settings, *, webhook: bool) -> int:
    from bot import runner  # PTB and every handler: only the commands that serve need them

    configure_logging(logging.INFO)
    try:
        if webhook:
            runner.run_webhook(settings)
        else:
            runner.run_polling(settings)
    except (ValueError, PathError, CommunitiesError, KnowledgeError) as exc:
        return _startup_error(exc)
    return 0


_SANDBOX_MISSING = (
    "the local sandbox cannot start: {module!r} is not importable. The sandbox is part of a "
    "checkout of the repository (its sandbox/ folder, beside tests/), not of the installed "
    "package: start it from the checkout's root folder with `make run`, after "
    "`.venv/bin/pip install -e '.[sandbox]'` if you installed by hand"
)


def _sandbox(settings: Settings) -> int:
    # The sandbox is a package of the checkout with its own dependencies: load it only here.
    try:
        from bot import sandbox_chat
    except ModuleNotFoundError as exc:
        print(_SANDBOX_MISSING.format(module=exc.name), file=sys.stderr)
        return 2
    configure_logging(logging.WARNING)
    print(
        f"sandbox data (its own, never DB_PATH): {settings.sandbox_db_path.absolute()}; "
        f"files the bot sends: {sandbox_chat.sandbox_files_dir(settings)}; "
        f"staff member: /as {sandbox_chat.SANDBOX_STAFF - 1000}",
        file=sys.stderr,
    )
    try:
        asyncio.run(sandbox_chat.run_sandbox(settings))
    except (PathError, CommunitiesError, CalendarError, KnowledgeError) as exc:
        return _startup_error(exc)
    return 0


def _cmd_kb_check(args: argparse.Namespace) -> int:
    directory: Path = args.directory or args.knowledge_dir
    report = inspect_items(
        directory, require_topics=directory == DEFAULT_ITEMS_DIR, statutes=args.statutes
    )
    errors = list(report.errors)
    quiz_dir: Path | None = args.quizzes
    if quiz_dir is None and directory == DEFAULT_ITEMS_DIR:
        quiz_dir = DEFAULT_QUIZZES_DIR
    quizzes = None
    if quiz_dir is not None:
        quizzes = inspect_quizzes(
            quiz_dir,
            item_ids={item.id for item in report.items},
            registry=report.registry or load_statutes(args.statutes)[0],
            today=dt.date.today(),
        )
        errors.extend(quizzes.errors)
    for problem in errors:
        print(problem, file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    cited = len(report.registry) if report.registry is not None else 0
    warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    quizzed = f", {len(quizzes.quizzes)} quizzes in {quiz_dir}" if quizzes is not None else ""
    print(
        f"ok: {len(report.items)} items in {directory}, {cited} statutes in registry"
        f"{quizzed}{warned}"
    )
    return 0


def _cmd_kb_due(args: argparse.Namespace) -> int:
    directory: Path = args.directory or args.knowledge_dir
    today: dt.date = args.today or dt.date.today()
    report = inspect_items(directory, require_topics=False, statutes=args.statutes, today=today)
    if report.registry is None or (report.errors and not report.items):
        for problem in report.errors:
            print(problem, file=sys.stderr)
        return 1
    if report.errors:
        print(f"note: {len(report.errors)} problem(s); see `kb check`", file=sys.stderr)
    due = due_for_review(report.items, report.registry, today=today)
    for entry in due:
        item = entry.item
        reasons = ["overdue"] if entry.overdue else []
        reasons += ["law changed"] if entry.changed else []
        print(f"{item.id}: last reviewed {item.review_date} ({', '.join(reasons)})")
        for statute in entry.changed:
            edition = f" {statute.edition}" if statute.edition else ""
            print(
                f"  changed: 《{statute.name}》{edition}, adopted {statute.adopted}, "
                f"in force {statute.in_force}"
            )
    print(f"{len(due)} of {len(report.items)} items due for review on {today}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    from bot.reports.command import run_stats  # spreadsheet and chart libraries: only here

    return run_stats(settings, period=args.period, fmt=args.format, output=args.output)


def _cmd_backup(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    target = backup_target(args.path, dt.datetime.now(settings.tz))
    try:
        size = backup_database(settings.db_path, target)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"wrote {target} ({size} bytes)")
    return 0


def _cmd_triage(args: argparse.Namespace) -> int:
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):  # whatever the locale: UTF-8 in and out,
            stream.reconfigure(encoding="utf-8", errors="replace")  # a bad byte loses no line
    classifier = CategoryClassifier.load(args.knowledge_dir)
    if args.jsonl or not args.description:
        _triage_stream(classifier, sys.stdin, sys.stdout, jsonl=args.jsonl, why=args.why)
        return 0
    description = [" ".join(args.description)]
    _triage_stream(classifier, description, sys.stdout, jsonl=False, why=args.why)
    return 0


def _triage_stream(
    classifier: CategoryClassifier,
    source: Iterable[str],
    sink: TextIO,
    *,
    jsonl: bool,
    why: bool = False,
) -> None:
    """Triage one description per input line: one JSON object (or text line) each, in order.

    With ``why``, each record also says what found each urgency kind (``urgency_why``).
    """
    for line in source:
        text, echo = read_line(line, DESCRIPTION_KEYS)
        found = urgency_why(text) if why else None  # one reading gives the kinds and why
        kinds = list(found) if found is not None else urgency_kinds(text)
        category = classifier.classify(text)
        if jsonl:
            record: dict[str, object] = {
                **echo,
                "text": text,
                "urgent": bool(kinds),
                "urgency_kinds": kinds,
                "category": category,
            }
            if found is not None:
                record["why"] = found
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            urgency = "紧急（" + "、".join(texts.URGENT_REASONS.get(k, k) for k in kinds) + "）"
            sink.write(f"{category_label(category)}  {urgency if kinds else '不紧急'}\n")
            if found is not None:
                for kind, sources in found.items():
                    sink.write(f"  {kind}: {'; '.join(sources)}\n")
        sink.flush()


def _cmd_ask(args: argparse.Namespace) -> int:
    kb = KnowledgeBase.load(args.knowledge_dir)
    if args.jsonl:
        _answer_stream(kb, sys.stdin, sys.stdout)
        return 0
    if args.question:
        print(format_result(kb, kb.search(" ".join(args.question))))
        return 0
    return _interactive(kb)


def _answer_stream(kb: KnowledgeBase, source: TextIO, sink: TextIO) -> None:
    """Answer one question per input line with one JSON object per output line, in order."""
    for line in source:
        query, echo = read_line(line, QUESTION_KEYS)
        result, why = kb.search_explained(query)
        top = result.top
        record = {
            **echo,
            "query": query,
            "decision": result.decision.value,
            "item_id": top.item.id if top and result.decision is not Decision.UNKNOWN else None,
            "score": top.score if top else 0.0,
            "suggestions": [candidate.item.id for candidate in result.candidates],
            "category": kb.classifier.classify(query),
            "why": why,
        }
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        sink.flush()


def _interactive(kb: KnowledgeBase) -> int:
    while True:
        try:
            question = input("? ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question.strip():
            print(format_result(kb, kb.search(question)), end="\n\n")


def format_result(kb: KnowledgeBase, result: SearchResult) -> str:
    """Return a search result as plain text for a terminal."""
    top = result.top
    if result.decision is Decision.ANSWER and top is not None:
        item = top.item
        answer = plain_text(render_answer(item, {}, missing=texts.LOCAL_FACT_MISSING))
        basis = plain_text(
            basis_html(
                item,
                header=texts.LEGAL_BASIS_HEADER,
                as_of=texts.BASIS_AS_OF,
                registry=shipped_registry(),
            )
        )
        return f"{answer}\n{texts.DISCLAIMER}\n\n{basis}"
    if result.decision is Decision.SUGGEST:
        lines = [f"{n}. {c.item.title}" for n, c in enumerate(result.candidates, start=1)]
        return texts.SUGGEST_HEADER + "\n" + "\n".join(lines)
    return plain_text(texts.UNKNOWN_ANSWER)
