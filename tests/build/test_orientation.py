"""Orientation and site furniture: unique titles, breadcrumb trails, the 网站地图, the 404 page
under a sub-path, the footer's settings, the site_url warning, the build stamp out of sight."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import PDF, POLICY, ROOT, built, built_demo, soup


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo portal (content/, catalogs/, mkdocs.yml of the repository), built once for the
    session (helpers.built_demo)."""
    return built_demo(tmp_path_factory)


def _configure(project, **changes) -> None:
    path = project.root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "footer":
            config["extra"]["portal"]["footer"].update(value)
        elif value is None:
            config.pop(key, None)
        else:
            config[key] = value
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def demo_pages(demo: Path) -> list[tuple[str, BeautifulSoup]]:
    """Every page of the demo but the redirects (plan/moves.py), parsed once for this module."""
    pages = []
    for path in sorted(demo.rglob("*.html")):
        page = BeautifulSoup(path.read_bytes(), "lxml")
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect to a document's new address
        pages.append((path.relative_to(demo).as_posix(), page))
    return pages


def test_no_two_pages_of_the_demo_share_a_title(demo, demo_pages):
    by_title = defaultdict(list)
    for rel, page in demo_pages:
        by_title[page.title.get_text().strip()].append(rel)
    shared = {t: paths for t, paths in by_title.items() if len(paths) > 1}
    assert shared == {}
    assert soup(demo / "index.html").title.get_text() == "溪山区政府信息公开平台"
    platform = soup(demo / "disclosure/mzj/index.html")
    assert platform.title.get_text() == "溪山区民政局 政府信息公开 - 溪山区政府信息公开平台"
    assert platform.h1.get_text(strip=True) == "溪山区民政局 政府信息公开"
    village = soup(demo / "disclosure/tyc/index.html")
    assert village.h1.get_text(strip=True) == "青石镇桃源村村民委员会 村务公开"
    on_request = soup(demo / "disclosure/mzj/on-request/index.html")
    assert on_request.title.get_text().startswith("溪山区民政局 依申请公开 - ")
    listing = soup(demo / "disclosure/mzj/all/index.html")
    assert listing.title.get_text().startswith("溪山区民政局 全部信息 - ")
    assert soup(demo / "index.html").html["lang"] == "zh-CN"


def test_every_page_below_the_home_has_a_trail(demo, demo_pages):
    missing = []
    for rel, page in demo_pages:
        if rel in ("index.html", "404.html"):
            continue
        nav = page.find("nav", attrs={"aria-label": "当前位置"})
        first = nav.find("a").get_text() if nav is not None else None
        if first != "首页" or len(nav.select("[aria-current=page]")) != 1:
            missing.append(rel)
    assert missing == []
    trail = soup(demo / "mzj/2025/dibao-biaozhun/index.html").find(
        "nav", class_="portal-breadcrumbs"
    )
    assert [a.get_text() for a in trail.find_all("a")] == ["首页", "政府信息公开", "溪山区民政局"]
    assert [a["href"] for a in trail.find_all("a")] == [
        "../../../",
        "../../../disclosure/",
        "../../../disclosure/mzj/",
    ]
    page2 = (
        soup(demo / "changes/2/index.html") if (demo / "changes/2/index.html").exists() else None
    )
    if page2 is not None:
        assert page2.title.get_text().startswith("更新记录（第 2 页）")


def test_document_pages_highlight_the_directory_tab(demo):
    page = soup(demo / "mzj/2025/dibao-biaozhun/index.html")
    active = page.select(".md-tabs__item--active")
    assert [a.get_text(strip=True) for a in active] == ["政府信息公开"]


def test_site_map_lists_every_section_and_organisation(demo):
    page = soup(demo / "site-map/index.html")
    assert page.title.get_text().startswith("网站地图 - ")
    links = {a.get_text(strip=True): a["href"] for a in page.select("article a")}
    for name in ("政府信息公开", "政策文件", "政策解读", "基层政务公开", "更新记录", "政务新媒体"):
        assert name in links, name
    # the 政府网站工作年度报表 of each completed year the demo has data for, newest first
    reports = [t for t in links if t.endswith("年度政府网站工作年度报表")]
    assert {"2025年度政府网站工作年度报表", "2024年度政府网站工作年度报表"} <= set(reports)
    assert reports == sorted(reports, reverse=True)
    assert links["2025年度政府网站工作年度报表"] == "../website-reports/2025/"
    orgs = yaml.safe_load((ROOT / "catalogs/orgs.yml").read_text(encoding="utf-8"))
    for org in orgs:
        assert org["name"] in links, org["name"]
    # every link of the map leads to a page of the site
    for href in links.values():
        target = (demo / "site-map" / href).resolve()
        assert (target / "index.html").exists() or target.is_file(), href
    footer = soup(demo / "index.html").select_one(".portal-footer")
    assert footer.find("a", string="网站地图")["href"] == "site-map/"


def test_footer_items_and_the_build_stamp_line(demo):
    page = soup(demo / "disclosure/index.html")
    footer = page.select_one(".portal-footer")
    text = footer.get_text(" ", strip=True)
    assert "承办单位：" in text and "主办单位：" in text
    assert footer.find("a", string="党政机关网站标识")["href"].startswith("https://")
    assert footer.find("a", string="我为政府网站找错")["href"].startswith(
        "https://zfwzzc.www.gov.cn/"
    )
    police = footer.find("a", string=lambda s: s and s.startswith("渝公网安备"))
    assert police["href"].startswith("https://beian.mps.gov.cn/")
    # the build stamp (SPEC, Publication over time): one line of the footer, outside the part
    # the search index reads, with the build date, the generator's version and the commit
    stamps = page.select(".portal-footer__build")
    assert len(stamps) == 1 and stamps[0].find_parent("footer") is not None
    assert stamps[0].find_parent(attrs={"data-pagefind-body": True}) is None
    line = stamps[0].get_text()
    manifest = json.loads((demo / "manifest.json").read_text(encoding="utf-8"))
    build = manifest["build"]
    assert f"生成于 {build['date']}" in line and manifest["generator"]["version"] in line
    commit = build["commit"][:12]  # (empty when the checkout is not a git work tree)
    assert f"内容版本 {commit}" in line if commit else "内容版本" not in line
    # nowhere else: not in the head (an earlier <meta name="portal-build">), not in the text
    stamps[0].extract()
    assert page.find("meta", attrs={"name": "portal-build"}) is None
    assert "生成于" not in str(page) and "内容版本" not in str(page)
    assert not commit or commit not in str(page)


@pytest.mark.parametrize(
    "value", ["http://zfwzzc.www.gov.cn/", ["https://a.gov.cn/"], "zfwzzc.www.gov.cn"]
)
def test_a_footer_link_must_be_https(project, value):
    _configure(project, footer={"report_url": value})
    result = project.portal("validate")
    assert result.returncode == 1, result.stdout
    assert "mkdocs.yml:extra.portal.footer.report_url: 应为以 https:// 开头的网址" in result.stdout


def test_missing_site_url_is_a_warning(project):
    _configure(project, site_url=None)
    result = project.portal("validate")
    assert result.returncode == 0, result.stdout
    assert "mkdocs.yml:site_url: " in result.stdout + result.stderr


def test_not_found_page_works_under_a_sub_path(project):
    _configure(project, site_url="https://example.gov.cn/xxgk/")
    files = {"content/mzj/2025/dibao.md": POLICY, "content/mzj/2025/files/dibao-biaozhun.pdf": PDF}
    site = built(project, files)
    page = soup(site / "404.html")
    assert page.h1.get_text(strip=True) == "页面未找到"
    assert page.title.get_text() == "页面未找到 - 测试区政府信息公开平台"
    hrefs = [a["href"] for a in page.find_all("a", href=True) if not a["href"].startswith("#")]
    local = [h for h in hrefs if "://" not in h]
    assert local and all(h.startswith("/xxgk/") for h in local), local
    links = {a.get_text(strip=True): a["href"] for a in page.select("article a")}
    assert links["返回首页"] in ("/xxgk/", "/xxgk/.")
    assert links["查看网站地图"] == "/xxgk/site-map/"
    assert (site / "site-map/index.html").exists()
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "/xxgk/assets/portal.css" in styles


def test_the_site_map_address_is_reserved(project):
    project.write({"content/site-map.md": "---\ntitle: 地图\n---\n正文。\n"})
    result = project.portal("validate")
    assert result.returncode == 1
    assert "content/site-map.md:file: " in result.stdout and "网站地图" in result.stdout
