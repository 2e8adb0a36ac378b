"""The search index's shard of an edited document, started while the build still reads the
content.

A build from the cache indexes again only the shards whose pages changed; the last thing it waits
for is Pagefind on the shard of the edited document: adding its few hundred pages (one core, about
2 ms a page) and writing its files. Which shard that is becomes certain only once every page's key
is computed, seconds into the build, while the second core idles as the content is read. So the
build guesses at once, from what the previous build with the cache recorded (`record`: each
indexed page's shard, source file and cache entry, and the commit it was built from) and from git
(the documents changed since that commit): when they all lie in one shard, that shard's service
is started and fed the pages the previous build indexed, from the cache, sorted by path, each
changed document as a placeholder.

The guess is only ever a head start. The index uses it (`ShardedIndex`) only when the guess
added every page the shard has now (the same shard count; a page it lacks would be numbered
last); then every page whose bytes differ from the ones added (by SHA-256) is added again, and
every page that does not come (a document withdrawn since) is replaced by the placeholder, as
Pagefind replaces a page added under the same URL in place (`pagefindsvc`). The service then
holds what a service started at that moment would hold, and numbers the pages alike, so the
index's files are the same bytes (tests compare builds with and without the cache). Otherwise
the service is ended and nothing of it is used. A wrong guess costs some processor time on the
core the content reading leaves idle; a failure of any kind leaves the build as it would have
been without it.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from disclosure_portal.read.history import _git
from disclosure_portal.verify import pagefindsvc

# more changed documents than this: a change of that size is not guessed at (it is seldom one
# shard, and the pages it changes elsewhere make the guess worth little)
MOST_CHANGED = 20
_HEX = re.compile(r"[0-9a-f]{7,64}")  # a commit id, a cache entry's key


class EarlyShard:
    """Shard `k` (of `shards`) of the previous build, its pages `rels` (sorted) being added to a
    Pagefind service by a thread of its own: `fed` holds each page added with its bytes (path ->
    SHA-256 of the bytes added); a page not in `fed` was added as the placeholder."""

    def __init__(
        self,
        k: int,
        shards: int,
        rels: list[str],
        sources: Mapping[str, Any],
        service: pagefindsvc.Service,
    ) -> None:
        self.k, self.shards, self.rels = k, shards, rels
        self.fed: dict[str, str] = {}
        self.service = service
        self._stop = threading.Event()
        feeding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-early-index")
        self.feeding: Future[None] = feeding.submit(self._feed_all, sources)
        feeding.shutdown(wait=False)

    def _feed_all(self, sources: Mapping[str, Any]) -> None:
        for rel in self.rels:
            if self._stop.is_set():
                raise pagefindsvc.ServiceError("stopped")
            load = sources.get(rel)
            found = load() if load is not None else None
            if found is None:
                self.service.add(pagefindsvc.page_url(rel), pagefindsvc.PLACEHOLDER)
                continue
            # sent as text (written to files for Pagefind to read, they cost the disk the
            # content is read from more than the pipe costs)
            data, sha = found
            self.service.add(pagefindsvc.page_url(rel), data.decode("utf-8"))
            self.fed[rel] = sha

    def ready(self) -> bool:
        """Whether every page was added and the service is well (waits for the thread)."""
        try:
            self.feeding.result()
        except Exception:  # any failure: the guess is not used
            return False
        return not self.service.error and self.service.process.poll() is None

    def close(self) -> None:
        """End the service (when taken over, the index has closed it first)."""
        self._stop.set()
        with contextlib.suppress(Exception):
            self.service.process.kill()
        with contextlib.suppress(Exception):
            self.feeding.result()
        with contextlib.suppress(Exception):
            self.service.close()


def close_guess(future: Future[EarlyShard | None]) -> None:
    """End the early shard `future` gives, if any (a callback: once it has started)."""
    with contextlib.suppress(Exception):
        if (early := future.result()) is not None:
            early.close()


def changed_sources(root: Path, commit: str, docs: str) -> set[str] | None:
    """The files under the docs folder `docs` (relative to `root`, POSIX) that differ between
    `commit` and the working tree (their paths relative to the docs folder); None when git cannot
    say (not a repository, an unknown commit)."""
    out = _git(  # (the folder's name is a path, never a pathspec's magic)
        root,
        "--literal-pathspecs",
        "diff",
        "--name-only",
        "-z",
        "--no-renames",
        "--relative",
        commit,
        "--",
        docs,
    )
    if out is None:
        return None
    prefix = docs.rstrip("/") + "/"
    return {name[len(prefix) :] for name in out.split("\0") if name.startswith(prefix)}


def foresee(
    cache: Any, root: Path, docs_dir: Path, executable: Path, language: str
) -> EarlyShard | None:
    """Start the shard the changes since the previous build's commit fall in (see the module's
    docstring); None when there is no record, no change, changes in more than one shard or in
    more than MOST_CHANGED documents, or when anything fails."""
    try:
        record = cache.last_index()
        if not isinstance(record, dict) or not _HEX.fullmatch(str(record.get("commit", ""))):
            return None
        docs = docs_dir.resolve().relative_to(root.resolve()).as_posix()
        changed = changed_sources(root, record["commit"], docs)
        if not changed or len(changed) > MOST_CHANGED:
            return None
        pages: dict[str, list[Any]] = record["pages"]  # rel -> [shard, source, entry key]
        by_source = {entry[1]: rel for rel, entry in pages.items()}
        edited = {by_source[src] for src in changed if src in by_source}
        touched = {pages[rel][0] for rel in edited}
        if len(touched) != 1:
            return None
        k = touched.pop()
        rels = sorted(rel for rel, entry in pages.items() if entry[0] == k)
        sources = {  # (an entry's key names its file in the cache: hexadecimal only)
            rel: _loader(cache, pages[rel][2])
            for rel in rels
            if rel not in edited and _HEX.fullmatch(str(pages[rel][2]))
        }
        shards = int(record["shards"])
        service = pagefindsvc.Service(executable, language)
    except (OSError, ValueError, KeyError, TypeError, IndexError, pagefindsvc.ServiceError):
        return None
    return EarlyShard(k, shards, rels, sources, service)


def _loader(cache: Any, key: str) -> Any:
    return lambda: cache.page_bytes(key)


def record(index: Any, sources: Mapping[str, tuple[str, str | None]], commit: str) -> dict | None:
    """What the next build guesses from, once this build's index (a ShardedIndex) is written:
    the commit built, the shard count and each planned page's shard, source file and cache entry
    key (`sources`: output path -> the last two), and each shard's key in the cache; None when
    there is nothing to record."""
    if index is None or not commit or not sources:
        return None
    pages = {rel: [k, *sources[rel]] for rel, k in index.plan.items() if rel in sources}
    # and each shard's files in the cache, over which the shard is written when indexed again
    keys = {str(k): key for k, key in sorted(index.keys.items())}
    return {"commit": commit, "shards": index.shards, "pages": pages, "shard_keys": keys}


def environment_allows() -> bool:
    """PORTAL_EARLY_SHARD=0 turns the guess off (for measuring it)."""
    return os.environ.get("PORTAL_EARLY_SHARD", "").strip() != "0"
