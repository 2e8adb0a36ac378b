"""Work a build need not do twice (issue 23, round 2): `portal build` checks the output by the
ledger of the engine's scan and reads and validates the project again only when a file is not
in it; the engine's scan puts the theme's own files (skipped as holding nothing of content) in
the ledger too. The comparison form's table is kept in the build cache (a damaged entry is
built again) and gives the same form."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from helpers import MARKERS, Project, doc

import disclosure_portal.project as project_module
from disclosure_portal import publishing, serve
from disclosure_portal.cache import BuildCache, load_text_table, pack
from disclosure_portal.model import textform
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

    monkeypatch.setattr(project_module, "load_site", load)  # check_site imports it when it needs it
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


# --- the comparison form's table, kept in the build cache --------------------------------------

SAMPLE = "關於〔2025〕ＡＢＣ号\u200b文件：⼈⺠政府"


def test_the_text_table_is_kept_and_gives_the_same_comparison_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    expected = textform.normalize(SAMPLE)
    built = textform.build_table()
    cache, why = BuildCache.open(tmp_path / ".portal-cache")
    assert cache is not None, why
    monkeypatch.setattr(textform, "_TABLE", {})
    path = cache.install_text_table()  # a miss: built, installed and kept
    assert path is not None and path.is_file()
    assert load_text_table(path) == built
    monkeypatch.setattr(textform, "_TABLE", {})
    monkeypatch.setattr(textform, "build_table", _never_built)
    assert cache.install_text_table() == path  # a hit: read, not built
    assert textform.normalize(SAMPLE) == expected
    # a miss in a process that has the table already (a preview's engine): kept, not built again
    other, _ = BuildCache.open(tmp_path / "other" / ".portal-cache")
    assert other is not None and textform.built()
    kept = other.install_text_table()
    assert kept is not None and kept != path and load_text_table(kept) == built


def _never_built():
    raise AssertionError("the table was built although the cache holds it")


def test_a_damaged_or_foreign_text_table_is_not_used(tmp_path: Path):
    cache, _ = BuildCache.open(tmp_path / ".portal-cache")
    assert cache is not None
    path = cache.text_table_file()
    path.parent.mkdir(parents=True)
    table = textform.build_table()
    good = pack({"kind": "textform"}, marshal.dumps(table))
    path.write_bytes(good)
    assert load_text_table(path) == table  # control: a whole entry is read
    path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # one bit changed: its SHA-256 fails
    assert load_text_table(path) is None
    path.write_bytes(pack({"kind": "page"}, marshal.dumps(table)))
    assert load_text_table(path) is None
    path.write_bytes(pack({"kind": "textform"}, marshal.dumps({"a": object.__name__})))
    assert load_text_table(path) is None  # not a table of code points
    path.write_bytes(pack({"kind": "textform"}, b"\xff\x00"))
    assert load_text_table(path) is None


# --- portal serve: the build runs beside the validation ----------------------------------------

BROKEN = doc(
    "title: 有错误的通知\n\tattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: fdzdgk-02\n"
    "published: 2025-03-03\n",
    "正文。\n",
)


def test_the_preview_stops_its_build_when_content_has_errors(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The build starts before the validation ends; errors stop it and show, nothing of it is
    served; once fixed, the same preview builds and shows the site."""
    builds: list[serve.Build] = []

    def start(root: Path, target: Path) -> serve.Build:
        builds.append(real(root, target))
        return builds[-1]

    real = serve.start_build
    monkeypatch.setattr(serve, "start_build", start)
    project.write({"content/mzj/2025/tab.md": BROKEN})
    preview = serve.Preview(root=project.root, target=tmp_path / "work" / "site")
    preview.rebuild()
    assert preview.shown.mode == "errors"
    assert any(p.key == "attribute" for p in preview.shown.problems)
    assert len(builds) == 1 and builds[0]._process.poll() is not None  # started, then stopped
    assert not preview.target.exists()
    project.write({"content/mzj/2025/tab.md": BROKEN.replace("\tattribute", "attribute")})
    preview.rebuild()
    assert preview.shown.mode == "site", preview.shown
    assert len(builds) == 2 and (preview.target / "mzj/2025/tab/index.html").is_file()
    assert "content/mzj/2025/tab.md" in preview.served_sources
