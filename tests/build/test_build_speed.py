"""Work a build need not do twice (issue 23, round 2): `portal build` checks the output by the
ledger of the engine's scan and reads and validates the project again only when a file is not
in it; the engine's scan puts the theme's own files (skipped as holding nothing of content) in
the ledger too."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import MARKERS, Project

from disclosure_portal import publishing
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings
from disclosure_portal.verify.fingerprints import collect_fingerprints
from disclosure_portal.verify.leakcheck import scan_site

THEME_CSS = Path(publishing.__file__).resolve().parent / "theme" / "assets" / "portal.css"


def test_the_themes_own_files_are_named_clean_and_a_changed_copy_is_scanned(
    leaky: Project, tmp_path: Path
):
    site = load_site(load_settings(leaky.root))
    fingerprints = collect_fingerprints(site, [])
    out = tmp_path / "site"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "portal.css").write_bytes(THEME_CSS.read_bytes())
    (out / "a.html").write_text("<p>公开的内容</p>", encoding="utf-8")
    clean: dict[str, str] = {}
    assert scan_site(out, fingerprints, clean=clean) == []
    named = {key.rpartition("\t")[0] for key in clean}
    assert named == {"assets/portal.css", "a.html"}  # the theme's own file too
    # a file of the theme's name with other bytes is scanned like any other
    (out / "assets" / "portal.css").write_bytes(
        THEME_CSS.read_bytes() + f"/* {MARKERS['title']} */".encode()
    )
    clean.clear()
    hits = scan_site(out, fingerprints, clean=clean)
    assert [h.output for h in hits] == ["assets/portal.css"]
    assert {key.rpartition("\t")[0] for key in clean} == {"a.html"}


def _forbid_load(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def load(settings, *args, **kwargs):
        calls.append(str(settings.root))
        raise AssertionError("portal build read the project again")

    monkeypatch.setattr(publishing, "load_site", load)
    return calls


def test_portal_build_trusts_the_ledger_for_every_file(
    leaky: Project, monkeypatch: pytest.MonkeyPatch
):
    """The engine's scan names every output file, the theme's assets included, so `portal build`
    does not validate the project and scan the site a second time."""
    monkeypatch.setenv("PORTAL_TODAY", "2026-06-01")
    settings = load_settings(leaky.root)
    calls = _forbid_load(monkeypatch)
    assert publishing.build_site(settings, use_cache=False) == 0
    assert calls == []
    assert (leaky.site / "assets" / "portal.css").is_file()
    # control: without this build's ledger it reads the project and scans everything
    monkeypatch.setattr(publishing, "read_ledger", lambda path, nonce: None)
    with pytest.raises(AssertionError):
        publishing.build_site(settings, use_cache=False)
    assert calls == [str(leaky.root)]
