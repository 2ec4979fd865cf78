"""Walk a deployment as its users would: ``python -m bot run`` driven over HTTP by a script.

Run from the repository root with the dev extra installed::

    python tools/walk.py tests/walk_scripts/w3.txt

The bot starts from an empty temporary folder with every path setting outside the checkout
(as a systemd unit or container would), behind the sandbox Bot API server, and the script is
played line by line. Each line is ``WHO ACTION``: WHO is ``R`` (resident 5001), ``R2``
(resident 5002), ``A`` (adviser 7001) or ``S`` (staff 9); ``INVITE x`` makes the adviser open
the last invite link staff were sent. ACTION is text to type, ``/command args``, ``TAP label``
(press the button, or the reply-keyboard key, whose text contains label), ``REPLY text``
(quote the last bot message), ``STICKER`` or ``PHOTO``. Every reply is printed as the user
would read it, then the files the bot left in its working folder and any traceback it logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox import BotMessage, SandboxServer, SandboxUser  # noqa: E402
from tests.test_e2e_deploy import bot_env, start_bot, stop  # noqa: E402

USERS = {"R": 5001, "R2": 5002, "A": 7001, "S": 9}
last: dict[str, BotMessage] = {}
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
        print(f"   {name} <- bot: {message.text[:300]!r}" + (f" {labels[:10]}" if labels else ""))


async def step(name: str, user: SandboxUser, action: str, settle: float = 2.5) -> None:
    """Play one action of ``user`` and print the replies."""
    print(f"{name}: {action}")
    if action.startswith("TAP "):
        wanted = action[4:]
        message = last[name]
        label = next((t for row in message.buttons for t, _ in row if wanted in t), None)
        if label is not None:
            await user.press(message, label)
        else:
            keys = [k for row in (user.reply_keyboard or []) for k in row if wanted in k]
            if not keys:  # a person finds no such button: they see it, the walk goes on
                print(f"   (no button or key {wanted!r} to tap)")
                return
            await user.send_text(keys[0])
    elif action.startswith("REPLY "):
        await user.reply_to(last[name], action[6:])
    elif action == "STICKER":
        await user.send_sticker()
    elif action == "PHOTO":
        await user.send_photo()
    elif action.startswith("/"):
        command, _, argument = action.partition(" ")
        await user.send_command(command, argument or None)
    else:
        await user.send_text(action)
    await show(name, user, settle)


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
                    await step("A", users["A"], f"/start {link}")
                else:
                    await step(name, users[name], action)
        finally:
            await stop(process)
    print("files in the working folder:", sorted(p.name for p in run.iterdir()))
    log = (base / "bot.log").read_text(encoding="utf-8")
    at = log.find("Traceback")
    print("traceback in the log:", log[max(0, at - 300) : at + 3000] if at >= 0 else "none")


def main() -> None:
    """Read the script named on the command line and walk it."""
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    script = [(who, action) for who, _, action in (line.partition(" ") for line in lines if line)]
    asyncio.run(walk(script))


if __name__ == "__main__":
    main()
