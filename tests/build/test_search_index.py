"""The Pagefind search index: documents not listings, shards, the empty case."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from helpers import OLD_POLICY, PDF, POLICY, built, public_notice


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
            **{
                f"content/qsz/2025/n{i}.md": public_notice(title=f"青石镇通知第{i}号", org="qsz")
                for i in range(4)
            },
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
