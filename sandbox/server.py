"""A local, faithful fake of the Telegram Bot API server (aiohttp.web).

Point python-telegram-bot at it the way self-hosted Bot API users do::

    server = SandboxServer()
    await server.start()
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )

Routes: ``/bot{token}/{method}`` (GET or POST; method names case-insensitive) and
``/file/bot{token}/{file_path}`` for downloads.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import time
from types import TracebackType
from typing import Any

from aiohttp import web

from sandbox.api import BotApi
from sandbox.client import SandboxUser
from sandbox.faults import TIMEOUT, FaultPlan, FloodLimit
from sandbox.protocol import ApiError, Args, error_body, parse_request
from sandbox.records import ApiCall, BotMessage, JSONDict
from sandbox.state import World

__all__ = ["DEFAULT_TOKEN", "SandboxServer"]

DEFAULT_TOKEN = "123456:SANDBOX-TOKEN-shaped-like-Telegrams-000000"
"""Shaped like a real token (20 characters or more after the id): log filters mask it."""
_LOGGER = logging.getLogger(__name__)
_TOKEN_RE = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SandboxServer:
    """Fake Bot API server plus simulated users, all in one event loop.

    Attributes:
        world: The in-memory state (users, chats, messages, updates, files, calls).
        api: The Bot API method implementations and bot settings.
        faults: Errors and delays the next calls are told to meet, and random faults
            (``faults.set_random``).
        flood_limit: The optional per-chat flood limit of send and edit methods.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "sandbox_legal_bot",
        bot_first_name: str = "Sandbox Bot",
        rate_limit_per_chat_per_second: float | None = None,
        rate_limit_group_per_minute: float | None = None,
        rate_limit_overall_per_second: float | None = None,
        strict_html_entities: bool = True,
    ) -> None:
        """Configure (but do not start) the server.

        Args:
            token: The bot token to accept; the bot id is the number before the colon.
            bot_username: Username returned by getMe.
            bot_first_name: First name returned by getMe.
            rate_limit_per_chat_per_second: Optional flood limit per chat (None: off).
            rate_limit_group_per_minute: Optional flood limit per group chat (Telegram: 20).
            rate_limit_overall_per_second: Optional limit on the bot's sends in all (Telegram:
                about 30 a second).
            strict_html_entities: Reject a bare ``&`` in HTML text (the Bot API docs
                require ``&amp;``; tdlib itself would keep it literally).

        Raises:
            ValueError: If the token does not look like ``<digits>:<secret>``.
        """
        match = _TOKEN_RE.match(token)
        if match is None:
            raise ValueError(f"invalid bot token format: {token!r}")
        self._token = token
        self.world = World(int(match.group(1)), bot_username, bot_first_name)
        self.api = BotApi(self.world, strict_html_entities=strict_html_entities)
        self.faults = FaultPlan()
        self.flood_limit = FloodLimit(
            rate_limit_per_chat_per_second,
            group_per_minute=rate_limit_group_per_minute,
            overall_per_second=rate_limit_overall_per_second,
        )
        self._users: dict[int, SandboxUser] = {}
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None

    # -------------------------------------------------------------- lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start listening (port 0 picks a free port).

        Args:
            host: Interface to bind.
            port: TCP port; 0 for an ephemeral port.

        Raises:
            RuntimeError: If the server is already running.
        """
        if self._runner is not None:
            raise RuntimeError("SandboxServer is already running")
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self.api.closing = False
        self._runner = runner
        self._host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening; pending long polls return immediately. State is kept."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self.api.closing = True
        self.world.notify()
        await runner.cleanup()
        self._port = None

    async def __aenter__(self) -> SandboxServer:
        """Start the server on an ephemeral port."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    # ------------------------------------------------------------- properties

    @property
    def token(self) -> str:
        """The accepted bot token."""
        return self._token

    @property
    def bot_id(self) -> int:
        """The bot's user id."""
        return int(self.world.bot_user["id"])

    @property
    def bot_username(self) -> str:
        """The bot's username (without "@")."""
        return str(self.world.bot_user["username"])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``.

        Raises:
            RuntimeError: If the server is not running.
        """
        if self._port is None:
            raise RuntimeError("SandboxServer is not running; await start() first")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    @property
    def calls(self) -> list[ApiCall]:
        """Every request received, in order (live list)."""
        return self.world.calls

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the recorded calls of one method (case-insensitive).

        Args:
            method: E.g. ``"sendMessage"``.

        Returns:
            The matching calls, oldest first.
        """
        wanted = method.lower()
        return [c for c in self.world.calls if c.method.lower() == wanted]

    def clear_calls(self) -> None:
        """Forget the recorded calls."""
        self.world.calls.clear()

    # ------------------------------------------------------------------ users

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        *,
        last_name: str | None = None,
    ) -> SandboxUser:
        """Return the simulated user ``user_id`` (created on first use).

        The user's private chat with the bot has ``chat_id == user_id``. The bot can
        only write to the user after the user sent something (as in Telegram).

        Args:
            user_id: Positive user id.
            first_name: Display name (default ``"居民<id>"``).
            username: Optional username (without "@").
            language_code: Language of the user's client.
            last_name: Optional last name.

        Returns:
            The user handle.

        Raises:
            ValueError: If ``user_id`` is not positive or is the bot's id.
        """
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        if user_id <= 0 or user_id == self.bot_id:
            raise ValueError(f"invalid user id {user_id}")
        self.world.add_user(
            user_id,
            first_name or f"居民{user_id}",
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        handle = SandboxUser(self.world, user_id)
        self._users[user_id] = handle
        return handle

    @property
    def users(self) -> list[SandboxUser]:
        """All simulated users created so far."""
        return list(self._users.values())

    def post_channel_post(
        self,
        chat_id: int,
        text: str,
        *,
        title: str = "Sandbox Channel",
        username: str | None = None,
    ) -> JSONDict:
        """Publish a text post in a channel where the bot is admin (``channel_post`` update).

        Args:
            chat_id: The channel id (created if unknown; conventionally ``-100…``).
            text: The post text.
            title: Channel title, used when the channel is created.
            username: Optional public username, used when the channel is created.

        Returns:
            The posted Message.
        """
        if chat_id not in self.world.chats:
            self.world.add_channel(chat_id, title, username)
        message = self.world.new_message(chat_id, None, {"text": text})
        self.world.enqueue_update("channel_post", message)
        return copy.deepcopy(message)

    def transcript(self, chat_id: int) -> list[BotMessage]:
        """Snapshots of the bot's messages in any chat (latest edits applied).

        Args:
            chat_id: The chat id.

        Returns:
            The non-deleted bot messages, oldest first.
        """
        return [m.snapshot() for m in self.world.bot_messages_in(chat_id)]

    # ------------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            return web.json_response(error_body(401, "Unauthorized"), status=401, dumps=_dumps)
        name = request.match_info["method"]
        resolved = self.api.resolve(name)
        call = ApiCall(resolved[0] if resolved else name, {}, {}, at=time.monotonic())
        self.world.calls.append(call)
        try:
            values, uploads = await parse_request(request)
            call.params = copy.deepcopy(values)
            call.files = {k: (u.filename, len(u.data)) for k, u in uploads.items()}
            if resolved is None:
                raise ApiError(404, "Not Found: method not found")
            canonical, handler = resolved
            delay = self.faults.take_delay(canonical, values.get("chat_id"))
            if delay > 0:
                await self.world.wait_for(lambda: self.api.closing, delay)
            fault = self.faults.take_fault(canonical, values.get("chat_id"))
            if fault is not None:
                raise ApiError(fault.error_code, fault.description, fault.parameters)
            await self._random_fault(canonical)
            args = Args(values, uploads)
            self.flood_limit.check(canonical, args)
            body: JSONDict = {"ok": True, "result": await handler(args)}
            status = 200
        except ApiError as exc:
            body = exc.to_json()
            status = exc.error_code
        except ConnectionResetError:  # the client went away mid-request (e.g. it was killed)
            call.status = 499
            return web.Response(status=499)
        except Exception as exc:  # a sandbox bug must not look like a network failure
            _LOGGER.exception("sandbox: %s failed", call.method)
            body = error_body(500, f"Internal Server Error: {exc!r}")
            status = 500
        call.status = status
        call.response = copy.deepcopy(body)
        return web.json_response(body, status=status, dumps=_dumps)

    async def _random_fault(self, method: str) -> None:
        """Meet the random fault drawn for this call: raise its error, or hold the response."""
        drawn = self.faults.take_random(method)
        if drawn is None:
            return
        if drawn == TIMEOUT:
            held = self.faults.random.timeout_seconds if self.faults.random else 0.0
            await self.world.wait_for(lambda: self.api.closing, held)
            return
        fault = FaultPlan.error_for(int(drawn))
        raise ApiError(fault.error_code, fault.description, fault.parameters)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            return web.json_response(error_body(401, "Unauthorized"), status=401, dumps=_dumps)
        stored = self.world.files.at_path(request.match_info["file_path"])
        if stored is None:
            return web.json_response(error_body(404, "Not Found"), status=404, dumps=_dumps)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
