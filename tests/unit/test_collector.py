"""The engine's use of the cyclic garbage collector: a build freezes what reading the tree made
(it lives until the process ends) and does not collect the oldest generation until it ends (the
thresholds are then as before); a preview (`mkdocs serve`, one process for every rebuild) does
neither, since a rebuild's objects would then stay in memory for good."""

from __future__ import annotations

import gc

import pytest
from mkdocs.config import load_config

from disclosure_portal.engine import mkdocs_hook


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    thresholds = gc.get_threshold()
    yield thresholds
    mkdocs_hook._unsettle()
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    gc.enable()


def _configure(project, command: str, monkeypatch) -> None:
    monkeypatch.delenv("PORTAL_CACHE_DIR", raising=False)
    # the hook sets SOURCE_DATE_EPOCH in its process (the engine's dates): here the test's, so
    # it is put back as it was after the test, not handed to every later command of this worker
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
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
    assert gc.get_threshold() == unfrozen  # every generation collected, as usual


def test_a_build_freezes_what_it_read(project, monkeypatch, unfrozen):
    _configure(project, "build", monkeypatch)
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()  # collections go on for what the build makes from now on
    young, middle, oldest = gc.get_threshold()
    assert (young, middle) == unfrozen[:2]  # the young generations as before
    assert oldest == mkdocs_hook.OLDEST_OFF  # the oldest is not collected while it builds


@pytest.mark.parametrize("end", ["post_build", "failed_post_build", "build_error"])
def test_the_thresholds_are_restored_when_the_build_ends(project, monkeypatch, unfrozen, end):
    _configure(project, "build", monkeypatch)
    assert gc.get_threshold() != unfrozen
    if end == "build_error":
        mkdocs_hook.on_build_error(RuntimeError("失败"))
    elif end == "post_build":  # the checks passed: restored once they are done, not before
        seen = []
        monkeypatch.setattr(
            mkdocs_hook, "_post_build", lambda config: seen.append(gc.get_threshold())
        )
        mkdocs_hook.on_post_build(None)
        assert seen and seen[0][2] == mkdocs_hook.OLDEST_OFF
    else:  # a post_build that fails (no build state) restores them as well
        monkeypatch.setattr(mkdocs_hook, "_state", None)
        with pytest.raises(Exception, match="门户钩子未初始化"):
            mkdocs_hook.on_post_build(None)
    assert gc.get_threshold() == unfrozen
    mkdocs_hook._unsettle()  # twice: nothing more to restore
    assert gc.get_threshold() == unfrozen
