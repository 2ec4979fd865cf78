"""Personal details are masked before residents' texts reach a staff view."""

from __future__ import annotations

import pytest

from bot.services.masking import mask_personal


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "我叫李小红手机13912345678住迎凤小区5栋，丈夫有精神病史",
            "我叫＊＊手机＊＊住迎凤小区＊＊栋，丈夫有精神病史",
        ),
        ("身份证号370829199001011234丢了", "身份证号＊＊丢了"),
        ("身份证37082919900101123X", "身份证＊＊"),
        ("车牌鲁H12345被扣了", "车牌＊＊被扣了"),
        ("电话0537-6812345，+86 139 1234 5678", "电话＊＊，＊＊"),
        ("卡号6222 0212 3456 7890 123被冻结", "卡号＊＊被冻结"),
        ("住3号楼2单元501室", "住＊＊号楼＊＊单元＊＊室"),
        ("姓名：张三，邮箱 zhang.san@example.com", "姓名＊＊，邮箱 ＊＊"),
        ("加我微信 wxid_abc123", "加我微信＊＊"),
    ],
)
def test_personal_details_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    "text",
    ["公司欠我工资3个月了", "2023年的事情，赔偿8000元", "离婚冷静期多久", "我是农民工被欠薪"],
)
def test_ordinary_questions_are_left_alone(text: str) -> None:
    assert mask_personal(text) == text
