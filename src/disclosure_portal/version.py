"""The generator's name and version, for `portal --version`, the build stamp and manifest.json."""

from __future__ import annotations

import functools
import importlib.metadata

NAME = "disclosure-portal"
__version__ = "0.2.0"  # the distribution's version (pyproject.toml), when it is not installed


@functools.cache  # looked up in the installed distributions' metadata: once per process
def generator_version() -> str:
    """The installed disclosure-portal version, or the package's own when not installed."""
    try:
        return importlib.metadata.version(NAME)
    except importlib.metadata.PackageNotFoundError:
        return __version__
