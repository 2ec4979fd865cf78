"""Every command the application registers, sent by each intruder with borrowed arguments.

The commands are read from the application at test time (every group, inside conversations).
Each intruder (a stranger, another resident, an adviser of another community, a deactivated
adviser) sends each with no argument and with the victims' numbers, ids and community: the
command is answered, nobody else hears of it, nothing of the victims is shown, no row that
is not the intruder's own changes, and no file is sent but the intruder's own data.
"""

from __future__ import annotations

from pathlib import Path

from telegram.ext import CommandHandler

from knowledge import KnowledgeBase
from tests.audit_scene import (
    INTRUDERS,
    STAFF,
    VICTIM,
    VICTIM_ADVISER,
    intrude,
    set_up,
)
from tests.offline import offline_bot
from tests.test_audit_buttons import registered_handlers

OWN_FILES = {"privacy"}
"""Commands whose file is the sender's own data."""


async def test_every_registered_command_refuses_intruders(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with offline_bot(tmp_path, kb, staff_ids=frozenset({STAFF})) as bot:
        scene = await set_up(bot)
        commands = sorted(
            {
                command
                for handler in registered_handlers(bot.application.handlers)
                if isinstance(handler, CommandHandler)
                for command in handler.commands
            }
        )
        assert {"queue", "claim", "stats", "export", "forget"} <= set(commands)
        arguments = [
            "",
            str(scene.claimed),
            f"{scene.waiting} {VICTIM_ADVISER}",
            f"{scene.claimed} 已经处理好了",
            f"{VICTIM}",
            "迎凤社区",
        ]
        failures: list[str] = []
        for role, intruder in INTRUDERS.items():
            for command in commands:
                for argument in arguments:
                    content = f"/{command} {argument}".strip()
                    calls, problems = await intrude(
                        bot, intruder, bot.text_update(intruder, content)
                    )
                    if not any(c.chat_id == intruder for c in calls):
                        problems.append("not answered")
                    files = [c for c in calls if c.method in {"sendDocument", "sendPhoto"}]
                    if files and command not in OWN_FILES:
                        problems.append(f"sent a file: {[c.method for c in files]}")
                    failures += [f"{role} {intruder} sent {content!r}: {p}" for p in problems]
        assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"
