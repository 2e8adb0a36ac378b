"""The Pagefind search index: documents not listings, shards, the empty case."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
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


def _page(title: str) -> str:
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>x</title></head><body>'
        f"<article data-pagefind-body><h1>{title}</h1><p>{title}的正文内容。</p></article>"
        "</body></html>"
    )


def _fragments(site: Path) -> list[str]:
    urls = []
    for f in sorted((site / "pagefind").rglob("*.pf_fragment")):
        urls.append(
            json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        )
    return sorted(urls)


def test_shards_are_indexed_as_pages_arrive_and_a_late_page_joins_its_shard(tmp_path):
    """The index written shard by shard while the engine renders (verify/search.py ShardedIndex):
    every planned page is indexed once; a page no shard planned that turns out searchable after
    its shard was indexed makes that shard be indexed again with all its pages; an unplanned page
    that is not searchable changes nothing."""
    from disclosure_portal.verify.search import ShardedIndex, shard_of

    site = tmp_path / "site"
    site.mkdir()
    rels = [f"org/2025/d{i}/index.html" for i in range(12)]
    plan = {rel: shard_of(rel, 3) for rel in rels}
    index = ShardedIndex(site, plan, 3)
    for rel in sorted(rels, key=lambda r: plan[r]):
        index.page(rel, _page(rel), searchable=True)
    late = next(
        f"extra/p{i}/index.html"
        for i in range(50)
        if shard_of(f"extra/p{i}/index.html", 3) == plan[rels[0]]
    )
    index.page("listing/index.html", "<html><body>列表</body></html>", searchable=False)
    index.page(late, _page("后来的页面"), searchable=True)
    stats = index.finish()
    index.close()
    expected = sorted("/" + r.removesuffix("index.html") for r in [*rels, late])
    assert _fragments(site) == expected
    assert stats.pages == 13 and stats.shards == len(set(plan.values()))
    assert not list(tmp_path.glob(".pagefind-*"))


def test_a_shard_of_the_same_pages_comes_from_the_cache_byte_for_byte(tmp_path):
    from disclosure_portal.cache import BuildCache
    from disclosure_portal.verify.search import ShardedIndex, shard_of

    cache, _ = BuildCache.open(tmp_path / "cache")
    rels = [f"org/2025/d{i}/index.html" for i in range(8)]
    plan = {rel: shard_of(rel, 2) for rel in rels}
    trees = []
    for run, changed in enumerate(("", "", "org/2025/d3/index.html")):
        site = tmp_path / f"site{run}"
        site.mkdir()
        index = ShardedIndex(site, plan, 2, cache=cache)
        for rel in rels:
            index.page(rel, _page(rel + ("改" if rel == changed else "")), searchable=True)
        stats = index.finish()
        index.close()
        trees.append(
            {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        )
        assert stats.cached == (0, 2, 1)[run]  # a changed page re-indexes its own shard only
    assert trees[0] == trees[1] and trees[1] != trees[2]


class _Stored:
    """A reused page as the build cache gives it (cache.PageEntry): its output, read again."""

    def __init__(self, output: str, mirror_sha: str) -> None:
        self._output, self.mirror_sha, self.searchable, self.reads = output, mirror_sha, True, 0
        self.path = Path("cache/pages/entry")

    def output(self) -> str:
        self.reads += 1
        return self._output


def test_a_reused_page_s_mirror_is_written_from_its_entry_and_checked(tmp_path):
    """Reused pages reach their shard from the cache entry, read by the mirrors' thread (not by
    the engine's): the index is the one of the same pages handed over as rendered output, and an
    entry whose bytes are not those its digest names stops the index, in Chinese."""
    import hashlib

    import pytest

    from disclosure_portal.verify.search import SearchIndexError, ShardedIndex, shard_of

    rels = [f"org/2025/d{i}/index.html" for i in range(6)]
    plan = {rel: shard_of(rel, 2) for rel in rels}

    def sha(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()

    trees = []
    for stored in (False, True):
        site = tmp_path / f"site-{stored}"
        site.mkdir()
        index = ShardedIndex(site, plan, 2)
        entries = []
        for rel in rels:
            if stored and rel != rels[0]:
                entries.append(_Stored(_page(rel), sha(_page(rel))))
                index.stored_page(rel, entries[-1])
            else:
                index.page(rel, _page(rel), searchable=True)
        stats = index.finish()
        index.close()
        assert stats.pages == 6 and all(e.reads == 1 for e in entries)
        trees.append(
            {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        )
    assert trees[0] == trees[1]
    site = tmp_path / "site-damaged"
    site.mkdir()
    index = ShardedIndex(site, plan, 2)
    for rel in rels:
        index.stored_page(rel, _Stored(_page(rel) + "改", sha(_page(rel))))
    with pytest.raises(
        SearchIndexError, match=r"页面 org/2025/d\d/index.html 的内容与记录的摘要不符"
    ):
        index.finish()


def test_shards_are_stable_when_one_is_added():
    """Jump consistent hashing: from n to n + 1 shards only pages that go to the new shard move."""
    from disclosure_portal.verify.search import shard_of

    rels = [f"org{i % 40}/2025/d{i:05d}/index.html" for i in range(3000)]
    for n in (1, 2, 5, 9):
        before = {r: shard_of(r, n) for r in rels}
        after = {r: shard_of(r, n + 1) for r in rels}
        moved = [r for r in rels if before[r] != after[r]]
        assert all(after[r] == n for r in moved)  # positive control below: some do move
        assert 0.5 / (n + 1) < len(moved) / len(rels) < 1.5 / (n + 1)
        counts = [sum(1 for r in rels if after[r] == k) for k in range(n + 1)]
        assert max(counts) < 1.25 * len(rels) / (n + 1)


def test_small_sites_get_small_shards_and_large_ones_few(monkeypatch):
    """Shards of 250 pages up to eight of them (a build from the cache re-indexes one small
    shard), then shards of 1,000 (each shard is a few more requests per search); the count
    never falls as the site grows, so a new document moves only the pages of one new shard."""
    from disclosure_portal.verify.search import shard_count

    monkeypatch.delenv("PORTAL_SEARCH_SHARD_PAGES", raising=False)
    assert [shard_count(n) for n in (0, 1, 250, 251, 1434, 2000, 2001, 4000, 8000, 8001)] == [
        1, 1, 1, 2, 6, 8, 8, 8, 8, 9,
    ]  # fmt: skip
    assert shard_count(10_000) == 10 and shard_count(20_000) == 20
    counts = [shard_count(n) for n in range(0, 12_000, 7)]
    assert counts == sorted(counts)
    monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "100")
    assert shard_count(1434) == 15


def _page_order(bundle: Path) -> list[str]:
    """The URLs of a Pagefind index in its page numbers' order (the metadata lists the pages'
    fragments by number)."""
    from disclosure_portal.verify import pagefindfix

    meta = gzip.decompress(next(bundle.glob("*.pf_meta")).read_bytes())
    pages = pagefindfix.decode(meta, len(pagefindfix.SIGNATURE))[0][1]
    return [
        json.loads(
            gzip.decompress((bundle / "fragment" / f"{h}.pf_fragment").read_bytes()).removeprefix(
                b"pagefind_dcd"
            )
        )["url"]
        for h, _words in pages
    ]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_pages_are_numbered_by_path_whatever_order_they_come_in(tmp_path, monkeypatch):
    """Pagefind numbers an index's pages in the order it reads them, and the numbers are in every
    index file. Read from a folder, that order was the file system's (a hash seeded per ext4 file
    system, creation order on tmpfs): the same pages gave other bytes on another machine or when
    a build from the cache wrote them in another order (Guarantee 4). Added one at a time, sorted
    by path: the same bytes whether the pages come sorted, reversed or shuffled, rendered or
    reused, to a shard fed as they come (placeholders for the missing) or fed once complete; a
    planned page that turns out not searchable leaves no trace. Every page holds a lone surrogate
    (the build cache keeps them; the page's file has a character reference)."""
    import hashlib
    import random

    from disclosure_portal.verify import search
    from disclosure_portal.verify.pagefindsvc import page_url
    from disclosure_portal.verify.search import ShardedIndex, shard_of

    rels = [
        f"{org}/2025/d{i:02d}/index.html" for org in ("zz", "a-b", "a", "m") for i in (9, 10, 1)
    ]
    # pages Pagefind reads itself (plain paths) and pages given as text (a glob character)
    rels += ["index.html", "a/index.html", "通知公告/index.html", "通知(二)/a b/index.html"]
    plan = {rel: shard_of(rel, 2) for rel in rels}
    hidden = "m/2025/d10/index.html"  # planned, but written without a marked body

    def sha(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()

    def page(rel: str) -> str:
        return _page(rel).replace("的正文", "的\ud800正文")

    trees = []
    orders = [sorted(rels), sorted(rels, reverse=True), random.Random(7).sample(rels, len(rels))]
    for run, (order, opened) in enumerate(zip([*orders, orders[2]], (0, 2, 2, 1), strict=True)):
        monkeypatch.setattr(search, "OPEN_SHARDS", opened)
        site = tmp_path / f"site{run}"
        site.mkdir()
        index = ShardedIndex(site, plan, 2)
        for n, rel in enumerate(order):
            if rel == hidden:
                index.page(rel, "<html><body><p>列表</p></body></html>", searchable=False)
            elif run >= 2 and n % 2:
                index.stored_page(rel, _Stored(page(rel), sha(page(rel))))
            else:
                index.page(rel, page(rel), searchable=True)
        stats = index.finish()
        index.close()
        assert stats.pages == len(rels) - 1
        trees.append(_tree(site))
        layout = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))
        for bundle in [site / "pagefind"] + [site / "pagefind" / s for s in layout["shards"]]:
            urls = _page_order(bundle)
            by_path = [page_url(r) for r in sorted(rels) if page_url(r) in urls]
            assert urls == by_path and urls, bundle  # "a-b/…" before "a/…", "index.html" after
            assert "/m/2025/d10/" not in urls
    assert trees[0] == trees[1] == trees[2] == trees[3]


def test_the_same_site_gives_the_same_index_on_another_file_system(tmp_path):
    """The index of a site does not depend on the file system the build writes to: the same
    pages indexed in a folder on tmpfs (files listed in creation order) and on the test's own
    disk give the same bytes."""
    import shutil

    import pytest

    from disclosure_portal.verify.search import build_index

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        pytest.skip("no writable /dev/shm (tmpfs) on this machine")
    rels = [f"org{i % 3}/2025/d{i:02d}/index.html" for i in range(16)]
    trees = []
    with tempfile.TemporaryDirectory(dir=shm) as memory:
        for site, order in ((Path(memory) / "site", rels), (tmp_path / "site", rels[::-1])):
            for rel in order:  # written in opposite orders
                (site / rel).parent.mkdir(parents=True, exist_ok=True)
                (site / rel).write_text(_page(rel), encoding="utf-8")
            stats = build_index(site)
            assert stats.pages == len(rels)
            trees.append({k: v for k, v in _tree(site).items() if k.startswith("pagefind/")})
            shutil.rmtree(site / "pagefind")
    assert trees[0] == trees[1]


def test_an_opened_shard_is_cached_under_the_pages_it_was_given(tmp_path):
    """A page no shard planned that joins a shard whose service is already fed (a generated page
    a custom template marks) is indexed with the rest at the end; the index written before it
    came is kept under the key of the pages it holds, not under one that names the late page
    too (a build stopped in between would leave an index that lacks it under that key)."""
    import hashlib

    from disclosure_portal.cache import BuildCache
    from disclosure_portal.verify.search import ShardedIndex, shard_of

    cache, _ = BuildCache.open(tmp_path / "cache")
    rels = [f"org/2025/d{i}/index.html" for i in range(4)]
    plan = {rel: 0 for rel in rels}
    late = "extra/p/index.html"
    site = tmp_path / "site"
    site.mkdir()
    index = ShardedIndex(site, plan, 1, cache=cache)
    shas = {}
    for rel in rels:
        shas[rel] = hashlib.sha256(_page(rel).encode("utf-8")).hexdigest()
        if rel == rels[-1]:
            index.page(late, _page("后来的页面"), searchable=True)  # the shard is open by now
            shas[late] = hashlib.sha256(_page("后来的页面").encode("utf-8")).hexdigest()
            index.page(rel, _page(rel), searchable=True)
        else:
            index.stored_page(rel, _Stored(_page(rel), shas[rel]))
    assert shard_of(late, 1) == 0
    stats = index.finish()
    index.close()
    assert stats.pages == 5 and "/extra/p/" in _fragments(site)
    without = {rel: sha for rel, sha in shas.items() if rel != late}
    assert cache.has_shard(index._key_of(without)) and cache.has_shard(index._key_of(shas))
    target = tmp_path / "restored"
    assert cache.get_shard(index._key_of(shas), target)["pages"] == 5
