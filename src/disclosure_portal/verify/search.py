"""Full-text search: a Pagefind index written over the built (already filtered) HTML.

Material's search plugin writes one JSON file that every reader downloads and parses whole (about
20 MB per 1,000 Chinese documents). Pagefind writes a chunked index instead, which the browser
loads piecemeal; its extended binary (PyPI `pagefind[extended]`) segments Chinese. It is given
only pages of the output, as the build wrote them, so it can index nothing the publication filter
kept out, and the leak check scans its files like any other output.

The index is split into shards (`shard_count`), each written by its own Pagefind service
(`pagefindsvc`), which is given the shard's pages sorted by path (so the index is the same bytes
on every machine and file system); the browser searches the first shard and merges the others
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
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_portal import progress
from disclosure_portal.cache import DIGESTS, CacheError, environment_digest
from disclosure_portal.verify import early as early_shard
from disclosure_portal.verify import pagefindfix, pagefindseed, pagefindsvc
from disclosure_portal.version import installed_version

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
# shards fed to their indexer while their pages still come (shards with reused pages): each holds
# its pages' parsed text in the indexer's memory (about 0.2 MB a page) until its index is written
OPEN_SHARDS = 2
SHARDS_FILE = "shards.json"
BODY_MARK = "data-pagefind-body"
_BODY_RE = re.compile(r"<[a-zA-Z][^<>]*\s" + BODY_MARK + r"[\s/>=]")
# Pagefind's own search interfaces, not written (the theme has its own)
UNUSED = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    }
)
LANGUAGE = "zh"  # the portal is Chinese whatever theme.language says: segment everything as zh
TIMEOUT_SECONDS = 3600
SEED = "seed"  # a cached shard's stats: what `pagefindseed.describe` said of its files
_HEX_KEY = re.compile(r"[0-9a-f]{64}")


class SearchIndexError(Exception):
    """The index could not be written; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class IndexStats:
    """What the indexing did: pages indexed, shard count, the processor seconds of the Pagefind
    processes added up (their wall time where the platform does not say) and the largest one's
    peak memory."""

    pages: int
    shards: int
    seconds: float
    peak_rss_kb: int  # of the largest indexer process (0 where unknown)
    cached: int = 0  # shards taken from the build cache
    early: int = 0  # shards whose service was started while the content was read (verify/early)
    seeded: int = 0  # shards written over their previous index's files (verify/pagefindseed)
    unseeded: int = 0  # shards whose seeded folder was not usable (asked over the pipe then)


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
    """The page marks a part of itself for the index (document pages, editors' pages): an
    element's attribute `data-pagefind-body`. Each place the word is found is checked from the
    last `<` before it (the tag it is in, if any) rather than by searching the whole page for the
    pattern, which tried every tag before the mark (a millisecond a page)."""
    at = html.find(BODY_MARK)
    while at >= 0:
        tag = html.rfind("<", 0, at)
        if tag >= 0 and _BODY_RE.match(html, tag) is not None:
            return True
        at = html.find(BODY_MARK, at + 1)
    return False


def searchable_pages(site_dir: Path) -> list[str]:
    """HTML pages of `site_dir` (relative POSIX paths) marked for the index; reads every page."""
    found = []
    for path in site_dir.rglob("*.html"):
        if path.is_relative_to(site_dir / BUNDLE_DIR):
            continue
        if is_searchable(path.read_text(encoding="utf-8", errors="replace")):
            found.append(path.relative_to(site_dir).as_posix())
    return found


def _named_in_utf8(folder: Path) -> bool:
    """Whether Pagefind can be told the folder's absolute path (a request is UTF-8 JSON: a path
    with bytes that are not UTF-8 would name another folder); else its files come over the
    pipe."""
    try:
        str(folder.resolve()).encode("utf-8")
    except (UnicodeEncodeError, OSError, RuntimeError):
        return False
    return True


def _text_of(path: Path) -> str:
    """A page as the indexer is given it (a page the build wrote is UTF-8)."""
    return path.read_bytes().decode("utf-8", errors="replace")


def _add(service: pagefindsvc.Service, root: Path, rel: str) -> None:
    """Add the page written at `root/rel` to `service`: read by Pagefind itself when its path
    is plain (the same index as when it is given the text: `test_a_page_read_by_pagefind…`)."""
    if pagefindsvc.is_plain(rel):
        service.add_file(root, rel)
    else:
        service.add(pagefindsvc.page_url(rel), _text_of(root / rel))


def index_files(site_dir: Path, pages: list[str], output: Path) -> tuple[int, float, int]:
    """Index the pages at `pages` (paths relative to `site_dir`) into `output` with one Pagefind
    service, added sorted by path (so numbered the same on every machine): the pages indexed,
    the indexer's processor seconds and its peak memory in KiB."""
    try:
        service = pagefindsvc.Service(executable(), LANGUAGE)
    except pagefindsvc.ServiceError as exc:
        raise SearchIndexError(str(exc)) from exc
    try:
        for rel in sorted(pages):
            _add(service, site_dir, rel)
        service.wait(service.request_files(output, UNUSED), TIMEOUT_SECONDS)
    except (pagefindsvc.ServiceError, OSError) as exc:
        raise SearchIndexError(str(exc)) from exc
    finally:
        service.close()
    return _page_count(output), service.cpu_seconds, service.peak_rss_kb


def _page_count(output: Path) -> int:
    """Pages in the index written at `output` (one fragment file each)."""
    fragments = output / "fragment"
    return sum(1 for _ in fragments.iterdir()) if fragments.is_dir() else 0


def _canonical(output: Path) -> None:
    try:  # Guarantee 4: Pagefind lists filter values in hash-map order
        pagefindfix.canonicalise(output)
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"无法整理搜索索引的筛选文件：{exc}") from exc


def build_index(site_dir: Path, pages: list[str] | None = None) -> IndexStats:
    """Index the searchable pages of `site_dir` (paths relative to it; found by reading every page
    when not given) into `site_dir/pagefind/`, in `shard_count(len(pages))` shards."""
    pages = sorted(set(pages if pages is not None else searchable_pages(site_dir)))
    shards = shard_count(len(pages))
    groups: list[list[str]] = [[] for _ in range(shards)]
    for rel in pages:
        groups[shard_of(rel, shards)].append(rel)
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    groups = [g for g in groups if g]  # an index of no page is no index
    indexed, seconds, peak = 0, 0.0, 0
    for k, group in enumerate(groups):
        output = bundle if k == 0 else bundle / SHARD_DIR / str(k)
        n, cpu, rss = index_files(site_dir, group, output)
        _canonical(output)
        indexed, seconds, peak = indexed + n, seconds + cpu, max(peak, rss)
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
        shards=len(groups),
        seconds=round(seconds, 2),
        peak_rss_kb=peak or _children_peak_rss_kb(),
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
    return installed_version("pagefind-bin-extended") or "unknown"


def _link(source: str, target: str) -> None:
    """A hard link where the file system allows, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _write_text(target: Path, load: Callable[[], str]) -> None:
    _write(target, load().encode("utf-8", errors="xmlcharrefreplace"))


def _stored_text(rel: str, entry: Any, mirrored: bool) -> tuple[bytes, str]:
    """The output of the reused page published at `rel`, read from its cache entry, whose bytes
    must be those the shard's key took (OSError otherwise: the build is refused, see `_collect`),
    and its bytes for a mirror (`mirrored`; else empty). Reading the entry checked the stored
    bytes against their digest already: when that is the digest the key took (a page without
    lone surrogates), they are not hashed again."""
    text = entry.output()
    checked = getattr(entry, "sha", "") == entry.mirror_sha
    if checked and not mirrored:
        return b"", text
    data = text.encode("utf-8", errors="xmlcharrefreplace")
    if not checked and hashlib.sha256(data).hexdigest() != entry.mirror_sha:
        raise OSError(
            f"构建缓存中页面 {rel} 的内容与记录的摘要不符（缓存文件 {entry.path}），"
            "请删除 .portal-cache/ 后重新构建"
        )
    return data, text


class ShardedIndex:
    """The Pagefind index written shard by shard while the engine renders: each page's output is
    handed over as the engine writes it (`page`, or `stored_page` for a page reused from the build
    cache). Every shard has its own Pagefind service (`pagefindsvc`), which numbers pages in the
    order they are added: sorted by path, whatever order they come in.

    A shard is opened (its service started and fed) when its first reused page comes, while
    fewer than OPEN_SHARDS are open: every page of it planned is added at once, as a placeholder
    until the page comes, and each page replaces its placeholder as it comes. In a build from the
    cache, the shard of an edited document so opens with its reused pages before the engine
    renders anything, and only the edited page and the index's files are left once it is
    rendered. A shard that was not opened has its pages written to a mirror folder as they come
    and is fed from there, sorted, by a thread of its own once complete. At most PARALLEL_RUNS
    shards write their index files at once (the indexer's memory peaks then). A shard whose
    pages were all indexed before is taken from the build cache (its key is the digest of its
    pages' bytes). `finish` waits for the rest and puts the bundle in place.

    `early`: the service of the shard an edit since the previous build falls in, started while
    the content was read (`verify/early.py`). When that shard opens and the service holds a
    place for each of its pages (added in the same order, by path), the shard takes it over
    instead of starting one: a page whose bytes differ from those given is added again
    (Pagefind replaces it in place), one that does not come becomes the placeholder, and the
    others are not sent again.

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
        early: Future[Any] | None = None,
        restore: Callable[[str, dict[str, str], str], bool] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.shards = shards
        self.plan = dict(plan)  # output path -> shard, for every page
        self.waiting: dict[int, set[str]] = {k: set() for k in range(shards)}
        for rel, k in self.plan.items():
            self.waiting[k].add(rel)
        self.pages: dict[int, dict[str, str]] = {k: {} for k in range(shards)}  # rel -> sha
        self.cache, self.scanned = cache, scanned
        self.restore = restore  # what puts a shard's cached files in place (None: a thread here)
        try:
            self.work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
        except OSError:
            self.work = Path(tempfile.mkdtemp(prefix="pagefind-"))
        self.queue: list[int] = []
        # shards whose index files are asked for: (shard, the request's id from the feeding
        # thread, its output folder, the pages it was given: path -> sha)
        self.running: list[tuple[int, Future[int], Path, dict[str, str]]] = []
        # pages of an opened shard its service was not given (late: it is indexed again)
        self.unsent: dict[int, set[str]] = {}
        self.busy = 0.0  # processor seconds of the Pagefind services
        self.peak_kb = 0  # the largest service's peak memory
        self.closing: list[threading.Thread] = []  # services being ended (`_close_service`)
        self.closing_lock = threading.Lock()
        self.done: dict[int, dict[str, Any]] = {}  # shard -> stats
        self.late: set[int] = set()  # shards a page joined after they were indexed
        self.generation: dict[int, int] = {}  # shard -> how often it was indexed again
        self.removing: list[threading.Thread] = []
        # shards taken from the cache without a mirror: how to write it should a page join late
        self.loaders: dict[int, dict[str, Callable[[], str]]] = {}
        self.failed: str = ""
        # once finished: the SHA-256 of the index's files whose bytes were read for the build
        # cache (kept, or taken from it), by their path in the site
        self.digests: dict[str, str] = {}
        self.version = _pagefind_version()
        # pages are mirrored and fed to the services by one thread, in the order they come
        # (creating files is slow on some disks; the engine's thread does neither)
        self.mirroring = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-mirror")
        # complete shards that were not opened are fed from their mirrors by another
        self.sending = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-index-feed")
        self.mirrored: dict[int, list[Future[Any]]] = {}
        self.opened: set[int] = set()  # shards with a service (the engine's thread's view)
        self.services: dict[int, pagefindsvc.Service] = {}  # (set by the feeding thread)
        # shards from the cache, restored by a thread of their own (not delaying the mirrors)
        self.restoring: dict[int, Future[dict[str, Any] | None]] = {}
        self.restorer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-restore")
        self.early = early  # Future[verify.early.EarlyShard | None], until claimed or released
        self.adopted: dict[int, Any] = {}  # shard -> its EarlyShard (the feeding thread's view)
        self.early_used = 0
        # the cache key of each shard's files in this build (recorded for the next one: its
        # shard indexed again is written over these files, `pagefindseed`)
        self.keys: dict[int, str] = {}
        self.seeds: dict[int, pagefindseed.Seed | None] = {}  # shard -> its seeded folder
        self.seeded: set[int] = set()  # shards asked to write into their seeded folder
        # shard -> its files whose bytes the seeded write's check read (`Seed.verified`)
        self.verified: dict[int, dict[str, str]] = {}
        self.seed_stats = {"used": 0, "refused": 0}
        self.seed_refusals: list[str] = []
        self._previous: dict[int, str] | None = None
        self._previous_lock = threading.Lock()

    def _mirror(self, k: int) -> Path:
        return self.work / "pages" / str(k)

    def _output(self, k: int) -> Path:
        return self.work / "out" / f"{k}.{self.generation.get(k, 0)}"

    def page(self, rel: str, output: str, searchable: bool) -> None:
        """The page published at `rel` is written (`output`: with the stamp's placeholders)."""
        k = self.plan.get(rel)
        send = True
        if k is None:  # not planned (a generated page a custom template marks): shard it now
            k = shard_of(rel, self.shards)
            if searchable and (k not in self.waiting or k in self.opened):
                # indexed already, or its service holds no place for it: again, at the end,
                # with this page (sorted among the others)
                self.late.add(k)
                send = False
                if k in self.opened:
                    self.unsent.setdefault(k, set()).add(rel)
        if searchable:
            send = send and k in self.opened  # a rendered page does not open its shard
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            sha = hashlib.sha256(data).hexdigest()
            fed = self.mirroring.submit(self._feed, k, rel, data, output if send else None, sha)
            self._mirrored(k, rel, fed, sha)
        self._arrived(k, rel)

    def stored_page(self, rel: str, entry: Any) -> None:
        """The page published at `rel` is reused from the build cache (`entry`, a PageEntry):
        as `page` with its output, which the feeding thread reads from the entry (the engine's
        thread does not); the shard's key takes the digest the entry was stored with, and the
        thread checks the bytes it reads against it."""
        k = self.plan.get(rel)
        if k is None or not entry.searchable:
            self.page(rel, entry.output(), entry.searchable)
            return
        send = self._open(k)
        if send:  # no mirror: it is written from the entry should the shard be indexed again
            self.loaders.setdefault(k, {})[rel] = entry.output
        fed = self.mirroring.submit(self._feed_stored, k, rel, entry, send)
        self._mirrored(k, rel, fed, entry.mirror_sha)
        self._arrived(k, rel)

    def _open(self, k: int) -> bool:
        """Whether shard `k`'s service is open (opened now, for a reused page, if it may be):
        its pages are then fed to it as they come. Rendered pages open no shard: in a build that
        renders most pages, feeding them as they come would cost the engine's thread (the page
        texts wait in memory for the feeding thread) more than the indexer gains."""
        if k in self.opened:
            return True
        if k not in self.waiting or len(self.opened) >= OPEN_SHARDS:
            return False
        self.opened.add(k)
        planned, arrived = sorted(self.waiting[k] | set(self.pages[k])), set(self.pages[k])
        early = self._claim_early(k, planned)
        if early is not None:
            given = {rel: self.pages[k][rel] for rel in arrived}
            started = self.mirroring.submit(self._adopt, k, early, planned, given)
        else:
            started = self.mirroring.submit(self._start_service, k, planned, arrived)
        self.mirrored.setdefault(k, []).append(started)
        # the folder its files will be written into, seeded while its pages come
        self.mirrored[k].append(self.mirroring.submit(self._seed, k))
        return True

    def _claim_early(self, k: int, planned: list[str]) -> Any:
        """The early shard, when it is shard `k` (of as many shards) and holds a place for each
        page `planned` (pages are numbered in the order they were first added: a page it lacks
        would come last); None otherwise (a guess of another shard stays until released, a
        guess of this one that does not fit is ended). Its pages that are not planned now (a
        document withdrawn since) become placeholders, as every page that does not come."""
        future = self.early
        if future is None or not future.done() or future.exception() is not None:
            return None
        early = future.result()
        if early is None or early.k != k:
            return None
        self.early = None
        if early.shards != self.shards or not set(planned) <= set(early.rels):
            early.close()
            return None
        return early

    def release_early(self) -> None:
        """The shards are opened: an early shard no shard took is ended (now, or once it has
        started)."""
        future, self.early = self.early, None
        if future is not None:
            future.add_done_callback(early_shard.close_guess)

    # the feeding thread

    def _start_service(self, k: int, rels: list[str], arrived: set[str]) -> None:
        """Start shard `k`'s service and add its pages `rels` in order: those `arrived` from
        their mirrors, the others as placeholders."""
        service = pagefindsvc.Service(executable(), LANGUAGE)
        self.services[k] = service
        for rel in rels:
            if rel in arrived:  # its mirror is written (the same thread wrote it, or `_ask`
                _add(service, self._mirror(k), rel)  # waited for it)
            else:
                service.add(pagefindsvc.page_url(rel), pagefindsvc.PLACEHOLDER)

    def _adopt(self, k: int, early: Any, planned: list[str], given: dict[str, str]) -> None:
        """Take the early shard's service as shard `k`'s (its pages `planned`; those `given`,
        path -> SHA-256, arrived before it opened, their mirrors written): each page given whose
        bytes differ from those the service has is added again. When the early service failed,
        start one as `_start_service` does."""
        if not early.ready():
            early.close()
            self._start_service(k, planned, set(given))
            return
        self.services[k] = early.service
        self.adopted[k] = early
        self.early_used += 1
        for rel, sha in given.items():
            if early.fed.get(rel) != sha:  # replaced in place: by its text, never by AddDir
                early.service.add(pagefindsvc.page_url(rel), _text_of(self._mirror(k) / rel))

    def _previous_keys(self) -> dict[int, str]:
        """The cache key of each shard's files in the previous build with the cache and the
        search index, when it had as many shards (`early.record`)."""
        with self._previous_lock:
            if self._previous is None:
                self._previous = {}
                record = self.cache.last_index() if self.cache is not None else None
                keys = record.get("shard_keys") if isinstance(record, dict) else None
                if isinstance(keys, dict) and record.get("shards") == self.shards:
                    self._previous = {
                        int(k): key
                        for k, key in keys.items()
                        if str(k).isdigit() and isinstance(key, str) and _HEX_KEY.fullmatch(key)
                    }
            return self._previous

    def _seed(self, k: int) -> pagefindseed.Seed | None:
        """Shard `k`'s folder seeded with the files of its previous index, once (None when there
        is none in the cache)."""
        if k in self.seeds:
            return self.seeds[k]
        found = None
        key = self._previous_keys().get(k)
        listing = self.cache.shard_listing(key) if key is not None else None
        if listing is not None:
            source, files, stats = listing
            described = stats.get(SEED, {})
            # written by this Pagefind (another's scripts differ: they would never settle)
            if isinstance(described, dict) and described.get("by") == self.version:
                found = pagefindseed.seed(self.work / "seed" / str(k), source, files, described)
        self.seeds[k] = found
        return found

    def _settle(self, k: int, seeded: pagefindseed.Seed, given: dict[str, str]) -> int | None:
        """Run on the reply to shard `k`'s WriteFiles into its seeded folder: its file count, or
        None when the folder cannot be used as it is (it is then asked for its files over the
        pipe). The files whose bytes the check read are kept in `verified` for the build cache."""
        try:
            count = pagefindseed.settle(seeded, given, LANGUAGE, UNUSED)
        except pagefindseed.NotSettled as exc:
            self.seed_refusals.append(str(exc))
            return None
        except Exception as exc:  # any failure of the check: not used
            self.seed_refusals.append(repr(exc))
            return None
        self.verified[k] = dict(seeded.verified)
        return count

    def _holds(self, k: int, rel: str, sha: str | None) -> bool:
        """Whether shard `k`'s service holds page `rel` with the bytes of SHA-256 `sha` already
        (given by the early shard it took over)."""
        early = self.adopted.get(k)
        return early is not None and sha is not None and early.fed.get(rel) == sha

    def _feed(
        self, k: int, rel: str, data: bytes, text: str | None, sha: str | None = None
    ) -> None:
        """Mirror page `rel` of shard `k` (`data`: its bytes, if any) and add it to the shard's
        service (`text`, if any; not when the service holds these bytes, SHA-256 `sha`)."""
        if data:
            _write(self._mirror(k) / rel, data)
        service = self.services.get(k)
        # (no service: its start failed, and says so)
        if text is not None and service is not None and not self._holds(k, rel, sha):
            service.add(pagefindsvc.page_url(rel), text)

    def _feed_stored(self, k: int, rel: str, entry: Any, send: bool) -> None:
        if send and self._holds(k, rel, entry.mirror_sha):  # not read: the service has it
            return
        data, text = _stored_text(rel, entry, mirrored=not send)
        self._feed(k, rel, data, text if send else None, entry.mirror_sha)

    def _ask(
        self,
        k: int,
        output: Path,
        given: dict[str, str],
        opened: bool,
        written: tuple[Future[Any], ...] = (),
    ) -> int:
        """Ask shard `k`'s service for its files, to be written into `output` (`given`: its pages
        that came, path -> SHA-256; a shard not `opened` has its service started with them
        first, from their mirrors, once `written`; an opened one's other pages are left as
        placeholders). Written by the service itself into the folder seeded with the shard's
        previous index when there is one (checked on the reply: `_settle`)."""
        for mirrored in written:
            mirrored.result()
        present = frozenset(given)
        if not opened:
            self._start_service(k, sorted(given), set(given))
        early = self.adopted.get(k)
        if early is not None:  # a page the early shard gave that did not come: a placeholder
            for rel in early.fed:
                if rel not in present:
                    self.services[k].add(pagefindsvc.page_url(rel), pagefindsvc.PLACEHOLDER)
        seeded = None
        if self.generation.get(k, 0) == 0 and _named_in_utf8(output):
            seeded = self._seed(k)
        if seeded is not None:
            self.seeds[k] = None  # (used once)
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                os.replace(seeded.folder, output)
            except OSError:
                seeded = None
        if seeded is None:
            return self.services[k].request_files(output, UNUSED)
        seeded.folder = output
        self.seeded.add(k)
        return self.services[k].write_files(
            output.resolve(), lambda: self._settle(k, seeded, given)
        )

    def _stop(self, k: int) -> None:
        """Close shard `k`'s service (its index came from the cache, or it has no page)."""
        service = self.services.pop(k, None)
        if service is not None:
            service.close()
        self.adopted.pop(k, None)

    # the engine's thread

    def _mirrored(self, k: int, rel: str, fed: Future[None], sha: str) -> None:
        """Page `rel` of shard `k` is being mirrored and fed (`fed`), its bytes' digest `sha`."""
        self.mirrored.setdefault(k, []).append(fed)
        self.pages[k][rel] = sha

    def _arrived(self, k: int, rel: str) -> None:
        """Page `rel` is in: shard `k` is ready once its last planned page is; services that
        answered are collected and queued shards started."""
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
        self.keys[k] = key
        self.pages[k] = shas
        self.loaders[k] = {rel: pages[rel].output for rel in shas}
        del self.waiting[k]
        # its files are checked and linked by a thread, or by the scan's process, which the
        # thread waits for (thousands of them in a large site); should one not match, the
        # shard is indexed after all (`_restored`)
        self.restoring[k] = self.restorer.submit(
            self.cache.get_shard, key, self._output(k), self.restore
        )
        return True

    def _restored(self, k: int, stats: dict[str, Any] | None) -> None:
        """Shard `k`'s files are in place from the cache (`stats`), or could not be (None: a
        damaged entry): then its pages' mirrors are written and it is indexed."""
        del self.restoring[k]
        if stats is not None:
            self._finished(k, stats, cached=True)
            return
        self.keys.pop(k, None)
        self._write_loaded(k)
        self.queue.append(k)

    def _write_loaded(self, k: int) -> None:
        """The mirrors of shard `k`'s pages taken from the cache, read and written by the
        feeding thread (an entry changed since: the build is refused, see `_collect`)."""
        for rel, load in self.loaders.pop(k, {}).items():
            self.mirrored.setdefault(k, []).append(
                self.mirroring.submit(_write_text, self._mirror(k) / rel, load)
            )

    def _collect_restored(self, wait: bool = False) -> None:
        for k, restoring in sorted(self.restoring.items()):
            if wait or restoring.done():
                self._restored(k, restoring.result())

    def _ready(self, k: int) -> None:
        del self.waiting[k]
        cached = None
        if self.pages[k] and self.cache is not None:
            cached = self.cache.get_shard(self._key(k), self._output(k))
            if cached is not None:
                self.keys[k] = self._key(k)
        if not self.pages[k] or cached is not None:
            if k in self.opened:  # its service is not needed after all
                self.opened.discard(k)
                self.mirrored.setdefault(k, []).append(self.mirroring.submit(self._stop, k))
            if cached is None:
                self.done[k] = {"pages": 0}
            else:
                self._finished(k, cached, cached=True)
            return
        if k in self.opened:
            self.queue.insert(0, k)  # its service holds its pages already: first
        else:
            self.queue.append(k)

    def _poll(self, wait: bool = False) -> None:
        """Collect the shards whose files came (`wait`: wait for the oldest while any is asked)
        and ask queued shards while fewer than PARALLEL_RUNS are asked."""
        self._collect_restored()
        while True:
            for run in list(self.running):
                if not wait and not self._answered(run):
                    continue
                self.running.remove(run)
                if not self._collect(*run):
                    return
                wait = False  # one collected: ask the next before waiting again
            if self.failed:
                return
            while self.queue and len(self.running) < PARALLEL_RUNS:
                self._start(self.queue.pop(0))
            if not wait or not self.running:
                return

    def _answered(self, run: tuple[int, Future[int], Path, dict[str, str]]) -> bool:
        k, asked, _output, _given = run
        if not asked.done():
            return False
        if asked.exception() is not None:
            return True
        service = self.services.get(k)
        return service is None or service.done(asked.result())

    def _collect(self, k: int, asked: Future[int], output: Path, given: dict[str, str]) -> bool:
        """Take in shard `k`'s files (the index of the pages `given`); False (and `failed`
        said) when they did not come."""
        known: dict[str, str] = {}  # files of `output` whose SHA-256 is known, read already
        try:
            for fed in self.mirrored.pop(k, []):  # done: the feeding thread keeps their order
                fed.result(TIMEOUT_SECONDS)
            message = asked.result(TIMEOUT_SECONDS)  # (the feeding thread has asked)
            settled = self.services[k].wait(message, TIMEOUT_SECONDS)
            if k in self.seeded:  # written into the seeded folder
                self.seeded.discard(k)
                known = self.verified.pop(k, {}) if settled is not None else {}
                if settled is None:  # not usable as it is: over the pipe, as without a seed
                    self.seed_stats["refused"] += 1
                    shutil.rmtree(output, ignore_errors=True)
                    message = self.services[k].request_files(output, UNUSED)
                    self.services[k].wait(message, TIMEOUT_SECONDS)
                else:
                    self.seed_stats["used"] += 1
        except FutureTimeout:
            self.failed = f"搜索索引程序 {TIMEOUT_SECONDS} 秒内没有完成"
        except pagefindsvc.ServiceError as exc:
            self.failed = str(exc)
        except SearchIndexError as exc:
            self.failed = str(exc)
        except (OSError, CacheError) as exc:  # CacheError: a reused page's entry changed
            self.failed = f"无法写入搜索索引的工作文件：{exc}"
        finally:
            self.opened.discard(k)
            self.adopted.pop(k, None)
            service = self.services.pop(k, None)
            if service is not None:
                self._close_service(service)
        if self.failed:
            return False
        try:
            _canonical(output)
        except SearchIndexError as exc:
            self.failed = str(exc)
            return False
        stats: dict[str, Any] = {"pages": _page_count(output)}
        progress.mark(f"search shard {k} indexed")
        if self.cache is not None:  # under the pages it was given (a late page: not yet)
            stats[SEED] = dict(pagefindseed.describe(output, given, LANGUAGE), by=self.version)
            key = self._key_of(given)
            stats[DIGESTS] = self.cache.put_shard(key, output, dict(stats), known)
            if stats[DIGESTS] and not self.unsent.get(k):
                self.keys[k] = key
        self._finished(k, stats, cached=False)
        return True

    def _close_service(self, service: pagefindsvc.Service) -> None:
        """End `service` (its files are written) in a thread of its own: its process frees
        the pages it held as it exits (about a tenth of a second for 1,000 pages), while the
        shard is kept and put in place. Its processor time and peak memory count once it
        ended (`_closed`, before the stats are given)."""

        def close() -> None:
            service.close()
            with self.closing_lock:
                self.busy += service.cpu_seconds
                self.peak_kb = max(self.peak_kb, service.peak_rss_kb)

        thread = threading.Thread(target=close, name="portal-pagefind-close")
        thread.start()
        self.closing.append(thread)

    def _closed(self) -> None:
        """Wait for the services `_close_service` is ending."""
        for thread in self.closing:
            thread.join()
        self.closing.clear()

    def _start(self, k: int) -> None:
        """Ask shard `k`'s index files (its service started and fed first unless opened)."""
        output = self._output(k)
        shutil.rmtree(output, ignore_errors=True)
        unsent = self.unsent.get(k, set())
        given = {rel: sha for rel, sha in self.pages[k].items() if rel not in unsent}
        if k in self.opened:  # after the pages fed to it, by the same thread
            asked = self.mirroring.submit(self._ask, k, output, given, True)
        else:  # by a thread of its own, once its pages' mirrors are written
            written = tuple(self.mirrored.get(k, []))
            self.opened.add(k)
            asked = self.sending.submit(self._ask, k, output, given, False, written)
        self.running.append((k, asked, output, given))
        progress.mark(f"search shard {k} started")

    def _prefix(self, k: int) -> str:
        """Where shard `k` will be published: the first shard with pages is the bundle itself
        (a shard not indexed yet counts as one with pages)."""
        with_pages = (j for j in range(self.shards) if j not in self.done or self.done[j]["pages"])
        return BUNDLE_DIR if k == min(with_pages, default=0) else f"{BUNDLE_DIR}/{SHARD_DIR}/{k}"

    def _finished(self, k: int, stats: dict[str, Any], cached: bool) -> None:
        self.done[k] = dict(stats, cached=cached)
        if self.scanned is not None:  # with the digests of the files, read here already
            self.scanned(self._prefix(k), self._output(k), stats.get(DIGESTS) or None)

    def finish(self) -> IndexStats:
        """Index what is left, wait for every shard and put the bundle in `site_dir/pagefind/`."""
        for k in sorted(self.waiting):  # pages the engine did not write (none, normally)
            self._ready(k)
        self.restorer.shutdown(wait=True)
        self._collect_restored(wait=True)
        self._drain()
        for k in sorted(self.late):  # shards a late page joined: index them again, whole
            if k in self.opened or not self.pages[k] or self.failed:
                continue
            self._write_loaded(k)
            self.unsent.pop(k, None)
            self.keys.pop(k, None)
            self.generation[k] = self.generation.get(k, 0) + 1
            self.done.pop(k, None)
            self.queue.append(k)
        self._drain()
        self.mirroring.shutdown(wait=True)
        self.sending.shutdown(wait=True)
        if self.failed:
            self.close()
            raise SearchIndexError(self.failed)
        self._remove(self.work / "pages")  # the mirrors, beside the rest of the checks
        bundle = self.site_dir / BUNDLE_DIR
        shutil.rmtree(bundle, ignore_errors=True)
        placed = [k for k in sorted(self.done) if self.done[k]["pages"]]
        self.digests = {}
        for n, k in enumerate(placed):  # linked, not moved: the leak scan may still read them
            target = bundle if n == 0 else bundle / SHARD_DIR / str(k)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(self._output(k), target, copy_function=_link, dirs_exist_ok=True)
            prefix = target.relative_to(self.site_dir).as_posix()
            for rel, sha in self.done[k].get(DIGESTS, {}).items():
                self.digests[f"{prefix}/{rel}"] = sha
        bundle.mkdir(exist_ok=True)
        self._closed()  # (their processor time and memory, below)
        indexed = sum(self.done[k]["pages"] for k in placed)
        (bundle / SHARDS_FILE).write_text(
            json.dumps({"pages": indexed, "shards": [f"{SHARD_DIR}/{k}/" for k in placed[1:]]}),
            encoding="utf-8",
        )
        return IndexStats(
            pages=indexed,
            shards=len(placed),
            seconds=round(self.busy, 2),
            peak_rss_kb=self.peak_kb or _children_peak_rss_kb(),
            cached=sum(1 for k in placed if self.done[k].get("cached")),
            early=self.early_used,
            seeded=self.seed_stats["used"],
            unseeded=self.seed_stats["refused"],
        )

    def _drain(self) -> None:
        """Ask everything queued, waiting for each."""
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
        """Stop the services still going and remove the work folder."""
        self.release_early()
        for service in list(self.services.values()):  # first: a thread may wait for one
            service.process.kill()
        self.mirroring.shutdown(wait=True, cancel_futures=True)
        self.sending.shutdown(wait=True, cancel_futures=True)
        self.restorer.shutdown(wait=True, cancel_futures=True)
        for service in list(self.services.values()):
            service.process.kill()
            service.close()
        self.services.clear()
        self._closed()
        self.adopted.clear()
        self.running = []
        for thread in self.removing:
            thread.join()
        shutil.rmtree(self.work, ignore_errors=True)
