"""Template data for documents and generated pages; URLs come from the engine via a callback."""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from disclosure_portal.model.fields import box_fields, box_label
from disclosure_portal.model.records import Document, Org
from disclosure_portal.model.vocab import (
    ANNUAL_REPORT,
    APPROVED,
    GUIDE,
    INTERPRETATION,
    LEVELS,
    PAGE,
    POLICY,
    RULES,
    TYPE_SLUGS,
    TYPES,
    VALID,
    VALIDITIES,
)
from disclosure_portal.plan.changelog import history_of, last_updated
from disclosure_portal.plan.pages import VALIDITY_SLUGS
from disclosure_portal.plan.platform import ON_REQUEST_DIR, ON_REQUEST_TITLE, PREVIEW
from disclosure_portal.plan.related import related
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CATALOG_TITLE,
    DIRECTORY,
    Column,
    PageSpec,
    newest_first,
    type_slug,
)
from disclosure_portal.project import Site
from disclosure_portal.rules import participation, villages
from disclosure_portal.rules.tableb import GROUPS, TOTAL, table_b


class UrlResolver:
    """Maps a content path to its site URL; returns None for anything not published."""

    def __init__(self, lookup: Callable[[str], str | None]) -> None:
        self._lookup = lookup

    def __call__(self, src: str) -> str | None:
        return self._lookup(src)


# Text is text (SPEC 7). The views below hold plain strings, which our templates print inside
# `{% autoescape true %}`. MkDocs and mkdocs-material print some values themselves, without
# escaping (page.meta.title and .description in <title>, the header and meta tags, nav titles, the
# site name): those are handed over as `Markup` of the escaped text, which Jinja prints as is and
# `| e` leaves alone. (`| striptags` would unescape Markup: theme/main.html's <title> adds `| e`.)
NOT_TEXT_META = ("template",)  # a front-matter value MkDocs uses as a name, never prints
TEXT_SETTINGS = ("site_name", "site_description", "site_author")  # mkdocs.yml keys material prints


def as_text(value: object) -> Markup:
    """`value` as text in HTML: escaped, as Markup; Markup given is returned unchanged."""
    return escape(value)


def text_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """A page's meta with every text value as escaped Markup (lists and mappings are kept)."""
    return {
        k: as_text(v) if isinstance(v, str) and k not in NOT_TEXT_META else v
        for k, v in meta.items()
    }


def text_settings(config: Mapping[str, Any]) -> dict[str, Markup]:
    """The site settings mkdocs-material prints unescaped, as escaped Markup."""
    return {k: as_text(config[k]) for k in TEXT_SETTINGS if isinstance(config.get(k), str)}


def fmt(day: dt.date | None) -> str:
    """A date as YYYY-MM-DD, or ""."""
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


def _link(doc: Document, url_of: UrlResolver) -> dict[str, Any] | None:
    """A link to `doc`; None when it has no page (a link is never printed to "None")."""
    url = url_of(doc.src)
    if url is None:
        return None
    return {
        "title": doc.title,
        "url": url,
        "doc_number": doc.doc_number,
        "published": fmt(doc.published),
        "form": doc.form,
    }


def _links(docs: Iterable[Document], url_of: UrlResolver) -> list[dict[str, Any]]:
    return [link for d in docs if (link := _link(d, url_of)) is not None]


_ROWS = threading.local()  # .known: id(doc) -> (doc, site, url_of, its row), in `shared_rows`


@contextlib.contextmanager
def shared_rows() -> Iterator[None]:
    """Within this block, on this thread, a document's listing row is made once and the same
    object is given to every listing that shows it (a document is in its organisation's, its
    type's, its catalog's … listings), so that a page's key in the build cache can hold each row
    by the digest of its form, computed once (engine/reuse.py). Nothing may change a row, the
    documents or the site meanwhile (planning reads them only)."""
    _ROWS.known = {}
    try:
        yield
    finally:
        _ROWS.known = None


def items_view(docs: Iterable[Document], site: Site, url_of: UrlResolver) -> list[dict[str, Any]]:
    """Listing rows of the documents that have a page (a row never links to "None")."""
    known = getattr(_ROWS, "known", None)
    if known is None:
        return [row for d in docs if (row := item_view(d, site, url_of))["url"] is not None]
    rows = []
    for doc in docs:
        found = known.get(id(doc))
        if found is not None and found[0] is doc and found[1] is site and found[2] is url_of:
            row = found[3]
        else:
            row = item_view(doc, site, url_of)
            known[id(doc)] = (doc, site, url_of, row)
        if row["url"] is not None:
            rows.append(row)
    return rows


def item_view(doc: Document, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    """One listing row of a document: title, URL, date, organisation, 文号, summary, validity, and the policies it interprets."""
    org = site.registry.orgs.get(doc.org)
    return {
        "interprets": _links(site.graph.of_interpretation(doc), url_of),
        "form": doc.form,
        "title": doc.title,
        "url": url_of(doc.src),
        "published": fmt(doc.published),
        "written": fmt(doc.written),
        "type": doc.type,
        "org": org.name if org else "",
        "doc_number": doc.doc_number,
        "summary": doc.summary,
        "index_no": doc.index_no,
        "validity": doc.validity,
        "consultation": consultation_view(doc, _feedback(doc, site), site, url_of)
        if doc.consultation
        else None,
    }


def _feedback(doc: Document, site: Site) -> Document | None:
    c = doc.consultation
    return site.public.resolve(c.feedback) if c and c.feedback else None


def _ref(target: Document | None, url_of: UrlResolver) -> dict[str, Any] | None:
    url = url_of(target.src) if target is not None else None
    if target is None or url is None:
        return None
    return {"title": target.title, "url": url, "doc_number": target.doc_number}


def _box_value(doc: Document, key: str, org: Org | None) -> str:
    """A metadata-box value as shown: dates as YYYY-MM-DD, 发文机关 defaulting to the org's name."""
    value = doc.value(key)
    if key == "issuer" and not value:
        return org.name if org else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value or "")


def document_view(doc: Document, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    """Data for a document's page; the other documents it shows are exactly `related`'s."""
    shown = related(doc, site)
    org = site.registry.orgs.get(doc.org)
    item = site.registry.items.get(doc.catalog)
    catalog = site.registry.catalogs.get(item.catalog) if item else None
    if catalog is None or catalog.status != APPROVED:
        item = None  # 先审后发: nothing of an unreviewed catalog is shown
    attachments = []
    for src in doc.attachments:
        url = url_of(src)
        if url is not None:
            # the editor's title, else 附件N: never a guess from a (pinyin) file name
            name = posixpath.basename(src)
            attachments.append(
                {
                    "title": doc.attachment_titles.get(src) or f"附件{len(attachments) + 1}",
                    "name": name,
                    "format": posixpath.splitext(name)[1].lstrip(".").upper(),
                    "url": url,
                    "size": _size(site.settings.docs_dir / src),
                }
            )
    return {
        "kind": "document",
        "doc": doc,
        "meta_rows": [
            {
                "key": f.key,
                "label": box_label(f),
                "value": _box_value(doc, f.key, org),
                "weight": f.search_weight,
            }
            for f in box_fields()
        ],
        "org": org,
        "org_url": url_of(f"disclosure/{org.id}/index.md") if org else None,
        "item": item,
        "item_url": url_of(f"{CATALOG_DIR}/{catalog.code}/{item.id}/index.md") if item else None,
        "abolished": fmt(doc.abolished),
        "successor": _ref(shown.successor, url_of),
        "attachments": attachments,
        "is_page": doc.type == PAGE,
        "revisions": [
            {"date": e.date.isoformat(), "note": e.note, "publication": e.is_publication}
            for e in history_of(doc)
        ],
        "updated": fmt(last_updated(doc)),
        "interpretations": _links(shown.interpretations, url_of),
        "policies": _links(shown.policies, url_of),
        "consultation": consultation_view(doc, shown.feedback, site, url_of),
        "answers": _links(shown.consultations, url_of),
        "village_item": _village_item(doc, site),
    }


def _village_item(doc: Document, site: Site) -> dict[str, str] | None:
    """A committee's document filed under an approved village-catalog item: the item's name and
    the document's period (公开期间)."""
    if not doc.catalog or doc.catalog in site.registry.items:
        return None
    item = villages.latest_item(site.registry.villages, doc.catalog)
    if item is None:
        return None
    return {"name": item.name, "period": doc.period or ""}


def consultation_view(
    doc: Document, feedback: Document | None, site: Site, url_of: UrlResolver
) -> dict[str, Any] | None:
    """The 征求意见 facts of a consultation (period, kind, status at the build date, reason,
    channels, feedback link); None for a document without `consultation`."""
    c = doc.consultation
    if c is None:
        return None
    today = site.today or dt.date.today()
    return {
        "opens": fmt(c.opens),
        "closes": fmt(c.closes),
        "kind": participation.kind_of(c),
        "status": participation.status(c, feedback is not None, today),
        "reason": c.reason,
        "channels": list(c.channels),
        "feedback": _link(feedback, url_of) if feedback is not None else None,
    }


def listing_view(spec: PageSpec, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    """Template data of a generated listing (or of a platform / catalog page via special_view)."""
    groups = []
    for kind, members in spec.groups:
        groups.append(
            {
                "kind": kind,
                "orgs": [
                    {
                        "name": org.name,
                        "url": url_of(f"disclosure/{org.id}/index.md"),
                        "count": spec.counts.get(org.id, 0),
                        "children": [
                            {
                                "name": c.name,
                                "url": url_of(f"disclosure/{c.id}/index.md"),
                                "count": spec.counts.get(c.id, 0),
                            }
                            for c in children
                        ],
                    }
                    for org, children in members
                ],
            }
        )
    if spec.kind in ("platform", "catalog", "catalog-index", "on-request", "search"):
        return special_view(spec, site, url_of)
    item = spec.item
    policies = spec.kind == "type" and all(d.type == POLICY for d in spec.items)
    return {
        "kind": spec.kind,
        "heading": spec.heading,
        "item": item,
        "catalog_url": url_of(f"{CATALOG_DIR}/{spec.catalog.code}/index.md")
        if spec.catalog
        else None,
        "org_url": url_of(f"{DIRECTORY}/{spec.org.id}/index.md") if spec.org else None,
        "items": items_view(spec.items, site, url_of),
        **pager_view(spec, url_of),
        "groups": groups,
        "newmedia_url": url_of("newmedia/index.md") if spec.kind == "directory" else None,
        "show_org": spec.kind not in ("org", "column"),
        # a listing of one type (its listing, its facets, the 政策解读 column) has no 类别 column
        "show_type": spec.kind not in ("type", "interpretations"),
        # the policy library: 索引号 under the title, 成文日期 and 有效性 columns
        "show_index": policies,
        "show_written": policies,
        "show_validity": policies,
        # its first page carries the combinable filters (assets/portal-library.js)
        "library": policies and spec.src_uri == f"{TYPE_SLUGS[POLICY]}/index.md",
        "filters": [
            {
                "label": label,
                "links": [
                    {"label": text, "url": url_of(src), "count": n, "current": cur}
                    for text, src, n, cur in links
                ],
            }
            for label, links in spec.filters
        ],
    }


# the types an organ's platform shows in columns of their own (指南, 制度, 年报): its
# 法定主动公开内容 column lists them too, but its preview leaves them to those columns
OWN_COLUMN_TYPES = (GUIDE, RULES, ANNUAL_REPORT)


def _section_view(column: Column, site: Site, url_of: UrlResolver, preview: int) -> dict[str, Any]:
    anchor = column.key.rsplit("/", 1)[-1]
    shown = column.docs
    if anchor == "statutory":
        shown = tuple(d for d in column.docs if d.type not in OWN_COLUMN_TYPES)
    return {
        "title": column.title,
        "anchor": f"col-{anchor}",
        "url": url_of(column.src_uri) if column.docs else None,
        "total": len(column.docs),
        "items": items_view(shown[:preview], site, url_of),
        "children": [
            {"title": c.title, "url": url_of(c.src_uri), "total": len(c.docs)}
            for c in column.children
        ],
    }


def _catalog_tables(spec: PageSpec, url_of: UrlResolver) -> list[dict[str, Any]]:
    catalog = spec.catalog
    tables = []
    for level in LEVELS:
        rows = []
        for item in (i for i in catalog.items if level in i.levels):
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "id": item.id,
                    "level1": item.level1,
                    "level2": item.level2,
                    "content": item.content,
                    "basis": item.basis,
                    "deadline": item.deadline,
                    "subject": item.subject,
                    "channels": "、".join(item.channels),
                    "audience": item.audience,
                    "mode": item.mode,
                    "levels": "、".join(item.levels),
                    "url": url_of(f"{CATALOG_DIR}/{catalog.code}/{item.id}/index.md"),
                    "count": spec.item_counts.get(item.id, 0),
                }
            )
        if rows:
            tables.append({"level": level, "rows": rows})
    return tables


def _request_figures(org_id: str, site: Site) -> list[dict[str, Any]]:
    """The public aggregates of an organ's register (SPEC: the totals of its Table B), for each
    completed year (before the build date's year) that has a register file: never a row."""
    years = set()
    for path in site.registers.sources:
        parts = path.rsplit("/", 2)
        if len(parts) == 3 and parts[1] == org_id and parts[2].removesuffix(".yml").isdigit():
            years.add(int(parts[2].removesuffix(".yml")))
    rows = [r for r in site.requests if r.org == org_id]
    figures = []
    for year in sorted(y for y in years if site.today and y < site.today.year):
        table = table_b(rows, year)
        figures.append(
            {
                "year": year,
                "rows": [
                    ("一、本年新收政府信息公开申请数量", table.received[TOTAL]),
                    ("二、上年结转政府信息公开申请数量", table.carried_in[TOTAL]),
                    *((f"三、{label}", table.group(members)) for label, members in GROUPS),
                    ("三、（七）总计", table.concluded()),
                    ("四、结转下年度继续办理", table.carried_out[TOTAL]),
                ],
            }
        )
    return figures


def special_view(spec: PageSpec, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    """Data for the platform, catalog and catalog-index pages."""
    view: dict[str, Any] = {"kind": spec.kind, "heading": spec.heading}
    if spec.kind == "platform":
        org = spec.org
        sections = [_section_view(c, site, url_of, PREVIEW) for c in spec.sections]
        all_url = url_of(f"{DIRECTORY}/{org.id}/all/index.md")
        on_request_url = url_of(f"{DIRECTORY}/{org.id}/{ON_REQUEST_DIR}/index.md")
        view.update(
            org=org,
            total=spec.total,
            all_url=all_url,
            on_request_url=on_request_url,
            sections=sections,
            menu=platform_menu(sections, on_request_url, all_url, spec.total),
        )
        parent = site.registry.orgs.get(org.parent) if org.parent else None
        view["parent"] = (
            {"name": parent.name, "url": url_of(f"{DIRECTORY}/{parent.id}/index.md")}
            if parent
            else None
        )
    elif spec.kind == "search":
        view.update(search_options(site))
    elif spec.kind == "on-request":
        org = spec.org
        view.update(
            org=org,
            office=org.office,
            platform_url=url_of(f"{DIRECTORY}/{org.id}/index.md"),
            guides=items_view(spec.items, site, url_of),
            figures=_request_figures(org.id, site),
        )
    elif spec.kind == "catalog":
        c = spec.catalog
        view.update(
            catalog=c,
            reviewed_on=fmt(c.reviewed_on),
            tables=_catalog_tables(spec, url_of),
            total=sum(spec.item_counts.values()),
        )
    elif spec.kind == "catalog-index":
        view["domains"] = [
            {
                "name": d.name,
                "code": d.code,
                "statutory": d.statutory,
                "url": url_of(f"{CATALOG_DIR}/{c.code}/index.md") if c else None,
                "item_count": len(c.items) if c else 0,
                "documents": n,
            }
            for d, c, n in spec.domains
        ]
    return view


def pager_view(spec: PageSpec, url_of: UrlResolver, around: int = 2) -> dict[str, Any]:
    """The page links of a paginated listing: 上一页/下一页, the first and last page and the
    pages `around` the current one, gaps between them (so a page carries a bounded number of
    links, and costs a bounded time, however long the listing is)."""

    def src_of(n: int) -> str | None:  # spec.pager holds pages 1..pages in order
        return spec.pager[n - 1][1] if 1 <= n <= len(spec.pager) else None

    wanted = {1, spec.pages, *range(spec.page - around, spec.page + around + 1)}
    links: list[dict[str, Any]] = []
    for n in sorted(n for n in wanted if src_of(n)):
        if links and n - links[-1]["number"] > 1:
            links.append({"number": 0, "gap": True})
        links.append({"number": n, "url": url_of(src_of(n)), "current": n == spec.page})
    prev_src, next_src = src_of(spec.page - 1), src_of(spec.page + 1)
    return {
        "page": spec.page,
        "pages": spec.pages,
        "total": spec.total,
        "pager": links,
        "prev_url": url_of(prev_src) if prev_src else None,
        "next_url": url_of(next_src) if next_src else None,
    }


def platform_menu(
    sections: list[dict[str, Any]], on_request_url: str | None, all_url: str | None, total: int
) -> list[dict[str, Any]]:
    """One menu of an organisation's platform: its columns in the platform's order (指南, 制度,
    法定主动公开内容, 年报, then its domains and own columns), 依申请公开 after the 年报 (an
    administrative organ's), and 全部信息. A column links to its listing, an empty one to its
    place on the page (暂无信息)."""
    menu = []
    for section in sections:
        menu.append(
            {
                "title": section["title"],
                "url": section["url"],
                "anchor": None if section["url"] else section["anchor"],
                "total": section["total"],
            }
        )
        if section["anchor"] == "col-annual-reports" and on_request_url:
            menu.append({"title": ON_REQUEST_TITLE, "url": on_request_url, "total": None})
    if on_request_url and not any(m["url"] == on_request_url for m in menu):
        menu.append({"title": ON_REQUEST_TITLE, "url": on_request_url, "total": None})
    if all_url:
        menu.append({"title": "全部信息", "url": all_url, "total": total})
    return menu


# the entries of the home page, in this order: (title, what it is)
HOME_ENTRIES = (
    ("政府信息公开指南", "获取政府信息的方式和渠道"),
    ("政府信息公开制度", "政府信息公开工作制度"),
    ("法定主动公开内容", "条例规定主动公开的信息"),
    ("政府信息公开年报", "各单位政府信息公开工作年度报告"),
    ("依申请公开", "向行政机关申请获取政府信息"),
    ("政策文件", "按年份、机构、主题查找政策"),
    ("政策解读", "政策文件的解读材料"),
    ("征求意见", "参与公共政策意见征集"),
    (CATALOG_TITLE, "各领域政务公开标准目录"),
    ("各单位政府信息公开", "区政府部门、乡镇（街道）信息公开"),
)


def home_entries(site: Site, url_of: UrlResolver) -> list[dict[str, Any]]:
    """The disclosure entries of the home page (only those the site has): the site-wide
    listings of 指南, 制度 and 年报, the statutory catalog (法定主动公开内容), the district
    government's 依申请公开 page, the policy library, 政策解读, 征求意见, the catalogs and the
    directory of organisations."""
    registry = site.registry
    statutory = registry.statutory
    district = next((o for o in registry.orgs.values() if o.kind == "区政府"), None)
    sources = {
        "政府信息公开指南": f"{TYPE_SLUGS[GUIDE]}/index.md",
        "政府信息公开制度": f"{TYPE_SLUGS[RULES]}/index.md",
        "法定主动公开内容": f"{CATALOG_DIR}/{statutory.code}/index.md" if statutory else None,
        "政府信息公开年报": f"{TYPE_SLUGS[ANNUAL_REPORT]}/index.md",
        "依申请公开": f"{DIRECTORY}/{district.id}/{ON_REQUEST_DIR}/index.md" if district else None,
        "政策文件": f"{TYPE_SLUGS[POLICY]}/index.md",
        "政策解读": f"{TYPE_SLUGS[INTERPRETATION]}/index.md",
        "征求意见": f"{type_slug('征求意见', ())}/index.md",
        CATALOG_TITLE: f"{CATALOG_DIR}/index.md",
        "各单位政府信息公开": f"{DIRECTORY}/index.md",
    }
    entries = []
    for title, hint in HOME_ENTRIES:
        src = sources.get(title)
        url = url_of(src) if src else None
        if url is not None:
            entries.append({"title": title, "hint": hint, "url": url})
    return entries


def home_view(site: Site, url_of: UrlResolver, count: int) -> dict[str, Any]:
    """The home page's data: its disclosure entries and the `count` newest documents."""
    return {"entries": home_entries(site, url_of), "latest": latest(site, url_of, count)}


def search_options(site: Site) -> dict[str, Any]:
    """The filters of the search results page (search/), from the public documents: 类别,
    发布机构, 年份 and 有效性. Each option has the value the page's address carries (ASCII where
    there is one: a listing's slug, an organisation's id) and the value Pagefind filters on
    (theme/document.html: data-pagefind-filter)."""
    docs = [d for d in site.public.documents if d.type != PAGE]
    extra = site.settings.extra_types
    present = {d.type for d in docs}
    org_ids = {d.org for d in docs}
    years = sorted({d.published.year for d in docs if d.published}, reverse=True)
    validities = {d.validity or VALID for d in docs}

    def option(value: str, term: str, label: str) -> dict[str, str]:
        return {"value": value, "filter": term, "label": label}

    return {
        "filters": [
            {
                "key": "type",
                "label": "类别",
                "options": [
                    option(type_slug(t, extra), t, t)
                    for t in TYPES + extra
                    if t in present and t != PAGE
                ],
            },
            {
                "key": "org",
                "label": "发布机构",
                "options": [
                    option(o.id, o.name, o.name)
                    for o in site.registry.orgs.values()
                    if o.id in org_ids
                ],
            },
            {
                "key": "year",
                "label": "年份",
                "options": [option(str(y), str(y), f"{y}年") for y in years],
            },
            {
                "key": "validity",
                "label": "有效性",
                "options": [option(VALIDITY_SLUGS[v], v, v) for v in VALIDITIES if v in validities],
            },
        ]
    }


def changes_view(spec: PageSpec, url_of: UrlResolver) -> dict[str, Any]:
    """Template data of one 更新记录 page: publications and change notes, newest first."""
    rows = [
        {
            "date": entry.date.isoformat(),
            "title": entry.doc.title,
            "url": url_of(entry.doc.src),
            "type": entry.doc.type,
            "note": entry.note,
            "publication": entry.is_publication,
        }
        for entry in spec.rows
        if url_of(entry.doc.src) is not None
    ]
    return {
        "kind": "changes",
        "rows": rows,
        **pager_view(spec, url_of),
    }


def move_view(spec: PageSpec, site: Site, url_of: UrlResolver) -> dict[str, Any]:
    """A withdrawal notice (the date and reason only, nothing else of the document) or a
    redirect to the page's new address."""
    if spec.kind == "withdrawn":
        withdrawal = spec.withdrawal
        return {"kind": "withdrawn", "date": fmt(withdrawal.date), "reason": withdrawal.reason}
    target = site.public.document(spec.target)
    return {
        "kind": "redirect",
        "url": url_of(spec.target),
        "title": target.title if target else "",
    }


def latest(site: Site, url_of: UrlResolver, count: int) -> list[dict[str, Any]]:
    """The `count` newest public documents (not editors' pages), as listing rows."""
    docs = newest_first(d for d in site.public.documents if d.type != PAGE)
    return items_view(docs[:count], site, url_of)
