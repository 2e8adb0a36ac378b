"""Which engine builds the site, as a command line: the one place outside the hook module that
knows the engine's name. `publishing.build_site` runs what `build_command` returns."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# MkDocs 2.0 and material print an English end-of-life banner unless these are set
QUIET_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def build_command(config: str, site_dir: Path, *, strict: bool = False) -> list[str]:
    """The command that builds the site of `config` (mkdocs.yml) into `site_dir`, from scratch."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--clean",
        "-f",
        config,
        "-d",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    return command


def engine_environment() -> dict[str, str]:
    """The environment the engine runs in: ours, without the engine's English banners."""
    return dict(os.environ, **QUIET_ENVIRONMENT)
