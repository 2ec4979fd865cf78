"""The simulated people of the chaos benchmark: residents asking, residents consulting, an adviser.

They only press buttons and send messages through the sandbox, like real users, and note what
they did (an ``Action``) and which acknowledgements they saw, for ``chaos_tally`` to count.
Every wait is bounded: a step that gets no answer (the bot was killed, a reply failed) is
retried or given up, as a person would, and the load goes on.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import texts
from sandbox import BotMessage, SandboxServer, SandboxUser

STAFF, ADVISER = 9001, 6001
COMMUNITY = "迎凤社区"
INTAKE_QUESTION = "老板拖欠工资三个月了，怎么要回来"
STEP_WAIT = 15.0
"""Seconds a person waits for the bot's answer to one step (a restart takes a few)."""
RELAYS_PER_CONSULTATION = 3
ASKED_AGAIN = 3
"""Times a resident told to wait (the per-user limit) asks the same question again."""
ASK_INTERVAL = 60.0 / 20
"""Shortest time between two questions of one resident: within the bot's default per-user
limit (20 a minute), which refuses the rest, telling only the first refused in a burst."""
CONSULTING_PER_MINUTE = 18
"""Most messages and presses a consulting resident sends in any minute: within the bot's
per-user limit (20 a minute), whose refusals would otherwise eat a relay unacknowledged and
move the next acknowledgement onto it."""
INTAKE_BUTTONS = (
    texts.BUTTON_SAME_COMMUNITY,
    COMMUNITY,
    texts.BUTTON_USE_QUESTION,
    texts.BUTTON_CATEGORY_OK,
    texts.BUTTON_CONSENT_NO,
    texts.BUTTON_SUBMIT,
)
Wanted = Callable[[BotMessage], bool]
"""What a person waits for: a test of the bot's next message."""
_NUMBER = re.compile(r"#(\d+)")
_DONE = texts.INTAKE_DONE.split("<b>", 1)[0]
_ACTIVE = texts.ACTIVE_EXISTS.split("<b>", 1)[0]
_CLAIMED = texts.CLAIM_DONE.split("{", 1)[0]
_ENROLLED = texts.INVITE_ACCEPTED.split("<b>", 1)[0]
_RATING = texts.RATING_REQUEST.split("{", 1)[0]
_RELAY_ACKS = tuple(t.split("（", 1)[0] for t in (texts.RELAYED_TO_ADVISER, texts.RELAYED_WAITING))
_RATE_LIMITED = texts.RATE_LIMITED.split("（", 1)[0]
_WAIT_SECONDS = re.compile(r"(\d+) 秒")


def labels(message: BotMessage) -> list[str]:
    """Return the texts of a message's inline buttons."""
    return [text for row in message.buttons for text, _ in row]


def number_in(message: BotMessage) -> int | None:
    """Return the first consultation number (``#12``) in a message's text."""
    found = _NUMBER.search(message.text)
    return int(found.group(1)) if found else None


def starting(prefix: str | tuple[str, ...], number: int | None = None) -> Wanted:
    """Accept a message whose text starts with ``prefix`` (and names consultation ``number``)."""
    return lambda m: m.text.startswith(prefix) and (number is None or number_in(m) == number)


def containing(fragment: str) -> Wanted:
    """Accept a message whose text contains ``fragment``."""
    return lambda m: fragment in m.text


def answer_or_wait(fingerprint: str) -> Wanted:
    """Accept the answer carrying ``fingerprint``, or the per-user limit's notice to wait."""
    return lambda m: fingerprint in m.text or m.text.startswith(_RATE_LIMITED)


def with_button(button: str, number: int | None = None) -> Wanted:
    """Accept a message with ``button`` (about consultation ``number``, if given)."""
    return lambda m: button in labels(m) and (number is None or number_in(m) == number)


@dataclass(slots=True, eq=False)
class Action:
    """One thing a simulated person did, when, and what identifies its work."""

    chat_id: int
    kind: str
    """question, relay, reply, claim, close, submit, step or command."""
    at: float
    """``time.monotonic()`` when it was sent (the sandbox stamps API calls the same way)."""
    phase: str
    ref: str = ""
    """The token, the consultation number or the question text it carried."""
    callback_id: str | None = None


@dataclass(slots=True)
class Journal:
    """What everyone did and saw, shared by the actors and read by the tally."""

    phase: str = "setup"
    actions: list[Action] = field(default_factory=list)
    questions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    """Per asking resident, (question, fingerprint of its answer) in the order asked."""
    acked_relays: dict[str, int] = field(default_factory=dict)
    """Token → resident chat of each resident message acknowledged with 已转给/已记下."""
    acked_replies: dict[str, int] = field(default_factory=dict)
    """Token → resident chat of each adviser reply acknowledged with 已发给居民."""
    throttled: Counter[str] = field(default_factory=Counter)
    """Per phase, questions the per-user limit refused (the resident was told to wait)."""
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def note(self, chat_id: int, kind: str, ref: str = "", callback_id: str | None = None) -> None:
        """Record an action taken just now."""
        self.actions.append(Action(chat_id, kind, time.monotonic(), self.phase, ref, callback_id))


class Inbox:
    """A person's unread bot messages, taken by what they look like rather than by order."""

    def __init__(
        self, server: SandboxServer, user: SandboxUser, *, per_minute: int | None = None
    ) -> None:
        """Read ``user``'s chat in ``server``; send at most ``per_minute`` updates a minute."""
        self._world = server.world
        self.user = user
        self._pending: list[BotMessage] = []
        self._per_minute = per_minute
        self._sent: deque[float] = deque()

    async def turn(self) -> None:
        """Wait until one more update keeps this person within their pace; count it."""
        if self._per_minute is not None:
            if len(self._sent) >= self._per_minute:
                oldest = self._sent[len(self._sent) - self._per_minute]
                await asyncio.sleep(max(0.0, oldest + 60.0 - time.monotonic()))
            self._sent.append(time.monotonic())
            while len(self._sent) > self._per_minute:
                self._sent.popleft()

    def _find(self, wanted: Wanted) -> BotMessage | None:
        self._pending.extend(self.user.take_new_messages())
        for index, message in enumerate(self._pending):
            if wanted(message):
                return self._pending.pop(index)
        return None

    async def expect(
        self,
        wanted: Wanted,
        timeout: float = STEP_WAIT,  # noqa: ASYNC109
    ) -> BotMessage | None:
        """Wait up to ``timeout`` for a message ``wanted`` accepts; take it (None: none came)."""
        found: list[BotMessage] = []

        def arrived() -> bool:
            message = self._find(wanted)
            if message is not None:
                found.append(message)
            return bool(found)

        await self._world.wait_for(arrived, timeout)
        return found[0] if found else None

    def drop_all(self) -> None:
        """Forget the unread messages nobody asked for."""
        self._pending.extend(self.user.take_new_messages())
        self._pending.clear()


async def press(
    journal: Journal, inbox: Inbox, message: BotMessage, button: str, kind: str, ref: str = ""
) -> bool:
    """Press ``button`` of ``message`` if it is still there; note the action."""
    await inbox.turn()
    try:
        callback_id = await inbox.user.press(message, button)
    except (LookupError, ValueError):
        return False
    journal.note(inbox.user.chat_id, kind, ref, callback_id)
    return True


async def enrol_adviser(server: SandboxServer) -> None:
    """Staff invites the adviser of ``COMMUNITY`` and the adviser accepts (before any chaos).

    Raises:
        RuntimeError: If the bot does not answer the invitation steps.
    """
    staff, adviser = Inbox(server, server.user(STAFF, "工作人员")), server.user(ADVISER, "李律师")
    await staff.user.send_command("/invite", COMMUNITY)
    link = await staff.expect(containing("start=inv_"), 60)
    token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", link.text) if link else None
    if token is None:
        raise RuntimeError("the bot did not answer /invite")
    await adviser.send_command("/start", token.group(1))
    if await Inbox(server, adviser).expect(containing(_ENROLLED), 30) is None:
        raise RuntimeError("the adviser could not accept the invitation")


async def calibrate(
    server: SandboxServer, questions: list[str], wanted: int
) -> list[tuple[str, str]]:
    """Ask each question once (no chaos yet) and keep those whose answers tell them apart.

    Returns:
        Up to ``wanted`` pairs of a question and a line found only in its answer.
    """
    probe = Inbox(server, server.user(8999, "校准"))
    answers: list[tuple[str, list[str]]] = []
    for question in questions[: wanted * 3]:
        await probe.user.send_text(question)
        reply = await probe.expect(lambda m: True, 30)
        if reply is not None and texts.BUTTON_ADVISER not in labels(reply):
            reply = await probe.expect(with_button(texts.BUTTON_ADVISER), 2) or reply
        if reply is not None and texts.BUTTON_ADVISER in labels(reply):
            answers.append(
                (question, [line.strip() for line in reply.text.splitlines() if line.strip()])
            )
        elif reply is not None:
            # Not an answer: a request for a person (转人工) starts the intake, which would
            # take every later question as its step's answer. Leave it, as a person would.
            await probe.user.send_command("/cancel")
            await probe.expect(lambda m: True, 30)
        probe.drop_all()
    seen: dict[str, int] = {}
    for _, lines in answers:
        for line in set(lines):
            seen[line] = seen.get(line, 0) + 1
    chosen: list[tuple[str, str]] = []
    for question, lines in answers:
        unique = [line for line in lines if seen[line] == 1 and len(line) >= 6]
        if unique:
            chosen.append((question, unique[0]))
    return chosen[:wanted]


async def asker(
    server: SandboxServer,
    journal: Journal,
    user_id: int,
    pool: list[tuple[str, str]],
    rng: random.Random,
) -> None:
    """A resident who asks question after question, waiting a while for each answer."""
    inbox = Inbox(server, server.user(user_id))
    asked = journal.questions.setdefault(user_id, [])
    offset = rng.randrange(len(pool))
    while not journal.stop.is_set():
        question, fingerprint = pool[(offset + len(asked)) % len(pool)]
        sent_at = time.monotonic()
        await inbox.user.send_text(question)
        journal.note(user_id, "question", question)
        asked.append((question, fingerprint))
        wanted = answer_or_wait(fingerprint)
        answer = await inbox.expect(wanted)
        for _ in range(ASKED_AGAIN):
            if answer is None or not answer.text.startswith(_RATE_LIMITED):
                break
            # Told they send too often and to wait: they wait, then ask the same again.
            journal.throttled[journal.phase] += 1
            wait = _WAIT_SECONDS.search(answer.text)
            await asyncio.sleep(int(wait.group(1)) if wait else 5)
            await inbox.user.send_text(question)
            answer = await inbox.expect(wanted)
        inbox.drop_all()
        pause = rng.uniform(0.3, 1.5)
        await asyncio.sleep(max(pause, sent_at + ASK_INTERVAL - time.monotonic()))


async def consulting_resident(
    server: SandboxServer, journal: Journal, user_id: int, rng: random.Random
) -> None:
    """A resident who files a consultation, writes to the adviser, and starts again when closed."""
    inbox = Inbox(server, server.user(user_id), per_minute=CONSULTING_PER_MINUTE)
    intakes = relays = 0
    while not journal.stop.is_set():
        number = await _file(journal, inbox, f"C{user_id}-{intakes}")
        intakes += 1
        if number is None:
            await asyncio.sleep(rng.uniform(0.5, 2.0))
            continue
        closed = None
        unacked: list[str] = []  # this consultation's messages not acknowledged yet, in order
        while closed is None and not journal.stop.is_set():
            for _ in range(RELAYS_PER_CONSULTATION):
                token = f"R{user_id}-{relays}"
                relays += 1
                await inbox.turn()
                await inbox.user.send_text(f"补充情况：我有考勤记录和聊天记录 [{token}]")
                journal.note(user_id, "relay", token)
                unacked.append(token)
                # One chat's messages are handled in order: an acknowledgement of this
                # consultation that came too late for an earlier message is that one's.
                if await inbox.expect(starting(_RELAY_ACKS, number)) is not None:
                    journal.acked_relays[unacked.pop(0)] = user_id
                await asyncio.sleep(rng.uniform(0.3, 1.5))
            closed = await inbox.expect(starting(_RATING, number), 20)
        inbox.drop_all()


async def _file(journal: Journal, inbox: Inbox, token: str) -> int | None:
    """Go through the intake by its buttons; return the consultation number (None: gave up).

    An intake given up earlier (a step's answer lost to a kill or a fault) is still open in
    the bot: the question is then answered with that step again (「没能确认您的选择」), and
    the resident goes on from it by its buttons, as a person would, instead of asking anew.
    """
    await inbox.turn()
    await inbox.user.send_text(f"{INTAKE_QUESTION} [{token}]")
    journal.note(inbox.user.chat_id, "step", token)
    answer = await inbox.expect(lambda m: with_button(texts.BUTTON_ADVISER)(m) or _intake_step(m))
    if answer is None:
        return None
    pending: BotMessage | None = answer
    if texts.BUTTON_ADVISER in labels(answer):
        pending = None
        if not await press(journal, inbox, answer, texts.BUTTON_ADVISER, "step", token):
            return None
    resubmitted = False
    last: tuple[BotMessage, str] | None = None
    for _ in range(12):
        step, pending = pending or await inbox.expect(_intake_step), None
        if step is None:
            if last is None or last[1] != texts.BUTTON_SUBMIT or resubmitted:
                return None
            resubmitted = True  # no confirmation: press 提交 again, as a resident would
            step, button = last
        elif step.text.startswith((_DONE, _ACTIVE)):
            return number_in(step)
        elif step.text.startswith(texts.INTAKE_EXPIRED):
            return None
        else:
            button = next(b for b in INTAKE_BUTTONS if b in labels(step))
        kind = "submit" if button == texts.BUTTON_SUBMIT else "step"
        if not await press(journal, inbox, step, button, kind, token):
            return None
        last = (step, button)
    return None


def _intake_step(message: BotMessage) -> bool:
    """Whether ``message`` is a step of the intake, or its end."""
    return message.text.startswith((_DONE, _ACTIVE, texts.INTAKE_EXPIRED)) or any(
        b in labels(message) for b in INTAKE_BUTTONS
    )


@dataclass(slots=True)
class _Case:
    claimed: bool = False
    relays: int = 0
    closing: bool = False
    since: float = field(default_factory=time.monotonic)


async def adviser(server: SandboxServer, journal: Journal, rng: random.Random) -> None:
    """The adviser: claims new consultations, answers some messages, closes after a few."""
    inbox = Inbox(server, server.user(ADVISER))
    cases: dict[int, _Case] = {}
    replies = 0
    while not journal.stop.is_set():
        message = await inbox.expect(lambda m: number_in(m) is not None, 0.5)
        if message is not None:
            number = number_in(message)
            assert number is not None
            case = cases.setdefault(number, _Case())
            if texts.BUTTON_CLAIM in labels(message) and not case.claimed:
                case.claimed = await _claim(journal, inbox, message, number)
            elif "[R" in message.text:
                case.relays += 1
                # Answering an unclaimed consultation claims it: so a card missed is no stall.
                if not case.claimed or rng.random() < 0.5:
                    token = f"A{replies}"
                    replies += 1
                    if await _reply(journal, inbox, message, number, token):
                        case.claimed = True
        for number, case in cases.items():
            due = case.relays >= RELAYS_PER_CONSULTATION or time.monotonic() - case.since > 30
            if case.claimed and case.relays and due and not case.closing:
                case.closing = await _close(journal, inbox, number)


async def _claim(journal: Journal, inbox: Inbox, card: BotMessage, number: int) -> bool:
    for _ in range(2):
        if not await press(journal, inbox, card, texts.BUTTON_CLAIM, "claim", str(number)):
            return True  # the button is gone: claimed already
        done = await inbox.expect(starting(_CLAIMED, number))
        if done is not None:
            return True
    return False


async def _reply(
    journal: Journal, inbox: Inbox, relayed: BotMessage, number: int, token: str
) -> bool:
    """Answer a relayed message by quoting it; return whether the bot acknowledged it."""
    try:
        await inbox.user.reply_to(relayed, f"收到，请带上这些材料来社区面谈 [{token}]")
    except LookupError:
        return False
    journal.note(inbox.user.chat_id, "reply", token)
    sent = texts.REPLY_SENT.format(number=number)
    if await inbox.expect(starting(sent)) is None:
        return False
    journal.acked_replies[token] = number
    return True


async def _close(journal: Journal, inbox: Inbox, number: int) -> bool:
    outcome = texts.OUTCOMES["answered"]
    done = texts.CLOSE_DONE.split("{", 1)[0]
    for _ in range(2):
        await inbox.user.send_command("/close", str(number))
        journal.note(inbox.user.chat_id, "command", str(number))
        choice = await inbox.expect(with_button(outcome, number))
        if choice is None or not await press(journal, inbox, choice, outcome, "close", str(number)):
            continue
        if await inbox.expect(starting(done, number)):
            return True
    return False
