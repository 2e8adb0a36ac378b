"""Fixtures of the build layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildcache import copy_of, make_cached
from helpers import Project


@pytest.fixture(scope="module")
def cached_template(tmp_path_factory) -> Path:
    """The cache tests' project, built once per module (four builds)."""
    return make_cached(tmp_path_factory.mktemp("cached") / "portal").root


@pytest.fixture
def cached(cached_template: Path, tmp_path: Path) -> Project:
    """A copy of the built cache project for one test: its own git, cache, site and spare."""
    return copy_of(cached_template, tmp_path / "portal")
