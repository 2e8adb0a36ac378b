"""Generated pages (listings, the organisation directory) described as data.

The MkDocs hook turns each PageSpec into a `File.generated`; templates in theme/ render the
listing from `PageSpec.items`. Everything here is computed from the PublicSet only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import yaml

from .catalogs import Registry
from .model import Document, Org
from .publish import PublicSet
from .vocab import FORM_SLUGS, FORMS, INTERPRETATION, ORG_KINDS, PAGE, TYPE_SLUGS, TYPES, VILLAGE

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
    # filter links shown above a listing: (group label, ((label, src_uri, count, is current), …))
    filters: tuple[tuple[str, tuple[tuple[str, str, int, bool], ...]], ...] = ()

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
        if doc_type == PAGE or doc_type not in by_type or doc_type == INTERPRETATION:
            continue
        slug = type_slug(doc_type, extra_types)
        specs += _listing(slug, doc_type, doc_type, "type", by_type[doc_type], size)
    specs += _interpretation_column(by_type.get(INTERPRETATION, []), registry, size)
    return specs


def _interpretation_column(docs: list[Document], registry: Registry, size: int) -> list[PageSpec]:
    """The 政策解读 column: all interpretations, narrowed by 解读形式 and by organisation."""
    if not docs:
        return []
    base = TYPE_SLUGS[INTERPRETATION]
    by_form: dict[str, list[Document]] = {}
    by_org: dict[str, list[Document]] = {}
    for doc in docs:
        by_form.setdefault(doc.form, []).append(doc)
        by_org.setdefault(doc.org, []).append(doc)
    form_links = [("全部", f"{base}/index.md", len(docs))]
    form_links += [(form, f"{base}/{FORM_SLUGS[form]}/index.md", len(by_form[form]))
                   for form in FORMS if form in by_form]
    org_links = [(org.name, f"{DIRECTORY}/{org.id}/{base}/index.md", len(by_org[org.id]))
                 for org in registry.orgs.values() if org.id in by_org]

    def filters(current: str) -> tuple:
        return (
            ("解读形式", tuple((label, src, n, src == current) for label, src, n in form_links)),
            ("发布机构", tuple((label, src, n, src == current) for label, src, n in org_links)),
        )

    specs = []
    for label, src, _ in form_links + org_links:
        prefix = src.removesuffix("/index.md")
        members = docs if label == "全部" else (
            by_form[label] if label in by_form else by_org[prefix.split("/")[1]])
        heading = INTERPRETATION if label == "全部" else f"{INTERPRETATION} · {label}"
        for spec in _listing(prefix, INTERPRETATION, heading, "interpretations", members, size):
            specs.append(replace(spec, filters=filters(src)))
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
