"""`portal serve`: the editors' preview.

It watches content/, catalogs/ and mkdocs.yml and, after every change, validates the whole
project and rebuilds the site with the publishing build (`publishing.build_site`, the same
build, leak check and fail-closed swap as `portal build`) into a folder outside the repository.
The HTTP server answers every request at once from that folder or from memory, never waiting
for a rebuild: a small script in each page asks for `/__portal/version`, which answers as soon
as what is shown changes (a request held open, at most WAIT_SECONDS), and reloads the page then:
a rebuild shows the moment it is swapped in, not at the page's next question.

Fail closed: while content has errors, or the build or its leak check fails, every URL shows a
Chinese page listing the errors (file, key, line, message; escaped), never the previous output.
When a change takes a document out of the public set (a 不予公开 change, a deletion), the old
output is not served while the rebuild runs: the published set of the output is read from its
manifest.json, and the preview says it is being regenerated until the new output is there.

The build runs in a child process (`python -m disclosure_portal.previewbuild ROOT TARGET`, which
calls `build_site(preview=True)`: the build cache, no search index), so that the engine's messages
are captured for the error page and the server stays responsive; the process for the next change
(and its engine's) is started as soon as a build ends and waits, its modules imported, for the
word to build. It starts as soon as a change has
settled, and this process validates the project meanwhile, on the other core: errors stop the
build and show at once; a document that left the public set hides the old output as soon as the
validation says so, while the build still runs. Per change the preview costs one validation of
the whole project beside one publishing build with the cache.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from disclosure_portal import cache, previewbuild
from disclosure_portal.clitext import DEFAULT_ADDRESS
from disclosure_portal.model.problems import Problem
from disclosure_portal.plan.moves import attach_history
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import CONFIG_FILE, load_settings

VERSION_PATH = "/__portal/version"
QUIET = 0.3  # seconds without a change before a rebuild starts
POLL_MS = 1000  # how often a page in a background tab asks (twice that after a failed question)
WAIT_SECONDS = 25  # how long `/__portal/version?since=N` is held open while N is still shown
MANIFEST = "manifest.json"
READS = ("opened", "closed_no_write")  # watchdog's events for a file read (by the build itself)

# a problem line as the build prints it: `path:key: message（第 N 行）`, after a log prefix
PROBLEM_LINE = re.compile(
    r"(?P<path>(?:[\w.\-\u4e00-\u9fff]+/)*[\w.\-\u4e00-\u9fff]+\.(?:md|ya?ml|txt|[a-z0-9]{1,5})"
    r"|mkdocs\.yml|git)"
    r":(?P<key>[^\s:]+): (?P<message>.+?)(?:（第 (?P<line>\d+) 行）)?$"
)


@dataclass(frozen=True)
class Shown:
    """What every URL answers with now: the output folder, or a page of its own."""

    mode: str  # "site", "errors", "waiting"
    version: int
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # lines of the build's output where it named no file


@dataclass
class Preview:
    """The preview's state: the output folder, what is shown, the watcher's flag."""

    root: Path
    target: Path
    shown: Shown = field(default_factory=lambda: Shown("waiting", 0))
    served_sources: frozenset[str] | None = None  # documents of the output being served
    standby: Build | None = None  # the process for the next build, waiting to be told
    dirty: threading.Event = field(default_factory=threading.Event)
    stopped: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)  # notified whenever `shown` changes

    def show(self, mode: str, problems=(), notes=()) -> None:
        with self.changed:
            self.shown = Shown(mode, self.shown.version + 1, tuple(problems), tuple(notes))
            self.changed.notify_all()

    def shown_after(self, version: int, timeout: float) -> Shown:
        """What is shown, once it is no longer `version` (or after `timeout` seconds, or once
        the preview stops)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.shown.version != version or self.stopped.is_set(), timeout
            )
            return self.shown

    def stop(self) -> None:
        """The preview ends: questions held open are answered now."""
        with self.changed:
            self.stopped.set()
            self.changed.notify_all()

    # --- one rebuild -----------------------------------------------------------------------

    def rebuild(self) -> None:
        """Validate; on errors show them; else build (hiding the old output first when a
        document left the public set) and show the new output or what made the build fail."""
        settings = load_settings(self.root, CONFIG_FILE)
        bad = [p for p in settings.problems if p.is_error]
        if bad:
            problems = [Problem(CONFIG_FILE, p.key, p.message) for p in bad]
            self.show("errors", problems)
            _say(f"mkdocs.yml 有 {len(problems)} 个错误：预览显示错误列表，修正后自动恢复。")
            return
        # the build starts at once, on the other core, while this process validates: the
        # build is fail-closed by itself (it validates, leaves withheld documents out and checks
        # its output before it replaces the folder), and what is shown waits for both
        build = self.start()
        try:
            # the build cache the build uses: the git record (kept under the commit: an edit in
            # the working tree is not a commit) and the texts found clean are read from it
            store, _ = cache.BuildCache.open(cache.cache_folder(settings.root), settings.root)
            site = load_site(settings, memo=store.memo() if store is not None else None)
            attach_history(site, cache.cached_history(settings.root, store))
        except BaseException:
            build.stop()
            raise
        if site.errors:
            build.stop()
            self.show("errors", site.errors)
            _say(f"内容有 {len(site.errors)} 个错误：预览显示错误列表，修正后自动恢复。")
            for problem in site.errors:
                _say(f"  {problem}")
            return
        public = frozenset(doc.path for doc in site.public.documents)
        if must_hide(self.served_sources, public) or self.shown.mode != "site":
            self.show("waiting")
        _say("正在重新生成预览……")
        ok, output = build.result()
        if not ok:
            problems, notes = parse_output(output, hide=str(self.target.parent))
            if not problems and not notes:
                notes = ["生成网站失败，原因见运行 portal serve 的命令行窗口。"]
            self.show("errors", problems, notes)
            _say("生成失败：预览显示错误列表，修正后自动恢复。")
            for line in output.splitlines():
                if line.strip():
                    _say(f"  {line}")
            return
        self.served_sources = published_sources(self.target)
        self.show("site")
        warnings = f"，{len(site.warnings)} 个警告（portal validate 查看）" if site.warnings else ""
        _say(f"预览已更新：{len(self.served_sources)} 个主动公开的文件{warnings}。")

    def start(self) -> Build:
        """The build of this change: the standby process, told to build, or a new one."""
        waiting, self.standby = self.standby, None
        if waiting is not None:
            if waiting.go():
                return waiting
            waiting.stop()
        return start_build(self.root, self.target)

    def prepare(self) -> None:
        """Start the process for the next build, unless the preview stopped."""
        if self.standby is None and not self.stopped.is_set():
            self.standby = Build(self.root, self.target, standby=True)

    def loop(self) -> None:
        """Rebuild after every quiet period that follows a change, until stopped."""
        while not self.stopped.is_set():
            if not self.dirty.wait(timeout=0.5):
                continue
            while True:  # wait for the editor's save to settle
                self.dirty.clear()
                if self.stopped.wait(QUIET) or not self.dirty.is_set():
                    break
            if self.stopped.is_set():
                break
            try:
                self.rebuild()
            except Exception as exc:  # never leave the old output showing after a crash
                self.show("errors", (), [f"预览出错：{type(exc).__name__}：{exc}"])
                _say(f"预览出错：{exc}")
            with contextlib.suppress(OSError):  # else the next change starts its own
                self.prepare()
        if self.standby is not None:  # stopped: it ends without building
            self.standby.stop()


def must_hide(served: frozenset[str] | None, public: frozenset[str]) -> bool:
    """Whether the output being served shows a document that is no longer public (or is
    unknown): then it may not be served while the rebuild runs."""
    return served is None or not served <= public


def published_sources(site_dir: Path) -> frozenset[str]:
    """The sources of the documents an output publishes, from its manifest.json."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        return frozenset(str(d["source"]) for d in data.get("documents", []))
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()


def parse_output(output: str, hide: str = "") -> tuple[list[Problem], list[str]]:
    """The problems a failed build printed (`path:key: message（第 N 行）`), and its other
    Chinese lines (a leak-check finding) as notes; lines naming `hide` (the preview's own
    folder) are left out."""
    problems: list[Problem] = []
    notes: list[str] = []
    seen: set[str] = set()
    for raw in output.splitlines():
        line = re.sub(r"^\s*(?:(?:ERROR|WARNING|INFO)\s*-\s*)?", "", raw).rstrip()
        if not line or line in seen or (hide and hide in line):
            continue
        seen.add(line)
        if raw.lstrip().startswith("WARNING"):
            continue  # warnings do not stop a build
        m = PROBLEM_LINE.search(line)
        if m:
            number = m.group("line")
            problems.append(
                Problem(m["path"], m["key"], m["message"], int(number) if number else None)
            )
        elif any("\u4e00" <= c <= "\u9fff" for c in line):
            notes.append(line)
    return problems, notes


class Build:
    """`build_site` into a folder, running in a child process (the engine's messages are
    captured for the error page, and the server stays responsive). `standby`: the process
    starts now and builds once told to (`go`)."""

    def __init__(self, root: Path, target: Path, standby: bool = False) -> None:
        command = [sys.executable, "-m", "disclosure_portal.previewbuild", str(root), str(target)]
        self._process = subprocess.Popen(
            [*command, previewbuild.STANDBY] if standby else command,
            cwd=root,
            stdin=subprocess.PIPE if standby else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"),
            start_new_session=True,  # stopped together with the engine and its workers
        )

    def go(self) -> bool:
        """Tell a standby process to build now; False when it cannot be told (it ended)."""
        if self._process.poll() is not None or self._process.stdin is None:
            return False
        try:
            self._process.stdin.write(previewbuild.GO + "\n")
            self._process.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def result(self) -> tuple[bool, str]:
        """Wait for the build: (success, what it printed)."""
        output, _ = self._process.communicate()
        return self._process.returncode == 0, output or ""

    def stop(self) -> None:
        """Stop the build (content has errors: its result is not wanted). Stopped before it
        replaced the folder, it leaves the folder as it was; the preview shows the errors."""
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                if hasattr(os, "killpg"):  # the build's session: the engine and its workers
                    os.killpg(self._process.pid, signal.SIGTERM)
                else:  # Windows: the child; the engine it started ends on its own
                    self._process.terminate()
        with contextlib.suppress(Exception):
            self._process.communicate(timeout=30)


def start_build(root: Path, target: Path) -> Build:
    """`build_site` into `target`, started in a child process."""
    return Build(root, target)


def run_build(root: Path, target: Path) -> tuple[bool, str]:
    """`build_site` into `target`, in a child process; (success, what it printed)."""
    return start_build(root, target).result()


def _say(text: str) -> None:
    print(text, flush=True)


# --- pages of the preview's own ----------------------------------------------------------------

RELOAD = """<script>
(function () {
  var shown = %d;
  // a page in view waits on an open question; one in a background tab asks briefly, now
  // and then (a browser opens few connections to one server: held ones would stall the rest)
  function ask() {
    var hidden = document.hidden;
    fetch("%s" + (hidden ? "" : "?since=" + shown), {cache: "no-store"}).then(function (r) {
      return r.json();
    }).then(function (d) {
      if (d.version !== shown) { location.reload(); } else { setTimeout(ask, hidden ? %d : 0); }
    }).catch(function () { setTimeout(ask, %d); });
  }
  ask();
})();
</script>"""


def reload_script(version: int) -> str:
    return RELOAD % (version, VERSION_PATH, POLL_MS, POLL_MS * 2)


def _page(title: str, body: str, version: int) -> str:
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;"
        "line-height:1.6;color:#222}h1{color:#b71c1c;font-size:1.5rem}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;"
        "text-align:left;vertical-align:top}th{background:#f5f5f5}"
        "td.path{font-family:monospace;word-break:break-all}</style></head><body>"
        f"{body}{reload_script(version)}</body></html>\n"
    )


def error_page(shown: Shown) -> str:
    """Every error, escaped: 文件, 项目, 行, 说明."""
    count = len(shown.problems)
    title = f"预览暂停：内容有 {count} 个错误" if count else "预览暂停：生成网站失败"
    rows = "".join(
        "<tr>"
        f'<td class="path">{html.escape(p.path)}</td>'
        f"<td>{html.escape(p.key)}</td>"
        f"<td>{p.line or ''}</td>"
        f"<td>{html.escape(p.message)}</td>"
        "</tr>"
        for p in shown.problems
    )
    table = (
        "<table><thead><tr><th>文件</th><th>项目</th><th>行</th><th>说明</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in shown.notes)
    body = (
        f"<h1>{html.escape(title)}</h1>"
        "<p>有错误时不显示网站（以免显示不应公开的内容）。请按下表修改文件并保存，"
        "预览会自动重新生成并恢复，无需重新启动。</p>"
        f"{table}{notes}"
    )
    return _page(title, body, shown.version)


def waiting_page(shown: Shown) -> str:
    title = "正在生成预览"
    body = f"<h1>{title}……</h1><p>生成完成后本页自动刷新。</p>"
    return _page(title, body, shown.version)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Answers at once: the output's file (HTML with the reload script), the error page, or
    the waiting page; never a directory listing."""

    preview: Preview  # set on the subclass made by `serve`

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _send(self, status: int, kind: str, data: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _answer(self, head: bool) -> None:
        shown = self.preview.shown
        path, _, query = self.path.split("#", 1)[0].partition("?")
        if path == VERSION_PATH:
            since = parse_qs(query).get("since", [""])[0]
            # ASCII digits only: "²" (%C2%B2) is a digit to str.isdigit but not to int()
            if since.isascii() and since.isdigit() and len(since) < 20:  # held while shown
                shown = self.preview.shown_after(int(since), WAIT_SECONDS)
            data = json.dumps({"version": shown.version, "mode": shown.mode}).encode()
            self._send(HTTPStatus.OK, "application/json", data, head)
            return
        if shown.mode == "errors":
            page = error_page(shown).encode("utf-8")
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page, head)
            return
        if shown.mode != "site":
            page = waiting_page(shown).encode("utf-8")
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", page, head)
            return
        self._file(path, shown, head)

    def _file(self, path: str, shown: Shown, head: bool) -> None:
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            local = local / "index.html"
        status = HTTPStatus.OK
        if not local.is_file():
            local, status = self.preview.target / "404.html", HTTPStatus.NOT_FOUND
        try:
            data = local.read_bytes()
        except OSError:  # the output is being swapped: answer now, the page reloads itself
            data, local, status = b"", local.with_suffix(".html"), HTTPStatus.NOT_FOUND
        kind = self.guess_type(str(local))
        if local.suffix == ".html":
            text = data.decode("utf-8", errors="replace")
            script = reload_script(shown.version)
            at = text.rfind("</body>")
            text = text[:at] + script + text[at:] if at >= 0 else text + script
            data, kind = text.encode("utf-8"), "text/html; charset=utf-8"
        self._send(status, kind, data, head)

    def translate_path(self, path: str) -> str:
        self.directory = str(self.preview.target)
        return super().translate_path(path)


def parse_address(text: str) -> tuple[str, int]:
    """HOST:PORT (or :PORT, or PORT) -> (host, port); ValueError with a Chinese reason."""
    host, _, port = text.rpartition(":") if ":" in text else ("", "", text)
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"地址“{text}”应为 主机:端口，例如 127.0.0.1:8000")
    return host, int(port)


def watch(preview: Preview, folders: list[Path]):
    """Mark the preview dirty on any change in `folders` (recursive) or of mkdocs.yml."""
    config = (preview.root / CONFIG_FILE).resolve()

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in READS:
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            if any(p and ".git" not in Path(p).parts for p in paths):
                preview.dirty.set()

    class ConfigChanged(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in READS:
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            if any(p and Path(p).resolve() == config for p in paths):
                preview.dirty.set()

    observer = Observer()
    for folder in folders:
        if folder.is_dir():
            observer.schedule(Changed(), str(folder), recursive=True)
    observer.schedule(ConfigChanged(), str(preview.root), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


def serve(root: Path, address: str = DEFAULT_ADDRESS) -> int:
    """Run the preview until interrupted; 1 when it cannot start."""
    try:
        host, port = parse_address(address)
    except ValueError as exc:
        _say(str(exc))
        return 2
    if not (root / CONFIG_FILE).exists():
        _say(f"当前目录 {root} 下没有 {CONFIG_FILE}：请在门户项目的根目录运行 portal serve。")
        return 1
    settings = load_settings(root, CONFIG_FILE)
    work = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    preview = Preview(root=root, target=work / "site")
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        _say(
            f"无法在 {host}:{port} 启动预览：{exc.strerror or exc}（端口可能已被占用，可用 -a 换一个）"
        )
        return 1
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, _interrupt)  # a stop from outside cleans up like Ctrl+C
    observer = watch(preview, [settings.docs_dir, settings.catalogs_dir])
    builder = threading.Thread(target=preview.loop, daemon=True)
    builder.start()
    preview.dirty.set()
    shown_host = f"[{host}]" if ":" in host else host
    _say(f"预览地址：http://{shown_host}:{server.server_address[1]}/（按 Ctrl+C 停止）")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _say("注意：预览对本机以外开放；内容有错误时页面会列出文件名和错误说明。")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        _say("预览已停止。")
    finally:
        preview.stop()
        observer.stop()
        server.server_close()
        builder.join(timeout=2)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
