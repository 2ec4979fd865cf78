"""Run the real bot against the local sandbox Bot API server, with a chat in the terminal.

Only ``python -m bot sandbox`` (and ``start`` without ``BOT_TOKEN``) loads this module: it is
the one place the bot imports the ``sandbox`` package, which needs the ``sandbox`` extra
(aiohttp). The deployed runner (:mod:`bot.runner`) never imports it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application
from bot.config import Settings
from bot.paths import PathError, prepare_paths
from bot.runner import running
from bot.texts import sandbox as sandbox_texts
from sandbox import SandboxServer, run_terminal_chat

__all__ = ["SANDBOX_STAFF", "SANDBOX_STATE", "run_sandbox", "sandbox_files_dir", "sandbox_settings"]

SANDBOX_STATE = Path("var/sandbox-conversations.pickle")
SANDBOX_STAFF = 1009
"""In the sandbox, resident 9 (``/as 9``) plays the staff member (``STAFF_IDS`` is not used)."""


def sandbox_settings(settings: Settings, server: SandboxServer) -> Settings:
    """Return the settings the bot runs with against the local ``server``.

    The sandbox never touches the deployment's data: it has its own database
    (``SANDBOX_DB_PATH``), its own old-state file and its own staff member (resident 9), so
    it neither reads real residents' matters nor sends (or gives up) their pending notices.

    Raises:
        PathError: ``SANDBOX_DB_PATH`` names the deployment's database (``DB_PATH``).
    """
    if _same_file(settings.sandbox_db_path, settings.db_path):
        raise PathError(
            f"SANDBOX_DB_PATH: {str(settings.sandbox_db_path)!r} is the bot's database "
            "(DB_PATH); the sandbox needs a file of its own"
        )
    return settings.model_copy(
        update={
            "bot_token": SecretStr(server.token),
            "bot_api_url": server.base_url,
            "bot_api_file_url": server.base_file_url,
            "db_path": settings.sandbox_db_path,
            "state_path": SANDBOX_STATE,
            "staff_ids": frozenset({SANDBOX_STAFF}),
        }
    )


def sandbox_files_dir(settings: Settings) -> Path:
    """Where the terminal chat saves the files the bot sends (``SANDBOX_FILES_DIR``).

    Unset, it is ``sandbox-files`` beside the sandbox's database (``var/sandbox-files``). The
    path is absolute, so the terminal shows where to look.
    """
    folder = settings.sandbox_files_dir or settings.sandbox_db_path.parent / "sandbox-files"
    return folder.absolute()


def _same_file(first: Path, second: Path) -> bool:
    return first.absolute().resolve() == second.absolute().resolve()


async def run_sandbox(settings: Settings) -> None:
    """Start the sandbox Bot API server, the real bot against it, and a terminal chat."""
    async with SandboxServer() as server:
        local = sandbox_settings(settings, server)
        prepare_paths(local)
        application = build_application(local, rate_limiter=False)
        async with running(application, poll_timeout=1):
            await run_terminal_chat(
                server, texts=sandbox_texts.TERMINAL, files_dir=sandbox_files_dir(settings)
            )
