"""`python -m disclosure_portal.previewbuild ROOT TARGET [--standby]`: the publishing build that
`portal serve` runs after each change (serve.Build), in a process of its own.

Only what the build needs is imported here (not the preview's server, watcher and validation:
about half the time the process took before it started the engine). With `--standby` the process
is started ahead of the next change, imports, and waits for one line on its standard input: `go`
builds, anything else (the preview stopped: the pipe closed) ends it without building.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from disclosure_portal.publishing import AFTER_ENGINE, build_site
from disclosure_portal.read.settings import CONFIG_FILE, load_settings

STANDBY = "--standby"
GO = "go"


def main(argv: list[str]) -> int:
    root, target, *rest = argv
    if rest == [STANDBY]:
        for module in AFTER_ENGINE:  # imported while waiting, not while the engine starts
            importlib.import_module(module)
        if sys.stdin.readline().strip() != GO:
            return 0
    settings = load_settings(Path(root), CONFIG_FILE)  # read now: the change is saved
    return build_site(settings, Path(target), allow_shallow=True, preview=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
