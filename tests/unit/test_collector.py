"""The engine's use of the cyclic garbage collector: a build freezes what reading the tree made
(it lives until the process ends), a preview (`mkdocs serve`, one process for every rebuild)
never does, since a rebuild's objects would then stay in memory for good."""

from __future__ import annotations

import gc

import pytest
from mkdocs.config import load_config

from disclosure_portal.engine import mkdocs_hook


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.enable()


def _configure(project, command: str, monkeypatch) -> None:
    monkeypatch.delenv("PORTAL_CACHE_DIR", raising=False)
    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    mkdocs_hook.on_startup(command=command, dirty=False)
    try:
        mkdocs_hook.on_config(config)
    finally:
        if mkdocs_hook._state is not None:
            mkdocs_hook._state.close_workers()
        mkdocs_hook.on_startup(command="build", dirty=False)


def test_a_preview_freezes_nothing(project, monkeypatch, unfrozen):
    _configure(project, "serve", monkeypatch)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_build_freezes_what_it_read(project, monkeypatch, unfrozen):
    _configure(project, "build", monkeypatch)
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()  # collections go on for what the build makes from now on
