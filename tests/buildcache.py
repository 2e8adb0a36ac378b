"""The build cache's test project and helpers (tests/build/test_build_cache*.py): a small portal
built four times (twice without the cache, twice with it), once per test module, and copied for
each test; a cached build compared byte for byte with a build without the cache."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import yaml
from helpers import (
    BASE_FILES,
    PDF,
    POLICY,
    Project,
    commit,
    doc,
    git,
    linshi_interpretation,
    linshi_policy,
    mkdocs_yml,
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


def entries(project: Project) -> list[Path]:
    return sorted((project.root / ".portal-cache").glob("v*/pages/*/*"))


EARLY = "1 片在读取内容时已开始"
SEEDED = "1 片只压缩变化的文件"  # written over its previous index's files (pagefindseed)
UNSEEDED = "1 片未能沿用上次的文件"


def make_cached(root: Path) -> Project:
    """The cache tests' project at `root`: committed, built without and with the cache twice
    (the second cached build reuses every page), its replaced site made the spare."""
    project = Project(root)
    project.write(
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
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
    wait_for_spare(project)
    end = time.monotonic() + 60  # every replaced site prepared (or removed) by its process
    while list(project.root.glob(".site-old-*")):
        assert time.monotonic() < end, "a replaced site was not made the spare"
        time.sleep(0.05)
    return project


def copy_of(template: Path, root: Path) -> Project:
    """A test's own copy of the project built at `template` (git, cache, site and spare)."""
    shutil.copytree(template, root, symlinks=True)
    return Project(root)
