"""Orientation: where a page sits on the site, as data the templates print.

Each page below the home gets a breadcrumb trail (首页 > 政府信息公开 > 溪山区民政局 > …) and the
top tab it belongs to (the first page of its trail after the home, which the tabs highlight on
pages outside the nav: documents, platforms, listings). Generated pages get a <title> that says
whose page it is ("溪山区民政局 政府信息公开", "溪山区民政局 全部信息", "…（第 2 页）"), so that no
two pages of a site share one. The 网站地图 (site-map/) lists every generated section and every
organisation. Everything is computed from the page specs and the PublicSet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from disclosure_portal.model.records import Org
from disclosure_portal.model.vocab import ADMINISTRATIVE_KINDS, PAGE
from disclosure_portal.plan.newmedia import NEWMEDIA_PAGE
from disclosure_portal.plan.pages import nav_types
from disclosure_portal.plan.reserved import NEWMEDIA_TITLE, SITE_MAP_DIR
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CATALOG_TITLE,
    CHANGES_DIR,
    CHANGES_TITLE,
    DIRECTORY,
    DIRECTORY_TITLE,
    PageSpec,
)
from disclosure_portal.plan.websitereports import TITLE as WEBSITE_REPORTS_TITLE

if TYPE_CHECKING:
    from disclosure_portal.project import Site

HOME = "index.md"
HOME_TITLE = "首页"
SITE_MAP_PAGE = f"{SITE_MAP_DIR}/index.md"  # plan/pages.py generates it
UrlOf = Callable[[str], "str | None"]


def _page_suffix(spec: PageSpec) -> str:
    return f"（第 {spec.page} 页）" if spec.page > 1 else ""


def _org_of(spec: PageSpec, site: Site) -> Org | None:
    """The organisation whose platform a page under disclosure/<org-id>/ belongs to."""
    if spec.org is not None:
        return spec.org
    parts = spec.src_uri.split("/")
    if len(parts) > 2 and parts[0] == DIRECTORY:
        return site.registry.orgs.get(parts[1])
    return None


def label(spec: PageSpec, site: Site) -> str:
    """A page's name in a breadcrumb trail: the organisation's name for its platform, the
    listing's own title for the rest (the trail says whose it is)."""
    if spec.kind == "platform" and spec.org is not None:
        return spec.org.name
    if spec.kind == "interpretations" and " · " in spec.heading:
        return spec.title if _org_of(spec, site) else spec.heading.split(" · ", 1)[1]
    return spec.title


def html_title(spec: PageSpec, site: Site) -> str:
    """The <title> of a generated page (before " - site name"): unique on the site."""
    org = _org_of(spec, site)
    if spec.kind == "interpretations" and " · " in spec.heading:
        title = f"{org.name} {spec.title}" if org else spec.heading
    elif org is not None and spec.kind in ("platform", "on-request", "org", "column"):
        title = f"{org.name} {spec.title}"
    elif spec.kind == "item" and spec.catalog is not None:
        title = f"{spec.title}（{spec.catalog.name}）"
    else:
        title = spec.title
    return title + _page_suffix(spec)


def _parents(org: Org, site: Site) -> list[Org]:
    """The organisations above `org` (a committee's township …), the highest first."""
    chain, seen = [], {org.id}
    parent = site.registry.orgs.get(org.parent) if org.parent else None
    while parent is not None and parent.id not in seen:
        chain.insert(0, parent)
        seen.add(parent.id)
        parent = site.registry.orgs.get(parent.parent) if parent.parent else None
    return chain


def _platform(org: Org) -> str:
    return f"{DIRECTORY}/{org.id}/index.md"


def _org_trail(org: Org, site: Site) -> list[tuple[str, str]]:
    """首页 > 政府信息公开 > [the organisations above] > the organisation (title, src)."""
    out = [(HOME_TITLE, HOME), (DIRECTORY_TITLE, f"{DIRECTORY}/index.md")]
    out += [(o.name, _platform(o)) for o in (*_parents(org, site), org)]
    return out


def _spec_trail(spec: PageSpec, specs: Mapping[str, PageSpec], site: Site) -> list:
    """The pages above a generated page, by its address: each folder above it that is a page."""
    folder = spec.src_uri.rsplit("/", 1)[0] if "/" in spec.src_uri else ""
    parts = folder.split("/") if folder else []
    out: list[tuple[str, str]] = [(HOME_TITLE, HOME)]
    for depth in range(1, len(parts) + 1):
        if depth == 2 and parts[0] == DIRECTORY and (org := site.registry.orgs.get(parts[1])):
            out += [(o.name, _platform(o)) for o in _parents(org, site)]  # a committee's township
        if depth == len(parts):
            break  # the page itself
        src = "/".join(parts[:depth]) + "/index.md"
        if (above := specs.get(src)) is not None:
            out.append((label(above, site), src))
        elif (doc := site.public.document(src)) is not None:
            out.append((doc.title, src))
    if spec.kind == "newmedia":  # linked from the 政府信息公开 directory
        out.append((DIRECTORY_TITLE, f"{DIRECTORY}/index.md"))
    return out


def trail(
    src: str, specs: Mapping[str, PageSpec], site: Site, url_of: UrlOf
) -> dict[str, Any] | None:
    """The breadcrumb trail of the page at `src` (a content path): the pages above it (title,
    url), its own name, and the src of the top tab it belongs to; None for the home page."""
    if src == HOME:
        return None
    doc = site.public.document(src)
    spec = specs.get(src)
    if doc is not None:
        org = site.registry.orgs.get(doc.org)
        under_org = org is not None and (doc.type != PAGE or src.split("/", 1)[0] == org.id)
        above = _org_trail(org, site) if under_org else [(HOME_TITLE, HOME)]
        current = doc.title
    elif spec is not None:
        above = _spec_trail(spec, specs, site)
        # “年份：2025年” under 政策文件, not “政策文件 · 年份：2025年” again
        current = label(spec, site).removeprefix(f"{above[-1][0]} · ") + _page_suffix(spec)
    else:
        return None
    crumbs = [{"title": t, "url": u} for t, s in above if (u := url_of(s)) is not None]
    tab = above[1][1] if len(above) > 1 else src
    return {"crumbs": crumbs, "current": current, "tab": tab}


def _link(title: str, src: str, url_of: UrlOf) -> dict[str, Any] | None:
    url = url_of(src)
    return None if url is None else {"title": title, "url": url, "children": []}


def site_map_view(specs: Mapping[str, PageSpec], site: Site, url_of: UrlOf) -> dict[str, Any]:
    """The 网站地图: every generated section (with its sub-pages) and every organisation."""

    def link(title: str, src: str, children: list | None = None) -> dict[str, Any] | None:
        out = _link(title, src, url_of)
        if out is not None and children:
            out["children"] = [c for c in children if c is not None]
        return out

    def first_pages(prefix: str, parent: str) -> list[dict[str, Any] | None]:
        """The first page of every generated listing directly below `prefix`/, named without
        its section's name (“年份：2025年”, not “政策文件 · 年份：2025年”)."""
        depth = prefix.count("/") + 2  # prefix/<name>/index.md
        return [
            link(label(s, site).removeprefix(f"{parent} · "), s.src_uri)
            for s in specs.values()
            if s.src_uri.startswith(prefix + "/")
            and s.src_uri.endswith("/index.md")
            and s.src_uri.count("/") == depth
        ]

    sections = [link(HOME_TITLE, HOME)]
    directory = specs.get(f"{DIRECTORY}/index.md")
    sections.append(
        link(DIRECTORY_TITLE, f"{DIRECTORY}/index.md", [link(NEWMEDIA_TITLE, NEWMEDIA_PAGE)])
    )
    for doc_type, src in nav_types(site.public, site.settings.extra_types):
        prefix = src.removesuffix("/index.md")
        sections.append(link(doc_type, src, first_pages(prefix, doc_type)))
    catalogs = [link(s.title, s.src_uri) for s in specs.values() if s.kind == "catalog"]
    sections.append(link(CATALOG_TITLE, f"{CATALOG_DIR}/index.md", catalogs))
    sections.append(link(CHANGES_TITLE, f"{CHANGES_DIR}/index.md"))
    # 政府网站工作年度报表, newest year first: inspectors look for them from the 网站地图
    reports = sorted(
        (s for s in specs.values() if s.kind == "website-report"),
        key=lambda s: s.src_uri,
        reverse=True,
    )
    if entries := [e for e in (link(s.title, s.src_uri) for s in reports) if e is not None]:
        sections.append({"title": WEBSITE_REPORTS_TITLE, "url": None, "children": entries})
    pages = [
        link(d.title, d.src)
        for d in site.public.documents
        if d.type == PAGE and d.src != HOME and d.src.split("/", 1)[0] not in site.registry.orgs
    ]
    if any(pages):
        sections.append({"title": "关于本站", "url": None, "children": [p for p in pages if p]})
    groups = []
    for kind, members in directory.groups if directory else ():
        orgs = []
        for org, children in members:
            for o in (org, *children):
                entry = link(
                    o.name,
                    _platform(o),
                    [
                        link("全部信息", f"{DIRECTORY}/{o.id}/all/index.md"),
                        link("依申请公开", f"{DIRECTORY}/{o.id}/on-request/index.md")
                        if o.kind in ADMINISTRATIVE_KINDS
                        else None,
                    ],
                )
                if entry is not None:
                    entry["child"] = o is not org
                    orgs.append(entry)
        if orgs:
            groups.append({"kind": kind, "orgs": orgs})
    return {
        "kind": "site-map",
        "sections": [s for s in sections if s is not None],
        "groups": groups,
    }
