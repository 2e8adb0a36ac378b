"""Full-text search: a Pagefind index written over the built (already filtered) HTML.

Material's search plugin writes one JSON file that every reader downloads and parses whole (about
20 MB per 1,000 Chinese documents). Pagefind writes a chunked index instead, which the browser
loads piecemeal; its extended binary (PyPI `pagefind[extended]`) segments Chinese. It reads only
the output folder, so it can index nothing the publication filter kept out, and the leak check
scans its files like any other output.

The index is split into shards (`shard_count`), each written by its own Pagefind run over a mirror
(hard links) of its pages; the browser searches the first shard and merges the others
(`mergeIndex`). Pagefind 1.5 ranks the pages that contain a word by walking, for each of them, the
word's whole posting list, so one query costs (pages containing it)²: 2.5 s in chromium for a word
on all of 10,000 pages, against about 0.4 s over ten shards of 1,000 (closing note of issue 7).
Shards also bound the indexer's memory, about 0.5 MB per page in one run (5 GB at 10,000).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_portal import progress
from disclosure_portal.cache import CacheError, environment_digest
from disclosure_portal.verify import pagefindfix

try:
    from pagefind_bin_extended import get_executable
except ImportError as missing:  # reported by executable(), in Chinese, when an index is wanted
    _PAGEFIND_MISSING: ImportError | None = missing
else:
    _PAGEFIND_MISSING = None

BUNDLE_DIR = "pagefind"  # under the site folder; the theme's script loads ../pagefind/pagefind.js
SHARD_DIR = "shard"  # shard k > 0 is written to pagefind/shard/k/; shard 0 is pagefind/ itself
# Pages per shard: small shards while the site is small (a build from the cache indexes again only
# the shard of an edited document, about 5 ms a page), but at most FEW_SHARDS of them, until shards
# reach SHARD_PAGES (each shard costs the reader's browser a few more requests per search)
SHARD_PAGES = 1000
SMALL_SHARD_PAGES = 250
FEW_SHARDS = 8
# Pagefind runs at once: a shard that is complete does not wait for the previous shard's run
# (the last shards of a build are complete within seconds of each other; each run uses little
# more than one core and about 0.5 MB per page of memory)
PARALLEL_RUNS = 2
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
    """What the indexing did: pages indexed, shard count, seconds (`build_index`: wall time; a
    ShardedIndex: its Pagefind runs' times added up, runs overlapping) and the indexer's memory."""

    pages: int
    words: int  # of the largest shard
    shards: int
    seconds: float
    peak_rss_kb: int  # of the indexer process (ru_maxrss of waited children; 0 where unknown)
    cached: int = 0  # shards taken from the build cache


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


def shard_pages() -> int | None:
    """Pages per shard set by PORTAL_SEARCH_SHARD_PAGES (for tuning and tests), else None."""
    value = os.environ.get("PORTAL_SEARCH_SHARD_PAGES", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise SearchIndexError(
            f"环境变量 PORTAL_SEARCH_SHARD_PAGES 应为正整数（每片页面数），现为“{value}”"
        )
    return int(value)


def shard_count(pages: int) -> int:
    """How many shards an index of `pages` searchable pages is split into (at least one): shards
    of SMALL_SHARD_PAGES up to FEW_SHARDS of them, then as many as shards of SHARD_PAGES need
    (1,500 pages: 6 shards; 4,000: 8 of 500; 10,000: 10 of 1,000)."""
    if (size := shard_pages()) is not None:
        return max(1, math.ceil(pages / size))
    small = math.ceil(pages / SMALL_SHARD_PAGES)
    return max(1, min(small, max(FEW_SHARDS, math.ceil(pages / SHARD_PAGES))))


def shard_of(url_path: str, shards: int) -> int:
    """A page's shard: stable across builds, spread evenly (so that every shard has the same word
    statistics and scores from different shards compare), and stable when the count grows: from
    n to n + 1 shards only the pages the new shard takes move (jump consistent hashing, Lamping
    and Veach 2014), so an added document re-indexes its own shard, not the whole site."""
    key = int.from_bytes(hashlib.sha1(url_path.encode("utf-8")).digest()[:8], "big")
    bucket, jump = -1, 0
    while jump < shards:
        bucket = jump
        key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
        jump = int((bucket + 1) * ((1 << 31) / ((key >> 33) + 1)))
    return max(bucket, 0)


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


def _pagefind_version() -> str:
    """Which Pagefind writes the index (part of a cached shard's key)."""
    given = os.environ.get(BINARY_ENVIRONMENT, "").strip()
    if given:
        stat = Path(given).stat()
        return f"{given}:{stat.st_size}:{stat.st_mtime_ns}"
    try:
        return importlib.metadata.version("pagefind-bin-extended")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _link(source: str, target: str) -> None:
    """A hard link where the file system allows, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _write_stored(target: Path, rel: str, entry: Any) -> None:
    """Write the mirror of the reused page published at `rel` from its cache entry, whose bytes
    must be those the shard's key took (OSError otherwise: the build is refused, see `_start`)."""
    data = entry.output().encode("utf-8", errors="xmlcharrefreplace")
    if hashlib.sha256(data).hexdigest() != entry.mirror_sha:
        raise OSError(
            f"构建缓存中页面 {rel} 的内容与记录的摘要不符（缓存文件 {entry.path}），"
            "请删除 .portal-cache/ 后重新构建"
        )
    _write(target, data)


class ShardedIndex:
    """The Pagefind index written shard by shard while the engine renders: each page's output is
    handed over as the engine writes it (`page`); once every page of a shard is in, the shard is
    indexed by its own Pagefind run in the background while the engine renders the next shard,
    or taken from the build cache when the same pages were indexed before (a shard's key is the
    digest of its pages' bytes). `finish` waits for the last runs and puts the bundle in place.

    Pages are indexed as rendered with the build stamp's placeholders (the stamp is not indexed:
    it is not in the marked body), so a shard's index is the same whatever the build date and
    commit. `scanned(prefix, folder)` is called for each shard's files once they are final (the
    leak scan of the search index does not wait for the end either)."""

    def __init__(
        self,
        site_dir: Path,
        plan: dict[str, int],
        shards: int,
        cache: Any = None,
        scanned: Any = None,
    ) -> None:
        self.site_dir = site_dir
        self.shards = shards
        self.plan = dict(plan)  # output path -> shard, for every page
        self.waiting: dict[int, set[str]] = {k: set() for k in range(shards)}
        for rel, k in self.plan.items():
            self.waiting[k].add(rel)
        self.pages: dict[int, dict[str, str]] = {k: {} for k in range(shards)}  # rel -> sha
        self.cache, self.scanned = cache, scanned
        try:
            self.work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
        except OSError:
            self.work = Path(tempfile.mkdtemp(prefix="pagefind-"))
        self.queue: list[int] = []
        self.running: list[tuple[int, subprocess.Popen, Path, float]] = []  # with start times
        self.busy = 0.0  # seconds of Pagefind runs
        self.done: dict[int, dict[str, Any]] = {}  # shard -> stats
        self.late: set[int] = set()  # shards a page joined after they were indexed
        self.generation: dict[int, int] = {}  # shard -> how often it was indexed again
        self.removing: list[threading.Thread] = []
        # shards taken from the cache without a mirror: how to write it should a page join late
        self.loaders: dict[int, dict[str, Callable[[], str]]] = {}
        self.failed: str = ""
        self.version = _pagefind_version()
        # the mirrors are written by a thread (creating files is slow on some disks), each
        # shard's before its run starts
        self.mirroring = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-mirror")
        self.mirrored: dict[int, list[Future[None]]] = {}
        # shards from the cache, restored by a thread of their own (not delaying the mirrors)
        self.restoring: dict[int, Future[dict[str, Any] | None]] = {}
        self.restorer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-restore")

    def _mirror(self, k: int) -> Path:
        return self.work / "pages" / str(k)

    def _output(self, k: int) -> Path:
        return self.work / "out" / f"{k}.{self.generation.get(k, 0)}"

    def page(self, rel: str, output: str, searchable: bool) -> None:
        """The page published at `rel` is written (`output`: with the stamp's placeholders)."""
        k = self.plan.get(rel)
        if k is None:  # not planned (a generated page a custom template marks): shard it now
            k = shard_of(rel, self.shards)
            if searchable and k not in self.waiting:
                self.late.add(k)  # indexed already: again, at the end, with this page
        if searchable:
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            written = self.mirroring.submit(_write, self._mirror(k) / rel, data)
            self._mirrored(k, rel, written, hashlib.sha256(data).hexdigest())
        self._arrived(k, rel)

    def stored_page(self, rel: str, entry: Any) -> None:
        """The page published at `rel` is reused from the build cache (`entry`, a PageEntry):
        as `page` with its output, which the mirrors' thread reads from the entry (the engine's
        thread does not); the shard's key takes the digest the entry was stored with, and the
        thread checks the bytes it writes against it."""
        k = self.plan.get(rel)
        if k is None or not entry.searchable:
            self.page(rel, entry.output(), entry.searchable)
            return
        written = self.mirroring.submit(_write_stored, self._mirror(k) / rel, rel, entry)
        self._mirrored(k, rel, written, entry.mirror_sha)
        self._arrived(k, rel)

    def _mirrored(self, k: int, rel: str, written: Future[None], sha: str) -> None:
        """Page `rel` of shard `k` is being mirrored (`written`), its bytes' digest `sha`."""
        self.mirrored.setdefault(k, []).append(written)
        self.pages[k][rel] = sha

    def _arrived(self, k: int, rel: str) -> None:
        """Page `rel` is in: shard `k` is ready once its last planned page is; runs that ended
        are collected and queued shards started."""
        waiting = self.waiting.get(k)
        if waiting is not None and rel in waiting:
            waiting.discard(rel)
            if not waiting:
                self._ready(k)
        self._poll()

    def _key(self, k: int) -> str:
        return self._key_of(self.pages[k])

    def _key_of(self, pages: dict[str, str]) -> str:
        """A shard's key: the indexer, this code (which rewrites Pagefind's files) and the bytes
        of its searchable pages (path -> SHA-256)."""
        h = hashlib.sha256(f"{self.version}\0{LANGUAGE}\0{environment_digest()}\0".encode())
        for rel, sha in sorted(pages.items()):
            h.update(f"{rel}\0{sha}\n".encode())
        return h.hexdigest()

    def reuse_shard(self, k: int, pages: dict[str, Any]) -> bool:
        """Take shard `k` from the cache when every page of it is reused (`pages`: path -> its
        cache.PageEntry) and the cache holds an index of exactly these pages: no mirror is
        written and no Pagefind run is needed. False when it is not there (the caller hands
        the pages over one by one then)."""
        if self.cache is None or k not in self.waiting or set(pages) != self.waiting[k]:
            return False
        shas = {rel: entry.mirror_sha for rel, entry in pages.items() if entry.searchable}
        if not shas:
            return False
        key = self._key_of(shas)
        if not self.cache.has_shard(key):
            return False
        self.pages[k] = shas
        self.loaders[k] = {rel: pages[rel].output for rel in shas}
        del self.waiting[k]
        # its files are checked and linked by a thread (thousands of them in a large site);
        # should one not match, the shard is indexed after all (`_restored`)
        self.restoring[k] = self.restorer.submit(self.cache.get_shard, key, self._output(k))
        return True

    def _restored(self, k: int, stats: dict[str, Any] | None) -> None:
        """Shard `k`'s files are in place from the cache (`stats`), or could not be (None: a
        damaged entry): then its pages' mirrors are written and it is indexed."""
        del self.restoring[k]
        if stats is not None:
            self._finished(k, stats, cached=True)
            return
        for rel, load in self.loaders.pop(k, {}).items():
            _write(self._mirror(k) / rel, load().encode("utf-8", errors="xmlcharrefreplace"))
        self.queue.append(k)

    def _collect_restored(self, wait: bool = False) -> None:
        for k, restoring in sorted(self.restoring.items()):
            if wait or restoring.done():
                self._restored(k, restoring.result())

    def _ready(self, k: int) -> None:
        del self.waiting[k]
        if not self.pages[k]:
            self.done[k] = {"pages": 0, "words": 0}
            return
        if self.cache is not None:
            stats = self.cache.get_shard(self._key(k), self._output(k))
            if stats is not None:
                self._finished(k, stats, cached=True)
                return
        self.queue.append(k)

    def _poll(self, wait: bool = False) -> None:
        """Collect the runs that ended (`wait`: wait for the oldest while any runs) and start
        queued shards while fewer than PARALLEL_RUNS run."""
        self._collect_restored()
        while True:
            for run in list(self.running):
                k, process, output, started = run
                if process.poll() is None and not wait:
                    continue
                self.running.remove(run)
                out, err = process.communicate(timeout=TIMEOUT_SECONDS)
                self.busy += time.perf_counter() - started
                if not self._collect(k, process.returncode, out, err, output):
                    return
                wait = False  # one run collected: start the next before waiting again
            if self.failed:
                return
            while self.queue and len(self.running) < PARALLEL_RUNS:
                if not self._start(self.queue.pop(0)):
                    return
            if not wait or not self.running:
                return

    def _collect(self, k: int, returncode: int, out: str, err: str, output: Path) -> bool:
        """Take in the run of shard `k` that ended; False (and `failed` said) when it failed."""
        if returncode != 0:
            detail = (err or out).strip().splitlines()[-5:]
            self.failed = "搜索索引生成失败：" + " / ".join(detail)
            return False
        for unused in _UNUSED:
            (output / unused).unlink(missing_ok=True)
        counts = {kind: int(n.replace(",", "")) for n, kind in _COUNT_RE.findall(out)}
        try:  # Guarantee 4: Pagefind lists filter values in hash-map order
            pagefindfix.canonicalise(output)
        except (OSError, ValueError) as exc:
            self.failed = f"无法整理搜索索引的筛选文件：{exc}"
            return False
        stats = {"pages": counts.get("page", 0), "words": counts.get("word", 0)}
        progress.mark(f"search shard {k} indexed")
        if self.cache is not None:
            self.cache.put_shard(self._key(k), output, stats)
        self._finished(k, stats, cached=False)
        return True

    def _start(self, k: int) -> bool:
        """Start the Pagefind run of shard `k`; False (and `failed` said) when it cannot."""
        output = self._output(k)
        shutil.rmtree(output, ignore_errors=True)
        try:
            for written in self.mirrored.pop(k, []):
                written.result()
        except (OSError, CacheError) as exc:  # CacheError: a reused page's entry changed
            self.failed = f"无法写入搜索索引的工作文件：{exc}"
            return False
        command = [
            str(executable()),
            "--site",
            str(self._mirror(k)),
            "--output-path",
            str(output),
            "--force-language",
            LANGUAGE,
        ]
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except OSError as exc:
            self.failed = f"无法运行搜索索引程序：{exc}"
            return False
        self.running.append((k, process, output, time.perf_counter()))
        progress.mark(f"search shard {k} started")
        return True

    def _prefix(self, k: int) -> str:
        """Where shard `k` will be published: the first shard with pages is the bundle itself
        (a shard not indexed yet counts as one with pages)."""
        with_pages = (j for j in range(self.shards) if j not in self.done or self.done[j]["pages"])
        return BUNDLE_DIR if k == min(with_pages, default=0) else f"{BUNDLE_DIR}/{SHARD_DIR}/{k}"

    def _finished(self, k: int, stats: dict[str, Any], cached: bool) -> None:
        self.done[k] = dict(stats, cached=cached)
        if self.scanned is not None:
            self.scanned(self._prefix(k), self._output(k))

    def finish(self) -> IndexStats:
        """Index what is left, wait for every run and put the bundle in `site_dir/pagefind/`."""
        for k in sorted(self.waiting):  # pages the engine did not write (none, normally)
            self._ready(k)
        self.mirroring.shutdown(wait=True)  # no page comes after this: late mirrors below
        self.restorer.shutdown(wait=True)
        self._collect_restored(wait=True)
        self._drain()
        for k in sorted(self.late):  # shards a late page joined: index them again, whole
            for rel, load in self.loaders.pop(k, {}).items():
                _write(self._mirror(k) / rel, load().encode("utf-8", errors="xmlcharrefreplace"))
            if self.pages[k] and not self.failed:
                self.generation[k] = self.generation.get(k, 0) + 1
                self.done.pop(k, None)
                self.waiting[k] = set()
                self._ready(k)
        self._drain()
        if self.failed:
            self.close()
            raise SearchIndexError(self.failed)
        self._remove(self.work / "pages")  # the mirrors, beside the rest of the checks
        bundle = self.site_dir / BUNDLE_DIR
        shutil.rmtree(bundle, ignore_errors=True)
        placed = [k for k in sorted(self.done) if self.done[k]["pages"]]
        for n, k in enumerate(placed):  # linked, not moved: the leak scan may still read them
            target = bundle if n == 0 else bundle / SHARD_DIR / str(k)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(self._output(k), target, copy_function=_link, dirs_exist_ok=True)
        bundle.mkdir(exist_ok=True)
        indexed = sum(self.done[k]["pages"] for k in placed)
        (bundle / SHARDS_FILE).write_text(
            json.dumps({"pages": indexed, "shards": [f"{SHARD_DIR}/{k}/" for k in placed[1:]]}),
            encoding="utf-8",
        )
        return IndexStats(
            pages=indexed,
            words=max((self.done[k]["words"] for k in placed), default=0),
            shards=len(placed),
            seconds=round(self.busy, 2),
            peak_rss_kb=_children_peak_rss_kb(),
            cached=sum(1 for k in placed if self.done[k].get("cached")),
        )

    def _drain(self) -> None:
        """Run everything queued, waiting for each run."""
        self._poll(wait=True)
        while (self.queue or self.running) and not self.failed:
            self._poll(wait=True)

    def _remove(self, folder: Path) -> None:
        """Remove a folder beside the engine's work (deleting thousands of files can take
        seconds: on file systems mounted with `discard`, for one)."""
        thread = threading.Thread(target=shutil.rmtree, args=(folder, True), daemon=True)
        thread.start()
        self.removing.append(thread)

    def close(self) -> None:
        """Stop a run still going and remove the work folder."""
        for _k, process, _output, _started in self.running:
            process.kill()
            process.communicate()
        self.running = []
        self.mirroring.shutdown(wait=True, cancel_futures=True)
        self.restorer.shutdown(wait=True, cancel_futures=True)
        for thread in self.removing:
            thread.join()
        shutil.rmtree(self.work, ignore_errors=True)
