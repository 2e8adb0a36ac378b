"""National page conventions in a real build (SPEC: National page conventions; Site URLs and
files): the page tags on a document page and a listing, a description of each page's own, the
sitemap's lastmod from content dates, robots.txt, the footer's badge images."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import yaml
from helpers import BASE_FILES, PDF, POLICY, Project, built, doc, mkdocs_yml, soup

from disclosure_portal.plan.conventions import robots

SITE_URL = "https://xxgk.test.example.gov.cn/"
CHANGED = doc(
    {
        "title": "关于调整临时救助标准的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-04-10",
        "changes": [{"date": "2025-11-20", "note": "更正附表中的一处金额。"}],
    },
    "临时救助标准调整如下。\n",
)
TRICKY = doc(
    {
        "title": '关于"引号"与<b>标签</b>的通知',
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-05-05",
        "topic": '主题"><script>alert(1)</script>',
        "summary": '概述含"引号"和<i>标签</i>',
    },
    "正文。\n",
)
NEWS = doc(
    {
        "title": "区民政局开展低保复核",
        "attribute": "主动公开",
        "org": "qsz",
        "type": "工作动态",
        "catalog": "fdzdgk-02",
        "published": "2024-07-01",
    },
    "复核工作已完成。\n",
)


def _config(**footer) -> str:
    config = yaml.safe_load(mkdocs_yml())
    config["site_url"] = SITE_URL
    config["extra"]["portal"]["footer"].update(footer)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("conventions") / "portal")
    project.write(
        {
            "mkdocs.yml": _config(
                dzjg_image="assets/dzjg.png", police_image="https://www.example.gov.cn/ga.png"
            ),
            **BASE_FILES,
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2025/changed.md": CHANGED,
            "content/qsz/2024/news.md": NEWS,
            "content/mzj/2025/tricky.md": TRICKY,
            "content/assets/dzjg.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        }
    )
    return built(project)


def _tags(page) -> dict[str, str]:
    return {m["name"]: m.get("content", "") for m in page.select("head meta[name]")}


def test_a_document_page_carries_the_national_tags_from_settings_and_front_matter(site):
    tags = _tags(soup(site / "mzj/2025/dibao/index.html"))
    assert tags["SiteName"] == "测试区政府信息公开平台"
    assert tags["SiteDomain"] == "xxgk.test.example.gov.cn"
    assert tags["SiteIDCode"] == "5002990001"
    assert tags["ColumnName"] == "政策文件"
    assert tags["ArticleTitle"] == "溪山区最低生活保障实施办法"
    assert tags["PubDate"] == "2025-02-25"
    assert tags["ContentSource"] == "测试区民政局"
    assert tags["Keywords"] == "民政、扶贫、救灾"
    assert tags["Description"] == "规定最低生活保障的对象、标准和程序。"
    assert tags["description"] == "规定最低生活保障的对象、标准和程序。"


def test_a_listing_carries_the_site_tags_and_its_column_but_no_article_tags(site):
    tags = _tags(soup(site / "notices/index.html"))
    assert tags["SiteName"] == "测试区政府信息公开平台" and tags["SiteIDCode"] == "5002990001"
    assert tags["ColumnName"] == "通知公告"
    assert not {"ArticleTitle", "PubDate", "ContentSource"} & tags.keys()
    facet = _tags(soup(site / "policies/year-2025/index.html"))
    assert facet["ColumnName"] == "政策文件"
    home = _tags(soup(site / "index.html"))
    assert home["ColumnName"] == "首页" and "ArticleTitle" not in home


def test_every_page_has_a_description_of_its_own(site):
    descriptions = {}
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        meta = soup(path).select_one('head meta[name="description"]')
        assert meta is not None and meta["content"], path
        descriptions.setdefault(meta["content"], []).append(path.relative_to(site).as_posix())
    shared = {d: p for d, p in descriptions.items() if len(p) > 1}
    assert shared == {}
    # a document without summary: its organisation, type, title and date
    notice = _tags(soup(site / "mzj/2025/changed/index.html"))["description"]
    assert notice == "测试区民政局通知公告：关于调整临时救助标准的通知，2025-04-10 发布"


def _lastmods(site) -> dict[str, str | None]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((site / "sitemap.xml").read_text(encoding="utf-8"))
    out = {}
    for url in root.findall("s:url", ns):
        loc = url.find("s:loc", ns).text.removeprefix(SITE_URL)
        lastmod = url.find("s:lastmod", ns)
        out[loc] = lastmod.text if lastmod is not None else None
    return out


def test_sitemap_dates_are_the_pages_content_dates(site):
    dates = _lastmods(site)
    assert dates["mzj/2025/dibao/"] == "2025-02-25"  # its published date
    assert dates["mzj/2025/changed/"] == "2025-11-20"  # its newest change note
    assert dates["mzj/2025/notice/"] == "2025-03-03"
    assert dates["qsz/2024/news/"] == "2024-07-01"
    assert dates["notices/"] == "2025-11-20"  # the listing's newest entry
    assert dates["news/"] == "2024-07-01"
    assert dates["disclosure/qsz/"] == "2024-07-01"  # the organisation's newest document
    assert dates["disclosure/mzj/"] == "2025-11-20"
    assert dates[""] == "2025-11-20"  # the home page: the site's newest
    assert len(set(dates.values())) >= 5  # not one build date for every page


def test_robots_txt_allows_everything_and_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert "Sitemap" not in robots(None).decode() and "Allow: /" in robots(None).decode()


def test_footer_badges_as_images_with_chinese_alt_text(site):
    page = soup(site / "mzj/2025/dibao/index.html")
    dzjg = page.select_one('footer img[alt="党政机关网站标识"]')
    assert dzjg is not None and dzjg.find_parent("a")["href"].startswith("https://")
    target = (site / "mzj/2025/dibao" / dzjg["src"]).resolve()
    assert target == (site / "assets/dzjg.png").resolve() and target.is_file()
    police = page.select_one('footer img[alt="公安机关备案标识"]')
    assert police is not None and police["src"] == "https://www.example.gov.cn/ga.png"
    assert "渝公网安备" in police.find_parent("a").get_text()


def test_without_images_the_footer_keeps_its_text_links(tmp_path):
    project = Project(tmp_path / "portal")
    project.write({"mkdocs.yml": mkdocs_yml(), **BASE_FILES})
    page = soup(built(project) / "mzj/2025/notice/index.html")
    assert page.select("footer img") == []
    assert page.select_one("footer a.portal-footer__dzjg").get_text() == "党政机关网站标识"


def test_tag_values_are_text(site):
    page = soup(site / "mzj/2025/tricky/index.html")
    tags = _tags(page)
    assert tags["ArticleTitle"] == '关于"引号"与<b>标签</b>的通知'
    assert tags["Keywords"] == '主题"><script>alert(1)</script>'
    assert tags["description"] == tags["Description"] == '概述含"引号"和<i>标签</i>'
    head = page.select_one("head")
    assert head.select("b, i") == [] and not [s for s in head.select("script") if "alert" in s.text]
