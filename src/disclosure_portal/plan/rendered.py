"""The render-time link check: in the HTML the engine produced, whatever Markdown construct made
it, no link may point at a withheld file or at the address of a withheld page."""

from __future__ import annotations

from collections.abc import Iterable

from disclosure_portal.plan.publish import PublicSet
from disclosure_portal.plan.urls import href_forms, page_key
from disclosure_portal.read.links import HTML_RE, SCHEME_RE


def withheld_targets(public: PublicSet, generated: Iterable[str]) -> frozenset[str]:
    """Every address and content path a page must not link to: withheld documents (by source and
    by URL) and withheld files, less the URLs that a public document or a generated page
    (`generated`: their src paths) also has."""
    targets = {page_key(d.src) for d in public.withheld}
    targets |= {d.src for d in public.withheld} | set(public.withheld_files)
    targets -= {page_key(d.src) for d in public.documents} | {page_key(u) for u in generated}
    return frozenset(targets)


def link_problems(
    html: str, page_src: str, page_url: str, targets: frozenset[str] | set[str]
) -> list[str]:
    """One message per href or src attribute of `html` (the rendered page of `page_src`, served
    at `page_url`) that points at one of `targets` (see `withheld_targets`)."""
    problems = []
    for m in HTML_RE.finditer(html):
        href = next(g for g in m.groups() if g is not None).strip()
        if not href or href.startswith(("#", "//")) or SCHEME_RE.match(href):
            continue
        if href_forms(href, page_src, page_url) & targets:
            problems.append(f"{page_src}: 页面中的链接“{href}”指向不发布的文件")
    return problems
