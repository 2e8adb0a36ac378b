"""Running `portal serve` in tests: a subprocess on a free port, and waiting for its state."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers import portal_env

WAIT = 180  # an upper bound for one rebuild on a loaded two-core machine, not a timing check


def stop_engine_serve(process: subprocess.Popen) -> None:
    """Stop a `mkdocs serve`/`properdocs serve` as Ctrl+C does: the engine removes its temporary
    site folder on an interrupt, not when terminated (SIGTERM left one in /tmp per test)."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, text) of a GET; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


def get_bytes(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Served:
    """`portal serve` on a project, in a subprocess; its temporary folders under `tmp`."""

    def __init__(self, root: Path, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.log = (tmp / "serve.log").open("w", encoding="utf-8")
        env = portal_env() | {"TMPDIR": str(tmp)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "disclosure_portal.cli",
                "serve",
                "-a",
                f"127.0.0.1:{self.port}",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                self.state()
                break
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.2)

    def state(self) -> dict:
        with urllib.request.urlopen(self.url + "__portal/version", timeout=5) as r:
            return json.loads(r.read())

    def wait_for(self, mode: str, after: int = -1) -> dict:
        """Wait until the preview shows `mode` with a version newer than `after`."""
        deadline = time.monotonic() + WAIT
        while True:
            state = self.state()
            if state["mode"] == mode and state["version"] > after:
                return state
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, (state, self.output())
            time.sleep(0.3)

    @property
    def site_dir(self) -> Path:
        (work,) = self.tmp.glob("portal-serve-*")
        return work / "site"

    def output(self) -> str:
        self.log.flush()
        return (self.tmp / "serve.log").read_text(encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
