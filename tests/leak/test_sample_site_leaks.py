"""The sample content builds and leaks nothing of its non-public documents."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT, find_markers, portal_env

from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings


def test_demo_builds_and_leaks_nothing(tmp_path):
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=portal_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = load_site(load_settings(ROOT))
    markers = []
    for doc in site.public.withheld:
        markers += [doc.title, doc.doc_number, doc.src.removesuffix(".md")]
        markers += [a.rsplit("/", 1)[-1] for a in doc.attachments]
    markers = [m for m in markers if m]
    assert find_markers(out, markers) == []
    check = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "check-site", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=portal_env(),
    )
    assert check.returncode == 0, check.stdout
