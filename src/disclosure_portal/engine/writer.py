"""Pages written beside the engine: a thread writes each finished page to the output folder while
the engine goes on with the next one.

Creating thousands of folders and files is a large part of what a build from the cache does
with its reused pages (0.2 to 2 s for the 3,800 files of 1,500 documents on this project's 2-core
test machine, depending on what the disk is still flushing), and the system calls release the
interpreter lock, so the thread waits on the disk while the engine works. The engine's
`on_post_page` hands the page over and returns an empty page, which MkDocs then does not write
(its one log line for that is dropped); the bytes written are exactly those MkDocs would write.

Pages from the build cache are handed over as what reads them (the entry, checked against the
bytes found when the build was planned, with the stamp put in: `plan.build.stamped_bytes`), as
soon as planning finds them in the cache (engine/reuse.py; `on_nav` checks that the engine's
files still put them there, and `flush` lets it remove what it must). They wait in the queue
(`hold`) until the pages' keys are computed, Python work every later step waits for, which this
thread would otherwise share the interpreter's lock with; the disk is then busy while the engine
reads the pages and renders others. The texts of rendered pages waiting in the queue are bounded
(MAX_PENDING).

Where the leak scan has a process of its own, that process writes the pages from the cache
instead, from the bytes it reads to scan them (`elsewhere`, `attach`; pagefiles.FileWriter):
`flush` and `finish` wait for it as for this thread, and a page it could not write refuses the
build alike. Each system call of this thread waits for the interpreter's lock when it returns,
and the engine's thread holds that lock while it plans and builds: the 13,000 pages of a warm
build at 10,000 documents were written here in 5 to 7 s, and the engine's last page waited for
them.

All pages are on disk before any other step reads the output folder: `finish` is called after
the last page and again at the start of the second wall. A failed write refuses the build (fail
closed): `finish` raises it.

A page whose bytes are exactly those of the same file in the preview this build replaces
(PORTAL_PREVIOUS_SITE, set by `portal serve`'s builds only) is hard-linked to it instead of
written: a preview rebuild after an edit (the same commit, so the same build stamp) creates no
file for the pages the edit did not touch. A published site is never linked: a plugin writing a
page in place after the build would change it too, and on a failed build it must stay as it
was. The old file is compared byte for byte first, and only a regular file reached without
leaving that folder is linked; the site is checked afterwards like any other (the second wall
and `portal build` read the files as they are on disk).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Callable

from disclosure_portal.pagefiles import PreviousSite, make_folder, overwrite, umask

# rendered pages handed over and not written yet, at most (each holds a page's text, tens of KB)
MAX_PENDING = 256
_SKIPPED = "Page skipped: '"  # MkDocs' and ProperDocs' line for a page with empty output
_ENGINE_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")
PREVIOUS_ENVIRONMENT = "PORTAL_PREVIOUS_SITE"  # the site folder this build replaces, if any


class WriteError(Exception):
    """A page could not be written (the message is for editors, in Chinese)."""


class PageWriter(logging.Filter):
    """The writing thread of one build; also the filter that drops MkDocs' "Page skipped" line
    for the pages it took over."""

    def __init__(self, site_dir: str | None = None, previous: str | None = None) -> None:
        super().__init__()
        self._site = os.path.join(os.path.normpath(site_dir), "") if site_dir else None
        self._previous = PreviousSite.of(previous) if site_dir else None
        # unbounded: a page from the cache is handed over as what reads it (a few bytes); the
        # texts of rendered pages are bounded by the semaphore
        self._queue: queue.Queue[tuple[str, str | Callable[[], bytes]] | threading.Event | None]
        self._queue = queue.Queue()
        self._texts = threading.BoundedSemaphore(MAX_PENDING)
        self._taken: set[str] = set()
        self._folders: set[str] = set()
        self._error: tuple[str, BaseException] | None = None
        self._finished = False
        self._aborted = False
        self.recycle = False  # the output folder holds a spare site (engine/spare.py)
        self.consumed: list[str] = []  # places whose spare file is gone (pagefiles.overwrite)
        self._uid = os.geteuid()
        self._mode = 0o666 & ~umask()
        self._muted: list[logging.Logger] = []
        self._open = threading.Event()  # cleared by `hold`: pages wait in the queue
        # waits until the pages handed to another process (`elsewhere`) are written; raises
        # what failed (`attach`)
        self._others: Callable[[], None] | None = None
        self._open.set()
        self._thread = threading.Thread(target=self._run, name="portal-page-writer", daemon=True)
        self._thread.start()
        self._engine_loggers = [logging.getLogger(name) for name in _ENGINE_LOGGERS]
        for engine in self._engine_loggers:
            engine.addFilter(self)

    def take(self, src_uri: str, path: str, output: str | Callable[[], bytes]) -> bool:
        """Write `output` (a page's final text, or what makes its bytes: a page from the build
        cache is read in the thread) at `path` in the thread, as MkDocs would; False when the
        writer has finished (the caller writes the page itself)."""
        self._raise()
        if self._finished:
            return False
        self._taken.add(src_uri)
        if isinstance(output, str):
            self._texts.acquire()
        self._queue.put((path, output))
        return True

    def attach(self, wait: Callable[[], None]) -> None:
        """Pages may be written by another process (`elsewhere`): `wait` returns once every
        page handed to it so far is written and raises (anything) when one could not be."""
        self._others = wait

    def elsewhere(self, src_uri: str) -> bool:
        """The page of `src_uri` is written by the process `attach` waits for, as this thread
        would write it: `flush` and `finish` wait for it too, and MkDocs' line for the page is
        dropped. False when the writer has finished or nothing is attached (the caller writes
        the page another way)."""
        self._raise()
        if self._finished or self._others is None:
            return False
        self._taken.add(src_uri)
        return True

    @property
    def linking(self) -> bool:
        """Whether pages may be hard-linked to the previous preview's files (`portal serve`):
        this thread links those it writes, the scan's process those it writes
        (`previous` is what it is told)."""
        return self._previous is not None

    @property
    def previous(self) -> str | None:
        """The previous preview's folder (resolved), when pages may be linked to it."""
        return self._previous.folder if self._previous is not None else None

    def _wait_others(self) -> None:
        if self._others is None:
            return
        try:
            self._others()
        except Exception as exc:  # a page another process could not write: fail closed
            if self._error is None:
                self._error = ("", exc)

    @property
    def accepting(self) -> bool:
        """Whether the writer still takes pages (not finished)."""
        return not self._finished

    def hold(self) -> None:
        """Keep the pages handed over from now on in the queue until `release` (or `flush`,
        `finish`): while the engine's thread has Python work that everything else waits for
        (planning), this thread does not take turns at the interpreter's lock with it."""
        self._open.clear()

    def release(self) -> None:
        """Write the pages held since `hold`, and those to come."""
        self._open.set()

    def flush(self) -> None:
        """Wait until every page handed over so far is written (or failed: `finish` says)."""
        self.release()
        if self._finished:
            return
        done = threading.Event()
        self._queue.put(done)
        done.wait()
        self._wait_others()

    def forget(self, src_uri: str, *, taken: bool = False) -> None:
        """What this writer wrote for `src_uri` was removed by the caller, maybe with folders,
        after a `flush`: folders are made again, and MkDocs' line for the page is not dropped
        unless the page was `taken` again (to be written elsewhere)."""
        if not taken:
            self._taken.discard(src_uri)
        self._folders.clear()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            self._open.wait()
            if isinstance(item, threading.Event):
                item.set()
                continue
            path, output = item
            del item
            if isinstance(output, str):
                self._texts.release()  # out of the queue: another text may come in
            if self._error is not None or self._aborted:
                continue  # drain: the build is refused anyway
            try:
                if isinstance(output, str):
                    data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs does
                else:
                    data = output()
                folder = os.path.dirname(path)
                if folder not in self._folders:
                    make_folder(folder)
                    self._folders.add(folder)
                if self._previous is not None and self._link(path, data):
                    continue
                if self.recycle and self._overwrite(path, data):
                    continue
                with open(path, "wb") as handle:
                    handle.write(data)
            except BaseException as exc:  # reported by finish(): fail closed
                self._error = (path, exc)

    def _overwrite(self, path: str, data: bytes) -> bool:
        return overwrite(path, data, self._uid, self._mode, self.consumed)

    def _link(self, path: str, data: bytes) -> bool:
        """Link `path` to the previous site's file of that place when it holds exactly `data`
        (a regular file inside that folder, no symbolic link on the way); False: write it."""
        if self._previous is None or self._site is None:
            return False
        if path.startswith(self._site):
            rel = path[len(self._site) :]
        else:
            rel = os.path.relpath(path, self._site)
        return self._previous.link(rel, data, path)

    def _raise(self) -> None:
        if self._error is not None:
            path, exc = self._error
            if not path:  # written by another process: its message names the page
                raise WriteError(f"无法写入页面：{exc}") from exc
            raise WriteError(f"无法写入页面 {path}：{exc}") from exc

    def finish(self) -> None:
        """Wait until every page handed over is written; raise the first failure."""
        self.release()
        if not self._finished:
            self._finished = True
            self._queue.put(None)
            self._thread.join()
            if not self._aborted:
                self._wait_others()
        self._raise()

    def abort(self) -> None:
        """Stop writing (a failed build: its output is removed): what is left is dropped."""
        self._aborted = True
        with contextlib.suppress(WriteError):
            self.finish()

    def detach(self) -> None:
        """Stop filtering the engine's log (after the pages: MkDocs logs a page's line after
        `on_post_page`)."""
        self.unmute()
        for engine in self._engine_loggers:
            engine.removeFilter(self)

    def mute(self) -> None:
        """Silence the engine's page-building logger until `unmute` (the next page's
        `on_page_context`): called when a page this writer took is returned empty, whose one
        line (Page skipped) `filter` would drop anyway, after MkDocs made a record of it (with
        the caller's frame looked up: a tenth of a millisecond a page). Only when that logger
        shows no debug lines; a logger something else disabled is left alone. Should the next
        page's context or template fail before its `on_page_context`, MkDocs' line naming the
        page is lost with it; the exception still fails the build and is printed."""
        for engine in self._engine_loggers:  # (looked up once: a lock per lookup)
            if not engine.disabled and not engine.isEnabledFor(logging.DEBUG):
                engine.disabled = True
                self._muted.append(engine)

    def unmute(self) -> None:
        """The engine's logger as it was before `mute`."""
        while self._muted:
            self._muted.pop().disabled = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if message.startswith(_SKIPPED):
            src = message[len(_SKIPPED) :].split("'", 1)[0]
            return src not in self._taken
        return True
