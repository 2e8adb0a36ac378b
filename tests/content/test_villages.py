"""村（居）务公开 (SPEC: Village affairs): the committee's page, the yearly village catalog, the
`period` of its documents and `portal audit villages` (missing periods, at the due dates)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers import ORGS, assert_reported, doc, problems_of

from disclosure_portal.model.records import Column, Org
from disclosure_portal.plan.platform import empty_columns, platform_pages, platform_title
from disclosure_portal.read.catalogs import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS
from disclosure_portal.report.villages import VILLAGE_KEYS, villages

CATALOG_2025 = "catalogs/villages/2025.yml"
FIXED = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


def credit_code(body: str) -> str:
    """`body` (17 characters) with its GB 32100 check character."""
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, CREDIT_CODE_WEIGHTS, strict=False)
    )
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


MORE_ORGS = f"""\
- id: hxj
  name: 青石镇荷花街居民委员会
  kind: 村（居）委员会
  parent: qsz
  code: {credit_code("54500299307158430")}
- id: xqs
  name: 青石镇新区社区
  kind: 村（居）委员会
  parent: qsz
  code: {credit_code("54500299307158431")}
"""


def village_catalog(year: str = "2025", status: str = "已审核", items: str | None = None) -> str:
    reviewed = (
        f"reviewed_on: {year}-02-14\nreviewed_by: 测试区民政局\n" if status == "已审核" else ""
    )
    return f"year: {year}\nstatus: {status}\n{reviewed}items:\n" + (
        items
        if items is not None
        else """\
  - id: cw
    name: 村级财务收支
    content: 当月收入、支出和结余
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 月
  - id: jz
    name: 低保和救助对象
    content: 低保、特困和临时救助的户数、人数和金额
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 季
  - id: sj
    name: 审计结果
    content: 年度财务审计结果
    basis: 《中华人民共和国村民委员会组织法》第三十五条
    cadence: 年
  - id: zd
    name: 重大事项
    content: 一事一议等重大事项
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 随时
"""
    )


def village_doc(
    catalog: str = "cw", period: str | None = "2025-01", published: str = "2025-02-05", **extra
) -> str:
    front = {
        "title": f"桃源村{period or published}公开",
        "attribute": "主动公开",
        "org": "tyc",
        "type": "通知公告",
        "catalog": catalog,
        "period": period,
        "published": published,
        **extra,
    }
    return doc({k: v for k, v in front.items() if v is not None}, "现将有关情况公开如下。\n")


@pytest.fixture
def village(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")
    return project.write(
        {
            "catalogs/orgs.yml": ORGS + MORE_ORGS,
            CATALOG_2025: village_catalog(),
        }
    )


# --- the committee's page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("青石镇桃源村村民委员会", "村务公开"),
        ("青石镇荷花街居民委员会", "居务公开"),
        ("青石镇新区社区", "村（居）务公开"),
    ],
)
def test_a_committee_page_is_titled_by_its_name(name, title):
    org = Org(id="v", name=name, kind="村（居）委员会", parent="qsz")
    assert platform_title(org) == title
    assert platform_title(Org(id="qsz", name="青石镇人民政府", kind="乡镇")) == "政府信息公开"


def test_generated_pages_of_each_committee(village):
    site = village.load()
    assert [str(p) for p in site.errors] == []
    pages = {spec.src_uri: spec for spec in site.pages}
    for org_id, title, name in (
        ("tyc", "村务公开", "青石镇桃源村村民委员会"),
        ("hxj", "居务公开", "青石镇荷花街居民委员会"),
        ("xqs", "村（居）务公开", "青石镇新区社区"),
    ):
        spec = pages[f"disclosure/{org_id}/index.md"]
        assert (spec.title, spec.heading) == (title, name)
        assert not {c.title for c in spec.sections} & set(FIXED)  # no 年报, guide, rules …
        assert f"disclosure/{org_id}/on-request/index.md" not in pages
    assert pages["disclosure/qsz/index.md"].title == "政府信息公开"
    directory = pages["disclosure/index.md"]
    township = dict(directory.groups)["乡镇"]
    assert {o.id for org, children in township if org.id == "qsz" for o in children} == {
        "tyc",
        "hxj",
        "xqs",
    }


def test_the_page_lists_items_newest_period_first_then_own_columns(village):
    village.write(
        {
            "catalogs/orgs.yml": ORGS.replace(
                "  code: 54500299307158429W\n",
                "  code: 54500299307158429W\n  columns:\n    - name: 村务公开指南\n"
                "      types: [公开指南]\n",
            ),
            # the March report was published before the (late) February one
            "content/tyc/2025/cw-03.md": village_doc(period="2025-03", published="2025-04-03"),
            "content/tyc/2025/cw-02.md": village_doc(period="2025-02", published="2025-04-20"),
            "content/tyc/2025/cw-01.md": village_doc(period="2025-01", published="2025-02-05"),
            "content/tyc/2025/zd.md": village_doc("zd", None, "2025-06-01"),
        }
    )
    site = village.load()
    assert [str(p) for p in site.errors] == []
    spec = next(s for s in site.pages if s.src_uri == "disclosure/tyc/index.md")
    assert [c.title for c in spec.sections] == [
        "村级财务收支（按月公开）",
        "低保和救助对象（按季公开）",
        "审计结果（按年公开）",
        "重大事项（随时公开）",
        "村务公开指南",
    ]
    finance = spec.sections[0]
    assert [d.period for d in finance.docs] == ["2025-03", "2025-02", "2025-01"]
    listing = next(s for s in site.pages if s.src_uri == f"{finance.key}/index.md")
    assert [d.period for d in listing.items] == ["2025-03", "2025-02", "2025-01"]
    # only the committee's own empty column is a 空白栏目 warning, never an organ's column
    blank = [str(w) for w in site.warnings if "空白栏目" in str(w) and "（tyc）" in str(w)]
    assert len(blank) == 1 and "村务公开指南" in blank[0]


def test_empty_columns_of_a_committee_are_its_own_columns_only(village):
    site = village.load()
    tyc = site.registry.orgs["tyc"]
    assert empty_columns(tyc, [], site.registry) == []
    with_column = Org(
        id="tyc",
        name=tyc.name,
        kind=tyc.kind,
        parent="qsz",
        columns=(Column(name="通知", types=("通知公告",)),),
    )
    assert empty_columns(with_column, [], site.registry) == ["通知"]
    specs = platform_pages(with_column, [], site.registry, 20)
    assert [c.title for c in specs[0].sections][-1] == "通知"


def test_an_unapproved_catalog_is_neither_shown_nor_used(village):
    village.write({CATALOG_2025: village_catalog(status="已送审")})
    _, errors, warnings = problems_of(village, {"content/tyc/2025/cw-01.md": village_doc()})
    assert errors == []
    assert "尚未审核" in assert_reported(warnings, "content/tyc/2025/cw-01.md", "catalog")
    site = village.load()
    spec = next(s for s in site.pages if s.src_uri == "disclosure/tyc/index.md")
    assert spec.sections == ()
    assert villages(site, dt.date(2026, 11, 30)) == []


# --- the village catalog -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (village_catalog().replace("cadence: 季", "cadence: 半年"), "items[jz].cadence", "无效"),
        (village_catalog().replace("    name: 审计结果\n", ""), "items[sj].name", "缺少"),
        (village_catalog().replace("  - id: cw\n", "  - name2: x\n", 1), "items[0].id", "缺少"),
        (
            village_catalog().replace("    cadence: 随时\n", "    cadence: 随时\n    level: x\n"),
            "items[zd].level",
            "未知的键",
        ),
        (village_catalog().replace("year: 2025", "year: 2024"), "year", "不一致"),
        (village_catalog().replace("reviewed_on: 2025-02-14\n", ""), "reviewed_on", "缺少"),
        (village_catalog().replace("  - id: jz\n", "  - id: cw\n"), "items[cw].id", "重复"),
        (village_catalog() + "    orgs: [nobody]\n", "items[zd].orgs", "不在"),
        (village_catalog() + "    orgs: [qsz]\n", "items[zd].orgs", "不是村（居）委员会"),
        (
            village_catalog().replace("  - id: sj\n", "  - id: shjz-01\n"),
            "items[shjz-01].id",
            "标准目录",
        ),
        ("- 一\n- 二\n", "file", "映射"),
    ],
)
def test_catalog_problems_name_file_and_key(village, text, key, words):
    _, errors, _ = problems_of(village, {CATALOG_2025: text})
    assert words in assert_reported(errors, CATALOG_2025, key)


def test_a_misplaced_catalog_file_is_reported(village):
    _, errors, _ = problems_of(village, {"catalogs/villages/tyc/2025.yml": village_catalog()})
    assert "每年一个文件" in assert_reported(errors, "catalogs/villages/tyc/2025.yml", "file")


def test_village_items_resolve_and_a_standard_id_stays_standard(village):
    _, errors, _ = problems_of(
        village,
        {
            "content/tyc/2025/cw-01.md": village_doc(),
            "content/tyc/2025/bad.md": village_doc("no-such-item", None),
        },
    )
    assert not [e for e in errors if e.startswith("content/tyc/2025/cw-01.md")]
    assert "不存在" in assert_reported(errors, "content/tyc/2025/bad.md", "catalog")


def test_the_same_id_in_two_years_is_one_item(village):
    later = village_catalog("2026").replace("cadence: 季", "cadence: 月")
    _, errors, _ = problems_of(
        village,
        {
            "catalogs/villages/2026.yml": later,
            "content/tyc/2025/jz.md": village_doc("jz", "2025Q4", "2026-01-10"),
            "content/tyc/2026/jz.md": village_doc("jz", "2026-01", "2026-02-10"),
        },
    )
    assert errors == []


def test_a_committee_column_may_name_a_village_item(village):
    orgs = ORGS.replace(
        "  code: 54500299307158429W\n",
        "  code: 54500299307158429W\n  columns:\n    - name: 财务\n      items: [cw]\n",
    )
    _, errors, _ = problems_of(village, {"catalogs/orgs.yml": orgs})
    assert errors == []


# --- period ----------------------------------------------------------------------------------------

PERIOD_CASES = [
    ("cw", "2025-03", None),
    ("cw", "2025-12", None),
    ("cw", "2025-13", "写法无效"),
    ("cw", "2025Q1", "应写成 YYYY-MM"),
    ("cw", "2025", "应写成 YYYY-MM"),
    ("cw", "25-03", "写法无效"),
    ("jz", "2025Q4", None),
    ("jz", "2025Q5", "写法无效"),
    ("jz", "2025-04", "应写成 YYYYQn"),
    ("sj", "2025", None),
    ("sj", "2025-01", "应写成 YYYY"),
    ("cw", "2024Q2", None),  # no village catalog for 2024: accepted as written
    ("sj", "2024-02", None),
]


@pytest.mark.parametrize(("item", "period", "words"), PERIOD_CASES)
def test_period_form_follows_the_cadence(village, item, period, words):
    path = "content/tyc/2025/d.md"
    _, errors, _ = problems_of(village, {path: village_doc(item, period)})
    if words is None:
        assert not [e for e in errors if e.startswith(path)], errors
    else:
        assert words in assert_reported(errors, path, "period")


@pytest.mark.parametrize("item", ["cw", "jz", "sj"])
def test_period_is_required_under_a_regular_item(village, item):
    path = "content/tyc/2025/d.md"
    _, errors, _ = problems_of(village, {path: village_doc(item, None)})
    assert "缺少" in assert_reported(errors, path, "period")


def test_period_is_not_used_under_any_time_items_or_standard_items(village):
    _, errors, warnings = problems_of(
        village,
        {
            "content/tyc/2025/zd.md": village_doc("zd", None),
            "content/tyc/2025/zd2.md": village_doc("zd", "2025-03"),
            "content/mzj/2025/p.md": doc(
                {
                    "title": "民政局通知",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "period": "2025-03",
                    "published": "2025-03-05",
                },
                "正文。\n",
            ),
        },
    )
    assert errors == []
    assert not [w for w in warnings if w.startswith("content/tyc/2025/zd.md")]
    assert "随时" in assert_reported(warnings, "content/tyc/2025/zd2.md", "period")
    assert "不起作用" in assert_reported(warnings, "content/mzj/2025/p.md", "period")


def test_an_organ_filing_under_a_village_item_is_warned(village):
    notice = doc(
        {
            "title": "镇财务通知",
            "attribute": "主动公开",
            "org": "qsz",
            "type": "通知公告",
            "catalog": "cw",
            "period": "2025-03",
            "published": "2025-04-05",
        },
        "正文。\n",
    )
    _, errors, warnings = problems_of(village, {"content/qsz/2025/n.md": notice})
    assert errors == []
    assert "不是村（居）委员会" in assert_reported(warnings, "content/qsz/2025/n.md", "catalog")


# --- portal audit villages -------------------------------------------------------------------------


def _gaps(project, today: str) -> dict[tuple[str, str, int], list[str]]:
    site = project.load()
    assert [str(p) for p in site.errors] == []
    return {
        (f.data["org"], f.data["item"], f.data["year"]): f.data["missing"]
        for f in villages(site, dt.date.fromisoformat(today))
    }


def test_missing_periods_exactly(village):
    village.write(
        {
            "content/tyc/2025/cw-01.md": village_doc(period="2025-01"),
            "content/tyc/2025/cw-03.md": village_doc(period="2025-03", published="2025-04-02"),
            "content/tyc/2025/jz-1.md": village_doc("jz", "2025Q1", "2025-04-10"),
            "content/tyc/2025/sj.md": village_doc("sj", "2025", "2026-01-20"),
            # not public, and scheduled: neither counts
            "content/tyc/2025/cw-02.md": village_doc(
                period="2025-02", attribute="不予公开", attribute_basis="第十六条"
            ),
            "content/tyc/2025/cw-04.md": village_doc(period="2025-04", published="2026-12-25"),
        }
    )
    gaps = _gaps(village, "2026-11-30")
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    assert gaps[("tyc", "cw", 2025)] == [m for m in months if m not in ("2025-01", "2025-03")]
    assert gaps[("tyc", "jz", 2025)] == ["2025Q2", "2025Q3", "2025Q4"]
    assert gaps[("tyc", "sj", 2025)] == []  # due, published: an entry with nothing missing
    assert ("tyc", "zd", 2025) not in gaps  # 随时: no periods
    assert gaps[("hxj", "jz", 2025)] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert {key[0] for key in gaps} == {"tyc", "hxj", "xqs"}  # committees only


@pytest.mark.parametrize(
    ("today", "monthly", "quarterly", "yearly"),
    [
        ("2025-02-27", None, None, None),  # 2025-01 is due on 2025-02-28
        ("2025-02-28", ["2025-01"], None, None),
        ("2025-03-30", ["2025-01"], None, None),
        ("2025-03-31", ["2025-01", "2025-02"], None, None),
        ("2025-04-29", ["2025-01", "2025-02"], None, None),  # 2025Q1 is due on 2025-04-30
        ("2025-04-30", ["2025-01", "2025-02", "2025-03"], ["2025Q1"], None),
        (
            "2026-01-30",
            [f"2025-{m:02d}" for m in range(1, 12)],
            [f"2025Q{q}" for q in (1, 2, 3)],
            None,
        ),
        (
            "2026-01-31",
            [f"2025-{m:02d}" for m in range(1, 13)],
            [f"2025Q{q}" for q in range(1, 5)],
            ["2025"],
        ),
    ],
)
def test_periods_are_due_on_the_last_day_of_the_next_month(
    village, today, monthly, quarterly, yearly
):
    gaps = _gaps(village, today)
    assert gaps.get(("xqs", "cw", 2025)) == monthly
    assert gaps.get(("xqs", "jz", 2025)) == quarterly
    assert gaps.get(("xqs", "sj", 2025)) == yearly


def test_an_item_applies_to_the_committees_it_names(village):
    items = village_catalog().replace("    cadence: 年\n", "    cadence: 年\n    orgs: [hxj]\n")
    village.write({CATALOG_2025: items})
    gaps = _gaps(village, "2026-11-30")
    assert ("hxj", "sj", 2025) in gaps
    assert ("tyc", "sj", 2025) not in gaps and ("xqs", "sj", 2025) not in gaps


def test_audit_villages_json_has_the_spec_keys_and_names_the_township(village):
    village.write({"content/tyc/2025/cw-01.md": village_doc()})
    result = village.portal("audit", "villages", "--today", "2025-03-31", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    entries = json.loads(result.stdout)["villages"]
    tyc = [e for e in entries if e["org"] == "tyc" and e["item"] == "cw"]
    assert tyc == [
        {
            "kind": "missing",
            "org": "tyc",
            "item": "cw",
            "name": "村级财务收支",
            "cadence": "月",
            "year": 2025,
            "missing": ["2025-02"],
            "message": tyc[0]["message"],
        }
    ]
    assert list(tyc[0]) == list(VILLAGE_KEYS)
    assert "测试区青石镇人民政府" in tyc[0]["message"] and "2025-02" in tyc[0]["message"]
    text = village.portal("audit", "villages", "--today", "2025-03-31")
    assert "缺 1 期：2025-02" in text.stdout
    failing = village.portal("audit", "villages", "--today", "2025-03-31", "--fail-on-findings")
    assert failing.returncode == 3


def test_fail_on_findings_counts_missing_periods_only(village):
    only_tyc = village_catalog().split("  - id: jz\n")[0] + "    orgs: [tyc]\n"
    village.write({CATALOG_2025: only_tyc, "content/tyc/2025/cw-01.md": village_doc()})
    gaps = _gaps(village, "2025-02-28")
    assert gaps == {("tyc", "cw", 2025): []}
    result = village.portal("audit", "villages", "--today", "2025-02-28", "--fail-on-findings")
    assert result.returncode == 0, result.stdout + result.stderr
