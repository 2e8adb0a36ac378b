"""The leak scan beside the engine: a second process searches each page for fingerprints as soon
as the engine has written it (the scan of one page does not wait for the others) while the
engine renders the next one, so the scan takes the core the engine leaves idle.

The worker gets the fingerprints' texts and hashes, found in the validated site by a copy of the
engine's process (`forkmap.PickledByCopy`: the engine's thread goes on planning, and nothing but
what the copy finds is pickled), compiles them, then answers jobs in order (pages handed over
before they are on their way wait for them): a page (its output as rendered with the build stamp's
placeholders, which the worker fills in exactly as the hook does; for a page reused from the build
cache, the entry's path and checksum: the worker reads it itself and, given the place, writes it
there, exactly the bytes the page writer would write (`written` waits for that); planning hands
these over as it finds them, on the core it leaves idle), a folder of files (a Pagefind shard), and
at the end the rest of the output folder: everything but the index's folder and the manifest while
the index is still written (`begin_rest`), then what that pass did not take (`finish`). A page
already found clean in a previous build (the same path, the same bytes with placeholders, the same
fingerprints) is not searched again; only the places where the stamp's values went in are
(`leakcheck.scan_window`). What the worker finds clean in this build is a `ledger`: path -> SHA-256
of the bytes found clean, which the final pass and `portal build` use to skip exactly those bytes.

Any failure of the worker refuses the build (fail closed).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal import forkmap, priority
from disclosure_portal.cache import Memo, restore_shard, stored_payload, stored_payload_hashed
from disclosure_portal.environment import LEDGER_ENVIRONMENT
from disclosure_portal.model import textform
from disclosure_portal.pagefiles import FileWriter
from disclosure_portal.plan.stamp import (
    STAMP_MARK,
    stamped_bytes,
    stamped_tail,
    stamped_text,
    with_stamp,
)
from disclosure_portal.verify.fingerprints import fingerprint_entries, fingerprints_of
from disclosure_portal.verify.leakcheck import (
    Fingerprints,
    Hit,
    longest,
    own_asset_digests,
    scan_file,
    scan_site,
    scan_tail_window,
    scan_window,
)
from disclosure_portal.verify.manifest import MANIFEST

WORKERS_ENVIRONMENT = "PORTAL_SCAN_WORKERS"  # 0: scan in the engine's process, after the build
BATCH_PAGES = 32  # pages handed to the worker at once …
BATCH_CHARACTERS = 2_000_000  # … or fewer when they are this long
# a page from the build cache counts as this much of a page in a batch (the worker reads it)
STORED_WEIGHT = 0.25
# pages handed over and not scanned yet, at most (while the worker starts up, the engine goes
# on: a build from the cache writes most pages before the worker has its fingerprints); batches
# of pages from the build cache, which the worker reads itself, hold no text and are not counted
MAX_PENDING = 64  # batches …
MAX_PENDING_CHARACTERS = 24_000_000  # … and characters


def workers() -> int:
    """Worker processes for the scan: PORTAL_SCAN_WORKERS, else 1 where the machine has a second
    core, else 0 (the scan runs after the build, in the engine's process)."""
    value = os.environ.get(WORKERS_ENVIRONMENT, "").strip()
    if value.isdigit():
        return min(int(value), 1)
    return 1 if (os.cpu_count() or 1) > 1 else 0


# --- the process started ahead ---------------------------------------------------------------

# the scan's process started before the engine loads anything (engine/run.py, for `portal
# build` and the preview's waiting engine), not yet taken by the build (engine/mkdocs_hook.py)
_AHEAD: list[Scanner] = []


def start_ahead() -> None:
    """Start the leak scan's process now, for the build this process is about to run: it imports
    its modules while the engine imports its own (the second core idles then). Nothing of the
    build is known yet: the build gives it the site (`Scanner.setup`) once the content is read."""
    if not _AHEAD and workers():
        _AHEAD.append(Scanner())


def take_ahead() -> Scanner | None:
    """The process `start_ahead` started, for the build to use (once); None when there is none."""
    return _AHEAD.pop() if _AHEAD else None


def close_ahead() -> None:
    """End the process started ahead when no build took it (the engine stopped before)."""
    if (ahead := take_ahead()) is not None:
        ahead.close()


# --- the worker process ----------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _entries(given: tuple[Any, list[str], str | None]) -> tuple[dict, dict[str, str]] | str:
    """In a copy of the engine's process (`Scanner.setup`): the fingerprints' texts and hashes
    of the site (`fingerprint_entries`), with the build cache's memo (its folder), kept; what
    failed, as text, when they could not be found (the worker refuses with it: a copy that
    sends nothing is taken for one killed, and made again)."""
    site, extra_dirs, memo = given
    priority.lower()  # a helper, like the worker it serves: the engine's thread comes first
    try:
        kept = Memo(Path(memo)) if memo is not None else None
        found = fingerprint_entries(site, [Path(d) for d in extra_dirs], kept)
        if kept is not None:
            kept.save()
    except Exception as exc:  # refused by the worker, with its text
        return f"{type(exc).__name__}: {exc}"
    return found


def _start(
    blob: bytes,
    verdicts: dict[str, str],
    stamp: dict,
    table: Any,
    previous: str | None = None,
) -> None:
    started = time.perf_counter()
    _WORKER["previous"] = previous  # a preview's: pages it writes may be links to that folder
    if table is not None:  # the engine's table of the comparison form: not built again here
        textform.install_table(table)
    found = pickle.loads(blob)
    if isinstance(found, str):  # the copy could not find them: never a scan without them
        raise RuntimeError(f"无法收集非公开文件的特征串（{found}）")
    fingerprints = fingerprints_of(*found)
    _WORKER.update(
        fingerprints=fingerprints, need=longest(fingerprints), verdicts=verdicts, stamp=stamp
    )
    _WORKER["times"] = {"fingerprints": time.perf_counter() - started, "pages": 0.0}
    gc.freeze()  # the fingerprints live as long as this process: out of every collection
    # the digests of the engine's own assets (a Pagefind run on a one-page site, material's
    # assets) are learnt now, beside the pages, not in the final pass the build waits for
    learning = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-own-assets")
    _WORKER["own"] = learning.submit(own_asset_digests)
    learning.shutdown(wait=False)


def _ready() -> None:
    """The first job: it makes the pool start the worker process, which lowers its own
    priority (a helper: the engine's thread comes first)."""
    priority.lower()


def _fingerprints() -> Fingerprints:
    return _WORKER["fingerprints"]


def _pages(
    batch: list[tuple[str, str | tuple[str, str]]],
) -> list[tuple[str, str, list[Hit], dict[str, str]]]:
    started = time.perf_counter()
    try:
        return [
            _page(rel, output) if isinstance(output, str) else _stored_page(rel, *output)
            for rel, output in batch
        ]
    finally:
        _WORKER["times"]["pages"] += time.perf_counter() - started


def _stored_page(
    rel: str, path: str, sha: str, write_to: str | None = None, recycle: bool = False
) -> tuple[str, str, list[Hit], dict[str, str]]:
    """`_page` for a page from the build cache (see `_stored`): its bytes stamped as the page
    writer stamps them, without a second encoding of the page and with only its end decoded
    (`stamped_tail`: the stamp's line is at the end of the footer; the whole page when the
    windows around it reach further back). `write_to`: the page is written there too, as the
    page writer would write it (`recycle`: over the spare site's file), from the bytes read
    here: the engine's process neither reads nor writes it. The page's bytes are hashed once:
    the digest of the bytes written goes on from that of the bytes ahead of the first
    placeholder, the same in both (`stored_payload_hashed`)."""
    payload, ahead, cut = stored_payload_hashed(path, sha, STAMP_MARK)
    stamp = _WORKER["stamp"]
    need = _WORKER.get("need", 0)
    stamped = stamped_tail(payload, stamp, tail_bytes(need))
    if write_to is not None:
        final = stamped[0] if stamped is not None else stamped_bytes(payload, stamp)
        if (files := _WORKER.get("files")) is None:
            files = _WORKER["files"] = FileWriter(_WORKER.get("previous"))
        files.write(write_to, final, recycle, rel)
    if stamped is None:  # a lone surrogate: as the engine writes it (a character reference)
        return _page(rel, payload.decode("utf-8", "surrogatepass"))
    fingerprints = _fingerprints()
    hits, new = _placeholder_version(rel, payload, sha, fingerprints)
    final, tail, spans, whole = stamped
    if not spans:
        return rel, sha, hits, new
    if whole:  # the text decoded is the whole page's
        found = scan_window(rel, tail, spans, fingerprints, need)
    else:
        found = scan_tail_window(rel, tail, spans, fingerprints, need)
    if found is None:  # the windows reach further back: the whole page as text
        text = stamped_text(payload, stamp)
        if text is None:  # not UTF-8 ahead of the tail: as the engine writes it
            return _page(rel, payload.decode("utf-8", "surrogatepass"))
        found = scan_window(rel, text[1], text[2], fingerprints, need)
    ahead.update(memoryview(final)[cut:])  # (`final` differs from the payload only from there)
    return rel, *_stamped_version(rel, final, found, fingerprints, hits, ahead.hexdigest()), new


class _Written(list):
    """`_pages`' results for a batch that writes pages, with `consumed`: the places whose spare
    file these writes took (pagefiles.overwrite)."""

    consumed: list[str]


def _pages_writing(batch: list) -> _Written:
    """`_pages` for a batch with pages to write (`_writes`)."""
    done = _Written(_pages(batch))
    files = _WORKER.get("files")
    done.consumed, files.consumed = (files.consumed, []) if files is not None else ([], [])
    return done


def tail_bytes(need: int) -> int:
    """How much of a page ahead of its stamp `_stored_page` decodes: the windows around the
    stamp reach `need` characters of text beyond it in steps of 4 * need + 64 characters (a
    character is at most 3 bytes here), which this holds a few times over."""
    return 6 * (4 * need + 64) + 2048


def _placeholder_version(
    rel: str, data: bytes, sha: str, fingerprints: Fingerprints
) -> tuple[list[Hit], dict[str, str]]:
    """The page's bytes with placeholders (`sha`), searched unless found clean before."""
    key = f"{rel}\t{sha}"
    if _WORKER["verdicts"].get(key) == fingerprints.digest:
        return [], {key: fingerprints.digest}
    hits = scan_file(rel, data, fingerprints)
    return hits, ({} if hits else {key: fingerprints.digest})


def _stamped_version(
    rel: str,
    final: bytes,
    window_hits: list[Hit],
    fingerprints: Fingerprints,
    hits: list[Hit],
    final_sha: str = "",
) -> tuple[str, list[Hit]]:
    """The page as written (`final`, whose SHA-256 is `final_sha` when the caller has it): the
    hits in the windows around the stamp's values (`window_hits`), and the whole page when it
    is a copy of a withheld file. (SHA-256 of `final`, hits.)"""
    final_sha = final_sha or hashlib.sha256(final).hexdigest()
    hits = hits + window_hits
    if final_sha in fingerprints.hashes:  # the page is a copy of a withheld file
        hits += scan_file(rel, final, fingerprints)
    return final_sha, hits


def _stored(path: str, sha: str) -> tuple[str, tuple[bytes, str] | None]:
    """The output of a page from the build cache, read here: exactly the bytes the engine found
    there when it planned the page (the page writer writes the same; CacheError otherwise); with
    them, those bytes and their SHA-256 (`sha`, checked on reading) when they are the page as
    written: unless they hold a lone surrogate, which the entry keeps and the engine writes as a
    character reference."""
    payload = stored_payload(path, sha)
    try:
        return payload.decode("utf-8"), (payload, sha)
    except UnicodeDecodeError:
        return payload.decode("utf-8", "surrogatepass"), None


def _page(
    rel: str, output: str, written: tuple[bytes, str] | None = None
) -> tuple[str, str, list[Hit], dict[str, str]]:
    """Scan one page: its version with placeholders (unless found clean before) and, in the
    version written, the windows around the stamp's values. Returns the path, the SHA-256 of the
    bytes written, the hits and the verdicts found now. `written`: `output` as the engine writes
    it and their SHA-256, when the caller has them."""
    fingerprints = _fingerprints()
    if written is None:
        data = output.encode("utf-8", errors="xmlcharrefreplace")  # as the engine writes it
        sha = hashlib.sha256(data).hexdigest()
    else:
        data, sha = written
    hits, new = _placeholder_version(rel, data, sha, fingerprints)
    written, spans = with_stamp(output, _WORKER["stamp"])
    if not spans:
        return rel, sha, hits, new
    final = written.encode("utf-8", errors="xmlcharrefreplace")
    window = scan_window(rel, written, spans, fingerprints, _WORKER["need"])
    return rel, *_stamped_version(rel, final, window, fingerprints, hits), new


def _files_under(folder: str) -> list[tuple[str, str]]:
    """The files under `folder` (links to files followed, links to folders not), as (their path
    below it, POSIX; their path), in the order of sorted `Path(folder).rglob("*")`: strings,
    not Paths, for a search index's thousands of files."""
    found = []
    cut = len(os.path.join(folder, ""))
    for dirpath, _dirnames, filenames in os.walk(folder):
        below = "" if dirpath == folder else dirpath[cut:].replace(os.sep, "/") + "/"
        inside = os.path.join(dirpath, "")
        found += [
            (below + name, inside + name) for name in filenames if os.path.isfile(inside + name)
        ]
    found.sort(key=lambda pair: pair[0].split("/"))
    return found


def _tree(
    prefix: str, folder: str, digests: dict[str, str] | None = None
) -> tuple[dict[str, str], list[Hit], dict[str, str]]:
    """Scan the files under `folder`, which will be published under `prefix`. `digests` (path
    under `folder` -> SHA-256, from the engine, which read them when it put them there): a
    file whose bytes were found clean before under that digest is not read again."""
    fingerprints = _fingerprints()
    verdicts = _WORKER["verdicts"]
    ledger: dict[str, str] = {}
    hits: list[Hit] = []
    new: dict[str, str] = {}
    for inside, path in _files_under(folder):
        rel = f"{prefix}/{inside}"
        if digests is not None and (known := digests.get(inside)) is not None:
            key = f"{rel}\t{known}"
            if verdicts.get(key) == fingerprints.digest:
                ledger[rel] = known
                new[key] = fingerprints.digest
                continue
        with open(path, "rb") as reader:
            data = reader.read()
        sha = hashlib.sha256(data).hexdigest()
        key = f"{rel}\t{sha}"
        if verdicts.get(key) != fingerprints.digest:
            found = scan_file(rel, data, fingerprints)
            if found:
                hits += found
                continue
        ledger[rel] = sha
        new[key] = fingerprints.digest
    return ledger, hits, new


def _rest(
    site_dir: str,
    known: dict[str, str],
    on_disk: dict[str, str] | None = None,
    leave: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
    skip: tuple[str, ...] = (),
) -> tuple[list[Hit], dict[str, str], Fingerprints, dict[str, float], set[str]]:
    """The final pass: every file of the output not in `known` (found clean in these bytes;
    `on_disk`: the digests the engine just read, see `scan_site`), but those `leave` names and
    the top-level folders `skip` names; `only`: these files alone (relative paths). With the
    paths of the files the pass took."""
    if (own := _WORKER.get("own")) is not None:
        own.result()  # learnt (kept by own_asset_digests); its failure surfaces here
    fingerprints = _fingerprints()
    clean: dict[str, str] = {}
    started = time.perf_counter()
    hits = scan_site(
        Path(site_dir),
        fingerprints,
        known=known,
        verdicts=_WORKER["verdicts"],
        clean=clean,
        on_disk=on_disk,
        leave=leave,
        only=only,
        skip=skip,
        covered=(covered := set()),
    )
    times = dict(_WORKER["times"], rest=time.perf_counter() - started)
    summary = Fingerprints(None, dict(fingerprints.hashes), fingerprints.count, fingerprints.digest)
    return hits, clean, summary, times, covered


# --- the engine's side -------------------------------------------------------------------------


def _writes(batch: list) -> bool:
    """Whether a batch holds a page the worker is to write (`Scanner.stored`'s `write_to`)."""
    return any(type(job) is tuple and len(job) > 2 for _, job in batch)


@dataclass
class ScanResult:
    """What the scan found: hits, the files found clean in this build (path -> SHA-256), the
    verdicts to keep, and the fingerprints' digest and count."""

    hits: list[Hit] = field(default_factory=list)
    ledger: dict[str, str] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)  # of the files found clean now
    digest: str = ""
    count: int = 0  # fingerprints searched for
    hashes: int = 0  # SHA-256 of unpublished files searched for
    times: dict[str, float] = field(default_factory=dict)  # the worker's seconds, by step


class ScanError(Exception):
    """The worker failed; the message is for editors (Chinese)."""


class Scanner:
    """The scan worker of one build: started first (`Scanner()`, before the engine reads the
    content: the new process imports its modules meanwhile, and a small process forks faster),
    then given the validated site (`setup`), then the pages."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        self._pages: list[Future] = []
        self._writes: list[Future] = []  # the batches that write pages (`stored`'s `write_to`)
        self._trees: list[Future] = []
        self._batch: list[tuple[str, str | tuple[str, str]]] = []
        self._size = 0
        self._weight = 0.0
        self._pending: deque[tuple[Future, int]] = deque()
        self._pending_size = 0
        # the pool starts its process at the first job: start it now
        self._started = self._pool.submit(_ready)
        self._setup: Future | None = None
        self._sending: Future | None = None  # the thread that sends the site (`setup`)
        self._pickled: forkmap.PickledByCopy | None = None
        self._held: list[tuple[list, int]] = []  # batches that came before the site was sent
        self._closed = False
        self._begun: tuple[Any, Any] | None = None  # `begin_rest`'s
        self._collected: ScanResult | None = None  # `page_ledger`'s, not yet taken
        # pages come from the engine's thread and, while the build is planned, from the thread
        # that reads the build cache's entries (`stored`): one at a time
        self._lock = threading.RLock()

    def setup(
        self,
        site: Any,
        extra_dirs: list[Path],
        verdicts: dict[str, str],
        stamp: dict[str, str],
        memo: Path | None = None,
        previous: str | None = None,
    ) -> None:
        """Have the fingerprints of the validated site found (by a copy of this process) and
        handed to the worker, which compiles them before any page (one worker takes its jobs
        in order); `memo`: the build cache's memo folder (kept by that copy);
        `previous`: the preview folder this build replaces (`portal serve`), whose files a page
        the worker writes is linked to when they hold its bytes (pagefiles.PreviousSite)."""
        folder = str(memo) if memo is not None else None
        args = (verdicts, stamp, textform.built(), previous)
        # the fingerprints' texts are found by a copy of this process (forkmap: it has the site
        # as it is, nothing pickled but what it finds), not by the engine's thread, which goes
        # on planning the build, nor by the worker, which would need the whole site pickled;
        # pages handed over meanwhile wait here until they are on their way to the worker (it
        # takes its jobs in order), which compiles them
        given = (site, [str(d) for d in extra_dirs], folder)
        pickled = forkmap.PickledByCopy(given, _entries)
        self._pickled = pickled
        sending = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-scan-setup")
        self._sending = sending.submit(self._send_site, pickled, args)
        sending.shutdown(wait=False)

    def _send_site(self, pickled: forkmap.PickledByCopy, args: tuple) -> None:
        blob = pickled.result()
        with self._lock:
            if self._closed or blob is None:
                return
            self._setup = self._pool.submit(_start, blob, *args)
            held, self._held = self._held, []
            for batch, size in held:
                self._submit_pages(batch, size)

    def page(self, rel: str, output: str) -> None:
        """Scan the page published at `rel` (its output with the stamp's placeholders). Pages go
        to the worker in batches: one hand-over per page would cost the engine's thread more
        than the scan saves."""
        with self._lock:
            self._batch.append((rel, output))
            self._size += len(output)
            self._weight += 1
            if self._weight >= BATCH_PAGES or self._size >= BATCH_CHARACTERS:
                self._flush()

    def stored(
        self,
        rel: str,
        path: Path,
        sha: str,
        write_to: str | None = None,
        recycle: bool = False,
    ) -> None:
        """Scan the page published at `rel` whose output is the build cache's entry at `path`
        with the SHA-256 `sha`: the worker reads it itself (the engine's thread does not).
        `write_to`: the worker writes the page there too (`recycle`: over the spare site's
        file; `written` waits for it). Thread-safe: planning hands these over from the thread
        that reads the cache."""
        job = (str(path), sha) if write_to is None else (str(path), sha, write_to, recycle)
        with self._lock:
            self._batch.append((rel, job))
            self._weight += STORED_WEIGHT
            if self._weight >= BATCH_PAGES:
                self._flush()

    def _flush(self) -> None:
        with self._lock:
            self._flush_batch()

    def _flush_batch(self) -> None:
        if self._batch:
            batch, size = self._batch, self._size
            self._batch, self._size, self._weight = [], 0, 0.0
            if self._setup is None:  # the site is not sent yet: these go right after it
                self._held.append((batch, size))
            else:
                self._submit_pages(batch, size)
        # a bounded backlog: when the worker is behind, the engine waits (instead of holding
        # every page in memory); the end of the build would wait for it anyway
        while self._pending and (
            len(self._pending) > MAX_PENDING or self._pending_size > MAX_PENDING_CHARACTERS
        ):
            first, size = self._pending[0]
            if first.done():
                self._pending.popleft()
                self._pending_size -= size
            else:
                wait([first], return_when=FIRST_COMPLETED)

    def _submit_pages(self, batch: list, size: int) -> None:
        writes = _writes(batch)
        future = self._pool.submit(_pages_writing if writes else _pages, batch)
        self._pages.append(future)
        if writes:
            self._writes.append(future)
        if size:  # a batch of pages from the cache only holds no text: not counted
            self._pending.append((future, size))
            self._pending_size += size

    def consumed(self) -> list[str]:
        """Once every page it was to write is written (`written`): the places whose spare
        file the worker's writes took (engine/spare.py; fewer when it cannot say: a failed
        batch fails the build in `written`)."""
        with self._lock:
            writes = list(self._writes)
        found: list[str] = []
        for future in writes:
            if future.done() and not future.cancelled() and future.exception() is None:
                found += getattr(future.result(), "consumed", [])
        return found

    def written(self) -> None:
        """Wait until every page handed over to be written (`stored` with `write_to`) is on
        disk; raises what failed (a page the worker could not write, a worker that failed)."""
        if self._sending is not None:
            self._wait_sent()
        self._flush()  # (held while no site was sent)
        with self._lock:
            if self._setup is None and any(_writes(batch) for batch, _ in self._held):
                raise ScanError("泄露检查进程没有收到要检查的网站，页面未写入")
            writes = list(self._writes)
        for future in writes:
            future.result()

    def tree(self, prefix: str, folder: Path, digests: dict[str, str] | None = None) -> None:
        """Scan the files of `folder`, to be published under `prefix`. `digests`: the SHA-256
        of its files as the caller read them, taken for the bytes under `portal build` alone
        (which reads every file of the output again against what the scan found clean)."""
        if self._setup is None:  # a shard indexed before the site was sent: wait for it (not
            self._wait_sent()  # holding the lock, which the sending thread takes)
        given = (
            dict(digests) if digests and os.environ.get(LEDGER_ENVIRONMENT, "").strip() else None
        )
        with self._lock:
            self._flush_batch()
            self._trees.append(self._pool.submit(_tree, prefix, str(folder), given))

    def restore(self, folder: str, files: dict[str, str], target: str) -> bool:
        """`cache.restore_shard`, run by the worker (between the pages: it takes its jobs in
        order), not by a thread of the engine's process: thousands of small reads and links
        that, in a thread there, waited for the interpreter's lock at each file while the
        engine rendered (about 0.1 s a shard alone, 0.3 to 1.6 s beside the engine at
        10,000 documents). Blocks until done; False (the shard is indexed again) when the
        worker failed, which `finish` then reports."""
        try:
            with self._lock:
                if self._closed:
                    return False
                future = self._pool.submit(restore_shard, folder, files, target)
            return future.result()
        except Exception:  # a broken worker: never a shard taken unchecked
            return False

    def _wait_sent(self) -> None:
        if self._sending is None:
            raise RuntimeError("没有交给检查进程要检查的网站")
        self._sending.result()

    def begin_rest(
        self,
        site_dir: Path,
        on_disk: dict[str, str] | None,
        skip: tuple[str, ...],
        leave: frozenset[str],
    ) -> None:
        """Once every page is handed over (and while the search index is still written): start
        the final pass over `site_dir` (`on_disk` as for `finish`, for the files it names) but
        the top-level folders `skip` names and the files `leave` names, which are still being
        written; `finish` scans every file this pass did not take. The files are those
        `on_disk` names, as the engine just listed them (the folder is not walked again: tens
        of thousands of folders; `portal build` walks it once more after the engine, and
        scans what its scan did not find clean); all the folder holds without it. May be
        called from another thread than the engine's."""
        try:
            pages = self._collected_pages()
            only = frozenset(on_disk) if on_disk is not None else None
            rest = self._pool.submit(
                _rest, str(site_dir), dict(pages.ledger), on_disk, leave, only, skip
            )
        except Exception as exc:  # raised by `finish`
            self._begun = (None, exc)
            return
        self._begun = (pages, rest)

    def finish(self, site_dir: Path, on_disk: dict[str, str] | None = None) -> ScanResult:
        """Wait for every page and folder, then scan the rest of `site_dir` (`on_disk`: the
        SHA-256 of its files as the engine just read them, for the manifest); the result. After
        `begin_rest`, the files that pass did not take (`on_disk` must then name every file of
        the output but the manifest and its signature): those written since, under the
        folders it left out, and the files it left."""
        try:
            if self._begun is None:
                result = self._collected_pages()
                self._collect_trees(result)
                args = (str(site_dir), dict(result.ledger), on_disk)
                hits, new, summary, times, _ = self._pool.submit(_rest, *args).result()
            else:
                result, rest = self._begun
                if isinstance(rest, Exception):
                    raise rest
                more = self._collect_pages()  # none: every page came before begin_rest
                result.hits += more.hits
                result.verdicts.update(more.verdicts)
                result.ledger.update(more.ledger)
                self._collect_trees(result)
                hits, new, summary, times, covered = rest.result()
                left = (set(on_disk or ()) | {MANIFEST}) - covered
                args = (str(site_dir), dict(result.ledger), on_disk, frozenset(), frozenset(left))
                last, newer, _, _, _ = self._pool.submit(_rest, *args).result()
                hits, new = hits + last, {**new, **newer}
        except Exception as exc:  # a broken worker: never a site checked by halves
            raise ScanError(f"泄露检查进程失败：{exc}") from exc
        result.hits += hits
        result.verdicts.update(new)
        result.digest, result.count = summary.digest, summary.count
        result.hashes = len(summary.hashes)
        result.times = times
        return result

    def page_ledger(self) -> dict[str, str]:
        """Once every page is handed over: wait for their scans, and give the pages found
        clean, path -> SHA-256 of the bytes written (the worker's own, or the engine's, which
        the worker was given). `begin_rest` and `finish` take these results with the rest."""
        result = self._collected_pages()
        self._collected = result
        return dict(result.ledger)

    def _collected_pages(self) -> ScanResult:
        """`_collect_pages`, with what `page_ledger` collected before."""
        result = self._collect_pages()
        earlier, self._collected = self._collected, None
        if earlier is None:
            return result
        earlier.hits += result.hits
        earlier.verdicts.update(result.verdicts)
        earlier.ledger.update(result.ledger)
        return earlier

    def _collect_pages(self) -> ScanResult:
        """The results of the pages handed over and not collected yet (the site sent first)."""
        result = ScanResult()
        self._wait_sent()
        self._flush()
        if self._setup is None:
            raise RuntimeError("没有交给检查进程要检查的网站")
        self._setup.result()
        with self._lock:
            pages, self._pages = self._pages, []
        for future in pages:
            for rel, sha, hits, new in future.result():
                result.hits += hits
                result.verdicts.update(new)
                if not hits:
                    result.ledger[rel] = sha
        return result

    def _collect_trees(self, result: ScanResult) -> None:
        """Add the results of every folder handed over to `result`."""
        with self._lock:
            trees = list(self._trees)
        for future in trees:
            ledger, hits, new = future.result()
            result.hits += hits
            result.verdicts.update(new)
            result.ledger.update(ledger)

    def running(self) -> bool:
        """Whether the worker process still runs (or is starting): not broken, its first job
        not failed."""
        if getattr(self._pool, "_broken", False):
            return False
        return not (self._started.done() and self._started.exception() is not None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        if self._pickled is not None:
            self._pickled.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)
