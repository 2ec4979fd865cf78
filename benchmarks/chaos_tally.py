"""Count what the chaos benchmark's people lost, got twice, or were wrongly apologised to.

Everything is read after the run: the chats as the sandbox recorded them, the Bot API calls
it received, the people's journal, and the bot's SQLite database (opened read-only).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.chaos_people import ADVISER, Action, Journal
from bot import texts
from sandbox import ApiCall, SandboxServer

APOLOGY_MARKS = ("系统出了点问题", "请稍后再发")
"""What a bot text says when it reports a failure and asks the user to send again."""
RECEIPT_MARKS = tuple(
    mark
    for name in ("RECORDED_NOT_SHOWN", "RECORDED_CONFIRMING")
    if isinstance(mark := getattr(texts, name, None), str)
)
"""What a bot text says when the work was done but its confirmation could not be shown."""
_RELAY_TOKEN = re.compile(r"\[(R\d+-\d+)\]")
_REPLY_TOKEN = re.compile(r"\[(A\d+)\]")
_INTAKE_TOKEN = re.compile(r"\[(C\d+-\d+)\]")
_SENDS = frozenset({"sendmessage", "editmessagetext", "answercallbackquery"})


@dataclass(slots=True)
class PhaseFigures:
    """What happened in one phase of the run (kills, or faults)."""

    actions: int = 0
    questions: int = 0
    unanswered: int = 0
    relays_acked: int = 0
    replies_acked: int = 0
    apologies: int = 0
    apologies_after_success: int = 0
    receipts: int = 0
    """Notices that the work was done though its confirmation failed (never an apology)."""


@dataclass(slots=True)
class Figures:
    """The run's counts, per phase and over the whole run."""

    phases: dict[str, PhaseFigures] = field(default_factory=dict)
    lost_relays: int = 0
    lost_replies: int = 0
    duplicates: int = 0
    duplicates_in_flight: int = 0
    """Of ``duplicates``, those whose first copy reached the server close to a kill (sent, not
    yet answered: no client can tell whether Telegram took it)."""
    consultations: int = 0
    filed_twice: int = 0
    closed_twice: int = 0
    crashes: int = 0
    """Times the bot exited without being killed (set by the runner)."""
    throttled: int = 0
    """Questions the per-user limit refused, the resident told to wait (asked again)."""
    details: list[str] = field(default_factory=list)
    """One line per lost, duplicated or unanswered item and per apology (``--details``)."""


def tally(
    server: SandboxServer,
    journal: Journal,
    db_path: Path,
    *,
    kills: Sequence[float] = (),
    in_flight: float = 0.0,
) -> Figures:
    """Count the run's figures from the sandbox, the journal and the database.

    Args:
        server: The sandbox, with its chats and the Bot API calls it received.
        journal: What the simulated people did and saw.
        db_path: The bot's database (opened read-only).
        kills: ``time.monotonic()`` of each SIGKILL.
        in_flight: A duplicate whose first copy came this close to a kill was in flight.
    """
    figures = Figures()
    figures.throttled = sum(journal.throttled.values())
    for action in journal.actions:
        figures.phases.setdefault(action.phase, PhaseFigures()).actions += 1
    answered = _answered_questions(server, journal)
    for action, ok in answered.items():
        phase = figures.phases[action.phase]
        phase.questions += 1
        phase.unanswered += not ok
    to_adviser = _tokens(server, [ADVISER], _RELAY_TOKEN)
    to_residents = _tokens(
        server, sorted(set(journal.acked_relays.values()) | _residents(journal)), _REPLY_TOKEN
    )
    lost = [t for t in journal.acked_relays if to_adviser[t] == 0]
    lost_replies = [t for t in journal.acked_replies if to_residents[t] == 0]
    twice = {t: n for t, n in (to_adviser + to_residents).items() if n > 1}
    figures.lost_relays, figures.lost_replies = len(lost), len(lost_replies)
    figures.duplicates = sum(n - 1 for n in twice.values())
    figures.details += [f"lost after acknowledgement: {t}" for t in lost + lost_replies]
    lags = {t: _nearest_kill(server, t, kills) for t in twice}
    figures.duplicates_in_flight = sum(n - 1 for t, n in twice.items() if abs(lags[t]) < in_flight)
    figures.details += [
        f"delivered {n} times: {t} (first copy {lags[t] * 1000:+.0f} ms from the nearest kill)"
        for t, n in twice.items()
    ]
    figures.details += [
        f"unanswered ({a.phase}): resident {a.chat_id}: {a.ref}"
        for a, ok in answered.items()
        if not ok
    ]
    for chat in sorted(_residents(journal) | {ADVISER}):
        last = server.transcript(chat)[-1:]
        shown = last[0].text.replace("\n", " ")[:70] if last else "nothing"
        figures.details.append(f"last message to {chat}: {shown}")
    by_token = {a.ref: a for a in journal.actions if a.kind in {"relay", "reply"}}
    for token in journal.acked_relays:
        figures.phases[by_token[token].phase].relays_acked += 1
    for token in journal.acked_replies:
        figures.phases[by_token[token].phase].replies_acked += 1
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id, summary, status FROM consultations").fetchall()
        claimed = {
            r[0]
            for r in conn.execute(
                "SELECT consultation_id FROM consultation_events WHERE kind = 'claimed'"
            )
        }
        closes = Counter(
            r[0]
            for r in conn.execute(
                "SELECT consultation_id FROM consultation_events WHERE kind = 'closed'"
            )
        )
    intakes = Counter(m.group(1) for _, summary, _ in rows if (m := _INTAKE_TOKEN.search(summary)))
    figures.consultations = len(rows)
    figures.filed_twice = sum(n - 1 for n in intakes.values() if n > 1)
    figures.closed_twice = sum(n - 1 for n in closes.values() if n > 1)
    closed = {number for number, _, status in rows if status == "closed"}
    succeeded = _Success(answered, to_adviser, to_residents, set(intakes), claimed, closed)
    for call in server.calls:
        if _says(call, RECEIPT_MARKS):
            figures.phases.setdefault(
                phase_name(_trigger(journal, call)), PhaseFigures()
            ).receipts += 1
        if _says(call, APOLOGY_MARKS):
            trigger = _trigger(journal, call)
            phase = figures.phases.setdefault(phase_name(trigger), PhaseFigures())
            phase.apologies += 1
            done = trigger is not None and succeeded.did(trigger)
            phase.apologies_after_success += done
            what = f"{trigger.kind} {trigger.ref}" if trigger else "nothing"
            figures.details.append(
                f"apology ({phase_name(trigger)}) via {call.method} after {what}: "
                f"{'work done' if done else 'work not done'}"
            )
    return figures


@dataclass(slots=True)
class _Success:
    answered: dict[Action, bool]
    to_adviser: Counter[str]
    to_residents: Counter[str]
    intakes: set[str]
    claimed: set[int]
    closed: set[int]

    def did(self, action: Action) -> bool:
        """Whether the work ``action`` asked for was in fact done."""
        if action.kind == "question":
            return self.answered.get(action, False)
        if action.kind == "relay":
            return self.to_adviser[action.ref] > 0
        if action.kind == "reply":
            return self.to_residents[action.ref] > 0
        if action.kind == "submit":
            return action.ref in self.intakes
        if action.kind == "claim":
            return int(action.ref) in self.claimed
        if action.kind == "close":
            return int(action.ref) in self.closed
        return False  # an intake step or a command: nothing to check it by


def phase_name(action: Action | None) -> str:
    """The phase an action belongs to ("setup" for none)."""
    return action.phase if action else "setup"


def _residents(journal: Journal) -> set[int]:
    return {a.chat_id for a in journal.actions if a.kind == "relay"}


def _tokens(server: SandboxServer, chats: list[int], pattern: re.Pattern[str]) -> Counter[str]:
    """How many bot messages in ``chats`` carry each token."""
    found: Counter[str] = Counter()
    for chat in chats:
        for message in server.transcript(chat):
            found.update(pattern.findall(message.text))
    return found


def _answered_questions(server: SandboxServer, journal: Journal) -> dict[Action, bool]:
    """Give each asked question the first unclaimed answer sent to its chat after it."""
    sent_at = {
        (str(c.params.get("chat_id")), c.response["result"]["message_id"]): c.at
        for c in server.calls
        if c.method == "sendMessage" and c.ok and isinstance(c.response.get("result"), dict)
    }
    result: dict[Action, bool] = {}
    for chat, pairs in journal.questions.items():
        fingerprints = dict(pairs)
        answers: dict[str, list[float]] = {}
        for message in server.transcript(chat):
            at = sent_at.get((str(chat), message.message_id))
            for fingerprint in {f for f in fingerprints.values() if f in message.text}:
                if at is not None:
                    answers.setdefault(fingerprint, []).append(at)
        asked = [a for a in journal.actions if a.chat_id == chat and a.kind == "question"]
        for index, action in enumerate(asked):
            # An answer comes after its question and before the same question is asked again.
            again = next((a.at for a in asked[index + 1 :] if a.ref == action.ref), math.inf)
            times = answers.get(fingerprints[action.ref], [])
            hit = next((i for i, at in enumerate(times) if action.at <= at < again), None)
            result[action] = hit is not None
            if hit is not None:
                times.pop(hit)
    return result


def _nearest_kill(server: SandboxServer, token: str, kills: Sequence[float]) -> float:
    """Seconds from the first send carrying ``token`` to the kill nearest it (inf: none)."""
    first = next(
        (
            call.at
            for call in server.calls
            if call.method.lower() in _SENDS and f"[{token}]" in str(call.params.get("text"))
        ),
        None,
    )
    if first is None:
        return math.inf
    return min((kill - first for kill in kills), key=abs, default=math.inf)


def _says(call: ApiCall, marks: tuple[str, ...]) -> bool:
    """Whether ``call`` delivered a text or callback answer with one of ``marks``."""
    if call.method.lower() not in _SENDS or not call.ok:
        return False
    text = str(call.params.get("text", ""))
    return any(mark in text for mark in marks)


def _trigger(journal: Journal, call: ApiCall) -> Action | None:
    """The person's action the apology answered: the pressed button, or their last message."""
    callback = call.params.get("callback_query_id")
    if callback is not None:
        return next((a for a in journal.actions if a.callback_id == str(callback)), None)
    chat = str(call.params.get("chat_id"))
    earlier = [a for a in journal.actions if str(a.chat_id) == chat and a.at <= call.at]
    return earlier[-1] if earlier else None
