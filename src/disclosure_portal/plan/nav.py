"""The site navigation, as the plain lists and dicts of mkdocs.yml's `nav`.

The nav never lists documents one by one (thousands of entries would make every page render the
whole nav): documents are reached through the generated listings. A nav written in mkdocs.yml is
kept, but must not name a withheld file, whose title and address it would print on every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from disclosure_portal.model.vocab import INTERPRETATION, PAGE, POLICY
from disclosure_portal.plan.pages import nav_types
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CATALOG_TITLE,
    CHANGES_DIR,
    CHANGES_TITLE,
    DIRECTORY,
    DIRECTORY_TITLE,
)
from disclosure_portal.plan.urls import nav_paths
from disclosure_portal.plan.views import as_text

if TYPE_CHECKING:
    from disclosure_portal.project import Site


def nav_targets(nav: Any) -> list[str]:
    """Every target (path or URL) of a nav: a string, or lists and `{title: nav}` dicts of them."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [t for value in nav.values() for t in nav_targets(value)]
    if isinstance(nav, list):
        return [t for item in nav for t in nav_targets(item)]
    return []


def withheld_in_nav(nav: Any, site: Site) -> list[str]:
    """One message per nav entry naming a file under content/ that is not published."""
    problems = []
    known = {d.src for d in site.documents} | set(site.files)
    for target in nav_targets(nav):
        if "://" in target:
            continue
        matches = [c for c in nav_paths(target) if c in known]
        if any(not site.public.publishes(c) for c in matches):
            problems.append(f"mkdocs.yml:nav: “{target}”不是公开文件，不能出现在导航中")
    return problems


def default_nav(site: Site) -> list[dict[str, Any]]:
    """Tabs: 首页, 政府信息公开, 政策文件, 政策解读, 基层政务公开, then the other listings; the nav
    never lists documents one by one."""
    nav: list[dict[str, Any]] = [{"首页": "index.md"}, {DIRECTORY_TITLE: f"{DIRECTORY}/index.md"}]
    listings = nav_types(site.public, site.settings.extra_types)
    main = [(t, src) for t, src in listings if t in (POLICY, INTERPRETATION)]
    nav += [{t: src} for t, src in main]
    nav.append({CATALOG_TITLE: f"{CATALOG_DIR}/index.md"})
    others = [{t: src} for t, src in listings if (t, src) not in main]
    others.append({CHANGES_TITLE: f"{CHANGES_DIR}/index.md"})
    if others:
        nav.append({"更多信息": others})
    pages = [
        d
        for d in site.public.documents
        if d.type == PAGE
        and d.src != "index.md"
        and d.src.split("/", 1)[0] not in site.registry.orgs
    ]
    if pages:
        nav.append({"关于本站": [{d.title: d.src} for d in pages]})
    return _text_titles(nav)


def _text_titles(nav: Any) -> Any:
    """The nav with every title as escaped Markup: MkDocs gives it to the page (page.title), and
    mkdocs-material prints nav and page titles unescaped; an editor's page title is text (SPEC 7)."""
    if isinstance(nav, list):
        return [_text_titles(item) for item in nav]
    if isinstance(nav, dict):
        return {as_text(title): _text_titles(value) for title, value in nav.items()}
    return nav
