"""The sample content builds and leaks nothing of its non-public documents."""

from __future__ import annotations

import subprocess

import forkrun
from helpers import ROOT, engine, find_markers, portal_env

from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings


def test_demo_builds_and_leaks_nothing(tmp_path):
    out = tmp_path / "site"
    result = forkrun.run(engine(), ["build", "-d", str(out)], ROOT, portal_env())
    assert result.returncode == 0, result.stderr[-3000:]
    site = load_site(load_settings(ROOT))
    markers = []
    for doc in site.public.withheld:
        markers += [doc.title, doc.doc_number]
        if not doc.withdrawn:  # a withdrawal notice keeps the URL it was public at (SPEC)
            markers.append(doc.src.removesuffix(".md"))
        markers += [a.rsplit("/", 1)[-1] for a in doc.attachments]
    markers = [m for m in markers if m]
    assert find_markers(out, markers) == []
    check = forkrun.run("disclosure_portal.cli", ["check-site", str(out)], ROOT, portal_env())
    assert check.returncode == 0, check.stdout

    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if shallow == "false":  # the demo's history: a withdrawn notice and a moved news item
        notice = (out / "jw/2025/xiaoche-xianlu/index.html").read_text(encoding="utf-8")
        assert "该信息已于 2025-09-03 撤回" in notice and "校车" not in notice
        moved = (out / "jw/2025/kaixue-gongzuo-bushu/index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in moved and "dongtai/kaixue-gongzuo-bushu/" in moved
