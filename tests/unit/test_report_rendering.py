"""The computed annual report's page (SPEC: Annual report, Labels verbatim and Rendering): every
label as the format writes it, the merged cells, and every cell of a test report against a hand
count; the tables' places in the narrative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bs4 import BeautifulSoup

from disclosure_portal.model.records import AnnualData, Org, Outcomes, Request, RequestEvent
from disclosure_portal.plan.reportpages import report_markdown, table_b_html, yuan
from disclosure_portal.rules.annualreport import Report, TableA, TableC, fees_collected
from disclosure_portal.rules.tableb import table_b

# SPEC's Table B rows, copied from SPEC.md (not from the code under test)
SPEC_B_ROWS = """\
一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量
三、本年度办理结果
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
（三）不予公开
1.属于国家秘密
2.其他法律行政法规禁止公开
3.危及“三安全一稳定”
4.保护第三方合法权益
5.属于三类内部事务信息
6.属于四类过程性信息
7.属于行政执法案卷
8.属于行政查询事项
（四）无法提供
1.本机关不掌握相关政府信息
2.没有现成信息需要另行制作
3.补正后申请内容仍不明确
（五）不予处理
1.信访举报投诉类申请
2.重复申请
3.要求提供公开出版物
4.无正当理由大量反复申请
5.要求行政机关确认或重新出具已获取信息
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
3.其他
（七）总计
四、结转下年度继续办理""".splitlines()
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def req(rid, year, applicant, arrived, result="", replied=None, events=()) -> Request:
    return Request(
        org="mzj",
        year=year,
        path="x",
        id=rid,
        applicant=applicant,
        channel="当面",
        arrived=dt.date.fromisoformat(arrived),
        result=result,
        replied=dt.date.fromisoformat(replied) if replied else None,
        events=tuple(events),
    )


def ev(kind, day, **extra) -> RequestEvent:
    return RequestEvent(type=kind, date=dt.date.fromisoformat(day), **extra)


REGISTER = [
    req("p1", 2024, "自然人", "2024-12-23", "予以公开", "2025-01-14"),  # carried into 2025
    req("p2", 2024, "其他", "2024-12-30", "重复申请", "2025-01-20"),  # carried into 2025
    req("n1", 2025, "自然人", "2025-02-10", "予以公开", "2025-02-27"),
    req("n2", 2025, "自然人", "2025-03-03", "部分公开", "2025-03-25"),
    req("n3", 2025, "商业企业", "2025-04-01", "保护第三方合法权益", "2025-04-28"),
    req("n4", 2025, "科研机构", "2025-05-06", "没有现成信息需要另行制作", "2025-05-20"),
    req(
        "n5",
        2025,
        "社会公益组织",
        "2025-06-02",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2025-07-20",
        [ev("收费通知", "2025-06-10", amount="80")],
    ),
    req(
        "n6",
        2025,
        "法律服务机构",
        "2025-09-01",
        "予以公开",
        "2025-10-10",
        [ev("收费通知", "2025-09-10", amount="35.50"), ev("缴费", "2025-09-15")],
    ),
    req("n7", 2025, "自然人", "2025-12-22"),  # open at the end of 2025
    req("n8", 2025, "其他", "2025-12-26", "其他", "2026-01-09"),  # answered in 2026
    req("old", 2023, "自然人", "2023-05-01", "予以公开", "2023-05-20"),  # never in 2025
]

# the hand count of 2025, row label -> the seven columns
HAND = {label: [0] * 7 for label in SPEC_B_ROWS}
HAND["一、本年新收政府信息公开申请数量"] = [3, 1, 1, 1, 1, 1, 8]
HAND["二、上年结转政府信息公开申请数量"] = [1, 0, 0, 0, 0, 1, 2]
HAND["（一）予以公开"] = [2, 0, 0, 0, 1, 0, 3]
HAND["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] = [1, 0, 0, 0, 0, 0, 1]
HAND["4.保护第三方合法权益"] = [0, 1, 0, 0, 0, 0, 1]
HAND["2.没有现成信息需要另行制作"] = [0, 0, 1, 0, 0, 0, 1]
HAND["2.重复申请"] = [0, 0, 0, 0, 0, 1, 1]
HAND["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"] = [
    0,
    0,
    0,
    1,
    0,
    0,
    1,
]
HAND["（七）总计"] = [3, 1, 1, 1, 1, 1, 8]
HAND["四、结转下年度继续办理"] = [1, 0, 0, 0, 0, 1, 2]
GROUPS = {
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
}


def test_every_cell_of_table_b_against_a_hand_count():
    html = table_b_html(table_b(REGISTER, 2025))
    table = BeautifulSoup(html, "html.parser").table
    body_rows = table.tbody.find_all("tr")
    assert len(body_rows) == 2 + 22 + 1  # 一, 二, the 22 rows of 三, 四
    labels_seen = []
    for tr in body_rows:
        heads = [th.get_text() for th in tr.find_all("th")]
        labels_seen += heads
        numbers = [int(td.get_text()) for td in tr.find_all("td")]
        assert len(numbers) == 7
        assert numbers == HAND[heads[-1]], heads[-1]
    assert labels_seen == SPEC_B_ROWS  # every label verbatim, in order
    # the format's arithmetic holds in every column
    for i in range(7):
        one, two = HAND[SPEC_B_ROWS[0]][i], HAND[SPEC_B_ROWS[1]][i]
        assert one + two == HAND["（七）总计"][i] + HAND["四、结转下年度继续办理"][i]


def test_table_b_header_and_merged_cells():
    table = BeautifulSoup(table_b_html(table_b([], 2025)), "html.parser").table
    head = [
        [(th.get_text(), th.get("colspan"), th.get("rowspan")) for th in tr.find_all("th")]
        for tr in table.thead.find_all("tr")
    ]
    assert head[0] == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "3", "3"),
        ("申请人情况", "7", None),
    ]
    assert head[1] == [("自然人", None, "2"), ("法人或其他组织", "5", None), ("总计", None, "2")]
    assert [c[0] for c in head[2]] == COLUMNS[1:6]
    spans = {
        th.get_text(): th.get("rowspan") for th in table.tbody.find_all("th") if th.get("rowspan")
    }
    assert spans == {
        "三、本年度办理结果": "22",
        "（三）不予公开": "8",
        "（四）无法提供": "3",
        "（五）不予处理": "5",
        "（六）其他处理": "3",
    }
    assert all(td.get_text() == "0" for td in table.find_all("td"))  # 0 shown as 0


def computed_report(body: str = "") -> Report:
    org = Org(id="mzj", name="测试区民政局", kind="区政府部门")
    data = AnnualData(org="mzj", year=2025, path="d.yml", fees="0.5")
    r = Report(org, 2025, None, data)
    r.table_a = TableA((0, 1), (0, 2), (0, 3), 4, 5, 6, "0.5")
    r.table_b = table_b(REGISTER, 2025)
    r.table_c = TableC(
        Outcomes(upheld=1, corrected=2, other=3, pending=4),
        Outcomes(upheld=0, corrected=1, other=0, pending=0),
        Outcomes(upheld=0, corrected=0, other=0, pending=7),
    )
    r.fee_yuan = fees_collected(REGISTER, 2025)
    return r


def tables_of(markdown: str) -> list:
    return BeautifulSoup(markdown, "html.parser").find_all("table")


def test_table_a_layout_and_cells():
    md = report_markdown("**二、主动公开政府信息情况**\n", computed_report())
    table = tables_of(md)[0]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    assert rows == [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "1", "2", "3"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "4"],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", "5"],
        ["行政强制", "6"],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "0.5"],
    ]


def test_table_c_layout_and_the_totals():
    table = tables_of(report_markdown("", computed_report()))[2]
    head = [[th.get_text() for th in tr.find_all("th")] for tr in table.thead.find_all("tr")]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert head == [
        ["行政复议", "行政诉讼"],
        [*five, "未经复议直接起诉", "复议后起诉"],
        five + five,
    ]
    numbers = [int(td.get_text()) for td in table.tbody.find_all("td")]
    assert numbers == [1, 2, 3, 4, 10, 0, 1, 0, 0, 1, 0, 0, 0, 7, 7]


def test_the_fee_of_the_year_is_paid_fees_only():
    # n5's fee was never paid; n6's 35.50 was paid in 2025
    assert fees_collected(REGISTER, 2025) == Decimal("35.50")
    assert yuan(Decimal("35.50")) == "35.50" and yuan(Decimal("0")) == "0"
    assert "本年度收取信息处理费 35.50 元。" in report_markdown("", computed_report())


def test_tables_follow_their_lines_in_the_body():
    body = "**一、总体情况**\n\n概述。\n\n## 二、主动公开政府信息情况\n\n说明A。\n\n**三、收到和处理政府信息公开申请情况**\n说明B。\n\n**四、政府信息公开行政复议、行政诉讼情况**\n\n**五、存在的主要问题及改进情况**\n\n问题。\n\n**六、其他需要报告的事项**\n\n其他。\n"
    md = report_markdown(body, computed_report())
    order = [
        md.index(x)
        for x in (
            "## 二、",
            'portal-report-a"',
            "说明A",
            "**三、",
            'portal-report-b"',
            "说明B",
            "**四、",
            'portal-report-c"',
            "**五、",
            "**六、",
            "信息处理费",
            "其他。",
        )
    ]
    assert order == sorted(order)
    # an HTML block needs blank lines around it to stay one block
    assert "\n\n<div" in md and "</div>\n\n说明B" in md


def test_missing_lines_are_added_before_five_else_at_the_end():
    md = report_markdown(
        "**一、总体情况**\n\n概述。\n\n**五、存在的主要问题及改进情况**\n\n问题。\n",
        computed_report(),
    )
    order = [
        md.index(x)
        for x in (
            "**二、主动公开政府信息情况**",
            'portal-report-a"',
            "**三、收到和处理政府信息公开申请情况**",
            'portal-report-b"',
            "**四、政府信息公开行政复议、行政诉讼情况**",
            'portal-report-c"',
            "**五、",
            "**六、其他需要报告的事项**",
        )
    ]
    assert order == sorted(order)
    bare = report_markdown("只有总体情况。\n", computed_report())
    assert bare.index("只有总体情况") < bare.index("**二、") < bare.index("**六、")


def test_a_line_in_a_code_block_is_not_a_section_line():
    md = report_markdown("```\n二、示例\n```\n\n**二、主动公开政府信息情况**\n", computed_report())
    assert md.index('portal-report-a"') > md.index("**二、主动公开")


def test_a_hand_entered_report_is_left_as_written():
    org = Org(id="mzj", name="测试区民政局", kind="区政府部门")
    r = Report(org, 2024, None, None)
    assert report_markdown("**二、主动公开政府信息情况**\n", r) == "**二、主动公开政府信息情况**\n"
