"""What a 公开指南 body states about its office, read as a reader would (rules/offices.py): phone
numbers with or without area code and full-width digits, fax, address, e-mail, postcode; a
complaint line of a superior office is not the office's phone."""

from __future__ import annotations

from disclosure_portal.rules.offices import local_number, numbers, stated_values


def _stated(body: str) -> list[tuple[str, str]]:
    return [(s.key, s.value) for s in stated_values(body)]


def test_one_number_however_it_is_written():
    forms = [
        "023-65120102",
        "(023)65120102",
        "（023）6512-0102",
        "023 6512 0102",
        "０２３－６５１２０１０２",
        "65120102",
        "6512 0102",
    ]
    for form in forms:
        assert [local_number(n) for n in numbers(form)] == ["65120102"], form
    assert [local_number(n) for n in numbers("138 1234 5678")] == ["13812345678"]
    assert numbers("2025年1月") == [] and numbers("邮编405200") == []
    assert local_number("010-12345678") == "12345678"
    assert local_number("0571-87654321") == "87654321"
    assert local_number("13812345678") == "13812345678"  # a mobile number keeps its digits


def test_labelled_values_with_their_lines():
    body = (
        "（一）受理机构：溪山区民政局办公室。地址：溪山区溪园路18号民政大楼3楼；"
        "电话：023-65120102；传真：023-65120109。\n\n"
        "**联系电话**：０２３－６５１２０１０２\n"
        "电子邮箱：mzj@xishan.example.gov.cn\n"
        "邮政编码：405200\n"
    )
    stated = stated_values(body, first_line=10)
    assert [(s.key, s.value, s.line) for s in stated] == [
        ("phone", "023-65120102", 10),
        ("fax", "023-65120109", 10),
        ("address", "溪山区溪园路18号民政大楼3楼", 10),
        ("phone", "023-65120102", 12),
        ("email", "mzj@xishan.example.gov.cn", 13),
        ("postcode", "405200", 14),
    ]


def test_unlabelled_and_other_lines_are_not_the_office():
    body = (
        "可以拨打12345政务服务热线电话：12345反映。\n"
        "也可以向上级机关投诉，投诉电话：023-61234567。\n"
        "举报电话：023-61234568；监督电话：023-61234569\n"
        "申请人可以通过电话、信函或者当面提出。\n"
        "网站地址：https://xxgk.example.gov.cn/\n"
        "本指南所称地址和联系方式以本页为准。\n"
    )
    assert _stated(body) == []
