"""The second wall, in order, over a finished build's output folder: links to withheld files found
at render time, the search index, the manifest, then the leak scan. A build that fails any of
them is refused, and its output is to be removed.

Where the build has a scan worker (verify/scanner.py) the pages were scanned as they were
written; the final pass scans every other file and every file whose bytes are not the ones
found clean. What was found clean is kept in the build cache (verdicts, tied to the bytes and
the fingerprints) and handed to `portal build` (the ledger), which checks the very same bytes."""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal import progress
from disclosure_portal.environment import LEDGER_ENVIRONMENT, NONCE_ENVIRONMENT
from disclosure_portal.plan.build import PAGEFIND, STAMP_TOKENS, BuildState
from disclosure_portal.verify import early, search
from disclosure_portal.verify.leakcheck import ADVICE, collect_fingerprints, scan_site
from disclosure_portal.verify.manifest import (
    MANIFEST,
    build_manifest,
    file_digests,
    manifest_documents,
)
from disclosure_portal.verify.scanner import ScanError

MAX_HITS = 50  # leak hits listed one by one; the count names them all


@dataclass
class Verdict:
    """What the checks found: messages to log (notes first, then errors), and, when the build is
    refused, the message to stop it with."""

    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: str = ""
    index: search.IndexStats | None = None  # the search index written, if any


def check_output(state: BuildState, site_dir: Path, *, dirty: bool, reuse: bool) -> Verdict:
    """Check the output of the build `state` in `site_dir`, writing the search index and the
    manifest on the way. `dirty`: only changed pages were rendered, so the searchable pages are
    found by reading the output; `reuse`: keep the leak scan's verdicts between rebuilds."""
    try:
        return _check(state, site_dir, dirty=dirty, reuse=reuse)
    finally:
        state.close_workers()


def _check(state: BuildState, site_dir: Path, *, dirty: bool, reuse: bool) -> Verdict:
    verdict = Verdict()
    if state.cache is not None:
        verdict.notes.append(
            f"构建缓存：复用 {state.reused_built} 个页面，重新生成 {state.rendered} 个"
        )
    if problems := state.link_problems:
        verdict.errors = list(problems)
        verdict.refused = (
            f"发现 {len(problems)} 个指向不发布文件的链接，已删除输出目录 {site_dir}。"
        )
        return verdict
    earlier: Future[dict[str, str]] | None = None
    listed: Future[list[dict[str, Any]]] | None = None  # the manifest's documents
    if state.search == PAGEFIND:
        # every file but the index's is final now (this is the last post_build): hashed while
        # the index's last runs are waited for
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="portal-final") as hashing:
            earlier = hashing.submit(_final_outside_index, state, site_dir)
            listed = hashing.submit(manifest_documents, state.site, state.url_of)
            try:
                if state.index is not None:
                    index = state.index.finish()
                    for why in state.index.seed_refusals:  # (for measuring: `-v`)
                        logging.getLogger("mkdocs.plugins.portal").debug(f"搜索索引分片：{why}")
                else:
                    index = search.build_index(site_dir, None if dirty else state.searchable)
            except search.SearchIndexError as exc:
                verdict.refused = f"{exc}；已删除输出目录 {site_dir}。"
                return verdict
        verdict.index = index
        parts = [f"{index.cached} 片取自构建缓存"] if index.cached else []
        parts += [f"{index.early} 片在读取内容时已开始"] if index.early else []
        parts += [f"{index.seeded} 片只压缩变化的文件"] if index.seeded else []
        parts += [f"{index.unseeded} 片未能沿用上次的文件"] if index.unseeded else []
        reused = f"（{'，'.join(parts)}）" if parts else ""
        verdict.notes.append(
            f"搜索索引：{index.pages} 个页面，分 {index.shards} 片{reused}，"
            f"索引程序合计运行 {index.seconds} 秒"
        )
    progress.mark("search index")
    # once: the manifest's, and what the scan need not read. The files outside the index's
    # folder were hashed while it was written (nothing of this build writes there since); the
    # index's own files read for the build cache are not read again
    if earlier is not None:
        index = state.index.digests if state.index is not None else None
        inside = file_digests(site_dir, within=search.BUNDLE_DIR, earlier=index)
        digests = dict(sorted({**earlier.result(), **inside}.items()))
    else:
        digests = file_digests(site_dir)
    documents = listed.result() if listed is not None else None
    manifest = build_manifest(state.site, state.url_of, site_dir, digests, documents)
    (site_dir / MANIFEST).write_text(manifest, encoding="utf-8")
    clean: dict[str, str] = {}
    if state.scanner is not None:
        try:
            result = state.scanner.finish(site_dir, digests)
        except ScanError as exc:
            verdict.refused = f"{exc}；已删除输出目录 {site_dir}。"
            return verdict
        hits, count, hashes = result.hits, result.count, result.hashes
        steps = "，".join(f"{k} {v:.1f} 秒" for k, v in result.times.items())
        logging.getLogger("mkdocs.plugins.portal").debug(f"泄露检查进程：{steps}")
        clean, digest = result.verdicts, result.digest
        ledger = dict(result.ledger)
    else:
        memo = state.cache.memo() if state.cache is not None else None
        fingerprints = collect_fingerprints(state.site, state.extra_dirs, memo)
        if memo is not None:
            memo.save()
        verdicts = state.cache.verdicts() if state.cache is not None else None
        hits = scan_site(site_dir, fingerprints, reuse=reuse, verdicts=verdicts, clean=clean)
        count, hashes = fingerprints.count, len(fingerprints.hashes)
        digest = fingerprints.digest
        ledger = {}
    if hits:
        verdict.errors = [str(hit) for hit in hits[:MAX_HITS]]
        verdict.refused = (
            f"泄露检查发现 {len(hits)} 处非公开内容，已删除输出目录 {site_dir}。{ADVICE}"
        )
        return verdict
    if state.cache is not None:
        state.cache.save_verdicts(clean, digest)
        commit = state.stamp_values.get(STAMP_TOKENS["commit"], "")
        if (record := early.record(state.index, state.index_sources, commit)) is not None:
            state.cache.put_last_index(record)  # what the next build's early shard guesses from
        state.cache.save_marks()
        state.cache.prune()
    for key in clean:
        rel, _, sha = key.rpartition("\t")
        ledger.setdefault(rel, sha)
    _hand_over(ledger, count, hashes)
    verdict.notes.append(f"泄露检查通过：{count} 个特征串，{hashes} 个非公开文件摘要")
    return verdict


def _final_outside_index(state: BuildState, site_dir: Path) -> dict[str, str]:
    """While the search index's last runs are waited for (every other file is final: this is
    the last post_build): the digests of the files outside the index's folder, and the scan's
    last pass over them (the index's files and the manifest are scanned once written).

    Under `portal build` (which re-reads every file of the output against what the scan found
    clean, and against the manifest, before it publishes anything: publishing.check_site),
    and when no other plugin's on_post_build may have changed a page since it was written
    (`state.pages_final`), the pages are not read again here: their digests are those of the
    bytes the scan's process wrote, or was given by the engine, which wrote them."""
    written = None
    ledger = os.environ.get(LEDGER_ENVIRONMENT, "").strip()
    if state.scanner is not None and state.pages_final and ledger:
        try:
            written = state.scanner.page_ledger()
        except Exception:  # a failed worker: `finish` refuses the build
            written = None
    found = file_digests(site_dir, skip=(search.BUNDLE_DIR,), earlier=written)
    if state.scanner is not None:
        state.scanner.begin_rest(site_dir, found, (search.BUNDLE_DIR,), frozenset({MANIFEST}))
    return found


def _hand_over(ledger: dict[str, str], count: int, hashes: int) -> None:
    """Tell `portal build` which bytes of the output this build's scan found clean."""
    path = os.environ.get(LEDGER_ENVIRONMENT, "").strip()
    if not path:
        return
    data = {
        "nonce": os.environ.get(NONCE_ENVIRONMENT, ""),
        "fingerprints": count,
        "hashes": hashes,
        "files": ledger,
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
