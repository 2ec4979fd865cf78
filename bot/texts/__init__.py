"""Every piece of user-facing text, in Simplified Chinese, kept here for review and translation.

This module holds what the bot says in chats; ``bot.texts.reports`` the staff reports' labels,
``bot.texts.sandbox`` what the local sandbox's terminal chat prints.

Values are Telegram HTML unless the name ends in ``_PLAIN``. Placeholders use ``str.format``;
anything a user typed must be escaped before it is formatted in.
"""

from __future__ import annotations

from bot.texts import sandbox as _sandbox

# --- shared by the terminal (CLI) and Telegram ----------------------------------------------
LEGAL_BASIS_HEADER = "法律依据"
# The line under an answer's legal basis: the month its item was last checked against the law.
BASIS_AS_OF = "依据截至 {month}（最近核对）"
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
    ("consult", "预约本村（社区）法律顾问"),
    ("legalaid", "法律援助预审和预申请"),
    ("mediate", "申请人民调解"),
    ("my", "我的咨询"),
    ("guide", "法律服务指南"),
    ("quiz", "普法知识竞答"),
    ("checkin", "每日普法打卡"),
    ("privacy", "我的个人信息（查看、导出、删除）"),
    ("subscribe", "订阅普法推送"),
    ("unsubscribe", "退订普法推送"),
    ("cancel", "取消当前操作"),
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
# Told under the welcome and the intake's introduction, in two lines: what is kept, who sees
# it, for how long (QUESTION_RETENTION_DAYS, RETENTION_DAYS) and how to see or delete it.
PRIVACY_NOTICE = (
    "🔒 <b>个人信息保护</b>：我们保存您的提问、咨询内容和往来消息"
    "（您同意留下的称呼和手机号也在内），"
    "由法律顾问、司法所值班法律顾问和街道工作人员按职责查看，仅用于解答和办理您的咨询。\n"
    "提问内容保存 {question_days} 天，咨询消息在咨询结束后保存 {message_days} 天；"
    "发送 /privacy 可以查看、导出或删除您的信息。"
)
HELP = (
    "<b>怎么用</b>\n"
    "• 用自己的话直接提问，一次问一件事，说清楚关键情况（如：干了多久、签没签合同）。\n"
    "• 答案下面可以点 👍 / 👎 告诉我们是否有帮助。\n"
    "• 没找到答案时，可以点「找法律顾问」请真人解答，或拨打 12348。\n"
    "• 我只能读文字，暂时看不了图片、语音和文件。\n\n"
    "命令：/start 开始　/consult 预约法律顾问　/my 我的咨询　/guide 服务指南　/help 帮助\n"
    "/privacy 查看、导出或删除本服务保存的您的个人信息"
)
HELP_ADVISER = (
    "\n\n<b>法律顾问</b>\n"
    "• 新咨询会发到这里，点「接单」后，直接<b>回复（引用）</b>居民的消息即可答复；\n"
    "• /queue 待接单和我接的咨询　/reply 编号 内容　/close 编号（选择处理结果）；\n"
    "• 查询法律知识请发送 /ask 问题；没有引用居民消息、直接打字的内容不会转给居民；\n"
    "• 点「转交」可转给其他村（社区）或司法所值班法律顾问。"
)
HELP_STAFF = (
    "\n\n<b>工作人员</b>\n"
    "• /invite 村（社区）：生成法律顾问登记链接（/invite duty 邀请司法所值班法律顾问）；"
    "/invites 未使用的链接　/revoke 编号 作废链接；\n"
    "• /advisers 法律顾问名单　/reassign 顾问ID 村（社区）调整岗位　/deactivate 顾问ID 停用；\n"
    "• /stats 期间 查看统计，如 /stats 本月、/stats 上月、/stats 2025年；"
    "/chart 期间 统计图；/export 期间 导出台账（Excel 和 CSV）。"
)
ASK_PROMPT = "请直接输入您的问题，例如：<i>租房押金不退怎么办</i>。"
ASK_USAGE = "请在 /ask 后面写上要查询的问题，例如：<i>/ask 拖欠工资怎么办</i>。"
GREETINGS = frozenset(
    {
        "你好",
        "您好",
        "你好啊",
        "在吗",
        "在不在",
        "有人吗",
        "hi",
        "hello",
        "哈喽",
        "早上好",
        "晚上好",
    }
)
GREETING_REPLY = (
    "您好！我是嘉祥街道公共法律服务机器人。请直接说您遇到的法律问题，例如："
    "<i>老板拖欠工资怎么办</i>；需要真人解答请点「找法律顾问」。"
)

ACKNOWLEDGEMENTS = frozenset(
    {"好", "好的", "好吧", "行", "可以", "对", "是", "是的", "嗯", "嗯嗯", "哦", "噢", "ok", "确认"}
    | {"谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "谢了", "明白", "明白了", "知道了", "懂了"}
    | {"收到", "不知道", "没事了", "没问题", "好的谢谢", "好的谢谢你", "谢谢了"}
    # Closing words the deployment walk saw typed after an answer: 不用了, 算了, 行吧
    | {"对的", "是啊", "行吧", "行了", "好了", "好嘞", "嗯呢", "算了", "不用了", "不用", "不需要"}
    | {"没有了", "没了", "没事", "没有问题了", "没别的了", "那算了", "那好吧", "就这样吧"}
)
"""Words that answer or thank, asking nothing: never searched, never logged as questions."""
ACKNOWLEDGED_REPLY = (
    "好的。还有法律问题可以直接输入；需要真人解答，请点「找法律顾问」或拨打 12348。"
)

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
FEEDBACK_ALREADY = "已收到"
"""A second tap on 👍 / 👎 after the feedback was recorded."""

# --- 普法 subscriptions (/subscribe, /unsubscribe) --------------------------------------------
# Offered once, as a button under the thanks for a first 👍; never again.
BUTTON_SUBSCRIBE = "🔔 订阅普法推送（可随时退订）"
SUBSCRIBED = (
    "订阅成功。街道司法所会在宪法宣传周、国家安全教育日、国际禁毒日等重要节点向您推送普法内容；"
    "发送 /unsubscribe 可随时退订。"
)
ALREADY_SUBSCRIBED = "您已订阅普法推送。发送 /unsubscribe 可随时退订。"
UNSUBSCRIBED = "已退订普法推送，今后不再向您推送。如需重新订阅，请发送 /subscribe。"
NOT_SUBSCRIBED = "您目前没有订阅普法推送。如需订阅，请发送 /subscribe。"

# --- Telegram: adviser and service guide ---------------------------------------------
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
# An edited message: the bot went on with what was first sent.
EDIT_NOT_READ = (
    "机器人看不到对已发消息的修改，仍按修改前的内容处理。如需更正，请把更正后的内容重新发送一条。"
)
UNKNOWN_COMMAND = "没有这个命令。发送 /help 查看可以做什么。"
# /cancel (in the command menu) when no draft is being filled in.
NOTHING_TO_CANCEL = (
    "现在没有正在填写的内容，不需要取消。有问题可以直接输入；查看您的咨询请发送 /my。"
)
STALE_BUTTON = "这个按钮已失效，请重新提问。"
NOT_ALLOWED = "抱歉，您没有使用此功能的权限。"
# A claim (接单, /claim) refused because the case is not of those the adviser takes, by why.
# They say which kind of case it is and who takes it, never anything of the case itself.
CLAIM_DENIED = {
    "mediation": (
        "调解申请 #{number} 由人民调解员接单（没有调解员时，由司法所值班法律顾问和街道工作人员"
        "接单），您不能接这件申请。发送 /queue 查看您可以接单的咨询。"
    ),
    "legal_aid": (
        "法律援助预申请 #{number} 由法律援助工作人员接单，法律顾问不能接单。"
        "发送 /queue 查看您可以接单的咨询。"
    ),
    "other_community": (
        "咨询 #{number} 不属于您负责的村（社区），由其所在村（社区）的法律顾问接单。"
        "发送 /queue 查看您可以接单的咨询。"
    ),
}
# One chat sent more messages than the bot keeps waiting; the extra ones are not handled.
TOO_FAST = "您发送消息过快，超出部分未能受理。请等待已发消息的答复后，稍候再发。"
TOO_FAST_PLAIN = "发送过快，请稍候再发。"
# Per-user rate limit (USER_RATE_PER_MINUTE): one notice per burst; a button gets the toast.
RATE_LIMITED = (
    "您发送消息过于频繁（每分钟最多 {rate} 条），刚才超出的消息没有处理。"
    "请约 {seconds} 秒后再发送；问题较多时，可以合并成一条发送。"
)
RATE_LIMITED_TOAST = "操作过于频繁，请稍候再试。"
INTERNAL_ERROR = (
    "抱歉，系统出了点问题，这次没能处理您的消息。请稍后再发一次；"
    "急需帮助请拨打 12348 公共法律服务热线。"
)
# The database was locked by another process (a backup): the message is handled again later.
DATABASE_BUSY = "系统繁忙，您刚才发送的内容已收到，稍后将自动办理，请勿重复发送。"
DATABASE_BUSY_BUTTON = "系统繁忙，请稍后再点一次。"
# The use case went through but its reply failed (or timed out): never ask to send again.
RECORDED_NOT_SHOWN = "您刚才发送的内容已办理，只是回执没能显示，请勿重复发送或点击。"
RECORDED_CONFIRMING = "您刚才发送的内容已办理，回执正在确认，可能稍后显示，请勿重复发送或点击。"

ADVISER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("queue", "待接单和我接的咨询"),
    ("ask", "查询法律知识：/ask 问题"),
    ("claim", "接单：/claim 编号"),
    ("reply", "回复居民：/reply 编号 内容"),
    ("close", "结束咨询：/close 编号"),
    ("transfer", "转交咨询：/transfer 编号"),
    ("amount", "登记调解协议金额：/amount 编号 金额"),
    ("log", "登记来访、电话、信函咨询：/log 电话 劳动 已解答 摘要"),
    ("worklog", "我的工作日志：/worklog 11月"),
)
STAFF_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "统计：/stats 期间（如 本月、上月、2025年）"),
    ("chart", "统计图：/chart 期间"),
    ("export", "导出台账：/export 期间"),
    ("invite", "邀请法律顾问：/invite 村（社区）"),
    ("invites", "未使用的邀请链接"),
    ("revoke", "作废邀请链接：/revoke 编号"),
    ("advisers", "法律顾问名单"),
    ("reassign", "调整法律顾问岗位：/reassign 顾问ID 村（社区）"),
    ("deactivate", "停用法律顾问：/deactivate 顾问ID"),
    ("kb", "知识库维护：/kb export、/kb gaps、/kb log"),
    ("campaign", "普法推送：/campaign 日期 时间 内容"),
)

# --- consultations: intake (resident) --------------------------------------------------------
INTAKE_INTRO = (
    "<b>预约本村（社区）法律顾问</b>\n"
    "法律顾问免费为居民解答法律问题。接下来请选择您所在的村（社区），再简单说明情况，"
    "随时可以发送 /cancel 取消。"
)
INTAKE_CHOOSE_COMMUNITY = "请选择您所在的村（社区）："
# After 不知道 typed where the community is asked: the list again, and the office's button.
INTAKE_COMMUNITY_UNSURE = (
    "不清楚也没关系。一般选您户籍所在地或经常居住地的村（社区）；实在不确定，请点"
    "「{button}」，由街道司法所安排法律顾问为您解答。\n\n"
)
BUTTON_COMMUNITY_UNSURE = "不清楚，交给街道司法所"
# The confirmation's 村（社区） line when the resident left it to the office.
INTAKE_OFFICE_COMMUNITY = "不清楚（由街道司法所安排）"
INTAKE_KNOWN_COMMUNITY = "您上次选择的是 <b>{community}</b>，还是这里吗？"
BUTTON_SAME_COMMUNITY = "✅ 是这里"
BUTTON_OTHER_COMMUNITY = "更换村（社区）"
INTAKE_DESCRIBE = (
    "请用几句话说明您要咨询的事情（什么时候、发生了什么、您想解决什么），不要超过 {limit} 字。"
)
INTAKE_DESCRIBE_WITH_QUESTION = "您刚才说的是：<i>{question}</i>\n可以直接用它，也可以重新描述。"
BUTTON_USE_QUESTION = "就用刚才说的"
# The resident asked to consult about a matter they named (我要咨询离婚的事).
INTAKE_DESCRIBE_MATTER = (
    "您要咨询的是<b>{matter}</b>方面的事。请再用几句话说明情况（什么时候、发生了什么、"
    "您想解决什么），不要超过 {limit} 字。"
)
# The start of the description when the resident's own words do not name that matter.
INTAKE_MATTER_START = "{matter}："
# Before the community question again, when the resident described the matter first.
INTAKE_STORY_KEPT = "已记下您说的情况，选好村（社区）后就可以直接用它。\n\n"
INTAKE_TEXT_ONLY = "机器人读不了图片、语音和贴纸，请用文字描述您的情况。"
# Before the step's question again, after the emergency card for danger typed at a later step.
INTAKE_URGENT_ADDED = (
    "已把您刚才说的情况补充到咨询内容里。请继续完成下面这一步，提交后按紧急处理。\n\n"
)
# The same when the description has no room left for it.
INTAKE_URGENT_GO_ON = "请继续完成下面这一步，提交后按紧急处理。\n\n"
# A photo or sticker where the name and phone are asked (that step has no buttons)
INTAKE_CONTACT_TEXT_ONLY = (
    "请用文字发送您的称呼和手机号，例如：张先生 13800000000；不想留联系方式，回复「不愿意」即可。"
)
INTAKE_TOO_SHORT = "请多写几个字，说清楚是什么事情。"
# A text longer than any description, typed where a button is asked (kept as far as it fits).
INTAKE_LONG_KEPT = (
    "您发来的内容有 {total} 字，咨询内容最多 {limit} 字：已记下前 {kept} 字{later}，"
    "后面的 {dropped} 字没有记下。提交后，可以把其余内容分几条发给法律顾问。\n\n"
)
INTAKE_LONG_FIRST = "（选好村（社区）后可以直接用作咨询内容）"
INTAKE_LONG_LATER = "（已补充到咨询内容里）"
INTAKE_LONG_NOT_KEPT = (
    "您发来的内容有 {total} 字，咨询内容已满 {limit} 字，这次发来的内容没有记下。"
    "提交后，可以把它分几条发给法律顾问。\n\n"
)
INTAKE_TOO_LONG = "内容太长了，请控制在 {limit} 字以内。"
INTAKE_CATEGORY = "这件事属于：<b>{category}</b>，对吗？"
BUTTON_CATEGORY_OK = "✅ 对"
BUTTON_CATEGORY_OTHER = "选择其他类别"
INTAKE_CHOOSE_CATEGORY = "请选择类别："
INTAKE_CONSENT = (
    "是否愿意留下您的<b>称呼和手机号</b>，以便直接联系您？\n"
    "留下后，可以看到的是：负责您咨询的本村（社区）法律顾问；司法所值班法律顾问"
    "（超时未接单或情况紧急时转办）；街道工作人员（处理转办、登记和导出服务台账）。"
    "仅用于办理您的咨询；您可以随时发送 /privacy 撤回同意，撤回后联系方式即删除。\n"
    "不愿意也可以：法律顾问只会看到“居民 #编号”，通过本机器人和您交流。"
)
CONSENT_TEXT_VERSION = "consent-2026-12"
"""The version of ``INTAKE_CONSENT``, recorded with each consent: change both together."""
# Said before INTAKE_CONSENT when a draft's consent was given to an older text.
INTAKE_CONSENT_AGAIN = "联系方式的查看范围和说明已作调整，请您重新确认。\n\n"
BUTTON_CONSENT_YES = "愿意，留下联系方式"
BUTTON_CONSENT_NO = "不愿意，只通过机器人联系"
# Minors (PIPL Art. 31): said once the description says the resident is under 14.
INTAKE_MINOR_NOTICE = (
    "您提到自己<b>未满十四周岁</b>。根据《个人信息保护法》，处理不满十四周岁未成年人的个人信息，"
    "应当取得其父母或者其他监护人的同意，请尽量由父母或其他监护人为您提交咨询。\n"
    "您也可以继续提交：本次不收集您的联系方式，法律顾问会通过本机器人和您交流。"
    "遇到危险请立即拨打 110。"
)
# The consent question for a minor, with BUTTON_CONSENT_MINOR as its only answer.
INTAKE_CONSENT_MINOR = (
    "未满十四周岁的，本次咨询<b>不收集联系方式</b>：法律顾问只会看到“居民 #编号”，"
    "通过本机器人和您交流。需要电话或当面沟通的，请父母或其他监护人联系法律顾问。"
)
BUTTON_CONSENT_MINOR = "不留联系方式"
# Said before INTAKE_CONSENT_MINOR again when a minor offers contact details after all.
INTAKE_MINOR_NO_CONTACT = "未满十四周岁的，不能在这里留下联系方式。\n\n"
INTAKE_CONTACT = "请发送您的称呼和手机号，例如：<i>张先生 13800000000</i>"
INTAKE_BAD_CONTACT = (
    "没有认出手机号，请按“称呼 手机号”的格式再发一次，例如：张先生 13800000000；"
    "不想留联系方式，回复「不愿意」即可。"
)
INTAKE_CONFIRM = (
    "<b>请确认您的咨询</b>\n"
    "村（社区）：{community}\n"
    "类别：{category}\n"
    "联系方式：{contact}\n"
    "内容：{summary}"
)
INTAKE_NO_CONTACT = "不提供（通过机器人联系）"
BUTTON_SUBMIT = "✅ 提交"
# At the confirmation: back to the description, the old one shown to copy from.
BUTTON_EDIT_REQUEST = "✏️ 修改内容"
INTAKE_EDIT = "好的，请重新说明情况。原来的内容是：\n<i>{summary}</i>\n\n"
BUTTON_CANCEL = "取消"
INTAKE_CANCELLED = "已取消。有问题可以随时直接输入。"
# Said when starting another case conversation ends an unfinished one (handlers/drafts.py).
INTAKE_ENDED = "已结束未完成的法律咨询申请，草稿已删除。"
LEGAL_AID_ENDED = "已结束未完成的法律援助预审，草稿已删除。"
MEDIATE_ENDED = "已结束未完成的人民调解申请，草稿已删除。"
INTAKE_EXPIRED = "这一步已失效，请发送 /consult 重新开始。"
LEGAL_AID_STEP_EXPIRED = "这一步已失效，请发送“申请法律援助”重新开始。"
MEDIATE_STEP_EXPIRED = "这一步已失效，请发送“申请调解”重新开始。"
# Said before the step's question again when a typed reply or a photo answers nothing.
INTAKE_NOT_UNDERSTOOD = "没能确认您的选择，请点下面的按钮回答；发送 /cancel 可以取消。\n\n"
# The same for a photo, a voice message or a sticker sent where a step waits for a button.
INTAKE_NOT_TEXT = (
    "机器人读不了图片、语音和贴纸。这一步请点下面的按钮回答；发送 /cancel 可以取消。\n\n"
)
INTAKE_DONE = (
    "已提交，您的咨询编号是 <b>#{number}</b>。\n"
    "将由 <b>{who}</b> 为您解答，{when}。\n"
    "接单后，您在这里发的消息会直接转给对方；发送 /my 可以查看进度。"
)
# Said instead of INTAKE_DONE when nobody at all could be notified: no promise of an answer.
INTAKE_DONE_NOBODY = (
    "已提交，您的咨询编号是 <b>#{number}</b>。\n"
    "目前暂时没有在岗的法律顾问，我们会尽快安排人员处理。"
    "急需帮助请拨打 <b>12348</b> 公共法律服务热线，或到街道公共法律服务中心咨询；"
    "发送 /my 可以查看进度。"
)
# Added to the done text of a minor's consultation.
INTAKE_DONE_MINOR = (
    "父母或其他监护人可以凭咨询编号到村（社区）或街道公共法律服务中心联系法律顾问，"
    "也可以拨打 12348 公共法律服务热线。"
)
# Who will answer, as said in INTAKE_DONE (``who``).
HANDLED_BY_COMMUNITY = "{community}的法律顾问"
HANDLED_BY_DUTY = "司法所值班法律顾问"
HANDLED_BY_STAFF = "街道公共法律服务中心工作人员"
HANDLED_BY_LEGAL_AID = "街道公共法律服务中心法律援助工作人员"

# Legal-aid pre-check (/legalaid, handlers/legal_aid.py; Legal Aid Law Arts 24, 31, 32, 34, 42, 43).
MENU_LEGAL_AID = "申请法律援助"
BUTTON_LEGAL_AID = "📝 法律援助预审"
LEGAL_AID_INTRO = (
    "<b>法律援助预审</b>\n"
    "回答几个问题，初步了解您是否符合法律援助条件。结果仅供参考，"
    "是否给予法律援助由法律援助机构审查决定。随时可以发送 /cancel 取消。\n"
    "🔒 您填写的家庭人口和月收入只用于预审；提交预申请后由法律援助工作人员按职责查看，"
    "办结满 {days} 天后自动删除。发送 /privacy 可以查看或删除。"
)
LEGAL_AID_ASK_MATTER = "1. 您需要法律援助的是哪一类事项？"
LEGAL_AID_MATTERS = {
    "criminal": "刑事案件辩护（本人或近亲属涉嫌犯罪）",
    "state_compensation": "请求国家赔偿",
    "social_insurance": "请求社会保险待遇或社会救助",
    "pension": "请求发给抚恤金",
    "support": "请求给付赡养费、抚养费、扶养费",
    "labour": "请求确认劳动关系或支付劳动报酬",
    "capacity": "请求认定无民事行为能力或限制民事行为能力",
    "injury": "工伤、交通、食品药品、医疗事故人身损害赔偿",
    "environment": "环境污染、生态破坏损害赔偿",
    "other": "其他事项",
}
# The matter typed in the resident's words: which one it was taken as, and the way to change it.
LEGAL_AID_MATTER_TAKEN = "您说的事项已按「<b>{matter}</b>」记下；不对的话，请点「改选事项」。\n\n"
BUTTON_LEGAL_AID_CHANGE_MATTER = "↩️ 改选事项"
LEGAL_AID_ASK_EXEMPT = "2. 您的情况是否属于下列情形之一？（属于的，不受经济困难条件限制）"
LEGAL_AID_EXEMPT_GROUPS = {
    "martyr": "英雄烈士近亲属，维护英雄烈士的人格权益",
    "samaritan": "因见义勇为行为主张相关民事权益",
    "retrial": "再审改判无罪，请求国家赔偿",
    "abuse": "遭受虐待、遗弃或者家庭暴力，主张相关权益",
    "none": "以上都不是",
}
LEGAL_AID_ASK_PROOF = "3. 您能否提供材料，证明属于下列人员之一？（属于的，免予核查经济困难状况）"
LEGAL_AID_PROOFS = {
    "dependent": "无固定生活来源的未成年人、老年人、残疾人",
    "assistance": "社会救助（低保、特困等）、司法救助或者优抚对象",
    "migrant": "申请支付劳动报酬或工伤赔偿的进城务工人员",
    "none": "以上都不是",
}
LEGAL_AID_ASK_HOUSEHOLD = "4. 您家共同生活的有几口人？请输入数字，例如：3"
LEGAL_AID_ASK_INCOME = "5. 全家每月总收入大约多少元？请输入数字，例如：2800"
LEGAL_AID_BAD_HOUSEHOLD = (
    "请输入家庭人口数（1 到 30），例如：3 或 三口人。也可以发送 /cancel 取消。"
)
LEGAL_AID_BAD_INCOME = "请输入金额（单位：元），例如：2800 或 两千八。也可以发送 /cancel 取消。"
# Income typed as 不清楚: an estimate is enough
LEGAL_AID_INCOME_UNKNOWN = (
    "不清楚确切数字也没关系，请估一个大概的数（单位：元），例如：3000 或 三千左右。"
    "工资、养老金、经营收入等都算在内；确切情况以法律援助机构核查为准。"
)
LEGAL_AID_TAP = "请点选下面的一项，或发送 /cancel 取消。"
LEGAL_AID_RESULTS = {
    "likely": "✅ <b>初步判断：您可能符合法律援助条件。</b>",
    "check": "ℹ️ <b>初步判断：需要法律援助机构进一步核实。</b>",
    "unlikely": (
        "ℹ️ <b>初步判断：按您填写的收入，可能不符合经济困难条件。</b>\n"
        "最终仍以法律援助机构审查为准。您还可以：拨打 12348 公共法律服务热线咨询；"
        "找本村（社区）法律顾问免费咨询；邻里、家庭等纠纷可以申请人民调解。"
    ),
}
LEGAL_AID_CHECK_MATTER = (
    "您的事项不在法律列举的范围内，但当地规定可能有扩展，请向法律援助机构咨询。"
)
# A rough income (三千多) that may fall on either side of the hardship standard
LEGAL_AID_CHECK_INCOME = (
    "按您估计的收入，人均可能在本地经济困难标准上下，需要法律援助机构核实，请如实说明家庭经济状况。"
)
LEGAL_AID_CHECK_STANDARD = "本地经济困难标准需向法律援助机构核实，请如实说明家庭经济状况。"
LEGAL_AID_CHECKLIST_TITLE = "<b>请准备以下材料：</b>"
LEGAL_AID_DOCS_ALWAYS = (
    "身份证件（代为申请的，还需代理人身份证明和关系证明）",
    "法律援助申请表（可在窗口领取填写）",
)
LEGAL_AID_DOCS_HARDSHIP = "经济困难状况说明表或个人诚信承诺书"
LEGAL_AID_DOCS_PROOF = {
    "dependent": "无固定生活来源的证明（如残疾证、村（居）委会证明）",
    "assistance": "低保证、特困供养证、优抚证明等",
    "migrant": "务工证明（劳动合同、工资记录、考勤等）",
}
LEGAL_AID_DOCS_EXEMPT = {
    "martyr": "英雄烈士近亲属关系证明",
    "samaritan": "见义勇为认定或相关证明",
    "retrial": "再审改判无罪的判决书",
    "abuse": "报警回执、告诫书、伤情照片或就医记录等",
}
LEGAL_AID_DOCS_MATTER = {
    "criminal": "拘留、逮捕通知书或起诉书等案件材料",
    "labour": "劳动合同、工资条、欠薪记录等",
    "injury": "事故认定书、病历、医疗费票据等",
    "support": "亲属关系证明、收入或生活状况材料",
}
LEGAL_AID_DOCS_CASE = "与案件有关的其他材料"
LEGAL_AID_WHERE = (
    "<b>在哪里申请：</b>街道公共法律服务中心法律援助窗口 {address}\n"
    "<b>办公时间：</b>{hours}\n"
    "法律援助机构自收到申请之日起七日内作出是否给予法律援助的决定。"
)
# LEGAL_AID_WHERE when the deployment set neither the centre's address nor its hours.
LEGAL_AID_WHERE_UNKNOWN = (
    "<b>在哪里申请：</b>街道公共法律服务中心法律援助窗口（地址和办公时间{missing}）\n"
    "法律援助机构自收到申请之日起七日内作出是否给予法律援助的决定。"
)
LEGAL_AID_CRIMINAL_NOTE = (
    "未成年人，视力、听力、言语残疾人，可能被判处无期徒刑、死刑的人等，"
    "办案机关应当通知法律援助机构指派律师，无需本人申请。"
)
LEGAL_AID_ASK_FILE = (
    "是否现在向法律援助工作人员提交预申请？提交后会有工作人员通过本机器人与您联系，"
    "告知下一步怎么办。"
)
LEGAL_AID_BUTTON_FILE = "提交预申请"
LEGAL_AID_BUTTON_NO = "暂不提交"
LEGAL_AID_ASK_COMMUNITY = "请选择您所在的村（社区）："
LEGAL_AID_NOT_FILED = "好的，未提交。需要时可以随时发送 /legalaid 重新预审。"
LEGAL_AID_FILED = (
    "预申请已提交，编号 <b>#{number}</b>，由{who}处理。工作人员会通过本机器人与您联系，"
    "请留意消息。是否给予法律援助，以法律援助机构的审查决定为准。"
)
LEGAL_AID_SUMMARY = (
    "【法律援助预申请】事项：{matter}；情形：{exempt}；证明：{proof}；"
    "家庭 {size} 人，月收入约 {income} 元；初步判断：{result}。"
)
LEGAL_AID_RESULT_LABELS = {
    "likely": "可能符合",
    "check": "需核实",
    "unlikely": "可能不符合经济困难条件",
}

# People's mediation request (/mediate, handlers/mediation.py).
MENU_MEDIATE = "申请调解"
MEDIATE_INTRO = (
    "<b>申请人民调解</b>\n"
    "人民调解免费，由村（社区）人民调解委员会或司法所人民调解员主持，双方自愿参加。"
    "回答几个问题即可提交申请，随时可以发送 /cancel 取消。\n"
    "🔒 对方的关系、姓名（不愿提供可以不填）和您的调解请求，由人民调解员按职责查看，"
    "办结满 {days} 天后自动删除。发送 /privacy 可以查看或删除。"
)
MEDIATE_ASK_DISPUTE = "1. 是哪一类纠纷？"
# The dispute typed in the resident's words: which type it was taken as, and the way to change it.
MEDIATE_DISPUTE_TAKEN = "已按「<b>{dispute}</b>」纠纷记下；不对的话，请点「改选纠纷类型」。\n\n"
BUTTON_MEDIATE_CHANGE_DISPUTE = "↩️ 改选纠纷类型"
MEDIATE_ASK_RELATION = "2. 对方和您是什么关系？可以点选，也可以直接输入（不必写姓名）。"
MEDIATE_RELATIONS = ("邻居", "家庭成员", "亲属", "雇主或单位", "商家或公司", "其他")
# The relation when the resident would rather not say it (不想说, 不方便说)
MEDIATE_RELATION_UNSAID = "未说明"
MEDIATE_ASK_NAME = "3. 如您愿意，可以输入对方的姓名，便于调解员联系；不愿提供请点「不提供」。"
MEDIATE_BUTTON_NO_NAME = "不提供"
MEDIATE_ASK_COMMUNITY = "4. 纠纷发生在哪个村（社区）？"
MEDIATE_ASK_WANTED = (
    "5. 您希望通过调解解决什么？请简要说明（例如：对方停止占用通道、归还欠款 2 万元）。"
)
MEDIATE_BAD_TEXT = "请用文字简要说明（{limit} 字以内），或发送 /cancel 取消。"
MEDIATE_TAP = "请点选下面的一项，或发送 /cancel 取消。"
# One character typed where what the resident wants is asked (对, 好).
MEDIATE_WANTED_TOO_SHORT = (
    "请多写几个字，说明您希望通过调解解决什么（例如：对方停止占用通道），或发送 /cancel 取消。"
)
# A community typed at the mediation request's community step that is none of the list.
MEDIATE_COMMUNITY_NOT_FOUND = "没有找到“{name}”，请点选下面列出的村（社区）。\n\n"
# Text at the confirmation that is neither 提交 nor a change: the request and buttons again.
MEDIATE_CONFIRM_AGAIN = (
    "没能确认您的选择。请点「提交申请」或「取消」；要修改调解请求，请回复“修改”。\n\n"
)
# 不对 / 修改 typed at the confirmation: what the resident wants is asked again.
MEDIATE_CHANGE_WANTED = (
    "好的，请重新说明。（纠纷类型、对方或村（社区）填错了，请发送 /cancel 后重新申请。）\n\n"
)
MEDIATE_CONFIRM = (
    "<b>请确认调解申请：</b>\n纠纷类型：{dispute}\n对方：{relation}{name}\n"
    "村（社区）：{community}\n调解请求：{wanted}"
)
MEDIATE_BUTTON_SUBMIT = "提交申请"
MEDIATE_BUTTON_CANCEL = "取消"
MEDIATE_SUMMARY = "【人民调解申请】纠纷类型：{dispute}；对方：{relation}{name}；调解请求：{wanted}"
MEDIATE_FILED = (
    "调解申请已提交，编号 <b>#{number}</b>，由{who}受理。调解员会通过本机器人与您联系，请留意消息。"
)
HANDLED_BY_COMMITTEE = "{community}人民调解委员会"
HANDLED_BY_MEDIATORS = "司法所人民调解员"
# The agreement amount of a successful mediation (/amount, handlers/adviser.py).
AMOUNT_HINT = "如达成协议涉及金额，请发送 <code>/amount {number} 金额</code> 登记（单位：元）。"
AMOUNT_USAGE = "用法：/amount 编号 金额，例如 /amount 12 20000 或 /amount 12 2万（单位：元）。"
AMOUNT_DONE = "调解 #{number} 的协议金额已登记：{amount} 元。"
AMOUNT_NOT_SUCCESS = (
    "未登记：#{number} 不是以“调解成功”结束的人民调解案件，协议金额只能登记在这类案件上。"
    "请核对编号（登记或结束调解时的回复中有）。"
)
AMOUNT_TOO_LARGE = "未登记：协议金额最多 {most} 元，请核对金额（单位：元）。"
# The follow-up visit (回访) of a successful mediation.
FOLLOWUP_REQUEST = (
    "<b>回访</b>：您的调解申请 #{number}（{dispute}纠纷）已调解成功。请问调解协议履行得怎么样？"
)
FOLLOWUP_ANSWERS = {"kept": "已履行", "partly": "部分履行", "not_kept": "未履行"}
FOLLOWUP_THANKS = "感谢您的反馈，已记录。"
FOLLOWUP_NOT_KEPT = (
    "协议未履行的，可以申请司法确认后向人民法院申请强制执行，或向人民法院起诉。"
    "需要帮助可以发送 /consult 找法律顾问，或拨打 12348。"
)
FOLLOWUP_ALREADY = "您已经回复过这次回访，谢谢。"
WHEN_SOON = "工作时间内一般会尽快回复"
WHEN_LATER = "现在不是工作时间，预计 {time} 以后回复"
WHEN_LATER_TIME = "%m月%d日 %H:%M"
"""``strftime`` format of the time in ``WHEN_LATER``."""
# A resident's question that tells of danger to a person now (urgency kind personal_safety),
# shown before the answer: the question is no consultation, so nothing is "treated as urgent".
SAFETY_NUMBERS = (
    "⚠️ <b>如果您或家人正面临人身危险，请立即拨打 110。</b>"
    "妇女维权可拨打 12338，法律咨询和法律援助可拨打 12348"
)
QUESTION_SAFETY_NOTICE = SAFETY_NUMBERS + "；需要法律顾问帮忙，请点「找法律顾问」。"
# Danger told in a message of an open consultation (it is relayed as well).
RELAY_SAFETY_NOTICE = SAFETY_NUMBERS + "。您的消息也已转给法律顾问。"
# Danger told while a rating is half given (the rating question follows).
RATING_SAFETY_NOTICE = SAFETY_NUMBERS + "；需要法律顾问帮忙，请点「找法律顾问」或发送 /consult。"
# The emergency card (handlers.emergency): its first words, a line per hotline for the
# urgency kinds the description shows, and what happens next. Only national numbers: a local
# one (派出所, 劳动监察大队) belongs in the deployment's configuration, never here.
URGENT_HEAD = "⚠️ <b>您的情况可能比较紧急。</b>"
HOTLINES = {
    "110": "如有人身危险请立即拨打 <b>110</b>",
    "12338": "妇女儿童权益受到侵害可拨打妇联维权热线 <b>12338</b>",
    "12333": "拖欠工资可拨打人社部门劳动保障热线 <b>12333</b> 投诉",
    "12345": "面临被强行赶出住处可拨打政务服务便民热线 <b>12345</b>",
    "12348": "法律咨询和法律援助可拨打公共法律服务热线 <b>12348</b>",
}
"""Each hotline's line on the card, in the order they are listed."""
HOTLINES_BY_KIND = {
    "personal_safety": ("110", "12338", "12348"),
    "detention": ("12348",),
    "deadline": ("12348",),
    "wages_before_holiday": ("12333", "12348"),
    "eviction": ("12345", "12348"),
}
"""The hotlines an urgency kind (``urgency_kinds``) calls for; 12348 for any other."""
URGENT_TAIL = "提交后，本咨询按紧急处理，优先办理。"
# The card where danger is typed in the legal-aid pre-check, a mediation request or a quiz:
# nothing is filed as urgent there, and the step waits.
URGENT_STEP_TAIL = "请先确保安全。需要法律顾问帮忙，可随时发送 /consult；下面这一步仍为您保留。"
ACTIVE_EXISTS = (
    "您已有进行中的咨询 <b>#{number}</b>（{status}）。直接在这里发消息即可转给法律顾问，"
    "也可以先结束它再重新预约。"
)
# The same for the case kinds with takers of their own (not the legal adviser)
ACTIVE_EXISTS_BY_KIND = {
    "legal_aid": (
        "您已有办理中的法律援助预申请 <b>#{number}</b>（{status}）。"
        "直接在这里发消息即可转给法律援助工作人员；这件办结后，可以再提出新的申请。"
    ),
    "mediation": (
        "您已有办理中的调解申请 <b>#{number}</b>（{status}）。"
        "直接在这里发消息即可转给调解员；这件办结后，可以再提出新的申请。"
    ),
}
NO_COMMUNITIES = "暂时无法在线预约，请拨打 12348 或到街道公共法律服务中心咨询。"

# --- consultations: resident side ------------------------------------------------------------
RESIDENT_NUMBER = "居民 #{number}"
"""How advisers see a resident who did not share a name."""
STATUS_LABELS = {"open": "等待接单", "claimed": "法律顾问处理中", "closed": "已结束"}
# /my for the case kinds with takers of their own: the kind before the matter, the taker's name
STATUS_LABELS_BY_KIND = {
    "legal_aid": {"open": "等待受理", "claimed": "法律援助工作人员处理中", "closed": "已结束"},
    "mediation": {"open": "等待受理", "claimed": "调解员处理中", "closed": "已结束"},
}
MY_KIND_LABELS = {"legal_aid": "法律援助预申请", "mediation": "调解申请"}
MY_KIND_CATEGORY = "{kind}（{category}）"
MY_EMPTY = "您还没有预约过法律顾问。需要时发送 /consult。"
MY_HEADER = "<b>我的咨询和申请</b>"
MY_LINE = "#{number}　{date}　{category}　{status}"
RELAYED_TO_ADVISER = (
    "➡️ 已转给法律顾问（咨询 #{number}）。"
    "想先让机器人回答其他问题，请点「返回提问」，之后的消息就不再转给法律顾问。"
)
# The same when a staff member took the consultation (no legal adviser answers it).
RELAYED_TO_STAFF = (
    "➡️ 已转给街道工作人员（咨询 #{number}）。"
    "想先让机器人回答其他问题，请点「返回提问」，之后的消息就不再转给工作人员。"
)
RELAYED_WAITING = (
    "➡️ 已记下，法律顾问接单后会看到（咨询 #{number}）。"
    "等待期间，机器人能回答的问题会直接为您解答；只想问机器人，请点「返回提问」。"
)
# The same two notes for the case kinds with takers of their own (not the legal adviser)
RELAYED_TO_TAKER_BY_KIND = {
    "legal_aid": (
        "➡️ 已转给法律援助工作人员（法律援助预申请 #{number}）。"
        "想先让机器人回答其他问题，请点「返回提问」，之后的消息就不再转给法律援助工作人员。"
    ),
    "mediation": (
        "➡️ 已转给调解员（调解申请 #{number}）。"
        "想先让机器人回答其他问题，请点「返回提问」，之后的消息就不再转给调解员。"
    ),
}
RELAYED_WAITING_BY_KIND = {
    "legal_aid": (
        "➡️ 已记下，法律援助工作人员接单后会看到（法律援助预申请 #{number}）。"
        "等待期间，机器人能回答的问题会直接为您解答；只想问机器人，请点「返回提问」。"
    ),
    "mediation": (
        "➡️ 已记下，调解员接单后会看到（调解申请 #{number}）。"
        "等待期间，机器人能回答的问题会直接为您解答；只想问机器人，请点「返回提问」。"
    ),
}
# Under the welcome when /start comes in the middle of a case conversation.
START_UNFINISHED = (
    "\n\n📝 您还有一份没有提交的{what}。可以接着回答上面最后一个问题，也可以发送 /cancel 取消。"
)
UNFINISHED_CASES = {
    "consultation": "法律顾问预约",
    "legal_aid": "法律援助预申请",
    "mediation": "调解申请",
}
# A text longer than a Telegram message (a Telegram app splits such text itself).
RELAY_TOO_LONG = "这条消息太长，没有转出（咨询 #{number}）。请分成几条发送，每条不超过 {limit} 字。"
RELAY_TEXT_ONLY = "法律顾问可以收到文字、图片和文件；语音、贴纸等暂时转不过去，请改用文字。"
BUTTON_BACK_TO_QUESTIONS = "返回提问"
BUTTON_END_CONSULTATION = "结束咨询"
BUTTON_CONFIRM_END = "确认结束"
BUTTON_RESUME = "继续咨询 #{number}"
LEFT_CONSULTATION = (
    "好的，现在您发的问题会由机器人回答，不再转给法律顾问。"
    "要继续和法律顾问交流，请点下面的按钮或发送 /consult。"
)
RESUMED_CONSULTATION = "好的，您接下来发的消息会转给法律顾问（咨询 #{number}）。"
CONFIRM_END = "确定结束咨询 #{number} 吗？结束后法律顾问不会再收到您的消息。"
ENDED = "咨询 #{number} 已结束。"

# --- /privacy: what the bot holds about a resident; export, withdraw consent, forget ----------
PRIVACY_SUMMARY = (
    "<b>本服务保存的您的个人信息</b>\n"
    "• 提问记录：{questions} 条\n"
    "• 预约咨询：{consultations} 件（留有姓名、电话的 {contacts} 件）\n"
    "• 咨询中往来的消息：{messages} 条\n"
    "• 未完成的预约草稿：{drafts} 项\n"
    "• 尚未处理完的消息：{pending} 条\n\n"
    "您可以导出这些信息（JSON 文件），撤回提供姓名、电话的授权，或申请删除。"
    "删除后，统计报表只保留不含个人信息的数字（日期、村（社区）、类别、办理结果、评价），"
    "不能再与您本人对应。"
)
# Under the summary when the resident filed a legal-aid pre-application or a mediation request
# (RETENTION_DAYS): what of their answers is kept, who sees it, and when it goes.
PRIVACY_CASES_NOTE = (
    "\n\n其中法律援助预申请、人民调解申请 {count} 件，含您填写的家庭人口、月收入，"
    "以及对方的关系、姓名和您的调解请求，由法律援助工作人员或人民调解员按职责查看；"
    "办结满 {days} 天后自动删除，申请删除时一并删除，统计只保留事项类别和办理结果。"
)
# The 普法 part of the /privacy summary: what is kept, who sees it, how it is removed.
PRIVACY_PUBLICITY = (
    "\n\n<b>普法活动</b>\n"
    "• 普法推送订阅：{subscription}\n"
    "• 竞猜：答题 {series} 轮{best}\n"
    "• 排行榜昵称：{nickname}\n"
    "• 打卡记录：{checkins} 天（连续打卡天数据此计算）\n"
    "• 每日提醒：{reminder}\n"
    "排行榜上其他居民只看到昵称，看不到您的姓名；工作人员只看到参与人数、人次等统计数字。"
    "发送 /unsubscribe 可退订推送，发送“/nickname 退出”可删除昵称。"
    "删除个人信息时，订阅、昵称和提醒一并删除，答题和打卡记录不再与您本人对应，只计入统计人次。"
)
PRIVACY_SUBSCRIBED = "已订阅"
PRIVACY_NOT_SUBSCRIBED = "未订阅"
PRIVACY_BEST_SCORE = "，最好成绩 {score} 分"
PRIVACY_NOT_SET = "未设置"
PRIVACY_HELD_NOTE = (
    "\n\n按照档案管理规定，已转法律援助或人民调解的咨询（{numbers}）需存档保留，删除时不在其列。"
)
BUTTON_PRIVACY_EXPORT = "导出我的信息"
BUTTON_PRIVACY_WITHDRAW = "撤回联系方式授权"
BUTTON_PRIVACY_FORGET = "删除我的信息"
BUTTON_PRIVACY_CONFIRM_FORGET = "确认删除"
BUTTON_PRIVACY_CONFIRM_WITHDRAW = "确认撤回"
PRIVACY_CONFIRM_WORDS = frozenset({"确认", "确定", "确认删除", "确定删除", "确认撤回", "确定撤回"})
"""Any of these typed confirms the deletion or withdrawal asked for."""
# Under the /privacy summary, and again when something else is typed there.
PRIVACY_TYPE_HINT = "请点下面的按钮，也可以直接回复“导出”“撤回”或“删除”。"
PRIVACY_TYPED_ACTIONS = {
    "export": ("导出", "下载", "导出我的信息"),
    "withdraw": ("撤回", "撤回授权", "撤回同意", "撤回联系方式授权"),
    "forget": ("删除", "删掉", "删除我的信息", "清除", "注销"),
}
"""What a resident may type for each /privacy button, by its action."""
PRIVACY_CONFIRM_FORGET = (
    "确定删除本服务保存的您的个人信息吗？删除后无法恢复。\n请点「确认删除」，或回复“确认”。"
)
PRIVACY_CONFIRM_WITHDRAW = (
    "确定撤回提供姓名、电话的授权吗？撤回后，法律顾问和工作人员将看不到您的联系方式。\n"
    "请点「确认撤回」，或回复“确认”。"
)
PRIVACY_EXPORT_CAPTION = "本服务保存的您的个人信息（JSON 格式，UTF-8 编码）。"
PRIVACY_FORGOTTEN = "您的个人信息已删除。统计报表只保留不含个人信息的数字。"
PRIVACY_FORGOTTEN_HELD = (
    "您的个人信息已删除。咨询 {numbers} 已转法律援助或人民调解，依规定存档保留；"
    "统计报表只保留不含个人信息的数字。"
)
PRIVACY_WITHDRAWN = "已撤回授权，{count} 件咨询中的姓名、电话已清除。"
# The open case may be a consultation, a legal-aid pre-application or a mediation request.
PRIVACY_ACTIVE = (
    "您提交的 <b>#{number}</b> 还在办理中，暂时不能删除。"
    "请在办结后再申请；也可以点这件事消息下方的「结束咨询」，先结束这一件。"
)
PRIVACY_CANCELLED = "已取消，您的信息没有改动。"
CLAIMED_NOTICE = (
    "您的咨询 #{number} 已由 <b>{who}</b> 接单。现在您在这里发的消息会直接转给{taker}。"
)
# Who took a consultation, as CLAIMED_NOTICE and FROM_ADVISER name them (by the taker's role).
TAKER_BY_ROLE = {"adviser": "法律顾问", "duty": "值班法律顾问", "staff": "街道工作人员"}
# The same for the case kinds with takers of their own (not the legal adviser)
CLAIMED_NOTICE_BY_KIND = {
    "legal_aid": (
        "您的法律援助预申请 #{number} 已由 <b>{who}</b> 受理。"
        "现在您在这里发的消息会直接转给法律援助工作人员。"
    ),
    "mediation": (
        "您的调解申请 #{number} 已由 <b>{who}</b> 受理。现在您在这里发的消息会直接转给调解员。"
    ),
}
ADVISER_OF = "{community}法律顾问{name}"
DUTY_ADVISER = "司法所值班法律顾问{name}"
STAFF_MEMBER = "街道工作人员{name}"
RESIDENT_TRANSFER_NOTICE = "您的咨询 #{number} 已转交给 <b>{who}</b>，请耐心等待回复。"
# Who a consultation went to when it was put in a community's queue (no one adviser yet).
COMMUNITY_ADVISERS = "{community}的法律顾问"
# The resident's adviser was deactivated: the consultation waits for another adviser.
RESIDENT_RELEASED = (
    "原负责您咨询 #{number} 的法律顾问已不再承担此项工作，咨询已重新等待接单。"
    "其他法律顾问接单后会通知您；这期间您发的消息同样会转给法律顾问。"
)
# The same for the case kinds with takers of their own (not the legal adviser).
RESIDENT_RELEASED_BY_KIND = {
    "legal_aid": (
        "原负责您法律援助预申请 #{number} 的工作人员已不再承担此项工作，预申请已重新等待受理。"
        "其他法律援助工作人员接手后会通知您；这期间您发的消息同样会转给法律援助工作人员。"
    ),
    "mediation": (
        "原负责您调解申请 #{number} 的调解员已不再承担此项工作，申请已重新等待受理。"
        "其他调解员接手后会通知您；这期间您发的消息同样会转给调解员。"
    ),
}
FROM_ADVISER = "👩‍⚖️ <b>{taker}</b>（咨询 #{number}）：\n{text}"
FROM_ADVISER_BY_KIND = {
    "legal_aid": "👩‍⚖️ <b>法律援助工作人员</b>（法律援助预申请 #{number}）：\n{text}",
    "mediation": "👩‍⚖️ <b>调解员</b>（调解申请 #{number}）：\n{text}",
}
RATING_REQUEST = (
    "您的咨询 #{number} 已结束（{outcome}）。请为这次服务打分"
    "（点下面的星星，也可以直接回复，如“五星”）："
)
RATING_RESOLVED = "谢谢！您的问题解决了吗？"
# Asked when 「解决了」 is typed before any stars.
RATING_ASK_STARS = "好的。请再为咨询 #{number} 的服务打分（1 到 5 星）："
# Said before the rating question again when a reply answers nothing.
RATING_NOT_UNDERSTOOD = "没能确认您的回答，请点下面的按钮；不想评价可以回复“算了”。\n\n"
# After 「算了」 while a rating was half given.
RATING_SKIPPED = "好的，这次不评价了。还有问题可以随时直接输入。"
BUTTON_RESOLVED_YES = "解决了"
BUTTON_RESOLVED_NO = "没有解决"
RATING_THANKS = "感谢您的评价！还有问题可以随时直接输入，或发送 /consult 再次预约。"
ALREADY_RATED = "这次咨询已经评价过了。"

OUTCOMES = {
    "answered": "已解答",
    "legal_aid": "转法律援助",
    "mediation": "转人民调解",
    "arbitration_litigation": "建议仲裁或诉讼",
    "petition_other": "转信访或其他部门",
    "other": "其他",
}
"""How a consultation ended, by outcome id, in the order advisers are offered them."""
# How a legal-aid pre-application or a mediation request ends (bot/services/case_outcomes.py).
CASE_OUTCOMES = {
    "legal_aid": {"accepted": "受理", "not_accepted": "不予受理", "referred": "转其他渠道"},
    "mediation": {
        "success": "调解成功",
        "failed": "调解不成",
        "litigation": "转诉讼/仲裁",
        "judicial_confirmation": "申请司法确认",
    },
}

# --- consultations: adviser side -------------------------------------------------------------
URGENT_REASONS = {
    "personal_safety": "人身安全",
    "detention": "人被羁押",
    "deadline": "期限将至",
    "wages_before_holiday": "节前欠薪",
    "eviction": "面临被赶出住处",
}
CARD_TITLES = {
    "new_consultation": "🆕 新收到",
    "reminder": "⏰ 提醒：还没有人接单",
    "escalation": "⚠️ 超时未接单，请值班法律顾问或工作人员处理",
    "transferred": "↪️ 转交给您",
    "reopened": "🔁 重新待接单（原顾问已停用）",
    "claimed_history": "📋 您已接单",
}
# Under the history card sent on a claim: how many of the resident's messages follow it.
CARD_EARLIER_MESSAGES = "\n\n等待接单期间，居民另发了 {count} 条消息，依次附后。"
# What a card calls its case, after its title: 「🆕 新收到 法律援助预申请 #3」.
CARD_CASE_NAMES = {
    "consultation": "法律咨询",
    "legal_aid": "法律援助预申请",
    "mediation": "人民调解申请",
}
CARD = (
    "{title}：<b>{case} #{number}</b>{urgent}\n"
    "村（社区）：{community}\n"
    "类别：{category}\n"
    "居民：{resident}{phone}\n"
    "时间：{created}\n"
    "内容：{summary}"
)
CARD_URGENT = " 🔴 紧急（{reason}）"
CARD_TRANSFERRED_FROM = "\n（由 {source} 转来）"
CARD_HINT = "\n\n接单后，直接<b>回复（引用）</b>本条消息即可答复居民。"
BUTTON_CLAIM = "接单"
BUTTON_TRANSFER = "转交"
BUTTON_CLOSE = "结束"
FROM_RESIDENT = "💬 <b>{resident}</b>（咨询 #{number}）：\n{text}"
# What stands for the text of a photo or file relayed without a caption
RELAYED_NO_CAPTION = {"photo": "（图片）", "document": "（文件）"}
FROM_RESIDENT_HINT = "\n<i>回复（引用）本条消息即可答复。</i>"
RESIDENT_CLOSED = "居民已结束咨询 #{number}。"
CLAIM_DONE = "已接单 #{number}。回复（引用）居民的消息即可答复，结束时发送 /close {number}。"
CLAIM_TAKEN = "这个咨询已被接单。"
HELD_BY_COLLEAGUE = (
    "咨询 #{number} 已由其他法律顾问接单，由接单的法律顾问答复、转交和结束。"
    "发送 /queue 查看您可以接单和正在办理的咨询。"
)
"""An adviser who may see a consultation acts on it while a colleague holds it."""
# A claim of a consultation someone else holds; ``holder`` is their role and registered name.
CLAIM_TAKEN_BY = "咨询 #{number} 已由{holder}接单。"
# A second claim by the adviser who holds it already.
CLAIM_ALREADY_YOURS = "咨询 #{number} 已由您接单。回复（引用）居民的消息即可答复。"
CLAIM_USAGE = "用法：/claim 编号，例如 /claim 12。发送 /queue 查看待接单的咨询。"
ALREADY_CLOSED = "这个咨询已经结束。"
CHOOSE_TRANSFER = "把咨询 #{number} 转交给："
DUTY_TARGET = "司法所值班法律顾问"
TRANSFER_DONE = "咨询 #{number} 已转交给 {target}。"
# Among the transfer targets of a consultation held by someone who is not its community's
# adviser (a duty adviser, staff): back to its community's queue, to be taken again.
TRANSFER_BACK = "退回{community}待接单"
# 取消 under the transfer targets.
TRANSFER_CANCELLED = "已取消，咨询 #{number} 没有转交。"
# No other community nor duty adviser to hand the consultation to.
TRANSFER_NO_TARGETS = "目前没有可以转交的村（社区）或值班法律顾问。"
CHOOSE_OUTCOME = "咨询 #{number} 的处理结果是："
CLOSE_DONE = "咨询 #{number} 已结束（{outcome}），已请居民评价。"
# An adviser typed something that is not an outcome while the outcomes were offered.
OUTCOME_NOT_UNDERSTOOD = "没能确认处理结果，请点下面的按钮选择；暂不结束请回复“取消”。\n\n"
CLOSE_CANCELLED = "好的，咨询 #{number} 暂不结束。需要结束时再发送 /close {number}。"
REPLY_SENT = "已发给居民（咨询 #{number}）。"
REPLY_USAGE = "用法：/reply 编号 内容，例如 /reply 12 您好，请带上劳动合同来面谈。"
CLOSE_USAGE = "用法：/close 编号，例如 /close 12"
# /transfer typed without a number
TRANSFER_USAGE = "用法：/transfer 编号，例如 /transfer 12（也可以点咨询下方的「转交」）"
# After the bot's answer to an adviser who typed without quoting while holding consultations.
ADVISER_TYPED_HINT = (
    "提示：这条消息没有转给居民。要发给居民，请点下面对应咨询的按钮；"
    "答复时也可以回复（引用）居民转来的消息，或发送 /reply 编号 内容；"
    "查询法律知识请发送 /ask 问题。您正在办理的咨询：{numbers}"
)
# An adviser (or a duty adviser) typing text with no consultation of theirs open.
ADVISER_IDLE_HINT = (
    "提示：这条消息没有转给任何居民，您目前没有正在办理的咨询。"
    "发送 /queue 查看待接单的咨询，/claim 编号 接单；接单后回复（引用）居民转来的消息即可答复。"
    "查询法律知识请发送 /ask 问题，例如：/ask 拖欠工资怎么办。"
)
# An adviser or staff member typed a button's word (接单 1, 转交, 结案): the command for it.
CASE_ACTION_HINTS = {
    "claim": "这条消息没有转给居民。接单请发送 {command}，也可以发送 /queue 后点「接单」。",
    "transfer": "这条消息没有转给居民。转交请发送 {command}，也可以点咨询下方的「转交」。",
    "close": "这条消息没有转给居民。结束咨询请发送 {command}，也可以点咨询下方的「结束」。",
}
# A staff member typing text that is no command.
STAFF_TYPED_HINT = (
    "提示：这条消息没有发给任何人。发送 /queue 查看咨询，/stats 本月 查看统计，"
    "/help 查看全部命令；查询法律知识请发送 /ask 问题，例如：/ask 拖欠工资怎么办。"
)
# Under ADVISER_TYPED_HINT: one tap sends the typed text to the resident of that consultation.
BUTTON_SEND_TYPED = "↪️ 发给居民 #{number}"
REPLY_NOT_MAPPED = "这条消息不属于任何咨询。请回复（引用）居民转来的消息，或用 /reply 编号 内容。"
QUEUE_EMPTY = "目前没有待接单或进行中的咨询。"
QUEUE_HEADER = "<b>待接单</b>"
CLAIMED_HEADER = "<b>我接的咨询</b>"
QUEUE_LINE = "#{number}　{community}　{category}　{created}{urgent}"
# Above the waiting consultations of /queue, each then sent with its summary and buttons.
QUEUE_WAITING = "<b>待接单</b>（共 {count} 件，按紧急程度和时间排序）"
QUEUE_ITEM = "<b>#{number}</b>{urgent}　{community}　{category}　{created}\n{summary}"
QUEUE_MORE = "另有 {count} 件待接单未列出，处理完上面的再发送 /queue 查看。"
# Appended to REPLY_NOT_MAPPED: the consultations the adviser holds, or none.
OPEN_CONSULTATIONS = "\n\n您正在办理的咨询："
NO_OPEN_CONSULTATIONS = "\n\n您目前没有正在办理的咨询，发送 /queue 查看待接单的咨询。"
NOT_AN_ADVISER = "这个功能只有法律顾问和工作人员可以使用。"
ADVISER_DEACTIVATED = (
    "您的法律顾问身份已由街道工作人员停用，不能再接单、答复或结束咨询。"
    "如有疑问，请联系街道公共法律服务中心。"
)
"""What a deactivated adviser is told when they use an adviser's command or button."""
UNKNOWN_CONSULTATION = "没有找到这个咨询。"
INVALID_INPUT = "输入有误，请检查后再试。"
INVALID_FIELDS = {
    "summary": "咨询内容不能为空，也不能超过 2000 字。",
    "consent": "未同意提供联系方式的，或未满十四周岁的，不能留下联系方式。",
    "contact_phone": "手机号格式不对，请重新输入。",
    "community_id": "没有这个村（社区）。",
    "category": "没有这个类别。",
    "outcome": "没有这个处理结果。",
    "rating": "评分只能是 1 到 5。",
    "target": "请选择一个转交对象。",
    "to_adviser_id": "这位法律顾问不在岗。",
    "to_community_id": "没有这个村（社区）。",
    "transfer_target": "不能转交给这个对象，请在转交列表中重新选择。",
}

# --- staff: 普法 campaigns (/campaign) ------------------------------------------------------
CAMPAIGN_USAGE = (
    "用法：/campaign 年-月-日 时:分 推送内容，例如\n"
    "/campaign 2026-12-04 09:00 12月4日是国家宪法日……\n"
    "如需配图，请发送图片，并在图片说明中写上同样的命令。"
    "推送内容不超过 {limit} 字，时间按北京时间计。\n"
    "推送可附普法竞猜：在时间后写“竞猜”（各类题目混合）或“竞猜:主题”，例如\n"
    "/campaign 2026-12-04 09:00 竞猜:劳动 推送内容……\n"
    "可选主题：{topics}。\n"
    "发送 /campaign 期数（如 /campaign 3）可查看该期推送的发送和竞猜情况。\n"
    "目前订阅人数：{subscribers}。"
)
CAMPAIGN_SCHEDULED = (
    "已安排第 {number} 期普法推送，将于 {when} 发给全部订阅居民（目前 {subscribers} 人）。"
    "发送完毕后会向您报告结果。"
)
# Added to CAMPAIGN_SCHEDULED when the campaign carries a quiz.
CAMPAIGN_SCHEDULED_QUIZ = "推送附普法竞猜（{topic}），居民点推送下方的「参加竞猜」即可作答。"
CAMPAIGN_QUIZ_ALL_TOPICS = "各类题目"
CAMPAIGN_UNKNOWN_TOPIC = (
    "没有“{topic}”主题的竞猜题。可选主题：{topics}；只写“竞猜”则从各类题目中出题。"
)
CAMPAIGN_TIME_PASSED = "推送时间已过，请填写今后的时间。"
CAMPAIGN_TOO_LONG = "推送内容过长（不超过 {limit} 字），请删减后再发。"
# To staff once every copy of a campaign was sent or given up on.
CAMPAIGN_REPORT = (
    "第 {number} 期普法推送已发送完毕（{when}）：\n"
    "送达 {sent} 人；已屏蔽本机器人 {blocked} 人（已自动退订）；发送失败 {failed} 人。"
)
# Added to a campaign's report when it carries a quiz (takers: finished a series, once each).
CAMPAIGN_REPORT_QUIZ = (
    "\n参加竞猜 {takers} 人（答完一轮），平均答对 {average} 题（每轮 {per} 题）。"
    "居民陆续作答，发送 /campaign {number} 可查看最新情况。"
)
CAMPAIGN_REPORT_QUIZ_NONE = (
    "\n参加竞猜 0 人（尚无居民答完一轮）。居民陆续作答，发送 /campaign {number} 可查看最新情况。"
)
# /campaign NUMBER: a campaign's figures so far.
CAMPAIGN_STATUS = (
    "第 {number} 期普法推送（{when}，{status}）：\n"
    "送达 {sent} 人；已屏蔽本机器人 {blocked} 人；发送失败 {failed} 人；待发送 {pending} 人。"
)
CAMPAIGN_STATUS_NAMES = {
    "scheduled": "尚未开始发送",
    "sending": "正在发送",
    "done": "已发送完毕",
    "cancelled": "已取消",
}
CAMPAIGN_NOT_FOUND = "没有第 {number} 期普法推送，请核对期数。"
# Under each copy of a campaign with a quiz, and what a resident is told on pressing it.
BUTTON_CAMPAIGN_QUIZ = "📝 参加竞猜"
CAMPAIGN_QUIZ_TAKEN = "您已参加过这期推送的竞猜（每人一次）。想再练习，请发送 /quiz。"
CAMPAIGN_QUIZ_GONE = "这期推送没有竞猜，或按钮已失效。发送 /quiz 可以参加普法竞猜。"

# To staff, a week (remind_days_before) ahead of a date of config/campaign_calendar.yaml.
CAMPAIGN_CALENDAR_REMINDER = (
    "普法日历提醒：{month}月{day}日（{weekday}）是{name}，还有 {days} 天。"
    "建议宣传主题：{theme}。\n"
    "如需向订阅居民推送，请发送 /campaign {date} 09:00 推送内容（订阅人数：{subscribers}）。"
)
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# --- /log: consultations by visit, phone or letter, recorded by advisers and staff ----------
# The channels /log records, by id, as the ledger names them; typed forms besides these names
# are in bot.services.logbook.CHANNEL_ALIASES.
LOG_CHANNELS = {"visit": "来访", "phone": "电话", "letter": "信函"}
LOG_USAGE = (
    "登记线下咨询，请按以下格式发送：\n"
    "/log 渠道 类别 处理结果 咨询内容摘要\n"
    "例如：/log 电话 劳动 已解答 工资被拖欠两个月\n\n"
    "渠道：来访、电话、信函\n"
    "类别：{categories}\n"
    "处理结果：{outcomes}"
)
# Why a /log line was not recorded (by the field that is wrong), then LOG_USAGE.
LOG_INVALID = {
    "channel": "没有“{value}”这个渠道。",
    "category": "没有“{value}”这个咨询类别。",
    "outcome": "没有“{value}”这个处理结果。",
    "summary": "请写上咨询内容摘要（不超过 2000 字）。",
    "source": "没有“{value}”这个案件来源，请写“排查”或“移交”。",
    "dispute": "没有“{value}”这个纠纷类型。",
    "mediation_outcome": "没有“{value}”这个调解结果。",
}
# A /log line that stops before a part it needs (「/log 信函 宅基地」), then LOG_USAGE.
LOG_MISSING = {
    "channel": "还缺少咨询渠道。",
    "category": "还缺少咨询类别。",
    "outcome": "还缺少处理结果。",
    "source": "还缺少案件来源，请写“排查”或“移交”。",
    "dispute": "还缺少纠纷类型。",
    "mediation_outcome": "还缺少调解结果。",
}
LOG_SAVED = (
    "已登记第 {number} 号咨询：{channel}　{category}　{outcome}\n"
    "摘要：{summary}\n（电话号码、身份证号等个人信息已隐去）"
)
# /log 调解: people's mediators and staff enter disputes found by screening (排查) or
# transferred to them (移交); appended to LOG_USAGE for those who may.
LOG_MEDIATION_USAGE = (
    "\n\n登记排查、移交的矛盾纠纷（人民调解员、工作人员）：\n"
    "/log 调解 案件来源 纠纷类型 调解结果 案情摘要\n"
    "例如：/log 调解 排查 邻里 调解成功 两户因漏水争执已调解\n\n"
    "案件来源：排查、移交\n"
    "纠纷类型：{disputes}\n"
    "调解结果：{outcomes}"
)
LOG_MEDIATION_SAVED = (
    "已登记第 {number} 号人民调解案件：{source}　{dispute}纠纷　{outcome}\n"
    "摘要：{summary}\n（电话号码、身份证号等个人信息已隐去）"
)
# After a successful mediation: where its agreement amount goes.
LOG_MEDIATION_AMOUNT = "如有调解协议金额，请发送 /amount {number} 金额（元）。"
# Someone who may record consultations but is no mediator types /log 调解 ….
LOG_MEDIATION_NOT_ALLOWED = "只有人民调解员和工作人员可以登记人民调解案件。"
# The tapped /log: each step's prompt above its buttons (typing the rest of the line works too).
LOG_CHOOSE = {
    "channel": "请选择咨询渠道（也可以直接输入，如：电话 劳动 已解答 工资被拖欠两个月）：",
    "category": "渠道：{done}\n请选择咨询类别（也可以直接输入类别、处理结果和摘要）：",
    "outcome": "已选：{done}\n请选择处理结果（也可以直接输入处理结果和摘要）：",
}
LOG_TYPE_SUMMARY = "已选：{done}\n请输入咨询内容摘要（发送“取消”放弃登记）："
# The tapped /log 调解: the two case sources among the channels, then dispute types, outcomes.
LOG_MEDIATION_CHANNELS = {"screening": "排查纠纷（调解）", "transfer": "移交纠纷（调解）"}
LOG_MEDIATION_CHOOSE = {
    "category": "已选：{done}\n请选择纠纷类型（也可以直接输入纠纷类型、调解结果和案情摘要）：",
    "outcome": "已选：{done}\n请选择调解结果（也可以直接输入调解结果和案情摘要）：",
}
LOG_MEDIATION_TYPE_SUMMARY = "已选：{done}\n请输入案情摘要（发送“取消”放弃登记）："
LOG_CANCEL_WORD = "取消"
LOG_CANCELLED = "已放弃这次登记。"
# A re-delivered /log message: the entry it recorded already stands.
LOG_ALREADY = "这条咨询已经登记过了（第 {number} 号），没有重复登记。"
# The community of an entry by duty advisers and staff, who belong to no village or community.
LOG_OFFICE_COMMUNITY = "街道司法所"

# --- /worklog: an adviser's work log (法律顾问工作日志), one line per contact ------------------
# How the adviser worked on a matter, by consultation channel (bot.services.worklog).
# A mediation case entered with /log 调解 (screened or transferred) was mediated in person.
WORKLOG_METHODS = {
    "telegram": "线上",
    "phone": "电话",
    "visit": "面谈",
    "letter": "书面",
    "screening": "面谈",
    "transfer": "面谈",
}
# The result of a day's contact that did not close the matter.
WORKLOG_REPLIED = "已答复，继续跟进"
WORKLOG_CLAIMED = "已受理"
WORKLOG_TITLE = "法律顾问工作日志（{adviser}，{period}）：共 {count} 条"
WORKLOG_LINE = "{day}　{community}　{method}　{category}：{summary}　→ {result}"
WORKLOG_EMPTY = "法律顾问工作日志（{adviser}，{period}）：本期间暂无记录。"
WORKLOG_USAGE = (
    "查看工作日志：/worklog 月份，如 /worklog 11月、/worklog 上月、/worklog 2026年10月；"
    "不写月份为本月。工作人员可在后面加法律顾问的姓名或ID：/worklog 11月 张律师"
)
WORKLOG_UNKNOWN_ADVISER = "没有找到法律顾问“{name}”。发送 /advisers 查看名单。"
# An adviser naming someone else: they read only their own log.
WORKLOG_OWN_ONLY = "法律顾问只能查看本人的工作日志。"

# --- staff ---------------------------------------------------------------------------------
# Staff in STAFF_IDS whom Telegram cannot message: at start-up, and for each notice they missed.
STAFF_UNREACHABLE = (
    "⚠️ 以下工作人员尚未在本机器人中发送 /start，机器人无法向其发送案件通知：{staff}。"
    "请提醒其打开本机器人并发送 /start；此前未能送达的通知会在其发送后补发。"
)
STAFF_CARD_UNREACHABLE = (
    "⚠️ {what}未能送达工作人员（ID {staff}）：其尚未在本机器人中发送 /start。"
    "通知已保留，其发送 /start 后即补发；如需及时处理，请您先行跟进。"
)
STAFF_CARD_WHAT = "#{number} 的案件通知"
STAFF_NOTICE_WHAT = "一条通知"
STAFF_ID = "ID {staff}"
INVITE_USAGE = (
    "用法：/invite 村（社区）名称或编号，例如 /invite 迎凤社区；"
    "邀请司法所值班法律顾问请发送 /invite duty（或 /invite 值班）。\n"
    "可选的村（社区）：{communities}"
)
INVITE_CREATED = (
    "请将以下链接发给{target}，对方打开链接后点「开始」即可完成登记"
    "（第 {number} 号，{days} 天内有效，仅限使用一次）：\n{link}\n"
    "链接只显示这一次，请妥善转交；如需作废，请发送 /revoke {number}。"
)
# To the staff member who made an invite, once someone registered with it.
INVITE_REDEEMED = (
    "您生成的第 {number} 号邀请链接已被使用：{name}（ID {telegram_id}）已登记为{target}。"
    "如非您邀请的人员，请发送 /deactivate {telegram_id} 停用。"
)
# /invites: the invites that can still be used, each with a button to revoke it.
INVITES_EMPTY = "目前没有未使用的邀请链接。发送 /invite 可生成新的登记链接。"
INVITES_HEADER = (
    "<b>未使用的邀请链接</b>\n链接本身不再显示；如需作废，请点击下方按钮或发送 /revoke 编号。"
)
INVITE_LINE = "第 {number} 号　{target}　工作人员（ID {creator}）生成，{expires} 前有效"
INVITE_REVOKE_BUTTON = "作废第 {number} 号"
# /revoke N and the revoke button.
REVOKE_USAGE = "用法：/revoke 邀请编号，例如 /revoke 3。编号可用 /invites 查看。"
REVOKE_DONE = "已作废第 {number} 号邀请链接，该链接不能再用于登记。"
REVOKE_USED = "第 {number} 号邀请链接已被使用，不能作废；如需停用该顾问，请用 /deactivate。"
REVOKE_ALREADY = "第 {number} 号邀请链接此前已作废。"
UNKNOWN_INVITE = "没有找到第 {number} 号邀请链接，请用 /invites 查看。"
INVITE_ACCEPTED = "欢迎！您已登记为<b>{target}</b>。新的咨询会发送到这里，发送 /queue 可查看。"
INVITE_INVALID = "这个邀请链接无效、已过期或已被使用，请联系街道工作人员重新邀请。"
ADVISER_POST = "{community}法律顾问"
"""An adviser's post, as /invite, /advisers and /reassign name it (duty: ``DUTY_TARGET``)."""
ADVISER_WHO = "{name}（ID {telegram_id}）"
"""An adviser as staff replies name them."""
ADVISERS_EMPTY = "目前还没有登记的法律顾问。请用 /invite 生成登记链接。"
ADVISERS_HEADER = "<b>法律顾问名单</b>"
ADVISER_LINE = "{name}（ID {telegram_id}）　{target}　{state}"
ADVISER_ACTIVE = "在岗"
ADVISER_INACTIVE = "已停用"
REASSIGN_USAGE = (
    "用法：/reassign 顾问ID 村（社区）名称或编号，例如 /reassign 1005 迎凤社区；"
    "改为司法所值班法律顾问请写 duty（或 值班）。顾问ID 可用 /advisers 查看。"
)
REASSIGN_DONE = "已将{name}调整为{target}。"
DEACTIVATE_USAGE = "用法：/deactivate 顾问ID，例如 /deactivate 1005。顾问ID 可用 /advisers 查看。"
DEACTIVATE_DONE = "已停用{name}。"
# After DEACTIVATE_DONE: how many of their consultations went back to the queue, or that none did.
DEACTIVATE_RELEASED = "其经办中的 {count} 件咨询和申请已重新进入待接单，并已通知居民。"
DEACTIVATE_NONE_OPEN = "其名下没有未办结的咨询和申请。"
UNKNOWN_COMMUNITY = "没有找到村（社区）“{name}”，请核对名称或编号。"
UNKNOWN_ADVISER = "没有找到 ID 为 {id} 的法律顾问，请用 /advisers 查看名单。"
"""/reassign or /deactivate named an id that is not a registered adviser."""
PLACEHOLDER_MARK = "示例"
PLACEHOLDER_COMMUNITY = "{name}（示例）"
"""An example community of the deployment file, where figures were filed under it."""
STATS_USAGE = (
    "用法：{command} 期间。期间可写：今天、昨天、本周、上周、本月、上月、本季度、上季度、"
    "今年、去年、近30天，或具体日期，如 2025年、2025年一季度、2025年3月、2025年3月5日、"
    "2025年1月至6月"
    "（也可写 2025、2025-03、2025-01-01..2025-06-30）。不写期间时统计本月。"
    "/stats（统计）、/chart（统计图）、/export（导出台账）用法相同。"
)
STATS_TOO_LONG = "统计期间最长为 10 年，请缩短期间后重新查询。"
"""A period longer than ``bot.services.periods.MAX_PERIOD_DAYS``."""
CHART_CAPTION = "嘉祥街道法律顾问咨询统计图（{period}）"
EXPORT_CAPTION = "嘉祥街道公共法律服务台账（{period}，Excel 格式）"
EXPORT_CSV_CAPTION = "法律顾问咨询明细（{period}，CSV 格式）"
"""The caption of the consultation list sent with the ledger workbook."""

# The local sandbox's terminal chat: kept in bot.texts.sandbox, the old name stays for callers.
SANDBOX_TERMINAL = _sandbox.TERMINAL

# --- staff: maintaining the knowledge base from the chat (/kb) ------------------------------
KB_USAGE = (
    "<b>知识库维护</b>\n"
    "/kb export　导出全部知识条目（zip 压缩包）\n"
    "/kb gaps　近90天未能解答的问题，可补充为条目的示例问法\n"
    "/kb log　知识库修改记录\n"
    "修改条目：导出后编辑相应的 .yaml 文件（文件名即条目编号，如 divorce.yaml），"
    "将文件或 zip 压缩包直接发给本机器人，核对无误后即时生效，原版本自动留存。"
)
KB_EXPORT_CAPTION = (
    "嘉祥街道公共法律服务知识库，共 {count} 条。修改后将 .yaml 文件发回本机器人即可更新。"
)
KB_APPLIED = "知识库已更新，即时生效，现共 {count} 条：\n{lines}"
# One line of KB_APPLIED and of /kb log per change, by kind (bot.storage.kb_log.KbChangeKind).
KB_CHANGE_KINDS: dict[str, str] = {
    "added": "新增条目 {item}",
    "updated": "修改条目 {item}（原版本留存于 {detail}）",
    "sample": "为条目 {item} 补充示例问法“{detail}”",
}
KB_REJECTED = "<b>{name} 未通过核对，知识库未作任何改动。</b>请修改以下问题后重新发送：\n{lines}"
KB_PROBLEM_LINE = "· {file} 第 {line} 行，{field}：{message}"
KB_PROBLEM_LINE_NO_LINE = "· {file}，{field}：{message}"
KB_PROBLEM_WHOLE = "知识库整体"
"""Stands for the file name when a problem concerns the knowledge folder as a whole."""
KB_PROBLEM_NO_FIELD = "文件格式"
KB_PROBLEMS_MORE = "……另有 {count} 处问题未列出。"
# The loader's messages (knowledge/loader.py, pydantic) in Chinese, by a part of the English
# text; the English follows in brackets, as it names the exact value concerned.
KB_PROBLEM_MESSAGES: tuple[tuple[str, str], ...] = (
    ("Field required", "缺少此项"),
    ("Extra inputs are not permitted", "不认识的字段"),
    ("invalid YAML", "YAML 格式有误"),
    ("not UTF-8", "不是 UTF-8 编码的文本"),
    ("expected a mapping", "文件应由“字段: 内容”组成"),
    ("differs from file name", "条目编号与文件名不一致"),
    (
        "last line must say how to get human help",
        "答复的最后一行须写明求助途径（12348、法律顾问或 110）",
    ),
    ("unknown placeholder", "答复中有未知的占位符"),
    ("characters, at most", "答复过长"),
    ("no item", "所列相关条目不存在"),
    ("duplicate", "条目编号重复"),
    ("required topic", "必备主题缺少条目"),
    ("unknown '", "所写的值不存在"),
    ("should have at least", "项数或字数不足"),
    ("should match pattern", "格式不符合要求（小写字母、数字和连字符）"),
    ("valid date", "日期应写为 YYYY-MM-DD"),
    ("blank entry", "有空白项"),
    ("answer is empty", "答复为空"),
    ("no *.yaml knowledge files", "没有任何条目文件"),
)
KB_REJECT_REASONS: dict[str, str] = {
    "not_item_file": "只能发送知识条目文件（.yaml）或其 zip 压缩包。知识库未作改动。",
    "bad_name": (
        "文件名“{name}”不符合要求，应为“条目编号.yaml”（如 divorce.yaml）。知识库未作改动。"
    ),
    "too_large": "文件过大（上限 2 MB）。知识库未作改动。",
    "bad_zip": "无法解开压缩包“{name}”。知识库未作改动。",
    "empty_zip": "压缩包“{name}”中没有 .yaml 条目文件。知识库未作改动。",
    "unchanged": "发送的内容与现有条目完全相同，知识库未作改动。",
}
KB_DOWNLOAD_FAILED = "文件未能接收，请稍后重新发送。知识库未作改动。"
KB_GAPS_EMPTY = "近90天内没有尚未解答、且有两位以上居民问过的问题。"
KB_GAPS_HEADER = (
    "<b>尚未解答的问题</b>（近90天，两位以上居民问过，个人信息已隐去）\n"
    "点击编号，可将该问题补充为某个条目的示例问法："
)
KB_GAP_LINE = "{number}. {text}（{count} 次，{residents} 位居民）"
KB_GAP_BUTTON = "补充第 {number} 条"
KB_GAP_PICK = "将“{text}”补充为哪个条目的示例问法？"
KB_GAP_NO_CANDIDATES = (
    "“{text}”与现有条目都不相近，请新增条目：用 /kb export 导出，编写新的 .yaml 文件后发回。"
)
KB_GAP_ATTACHED = "已将“{text}”补充为条目“{title}”（{item}）的示例问法，即时生效。"
KB_GAP_ANSWERED_NOW = "居民再问这个问题，将直接得到该条目的解答。"
KB_GAP_NOT_YET = "该问题目前仍不能直接解答，可在条目中再补充关键词或示例问法。"
KB_GAP_ALREADY = "该条目已有这一示例问法。"
KB_GAP_STALE = "该问题已不在未解答列表中，请重新发送 /kb gaps 查看。"
KB_GAP_NOT_CANDIDATE = "只能补充到列出的条目，请重新发送 /kb gaps。"
KB_LOG_EMPTY = "知识库尚无修改记录。"
KB_LOG_HEADER = "<b>知识库修改记录</b>（最近 {count} 条）"
KB_LOG_LINE = "{time}　工作人员 {staff}　{what}"
