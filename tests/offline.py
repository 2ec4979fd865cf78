"""The fast test layer: the real application, updates fed by ``process_update``, no network.

``OfflineRequest`` replaces the HTTP transport under the real bot (PTB's own tests do the
same in ``tests/auxil/networking.py``): every Bot API call is recorded and answered at once
with what Telegram would return (a message for a send or an edit, ``True`` otherwise). No
server, no polling, no job firing on its own: a test has people type
(:meth:`OfflineBot.say`) and press buttons by their text (:meth:`OfflineBot.tap`) or with
forged data (:meth:`OfflineBot.press`); each update goes through
``Application.process_update`` and the test reads what the bot sent.

The outbox (notices to advisers and staff) is flushed after every update, so a notice is in
``calls`` when ``send`` returns; jobs are run by hand (:meth:`OfflineBot.run_job`), with the
manual clock (``tests/clock.py``) moved in between, instead of waiting for them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import BotApplication, build_application
from bot.config import Settings
from bot.context import Services
from bot.services import AdviserService, ConsultationService
from knowledge import KnowledgeBase
from tests.clock import ManualClock

__all__ = [
    "BOT_ID",
    "OfflineBot",
    "OfflineRequest",
    "SentCall",
    "offline_bot",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
BOT_ID = 777000
TOKEN = f"{BOT_ID}:OFFLINE-test-token-0000000000000000"
_MESSAGE_METHODS = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "sendPoll", "copyMessage", "editMessageText"}
    | {"editMessageReplyMarkup", "editMessageCaption"}
)


@dataclass(frozen=True, slots=True)
class SentCall:
    """One Bot API call the bot made: its method and parameters (as JSON values)."""

    method: str
    params: dict[str, Any]
    message_id: int | None = None
    """The id of the message it sent or edited."""

    @property
    def chat_id(self) -> int | None:
        """The chat the call went to, if it names one."""
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def text(self) -> str:
        """The text (or caption) sent, or ``""``."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """The inline buttons as (text, callback data), row after row."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not isinstance(markup, dict):
            return []
        rows = markup.get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


_REFUSAL = "Forbidden: bot can't initiate conversation with a user"


class OfflineRequest(BaseRequest):
    """A Bot API transport that records each call and answers it locally."""

    def __init__(self, clock: ManualClock) -> None:
        self.calls: list[SentCall] = []
        self.refusing: set[int] = set()
        """Chats that answer 403 (a user who never started the bot, or blocked it)."""
        self._clock = clock
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        """No call waits: there is no network."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Record the call and return Telegram's answer to it (HTTP 200, JSON)."""
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if endpoint in _MESSAGE_METHODS and params.get("chat_id") in self.refusing:
            self.calls.append(SentCall(endpoint, params, None))
            refusal = {"ok": False, "error_code": 403, "description": _REFUSAL}
            return 403, json.dumps(refusal).encode()
        result = self._result(endpoint, params)
        message_id = result.get("message_id") if isinstance(result, dict) else None
        self.calls.append(SentCall(endpoint, params, message_id))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "法律服务", "username": "jx_bot"}
        if endpoint == "getUpdates":
            return []
        if endpoint == "getChat":  # a private chat, as ChatFullInfo
            chat = {"id": params.get("chat_id", 0), "type": "private"}
            return {**chat, "accent_color_id": 0, "max_reaction_count": 11}
        if endpoint not in _MESSAGE_METHODS:
            return True
        message: dict[str, Any] = {
            "message_id": params.get("message_id") or next(self._ids),
            "date": int(self._clock().timestamp()),
            "chat": {"id": params.get("chat_id", 0), "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "法律服务"},
        }
        for key in ("text", "caption"):
            if key in params:
                message[key] = params[key]
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram echoes inline keyboards only
        if endpoint == "sendDocument":
            message["document"] = {"file_id": "doc", "file_unique_id": "doc"}
        if endpoint == "sendPoll":
            options = params["options"]
            options = json.loads(options) if isinstance(options, str) else options
            message["poll"] = {
                "id": f"poll-{message['message_id']}",
                "question": params["question"],
                "options": [
                    {"persistent_id": str(i), "text": o["text"], "voter_count": 0}
                    for i, o in enumerate(options)
                ],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": params.get("is_anonymous", True),
                "type": params.get("type", "regular"),
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
                "correct_option_ids": params.get("correct_option_ids"),
            }
        if endpoint == "sendPhoto":
            message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
        return message


_update_ids = itertools.count(1)


def _user(user_id: int, name: str = "用户") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def _message(user_id: int, content: str, clock: ManualClock, message_id: int) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": int(clock().timestamp()),
        "chat": {"id": user_id, "type": "private", "first_name": "用户"},
        "from": _user(user_id),
        "text": content,
    }


@dataclass
class OfflineBot:
    """The real application with an offline transport; see the module docstring."""

    application: BotApplication
    request: OfflineRequest
    clock: ManualClock
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100_000))

    @property
    def services(self) -> Services:
        """The application's use cases (as ``post_init`` built them)."""
        services = self.application.bot_data.services
        assert services is not None, "post_init has not run"
        return services

    @property
    def consultations(self) -> ConsultationService:
        """The consultation use cases (open, claim, close …), for setting a scene up."""
        return self.services.consultations

    @property
    def advisers(self) -> AdviserService:
        """The roster: roles, invites, advisers."""
        return self.services.advisers

    @property
    def calls(self) -> list[SentCall]:
        """Every Bot API call made so far."""
        return self.request.calls

    def sent_to(self, chat_id: int) -> list[SentCall]:
        """The messages sent or edited in ``chat_id``, oldest first."""
        return [c for c in self.calls if c.chat_id == chat_id and c.method in _MESSAGE_METHODS]

    def answers(self) -> list[str]:
        """The texts of every callback answer (``answerCallbackQuery``), oldest first."""
        return [
            str(c.params.get("text", "")) for c in self.calls if c.method == "answerCallbackQuery"
        ]

    async def send(self, update: Update) -> list[SentCall]:
        """Handle ``update`` as the bot would, then flush the outbox; return the calls made."""
        before = len(self.calls)
        await self.application.process_update(update)
        await self.services.outbox.flush(self.application.bot)
        return self.calls[before:]

    async def say(self, user_id: int, content: str) -> list[SentCall]:
        """``user_id`` sends ``content`` (a command when it starts with ``/``)."""
        return await self.send(self._text_update(user_id, content))

    async def tap(self, user_id: int, message: SentCall, label: str) -> list[SentCall]:
        """``user_id`` presses the button labelled ``label`` on ``message``."""
        data = dict(message.buttons).get(label)
        assert data is not None, f"no button {label!r} in {message.buttons!r}"
        return await self.send(self.press(user_id, message, data))

    async def register_adviser(self, staff_id: int, user_id: int, community: str) -> None:
        """Staff ``staff_id`` invite ``user_id`` to ``community``; they open the link."""
        (link,) = await self.say(staff_id, f"/invite {community}")
        token = re.search(r"start=(inv_[A-Za-z0-9_-]+)", link.text)
        assert token is not None, link.text
        await self.say(user_id, f"/start {token.group(1)}")

    async def run_job(self, name: str) -> None:
        """Run the repeating job ``name`` once, now, then flush the outbox."""
        job_queue = self.application.job_queue
        assert job_queue is not None
        (job,) = job_queue.get_jobs_by_name(name)
        await job.run(self.application)
        await self.services.outbox.flush(self.application.bot)

    def polls_to(self, chat_id: int) -> list[SentCall]:
        """The quiz polls sent to ``chat_id``, oldest first (``poll_id`` is their poll's id)."""
        return [c for c in self.sent_to(chat_id) if c.method == "sendPoll"]

    async def answer_poll(
        self, user_id: int, poll_id: str, option_ids: list[int]
    ) -> list[SentCall]:
        """``user_id`` answers the poll ``poll_id`` (forged or not): a ``poll_answer`` update."""
        answer = {
            "poll_id": poll_id,
            "user": _user(user_id),
            "option_ids": option_ids,
            "option_persistent_ids": [str(option) for option in option_ids],
        }
        update = Update.de_json(
            {"update_id": next(_update_ids), "poll_answer": answer}, self.application.bot
        )
        return await self.send(update)

    def text_update(self, user_id: int, content: str) -> Update:
        """Return the update of ``user_id`` sending ``content``, to send (or re-send) it."""
        return self._text_update(user_id, content)

    def _text_update(self, user_id: int, content: str) -> Update:
        message = _message(user_id, content, self.clock, next(self._message_ids))
        if content.startswith("/"):
            length = len(content.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return Update.de_json(
            {"update_id": next(_update_ids), "message": message}, self.application.bot
        )

    def press(self, user_id: int, message: SentCall, data: str) -> Update:
        """Return the update of ``user_id`` pressing a button with ``data`` (forged or not).

        The message is in ``user_id``'s own chat, as Telegram delivers every press of a
        private chat: forging means other data on one's own copy, not another's message.
        """
        on = _message(user_id, message.text, self.clock, message.message_id or 1)
        on["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "法律服务"}
        query = {
            "id": str(next(_update_ids)),
            "from": _user(user_id),
            "chat_instance": str(user_id),
            "data": data,
            "message": on,
        }
        return Update.de_json(
            {"update_id": next(_update_ids), "callback_query": query}, self.application.bot
        )


@contextlib.asynccontextmanager
async def offline_bot(
    tmp_path: Path, kb: KnowledgeBase, *, clock: ManualClock | None = None, **overrides: object
) -> AsyncIterator[OfflineBot]:
    """Initialize the real application offline (``post_init`` included); shut it down after.

    Args:
        tmp_path: Where the database and the state file go (the same folder again: a restart).
        kb: The knowledge base.
        clock: The manual clock (a new one at ``WEDNESDAY_MORNING`` when omitted).
        **overrides: Settings to change (``staff_ids=frozenset({9001})``).
    """
    clock = clock or ManualClock()
    values: dict[str, object] = {
        "bot_token": SecretStr(TOKEN),
        "db_path": tmp_path / "bot.db",
        "state_path": tmp_path / "conversations.pickle",
        "communities_file": REPO_ROOT / "config" / "communities.yaml",
        **overrides,
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[arg-type]
    request = OfflineRequest(clock)
    application = build_application(
        settings, knowledge=kb, clock=clock, rate_limiter=False, request=request
    )
    await application.initialize()
    try:
        assert application.post_init is not None
        await application.post_init(application)
        job_queue = application.job_queue
        assert job_queue is not None
        # Running (conversation timeouts need that) but paused: a job runs only when a test
        # runs it (OfflineBot.run_job), never on its own.
        await job_queue.start()
        job_queue.scheduler.pause()
        try:
            yield OfflineBot(application, request, clock)
        finally:
            await job_queue.stop(wait=False)
        assert application.post_stop is not None
        await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
