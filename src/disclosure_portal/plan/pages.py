"""Generated pages (listings, the organisation directory) described as data.

The MkDocs hook turns each PageSpec into a `File.generated`; templates in theme/ render the
listing from `PageSpec.items`. Everything here is computed from the PublicSet only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace

from disclosure_portal.model.records import Document, Org
from disclosure_portal.model.vocab import (
    CONSULTATION,
    FORM_SLUGS,
    FORMS,
    INTERPRETATION,
    OPEN,
    ORG_KINDS,
    PAGE,
    POLICY,
    TYPE_SLUGS,
    TYPES,
    VALID,
    VALIDITIES,
    VILLAGE,
    WEBSITE_REPORTS_DIR,
)
from disclosure_portal.plan.catalogpages import catalog_pages
from disclosure_portal.plan.changelog import change_log_pages
from disclosure_portal.plan.platform import platform_pages
from disclosure_portal.plan.publish import PublicSet
from disclosure_portal.plan.reserved import (
    DATA_DIR,
    FEEDS_DIR,
    NEWMEDIA_DIR,
    SEARCH_DIR,
    SITE_MAP_DIR,
    SITE_MAP_TITLE,
)
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CHANGES_DIR,
    DIRECTORY,
    DIRECTORY_TITLE,
    PageSpec,
    in_type_listing,
    listing,
    newest_first,
    type_slug,
)
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.rules import participation

OPEN_TITLE = "正在征求意见"
SEARCH_TITLE = "站内搜索"
# the policy library's data (policies/?year=&org=…, assets/portal-library.js): under the
# reserved search/ folder, so no content file can take its address
POLICY_LIBRARY = f"{SEARCH_DIR}/policies.json"


def reserved_prefixes(extra_types: tuple[str, ...]) -> tuple[str, ...]:
    """First path segments that belong to generated pages and files (a link there is fine)."""
    return (
        DIRECTORY,
        CATALOG_DIR,
        CHANGES_DIR,
        NEWMEDIA_DIR,
        SITE_MAP_DIR,
        DATA_DIR,
        FEEDS_DIR,
        WEBSITE_REPORTS_DIR,
        *TYPE_SLUGS.values(),
        *(f"type-{i + 1}" for i in range(len(extra_types))),
    )


def build_pages(
    public: PublicSet,
    registry: Registry,
    extra_types: tuple[str, ...],
    size: int,
    today: dt.date | None = None,
) -> list[PageSpec]:
    """Every generated page of the site as a PageSpec: the directory, each organisation's platform and columns, the catalog pages, one listing per type and the 政策解读 column; from the PublicSet only."""
    documents = [d for d in public.documents if d.type != PAGE]
    by_org: dict[str, list[Document]] = {}
    by_type: dict[str, list[Document]] = {}
    for doc in documents:
        by_org.setdefault(doc.org, []).append(doc)
        if in_type_listing(doc, registry.orgs):
            by_type.setdefault(doc.type, []).append(doc)
    specs = [
        PageSpec(
            src_uri=f"{DIRECTORY}/index.md",
            title=DIRECTORY_TITLE,
            template="directory.html",
            kind="directory",
            groups=_directory_groups(registry),
            counts={org_id: len(docs) for org_id, docs in by_org.items()},
        )
    ]
    for org in registry.orgs.values():
        specs += platform_pages(org, by_org.get(org.id, []), registry, size)
    specs += catalog_pages(documents, registry, size)
    for doc_type in TYPES + extra_types:
        if doc_type in (PAGE, INTERPRETATION) or doc_type not in by_type:
            continue
        slug = type_slug(doc_type, extra_types)
        if doc_type == CONSULTATION:
            specs += _consultation_listings(slug, by_type[doc_type], public, size, today)
            continue
        if doc_type == POLICY:
            specs += _policy_library(slug, by_type[doc_type], registry, size)
            continue
        specs += listing(slug, doc_type, doc_type, "type", by_type[doc_type], size)
    specs += _interpretation_column(by_type.get(INTERPRETATION, []), registry, size)
    specs += change_log_pages(public, size)
    specs.append(  # the search results page (search/?q=…): assets/portal-search.js fills it
        PageSpec(
            src_uri=f"{SEARCH_DIR}/index.md",
            title=SEARCH_TITLE,
            template="search.html",
            kind="search",
        )
    )
    specs.append(  # the 网站地图 (plan/orientation.py gives its content)
        PageSpec(
            src_uri=f"{SITE_MAP_DIR}/index.md",
            title=SITE_MAP_TITLE,
            template="site-map.html",
            kind="site-map",
        )
    )
    return specs


def _consultation_listings(
    slug: str, docs: list[Document], public: PublicSet, size: int, today: dt.date | None
) -> list[PageSpec]:
    """征求意见: all consultations, and those open at the build date (正在征求意见), each listing
    linking the other."""
    day = today or dt.date.today()
    now = [
        d
        for d in docs
        if d.consultation and participation.status(d.consultation, False, day) == OPEN
    ]
    all_src, open_src = f"{slug}/index.md", f"{slug}/open/index.md"

    def filters(current: str) -> tuple:
        links = (
            ("全部", all_src, len(docs), current == all_src),
            (OPEN_TITLE, open_src, len(now), current == open_src),
        )
        return (("状态", links),)

    return [
        *listing(slug, CONSULTATION, CONSULTATION, "type", docs, size, filters=filters(all_src)),
        *listing(
            f"{slug}/open", OPEN_TITLE, CONSULTATION, "type", now, size, filters=filters(open_src)
        ),
    ]


# 有效性 in URLs (ASCII slugs, as every generated address)
VALIDITY_SLUGS = {VALID: "valid", "失效": "expired", "废止": "repealed"}


def policy_facets(docs: list[Document], registry: Registry) -> list[tuple[str, list]]:
    """The facets of the policy library (政策文件): (group label, [(label, slug, documents)]) for
    年份 (of `published`), 发布机构, 有效性 and 主题; only values some document has. Slugs are
    ASCII: year-2025, org-<org id>, validity-valid|expired|repealed, topic-N (N: the topic's
    place in the sorted topics)."""
    by_year: dict[int, list[Document]] = {}
    by_org: dict[str, list[Document]] = {}
    by_validity: dict[str, list[Document]] = {}
    by_topic: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.published:
            by_year.setdefault(doc.published.year, []).append(doc)
        by_org.setdefault(doc.org, []).append(doc)
        by_validity.setdefault(doc.validity or VALID, []).append(doc)
        if doc.topic:
            by_topic.setdefault(doc.topic, []).append(doc)
    orgs = [o for o in registry.orgs.values() if o.id in by_org]
    return [
        ("年份", [(f"{y}年", f"year-{y}", by_year[y]) for y in sorted(by_year, reverse=True)]),
        ("发布机构", [(o.name, f"org-{o.id}", by_org[o.id]) for o in orgs]),
        (
            "有效性",
            [
                (v, f"validity-{VALIDITY_SLUGS[v]}", by_validity[v])
                for v in VALIDITIES
                if v in by_validity
            ],
        ),
        (
            "主题",
            [(t, f"topic-{i + 1}", by_topic[t]) for i, t in enumerate(sorted(by_topic))],
        ),
    ]


def _policy_library(
    base: str, docs: list[Document], registry: Registry, size: int
) -> list[PageSpec]:
    """政策文件: all policies, and one static listing per facet value (policies/year-2025/,
    policies/org-mzj/ …), each page with the filter rows of every facet; they work without
    JavaScript. Built from the public documents only, so the counts are theirs."""
    all_src = f"{base}/index.md"
    facets = [
        (label, [(text, f"{base}/{slug}/index.md", members) for text, slug, members in values])
        for label, values in policy_facets(docs, registry)
        if values
    ]

    def filters(current: str) -> tuple:
        return tuple(
            (
                label,
                (
                    ("全部", all_src, len(docs), current == all_src),
                    *((text, src, len(members), src == current) for text, src, members in values),
                ),
            )
            for label, values in facets
        )

    specs = listing(base, POLICY, POLICY, "type", docs, size, filters=filters(all_src))
    for label, values in facets:
        for text, src, members in values:
            prefix = src.removesuffix("/index.md")
            heading = f"{POLICY} · {label}：{text}"
            specs += listing(prefix, heading, heading, "type", members, size, filters=filters(src))
    return specs


def policy_library(
    docs: list[Document], registry: Registry, url_of: Callable[[str], str | None]
) -> dict[str, bytes]:
    """The data of the policy library (search/policies.json): every public policy of the
    政策文件 listing, newest first, with the fields its filters, box and columns use (title, URL,
    文号, 索引号, organisation, 发布日期, 成文日期, 有效性, 主题, 文种) and the names of the
    organisations they name. Nothing but public front-matter values; empty without policies."""
    rows = []
    for doc in newest_first(
        d for d in docs if d.type == POLICY and in_type_listing(d, registry.orgs)
    ):
        url = url_of(doc.src)
        if url is None:  # not a page of this build: never listed
            continue
        rows.append(
            {
                "title": doc.title,
                "url": url,
                "doc_number": doc.doc_number,
                "index_no": doc.index_no,
                "org": doc.org,
                "published": doc.published.isoformat() if doc.published else "",
                "written": doc.written.isoformat() if doc.written else "",
                "validity": doc.validity or VALID,
                "topic": doc.topic,
                "genre": doc.genre,
            }
        )
    if not rows:
        return {}
    named = {r["org"] for r in rows}
    orgs = {o.id: o.name for o in registry.orgs.values() if o.id in named}
    data = {"orgs": orgs, "validity": VALIDITY_SLUGS, "policies": rows}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return {POLICY_LIBRARY: text.encode("utf-8")}


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
    form_links += [
        (form, f"{base}/{FORM_SLUGS[form]}/index.md", len(by_form[form]))
        for form in FORMS
        if form in by_form
    ]
    org_links = [
        (org.name, f"{DIRECTORY}/{org.id}/{base}/index.md", len(by_org[org.id]))
        for org in registry.orgs.values()
        if org.id in by_org
    ]

    def filters(current: str) -> tuple:
        return (
            ("解读形式", tuple((label, src, n, src == current) for label, src, n in form_links)),
            ("发布机构", tuple((label, src, n, src == current) for label, src, n in org_links)),
        )

    specs = []
    for label, src, _ in form_links + org_links:
        prefix = src.removesuffix("/index.md")
        members = (
            docs
            if label == "全部"
            else (by_form[label] if label in by_form else by_org[prefix.split("/")[1]])
        )
        heading = INTERPRETATION if label == "全部" else f"{INTERPRETATION} · {label}"
        for spec in listing(prefix, INTERPRETATION, heading, "interpretations", members, size):
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
            orphans = [
                o
                for o in registry.orgs.values()
                if o.kind == VILLAGE and o.parent not in registry.orgs
            ]
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
