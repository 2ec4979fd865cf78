"""What the error handler tells the user, by the error and whether the work was handed over."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot import texts
from bot.services import AccessDenied
from handlers.errors import failure_text


@pytest.mark.parametrize(
    ("error", "committed", "expected"),
    [
        (NetworkError("Bad Gateway"), True, texts.RECORDED_NOT_SHOWN),
        (RetryAfter(3), True, texts.RECORDED_NOT_SHOWN),
        (TimedOut(), True, texts.RECORDED_CONFIRMING),
        (NetworkError("Bad Gateway"), False, texts.INTERNAL_ERROR),
        (TimedOut(), False, None),
        (BadRequest("Message is not modified: specified new message content"), False, None),
        (RuntimeError("database is locked"), True, texts.INTERNAL_ERROR),
        (AccessDenied("not yours"), False, texts.NOT_ALLOWED),
    ],
)
def test_failure_text(error: Exception, committed: bool, expected: str | None) -> None:
    assert failure_text(error, committed=committed) == expected


def test_no_receipt_asks_to_send_again() -> None:
    for text in (texts.RECORDED_NOT_SHOWN, texts.RECORDED_CONFIRMING):
        assert "请稍后再发" not in text
        assert "系统出了点问题" not in text
        assert "请勿重复" in text
