"""The build cache's writing (`portal build`): the site it replaced kept as the spare and written
over, reused pages written as soon as planning finds them (by the scan's process, or the writer's
thread on one core), and the edited document's search shard started while the content is read;
the bytes of a build without the cache every time. The project: tests/buildcache.py."""

from __future__ import annotations

import gzip
import json
import time

from buildcache import (
    EARLY,
    SECRET,
    SEEDED,
    TODAY,
    UNSEEDED,
    both_ways,
    commit_hook,
    inodes,
    text_of,
    tree,
    wait_for_spare,
)
from helpers import Project, commit, doc, git, public_notice


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


def test_a_page_another_plugin_changes_after_the_scan_is_listed_and_scanned_as_it_is(
    cached: Project,
):
    """The manifest's digests of the pages written by the scan's process are those of the bytes
    it wrote, unless another plugin may change a page afterwards: with a hook's on_post_build
    (which runs before the portal's) the pages are read again, the change is in the manifest
    (the bytes of a build without the cache) and withheld text it puts there refuses the build
    (`portal build`'s own check would write the manifest again and scan the page: see
    tests/content/test_scan_ledger.py)."""
    p = cached
    hook = (
        "from pathlib import Path\n\n\n"
        "def on_post_build(config, **_):\n"
        "    extra = Path(config.config_file_path).parent / 'hooks' / 'extra.txt'\n"
        "    page = Path(config.site_dir) / 'qsz' / '2025' / 'n1' / 'index.html'\n"
        "    added = extra.read_text(encoding='utf-8') if extra.exists() else 'QXAFTER'\n"
        "    page.write_text(page.read_text(encoding='utf-8') + f'<!-- {added} -->',"
        " encoding='utf-8')\n"
    )
    commit_hook(p, "after.py", hook, "构建后改页面的插件", "2025-05-03")
    both_ways(p)  # the hook is part of every key: everything rendered, and cached
    body = public_notice(title="青石镇第2号通知", org="qsz", published="2025-04-03")
    body = body.replace("现将有关事项通知如下。", "现将有关事项通知如下：QXAFTEREDIT一句。")
    commit(p, {"content/qsz/2025/n2.md": body}, "改正文", "2025-05-04")
    said: list[str] = []
    reused, rendered = both_ways(p, said=said)  # n1 reused, changed by the hook, listed so
    assert reused > 10 and rendered > 0
    assert "QXAFTER -->" in (p.site / "qsz/2025/n1/index.html").read_text(encoding="utf-8")
    assert "按其实际内容写入清单" not in said[-1]  # read again by the engine: listed as it is
    before = tree(p.site)
    (p.root / "hooks" / "extra.txt").write_text(SECRET, encoding="utf-8")
    result = p.portal("build", "--today", TODAY)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "泄露检查发现" in out, out[-3000:]
    assert "qsz/2025/n1/index.html" in out
    assert tree(p.site) == before
