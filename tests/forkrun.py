"""The tests' `portal …` and `mkdocs …` commands, forked from processes that imported them ahead.

Most of the suite's time is builds of small projects, and most of a small build's processor time
was starting Python and importing: the engine, the theme, the portal's package (its dataclasses and
patterns), the command line's checks. Each test worker keeps "zygote" processes
(`python tests/forkrun.py KIND ADDRESS`) that import what `python -m KIND` imports and then, for
each command, fork a child that runs it as the interpreter would: in the command's folder, with
its environment and umask, on the standard streams it is handed (a socket passes them), `runpy`
as `-m` runs it, then the threads joined, the functions registered at exit run and the streams
flushed, as at an interpreter's end. Nothing runs in a zygote but imports (none starts a thread;
what an import reads from the environment once is compared: a command whose interpreter settings
differ from its zygote's runs as a plain subprocess). ProperDocs redirects every `mkdocs.*` import
to itself, so each engine has zygotes of its own, and the portal's command line has its own, with
none of the engine imported, as in its real process.

`portal build` starts the engine's process itself (publishing.build_site); in a forked `portal`
command that process is forked too, from an engine's zygote, through the `launch` that the
preview uses for its engine started ahead (`build_site(launch=…)`): the command line, folder and
environment the build gives, the `portal` process's standard streams, its exit code waited for.
Any other command line the build starts is started as before.

What a fork shares that separate interpreters do not: the hash seed. Commands alternate between
two zygotes of a kind and each is replaced after a few commands, so two builds a test compares
(with the cache and without, a filling build and the one measured) run with different seeds, as
they did in separate interpreters. PORTAL_TEST_FORK=0 runs every command as a plain subprocess.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import locale
import os
import runpy
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ENVIRONMENT = "PORTAL_TEST_FORK"
USES = 12  # commands a zygote runs before it is replaced (a new hash seed)
RUNNER = "disclosure_portal.engine.run"  # how `portal build` runs the engine (engine/select.py)
ENGINES = ("mkdocs", "properdocs")
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
}


def _interpreter_settings(env: dict[str, str]) -> dict[str, str]:
    """What a new interpreter reads at its start, or what an import reads once and keeps."""
    return {
        k: v
        for k, v in env.items()
        if k.startswith(("PYTHON", "LC_"))
        or k in ("LANG", "LANGUAGE", "NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")
    }


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


def _engine_launch(engines: dict[str, str]):
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
        for fd, received in zip((0, 1, 2), streams, strict=True):
            os.dup2(received, fd)
            os.close(received)
        sys.stdin = open(0, encoding=sys.stdin.encoding, closefd=False)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [request["module"], *request["args"]]
        sys.path[0] = os.getcwd()  # as `python -m` starts: the folder first, not this one's
        if engines := request.get("engines"):
            from disclosure_portal import publishing

            publishing.build_site.__kwdefaults__["launch"] = _engine_launch(engines)
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


def _serve_one(listener: socket.socket) -> None:
    connection, _ = listener.accept()
    with connection:
        data, streams, _, _ = socket.recv_fds(connection, 1 << 16, 3)
        while not data.endswith(b"\n"):
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            data += chunk
        if len(streams) != 3 or not data.endswith(b"\n"):
            for fd in streams:
                os.close(fd)
            return
        request = json.loads(data)
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
    for module in PRELOAD[kind]:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    # what the command runs is not imported yet (runpy would warn, and run it again anyway)
    sys.modules.pop(f"{kind}.__main__", None)
    gc.collect()
    gc.freeze()  # imported objects stay shared with the children (no reference counts copied)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(8)
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
        self.settings = _interpreter_settings(env)
        self.uses = 0
        self.address = tempfile.mktemp(prefix=f"{kind}-", suffix=".sock", dir=folder)
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
        with contextlib.suppress(OSError):
            os.unlink(self.address)


class _Pool:
    """Two zygotes of a kind, taking turns, each replaced after USES commands."""

    def __init__(self, kind: str, folder: str) -> None:
        self.kind, self.folder = kind, folder
        self.zygotes: list[_Zygote] = []
        self.turn = 0

    def take(self, env: dict[str, str]) -> _Zygote | None:
        settings = _interpreter_settings(env)
        while len(self.zygotes) < 2:  # both start now: the second imports while the first runs
            self.zygotes.append(_Zygote(self.kind, env, self.folder))
        self.turn = (self.turn + 1) % 2
        zygote = self.zygotes[self.turn]
        if not zygote.usable(settings):
            zygote.close()
            zygote = self.zygotes[self.turn] = _Zygote(self.kind, env, self.folder)
            if not zygote.usable(settings):
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
        if not self.folder:
            self.folder = tempfile.mkdtemp(prefix="forkrun-")
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
            with contextlib.suppress(OSError):
                os.rmdir(self.folder)


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
    if os.environ.get(ENVIRONMENT, "1") != "0" and module in PRELOAD:
        zygote = _pools.take(module, env)
    if zygote is None:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    request = {"module": module, "args": list(args), "cwd": str(cwd), "env": env}
    request["umask"] = _umask()
    engine = _engine_of(env) if module == "disclosure_portal.cli" else None
    if engine and (engine_zygote := _pools.take(engine, env)) is not None:
        request["engines"] = {engine: engine_zygote.address}
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
