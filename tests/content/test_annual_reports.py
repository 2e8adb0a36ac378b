"""The annual report (SPEC: Annual report): data files read and validated key by key, Tables A-C
computed from content, registers and the data file against hand counts, typed tables checked,
carry-overs across years, the reporting year without a data file, duplicates, and `portal audit
reports`."""

from __future__ import annotations

import json
import zlib

import pytest
import yaml
from helpers import assert_reported, doc, problems_of

DATA = "catalogs/annual-reports/mzj/2025.yml"
REPORT = "content/mzj/2026/nianbao-2025.md"
REGISTER = "catalogs/requests/mzj/2025.yml"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def data(**values) -> str:
    base = {
        "licensing": "12",
        "penalties": "3",
        "coercion": "0",
        "fees": "1.25",
        "review": {"upheld": "1", "corrected": "0", "other": "0", "pending": "1"},
        "direct_suit": {"upheld": "0", "corrected": "1", "other": "0", "pending": "0"},
        "suit_after_review": {"upheld": "0", "corrected": "0", "other": "2", "pending": "0"},
    }
    base.update(values)
    return yaml.safe_dump(
        {k: v for k, v in base.items() if v is not None}, allow_unicode=True, sort_keys=False
    )


def report(
    year: int = 2025, body: str = "", org: str = "mzj", year_text: str | None = None, **extra
) -> str:
    front = {
        "title": f"测试区民政局{year}年政府信息公开工作年度报告",
        "attribute": "主动公开",
        "org": org,
        "type": "年度报告",
        "year": str(year) if year_text is None else year_text,
        "catalog": "fdzdgk-02",
        "published": f"{year + 1}-01-20",
        **extra,
    }
    if year_text == "":
        del front["year"]
    return doc(
        front,
        body
        or "**一、总体情况**\n\n全年工作情况。\n\n**二、主动公开政府信息情况**\n\n"
        "**三、收到和处理政府信息公开申请情况**\n\n**四、政府信息公开行政复议、行政诉讼情况**\n\n"
        "**五、存在的主要问题及改进情况**\n\n问题。\n\n**六、其他需要报告的事项**\n\n无。\n",
    )


def policy(name: str, written: str, *, abolished: str = "", category="行政规范性文件", **extra):
    front = {
        "title": f"关于{name}的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",  # a policy would need its interpretation; the count reads `category`
        "catalog": "fdzdgk-01",
        # a number of its own per name, the same in every run (str hashes differ between runs)
        "doc_number": f"测民发〔{written[:4]}〕{zlib.crc32(name.encode()) % 900 + 10}号",
        "written": written,
        "published": written,
        "category": category,
        **extra,
    }
    if abolished:
        front["validity"] = "废止"
        front["abolished"] = abolished
    return doc(front, f"{name}的规定。\n")


# -- the data file ---------------------------------------------------------------------------


def test_a_data_file_makes_the_report_computed(project):
    site, errors, _ = problems_of(project, {DATA: data(), REPORT: report()})
    assert errors == []
    r = site.reports.by_key[("mzj", 2025)]
    assert r.computed and r.doc is not None and r.doc.path == REPORT
    assert r.table_a.licensing == 12 and r.table_a.fees == "1.25"
    assert r.table_c.review.total == 2 and r.table_c.direct_suit.corrected == 1


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"licensing": "-1"}, "licensing"),
        ({"penalties": "3.5"}, "penalties"),
        ({"coercion": None}, "coercion"),
        ({"fees": "1.23456"}, "fees"),
        ({"fees": "一万"}, "fees"),
        ({"review": {"upheld": "1", "corrected": "0", "other": "0"}}, "review.pending"),
        ({"review": "3"}, "review"),
        ({"direct_suit": None}, "direct_suit"),
        (
            {"suit_after_review": {"upheld": "0", "corrected": "0", "other": "x", "pending": "0"}},
            "suit_after_review.other",
        ),
        ({"opening": {"rules": "0"}}, "opening.normative"),
        ({"opening": {"rules": "0", "normative": "2", "extra": "1"}}, "opening.extra"),
        ({"applicants": "3"}, "applicants"),
    ],
)
def test_each_bad_key_is_an_error_on_the_data_file_and_key(project, values, key):
    _, errors, _ = problems_of(project, {DATA: data(**values), REPORT: report()})
    assert_reported(errors, DATA, key)


def test_all_problems_of_a_data_file_at_once(project):
    text = data(licensing="x", fees="-2", review={"upheld": "a"})
    _, errors, _ = problems_of(project, {DATA: text, REPORT: report()})
    for key in ("licensing", "fees", "review.upheld", "review.corrected"):
        assert_reported(errors, DATA, key)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("catalogs/annual-reports/tyc/2025.yml", "不是行政机关"),
        ("catalogs/annual-reports/nobody/2025.yml", "不在 catalogs/orgs.yml"),
        ("catalogs/annual-reports/mzj/2025-report.yml", "应为 catalogs/annual-reports/"),
        ("catalogs/annual-reports/mzj/2027.yml", "尚未开始"),
    ],
)
def test_a_data_file_in_the_wrong_place_is_an_error(project, path, words):
    _, errors, _ = problems_of(project, {path: data()})
    message = assert_reported(errors, path, "file")
    assert words in message


def test_a_data_file_that_is_not_a_mapping_is_an_error(project):
    _, errors, _ = problems_of(project, {DATA: "- 1\n- 2\n"})
    assert_reported(errors, DATA, "file")


def test_a_data_file_without_its_report_is_a_warning(project):
    _, errors, warnings = problems_of(project, {DATA: data()})
    assert errors == []
    assert "没有 year 为 2025 的年度报告" in assert_reported(warnings, DATA, "file")


# -- Table A against a hand count --------------------------------------------------------------


def test_table_a_from_public_documents_by_hand(project):
    files = {
        DATA: data(),
        REPORT: report(),
        "content/mzj/2024/a.md": policy("甲", "2024-03-01"),  # in force, made 2024
        "content/mzj/2024/b.md": policy("乙", "2024-05-01", abolished="2025-06-30"),
        "content/mzj/2025/c.md": policy("丙", "2025-02-01"),  # made 2025
        "content/mzj/2025/d.md": policy("丁", "2025-04-01", abolished="2025-11-01"),
        "content/mzj/2025/e.md": policy("戊", "2025-05-01", category="规章"),
        "content/mzj/2025/f.md": policy("己", "2025-06-01", category="其他文件"),  # not counted
        "content/mzj/2026/g.md": policy("庚", "2026-01-10"),  # next year
        # withheld: never counted (and a warning: Art. 20(一) requires publication)
        "content/mzj/2025/h.md": policy(
            "辛", "2025-07-01", attribute="依申请公开", attribute_basis="《条例》第十六条"
        ),
    }
    site, errors, warnings = problems_of(project, files)
    assert errors == []
    a = site.reports.by_key[("mzj", 2025)].table_a
    # 规章: 戊 made; 行政规范性文件: 丙 and 丁 made, 乙 and 丁 abolished, 甲 and 丙 in force
    assert a.made == (1, 2)
    assert a.abolished == (0, 2)
    assert a.in_force == (1, 2)
    assert_reported(warnings, "content/mzj/2025/h.md", "attribute")


def test_the_opening_balance_carries_documents_content_does_not_hold(project):
    files = {
        "catalogs/annual-reports/mzj/2024.yml": data(opening={"rules": "1", "normative": "5"}),
        DATA: data(),
        "content/mzj/2025/nianbao-2024.md": report(2024),
        REPORT: report(),
        "content/mzj/2023/old.md": policy("旧", "2023-03-01", abolished="2025-03-01"),
        "content/mzj/2024/a.md": policy("甲", "2024-03-01"),
        "content/mzj/2025/c.md": policy("丙", "2025-02-01"),
    }
    site, errors, _ = problems_of(project, files)
    assert errors == []
    y24 = site.reports.by_key[("mzj", 2024)].table_a
    y25 = site.reports.by_key[("mzj", 2025)].table_a
    # 2024: 5 in force at the end of 2023 (旧 among them) + 甲 = 6
    assert y24.in_force == (1, 6) and y24.made == (0, 1)
    # 2025: 6 + 丙 - 旧 = 6: 现行有效(Y) = 现行有效(Y-1) + 制发(Y) - 废止(Y)
    assert y25.made == (0, 1) and y25.abolished == (0, 1)
    assert y25.in_force[1] == y24.in_force[1] + y25.made[1] - y25.abolished[1] == 6


def test_a_scheduled_document_is_not_counted(project):
    files = {
        DATA: data(),
        REPORT: report(),
        "content/mzj/2025/c.md": policy("丙", "2025-02-01", published="2026-12-20"),
    }
    site, errors, _ = problems_of(project, files)
    assert errors == []
    assert site.reports.by_key[("mzj", 2025)].table_a.made == (0, 0)


# -- Table B and the fee from the register ----------------------------------------------------


def test_table_b_and_the_fee_come_from_the_register(project):
    rows = [
        {
            "id": "A1",
            "applicant": "自然人",
            "channel": "当面",
            "arrived": "2025-03-02",
            "events": [
                {"type": "收费通知", "date": "2025-03-10", "amount": "120"},
                {"type": "缴费", "date": "2025-03-12"},
            ],
            "result": "予以公开",
            "replied": "2025-03-30",
        },
        {"id": "A2", "applicant": "科研机构", "channel": "当面", "arrived": "2025-12-29"},
    ]
    files = {DATA: data(), REPORT: report(), REGISTER: yaml.safe_dump(rows, allow_unicode=True)}
    site, errors, _ = problems_of(project, files)
    assert errors == []
    r = site.reports.by_key[("mzj", 2025)]
    assert r.table_b.received["总计"] == 2 and r.table_b.carried_out["科研机构"] == 1
    assert str(r.fee_yuan) == "120"


# -- one source of truth, duplicates, years ----------------------------------------------------

TYPED_A = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n"


def test_a_typed_table_in_a_computed_report_is_an_error_on_body(project):
    body = f"**二、主动公开政府信息情况**\n\n{TYPED_A}\n"
    _, errors, _ = problems_of(project, {DATA: data(), REPORT: report(body=body)})
    message = assert_reported(errors, REPORT, "body")
    assert DATA in message


def test_a_typed_html_table_in_a_computed_report_is_an_error_too(project):
    body = "**三、收到和处理政府信息公开申请情况**\n\n<table><tr><td>一、本年新收政府信息公开申请数量</td><td>3</td></tr></table>\n"
    _, errors, _ = problems_of(project, {DATA: data(), REPORT: report(body=body)})
    assert_reported(errors, REPORT, "body")


def test_a_table_shown_in_a_code_block_is_not_a_typed_table(project):
    body = f"示例：\n\n```\n{TYPED_A}```\n"
    _, errors, _ = problems_of(project, {DATA: data(), REPORT: report(body=body)})
    assert errors == []


def test_two_reports_of_one_year_are_an_error_on_year_in_both(project):
    files = {DATA: data(), REPORT: report(), "content/mzj/2026/again.md": report()}
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, REPORT, "year")
    assert_reported(errors, "content/mzj/2026/again.md", "year")


def test_a_report_without_year_takes_it_from_its_title_with_a_warning(project):
    site, errors, warnings = problems_of(project, {DATA: data(), REPORT: report(year_text="")})
    assert errors == []
    assert "按标题认定为 2025 年度" in assert_reported(warnings, REPORT, "year")
    assert site.reports.by_key[("mzj", 2025)].computed


def test_a_malformed_year_is_an_error(project):
    _, errors, _ = problems_of(project, {REPORT: report(year_text="二〇二五")})
    assert_reported(errors, REPORT, "year")


def test_the_current_reporting_year_without_data_file_is_a_warning(project):
    _, errors, warnings = problems_of(project, {REPORT: report()})
    assert errors == []
    assert "没有数据文件" in assert_reported(warnings, REPORT, "year")


def test_an_older_year_without_data_file_draws_no_such_warning(project):
    _, _, warnings = problems_of(project, {"content/mzj/2025/nianbao-2024.md": report(2024)})
    assert not [w for w in warnings if "没有数据文件" in w]


def test_a_village_report_is_not_an_annual_report_in_the_law_s_sense(project):
    village = report(org="tyc", catalog="fdzdgk-02")
    _, errors, warnings = problems_of(project, {"content/tyc/2026/baogao.md": village})
    assert errors == []
    assert not [w for w in warnings if w.startswith("content/tyc/2026/baogao.md:year")]


# -- hand-entered reports ---------------------------------------------------------------------

B_HEADER = "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
LEAVES = [
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    *(
        f"{n}.{x}"
        for n, x in enumerate(
            [
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ],
            1,
        )
    ),
    *(
        f"{n}.{x}"
        for n, x in enumerate(
            ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1
        )
    ),
    *(
        f"{n}.{x}"
        for n, x in enumerate(
            [
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ],
            1,
        )
    ),
    *(
        f"{n}.{x}"
        for n, x in enumerate(
            [
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "其他",
            ],
            1,
        )
    ),
]


def b_row(label: str, values: list[int] | None = None, total: int | None = None) -> str:
    values = values if values is not None else [0] * 6
    total = sum(values) if total is None else total
    return f"| {label} | " + " | ".join(str(v) for v in [*values, total]) + " |\n"


def typed_b(
    *, received=(2,), carried_in=(0,), granted=(2,), carried_out=(0,), concluded=None, extra=""
) -> str:
    def six(first):
        return [*first, *[0] * (6 - len(first))]

    rows = b_row("一、本年新收政府信息公开申请数量", six(received))
    rows += b_row("二、上年结转政府信息公开申请数量", six(carried_in))
    rows += "| 三、本年度办理结果 | | | | | | | |\n"
    rows += b_row(LEAVES[0], six(granted))
    for leaf in LEAVES[1:]:
        rows += b_row(leaf)
    rows += b_row("（七）总计", six(concluded if concluded is not None else granted))
    rows += b_row("四、结转下年度继续办理", six(carried_out))
    return B_HEADER + rows + extra


C_TABLE = "| 项目 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|---|\n| 行政复议 | 1 | 0 | 0 | 0 | 1 |\n| 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 |\n| 复议后起诉 | 0 | 0 | 0 | 0 | 0 |\n"


def hand(year: int, table_b: str, table_c: str = C_TABLE, table_a: str = TYPED_A) -> str:
    body = (
        f"**二、主动公开政府信息情况**\n\n{table_a}\n**三、收到和处理政府信息公开申请情况**\n\n"
        f"{table_b}\n**四、政府信息公开行政复议、行政诉讼情况**\n\n{table_c}\n"
    )
    return report(year, body=body)


HAND_PATH = "content/mzj/2025/nianbao-2024.md"


def typed_warnings(project, text: str, year: int = 2024) -> list[str]:
    path = f"content/mzj/{year + 1}/nianbao-{year}.md"
    _, errors, warnings = problems_of(project, {path: text})
    assert errors == []
    return [w for w in warnings if w.startswith(f"{path}:body")]


def test_a_correct_hand_entered_report_draws_no_warning(project):
    assert typed_warnings(project, hand(2024, typed_b())) == []


def test_an_unofficial_row_label_is_a_warning_with_its_line(project):
    text = hand(2024, typed_b(extra="| 五、其他申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"))
    found = typed_warnings(project, text)
    assert len(found) == 1 and "五、其他申请" in found[0]
    line = int(found[0].split("第 ")[-1].split(" 行")[0]) if "第 " in found[0] else None
    source = text.splitlines()
    assert line is None or "五、其他申请" in source[line - 1]


def test_a_cell_that_is_not_a_number_is_a_warning(project):
    bad = typed_b().replace("| 1.属于国家秘密 | 0 |", "| 1.属于国家秘密 | 无 |")
    found = typed_warnings(project, hand(2024, bad))
    assert any("“无”不是非负数" in w for w in found)


def test_one_plus_two_must_equal_seven_plus_four_in_each_column(project):
    found = typed_warnings(
        project, hand(2024, typed_b(received=(3,), concluded=(2,), granted=(2,)))
    )
    assert any("第一项加第二项之和（3+0）" in w and "自然人" in w for w in found)


def test_seven_must_be_the_sum_of_the_leaves(project):
    found = typed_warnings(project, hand(2024, typed_b(concluded=(1,), carried_out=(1,))))
    assert any("（七）总计 1 ≠ 21 项办理结果之和 2" in w for w in found)


def test_a_row_total_must_be_the_sum_of_six_columns(project):
    table = typed_b().replace(
        b_row("一、本年新收政府信息公开申请数量", [2, 0, 0, 0, 0, 0]),
        b_row("一、本年新收政府信息公开申请数量", [2, 0, 0, 0, 0, 0], total=3),
    )
    found = typed_warnings(project, hand(2024, table))
    assert any("总计 3 ≠ 六类申请人之和 2" in w for w in found)


def test_table_c_total_must_be_the_sum_of_its_four(project):
    table_c = C_TABLE.replace(
        "| 行政复议 | 1 | 0 | 0 | 0 | 1 |", "| 行政复议 | 1 | 0 | 0 | 0 | 2 |"
    )
    found = typed_warnings(project, hand(2024, typed_b(), table_c=table_c))
    assert any("行政复议" in w and "总计 2" in w for w in found)


def test_reports_before_2021_are_not_checked(project):
    bad = hand(2020, typed_b(received=(9,)))
    assert typed_warnings(project, bad, 2020) == []


def test_carry_over_across_years_names_both_files(project):
    files = {
        HAND_PATH: hand(2024, typed_b(received=(3,), carried_out=(1,))),
        REPORT: report(),
        DATA: data(),
    }
    _, errors, warnings = problems_of(project, files)
    assert errors == []
    found = [w for w in warnings if w.startswith(f"{REPORT}:body") and "“自然人”列" in w]
    assert len(found) == 1 and HAND_PATH in found[0] and "为 1" in found[0] and "为 0" in found[0]


# -- portal audit reports ---------------------------------------------------------------------


def audit(project, today: str = "2026-11-30") -> list[dict]:
    result = project.portal("audit", "reports", "--json", "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["reports"]


def test_audit_reports_late_missing_and_not_computed(project):
    project.write(
        {
            # mzj published a notice in 2025 (BASE_FILES): its 2025 report is due 2026-01-31
            REPORT: report(published="2026-02-03"),
            # qsz published since 2024: 2024 missing, 2025 on time
            "content/qsz/2024/n.md": doc(
                {
                    "title": "青石镇通知",
                    "attribute": "主动公开",
                    "org": "qsz",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2024-05-01",
                }
            ),
            "content/qsz/2026/nb.md": report(
                org="qsz", published="2026-01-30", title="青石镇2025年政府信息公开工作年度报告"
            ),
        }
    )
    findings = audit(project)
    assert all(
        set(f) == {"kind", "org", "year", "due", "published", "path", "message"} for f in findings
    )
    late = [f for f in findings if f["kind"] == "late"]
    assert late == [
        {
            "kind": "late",
            "org": "mzj",
            "year": 2025,
            "due": "2026-01-31",
            "published": "2026-02-03",
            "path": REPORT,
            "message": late[0]["message"],
        }
    ]
    missing = {(f["org"], f["year"]) for f in findings if f["kind"] == "missing"}
    assert (
        ("qsz", 2024) in missing and ("qsz", 2025) not in missing and ("mzj", 2025) not in missing
    )
    assert {(f["org"], f["year"]) for f in findings if f["kind"] == "not_computed"} == {
        ("mzj", 2025),
        ("qsz", 2025),
    }
    # before the due date a report is not missing yet
    early = audit(project, "2025-01-20")
    assert ("qsz", 2024) not in {(f["org"], f["year"]) for f in early if f["kind"] == "missing"}


def test_the_district_government_reports_by_31_march(project):
    from disclosure_portal.model.records import Org
    from disclosure_portal.rules.annualreport import due_date

    qzf = Org(id="qzf", name="区政府", kind="区政府", code="")
    mzj = Org(id="mzj", name="民政局", kind="区政府部门", code="")
    town = Org(id="qsz", name="镇", kind="乡镇", code="")
    assert str(due_date(qzf, 2025)) == "2026-03-31"
    assert str(due_date(mzj, 2025)) == str(due_date(town, 2025)) == "2026-01-31"


def test_an_opening_too_small_for_what_was_abolished_is_an_error_on_opening(project):
    files = {
        DATA: data(opening={"rules": "0", "normative": "0"}),
        REPORT: report(),
        "content/mzj/2023/old.md": policy("旧", "2023-03-01", abolished="2025-03-01"),
    }
    _, errors, _ = problems_of(project, files)
    assert "不能为负" in assert_reported(errors, DATA, "opening.normative")


def test_year_on_another_type_and_a_year_not_ended_are_warnings(project):
    notice = doc(
        {
            "title": "关于开展年度工作的通知",
            "attribute": "主动公开",
            "org": "mzj",
            "type": "通知公告",
            "year": "2025",
            "catalog": "fdzdgk-02",
            "published": "2026-02-01",
        },
        "通知。\n",
    )
    future = "content/mzj/2026/nianbao-2026.md"
    _, errors, warnings = problems_of(
        project, {"content/mzj/2026/n.md": notice, future: report(2026, published="2026-11-20")}
    )
    assert errors == []
    assert "只用于年度报告" in assert_reported(warnings, "content/mzj/2026/n.md", "year")
    assert "尚未结束" in assert_reported(warnings, future, "year")


# -- labels as people type them (SPEC: Hand-entered reports) ----------------------------------


def half_width(label: str) -> str:
    """The label as typed on a half-width keyboard: (一), ASCII commas and colons, 1、, "…"."""
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "“": '"', "”": '"'})
    typed = label.translate(table)
    return typed.replace(".", "、", 1) if typed[:1].isdigit() else typed


def test_half_width_variants_of_the_official_labels_draw_no_label_warning(project):
    table = typed_b()
    for label in [*LEAVES, "（七）总计", "三、本年度办理结果"]:
        table = table.replace(f"| {label} |", f"| {half_width(label)} |")
    assert "| (一)予以公开 |" in table and "| 1、属于国家秘密 |" in table
    assert '危及"三安全一稳定"' in table
    table_a = TYPED_A.replace("信息内容", "信息内容 ") + "| 第二十条第(五)项 | | | |\n"
    assert typed_warnings(project, hand(2024, table, table_a=table_a)) == []


def test_a_half_width_table_is_still_checked_and_its_labels_are_still_labels(project):
    # the arithmetic of rows found by their folded labels (（七）总计 typed as (七)总计)
    table = typed_b(concluded=(1,), carried_out=(1,)).replace("| （七）总计 |", "| (七)总计 |")
    found = typed_warnings(project, hand(2024, table))
    assert any("（七）总计 1 ≠ 21 项办理结果之和 2" in w for w in found)
    # a label that is not official in any form is still a warning
    other = typed_b(extra="| (八)其他情况 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
    assert any("(八)其他情况" in w for w in typed_warnings(project, hand(2024, other)))


def test_a_half_width_typed_table_in_a_computed_report_is_an_error_too(project):
    table = typed_b()
    for label in [*LEAVES, "（七）总计", "三、本年度办理结果"]:
        table = table.replace(f"| {label} |", f"| {half_width(label)} |")
    for label in ("一、本年新收", "二、上年结转", "三、本年度", "四、结转下年度"):
        table = table.replace(f"| {label}", f"| {label.replace('、', '.')}")
    rows = table.split("\n", 2)[2]  # below the header
    assert "| （" not in rows and "、本年" not in rows  # no label in its official form
    body = f"**三、收到和处理政府信息公开申请情况**\n\n{table}"
    _, errors, _ = problems_of(project, {DATA: data(), REPORT: report(body=body)})
    assert DATA in assert_reported(errors, REPORT, "body")


# -- due dates: not before the 条例, and from the organisation's first year -------------------


def notice_of(org: str, published: str) -> str:
    return doc(
        {
            "title": "青石镇工作通知",
            "attribute": "主动公开",
            "org": org,
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "published": published,
        }
    )


def test_no_report_is_wanted_for_a_year_before_2008(project):
    project.write({"content/qsz/2005/n.md": notice_of("qsz", "2005-06-01")})
    missing = {f["year"] for f in audit(project) if f["kind"] == "missing" and f["org"] == "qsz"}
    assert min(missing) == 2008 and 2007 not in missing
    assert set(range(2008, 2026)) <= missing


def test_a_late_report_in_an_organisations_first_year_is_late(project):
    # the office's first public document is its report on 2024, published after 31 January 2025
    project.write(
        {
            "content/qsz/2025/nb.md": report(
                2024,
                org="qsz",
                published="2025-02-20",
                title="青石镇2024年政府信息公开工作年度报告",
            )
        }
    )
    findings = [f for f in audit(project) if f["org"] == "qsz"]
    late = [(f["year"], f["due"]) for f in findings if f["kind"] == "late"]
    assert late == [(2024, "2025-01-31")]
    # on time, it is not
    project.write(
        {
            "content/qsz/2025/nb.md": report(
                2024,
                org="qsz",
                published="2025-01-20",
                title="青石镇2024年政府信息公开工作年度报告",
            )
        }
    )
    assert [f for f in audit(project) if f["org"] == "qsz" and f["kind"] == "late"] == []


def test_reports_on_2018_and_earlier_were_due_by_31_march(project):
    from disclosure_portal.model.records import Org
    from disclosure_portal.rules.annualreport import due_date

    mzj = Org(id="mzj", name="民政局", kind="区政府部门", code="")
    assert str(due_date(mzj, 2018)) == "2019-03-31"  # 2007 text, Art. 31
    assert str(due_date(mzj, 2019)) == "2020-01-31"  # 2019 text, Art. 49
    project.write(
        {
            "content/qsz/2017/n.md": notice_of("qsz", "2017-06-01"),
            "content/qsz/2018/nb.md": report(
                2017,
                org="qsz",
                published="2018-03-20",
                title="青石镇2017年政府信息公开工作年度报告",
            ),
        }
    )
    findings = [f for f in audit(project) if f["org"] == "qsz" and f["year"] == 2017]
    assert [f["kind"] for f in findings] == []
