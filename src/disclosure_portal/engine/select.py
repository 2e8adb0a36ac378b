"""Which engine builds the site, as a command line: the one place outside the hook module that
knows the engine's name. `publishing.build_site` runs what `build_command` returns.

Two engines run the same hook and theme: ProperDocs (`properdocs`, the maintained continuation of
MkDocs 1.x, which redirects every `mkdocs.*` import to itself) and MkDocs 1.6 (`mkdocs`, no longer
maintained). ProperDocs is preferred when both are installed; `PORTAL_ENGINE` names one."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

ENGINES = ("properdocs", "mkdocs")  # in order of preference
ENVIRONMENT = "PORTAL_ENGINE"
LEAVE_OUT_ENVIRONMENT = "PORTAL_LEAVE_OUT_REUSED"  # "1": see build_command's `leave_out`
SEARCH_PLUGINS = frozenset({"search", "material/search"})

# MkDocs 2.0 and material print an English end-of-life banner unless these are set
QUIET_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


class EngineError(Exception):
    """No usable engine, or PORTAL_ENGINE names one that is not installed (message in Chinese)."""


def installed_engines() -> list[str]:
    """The engines importable in this Python, in order of preference."""
    return [name for name in ENGINES if importlib.util.find_spec(name) is not None]


def engine_name(wanted: str | None = None) -> str:
    """The engine to run: `wanted`, else PORTAL_ENGINE, else the first installed of ENGINES."""
    wanted = (wanted if wanted is not None else os.environ.get(ENVIRONMENT, "")).strip().lower()
    installed = installed_engines()
    if wanted:
        if wanted not in ENGINES:
            raise EngineError(
                f"{ENVIRONMENT}={wanted} 不是可用的构建引擎，应为 {' 或 '.join(ENGINES)}"
            )
        if wanted not in installed:
            raise EngineError(
                f"{ENVIRONMENT}={wanted}，但当前 Python 环境没有安装 {wanted}"
                f"（pip install {wanted}）"
            )
        return wanted
    if not installed:
        raise EngineError("没有安装构建引擎：请安装 properdocs（推荐）或 mkdocs")
    return installed[0]


RUNNER = "disclosure_portal.engine.run"


def build_command(
    config: str,
    site_dir: Path,
    *,
    strict: bool = False,
    engine: str | None = None,
    leave_out: bool = False,
) -> list[str]:
    """The command that builds the site of `config` (mkdocs.yml) into `site_dir`, from scratch,
    with `engine` (default: `engine_name()`). The configuration file is always named, so that
    ProperDocs does not ask for it to be renamed properdocs.yml. `leave_out`: the engine runs
    with --dirty, so that the hook can leave the pages the build cache reuses out of its loops
    (run the command with LEAVE_OUT_ENVIRONMENT set: the hook empties the folder as --clean does
    and says the engine renders every other file; engine/mkdocs_hook.py)."""
    command = [
        sys.executable,
        "-m",
        RUNNER,  # the engine's own command line, leaving without freeing every object
        engine or engine_name(),
        "build",
        "--dirty" if leave_out else "--clean",
        "-f",
        config,
        "-d",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    return command


def plugins_leave_pages_alone(raw: dict[str, Any]) -> bool:
    """Whether mkdocs.yml (`raw`) names no plugin but search (MkDocs' default list): material's
    search plugin, which the portal leaves no page to index, is the only one that could read the
    pages the build cache reuses or care that the engine runs with --dirty."""
    plugins = raw.get("plugins", ["search"])
    if plugins is None:
        return True
    if isinstance(plugins, dict):
        names: list[Any] = list(plugins)
    elif isinstance(plugins, list):
        names = [next(iter(p)) if isinstance(p, dict) and len(p) == 1 else p for p in plugins]
    else:
        return False
    return all(isinstance(name, str) and name in SEARCH_PLUGINS for name in names)


def engine_environment() -> dict[str, str]:
    """The environment the engine runs in: ours, without the engine's English banners."""
    return dict(os.environ, **QUIET_ENVIRONMENT)
