"""One build, engine-neutral: its state, the pages it generates, the front matter and template
data each page is rendered with, and the figures it leaves for `portal bench`."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    ANNUAL_REPORT,
    GUIDE,
    PAGE,
    TYPE_SLUGS,
)
from disclosure_portal.plan import conventions, feeds, opendata, orientation, views
from disclosure_portal.plan.moves import plan_moves
from disclosure_portal.plan.newmedia import newmedia_view
from disclosure_portal.plan.platform import REPORT_TITLE, office_view
from disclosure_portal.plan.related import HOME, Rendered, pages_to_render, rendered
from disclosure_portal.plan.rendered import link_problems, withheld_targets
from disclosure_portal.plan.reportpages import report_markdown
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.websitereports import website_report_links, website_report_view
from disclosure_portal.project import Site
from disclosure_portal.read.history import _git
from disclosure_portal.verify import search
from disclosure_portal.version import NAME, generator_version

try:  # Unix only: the peak memory figure is left out elsewhere
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

LATEST = 10  # documents on the home page

# search modes: index the output with Pagefind; `mkdocs serve` (box shown, no index); no search
PAGEFIND, PREVIEW, NO_SEARCH = "pagefind", "preview", ""


@dataclass
class Session:
    """What must survive between the rebuilds of one `mkdocs serve` process, and nothing else:
    the engine keeps the hook module loaded, and only its start-up event says which command runs
    and whether rebuilds are partial (--dirty); a partial rebuild must know what the last
    successful one rendered from, to render again the pages that show a changed document."""

    command: str = ""  # "build", "gh-deploy" or "serve"
    dirty: bool = False  # `--dirty`: the engine renders only pages whose source changed
    published: Rendered | None = None  # the last successful --dirty rebuild

    @property
    def serving(self) -> bool:
        """Whether this is `mkdocs serve` (a local preview)."""
        return self.command == "serve"


@dataclass
class BuildState:
    """Everything one build computes and its later steps read; made anew for every build."""

    site: Site
    specs: dict[str, PageSpec]  # generated pages by src path
    search: str = NO_SEARCH
    withheld: frozenset[str] = frozenset()  # addresses and files no page may link to
    url_of: Callable[[str], str | None] = lambda src: None  # set once the files are known
    link_problems: list[str] = field(default_factory=list)
    searchable: list[str] = field(default_factory=list)  # output pages marked for the index
    published: Rendered | None = None  # for the next --dirty rebuild, once this one passed
    extra_dirs: list[Path] = field(default_factory=list)  # text any page may carry: no secret
    rendering: Any = None  # progress bar over the pages (a terminal only)
    feed_titles: dict[str, str] = field(default_factory=dict)  # feeds written: path -> title
    dates: conventions.Dates | None = None  # content dates (sitemap), computed once

    def generated(self, home: str | None) -> list[PageSpec]:
        """The pages to generate: listings, the 更新记录 page and, when `home` (the site's name)
        is given because content/ has no index.md, the home page."""
        if home is not None:
            self.specs[HOME] = PageSpec(src_uri=HOME, title=home, template="home.html", kind="home")
        return list(self.specs.values())

    def static_files(self, site_name: str, site_url: str | None) -> dict[str, bytes]:
        """The files of this build that are not pages (output path -> bytes): the Atom feeds
        and the open-data package, from the PublicSet; called once `url_of` is set."""
        site = self.site
        docs, orgs = site.public.documents, site.registry.orgs
        types, extra = site.settings.types, site.settings.extra_types
        planned = feeds.plan_feeds(docs, orgs, types, extra, site_name)
        self.feed_titles = {f.path: f.title for f in planned}
        out = feeds.feed_files(planned, orgs, self.url_of, site_url, site.today)
        catalogs = site.registry.catalogs.values()
        out[conventions.ROBOTS] = conventions.robots(site_url)
        return out | opendata.data_files(docs, orgs, catalogs, self.url_of, site_url, site_name)

    def check_links(self, html: str, page_src: str, page_url: str) -> None:
        """Record the links of a rendered page that point at a withheld file."""
        self.link_problems += link_problems(html, page_src, page_url, self.withheld)

    def to_render(self, before: Rendered | None) -> set[str]:
        """Pages a --dirty rebuild must render (see `related.pages_to_render`); remembers what
        this build renders from, for the next one."""
        self.published = rendered(self.site)
        return pages_to_render(self.published, before)

    def page_source(self, src: str) -> str | None:
        """The Markdown MkDocs renders for the page at `src`: a public document's body (its front
        matter already read), with the computed tables of an annual report; None for anything
        else."""
        doc = self.site.public.document(src)
        if doc is None:
            return None
        report = self.site.reports.for_doc(doc)
        return doc.body if report is None else report_markdown(doc.body, report)

    def page_meta(self, src: str, meta: Mapping[str, Any]) -> dict[str, Any]:
        """The front matter the page at `src` is rendered with: a public document's own (the
        body is rendered without it), with the template of its kind, out of the engine's single
        JSON search index whenever the portal indexes the site itself."""
        doc = self.site.public.document(src)
        if doc is None:
            out = dict(meta)
        else:
            out = dict(doc.meta)
            if doc.type != PAGE:
                out.setdefault("template", "document.html")
            elif src == HOME:
                out.setdefault("template", "home.html")
                out.setdefault("hide", ["navigation"])  # the nav holds only the tabs' pages
            else:
                out["portal_search_body"] = True  # main.html marks it for Pagefind
        if self.search:
            out["search"] = {"exclude": True}
        if (spec := self.specs.get(src)) is not None and spec.kind != "home":
            out["portal_title"] = orientation.html_title(spec, self.site)  # unique on the site
        if self.dates is None:
            self.dates = conventions.Dates.of(self.site)
        # national page tags, the page's own description, its sitemap date
        out.update(conventions.page_tags(src, doc, spec, self.site, self.dates))
        return views.text_meta(out)  # material prints page.meta.title etc. unescaped (SPEC 7)

    def trail(self, src: str) -> dict[str, Any] | None:
        """The breadcrumb trail and top tab of the page at `src` (None for the home page)."""
        return orientation.trail(src, self.specs, self.site, self.url_of)

    def page_context(self, src: str) -> dict[str, Any]:
        """What the templates get for the page at `src`: `portal` (its view, where it has one)
        and `portal_trail` (the breadcrumb trail)."""
        context: dict[str, Any] = {"portal_trail": self.trail(src)}
        if (view := self.page_view(src)) is not None:
            context["portal"] = view
        return context

    def page_view(self, src: str) -> dict[str, Any] | None:
        """The template data (`portal`) of the page at `src`; None for a page that has none."""
        site, url_of = self.site, self.url_of
        view = None
        if (doc := site.public.document(src)) is not None:
            view = views.document_view(doc, site, url_of)
        elif (spec := self.specs.get(src)) is not None:
            if spec.kind == "changes":
                view = views.changes_view(spec, url_of)
            elif spec.kind == "newmedia":
                view = newmedia_view(spec, site.registry.orgs)
            elif spec.kind in ("withdrawn", "redirect"):
                view = views.move_view(spec, site, url_of)
            elif spec.kind == "site-map":
                view = orientation.site_map_view(self.specs, site, url_of)
            elif spec.kind == "website-report":
                view = website_report_view(spec.report, site.settings)
            else:
                view = views.listing_view(spec, site, url_of)
                self._with_office_and_reports(spec, view)
        if doc is not None and doc.type == GUIDE and view is not None:
            org = site.registry.orgs.get(doc.org)
            if org is not None and org.kind in ADMINISTRATIVE_KINDS:
                view.update(office_view(org, url_of))  # one source: orgs.yml `office`
        if view is not None and doc is None:  # a generated page's own feeds, for its head
            view["feeds"] = feeds.page_feeds(
                self.specs.get(src), site.settings.extra_types, self.feed_titles
            )
        if src == HOME:
            view = view if view is not None else {}
            view["latest"] = views.latest(site, url_of, LATEST)
        return view

    def _with_office_and_reports(self, spec: PageSpec, view: dict[str, Any]) -> None:
        """The 依申请公开 page's office block (orgs.yml `office`, the 申请表, online only where
        named); the 政府网站工作年度报表 listed with the 年报: on the 年度报告 listing's first page
        and in the 区政府's 政府信息公开年报 column."""
        site, url_of = self.site, self.url_of
        if spec.kind == "on-request" and spec.org is not None:
            view.update(office_view(spec.org, url_of))
        reports = site.website.by_year
        if not reports:
            return
        if spec.src_uri == f"{TYPE_SLUGS[ANNUAL_REPORT]}/index.md":
            view["website_reports"] = website_report_links(site.website, url_of)
        elif spec.kind == "platform" and spec.org is not None and spec.org.kind == "区政府":
            for section in view.get("sections", ()):
                if section.get("title") == REPORT_TITLE:
                    section["website_reports"] = website_report_links(site.website, url_of)


def start(site: Site, search: str) -> BuildState:
    """The state of a build of a validated site: its generated pages (listings and the 更新记录
    page) and the addresses no page may link to."""
    specs = {s.src_uri: s for s in site.pages}  # the 更新记录 pages among them
    moves = plan_moves(site)  # withdrawal notices and redirects at URLs documents held before
    specs |= {s.src_uri: s for s in moves.notices + moves.redirects}
    return BuildState(
        site=site, specs=specs, search=search, withheld=withheld_targets(site.public, specs)
    )


def search_mode(search_box: bool, serving: bool) -> str:
    """Pagefind replaces the theme's index whenever its search box is configured: the box stays,
    every page is left out of the single JSON index, and the portal's script queries the
    Pagefind index instead. A local preview skips the index to keep rebuilds short."""
    if not search_box:
        return NO_SEARCH
    if serving:
        return PREVIEW
    if not search.available():  # no Pagefind for this platform: a site without search, said so
        logging.getLogger("mkdocs.plugins.portal").warning(
            "本机没有 Pagefind（pagefind[extended] 没有适用于本平台的安装包，也没有用 PORTAL_PAGEFIND "
            "指定程序）：网站照常生成，但没有站内搜索。"
        )
        return NO_SEARCH
    return PAGEFIND


def head_commit(root: Path) -> str:
    """The abbreviated commit the site is built from; empty outside a git work tree."""
    out = _git(root, "rev-parse", "--short=12", "HEAD")
    return out.strip() if out else ""


def stamp(root: Path, site: Site) -> dict[str, str]:
    """The build stamp (SPEC: build date, generator version, the commit built): the footer's one
    line that search ignores, and manifest.json."""
    return {
        "date": site.today.isoformat() if site.today else "",
        "generator": NAME,
        "version": generator_version(),
        "commit": head_commit(root),
    }


def prune_output(site_dir: Path, keep: Iterable[str]) -> None:
    """Remove every file of `site_dir` whose path (relative, POSIX) is not in `keep`.

    A partial rebuild renders only changed pages and keeps the rest of the preview folder, so a
    page withdrawn since the last rebuild, or a listing that no longer has any document, would
    stay there (the leak scan after the build would find a withdrawn page anyway, but would then
    have to empty the whole preview)."""
    if not site_dir.is_dir():
        return
    kept = set(keep)
    for path in site_dir.rglob("*"):
        if path.is_file() and path.relative_to(site_dir).as_posix() not in kept:
            path.unlink()


def empty_output(site_dir: Path) -> None:
    """Remove the output folder (fail closed)."""
    shutil.rmtree(site_dir, ignore_errors=True)


def written_output(state: BuildState | None) -> Path | None:
    """The output folder of a build that failed once the engine may have written into it (its
    files are known: the engine has cleaned the folder and renders into it), to be emptied; None
    when the build failed earlier, in validation, which leaves the previous output as it was."""
    if state is None or state.rendering is None:
        return None
    return state.site.settings.site_dir


def write_stats(path: Path, search: object) -> None:
    """Figures of this build for `portal bench` (PORTAL_STATS_FILE): the peak memory of this
    process in KB (None where the platform does not say) and the search index's figures."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else None
    stats = {"peak_rss_kb": peak, "search": search.__dict__ if search else None}
    path.write_text(json.dumps(stats), encoding="utf-8")
