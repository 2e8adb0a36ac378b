"""The generator's name and version, for `portal --version`, the build stamp and manifest.json."""

from __future__ import annotations

import functools
import importlib.metadata

NAME = "disclosure-portal"
__version__ = "0.2.0"  # the distribution's version (pyproject.toml), when it is not installed


@functools.cache  # read from the distribution's metadata (an email parse): once per process
def installed_version(distribution: str) -> str | None:
    """The installed version of `distribution`, or None when it is not installed. Every part of
    the generator that keys or stamps something with a package's version asks here, so that a
    process parses each package's metadata once, not once for every extension or page."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def generator_version() -> str:
    """The installed disclosure-portal version, or the package's own when not installed."""
    return installed_version(NAME) or __version__
