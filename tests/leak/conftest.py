"""Every leak test runs twice (unless PORTAL_LEAK_CACHE names one way): without the build cache,
on MkDocs (the tests' `mkdocs build`/`serve`; `portal build --no-cache` picks its own engine,
ProperDocs), and with a cache that an earlier build of the same project filled (so that pages,
scan verdicts and search shards are reused where their inputs did not change), on ProperDocs
(PORTAL_ENGINE=properdocs: `mkdocs build` and `portal build` alike, as a district runs it). So
every leak test runs with the cache on and off and on both engines. Plain `mkdocs build` uses the
cache named by PORTAL_CACHE_DIR, `portal build` its project's `.portal-cache/` unless
`--no-cache`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import Project

CACHE_ENVIRONMENT = "PORTAL_CACHE_DIR"


def _filled(folder: Path) -> bool:
    return any(folder.glob("v*/pages/*/*"))


# PORTAL_LEAK_CACHE=cache or no-cache runs one of the two; unset (scripts/test.sh), both
MODES = [m for m in ("no-cache", "cache") if os.environ.get("PORTAL_LEAK_CACHE", m) == m]


@pytest.fixture(scope="module", params=MODES)
def leak_mode(request):
    """How this module's tests build: "no-cache" or "cache" (with its engine, for the whole
    module: a module's own built site depends on this fixture to be built both ways too)."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "cache":  # the engine a district's `portal build` runs
            patch.setenv("PORTAL_ENGINE", "properdocs")
        yield request.param


@pytest.fixture(autouse=True)
def build_cache(leak_mode, monkeypatch, tmp_path_factory):
    mkdocs, portal = Project.mkdocs, Project.portal
    if leak_mode == "no-cache":
        monkeypatch.delenv(CACHE_ENVIRONMENT, raising=False)

        def portal_without(self, *args, **kwargs):
            if args[:1] == ("build",):
                args = (*args, "--no-cache")
            return portal(self, *args, **kwargs)

        monkeypatch.setattr(Project, "portal", portal_without)
        return leak_mode
    folder = tmp_path_factory.mktemp("portal-cache")  # filled by this test's project alone
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
    return leak_mode
