"""Invites over the sandbox: /invites lists unused ones, a button or /revoke voids one, and the
staff member who made an invite is told who used it."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge import KnowledgeBase
from sandbox import SandboxServer, SandboxUser
from tests.e2e import STAFF, bot_running, one, sandbox_settings

OTHER_STAFF, NEWCOMER, SECOND = 9002, 6101, 6102


async def _link(staff: SandboxUser, community: str) -> str:
    await staff.send_command("/invite", community)
    created = await one(staff)
    token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", created.text)
    assert token is not None, created.text
    return token.group(1)


async def test_invites_are_listed_revoked_and_their_use_reported(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with SandboxServer() as server:
        staff_ids = frozenset({STAFF, OTHER_STAFF})
        settings = sandbox_settings(server, tmp_path, staff_ids=staff_ids)
        async with bot_running(server, settings, kb):
            staff, colleague = server.user(STAFF, "工作人员"), server.user(OTHER_STAFF, "同事")
            first = await _link(staff, "迎凤社区")
            second = await _link(colleague, "duty")
            third = await _link(staff, "迎凤社区")

            await staff.send_command("/invites")
            listing = await one(staff)
            assert "第 1 号" in listing.text
            assert "第 2 号" in listing.text
            assert first.removeprefix("inv_") not in listing.text  # never shown again
            await staff.press(listing, "作废第 1 号")
            assert "已作废第 1 号" in (await one(staff)).text
            await staff.send_command("/revoke", "3")
            assert "已作废第 3 号" in (await one(staff)).text
            await staff.send_command("/revoke", "3")
            assert "此前已作废" in (await one(staff)).text

            newcomer = server.user(NEWCOMER, "赵律师")
            await newcomer.send_command("/start", first)
            assert "无效" in (await one(newcomer)).text
            await server.user(SECOND, "钱律师").send_command("/start", third)
            assert "无效" in (await one(server.user(SECOND))).text

            await newcomer.send_command("/start", second)
            assert "您已登记为" in (await one(newcomer)).text
            told = await one(colleague)
            assert "第 2 号" in told.text
            assert f"ID {NEWCOMER}" in told.text
            assert staff.take_new_messages() == []

            resident = server.user(5001, "王五")
            await resident.send_command("/invites")
            assert "第 2 号" not in (await one(resident)).text
