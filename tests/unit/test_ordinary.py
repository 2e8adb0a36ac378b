"""The one rule for "ordinary" (rules/ordinary.py): a unit of withheld text is ordinary by its
own form, never by what public documents hold; everything else is distinctive."""

from __future__ import annotations

import pytest

from disclosure_portal.model.textform import markdown_text
from disclosure_portal.rules.ordinary import Ordinary

RULE = Ordinary(["溪山区民政局", "溪山区人民政府", "溪山区财政局", "溪山区桂园街道办事处"])


def verdicts(text: str) -> dict[str, bool]:
    return {u.raw: RULE.is_ordinary(u) for u in RULE.units(markdown_text(text))}


@pytest.mark.parametrize(
    "line",
    [
        "各乡镇人民政府、街道办事处，区政府各部门，有关单位：",
        "区人民政府：",
        "溪山区民政局：",
        "现将《溪山区社会救助工作实施方案》印发给你们，请认真贯彻执行。",
        "本办法自2025年1月1日起施行，由区民政局负责解释。",
        "各单位要高度重视，认真组织实施，确保各项工作落到实处。",
        "特此通知。",
        "妥否，请批示。",
        "以上请示当否，请批复。",
        "此复。",
        "如对本答复不服，可以在收到本答复之日起60日内向溪山区人民政府申请行政复议，"
        "或者在6个月内向溪山区人民法院提起行政诉讼。",
        "经检索，本机关没有制作或者获取您申请获取的信息。",
        "附件：桃源村低保对象复核名单",
        "抄送：区委办公室，区人大常委会办公室。",
        "联系人：王明，联系电话：023-65120102",
        "地址：溪山区政务路1号，邮编：402299",
        "溪山区桂园街道办事处",
        "2025年11月6日",
        "二〇二五年十一月六日",
        "（此件不予公开）",
        "四、下一步工作打算",
        "会议强调，要压实工作责任，狠抓落实。",
        "根据《中华人民共和国政府信息公开条例》第二十条的规定。",
        "溪山民发〔2025〕3号",
        "**各镇（街道）民政办，区级有关部门：**",
        "为做好社会救助政策宣传工作，现将有关事项通知如下。",
        "执行中遇到的问题，请及时向区政府办公室反映。",
        "现向社会公开征求意见。",
        "## 三、资金发放流程",
    ],
)
def test_stock_phrases_and_standard_clauses_are_ordinary(line):
    assert all(verdicts(line).values()), verdicts(line)


@pytest.mark.parametrize(
    "line",
    [
        "经排查桃源村共有一十七户家庭的收入核对结果与申报材料明显不符，需要逐户复核。",
        "建议对其中六户暂停发放最低生活保障金并移交区纪委监委进一步调查处理。",
        "刚性支出增长较快，收支平衡压力较大。",
        # a stock opening does not make the rest of a sentence ordinary
        "根据区政府常务会议精神，拟将青石镇污水处理厂二期工程推迟至2027年实施。",
        "经查，梧桐社区王某家庭成员一人已实现稳定就业。",
        # an attendance list is a header line; a sentence that merely starts the same way is not
        "记录显示该户家庭人均月收入已超过城市低保标准",
        # a numbered heading that states a fact is not a topic
        "三、桃源村六户家庭暂停发放保障金并移交区纪委监委",
        # a sentence that ends in a colon is no salutation
        "经排查桃源村共有一十七户家庭收入与申报不符的有关单位：",
    ],
)
def test_sentences_that_identify_something_are_distinctive(line):
    # the sentence itself (a clause of it may be ordinary on its own: a year is no figure)
    whole = {u.raw: RULE.is_ordinary(u) for u in RULE.units(markdown_text(line)) if not u.clause}
    assert whole and not any(whole.values()), whole


def test_formatting_does_not_change_the_verdict():
    plain = "建议对其中六户暂停发放最低生活保障金。\n\n各乡镇人民政府、街道办事处：\n"
    marked = "**建议对其中*六户*暂停发放**最低生活保障金。\n\n> **各乡镇人民政府、街道办事处：**\n"
    assert [RULE.is_ordinary(u) for u in RULE.units(markdown_text(plain))] == [
        RULE.is_ordinary(u) for u in RULE.units(markdown_text(marked))
    ]
    assert [u.norm for u in RULE.distinctive(markdown_text(marked))] == [
        u.norm for u in RULE.distinctive(markdown_text(plain))
    ]


def test_a_table_data_row_is_a_unit_and_the_header_is_ordinary():
    table = (
        "| 序号 | 姓名 | 村组 | 金额（元） |\n|---|---|---|---|\n"
        "| 1 | 张伟 | 桃源村3组 | 6000 |\n| 2 | 李芳 | 桃源村5组 | 4800 |\n| 合计 | | | 10800 |\n"
    )
    found = RULE.distinctive(table)
    rows = [u for u in found if u.row and not (u.pair or u.cell)]
    assert len(rows) == 2
    # and the neighbouring cells of a row with a figure, for copies without the 序号 column
    assert all(u.pair or u.cell for u in found if u not in rows) and len(found) > 2
    assert "张伟" in rows[0].raw and "李芳" in rows[1].raw  # the header and 合计 are ordinary


def test_office_tables_read_as_tab_separated_rows():
    text = "序号\t姓名\t金额\n1\t张伟（桃源村）\t6000\n2\t李芳（青石村）\t4800\n"
    rows = [u for u in RULE.distinctive(text) if u.row and not (u.pair or u.cell)]
    assert len(rows) == 2 and "张伟" in rows[0].raw
    # a row of one short name and a number identifies too little
    assert RULE.distinctive("序号\t姓名\n1\t张伟\n") == []


def test_organisation_names_and_their_short_forms_are_ordinary():
    assert RULE.residual("请区民政局、民政局和溪山区财政局报送") == "请和"
