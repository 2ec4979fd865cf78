"""Which consultations are urgent: a short, reviewable list of patterns, kept in one place.

Descriptions are first brought to the canonical form questions are searched in
(``knowledge.normalize.Analyzer``: traditional → simplified, dialect → Mandarin, known typos
fixed; 「俺男人打俺」 reads 「我男人打我」), one clause at a time, so that a pattern never spans
two clauses. A match raises a consultation's priority (its advisers see it flagged, the duty
advisers get a copy at once, and the resident sees the emergency numbers), so the list favours
recall, with one exception: a danger named only to be denied is not urgent. A match right after
a negation in the same clause (「没有家暴」, 「从来没打过我」, 「没被拘留」, 「房东没赶我走」)
does not count; any other mention still does (「没有家暴，但他威胁要砍我」 is urgent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.services.urgency_deadlines import deadline_near, deadline_passed
from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer

__all__ = ["URGENCY_RULES", "UrgencyRule", "detect_urgency", "urgency_kinds"]


@dataclass(frozen=True, slots=True)
class UrgencyRule:
    """Text is urgent for ``reason`` when one of ``any_of`` matches, not negated.

    ``any_of`` and ``also`` are regular expressions over canonical text (simplified Chinese,
    dialect replaced, no punctuation). With ``also``, one of those must match somewhere in
    the text too (the two may stand in different clauses).
    """

    reason: str
    any_of: tuple[str, ...]
    also: tuple[str, ...] = ()
    not_after: str = ""
    """Like a negation, words that cancel a match right after them (「会被拘留几天」)."""
    past_cancels: bool = True
    """Whether a match the sentence dates to the past (「2019年…当时因为他家暴」) is cancelled."""
    not_before: str = ""
    """Words that cancel a match right before them (「拘留过」「打伤了要坐牢吗」)."""
    victims: str = ""
    """With it, ``not_before`` cancels only in a clause that names none of these as hurt
    (「把人打伤了要坐牢吗」 asks about the law; 「他打我犯法吗」 does not)."""
    not_in_clause: str = ""
    """Words that cancel a match anywhere before it in its clause (「要是被拘留了」)."""
    unless: str = ""
    """Words that cancel the rule for the whole text (「工资的事已经解决了」)."""


_PEOPLE = "我|她|他|我们|孩子|女儿|儿子|妻子|丈夫|配偶|老人|我妈|我爸|阿妈|阿爸|老婆|媳妇|人"
_HIT = "打|揍|抽|踢|踹|掐|砍|捅|扇|砸|勒|烫|锤|捶|削|劈"
_NOT_A_BLOW = (
    "(?:了|过)?(?:我|他|她|我们)?(?:的)?(?:电话|手机|微信|招呼)"
    "|扰|听|折|工|官司|卡|针|车|算|包|条|欠条|借条|收条|款|钱|字|印|分|开|理|扫|球|牌|麻将|游戏"
    "|疫苗|交道|赌|水|饭|烟|查|签|成|奖|血|调|索|令|发|价|伐"
)
"""What follows the verb when it is no blow: 打我电话, 打扰, 打欠条, 打钱, 抽查, 砍价, 勒索…"""
_WEAPONS = (
    "刀|菜刀|剪刀|斧头|棍子|棍|棒子|铁锹|砖头|皮带|锤子|硫酸|汽油|板凳|凳子|擀面杖|扁担|锄头|镰刀"
    "|酒瓶|开水|扫帚|拖把|铁棍|钢管|扳手|鞭子|烟灰缸|水果刀|钳子|铁链|锨|铁锨|镐|耙子|粪叉|叉子|匕首|砍刀"
)
_PARTS = "头|脸|嘴|鼻子|眼睛|眼|牙|腿|胳膊|手|腰|背|肋骨|脑袋"
_KIN = (
    "前夫|前妻|老公|丈夫|妻子|老婆|婆婆|公公|爷爷|奶奶"
    "|姥姥|姥爷|外婆|外公|孩子他|他爸|他妈|她爸|她妈"
)
"""Family members: a child taken by one of them is a custody matter, not a detention."""
_BODY = "身上|头上|脸上|腿上|背上|肚子上|胳膊上|脑袋上"
_VICTIM = "我|我们|孩子|女儿|儿子|妻子|丈夫|配偶|老人|我妈|我爸|全家|家里人"
"""Who is named as the one hurt: without one, 「把人打伤了要坐牢吗」 is a question about the law."""
_LAW_QUESTION = (
    r".{0,8}(?:要坐牢|会坐牢|坐牢吗|判几年|判刑吗|会判|犯法吗|违法吗|犯罪吗|怎么判|判多久"
    r"|拘留多久|会被拘留|要拘留|会被抓|负什么责任|承担什么责任|怎么处罚|证据(?:一般|有哪些|要哪些)"
    r"|一般(?:要|会|怎么)|怎么认定|如何认定|的定义|是指"
    r"|(?:要|需要|有)?(?:什么|哪些)(?:条件|材料|手续)|(?:条件|流程|程序)(?:是什么|有哪些)"
    r"|要赔|赔多少|怎么赔|赔偿多少|正当防卫)"
)

URGENCY_RULES: tuple[UrgencyRule, ...] = (
    # Someone may be hurt: violence, weapons, threats, confinement, self-harm.
    UrgencyRule(
        "personal_safety",
        (
            "(?:家暴|家庭暴力)(?!的(?:证据|定义|认定|标准|界定|范围|构成))"
            # A protection order asked about (「保护令怎么申请」) names no danger by itself.
            r"|保护令(?!的|怎么|如何|需要|要什么|有什么|是什么|能不能|可以吗)|殴打|挨打|毒打|打伤|打骨折|打晕|打(?:进|到|住)了?医院|打住院",
            rf"被.{{0,4}}?(?:{_HIT})(?!{_NOT_A_BLOW})",
            # The agent and the place between (「被几个同学按在厕所里打」): a person's blows (no
            # falling object's 砸), with a result or at the clause's end.
            rf"被.{{5,12}}?(?:打|揍|踢|踹|掐|扇|捅|砍)(?:了|得|伤|成|断|$)(?!{_NOT_A_BLOW})",
            # 叫/让 are passive in 「叫人打了」 but causative in 「让我打钱」: a result must follow.
            rf"(?:叫|让)(?!我).{{0,6}}?(?:{_HIT})(?:了|得|伤|成|断|死)",
            # 「打人」 but not the question about it: 「打人一般会被拘留几天」「打人犯法吗」.
            rf"(?:{_HIT})(?:了|过|着)?(?:{_PEOPLE})(?<!人)(?!{_NOT_A_BLOW})"
            rf"|(?:{_HIT})(?:了|过)?人(?!工|.{{0,4}}(?:会|犯法|违法|处罚|拘留|判|算|赔))",
            rf"(?:{_HIT}|挠|抓)(?:得|的).{{0,4}}(?:住院|骨折|流血|出血|是血|伤|青|肿|晕|不能动|站不起来)",
            rf"把(?:{_PEOPLE})(?:的)?(?:{_PARTS})?(?:给)?(?:{_HIT})",
            # The wound said of the body part: 「脸都打肿了」「头打破了」「满脸是血」.
            rf"(?:{_PARTS})(?:都|也|给|被)?(?:{_HIT})(?:破|肿|伤|出血|青|紫|断|裂)"
            r"|满脸是血|满头是血|头破血流|浑身是伤|满身是伤",
            r"(?:揪|扯|拽|薅)(?:着|住)?(?:我|她|他|孩子)?(?:的)?头发|往外拖|围殴|群殴|围攻|围着打"
            r"|堵在.{0,6}不让(?:我|我们|他|她)?(?:走|出)|拐走|拐跑"
            r"|(?:发|曝)(?:了)?(?:我|我家|我们家)(?:的)?(?:住址|地址)|上门(?:弄|打|砍|收拾)(?:我|你|他|她)",
            rf"把(?:{_PEOPLE}).{{1,8}}(?:打|揍|踢|踹)(?:了|一顿)?$|堵在.{{0,6}}(?:{_HIT})",
            r"往(?:墙|地|桌子?|门)上(?:撞|磕|摔)|推下(?:去|来)|从楼上(?:推|扔)|蹲(?:我|她|他)(?!们)"
            r"|蹲守|守在我家",
            # Smashing up the home or the shop is an attack on those in it.
            r"(?:把|将)(?:我|我们)(?:家|店|屋)(?:里)?(?:的)?.{0,4}(?:全|都)?砸(?:了|烂|坏|碎)",
            r"动(?:了|过)?手(?!术|续|机)|动刀|动粗|动武|下狠手|下死手|推倒|推搡|掐脖子"
            r"|推(?:了)?(?:我|她|他|人)?(?:一把|一下|倒|在地|到地上|下(?:了)?(?:台阶|楼|水|河|沟))"
            # A bare push closing its clause (「老是推他、骂他」), a body held down.
            r"|推(?:了)?(?:我|她|他|孩子)$|(?:按|摁|压|踩)(?:倒|在|到)(?:了)?(?:地上|地下|墙上|地)"
            r"|往(?:我|她|他|孩子)?身上(?:砸|打|踹|泼|扔|抽)|(?:抡|举)(?:起|着)?.{0,3}(?:凳|椅|棍|棒|拳|酒瓶|砖|刀|锹|巴掌|皮带)"
            rf"|往(?:我|她|他|孩子)?(?:的)?(?:{_BODY})(?:砸|打|踹|泼|扔|抽|招呼|抡|摔|捅|砍)"
            r"|(?:抡|举|抄|操)(?:起|着)(?:了)?.{0,4}(?:就|往|朝|向|打|砸)"
            r"|往死里|遍体鳞伤|身上都是伤|身上.{0,5}淤青|青一块紫一块|鼻青脸肿"
            r"|不给(?:他|她|我|孩子|老人)?饭吃",
            rf"拿(?:着|起|了)?(?:{_WEAPONS})|持刀|泼(?:我|她|他|你)?(?:硫酸|汽油|开水)"
            r"|追着(?:我|她|他|孩子)?(?:打|砍|揍|捅)|(?:被|叫).{0,4}堵在",
            r"弄死|打死|砍死|杀了|杀我|要杀|杀人|灭口|打断.{0,2}(?:腿|手)|要砍|要我的命"
            r"|整死|劈死|捅死|掐死|烧死|毒死|杀死|废了|弄残|打残|打废|活埋"
            # Any blow to death, said of a person: 「说要拍死我」「摔死你」.
            rf"|(?:{_HIT}|拍|摔|揍|淹|闷)死(?:我|你|他|她|我们|孩子|全家|人)"
            r"|(?:让|要|叫)(?:我|你|他|她)(?:去)?死|卸(?:我|你|他|她)?.{0,3}(?:胳膊|腿|手|条)"
            # A child or a woman to be sold: 「要把孩子抱走卖掉」.
            r"|(?:抱走|带走|抢走|偷走|拐).{0,3}卖|卖(?:掉|了)(?:我|我家|我们家)?(?:的)?(?:孩子|女儿|儿子)"
            r"|(?:一把火|放火|纵火)|烧了(?:我|你|他|她)?家|见.{0,2}一次打一次"
            rf"|(?:找|叫|喊)(?:几个)?人(?:来)?(?:弄|收拾|教训|打|砍|修理)(?!{_NOT_A_BLOW})"
            r"|知道.{0,6}在哪(?:上学|上班|住|读书)|知道(?:我|我家|她|他|孩子)(?:家)?(?:住(?:在)?哪|住址|在哪住)|(?:要|想|会|说)(?:沙|刹|煞)(?:了|死)?(?:我|你|他|她|全家)"
            r"|家(?:报|豹|抱)(?:我|她|他|孩子)|施暴|暴打",
            # Threats; not an employer's or a debtor's ("威胁我不签就不发工资").
            r"威胁(?!.{0,8}(?:辞退|开除|不发|扣|起诉|告我|曝光|罚|离职))|恐吓|扬言|报复|下手"
            r"|泼(?:油漆|粪|大粪|汽油)|走着瞧|等着瞧|不得安宁|不得好死|(?:晚上|明天|回头)带(?:人|几个人)(?:来|过来)",
            # Harm to come, said of a person: 「说晚上来收拾我」「还要打她」.
            rf"(?:要|来|去|再|还)(?:{_HIT}|收拾|弄死|教训|修理|害)(?:了)?(?:我|我们|她|他|孩子|全家)(?!{_NOT_A_BLOW})",
            r"不会放过|饶不了|(?:要|让|叫|给)(?:我|我们)好看|吃不了兜着走|出不了(?:这个)?(?:村|门)"
            r"|别想(?:出门|走|离开|出这个门)|(?:家|门)口守着|推(?:到|出)(?:了)?(?:门外|外面)",
            r"锁在.{0,3}(?:屋|家|房|里)|关在(?:屋|家|房|宿舍|厂|仓库|地下室|车)|不让.{0,2}(?:出门|出去|回家(?!住|过年))"
            r"|(?<!会不会)(?<!是否)(?<!能不能)限制(?:了)?(?:我的|他的|她的)?(?:人身)?自由|同归于尽|一起死|(?:开|打开)(?:了)?煤气|煤气打开"
            r"|限制人身自由|囚禁|绑架|绑走|劫持|赎金|拐卖|跟踪|堵我|尾随"
            r"|(?:天天|一直|老是|偷偷)跟着我(?!住|过|生活|一起|干|学|打工|做)"
            # Held somewhere: 「被关着」, lured abroad by a scam gang.
            r"|被关着|关着不让"
            r"|(?:看着|看住|盯着|扣着|关着)(?:她|他|我|我们|人)?不让(?:她|他|我|我们)?(?:走|出|离开|回)|扣着.{0,8}不让(?:我|我们|他|她|他们)?(?:走|离开)"
            r"|被.{1,5}?(?:关起来|锁起来)|被.{0,4}控制(?:着|住|了)"
            # Papers taken to keep someone from leaving: 「扣着我的身份证不让我走」.
            r"|(?:扣|扣押|收|收走|拿走)(?:了|着)?(?:我|我们)?(?:的)?(?:身份证|护照|证件)"
            r".{0,6}不让(?:我|我们)?(?:走|离开|出)|(?:骗|卖|拐)(?:去|到)(?:了)?(?:缅甸|柬埔寨|老挝|境外|国外)",
            r"躲(?:在|到|进)|躲着(?!他|她|你|人|我们)|不敢(?:回家|在家|回去|出门|下楼|出去)"
            r"|(?:我|我们)?家(?:门口|楼下|附近|院外)(?:转悠|转来转去|徘徊|晃悠|晃来晃去|蹲着|守着)|不让我好过|摔东西",
            # Someone breaking in: 「我老公在踹门」「正在砸我家的门」「门快顶不住了」.
            r"(?:在|正在|还在|一直|拼命)(?:砸|踹|撞|踢|劈|砍|拍)(?:我家|我们家|我)?(?:的)?(?:门|窗户?)|顶不住",
            r"强奸|性侵|猥亵|虐待",
            r"自杀|轻生|(?:要|想|闹着|准备)喝药|服毒|不想活|活不下去|活着没意思|想死|寻死|跳楼|跳河|跳井|喝农药|上吊|割腕"
            r"|安眠药|一了百了|(?:吃|喝|吞)了?(?:一整?瓶|整瓶|一大把|很多|大量)(?:的)?(?:药|农药)"
            r"|不活了|活着(?:好|太|真)?累|我(?:实在|真的)?撑不下去|寻短见|想不开|结束(?:自己的)?生命"
            r"|跳下去|割(?:了)?(?:手腕|腕|脉)|遗书|自残|活够了|活腻了|不想拖累"
            r"|(?:喝|吃|吞|买)(?:了)?(?:一?瓶)?(?:敌敌畏|百草枯|老鼠药|耗子药|除草剂|杀虫剂)",
        ),
        not_before=_LAW_QUESTION,
        victims=_VICTIM,
        # An animal hurt or killed (「狗被邻居下药毒死了」) is no person in danger.
        not_in_clause=r"(?:猫|狗|鸡|鸭|鹅|鱼|牛|羊|猪|兔|鸽子)(?:都|也)?(?:被|叫|让|给)"
        # What happened to others on a screen: 「在电视上看到有人被家暴」.
        r"|(?:电视|新闻|视频|电影|电视剧|小说|网上|朋友圈)(?:上|里|中)"
        # A scuffle the resident's side took part in (「酒后跟人推搡了几下」) is a matter of
        # penalties, not of someone in danger.
        r"|(?:跟|和|与)(?:别)?人(?:吵架|吵|起了?冲突|发生了?(?:口角|冲突))?",
        # Someone who changed (「现在他已经改了」) is no danger now.
        unless=r"(?:已经|都|早就)改(?:好)?了|改好了",
    ),
    # Someone is held: detention and arrest have short legal deadlines.
    UrgencyRule(
        "detention",
        (
            r"拘留(?!所的)|刑拘|羁押|逮捕|批捕|看守所(?!的)|关押|(?:给|被|叫)拘|拘(?:了|走|起来)|(?:抓|逮)起来",
            r"(?:被|叫|让)(?:抓|逮|带走|扣押|关起来|关进)|带到(?:了)?(?:派出所|公安局|警局)",
            r"抓走|逮走|被抓",
            # An agent between (「被公安抓了」「被派出所的人逮走」); not an animal's scratch.
            r"被(?!猫|狗|鸡|鹅).{1,5}?(?:抓|逮)(?:了|走|起来|进去)",
            r"(?:警察|警方|公安|派出所|民警|刑警|检察院|便衣|差人).{0,10}(?:带走|带去|带回|抓|逮|扣|(?<!机)关|拉走|拉了|铐)",
            r"拘捕|(?:扣|关|押)在(?:了)?(?:派出所|公安局|警局|看守所|拘留所)",
            rf"(?:没|还没|不)(?:有)?(?:被)?放(?:回来|出来|人)|(?:被|遭)(?!(?:{_KIN}))(?:.{{0,6}})(?:弄起走|带走|抓走)",
            r"(?:传唤|传讯|带走|叫走).{0,8}(?:没回来|没出来|没放|没消息|联系不上)",
        ),
        not_after=r"(?:会|会不会|是否会|怕|担心|可能)被?"
        # The one who wronged us was caught (「骗子已经被抓了」): no one of ours is held.
        r"|(?:骗子|小偷|嫌疑人|凶手|肇事者|肇事司机|罪犯|犯罪分子|歹徒|打人的|撞人的|对方)"
        r"(?:的人)?(?:已经|都|也|终于|已)?(?:被)?",
        not_before=r"留?过(?!来|去|了?(?:一|两|三|几)?(?:天|夜))|.{0,6}(?:放出来|放了|释放|出来了|回来了)"
        r"|留?会(?!见)|.{0,4}(?:有什么区别|的区别|什么意思|的定义)",
        not_in_clause=r"如果|要是|假如|假设|万一|一般|通常|是否|的话|早就|早已",
        # A caller claiming an arrest to get money is the scam the resident asks about.
        unless=r"是不是(?:骗子|诈骗|骗局|骗人)|是骗子吗|诈骗电话|骗子吧"
        # Released already (「现在已经出来了」; not 「还没放出来」).
        r"|(?:已经|都|早就|已)(?:被)?(?:放出来|出来|释放|放回来|回来|回家)(?:了)?",
    ),
    # A deadline is close: hearings, limitation periods, appeal terms.
    UrgencyRule(
        "deadline",
        (
            r"(?:今天|明天|明早|后天|马上|这两天|(?:下|这|本)(?:个)?(?:周|礼拜|星期).?|周[一二三四五六日]|星期.|礼拜.)"
            r".{0,8}(?:开庭|截止|到期|过期)",
            r"开庭.{0,6}(?:今天|明天|后天|马上)",
            r"(?:时效|期限|上诉期|起诉期|申请期|复议期).{0,3}(?:快|就要|马上|只剩|还剩)",
            r"最后一天|最后期限|截止日期|截止时间|最后(?:[一两三1-3]|几)天",
            r"(?:不到|只剩|还剩|还有)(?:[一两三四五1-5]|几)(?:天|周|个星期|日)(?:就|时间)?(?:满|到期|截止|过期|开庭)"
            r"|(?:时效|期限|上诉期|起诉期|仲裁).{0,6}(?:不到|只剩|还剩|就剩|仅剩|只有)(?:最后)?(?:[一两三四五1-5]|几)(?:天|周|个星期)",
            r"(?:答辩期|举证期|上诉期|起诉期|复议期|时效|期限).{0,6}(?:今天|明天|后天|这两天|马上|就要|快要)"
            r"(?:就)?(?:到|满|过|截止)",
            r"(?:[一二三四五六七1-7]|几)(?:天|日)内.{0,6}(?:交|缴|上诉|答辩|举证|提交|起诉|申请)",
        ),
        past_cancels=False,
    ),
    # A limitation period about to run out, said as the time elapsed (「下周就满一年了」):
    # only with a period named (「申请有期限」); a year in a job is no deadline.
    UrgencyRule(
        "deadline",
        (
            r"(?:就|快|马上|就要|快要)(?:要)?(?:满|到)(?:了)?(?:[一两二三六1-36]|半|几)(?:年|个月)"
            r"|(?:[一两二三六1-36]|半|几)(?:年|个月)(?:就|快|马上)(?:要)?(?:满|到)了",
        ),
        also=(r"期限|时效|申请期|仲裁期|上诉期|起诉期|复议期",),
        past_cancels=False,
    ),
    # Unpaid wages before the New Year holidays: migrant workers need them paid now.
    UrgencyRule(
        "wages_before_holiday",
        (
            # Not last year's (「去年过年前的工资」): that is an old debt.
            r"(?<!去年)(?<!前年)(?:春节|过年)|(?<![去前])(?<!去年)(?<!前年)年底"
            r"|(?<![一二三四五六七八九十两几多0-9去前今明])(?<!去年过)(?<!前年过)年前"
            r"|年关|(?<!去年春)(?<!前年春)节前|腊月|年根|年跟前|年跟儿|快过年|过完年"
            r"|回家(?:的)?(?:车票|路费)",
        ),
        also=(
            r"工资|工钱|欠薪|讨薪|薪水|血汗钱|劳务费|结账|工头|工人|工友|民工",
            r"(?:工作|工地|干了|做工).{0,12}(?:不给|没给|不发|没发|一分钱|没见)",
            r"一个子儿|分文未|一分(?:钱)?(?:也|都)?没",
            # The pay promised in one sum, the boss gone: 「说等腊月底一块结，现在人跑了」.
            r"(?:一块|一起|一次性|统一)(?:结|算|给|发)|老板.{0,12}(?:跑了|跑路|不见了|联系不上)",
        ),
        past_cancels=False,
        unless=r"已经解决|解决了|(?:已经|都)(?:发|给|结|付|拿到)(?:了|清)"
        # The festival months away (「现在才八月份」): the pay is owed, the holiday is not near.
        r"|(?:现在|目前|今天)(?:才|是|刚)(?:[一二三四五六七八九]|[1-9])月"
        r"|还没(?:到)?(?:年底|过年|春节|腊月)|离(?:过年|春节|年底)还(?:早|远|有.{0,3}(?:个月|半年))",
    ),
    # A home is about to be demolished or residents evicted.
    UrgencyRule(
        "eviction",
        (
            r"强拆|强制拆|强行拆|强制搬|赶(?:我|我们)?走"
            r"|(?:赶|撵|轰)(?:了)?(?:我|我们|她|他)?(?:出来|出去|出家门|出门)|(?:撵|轰)(?:了)?(?:我|我们|她|他)走"
            r"|逼(?:我|我们)?搬"
            r"|把.{0,6}(?:房子|房|屋)(?:给)?(?:推|扒)(?:了|掉|平)",
            r"(?:非要|硬要|强行)(?:扒|拆)|扒(?:了|掉)?.{0,4}(?:房|屋)",
            r"断水|断电|断了?.{0,4}水电|停水停电|换了?(?:门)?锁|锁(?:也|都|给|被)*(?:撬了?|换)了"
            r"|扔(?:了)?出来|(?:东西|行李|家具|被褥|衣服|家当)(?:都|全)?(?:被|给)?(?:扔|丢|搬)(?:了)?(?:到|出|在)"
            r"|不让.{0,2}进门|往外(?:搬|扔|丢|拖|清)(?:我|我们)?(?:的)?(?:东西|行李|家具|家当)"
            r"|没地方住|没地方去|没处去|无处可去|无家可归|(?:锁|关|挡|推)在(?:了)?门外",
            r"(?:铲车|挖掘机|推土机).{0,8}(?:拆|推|扒|平|开到|开进|到了?(?:家|门口|村))"
            r"|(?:开来|开进|派|叫来)(?:了)?(?:铲车|挖掘机|推土机)"
            r"|(?:今天|今晚|明天|明早|后天|马上|立刻|这周|本周|下周|下礼拜|下星期|这礼拜|月底|几天|下午|晚上|待会|一会儿).{0,8}(?:拆|搬走|腾房|腾退|推平|清场|交房|走人|搬出去|交钥匙)"
            r"|天内.{0,2}搬|强制清场|强制腾退|推平",
        ),
    ),
)
"""Reasons in priority order; ``detect_urgency`` returns the first that matches."""
_REASONS = tuple(dict.fromkeys(rule.reason for rule in URGENCY_RULES))

_SENTENCE_BREAK = re.compile(r"[。．.！!？?；;\n]+")
_CLAUSE_BREAK = re.compile(r"[，,、：:\s…～~]+")
_PAST = re.compile(
    r"\d{4}年|去年|前年|前几年|前些年|早些年|那几年|小时候|年轻时|[一二三四五六七八九十两几多\d]+年前|当时|当年|那时|那年|早年|曾经"
    r"|(?:^|(?<=[ 我他她们]))之前|(?<![0-9一二三四五六七八九十周天号日月底点时])以前"
    r"|很久以前|好久以前"
)
"""Words that date what follows them in a sentence to the past (「下周三之前」 does not)."""
_PRESENT = re.compile(
    r"现在|目前|如今|今天|昨天|昨晚|前天|刚才|刚刚|最近|这几天|这两天|又|还在|一直|经常|天天|每天"
    r"|总是|老是"
)
"""Words that bring a sentence back to the present after a past date."""
_PAST_AFTER = re.compile(
    r"^(?:这|那|这都|那都)?(?:是|都是)?(?:以前|很久以前|好久以前|去年|前年|早年|过去|几年前|小时候)的事"
    r"|^(?:早就|早已|已经)过去(?:很久|好久|好几年|几年)?了"
)
"""A clause dating what the sentence said before it to the past: 「被打了，以前的事」."""
_HYPOTHETICAL = re.compile(r"(?:如果|假如|假设|万一|(?<![主只还就不])要是|倘若)(?!.{0,6}敢)")
"""Words that make what follows them in a sentence a supposition (「如果对方威胁我，能报警吗」);
not the condition of a threat (「他说我要是敢离婚，就…」, see ``_REPORTED``)."""
_REPORTED = re.compile(r"说|扬言|威胁|放话|撂下话|骂")
"""Words that report someone's speech: a condition after them is a threat's, no supposition."""
_NEGATION = (
    r"(?:(?<!有)没有|(?<!有)没|未|(?<!是)不是|并非|并没有|从未|从没有?|从来没有?|无|(?<![是会能要在])不)"
    r"(?:再|被|人|过|曾|曾经)?(?:动手|动过手|下手|出手|敢)?"
    # What is denied is an intent: 「房东不是要赶我走」.
    r"|(?:不是|并不是|并非)(?:要|想|说要|在)"
)
"""A negation, maybe with a word between it and what it denies (「没人打我」「没被拘留」); not
the second half of an A-not-A question (「是不是」「有没有」 ask, they do not deny)."""


_E_FORMS = ("我男人", "我老汉", "我婆姨", "我娃", "我妈", "我爸", "我家", "把我", "打我", "骂我")
"""Forms of 我 that Shaanxi and Gansu write with 额."""

_DIALECT = {
    "遭": "被",
    "畀": "被",
    "俾": "被",
    "拎住": "拿着",
    "拎着": "拿着",
    "仲": "还",
    "仲裁": "仲裁",
    "上述期": "上诉期",  # the homophone typo, where 上述 cannot be "the above"
    "上述状": "上诉状",  # not the Cantonese 仲 (还): the longer form wins
    "弄起走": "带走",
    "斩": "砍",  # Cantonese
    "巨留": "拘留",  # homophone typos of 拘留 (居留, a residence permit, is a word of its own)
    "句留": "拘留",
    "局留": "拘留",
    "夯": "打",  # Henan, Shandong: 「拿锤子夯俺」
    "公按": "公安",  # homophone typos of the police
    "派处所": "派出所",
    "警查": "警察",
    # Traditional 著 after a verb, which simplification keeps (「拿著刀」 is 「拿着刀」).
    **{f"{verb}著": f"{verb}着" for verb in "拿拎举抄抡追跟关锁扣看盯揪扯拽按堵守"},
    # Shaanxi and Gansu 额 for 我, only where it cannot be 额头 or 金额.
    **{form.replace("我", "额"): form for form in _E_FORMS},
}
"""Dialect forms read for urgency only (retrieval keeps them: 「遭遇」 is no passive there)."""


@cache
def _analyzer() -> Analyzer:
    """The questions' analyzer without synonym expansions (they would shed negations)."""
    lexicon = load_lexicon()
    dialect = {**_DIALECT, **lexicon.dialect}
    return Analyzer(lexicon.model_copy(update={"synonyms": {}, "english": {}, "dialect": dialect}))


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A rule as regular expressions: ``cancelled`` matches the end of what precedes a match."""

    reason: str
    any_of: re.Pattern[str]
    also: re.Pattern[str] | None
    cancelled: re.Pattern[str]
    past_cancels: bool
    not_before: re.Pattern[str] | None
    victims: re.Pattern[str] | None
    not_in_clause: re.Pattern[str] | None
    unless: re.Pattern[str] | None


def _optional(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@cache
def _compiled() -> tuple[_Compiled, ...]:
    return tuple(
        _Compiled(
            rule.reason,
            re.compile("|".join(f"(?:{p})" for p in rule.any_of)),
            re.compile("|".join(f"(?:{p})" for p in rule.also)) if rule.also else None,
            re.compile("(?:" + "|".join(filter(None, (_NEGATION, rule.not_after))) + ")$"),
            rule.past_cancels,
            _optional(rule.not_before),
            _optional(rule.victims),
            _optional(rule.not_in_clause),
            _optional(rule.unless),
        )
        for rule in URGENCY_RULES
    )


def _clauses(texts: tuple[str | None, ...]) -> list[tuple[int, str]]:
    """Return the canonical form of each clause of ``texts``, with the number of its sentence."""
    raw = [
        (number, clause)
        for number, sentence in enumerate(
            sentence for text in texts if text for sentence in _SENTENCE_BREAK.split(text)
        )
        for clause in _CLAUSE_BREAK.split(sentence)
        if clause
    ]
    if not raw:
        return []
    canonical = _analyzer().normalize_many([clause for _, clause in raw])
    return [(number, clause) for (number, _), clause in zip(raw, canonical, strict=True) if clause]


def _in_the_past(before: str) -> bool:
    """Return whether the sentence so far (``before``) dates what comes next to the past."""
    dates = list(_PAST.finditer(before)) + [
        supposed
        for supposed in _HYPOTHETICAL.finditer(before)
        if not _REPORTED.search(before, 0, supposed.start())
    ]
    last = max((date.end() for date in dates), default=-1)
    return last >= 0 and _PRESENT.search(before, last) is None


def _qualified(rule: _Compiled, clause: str, match: re.Match[str]) -> bool:
    """Return whether the clause makes the match hypothetical, general or over."""
    if rule.not_in_clause is not None and rule.not_in_clause.search(clause, 0, match.start()):
        return True
    if rule.not_before is None or not rule.not_before.match(clause, match.end()):
        return False
    return rule.victims is None or not rule.victims.search(clause)


def _affirmed(rule: _Compiled, clauses: list[tuple[int, str]]) -> bool:
    """Return whether the rule matches a clause, other than after a negation or in the past."""
    earlier, sentence = "", -1
    for at, (number, clause) in enumerate(clauses):
        if number != sentence:
            earlier, sentence = "", number
        for match in rule.any_of.finditer(clause):
            before = clause[: match.start()]
            if rule.cancelled.search(before) or _qualified(rule, clause, match):
                continue
            if not rule.past_cancels:
                return True
            if not (_in_the_past(earlier + before) or _dated_after(clauses, at)):
                return True
        earlier += clause + " "
    return False


def _dated_after(clauses: list[tuple[int, str]], at: int) -> bool:
    """Return whether a later clause of the same sentence dates clause ``at`` to the past."""
    sentence = clauses[at][0]
    return any(
        _PAST_AFTER.search(clause) for number, clause in clauses[at + 1 :] if number == sentence
    )


def urgency_kinds(*texts: str | None) -> list[str]:
    """Return every reason the texts are urgent (``URGENCY_RULES`` order), maybe none.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        Reason codes among ``personal_safety``, ``detention``, ``deadline``,
        ``wages_before_holiday`` and ``eviction``; empty when nothing is urgent.
    """
    clauses = _clauses(texts)
    if not clauses:
        return []
    kinds = [
        rule.reason
        for rule in _compiled()
        if _affirmed(rule, clauses)
        and (rule.also is None or any(rule.also.search(clause) for _, clause in clauses))
        and (rule.unless is None or not any(rule.unless.search(clause) for _, clause in clauses))
    ]
    canonical = [clause for _, clause in clauses]  # how the text is built, see there
    if deadline_near(canonical):
        kinds.append("deadline")
    found = set(kinds)  # a reason may have more than one rule
    if deadline_passed(canonical):
        found.discard("deadline")
    return [reason for reason in _REASONS if reason in found]


def detect_urgency(*texts: str | None) -> str | None:
    """Return why the texts are urgent (the first ``URGENCY_RULES`` reason), or ``None``.

    Args:
        *texts: The consultation's summary, the question it came from, ... (``None`` skipped).

    Returns:
        One of ``personal_safety``, ``detention``, ``deadline``, ``wages_before_holiday``,
        ``eviction``, or ``None``.
    """
    kinds = urgency_kinds(*texts)
    return kinds[0] if kinds else None
