"""MkDocs event wiring for the disclosure portal: thin adapters; every decision is made by the
domain packages. A content repository's hook file imports this module's events (`portal init`
writes it). MkDocs keeps this module loaded across `mkdocs serve` rebuilds: `on_config` makes a
new `BuildState` for every build, and `_session` holds the little that must outlive a rebuild
(see `plan.build.Session`). The portal's theme (templates, CSS, the search script) is package
data, put first in MkDocs' theme folders (after a site's own custom_dir)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from disclosure_portal import progress
from disclosure_portal.cache import cached_history
from disclosure_portal.cms.app import published_app
from disclosure_portal.engine import features, messages, parallel, reuse, spare
from disclosure_portal.engine.chrome import Chrome
from disclosure_portal.engine.linebreaks import NL2BR, line_break_extensions
from disclosure_portal.engine.select import LEAVE_OUT_ENVIRONMENT
from disclosure_portal.engine.templatecache import TemplateCache
from disclosure_portal.engine.writer import PREVIOUS_ENVIRONMENT, PageWriter, WriteError
from disclosure_portal.plan import build
from disclosure_portal.plan.build import BuildState, Session
from disclosure_portal.plan.engine import engine_problems
from disclosure_portal.plan.moves import attach_history
from disclosure_portal.plan.nav import default_nav, withheld_in_nav
from disclosure_portal.plan.views import text_settings
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import engine_settings
from disclosure_portal.verify import integrity, scanner, search
from disclosure_portal.verify.early import close_guess
from disclosure_portal.verify.manifest import MANIFEST
from disclosure_portal.verify.output import check_output

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from disclosure_portal.verify.scanner import Scanner

log = logging.getLogger("mkdocs.plugins.portal")
THEME = (PACKAGE := Path(__file__).resolve().parent.parent) / "theme"  # package data
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # reproducible-builds.org: read by the engine
# output files that are not in `Files`: MkDocs' own, and the manifest
OUTPUTS = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", MANIFEST}
KEPT = "构建已中止；输出目录保持不变"

messages.install()  # the engine's own log lines in Chinese, from here on
_session = Session()  # survives `mkdocs serve` rebuilds: the command, --dirty, the last rebuild
_state: BuildState | None = None  # this build only
OLDEST_OFF = 1 << 30  # a threshold of the oldest generation that a build never reaches
_thresholds: tuple[int, int, int] | None = None  # the collector's, while a build changed them


def _current() -> BuildState:
    if _state is None:  # pragma: no cover - MkDocs always calls on_config first
        raise Abort("门户钩子未初始化")
    return _state


def _stop(problems: list[Any], message: str, empty: Path | None = None) -> Abort:
    """Log the problems; with `empty`, remove that output folder (fail closed)."""
    for problem in problems:
        log.error(str(problem))
    if empty is not None:
        build.empty_output(empty)
        _session.published = None
    return Abort(message)


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    messages.install()  # again: imported ahead of the engine's log (the preview's, run.py)
    leaving_out = dirty and command == "build" and os.environ.get(LEAVE_OUT_ENVIRONMENT) == "1"
    if leaving_out:  # --dirty from `portal build`, for `_leave_out_reused`: no partial build
        messages.without_dirty_warning()
    _session.command, _session.dirty = command, dirty and not leaving_out
    _session.leaving_out = leaving_out


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Load and validate the whole tree before MkDocs touches the output folder."""
    global _state
    messages.install()
    _state = None
    root = Path(config.config_file_path).resolve().parent
    if str(THEME) not in config.theme.dirs:  # after the site's custom_dir, before material's
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
    # lines written one per line in a body (a 落款, an address block, a list pasted from Word)
    # stay one per line on the page: every line break inside a paragraph becomes <br>
    if NL2BR not in config.markdown_extensions:
        config.markdown_extensions.extend(line_break_extensions())
    engine = (config.config_file_path, config.docs_dir, config.site_dir, dict(config.extra))
    files = {  # the settings that name files, as the engine holds them (plan/engine.py)
        "extra_css": list(config.extra_css),
        "extra_javascript": [str(script) for script in config.extra_javascript],
        "extra_templates": list(config.extra_templates),
        "theme.logo": config.theme.get("logo"),
        "theme.favicon": config.theme.get("favicon"),
    }
    # a preview rebuilds in-process (below); a build uses the cache that `portal build` names
    cache = None if _session.serving else reuse.open_cache(root)
    if cache is not None:  # the comparison form's table, kept: not built again in each process
        cache.install_text_table()
    # a build's leak-scan process starts now and imports while the content is read; the git
    # record (withdrawal notices, redirects) is read in a thread while git runs beside it
    worker = _scan_process()
    # the search index's shard of the edited document starts on a guess while the content is
    # read: the core that reading leaves idle adds its pages (verify/early.py)
    early = None if _session.serving else reuse.start_early(config, root, cache)
    reading = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-history")
    history = reading.submit(cached_history, root, cache)
    reading.shutdown(wait=False)
    collecting = gc.isenabled() and not _session.serving
    if collecting:  # reading the tree makes objects for good, no garbage: no collection
        gc.disable()
    try:
        _configure(config, root, cache, engine, files, history, worker, early)
    except BaseException:
        if worker is not None and (_state is None or _state.scanner is not worker):
            worker.close()
        if early is not None and (_state is None or _state.early is not early):
            early.add_done_callback(close_guess)
        raise
    finally:
        if collecting:
            gc.enable()
    if collecting:
        _settle()
    progress.mark("on_config")
    return config


def stand_by() -> None:
    """Start the leak scan's process while the preview's engine waits for its build
    (engine/run.py --standby): the new process imports then, not beside the build's reading of
    the content. It learns nothing of the build until `on_config` gives it the site."""
    scanner.start_ahead()


def stand_down() -> None:
    """The preview ended before its build: the process `stand_by` started ends."""
    scanner.close_ahead()


def _scan_process() -> Scanner | None:
    """This build's leak-scan process: the one started ahead (`stand_by`, or engine/run.py
    before the engine loaded) while it still runs, else a new one; none under `mkdocs serve`."""
    ahead = scanner.take_ahead()
    if ahead is not None:
        if not _session.serving and scanner.workers() and ahead.running():
            return ahead
        ahead.close()
    return None if _session.serving else reuse.spawn_scanner()


def _settle() -> None:
    """What exists now lives until the build ends (the content read, the settings, the engine's
    modules): out of every later collection (`gc.freeze`). A build's process does this once,
    when the tree is read; MkDocs' preview does not (a rebuild's objects would stay frozen, never
    collected). Until the build ends (`_unsettle`) the oldest generation is not collected either:
    what the engine keeps (pages, their HTML) grows there, and each full collection walks all of
    it again (at 10,000 documents, 0.6 s of a 16 s build from the cache, 2.3 s of a cold one),
    while the cycles that die there are few (a cold build at 10,000 peaked 40 MB higher). The
    young generations are collected as before."""
    global _thresholds
    gc.freeze()
    if _thresholds is None:
        _thresholds = gc.get_threshold()
        gc.set_threshold(_thresholds[0], _thresholds[1], OLDEST_OFF)


def _unsettle() -> None:
    """The collector's thresholds as they were before `_settle` (a process that builds again,
    a test run, collects as usual)."""
    global _thresholds
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        _thresholds = None


def _engine_dates(today: dt.date | None) -> None:
    """The engine's own dates are the build date's, not the clock's: MkDocs dates every page
    (`update_date`) and the header of sitemap.xml.gz by SOURCE_DATE_EPOCH, else by today in UTC,
    so two builds of one commit for one build date differed in that header when midnight (UTC)
    came between them, or when IT had set SOURCE_DATE_EPOCH for one of them. Set here, before
    the engine makes any page; the build date (`--today`, PORTAL_TODAY, else today in China)
    decides, as it does for everything else the site shows."""
    if today is not None:
        midnight = dt.datetime.combine(today, dt.time(), dt.UTC)
        os.environ[SOURCE_DATE_EPOCH] = str(int(midnight.timestamp()))


def _configure(config, root, cache, engine, files, history, worker, early) -> None:
    """on_config once the reading started: validate, then set up this build's state."""
    global _state
    # what the engine loaded (extensions, plugins) is judged with the content: one list of errors
    memo = cache.memo() if cache is not None else None
    site = load_site(engine_settings(*engine, files), engine=features.loaded(config), memo=memo)
    _engine_dates(site.today)
    attach_history(site, history.result())
    for problem in site.warnings:
        log.warning(str(problem))
    if site.errors:  # a preview must not show what may have been withdrawn; a site is kept
        preview = Path(config.site_dir) if _session.serving else None
        outcome = "预览已清空，修正后自动重建" if preview else KEPT
        raise _stop(site.errors, f"发现 {len(site.errors)} 个内容错误，{outcome}。", preview)
    if not config.nav:
        config.nav = default_nav(site)
    elif problems := withheld_in_nav(config.nav, site):
        raise _stop(problems, f"mkdocs.yml 的 nav 列出了不发布的文件，{KEPT}。")
    box = config.plugins.get("material/search") or config.plugins.get("search")
    on = box is not None and getattr(box.config, "enabled", True)
    _state = build.start(site, build.search_mode(on, _session.serving))
    if _state.search == build.PAGEFIND:
        try:
            search.shard_pages()
        except search.SearchIndexError as exc:
            raise Abort(f"{exc}；构建已中止，输出目录保持不变。") from exc
    shown, _state.stamp_values = build.stamp_placeholders(build.stamp(root, site))
    config.extra["portal_build"] = shown  # the values go in as each page is written
    config.extra["portal_search"] = _state.search
    if not _session.serving:  # builds use both cores
        _state.cache = cache
        # text the engine, the theme and this code may put on any page is not a fingerprint
        _state.extra_dirs = [Path(d) for d in config.theme.dirs] + [PACKAGE]
        _state.writer = PageWriter(config.site_dir, os.environ.get(PREVIOUS_ENVIRONMENT))
        # a preview's scan links the pages it writes to the preview it replaces, as the writer
        _state.scanner = reuse.start_scanner(_state, worker, _state.writer.previous)
        _state.early = early
        if _state.scanner is not None:  # it reads reused pages: it writes them (engine/reuse.py)
            _state.writer.attach(_state.scanner.written)


@event_priority(-100)
def on_pre_build(config: MkDocsConfig, **_: Any) -> None:
    """After every plugin's on_config (one may have added an extension): judge what is loaded
    now, before MkDocs touches the output folder."""
    if problems := engine_problems(features.loaded(config)):
        messages = [f"mkdocs.yml:{key}: {message}" for key, message in problems]
        raise _stop(messages, f"mkdocs.yml 启用了可以把非公开文件读入公开页面的功能，{KEPT}。")
    if _session.leaving_out:  # what the engine does next under --clean (it runs with --dirty)
        log.info("清空输出目录")
        clean_directory(config.site_dir)


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig, **_: Any) -> Files:
    """The first wall: only what the PublicSet publishes stays in MkDocs' files (the files
    settings name included: plan/publish.py decides them like attachments)."""
    state = _current()
    docs_dir = Path(config.docs_dir).resolve()
    resolved: dict[str, Path] = {}  # each file's folder, resolved once (not once per file)
    for file in list(files):
        # a file of the docs folder, whatever its real location (a symlink may point anywhere);
        # theme files have their theme folder as src_dir, generated files none
        if file.src_dir is None:
            continue
        if (folder := resolved.get(file.src_dir)) is None:
            folder = resolved[file.src_dir] = Path(file.src_dir).resolve()
        if folder != docs_dir:
            continue
        if not state.site.public.publishes(file.src_uri):
            files.remove(file)
    home = files.get_file_from_path(build.HOME) is None
    for spec in state.generated(config.site_name if home else None):
        markdown = spec.markdown()
        files.append(File.generated(config, spec.src_uri, content=markdown))
        state.generated_sources[spec.src_uri] = (markdown, spec)
    state.url_of = functools.partial(_url_of, files)
    for path, data in state.static_files(config.site_name, config.site_url or None).items():
        files.append(File.generated(config, path, content=data))  # feeds, open data: scanned
    for path, data in published_app(state.site.settings, state.site.registry).items():
        files.append(File.generated(config, path, content=data))  # the editors' app: scanned
    key = integrity.public_key_file(state.site.settings)  # the signing key's public half
    if key is not None:  # a dot folder: included explicitly (MkDocs excludes `.*` by default)
        files.append(
            File.generated(config, key[0], content=key[1], inclusion=InclusionLevel.INCLUDED)
        )
    config.extra["portal_public_key"] = key[0] if key else ""  # the footer links to it
    if _session.serving:
        build.prune_output(Path(config.site_dir), {f.dest_uri for f in files} | OUTPUTS)
        if _session.dirty:  # MkDocs renders only pages whose source changed: add these
            render = state.to_render(_session.published)
            for file in (f for f in files if f.src_uri in render):
                file.is_modified = lambda: True  # type: ignore[method-assign]
    else:  # reuse cached pages (written from now on); render shard by shard while Pagefind
        _claim_spare(state, config)  # indexes
        files = reuse.plan(files, config, state, hand_over=not _session.dirty)
    state.rendering = progress.bar(len(files.documentation_pages()), "生成页面", unit="页")
    state.extra_dirs = [Path(d) for d in config.theme.dirs] + [PACKAGE]
    progress.mark("on_files")
    return files


def _url_of(files: Files, src: str) -> str | None:
    """The address of the file `src` (a content path) in `files`, None when it has none. Looked
    up as given first (every caller passes a file's own src_uri), then as MkDocs normalises a path:
    `get_file_from_path` alone builds a PurePath per call (0.9 s at 10,000 documents)."""
    file = files.src_uris.get(src) or files.get_file_from_path(src)
    return file.url if file is not None else None


def _claim_spare(state: BuildState, config: MkDocsConfig) -> None:
    """The site `portal build` replaced last time goes into the (empty) output folder, for the
    page writer to write over its files instead of creating them (engine/spare.py)."""
    place = os.environ.get(spare.ENVIRONMENT)
    writer = state.writer
    if (
        place
        and state.cache is not None  # the build machine's own folders, not a committed copy
        and writer is not None
        and not _session.dirty
        and spare.claim(Path(place), Path(config.site_dir))
    ):
        state.spare = writer.recycle = True


def _clear_spare(state: BuildState, site_dir: str) -> None:
    """Every file of the spare site the build did not write over is removed (all pages are
    written: nothing else reads or writes the folder before on_post_build); the places whose
    spare file the page writers took are not looked at again."""
    if state.spare:
        state.spare = False
        consumed = list(state.writer.consumed) if state.writer is not None else []
        if state.scanner is not None:
            consumed += state.scanner.consumed()
        spare.clear(Path(site_dir), consumed)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files, **_: Any) -> Page:
    state = _current()
    if page.file.src_uri in state.reused:  # its output is reused: no Markdown to convert
        reuse.skip_render(page)
    elif state.converter is not None:  # converted on the other core, if it got there first
        page.render = state.converter.render(page, page.render)  # type: ignore[method-assign]
    return page


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files, **_: Any) -> Navigation:
    state = _current()
    state.chrome = Chrome(config, nav, files)  # what every page repeats, once per build
    if not _session.serving:  # the files are final: the search index's shards, the counts
        reuse.start_index(files, config, state)
        built = [f.src_uri for f in files.documentation_pages()]
        state.rendered = sum(src not in state.reused for src in built)
        state.reused_built = len(built) - state.rendered
    if state.spare:  # MkDocs copies a file into a folder of that name: none may be in the way
        for file in files:
            if not file.is_documentation_page() and os.path.isdir(file.abs_dest_path):
                shutil.rmtree(file.abs_dest_path)  # the spare's, or a page's another plugin moved
    if state.writer is not None and state.reused and not _session.dirty:
        try:
            _hand_over_reused(state, files, config, state.writer)
        except WriteError as exc:  # a page written since planning failed: fail closed
            raise _stop([], f"{exc}；{KEPT}。", Path(config.site_dir)) from exc
    if _session.leaving_out:
        _leave_out_reused(state, config, nav, files)
    if not _session.serving:
        _start_converter(state, config, files)
    progress.mark("on_nav")
    return nav


# the events whose handlers see a page or what the nav holds, and those of their handlers that
# do nothing with a page whose output is reused: this module's, and material's search, which
# indexes no page of a build the portal indexes itself (each page's front matter has search:
# exclude); another handler of one of these (a site's hook, a plugin) keeps every page in
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context")
_PAGE_EVENTS += ("post_page", "nav")
_LEAVE_PAGES_ALONE = {("material.plugins.search.plugin", "SearchPlugin.on_page_context")}


def _leave_out_reused(
    state: BuildState, config: MkDocsConfig, nav: Navigation, files: Files
) -> None:
    """Under `portal build` the engine runs with --dirty (engine/select.build_command) and reads
    and builds a page only when its file says it changed (`is_modified`): every file says so, as
    in a clean build, but the page of a reused document outside the nav that the page writer
    writes already (handed over), when no handler of the page events but this module's and those
    known to leave such a page alone runs: MkDocs reads and builds it for nothing (each of its
    page events, the template context, 1,000 pages a tenth of a second). Its front matter is
    set as `on_page_markdown` sets it (the sitemap reads it)."""
    alone = all(
        getattr(handler, "__module__", None) == __name__
        or (getattr(handler, "__module__", None), getattr(handler, "__qualname__", None))
        in _LEAVE_PAGES_ALONE
        for event in _PAGE_EVENTS
        for handler in config.plugins.events.get(event, ())
    )
    in_nav = {page.file.src_uri for page in nav.pages}
    for file in files:
        src = file.src_uri
        if (
            alone
            and src in state.handed_over
            and src not in in_nav
            and file.page is not None
            and state.site.public.document(src) is not None
        ):
            file.is_modified = _unchanged  # type: ignore[method-assign]
            meta = state.meta_for_engine(src, {})
            meta["template"] = reuse.REUSED_TEMPLATE
            # as read (`on_page_read_source` gives a reused page no Markdown): its title is
            # its front matter's, as on the pages MkDocs reads
            file.page.markdown, file.page.meta = "", meta
            state.left_out.add(src)
        else:
            file.is_modified = _changed  # type: ignore[method-assign]
    if state.rendering is not None:
        state.rendering.update(len(state.left_out))


def _changed() -> bool:
    return True


def _unchanged() -> bool:
    return False


def _start_converter(state: BuildState, config: MkDocsConfig, files: Files) -> None:
    """The Markdown of the pages to convert, converted from the last one backwards on the other
    core while the engine converts them from the first one (engine/parallel.py). Pages outside
    the nav get their Page now, as the engine's loop would make it (`Page(None, file, config)`
    for a page that has none)."""
    from mkdocs.structure.pages import Page  # noqa: PLC0415 - ProperDocs maps mkdocs.*

    to_convert = [
        file
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if file.src_uri not in state.reused
    ]
    if not parallel.enabled(config, len(to_convert)):
        return
    fresh = []
    for file in to_convert:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        if file.page is not None:
            fresh.append(file.page)
    if len(fresh) == len(to_convert):
        try:
            state.converter = parallel.Converter(fresh, config, files)
        except OSError as exc:  # no process to be had: the engine converts every page
            log.debug(f"Markdown 未并行转换：{exc}")


def _hand_over_reused(
    state: BuildState, files: Files, config: MkDocsConfig, writer: PageWriter
) -> None:
    """Pages from the cache are written by the writer's thread, which planning started on as it
    found them (engine/reuse.py), while the engine goes on: the thread reads each entry, puts
    the stamp in and writes it; the scan reads it in its own process; the index has it from
    planning (or, outside the shards' plan, gets it now). The set of files is final now (every
    plugin's on_files has run): a page another plugin moved is written at its new place, and
    what was written for a page no longer built there is removed before the engine writes
    anything. The engine still builds these pages (their nav, their context for other plugins)
    and `on_post_page` returns them empty; what other plugins do to a reused page's rendering
    never reached its output."""
    values = state.stamp_values
    early = dict(state.written_early)
    state.written_early.clear()
    stale = []
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        entry = state.reused.get(file.src_uri)
        if entry is None or entry.blank:  # a blank page: the engine writes no file for it
            continue
        path = file.abs_dest_path
        if (written := early.pop(file.src_uri, None)) is not None and written != path:
            stale.append((file.src_uri, written))
        if written != path and not writer.take(file.src_uri, path, reuse.stored(entry, values)):
            continue  # finished: the engine writes this one as it goes (on_post_page)
        state.written_stored(file.src_uri, file.dest_uri, entry)
        state.handed_over.add(file.src_uri)
    stale += early.items()  # pages removed or excluded by another plugin
    if stale:
        writer.flush()
        _remove_written(stale, files, state, config.site_dir)


def _remove_written(
    stale: list[tuple[str, str]], files: Files, state: BuildState, config_site: str
) -> None:
    """Remove what the writer wrote early for pages the engine does not build there (nothing
    else has written to the output since planning), with the folders made for it alone: once
    it is on disk (the writer flushed), and unless a page the writer took now goes there."""
    writer = state.writer
    site = os.path.abspath(config_site)
    kept = {
        f.abs_dest_path
        for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if f.src_uri in state.handed_over
    }
    for src, path in stale:
        if path in kept:
            continue
        writer.forget(src, taken=src in state.handed_over)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        folder = os.path.dirname(path)
        while folder != site and folder.startswith(site + os.sep):  # made for it alone
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)


def on_env(env: Environment, config: MkDocsConfig, files: Files, **_: Any) -> Environment:
    """Text is text (SPEC 7): material prints the site name unescaped (header, nav, <title>); set
    only now, after the generated home page took its title from the plain name (plan/views.py)."""
    config.update(text_settings(config))
    state = _current()
    if state.converter is not None:  # every page is converted now
        log.debug(state.converter.summary())
        state.converter.close()
        state.converter = None
    pages = [  # as MkDocs builds them
        file
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if file.src_uri not in state.left_out
    ]
    state.last_page = pages[-1].src_uri if pages else ""
    if (chrome := _current().chrome) is not None:
        env.globals.update(chrome.globals())
    if state.cache is not None:  # the theme's templates, compiled once for every build
        env.bytecode_cache = TemplateCache(state.cache.templates_folder())
        reuse.render_reused_once(env)
    return env


def on_page_read_source(page: Page, config: MkDocsConfig, **_: Any) -> str | None:
    """Give MkDocs the body only (our strict reader already parsed the front matter), with an
    annual report's computed tables; nothing for a page whose output is reused. A generated
    page is front matter only: while its file holds what on_files wrote, the engine gets its
    front matter as data (on_page_markdown) instead of parsing the YAML again (thousands of
    listing pages at 10,000 documents)."""
    state = _current()
    src = page.file.src_uri
    source = state.page_source(src)
    if source is not None:
        return "" if src in state.reused else source  # a document: its front matter is ours
    generated = state.generated_sources.get(src)
    if generated is not None and page.file.content_string is generated[0]:
        state.generated_front[src] = generated[1].front_matter()
        return ""
    return None  # a file another plugin wrote or changed: the engine reads it


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    state = _current()
    front = state.generated_front.pop(page.file.src_uri, None)
    page.meta = state.meta_for_engine(page.file.src_uri, page.meta if front is None else front)
    if page.file.src_uri in state.reused:
        page.meta["template"] = reuse.REUSED_TEMPLATE
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Second look at links, in the HTML MkDocs rendered: nothing may point at a withheld file
    (a reused page's links were checked when it was planned)."""
    state = _current()
    if page.file.src_uri not in state.reused:
        state.check_links(html, page.file.src_uri, page.file.url)
    return html


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation, **_: Any
) -> TemplateContext:
    state = _current()
    if state.writer is not None:
        state.writer.unmute()  # muted after the previous page (on_post_page)
    if page.file.src_uri not in state.reused:
        context.update(state.page_context(page.file.src_uri))  # type: ignore[typeddict-item]
    return context


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """The page as written (after every other plugin): cached, scanned and indexed as it is,
    with the stamp's values; written by the page writer's thread when the build has one."""
    if _state is None:
        return output
    if _state.rendering is not None:
        _state.rendering.update()
    src = page.file.src_uri
    writer = _state.writer
    if src in _state.handed_over and writer is not None:  # being written already
        if src == _state.last_page:
            _finish_pages(writer, config.site_dir)
        else:
            writer.mute()  # MkDocs' line for this empty page: dropped anyway (writer.py)
        return ""
    output = _state.written(src, page.file.dest_uri, output)
    # else MkDocs writes it (or, empty, skips it as it always does)
    taken = (
        writer is not None and output.strip() and writer.take(src, page.file.abs_dest_path, output)
    )
    if src == _state.last_page and writer is not None:
        _finish_pages(writer, config.site_dir)  # on disk before the anchors check, post_build
    return "" if taken else output


def _finish_pages(writer: PageWriter, site_dir: str) -> None:
    """Every page is written (a failure, such as a cache entry found damaged as it was read,
    stops the build: a message, not a traceback), then what is left of the spare removed."""
    try:
        writer.finish()
    except WriteError as exc:
        raise _stop([], f"{exc}；{KEPT}。", Path(site_dir)) from exc
    _clear_spare(_current(), site_dir)


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:
    """404.html and sitemap.xml: the stamp's values, as on every page."""
    if _state is None:
        return output_content
    return build.with_stamp(output_content, _state.stamp_values)[0]


@event_priority(-100)
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """The second wall: check the output, above all for fingerprints of non-public documents."""
    try:
        _post_build(config)
    finally:
        _unsettle()


def _post_build(config: MkDocsConfig) -> None:
    state = _current()
    if state.rendering is not None:
        state.rendering.close()
    if state.writer is not None:
        state.writer.detach()
        try:
            state.writer.finish()
        except WriteError as exc:
            raise _stop([], f"{exc}；{KEPT}。", Path(config.site_dir)) from exc
    _clear_spare(state, config.site_dir)
    progress.mark("pages written")
    site_dir = Path(config.site_dir)
    state.pages_final = _pages_final(config)
    verdict = check_output(state, site_dir, dirty=_session.dirty, reuse=_session.serving)
    progress.mark("checked")
    if state.chrome is not None:
        log.debug(state.chrome.summary())
    for note in verdict.notes:
        log.info(note)
    if verdict.refused:
        raise _stop(verdict.errors, verdict.refused, site_dir)
    _session.published = state.published or _session.published  # a --dirty rebuild passed
    if stats_file := os.environ.get("PORTAL_STATS_FILE"):  # for `portal bench`
        build.write_stats(Path(stats_file), verdict.index)


# on_post_build handlers known to leave the pages as written (MkDocs' and material's search
# write their own index file): with any other, the pages are read again for the manifest
_READS_PAGES_ONLY = {
    ("material.plugins.search.plugin", "SearchPlugin.on_post_build"),
    ("mkdocs.contrib.search", "SearchPlugin.on_post_build"),
}


def _pages_final(config: MkDocsConfig) -> bool:
    """Whether every on_post_build handler but this module's is known not to change a page
    (they run after the pages are written and before this module's: see _READS_PAGES_ONLY)."""
    for handler in config.plugins.events.get("post_build", ()):
        where = (getattr(handler, "__module__", None), getattr(handler, "__qualname__", None))
        if where[0] != __name__ and where not in _READS_PAGES_ONLY:
            return False
    return True


def on_build_error(error: Exception, **_: Any) -> None:  # fail closed: never a partial site
    _unsettle()
    if _state is not None:
        _state.close_workers()
    _stop([], "", build.written_output(_state))


__all__ = sorted(name for name in dict(globals()) if name.startswith("on_"))  # the events
