"""The preview of `portal serve` is an output: nothing of a non-public document reaches any
file it serves, the injected reload script included (planted markers, every decoded form)."""

from __future__ import annotations

from helpers import MARKERS, readable_forms, secret_files
from servetools import Served, get, get_bytes


def test_preview_serves_no_marker_of_a_withheld_document(project, tmp_path):
    project.write(secret_files())
    with Served(project.root, tmp_path / "serve") as served:
        served.wait_for("site")
        files = sorted(p for p in served.site_dir.rglob("*") if p.is_file())
        assert len(files) > 20
        found = []
        for path in files:
            rel = path.relative_to(served.site_dir).as_posix()
            status, data = get_bytes(served.url + rel)
            assert status == 200, rel
            text = readable_forms(rel, data)
            found += [(rel, m) for m in MARKERS.values() if m in text]
        assert found == []
        # positive control: the public document that shares an attachment is served
        status, text = get(served.url + "qsz/2025/public/")
        assert status == 200 and "青石镇公开通知" in text
        # the withheld pages are not there, whatever the URL
        for url in (f"mzj/2025/{MARKERS['file']}/", "qsz/2025/request/", "qsz/2025/wi/"):
            status, text = get(served.url + url)
            assert status == 404 and not any(m in text for m in MARKERS.values()), url
