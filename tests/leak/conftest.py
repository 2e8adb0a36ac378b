"""Every leak test runs twice (unless PORTAL_LEAK_CACHE names one way): without the build cache,
and with a cache that an earlier build of the same project filled (so that pages, scan verdicts and search shards are reused where their
inputs did not change). Plain `mkdocs build` uses the cache named by PORTAL_CACHE_DIR, `portal
build` its project's `.portal-cache/` unless `--no-cache`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import Project

CACHE_ENVIRONMENT = "PORTAL_CACHE_DIR"


def _filled(folder: Path) -> bool:
    return any(folder.glob("v*/pages/*/*"))


# PORTAL_LEAK_CACHE=cache or no-cache runs one of the two (scripts/test.sh: the cache with the first
# engine's pass, no cache with the second engine's); unset, both.
MODES = [m for m in ("no-cache", "cache") if os.environ.get("PORTAL_LEAK_CACHE", m) == m]


@pytest.fixture(params=MODES, autouse=True)
def build_cache(request, monkeypatch, tmp_path_factory):
    mkdocs, portal = Project.mkdocs, Project.portal
    if request.param == "no-cache":
        monkeypatch.delenv(CACHE_ENVIRONMENT, raising=False)

        def portal_without(self, *args, **kwargs):
            if args[:1] == ("build",):
                args = (*args, "--no-cache")
            return portal(self, *args, **kwargs)

        monkeypatch.setattr(Project, "portal", portal_without)
        return request.param
    folder = tmp_path_factory.mktemp("portal-cache")
    monkeypatch.setenv(CACHE_ENVIRONMENT, str(folder))

    def mkdocs_warm(self, *args):
        if args[:1] == ("build",) and not _filled(folder):
            mkdocs(self, *args)  # fills the cache; the build the test sees reuses it
        return mkdocs(self, *args)

    def portal_warm(self, *args, **kwargs):
        if args[:1] == ("build",) and not _filled(self.root / ".portal-cache"):
            portal(self, *args, **kwargs)
        return portal(self, *args, **kwargs)

    monkeypatch.setattr(Project, "mkdocs", mkdocs_warm)
    monkeypatch.setattr(Project, "portal", portal_warm)
    return request.param
