"""The build cache on MkDocs' side (see disclosure_portal/cache.py): the key of every page, the
order pages are rendered in, and the pages the engine need not render.

A page's key is a digest of everything its output depends on, so that a page is reused exactly
when rendering it again would give the same bytes: the site's key (the generator's code and the
versions of the engine, the theme and the extensions; every setting of mkdocs.yml but the output
folder; the theme's files; the nav with its pages' titles and sources; the search mode) and the
page's own inputs (its source, the front matter it is rendered with, its template data: the
`portal` view and the breadcrumb trail, which hold everything it lists or shows of other
documents, and the addresses its links resolve to). Anything without one canonical form makes
the page (or, in the settings, every page) uncacheable: rendered every time, never reused.

A reused page is still read by the engine (so that its title and front matter are known to the
nav and to other plugins), but not converted from Markdown: `skip_render` gives it an empty body
and the tiny template `portal-reused.html`. Its output is not held by the engine's thread: as
soon as planning finds it in the cache, the leak scan's process reads the entry, checks that its
bytes are those found then, puts the stamp in, writes the page and scans it (without that
process, on one core, the page writer's thread reads and writes it), so the engine's process
neither reads nor writes it. Once the files are final (`on_nav`) the hook checks that the engine
still builds it there; `on_post_page` returns the page empty, so the engine writes nothing for
it. (A blank page, a `--dirty` build, and a searchable page outside the search shards' plan are
read by the engine's thread, as before.) Nothing else of the engine changes, so a plain
`mkdocs build` with the cache gives the same bytes as without.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import logging
import math
import os
import types
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_portal.cache import (
    ENVIRONMENT,
    PACKAGE,
    BuildCache,
    PageEntry,
    Uncacheable,
    canonical,
    digest,
    environment_digest,
    remembered_forms,
    shared_form,
    text_form,
    tree_digest,
)
from disclosure_portal.engine.writer import WriteError
from disclosure_portal.environment import PREVIEW_ENVIRONMENT
from disclosure_portal.plan.build import PAGEFIND, stamped_bytes
from disclosure_portal.plan.nav import nav_targets
from disclosure_portal.plan.rendered import link_problems
from disclosure_portal.plan.urls import candidates
from disclosure_portal.plan.views import shared_rows
from disclosure_portal.verify import early, scanner, search
from disclosure_portal.verify.scanner import Scanner

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from disclosure_portal.plan.build import BuildState

log = logging.getLogger("mkdocs.plugins.portal")
REUSED_TEMPLATE = "portal-reused.html"  # theme/: prints a marker the hook replaces
# settings that do not change what a page shows: where the output goes, the preview server,
# what is watched, and which files are in the build (their pages' keys say that)
VOLATILE = {
    "config_file_path",
    "site_dir",
    "dev_addr",
    "watch",
    "strict",
    "remote_branch",
    "remote_name",
    "exclude_docs",
    "draft_docs",
    "not_in_nav",
    "plugins",
    "hooks",
    "theme",
}


def _engine_value(value: Any) -> Any:
    """The canonical form of a setting value the engine made an object of."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if type(value).__name__ == "Locale":
        return str(value)
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType | type):
        return f"{value.__module__}.{value.__qualname__}"
    if callable(getattr(value, "getConfigs", None)):  # a Markdown extension given as an object
        kind = type(value)
        return {"extension": f"{kind.__module__}.{kind.__qualname__}", "config": value.getConfigs()}
    raise Uncacheable(type(value).__qualname__)


def _form(value: Any) -> Any:
    """`value` with the engine's objects replaced by their canonical forms, recursively (a
    float that is not finite, an enum member and a UUID too: cache.canonical writes none of
    them apart from every other value)."""
    if isinstance(value, enum.Enum):
        return {"~enum": f"{type(value).__module__}.{type(value).__qualname__}.{value.name}"}
    if isinstance(value, uuid.UUID):
        return {"~uuid": str(value)}
    if isinstance(value, float) and not math.isfinite(value):
        return {"~float": repr(value)}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_form(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(canonical(_form(v)).decode("utf-8") for v in value)
    if isinstance(value, Mapping):
        return {str(k): _form(v) for k, v in value.items()}
    try:
        canonical(value)
        return value
    except Uncacheable:
        return _form(_engine_value(value))


def _installed(directory: Path) -> bool:
    """Whether `directory` belongs to an installed package (material's, MkDocs' templates):
    their versions are part of every key, so their thousands of files need not be read."""
    return any(part in ("site-packages", "dist-packages") for part in directory.resolve().parts)


def _in_project(config: MkDocsConfig, path: Any) -> Any:
    """`path` relative to the folder of mkdocs.yml when it lies inside it (as POSIX), else as
    it is."""
    if not isinstance(path, str) or not config.config_file_path:
        return _form(path)
    root = Path(config.config_file_path).resolve().parent
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _theme_digest(config: MkDocsConfig) -> str:
    """The theme's files other than installed packages' (a custom_dir, a theme of the project)
    by their bytes; the portal's own theme is part of the generator's code."""
    own = [Path(d) for d in config.theme.dirs if not _installed(Path(d))]
    own = [d for d in own if not d.resolve().is_relative_to(PACKAGE)]
    return tree_digest(own)


def _hook_files(config: MkDocsConfig) -> list[str]:
    """The bytes of the project's hook files (one import line in a district's repository)."""
    out = []
    for path in sorted(str(p) for p in (config.get("hooks") or {})):
        try:
            out.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError:
            out.append(path)
    return out


def site_key(config: MkDocsConfig, files: Files, state: BuildState) -> str | None:
    """The part of every page's key that is the same for all pages; None when a setting has no
    canonical form (nothing is reused then, and the log says which kind of value it was)."""
    try:
        settings = {k: _form(v) for k, v in config.items() if k not in VOLATILE}
        # where the checkout lies is no input of a page (a CI runner may clone it elsewhere
        # each time): content/ by its place in the project, its files by their bytes
        settings["docs_dir"] = _in_project(config, config.get("docs_dir"))
        theme = {
            "name": config.theme.name,
            "vars": _form(dict(config.theme.items())),
            "static_templates": sorted(config.theme.static_templates),
        }
        plugins = [
            (name, _form(dict(getattr(plugin, "config", None) or {})))
            for name, plugin in config.plugins.items()
            if not isinstance(plugin, types.ModuleType)  # hooks: their files, below
        ]
        nav = []
        for target in nav_targets(config.nav or []):
            file = files.get_file_from_path(target)
            if file is None:
                nav.append((target, None))
                continue
            shown = state.nav_inputs(file.src_uri)
            if shown["source"] is None and file.generated_by is not None:
                shown["file"] = hashlib.sha256(file.content_bytes).hexdigest()
            nav.append((target, shown))
        return digest(
            environment_digest(),
            type(config).__module__,  # the engine running: MkDocs or ProperDocs (generator tag)
            _theme_digest(config),
            settings,
            theme,
            plugins,
            _hook_files(config),
            nav,
            state.search,
        )
    except Uncacheable as exc:
        log.info(f"构建缓存未使用：设置中有无法比较的值（{exc}），每个页面都重新生成")
        return None


def page_key(site: str, file: File, state: BuildState) -> str | None:
    """The key of the page of `file` (None: not reused)."""
    src = file.src_uri
    try:
        inputs = state.key_inputs(src)
        if inputs.get("source") is None:  # not a document: MkDocs reads the file itself
            inputs["file"] = hashlib.sha256(file.content_bytes).hexdigest()
        inputs["source"] = text_form(inputs["source"])
        view = inputs["context"].get("portal")
        if isinstance(view, dict) and isinstance(view.get("items"), list):  # a listing's rows
            rows = [shared_form(row) for row in view["items"]]
            inputs["context"] = {**inputs["context"], "portal": {**view, "items": rows}}
        links = []
        for link in inputs.pop("links", ()):
            if link.resolved is None or link.external:
                links.append((link.target, None))
            else:
                found = [(c, state.url_of(c)) for c in candidates(link.resolved)]
                links.append((link.target, [c for c in found if c[1] is not None]))
        return digest(site, file.dest_uri, file.url, inputs, links)
    except (Uncacheable, OSError):
        return None


def order(files: Files, render: set[str], shard_of: Mapping[str, int]) -> Files:
    """The files in the order their pages are to be rendered: the documents to render by search
    shard, so that each shard is complete, and is indexed, while the engine renders the next
    (reused documents were handed to the index already); then the pages no shard plans
    (generated listings), while the last shard is indexed; then the reused documents. Files
    that are not pages keep their order."""
    from mkdocs.structure.files import Files as FilesType  # noqa: PLC0415 - engine only

    pages = files.documentation_pages()
    others = [f for f in files if not f.is_documentation_page()]

    def rank(file: File) -> tuple[int, int, int, str]:
        fresh = 0 if file.src_uri in render else 1
        shard = shard_of.get(file.src_uri)
        if shard is None:
            return (1, fresh, 0, file.src_uri)
        return (0 if fresh == 0 else 2, 0, shard, file.src_uri)

    return FilesType([*others, *sorted(pages, key=rank)])


class _Rendered:
    """A template whose output is known: `render` gives it without a context."""

    def __init__(self, output: str) -> None:
        self.output = output

    def render(self, *_: Any, **__: Any) -> str:
        return self.output


def render_reused_once(env: Any) -> None:
    """The template of reused pages is rendered once, not once a page: its output (a marker,
    whatever the page) is set aside by the hook, which takes the page's output from the cache;
    the engine's rendering of it merged the whole template context for every page (about 0.6 s
    at 10,000 documents)."""
    get_template = env.get_template
    rendered: list[_Rendered] = []  # at the first page (every hook's on_env has run by then)

    def get(name: Any, *args: Any, **kwargs: Any) -> Any:
        if name != REUSED_TEMPLATE or args or kwargs:
            return get_template(name, *args, **kwargs)
        if not rendered:
            rendered.append(_Rendered(get_template(name).render()))
        return rendered[0]

    env.get_template = get


def skip_render(page: Page) -> None:
    """Let the engine read `page` without converting its Markdown (its output is reused)."""

    def render(config: Any, files: Any) -> None:
        page.content = ""

    page.render = render  # type: ignore[method-assign]


def open_cache(root: Path) -> BuildCache | None:
    """The build cache this build uses: the folder `portal build` names (PORTAL_CACHE_DIR);
    none for a plain `mkdocs build` without it, or `portal build --no-cache`."""
    folder = os.environ.get(ENVIRONMENT, "").strip()
    if not folder:
        return None
    cache, why = BuildCache.open(Path(folder), root)
    if cache is None:
        log.warning(f"构建缓存不可用：{why}；本次构建不使用缓存。")
    return cache


def spawn_scanner() -> Scanner | None:
    """The leak scan's worker process for this build, started at once (None on a single core:
    the scan then runs after the build, in this process)."""
    return scanner.Scanner() if scanner.workers() else None


def start_scanner(
    state: BuildState, worker: Scanner | None, previous: str | None = None
) -> Scanner | None:
    """Give `worker` (from `spawn_scanner`) this build's validated site; returns it.
    `previous`: the preview folder this build replaces (the page writer's `previous`)."""
    if worker is not None:
        verdicts = state.cache.verdicts() if state.cache is not None else {}
        memo = state.cache.memo().folder if state.cache is not None else None
        worker.setup(state.site, state.extra_dirs, verdicts, state.stamp_values, memo, previous)
    return worker


def stored(entry: PageEntry, values: dict[str, str]) -> Callable[[], bytes]:
    """What gives the bytes of the reused page `entry` as written: the entry read again and
    checked, with the stamp's `values` put in (for the page writer's thread)."""
    return functools.partial(_stamped, entry, values)


def _stamped(entry: PageEntry, values: dict[str, str]) -> bytes:
    return stamped_bytes(entry.payload(), values)


READ_BATCH = 32  # pages whose cache entries the reading thread looks up at once


def plan(files: Files, config: MkDocsConfig, state: BuildState, *, hand_over: bool) -> Files:
    """Which pages are reused from the cache (their links are checked against this build's
    withheld files at once), and the order to render them in: pages to render first, then by
    search shard. `hand_over`: each reused page is given to the page writer as soon as it is
    found (`state.written_early`; `on_nav` checks where it went)."""
    pages = files.documentation_pages()
    if state.cache is not None and (site := site_key(config, files, state)) is not None:
        writer = state.writer if hand_over else None
        scanner = state.scanner if writer is not None else None

        def find(file: File, key: str) -> PageEntry | None:
            entry = state.cache.find_page(key)
            if entry is not None and writer is not None and not entry.blank:
                # as File.abs_dest_path, which is not computed (and kept) before every
                # plugin's on_files: one may still move the page
                path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
                try:
                    if not file.inclusion.is_included():
                        took = False
                    elif scanner is not None and writer.elsewhere(file.src_uri):
                        # scanned now, on the core planning leaves idle, and written by the
                        # scan's process from the bytes it reads: none of it in this process
                        scanner.stored(file.dest_uri, entry.path, entry.sha, path, writer.recycle)
                        state.scanned_early[file.src_uri] = (file.dest_uri, entry.sha)
                        took = True
                    else:
                        took = writer.take(file.src_uri, path, stored(entry, state.stamp_values))
                        if took and scanner is not None:  # scanned now, on the other core
                            scanner.stored(file.dest_uri, entry.path, entry.sha)
                            state.scanned_early[file.src_uri] = (file.dest_uri, entry.sha)
                except WriteError:  # a write failed: the build is refused when the pages are
                    took = False  # handed over (on_nav) or written (finish)
                if took:
                    state.written_early[file.src_uri] = path
            return entry

        def find_all(batch: list[tuple[File, str]]) -> list[PageEntry | None]:
            return [find(file, key) for file, key in batch]

        # entries are read by a thread while the keys of the next pages are computed, and
        # written by another; handed over READ_BATCH at a time (each hand-over makes the two
        # threads trade the interpreter's lock)
        keyed: list[tuple[list[tuple[File, str]], Future[list[PageEntry | None]]]] = []
        if writer is not None:  # the pages found are written once the keys are computed
            writer.hold()
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-cache-read") as reading,
            remembered_forms(),
            shared_rows(),
        ):
            batch: list[tuple[File, str]] = []
            for file in pages:
                if (key := page_key(site, file, state)) is not None:
                    batch.append((file, key))
                if len(batch) == READ_BATCH:
                    keyed.append((batch, reading.submit(find_all, batch)))
                    batch = []
            if batch:
                keyed.append((batch, reading.submit(find_all, batch)))
        if writer is not None:
            writer.release()
        found = (
            (pair, entry)
            for batch, read in keyed
            for pair, entry in zip(batch, read.result(), strict=True)
        )
        for (file, key), entry in found:  # read and checked; read again when it is written
            if entry is None:
                state.keys[file.src_uri] = key
                continue
            state.reused[file.src_uri] = entry
            state.link_problems += link_problems(
                entry.links, file.src_uri, file.url, state.withheld
            )
    shards = _shards(pages, state) if state.search == PAGEFIND else {}
    render = {f.src_uri for f in pages if f.src_uri not in state.reused}
    planned = {f.src_uri: shards[f.dest_uri] for f in pages if f.dest_uri in shards}
    return order(files, render, planned)


def _shards(pages: list[File], state: BuildState) -> dict[str, int]:
    """The search shard of every searchable page, by its output path."""
    count = search.shard_count(len(state.site.public.documents))
    return {
        file.dest_uri: search.shard_of(file.dest_uri, count)
        for file in pages
        if state.site.public.document(file.src_uri) is not None  # the searchable ones
    }


def start_index(files: Files, config: MkDocsConfig, state: BuildState) -> None:
    """Start the search index once the files are final (`on_nav`: another plugin's on_files
    may have moved or dropped a page since planning): its shards, and the reused pages at
    once."""
    if state.search != PAGEFIND:
        return
    pages = files.documentation_pages()
    shards = _shards(pages, state)
    tree = state.scanner.tree if state.scanner is not None else None
    state.index = search.ShardedIndex(
        Path(config.site_dir),
        shards,
        search.shard_count(len(state.site.public.documents)),
        cache=state.cache,
        scanned=tree,
        early=state.early,
        restore=state.scanner.restore if state.scanner is not None else None,
    )
    state.early = None  # the index's now
    _index_reused(state, pages, shards)
    state.index.release_early()  # every shard that opens for reused pages has opened
    if state.cache is not None:  # what the next build guesses its early shard from
        for file in pages:
            if file.dest_uri in shards:
                entry = state.reused.get(file.src_uri)
                key = entry.path.name if entry is not None else state.keys.get(file.src_uri)
                state.index_sources[file.dest_uri] = (file.src_uri, key)


def start_early(config: MkDocsConfig, root: Path, cache: Any) -> Future[Any] | None:
    """Start guessing the shard of the edited document (`verify/early.py`) in a thread, while
    the content is read: a build with the cache and the search index only."""
    box = config.plugins.get("material/search") or config.plugins.get("search")
    if cache is None or box is None or not getattr(box.config, "enabled", True):
        return None
    if os.environ.get(PREVIEW_ENVIRONMENT) == "1" or not early.environment_allows():
        return None
    if not search.available():
        return None
    guessing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-early-guess")
    try:
        return guessing.submit(
            early.foresee,
            cache,
            root,
            Path(config.docs_dir),
            search.executable(),
            search.LANGUAGE,
        )
    except search.SearchIndexError:
        return None
    finally:
        guessing.shutdown(wait=False)


def _index_reused(state: BuildState, pages: list[File], shards: dict[str, int]) -> None:
    """Hand the reused pages to the search index at once: a shard whose pages are all reused is
    taken from the cache when it holds their index; the other shards get their reused pages now
    and wait only for the pages the engine renders (rendered first), so that Pagefind starts
    early."""
    by_shard: dict[int, dict[str, PageEntry]] = {}
    for file in pages:
        entry = state.reused.get(file.src_uri)
        if entry is not None and file.dest_uri in shards:
            by_shard.setdefault(shards[file.dest_uri], {})[file.dest_uri] = entry
    for k, reused in sorted(by_shard.items()):
        if not state.index.reuse_shard(k, reused):
            for dest, entry in reused.items():
                state.index.stored_page(dest, entry)
        state.indexed.update(reused)
