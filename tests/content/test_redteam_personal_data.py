"""Red-team findings on personal data (issue 22, work package R): real government text that
must not alarm, next to the personal numbers of the same shape that must."""

from __future__ import annotations

from helpers import notice_with, problems_of

from disclosure_portal.rules.privacy import scan_text

PUBLIC = "content/mzj/2025/public.md"


def public(body: str) -> str:
    return notice_with(body, "区级重点项目2025年预算安排情况")


def personal(project, body: str) -> list[str]:
    _, errors, _ = problems_of(project, {PUBLIC: public(body)})
    return [e for e in errors if e.startswith(f"{PUBLIC}:body:") and "个人信息" in e]


BUDGET = (
    "| 序号 | 项目 | 预算金额（元） |\n|---|---|---|\n"
    "| 1 | 城区道路维修 | 13800138000 |\n| 2 | 老旧小区改造 | 15902261500.00 |\n"
)


def test_a_figure_in_an_amount_column_is_not_a_mobile_number(project):
    """The unit is in the column's header, as budget tables write it."""
    assert personal(project, BUDGET) == []


def test_a_mobile_number_in_a_contact_column_is_still_personal(project):
    table = "| 姓名 | 补助金额（元） | 联系电话 |\n|---|---|---|\n| 张三 | 1200 | 13800138000 |\n"
    assert len(personal(project, table)) == 1


def test_a_mobile_number_grouped_in_an_amount_column_is_personal(project):
    """Only a figure is a figure: a number grouped like a phone (or with a name) still counts."""
    table = (
        "| 项目 | 金额（元） |\n|---|---|\n| 张三 | 138 0013 8000 |\n| 李四 | 李四13900139000 |\n"
    )
    assert [f.value for f in scan_text(table)] == ["13800138000", "13900139000"]
    assert len(personal(project, table)) == 2  # an error a number


def test_the_amount_column_ends_with_its_table():
    text = "| 项目 | 金额（元） |\n|---|---|\n| 道路维修 | 13800138000 |\n\n值班电话：13900139000\n"
    assert [f.value for f in scan_text(text)] == ["13900139000"]


def test_tab_separated_rows_of_a_spreadsheet_have_amount_columns_too():
    """The rows an .xlsx reader produces: the first row is the header."""
    assert scan_text("项目\t预算（万元）\n道路维修\t13800138000\n") == []
    assert "手机号码" in {f.kind for f in scan_text("姓名\t手机\n张三\t13800138000\n")}
