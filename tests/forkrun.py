"""The tests' `portal …` and `mkdocs …` commands, forked from processes that imported them ahead.

Most of the suite's time is builds of small projects, and most of a small build's processor time
was starting Python and importing: the engine, the theme, the portal's package (its dataclasses and
patterns), the command line's checks, the scan's modules. Each test worker keeps "zygote" processes
(`python tests/forkrun.py KIND ADDRESS`) that import what `python -m KIND` imports and then, for
each command, fork a child that runs it as the interpreter would: in the command's folder, with
its environment and umask, on the standard streams it is handed (a socket passes them), `runpy`
as `-m` runs it, then the threads joined, the functions registered at exit run and the streams
flushed, as at an interpreter's end. A zygote imports, then computes ahead what every command
of its kind computes alike (`_warm`: the comparison form's table, the scan's own-asset digests and
theme texts, which the product keeps for its process's life; `_engine_warm`: the theme's templates
compiled once per worker, the installed theme folders listed once); no thread is left running.
What an interpreter reads when it starts (PYTHON*, the locale) and what an import reads once
(the engines' banner switches) is compared: a command given other values than its zygote started
with runs in a zygote started with them (or, should none start, as a plain subprocess).
ProperDocs redirects every `mkdocs.*` import to itself, so each engine has zygotes of its own, and
the portal's command line has its own, with none of the engine imported, as in its real process.

`portal build` starts the engine's process itself (publishing.build_site); in a forked `portal`
command that process is forked too, from an engine's zygote, through the `launch` that the
preview uses for its engine started ahead (`build_site(launch=…)`): the command line, folder and
environment the build gives, the `portal` process's standard streams, its exit code waited for.
The engine starts the leak scan's process with multiprocessing's spawn (verify/scanner.py); in a
forked engine, the executable spawn starts is a launcher (LAUNCHER) that hands the spawned
command line and its descriptors to the scan's zygote, which forks a child that runs
`spawn_main` as that command line would (the preparation data and the work still come pickled
through the pipe, as in a spawned interpreter). Any other process a build starts (Pagefind,
git, the resource tracker, background removals) is started as before.

What a fork shares that separate interpreters do not: the hash seed. Commands alternate between
two zygotes of a kind and each is replaced after USES commands, so two commands in a row (a
build with the cache and one without, a filling build and the one measured) never share a seed,
and a session sees several. PORTAL_TEST_FORK=0 runs every command as a plain subprocess.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import importlib
import json
import locale
import os
import runpy
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
from pathlib import Path

ENVIRONMENT = "PORTAL_TEST_FORK"
USES = 120  # commands a zygote runs before it is replaced (a new hash seed; starting one takes
# 1 to 3 s of processor time: its imports and what it computes ahead)
RUNNER = "disclosure_portal.engine.run"  # how `portal build` runs the engine (engine/select.py)
ENGINES = ("mkdocs", "properdocs")
SCAN = "multiprocessing.spawn"  # the zygote kind of spawned processes (verify/scanner.py)
PORTAL = "disclosure_portal.cli"  # the portal's command line
SPAWN_RE = r"from multiprocessing\.spawn import spawn_main; spawn_main\(tracker_fd=(\d+), pipe_handle=(\d+)\)"
# the executable multiprocessing starts in a forked engine (multiprocessing.set_executable): a
# spawned process's command line (`-c "…spawn_main(…)" --multiprocessing-fork`) is handed to the
# scan's zygote with every descriptor it was given, at its number (the pipe it reads its work
# from, its queues', the resource tracker's), and it waits for the forked process's end, passing
# on the signals it is sent; any other command line is the interpreter's, as before
LAUNCHER = """#!{python} -I
import json, os, re, signal, socket, sys
PYTHON, ADDRESS, SPAWN_RE = {python!r}, {address!r}, {pattern!r}
args = sys.argv[1:]
found = re.fullmatch(SPAWN_RE, args[args.index("-c") + 1]) if "-c" in args[:-1] else None
if found is None:
    os.execv(PYTHON, [PYTHON, *args])
try:
    fds = []  # every descriptor this process was given, at its number (pipes, queues, tracker)
    for name in os.listdir("/proc/self/fd"):
        try:
            os.fstat(int(name))
            fds.append(int(name))
        except OSError:
            pass
    mask = os.umask(0)
    os.umask(mask)
    request = {{"spawn": [int(found[1]), int(found[2])], "fds": fds, "cwd": os.getcwd(),
               "env": dict(os.environ), "umask": mask}}
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(ADDRESS)
    data = json.dumps(request, ensure_ascii=False).encode() + b"\\n"
    socket.send_fds(connection, [data], fds)
    reply = connection.makefile("rb")
    pid = int(reply.readline())
except BaseException:  # not taken (other settings, no zygote): the interpreter, as before
    os.execv(PYTHON, [PYTHON, *args])
def forward(signum, frame):
    try:
        os.kill(pid, signum)
    except OSError:
        pass
for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(signum, forward)
line = reply.readline()
code = int(line) if line.strip() else -signal.SIGKILL
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
os._exit(code)
"""
# what the generator imports only when it needs it (an attachment's reader, the long texts' table,
# the project's loader in the scan's process): imported by every zygote, a command's fork has it
LATER = (
    "disclosure_portal.project",
    "disclosure_portal.read.history",
    "disclosure_portal.verify.search",
    "pypdf",
    "pypdf.generic",
    "PIL.Image",
    "olefile",
    "email.policy",
    "gzip",
    "bz2",
    "lzma",
    "numpy",
    "opencc",
)
PRELOAD = {  # per kind: what `python -m KIND` imports (the module it runs is run, not imported)
    "disclosure_portal.cli": (  # what cli.py imports, and what its commands import when run
        "disclosure_portal.publishing",
        "disclosure_portal.project",
        "disclosure_portal.verify.integrity",
        "disclosure_portal.verify.leakcheck",
        "disclosure_portal.verify.manifest",
    ),
    **{
        engine: (
            f"{engine}.__main__",
            f"{engine}.commands.build",
            "material.plugins.search.plugin",
            "disclosure_portal.engine.mkdocs_hook",
        )
        for engine in ENGINES
    },
    # the leak scan's process, which the engine starts with multiprocessing's spawn
    SCAN: (
        "multiprocessing.spawn",
        "concurrent.futures.process",
        "disclosure_portal.verify.scanner",
    ),
}


def _engine_warm(kind: str, templates: Path) -> None:
    """The engine's theme, compiled and listed once. A build without the build cache compiles
    the theme's templates from their source, about half of a small build's engine: in these
    tests such a build's environment keeps its compiled templates in `templates` (one folder for
    the worker's zygotes), in the build cache's own checked form (engine/templatecache.py: an
    entry is used only for the same source and the same Jinja environment: settings, extensions,
    filters and tests). A build with the cache reads its own cache first, as ever; a template it
    does not hold (or refused) is taken from the worker's folder when an earlier build compiled
    it, and written into the build's cache as a compilation would have written it. And what a
    folder of an installed package holds is listed by the zygote, not by every build again (the
    theme's assets are found so)."""
    import jinja2

    from disclosure_portal.engine.templatecache import TemplateCache

    templates.mkdir(exist_ok=True)
    theme = importlib.import_module(f"{kind}.theme")
    plain = theme.Theme.get_env

    def get_env(self):
        env = plain(self)
        if env.bytecode_cache is None:
            env.bytecode_cache = TemplateCache(templates)
        return env

    theme.Theme.get_env = get_env
    # a build with the cache: what its cache does not hold (checked and refused by it as ever),
    # compiled by an earlier build of this worker, goes into its cache as if compiled now
    shared = TemplateCache(templates)
    load_bytecode, dump_bytecode = TemplateCache.load_bytecode, TemplateCache.dump_bytecode

    def load_or_shared(self, bucket):
        load_bytecode(self, bucket)
        if bucket.code is None and self.folder != templates:
            load_bytecode(shared, bucket)
            if bucket.code is not None:
                dump_bytecode(self, bucket)

    def dump_both(self, bucket):
        dump_bytecode(self, bucket)
        if self.folder != templates:
            dump_bytecode(shared, bucket)

    TemplateCache.load_bytecode = load_or_shared
    TemplateCache.dump_bytecode = dump_both
    # every build lists the theme's files (material's 14,000 icons among them) to copy its
    # assets: what an installed package's folder holds is listed once, in the zygote
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    plain_list = jinja2.FileSystemLoader.list_templates
    listed: dict[tuple[str, bool], list[str]] = {}

    def list_templates(self):
        found: set[str] = set()
        for path in self.searchpath:
            names = listed.get((path, self.followlinks))
            if names is None:  # as Jinja lists one folder
                names = plain_list(jinja2.FileSystemLoader([path], followlinks=self.followlinks))
                if Path(path).resolve().is_relative_to(installed):
                    listed[path, self.followlinks] = names
            found.update(names)
        return sorted(found)

    jinja2.FileSystemLoader.list_templates = list_templates
    for folder in theme.Theme(name="material").dirs:
        jinja2.FileSystemLoader([folder]).list_templates()


def _warm(kind: str, folder: str) -> None:
    """Compute ahead what every command of `kind` computes alike and its process keeps for its
    life: the comparison form's table (textform), and in the processes that scan (the scan's, and
    the portal's command line for `portal check-site`) the digests of the engine's own assets (a
    Pagefind run on a one-page site) and the installed theme packages' texts
    (fingerprints.theme_folder_form: material's 14,000 files); in every process, the installed
    packages' versions (version.installed_version) and the generator's code digest
    (cache.environment_digest). Each is what the product computes the first time it needs it,
    from the installed packages alone."""
    from disclosure_portal import cache
    from disclosure_portal.model import textform
    from disclosure_portal.verify.fingerprints import ATTACHMENT_READERS
    from disclosure_portal.version import installed_version

    textform.normalize("预热" * textform.ARRAY_FROM)  # the table, and its array for long texts
    cache.environment_digest()
    for name in ("opencc", "pyahocorasick", "pagefind-bin-extended", *ATTACHMENT_READERS):
        installed_version(name)
    if kind in ENGINES:
        _engine_warm(kind, Path(folder) / "templates")
    if kind not in (SCAN, PORTAL):  # `portal check-site` scans in the command's own process
        return
    from disclosure_portal.verify import fingerprints

    fingerprints.own_asset_digests()
    for place, _ in fingerprints._theme_places():  # material's, MkDocs' and ProperDocs' themes
        if (place / "templates").is_dir():
            fingerprints.theme_folder_form(place / "templates")


def _interpreter_settings(env: dict[str, str], kind: str = "") -> dict[str, str]:
    """What a new interpreter reads at its start, or what an import of `kind` reads once and
    keeps (the engines' banner switches: not the scan's, which imports no engine, and which the
    theme's import changes in the engine's environment before the scan starts)."""
    settings = {
        k: v for k, v in env.items() if k.startswith(("PYTHON", "LC_")) or k in ("LANG", "LANGUAGE")
    }
    if kind in (SCAN, PORTAL):  # the Pagefind binary whose assets the zygote learnt (_warm)
        settings["PORTAL_PAGEFIND"] = env.get("PORTAL_PAGEFIND", "")
    if kind != SCAN:  # as material and ProperDocs read them: set or not, "true" or not
        settings["NO_MKDOCS_2_WARNING"] = str(bool(env.get("NO_MKDOCS_2_WARNING")))
        settings["DISABLE_MKDOCS_2_WARNING"] = env.get("DISABLE_MKDOCS_2_WARNING", "").lower()
    return settings


# --- asking a zygote -----------------------------------------------------------------------------


def _ask(address: str, request: dict, streams: list[int]) -> tuple[socket.socket, int]:
    """Hand `request` and the standard streams `streams` to the zygote at `address`: the
    connection (its next line is the exit code) and the forked child's process id."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address)
        data = json.dumps(request, ensure_ascii=False).encode() + b"\n"
        socket.send_fds(connection, [data], streams)
        return connection, int(_line(connection))
    except BaseException:
        connection.close()
        raise


def _line(connection: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(1)
        if not chunk:
            raise OSError("the zygote ended")
        data += chunk
    return data


class _Forked:
    """The engine's process forked for `portal build`, as the `subprocess.Popen` it waits on."""

    def __init__(self, connection: socket.socket, pid: int, args: list[str]) -> None:
        self.connection, self.pid, self.args = connection, pid, args
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.connection], [], [], 0)[0]:
            self.wait()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.connection.settimeout(timeout)
            try:
                self.returncode = int(_line(self.connection))
            except TimeoutError:
                self.connection.settimeout(None)
                raise subprocess.TimeoutExpired(self.args, timeout) from None
            except (OSError, ValueError):
                self.returncode = -signal.SIGKILL
            self.connection.close()
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    terminate = kill


def _engine_launch(engines: dict[str, str], launcher: str | None):
    """`build_site`'s `launch` in a forked `portal` command: the engine's command line forked from
    the engine's zygote, on this process's standard streams; any other started as before."""

    def launch(command: list[str], folder: Path, env: dict[str, str]):
        engine = command[3] if len(command) > 3 else ""
        address = engines.get(engine)
        if (
            address
            and command[:3] == [sys.executable, "-m", RUNNER]
            and _interpreter_settings(env) == _interpreter_settings(dict(os.environ))
        ):
            request = {
                "module": RUNNER,
                "args": command[3:],
                "cwd": str(folder),
                "env": env,
                "umask": _umask(),
                "launcher": launcher,
            }
            with contextlib.suppress(OSError, ValueError):
                connection, pid = _ask(address, request, [0, 1, 2])
                return _Forked(connection, pid, command)
        return subprocess.Popen(command, cwd=folder, env=env)

    return launch


# --- the zygote --------------------------------------------------------------------------------


def _child(request: dict, streams: list[int]) -> None:
    """In the forked child: run the command as `python -m` would, then leave as the interpreter
    does (threads joined, exit functions, streams flushed). Never returns."""
    code = 1
    try:
        numbers = request.get("fds", (0, 1, 2))  # each received descriptor's number to be
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 1000) for fd in streams]  # (none overwritten)
        for fd in streams:
            os.close(fd)
        for fd, number in zip(high, numbers, strict=True):
            os.dup2(fd, number)
            os.close(fd)
        sys.stdin = open(0, encoding=sys.stdin.encoding, closefd=False)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        os.environ.clear()
        os.environ.update(request["env"])
        if spawned := request.get("spawn"):  # `python -c "…spawn_main(…)"` (descriptors handed)
            from multiprocessing.spawn import spawn_main

            sys.argv = ["-c", "--multiprocessing-fork"]  # as that command line starts
            try:
                spawn_main(tracker_fd=spawned[0], pipe_handle=spawned[1])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            return
        sys.argv = [request["module"], *request["args"]]
        sys.path[0] = os.getcwd()  # as `python -m` starts: the folder first, not this one's
        if engines := request.get("engines"):  # `portal …`: the engine it starts forked
            from disclosure_portal import publishing

            launch = _engine_launch(engines, request.get("launcher"))
            publishing.build_site.__kwdefaults__["launch"] = launch
        elif launcher := request.get("launcher"):  # an engine: its scan's process forked
            import multiprocessing

            multiprocessing.set_executable(launcher)
        try:
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code & 0xFF
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        with contextlib.suppress(BaseException):
            threading._shutdown()  # type: ignore[attr-defined]
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


_SETTINGS: dict[str, str] = {}  # the zygote's own interpreter settings
_KIND = ""  # what the zygote runs


def _serve_one(listener: socket.socket) -> None:
    connection, _ = listener.accept()
    with connection:
        data, streams, _, _ = socket.recv_fds(connection, 1 << 16, 200)
        while not data.endswith(b"\n"):
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            data += chunk
        request = json.loads(data) if data.endswith(b"\n") else {}
        wanted = len(request.get("fds", (0, 1, 2)))
        settings = _interpreter_settings(request.get("env", {}), _KIND)
        if len(streams) != wanted or settings != _SETTINGS:
            for fd in streams:
                os.close(fd)
            with contextlib.suppress(OSError):
                connection.sendall(b"-\n")  # not here: the asker starts the command itself
            return
        pid = os.fork()
        if pid == 0:
            listener.close()
            connection.close()
            _child(request, streams)
        for fd in streams:
            os.close(fd)
        with contextlib.suppress(OSError):
            connection.sendall(b"%d\n" % pid)
        _, status = os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            connection.sendall(b"%d\n" % os.waitstatus_to_exitcode(status))


def serve(kind: str, address: str) -> None:
    """The zygote for `python -m KIND` at `address`: import, say so on standard output, then fork
    one child per connection; standard input closed (the tests' worker gone) ends it."""
    global _SETTINGS, _KIND
    _SETTINGS, _KIND = _interpreter_settings(dict(os.environ), kind), kind
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)  # first: a zygote that cannot listen ends before it imports
    listener.listen(8)
    for module in (*PRELOAD[kind], *LATER):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    _warm(kind, os.path.dirname(address))
    # what the command runs is not imported yet (runpy would warn, and run it again anyway)
    sys.modules.pop(f"{kind}.__main__", None)
    gc.collect()
    gc.freeze()  # imported objects stay shared with the children (no reference counts copied)
    sys.stdout.buffer.write(b"ready\n")
    sys.stdout.buffer.flush()
    stdin = sys.stdin.buffer.fileno()
    while True:
        ready, _, _ = select.select([listener, stdin], [], [])
        if stdin in ready and not os.read(stdin, 1 << 12):
            break
        if listener in ready:
            _serve_one(listener)


# --- the tests' side ---------------------------------------------------------------------------


class _Zygote:
    def __init__(self, kind: str, env: dict[str, str], folder: str) -> None:
        self.settings = _interpreter_settings(env, kind)
        self.uses = 0
        self.address = tempfile.mktemp(prefix=f"{kind}-", suffix=".sock", dir=folder)
        self.launcher = ""
        if kind == SCAN:
            self.launcher = self.address.removesuffix(".sock") + ".py"
            text = LAUNCHER.format(python=sys.executable, address=self.address, pattern=SPAWN_RE)
            Path(self.launcher).write_text(text, encoding="utf-8")
            os.chmod(self.launcher, 0o755)
        self.process = subprocess.Popen(
            [sys.executable, __file__, kind, self.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=folder,
        )
        self.ready = False

    def usable(self, settings: dict[str, str]) -> bool:
        if not self.ready and self.process.poll() is None:
            self.ready = self.process.stdout.readline() == b"ready\n"
        return self.ready and self.process.poll() is None and self.settings == settings

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for path in (self.address, self.launcher):
            with contextlib.suppress(OSError):
                if path:
                    os.unlink(path)


class _Pool:
    """Two zygotes of a kind, taking turns, each replaced after USES commands."""

    def __init__(self, kind: str, folder: str) -> None:
        self.kind, self.folder = kind, folder
        self.zygotes: list[_Zygote] = []
        self.turn = 0
        self.failed = False  # a zygote that could not start: plain subprocesses from then on

    def take(self, env: dict[str, str]) -> _Zygote | None:
        if self.failed:
            return None
        settings = _interpreter_settings(env, self.kind)
        while len(self.zygotes) < 2:  # both start now: the second imports while the first runs
            self.zygotes.append(_Zygote(self.kind, env, self.folder))
        self.turn = (self.turn + 1) % 2
        zygote = self.zygotes[self.turn]
        if not zygote.usable(settings):
            zygote.close()
            zygote = self.zygotes[self.turn] = _Zygote(self.kind, env, self.folder)
            if not zygote.usable(settings):  # started with these settings, and did not start
                self.failed = True
                self.close()
                return None
        zygote.uses += 1
        return zygote

    def renew(self, env: dict[str, str]) -> None:
        """Replace the zygotes that ran USES commands; the new ones import meanwhile."""
        for i, zygote in enumerate(self.zygotes):
            if zygote.uses >= USES:
                zygote.close()
                self.zygotes[i] = _Zygote(self.kind, env, self.folder)

    def close(self) -> None:
        for zygote in self.zygotes:
            zygote.close()
        self.zygotes = []


class _Pools:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.folder = ""
        self.pools: dict[str, _Pool] = {}

    def take(self, kind: str, env: dict[str, str]) -> _Zygote | None:
        if self.pid != os.getpid():  # a forked test process: its own zygotes
            self.pid, self.folder, self.pools = os.getpid(), "", {}
        if not self.folder:  # a socket's path has at most 107 bytes: a short folder
            self.folder = tempfile.mkdtemp(prefix="forkrun-")
            if len(self.folder) > 60 and os.path.isdir("/tmp"):
                os.rmdir(self.folder)
                self.folder = tempfile.mkdtemp(prefix="forkrun-", dir="/tmp")
        pool = self.pools.setdefault(kind, _Pool(kind, self.folder))
        return pool.take(env)

    def renew(self, env: dict[str, str]) -> None:
        for pool in self.pools.values():
            pool.renew(env)

    def close(self) -> None:
        if self.pid != os.getpid():
            return
        for pool in self.pools.values():
            pool.close()
        self.pools = {}
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)  # the compiled templates with it


_pools = _Pools()
atexit.register(_pools.close)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _engine_of(env: dict[str, str]) -> str | None:
    """The engine `portal build` would run with `env` (engine/select.py), or None."""
    from disclosure_portal.engine import select as engines

    wanted = env.get(engines.ENVIRONMENT, "").strip().lower()
    installed = engines.installed_engines()
    if wanted:
        return wanted if wanted in installed else None
    return installed[0] if installed else None


def run(
    module: str, args: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS…` in `cwd` with `env`, output captured as text (what
    `subprocess.run(…, capture_output=True, text=True)` returns)."""
    command = [sys.executable, "-m", module, *args]
    zygote = None
    if os.environ.get(ENVIRONMENT, "1") != "0" and module in PRELOAD and module != SCAN:
        zygote = _pools.take(module, env)
    if zygote is None:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    request = {"module": module, "args": list(args), "cwd": str(cwd), "env": env}
    request["umask"] = _umask()
    engine = _engine_of(env) if module == PORTAL else None
    if engine and (engine_zygote := _pools.take(engine, env)) is not None:
        request["engines"] = {engine: engine_zygote.address}
    if (module in ENGINES or "engines" in request) and (scan := _pools.take(SCAN, env)):
        request["launcher"] = scan.launcher
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        open(os.devnull, "rb") as nothing,
    ):
        try:
            connection, _ = _ask(
                zygote.address, request, [nothing.fileno(), out.fileno(), err.fileno()]
            )
        except (OSError, ValueError):  # the zygote could not take it: a plain subprocess
            return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
        with connection:
            code = int(_line(connection))
        _pools.renew(env)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, code, _text(out.read()), _text(err.read()))


def _text(data: bytes) -> str:
    """A captured stream as `subprocess.run(…, text=True)` decodes it."""
    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
