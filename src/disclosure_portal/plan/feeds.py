"""Atom feeds (RFC 4287) of the public documents: the site's, one per organisation, one per type.

Computed from the PublicSet alone, like every other generated output, and written as files of
the build (the engine hook adds them to its files), so the leak check scans them with the rest.
Each feed holds the newest `LIMIT` public documents (by `published`, ties by path); the entry id
is a tag: URI made from the document's id, every date comes from content (`published`, `changes`),
so the same content gives the same bytes, whatever the day of the build. Only a document's own
`summary` is shown, never its body. Pages (type 页面) are not disclosure items and are in no feed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from disclosure_portal.model.records import Document, Org
from disclosure_portal.model.vocab import PAGE, TYPE_SLUGS
from disclosure_portal.plan.reserved import FEEDS_DIR
from disclosure_portal.plan.specs import DIRECTORY, PageSpec, in_type_listing, type_slug
from disclosure_portal.version import NAME, generator_version

SITE_FEED = f"{FEEDS_DIR}/all.xml"  # theme/partials/feeds-head.html names it too
LIMIT = 50  # entries a feed
ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/atom+xml"
FALLBACK_HOST = "disclosure-portal.invalid"  # tag: URIs of a site without site_url
TAG_DATE = "2024"  # the date part of every tag: URI (RFC 4151); never changes
EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed that has no entry and no build date
TAG_SAFE = "/-._~!$&'()*+,;=:@"  # what a tag: URI keeps unescaped (RFC 3986 pchar, and /)
UTC8 = "+08:00"  # content dates are days in China
# characters XML 1.0 cannot carry (a control character in a title would break the whole feed)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SITE_TITLE = "{site} 最新公开信息"
ORG_TITLE = "{org} 政府信息公开"
TYPE_TITLE = "{site} {type}"

UrlOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, its title, the page it belongs to, its documents."""

    path: str  # under the output folder, e.g. feeds/org/mzj.xml
    key: str  # what its tag: URI names: all, org/<id>, type/<slug>
    title: str
    page: str  # src_uri of the page the feed follows ("" for the home page)
    docs: tuple[Document, ...]


def org_feed_path(org_id: str) -> str:
    """The path of an organisation's feed."""
    return f"{FEEDS_DIR}/org/{org_id}.xml"


def type_feed_path(doc_type: str, extra_types: tuple[str, ...]) -> str:
    """The path of a document type's feed (the slug of its listing)."""
    return f"{FEEDS_DIR}/type/{type_slug(doc_type, extra_types)}.xml"


def feed_date(doc: Document) -> dt.date | None:
    """A document's `updated` date: the latest of `published` and its `changes` dates."""
    dates = [d for d in (doc.published, *(c.date for c in doc.changes)) if d is not None]
    return max(dates) if dates else None


def newest(docs: Iterable[Document], limit: int = LIMIT) -> tuple[Document, ...]:
    """The newest `limit` documents: `published` descending, ties by path."""
    ordered = sorted(docs, key=lambda d: d.src)
    ordered.sort(key=lambda d: d.published or dt.date.min, reverse=True)
    return tuple(ordered[:limit])


def plan_feeds(
    documents: Iterable[Document],
    orgs: dict[str, Org],
    types: tuple[str, ...],
    extra_types: tuple[str, ...],
    site_name: str,
) -> list[Feed]:
    """Every feed of the site: the site's, one per organisation (every organisation has a
    platform page, so every one has a feed, empty or not) and one per document type."""
    docs = [d for d in documents if d.type != PAGE and d.published is not None]
    feeds = [Feed(SITE_FEED, "all", SITE_TITLE.format(site=site_name), "", newest(docs))]
    for org in orgs.values():
        members = newest(d for d in docs if d.org == org.id)
        title = ORG_TITLE.format(org=org.name)
        page = f"{DIRECTORY}/{org.id}/index.md"
        feeds.append(Feed(org_feed_path(org.id), f"org/{org.id}", title, page, members))
    for doc_type in types:
        if doc_type == PAGE:
            continue
        members = newest(d for d in docs if d.type == doc_type and in_type_listing(d, orgs))
        slug = type_slug(doc_type, extra_types)
        title = TYPE_TITLE.format(site=site_name, type=doc_type)
        path = type_feed_path(doc_type, extra_types)
        feeds.append(Feed(path, f"type/{slug}", title, f"{slug}/index.md", members))
    return feeds


def page_feeds(
    spec: PageSpec | None, extra_types: tuple[str, ...], titles: dict[str, str]
) -> list[dict[str, str]]:
    """The feeds a generated page names in its head besides the site's (`titles`: path -> title
    of the feeds written): an organisation's pages (under disclosure/<org-id>/) its feed, a
    type's listings (under the type's slug) the type's."""
    if spec is None:
        return []
    paths = []
    head, _, rest = spec.src_uri.partition("/")
    if spec.org is not None and head == DIRECTORY and rest.startswith(f"{spec.org.id}/"):
        paths.append(org_feed_path(spec.org.id))
    slugs = {type_slug(t, extra_types): t for t in (*TYPE_SLUGS, *extra_types)}
    if head in slugs:
        paths.append(type_feed_path(slugs[head], extra_types))
    return [{"title": titles[p], "url": p} for p in paths if p in titles]


def host_of(site_url: str | None) -> str:
    """The host the tag: URIs name: site_url's, else a fixed name (never the build machine's)."""
    host = urlsplit(site_url or "").hostname
    return host or FALLBACK_HOST


def tag_uri(host: str, specific: str) -> str:
    """A tag: URI (RFC 4151) for `specific` (a document id, or a feed's key)."""
    return f"tag:{host},{TAG_DATE}:{quote(specific, safe=TAG_SAFE)}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{UTC8}"


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def render_feed(
    feed: Feed,
    orgs: dict[str, Org],
    url_of: UrlOf,
    site_url: str | None,
    today: dt.date | None,
) -> bytes:
    """The Atom document of `feed`: links absolute under `site_url`, else relative to the feed's
    own address. ElementTree escapes every text and attribute."""
    host = host_of(site_url)

    def link(url: str) -> str:
        if site_url:
            return urljoin(site_url.rstrip("/") + "/", url)
        return posixpath.relpath(url or ".", posixpath.dirname(feed.path)) + (
            "/" if url.endswith("/") or not url else ""
        )

    root = ET.Element("feed", {"xmlns": ATOM, f"{{{XML_NS}}}lang": "zh-CN"})
    _sub(root, "id", tag_uri(host, f"feed/{feed.key}"))
    _sub(root, "title", feed.title)
    dates = [feed_date(d) for d in feed.docs]
    updated = max((d for d in dates if d), default=None) or today or EPOCH
    _sub(root, "updated", _stamp(updated))
    page_url = url_of(feed.page) if feed.page else ""
    _sub(root, "link", rel="alternate", type="text/html", href=link(page_url or ""))
    if site_url:
        _sub(root, "link", rel="self", type=MEDIA_TYPE, href=link(feed.path))
    _sub(root, "generator", NAME, version=generator_version())
    for doc, day in zip(feed.docs, dates, strict=True):
        entry = _sub(root, "entry")
        _sub(entry, "id", tag_uri(host, doc.id))
        _sub(entry, "title", doc.title)
        _sub(entry, "updated", _stamp(day or updated))
        if doc.published:
            _sub(entry, "published", _stamp(doc.published))
        url = url_of(doc.src)
        if url is not None:
            _sub(entry, "link", rel="alternate", type="text/html", href=link(url))
        org = orgs.get(doc.org)
        author = _sub(entry, "author")
        _sub(author, "name", org.name if org else doc.issuer or doc.org)
        _sub(entry, "category", term=doc.type)
        if doc.summary:
            _sub(entry, "summary", doc.summary, type="text")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def feed_files(
    feeds: Iterable[Feed],
    orgs: dict[str, Org],
    url_of: UrlOf,
    site_url: str | None,
    today: dt.date | None,
) -> dict[str, bytes]:
    """Output path -> bytes of each of `feeds`."""
    return {f.path: render_feed(f, orgs, url_of, site_url, today) for f in feeds}
