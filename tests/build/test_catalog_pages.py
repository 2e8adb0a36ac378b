"""Standard catalogs, the 基层政务公开 pages and every organisation's 政府信息公开 platform."""

from __future__ import annotations

from pathlib import Path

from helpers import assert_reported, doc, find_markers, problems_of, soup


def target(page: Path, href: str) -> Path:
    resolved = (page.parent / href).resolve()
    return resolved / "index.html" if resolved.is_dir() else resolved


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
    for org in ("qzfb", "mzj", "qsz"):
        html = soup(site / f"disclosure/{org}/index.html")
        assert html.h1.get_text(strip=True).endswith("政府信息公开")  # “<机构名称> 政府信息公开”
        sections = [h.contents[0].strip() for h in html.select(".portal-column h2")]
        assert sections[:4] == [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ], org
    village = soup(site / "disclosure/tyc/index.html")  # not an organ: SPEC Village affairs
    assert village.h1.get_text(strip=True) == "青石镇桃源村村民委员会 村务公开"
    assert "政府信息公开年报" not in village.get_text()
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
