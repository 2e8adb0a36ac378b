"""`python -m disclosure_portal.previewbuild ROOT TARGET [--standby]`: the publishing build that
`portal serve` runs after each change (serve.Build), in a process of its own.

Only what the build needs is imported here (not the preview's server, watcher and validation:
about half the time the process took before it started the engine). With `--standby` the process
is started ahead of the next change, imports, starts the engine's process (which imports too: see
engine/run.py) and waits for one line on its standard input: `go` builds, anything else (the
preview stopped: the pipe closed) ends both without building.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
from pathlib import Path

from disclosure_portal.engine import run as engine_run
from disclosure_portal.engine.select import RUNNER, EngineError, engine_environment, engine_name
from disclosure_portal.publishing import AFTER_ENGINE, build_site
from disclosure_portal.read.settings import CONFIG_FILE, load_settings

STANDBY = "--standby"
GO = "go"


class _Engine:
    """The engine's process for the build, started ahead too (engine/run.py, `--standby`): it
    imports while this process waits, and is told the build's command line, environment and
    folder when the build starts it. Should it have ended meanwhile, one is started then."""

    def __init__(self, root: str) -> None:
        self.process: subprocess.Popen | None = None
        with contextlib.suppress(EngineError, OSError):
            self.engine = engine_name()
            self.process = subprocess.Popen(
                [sys.executable, "-m", RUNNER, engine_run.STANDBY, self.engine],
                cwd=root,
                env=engine_environment(),
                stdin=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )

    def launch(self, command: list[str], folder: Path, env: dict[str, str]) -> subprocess.Popen:
        waiting, self.process = self.process, None
        if (
            waiting is not None
            and waiting.poll() is None
            and waiting.stdin is not None
            and command[:3] == [sys.executable, "-m", RUNNER]
            and command[3] == self.engine
        ):
            told = {"args": command[3:], "env": env, "cwd": str(folder)}
            try:
                waiting.stdin.write(json.dumps(told, ensure_ascii=False) + "\n")
                waiting.stdin.close()
                return waiting
            except (OSError, ValueError):
                pass
        if waiting is not None:
            self.close(waiting)
        return subprocess.Popen(command, cwd=folder, env=env)

    def close(self, waiting: subprocess.Popen | None = None) -> None:
        """End the waiting engine without a build (its input closed)."""
        waiting = waiting if waiting is not None else self.process
        if waiting is not None:
            with contextlib.suppress(OSError, ValueError):
                if waiting.stdin is not None:
                    waiting.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                waiting.wait(timeout=10)


def main(argv: list[str]) -> int:
    root, target, *rest = argv
    engine = None
    if rest == [STANDBY]:
        engine = _Engine(root)
        for module in AFTER_ENGINE:  # imported while waiting, not while the engine starts
            importlib.import_module(module)
        if sys.stdin.readline().strip() != GO:
            engine.close()
            return 0
    settings = load_settings(Path(root), CONFIG_FILE)  # read now: the change is saved
    launch = engine.launch if engine is not None else None
    try:
        return build_site(settings, Path(target), allow_shallow=True, preview=True, launch=launch)
    finally:
        if engine is not None:
            engine.close()  # not used (the build stopped before it): ended


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
