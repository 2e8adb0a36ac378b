"""Where documents were public before, from the git record: withdrawal notices and redirects.

SPEC (Publication over time): a document that was public and is withdrawn leaves, at every URL at
which it was public, a notice with the withdrawal date and reason only; without `withdrawn` its
old URL simply disappears and validation warns. A public document that moved leaves a redirect at
each old URL it was public at. A URL a public page holds now is never replaced. Notices and
redirects are in no listing, search index or sitemap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure_portal.model.problems import Problem, Severity
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PROACTIVE, is_markdown
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.urls import page_key
from disclosure_portal.read.history import History, Revision

NOTICE_TITLE = "信息已撤回"
REDIRECT_TITLE = "页面已移动"


@dataclass
class Moves:
    """The notice and redirect pages of a build, and what validation says about withdrawals."""

    notices: list[PageSpec] = field(default_factory=list)
    redirects: list[PageSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # withheld document src -> the URLs its notices hold (not leaks: they were public)
    notice_urls: dict[str, set[str]] = field(default_factory=dict)


def public_urls(revisions: list[Revision], docs_rel: str) -> dict[str, Revision]:
    """URL (page_key, relative to the site) -> the last revision at which the document was
    public there."""
    urls: dict[str, Revision] = {}
    prefix = f"{docs_rel}/"
    for revision in revisions:
        if revision.status == "D" or revision.attribute != PROACTIVE:
            continue
        if revision.path.startswith(prefix) and is_markdown(revision.path):
            urls[page_key(revision.path[len(prefix) :])] = revision
    return urls


def _spec(url: str, **fields) -> PageSpec:
    return PageSpec(src_uri=f"{url}index.md", **fields)


def plan_moves(site) -> Moves:
    """The notices and redirects of `site` (its `history` attached), computed once a build."""
    cached = getattr(site, "moves", None)
    if isinstance(cached, Moves):
        return cached
    moves = Moves()
    history: History | None = site.history
    if history is None or not history.available:
        site.moves = moves
        return moves
    docs_rel = site.settings.docs_dir.relative_to(site.settings.root).as_posix()
    taken = {page_key(d.src) for d in site.public.documents}
    taken |= {page_key(spec.src_uri) for spec in site.pages}
    public_src = {d.src for d in site.public.documents}
    current = {page_key(d.src) for d in site.documents}
    for doc in site.documents:
        urls = public_urls(history.of(doc.path), docs_rel)
        if not urls or doc.scheduled:  # a scheduled document waits for its day: not withdrawn
            continue
        if doc.src in public_src:
            # not where a document lives now, public or not (a withheld one's URL is no place
            # for a redirect: it would point at its address)
            for url in sorted(set(urls) - taken - current):
                moves.redirects.append(
                    _spec(
                        url,
                        title=REDIRECT_TITLE,
                        template="redirect.html",
                        kind="redirect",
                        target=doc.src,
                    )
                )
                taken.add(url)
        elif doc.withdrawn is not None:
            free = sorted(set(urls) - taken)
            moves.notice_urls[doc.src] = set(free)
            for url in free:
                moves.notices.append(
                    _spec(
                        url,
                        title=NOTICE_TITLE,
                        template="withdrawn.html",
                        kind="withdrawn",
                        withdrawal=doc.withdrawn,
                    )
                )
                taken.add(url)
        else:
            last = max(urls.values(), key=lambda r: r.date)
            moves.problems.append(_unannounced(doc, last))
    site.moves = moves
    return moves


def _unannounced(doc: Document, last: Revision) -> Problem:
    return Problem(
        doc.path,
        "withdrawn",
        f"本文件曾经主动公开（最后一次公开时的提交 {last.short}，{last.day}），现已不公开：原网址将直接"
        "消失。如是撤回，请写明 withdrawn: {date, reason}，原网址会显示撤回说明",
        doc.line("attribute"),
        Severity.WARNING,
    )


def attach_history(site, history: History) -> None:
    """Give `site` its git record, and add what the record says to its problems: a record that is
    incomplete (outside git, a shallow clone) and documents withdrawn without `withdrawn`."""
    site.history = history
    site.moves = None
    if history.note:
        site.problems.warn("git", "history", _INCOMPLETE.get(history.shallow, "") + history.note)
    site.problems.extend(plan_moves(site).problems)


_INCOMPLETE = {
    True: "浅克隆的修订记录不完整，撤回说明和重定向可能缺失；发布时请用完整克隆"
    "（GIT_DEPTH: 0 或 fetch-depth: 0）。",
    False: "没有完整的修订记录：不生成撤回说明和重定向。",
}
