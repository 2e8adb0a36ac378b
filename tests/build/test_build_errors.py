"""A failure after MkDocs has started writing the output removes that output (on_build_error);
a failure in validation, before MkDocs touches the folder, keeps the previous site."""

from __future__ import annotations

import os

import pytest
from helpers import ROOT, public_notice

pytestmark = pytest.mark.usefixtures("both_engines")  # tests/build/conftest.py

NOTICE = "content/mzj/2025/notice.md"


def test_a_failure_while_rendering_removes_the_partial_output(project, tmp_path):
    import shutil

    import yaml

    assert project.mkdocs("build").returncode == 0
    # a template that exists but fails when MkDocs renders the page (it includes a missing part)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "src/disclosure_portal/theme", theme)
    (theme / "broken.html").write_text(
        '{% extends "main.html" %}{% block content %}{% include "no-such-part.html" %}{% endblock %}',
        encoding="utf-8",
    )
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(theme)
    project.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            NOTICE: public_notice(template="broken.html"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert not project.site.exists() or not any(project.site.rglob("*.html"))


def test_a_missing_template_is_a_validation_error_that_keeps_the_site(project):
    assert project.mkdocs("build").returncode == 0
    project.write({NOTICE: public_notice(template="no-such-template.html")})
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert f"{NOTICE}:template: 找不到页面模板“no-such-template.html”" in result.stderr
    assert (project.site / "index.html").exists()


def test_a_dangling_link_stops_the_build_before_output_is_touched(project):
    assert project.mkdocs("build").returncode == 0
    os.symlink("gone.pdf", project.root / "content/mzj/2025/gone.pdf")
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "content/mzj/2025/gone.pdf:file:" in result.stderr
    assert (project.site / "index.html").exists()  # validation failed: the previous site stays
