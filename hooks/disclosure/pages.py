"""Generated pages (listings, the organisation directory) described as data.

The MkDocs hook turns each PageSpec into a `File.generated`; templates in theme/ render the
listing from `PageSpec.items`. Everything here is computed from the PublicSet only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import yaml

from .catalogs import Registry
from .model import Document, Org
from .publish import PublicSet
from .vocab import ORG_KINDS, PAGE, TYPE_SLUGS, TYPES, VILLAGE

DIRECTORY = "disclosure"
DIRECTORY_TITLE = "政府信息公开"


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    title: str
    template: str
    kind: str  # "directory", "org", "type"
    heading: str = ""
    items: tuple[Document, ...] = ()
    page: int = 1
    pages: int = 1
    total: int = 0
    pager: tuple[tuple[int, str], ...] = ()  # (page number, src_uri) of every page of the listing
    groups: tuple[tuple[str, tuple[tuple[Org, tuple[Org, ...]], ...]], ...] = ()
    org: Org | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def markdown(self) -> str:
        meta = {"title": self.title, "template": self.template, "search": {"exclude": True}}
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"


def type_slug(doc_type: str, extra_types: tuple[str, ...]) -> str:
    if doc_type in TYPE_SLUGS:
        return TYPE_SLUGS[doc_type]
    return f"type-{extra_types.index(doc_type) + 1}"


def newest_first(docs) -> list[Document]:
    return sorted(docs, key=lambda d: (-(d.published or dt.date.min).toordinal(), d.index_no, d.src))


def _paged(prefix: str, docs: list[Document], size: int) -> list[tuple[int, str, tuple[Document, ...]]]:
    pages = max(1, math.ceil(len(docs) / size))
    out = []
    for n in range(1, pages + 1):
        src = f"{prefix}/index.md" if n == 1 else f"{prefix}/{n}.md"
        out.append((n, src, tuple(docs[(n - 1) * size : n * size])))
    return out


def _listing(prefix, title, heading, kind, docs, size, org=None) -> list[PageSpec]:
    paged = _paged(prefix, newest_first(docs), size)
    pager = tuple((n, src) for n, src, _ in paged)
    return [
        PageSpec(src_uri=src, title=title, heading=heading, template="listing.html", kind=kind,
                 items=items, page=n, pages=len(paged), total=len(docs), pager=pager, org=org)
        for n, src, items in paged
    ]


def reserved_prefixes(extra_types: tuple[str, ...]) -> tuple[str, ...]:
    """First path segments that belong to generated pages."""
    return (DIRECTORY, *TYPE_SLUGS.values(), *(f"type-{i + 1}" for i in range(len(extra_types))))


def build_pages(public: PublicSet, registry: Registry, extra_types: tuple[str, ...], size: int) -> list[PageSpec]:
    documents = [d for d in public.documents if d.type != PAGE]
    by_org: dict[str, list[Document]] = {}
    by_type: dict[str, list[Document]] = {}
    for doc in documents:
        by_org.setdefault(doc.org, []).append(doc)
        by_type.setdefault(doc.type, []).append(doc)
    specs = [
        PageSpec(src_uri=f"{DIRECTORY}/index.md", title=DIRECTORY_TITLE, template="directory.html",
                 kind="directory", groups=_directory_groups(registry),
                 counts={org_id: len(docs) for org_id, docs in by_org.items()})
    ]
    for org in registry.orgs.values():
        specs += _listing(f"{DIRECTORY}/{org.id}", DIRECTORY_TITLE, org.name, "org",
                          by_org.get(org.id, []), size, org=org)
    for doc_type in TYPES + extra_types:
        if doc_type == PAGE or doc_type not in by_type:
            continue
        slug = type_slug(doc_type, extra_types)
        specs += _listing(slug, doc_type, doc_type, "type", by_type[doc_type], size)
    return specs


def _directory_groups(registry: Registry):
    """Organisations by kind (区政府部门, 乡镇, 街道 …), villages under their township."""
    villages: dict[str, list[Org]] = {}
    for org in registry.orgs.values():
        if org.kind == VILLAGE and org.parent:
            villages.setdefault(org.parent, []).append(org)
    groups = []
    for kind in ORG_KINDS:
        if kind == VILLAGE:
            orphans = [o for o in registry.orgs.values() if o.kind == VILLAGE and o.parent not in registry.orgs]
            members = tuple((o, ()) for o in orphans)
        else:
            members = tuple(
                (o, tuple(villages.get(o.id, ()))) for o in registry.orgs.values() if o.kind == kind
            )
        if members:
            groups.append((kind, members))
    return tuple(groups)


def nav_types(public: PublicSet, extra_types: tuple[str, ...]) -> list[tuple[str, str]]:
    """(title, src_uri) of the per-type listings that have documents, in the fixed type order."""
    present = {d.type for d in public.documents}
    return [
        (t, f"{type_slug(t, extra_types)}/index.md")
        for t in TYPES + extra_types
        if t != PAGE and t in present
    ]
