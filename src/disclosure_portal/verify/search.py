"""Full-text search: a Pagefind index written over the built (already filtered) HTML.

Material's search plugin writes one JSON file that every reader downloads and parses whole (about
20 MB per 1,000 Chinese documents). Pagefind writes a chunked index instead, which the browser
loads piecemeal; its extended binary (PyPI `pagefind[extended]`) segments Chinese. It reads only
the output folder, so it can index nothing the publication filter kept out, and the leak check
scans its files like any other output.

The index is split into shards of at most SHARD_PAGES pages, each written by its own Pagefind run
over a mirror (hard links) of its pages; the browser searches the first shard and merges the others
(`mergeIndex`). Pagefind 1.5 ranks the pages that contain a word by walking, for each of them, the
word's whole posting list, so one query costs (pages containing it)²: 2.5 s in chromium for a word
on all of 10,000 pages, against about 0.4 s over ten shards of 1,000 (closing note of issue 7).
Shards also bound the indexer's memory, about 0.5 MB per page in one run (5 GB at 10,000).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from disclosure_portal.verify import pagefindfix

try:
    from pagefind_bin_extended import get_executable
except ImportError as missing:  # reported by executable(), in Chinese, when an index is wanted
    _PAGEFIND_MISSING: ImportError | None = missing
else:
    _PAGEFIND_MISSING = None

BUNDLE_DIR = "pagefind"  # under the site folder; the theme's script loads ../pagefind/pagefind.js
SHARD_DIR = "shard"  # shard k > 0 is written to pagefind/shard/k/; shard 0 is pagefind/ itself
SHARD_PAGES = 1000
SHARDS_FILE = "shards.json"
BODY_MARK = "data-pagefind-body"
_BODY_RE = re.compile(r"<[a-zA-Z][^<>]*\s" + BODY_MARK + r"[\s/>=]")
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
LANGUAGE = "zh"  # the portal is Chinese whatever theme.language says: segment everything as zh
TIMEOUT_SECONDS = 3600

_COUNT_RE = re.compile(r"Indexed (\d[\d,]*) (page|word)s?\b")


class SearchIndexError(Exception):
    """The index could not be written; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class IndexStats:
    """What `build_index` did: pages indexed, shard count, wall time and the indexer's memory."""

    pages: int
    words: int  # of the largest shard
    shards: int
    seconds: float
    peak_rss_kb: int  # of the indexer process (ru_maxrss of waited children; 0 where unknown)


BINARY_ENVIRONMENT = "PORTAL_PAGEFIND"  # a Pagefind extended binary where no wheel exists


def available() -> bool:
    """Whether a Pagefind binary can be had: PORTAL_PAGEFIND names an existing file, or the
    pagefind[extended] package is installed (it has no wheel for every platform)."""
    given = os.environ.get(BINARY_ENVIRONMENT, "").strip()
    if given:
        return Path(given).is_file()
    return _PAGEFIND_MISSING is None


def executable() -> Path:
    """The Pagefind extended binary (PORTAL_PAGEFIND, else the installed package's);
    SearchIndexError when there is none."""
    given = os.environ.get(BINARY_ENVIRONMENT, "").strip()
    if given:
        if not Path(given).is_file():
            raise SearchIndexError(f"{BINARY_ENVIRONMENT} 指定的 Pagefind 程序“{given}”不存在")
        return Path(given)
    if _PAGEFIND_MISSING is not None:
        raise SearchIndexError(
            "没有安装 pagefind[extended]（中文分词的全文搜索索引程序），"
            "请用 scripts/demo.sh 或 scripts/test.sh 安装锁定的依赖"
        ) from _PAGEFIND_MISSING
    return Path(get_executable())


def shard_pages() -> int:
    """Pages per shard: SHARD_PAGES, or PORTAL_SEARCH_SHARD_PAGES for tuning and tests."""
    value = os.environ.get("PORTAL_SEARCH_SHARD_PAGES", "").strip()
    if not value:
        return SHARD_PAGES
    if not value.isdigit() or int(value) < 1:
        raise SearchIndexError(
            f"环境变量 PORTAL_SEARCH_SHARD_PAGES 应为正整数（每片页面数），现为“{value}”"
        )
    return int(value)


def shard_count(pages: int) -> int:
    """How many shards an index of `pages` searchable pages is split into (at least one)."""
    return max(1, math.ceil(pages / shard_pages()))


def shard_of(url_path: str, shards: int) -> int:
    """A page's shard: stable across builds while the count stays, and spread evenly, so that every
    shard has the same word statistics and scores from different shards compare."""
    return int.from_bytes(hashlib.sha1(url_path.encode("utf-8")).digest()[:4], "big") % shards


def is_searchable(html: str) -> bool:
    """The page marks a part of itself for the index (document pages, editors' pages)."""
    return BODY_MARK in html and _BODY_RE.search(html) is not None


def searchable_pages(site_dir: Path) -> list[str]:
    """HTML pages of `site_dir` (relative POSIX paths) marked for the index; reads every page."""
    found = []
    for path in site_dir.rglob("*.html"):
        if path.is_relative_to(site_dir / BUNDLE_DIR):
            continue
        if is_searchable(path.read_text(encoding="utf-8", errors="replace")):
            found.append(path.relative_to(site_dir).as_posix())
    return found


def _run(site: Path, output: Path) -> tuple[int, int]:
    command = [
        str(executable()),
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--force-language",
        LANGUAGE,
    ]
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexError(f"无法运行搜索索引程序：{exc}") from exc
    if out.returncode != 0:
        detail = (out.stderr or out.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("搜索索引生成失败：" + " / ".join(detail))
    for unused in _UNUSED:
        (output / unused).unlink(missing_ok=True)  # Pagefind's own UIs: the theme has its own
    counts = {kind: int(number.replace(",", "")) for number, kind in _COUNT_RE.findall(out.stdout)}
    return counts.get("page", 0), counts.get("word", 0)


def _mirror(site_dir: Path, pages: list[str], target: Path) -> None:
    """The shard's pages under their own paths (so Pagefind gives them their real URLs), as hard
    links where the file system allows."""
    for rel in pages:
        source, dest = site_dir / rel, target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dest)
        except OSError:
            shutil.copyfile(source, dest)


def build_index(site_dir: Path, pages: list[str] | None = None) -> IndexStats:
    """Index the searchable pages of `site_dir` (paths relative to it; found by reading every page
    when not given) into `site_dir/pagefind/`, in `shard_count(len(pages))` shards."""
    start = time.perf_counter()
    pages = sorted(set(pages if pages is not None else searchable_pages(site_dir)))
    shards = shard_count(len(pages))
    groups: list[list[str]] = [[] for _ in range(shards)]
    for rel in pages:
        groups[shard_of(rel, shards)].append(rel)
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    groups = [g for g in groups if g]  # Pagefind refuses an empty folder
    indexed = words = 0
    try:  # next to the output, so that hard links work
        work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
    except OSError:
        work = Path(tempfile.mkdtemp(prefix="pagefind-"))  # the mirrors are then copies
    try:
        for k, group in enumerate(groups):
            mirror = work / str(k)
            try:
                mirror.mkdir()
                _mirror(site_dir, group, mirror)
            except OSError as exc:
                raise SearchIndexError(f"无法准备搜索索引的临时目录 {mirror}：{exc}") from exc
            output = bundle if k == 0 else bundle / SHARD_DIR / str(k)
            n, w = _run(mirror, output)
            try:  # Guarantee 4: Pagefind lists filter values in hash-map order
                pagefindfix.canonicalise(output)
            except (OSError, ValueError) as exc:
                raise SearchIndexError(f"无法整理搜索索引的筛选文件：{exc}") from exc
            indexed, words = indexed + n, max(words, w)
            shutil.rmtree(mirror, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # what the theme's script merges into the first shard (no pages: it answers "no results")
    bundle.mkdir(exist_ok=True)
    (bundle / SHARDS_FILE).write_text(
        json.dumps(
            {
                "pages": indexed,
                "shards": [f"{SHARD_DIR}/{k}/" for k in range(1, len(groups))],
            }
        ),
        encoding="utf-8",
    )
    return IndexStats(
        pages=indexed,
        words=words,
        shards=len(groups),
        seconds=round(time.perf_counter() - start, 2),
        peak_rss_kb=_children_peak_rss_kb(),
    )


def _children_peak_rss_kb() -> int:
    """Peak RSS of this process's waited-for children (the indexer), in KiB; 0 where the
    platform has no `resource` module (Windows)."""
    try:
        import resource  # noqa: PLC0415 - Unix only
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
