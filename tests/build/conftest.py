"""Fixtures of the build layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildcache import copy_of, make_cached
from helpers import Project

# the cache's tests build through the leak scan's own process, which writes the reused pages
# (verify/scanner.workers gives a project of a few documents none); one test takes it away
SCAN_PROCESS = {"PORTAL_SCAN_WORKERS": "1"}


@pytest.fixture(scope="module")
def cached_template(tmp_path_factory) -> Path:
    """The cache tests' project, built once per module (four builds)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SCAN_PROCESS.items():
            patch.setenv(name, value)
        return make_cached(tmp_path_factory.mktemp("cached") / "portal").root


@pytest.fixture
def cached(cached_template: Path, tmp_path: Path, monkeypatch) -> Project:
    """A copy of the built cache project for one test: its own git, cache, site and spare; its
    builds through the scan's process."""
    for name, value in SCAN_PROCESS.items():
        monkeypatch.setenv(name, value)
    return copy_of(cached_template, tmp_path / "portal")
