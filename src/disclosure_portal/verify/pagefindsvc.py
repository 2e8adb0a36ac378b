"""Pagefind's service mode (`pagefind --service`): an index that this build adds pages to one at a
time, in an order it chooses, and whose files come back over a pipe.

Why not Pagefind's command line over a folder: it numbers the pages in the order the file system
lists them (ext4 by a hash seeded per file system, tmpfs by creation), and the numbers are in
every index file. The same commit gave another index on another machine, in a
folder on another file system, or when a build from the cache wrote the pages in another order
(Guarantee 4). Added one at a time, pages are numbered in the order they are added: the callers
add them sorted by path.

A page added again under the same URL takes the place of the first (Pagefind's `fossick_one`), so
a shard's pages can be added while the engine still renders some of them: each missing page is
held by a placeholder (`PLACEHOLDER`: no `data-pagefind-body`, no words), which Pagefind leaves out
of the index unless the page replaces it.

The files are fetched with GetFiles, not written by the service (WriteFiles): the service answers
WriteFiles before its last writes reach the disk (tokio's `File::write_all` returns before the
write is done) and exits at once when its input closes, leaving files cut short. The one use of
WriteFiles (a folder seeded with a shard's previous index, `write_files`) reads every file
written until it is complete before the reply counts as answered (`pagefindseed.settle`).

Why not the `pagefind` package's Python client: it waits 0.1 s for each reply.

The protocol: each message is the base64 of a JSON object followed by a comma, both ways; a reply
carries its request's `message_id`; the service handles one request at a time, in order.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from disclosure_portal import priority

# what holds a page's place until the page comes: no marked body and no words, so Pagefind leaves
# it out of the index (it keeps pages with data-pagefind-body only, once any page has one)
PLACEHOLDER = '<!DOCTYPE html><html lang="zh"><head><title></title></head><body></body></html>'
_READ_SIZE = 1 << 20
START_SECONDS = 120  # a service that has not answered its first request by then never will


class ServiceError(Exception):
    """The service failed or answered with an error; the message says which (in Chinese)."""


def page_url(rel: str) -> str:
    """The URL Pagefind gives the page at `rel` (a path relative to the site) when it reads a
    folder: its `index.html` dropped (Pagefind's `build_url`, `keep_index_url` off)."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


class Service:
    """One Pagefind process in service mode holding one index. `add` and `request_files` may be
    called from one thread while another waits (`done`, `wait`); the replies are read by a thread
    of this object, which also writes the files of `request_files` where they belong."""

    def __init__(self, executable: Path, language: str, timeout: float = START_SECONDS) -> None:
        # the service's messages, read when it fails; open while it runs (closed by close())
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as exc:
            self._stderr.close()
            raise ServiceError(f"无法运行搜索索引程序：{exc}") from exc
        priority.lower(self.process.pid)  # a helper: the engine's thread comes first
        self.started = time.perf_counter()
        self.cpu_seconds = 0.0
        self.peak_rss_kb = 0
        self._send_lock = threading.Lock()
        self._replies = threading.Condition()
        self._last_id = 0
        # requests whose reply is awaited: id -> (handler run on the reply, None: keep the reply;
        # whether the result is kept for `wait`)
        self._awaited: dict[int, tuple[Callable[[dict[str, Any]], Any] | None, bool]] = {}
        self._answers: dict[int, Any] = {}  # id -> the handler's result (or the reply)
        self.error = ""  # the first error the service reported for any request
        self._ended = False  # the service's output closed
        self._reader = threading.Thread(
            target=self._read, name="portal-pagefind-reply", daemon=True
        )
        self._reader.start()
        try:
            config = {"force_language": language}
            reply = self.wait(self._send({"type": "NewIndex", "config": config}), timeout)
            self.index_id = int(reply["index_id"])
        except (ServiceError, KeyError, TypeError, ValueError) as exc:
            self.process.kill()
            self.close()
            if isinstance(exc, ServiceError):
                raise
            raise ServiceError(f"搜索索引程序的应答无法解读：{reply}") from exc

    # requests

    def _send(
        self, payload: dict[str, Any], handler: Callable[..., Any] | None = None, keep: bool = True
    ) -> int:
        """Send a request whose reply is awaited (its result kept for `wait` unless not
        `keep`: then only a failure counts); its id."""
        return self._post(payload, awaited=True, handler=handler, keep=keep)

    def _post(
        self,
        payload: dict[str, Any],
        awaited: bool = False,
        handler: Callable[..., Any] | None = None,
        keep: bool = True,
    ) -> int:
        with self._send_lock:
            self._last_id += 1
            message_id = self._last_id
            if awaited:
                with self._replies:
                    self._awaited[message_id] = (handler, keep)
            # a lone surrogate (kept by the build cache) goes as the page's file has it: as a
            # character reference (the mirrors are written with the same error handler)
            data = json.dumps(
                {"message_id": message_id, "payload": payload}, ensure_ascii=False
            ).encode("utf-8", errors="xmlcharrefreplace")
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(base64.b64encode(data) + b",")
                self.process.stdin.flush()
            except (OSError, ValueError) as exc:  # the process ended (ValueError: closed)
                raise ServiceError(f"搜索索引程序意外退出：{self._reason()}") from exc
        return message_id

    def add(self, url: str, html: str) -> None:
        """Add (or replace) the page at `url` (a lone surrogate in `html` is sent as a character
        reference, as the page's file holds it); an error in its reply fails the next `wait`."""
        self._post(
            {"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html}
        )

    def add_file(self, root: Path, rel: str) -> None:
        """Add the page at `rel` (a path relative to `root` that `is_plain`), read by Pagefind
        itself (no copy of it passes through this process), under `page_url(rel)`; an error in
        the next `wait` when Pagefind finds no page there."""

        def one_page(payload: dict[str, Any]) -> None:
            if payload.get("page_count") != 1:
                raise ServiceError(f"索引程序没有读到页面 {rel}（{root}）")

        self._send(
            {"type": "AddDir", "index_id": self.index_id, "path": str(root), "glob": rel},
            handler=one_page,
            keep=False,
        )

    def request_files(self, output: Path, skip: frozenset[str] = frozenset()) -> int:
        """Ask for the index's files (all pages added so far); the reply thread writes them into
        `output` (but the names in `skip`) and counts them. The request's id, for `done` and
        `wait` (whose result is the number of files written)."""
        return self._send(
            {"type": "GetFiles", "index_id": self.index_id},
            handler=lambda payload: _write_files(payload, output, skip),
        )

    def write_files(self, output: Path, settle: Callable[[], Any]) -> int:
        """Ask the service to write the index's files into the folder `output` itself (an
        absolute path; files already there under a name it would write are left as they are:
        `pagefindseed`). It answers before its writes are done (see the module docstring):
        `settle()`, run on the reply, waits for them and checks the folder; its result is the
        request's (for `wait`)."""
        return self._send(
            {"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output)},
            handler=lambda _payload: settle(),
        )

    # replies

    def _read(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        pending = bytearray()
        searched = 0  # `pending` has no comma before this
        try:
            while chunk := os.read(fd, _READ_SIZE):
                pending += chunk
                while (end := pending.find(b",", searched)) >= 0:
                    with memoryview(pending) as view:  # (no copy of a large reply)
                        message = _decode(view[:end])
                    del pending[: end + 1]
                    searched = 0
                    self._take(message)
                searched = len(pending)
        except OSError:
            pass
        except Exception as exc:  # said to every waiter: never a silent hang
            with self._replies:
                self.error = self.error or f"无法处理搜索索引程序的应答：{exc!r}"
        finally:
            with self._replies:
                self._ended = True
                self._replies.notify_all()

    def _take(self, message: bytes | None) -> None:
        try:
            if message is None:
                raise ValueError("not base64")
            reply = json.loads(message)
            del message
            message_id, payload = reply.get("message_id"), reply["payload"]
            if not isinstance(payload, dict):
                raise TypeError(payload)
        except (ValueError, KeyError, TypeError, AttributeError):
            message_id, payload = None, {"type": "Error", "message": "无法解读的应答"}
        failure = ""
        if payload.get("type") == "Error":
            failure = str(payload.get("message", ""))
        with self._replies:
            handler, keep = self._awaited.get(message_id, (None, False))
        answer: Any = payload
        if not failure and handler is not None:
            try:
                answer = handler(payload)
            except ServiceError as exc:
                failure = str(exc)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                failure = f"无法处理索引程序的应答：{exc}"
        with self._replies:
            if failure and not self.error:
                self.error = failure
            if message_id in self._awaited:
                del self._awaited[message_id]
                if not failure and keep:  # (a failure is `error`: every wait fails from now)
                    self._answers[message_id] = answer
            self._replies.notify_all()

    def done(self, message_id: int) -> bool:
        """Whether the reply to request `message_id` came (or never will)."""
        with self._replies:
            return message_id not in self._awaited or self._ended

    def wait(self, message_id: int, timeout: float | None = None) -> Any:
        """The result of request `message_id` (its reply, or what its handler returned), once
        it came; ServiceError when it failed, when any earlier request failed, or when the
        service ended without answering."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._replies:
            while message_id in self._awaited and not self._ended:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise ServiceError(f"搜索索引程序 {timeout:.0f} 秒内没有完成")
                self._replies.wait(left)
            if self.error:
                raise ServiceError(f"搜索索引生成失败：{self.error}")
            if message_id in self._answers:
                return self._answers.pop(message_id)
        raise ServiceError(f"搜索索引程序意外退出：{self._reason()}")

    def _reason(self) -> str:
        code = self.process.poll()
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", errors="replace").strip()
        except (OSError, ValueError):
            text = ""
        lines = text.splitlines()[-5:]
        said = " / ".join(lines) if lines else "没有输出"
        return f"退出码 {code}，{said}" if code is not None else said

    def close(self) -> None:
        """End the process (it exits when its input closes; killed when it does not within
        seconds) and take its processor time and peak memory."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        wait4 = getattr(os, "wait4", None)
        if self.process.returncode is None and wait4 is not None:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    pid, status, usage = wait4(self.process.pid, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid:
                    self.process.returncode = os.waitstatus_to_exitcode(status)
                    self.cpu_seconds = usage.ru_utime + usage.ru_stime
                    self.peak_rss_kb = usage.ru_maxrss
                    break
                time.sleep(0.005)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.cpu_seconds == 0.0:
            self.cpu_seconds = time.perf_counter() - self.started
        if self.process.stdout is not None:
            self._reader.join(timeout=10)
            self.process.stdout.close()
        self._stderr.close()


def is_plain(rel: str) -> bool:
    """Whether `rel` holds nothing a glob would read as a pattern (letters and digits of any
    script, `-`, `_`, `.`, `/`) and names a file below the folder given with it (no empty, `.`
    or `..` part), so that Pagefind can be told to read that one file."""
    parts = rel.split("/")
    return all(c.isalnum() or c in "-_./" for c in rel) and all(
        part not in ("", ".", "..") for part in parts
    )


def _decode(data: memoryview) -> bytes | None:
    try:
        return base64.b64decode(data, validate=True)
    except ValueError:
        return None


def _write_files(payload: dict[str, Any], output: Path, skip: frozenset[str]) -> int:
    """Write the files of a GetFiles reply into `output`; how many."""
    written = 0
    for item in payload["files"]:
        name = PurePosixPath(str(item["path"]).replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or not name.parts:
            raise ValueError(f"索引程序给出的文件名不可用：{item['path']}")
        if name.as_posix() in skip:
            continue
        target = output.joinpath(*name.parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(item["content"]))
        except OSError as exc:
            raise ServiceError(f"无法写入索引文件 {target}：{exc}") from exc
        written += 1
    return written
