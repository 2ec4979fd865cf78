"""End-to-end tests of the sandbox Bot API server with a real python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import contextlib
import html
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from sandbox import SandboxServer, SandboxUser, make_png, run_terminal_chat
from sandbox.faults import TIMEOUT

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
PNG = make_png(40, 30)
FEEDBACK = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("👍 有帮助", callback_data="fb:up"),
            InlineKeyboardButton("👎 没帮助", callback_data="fb:down"),
        ],
        [InlineKeyboardButton("官网", url="https://example.org/legal")],
    ]
)


# ----------------------------------------------------------------------------- handlers


async def on_start(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    payload = " ".join(context.args or [])
    await update.effective_message.reply_text(
        f"欢迎！参数：{payload or '无'}", reply_markup=FEEDBACK
    )


async def on_menu(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    keyboard = ReplyKeyboardMarkup([["婚姻家庭", "劳动争议"], ["其他"]], one_time_keyboard=True)
    await update.effective_message.reply_text("请选择类别", reply_markup=keyboard)


async def on_feedback(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("谢谢反馈")
    await query.edit_message_text(f"已收到：{query.data}")


async def on_photo_command(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_photo(PNG, caption="<b>示意图</b>", parse_mode="HTML")


async def on_doc_command(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_document(
        "法律援助申请指南\n".encode(), filename="指南.txt"
    )


async def on_user_photo(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    assert message.photo
    photo_file = await message.photo[-1].get_file()
    data = await photo_file.download_as_bytearray()
    await context.bot.copy_message(message.chat_id, message.chat_id, message.message_id)
    await message.reply_text(f"收到图片 {len(data)} 字节")


async def on_text(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"你说：{update.effective_message.text}")


async def on_edited(update: Update, context: Context) -> None:
    assert update.edited_message is not None
    await update.edited_message.reply_text(f"已编辑：{update.edited_message.text}")


def add_handlers(app: App) -> None:
    private = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CommandHandler("menu", on_menu))
    app.add_handler(CommandHandler("photo", on_photo_command))
    app.add_handler(CommandHandler("doc", on_doc_command))
    app.add_handler(CallbackQueryHandler(on_feedback, pattern=r"^fb:"))
    app.add_handler(MessageHandler(private & filters.PHOTO, on_user_photo))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edited))


# ----------------------------------------------------------------------------- fixtures


def build_app(server: SandboxServer) -> App:
    return (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )


@contextlib.asynccontextmanager
async def running(
    server: SandboxServer,
    setup: Callable[[App], None] = add_handlers,
) -> AsyncIterator[App]:
    app = build_app(server)
    setup(app)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest_asyncio.fixture
async def server() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as sandbox:
        yield sandbox


@pytest_asyncio.fixture
async def app(server: SandboxServer) -> AsyncIterator[App]:
    async with running(server) as application:
        yield application


@pytest.fixture
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB >= 22.2 warns when int time periods (retry_after, duration) are read; opt in.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


# -------------------------------------------------------------------------------- tests


async def greeted_resident(server: SandboxServer) -> SandboxUser:
    """Resident 1001 after writing to the bot and getting its reply (so it may write back)."""
    resident = server.user(1001)
    await resident.send_text("hi")
    await resident.wait_for_messages()
    return resident


async def test_initialize_uses_get_me(server: SandboxServer, app: App) -> None:
    assert app.bot.id == 123456
    assert app.bot.username == server.bot_username
    assert [c.method for c in server.calls[:2]] == ["getMe", "deleteWebhook"]
    polling = await server.world.wait_for(lambda: bool(server.calls_to("getUpdates")), 5)
    assert polling, "the updater should be long polling"


async def test_command_with_payload_reaches_command_handler(
    server: SandboxServer,
    app: App,
) -> None:
    resident = server.user(1001)
    await resident.send_command("/start", "faq_42")
    (reply,) = await resident.wait_for_messages()
    assert reply.text == "欢迎！参数：faq_42"
    assert reply.reply_to_message_id is None
    assert reply.buttons == [
        [("👍 有帮助", "fb:up"), ("👎 没帮助", "fb:down")],
        [("官网", "https://example.org/legal")],
    ]


async def test_echo_and_users_are_kept_apart(server: SandboxServer, app: App) -> None:
    alice, bob = server.user(1001, "阿丽"), server.user(1002, "小波")
    await asyncio.gather(alice.send_text("房租纠纷怎么办"), bob.send_text("工资被拖欠"))
    alice_replies, bob_replies = await asyncio.gather(
        alice.wait_for_messages(), bob.wait_for_messages()
    )
    assert [m.text for m in alice_replies] == ["你说：房租纠纷怎么办"]
    assert [m.text for m in bob_replies] == ["你说：工资被拖欠"]
    assert [m.chat_id for m in alice.transcript()] == [1001]
    assert [m.text for m in bob.transcript()] == ["你说：工资被拖欠"]
    assert alice.last_message is not None
    assert alice.last_message.text == "你说：房租纠纷怎么办"


async def test_button_press_is_answered_and_edits_message(
    server: SandboxServer,
    app: App,
) -> None:
    resident = server.user(1001)
    await resident.send_command("/start")
    (menu,) = await resident.wait_for_messages()
    callback_id = await resident.press(menu, "👍 有帮助")
    answer = await resident.wait_for_answer(callback_id)
    assert answer.text == "谢谢反馈"
    assert not answer.show_alert
    assert resident.answers_to(callback_id) == "谢谢反馈"
    edited = await resident.wait_for_edit(menu)
    assert edited.edited
    assert edited.text == "已收到：fb:up"
    assert edited.buttons == [], "editMessageText without reply_markup drops the keyboard"
    assert len(resident.transcript()) == 1
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await app.bot.answer_callback_query(callback_id)


async def test_url_button_cannot_be_pressed(server: SandboxServer, app: App) -> None:
    resident = server.user(1001)
    await resident.send_command("/start")
    (menu,) = await resident.wait_for_messages()
    with pytest.raises(ValueError, match=r"not a callback button"):
        await resident.press(menu, (1, 0))
    with pytest.raises(LookupError):
        await resident.press(menu, "不存在的按钮")


async def test_reply_keyboard_is_visible(server: SandboxServer, app: App) -> None:
    resident = server.user(1001)
    await resident.send_command("/menu")
    (prompt,) = await resident.wait_for_messages()
    assert prompt.reply_keyboard == [["婚姻家庭", "劳动争议"], ["其他"]]
    assert "reply_markup" not in prompt.payload, "Message.reply_markup is inline-only"
    assert resident.reply_keyboard == [["婚姻家庭", "劳动争议"], ["其他"]]
    await resident.send_text("劳动争议")
    (echo,) = await resident.wait_for_messages()
    assert echo.text == "你说：劳动争议"
    assert resident.reply_keyboard is None, "one_time_keyboard hides after use"


async def test_html_escaping_round_trips_and_malformed_html_is_rejected(
    server: SandboxServer,
    app: App,
) -> None:
    resident = await greeted_resident(server)
    user_text = '<b>不是标签</b> & "引号"'
    sent = await app.bot.send_message(
        1001, f"<b>注意</b>：{html.escape(user_text)}", parse_mode=ParseMode.HTML
    )
    assert sent.text == f"注意：{user_text}"
    (shown,) = await resident.wait_for_messages()
    assert shown.text == f"注意：{user_text}"
    assert shown.raw_text == f"<b>注意</b>：{html.escape(user_text)}"
    assert shown.parse_mode == "HTML"
    assert shown.entities == [{"type": "bold", "offset": 0, "length": 2}]

    for bad, detail in [
        ("<b>未闭合", "can't find end tag corresponding to start tag b"),
        ("<b>交叉<i>标签</b></i>", "unmatched end tag at byte offset"),
        ("<p>段落</p>", 'unsupported start tag "p" at byte offset 0'),
        ("房租 < 1000", 'unsupported start tag "" at byte offset'),
        ("甲 & 乙", 'unescaped "&" at byte offset 4'),
    ]:
        with pytest.raises(BadRequest) as caught:
            await app.bot.send_message(1001, bad, parse_mode=ParseMode.HTML)
        assert "can't parse entities" in str(caught.value).lower()
        assert detail in str(caught.value).lower()
    assert len(resident.transcript()) == 2, "rejected messages are not delivered"


async def test_markdown_is_refused_as_not_implemented(server: SandboxServer, app: App) -> None:
    resident = await greeted_resident(server)
    for mode in (ParseMode.MARKDOWN_V2, ParseMode.MARKDOWN):
        with pytest.raises(BadRequest, match=r"not implemented by the local sandbox"):
            await app.bot.send_message(1001, r"*注意* 结束\.", parse_mode=mode)
    assert len(resident.transcript()) == 1, "refused messages are not delivered"


async def test_text_length_and_emptiness_limits(server: SandboxServer, app: App) -> None:
    await greeted_resident(server)
    longest = await app.bot.send_message(1001, "法" * 4096)
    assert longest.text is not None
    assert len(longest.text) == 4096
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(1001, "法" * 4097)
    # The limit applies to the visible text, after entity parsing.
    await app.bot.send_message(1001, "<b>" + "法" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await app.bot.send_message(1001, " \n ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await app.bot.send_message(1001, "<b></b>", parse_mode="HTML")


async def test_forged_callback_data_is_rejected(server: SandboxServer, app: App) -> None:
    await greeted_resident(server)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="法" * 21)]])
    await app.bot.send_message(1001, "63 bytes", reply_markup=ok)
    for data in ("x" * 65, "法" * 22):
        forged = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await app.bot.send_message(1001, "too long", reply_markup=forged)


async def test_chat_errors(server: SandboxServer, app: App) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(999_999, "hello")
    stranger = server.user(2002)
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await app.bot.send_message(stranger.chat_id, "hello")
    await stranger.send_text("你好")
    await stranger.wait_for_messages()
    stranger.block()
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await app.bot.send_message(stranger.chat_id, "hello")


async def test_edit_with_identical_content_is_not_modified(
    server: SandboxServer,
    app: App,
) -> None:
    resident = await greeted_resident(server)
    message = await app.bot.send_message(1001, "<b>状态</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await message.edit_text("<b>状态</b>", parse_mode="HTML")
    await message.edit_text("状态")  # same text, different entities: modified
    assert resident.last_message is not None
    assert resident.last_message.entities == []


async def test_fail_next_surfaces_errors_in_ptb(
    server: SandboxServer,
    app: App,
    ptb_timedelta: None,
) -> None:
    resident = await greeted_resident(server)
    server.faults.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(1001, "flood")
    assert caught.value.retry_after.total_seconds() == 7  # type: ignore[union-attr]
    server.faults.fail_next("SENDMESSAGE", error_code=400, description="Bad Request: injected")
    with pytest.raises(BadRequest, match=r"Injected"):
        await app.bot.send_message(1001, "x")
    await app.bot.send_message(1001, "works again")
    assert [m.text for m in resident.transcript()] == ["你说：hi", "works again"]
    assert [c.status for c in server.calls_to("sendMessage")] == [200, 429, 400, 200]


async def test_delay_next_times_out_but_request_still_executes(
    server: SandboxServer,
    app: App,
) -> None:
    resident = await greeted_resident(server)
    server.faults.delay_next("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await app.bot.send_message(1001, "slow", read_timeout=0.1)
    (late,) = await resident.wait_for_messages(timeout=3)
    assert late.text == "slow", "like Telegram, a client timeout does not cancel the send"


async def test_rate_limit_per_chat(ptb_timedelta: None) -> None:
    async with SandboxServer(rate_limit_per_chat_per_second=1.0) as server:
        resident = server.user(1001)
        await resident.send_text("hi")
        async with running(server, lambda app: None) as app:
            await app.bot.send_message(1001, "one")
            with pytest.raises(RetryAfter):
                await app.bot.send_message(1001, "two")
            failure = server.calls_to("sendMessage")[-1].response
            assert failure["error_code"] == 429
            assert failure["parameters"]["retry_after"] >= 1


async def test_updates_are_not_redelivered_after_restart(server: SandboxServer) -> None:
    seen: list[str] = []

    async def record(update: Update, context: Context) -> None:
        assert update.message is not None
        assert update.message.text is not None
        seen.append(update.message.text)
        await update.message.reply_text("ok")

    def setup(app: App) -> None:
        app.add_handler(MessageHandler(filters.TEXT, record))

    resident = server.user(1001)
    async with running(server, setup):
        await resident.send_text("第一条")
        await resident.wait_for_messages()
    assert server.world.updates == [], "stopping the updater confirms fetched updates"
    async with running(server, setup):
        await resident.send_text("第二条")
        await resident.wait_for_messages()
    assert seen == ["第一条", "第二条"]
    update_ids = [
        u["update_id"] for c in server.calls_to("getUpdates") if c.ok for u in c.response["result"]
    ]
    assert update_ids == sorted(set(update_ids)), "each update is delivered exactly once"


async def test_edited_message_and_channel_post_update_kinds(server: SandboxServer) -> None:
    kinds: list[str] = []
    channel_posts: list[str] = []
    got_post = asyncio.Event()

    async def on_channel_post(update: Update, context: Context) -> None:
        assert update.channel_post is not None
        assert update.channel_post.text is not None
        channel_posts.append(update.channel_post.text)
        got_post.set()

    async def record_kind(update: Update, context: Context) -> None:
        kinds.append(
            "edited_message" if update.edited_message else "message" if update.message else "?"
        )

    def setup(app: App) -> None:
        app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, on_channel_post))
        app.add_handler(MessageHandler(filters.ALL, record_kind), group=1)
        add_handlers(app)

    resident = server.user(1001)
    async with running(server, setup):
        original = await resident.send_text("原文")
        await resident.wait_for_messages()
        await resident.edit_text(original, "新文")
        (edit_reply,) = await resident.wait_for_messages()
        server.post_channel_post(-1001234567890, "社区公告")
        await asyncio.wait_for(got_post.wait(), 5)
    assert edit_reply.text == "已编辑：新文"
    assert channel_posts == ["社区公告"]
    assert kinds[:2] == ["message", "edited_message"]


async def test_photo_upload_get_file_and_download(server: SandboxServer, app: App) -> None:
    resident = server.user(1001)
    await resident.send_command("/photo")
    (photo,) = await resident.wait_for_messages()
    assert photo.kind == "photo"
    assert photo.text == "示意图"
    assert photo.raw_text == "<b>示意图</b>"
    assert photo.photo is not None
    assert (photo.photo.width, photo.photo.height) == (40, 30)
    upload = server.calls_to("sendPhoto")[0]
    assert upload.files["photo"][1] == len(PNG), "PTB uploads with multipart/form-data"
    telegram_file = await app.bot.get_file(photo.photo.file_id)
    assert telegram_file.file_path is not None
    assert telegram_file.file_path.startswith(server.base_file_url)
    assert bytes(await telegram_file.download_as_bytearray()) == PNG
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await app.bot.get_file("no-such-file")
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await app.bot.send_photo(1001, b"not an image")
    resent = await app.bot.send_photo(1001, photo.photo.file_id)
    assert resent.photo[-1].file_id == photo.photo.file_id


async def test_document_upload(server: SandboxServer, app: App) -> None:
    resident = server.user(1001)
    await resident.send_command("/doc")
    (doc,) = await resident.wait_for_messages()
    assert doc.kind == "document"
    assert doc.document is not None
    assert doc.document.file_name == "指南.txt"
    assert doc.document.mime_type == "text/plain"
    telegram_file = await app.bot.get_file(doc.document.file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == "法律援助申请指南\n".encode()


async def test_user_photo_is_downloaded_and_copied(server: SandboxServer, app: App) -> None:
    resident = server.user(1001)
    picture = make_png(1000, 500)
    await resident.send_photo(picture, caption="合同照片")
    copied, receipt = await resident.wait_for_messages(count=2)
    assert copied.kind == "photo"
    assert copied.text == "合同照片"
    assert copied.photo is not None
    assert copied.photo.width == 1000
    assert receipt.text == f"收到图片 {len(picture)} 字节"
    other = server.user(1002)
    await other.send_text("我是管理员")
    await other.wait_for_messages()
    forwarded = await app.bot.forward_message(1002, 1001, copied.message_id - 1)
    assert forwarded.forward_origin is not None
    (shown,) = await other.wait_for_messages()
    assert shown.forwarded
    assert shown.kind == "photo"
    assert shown.payload["forward_origin"]["sender_user"]["id"] == 1001


async def test_raw_http_protocol(server: SandboxServer) -> None:
    resident = server.user(1001)
    await resident.send_text("hi")
    base = f"{server.base_url}{server.token}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/GETME") as response:
            assert response.status == 200
            assert (await response.json())["result"]["is_bot"] is True
        async with session.get(f"{base}/fooBar") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with session.get(f"{server.base_url}1:WRONG/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
        body = {"chat_id": 1001, "text": "123", "reply_markup": {"remove_keyboard": True}}
        async with session.post(f"{base}/sendMessage", json=body) as response:
            result = (await response.json())["result"]
            assert result["text"] == "123"
            assert result["from"]["is_bot"] is True
            assert result["chat"] == {"id": 1001, "type": "private", "first_name": "居民1001"}
            assert "reply_markup" not in result
            assert "entities" not in result
        async with session.get(f"{base}/getUpdates", params={"offset": "-1"}) as response:
            updates = (await response.json())["result"]
            assert [u["message"]["text"] for u in updates] == ["hi"]
        async with session.post(f"{base}/answerCallbackQuery", data={"callback_query_id": "1"}) as (
            response
        ):
            assert response.status == 400
            assert "query ID is invalid" in (await response.json())["description"]


async def test_terminal_chat(server: SandboxServer, app: App) -> None:
    script = iter(["/start", "#9", "#1", "#1", "/as 2", "你好", "/quit"])
    prompts: list[str] = []
    output: list[str] = []

    def scripted_input(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(script)
        except StopIteration:
            raise EOFError from None

    await run_terminal_chat(
        server,
        texts=texts.SANDBOX_TERMINAL,
        input_func=scripted_input,
        print_func=lambda line: output.append(str(line)),
        quiet_period=0.15,
    )
    text = "\n".join(output)
    assert output[0].startswith("【沙盒对话】")
    assert "#1" in output[0]
    assert "/as 2" in output[0]
    assert output[1].startswith("【演示数据】"), "the sandbox says its advisers are examples"
    assert "🤖 欢迎！参数：无" in output
    assert "   [1] 👍 有帮助  [2] 👎 没帮助  [3] 官网" in output
    assert "💬 谢谢反馈" in output
    assert "🤖（已编辑）已收到：fb:up" in output
    assert "没有第 9 个按钮。" in output
    assert "最近的消息里没有按钮。" in output, "the edit removed the keyboard"
    assert "现在你是居民1002。" in output
    assert "🤖 你说：你好" in output
    assert output[-1] == "再见！"
    assert prompts[:2] == ["居民1001> ", "居民1001> "]
    assert "居民1002> " in prompts
    assert server.user(1002).transcript()[0].text == "你说：你好"
    assert "你说：你好" not in [m.text for m in server.user(1001).transcript()], text


async def test_other_message_kinds_replies_and_bot_settings(
    server: SandboxServer, ptb_timedelta: None
) -> None:
    received: list[Update] = []
    got_all = asyncio.Event()

    async def collect(update: Update, context: Context) -> None:
        received.append(update)
        if len(received) == 4:
            got_all.set()

    def setup(app: App) -> None:
        app.add_handler(MessageHandler(filters.ALL, collect))

    resident = server.user(1001, "阿丽", username="ali")
    async with running(server, setup) as app:
        await resident.send_sticker("🙏")
        await resident.send_voice(duration=4)
        await resident.send_location(30.27, 120.15)
        bot_message = await app.bot.send_message(1001, "请补充材料")
        await resident.reply_to(bot_message.message_id, "好的")
        await asyncio.wait_for(got_all.wait(), 5)

        sticker, voice, location, reply = (u.message for u in received)
        assert sticker is not None
        assert sticker.sticker is not None
        assert sticker.sticker.emoji == "🙏"
        assert voice is not None
        assert voice.voice is not None
        assert voice.voice.duration.total_seconds() == 4  # type: ignore[union-attr]
        assert location is not None
        assert location.location is not None
        assert location.location.latitude == 30.27
        assert reply is not None
        assert reply.reply_to_message is not None
        assert reply.reply_to_message.message_id == bot_message.message_id

        answer = await reply.reply_text("收到", reply_to_message_id=reply.message_id)
        assert answer.reply_to_message is not None
        with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
            await app.bot.send_message(1001, "x", reply_to_message_id=9999)
        shown = resident.transcript()[-1]
        assert shown.reply_to_message_id == reply.message_id

        chat = await app.bot.get_chat(1001)
        assert chat.first_name == "阿丽"
        assert chat.username == "ali"
        await app.bot.set_my_commands([("start", "开始"), ("help", "帮助")])
        assert [c.command for c in await app.bot.get_my_commands()] == ["start", "help"]
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([("Start!", "bad")])
        await app.bot.send_chat_action(1001, "typing")
        assert resident.chat_actions == ["typing"]


async def test_random_faults_fail_a_seeded_share_and_a_timeout_still_executes(
    server: SandboxServer,
    app: App,
) -> None:
    resident = await greeted_resident(server)
    faults = server.faults.set_random(rate=0.5, codes=(500, 502), methods=["sendMessage"], seed=7)
    outcomes = []
    for n in range(40):
        try:
            await app.bot.send_message(1001, f"m{n}")
            outcomes.append("ok")
        except NetworkError as exc:
            outcomes.append(str(exc))
    failed = [o for o in outcomes if o != "ok"]
    assert 10 <= len(failed) <= 30
    assert sum(faults.injected.values()) == len(failed)
    assert {code for _, code in faults.injected} == {500, 502}
    assert len(resident.transcript()) == 1 + outcomes.count("ok")  # failed calls sent nothing
    await app.bot.get_me()  # other methods are left alone
    resident.take_new_messages()
    server.faults.set_random(rate=1.0, codes=[TIMEOUT], timeout_seconds=0.5, seed=1)
    with pytest.raises(TimedOut):
        await app.bot.send_message(1001, "held", read_timeout=0.1)
    server.faults.clear_random()
    (late,) = await resident.wait_for_messages(timeout=3)
    assert late.text == "held", "a timed-out call is still executed, as by Telegram"


def test_random_faults_reject_bad_settings(server: SandboxServer) -> None:
    with pytest.raises(ValueError, match="rate"):
        server.faults.set_random(rate=1.5)
    with pytest.raises(ValueError, match="codes"):
        server.faults.set_random(rate=0.1, codes=("drop",))
