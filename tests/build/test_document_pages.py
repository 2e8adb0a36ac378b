"""Real `mkdocs build` of fixture sites: document pages, attachments, listings, footer."""

from __future__ import annotations

import pytest
from helpers import PDF, built, public_notice, soup

pytestmark = pytest.mark.usefixtures("both_engines")  # tests/build/conftest.py


@pytest.fixture(scope="module")
def demo_site(demo_site_both):
    return demo_site_both


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
    assert link.get_text(strip=True) == "附件1"  # no title given: numbered, never the file name
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
    assert org_page.h1.get_text(strip=True) == "测试区民政局 政府信息公开"
    directory = soup(demo_site / "disclosure/index.html")
    kinds = [h.get_text(strip=True) for h in directory.select(".portal-group h2")]
    assert kinds == ["区政府部门", "乡镇"]
    village = directory.find("a", string="青石镇桃源村村民委员会")
    assert village.find_parent("li").find_parent("li").a.get_text() == "测试区青石镇人民政府"
    nav_text = " ".join(
        a.get_text(" ", strip=True) for a in soup(demo_site / "index.html").select("nav.md-nav a")
    )
    assert "最低生活保障" not in nav_text


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
                if tag == "link" and el.get("rel") == ["canonical"]:
                    continue  # the page's own address at site_url: nothing is fetched
                value = el.get(attr) or ""
                assert not value.startswith(("http:", "https:", "//")), f"{name}: {tag} {value}"


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
    # 上一页/下一页 beside the numbers; the first page has no previous one, the last no next
    assert [a.get_text() for a in first.select(".portal-pager a")] == ["2", "下一页"]
    assert first.select_one(".portal-pager a[rel=next]")["href"] == "2/"
    assert [a.get_text() for a in second.select(".portal-pager a")] == ["上一页", "1"]
    assert second.select_one(".portal-pager a[rel=prev]")["href"] == "../"
