"""`portal validate`: every problem of every file in one run, sorted, as text or JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT, portal_env, public_notice

from disclosure_portal.read.settings import load_settings


def test_validate_on_a_large_tree_shows_progress_only_when_asked(tmp_path):
    import bench

    target = tmp_path / "large"
    bench.generate(load_settings(ROOT), target, 260)
    portal = [sys.executable, "-m", "disclosure_portal.cli", "validate"]
    quiet = subprocess.run(
        portal, cwd=target, env=portal_env(), capture_output=True, text=True, timeout=300
    )
    assert quiet.returncode == 0, quiet.stdout[-2000:]
    assert "读取并校验文件" not in quiet.stderr  # a pipe: no bar
    shown = subprocess.run(
        portal,
        cwd=target,
        env=dict(portal_env(), PORTAL_PROGRESS="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shown.returncode == 0
    assert "读取并校验文件" in shown.stderr and "/261" in shown.stderr
    assert "读取并校验文件" not in shown.stdout  # reports stay clean for redirection
    assert os.path.exists(target / "content")


NOTICE = "content/mzj/2025/notice.md"


SHJZ = "catalogs/shjz.yml"


def edit(project, rel: str, old: str, new: str) -> dict[str, str]:
    text = (project.root / rel).read_text(encoding="utf-8")
    assert old in text
    return {rel: text.replace(old, new, 1)}


def test_all_problems_of_all_files_in_one_run(project):
    files = {
        "content/mzj/2025/a.md": public_notice(title="", published="2025-02-30"),
        "content/qsz/2025/b.md": public_notice(title="b", org="nobody", catalog="none"),
        "content/qsz/2025/c.md": "---\ntitle: [broken\n---\n",
        **edit(project, SHJZ, "audience: 全社会", "audience: 群众"),
    }
    project.write(files)
    result = project.portal("validate")
    assert result.returncode == 1
    out = result.stdout
    for expected in (
        "content/mzj/2025/a.md:title:",
        "content/mzj/2025/a.md:published:",
        "content/qsz/2025/b.md:org:",
        "content/qsz/2025/b.md:catalog:",
        "content/qsz/2025/c.md:front_matter:",
        "catalogs/shjz.yml:items[shjz-01].audience:",
    ):
        assert expected in out, out
    # sorted by path
    assert (
        out.index("catalogs/shjz.yml")
        < out.index("content/mzj/2025/a.md")
        < out.index("content/qsz/2025/b.md")
    )


def test_validate_writes_json(project, tmp_path):
    project.write({NOTICE: public_notice(published="2025-02-30", pubished="x")})
    result = project.portal("validate", "--json", "-")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [e["key"] for e in data["errors"]] == ["published"]
    assert [w["key"] for w in data["warnings"] if w["path"] == NOTICE] == ["pubished"]
    assert all({"path", "key", "line", "severity", "message"} <= set(w) for w in data["warnings"])


def test_clean_project_validates(project):
    result = project.portal("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 个错误" in result.stdout


def test_validate_without_mkdocs_yml_uses_the_spec_layout(project):
    project.remove("mkdocs.yml")
    project.write({NOTICE: public_notice(published="2025-02-30")})
    result = project.portal("validate")
    assert result.returncode == 1 and f"{NOTICE}:published:" in result.stdout
    assert project.portal("build").returncode == 2
