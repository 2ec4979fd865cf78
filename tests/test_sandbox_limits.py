"""The sandbox's flood limits: per chat, per group and for the whole bot, answered with 429."""

from __future__ import annotations

import pytest

from sandbox.faults import FloodLimit
from sandbox.protocol import ApiError, Args


def send(limit: FloodLimit, chat_id: int | str) -> None:
    limit.check("sendMessage", Args({"chat_id": chat_id}, {}))


def test_the_overall_limit_refuses_the_call_past_it_with_retry_after() -> None:
    limit = FloodLimit(None, overall_per_second=30)
    for chat_id in range(1, 31):
        send(limit, chat_id)
    with pytest.raises(ApiError) as refused:
        send(limit, 31)
    assert refused.value.error_code == 429
    assert refused.value.parameters == {"retry_after": 1}
    assert limit.refused == 1


def test_a_group_gets_twenty_a_minute_and_a_private_chat_one_a_second() -> None:
    limit = FloodLimit(1.0, group_per_minute=20)
    send(limit, 5)
    with pytest.raises(ApiError):
        send(limit, 5)
    send(limit, -100)  # the private chat's limit is not the group's
    with pytest.raises(ApiError) as refused:
        send(limit, -100)
    assert refused.value.parameters == {"retry_after": 3}
    assert limit.refused == 2


def test_a_refused_call_spends_nothing_of_the_other_limits() -> None:
    limit = FloodLimit(1.0, overall_per_second=2)
    send(limit, 1)
    with pytest.raises(ApiError):
        send(limit, 1)  # over chat 1's limit: the overall bucket keeps its token
    send(limit, 2)


def test_other_methods_and_no_limits_are_never_refused() -> None:
    limit = FloodLimit(None)
    for _ in range(100):
        send(limit, 1)
    strict = FloodLimit(1.0, overall_per_second=1)
    for _ in range(5):
        strict.check("getMe", Args({"chat_id": 1}, {}))
    assert limit.refused == strict.refused == 0
