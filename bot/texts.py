"""Every piece of user-facing text, in Simplified Chinese, kept here for review and translation.

Values are Telegram HTML unless the name ends in ``_PLAIN``. Placeholders use ``str.format``;
anything a user typed must be escaped before it is formatted in.
"""

from __future__ import annotations

# --- shared by the terminal (CLI) and Telegram ----------------------------------------------
LEGAL_BASIS_HEADER = "法律依据"
SUGGEST_HEADER = "您是不是想问："
UNKNOWN_ANSWER = (
    "抱歉，暂时没有找到能回答这个问题的内容。\n"
    "您可以点「找法律顾问」请本村（社区）法律顾问解答，"
    "或拨打 12348 公共法律服务热线。"
)
LOCAL_FACT_MISSING = "请拨打 12348 或向所在村（社区）询问"
DISCLAIMER = "以上为一般法律信息，不代替律师对您具体情况的意见。"

# --- Telegram: commands menu -----------------------------------------------------------------
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "开始使用"),
    ("help", "使用帮助"),
    ("guide", "法律服务指南"),
    ("adviser", "找村（社区）法律顾问"),
)

# --- Telegram: main menu (reply keyboard) -------------------------------------------------------
MENU_ASK = "❓ 我要提问"
MENU_ADVISER = "👩‍⚖️ 找法律顾问"
MENU_GUIDE = "📖 服务指南"
MENU_HELP = "ℹ️ 帮助"
MENU_PLACEHOLDER = "请输入您的法律问题"

WELCOME = (
    "您好{name}！这里是<b>嘉祥街道公共法律服务</b>机器人。\n\n"
    "• 直接输入您的问题，例如：<i>老板拖欠工资怎么办</i>、<i>离婚冷静期多久</i>，"
    "我会从街道公开的法律知识中为您查找答案，并注明法律依据；\n"
    "• 需要真人解答时，点「找法律顾问」，联系本村（社区）的法律顾问；\n"
    "• 点「服务指南」了解街道公共法律服务中心和 12348 热线。\n\n"
    "<i>本机器人提供一般法律信息，不是律师对您具体案件的意见。"
    "遇到紧急危险请立即拨打 110。</i>"
)
HELP = (
    "<b>怎么用</b>\n"
    "• 用自己的话直接提问，一次问一件事，说清楚关键情况（如：干了多久、签没签合同）。\n"
    "• 答案下面可以点 👍 / 👎 告诉我们是否有帮助。\n"
    "• 没找到答案时，可以点「找法律顾问」请真人解答，或拨打 12348。\n"
    "• 我只能读文字，暂时看不了图片、语音和文件。\n\n"
    "命令：/start 开始　/guide 服务指南　/adviser 找法律顾问　/help 帮助"
)
ASK_PROMPT = "请直接输入您的问题，例如：<i>租房押金不退怎么办</i>。"

# --- Telegram: answers ---------------------------------------------------------------------------
TRUNCATED_NOTE = "您的消息较长，我先根据前 {limit} 字回答。\n\n"
YOUR_QUESTION = "您的问题：<i>{question}</i>\n\n"
BUTTON_HELPFUL = "👍 有帮助"
BUTTON_NOT_HELPFUL = "👎 没解决"
BUTTON_ADVISER = "👩‍⚖️ 找法律顾问"
BUTTON_SKIP = "跳过"
RELATED_PREFIX = "📄 "
SUGGEST_PREFIX = "❔ "
THANKS_HELPFUL = "谢谢您的反馈！"
ASK_WHAT_MISSING = (
    "抱歉没能解决您的问题。请简单说说还缺什么（可不填，直接点「跳过」），"
    "或者点「找法律顾问」请真人解答。"
)
NOTE_SAVED = "收到，我们会据此改进。需要真人解答可以点「找法律顾问」。"
NOTE_SKIPPED = "好的。还有问题可以随时直接输入。"
FEEDBACK_RECORDED = "已记录"

# --- Telegram: adviser and service guide ---------------------------------------------
ADVISER_INFO = (
    "<b>村（社区）法律顾问</b>\n"
    "嘉祥街道实行“一村（社区）一法律顾问”，每个村、社区都有法律顾问，"
    "为居民免费提供法律咨询。\n\n"
    "• 可以到本村（社区）党群服务中心或街道公共法律服务中心“法律顾问”窗口当面咨询；\n"
    "• 街道公共法律服务中心地址：{centre_address}；"
    "办公时间：{centre_hours}；电话：{centre_phone}；\n"
    "• 也可以拨打 12348 公共法律服务热线。\n\n"
    "在本机器人里直接预约法律顾问的功能还在建设中，开通后会在这里告诉您。"
)
GUIDE = (
    "<b>嘉祥街道公共法律服务指南</b>\n"
    "<b>街道公共法律服务中心</b>设有法律顾问、社区矫正、安置帮教、信访受理、社区戒毒等窗口，"
    "司法所提供普法宣传、法律服务、人民调解、特殊人群管理服务。\n"
    "• 地址：{centre_address}\n"
    "• 办公时间：{centre_hours}\n"
    "• 电话：{centre_phone}\n\n"
    "<b>常用电话</b>\n"
    "• 12348 公共法律服务热线（法律咨询、法律援助）\n"
    "• 12345 政务服务便民热线\n"
    "• 12333 人社服务热线（工资、社保）\n"
    "• 12315 消费者投诉举报\n"
    "• 12338 妇女维权公益服务热线\n"
    "• 110 报警（遇到危险、诈骗请立即拨打）"
)

# --- Telegram: problems --------------------------------------------------------------
NON_TEXT = "抱歉，我目前只能读文字消息。请用文字描述您的问题，例如：<i>工伤怎么认定</i>。"
UNKNOWN_COMMAND = "没有这个命令。发送 /help 查看可以做什么。"
STALE_BUTTON = "这个按钮已失效，请重新提问。"
NOT_ALLOWED = "无权限"
INTERNAL_ERROR = (
    "抱歉，系统出了点问题，这次没能处理您的消息。请稍后再发一次；"
    "急需帮助请拨打 12348 公共法律服务热线。"
)
