"""Bot API calls go out as JSON bodies (RetryingRequest); a call with a file is still multipart."""

from __future__ import annotations

import json

import httpx
from telegram import InputFile
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.retrying_request import RetryingRequest


def _request(seen: list[httpx.Request]) -> RetryingRequest:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True, "result": True})

    return RetryingRequest(backoff=(), httpx_kwargs={"transport": httpx.MockTransport(answer)})


async def test_a_call_without_files_is_a_json_body() -> None:
    seen: list[httpx.Request] = []
    request = _request(seen)
    await request.initialize()
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 5),
            RequestParameter.from_input("text", "老板拖欠工资怎么办"),
            RequestParameter.from_input("reply_markup", {"inline_keyboard": [[{"text": "👍"}]]}),
        ]
    )
    try:
        code, payload = await request.do_request("https://api/bot1:x/sendMessage", "POST", data)
    finally:
        await request.shutdown()
    assert (code, json.loads(payload)) == (200, {"ok": True, "result": True})
    (sent,) = seen
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == {
        "chat_id": 5,
        "text": "老板拖欠工资怎么办",
        "reply_markup": {"inline_keyboard": [[{"text": "👍"}]]},
    }


async def test_a_call_with_a_file_is_still_multipart() -> None:
    seen: list[httpx.Request] = []
    request = _request(seen)
    await request.initialize()
    document = InputFile(b"data", filename="ledger.xlsx", attach=True)
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 5),
            RequestParameter.from_input("document", document),
        ]
    )
    try:
        await request.do_request("https://api/bot1:x/sendDocument", "POST", data)
    finally:
        await request.shutdown()
    (sent,) = seen
    assert sent.headers["content-type"].startswith("multipart/form-data")
