"""`python -m disclosure_portal.engine.run ENGINE ARGS…`: the engine's command line
(`python -m ENGINE ARGS…`, MkDocs or ProperDocs) as `portal build` runs it, leaving without
tearing the interpreter down.

A build holds hundreds of megabytes of objects at its end (about 700 MB at 10,000 documents);
freeing them one by one took the engine's process about a second at 10,000 documents after the
site was finished, while `portal build` waited for its exit code. Here the engine runs as
`python -m` would run it; then the functions registered to run at exit run (worker processes and
threads are joined, logging is flushed), the standard streams are flushed, and the process ends
with the engine's exit code at once. Files the build wrote are closed by then (every write of the
build closes its file). Only `portal build` and its preview run the engine this way; `mkdocs
build` and `properdocs build` are untouched.

`python -m disclosure_portal.engine.run --standby ENGINE`: the preview's engine for the next
change, started ahead of it (disclosure_portal.previewbuild). It imports the engine, the theme's
search plugin and the portal's hook (most of a second) and starts the build's leak-scan process
(`mkdocs_hook.stand_by`: it imports meanwhile too), then waits for one line on its standard
input: a JSON object with the command line's arguments, the environment and the folder to run in
(what the build would have started a process with). Every setting the build gives it this way is
read when the engine runs, not when it is imported. An empty line or the pipe closed ends it,
and the scan's process with it.

A build run so (`portal build`) starts its leak-scan process before the engine loads
(`verify/scanner.start_ahead`): the build takes it once the content is read; one no build took
(the engine stopped earlier) is ended before this process leaves."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import runpy
import sys
import threading
import traceback

STANDBY = "--standby"


def _standby(engine: str) -> bool:
    """Import what a build imports, then take the build's arguments, environment and folder from
    the first line of standard input; False when none came (the preview ended)."""
    for module in (
        f"{engine}.__main__",
        f"{engine}.commands.build",
        "material.plugins.search.plugin",
        "disclosure_portal.engine.mkdocs_hook",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    hook = sys.modules.get("disclosure_portal.engine.mkdocs_hook")
    with contextlib.suppress(Exception):  # the leak scan's process, started ahead too
        hook.stand_by()  # type: ignore[union-attr]
    # what `python -m ENGINE` runs must not be in sys.modules yet: runpy would warn (in English,
    # on the preview's console) and run it a second time anyway; its imports stay imported
    sys.modules.pop(f"{engine}.__main__", None)
    line = sys.stdin.readline()
    if not line.strip():
        with contextlib.suppress(Exception):  # it ends too (this process leaves with os._exit)
            hook.stand_down()  # type: ignore[union-attr]
        return False
    told = json.loads(line)
    os.environ.clear()
    os.environ.update(told["env"])
    os.chdir(told["cwd"])
    sys.argv = [sys.argv[0], *told["args"]]
    return True


def _scan_ahead() -> None:
    """Start the build's leak-scan process before the engine loads (mkdocs_hook takes it when
    the content is read): it imports its modules on the second core while the engine imports
    its own, with nothing else to do then. Started from here, it imports this module as its
    main one, not the engine's command line. Any failure: the hook starts one as before."""
    with contextlib.suppress(Exception):
        from disclosure_portal.verify import scanner  # noqa: PLC0415 - only for a build

        scanner.start_ahead()


def _end_scan_ahead() -> None:
    """The process `_scan_ahead` started ends when no build took it (the engine stopped first)."""
    scanner = sys.modules.get("disclosure_portal.verify.scanner")
    if scanner is not None:
        with contextlib.suppress(Exception):
            scanner.close_ahead()  # type: ignore[attr-defined]


def _code(exit_code: object) -> int:
    """The process exit code of `SystemExit(exit_code)`, as the interpreter computes it (a text
    is printed to stderr and gives 1)."""
    if exit_code is None:
        return 0
    if isinstance(exit_code, int):
        return exit_code & 0xFF
    print(exit_code, file=sys.stderr)
    return 1


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == STANDBY and not _standby(sys.argv[2]):
        os._exit(0)
    if len(sys.argv) < 2:
        print("用法：python -m disclosure_portal.engine.run 引擎 参数…", file=sys.stderr)
        os._exit(2)
    engine = sys.argv[1]
    sys.argv = [engine, *sys.argv[2:]]
    if sys.argv[1:2] == ["build"]:
        _scan_ahead()
    code = 0
    try:
        runpy.run_module(engine, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = _code(exc.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        code = 130
    except BaseException:  # reported as the interpreter would, then its exit code
        traceback.print_exc()
        code = 1
    _end_scan_ahead()
    shutdown = getattr(threading, "_shutdown", None)
    exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if shutdown is None or exit_functions is None:  # not CPython: leave the usual way
        sys.exit(code)
    try:  # what the interpreter does before it frees everything: threads joined, then atexit
        shutdown()
        exit_functions()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


if __name__ == "__main__":
    main()
