"""`portal build` checks what the engine's scan found clean by the SHA-256 of the very bytes
(the ledger the hook hands over), and scans everything else: a file whose bytes changed after
the engine's scan, a file the ledger does not name, every file when the ledger is not this
build's."""

from __future__ import annotations

import hashlib
import json

from helpers import MARKERS

from disclosure_portal.publishing import check_site, read_ledger
from disclosure_portal.read.settings import load_settings


def _ledger(site, **extra) -> dict:
    files = {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }
    return {"nonce": "n1", "fingerprints": 7, "hashes": 1, "files": files, **extra}


def test_the_ledger_covers_exactly_the_bytes_it_names(leaky, tmp_path, capsys):
    settings = load_settings(leaky.root)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>公开的内容</p>", encoding="utf-8")
    ledger = _ledger(site)
    assert check_site(settings, site, ledger) == 0
    assert "复核通过：输出的 1 个文件" in capsys.readouterr().out  # nothing scanned again
    # bytes changed after the scan: scanned, found
    (site / "a.html").write_text(f"<p>{MARKERS['title']}</p>", encoding="utf-8")
    assert check_site(settings, site, ledger) == 1
    # a file the ledger does not name: scanned, found
    (site / "a.html").write_text("<p>公开的内容</p>", encoding="utf-8")
    (site / "b.html").write_text(f"<p>{MARKERS['title']}</p>", encoding="utf-8")
    assert check_site(settings, site, ledger) == 1
    (site / "b.html").unlink()
    assert check_site(settings, site, ledger) == 0


def test_a_ledger_of_another_build_is_not_read(tmp_path):
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps({"nonce": "other", "files": {"a.html": "0" * 64}}), encoding="utf-8")
    assert read_ledger(path, "n1") is None
    path.write_text(json.dumps({"nonce": "n1", "files": {"a.html": 1}}), encoding="utf-8")
    assert read_ledger(path, "n1") is None
    path.write_text("{", encoding="utf-8")
    assert read_ledger(path, "n1") is None
    assert read_ledger(tmp_path / "missing.json", "n1") is None
    path.write_text(json.dumps({"nonce": "n1", "files": {"a.html": "0" * 64}}), encoding="utf-8")
    assert read_ledger(path, "n1")["files"] == {"a.html": "0" * 64}


def _manifest(site, files: dict) -> None:
    (site / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")


def _listed(site) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_the_build_s_manifest_names_the_bytes_on_disk_whatever_changed_them(
    leaky, tmp_path, capsys
):
    """`portal build` takes the pages' digests for the manifest from what the scan's process
    wrote (or was given); its own check re-reads every file: a manifest naming other bytes,
    missing a file or naming one that is not there is written again from the bytes on disk
    (a plugin changed them after the scan), and what changed is scanned again; a folder
    without a readable manifest is refused."""
    settings = load_settings(leaky.root)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>公开的内容</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>另一页</p>", encoding="utf-8")
    right = dict(_ledger(site)["files"])
    _manifest(site, right)
    ledger = _ledger(site)
    assert check_site(settings, site, ledger, manifest=True) == 0
    assert "复核通过" in capsys.readouterr().out and _listed(site) == right
    for wrong in (
        {**right, "a.html": "0" * 64},  # other bytes
        {k: v for k, v in right.items() if k != "b.html"},  # a file not listed
        {**right, "c.html": "0" * 64},  # a file listed and absent
    ):
        _manifest(site, wrong)
        ledger = _ledger(site)  # as the scan found them (the manifest with the wrong list)
        assert check_site(settings, site, ledger, manifest=True) == 0
        out = capsys.readouterr().out
        assert "已重新检查并按其实际内容写入清单" in out and "泄露检查通过" in out, out
        assert _listed(site) == right
    # a page changed after the scan, with withheld text: the manifest is made true, and the
    # page is scanned again and found
    ledger = _ledger(site)
    (site / "a.html").write_text(f"<p>{MARKERS['title']}</p>", encoding="utf-8")
    assert check_site(settings, site, ledger, manifest=True) == 1
    assert "泄露检查失败" in capsys.readouterr().out
    (site / "a.html").write_text("<p>公开的内容</p>", encoding="utf-8")
    (site / "manifest.json").unlink()
    assert check_site(settings, site, _ledger(site), manifest=True) == 1
    assert "没有可读的清单" in capsys.readouterr().out
    assert check_site(settings, site, _ledger(site)) == 0  # `portal check`: no manifest asked
