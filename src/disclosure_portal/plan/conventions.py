"""National page conventions: the meta tags government pages carry for the national site search
and the inspectors' crawlers, each page's own description, the sitemap's per-page dates, and
robots.txt (SPEC: National page conventions; Site URLs and files).

Every page: `SiteName`, `SiteDomain`, `SiteIDCode` (theme/partials/page-tags.html prints them from
the settings) and `ColumnName` (the listing or section the page belongs to); a document page also
`ArticleTitle`, `PubDate`, `ContentSource` (its organisation's name), `Keywords` (its topic) and
`Description` (its summary). Values come from the public documents, the generated pages and the
settings only, never from a withheld document or from git. A page's `lastmod` is its content
date: a document's newest `published` or `changes` date, a generated page's newest entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PAGE
from disclosure_portal.plan.orientation import HOME, HOME_TITLE, html_title
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.websitereports import TITLE as REPORTS_TITLE
from disclosure_portal.rules.websitereport import content_date

if TYPE_CHECKING:
    from disclosure_portal.project import Site

ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
# generated pages whose newest entry is the site's newest document
SITE_WIDE = ("home", "directory", "catalog-index", "site-map")


def _newest(dates: Iterable[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@dataclass
class Dates:
    """Content dates computed once per build: per document (by src), per organisation, per
    catalog, and the site's newest."""

    by_src: dict[str, dt.date] = field(default_factory=dict)
    by_org: dict[str, dt.date] = field(default_factory=dict)
    by_catalog: dict[str, dt.date] = field(default_factory=dict)
    newest: dt.date | None = None
    newmedia: dt.date | None = None

    @classmethod
    def of(cls, site: Site) -> Dates:
        out = cls()
        item_catalog = {i: item.catalog for i, item in site.registry.items.items()}
        for doc in site.public.documents:
            day = content_date(doc)
            if day is None:
                continue
            out.by_src[doc.src] = day
            if doc.type == PAGE:
                continue  # the site's own pages are no entries of a listing
            for table, key in (
                (out.by_org, doc.org),
                (out.by_catalog, item_catalog.get(doc.catalog)),
            ):
                if key and (key not in table or day > table[key]):
                    table[key] = day
            if out.newest is None or day > out.newest:
                out.newest = day
        today = site.today or dt.date.max
        out.newmedia = _newest(
            e.date for a in site.newmedia.accounts for e in a.events if e.date <= today
        )
        return out

    def of_docs(self, docs: Iterable[Document]) -> dt.date | None:
        return _newest(self.by_src.get(d.src) for d in docs)


def lastmod(src: str, doc: Document | None, spec: PageSpec | None, dates: Dates) -> str:
    """The content date of the page at `src` (YYYY-MM-DD), "" when it has none."""
    day: dt.date | None = None
    if doc is not None:
        day = dates.by_src.get(doc.src)
        if src == HOME:
            day = _newest((day, dates.newest))
    elif spec is not None:
        kind = spec.kind
        if kind in SITE_WIDE:
            day = dates.newest
        elif kind == "platform" and spec.org is not None:
            day = dates.by_org.get(spec.org.id)
        elif kind == "catalog" and spec.catalog is not None:
            day = dates.by_catalog.get(spec.catalog.code)
        elif kind == "changes":
            day = _newest(getattr(row, "date", None) for row in spec.rows)
        elif kind == "newmedia":
            day = dates.newmedia
        elif kind == "website-report" and spec.report is not None:
            day = spec.report.newest
        elif spec.items:
            day = dates.of_docs(spec.items)
    return day.isoformat() if day else ""


def column_name(src: str, doc: Document | None, spec: PageSpec | None) -> str:
    """The page's column (栏目): a document's listing (its type), a page's own title, a
    generated page's listing or section."""
    if src == HOME:
        return HOME_TITLE
    if doc is not None:
        return doc.title if doc.type == PAGE else doc.type
    if spec is not None:
        if spec.kind == "website-report":
            return REPORTS_TITLE  # one column of every year's report
        return spec.title.split(" · ", 1)[0]
    return ""


def description(src: str, doc: Document | None, spec: PageSpec | None, site: Site) -> str:
    """The page's own description: a document's summary (else a `description` its front matter
    gives, else a sentence naming it); a generated page's unique title on this site."""
    name = site_name(site)
    if src == HOME:
        described = site.settings.raw.get("site_description")
        return described if isinstance(described, str) and described else name
    if doc is not None:
        written = doc.meta.get("description")
        if doc.summary or (isinstance(written, str) and written.strip()):
            return doc.summary or written.strip()  # the summary, else the editor's own
        org = site.registry.orgs.get(doc.org)
        who = org.name if org else name
        if doc.type == PAGE:
            return f"{name}：{doc.title}"
        when = f"，{doc.published.isoformat()} 发布" if doc.published else ""
        return f"{who}{doc.type}：{doc.title}{when}"
    if spec is not None:
        return f"{name}：{html_title(spec, site)}"
    return name


def site_name(site: Site) -> str:
    value = site.settings.raw.get("site_name")
    return value if isinstance(value, str) else ""


# what page_tags adds: the page's own head and sitemap entry, never shown in another page's nav
PAGE_OWN = ("description", "portal_tags", "portal_lastmod")


def page_tags(
    src: str, doc: Document | None, spec: PageSpec | None, site: Site, dates: Dates
) -> dict[str, Any]:
    """The front-matter additions of the page at `src`: `description`, `portal_tags` (the
    page's national meta tags after the site-wide ones, as (name, content) pairs without empty
    values) and `portal_lastmod` (the sitemap's date)."""
    text = description(src, doc, spec, site)
    tags = [("ColumnName", column_name(src, doc, spec))]
    if doc is not None and src != HOME:
        org = site.registry.orgs.get(doc.org)
        tags += [
            ("ArticleTitle", doc.title),
            ("PubDate", doc.published.isoformat() if doc.published else ""),
            ("ContentSource", org.name if org else site.settings.footer.get("sponsor", "")),
            ("Keywords", doc.topic),
            ("Description", text),
        ]
    return {
        "description": text,
        "portal_tags": [[name, value] for name, value in tags if value],
        "portal_lastmod": lastmod(src, doc, spec, dates),
    }


def robots(site_url: str | None) -> bytes:
    """robots.txt: every crawler may read everything; the sitemap's address when the site has
    one (sitemap.xml needs site_url)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/{SITEMAP}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
