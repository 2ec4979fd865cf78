"""What the local sandbox's terminal chat (``python -m bot sandbox``) prints, in Simplified Chinese.

Plain text for a terminal, not Telegram HTML. ``bot.sandbox_chat`` hands these to
``sandbox.run_terminal_chat``; the ``sandbox`` package itself holds no texts of the bot's.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TERMINAL"]

TERMINAL: Final[dict[str, str]] = {
    "intro": (
        "【沙盒对话】你扮演一位居民，和公共法律服务机器人聊天。\n"
        "· 直接输入问题并回车即可发送；输入 /start 开始。\n"
        "· 按钮显示为 [1] 👍 有帮助  [2] …；输入 #1 按下最近一条带按钮消息的第 1 个按钮。\n"
        "· /as 2 切换为第 2 位居民（每位居民有自己的对话）；/as 9 扮演街道工作人员，\n"
        "  用 /invite 迎凤社区 生成顾问登记链接，再切换到另一位用户，\n"
        "  发送链接里 start= 后面的内容（如 /start inv_…）即登记为顾问。\n"
        "· /photo 发送一张图片；/quit 或 Ctrl-D 退出。\n"
        "· 其他以 / 开头的内容会作为命令发给机器人。"
    ),
    # Printed right after the intro: the sandbox's communities and advisers are not real.
    "demo": (
        "【演示数据】沙盒中的村（社区）名单和法律顾问均为示例条目，不代表街道的实际安排；"
        "在沙盒里提交的咨询不会转给真实的法律顾问。"
    ),
    # Printed after the demo notice: where the files the bot sends (/chart, /export) go.
    "files_dir": "【文件保存】机器人发送的图片和文件（如统计图、台账）保存在：{path}",
    "prompt": "居民{user_id}> ",
    "bot": "🤖 {text}",
    "bot_edited": "🤖（已编辑）{text}",
    "deleted": "🤖（一条消息已被删除）",
    "photo": "[图片]",
    "document": "[文件：{name}]",
    "sticker": "[贴纸]",
    "voice": "[语音]",
    "location": "[位置]",
    "other": "[消息]",
    # Under a photo or document the bot sent: the file saved from it.
    "saved": "   📎 已保存：{path}",
    "save_failed": "   📎 文件未能保存（{error}）",
    "button": "[{number}] {text}",
    "keyboard": "⌨ {rows}",
    "answer": "💬 {text}",
    "alert": "⚠️ {text}",
    "no_reply": "（机器人暂时没有回复）",
    "switched": "现在你是居民{user_id}。",
    "as_usage": "用法：/as 2（切换到第 2 位居民）",
    "no_buttons": "最近的消息里没有按钮。",
    "bad_button": "没有第 {number} 个按钮。",
    "url_button": "这是一个链接按钮：{url}",
    "bye": "再见！",
    "error": "出错了：{error}",
}
