"""The urgency rules: what makes a consultation urgent, as reviewable regular expressions.

Read by ``bot.services.urgency``, which brings descriptions to canonical form and applies the
scopes (negation, past, supposition) each rule asks for. The words they are built from (people,
blows, weapons, times soon, questions about the law) are in ``urgency_words``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.urgency_words import (
    ARMS,
    BODY,
    HARM_TO_COME,
    HIT,
    KIN,
    LAW_QUESTION,
    LEGAL_MATTER,
    NOT_A_BLOW,
    NOT_AIMED,
    OWNED,
    PARTS,
    PEOPLE,
    PERSON,
    SOON,
    THING,
    THINGS,
    USED_ON_THING,
    VICTIM,
    WEAPONS,
)

__all__ = ["URGENCY_RULES", "UrgencyRule"]

_CROPS = "苗树草花菜秧稻麦鸡鸭鹅鱼猪羊牛"
"""Plants and stock: burnt or poisoned to death, they are a loss, not a danger to a person."""


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
    used_on: str = ""
    """Words right after a match that name a thing it was used on, which cancel it
    (「拿锤子砸核桃」)."""


URGENCY_RULES: tuple[UrgencyRule, ...] = (
    # Someone may be hurt: violence, weapons, threats, confinement, self-harm.
    UrgencyRule(
        "personal_safety",
        (
            "(?:家暴|家庭暴力)(?!的(?:证据|定义|认定|标准|界定|范围|构成|受害))"
            # A protection order asked about (「保护令怎么申请」) names no danger by itself.
            r"|保护令(?!的|怎么|如何|需要|要什么|有什么|是什么|能不能|可以吗)|殴打|挨打|毒打|打伤|打骨折|打晕|打(?:进|到|住)了?医院|打住院",
            # Not 「被砸伤」 with no one named: a falling object, an accident at work.
            rf"被{THING}(?!砸)(?:.{{0,4}}?)(?:{HIT})(?!{NOT_A_BLOW})",
            # The agent and the place between (「被几个同学按在厕所里打」): a person's blows (no
            # falling object's 砸), with a result or at the clause's end.
            rf"被{THING}.{{5,12}}?(?:打|揍|踢|踹|掐|扇|捅|砍)(?:了|得|伤|成|断|$)(?!{NOT_A_BLOW})",
            # 叫/让 are passive in 「叫人打了」 but causative in 「让我打钱」: a result must follow.
            rf"(?:叫|让)(?!我){THING}.{{0,6}}?(?:{HIT})(?:了|得|伤|成|断|死)",
            # 「打人」 but not the question about it: 「打人一般会被拘留几天」「打人犯法吗」.
            # The blow lands on a person, not on what they own (「砸了我家的车」).
            rf"(?:{HIT})(?:了|过|着)?(?:{PEOPLE})(?<!人)(?!{NOT_A_BLOW}|{OWNED})"
            rf"|(?:{HIT})(?:了|过)?人(?!工|.{{0,4}}(?:会|犯法|违法|处罚|拘留|判|算|赔))",
            rf"(?:{HIT}|挠|抓)(?:得|的).{{0,4}}(?:住院|骨折|流血|出血|是血|伤|青|肿|晕|不能动|站不起来)",
            # Not the resident's own blow: 「我把他打了」.
            rf"(?<!我)把(?:{PEOPLE})(?:的)?(?:{PARTS})?(?:给)?(?:{HIT})",
            # The wound said of the body part: 「脸都打肿了」「头打破了」「满脸是血」.
            rf"(?<![石砖木锄斧码镐])(?:{PARTS})(?:都|也|给|被)?(?:{HIT})(?:破|肿|伤|出血|青|紫|断|裂)"
            r"|满脸是血|满头是血|头破血流|浑身是伤|满身是伤",
            r"(?:揪|扯|拽|薅)(?:着|住)?(?:我|她|他|孩子)?(?:的)?头发|往外拖|围殴|群殴|围攻|围着打"
            r"|堵在.{0,6}不让(?:我|我们|他|她)?(?:走|出)|拐走|拐跑"
            r"|(?:发|曝)(?:了)?(?:我|我家|我们家)(?:的)?(?:住址|地址)|上门(?:弄|打|砍|收拾)(?:我|你|他|她)",
            rf"(?<!我)把(?:{PEOPLE}).{{1,8}}(?:打|揍|踢|踹)(?:了|一顿)?$|堵在.{{0,6}}(?:{HIT})",
            r"往(?:墙|地|桌子?|门)上(?:撞|磕|摔)|推下(?:去|来)|从楼上(?:推|扔)|蹲(?:我|她|他)(?!们)"
            r"|蹲守|守在我家",
            # Smashing up the home or the shop is an attack on those in it.
            r"(?:把|将)(?:我|我们)(?:家|店|屋)(?:里)?(?:的)?.{0,4}(?:全|都)?砸(?:了|烂|坏|碎)"
            r"|(?:我|我们)?(?:家|店|屋)(?:里)?(?:的东西)?(?:都|全)?(?:被|叫|让|给)(?:人)?砸(?:了|烂|坏|碎)"
            # A weapon on the other party (「他有刀」), a child or an elder lost.
            rf"|(?:他|她|对方|他们)(?:手里|身上)?(?:还)?有(?:把)?(?:{ARMS})"
            r"|(?:孩子|女儿|儿子|娃|老人|我爸|我妈)(?:给|被)?(?:弄|走)?丢了$",
            r"动(?:了|过)?手(?!术|续|机)|动刀|动粗|动武|下狠手|下死手|推倒|推搡|掐脖子"
            r"|推(?:了)?(?:我|她|他|人)?(?:一把|一下|倒|在地|到地上|下(?:了)?(?:台阶|楼|水|河|沟))"
            # A bare push closing its clause (「老是推他、骂他」), a body held down.
            # A blow again, its victim named before (「前几年打过我，昨天又打了」).
            rf"|(?<=又)(?:{HIT})(?:了)?$"
            # A blow with an instrument: 「用皮带抽的」「拿拳头捶」.
            rf"|用(?:{WEAPONS}|拳头|脚)(?:{HIT})(?!{NOT_A_BLOW})"
            r"|推(?:了)?(?:我|她|他|孩子)$|(?:按|摁|压|踩)(?:倒|在|到|进)(?:了)?(?:地上|地下|墙上|地|水里|水中|水缸|床上)"
            r"|往(?:我|她|他|孩子)?身上(?:砸|打|踹|泼|浇|扔|抽)|(?:抡|举(?!证|报|办|行|例))(?:起|着)?.{0,3}(?:凳|椅|棍|棒|拳|酒瓶|砖|刀|锹|巴掌|皮带)"
            rf"|往(?:我|她|他|孩子)?(?:的)?(?:{BODY})(?:砸|打|踹|泼|扔|抽|招呼|抡|摔|捅|砍)"
            r"|(?:抡|举|抄|操)(?:起|着)(?:了)?.{0,4}(?:就|往|朝|向|打|砸)"
            # A thing thrown or swung at a person: 「抓起暖壶朝我砸过来」「照我头上抡」「冲孩子打」.
            rf"|(?:朝|冲|向|照着?|对着|往)(?:{PEOPLE})(?:的)?(?:{BODY}|{PARTS})?(?:{HIT}|扔|抡|泼)"
            rf"(?!{NOT_A_BLOW}|{NOT_AIMED})"
            r"|往死里|遍体鳞伤|身上都是伤|身上.{0,5}淤青|青一块紫一块|鼻青脸肿"
            r"|不给(?:他|她|我|孩子|老人|我(?:奶奶|爷爷|公公|婆婆|爸|妈|外婆|外公))?饭吃",
            rf"(?:拿|持|提|攥|握|端|揣|抄)(?:着|起|了)?(?:一把|一根|把|根)?(?:{WEAPONS})(?!证|许可|执照)|(?:泼|浇)(?:了)?(?:我|她|他|你)?(?:一身)?(?:硫酸|汽油|开水)"
            # A child or an elder abandoned (「把孩子扔在雪地里」), stones thrown at the home, a car
            # driven at someone, harm made the condition of a demand (「不开门就砸」).
            r"|把(?:孩子|老人|我妈|我爸|女儿|儿子).{0,2}(?:扔|丢)(?:在|到)(?:了)?"
            r"|(?:扔|砸)(?:了)?(?:石头|砖头|砖块)|(?:要|想|故意|扬言)(?:开车|骑车)?撞(?:死)?(?:我|她|他|孩子|人)"
            rf"|(?<!小)不(?!小心).{{1,6}}就(?:要)?(?:{HIT}|杀|弄死|烧|收拾|泼)(?!碎|坏|烂|了(?:杯|碗|盘|东西))"
            r"|点火|放把火"
            # Private pictures to be spread as the price of a demand: 「不转钱就把我的裸照发给…」.
            r"|(?:裸照|私密照|不雅(?:照|视频)|隐私(?:照|视频)).{0,6}(?:发给|发到|传到|曝光|公开|散布)"
            r"|追着(?:我|她|他|孩子)?(?:打|砍|揍|捅)|(?:被|叫).{0,4}堵在",
            r"弄死|打死|砍死|杀了|杀我|要杀|杀人|灭口|打断.{0,2}(?:腿|手)|要砍(?!掉|树|价|柴|伐)|要我的命"
            r"|整死|劈死|捅死|掐死|杀死|废了|弄残|打残|打废|活埋"
            # Burnt or poisoned, but not crops or stock: 「庄稼都烧死了」「鸡全毒死了」.
            rf"|(?<!庄稼)(?<!庄稼都)(?<!庄稼全)(?<![{_CROPS}])(?<![{_CROPS}][都全也])(?:烧死|毒死)"
            # Any blow to death, said of a person: 「说要拍死我」「摔死你」.
            rf"|(?:{HIT}|拍|摔|揍|淹|闷)死(?:我|你|他|她|我们|孩子|全家|人)"
            r"|(?:让|要|叫)(?:我|你|他|她)(?:去)?死|卸(?:我|你|他|她)?.{0,3}(?:胳膊|腿|手|条)"
            # A child or a woman to be sold: 「要把孩子抱走卖掉」.
            r"|(?:抱走|带走|抢走|偷走|拐).{0,3}卖"
            r"|(?:带|抱|拐|弄)(?:走)?(?:她|他|孩子|女儿|儿子|人)?(?:去|到).{0,4}卖(?:掉|了)?$|卖(?:掉|了)(?:我|我家|我们家)?(?:的)?(?:孩子|女儿|儿子)"
            # A child carried off by someone not of the family: 「孩子被抱走了，不知道是谁」.
            rf"|(?:孩子|女儿|儿子|娃)被(?!(?:{KIN})).{{0,4}}?(?:抱走|抢走)"
            r"|(?:一把火|放火|纵火)(?!烧荒|烧秸秆)|烧了(?:我|你|他|她)?家(?!的?(?:林|地|田|庄稼|麦|草|柴|车))|见.{0,2}一次打一次"
            rf"|(?:找|叫|喊)(?:几个)?人(?:来)?(?:弄|收拾|教训|打|砍|修理)(?!{NOT_A_BLOW})"
            r"|知道.{0,6}在哪(?:个|所|家)?(?:学校|单位|公司|厂)?(?:上学|上班|工作|住|读书)|知道(?:我|我家|她|他|孩子)(?:家)?(?:住(?:在)?哪|住址|在哪住)|(?:要|想|会|说)(?:沙|刹|煞)(?:了|死)?(?:我|你|他|她|全家)"
            r"|家(?:报|豹|抱)(?:我|她|他|孩子)|施暴|暴打",
            # Threats; not an employer's or a debtor's ("威胁我不签就不发工资").
            r"威胁(?!.{0,8}(?:辞退|开除|不发|扣|起诉|告我|曝光|罚|离职))|恐吓|扬言|报复|下手"
            r"|泼(?:了)?(?:红)?(?:油漆|漆|粪|大粪|汽油)|用(?:红)?(?:油漆|漆|粪|大粪|汽油)泼|走着瞧|等着瞧|不得安宁|不得安生|不得好死",
            # Harm to come, said of a person: 「说晚上来收拾我」「还要打她」.
            rf"(?:要|来|去|再|还)(?:{HIT}|收拾|弄死|教训|修理|害|弄|泼|搞)(?:了)?(?:我们|我|她|他|孩子|全家)(?!{NOT_A_BLOW}|们?的)",
            # A threat as speech announcing harm to come (「说今晚要来找我算总账」), or as the
            # consequence of a condition (「说只要我敢报警，就找我算总账」).
            rf"(?:说|扬言|放话|撂下话|威胁|发话)\S{{0,14}}?(?:{HARM_TO_COME})|^就\S{{0,8}}?(?:{HARM_TO_COME})"
            # A weapon brought along, people brought at a time soon (「要带刀过来」「明早带人来」).
            rf"|带(?:了|着)(?:家伙|凶器|刀|棍子?)|带(?:了|着|上)?(?:把|根)?(?:{ARMS})(?:来|过来|找|上门|去)"
            rf"|(?:{SOON}).{{0,4}}带(?:人|几个人|一帮人|一伙人)(?:来|过来|上门)"
            # People brought to block the way, the shop or the home to be smashed or burnt.
            r"|带(?:了|着)?(?:[一二三四五六七八九十两几好来\d]+个|一帮|一伙|一群)?人.{0,8}?(?:堵|围)(?!观)"
            r"|(?:要|来|去|再|还)(?:砸|烧)(?:了)?(?:我|我们)?(?:的|家)?(?:店|摊|家|门|铺)(?!面|铺?租|子?租)",
            r"不会放过|饶不了|(?:跟|和|找)(?:我|你|他|她)(?:们)?拼命|(?:就|要|会)对(?:我|你|他|她|孩子)(?:们)?(?:全家)?不客气(?!地)|(?:要|让|叫|给)(?:我|我们|你|你们|她|他)?(?:全家|一家|家里人?)?好看"
            r"|(?:跟|和|找|同)(?:我|你|她|他)(?:做|来)?(?:个)?了断|吃不了兜着走|出不了(?:这个)?(?:村|门)"
            r"|别想(?:出|走|离开|跑)|(?:家|门)口守着|推(?:到|出)(?:了)?(?:门外|外面)"
            # Whoever stands in the way is hurt (「谁拦就打谁」), or met with 就不客气; a weapon
            # shown (「把刀往桌上一插」「掏出一把刀」).
            rf"|谁.{{1,4}}就(?:要)?(?:{HIT}|收拾|弄死|砍死|打死)谁|就(?:要|会)?不客气(?!地)"
            rf"|把(?:{ARMS}).{{0,6}}(?:一插|一拍|一扔|拍在|插在|扔在)|(?:亮|掏)出(?:了)?(?:一把|一根)?(?:{ARMS})",
            # Held somewhere by someone: 「叫人家扣在砖窑厂里」.
            # Not stuck in a lift (an accident, the property manager's).
            r"(?:被|叫|让).{0,4}(?:(?:扣|关|锁|困)(?:在(?!.{0,3}(?:看守所|拘留所|监狱|派出所|电梯))|起来)|(?:关|锁|困)住)"
            r"|被困(?!难|惑|扰|境|住了?手脚|在?电梯)"
            # Surrounded, robbed, stripped, lured away: 「被几个人围在巷子里」「被网友骗去见面」.
            r"|不(?:让|许|准)(?:我|她|他|我们)?报警|(?:被|叫|让).{0,6}扣下(?!.{0,3}(?:工资|钱|押金|证|车))|去赎|赎人|(?:被|叫).{0,6}(?:围住|围在)(?!.{0,2}(?:问|看|聊))|扒光|扒了.{0,3}衣服|衣服(?:都|全)?(?:被|给)?扒(?:了|光)|跑不出来|逃不出来"
            r"|(?:被|叫|让).{0,6}(?:骗|拉|拽|拖|架)上(?:了)?(?:车|船|面包车)"
            r"|(?:被|叫|让).{0,4}骗(?:去|到)(?:了)?(?:外地|外省|国外|境外|见面|传销|.{1,6}(?:窝点|园区|窑|黑厂))"
            r"(?!.{0,2}(?:做生意|投资|买|开店))"
            r"|(?:丈夫|妻子|孩子|儿子|女儿|我爸|我妈|老人|父亲|母亲|弟弟|哥哥|姐姐|妹妹).{0,3}失联(?!.{0,5}年)"
            r"|锁在.{0,3}(?:屋|家|房|里)|(?:锁|关)(?:在)?(?:家|屋|房间|屋子)里|关在(?:.{1,4}?的)?(?:屋|家|房|宿舍|厂|仓库|地下室|车)|不让.{0,2}(?:出门|出去|出来|回家(?!住|过年)|回老家|回来(?!住|过年)|离开(?!.{0,2}(?:公司|单位|岗位|工作|厂)))|反锁"
            r"|(?<!会不会)(?<!是否)(?<!能不能)限制(?:了)?(?:我的|他的|她的)?(?:人身)?自由|同归于尽|一起死|(?:开|打开)(?:了)?煤气|煤气打开"
            # Someone missing: 「放学后就没回家，找遍了也找不到」.
            # Not for years (「失踪五年了，能宣告死亡吗」 asks about the law).
            r"|(?<!宣告)(?:失踪|走失|下落不明|不知去向)(?!.{0,5}年)"
            # Gone from home, not a spouse who left (a matter of the marriage).
            r"|(?<!老婆)(?<!妻子)(?<!丈夫)(?<!老公)(?<!媳妇)离家出走(?!.{0,5}(?:年|月)|.{0,8}(?:离婚|起诉))|找遍了|人找不到"
            # Not a shop or a boss gone (「健身房关门了，老板也找不到人」): a debt, no danger.
            r"|(?<!单位)(?<!单位也)(?<!单位都)(?<!公司)(?<!公司也)(?<!店家)(?<!商家)找不到人"
            r"|(?:到处|四处|哪(?:里|儿)都|怎么也|怎么都)找不(?:到|着|见)(?:她|他|孩子|人)?$"
            r"|不知道(?:人|孩子|她|他)?(?:现在)?在哪(?:里|儿)?$"
            # Someone there, at the clause's end: 「他就在门外」.
            r"|(?:他|她|他们)(?:就|还|正)?在(?:我家)?(?:门外|门口|楼下|窗外)$"
            # Shut in anywhere: 「把我关在阳台上」.
            rf"|(?<!我)把(?:我|她|他)?(?:的)?(?:{PERSON})(?:给)?(?:关|锁|困)(?:在|到|进)(?!.{{0,2}}(?:系统|群|网|平台))"
            # Touched against one's will: 「被补习班老师摸了」.
            r"|(?:被|叫).{1,6}?(?:摸|侵犯)(?:了|过)(?!.{0,3}头)|(?:被|遭).{0,6}性骚扰"
            r"|限制人身自由|囚禁|绑架|绑走|劫持|赎金|拐卖|跟踪|堵(?:我|我们)(?!家)|堵(?:我|我们)家(?:的)?(?:大)?门|尾随"
            r"|(?:天天|一直|老是|偷偷)跟着我(?!住|过|生活|一起|干|学|打工|做)"
            # Held somewhere: 「被关着」, lured abroad by a scam gang.
            r"|被关着|关着不让|想(?:走|跑|回家)(?:都|也)?(?:走|跑|回)不了|(?:走|跑)也(?:走|跑)不了|(?:关|锁|困|扣|控制)(?:着|在|住|起来)?.{0,10}(?:出不来|出不去|走不了|跑不了)"
            r"|(?:看着|看住|盯着|扣着|关着)(?:她|他|我|我们|人)?不让(?:她|他|我|我们)?(?:走|出|离开|回)|(?:扣|关|锁|困|插)(?:着|在|住|了|上).{0,8}不让(?:我|我们|他|她|他们)?(?:走|离开|出)"
            # Shut in: the door locked or bolted from outside.
            r"|从外(?:面|头|边)(?:给)?(?:反锁|锁|插|闩|关)"
            r"|被.{1,5}?(?:关起来|锁起来)|被.{0,4}控制(?:着|住|了)"
            rf"|(?<!我)把(?:我|她|他)?(?:的)?(?:{PERSON})(?:给)?(?:关|锁|绑|捆)起来"
            # Papers taken to keep someone from leaving: 「扣着我的身份证不让我走」.
            r"|(?:扣|扣押|收|收走|拿走)(?:了|着)?(?:我|我们)?(?:的)?(?:身份证|护照|证件)"
            r".{0,6}不让(?:我|我们)?(?:走|离开|出)|(?:骗|卖|拐)(?:去|到)(?:了)?(?:缅甸|柬埔寨|老挝|境外|国外)",
            r"躲(?:在|到|进)|躲着(?!他|她|你|人|我|不(?:见|接|露面|出面|还|给|回|理))|不敢(?:回家|在家|回去|出门|下楼|出去)"
            r"|(?:我|我们)?家(?:门口|楼下|附近|院外)(?:转了|转悠|转来转去|徘徊|晃悠|晃来晃去|蹲着|守着)|不让我好过|摔东西",
            # Someone breaking in: 「我老公在踹门」「正在砸我家的门」「门快顶不住了」.
            r"(?:在|正在|还在|一直|拼命|还|又)(?:来|过来|跑来)?(?:外面|门外|门口|楼下)?(?:砸|踹|撞|踢|劈|砍|拍)(?:我家|我们家|我)?(?:的)?(?:门|窗户?)"
            # The home's door or windows smashed: an attack on those inside (not 「砸了我家的车」).
            r"|砸(?:了|烂|破|坏)(?:我|我们)(?:家)?(?:的)?(?:大门|门|窗户?|玻璃窗)|顶不住"
            r"|(?:砸|踹|撞|劈)(?:我|我们)家(?:的)?(?:大)?(?:门|窗户?)"
            # Broken in, the things smashed: 「几个人冲到我店里」「把东西砸了」.
            r"|冲(?:到|进)(?:了)?(?:我|我们)(?:家|店|屋|宿舍|摊)"
            r"|把(?:家里的|店里的)?(?:东西|家具|门|窗户)(?:都|全)?(?:给)?砸(?:了|烂|坏|碎)"
            # Followed to where one lives or works: 「跟到了我单位」「在小区门口等我」.
            r"|跟(?:到|着我到|踪到)(?:了)?(?:我)?(?:家|单位|公司|学校|小区|宿舍)"
            r"|(?:门口|楼下|单位|公司)(?:等|堵|守)(?:着)?(?:我|她)",
            r"强奸|性侵|猥亵|虐待",
            r"自杀|轻生|(?:要|想|闹着|准备)喝药|服毒|不想活(?!在)|活不下去|活着没意思|想死|寻死|跳楼|跳河|跳井|喝农药|上吊|割腕"
            r"|安眠药|一了百了|(?:吃|喝|吞)了?(?:一整?瓶|整瓶|一大把|很多|大量)(?:的)?(?:药|农药)"
            r"|不活了|活着(?:好|太|真)?累|(?:熬|撑|挺)不下去|一死了之|寻短见|想不开|结束(?:自己的)?生命"
            r"|跳下去|割(?:了)?(?:手腕|腕|脉)|遗书|自残|活够了|活腻了|不想拖累"
            r"|(?:喝|吃|吞|买)(?:了)?.{0,3}(?:敌敌畏|百草枯|老鼠药|耗子药|除草剂|杀虫剂)|(?:喝|吞)(?:了)?.{0,3}农药",
        ),
        # Whether something counts as violence is a question about the law: 「这算不算家暴」.
        # Nor whether one would be charged with it: 「会不会被告虐待」.
        # Nor how to apply for an order (「想问问怎么申请保护令」).
        not_after=r"(?:算不算|算是|算|属不属于|属于|构不构成|构成|被告|告我|(?:怎么|如何|怎样)(?:申请|办理?))",
        not_before=LAW_QUESTION,
        # 「我想知道…」 names the asker, not someone hurt.
        victims=rf"(?:{VICTIM})(?!想|问|觉得|听说|知道|了解)",
        # An animal hurt or killed (「狗被邻居下药毒死了」) is no person in danger.
        # Nor are things (「我的车被人砸了玻璃」).
        not_in_clause=r"(?:猫|狗|鸡|鸭|鹅|鱼|牛|羊|猪|兔|鸽子|车|车窗|玻璃|窗户|房子|手机|摊子|摊位|墙)"
        r"(?:都|也)?(?:被|叫|让|给)"
        # Nor is a thing that hurt someone in an accident (「被缆绳打伤了腿」).
        rf"|(?:被|叫|让){THINGS}(?:给)?(?:{HIT}|缠|卷|刮|撞|夹|压)"
        # (A screen or hearsay scopes the whole sentence, see ``urgency._ELSEWHERE``.)
        r"|正当防卫"
        # A scuffle the resident's side took part in (「酒后跟人推搡了几下」) is a matter of
        # penalties, not of someone in danger.
        r"|(?:跟|和|与)(?:别)?人(?:吵架|吵|起了?冲突|发生了?(?:口角|冲突))?"
        r"|我(?:把|将)(?:人|对方|别人|他|她|孩子)(?!的)|(?:^|是)我(?:也|先|就)?(?:打|揍|踢|踹|扇|推|砍)",
        # Someone who changed (「现在他已经改了」) is no danger now.
        unless=r"(?:已经|都|早就)改(?:好)?了|改好了",
        # A weapon held for a chore (「拿斧头劈柴」) threatens no one.
        used_on=USED_ON_THING,
    ),
    # A child taken or not come home, by someone not of the family (kin taking a child is a
    # matter of custody): 「放贷的人把我儿子从学校门口带走了」「女儿放学到现在都没回家」.
    UrgencyRule(
        "personal_safety",
        (
            r"(?<!我)把(?:我|我们)?(?:的|家)?(?:孩子|女儿|儿子|娃|闺女)(?:从.{1,8}?)?(?:带走|抱走|抢走|拉走|弄走)"
            r"|(?:孩子|女儿|儿子|娃|闺女|老人|我爸|我妈|妹妹|弟弟).{0,10}?"
            r"(?:到现在|一夜|一晚上|一整夜|整夜|[两三几]天)(?:了)?(?:都|也|还)?(?:没|没有)(?:回家|回来|到家)",
        ),
        not_in_clause=r"(?:我|我们)(?:自己)?把",
        unless=rf"{KIN}|女朋友|男朋友|对象",
    ),
    # The other party coming soon, who hurt the resident before: the plan and the past harm
    # together (「他今晚就过来，上回打断了我的腿」「已经在来我家的路上」).
    UrgencyRule(
        "personal_safety",
        (
            rf"(?:{SOON}|周末|周[一二三四五六日]|星期.|礼拜.)(?:就|要|会|还|再)*(?:过来|回来|来|上门|找(?:我|上门|过来))"
            r"|在(?:过)?来.{0,8}路上",
        ),
        also=(
            rf"(?:上次|上回|那次|那回|以前|之前|每次|一来就|回回|次次).{{0,10}}(?:{HIT}|扯|揪|拽|伤|断|{ARMS})",
        ),
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
            r"(?:警察|警方|公安|派出所|民警|刑警|检察院|便衣|差人).{0,10}(?:带走|带去|带回|弄走|抓|逮|扣|(?<!机)关|拉走|拉了|铐|叫走"
            # Kept there: 「被公安局留了」 (a typo of 拘留), not a number or a record left.
            r"|(?<![保停])留(?:下|住|在|了)(?!.{0,3}(?:电话|号码|手机|案底|记录|底|材料|证据|联系|信息|名字|字条)))",
            r"拘捕|(?:扣|关|押)在(?:了)?(?:派出所|公安局|警局|看守所|拘留所)",
            # Not let go by the police; not an employer's 「公司不放人」.
            r"(?:没|还没)(?:有)?(?:被)?放(?:回来|出来|人)"
            r"|(?<!公司)(?<!单位)(?<!厂)(?<!厂里)(?<!老板)不(?:被)?放(?:回来|出来|人)"
            rf"|(?:被|遭|叫)(?!(?:{KIN}))(?:.{{0,6}})(?:弄起走|带走|抓走)",
            r"(?:传唤|传讯|带走|叫走).{0,8}(?:没回来|没出来|没放|没消息|联系不上)",
        ),
        not_after=r"(?:会|会不会|是否会|怕|担心|可能)被?"
        # An act named with no one doing it (「打人被拘留几天会有案底吗」) asks about the law.
        r"|^(?:打人|打架|偷东西|酒驾|醉驾|赌博|吸毒|嫖娼)(?:的话)?(?:会)?被?"
        # The one who wronged us was caught (「骗子已经被抓了」): no one of ours is held.
        r"|(?:骗子|小偷|嫌疑人|凶手|肇事者|肇事司机|罪犯|犯罪分子|歹徒|打人的|撞人的|对方)"
        r"(?:的人)?(?:已经|都|也|终于|已)?(?:被)?"
        # Someone unnamed (「有人被抓了是因为赌博」) is a question about the law.
        r"|(?:有人|别人|有个人)"
        # Nor someone outside the family (「是我同事被抓了」; a boyfriend is family here).
        r"|(?<![男女])(?:邻居|同事|朋友|同学|别人)(?:家)?(?:的)?"
        r"(?:儿子|女儿|孩子|丈夫|妻子|弟弟|哥哥|姐姐|妹妹|亲戚|人)?(?:已经|都|也)?(?:被)?(?:刑事|行政)?",
        # Anyone held, asked about (「被拘留的人家属能送衣服吗」).
        not_before=r"留?的人(?!是)|留?过(?!来|去|了?(?:一|两|三|几)?(?:天|夜))|.{0,3}(?:最长|最多|最久)|.{0,6}(?:放出来|放了|释放|出来了|回来了)"
        r"|留?会(?!见)|.{0,4}(?:有什么区别|的区别|什么意思|的定义)"
        r"|.{0,6}(?:一般|会判|判几年|判刑吗|关几天|拘留几天|多久)",
        not_in_clause=r"如果|要是|假如|假设|万一|一般|通常|是否|的话|早就|早已",
        # A caller claiming an arrest to get money is the scam the resident asks about.
        unless=r"是不是(?:骗子|诈骗|骗局|骗人)|是骗子吗|诈骗电话|骗子吧"
        # Served already (「拘留三天，已经执行完了」).
        r"|(?:已经|都|早就|已)(?:被)?(?:执行完|关完|拘留完|期满)"
        # Released already (「现在已经出来了」; not 「还没放出来」).
        r"|(?:已经|都|早就|已)(?:被)?(?:放出来|出来|释放|放回来|回来|回家)(?:了)?"
        r"|(?:现在|目前)(?:他|她|人)?(?:已经|都)?(?:被)?(?:放出来|出来|释放|放回来)了",
    ),
    # A deadline is close: hearings, limitation periods, appeal terms.
    UrgencyRule(
        "deadline",
        (
            r"(?:今天|明天|明早|后天|马上|这两天|(?:下|这|本)(?:个)?(?:周|礼拜|星期).?|周[一二三四五六日]|星期.|礼拜.)"
            # The hour between: 「明天上午九点半就是第二次开庭了」.
            r".{0,12}(?:开庭|听证|庭审|截止|到期|过期|开(?:一审|二审|审)|审理|宣判)",
            # The hearing first, then its day: 「听证会定在后天」「庭审排在下周二」.
            r"(?:开庭|听证|庭审).{0,6}(?:今天|明天|后天|马上"
            r"|(?<!上)(?<!上个)(?:(?:下|这|本)(?:个)?(?:周|礼拜|星期).?|周[一二三四五六日]|星期.|礼拜.))",
            r"(?:时效|期限|上诉期|起诉期|申请期|复议期).{0,3}(?:快|就要|马上|只剩|还剩)",
            r"最后一天|最后期限|截止日期|截止时间|最后(?:[一两三1-3]|几)天",
            r"(?:不到|只剩|还剩|还有)(?:[一两三四五1-5]|几)(?:天|周|个星期|日)(?:就|时间)?(?:满|到期|截止|过期|开庭)"
            r"|(?:时效|期限|上诉期|起诉期|仲裁).{0,6}(?:不到|只剩|还剩|还有|就剩|仅剩|只有|剩下|剩)(?:最后)?(?:[一两三四五1-5]|几)(?:天|周|个?星期|个?礼拜)",
            r"(?:答辩期|举证期|上诉期|起诉期|复议期|时效|期限).{0,6}(?:今天|明天|后天|这两天|马上|就要|快要)"
            r"(?:就)?(?:到|满|过|截止)",
            r"(?:[一二三四五六七1-7]|几)(?:天|日)内.{0,6}(?:交|缴|上诉|答辩|举证|提交|起诉|申请)",
        ),
        # A legal matter named: a sign-up or a licence's expiry is no legal term.
        also=(LEGAL_MATTER,),
        # Months left are no close end (「起诉期限还剩四个多月」).
        not_before=r"(?:[0-9]+|[一二两三四五六七八九十几好]+)(?:个)?多?(?:个)?(?:月|年)",
        # Supposed (「要是法院明天开庭我不去会怎样」).
        not_in_clause=r"要是|如果|假如|假设|万一",
        past_cancels=False,
    ),
    # A decision just received, which the resident wants to appeal (「判决书昨天到 要上诉」); a
    # term's last days, counted (「算了一下只剩三天了」) with a term named in the text.
    UrgencyRule(
        "deadline",
        (
            r"(?:判决书|裁定书|裁决书|决定书|判决|裁定|裁决|决定)(?:是)?(?:昨天|前天|今天|刚刚?|这两天|才)+"
            r"(?:到|收到|送到|拿到|下来|送达)"
            r"|(?:昨天|前天|今天|刚刚?|这两天)(?:才)?(?:收到|拿到|接到)(?:了)?.{0,8}(?:判决|裁定|裁决|决定)",
            r"(?:只剩|还剩|就剩|仅剩|只有)(?:最后)?(?:[一两三四五1-5]|几)(?:天|日)(?:了)?$",
        ),
        # The wish not denied (「我不想上诉」 leaves no term to keep).
        also=(
            r"(?<![不没])(?<!不想)(?<!不打算)(?<!不准备)(?<!没想)(?:上诉|复议|申诉|起诉)"
            r"|不服|期限|时效|天内|答辩|举证",
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
        # The period named as a term, or as only so long: 「申请强制执行只有两年」.
        also=(
            r"期限|时效|申请期|仲裁期|上诉期|起诉期|复议期|申请(?:强制)?执行"
            r"|只有(?:[一两二三六1-36]|半)(?:年|个月)",
        ),
        past_cancels=False,
    ),
    # Called in by the police and not back (「被派出所叫去问话，一晚上都没回来」).
    UrgencyRule(
        "detention",
        (
            r"(?:警察|警方|公安|派出所|民警|刑警|检察院).{0,10}(?:叫去|喊去|传唤|传讯|问话)|投案|自首",
        ),
        also=(
            r"(?:一晚上|一夜|一整天|到现在|一直|还)(?:都|也)?(?:没|没有)(?:回来|回家|出来|消息|放)|联系不上"
            r"|进去.{0,3}(?:就)?(?:没|没有|还没)(?:回来|出来)",
        ),
    ),
    # Unpaid wages before the New Year holidays: migrant workers need them paid now.
    UrgencyRule(
        "wages_before_holiday",
        (
            # Not last year's (「去年过年前的工资」): that is an old debt.
            r"(?<!去年)(?<!前年)(?:春节|过年)|(?<![去前])(?<!去年)(?<!前年)年底"
            r"|(?<![一二三四五六七八九十两几多0-9去前今明])(?<!去年过)(?<!前年过)年前"
            r"|过不(?:了|去|成)年|年(?:都|也)?过不(?:了|去|成)|(?<!去年春)(?<!前年春)(?<![秋午庆一明旦宵阳])节前"
            r"|(?<!去年)(?<!前年)(?:年关|小年|除夕|年三十|腊月|年根|年跟前|年跟儿)|快过年|过完年"
            r"|回家(?:的)?(?:车票|路费)",
        ),
        also=(
            r"工资|工钱|欠薪|讨薪|薪水|血汗钱|劳务费|结账|工头|工人|工友|民工",
            r"(?:工作|工地|干了|做工).{0,12}(?:不给|没给|不发|没发|一分钱|没见|欠)",
            r"一个子儿|分文未|一分(?:钱)?(?:也|都)?没",
            # The pay promised in one sum, the boss gone: 「说等腊月底一块结，现在人跑了」.
            r"(?:一块|一起|一次性|统一)(?:结|算|给|发)"
            # (老板 reads 单位 in canonical form.)
            r"|(?:老板|单位|工头).{0,12}(?:跑了|跑路|不见了|联系不上)"
            # The boss pleading no money: 「老板还说没钱」.
            r"|(?:单位|工头)(?:还|又|总|一直)?(?:说)?没钱|没钱(?:发|结|付)"
            # The pay put off past the festival, or none paid: 「说过完年再给」「一分钱不给」.
            r"|(?:过完年|开春|年后|节后|明年)(?:再|才)(?:给|发|结|算)"
            r"|一分钱(?:也|都)?(?:不|没)(?:给|发|结|付)"
            # The boss refusing to pay before it: 「老板说年前不发钱了」.
            r"|(?:单位|工头)(?:还|又|总|一直)?(?:说|讲)?.{0,6}(?:不|没)(?:发|结|付)(?:钱|了|$)",
        ),
        past_cancels=False,
        # Not going home for the festival (「今年也不回老家过年」): the pay is owed, not due.
        not_after=r"不回(?:老)?家|不回去",
        unless=r"已经解决|解决了"
        # Paid already, however said: 「都结完了」「全部发完了」「年年都结得清清楚楚」.
        r"|(?:已经|都|早就|早已)(?:把(?:工资|工钱|钱))?(?:全部|全|都)?(?:发|给|结|付|拿到|补发|补)(?:了|清|完|齐)"
        r"|把(?:工资|工钱|钱)(?:全部|全|都)?(?:发|结|付|补发)(?:清|完|齐)了"
        # Paid late, but paid: 「过了年才拿到」「正月就发了」.
        r"|(?:过了年|后来|最后|最终)(?:才|也|还是)?(?:拿到|领到|到手|结清|发下来)"
        r"|(?:正月|年后|过完年|节后|后来)(?:就|才|也)?(?:都)?(?:发|给|结|补)(?:了|清|齐|完)"
        r"|(?:发|结|给)得(?:清|及时|很及时)"
        # The festival months away (「现在才八月份」): the pay is owed, the holiday is not near.
        r"|(?:现在|目前|今天)(?:才|是|刚)(?:[一二三四五六七八九]|[1-9])月"
        # A raise or a bonus to come owes nothing (「过完年工资会涨」).
        r"|(?:工资|薪水)(?:会|要|能)?(?:涨|上调)|涨工资|加薪"
        # A question how pay is counted or whether its date is lawful owes nothing yet.
        r"|(?:怎么|如何)(?:算|计算)|正常吗|几倍"
        r"|还没(?:到)?(?:年底|过年|春节|腊月)|离(?:过年|春节|年底|除夕)还(?:早|远|有.{0,4}?(?:个)?月|有.{0,3}半年)",
    ),
    # A home is about to be demolished or residents evicted.
    UrgencyRule(
        "eviction",
        (
            r"强拆|强制拆|强行拆|强制搬|赶(?:我|我们)?走|赶人"
            r"|(?:赶|撵|轰)(?:了)?(?:我|我们|她|他)?(?:出来|出去|出家门|出门|到(?:了)?(?:大街|街上|马路|外面|门外))|(?:撵|轰)(?:了)?(?:我|我们|她|他)走"
            r"|逼(?:我|我们)?搬"
            # Demolition as a condition's consequence: 「不签就拆」.
            r"|不.{1,6}就(?:要|来)?(?:(?:强)?(?:拆|推|扒|赶)(?!不)|强制(?:执行|搬迁|腾退|清场)|(?:叫|找|派)人)"
            # The power or the water cut at the switch: 「把电闸拉了」.
            r"|(?:电闸|水闸|总闸|水阀)(?:也|都)?(?:给|被)?(?:拉|关|断)(?:了|掉)"
            # A home torn down, whenever (the scopes date it): 「把房子推了」「明早来铲我家的房子」.
            r"|把.{0,6}(?:房子|房|屋)(?:给)?(?:推|扒|铲)(?:了|掉|平|倒)",
            r"(?:非要|硬要|强行)(?:扒|拆)"
            r"|(?:推|扒|铲)(?:了|掉|平|倒)?(?:我|我们|他|她)?(?:家)?(?:的)?(?:老)?(?:房|屋|院)"
            # 「明早就来推我住的那间偏房」「明天一早就来推」.
            r"|(?:推|扒|铲)(?:我|我们|他|她)(?:家|住|们住)?.{0,5}(?:房|屋|院)"
            rf"|(?:{SOON}|一早|一大早).{{0,6}}来(?:推|扒|铲)(?:了|掉|平)?$",
            r"断了?(?:水|电)|断了?.{0,4}水电|停水停电"
            # The landlord's cut (the property manager's over fees is a dispute of its own).
            r"|房东.{0,6}(?:停|断|掐)(?:了)?(?:我|我们|我家)?(?:的)?(?:水电|水|电)|换了?(?:门)?锁|锁芯.{0,2}换|扫地出门|锁(?:也|都|给|被)*(?:撬了?|换)了"
            # The family's things thrown out: 「把我们东西全扔了」.
            r"|把(?:我|我们)?(?:家)?(?:的)?(?:东西|行李|家具|被褥|衣服|家当|铺盖)(?:都|全)?(?:给)?"
            r"(?:扔|丢|拉走|搬走|清走|(?:堆|搬|放)(?:到|在)(?:了)?(?:楼道|门外|外面|门口|院子外?|马路|大街|街上))"
            r"|扔(?:了)?出来|(?:东西|行李|家具|被褥|铺盖|被子|衣服|家当)(?:都|全|已经|也)*(?:被|给)?(?:人)?(?:扔|丢|搬)(?:了)?(?:到|出|在)"
            r"|不让.{0,2}进门|不让(?:我|我们)?进(?:屋|家|去)?$"
            # Shut out: the home or its door locked or bolted by someone else.
            r"|(?<!我)把(?:我|我们)?(?:家|店|铺子?|门面|宿舍|.{1,3}?的)?(?:老)?"
            r"(?:大门|院门|房门|卷帘门|铁门|店门|门|房子|房|屋子?|院子?)(?:给)?(?:锁|插|闩|焊|封|堵|撬)(?:了|上|住|死|开)"
            r"|门(?:也|都)?(?:给|被)(?:人)?(?:锁|插|闩|焊|封|堵)(?:上|住|了|死)"
            r"|往外(?:搬|扔|丢|拖|清)(?:我|我们)?(?:的)?(?:东西|行李|家具|家当)"
            r"|没地方住|没地住|没处住|没地方去|没处去|无处可去|无家可归"
            # Nowhere to sleep: 「今晚连睡觉的地方都没有」.
            r"|(?:睡觉|住|落脚)的地(?:方|儿)(?:都|也)?没(?:有)?|没(?:有)?(?:地方|地儿)(?:睡|过夜)|(?:锁|关|挡|推)在(?:了)?门外",
            r"(?:铲车|挖掘机|推土机).{0,8}(?:拆|推|扒|平|开到|开进|到了?(?:我|我们)?(?:家|门口|村))"
            r"|(?:开来|开进|派|叫来)(?:了)?(?:铲车|挖掘机|推土机)"
            r"|(?:今天|今晚|明天|明早|后天|马上|立刻|这周|本周|下周|下礼拜|下星期|这礼拜|几天|下午|晚上|待会|一会儿).{0,12}(?:拆(?!迁(?:办|协议|方案|补偿|政策|款|费|安置|公告|户|评估|的事))|搬走|腾房|腾退|推平|清场|清房|清屋|交房|走人|搬出去|交钥匙)"
            r"|天内.{0,2}搬|强制清场|强制腾退|推平|(?:强行|强制)清(?:房|屋|退)",
        ),
        # A bare question about the law (「强拆找哪个部门」) names no home in danger.
        not_before=r".{0,4}(?:找哪个部门|找哪里|找谁|违法吗|合法吗|犯法吗|怎么赔|怎么补偿|是什么|的标准)",
        victims=r"(?:我|我们|俺|我家)(?!想|问|觉得|听说|知道|了解)",
        # The resident's own act (「我把门锁换了」) is nothing done against them.
        # Nor the resident as the landlord asking what they may do (「我能直接把他东西搬出来不」).
        not_in_clause=r"^我(?:们)?(?:自己)?(?:能|能不能|可以|可不可以)?(?:直接)?(?:想|要|打算|准备)?(?:把|将)",
        # Asked about (「会不会被停水停电」): not yet.
        not_after=r"(?:会不会被?|会被|是否会被?|怕被?|担心被?|可能被?|能不能)",
        # Whether they may do it, asked (「村里说不签就强拆，能不能这样做」).
        unless=r"(?:能不能|可不可以|有没有权(?:力|利)?)这样(?:做|干|搞)",
    ),
)
"""Reasons in priority order; ``detect_urgency`` returns the first that matches."""
