"""Chaos benchmark: the real bot SIGKILLed at random and its Bot API failing at random, under load.

Run from the repository root: ``python benchmarks/chaos.py [--kills 10 --seconds 60 --seed 1]``.

The sandbox Bot API server runs in this process; the bot runs as ``python -m bot run`` in a
subprocess configured by environment only (database and conversation state in a temporary
folder). Simulated people drive it over HTTP through the sandbox, as in Telegram: residents
ask questions (each must get its answer; at most one every 3 s, within the bot's per-user
limit), residents file consultations by pressing the intake buttons and write to their
adviser (each message tagged with a unique token; at most 18 updates a minute, and an
intake left open by a lost answer is taken up at the step the bot shows again), and an
adviser claims, replies (tagged too) and closes.

Two phases of the same mixed load follow each other:

1. *kills*: the bot is SIGKILLed ``--kills`` times, each 1-5 s after it polls again, and
   restarted each time (on a loaded machine a start-up alone can take over 5 s);
2. *faults*: ``--seconds`` of Bot API calls failing at random (``--fault-rate`` of the bot's
   sends, edits and callback answers: HTTP 500, 502, or a timeout after which the call is
   still executed), seeded by ``--seed``.

Then the load stops, faults are turned off, and the run waits until the bot is quiet. It
counts questions left without an answer, acknowledged messages (已转给/已记下, 已发给居民)
that never reached the other side, tokens delivered twice to a chat (and how many of those
were in flight at a kill: sent, not yet answered, so no client could know Telegram took
them), consultations filed or closed twice (from the database, opened read-only), and the
apologies the bot sent (「系统出了点问题」「请稍后再发」), with how many of those followed
work that had in fact been done. Only loopback is used; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from importlib import util
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import bot_env, load_questions
from sandbox import SandboxServer
from sandbox.faults import TIMEOUT

if TYPE_CHECKING:
    from benchmarks.chaos_tally import Figures

ROOT = Path(__file__).resolve().parents[1]
API_TIMEOUT = 2.0
"""The bot's Bot API timeout; an injected timeout holds the response one second longer."""
QUIET_SECONDS = 5.0
IN_FLIGHT = 0.25
"""A duplicate whose first copy reached the server this close to a kill was in flight: the bot
could not know Telegram had taken it, and sent it again (as ``kill_replay`` counts them)."""
QUIESCENCE_LIMIT = 90.0
START_LIMIT = 60.0
"""Longest wait for a restarted bot to poll before the next kill is timed."""


class BotProcess:
    """``python -m bot run`` against the sandbox, started, killed and restarted by pid."""

    def __init__(self, server: SandboxServer, folder: Path, root: Path, staff_id: int) -> None:
        """Configure the bot of checkout ``root`` for ``server``, with its files in ``folder``."""
        self.folder = folder
        self.env = bot_env(
            server,
            folder,
            root=root,
            db_name="bot.db",
            STAFF_IDS=str(staff_id),
            RATE_LIMIT="false",
            OUTBOX_INTERVAL_SECONDS="0.5",
            API_TIMEOUT=str(API_TIMEOUT),
        )
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.crashes = 0
        """Times the bot exited on its own (restarted by ``revive``)."""
        self.kills: list[float] = []
        """``time.monotonic()`` of each SIGKILL."""

    async def start(self) -> None:
        """Start the bot (its log goes to ``bot.log`` in the folder)."""
        with (self.folder / "bot.log").open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=self.folder,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        self.starts += 1

    async def kill(self) -> None:
        """SIGKILL the bot and reap it."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            self.kills.append(time.monotonic())
            await self.process.wait()

    async def revive(self) -> None:
        """Restart the bot if it exited on its own, and count it as a crash."""
        if self.process is not None and self.process.returncode is not None:
            self.crashes += 1
            await self.start()

    async def stop(self) -> None:
        """Stop the bot as an operator would (SIGINT), killing it if it hangs."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=20)
        except TimeoutError:
            await self.kill()


def pending_notices(db_path: Path) -> int:
    """Notices the bot's outbox still means to send (read-only; 0 before the table exists)."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL"
            ).fetchone()
    except sqlite3.Error:
        return 0
    return int(count)


async def _polling(server: SandboxServer, since: int) -> None:
    """Wait (at most ``START_LIMIT``) until the bot polls after call number ``since``."""
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if any(call.method == "getUpdates" for call in server.calls[since:]):
            return
        await asyncio.sleep(0.05)


async def _quiet(server: SandboxServer, db_path: Path) -> float:
    """Wait until no update or notice is pending and the bot sent nothing for a while."""
    start = last_change = time.monotonic()
    seen = len(server.calls)
    while time.monotonic() - start < QUIESCENCE_LIMIT:
        await asyncio.sleep(0.5)
        sends = sum(1 for c in server.calls[seen:] if c.method != "getUpdates")
        seen = len(server.calls)
        busy = server.world.has_pending_updates() or pending_notices(db_path) > 0
        if sends or busy:
            last_change = time.monotonic()
        elif time.monotonic() - last_change >= QUIET_SECONDS:
            break
    return time.monotonic() - start


async def run(args: argparse.Namespace) -> tuple[Figures, dict[str, float], int]:
    """Run both phases and return the figures, the phases' durations and the faults injected."""
    from benchmarks import chaos_people as people  # after use_texts_of chose the bot's texts
    from benchmarks.chaos_tally import tally

    rng = random.Random(args.seed)
    questions = load_questions()
    rng.shuffle(questions)
    journal = people.Journal()
    durations: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        async with SandboxServer() as server:
            bot = BotProcess(server, Path(tmp), args.bot_root, people.STAFF)
            await bot.start()
            try:
                await people.enrol_adviser(server)
                pool = await people.calibrate(server, questions, 12)
                actors = [
                    *(
                        people.asker(server, journal, 100 + n, pool, random.Random(rng.random()))
                        for n in range(args.askers)
                    ),
                    *(
                        people.consulting_resident(
                            server, journal, 200 + n, random.Random(rng.random())
                        )
                        for n in range(args.consulting)
                    ),
                    people.adviser(server, journal, random.Random(rng.random())),
                ]
                load = asyncio.gather(*actors)
                journal.phase = "kills"
                start = time.monotonic()
                for _ in range(args.kills):
                    await asyncio.sleep(rng.uniform(1.0, 5.0))
                    await bot.revive()
                    await bot.kill()
                    since = len(server.calls)
                    await bot.start()
                    # 1-5 s of work before each kill, however slowly the bot starts.
                    await _polling(server, since)
                durations["kills"] = time.monotonic() - start
                await asyncio.sleep(5.0)  # the last restart settles before faults begin
                journal.phase = "faults"
                random_faults = server.faults.set_random(
                    rate=args.fault_rate,
                    codes=(500, 502, TIMEOUT),
                    seed=args.seed,
                    timeout_seconds=API_TIMEOUT + 1,
                )
                start = time.monotonic()
                while time.monotonic() - start < args.seconds:
                    await asyncio.sleep(0.5)
                    await bot.revive()
                durations["faults"] = time.monotonic() - start
                server.faults.clear_random()
                journal.stop.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(load, timeout=people.STEP_WAIT * 3)
                journal.phase = "quiescence"
                durations["quiescence"] = await _quiet(server, Path(tmp) / "bot.db")
            finally:
                await bot.stop()
            figures = tally(
                server, journal, Path(tmp) / "bot.db", kills=bot.kills, in_flight=IN_FLIGHT
            )
            if args.keep is not None:
                shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
    figures.crashes = bot.crashes
    return figures, durations, sum(random_faults.injected.values())


def use_texts_of(root: Path) -> None:
    """Recognise the replies of the bot in checkout ``root`` by that checkout's own texts.

    The people and the tally read ``bot.texts``; when the bot comes from another checkout
    (``--bot-root``), its wording may differ from this one's.
    """
    path = root.resolve() / "bot" / "texts" / "__init__.py"
    if root.resolve() == ROOT or not path.exists():
        return
    spec = util.spec_from_file_location("bot.texts", path, submodule_search_locations=[])
    if spec is None or spec.loader is None:
        return
    module = util.module_from_spec(spec)
    sys.modules["bot.texts"] = module
    spec.loader.exec_module(module)
    import bot

    bot.texts = module


def report(
    args: argparse.Namespace, figures: Figures, durations: dict[str, float], injected: int
) -> None:
    """Print the table and, per target, met / not met."""
    print(
        f"chaos run, seed {args.seed}: {args.kills} SIGKILLs, each 1-5 s after a poll, over "
        f"{durations['kills']:.0f} s, then {durations['faults']:.0f} s at "
        f"{args.fault_rate:.0%} Bot API faults (500, 502, timeout; {injected} injected), "
        f"quiet after {durations['quiescence']:.0f} s"
    )
    print(f"{args.askers} residents asking, {args.consulting} residents consulting, 1 adviser\n")
    header = (
        "phase",
        "actions",
        "questions",
        "unanswered",
        "relays acked",
        "replies acked",
        "apologies",
        "after success",
        "receipts",
    )
    print("".join(f"{h:>14}" for h in header))
    for name in ("kills", "faults"):
        p = figures.phases.get(name)
        if p is None:
            continue
        row = (
            name,
            p.actions,
            p.questions,
            p.unanswered,
            p.relays_acked,
            p.replies_acked,
            p.apologies,
            p.apologies_after_success,
            p.receipts,
        )
        print("".join(f"{v:>14}" for v in row))
    print(
        f"\nwhole run: {figures.consultations} consultations; acknowledged but lost: "
        f"{figures.lost_relays} resident messages, {figures.lost_replies} adviser replies; "
        f"tokens delivered twice: {figures.duplicates} ({figures.duplicates_in_flight} sent "
        f"within {IN_FLIGHT * 1000:.0f} ms of a kill: in flight, outcome unknown); "
        f"consultations filed twice: "
        f"{figures.filed_twice}, closed twice: {figures.closed_twice}; the bot exited on its "
        f"own {figures.crashes} times; questions refused over the per-user limit (told to "
        f"wait, asked again): {figures.throttled}\n"
    )
    kills = figures.phases.get("kills")
    faults = figures.phases.get("faults")
    share = faults.apologies / faults.actions if faults and faults.actions else 0.0
    targets = [
        (
            "0 questions without an answer (kills)",
            kills.unanswered if kills else 0,
            kills is not None and kills.unanswered == 0,
        ),
        (
            "0 acknowledged relays lost",
            figures.lost_relays + figures.lost_replies,
            figures.lost_relays + figures.lost_replies == 0,
        ),
        ("0 duplicates delivered", figures.duplicates, figures.duplicates == 0),
        (
            "0 consultations counted twice",
            figures.filed_twice + figures.closed_twice,
            figures.filed_twice + figures.closed_twice == 0,
        ),
        (
            "0 apologies for work that succeeded (faults)",
            faults.apologies_after_success if faults else 0,
            faults is not None and faults.apologies_after_success == 0,
        ),
        ("<= 1 % apologies overall (faults)", f"{share:.1%}", share <= 0.01),
    ]
    for name, value, met in targets:
        print(f"{name:<48}{value!s:>8}   {'met' if met else 'NOT MET'}")
    if args.details:
        print("\ndetails:")
        for line in figures.details:
            print(f"  {line}")


def main() -> None:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=10, help="SIGKILLs in the kill phase")
    parser.add_argument("--seconds", type=float, default=90.0, help="length of the fault phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--askers", type=int, default=3, help="residents asking questions")
    parser.add_argument("--consulting", type=int, default=4, help="residents consulting")
    parser.add_argument(
        "--bot-root",
        type=Path,
        default=ROOT,
        help="checkout whose bot runs (default: this one); e.g. another worktree, to compare",
    )
    parser.add_argument("--details", action="store_true", help="list every item counted")
    parser.add_argument(
        "--keep", type=Path, help="copy the bot's database and log to this folder at the end"
    )
    args = parser.parse_args()
    use_texts_of(args.bot_root)
    figures, durations, injected = asyncio.run(run(args))
    report(args, figures, durations, injected)


if __name__ == "__main__":
    main()
