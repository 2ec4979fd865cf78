"""What the bot says for online 普法: quizzes, the weekly leaderboard and the daily check-in.

Values are Telegram HTML unless the name ends in ``_PLAIN``; placeholders use ``str.format``.
"""

from __future__ import annotations

# --- quizzes (/quiz) -------------------------------------------------------------------------
QUIZ_UNAVAILABLE = "普法题库暂未开放，请稍后再试。"
QUIZ_START = (
    "<b>普法知识竞答</b>\n"
    "本轮共 {total} 题。请直接点选每道题的选项作答，选定后显示正确答案和法律依据，"
    "并自动出下一题。"
)
# The poll's question (plain text, at most 300 characters): its place in the series first.
QUIZ_QUESTION_PLAIN = "（{position}/{total}）{question}"
QUIZ_RESULT = "<b>本轮竞答结束</b>\n共 {total} 题，答对 {score} 题。"
QUIZ_ALL_RIGHT = "全部答对，继续保持！"
QUIZ_REVIEW = "答错的题目涉及以下内容，点击可查看详细解答："
QUIZ_BOARD_HINT = "发送 /board 查看本周排行榜（以昵称参加，自愿）。"
# Typed text that looks like an answer while a quiz question waits.
QUIZ_TYPED = "请直接点选上方题目中的选项作答，输入的文字不计分。"
# 下一题 / 跳过 / 不玩了 typed while a quiz question waits.
QUIZ_WORDS_HINT = (
    "本轮竞答的题目在上方：点选选项作答后，会自动出下一题。"
    "不想答了不用理会，需要时发送 /quiz 重新开始。"
)
BUTTON_QUIZ_AGAIN = "再答一轮"
BUTTON_QUIZ_BOARD = "本周排行榜"

# --- the weekly leaderboard (/board, /nickname) ------------------------------------------------
BOARD_TITLE = "<b>本周普法竞答排行榜</b>（{start} 起）"
BOARD_ROW = "{rank}. {nickname}　{score} 分（{series} 轮）"
BOARD_EMPTY = "本周暂无上榜记录。"
BOARD_YOU = "您的昵称：{nickname}。发送「/nickname 退出」可退出排行榜并删除昵称。"
BOARD_JOIN = (
    "排行榜只显示昵称，自愿参加。发送「/nickname 昵称」参加，例如：/nickname 学法小能手"
    "（请勿使用真实姓名）。"
)
NICKNAME_SET = (
    "昵称已设置为「{nickname}」，本周竞答得分将以该昵称参加排行榜。"
    "发送「/nickname 退出」可随时退出。"
)
NICKNAME_INVALID = (
    "昵称须为 2 至 12 个汉字、字母或数字，请勿使用真实姓名。例如：/nickname 学法小能手"
)
NICKNAME_TAKEN = "该昵称已被其他居民使用，请换一个。"
NICKNAME_LEFT = "已退出排行榜，您的昵称已删除。"
NICKNAME_NONE = "您尚未参加排行榜。"
NICKNAME_LEAVE_WORDS = frozenset({"退出", "删除", "取消"})

# --- the daily check-in (/checkin) -------------------------------------------------------------
CHECKIN_CARD = "<b>今日普法打卡</b>（{date}）\n\n<b>{title}</b>\n{point}\n\n{status}"
CHECKIN_NEW = "打卡成功！已连续打卡 {streak} 天，累计 {total} 天。"
CHECKIN_AGAIN = "您今天已经打过卡了：已连续打卡 {streak} 天，累计 {total} 天。明天再来！"
CHECKIN_REMINDER_ON = "每日提醒：{time}"
BUTTON_CHECKIN_MORE = "查看详细解答"
BUTTON_CHECKIN = "今日打卡"
BUTTON_REMIND = "设置每日提醒"
BUTTON_REMIND_CHANGE = "修改提醒时间"
BUTTON_REMIND_OFF = "关闭提醒"
REMIND_ASK = "请选择每天提醒您打卡的时间（北京时间）："
REMIND_SET = "已设置每天 {time} 提醒您普法打卡。如需关闭，发送 /checkin 后点「关闭提醒」。"
REMIND_OFF = "每日打卡提醒已关闭。"
REMIND_NONE = "您没有设置每日提醒。"
REMIND_TEXT = "今天还没有普法打卡。点下方按钮或发送 /checkin，学习今日普法知识。"
