"""The second wall, in order, over a finished build's output folder: links to withheld files found
at render time, the search index, the manifest, then the leak scan. A build that fails any of
them is refused, and its output is to be removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from disclosure_portal.plan.build import PAGEFIND, BuildState
from disclosure_portal.verify import search
from disclosure_portal.verify.leakcheck import ADVICE, collect_fingerprints, scan_site
from disclosure_portal.verify.manifest import MANIFEST, build_manifest

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
    verdict = Verdict()
    if problems := state.link_problems:
        verdict.errors = list(problems)
        verdict.refused = (
            f"发现 {len(problems)} 个指向不发布文件的链接，已删除输出目录 {site_dir}。"
        )
        return verdict
    if state.search == PAGEFIND:
        try:
            index = search.build_index(site_dir, None if dirty else state.searchable)
        except search.SearchIndexError as exc:
            verdict.refused = f"{exc}；已删除输出目录 {site_dir}。"
            return verdict
        verdict.index = index
        verdict.notes.append(
            f"搜索索引：{index.pages} 个页面，分 {index.shards} 片，用时 {index.seconds} 秒"
        )
    manifest = build_manifest(state.site, state.url_of, site_dir)
    (site_dir / MANIFEST).write_text(manifest, encoding="utf-8")
    fingerprints = collect_fingerprints(state.site, state.extra_dirs)
    hits = scan_site(site_dir, fingerprints, reuse=reuse)
    if hits:
        verdict.errors = [str(hit) for hit in hits[:MAX_HITS]]
        verdict.refused = (
            f"泄露检查发现 {len(hits)} 处非公开内容，已删除输出目录 {site_dir}。{ADVICE}"
        )
        return verdict
    verdict.notes.append(
        f"泄露检查通过：{fingerprints.count} 个特征串，{len(fingerprints.hashes)} 个非公开文件摘要"
    )
    return verdict
