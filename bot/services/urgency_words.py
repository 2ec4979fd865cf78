"""The vocabulary the urgency rules are built from: people, blows, weapons, times, questions.

Each constant is a regular-expression alternation over canonical text (see
``bot.services.urgency``), shared by several rules in ``bot.services.urgency_rules``.
"""

from __future__ import annotations

__all__ = [
    "ARMS",
    "BLOW_WORDS",
    "BODY",
    "HARM_TO_COME",
    "HIT",
    "KIN",
    "LAW_QUESTION",
    "LEGAL_MATTER",
    "NOT_AIMED",
    "NOT_A_BLOW",
    "OWNED",
    "PARTS",
    "PEOPLE",
    "PERSON",
    "SOON",
    "THING",
    "THINGS",
    "URGENCY_TERMS",
    "USED_ON_THING",
    "VICTIM",
    "WEAPONS",
]

LEGAL_MATTER = (
    r"开庭|听证|庭审|审理|宣判|法院|法庭|判决|判了|裁定|裁决|仲裁|上诉|上述|起诉|复议|申诉|复核"
    r"|再审|答辩|举证|证据|诉讼|官司|时效|期限|传票|执行|决定书|处罚|告知书|通知书|催告|律师函"
    r"|拆除|拆迁|征收|搬离|腾退|工伤|冷静期|检察|公安|派出所|拘留|取保"
)
"""Words of a legal matter: a close end (截止, 到期) is a legal term only beside one of them,
not a sign-up's or a licence's."""

PEOPLE = "我|她|他|我们|孩子|女儿|儿子|妻子|丈夫|配偶|老人|我妈|我爸|阿妈|阿爸|老婆|媳妇|人"
PERSON = f"{PEOPLE}|妹妹|姐姐|弟弟|哥哥|女朋友|男朋友|母亲|父亲|婆婆|公公"
"""Someone who can be shut away (``PEOPLE`` and more of the family)."""
HIT = "打|揍|抽|踢|踹|掐|砍|捅|扇|砸|勒|烫|锤|捶|削|劈|剁|扎"
NOT_A_BLOW = (
    "(?:了|过)?(?:我|他|她|我们)?(?:的)?(?:电话|手机|微信|招呼)"
    "|扰|听|折|工|官司|卡|针|车|算|包|条|欠条|借条|收条|款|钱|字|印|分|开|理|扫|球|牌|麻将|游戏"
    "|疫苗|交道|赌|水|饭|烟|查|签|成|奖|血|调|索|令|发|价|伐"
)
"""What follows the verb when it is no blow: 打我电话, 打扰, 打欠条, 打钱, 抽查, 砍价, 勒索…"""
NOT_AIMED = (
    "(?:了|过)?(?:个|一个|张|一张|一笔)?"
    "(?:眼色|白眼|媚眼|手势|哈欠|喷嚏|锅|电话|招呼|借条|欠条|收条|款|钱)"
)
"""What is "thrown at" someone without a blow: 朝我扔了个眼色, 往我身上甩锅, 冲他打了个招呼."""
WEAPONS = (
    "刀|枪|菜刀|剪刀|斧头|棍子|棍|棒子|铁锹|砖头|皮带|锤子|硫酸|汽油|板凳|凳子|擀面杖|扁担|锄头|镰刀"
    "|酒瓶|开水|扫帚|拖把|铁棍|钢管|扳手|鞭子|烟灰缸|水果刀|钳子|铁链|锨|铁锨|镐|耙子|粪叉|叉子|匕首|砍刀"
)
THINGS = (
    "(?:热|开|滚|掉下来的|上面的)?(?:石头|石块|石板|油|开水|机器|钢筋|砖|货|箱子|架子|铁|钢|模板"
    "|锅|电|车|树|门|玻璃|蒸汽|火|烟花|鞭炮|狗|猫|马蜂|蜂|缆绳|绳子|绳|钢丝|铁丝|链条|浪|风)"
    "(?![外口里上下前后旁边内])"
)
"""What hurts in an accident: 「被缆绳打伤了腿」 names no one who hit (a place named by it,
「被门外的人打了」, is no thing)."""
THING = f"(?!{THINGS})"
"""After 被/叫/让: the agent is no thing (「叫石头砸伤了脚」「被热油烫伤」「被缆绳打伤」 are
accidents)."""
OWNED = "(?:家)?(?:的)?(?:车|门|窗户?|玻璃|东西|店|房子?|手机|摊子?|墙|院墙)"
"""A thing someone owns, after the person: the blow lands on it (「砸了我家的车」)."""
PARTS = "头|脸|嘴|鼻子|眼睛|眼|牙|腿|胳膊|手|腰|背|肋骨|脑袋"
KIN = (
    "前夫|前妻|老公|丈夫|妻子|老婆|婆婆|公公|爷爷|奶奶"
    "|姥姥|姥爷|外婆|外公|孩子他|他爸|他妈|她爸|她妈"
)
"""Family members: a child taken by one of them is a custody matter, not a detention."""
HARM_TO_COME = (
    "算(?:总)?账|了断|好看|不得安(?:生|宁)|没完|废了|要(?:你|我|他|她)的命"
    "|后悔|弄死|整死|收拾|教训|修理|不好过|不好受"
    "|找(?:我|你|他|她)?(?:的)?(?:孩子|家人|家里人|全家|老婆|老公|儿子|女儿|爸妈|父母|老人)(?:的)?麻烦"
)
"""What a threat announces, after a verb of speech or as a condition's consequence (就…)."""
SOON = "今天|今晚|今夜|明天|明早|明晚|后天|晚上|下午|待会|一会儿|等会|马上|回头"
"""A time soon: what the other party plans for it is about to happen."""
ARMS = "刀|枪|菜刀|砍刀|斧头|棍子?|棒子?|铁棍|钢管|匕首|硫酸|汽油|锤子|铁锹|砖头|家伙|凶器"
"""Weapons someone brings along (not the household things a blow may use, see ``WEAPONS``)."""
TOOL_VERBS = (
    "切|剁|剪|割|劈|砍|削|锯|砸|敲|钉|修|挖|铲|刨|撬|杀|宰|剖"  # cutting, chopping, digging
    "|刮|磨|捶|锤|扫|拖|挑|搅|开|刻|凿|捣|拍"
)
"""What a tool does to a thing (切菜, 劈柴, 砸核桃, 杀鱼): after a weapon held, see
``USED_ON_THING``."""
_ANYONE = (
    f"(?:{PERSON}|你|全家|邻居|对方|别人|他们|她们)"
    f"(?!家|的(?!{PARTS}|衣服|身)|伸|种|养|盖|放|堆|停|院|地|越)"
)
"""Someone as the object of a blow, or their body (我的头发); not the owner of the thing named
next (邻居家的, 我院里)."""
_ON_SOMEONE = rf"(?!{_ANYONE}|(?:{PARTS})|死|伤|残|过来|向|朝|往|对|追)[\u4e00-\u9fff]"
"""What follows the tool's verb when it is used on someone, or hurts them."""
_WEAPON_BEFORE = "|".join(f"(?<={weapon})" for weapon in WEAPONS.split("|"))
USED_ON_THING = (
    # A door or a window struck is an attack on those inside: never a thing.
    r"(?![^，]*?(?:门|窗))"
    rf"(?:(?:{_WEAPON_BEFORE})"
    rf"(?:(?:在|去|来|准备|想)?(?:{TOOL_VERBS})(?:开|下|完|好|碎|断|烂|破|坏|掉)?+(?:了|着)?+"
    rf"{_ON_SOMEONE}"
    # Or the thing before the verb: 「拿菜刀把地里的玉米砍了」, not 「拿刀把他砍伤了」.
    rf"|把(?![^，]{{0,12}}?{_ANYONE}(?:给)?(?:{TOOL_VERBS}))[^，]{{1,12}}?(?:{TOOL_VERBS}))"
    # Or the thing right after a blow with the weapon: 「用锤子砸核桃」, not 「用刀砍我」.
    rf"|(?:{'|'.join(f'(?<={weapon}.)' for weapon in WEAPONS.split('|'))})"
    rf"(?<=[{TOOL_VERBS.replace('|', '')}])(?:了|着)?+{_ON_SOMEONE})"
)
"""Right after a weapon held, its use on a thing (「拿锤子砸核桃」「拿斧头劈柴」「拿刀切菜」):
the tool of a chore, no danger to anyone."""
BODY = "身上|头上|脸上|腿上|背上|肚子上|胳膊上|脑袋上"
VICTIM = "我|我们|孩子|女儿|儿子|妻子|丈夫|配偶|老人|我妈|我爸|全家|家里人"
"""Who is named as the one hurt: without one, 「把人打伤了要坐牢吗」 is a question about the law."""
LAW_QUESTION = (
    r".{0,8}(?:要坐牢|会坐牢|坐牢吗|判几年|判刑吗|会判|犯法吗|违法吗|犯罪吗|怎么判|判多久"
    r"|拘留多久|会被拘留|要拘留|会被抓|负什么责任|承担什么责任|怎么处罚|证据(?:一般|有哪些|要哪些)"
    r"|一般(?:要|会|怎么)|怎么认定|如何认定|的定义|是指"
    r"|(?:要|需要|有)?(?:什么|哪些)(?:条件|材料|手续)|(?:条件|流程|程序)(?:是什么|有哪些)"
    r"|算(?:不算)?(?:是)?(?:家暴|家庭暴力|虐待|违法|犯罪|故意伤害)"
    r"|要赔|赔多少|怎么赔|赔偿多少|正当防卫|了?(?:以后|之后)$|怎么取证|如何取证|(?:怎么|如何)(?:收集|保留|固定)证据|要负责|负责吗|负什么|有没有追究|追究期限|时效)"
)
URGENCY_TERMS = (
    "扔出来",
    "扔出去",
    "换了锁",
    "房东",
    "工资",
    "过年",
    "打人",
)
"""Words the rules build from parts (扔 + 出来) or through a canonical form (老板 reads 单位):
homophone typos of them are fixed before the rules read a text (``urgency_typos``)."""
BLOW_WORDS = "打砍杀刀"
"""The one-character words of harm a hurried pinyin typist most often gets wrong by sound
(达我, 坎死, 沙了, 拿着到): read back where a rule then finds a danger (``urgency_typos``)."""
