"""Template data for documents and generated pages; URLs come from the engine via a callback."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import Document
from .pages import PageSpec, newest_first
from .site import Site
from .vocab import PAGE


class UrlResolver:
    """Maps a content path to its site URL; returns None for anything not published."""

    def __init__(self, lookup: Callable[[str], str | None]) -> None:
        self._lookup = lookup

    def __call__(self, src: str) -> str | None:
        return self._lookup(src)


def fmt(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _link(doc: Document, url_of: UrlResolver) -> dict[str, Any]:
    return {"title": doc.title, "url": url_of(doc.src), "doc_number": doc.doc_number,
            "published": fmt(doc.published), "form": doc.form}


def item_view(doc: Document, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    org = site.registry.orgs.get(doc.org)
    return {
        "interprets": [_link(p, url_of) for p in site.graph.of_interpretation(doc)],
        "form": doc.form,
        "title": doc.title,
        "url": url_of(doc.src),
        "published": fmt(doc.published),
        "type": doc.type,
        "org": org.name if org else "",
        "doc_number": doc.doc_number,
        "summary": doc.summary,
        "validity": doc.validity,
    }


def _ref(ref: str, site: Site, url_of: UrlResolver) -> dict[str, Any] | None:
    target = site.public.resolve(ref)
    if target is None:
        return None
    return {"title": target.title, "url": url_of(target.src), "doc_number": target.doc_number}


def document_view(doc: Document, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    org = site.registry.orgs.get(doc.org)
    item = site.registry.items.get(doc.catalog)
    attachments = []
    for src in doc.attachments:
        url = url_of(src)
        if url is not None:
            attachments.append({"name": posixpath.basename(src), "url": url,
                                "size": _size(site.settings.docs_dir / src)})
    return {
        "kind": "document",
        "doc": doc,
        "meta_rows": [
            ("索引号", doc.index_no),
            ("主题分类", doc.topic),
            ("发文机关", doc.issuer or (org.name if org else "")),
            ("成文日期", fmt(doc.written)),
            ("标题", doc.title),
            ("发文字号", doc.doc_number),
            ("发布日期", fmt(doc.published)),
            ("有效性", doc.validity),
        ],
        "org": org,
        "org_url": url_of(f"disclosure/{org.id}/index.md") if org else None,
        "item": item,
        "abolished": fmt(doc.abolished),
        "successor": _ref(doc.replaced_by, site, url_of) if doc.replaced_by else None,
        "attachments": attachments,
        "is_page": doc.type == PAGE,
        "interpretations": [_link(d, url_of) for d in site.graph.of_policy(doc)],
        "policies": [_link(d, url_of) for d in site.graph.of_interpretation(doc)],
    }


def listing_view(spec: PageSpec, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    groups = []
    for kind, members in spec.groups:
        groups.append({
            "kind": kind,
            "orgs": [
                {"name": org.name, "url": url_of(f"disclosure/{org.id}/index.md"),
                 "count": spec.counts.get(org.id, 0),
                 "children": [{"name": c.name, "url": url_of(f"disclosure/{c.id}/index.md"),
                               "count": spec.counts.get(c.id, 0)} for c in children]}
                for org, children in members
            ],
        })
    return {
        "kind": spec.kind,
        "heading": spec.heading,
        "items": [item_view(d, site, url_of) for d in spec.items],
        "page": spec.page,
        "pages": spec.pages,
        "total": spec.total,
        "pager": [{"number": n, "url": url_of(src), "current": n == spec.page} for n, src in spec.pager],
        "groups": groups,
        "show_org": spec.kind != "org",
        "filters": [
            {"label": label, "links": [{"label": text, "url": url_of(src), "count": n, "current": cur}
                                       for text, src, n, cur in links]}
            for label, links in spec.filters
        ],
    }


def latest(site: Site, url_of: UrlResolver, count: int) -> list[dict[str, Any]]:
    docs = newest_first(d for d in site.public.documents if d.type != PAGE)
    return [item_view(d, site, url_of) for d in docs[:count]]
