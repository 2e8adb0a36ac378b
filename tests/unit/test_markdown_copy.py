"""The Markdown of fresh pages converted by a copy of the engine's process (engine/parallel.py):
a page takes the copy's conversion only when the copy read the Markdown and the address the
engine's thread has at that moment; its log records are logged then; anything unexpected, and
the page is the engine's own work."""

from __future__ import annotations

import logging
import os
import sys
import time

import pytest

from disclosure_portal import forkmap
from disclosure_portal.engine import parallel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

LOGGER = "mkdocs.structure.pages"


class FakeFile:
    def __init__(self, src: str) -> None:
        self.src_uri = src
        self.dest_uri = src.replace(".md", "/index.html")
        self.url = src.replace(".md", "/")
        self.page = None


class FakeFiles:
    def __init__(self, files: list[FakeFile]) -> None:
        self.src_uris = {f.src_uri: f for f in files}


class FakePage:
    """read_source and render as the engine's Page does them, by simple rules."""

    def __init__(self, file: FakeFile, source: str) -> None:
        self.file = file
        file.page = self
        self.source = source
        self.markdown: str | None = None
        self.content: str | None = None
        self.toc: list = []
        self._title_from_render: str | None = None
        self.present_anchor_ids: set[str] | None = None
        self.links_to_anchors: dict | None = None

    def read_source(self, config) -> None:
        self.markdown = self.source

    def render(self, config, files) -> None:
        assert self.markdown is not None
        self.content = f"<p>{self.markdown}</p>"
        self.toc = [("h1", self.markdown[:3])]
        self._title_from_render = self.markdown.upper()
        self.present_anchor_ids = {self.file.src_uri}
        target = files.src_uris["p0.md"]
        self.links_to_anchors = {target: {"top": f"p0.md#top-{self.file.src_uri}"}}
        if "warn" in self.markdown:
            logging.getLogger(LOGGER).warning("Doc file '%s' has a link", self.file.src_uri)


class StrayPage(FakePage):
    def render(self, config, files) -> None:
        super().render(config, files)
        self.something_else = 1  # what the engine's own render does not set


def _pages(kind=FakePage, n=6):
    files = [FakeFile(f"p{i}.md") for i in range(n)]
    pages = [kind(f, f"text {i}" + (" warn" if i == n - 1 else "")) for i, f in enumerate(files)]
    return pages, FakeFiles(files)


def _wait_for(converter, count: int) -> None:
    """Until the copy has sent `count` results (it runs to the first page while the engine's
    thread has not started)."""
    deadline = time.monotonic() + 20
    while len(converter.results) < count and converter.pid is not None:
        converter._drain()
        assert time.monotonic() < deadline, "the copy sent nothing"
        time.sleep(0.01)


def _run(converter, pages, files, changed=()):
    """The engine's loop: read each page, change the ones in `changed` (another plugin's
    on_page_markdown), render through the converter; which pages the engine rendered itself."""
    own_rendered = []
    for page in pages:
        page.read_source(None)
        if page.file.src_uri in changed:
            page.markdown += "（插件追加）"

        def own(config, files, page=page):
            own_rendered.append(page.file.src_uri)
            type(page).render(page, config, files)

        converter.render(page, own)(None, files)
    return own_rendered


def test_pages_take_the_copys_conversion_and_its_log_records(caplog):
    pages, files = _pages()
    reference, _ = _pages()
    for page in reference:
        page.read_source(None)
        page.render(None, FakeFiles([p.file for p in reference]))
    caplog.clear()
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    try:
        _wait_for(converter, len(pages))
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            own = _run(converter, pages, files)
    finally:
        converter.close()
    assert own == [] and converter.taken == len(pages)
    for page, ref in zip(pages, reference, strict=True):
        assert page.content == ref.content and page.toc == ref.toc
        assert page._title_from_render == ref._title_from_render
        assert page.present_anchor_ids == ref.present_anchor_ids
        # the links to anchors are keyed by the engine's own File objects, not copies
        ((target, links),) = page.links_to_anchors.items()
        assert target is files.src_uris["p0.md"]
        assert links == {"top": f"p0.md#top-{page.file.src_uri}"}
    # the warning of the last page, logged once, by this process
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        "Doc file 'p5.md' has a link"
    ]


def test_a_page_another_plugin_changed_is_converted_by_the_engine():
    pages, files = _pages()
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    try:
        _wait_for(converter, len(pages))
        own = _run(converter, pages, files, changed={"p2.md", "p4.md"})
    finally:
        converter.close()
    assert own == ["p2.md", "p4.md"]
    assert pages[2].content == "<p>text 2（插件追加）</p>"
    assert pages[3].content == "<p>text 3</p>"


def test_a_page_that_moved_since_is_converted_by_the_engine():
    pages, files = _pages()
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    try:
        _wait_for(converter, len(pages))
        pages[1].file.url = "elsewhere/"  # another plugin moved it after the copy was made
        own = _run(converter, pages, files)
    finally:
        converter.close()
    assert own == ["p1.md"]


def test_a_render_that_sets_anything_else_stops_the_copys_use():
    pages, files = _pages(StrayPage)
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    try:
        deadline = time.monotonic() + 20
        while not converter.broken and time.monotonic() < deadline:
            converter._drain()
            time.sleep(0.01)
        own = _run(converter, pages, files)
    finally:
        converter.close()
    assert converter.broken and own == [p.file.src_uri for p in pages]


def test_a_copy_that_is_gone_leaves_every_page_to_the_engine():
    pages, files = _pages()
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    converter.close()  # killed before it sent anything that was read
    own = _run(converter, pages, files)
    assert own == [p.file.src_uri for p in pages] and converter.taken == 0


class SlowCopyPage(FakePage):
    """Slow to render in the copy only: the engine's thread gets ahead of it."""

    parent = 0

    def render(self, config, files) -> None:
        if os.getpid() != self.parent:
            time.sleep(0.3)
        super().render(config, files)


def test_they_meet_and_the_copy_stops_where_the_engine_is():
    SlowCopyPage.parent = os.getpid()
    pages, files = _pages(SlowCopyPage, n=10)
    converter = parallel.Converter(pages, {"markdown_extensions": []}, files)
    try:
        _wait_for(converter, 1)  # the copy has converted the last page (slowly)
        own = _run(converter, pages, files)
        taken = converter.taken
        deadline = time.monotonic() + 10
        while converter.pid is not None and time.monotonic() < deadline:  # ends by itself
            converter._drain()
            time.sleep(0.05)
        assert converter.pid is None
    finally:
        converter.close()
    assert 1 <= taken < len(pages) and len(own) + taken == len(pages)
    assert own == [p.file.src_uri for p in pages[: len(own)]]  # the first ones: the engine's
    assert all(p.content == f"<p>{p.markdown}</p>" for p in pages)


class FakePlugins:
    def __init__(self, *handlers) -> None:
        self.events = {"page_read_source": list(handlers)}


def _foreign_read_source(page, config):  # another plugin's on_page_read_source
    return None


@pytest.mark.parametrize(
    ("extensions", "handlers", "count", "environment", "expected"),
    [
        (["tables", "toc"], (), 100, None, True),
        (["tables"], (), parallel.MIN_PAGES - 1, None, False),  # too few pages
        (["tables"], (), 100, "0", False),  # switched off
        ([object()], (), 100, None, False),  # an extension object of unknown make
        (["tables"], (_foreign_read_source,), 100, None, False),  # another plugin reads sources
    ],
)
def test_when_pages_are_converted_on_the_other_core(
    monkeypatch, extensions, handlers, count, environment, expected
):
    if environment is None:
        monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    else:
        monkeypatch.setenv(forkmap.ENVIRONMENT, environment)
    config = {"markdown_extensions": extensions, "plugins": FakePlugins(*handlers)}
    assert parallel.enabled(config, count) is expected


def test_the_engines_own_extension_objects_and_hook_are_allowed(monkeypatch):
    from disclosure_portal.engine import mkdocs_hook
    from disclosure_portal.engine.linebreaks import line_break_extensions

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    plugins = FakePlugins(mkdocs_hook.on_page_read_source)
    config = {"markdown_extensions": line_break_extensions(), "plugins": plugins}
    assert parallel.enabled(config, 100)
    assert not parallel.enabled({"markdown_extensions": []}, 100)  # no plugins: not known
