"""The build cache (`.portal-cache/`, SPEC: Command line): after each kind of change a cached
`portal build` gives the same bytes as `portal build --no-cache` of the same commit (Guarantee 4),
while it really reuses pages; a corrupt entry is ignored, and a cached page is scanned like any
other (a cache can never carry a leak past the second wall). The project: tests/buildcache.py;
the spare site, the page writer and the early search shard: test_build_cache_writing.py."""

from __future__ import annotations

import json
import shutil

import yaml
from buildcache import (
    SECRET,
    SEEDED,
    TODAY,
    UNSEEDED,
    both_ways,
    commit_hook,
    entries,
    text_of,
    tree,
)
from helpers import Project, commit, doc, git, public_notice

from disclosure_portal.cache import MARKS_KIND, file_mark, pack, unpack


def test_content_edits_give_the_bytes_of_a_build_without_cache(cached: Project):
    p = cached
    # a body edit: its page again, most pages reused
    commit(
        p,
        {
            "content/qsz/2025/n1.md": public_notice(
                title="青石镇第1号通知", org="qsz", published="2025-04-02"
            ).replace("现将有关事项通知如下。", "现将有关事项通知如下：QXEDITED补充一句。")
        },
        "改正文",
        "2025-05-02",
    )
    reused, rendered = both_ways(p)
    assert reused > 0 and 1 <= rendered < reused
    assert "QXEDITED补充一句" in text_of(p.site)
    # a new document: its page, the listings and the home page show it
    commit(
        p,
        {
            "content/qsz/2025/n9.md": public_notice(
                title="QXNEW新发布的通知", org="qsz", published="2025-05-01"
            )
        },
        "新文件",
        "2025-05-03",
    )
    reused, rendered = both_ways(p)
    assert reused > 0 and rendered >= 2
    assert (p.site / "qsz/2025/n9/index.html").is_file()
    # a document turned 不予公开: its page and every mention go; its text is a fingerprint now
    commit(
        p,
        {
            "content/qsz/2025/n9.md": doc(
                {
                    "title": "QXNEW新发布的通知",
                    "attribute": "不予公开",
                    "attribute_basis": "第十四条",
                    "org": "qsz",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                },
                "内部。\n",
            )
        },
        "不予公开",
        "2025-05-04",
    )
    both_ways(p)
    assert not (p.site / "qsz/2025/n9").exists()
    assert all(b"QXNEW" not in data for data in tree(p.site).values())
    # a withheld document released (依申请公开 -> 主动公开)
    commit(
        p,
        {"content/mzj/2025/secret.md": public_notice(title=SECRET, published="2025-05-05")},
        "公开",
        "2025-05-05",
    )
    both_ways(p)
    assert SECRET in (p.site / "mzj/2025/secret/index.html").read_text(encoding="utf-8")
    # a git rename: the page moves, a redirect stays at the old address
    git(p.root, "mv", "content/qsz/2025/n2.md", "content/qsz/2025/moved.md")
    git(p.root, "commit", "-q", "-m", "改名", date="2025-05-06")
    both_ways(p)
    assert (p.site / "qsz/2025/moved/index.html").is_file()
    assert (p.site / "qsz/2025/n2/index.html").is_file()  # the redirect
    # built again: the redirect page reused, still out of the sitemap
    reused, rendered = both_ways(p)
    assert rendered == 0
    sitemap = (p.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "qsz/2025/moved/" in sitemap and "qsz/2025/n2/" not in sitemap


def test_the_cache_serves_a_checkout_cloned_elsewhere(cached: Project, tmp_path, monkeypatch):
    """CI clones the repository into a folder of its own and restores the cache folder: the
    pages are reused there (where the checkout lies is no input of a page), and the output is
    the bytes of a build without the cache, there too. The git record of the commit is taken
    from the cache as well."""
    config = (cached.root / "mkdocs.yml").read_text(encoding="utf-8")
    commit(  # a theme folder of the project's own: found by its place in the project too
        cached,
        {
            "mkdocs.yml": config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
            "overrides/partials/print-head.html": '<p class="qx-print">QXOWNTHEME</p>\n',
        },
        "主题",
        "2025-05-02",
    )
    both_ways(cached)
    elsewhere = Project(tmp_path / "elsewhere" / "checkout")
    elsewhere.root.parent.mkdir()
    git(tmp_path, "clone", "-q", str(cached.root), str(elsewhere.root))
    shutil.copytree(cached.root / ".portal-cache", elsewhere.root / ".portal-cache")
    from disclosure_portal import cache as cache_module
    from disclosure_portal.read import history as history_module

    def no_git_log(root, *args):
        raise AssertionError("the git record was read again instead of taken from the cache")

    kept, _ = cache_module.BuildCache.open(elsewhere.root / ".portal-cache", elsewhere.root)
    with monkeypatch.context() as patch:  # the record of this commit, read in the first checkout
        patch.setattr(history_module, "read_history", no_git_log)
        assert cache_module.cached_history(elsewhere.root, kept).head
    reused, rendered = both_ways(elsewhere)
    assert rendered == 0 and reused > 10, (reused, rendered)
    assert "QXOWNTHEME" in text_of(elsewhere.site)


def test_settings_catalog_theme_and_date_changes(cached: Project):
    p = cached
    # a catalog edit: the item's text is shown on its pages
    shjz = (p.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    commit(
        p,
        {"catalogs/shjz.yml": shjz.replace("社会救助政策文件", "QXCATALOG社会救助政策文件汇编")},
        "改目录",
        "2025-05-02",
    )
    reused, rendered = both_ways(p)
    assert reused > 0 and rendered >= 1
    assert "QXCATALOG" in text_of(p.site)
    # a settings edit: the footer of every page
    config = (p.root / "mkdocs.yml").read_text(encoding="utf-8")
    commit(
        p,
        {"mkdocs.yml": config.replace("023-65120001（工作日", "023-65129999（工作日")},
        "改页脚",
        "2025-05-03",
    )
    reused, rendered = both_ways(p)
    assert reused == 0 and "023-65129999" in text_of(p.site)
    # a theme edit: a template of the site's own custom_dir
    config = (p.root / "mkdocs.yml").read_text(encoding="utf-8")
    commit(
        p,
        {
            "mkdocs.yml": config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
            "overrides/partials/print-head.html": '<p class="qx-print">QXTHEMEONE</p>\n',
        },
        "主题",
        "2025-05-04",
    )
    both_ways(p)
    assert "QXTHEMEONE" in text_of(p.site)
    commit(
        p,
        {"overrides/partials/print-head.html": '<p class="qx-print">QXTHEMETWO</p>\n'},
        "改模板",
        "2025-05-05",
    )
    reused, rendered = both_ways(p)
    assert reused == 0 and "QXTHEMETWO" in text_of(p.site) and "QXTHEMEONE" not in text_of(p.site)
    # a scheduled document: withheld before its day, published from it; the stamp names the day
    commit(
        p,
        {
            "content/qsz/2025/later.md": public_notice(
                title="QXLATER定时发布的通知", org="qsz", published="2026-07-01"
            )
        },
        "定时发布",
        "2025-05-06",
    )
    both_ways(p)
    assert "QXLATER" not in text_of(p.site)
    reused, rendered = both_ways(p, "--today", "2026-07-01")
    assert reused > 0 and "QXLATER" in text_of(p.site)
    assert "生成于 2026-07-01" in (p.site / "index.html").read_text(encoding="utf-8")


def test_a_hook_that_changes_the_template_engine_compiles_the_templates_again(cached: Project):
    """The compiled templates in the cache depend on the Jinja environment as well as on the
    sources: a hook that changes how templates compile (whitespace control, a filter) after a
    cached build gets the bytes of a build without cache, not code compiled before."""
    p = cached
    hook = (
        "from markupsafe import Markup\n\n\n"
        "def on_env(env, **_):\n"
        "    env.trim_blocks = True\n"
        "    env.lstrip_blocks = True\n"
        "    env.filters['url'] = lambda value: Markup('QXFILTER')\n"
        "    return env\n"
    )
    commit_hook(p, "trim.py", hook, "模板环境", "2025-05-03")
    both_ways(p)
    assert "QXFILTER" in (p.site / "404.html").read_text(encoding="utf-8")


_UNREAD = (
    "import json, os\n"
    "def on_env(env, config, files):\n"  # not a page event: pages may be left out
    "    unread = [f.src_uri for f in files.documentation_pages() if f.page.content is None]\n"
    "    with open(os.environ['QX_UNREAD'], 'w') as out:\n"
    "        json.dump(sorted(unread), out)\n"
    "    return env\n"
)


def test_reused_documents_stay_out_of_the_engine_s_loops_unless_a_plugin_reads_pages(
    cached: Project, monkeypatch, tmp_path
):
    """With the cache and no plugin but search, `portal build` runs the engine with --dirty
    and the hook leaves the pages of reused documents out of MkDocs' loops (never read nor
    built: the writer writes them); the output is the same bytes as without the cache, and says
    nothing of --dirty; another hook reading such a page finds the title of its front matter. A
    handler of a page event or of the nav that the portal does not know (a site's hook) keeps
    every page in, and the bytes are the same."""
    p = cached
    unread = tmp_path / "unread.json"
    monkeypatch.setenv("QX_UNREAD", str(unread))
    commit_hook(p, "unread.py", _UNREAD, "观察引擎读取的页面", "2025-05-03")
    both_ways(p)  # a new hook: every page rendered again
    said: list[str] = []
    reused, _ = both_ways(p, said=said)
    left_out = json.loads(unread.read_text(encoding="utf-8"))
    assert reused > 0 and "qsz/2025/n1.md" in left_out and "mzj/2025/policy.md" in left_out
    assert all(src.startswith(("mzj/", "qsz/")) for src in left_out)  # documents only
    assert "--dirty" not in said[-1] and "增量构建" not in said[-1]
    assert "清空输出目录" in said[-1]
    titles = (
        "def on_env(env, config, files):\n"  # what another hook may read of such a page
        "    for f in files.documentation_pages():\n"
        "        assert f.page.content is not None or f.page.title, f.src_uri\n"
        "    return env\n"
    )
    commit_hook(p, "titles.py", titles, "页面标题", "2025-05-04")
    both_ways(p)
    reused, _ = both_ways(p)
    assert reused > 0 and json.loads(unread.read_text(encoding="utf-8"))  # still left out
    config = yaml.safe_load((p.root / "mkdocs.yml").read_text(encoding="utf-8"))
    hooks = config["hooks"]
    for n, event in enumerate(
        ("page_context(context, page, config, nav)", "nav(nav, config, files)")
    ):
        hook = f"def on_{event}:\n    return {event.split('(')[1].split(',')[0]}\n"
        config["hooks"] = [*hooks, str(p.root / "hooks" / f"sees{n}.py")]  # this one alone
        files = {
            f"hooks/sees{n}.py": hook,
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        }
        commit(p, files, "读取页面的钩子", f"2025-05-0{5 + n}")
        both_ways(p)
        reused, _ = both_ways(p)
        assert reused > 0 and json.loads(unread.read_text(encoding="utf-8")) == []


def test_a_corrupt_cache_is_ignored(cached: Project):
    p = cached
    pages = entries(p)
    assert len(pages) > 10
    pages[0].write_bytes(pages[0].read_bytes()[:-10])  # truncated
    data = bytearray(pages[1].read_bytes())
    data[-5] ^= 0x20  # one byte flipped
    pages[1].write_bytes(bytes(data))
    pages[2].write_bytes(b"garbage")
    verdicts = next((p.root / ".portal-cache").glob("v*/verdicts.json"))
    verdicts.write_text("{not json", encoding="utf-8")
    for shard in (p.root / ".portal-cache").glob("v*/search/*/files/**/*.pf_fragment"):
        shard.write_bytes(b"\x1f\x8b broken")
        break
    # the theme's compiled templates: truncated, garbage, and one template's code under
    # another's name (each is checked against its template's source)
    compiled = sorted(f for f in (p.root / ".portal-cache").glob("v*/templates/*/*") if f.is_file())
    assert len(compiled) > 10
    datas = [c.read_bytes() for c in compiled]
    for i, path in enumerate(compiled):
        damaged = (datas[i][:40], b"garbage", datas[(i + 1) % len(datas)])[i % 3]
        path.write_bytes(damaged)
    said: list[str] = []
    reused, rendered = both_ways(p, said=said)
    assert rendered == 3 and reused > 0  # the three damaged entries were rendered again
    # the shard is indexed again over its previous files, one of them damaged: over the pipe
    assert UNSEEDED in said[-1] and SEEDED not in said[-1]


def test_an_entry_damaged_behind_its_mark_refuses_one_build(cached: Project):
    """Planning takes an entry whose file is as a build wrote it from the record of marks; its
    bytes are checked when the page is written. One damaged without a write (a disk's error: its times and
    size kept, forged here) refuses that build, which keeps the published site and removes the
    entry; the next build renders the page, the same bytes as without the cache."""
    p = cached
    marks_file = next((p.root / ".portal-cache").glob("v*/marks"))
    found = unpack(marks_file.read_bytes())
    assert found is not None
    marks = json.loads(found[1])
    damaged = next(e for e in entries(p) if e.name in marks and e.stat().st_size > 2000)
    data = bytearray(damaged.read_bytes())
    data[-1000] ^= 0x01  # inside the page, before its stamp
    damaged.write_bytes(bytes(data))
    marks[damaged.name] = [*file_mark(damaged.stat()), *marks[damaged.name][5:]]
    marks_file.write_bytes(pack({"kind": MARKS_KIND}, json.dumps(marks).encode()))
    before = tree(p.site)
    refused = p.portal("build", "--today", TODAY)
    assert refused.returncode != 0
    assert "已损坏" in refused.stdout + refused.stderr, refused.stdout[-3000:]
    assert "Traceback" not in refused.stderr  # a message, in Chinese, not a traceback
    assert tree(p.site) == before  # the published site as it was
    assert not damaged.exists()
    reused, rendered = both_ways(p)
    assert rendered == 1 and reused > 0


def test_a_damaged_search_shard_is_indexed_again(cached: Project):
    """Every page reused, so the search index's shard comes from the cache, its files checked
    by a thread while the build goes on: one file damaged, the shard is indexed again, with the
    bytes of a build without the cache."""
    p = cached
    fragments = sorted((p.root / ".portal-cache").glob("v*/search/*/files/**/*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        fragment.write_bytes(b"\x1f\x8b broken")
    reused, rendered = both_ways(p)
    assert rendered == 0 and reused > 10
    assert all(b"broken" not in f.read_bytes() for f in (p.site / "pagefind").rglob("*.pf_*"))


def test_a_cached_page_is_scanned_like_any_other(cached: Project):
    """A cache entry that is whole (its checksum matches) but carries withheld text, as a cache
    from elsewhere could: the second wall finds it and the published site stays as it was."""
    from disclosure_portal.cache import pack, unpack

    p = cached
    before = tree(p.site)
    entry = next(e for e in entries(p) if b"</article>" in e.read_bytes())
    header, payload = unpack(entry.read_bytes())
    planted = payload.replace(b"</article>", f"<p>{SECRET}</p></article>".encode(), 1)
    assert planted != payload
    entry.write_bytes(
        pack({k: v for k, v in header.items() if k not in ("sha256", "size")}, planted)
    )
    result = p.portal("build", "--today", TODAY)
    assert result.returncode == 1
    assert "泄露检查" in result.stdout + result.stderr
    assert tree(p.site) == before


def test_a_cache_committed_to_git_is_not_used(cached: Project):
    p = cached
    git(p.root, "add", "-f", ".portal-cache")
    git(p.root, "commit", "-q", "-m", "误提交缓存", date="2025-05-02")
    result = p.portal("build", "--today", TODAY)
    assert result.returncode == 0
    out = result.stdout + result.stderr
    assert "构建缓存不可用" in out and "构建缓存：" not in out  # the build ran without it
