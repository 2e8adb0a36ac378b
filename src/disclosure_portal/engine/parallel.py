"""The Markdown of fresh pages converted on the idle core (issue 23: "use the idle core").

MkDocs reads and converts every page before it renders any template (`_populate_page` for all
pages, then `_build_page` for all): in a build from scratch at 10,000 documents that first loop is
half a minute on one core, with nothing yet for the leak scan or the search index to do on the
other. Here a copy of the engine's process (`os.fork` at the end of `on_nav`, when the files and
pages are final) converts the fresh pages from the last one backwards, while the engine's thread
converts them from the first one forwards; they meet in the middle. The copy calls the engine's
own `Page.read_source` and `Page.render` on its copy of the same pages, files, settings and
Markdown extensions, so a page converted there is converted exactly as the engine would.

The engine's thread stays in charge and never waits for the copy:
- every fresh page's `render` is the engine's own unless the copy's result for that page has
  arrived *and* the Markdown the engine's thread holds at that moment (after every plugin's
  `on_page_markdown`) is the Markdown the copy converted, for the same source path and address;
  then the page takes the copy's attributes (content, toc, title from the first heading, anchor
  ids, links to anchors), and the copy's log records of that page (MkDocs' link warnings, which
  `--strict` counts) are logged by the engine's thread at that moment, as the engine would have;
- a render that changes any other attribute of the page (another engine version), a result that
  does not match, a copy that died or hangs: the engine converts the page itself;
- when the loop ends (`on_env`) the copy is killed, whatever it is doing.

Only on Linux (a copy of a process with threads is safe for this work there: it touches no lock
of another thread but those Python reinitialises after a fork, and closes every inherited file
descriptor first so that no pipe of the scan or the index stays open in it), only for builds that
convert at least MIN_PAGES pages, only when every Markdown extension given as an object is one of
ALLOWED_MODULES (extensions named by text are made anew for each page; an object is shared by all
pages and could carry something from one page to the next), only when no plugin but this one
has an `on_page_read_source` (the copy reads the sources it converts as the engine does: another
plugin's would run twice), and never with PORTAL_PARALLEL=0 (the tests compare the output both
ways; see forkmap.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mmap
import os
import pickle
import signal
import struct
from collections.abc import Callable
from typing import Any

from disclosure_portal import forkmap

MIN_PAGES = 64  # fewer pages to convert: not worth a process
ALLOWED_MODULES = ("markdown.", "pymdownx.", "disclosure_portal.")
# what the engine's Page.render sets (MkDocs 1.6, ProperDocs): nothing else may change
RENDERED = frozenset(
    {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}
)
LINKS = "links_to_anchors"  # keyed by File objects: sent by source path
_HEADER = struct.Struct("<I")
_PIPE_BYTES = 1 << 20  # F_SETPIPE_SZ: the copy runs ahead without waiting for every read
_F_SETPIPE_SZ = 1031
_GONE = "gone"  # a result that says: convert this page yourself

log = logging.getLogger("mkdocs.plugins.portal")


def enabled(config: Any, count: int) -> bool:
    """Whether `count` pages are converted with a copy of the process (see the module doc)."""
    if count < MIN_PAGES or not forkmap.available():
        return False
    # the copy reads each page's source as the engine does (`Page.read_source`): only where no
    # other plugin has a say in it (something another plugin does there would be done twice)
    events = getattr(config["plugins"], "events", None) if "plugins" in config else None
    if events is None:
        return False
    for handler in events.get("page_read_source", ()):
        if not (getattr(handler, "__module__", "") or "").startswith("disclosure_portal."):
            return False
    for extension in config["markdown_extensions"] or ():
        if isinstance(extension, str):
            continue
        module = type(extension).__module__ + "."
        if not module.startswith(ALLOWED_MODULES):
            return False
    return True


def _markdown_digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8", "surrogatepass")).hexdigest()


def _identity(page: Any) -> tuple[str, str, str]:
    file = page.file
    return (file.src_uri, file.dest_uri, file.url)


class Converter:
    """The copy of one build's engine process and what came back from it."""

    def __init__(self, pages: list[Any], config: Any, files: Any) -> None:
        self.files = files
        self.index = {page.file.src_uri: n for n, page in enumerate(pages)}
        self.results: dict[int, Any] = {}
        self.taken = 0  # pages whose conversion came from the copy
        self.broken = False  # the copy changed what the engine does not expect: not used
        self.closed = False
        self._buffer = bytearray()
        self._position = mmap.mmap(-1, 8)  # shared with the copy: where the engine's thread is
        self._position[:8] = struct.pack("<q", -1)
        import fcntl  # noqa: PLC0415 - POSIX only (the hook is imported on Windows too)

        read, write = os.pipe()
        with contextlib.suppress(OSError):
            fcntl.fcntl(write, _F_SETPIPE_SZ, _PIPE_BYTES)
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process to be had: the caller converts every page itself
            os.close(read)
            os.close(write)
            self._position.close()
            raise
        if pid == 0:  # the copy: never returns
            os.close(read)
            _child(pages, config, files, self._position, write, parent)
        os.close(write)
        os.set_blocking(read, False)
        self.pid: int | None = pid
        self._read = read

    def render(self, page: Any, own: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        """The `render` of `page` while the copy runs: its result when it matches, else `own`."""

        def render(config: Any, files: Any) -> None:
            n = self.index.get(page.file.src_uri)
            if self.closed or n is None or not self._take(n, page):
                own(config, files)

        return render

    def _take(self, n: int, page: Any) -> bool:
        self._position[:8] = struct.pack("<q", n)  # the copy stops before this page
        self._drain()
        result = self.results.pop(n, None)
        if result is None or self.broken or result == _GONE:
            return False
        identity, digest, attributes, records = result
        if identity != _identity(page) or page.markdown is None:
            return False
        if digest != _markdown_digest(page.markdown):  # a plugin changed it: not what it read
            return False
        links = attributes.get(LINKS)
        if links is not None:
            by_src = self.files.src_uris
            if any(src not in by_src for src in links):
                return False
            attributes = dict(attributes, **{LINKS: {by_src[s]: v for s, v in links.items()}})
        for name, value in attributes.items():
            setattr(page, name, value)
        for name, level, message in records:  # as the engine's thread would have logged them
            logging.getLogger(name).log(level, message)
        self.taken += 1
        return True

    def _drain(self) -> None:
        if self.pid is None:
            return
        while True:
            try:
                chunk = os.read(self._read, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # the copy ended
                self._reap()
                break
            self._buffer += chunk
        while len(self._buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._buffer)
            if len(self._buffer) < _HEADER.size + size:
                break
            blob = bytes(self._buffer[_HEADER.size : _HEADER.size + size])
            del self._buffer[: _HEADER.size + size]
            try:
                n, result = pickle.loads(blob)
            except Exception:  # a damaged message: the engine converts
                continue
            if result == "broken":
                self.broken = True
                continue
            self.results[n] = result

    def _reap(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def close(self) -> None:
        """End the copy (the loop of conversions is over, or the build stopped)."""
        if self.closed:
            return
        self.closed = True
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        with contextlib.suppress(OSError):
            os.close(self._read)
        self.results.clear()
        self._position.close()

    def summary(self) -> str:
        return f"另一核心转换了 {self.taken} 个页面的 Markdown"


def _child(
    pages: list[Any], config: Any, files: Any, position: mmap.mmap, write: int, parent: int
) -> None:
    """The copy: convert the pages from the last one backwards until the engine's thread is at
    or past the next one; send each result; leave without running anything of the parent's."""
    try:
        forkmap.quiet(write)
        # the collector as the engine has it (what the engine keeps is frozen, out of every
        # collection): each conversion's Markdown object is a cycle, freed by young collections
        records: list[tuple[str, int, str]] = []

        def handle(logger: logging.Logger, record: logging.LogRecord) -> None:
            records.append((logger.name, record.levelno, record.getMessage()))

        logging.Logger.handle = handle  # type: ignore[method-assign,assignment]
        for n in range(len(pages) - 1, -1, -1):
            if struct.unpack("<q", position[:8])[0] >= n or os.getppid() != parent:
                break
            page = pages[n]
            try:
                page.read_source(config)  # the engine's thread reads it again, and logs that
                markdown = page.markdown
                records.clear()  # what the conversion logs, the engine's thread logs too
                before = dict(vars(page))
                page.render(config, files)
                changed = {
                    name: value
                    for name, value in vars(page).items()
                    if name not in before or before[name] is not value
                }
                if not changed.keys() <= RENDERED:
                    _send(write, n, "broken")
                    break
                links = changed.get(LINKS)
                if links is not None:
                    changed[LINKS] = {file.src_uri: dict(v) for file, v in links.items()}
                result: Any = (
                    _identity(page),
                    _markdown_digest(markdown),
                    changed,
                    list(records),
                )
                _send(write, n, result)
            except Exception:  # the engine converts it and reports what fails
                _send(write, n, _GONE)
    finally:
        os._exit(0)


def _send(write: int, n: int, result: Any) -> None:
    try:
        blob = pickle.dumps((n, result), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something of the page does not travel: the engine does it
        blob = pickle.dumps((n, _GONE), protocol=pickle.HIGHEST_PROTOCOL)
    data = _HEADER.pack(len(blob)) + blob
    view = memoryview(data)
    while view:
        written = os.write(write, view)
        view = view[written:]
