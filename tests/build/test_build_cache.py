"""The build cache (`.portal-cache/`, SPEC: Command line): after each kind of change a cached
`portal build` gives the same bytes as `portal build --no-cache` of the same commit (Guarantee 4),
while it really reuses pages; a corrupt entry is ignored, and a cached page is scanned like any
other (a cache can never carry a leak past the second wall)."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
import yaml
from helpers import (
    PDF,
    POLICY,
    Project,
    commit,
    doc,
    git,
    linshi_interpretation,
    linshi_policy,
    public_notice,
)

TODAY = "2026-06-01"
SECRET = "QXCACHESECRET内部请示的标题"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    ta, tb = tree(a), tree(b)
    return sorted(k for k in ta.keys() | tb.keys() if ta.get(k) != tb.get(k))


def reuse_counts(output: str) -> tuple[int, int]:
    m = re.search(r"构建缓存：复用 (\d+) 个页面，重新生成 (\d+) 个", output)
    assert m, output[-3000:]
    return int(m.group(1)), int(m.group(2))


def both_ways(project: Project, *args: str, said: list[str] | None = None) -> tuple[int, int]:
    """A cached build into site/ and a --no-cache build into site-nc/; they must be equal byte
    for byte. Returns the cached build's (reused, rendered) page counts (and appends what it
    said to `said`)."""
    cache = project.root / ".portal-cache"
    before = sorted(p.as_posix() for p in cache.rglob("*")) if cache.exists() else []
    cold = project.portal("build", "--no-cache", "--site-dir", "site-nc", "--today", TODAY, *args)
    assert cold.returncode == 0, cold.stdout[-3000:] + cold.stderr[-3000:]
    after = sorted(p.as_posix() for p in cache.rglob("*")) if cache.exists() else []
    assert before == after  # --no-cache writes no cache
    warm = project.portal("build", "--today", TODAY, *args)
    assert warm.returncode == 0, warm.stdout[-3000:] + warm.stderr[-3000:]
    if said is not None:
        said.append(warm.stdout + warm.stderr)
    assert differences(project.site, project.root / "site-nc") == [], (
        differences(project.site, project.root / "site-nc"),
        warm.stdout[-2000:],
    )
    return reuse_counts(warm.stdout + warm.stderr)


def commit_hook(project: Project, name: str, source: str, message: str, date: str) -> None:
    """Commit a hook file hooks/`name` and add it to mkdocs.yml's hooks."""
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [*config["hooks"], str(project.root / "hooks" / name)]
    files = {
        f"hooks/{name}": source,
        "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
    }
    commit(project, files, message, date)


def text_of(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))


@pytest.fixture
def cached(project: Project) -> Project:
    project.write(
        {
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2025/policy.md": linshi_policy(),
            "content/mzj/2025/interp.md": linshi_interpretation(),
            **{
                f"content/qsz/2025/n{i}.md": public_notice(
                    title=f"青石镇第{i}号通知", org="qsz", published=f"2025-04-0{i + 1}"
                )
                for i in range(4)
            },
            "content/mzj/2025/secret.md": doc(
                {
                    "title": SECRET,
                    "attribute": "依申请公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                },
                "QXCACHEBODY这是一段只在内部请示中出现的正文句子。\n",
            ),
        }
    )
    git(project.root, "init", "-q", "-b", "main")
    commit(project, {".gitignore": "site/\nsite-nc/\n.site-*/\n"}, "建立门户", "2025-05-01")
    reused, rendered = both_ways(project)
    assert reused == 0 and rendered > 10  # an empty cache: everything rendered
    again, none = both_ways(project)
    assert none == 0 and again == rendered  # nothing changed: everything reused
    return project


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


EARLY = "1 片在读取内容时已开始"
SEEDED = "1 片只压缩变化的文件"  # written over its previous index's files (pagefindseed)
UNSEEDED = "1 片未能沿用上次的文件"


def test_the_edited_document_s_shard_starts_while_the_content_is_read(cached: Project):
    """The search index's shard of the edited document starts on a guess from the previous
    build's record and git (verify/early.py): used for a body edit, and when a document of the
    shard is withdrawn in the same commit (it is nowhere in the index), not from a damaged
    record; the bytes are those of a build without the cache every time."""
    p = cached
    notice = public_notice(title="青石镇第0号通知", org="qsz", published="2025-04-01")
    said: list[str] = []
    commit(
        p, {"content/qsz/2025/n0.md": notice + "\nQXEARLY补充的一段正文。\n"}, "改", "2025-05-02"
    )
    both_ways(p, said=said)
    assert EARLY in said[-1] and "QXEARLY补充" in text_of(p.site)
    assert SEEDED in said[-1] and UNSEEDED not in said[-1]
    withdrawn = doc(
        {
            "title": "青石镇第3号通知",
            "attribute": "不予公开",
            "attribute_basis": "第十四条",
            "org": "qsz",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
        },
        "QXWITHDRAWN内部的正文。\n",
    )
    commit(
        p,
        {
            "content/qsz/2025/n0.md": notice + "\nQXEARLY又改了一次。\n",
            "content/qsz/2025/n3.md": withdrawn,
        },
        "改并撤回",
        "2025-05-03",
    )
    both_ways(p, said=said)
    assert EARLY in said[-1] and SEEDED in said[-1]  # the withdrawn page's fragment is gone
    assert not (p.site / "qsz/2025/n3").exists()
    assert all(b"QXWITHDRAWN" not in data for data in tree(p.site).values())
    (record,) = (p.root / ".portal-cache").glob("v*/last-index")
    record.write_bytes(record.read_bytes()[:-40] + b"damaged")
    commit(p, {"content/qsz/2025/n0.md": notice + "\nQXEARLY第三次。\n"}, "再改", "2025-05-04")
    both_ways(p, said=said)
    assert EARLY not in said[-1] and SEEDED not in said[-1]
    commit(p, {"content/qsz/2025/n0.md": notice + "\nQXEARLY第四次。\n"}, "又改", "2025-05-05")
    both_ways(p, said=said)  # the damaged record was written anew
    assert EARLY in said[-1] and SEEDED in said[-1]
    # pages leave the shard while their files stay as they were (published after an earlier
    # build date: 定时发布), and every page is rendered again (the date is in their keys): no
    # reused page opens the shard, the guess is ended, and what it was given is nowhere
    commit(p, {"content/qsz/2025/n0.md": notice + "\nQXEARLY第五次。\n"}, "再改", "2025-05-06")
    both_ways(p, "--today", "2025-04-02", said=said)
    assert EARLY not in said[-1]
    assert not (p.site / "qsz/2025/n2").exists()  # published 2025-04-03
    indexed = {
        json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for f in (p.site / "pagefind").rglob("*.pf_fragment")
    }
    assert "/qsz/2025/n0/" in indexed and "/qsz/2025/n1/" in indexed
    assert "/qsz/2025/n2/" not in indexed and "/mzj/2025/policy/" not in indexed


def inodes(site: Path) -> dict[int, str]:
    """The pages' files by inode (the search index's files are links to the cache's)."""
    return {p.stat().st_ino: p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def wait_for_spare(project: Project, holding: str = "") -> Path:
    """The replaced site becomes the spare in a process of its own: wait for it (for the one
    `holding` that page)."""
    ready = project.root / ".portal-spare" / "ready"
    page = ready / holding / ".portal-spare~index.html"
    end = time.monotonic() + 60
    while not (page.is_file() if holding else ready.is_dir()):
        assert time.monotonic() < end, "the replaced site did not become the spare"
        time.sleep(0.05)
    return ready


def test_a_build_writes_over_the_site_it_replaced(cached: Project, monkeypatch):
    """`portal build` keeps the site it replaced (engine/spare.py) and writes the next build's
    pages over its files: the output is still the bytes of a build without the cache, with
    nothing of the old site left: not the page of a document deleted since, not a word of one
    turned 依申请公开. The spare is no part of the repository; PORTAL_RECYCLE=0 keeps none."""
    p = cached
    later = public_notice(title="青石镇稍后撤回的通知", org="qsz", published="2025-04-20")
    later = later.replace(
        "现将有关事项通知如下。", "现将有关事项通知如下：QXSPARELATER独有的一句。"
    )
    commit(p, {"content/qsz/2025/later.md": later}, "新文件", "2025-05-02")
    both_ways(p)
    assert "QXSPARELATER" in text_of(p.site)
    old = inodes(p.site)  # this site, with the page of later.md, is the spare two builds on
    commit(
        p,
        {"content/qsz/2025/n0.md": public_notice(title="改了的通知", org="qsz")},
        "改",
        "2025-05-03",
    )
    both_ways(p)
    withheld = doc(
        {
            "title": "青石镇稍后撤回的通知",
            "attribute": "依申请公开",
            "attribute_basis": "第十六条",
            "org": "qsz",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
        },
        "现将有关事项通知如下：QXSPARELATER独有的一句。\n",
    )
    commit(p, {"content/qsz/2025/later.md": withheld}, "依申请公开", "2025-05-04")
    git(p.root, "rm", "-q", "content/qsz/2025/n3.md")
    git(p.root, "commit", "-q", "-m", "删除", date="2025-05-05")
    wait_for_spare(p, "qsz/2025/later")
    reused, _ = both_ways(p)  # the same bytes as --no-cache, written over the spare
    assert reused > 10
    now = inodes(p.site)
    written_over = [rel for ino, rel in now.items() if old.get(ino) == rel]
    assert len(written_over) > reused // 2, (len(written_over), reused)
    assert not (p.site / "qsz/2025/later").exists()
    assert not (p.site / "qsz/2025/n3").exists()
    assert all(b"QXSPARELATER" not in data for data in tree(p.site).values())
    assert not [rel for rel in tree(p.site) if ".portal-spare" in rel]
    assert git(p.root, "status", "--porcelain", "--ignored", ".portal-spare").startswith("!!")
    assert not git(p.root, "status", "--porcelain", "--untracked-files=all").strip()
    # switched off: the replaced site is removed, and the spare with it
    monkeypatch.setenv("PORTAL_RECYCLE", "0")
    spare_site = wait_for_spare(p)
    build = p.portal("build", "--today", TODAY)
    assert build.returncode == 0, build.stdout[-2000:]
    end = time.monotonic() + 60
    while spare_site.exists() or list(p.root.glob(".site-old-*")):
        assert time.monotonic() < end, "the replaced site and the spare were not removed"
        time.sleep(0.05)


def test_a_spare_site_committed_to_git_is_not_used(cached: Project):
    """Files committed under .portal-spare/ (an editor's mistake, or on purpose) are never
    moved into the site: the build says so and builds without them."""
    p = cached
    wait_for_spare(p)  # (the site replaced by the fixture's second build is moved there)
    p.write({".portal-spare/ready/QXPLANTED.html": "<p>QXPLANTED not from the content</p>\n"})
    git(p.root, "add", "-f", ".portal-spare/ready/QXPLANTED.html")
    git(p.root, "commit", "-q", "-m", "放了一个文件", date="2025-05-02")
    build = p.portal("build", "--today", TODAY)
    assert build.returncode == 0, build.stdout[-2000:]
    assert ".portal-spare/ 中有文件被 git 跟踪" in build.stdout
    assert not [rel for rel in tree(p.site) if "QXPLANTED" in rel]
    assert all(b"QXPLANTED" not in data for data in tree(p.site).values())


def test_the_cache_serves_a_checkout_cloned_elsewhere(cached: Project, tmp_path, monkeypatch):
    """CI clones the repository into a folder of its own and restores the cache folder: the
    pages are reused there (where the checkout lies is no input of a page), and the output is
    the bytes of a build without the cache, there too. The git record of the commit is taken
    from the cache as well."""
    import shutil

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


def entries(project: Project) -> list[Path]:
    return sorted((project.root / ".portal-cache").glob("v*/pages/*/*"))


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


def test_pages_another_plugin_moves_or_drops_after_planning(cached: Project):
    """Reused pages are written as soon as planning finds them, before other plugins' on_files:
    a page a hook then moves is written at its new place only, and one it drops is not in the
    output at all (nor its folder); the bytes are those of a build without cache."""
    p = cached
    hook = (
        "from pathlib import Path\n\n\n"
        "def on_files(files, config, **_):\n"
        "    drop = (Path(config.config_file_path).parent / 'hooks' / 'drop.txt').exists()\n"
        "    for file in list(files):\n"
        "        if file.src_uri == 'qsz/2025/n0.md' and drop:\n"
        "            files.remove(file)\n"
        "        elif file.src_uri == 'qsz/2025/n1.md':\n"
        "            file.dest_uri = 'qsz/2025/moved/index.html'\n"
        "            file.url = 'qsz/2025/moved/'\n"
        "            file.__dict__.pop('abs_dest_path', None)\n"
        "    return files\n"
    )
    commit_hook(p, "move.py", hook, "移动页面的插件", "2025-05-03")
    both_ways(p)  # the hook is part of every key: everything rendered, and cached
    assert (p.site / "qsz/2025/n0/index.html").is_file()
    assert (p.site / "qsz/2025/moved/index.html").is_file()
    # n0 cached, now dropped: the hook reads a file no key covers, so the pages that list n0
    # are made to render again by a new title for n2, which they list too
    (p.root / "hooks" / "drop.txt").write_text("n0\n", encoding="utf-8")
    n2 = public_notice(title="青石镇第2号通知", org="qsz", published="2025-04-03")
    renamed = n2.replace("青石镇第2号通知", "QX改名的第2号通知")
    commit(p, {"content/qsz/2025/n2.md": renamed}, "改标题", "2025-05-04")
    reused, rendered = both_ways(p)
    assert reused > 0 and rendered > 0
    assert (p.site / "qsz/2025/moved/index.html").is_file()  # reused, written at its place
    assert not (p.site / "qsz/2025/n1").exists()
    assert not (p.site / "qsz/2025/n0").exists()
    folders = {q.relative_to(p.site) for q in p.site.rglob("*") if q.is_dir()}
    cold = p.root / "site-nc"
    assert folders == {q.relative_to(cold) for q in cold.rglob("*") if q.is_dir()}


def test_a_page_written_while_planning_that_cannot_be_written_refuses_the_build(cached: Project):
    """A reused page the writer cannot write (something else put a file where its folder goes)
    refuses the build with the writer's message, and the published site stays as it was."""
    p = cached
    hook = (
        "from pathlib import Path\n\n"
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(200)\n"
        "def on_files(files, config, **_):\n"
        "    if (Path(config.config_file_path).parent / 'hooks' / 'block.txt').exists():\n"
        "        folder = Path(config.site_dir) / 'qsz' / '2025'\n"
        "        folder.mkdir(parents=True, exist_ok=True)\n"
        "        (folder / 'n1').write_text('在页面的位置放了一个文件', encoding='utf-8')\n"
        "    return files\n"
    )
    commit_hook(p, "block.py", hook, "挡住页面的插件", "2025-05-03")
    both_ways(p)  # the hook is part of every key: everything rendered, and cached
    before = tree(p.site)
    (p.root / "hooks" / "block.txt").write_text("block\n", encoding="utf-8")
    result = p.portal("build", "--today", TODAY)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "无法写入页面" in out and "qsz/2025/n1" in out, out[-3000:]
    assert tree(p.site) == before


def test_without_the_scan_process_the_writer_thread_writes_reused_pages(
    cached: Project, monkeypatch
):
    """On one core (no scan process: PORTAL_SCAN_WORKERS=0) the page writer's thread reads,
    stamps and writes the reused pages itself (the scan's process writes them otherwise, in
    every other test here): the bytes of a build without the cache, the edit in its page."""
    p = cached
    monkeypatch.setenv("PORTAL_SCAN_WORKERS", "0")
    body = public_notice(title="青石镇第2号通知", org="qsz", published="2025-04-03")
    body = body.replace("现将有关事项通知如下。", "现将有关事项通知如下：QXONECORE一句。")
    commit(p, {"content/qsz/2025/n2.md": body}, "改正文", "2025-05-02")
    reused, rendered = both_ways(p)
    assert reused > 10 and rendered > 0
    assert "QXONECORE" in text_of(p.site)
