"""Atom feeds (feeds/) and the open-data package (data/): they parse and validate, hold the newest
public documents, link from page heads, and rebuild byte for byte; manifest.json names types."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from pathlib import Path

import feedparser
import frictionless
import pytest
import yaml
from helpers import PDF, POLICY, doc, public_notice, soup, with_ylfw

TODAY = "2026-11-30"
SITE_URL = "https://xishan.example.gov.cn/gk/"
WITH_POLICY = {
    "content/mzj/2025/policy.md": POLICY,
    "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
}


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", TODAY)


def _site_url(project, url: str | None) -> None:
    """Set (or, with None, remove) `site_url` in the project's mkdocs.yml."""
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("site_url", None)
    if url:
        config["site_url"] = url
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})


def _notices(n: int) -> dict[str, str]:
    """`n` public notices of 区民政局, two a day from 2025-04-01 (ties on every date)."""
    files = {}
    for i in range(n):
        day = f"2025-{4 + i // 56:02d}-{1 + (i // 2) % 28:02d}"
        files[f"content/mzj/2025/n{i:03d}.md"] = public_notice(
            title=f"第{i}号通知", published=day, summary=f"第{i}号通知的概述"
        )
    return files


def _build(project, files=None) -> Path:
    project.write(files or {})
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project.site


def _feeds(site: Path) -> dict[str, bytes]:
    files = (site / "feeds").rglob("*.xml")
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in files}


def _entry_path(feed_path: str, href: str) -> str:
    """The output path a relative entry link of the feed at `feed_path` points to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(feed_path), href)) + "/index.html"


def test_feeds_parse_hold_the_newest_50_and_link_relative_without_site_url(project):
    _site_url(project, None)
    site = _build(project, {**_notices(60), **WITH_POLICY})
    feeds = _feeds(site)
    assert {"feeds/all.xml", "feeds/org/mzj.xml", "feeds/org/qsz.xml"} <= feeds.keys()
    assert {"feeds/type/notices.xml", "feeds/type/policies.xml"} <= feeds.keys()
    assert "feeds/type/interpretations.xml" in feeds  # every type has one, empty or not
    for path, data in feeds.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert len(parsed.entries) <= 50
        dates = [e.published for e in parsed.entries]
        assert dates == sorted(dates, reverse=True), path  # newest first
        for entry in parsed.entries:
            assert (site / _entry_path(path, entry.link)).is_file(), (path, entry.link)
    notices = feedparser.parse(feeds["feeds/type/notices.xml"])
    assert len(notices.entries) == 50  # 61 notices: the newest 50
    newest = notices.entries[0]  # n058 and n059 share the newest date: by path
    assert [newest.title, notices.entries[1].title] == ["第58号通知", "第59号通知"]
    assert newest.id == "tag:disclosure-portal.invalid,2024:mzj/2025/n058"
    assert newest.summary == "第58号通知的概述"
    assert newest.author == "测试区民政局"
    # ties on one date are ordered by path
    site_feed = feedparser.parse(feeds["feeds/all.xml"])
    assert site_feed.feed.updated == site_feed.entries[0].updated  # the newest entry's
    assert site_feed.feed.title == "测试区政府信息公开平台 最新公开信息"
    policies = feedparser.parse(feeds["feeds/type/policies.xml"])
    assert [e.id for e in policies.entries] == ["tag:disclosure-portal.invalid,2024:mzj-dibao"]
    assert feedparser.parse(feeds["feeds/org/qsz.xml"]).entries == []  # a valid empty feed


def test_page_heads_link_the_site_feed_and_their_own(project):
    site = _build(project, WITH_POLICY)

    def alternates(page: str) -> dict[str, str]:
        links = soup(site / page).select('link[rel="alternate"][type="application/atom+xml"]')
        out = {}
        for link in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
            assert (site / target).is_file(), (page, link["href"])
            out[target] = link["title"]
        return out

    assert alternates("index.html") == {"feeds/all.xml": "测试区政府信息公开平台 最新公开信息"}
    assert alternates("mzj/2025/policy/index.html").keys() == {"feeds/all.xml"}
    platform = alternates("disclosure/mzj/index.html")
    assert platform.keys() == {"feeds/all.xml", "feeds/org/mzj.xml"}
    assert platform["feeds/org/mzj.xml"] == "测试区民政局 政府信息公开"
    assert alternates("policies/index.html").keys() == {"feeds/all.xml", "feeds/type/policies.xml"}
    assert alternates("notices/index.html").keys() == {"feeds/all.xml", "feeds/type/notices.xml"}


def test_feeds_use_content_dates_escape_text_and_rebuild_byte_identical(project):
    tricky = "关于<b>“三公”</b>经费 & 预算的通知"
    files = {
        **_notices(3),
        "content/mzj/2025/changed.md": public_notice(
            title=tricky,
            published="2025-06-01",
            summary="概述 <script>alert(1)</script> & 其他",
            changes=[{"date": "2025-07-15", "note": "更正附件"}],
        ),
    }
    site = _build(project, files)
    first = _feeds(site) | {
        p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "data").iterdir()
    }
    parsed = feedparser.parse(first["feeds/org/mzj.xml"])
    entry = next(e for e in parsed.entries if e.id.endswith("mzj/2025/changed"))
    assert entry.title == tricky  # text, escaped in the XML, not markup
    assert entry.summary == "概述 <script>alert(1)</script> & 其他"
    assert entry.updated.startswith("2025-07-15") and entry.published.startswith("2025-06-01")
    assert parsed.feed.updated.startswith("2025-07-15")
    assert b"<b>" not in first["feeds/org/mzj.xml"]
    assert project.mkdocs("build").returncode == 0
    second = _feeds(site) | {
        p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "data").iterdir()
    }
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_site_url_gives_absolute_links_and_its_host_in_ids(project):
    _site_url(project, SITE_URL)
    site = _build(project)
    parsed = feedparser.parse((site / "feeds/org/mzj.xml").read_bytes())
    assert parsed.bozo == 0
    entry = parsed.entries[0]
    assert entry.link == SITE_URL + "mzj/2025/notice/"
    assert entry.id == "tag:xishan.example.gov.cn,2024:mzj/2025/notice"
    assert any(
        link.rel == "self" and link.href == SITE_URL + "feeds/org/mzj.xml"
        for link in parsed.feed.links
    )
    rows = list(csv.DictReader(io.StringIO((site / "data/documents.csv").read_text("utf-8-sig"))))
    assert {r["url"] for r in rows} >= {SITE_URL + "mzj/2025/notice/"}


def test_data_package_validates_and_has_one_row_per_published_document(project):
    _site_url(project, None)  # URLs from the site root
    with_ylfw(project)  # an unreviewed catalog: none of its items is exported
    site = _build(
        project,
        {
            **WITH_POLICY,
            "content/qsz/2025/a.md": public_notice(title="青石镇通知", org="qsz"),
            "content/about.md": doc({"title": "关于本站", "attribute": "主动公开", "type": "页面"}),
        },
    )
    report = frictionless.validate(str(site / "data/datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] and {r["path"] for r in package["resources"]} == {
        f"{name}.{ext}"
        for name in ("documents", "organisations", "catalog-items")
        for ext in ("csv", "json")
    }
    schema = next(r for r in package["resources"] if r["name"] == "documents-csv")["schema"]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types["published"] == types["written"] == types["abolished"] == "date"
    assert schema["primaryKey"] == ["id"]
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert all(d["type"] for d in manifest["documents"])
    assert {d["type"] for d in manifest["documents"]} == {"页面", "政策文件", "通知公告"}
    raw = (site / "data/documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,url,title,type,org,org_name,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(manifest["documents"])
    assert {r["id"] for r in rows} == {d["id"] for d in manifest["documents"]}
    policy = next(r for r in rows if r["id"] == "mzj-dibao")
    assert policy["doc_number"] == "溪山民发〔2025〕3号" and policy["published"] == "2025-02-25"
    assert policy["org_name"] == "测试区民政局" and policy["url"] == "mzj/2025/policy/"
    documents = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in documents] == [r["id"] for r in rows]
    items = json.loads((site / "data/catalog-items.json").read_text(encoding="utf-8"))
    assert {i["id"] for i in items} == {"shjz-01", "fdzdgk-01", "fdzdgk-02"}  # not ylfw-01
    orgs = (site / "data/organisations.csv").read_text(encoding="utf-8-sig").splitlines()
    assert orgs[0] == "id,name,kind,parent,code" and len(orgs) == 5
    assert "tyc,青石镇桃源村村民委员会,村（居）委员会,qsz,54500299307158429W" in orgs


def test_feeds_and_data_folders_are_reserved(project):
    project.write({"content/feeds/all.md": public_notice(), "content/data/x.md": public_notice()})
    result = project.portal("validate")
    assert result.returncode == 1
    assert "content/feeds/all.md:file:" in result.stdout
    assert "content/data/x.md:file:" in result.stdout


def test_a_hostile_site_name_and_title_stay_text_in_heads_and_feeds(project):
    name = '站点<img src=x onerror=alert(1)>&amp;"'
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = name
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    title = '标题"><script>alert(2)</script>&amp;'
    site = _build(project, {"content/mzj/2025/x.md": public_notice(title=title)})
    link = soup(site / "index.html").select_one('link[type="application/atom+xml"]')
    assert link["title"] == f"{name} 最新公开信息"
    parsed = feedparser.parse((site / "feeds/all.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.feed.title == f"{name} 最新公开信息"
    assert title in [e.title for e in parsed.entries]
    assert "<script>" not in (site / "feeds/all.xml").read_text(encoding="utf-8")
