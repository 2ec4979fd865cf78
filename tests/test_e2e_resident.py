"""Whole resident conversations: the real bot polling the sandbox Bot API over HTTP."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot import texts
from knowledge import KnowledgeBase
from sandbox import BotMessage
from tests.e2e import BotWorld


def rows(world: BotWorld, sql: str, *args: Any) -> list[sqlite3.Row]:
    with sqlite3.connect(world.settings.db_path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, args).fetchall()


def button_texts(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def ask(world: BotWorld, user_id: int, text: str) -> BotMessage:
    user = world.server.user(user_id, f"居民{user_id}")
    await user.send_text(text)
    (reply,) = await user.wait_for_messages(1)
    return reply


async def test_start_greets_and_shows_the_menu(world: BotWorld) -> None:
    user = world.server.user(1001, "张三")
    await user.send_command("/start")
    (reply,) = await user.wait_for_messages(1)
    assert "嘉祥街道公共法律服务" in reply.text
    assert "张三" in reply.text
    assert "不是律师" in reply.text
    assert reply.reply_keyboard == [
        [texts.MENU_ASK, texts.MENU_ADVISER],
        [texts.MENU_LEGAL_AID, texts.MENU_MEDIATE],
        [texts.MENU_GUIDE, texts.MENU_HELP],
    ]
    commands = world.server.calls_to("setMyCommands")
    assert commands, "the command menu is registered at start-up"


async def test_menu_buttons_answer(world: BotWorld) -> None:
    user = world.server.user(1002)
    await user.send_text(texts.MENU_GUIDE)
    (guide,) = await user.wait_for_messages(1)
    assert "公共法律服务中心" in guide.text
    assert "12348" in guide.text
    assert texts.LOCAL_FACT_MISSING in guide.text  # no address configured: nothing invented
    await user.send_text(texts.MENU_HELP)
    (help_message,) = await user.wait_for_messages(1)
    assert "/start" in help_message.text


async def test_question_is_answered_with_legal_basis_and_buttons(world: BotWorld) -> None:
    reply = await ask(world, 1003, "劳动仲裁的时效是多长时间")
    assert "仲裁" in reply.text
    assert texts.LEGAL_BASIS_HEADER in reply.text
    assert "劳动争议调解仲裁法" in reply.text
    assert texts.DISCLAIMER in reply.text
    labels = button_texts(reply)
    assert labels[:3] == [texts.BUTTON_HELPFUL, texts.BUTTON_NOT_HELPFUL, texts.BUTTON_ADVISER]
    assert any(label.startswith(texts.RELATED_PREFIX) for label in labels)
    (logged,) = rows(world, "SELECT * FROM questions WHERE user_id = 1003")
    assert logged["decision"] == "answer"
    assert logged["item_id"] == "labor-arbitration"
    assert logged["category"] == "labor"


async def test_typo_question_is_answered(world: BotWorld) -> None:
    reply = await ask(world, 1004, "离昏冷静期是多少天")
    assert reply.text.startswith("离婚")
    assert texts.LEGAL_BASIS_HEADER in reply.text


async def test_suggestion_pressed_shows_that_answer(world: BotWorld) -> None:
    user = world.server.user(1005)
    await user.send_text("律师")  # a near tie of several items
    (suggestion,) = await user.wait_for_messages(1)
    assert suggestion.text == texts.SUGGEST_HEADER
    first = suggestion.buttons[0][0][0]
    assert first.startswith(texts.SUGGEST_PREFIX)
    await user.press(suggestion, first)
    (answer,) = await user.wait_for_messages(1)
    title = first.removeprefix(texts.SUGGEST_PREFIX)
    assert title in answer.text
    (logged,) = rows(world, "SELECT * FROM questions WHERE user_id = 1005")
    assert logged["decision"] == "suggest"
    assert logged["clicked_item_id"] is not None


async def test_out_of_scope_question_is_honest(world: BotWorld) -> None:
    reply = await ask(world, 1006, "明天济宁会下雨吗")
    assert "暂时没有找到" in reply.text
    assert "12348" in reply.text
    assert button_texts(reply) == [texts.BUTTON_ADVISER]


async def test_helpful_feedback_is_stored_and_buttons_update(world: BotWorld) -> None:
    user = world.server.user(1007)
    await user.send_text("工伤认定要多长时间申请")
    (answer,) = await user.wait_for_messages(1)
    callback = await user.press(answer, texts.BUTTON_HELPFUL)
    assert (await user.wait_for_answer(callback)).text == texts.FEEDBACK_RECORDED
    (thanks,) = await user.wait_for_messages(1)
    assert thanks.text == texts.THANKS_HELPFUL
    (logged,) = rows(world, "SELECT feedback FROM questions WHERE user_id = 1007")
    assert logged["feedback"] == 1
    updated = user.transcript()[0]
    assert texts.BUTTON_HELPFUL not in button_texts(updated)
    assert texts.BUTTON_ADVISER in button_texts(updated)


async def test_a_double_tap_on_helpful_is_acknowledged_without_an_error(
    world: BotWorld, caplog: pytest.LogCaptureFixture
) -> None:
    user = world.server.user(1010)
    await user.send_text("工伤认定要多长时间申请")
    (answer,) = await user.wait_for_messages(1)
    first = await user.press(answer, texts.BUTTON_HELPFUL)
    (_, data) = next(b for row in answer.buttons for b in row if b[0] == texts.BUTTON_HELPFUL)
    assert data is not None
    second = await user.press_with_data(answer, data)  # the same button, tapped again at once
    assert (await user.wait_for_answer(first)).text == texts.FEEDBACK_RECORDED
    assert (await user.wait_for_answer(second)).text == texts.FEEDBACK_ALREADY
    (thanks,) = await user.wait_for_messages(1)
    assert thanks.text == texts.THANKS_HELPFUL
    await asyncio.sleep(0.3)
    assert [m for m in user.transcript() if m.text == texts.THANKS_HELPFUL] == [thanks]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    (logged,) = rows(world, "SELECT feedback FROM questions WHERE user_id = 1010")
    assert logged["feedback"] == 1


async def test_unhelpful_feedback_asks_what_was_missing(world: BotWorld) -> None:
    user = world.server.user(1008)
    await user.send_text("物业费不交会怎么样")
    (answer,) = await user.wait_for_messages(1)
    await user.press(answer, texts.BUTTON_NOT_HELPFUL)
    (prompt,) = await user.wait_for_messages(1)
    assert prompt.text == texts.ASK_WHAT_MISSING
    assert button_texts(prompt) == [texts.BUTTON_SKIP, texts.BUTTON_ADVISER]
    await user.send_text("没说停车费怎么算")
    (saved,) = await user.wait_for_messages(1)
    assert saved.text == texts.NOTE_SAVED
    (logged,) = rows(world, "SELECT * FROM questions WHERE user_id = 1008")
    assert logged["feedback"] == -1
    assert logged["feedback_note"] == "没说停车费怎么算"


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice", "location", "document"])
async def test_non_text_gets_a_polite_note(world: BotWorld, kind: str) -> None:
    user = world.server.user(1009)
    sends: dict[str, Callable[[], Awaitable[object]]] = {
        "photo": user.send_photo,
        "sticker": user.send_sticker,
        "voice": user.send_voice,
        "document": user.send_document,
        "location": lambda: user.send_location(35.4, 116.3),
    }
    send = sends[kind]
    await send()
    (reply,) = await user.wait_for_messages(1)
    assert reply.text == "抱歉，我目前只能读文字消息。请用文字描述您的问题，例如：工伤怎么认定。"


async def test_html_in_a_question_comes_back_intact(world: BotWorld) -> None:
    question = "<b>天气</b> & <i>下雨 </a>"
    reply = await ask(world, 1010, question)
    assert question in reply.text
    assert reply.parse_mode == "HTML"
    assert "&lt;b&gt;" in reply.raw_text


async def test_long_message_is_answered_from_its_first_part(world: BotWorld) -> None:
    text = "老板拖欠工资三个月了怎么办。" + "事情是这样的，" * 1500
    reply = await ask(world, 1011, text)
    assert reply.text.startswith("您的消息较长，我先根据前 2000 字回答。")
    (logged,) = rows(world, "SELECT length(text) AS n FROM questions WHERE user_id = 1011")
    assert logged["n"] == 2000


async def test_forged_and_foreign_buttons_are_refused(world: BotWorld) -> None:
    owner = world.server.user(1012)
    await owner.send_text("诉讼时效一般是几年")
    (answer,) = await owner.wait_for_messages(1)
    (question_id,) = [r["id"] for r in rows(world, "SELECT id FROM questions WHERE user_id = 1012")]
    for forged in ["garbage", "1|fb|abc|up", "9|fb|1|up", "1|item|../../etc", "1|fb|999999|up"]:
        callback = await owner.press_with_data(answer, forged)
        assert (await owner.wait_for_answer(callback)).text == texts.STALE_BUTTON
    intruder = world.server.user(1013)
    await intruder.send_text("你好")
    await intruder.wait_for_messages(1)
    own_reply = intruder.transcript()[-1]
    callback = await intruder.press_with_data(own_reply, f"1|fb|{question_id}|down")
    assert (await intruder.wait_for_answer(callback)).text == texts.NOT_ALLOWED
    (logged,) = rows(world, "SELECT feedback FROM questions WHERE id = ?", question_id)
    assert logged["feedback"] is None
    assert owner.take_new_messages() == []


async def test_two_residents_at_once_never_see_each_other(world: BotWorld) -> None:
    first, second = world.server.user(2001), world.server.user(2002)
    await asyncio.gather(first.send_text("离婚冷静期多久"), second.send_text("工伤认定怎么申请"))
    (a,) = await first.wait_for_messages(1)
    (b,) = await second.wait_for_messages(1)
    assert a.chat_id == 2001
    assert b.chat_id == 2002
    assert "离婚" in a.text
    assert "离婚" not in b.text
    assert "工伤" in b.text
    assert all(m.chat_id == 2001 for m in first.transcript())
    assert all(m.chat_id == 2002 for m in second.transcript())


async def test_edited_messages_and_channel_posts_are_ignored(world: BotWorld) -> None:
    user = world.server.user(1014)
    sent = await user.send_text("你好")
    await user.wait_for_messages(1)
    before = len(world.server.calls_to("sendMessage"))
    await user.edit_text(sent, "离婚冷静期")
    world.server.post_channel_post(-1001, "频道消息")
    await user.send_text(texts.MENU_HELP)  # a later update proves the earlier ones were processed
    await user.wait_for_messages(1)
    assert len(world.server.calls_to("sendMessage")) == before + 1


async def test_unknown_command_is_explained(world: BotWorld) -> None:
    user = world.server.user(1015)
    await user.send_command("/nosuch")
    (reply,) = await user.wait_for_messages(1)
    assert reply.text == texts.UNKNOWN_COMMAND


@pytest.mark.parametrize("greeting", ["你好", "您好！", "在吗？", "Hello"])
async def test_a_greeting_gets_a_welcome_not_a_failure(world: BotWorld, greeting: str) -> None:
    reply = await ask(world, 1016, greeting)
    assert reply.text.startswith("您好！我是嘉祥街道公共法律服务机器人")
    assert "暂时没有找到" not in reply.text


@pytest.mark.parametrize(
    "said", ["好的", "谢谢！", "知道了", "明白了", "不知道", "确认", "嗯嗯", "算了"]
)
async def test_an_acknowledgement_is_no_question(world: BotWorld, said: str) -> None:
    reply = await ask(world, 1017, said)
    assert reply.text == texts.ACKNOWLEDGED_REPLY, reply.text[:60]
    assert rows(world, "SELECT count(*) AS n FROM questions WHERE user_id = 1017")[0]["n"] == 0


@pytest.mark.parametrize("said", ["取消", "取消预约", "退出", "结束咨询", "不咨询了。"])
async def test_a_stop_word_with_nothing_open_is_told_so_not_searched(
    world: BotWorld, said: str
) -> None:
    # The walk of branch walk3 saw 「取消」 answered with the 行政复议 item.
    reply = await ask(world, 1018, said)
    assert reply.text == texts.NOTHING_TO_CANCEL, reply.text[:60]
    assert rows(world, "SELECT count(*) AS n FROM questions WHERE user_id = 1018")[0]["n"] == 0


async def test_a_bare_keyword_is_answered_with_the_other_matters_as_buttons(
    world: BotWorld, kb: KnowledgeBase
) -> None:
    found = kb.search("工资")
    assert found.also, "the runners-up of a bare keyword are offered beside the answer"
    reply = await ask(world, 1010, "工资")
    assert found.top is not None
    assert found.top.item.id == "wage-arrears"
    assert "拖欠工资" in reply.text, reply.text[:80]
    labels = button_texts(reply)
    for other in found.also:  # work injury is no related item of wage arrears, yet offered
        assert texts.RELATED_PREFIX + other.item.title in labels
