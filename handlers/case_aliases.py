"""What residents type for the options of the legal-aid and mediation steps (欠薪, 家暴, 车祸).

Each table maps an option (a value, or a default label of a configurable list) to words
that plainly name it; ``handlers.typed_answers.match_meaning`` reads them after the
normaliser (``normalize``). A word here must mean its option alone: 工伤 is both a matter
and a proof, so each step has its own table. Plain yes and no (是, 不是) are never here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DISPUTE_ALIASES",
    "EXEMPT_ALIASES",
    "MATTER_ALIASES",
    "OUTCOME_ALIASES",
    "PROOF_ALIASES",
    "RELATION_ALIASES",
]

_NONE_OF_THEM = ("都不是", "都不属于", "不属于", "没有", "都没有")

MATTER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "criminal": ("刑事", "辩护", "犯罪", "被抓", "拘留", "逮捕", "判刑", "坐牢", "被告人"),
    "state_compensation": ("国家赔偿",),
    "social_insurance": (
        *("社保", "社会保险", "养老保险", "养老金", "医疗保险", "医保", "失业保险"),
        *("失业金", "生育保险", "社会救助", "低保", "救助金"),
    ),
    "pension": ("抚恤金", "抚恤"),
    "support": ("赡养", "抚养", "扶养", "养老费", "孩子抚养", "老人不管"),
    "labour": (
        *("欠薪", "工资", "薪水", "薪资", "讨薪", "工钱", "劳动报酬", "劳动关系"),
        *("加班费", "劳务费", "劳动合同", "辞退", "开除", "经济补偿"),
    ),
    "capacity": ("行为能力", "痴呆", "精神病", "监护"),
    "injury": (
        *("工伤", "交通事故", "车祸", "被撞", "撞人", "医疗事故", "医疗纠纷"),
        *("医疗损害", "食品安全", "药品", "人身损害", "受伤"),
    ),
    "environment": ("污染", "环境", "生态"),
    "other": ("其他", "其它", "别的", "离婚", "家暴", "家庭暴力", "打官司没钱", "请不起律师"),
}
"""The legal-aid matter step (``bot.services.MATTERS``); 其他事项 is the fallback."""

EXEMPT_ALIASES: Mapping[str, tuple[str, ...]] = {
    "martyr": ("烈士", "英烈", "英雄"),
    "samaritan": ("见义勇为",),
    "retrial": ("再审", "改判无罪"),
    "abuse": ("家暴", "家庭暴力", "虐待", "遗弃", "被打"),
    "none": _NONE_OF_THEM,
}
"""The legal-aid step of the groups exempt from the means test (Art 32)."""

PROOF_ALIASES: Mapping[str, tuple[str, ...]] = {
    "dependent": ("未成年", "老年人", "残疾", "无固定生活来源"),
    "assistance": ("低保", "特困", "五保", "优抚", "司法救助", "社会救助", "救助对象"),
    "migrant": ("农民工", "进城务工", "务工人员", "外出打工", "打工"),
    "none": _NONE_OF_THEM,
}
"""The legal-aid step of the proofs that spare the hardship check (Art 42)."""

DISPUTE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "邻里": ("邻居", "噪音", "漏水", "楼上", "楼下", "隔壁", "通道", "围墙"),
    "婚姻家庭": (
        *("离婚", "夫妻", "婚姻", "家庭", "赡养", "抚养", "彩礼", "家暴"),
        *("老公", "老婆", "丈夫", "妻子", "婆媳"),
    ),
    "土地宅基地": ("土地", "宅基地", "承包地", "地界", "田地", "征地"),
    "财产": ("房产", "房子", "遗产", "继承", "分家", "财物"),
    "债务": ("欠钱", "借钱", "借款", "欠款", "还钱", "债务", "欠债", "借条"),
    "劳动": ("欠薪", "工资", "讨薪", "工钱", "工伤", "辞退", "劳务", "包工头"),
    "交通": ("车祸", "交通事故", "撞车", "被撞", "刮蹭"),
    "其他": ("其它", "别的"),
}
"""The mediation dispute step, by the default labels (a deployment's own labels match by
name only)."""

RELATION_ALIASES: Mapping[str, tuple[str, ...]] = {
    "邻居": ("隔壁", "楼上", "楼下", "对门", "邻居家"),
    "家庭成员": (
        *("丈夫", "妻子", "老公", "老婆", "前夫", "前妻", "父亲", "母亲", "爸爸", "妈妈"),
        *("儿子", "女儿", "儿媳", "女婿", "公公", "婆婆", "兄弟", "姐妹", "哥哥", "弟弟"),
        *("姐姐", "妹妹", "家人"),
    ),
    "亲属": ("亲戚", "叔叔", "伯伯", "舅舅", "姑姑", "阿姨", "姨妈", "表哥", "堂哥"),
    "雇主或单位": ("老板", "雇主", "单位", "包工头", "厂里", "工地", "用人单位"),
    "商家或公司": ("商家", "店家", "商店", "卖家", "物业", "开发商", "中介"),
    "其他": ("其它", "别人", "陌生人"),
}
"""The mediation step of the other party's relation (``texts.MEDIATE_RELATIONS``)."""

OUTCOME_ALIASES: Mapping[str, tuple[str, ...]] = {
    "answered": ("解答了", "答复", "回答了", "回复了", "说清楚了", "讲清楚了", "问完了"),
    "legal_aid": ("法律援助", "法援"),
    "mediation": ("调解",),
    "arbitration_litigation": ("仲裁", "诉讼", "起诉", "打官司"),
    "petition_other": ("信访", "其他部门", "别的部门"),
    "la_accepted": ("已受理", "受理了", "同意受理"),
    "la_not_accepted": ("不受理", "没受理", "未受理"),
    "la_referred": ("其他渠道", "别的渠道"),
    "md_success": ("成功", "调好了", "达成协议", "谈妥了"),
    "md_failed": ("不成", "失败", "没调成", "调不成", "没谈拢"),
    "md_litigation": ("诉讼", "仲裁", "起诉", "打官司"),
    "md_judicial_confirmation": ("司法确认",),
}
"""How an adviser closing a case types its outcome (解答了, 建议去仲裁), by button value."""
