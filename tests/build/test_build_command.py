"""Building fails closed: a failed build keeps the previous output; bad settings stop it."""

from __future__ import annotations

from helpers import assert_reported, built, problems_of, public_notice

from disclosure_portal.read.history import read_history


def test_failed_build_keeps_previous_output(project):
    site = built(project)
    before = (site / "index.html").read_bytes()
    project.write({"content/mzj/2025/notice.md": public_notice(published="2025-02-30")})
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "content/mzj/2025/notice.md:published:" in result.stderr
    assert (site / "index.html").read_bytes() == before
    assert (site / "mzj/2025/notice/index.html").exists()


def test_portal_build_swaps_only_on_success(project):
    first = project.portal("build")
    assert first.returncode == 0, first.stdout + first.stderr
    marker = project.site / "keep.txt"
    marker.write_text("previous site")
    project.write({"content/mzj/2025/notice.md": public_notice(attribute="公开")})
    failed = project.portal("build")
    assert failed.returncode == 1
    assert marker.read_text() == "previous site"
    assert not list(project.root.glob(".site-build-*"))
    project.write({"content/mzj/2025/notice.md": public_notice()})
    assert project.portal("build").returncode == 0
    assert not marker.exists() and (project.site / "index.html").exists()


def test_the_output_folder_of_a_killed_build_is_removed(project):
    """A build killed before it could remove its output folder (`.site-build-<pid>-*`, pages
    not checked yet, or the spare site's files) leaves it beside the site: the next build
    removes it once its process is gone, and leaves a running build's alone."""
    import os
    import time

    dead = project.root / ".site-build-4194311-abc"  # above any process id Linux gives
    (dead / "qsz").mkdir(parents=True)
    (dead / "qsz" / ".portal-spare~index.html").write_text("<p>QXOLD</p>", encoding="utf-8")
    alive = project.root / f".site-build-{os.getpid()}-def"  # this test's own process
    alive.mkdir()
    assert project.portal("build").returncode == 0
    end = time.monotonic() + 60
    while dead.exists():
        assert time.monotonic() < end, "the killed build's folder was not removed"
        time.sleep(0.05)
    assert alive.is_dir()
    alive.rmdir()


def test_outside_git_there_is_no_history_and_no_crash(project):
    history = read_history(project.root)
    assert not history.available and history.files == {}
    assert project.mkdocs("build").returncode == 0
    assert project.portal("audit").returncode == 0


NOTICE = "content/mzj/2025/notice.md"


def test_banned_words(project):
    project.write({"catalogs/banned-words.txt": "# 一行一个\n禁用词甲\n"})
    _, errors, _ = problems_of(project, {NOTICE: public_notice(title="含禁用词甲的通知")})
    assert "禁用词甲" in assert_reported(errors, NOTICE, "title")
    project.write({NOTICE: public_notice()})
    assert project.mkdocs("build").returncode == 0
    assert not any(
        "禁用词甲" in p.read_text(errors="ignore") for p in project.site.rglob("*") if p.is_file()
    )


def test_bad_portal_settings_are_reported_on_mkdocs_yml(project):
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write(
        {
            "mkdocs.yml": config.replace(
                "    page_size: 20\n",
                "    page_size: 二十\n    audit: {backdate_margin_days: -1}\n",
            )
        }
    )
    _, errors, _ = problems_of(project, {})
    assert_reported(errors, "mkdocs.yml", "extra.portal.page_size")
    assert_reported(errors, "mkdocs.yml", "extra.portal.audit.backdate_margin_days")
    assert project.mkdocs("build").returncode != 0
