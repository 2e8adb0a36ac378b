"""Work of one thread spread over both cores of a build machine by a copy of the process.

A build runs Python on one core at a time (the interpreter's lock), and on the two-core machines
districts build on, some long steps leave the other core idle: reading and checking the content
before anything else can start, and MkDocs converting every page's Markdown before it renders any
(engine/parallel.py). For a step that is the same pure function over many independent items,
`fork_map` has a copy of the process (`os.fork`: the copy has the same objects, modules and
settings, so the function gives there exactly what it gives here) compute the second half of the
items while this thread computes the first, and returns the results in order, as the loop would.

The copy is a helper this process never depends on: it closes every descriptor it inherited
(no pipe of a worker, of git or of the search indexer stays open in it), writes nothing but its
results to a pipe of its own and leaves with `os._exit`; should it fail, die or take much longer
than this thread took for its half, it is killed and this thread computes the rest itself. Only
on Linux, and never with PORTAL_PARALLEL=0 (the tests compare both ways).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

ENVIRONMENT = "PORTAL_PARALLEL"
MIN_ITEMS = 64  # fewer items: not worth a process
GRACE_SECONDS = 5.0  # the copy's half may take this much longer than this thread's half

T = TypeVar("T")
R = TypeVar("R")


def available() -> bool:
    """Whether work may be spread with a copy of this process here."""
    if os.environ.get(ENVIRONMENT, "1").strip() == "0":
        return False
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def quiet(keep: int) -> None:
    """In a copy: close every inherited descriptor but `keep`; standard input and outputs go to
    /dev/null (nothing it does reaches the build's output)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    top = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096
    os.closerange(3, keep)  # /dev/null's own descriptor among them
    os.closerange(keep + 1, max(top, keep + 2))


def _split(weights: Sequence[int]) -> int:
    """Where the items are cut so that both halves weigh about the same."""
    total, running = sum(weights), 0
    for n, weight in enumerate(weights):
        running += weight
        if running * 2 >= total:
            return n + 1
    return len(weights)


def fork_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    weight: Callable[[T], int] | None = None,
    least: int = MIN_ITEMS,
) -> list[R]:
    """`[func(item) for item in items]`, the second half (by `weight`, else by count) computed
    by a copy of this process. `func` must not depend on or change anything but its item's
    result (what it does in the copy stays there). An exception of `func` is raised here, as the
    loop would raise it."""
    items = list(items)
    if len(items) < least or not available():
        return [func(item) for item in items]
    cut = _split([weight(item) for item in items] if weight else [1] * len(items))
    if cut >= len(items):
        return [func(item) for item in items]
    if (copy := _start_copy(lambda write: _copy(func, items[cut:], write))) is None:
        return [func(item) for item in items]
    pid, read = copy
    try:
        started = time.monotonic()
        first = [func(item) for item in items[:cut]]
        rest = _collect(read, time.monotonic() + (time.monotonic() - started) + GRACE_SECONDS)
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
        os.close(read)
    if rest is None or len(rest) != len(items) - cut:
        rest = [func(item) for item in items[cut:]]
    return first + rest


def _start_copy(work: Callable[[int], None]) -> tuple[int, int] | None:
    """Fork a copy of this process that runs `work(write end of a pipe)` and never returns;
    here: (its process id, the read end), or None when no copy can be had."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the copy
        try:
            quiet(write)
            work(write)
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _copy(func: Callable[[Any], Any], items: list[Any], write: int) -> None:
    try:
        blob = pickle.dumps([func(item) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # this thread computes them and raises what there is to raise
        blob = b""
    _write_all(write, blob)


def _collect(read: int, deadline: float) -> list[Any] | None:
    """The copy's results, or None when it sent none before `deadline` (or its pipe failed)."""
    chunks = []
    waiting = select.poll()  # not select(): a process may hold descriptors beyond FD_SETSIZE
    waiting.register(read, select.POLLIN)
    try:
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0 or not waiting.poll(wait * 1000):
                return None
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        return None
    if not chunks:
        return None
    try:
        found = pickle.loads(b"".join(chunks))
    except Exception:  # a copy that died while writing
        return None
    return found if isinstance(found, list) else None


LENGTH = 8  # bytes of the length that precedes a pickle a copy sends
STALL_SECONDS = 10.0  # a copy that sends nothing for this long is given up (and killed)
COMPUTE_SECONDS = 600.0  # … or, when it computes what it sends, nothing at first for this long


class PickledByCopy:
    """`pickle.dumps(value, HIGHEST_PROTOCOL)` (of `compute(value)` when given, computed there
    too) made by a copy of this process (forked at once), so that this process's threads go on
    meanwhile; `result()` (from any thread) reads the copy's bytes. A copy pickles `value` as it
    is at the moment of the fork, whatever this process's threads do to it since (a cache filled
    lazily, say): so it is never pickled by another thread while the caller's goes on. Where no
    copy can be had (not Linux, switched off, `fork` failing), it is pickled here at once, as
    the caller would. A copy that fails, dies or
    sends nothing for STALL_SECONDS is killed and one more copy is made, by the thread calling
    `result()`; should that one fail too, `result()` raises CopyError (the caller refuses to go
    on without the value: the leak scan cannot run). A copy that computes is given
    COMPUTE_SECONDS before its first bytes."""

    def __init__(self, value: Any, compute: Callable[[Any], Any] | None = None) -> None:
        self._value = value
        self._compute = compute
        self._lock = threading.Lock()
        self._stopped = False
        self._pid = 0
        self._read = -1
        self._blob: bytes | None = None
        if not self._fork():
            made = compute(value) if compute is not None else value
            self._blob = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)

    def _fork(self) -> bool:
        """Start a copy that pickles the value as it is now (`compute(value)` when given: the
        copy computes it); False when none can be had."""
        if not available():
            return False
        value, compute = self._value, self._compute
        if (copy := _start_copy(lambda write: _send_pickle(value, write, compute))) is None:
            return False
        pid, read = copy
        with self._lock:
            self._pid, self._read = pid, read
        return True

    def result(self) -> bytes | bytearray | None:
        """The pickle (None once `stop` was called: nobody wants it)."""
        if self._blob is not None:
            return self._blob
        for attempt in range(2):
            if attempt and (self._stopped or not self._fork()):
                break
            stall = COMPUTE_SECONDS if self._compute is not None else STALL_SECONDS
            try:
                blob = _receive(self._read, stall) if self._read >= 0 else None
            finally:
                self._close()
            if blob is not None:
                return blob
        if self._stopped:
            return None
        raise CopyError("无法取得网站的快照：复制的进程两次未能送回（内存不足或被终止？）")

    def stop(self) -> None:
        """From another thread: the pickle is not wanted (the copy is killed; `result` ends)."""
        with self._lock:  # never a process id already reaped (and perhaps reused)
            self._stopped = True
            if self._pid > 0:
                with contextlib.suppress(OSError):
                    os.kill(self._pid, signal.SIGKILL)

    def _close(self) -> None:
        with self._lock:
            if self._pid:
                with contextlib.suppress(OSError):
                    os.kill(self._pid, signal.SIGKILL)
                with contextlib.suppress(OSError):
                    os.waitpid(self._pid, 0)
                self._pid = 0
            if self._read >= 0:
                with contextlib.suppress(OSError):
                    os.close(self._read)
                self._read = -1


class CopyError(Exception):
    """A copy of the process could not give what it was to compute (the message is Chinese)."""


def _send_pickle(value: Any, write: int, compute: Callable[[Any], Any] | None = None) -> None:
    try:
        made = compute(value) if compute is not None else value
        blob = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # nothing is sent: another copy is made, then an error
        return
    _write_all(write, len(blob).to_bytes(LENGTH, "big"))
    _write_all(write, blob)


def _receive(read: int, first: float = STALL_SECONDS) -> bytearray | None:
    """A length and that many bytes from `read`: None when they do not all come (the pipe closes
    first, nothing comes for `first` seconds at first, or for STALL_SECONDS once it began)."""
    waiting = select.poll()
    waiting.register(read, select.POLLIN)
    limit = [first]

    def fill(view: memoryview) -> bool:
        while view:
            if not waiting.poll(limit[0] * 1000):
                return False
            got = os.readv(read, [view])
            if got == 0:
                return False
            limit[0] = STALL_SECONDS
            view = view[got:]
        return True

    try:
        head = bytearray(LENGTH)
        if not fill(memoryview(head)):
            return None
        blob = bytearray(int.from_bytes(head, "big"))
        return blob if fill(memoryview(blob)) else None
    except (OSError, MemoryError):
        return None
