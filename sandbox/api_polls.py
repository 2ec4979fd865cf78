"""Bot API poll methods of the sandbox: sendPoll (regular and quiz) and stopPoll."""

from __future__ import annotations

import copy
import itertools

from sandbox.api_base import ApiBase
from sandbox.protocol import ApiError, Args
from sandbox.records import JSONDict

__all__ = [
    "MAX_EXPLANATION_LENGTH",
    "MAX_OPTIONS",
    "MAX_OPTION_LENGTH",
    "MAX_QUESTION_LENGTH",
    "PollMethods",
]

MAX_QUESTION_LENGTH = 300
MAX_OPTION_LENGTH = 100
MAX_OPTIONS = 12
MAX_EXPLANATION_LENGTH = 200
_POLL_IDS = itertools.count(5_800_000_000_000_000_001, 104_729)


def _option_texts(args: Args) -> list[str]:
    raw = args.get_obj("options")
    if not isinstance(raw, list):
        raise ApiError(400, "Bad Request: can't parse options JSON object")
    texts = []
    for option in raw:
        text = option.get("text") if isinstance(option, dict) else option
        if not isinstance(text, str):
            raise ApiError(400, "Bad Request: can't parse options JSON object")
        if not text.strip():
            raise ApiError(400, "Bad Request: POLL_OPTION_EMPTY")
        if len(text) > MAX_OPTION_LENGTH:
            raise ApiError(400, "Bad Request: POLL_OPTION_TOO_LONG")
        texts.append(text)
    if not 2 <= len(texts) <= MAX_OPTIONS:
        raise ApiError(400, "Bad Request: POLL_OPTIONS_LENGTH_INVALID")
    if len(set(texts)) != len(texts):
        raise ApiError(400, "Bad Request: POLL_OPTION_DUPLICATE")
    return texts


class PollMethods(ApiBase):
    """sendPoll and stopPoll; users answer through ``SandboxUser.answer_poll``."""

    async def send_poll(self, args: Args) -> JSONDict:
        """Implement sendPoll with Telegram's limits on question, options and explanation."""
        markup = self._markup(args, inline_only=True)
        chat = self._chat(args, sending=True)
        question = args.get_str("question") or ""
        if not question.strip():
            raise ApiError(400, "Bad Request: POLL_QUESTION_EMPTY")
        if len(question) > MAX_QUESTION_LENGTH:
            raise ApiError(400, "Bad Request: POLL_QUESTION_TOO_LONG")
        options = _option_texts(args)
        kind = args.get_str("type") or "regular"
        if kind not in {"regular", "quiz"}:
            raise ApiError(400, "Bad Request: wrong poll type specified")
        poll: JSONDict = {
            "id": str(next(_POLL_IDS)),
            "question": question,
            "options": [
                {"persistent_id": str(index), "text": text, "voter_count": 0}
                for index, text in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": args.get_bool("is_closed"),
            "is_anonymous": args.get_bool("is_anonymous") if args.has("is_anonymous") else True,
            "type": kind,
            "allows_multiple_answers": args.get_bool("allows_multiple_answers"),
            "allows_revoting": args.get_bool("allows_revoting"),
            "members_only": args.get_bool("members_only"),
        }
        if kind == "quiz":
            if poll["allows_multiple_answers"]:
                raise ApiError(400, "Bad Request: POLL_MULTIPLE_INVALID")
            correct = args.get_obj("correct_option_ids")
            if correct is None and args.has("correct_option_id"):
                correct = [args.get_int("correct_option_id")]  # before Bot API 9.6
            if (
                not isinstance(correct, list)
                or not correct
                or any(not isinstance(i, int) or not 0 <= i < len(options) for i in correct)
                or correct != sorted(set(correct))
            ):
                raise ApiError(400, "Bad Request: wrong correct option ID specified")
            poll["correct_option_ids"] = correct
            explanation = args.get_str("explanation") or ""
            if explanation:
                parsed = self._format(
                    explanation,
                    args.get_str("explanation_parse_mode") or None,
                    args.get_obj("explanation_entities"),
                )
                if len(parsed.text) > MAX_EXPLANATION_LENGTH:
                    raise ApiError(400, "Bad Request: POLL_EXPLANATION_TOO_LONG")
                poll["explanation"] = parsed.text
        content: JSONDict = {"poll": poll}
        content.update(self._common(args, chat["id"], markup))
        message = self._deliver(chat, content, raw_text=question, parse_mode=None, markup=markup)
        self.world.polls[poll["id"]] = {
            "chat_id": chat["id"],
            "message_id": message["message_id"],
            "voters": {},
        }
        return message

    async def stop_poll(self, args: Args) -> JSONDict:
        """Implement stopPoll: close the poll of a bot message and return it."""
        message = self._editable(args)
        poll = message.get("poll")
        if not isinstance(poll, dict):
            raise ApiError(400, "Bad Request: message with poll to stop not found")
        if poll["is_closed"]:
            raise ApiError(400, "Bad Request: poll has already been closed")
        poll["is_closed"] = True
        return copy.deepcopy(poll)
