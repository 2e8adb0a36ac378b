"""Fixtures of the build layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildcache import copy_of, make_cached
from helpers import Project, build_demo_site


@pytest.fixture(scope="module")
def cached_template(tmp_path_factory) -> Path:
    """The cache tests' project, built once per module (four builds)."""
    return make_cached(tmp_path_factory.mktemp("cached") / "portal").root


@pytest.fixture
def cached(cached_template: Path, tmp_path: Path) -> Project:
    """A copy of the built cache project for one test: its own git, cache, site and spare."""
    return copy_of(cached_template, tmp_path / "portal")


@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def both_engines(request):
    """The tests of a module that asks for this run on both engines: the tests' `mkdocs build`
    is MkDocs, then ProperDocs (PORTAL_ENGINE, which `portal build` follows too)."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "properdocs":
            patch.setenv("PORTAL_ENGINE", "properdocs")
        else:  # the tests' `mkdocs build` is MkDocs; `portal build` picks its own (ProperDocs)
            patch.delenv("PORTAL_ENGINE", raising=False)
        yield request.param


@pytest.fixture(scope="module")
def demo_site_both(both_engines, tmp_path_factory) -> Path:
    """`demo_site` built with each engine in turn."""
    return build_demo_site(tmp_path_factory.mktemp("b"))
