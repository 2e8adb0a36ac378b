"""The reader's portal as built (issue 24): the policy library's data (search/policies.json: the
public policies, exactly), the search results page and its filters (public values only), the
home page's entries, an organisation's one menu (the 年报 listed once), pagination and a
document page's tools and search fields."""

from __future__ import annotations

import json

import pytest
from helpers import BASE_FILES, ORGS, Project, built, doc, mkdocs_yml, public_notice, soup

from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.views import pager_view


def _policy(title: str, org: str, published: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": org,
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": extra.pop("written", published),
        "published": published,
        "interpretation_exempt": "测试",
        **extra,
    }
    return doc(front, f"{title}的正文。\n")


def _withheld(title: str, org: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "不予公开",
        "attribute_basis": "《政府信息公开条例》第十六条",
        "org": org,
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": "2019-05-05",
        "interpretation_exempt": "测试",
        **extra,
    }
    return doc(front, "内部正文。\n")


DISTRICT = """\
- id: qzf
  name: 测试区人民政府
  kind: 区政府
  code: 11500299009134103J
  office:
    name: 测试区人民政府办公室
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120001"
"""

FILES = {
    "catalogs/orgs.yml": ORGS + DISTRICT,
    "content/mzj/2025/a.md": _policy(
        "甲办法",
        "mzj",
        "2025-03-01",
        written="2025-02-20",
        topic="民政、扶贫、救灾",
        genre="通知",
        doc_number="溪山民发〔2025〕7号",
        index_no="11500299009134523B/2025-00007",
        summary="甲办法的内容概述。",
    ),
    "content/mzj/2024/c.md": _policy(
        "丙办法", "mzj", "2024-04-01", validity="废止", abolished="2025-03-01", genre="意见"
    ),
    "content/qsz/2025/d.md": _policy("丁办法", "qsz", "2025-05-01", topic="综合政务"),
    # withheld: a year (2019), an issuer (qzfb), a topic and a 文种 of their own
    "content/qzfb/2019/w.md": _withheld("戊内部办法", "qzfb", topic="内部专用主题", genre="纪要"),
    "content/mzj/2025/guide.md": public_notice(
        title="民政局政府信息公开指南", type="公开指南", catalog="fdzdgk-02"
    ),
    "content/mzj/2025/rules.md": public_notice(
        title="民政局政府信息公开制度", type="公开制度", catalog="fdzdgk-02"
    ),
    "content/mzj/2025/report.md": doc(
        {
            "title": "民政局2024年政府信息公开工作年度报告",
            "attribute": "主动公开",
            "org": "mzj",
            "type": "年度报告",
            "year": "2024",
            "catalog": "fdzdgk-02",
            "published": "2025-01-20",
        },
        "**一、总体情况**\n\n概况。\n",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("portal") / "portal")
    project.write({"mkdocs.yml": mkdocs_yml(), **BASE_FILES, **FILES})
    return built(project)


def test_policy_library_data_is_the_public_policies(site):
    data = json.loads((site / "search/policies.json").read_text(encoding="utf-8"))
    rows = {p["title"]: p for p in data["policies"]}
    assert set(rows) == {"甲办法", "丙办法", "丁办法"}  # not 戊 (withheld), not the guide
    a = rows["甲办法"]
    assert a == {
        "title": "甲办法",
        "url": "mzj/2025/a/",
        "doc_number": "溪山民发〔2025〕7号",
        "index_no": "11500299009134523B/2025-00007",
        "org": "mzj",
        "published": "2025-03-01",
        "written": "2025-02-20",
        "validity": "有效",
        "topic": "民政、扶贫、救灾",
        "genre": "通知",
    }
    for row in data["policies"]:  # every row is a page of the site
        assert (site / row["url"] / "index.html").exists()
    assert [p["title"] for p in data["policies"]] == ["丁办法", "甲办法", "丙办法"]  # newest first
    assert data["orgs"] == {"mzj": "测试区民政局", "qsz": "测试区青石镇人民政府"}
    assert data["validity"] == {"有效": "valid", "失效": "expired", "废止": "repealed"}
    text = (site / "search/policies.json").read_text(encoding="utf-8")
    assert "内部专用主题" not in text and "纪要" not in text and "qzfb" not in text
    # a combination of filters, as the library's script computes it, is the intersection of the
    # static facet pages
    both = {
        p["url"] for p in data["policies"] if p["published"][:4] == "2025" and p["org"] == "mzj"
    }
    year = {
        a["href"]
        for a in soup(site / "policies/year-2025/index.html").select(".portal-list__title > a")
    }
    org = {
        a["href"]
        for a in soup(site / "policies/org-mzj/index.html").select(".portal-list__title > a")
    }
    assert {"../../" + u for u in both} == year & org == {"../../mzj/2025/a/"}


def test_the_policy_listing_has_written_and_validity_columns_and_the_library_hook(site):
    page = soup(site / "policies/index.html")
    heads = [th.get_text(strip=True) for th in page.select("table.portal-list thead th")]
    assert heads == ["标题", "公开主体", "成文日期", "发布日期", "有效性"]
    row = page.select_one("table.portal-list tbody tr")
    assert "成文：" in row.get_text() and "有效" in row.get_text()
    library = page.select_one("[data-portal-library]")
    assert (
        library.has_attr("hidden") and library["data-portal-library"] == "../search/policies.json"
    )
    assert page.select_one("[data-portal-library-static] nav.portal-filter")  # the no-script view
    assert page.select_one("script[src='../assets/portal-library.js']")
    facet = soup(site / "policies/year-2025/index.html")
    assert facet.select_one("[data-portal-library]") is None  # a facet page stays static
    notices = soup(site / "notices/index.html")  # other listings keep their columns
    assert "成文日期" not in notices.select_one("table.portal-list thead").get_text()


def test_the_search_page_offers_public_values_only(site):
    page = soup(site / "search/index.html")
    form = page.select_one("form[data-portal-search-page]")
    assert form["method"] == "get" and form["action"] == "./"
    assert form.select_one("input[name=q]")
    options = {
        select["name"]: [
            (o["value"], o.get("data-filter")) for o in select.select("option") if o["value"]
        ]
        for select in form.select("select[data-portal-filter]")
    }
    assert options["org"] == [("mzj", "测试区民政局"), ("qsz", "测试区青石镇人民政府")]  # no qzfb
    assert ("2019", "2019") not in options["year"] and ("2025", "2025") in options["year"]
    assert ("policies", "政策文件") in options["type"] and ("guides", "公开指南") in options["type"]
    assert ("repealed", "废止") in options["validity"]
    assert [o["value"] for o in form.select("select[name=sort] option")] == ["", "date"]
    # the header's box sends Enter to this page, the same way without script
    header = soup(site / "mzj/2025/a/index.html").select_one("form.md-search__form")
    assert header["action"] == "../../../search/" and header.select_one("input[name=q]")


def test_the_home_page_opens_with_a_search_box_and_the_entries(site):
    page = soup(site / "index.html")
    article = page.select_one("article.md-content__inner")
    parts = [el for el in article.find_all(["form", "nav", "h2", "section"], recursive=False)]
    assert [p.name for p in parts][:3] == ["form", "nav", "h2"]  # box, entries, 最新信息
    form = page.select_one("form.portal-home-search")
    assert form["action"] == "search/" and form.select_one("input[name=q][type=search]")
    links = {
        a.select_one(".portal-entries__title").get_text(): a["href"]
        for a in page.select("nav.portal-entries a")
    }
    assert list(links)[:5] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]
    assert links["依申请公开"] == "disclosure/qzf/on-request/"  # the district government's
    for href in links.values():
        assert (site / href / "index.html").exists(), href
    assert "征求意见" not in links  # the site has none: no entry to an empty page


def test_an_organ_page_has_one_menu_and_lists_the_annual_report_once(site):
    page = soup(site / "disclosure/mzj/index.html")
    menu = [
        a.select_one(".portal-entries__title").get_text()
        for a in page.select("nav.portal-entries a")
    ]
    assert menu[:5] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]
    assert menu[-1] == "全部信息"
    report = [
        a
        for a in page.select(".portal-column a")
        if a.get_text() == "民政局2024年政府信息公开工作年度报告"
    ]
    assert len(report) == 1  # in 政府信息公开年报, not again under 法定主动公开内容
    assert report[0].find_parent("section")["id"] == "col-annual-reports"
    statutory = page.select_one("#col-statutory")
    assert "更多（" in statutory.get_text()  # the column itself still holds them all
    assert "民政局政府信息公开指南" not in statutory.select_one("ul.portal-brief").get_text()
    for a in page.select("nav.portal-entries a"):
        href = a["href"]
        if href.startswith("#"):
            assert page.select_one(href) is not None, href
        else:
            assert (site / "disclosure/mzj" / href / "index.html").resolve().exists(), href
    village = soup(site / "disclosure/tyc/index.html")  # a committee takes no applications
    assert "依申请公开" not in village.select_one("nav.portal-entries").get_text()


def test_a_document_page_carries_its_tools_and_search_fields(site):
    page = soup(site / "mzj/2025/a/index.html")
    tools = page.select_one("[data-portal-doc-tools]")
    assert tools.has_attr("hidden")  # shown by its script: no dead buttons without one
    assert [b.get_text() for b in tools.select("button")] == ["打印", "分享"]
    assert page.select_one("[data-pagefind-filter='day:2025-03-01']")
    assert page.select_one("[data-pagefind-meta='index:11500299009134523B/2025-00007']")
    # the summary's label stays out of the index: search excerpts start with the summary itself
    label = page.select_one(".portal-summary strong")
    assert label.get_text() == "内容概述：" and label.has_attr("data-pagefind-ignore")
    box = page.select_one("details.portal-meta-box")
    assert box.has_attr("open") and not page.find(
        "script", string=lambda s: s and "d.open=false" in s
    )
    facts = box.select_one(".portal-meta-box__facts").get_text(" ", strip=True)
    assert "索引号：11500299009134523B/2025-00007" in facts and "成文日期：2025-02-20" in facts
    assert "有效性：有效" in facts


def test_pagination_shows_a_bounded_number_of_links():
    pager = tuple((n, "x/index.md" if n == 1 else f"x/{n}.md") for n in range(1, 501))
    view = pager_view(
        PageSpec(
            src_uri="x/250.md",
            title="t",
            template="",
            kind="type",
            page=250,
            pages=500,
            pager=pager,
        ),
        lambda s: s,
    )
    numbers = [link["number"] for link in view["pager"] if not link.get("gap")]
    assert numbers == [1, 248, 249, 250, 251, 252, 500]
    assert sum(1 for link in view["pager"] if link.get("gap")) == 2
    assert view["prev_url"] == "x/249.md" and view["next_url"] == "x/251.md"
    first = pager_view(
        PageSpec(
            src_uri="x/index.md",
            title="t",
            template="",
            kind="type",
            page=1,
            pages=3,
            pager=pager[:3],
        ),
        lambda s: s,
    )
    assert first["prev_url"] is None and [link["number"] for link in first["pager"]] == [1, 2, 3]
