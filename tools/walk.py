"""Walk a deployment as its users would: ``python -m bot run`` driven over HTTP by a script.

Run from the repository root with the dev extra installed::

    python tools/walk.py tests/walk_scripts/w3.txt

The bot starts from an empty temporary folder with every path setting outside the checkout
(as a systemd unit or container would), behind the sandbox Bot API server, and the script is
played line by line. Each line is ``WHO ACTION``: WHO is ``R`` (resident 5001), ``R2``
(resident 5002), ``A`` (adviser 7001), ``A2`` (adviser 7002) or ``S`` (staff 9); ``INVITE x``
makes the adviser (``INVITE A2``: the second one) open the last invite link staff were sent;
``RESTART x`` stops the bot (SIGINT) and starts it again on the same folders. ACTION is text to
type, ``/command args``, ``TAP label`` (press the button, or the reply-keyboard key, whose text
contains label), ``FORGE WHO label`` (press, on one's own last message, the callback data of
the button ``label`` on WHO's last message: a forged or borrowed button), ``REPLY text`` (quote
the last bot message), ``STICKER``, ``PHOTO``, ``VOICE``, ``EDIT text`` (edit one's own last
text message to ``text``) or ``LONG n`` (a description of ``n`` characters). Every reply (and
every button's toast) is printed as the user would read it (its first ``WALK_WIDTH``
characters, 300 unless set), then the files the bot left in its working folder and any
traceback it logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox import BotMessage, SandboxServer, SandboxUser, UserMessage  # noqa: E402
from tests.test_e2e_deploy import bot_env, start_bot, stop  # noqa: E402

WIDTH = int(os.environ.get("WALK_WIDTH", "300"))
"""How much of each bot message to print (``WALK_WIDTH=5000`` for whole staff reports)."""
USERS = {"R": 5001, "R2": 5002, "A": 7001, "A2": 7002, "S": 9}
last: dict[str, BotMessage] = {}
sent: dict[str, UserMessage] = {}
"""Each person's own last message (what ``EDIT`` edits)."""
LONG_SENTENCE = "老板拖欠我们工资已经好几个月了，每次去要都说再等等，"
seen: dict[str, list[BotMessage]] = {}


async def show(name: str, user: SandboxUser, settle: float) -> None:
    """Print what the bot sent ``user`` since the last step."""
    first: list[BotMessage] = []
    with contextlib.suppress(TimeoutError):  # an action may get no reply
        first = await user.wait_for_messages(1, timeout=25)
    await asyncio.sleep(settle)
    for message in first + user.take_new_messages():
        last[name] = message
        seen.setdefault(name, []).append(message)
        labels = [text for row in message.buttons for text, _ in row]
        print(f"   {name} <- bot: {message.text[:WIDTH]!r}" + (f" {labels[:10]}" if labels else ""))


async def step(name: str, user: SandboxUser, action: str, settle: float = 2.5) -> None:
    """Play one action of ``user`` and print the replies."""
    print(f"{name}: {action}")
    callback = None
    pressed_on: BotMessage | None = None
    if action.startswith("TAP "):
        wanted = action[4:]
        message = pressed_on = current(user, last[name])
        label = next((t for row in message.buttons for t, _ in row if wanted in t), None)
        if label is not None:
            callback = await user.press(message, label)
        else:
            keys = [k for row in (user.reply_keyboard or []) for k in row if wanted in k]
            if not keys:  # a person finds no such button: they see it, the walk goes on
                print(f"   (no button or key {wanted!r} to tap)")
                return
            await user.send_text(keys[0])
    elif action.startswith("FORGE "):
        owner, _, wanted = action[6:].partition(" ")
        data = next((d for row in last[owner].buttons for t, d in row if wanted in t and d), None)
        if data is None or name not in last:
            print(f"   (no button {wanted!r} of {owner} to forge)")
            return
        callback = await user.press_with_data(last[name], data)
    elif action.startswith("REPLY "):
        await user.reply_to(last[name], action[6:])
    elif action == "STICKER":
        await user.send_sticker()
    elif action == "PHOTO":
        await user.send_photo()
    elif action == "VOICE":
        await user.send_voice()
    elif action.startswith("EDIT ") and name in sent:
        await user.edit_text(sent[name], action[5:])
    elif action.startswith("LONG "):
        size = int(action[5:])
        sent[name] = await user.send_text((LONG_SENTENCE * (size // len(LONG_SENTENCE) + 1))[:size])
    elif action.startswith("/"):
        command, _, argument = action.partition(" ")
        await user.send_command(command, argument or None)
    else:
        sent[name] = await user.send_text(action)
    await show(name, user, settle)
    if callback is not None and (toast := user.answers_to(callback)):
        print(f"   {name} <- toast: {toast!r}")
    if pressed_on is not None:
        edited = current(user, pressed_on)
        if (edited.text, edited.buttons) != (pressed_on.text, pressed_on.buttons):
            labels = [text for row in edited.buttons for text, _ in row]
            print(f"   {name} <- bot edits it: {edited.text[:WIDTH]!r} {labels[:10]}")


def current(user: SandboxUser, message: BotMessage) -> BotMessage:
    """Return ``message`` as the user sees it now (edits applied, buttons as they are)."""
    return next((m for m in user.transcript() if m.message_id == message.message_id), message)


async def walk(script: list[tuple[str, str]]) -> None:
    """Start the bot from an empty folder and play ``script`` against it."""
    base = Path(tempfile.mkdtemp(prefix="walk-"))
    run = base / "run"
    run.mkdir()
    communities = base / "communities.yaml"
    shutil.copy(ROOT / "config" / "communities.yaml", communities)
    async with SandboxServer() as server:
        env = bot_env(
            server,
            DB_PATH=str(base / "data" / "db" / "bot.db"),
            STATE_PATH=str(base / "state" / "conversations.pickle"),
            KNOWLEDGE_DIR=str(base / "kb"),
            COMMUNITIES_FILE=str(communities),
            STAFF_IDS="8,9",
        )
        process = await start_bot(run, env, base / "bot.log")
        users = {name: server.user(user_id) for name, user_id in USERS.items()}
        try:
            await asyncio.sleep(8)  # start-up: migrations, the knowledge base, getMe
            for name, action in script:
                if name == "INVITE":
                    link = next(
                        match.group(1)
                        for message in reversed(seen["S"])
                        if (match := re.search(r"start=([\w-]+)", message.text))
                    )
                    who = "A2" if action == "A2" else "A"
                    await step(who, users[who], f"/start {link}")
                elif name == "RESTART":
                    print("(restart)")
                    await stop(process)
                    process = await start_bot(run, env, base / "bot.log.2")
                    await asyncio.sleep(8)
                else:
                    await step(name, users[name], action)
        finally:
            await stop(process)
    print("files in the working folder:", sorted(p.name for p in run.iterdir()))
    logs = sorted(base.glob("bot.log*"))  # noqa: ASYNC240 - the bot has stopped
    log = "".join(path.read_text(encoding="utf-8") for path in logs)
    at = log.find("Traceback")
    print("traceback in the log:", log[max(0, at - 300) : at + 3000] if at >= 0 else "none")


def main() -> None:
    """Read the script named on the command line and walk it."""
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    script = [(who, action) for who, _, action in (line.partition(" ") for line in lines if line)]
    asyncio.run(walk(script))


if __name__ == "__main__":
    main()
