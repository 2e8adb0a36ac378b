"""Standard catalogs, the 基层政务公开 pages, every organisation's 政府信息公开 platform, coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import doc, public_notice
from leakutil import find_markers
from test_validation import assert_reported, problems_of

YLFW = """\
code: ylfw
name: 养老服务
guideline: 示例市养老服务领域基层政务公开标准指引
status: 已送审
items:
  - id: ylfw-01
    level1: 养老机构
    level2: QXUNREVIEWED备案信息
    content: QXUNREVIEWED养老机构备案的内部草稿内容
    basis: 《养老机构管理办法》
    deadline: 信息形成之日起20个工作日内
    deadline_days: 20
    subject: 区民政局
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [区县级]
"""


def with_ylfw(project):
    domains = (project.root / "catalogs/domains.yml").read_text(encoding="utf-8")
    project.write(
        {
            "catalogs/domains.yml": domains + "- code: ylfw\n  name: 养老服务\n",
            "catalogs/ylfw.yml": YLFW,
        }
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target(page: Path, href: str) -> Path:
    resolved = (page.parent / href).resolve()
    return resolved / "index.html" if resolved.is_dir() else resolved


@pytest.fixture
def catalog_site(project):
    with_ylfw(project)
    project.write(
        {
            "content/mzj/2025/a.md": public_notice(
                title="低保政策甲", catalog="shjz-01", published="2025-03-05"
            ),
            "content/qsz/2025/b.md": public_notice(
                title="镇低保政策乙", org="qsz", catalog="shjz-01", published="2025-04-01"
            ),
            "content/mzj/2025/w.md": doc(
                {
                    "title": "QXWITHHELD内部低保材料",
                    "attribute": "不予公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "shjz-01",
                },
                "内部。\n",
            ),
            "content/mzj/2025/y.md": public_notice(
                title="养老机构名单", catalog="ylfw-01", published="2025-05-01"
            ),
            "content/mzj/2025/guide.md": public_notice(
                title="民政局公开指南", type="公开指南", catalog="fdzdgk-02"
            ),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def test_catalog_rows_link_to_item_pages_listing_exactly_the_public_documents(catalog_site):
    site = catalog_site.site
    page = site / "catalog/shjz/index.html"
    html = soup(page)
    assert [h.get_text(strip=True) for h in html.select("h2")] == ["区县级", "乡镇级"]
    header = [th.get_text(strip=True) for th in html.select("table.portal-catalog thead th")]
    for column in (
        "序号",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ):
        assert column in header
    row = html.select_one("table.portal-catalog tbody tr")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[:3] == ["1", "综合业务", "政策法规文件"] and "政府网站、公开查阅点" in cells
    item_page = target(page, row.select_one("a")["href"])
    assert item_page == (site / "catalog/shjz/shjz-01/index.html").resolve()
    titles = [a.get_text(strip=True) for a in soup(item_page).select("table.portal-list td > a")]
    assert titles == ["镇低保政策乙", "低保政策甲"]  # newest first, public only
    assert "2 条" in cells[-1]  # the withheld document is not counted


def test_entry_page_lists_every_domain_with_public_counts(catalog_site):
    rows = {
        tr.select_one("td").get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in soup(catalog_site.site / "catalog/index.html").select("tbody tr")
    }
    assert list(rows) == ["社会救助", "法定主动公开内容", "养老服务"]
    assert "2 条" in rows["社会救助"] and "1 项" in rows["社会救助"]
    assert "目录尚未发布" in rows["养老服务"]


def test_unreviewed_catalog_text_is_a_fingerprint(catalog_site):
    planted = catalog_site.site / "planted.html"
    planted.write_text("<p>QXUNREVIEWED养老机构备案的内部草稿内容</p>", encoding="utf-8")
    result = catalog_site.portal("check-site", "site")
    assert result.returncode == 1 and "未审核目录" in result.stdout
    planted.unlink()
    assert catalog_site.portal("check-site", "site").returncode == 0


def test_unreviewed_catalog_is_absent_but_its_documents_publish(catalog_site):
    site = catalog_site.site
    assert not (site / "catalog/ylfw").exists()
    assert find_markers(site, ["QXUNREVIEWED", "QXWITHHELD"]) == []
    assert (site / "mzj/2025/y/index.html").exists()
    assert (site / "disclosure/mzj/all/index.html").exists()
    listed = [
        a.get_text(strip=True)
        for a in soup(site / "disclosure/mzj/all/index.html").select("table.portal-list td > a")
    ]
    assert "养老机构名单" in listed
    _, errors, warnings = problems_of(catalog_site, {})
    assert errors == [] and "尚未审核" in assert_reported(
        warnings, "content/mzj/2025/y.md", "catalog"
    )


def test_every_organisation_has_the_same_platform(catalog_site):
    site = catalog_site.site
    for org in ("qzfb", "mzj", "qsz", "tyc"):
        html = soup(site / f"disclosure/{org}/index.html")
        assert html.h1.get_text(strip=True) == "政府信息公开"
        sections = [h.contents[0].strip() for h in html.select(".portal-column h2")]
        assert sections[:4] == [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ], org
    mzj = [
        h.contents[0].strip()
        for h in soup(site / "disclosure/mzj/index.html").select(".portal-column h2")
    ]
    assert mzj == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "社会救助",
    ]
    guide = soup(site / "disclosure/mzj/index.html").select(".portal-column")[0]
    assert [a.get_text(strip=True) for a in guide.select(".portal-brief a")] == ["民政局公开指南"]
    assert all(
        li.select_one(".portal-list__date").get_text(strip=True)
        for li in guide.select(".portal-brief li")
    )
    statutory = soup(site / "disclosure/mzj/index.html").select(".portal-column")[2]
    assert [a.get_text(strip=True) for a in statutory.select(".portal-subcolumns a")] == [
        "工作信息 · 通知公告"
    ]


def test_custom_columns_follow_the_catalog_columns(project):
    orgs = (project.root / "catalogs/orgs.yml").read_text(encoding="utf-8")
    project.write(
        {
            "catalogs/orgs.yml": orgs.replace(
                "  domains: [shjz]\n",
                "  domains: [shjz]\n  columns:\n"
                "    - {name: 救助资金公示, items: [shjz-01]}\n"
                "    - {name: 通知公告栏, types: [通知公告]}\n",
            )
        }
    )
    assert project.mkdocs("build").returncode == 0
    sections = [
        h.contents[0].strip()
        for h in soup(project.site / "disclosure/mzj/index.html").select(".portal-column h2")
    ]
    assert sections[4:] == ["社会救助", "救助资金公示", "通知公告栏"]


def test_empty_column_is_a_warning_naming_organisation_and_column(project):
    _, errors, warnings = problems_of(project, {})
    assert errors == []
    message = [w for w in warnings if "“测试区民政局”" in w and "“政府信息公开年报”" in w]
    assert message and message[0].startswith("catalogs/orgs.yml:columns:")
    assert not any(
        "“测试区民政局”" in w and "“法定主动公开内容”" in w for w in warnings
    )  # it has a notice


def test_nav_tabs(catalog_site):
    catalog_site.write(
        {
            "content/mzj/2025/p.md": doc(
                {
                    "title": "政策",
                    "id": "p1",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策文件",
                    "catalog": "shjz-01",
                    "written": "2025-06-02",
                    "published": "2025-06-03",
                    "interpretation_exempt": "测试",
                }
            ),
            "content/mzj/2025/i.md": doc(
                {
                    "title": "解读",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策解读",
                    "catalog": "shjz-01",
                    "interprets": "p1",
                    "form": "文字解读",
                    "published": "2025-06-04",
                }
            ),
        }
    )
    assert catalog_site.mkdocs("build").returncode == 0
    home = soup(catalog_site.site / "index.html")
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs == ["首页", "政府信息公开", "政策文件", "政策解读", "基层政务公开", "更多信息"]
    nav_text = " ".join(a.get_text() for a in home.select("nav.md-nav a"))
    assert "低保政策甲" not in nav_text and "养老机构名单" not in nav_text


# --- portal audit coverage ---------------------------------------------------------------------


def test_coverage_report(project):
    with_ylfw(project)
    project.write(
        {
            "content/qsz/2025/b.md": public_notice(
                title="镇低保政策", org="qsz", catalog="shjz-01", published="2025-04-01"
            ),
            # shjz-01 allows 10 working days: written 2025-03-03, published 2025-03-20 is 13 working days
            "content/mzj/2025/late.md": public_notice(
                title="迟发的通知", catalog="shjz-01", written="2025-03-03", published="2025-03-20"
            ),
            "content/mzj/2025/w.md": doc(
                {
                    "title": "内部材料",
                    "attribute": "不予公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-01",
                },
                "内部。\n",
            ),
        }
    )
    text = project.portal("audit", "coverage")
    assert text.returncode == 0, text.stdout + text.stderr
    assert "不得发布" in text.stdout and "非主动公开" in text.stdout
    assert "mzj/2025/late" in text.stdout and "13 个工作日" in text.stdout
    data = json.loads(project.portal("audit", "coverage", "--json").stdout)
    shjz = next(d for d in data["domains"] if d["code"] == "shjz")
    assert [i["id"] for i in shjz["levels"]["区县级"]["covered"]] == ["shjz-01"]
    assert [i["id"] for i in shjz["levels"]["乡镇级"]["covered"]] == ["shjz-01"]
    fdzdgk = next(d for d in data["domains"] if d["code"] == "fdzdgk")
    assert "fdzdgk-01" in [
        i["id"] for i in fdzdgk["levels"]["区县级"]["gaps"]
    ]  # withheld does not count
    ylfw = next(d for d in data["domains"] if d["code"] == "ylfw")
    assert ylfw["published"] is False
    mzj = next(o for o in data["orgs"] if o["id"] == "mzj")
    assert {i["id"] for i in mzj["covered"]} == {"shjz-01", "fdzdgk-02"}
    assert [late["id"] for late in data["late"]] == ["mzj/2025/late"]
    assert data["late"][0]["workdays"] == 13 and data["late"][0]["item"]["id"] == "shjz-01"
    assert project.portal("audit", "coverage", "--fail-on-gaps").returncode != 0
    assert project.portal("audit").returncode == 0


def test_interpretation_deadline_counts_from_the_policy(project):
    project.write(
        {
            "content/mzj/2025/p.md": doc(
                {
                    "title": "政策",
                    "id": "p1",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策文件",
                    "catalog": "fdzdgk-01",
                    "written": "2025-06-02",
                    "published": "2025-06-03",
                    "interpretation_exempt": "测试",
                }
            ),
            "content/mzj/2025/i.md": doc(
                {
                    "title": "解读",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策解读",
                    "catalog": "shjz-01",
                    "interprets": "p1",
                    "form": "文字解读",
                    "published": "2025-06-30",
                }
            ),
        }
    )
    data = json.loads(project.portal("audit", "coverage", "--json").stdout)
    late = {item["id"]: item for item in data["late"]}
    assert (
        late["mzj/2025/i"]["from"] == "2025-06-03"
        and late["mzj/2025/i"]["from_what"] == "政策文件发布日期"
    )
