"""Real `mkdocs build` of fixture sites: the produced HTML, the search index, fail-closed output."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, doc, public_notice

pytestmark = pytest.mark.build

PDF = b"%PDF-1.4\n% public attachment of the policy, ZQXPUBLICPDF\n" + b"0" * 200 + b"\n%%EOF\n"

POLICY = doc(
    {
        "title": "溪山区最低生活保障实施办法",
        "id": "mzj-dibao",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2025〕3号",
        "index_no": "11500299009134523B/2025-00003",
        "written": "2025-02-20",
        "published": "2025-02-25",
        "topic": "民政、扶贫、救灾",
        "genre": "通知",
        "category": "其他文件",
        "summary": "规定最低生活保障的对象、标准和程序。",
        "attachments": ["files/dibao-biaozhun.pdf"],
        "interpretation_exempt": "测试",
    },
    "第一条　为保障城乡困难群众基本生活，制定本办法。\n\n　　（此件公开发布）\n",
)

OLD_POLICY = doc(
    {
        "title": "溪山区最低生活保障暂行办法",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2020〕9号",
        "written": "2020-02-20",
        "published": "2020-02-25",
        "validity": "废止",
        "abolished": "2025-02-25",
        "replaced_by": "mzj-dibao",
        "interpretation_exempt": "测试",
    },
    "旧办法正文。\n",
)


def built(project, files=None):
    project.write(files or {})
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project.site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from conftest import BASE_FILES, Project, mkdocs_yml

    project = Project(tmp_path_factory.mktemp("b") / "portal")
    project.write(
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2020/dibao-old.md": OLD_POLICY,
            "content/mzj/2025/unused.pdf": PDF + b"unreferenced",
        }
    )
    return built(project)


def test_document_page_has_metadata_box(demo_site):
    page = soup(demo_site / "mzj/2025/dibao/index.html")
    assert page.h1.get_text(strip=True) == "溪山区最低生活保障实施办法"
    rows = {
        th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True)
        for th in page.select("table.portal-meta th")
    }
    assert rows == {
        "索引号": "11500299009134523B/2025-00003",
        "主题分类": "民政、扶贫、救灾",
        "发文机关": "测试区民政局",
        "成文日期": "2025-02-20",
        "标题": "溪山区最低生活保障实施办法",
        "发文字号": "溪山民发〔2025〕3号",
        "发布日期": "2025-02-25",
        "有效性": "有效",
    }
    assert "为保障城乡困难群众基本生活" in page.select_one(".portal-body").get_text()
    assert (
        "title:" not in page.select_one(".portal-body").get_text()
    )  # front matter is not body text


def test_attachment_is_listed_and_published(demo_site):
    page = soup(demo_site / "mzj/2025/dibao/index.html")
    link = page.select_one(".portal-attachments a")
    assert link.get_text(strip=True) == "dibao-biaozhun.pdf"
    target = (demo_site / "mzj/2025/dibao/index.html").parent / link["href"]
    assert target.resolve().read_bytes() == PDF


def test_unreferenced_file_is_not_published(demo_site):
    assert not (demo_site / "mzj/2025/unused.pdf").exists()


def test_abolished_policy_names_its_successor(demo_site):
    page = soup(demo_site / "mzj/2020/dibao-old/index.html")
    banner = page.select_one(".portal-validity")
    assert "本文件已废止" in banner.get_text() and "2025-02-25" in banner.get_text()
    link = banner.find("a")
    assert link.get_text(strip=True) == "溪山区最低生活保障实施办法"
    target = ((demo_site / "mzj/2020/dibao-old/index.html").parent / link["href"]).resolve()
    assert (
        target == (demo_site / "mzj/2025/dibao").resolve()
        or target == (demo_site / "mzj/2025/dibao/index.html").resolve()
    )


def test_listings_reach_documents_and_nav_stays_small(demo_site):
    listing = soup(demo_site / "policies/index.html")
    titles = [a.get_text(strip=True) for a in listing.select("table.portal-list td a")]
    assert titles == ["溪山区最低生活保障实施办法", "溪山区最低生活保障暂行办法"]  # newest first
    assert all(td.get_text(strip=True) for td in listing.select("td.portal-list__date"))
    org_page = soup(demo_site / "disclosure/mzj/index.html")
    assert org_page.h1.get_text(strip=True) == "政府信息公开"
    directory = soup(demo_site / "disclosure/index.html")
    kinds = [h.get_text(strip=True) for h in directory.select(".portal-group h2")]
    assert kinds == ["区政府部门", "乡镇"]
    village = directory.find("a", string="青石镇桃源村村民委员会")
    assert village.find_parent("li").find_parent("li").a.get_text() == "测试区青石镇人民政府"
    nav_text = " ".join(
        a.get_text(" ", strip=True) for a in soup(demo_site / "index.html").select("nav.md-nav a")
    )
    assert "最低生活保障" not in nav_text


def pagefind_fragments(site: Path) -> dict[str, dict]:
    """Pagefind's per-page records (gzip, signed with a ``pagefind_dcd`` prefix), by URL."""
    fragments = {}
    for path in (site / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        fragments[record["url"]] = record
    return fragments


def test_search_indexes_documents_not_listings(demo_site):
    material = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # the browser never downloads the whole site
    entry = json.loads((demo_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]  # Chinese segmentation at index time
    fragments = pagefind_fragments(demo_site)
    policy = next(f for url, f in fragments.items() if "/mzj/2025/dibao/" in url)
    assert policy["meta"]["title"] == "溪山区最低生活保障实施办法"
    assert (
        policy["meta"]["number"] == "溪山民发〔2025〕3号"
        and policy["meta"]["org"] == "测试区民政局"
    )
    words = policy["content"].split(
        "\u200b"
    )  # Pagefind marks its word breaks with zero-width spaces
    assert {"最低", "生活", "保障"} <= set(words), "最低生活保障 is cut into words"
    text = "".join(words)
    assert "为保障城乡困难群众基本生活" in text
    assert "修订记录" not in text and "公开主体" not in text
    assert not any(
        f"/{prefix}/" in url
        for url in fragments
        for prefix in ("policies", "disclosure", "catalog")
    )


def test_search_index_is_split_into_shards(project, monkeypatch):
    """One Pagefind index per shard of pages (Pagefind ranks in time quadratic in the pages a word is
    on); every searchable page in exactly one shard, and shards.json names the shards to merge."""
    monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "1")
    site = built(
        project,
        {
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2020/dibao-old.md": OLD_POLICY,
        },
    )
    layout = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))
    assert len(layout["shards"]) >= 1 and all(
        (site / "pagefind" / s / "pagefind-entry.json").is_file() for s in layout["shards"]
    )
    urls = []
    for bundle in [site / "pagefind"] + [site / "pagefind" / s for s in layout["shards"]]:
        urls += [
            json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for f in (bundle / "fragment").glob("*.pf_fragment")
        ]
    assert len(urls) == len(set(urls)) == layout["pages"]
    assert {u for u in urls if "/dibao" in u} == {"/mzj/2025/dibao/", "/mzj/2020/dibao-old/"}
    assert not any(
        u.startswith(("/policies/", "/disclosure/", "/catalog/")) or u == "/" for u in urls
    )
    assert not list(project.root.glob(".pagefind-*"))  # the mirrors of the shards are gone


def test_site_without_searchable_pages_gets_an_empty_shard_list(tmp_path):
    from disclosure_portal.verify.search import build_index

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><p>&lt;div data-pagefind-body&gt;</p></body></html>", encoding="utf-8"
    )
    stats = build_index(site)
    assert stats.pages == 0
    assert json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8")) == {
        "pages": 0,
        "shards": [],
    }
    assert not (site / "pagefind/pagefind.js").exists()  # the theme's script answers "no results"


def test_bad_shard_size_stops_the_build_before_the_output(project, monkeypatch):
    site = built(project)
    before = (site / "index.html").read_bytes()
    monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "十")
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "PORTAL_SEARCH_SHARD_PAGES 应为正整数" in result.stdout + result.stderr
    assert (site / "index.html").read_bytes() == before


def test_footer_comes_from_config(demo_site):
    footer = soup(demo_site / "index.html").select_one(".portal-footer").get_text(" ", strip=True)
    for value in (
        "溪山区人民政府办公室",
        "5002990001",
        "渝ICP备20260001号-1",
        "渝公网安备 50029902000001号",
    ):
        assert value in footer


def test_pages_request_nothing_from_other_hosts(demo_site):
    for name in ("index.html", "mzj/2025/dibao/index.html", "policies/index.html"):
        page = soup(demo_site / name)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for el in page.find_all(tag):
                value = el.get(attr) or ""
                assert not value.startswith(("http:", "https:", "//")), f"{name}: {tag} {value}"


def test_failed_build_keeps_previous_output(project):
    site = built(project)
    before = (site / "index.html").read_bytes()
    project.write({"content/mzj/2025/notice.md": public_notice(published="2025-02-30")})
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "content/mzj/2025/notice.md:published:" in result.stderr
    assert (site / "index.html").read_bytes() == before
    assert (site / "mzj/2025/notice/index.html").exists()


def test_portal_build_swaps_only_on_success(project):
    first = project.portal("build")
    assert first.returncode == 0, first.stdout + first.stderr
    marker = project.site / "keep.txt"
    marker.write_text("previous site")
    project.write({"content/mzj/2025/notice.md": public_notice(attribute="公开")})
    failed = project.portal("build")
    assert failed.returncode == 1
    assert marker.read_text() == "previous site"
    assert not list(project.root.glob(".site-build-*"))
    project.write({"content/mzj/2025/notice.md": public_notice()})
    assert project.portal("build").returncode == 0
    assert not marker.exists() and (project.site / "index.html").exists()


def test_replacing_content_with_another_district_builds(project):
    """Nothing in mkdocs.yml or theme/ depends on the sample content (fixture has none of it)."""
    site = built(project)
    assert (site / "mzj/2025/notice/index.html").exists()
    assert (site / "disclosure/index.html").exists()


def test_home_page_is_generated_when_missing(project):
    project.remove("content/index.md")
    site = built(project)
    assert "最新信息" in soup(site / "index.html").get_text()


def test_pagination(project):
    files = {
        f"content/mzj/2025/n{i:02d}.md": public_notice(
            title=f"第{i:02d}号通知", published=f"2025-03-{i:02d}"
        )
        for i in range(1, 26)
    }
    site = built(project, files)
    first = soup(site / "notices/index.html")
    second = soup(site / "notices/2/index.html")
    assert len(first.select("table.portal-list tbody tr")) == 20
    assert first.select("table.portal-list td a")[0].get_text(strip=True) == "第25号通知"
    assert len(second.select("table.portal-list tbody tr")) == 6  # 25 + the base notice
    assert [a.get_text() for a in first.select(".portal-pager a")] == ["2"]


def test_engine_dirs_exist():
    from disclosure_portal.cli import engine_dirs
    from disclosure_portal.read.settings import load_settings

    names = {p.name for p in engine_dirs(load_settings(ROOT))}
    assert {"theme", "templates"} <= names
