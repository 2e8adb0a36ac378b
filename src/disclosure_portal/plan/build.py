"""One build, engine-neutral: its state, the pages it generates, the front matter and template
data each page is rendered with, and the figures it leaves for `portal bench`."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.environment import PREVIEW_ENVIRONMENT
from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    ANNUAL_REPORT,
    GUIDE,
    PAGE,
    TYPE_SLUGS,
)
from disclosure_portal.plan import conventions, feeds, opendata, orientation, pages, views
from disclosure_portal.plan.moves import plan_moves
from disclosure_portal.plan.newmedia import newmedia_view
from disclosure_portal.plan.platform import REPORT_TITLE, office_view
from disclosure_portal.plan.related import HOME, Rendered, pages_to_render, rendered
from disclosure_portal.plan.rendered import link_problems, withheld_targets
from disclosure_portal.plan.reportpages import report_markdown
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.stamp import (  # noqa: F401 - the stamp's names, used from here too
    STAMP_TOKENS,
    stamp_placeholders,
    stamped_bytes,
    stamped_text,
    with_stamp,
)
from disclosure_portal.plan.websitereports import website_report_links, website_report_view
from disclosure_portal.project import Site
from disclosure_portal.read.history import _git
from disclosure_portal.read.links import HTML_RE
from disclosure_portal.verify import search
from disclosure_portal.verify.early import close_guess
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
    # `portal build` ran the engine with --dirty for the hook to leave reused pages out of its
    # loops (engine/select.build_command); every other page is rendered as in a clean build
    leaving_out: bool = False
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
    # the build stamp's placeholders -> their values (`with_stamp`)
    stamp_values: dict[str, str] = field(default_factory=dict)
    cache: Any = None  # cache.BuildCache, when this build uses the build cache
    keys: dict[str, str] = field(default_factory=dict)  # src -> page key, for pages rendered
    rendered: int = 0  # pages the engine renders (not reused), once the files are final
    reused_built: int = 0  # pages the engine builds from the cache, likewise
    reused: dict[str, Any] = field(default_factory=dict)  # src -> cache.PageEntry written as is
    page_links: dict[str, str] = field(default_factory=dict)  # src -> its link attributes
    scanner: Any = None  # verify.scanner.Scanner: the leak scan beside the engine
    index: Any = None  # verify.search.ShardedIndex: Pagefind while the engine renders
    # Future[verify.early.EarlyShard | None]: the edited document's shard, started on a guess
    early: Any = None
    converter: Any = None  # engine.parallel.Converter: Markdown converted on the other core
    # the shards' pages for the next build's guess: output path -> (source, cache entry key)
    index_sources: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    indexed: set[str] = field(default_factory=set)  # reused pages handed to it when planned
    chrome: Any = None  # engine.chrome.Chrome: what every page repeats, rendered once
    writer: Any = None  # engine.writer.PageWriter: writes finished pages in a thread
    last_page: str = ""  # src of the page the engine builds last (the writer finishes there)
    handed_over: set[str] = field(default_factory=set)  # reused pages the writer writes
    left_out: set[str] = field(default_factory=set)  # of these, those MkDocs' loops skip
    # reused pages handed to the writer while the build was planned: src -> where (on_nav checks)
    written_early: dict[str, str] = field(default_factory=dict)
    # reused pages the leak scan was given while the build was planned: src -> (where, SHA-256);
    # given again at the hand-over only when another plugin moved the page since
    scanned_early: dict[str, tuple[str, str]] = field(default_factory=dict)
    spare: bool = False  # the output folder holds the spare site until it is cleared
    # no other plugin's on_post_build (which runs once the pages are written) may change a page:
    # the pages' digests for the manifest are those of the bytes the scan was given or wrote
    pages_final: bool = False
    # a document's front matter as its page key took it: src -> the dict, given to the engine
    # once (`meta_for_engine`) instead of being computed a second time
    planned_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    # generated pages: the Markdown on_files gave the engine and its spec, by src path; the
    # front matter handed to the engine in place of that Markdown's (engine/mkdocs_hook.py)
    generated_sources: dict[str, tuple[str, PageSpec]] = field(default_factory=dict)
    generated_front: dict[str, dict[str, Any]] = field(default_factory=dict)

    def written(self, src: str, dest: str, output: str) -> str:
        """The output of the page at `src` (rendered with the stamp's placeholders, or the
        cached one when it is reused) is to be written at `dest`: keep it in the cache, hand
        it to the leak scan and the search index, and return it with the stamp's values."""
        entry = self.reused.get(src)
        if entry is not None:
            output, searchable = entry.output(), entry.searchable
        else:
            searchable = self.search == PAGEFIND and search.is_searchable(output)
            key = self.keys.get(src)
            if self.cache is not None and key is not None:
                links = self.page_links.get(src, "")
                self.cache.put_page(key, output, links, searchable)
        if searchable:
            self.searchable.append(dest)
        if self.scanner is not None:
            self.scanner.page(dest, output)
        if self.index is not None and dest not in self.indexed:
            self.index.page(dest, output, searchable)
        return with_stamp(output, self.stamp_values)[0]

    def written_stored(self, src: str, dest: str, entry: Any) -> None:
        """The reused page of `src` at `dest` (`entry`, a `cache.PageEntry`) is to be written by
        the page writer, which reads its bytes: the leak scan reads them itself too (unless it
        was given this entry for this place while the build was planned), and the search index
        has them already (reused pages are indexed when the build is planned)."""
        if entry.searchable:
            self.searchable.append(dest)
        if self.scanner is not None and self.scanned_early.get(src) != (dest, entry.sha):
            self.scanner.stored(dest, entry.path, entry.sha)
        if self.index is not None and dest not in self.indexed:
            self.index.page(dest, entry.output() if entry.searchable else "", entry.searchable)

    def close_workers(self) -> None:
        """Stop the scan worker, the search indexer and the page writer (a failed build)."""
        for worker in (self.scanner, self.index):
            if worker is not None:
                with contextlib.suppress(Exception):
                    worker.close()
        if self.early is not None:  # not handed to the index (a build that stopped before)
            self.early.add_done_callback(close_guess)
            self.early = None
        if self.writer is not None:  # after a successful build it has finished already
            with contextlib.suppress(Exception):
                self.writer.abort()
            self.writer.detach()
        if self.converter is not None:
            with contextlib.suppress(Exception):
                self.converter.close()
        self.scanner = self.index = self.writer = self.converter = None

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
        out |= pages.policy_library(docs, site.registry, self.url_of)  # policies/?year=…
        out[conventions.ROBOTS] = conventions.robots(site_url)
        return out | opendata.data_files(docs, orgs, catalogs, self.url_of, site_url, site_name)

    def check_links(self, html: str, page_src: str, page_url: str) -> None:
        """Record the links of a rendered page that point at a withheld file (and keep them
        for the build cache: a reused page's links are checked again, against this build's
        withheld files)."""
        self.link_problems += link_problems(html, page_src, page_url, self.withheld)
        if self.cache is not None:
            self.page_links[page_src] = " ".join(m.group(0) for m in HTML_RE.finditer(html))

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
                # the full content width: documents are outside the nav, their tables need it
                out.setdefault("hide", ["navigation", "toc"])
            elif src == HOME:
                out.setdefault("template", "home.html")
                # the nav holds only the tabs' pages; the entries and the list take the full width
                out.setdefault("hide", ["navigation", "toc"])
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

    def meta_for_engine(self, src: str, meta: Mapping[str, Any]) -> dict[str, Any]:
        """`page_meta` for the engine's page at `src`: a document's as its key took it (handed
        over once: the engine and other plugins may change it), else computed now."""
        planned = self.planned_meta.pop(src, None)
        return planned if planned is not None else self.page_meta(src, meta)

    def key_inputs(self, src: str) -> dict[str, Any]:
        """What the page at `src` is rendered from besides the site-wide settings, for its key
        in the build cache: the Markdown the engine gets, the front matter, the template data
        (`portal` and the trail hold everything it shows of other documents) and its links
        (resolved by the engine's side, which knows the files)."""
        doc = self.site.public.document(src)
        meta = self.page_meta(src, {})
        if doc is not None:  # a document's does not depend on the engine's front matter
            self.planned_meta[src] = meta
        return {
            "src": src,
            "source": self.page_source(src),
            "meta": meta,
            "context": self.page_context(src),
            "links": doc.links if doc is not None else (),
        }

    def nav_inputs(self, src: str) -> dict[str, Any]:
        """What the nav shows of the page at `src` (its address, its front matter: the title,
        and the Markdown where the title comes from a heading)."""
        meta = self.page_meta(src, {})
        for key in conventions.PAGE_OWN:  # in the page's head and the sitemap, not in the nav
            meta.pop(key, None)
        source = None if "title" in meta else self.page_source(src)
        return {"src": src, "url": self.url_of(src), "meta": meta, "source": source}

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
            view.update(views.home_view(site, url_of, LATEST))
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
    Pagefind index instead. A local preview (`mkdocs serve`, or a build for `portal serve`:
    PORTAL_PREVIEW=1) skips the index to keep rebuilds short."""
    if not search_box:
        return NO_SEARCH
    if serving or os.environ.get(PREVIEW_ENVIRONMENT) == "1":
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
    files are known: the engine has cleaned the folder and renders into it, or the page writer
    has written reused pages while the build was planned), to be emptied; None when the build
    failed earlier, in validation, which leaves the previous output as it was."""
    if state is None or (state.rendering is None and not state.written_early and not state.spare):
        return None
    return state.site.settings.site_dir


def write_stats(path: Path, search: object) -> None:
    """Figures of this build for `portal bench` (PORTAL_STATS_FILE): the peak memory of this
    process in KB (None where the platform does not say) and the search index's figures."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else None
    stats = {"peak_rss_kb": peak, "search": search.__dict__ if search else None}
    path.write_text(json.dumps(stats), encoding="utf-8")
