"""MkDocs event wiring for the disclosure portal: thin adapters, no domain logic.

The domain lives in the `disclosure_portal` package (installed, or in ../src of a source tree;
imported at module top: the hook's folder is on sys.path only while MkDocs executes this module). MkDocs keeps
this module loaded across `mkdocs serve` rebuilds, so all per-build state lives in one object
that `on_config` replaces on every build.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

try:
    import disclosure_portal  # noqa: F401
except ImportError:  # the source tree of the generator, not installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from disclosure_portal import progress
from disclosure_portal.model.vocab import INTERPRETATION, PAGE, POLICY, is_markdown
from disclosure_portal.plan import views
from disclosure_portal.plan.pages import nav_types
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CATALOG_TITLE,
    CHANGES_DIR,
    CHANGES_TITLE,
    DIRECTORY,
    DIRECTORY_TITLE,
    PageSpec,
)
from disclosure_portal.project import Site, load_site, page_key
from disclosure_portal.read.history import read_history
from disclosure_portal.read.links import HTML_RE, SCHEME_RE, candidates
from disclosure_portal.read.settings import settings_from_mapping
from disclosure_portal.verify.leakcheck import collect_fingerprints, scan_site
from disclosure_portal.verify.manifest import MANIFEST, build_manifest
from disclosure_portal.verify.search import (
    SearchIndexError,
    build_index,
    is_searchable,
    shard_pages,
)

log = logging.getLogger("mkdocs.plugins.portal")
CHANGES_LIMIT = 100  # rows on the 更新记录 page


@dataclass
class BuildState:
    site: Site
    specs: dict[str, PageSpec]
    files: Files | None = None
    extra_dirs: list[Path] = field(default_factory=list)
    withheld_targets: set[str] = field(
        default_factory=set
    )  # URLs and files that must not be linked
    link_problems: list[str] = field(default_factory=list)
    rendering: Any = None  # progress bar over the pages (a terminal only)
    search: str = (
        ""  # "pagefind": index the output; "preview": mkdocs serve, no index; "": no search box
    )
    searchable: list[str] = field(default_factory=list)  # output pages marked for the index
    published: dict[str, Any] = field(
        default_factory=dict
    )  # for the next --dirty rebuild, once this one passed


_state: BuildState | None = None
_command: list[str] = []  # "build" or "serve": set once per process by on_startup
_dirty: list[bool] = []  # `mkdocs serve --dirty`
_previous: dict[
    str, Any
] = {}  # what the last successful --dirty rebuild published (_always_render_related)


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    _command[:] = [command]
    _dirty[:] = [dirty]


def _empty_output(site_dir: Path) -> None:
    """Remove the output (fail closed); the next --dirty rebuild then renders every page."""
    shutil.rmtree(site_dir, ignore_errors=True)
    _previous.clear()


def _current() -> BuildState:
    if _state is None:  # pragma: no cover - MkDocs always calls on_config first
        raise Abort("门户钩子未初始化")
    return _state


def _commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def on_config(config, **_: Any):
    """Load and validate the whole tree before MkDocs touches the output folder."""
    global _state
    _state = None
    root = Path(config.config_file_path).resolve().parent
    settings = settings_from_mapping(
        root,
        {
            "docs_dir": config.docs_dir,
            "site_dir": config.site_dir,
            "extra": dict(config.extra),
        },
    )
    inclusion = _inclusion_problems(config, root)
    if inclusion:
        for message in inclusion:
            log.error(message)
        raise Abort("mkdocs.yml 启用了可以把非公开文件读入公开页面的功能，构建已中止。")
    site = load_site(settings)
    for problem in site.warnings:
        log.warning(str(problem))
    if site.errors:
        for problem in site.errors:
            log.error(str(problem))
        if _command == ["serve"]:
            # a preview must not keep showing what may have just been withdrawn: empty it until
            # the content validates again (a published site, by contrast, is kept as it was)
            _empty_output(Path(config.site_dir))
            raise Abort(f"发现 {len(site.errors)} 个内容错误，预览已清空，修正后自动重建。")
        raise Abort(f"发现 {len(site.errors)} 个内容错误，构建已中止；输出目录保持不变。")
    if config.nav:
        withheld = _withheld_in_nav(config.nav, site)
        if withheld:
            for message in withheld:
                log.error(message)
            raise Abort("mkdocs.yml 的 nav 列出了不发布的文件，构建已中止；输出目录保持不变。")
    else:
        config.nav = _nav(site)
    site.history = read_history(root)
    if site.history.note:
        log.info(f"修订记录：{site.history.note}")
    specs = {s.src_uri: s for s in site.pages}
    changes = PageSpec(
        src_uri=f"{CHANGES_DIR}/index.md",
        title=CHANGES_TITLE,
        template="changes.html",
        kind="changes",
    )
    specs[changes.src_uri] = changes
    _state = BuildState(site=site, specs=specs)
    _state.withheld_targets = {page_key(d.src) for d in site.public.withheld}
    _state.withheld_targets |= {d.src for d in site.public.withheld} | set(
        site.public.withheld_files
    )
    _state.withheld_targets -= {page_key(d.src) for d in site.public.documents} | {
        page_key(u) for u in specs
    }
    config.extra["portal_build"] = {"commit": _commit(root)}
    _state.search = _search_mode(config)
    if _state.search == "pagefind":
        try:
            shard_pages()
        except SearchIndexError as exc:
            raise Abort(f"{exc}；构建已中止，输出目录保持不变。") from exc
    config.extra["portal_search"] = _state.search
    return config


def _prune_stale_output(site_dir: Path, files: Files) -> None:
    """`mkdocs serve --dirty` renders only changed pages and keeps the rest of the preview folder, so
    a page withdrawn since the last rebuild, or a listing that no longer has any document, would
    stay there. Remove every file this build will not write (the leak scan after the build would
    find a withdrawn page anyway, but would then have to empty the whole preview)."""
    if not site_dir.is_dir():
        return
    keep = {f.dest_uri for f in files} | {
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        MANIFEST,
        "search/search_index.json",
    }
    for path in site_dir.rglob("*"):
        if path.is_file() and path.relative_to(site_dir).as_posix() not in keep:
            path.unlink()


def _neighbours(site: Site) -> dict[str, frozenset[str]]:
    """For each public document, the documents its page shows (policy and interpretation, either
    way; the replaced document and its replacement)."""
    shown: dict[str, set[str]] = {d.src: set() for d in site.public.documents}
    for d in site.public.documents:
        shown[d.src] |= {x.src for x in site.graph.of_policy(d)} | {
            x.src for x in site.graph.of_interpretation(d)
        }
        if d.replaced_by and (r := site.public.resolve(d.replaced_by)) is not None:
            shown[d.src].add(r.src)
            shown[r.src].add(d.src)
    return {src: frozenset(others) for src, others in shown.items()}


def _always_render_related(files: Files, state: BuildState) -> None:
    """Under --dirty MkDocs re-renders a page only when its source changed, but the home page
    (latest documents) and every policy, interpretation or replaced document show other documents'
    titles. Re-render the home page, and the pages that show a document whose front matter changed
    (or that was added or withdrawn) since the last successful rebuild; on the first build, all of
    them. Listings are generated pages, which MkDocs always renders."""
    site = state.site
    signatures = {d.src: repr(sorted(d.meta.items())) for d in site.public.documents}
    neighbours = _neighbours(site)
    if _previous:
        old_signatures, old_neighbours = _previous["signatures"], _previous["neighbours"]
        changed = {
            src
            for src in signatures.keys() | old_signatures.keys()
            if signatures.get(src) != old_signatures.get(src)
        }
        related = {
            src
            for src in neighbours.keys() | old_neighbours.keys()
            if neighbours.get(src) != old_neighbours.get(src)
        }
        for src in changed:
            related |= neighbours.get(src, frozenset()) | old_neighbours.get(src, frozenset())
    else:
        related = {src for src, others in neighbours.items() if others}
    related.add("index.md")
    for file in files:
        if file.src_uri in related:
            file.is_modified = lambda: True  # type: ignore[method-assign]
    state.published = {"signatures": signatures, "neighbours": neighbours}


def _search_mode(config) -> str:
    """Pagefind replaces material's index whenever material's search box is configured: material
    keeps drawing the box, every page is left out of its single JSON index, and the theme's script
    queries the Pagefind index instead. `mkdocs serve` skips the index to keep rebuilds short."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not getattr(plugin.config, "enabled", True):
        return ""
    return "preview" if _command == ["serve"] else "pagefind"


def _overlaps(path: Path, docs_dir: Path) -> bool:
    return _within(path, docs_dir) or _within(docs_dir, path)


def _inclusion_problems(config, root: Path) -> list[str]:
    """Features that read files from disk into a page must not see content/ (SPEC guarantee 1)."""
    docs_dir = Path(config.docs_dir).resolve()
    problems = []
    if "pymdownx.snippets" in config.markdown_extensions:
        options = config.mdx_configs.get("pymdownx.snippets", {})
        bases = options.get("base_path", ["."])
        for base in [bases] if isinstance(bases, str) else bases:
            if _overlaps((root / str(base)).resolve(), docs_dir):
                problems.append(
                    f"mkdocs.yml:markdown_extensions: pymdownx.snippets 的 base_path“{base}”"
                    f"包含内容目录，可能把非公开文件插入公开页面；请改为不含文件的专用目录"
                )
    macros = config.plugins.get("macros")
    if macros is not None:
        include_dir = str(getattr(macros, "config", {}).get("include_dir") or "")
        if not include_dir or _overlaps((root / include_dir).resolve(), docs_dir):
            problems.append(
                "mkdocs.yml:plugins: macros 的 include_dir 未设置或包含内容目录，"
                "{% include %} 可能把非公开文件插入公开页面；请设为不含文件的专用目录"
            )
    return problems


def _nav_targets(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [t for value in nav.values() for t in _nav_targets(value)]
    if isinstance(nav, list):
        return [t for item in nav for t in _nav_targets(item)]
    return []


def _withheld_in_nav(nav: Any, site: Site) -> list[str]:
    """A nav entry for a withheld file would print its title and address on every page."""
    problems = []
    known = {d.src for d in site.documents} | set(site.files)
    for target in _nav_targets(nav):
        if "://" in target:
            continue
        path = posixpath.normpath(target.lstrip("/")) if target.strip("/") else "index.md"
        matches = [c for c in candidates(path) if c in known]
        if any(not site.public.publishes(c) for c in matches):
            problems.append(f"mkdocs.yml:nav: “{target}”不是公开文件，不能出现在导航中")
    return problems


def _nav(site: Site) -> list[dict[str, Any]]:
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
    return nav


@event_priority(100)
def on_files(files: Files, *, config, **_: Any) -> Files:
    """The first wall: only what the PublicSet publishes stays in MkDocs' files."""
    state = _current()
    docs_dir = Path(config.docs_dir).resolve()
    public = state.site.public
    kept_by_config = _config_assets(config)
    for file in list(files):
        # a file of the docs folder, whatever its real location (a symlink may point anywhere);
        # theme files have their theme folder as src_dir, generated files none
        if file.src_dir is None or Path(file.src_dir).resolve() != docs_dir:
            continue
        if not public.publishes(file.src_uri) and file.src_uri not in kept_by_config:
            files.remove(file)
    for spec in state.specs.values():
        files.append(File.generated(config, spec.src_uri, content=spec.markdown()))
    if files.get_file_from_path("index.md") is None:
        home = PageSpec(
            src_uri="index.md", title=config.site_name, template="home.html", kind="home"
        )
        state.specs["index.md"] = home
        files.append(File.generated(config, "index.md", content=home.markdown()))
    state.files = files
    if _command == ["serve"]:
        _prune_stale_output(Path(config.site_dir), files)
        if _dirty == [True]:
            _always_render_related(files, state)
    state.rendering = progress.bar(len(files.documentation_pages()), "生成页面", unit="页")
    # text the engine, the theme and this code may put on any page is not a fingerprint
    state.extra_dirs = [Path(d) for d in config.theme.dirs] + [Path(__file__).resolve().parent]
    return files


def _within(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory)
    except ValueError:
        return False
    return True


def _config_assets(config) -> set[str]:
    """Files under content/ that mkdocs.yml itself names (stylesheets, scripts, logo)."""
    names = [str(p) for p in list(config.extra_css) + list(config.extra_javascript)]
    names += [str(config.theme.get(k) or "") for k in ("logo", "favicon")]
    return {posixpath.normpath(n) for n in names if n and "://" not in n and not is_markdown(n)}


def on_page_read_source(page, config, **_: Any) -> str | None:
    """Give MkDocs the body only: our strict reader already parsed the front matter."""
    doc = _current().site.public.document(page.file.src_uri)
    if doc is None:
        return None
    return doc.body


def on_page_markdown(markdown: str, page, config, files, **_: Any) -> str:
    state = _current()
    doc = state.site.public.document(page.file.src_uri)
    if doc is not None:
        meta: dict[str, Any] = dict(doc.meta)
        if doc.type != PAGE:
            meta.setdefault("template", "document.html")
        elif page.file.src_uri == "index.md":
            meta.setdefault("template", "home.html")
        else:
            meta["portal_search_body"] = True  # main.html marks it for Pagefind
        if state.search:
            meta["search"] = {"exclude": True}  # out of material's single JSON index
        page.meta = meta
    elif state.search:
        page.meta["search"] = {"exclude": True}
    return markdown


def on_page_content(html: str, page, config, files, **_: Any) -> str:
    """Second look at links, in the HTML MkDocs rendered: nothing may point at a withheld file."""
    state = _current()
    base = "/" + page.file.url
    for m in HTML_RE.finditer(html):
        href = next(g for g in m.groups() if g is not None).strip()
        if not href or href.startswith(("#", "//")) or SCHEME_RE.match(href):
            continue
        path = unquote(urljoin(base, href.split("#")[0].split("?")[0])).lstrip("/")
        raw = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.file.src_uri), unquote(href))
        )
        if {path, path.rstrip("/") + "/", path.rstrip("/"), raw} & state.withheld_targets:
            state.link_problems.append(f"{page.file.src_uri}: 页面中的链接“{href}”指向不发布的文件")
    return html


def on_page_context(context, page, config, nav, **_: Any):
    state = _current()
    files = state.files
    url_of = views.UrlResolver(
        lambda src: (f := files.get_file_from_path(src)) and f.url if files else None
    )
    doc = state.site.public.document(page.file.src_uri)
    if doc is not None:
        context["portal"] = views.document_view(doc, state.site, url_of)
    elif (spec := state.specs.get(page.file.src_uri)) is not None:
        if spec.kind == "changes":
            context["portal"] = views.changes_view(state.site, url_of, CHANGES_LIMIT)
        else:
            context["portal"] = views.listing_view(spec, state.site, url_of)
    if page.file.src_uri == "index.md":
        context.setdefault("portal", {})["latest"] = views.latest(state.site, url_of, 10)
    return context


def on_post_page(output: str, page, config, **_: Any) -> str:
    if _state is not None:
        if _state.rendering is not None:
            _state.rendering.update()
        if _state.search == "pagefind" and is_searchable(output):
            _state.searchable.append(page.file.dest_uri)
    return output


@event_priority(-100)
def on_post_build(config, **_: Any) -> None:
    """The second wall: scan the output for fingerprints of non-public documents."""
    state = _current()
    if state.rendering is not None:
        state.rendering.close()
    site_dir = Path(config.site_dir)
    if state.link_problems:
        for message in state.link_problems:
            log.error(message)
        _empty_output(site_dir)
        raise Abort(
            f"发现 {len(state.link_problems)} 个指向不发布文件的链接，已删除输出目录 {site_dir}。"
        )
    search = None
    if state.search == "pagefind":
        try:
            # `build --dirty` renders only changed pages: find the others by reading the output
            search = build_index(site_dir, None if _dirty == [True] else state.searchable)
        except SearchIndexError as exc:
            _empty_output(site_dir)
            raise Abort(f"{exc}；已删除输出目录 {site_dir}。") from exc
        log.info(
            f"搜索索引：{search.pages} 个页面，分 {search.shards} 片，用时 {search.seconds} 秒"
        )
    files = state.files
    manifest = build_manifest(
        state.site, lambda src: (f := files.get_file_from_path(src)) and f.url if files else None
    )
    (site_dir / MANIFEST).write_text(manifest, encoding="utf-8")
    fingerprints = collect_fingerprints(state.site, state.extra_dirs)
    hits = scan_site(site_dir, fingerprints, reuse=_command == ["serve"])
    if hits:
        for hit in hits[:50]:
            log.error(str(hit))
        _empty_output(site_dir)
        raise Abort(f"泄露检查发现 {len(hits)} 处非公开内容，已删除输出目录 {site_dir}。")
    log.info(
        f"泄露检查通过：{fingerprints.count} 个特征串，{len(fingerprints.hashes)} 个非公开文件摘要"
    )
    if state.published:
        _previous.update(state.published)
    if stats_file := os.environ.get("PORTAL_STATS_FILE"):  # for portal bench
        Path(stats_file).write_text(
            json.dumps(
                {
                    "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                    "search": search.__dict__ if search else None,
                }
            ),
            encoding="utf-8",
        )
