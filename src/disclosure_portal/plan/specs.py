"""Page specifications: generated pages described as data, and paginated listings."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from disclosure_portal.model.records import Catalog, CatalogItem, Document, Domain, Org
from disclosure_portal.model.vocab import ANNUAL_REPORT, TYPE_SLUGS, VILLAGE

DIRECTORY = "disclosure"
DIRECTORY_TITLE = "政府信息公开"
CATALOG_DIR = "catalog"
CATALOG_TITLE = "基层政务公开"
CHANGES_DIR = "changes"
CHANGES_TITLE = "更新记录"


def in_type_listing(doc: Document, orgs: dict[str, Org]) -> bool:
    """Whether `doc` belongs in its type's site-wide listing and feed: everything but a
    村（居）委员会's 年度报告 (its 村务公开 report is not an annual report of 条例 Art. 49, and the
    年度报告 listing is the government bodies'; it stays on the committee's own page)."""
    org = orgs.get(doc.org)
    return not (doc.type == ANNUAL_REPORT and org is not None and org.kind == VILLAGE)


# what a YAML double-quoted scalar cannot hold as it is: the quote, the backslash, line breaks
# (folded by a reader), tabs, and whatever YAML does not print (a reader refuses it)
_UNQUOTABLE = re.compile(
    "[" + re.escape('"\\') + "\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in '"\\':
        return "\\" + char
    return f"\\u{ord(char):04x}"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line: a YAML reader gives `text` back (a text
    read as UTF-8, which holds no lone surrogate)."""
    return '"' + _UNQUOTABLE.sub(_escaped, text) + '"'


@dataclass(frozen=True)
class PageSpec:
    """A generated page described as data: where it lives, its template, and what the template shows."""

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
    sections: tuple[Column, ...] = ()  # the columns of an organisation's platform page
    catalog: Catalog | None = None
    item: CatalogItem | None = None
    # the 基层政务公开 entry page: (domain, its published catalog or None, public documents)
    domains: tuple[tuple[Domain, Catalog | None, int], ...] = ()
    # a catalog page: item id -> public documents filed under it
    item_counts: dict[str, int] = field(default_factory=dict)
    # the 更新记录 pages: changelog.Entry rows (date, document, note)
    rows: tuple = ()
    # a withdrawal notice: the withdrawal; a redirect: the src of the page it points to
    withdrawal: object = None
    target: str = ""
    # a 政府网站工作年度报表 page: its rules.websitereport.WebsiteReport
    report: object = None

    def markdown(self) -> str:
        """The page's Markdown source: front matter only (title, template, no search, no TOC); the template renders the rest."""
        meta = self.front_matter()
        lines = ["---", f"hide: [{', '.join(meta['hide'])}]"]  # type: ignore[arg-type]
        if meta.get("portal_unlisted"):
            lines.append("portal_unlisted: true")
        lines += [
            "search: {exclude: true}",
            f"template: {yaml_string(str(meta['template']))}",
            f"title: {yaml_string(str(meta['title']))}",
            "---",
            "",
        ]
        return "\n".join(lines)

    def front_matter(self) -> dict[str, object]:
        """The front matter `markdown` writes, as the engine reads it back (the engine is given
        this instead of reading the YAML again: engine/mkdocs_hook.py)."""
        meta: dict[str, object] = {
            "title": self.title,
            "template": self.template,
            "search": {"exclude": True},
            "hide": ["toc"],
        }
        if self.template in ("catalog.html", "search.html"):
            meta["hide"] = ["navigation", "toc"]  # the standard table, the results: full width
        if self.kind in ("withdrawn", "redirect"):
            meta["portal_unlisted"] = True  # out of the sitemap (theme/sitemap.xml)
        return meta


@dataclass(frozen=True)
class Column:
    """One column (栏目) of an organisation's 政府信息公开 platform, with its public documents."""

    key: str  # path under disclosure/<org-id>/
    title: str
    docs: tuple[Document, ...]  # newest first
    children: tuple[Column, ...] = ()

    @property
    def src_uri(self) -> str:
        """The source path of the column's listing page."""
        return f"{self.key}/index.md"


def type_slug(doc_type: str, extra_types: tuple[str, ...]) -> str:
    """The URL slug of a document type's listing (ASCII; extra types are `type-N`)."""
    if doc_type in TYPE_SLUGS:
        return TYPE_SLUGS[doc_type]
    return f"type-{extra_types.index(doc_type) + 1}"


def newest_first(docs) -> list[Document]:
    """Documents ordered newest `published` first, then by 索引号 and path (stable)."""
    return sorted(
        docs, key=lambda d: (-(d.published or dt.date.min).toordinal(), d.index_no, d.src)
    )


def paged(prefix: str, docs: list, size: int) -> list[tuple[int, str, tuple]]:
    """(page number, src_uri, items) of a listing of `docs` under `prefix`, `size` a page."""
    pages = max(1, math.ceil(len(docs) / size))
    out = []
    for n in range(1, pages + 1):
        src = f"{prefix}/index.md" if n == 1 else f"{prefix}/{n}.md"
        out.append((n, src, tuple(docs[(n - 1) * size : n * size])))
    return out


def listing(
    prefix, title, heading, kind, docs, size, org=None, order=None, **extra
) -> list[PageSpec]:
    """The pages of one paginated listing of `docs` under `prefix`, each `size` long, newest
    first (or in the `order` a function of the documents gives: a village item's by period)."""
    pages = paged(prefix, (order or newest_first)(docs), size)
    pager = tuple((n, src) for n, src, _ in pages)
    return [
        PageSpec(
            src_uri=src,
            title=title,
            heading=heading,
            template="listing.html",
            kind=kind,
            items=items,
            page=n,
            pages=len(pages),
            total=len(docs),
            pager=pager,
            org=org,
            **extra,
        )
        for n, src, items in pages
    ]
