"""Bot API methods about the bot itself: identity, updates, webhook, commands."""

from __future__ import annotations

import copy
import json
import re

from sandbox.api_base import ApiBase
from sandbox.protocol import ApiError, Args
from sandbox.records import JSONDict

__all__ = ["SettingsMethods"]

CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class SettingsMethods(ApiBase):
    """getMe, getUpdates, the webhook and the bot's commands."""

    async def get_me(self, args: Args) -> JSONDict:
        """Implement getMe."""
        return {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, args: Args) -> list[JSONDict]:
        """Implement getUpdates with offset confirmation and real long polling."""
        if self.webhook["url"]:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = args.get_int("offset")
        limit = min(max(args.get_int("limit") or 100, 1), 100)
        timeout = max(args.get_float("timeout") or 0.0, 0.0)
        allowed = args.get_obj("allowed_updates")
        if isinstance(allowed, list):
            self.world.allowed_updates = [str(kind) for kind in allowed]
        self._poll_seq += 1
        seq = self._poll_seq
        if offset:
            self.world.confirm_updates(offset)
        self.world.notify()  # terminates an older long poll (409 for it)
        if timeout > 0:
            await self.world.wait_for(
                lambda: self.closing or seq != self._poll_seq or self.world.has_pending_updates(),
                timeout,
            )
        if seq != self._poll_seq:
            raise ApiError(409, CONFLICT_OTHER_POLL)
        return self.world.take_pending_updates(limit)

    async def set_webhook(self, args: Args) -> bool:
        """Implement setWebhook (stored only; the sandbox never calls webhooks)."""
        url = args.get_str("url") or ""
        if url and not url.lower().startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if args.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        secret = args.get_str("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        allowed = args.get_obj("allowed_updates")
        if isinstance(allowed, list):
            self.world.allowed_updates = [str(kind) for kind in allowed]
        self.webhook = {"url": url}
        if secret is not None:
            self.webhook["secret_token"] = secret
        return True

    async def delete_webhook(self, args: Args) -> bool:
        """Implement deleteWebhook."""
        if args.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        self.webhook = {"url": ""}
        return True

    async def get_webhook_info(self, args: Args) -> JSONDict:
        """Implement getWebhookInfo."""
        info: JSONDict = {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }
        if self.webhook["url"] and self.world.allowed_updates:
            info["allowed_updates"] = list(self.world.allowed_updates)
        return info

    def _commands_key(self, args: Args) -> tuple[str, str]:
        scope = args.get_obj("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), args.get_str("language_code") or ""

    async def set_my_commands(self, args: Args) -> bool:
        """Implement setMyCommands."""
        commands = args.get_obj("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSONDict] = []
        for item in commands:
            if not isinstance(item, dict):
                raise ApiError(400, "Bad Request: can't parse BotCommand JSON object")
            command = str(item.get("command", ""))
            description = str(item.get("description", ""))
            if not _COMMAND_RE.match(command):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(args)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def get_my_commands(self, args: Args) -> list[JSONDict]:
        """Implement getMyCommands."""
        return copy.deepcopy(self.commands.get(self._commands_key(args), []))

    async def delete_my_commands(self, args: Args) -> bool:
        """Implement deleteMyCommands."""
        self.commands.pop(self._commands_key(args), None)
        return True
