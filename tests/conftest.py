"""Fixtures and marks. Helpers live in helpers.py; the layer of a test is its folder:

unit/     in-memory records only               (no mark)
content/  a project on disk, validation, CLI   (no mark)
build/    a real mkdocs build                  build
leak/     planted markers, build and serve     build, leak
browser/  chromium via Playwright              build, browser (+ slow: the benchmark)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    BASE_FILES,
    Project,
    build_demo_site,
    doc,
    make_history_repo,
    mkdocs_yml,
    public_notice,
    secret_files,
    with_ylfw,
)

TESTS = Path(__file__).resolve().parent
LAYER_MARKS = {
    "build": ("build",),
    "leak": ("build", "leak"),
    "browser": ("build", "browser"),
}
SLOW_TESTS = {"test_bench_runs_from_one_command"}


def pytest_make_parametrize_id(config, val, argname):
    """Bytes made by a test module (a gzip or zip file, a docx) carry the time they were made:
    an id built from them differs between the two xdist workers when a second passes between
    their collections, and xdist then refuses to run. Such a parameter is named by its length
    (pytest numbers equal ids in order)."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-{len(val)}bytes"
    return None


# The order files run in (scripts/test.sh passes --no-loadscope-reorder, else pytest-xdist runs
# the files with the most tests first): the longest files first, then the layers that build,
# then the rest, so that the two workers (`--dist loadfile`: a file at a time) end on short
# files, not one on a file of minutes while the other waits. An order only: any file may run
# anywhere.
LONGEST_FIRST = (  # the files of ten seconds or more in a run of round 27, longest first
    "browser/test_accessibility.py",
    "leak/test_publication_over_time.py",
    "build/test_install.py",
    "leak/test_signed_manifest.py",
    "browser/test_benchmark.py",
    "leak/test_serve_leaks.py",
    "build/test_build_cache.py",
    "browser/test_portal.py",
    "build/test_build_cache_writing.py",
    "leak/test_build_leaks.py",
    "leak/test_request_register.py",
    "browser/test_editors_app.py",
    "build/test_engines.py",
    "leak/test_leak_check.py",
    "leak/test_published_app.py",
    "leak/test_attachment_part_leaks.py",
    "leak/test_feed_leaks.py",
    "leak/test_sample_site_leaks.py",
    "browser/test_search_ui.py",
    "unit/test_forkrun.py",
    "leak/test_portal_leaks.py",
    "unit/test_yaml_safety.py",
    "build/test_parallel_markdown.py",
    "leak/test_village_page.py",
    "build/test_serve.py",
    "leak/test_newmedia_page.py",
    "leak/test_boilerplate.py",
    "leak/test_preview_leaks.py",
    "build/test_pagefind_seed.py",
    "browser/test_chinese_search.py",
    "leak/test_own_assets.py",
    "build/test_check_memo.py",
    "leak/test_personal_data_leaks.py",
    "leak/test_commit_messages.py",
    "build/test_search_index.py",
    "leak/test_realistic_corpus_output.py",
    "build/test_build_speed.py",
    "build/test_orientation.py",
)
LAYER_ORDER = ("leak", "build", "browser", "content", "unit")


def _layer(item) -> str:
    try:
        return Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
    except ValueError:
        return ""


def _rank(item) -> tuple[int, int]:
    try:
        rel = Path(str(item.path)).resolve().relative_to(TESTS).as_posix()
    except ValueError:
        return (len(LONGEST_FIRST), len(LAYER_ORDER))
    if rel in LONGEST_FIRST:
        return (LONGEST_FIRST.index(rel), 0)
    layer = rel.split("/", 1)[0]
    return (len(LONGEST_FIRST), LAYER_ORDER.index(layer) if layer in LAYER_ORDER else 99)


def pytest_collection_modifyitems(config, items):
    items.sort(key=_rank)  # stable: a file's tests keep their order
    for item in items:
        for mark in LAYER_MARKS.get(_layer(item), ()):
            item.add_marker(mark)
        if item.originalname in SLOW_TESTS:
            item.add_marker("slow")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "portal")
    p.write({"mkdocs.yml": mkdocs_yml(), **BASE_FILES})
    return p


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """One built site with a policy, its attachment, an abolished predecessor and an unused file."""
    return build_demo_site(tmp_path_factory.mktemp("b"))


@pytest.fixture
def catalog_site(project: Project) -> Project:
    with_ylfw(project)
    project.write(
        {
            "content/mzj/2025/a.md": public_notice(
                title="低保政策甲", catalog="shjz-01", published="2025-03-05"
            ),
            "content/qsz/2025/b.md": public_notice(
                title="镇低保政策乙", org="qsz", catalog="shjz-01", published="2025-04-01"
            ),
            "content/mzj/2025/w.md": doc(
                {
                    "title": "QXWITHHELD内部低保材料",
                    "attribute": "不予公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "shjz-01",
                },
                "内部。\n",
            ),
            "content/mzj/2025/y.md": public_notice(
                title="养老机构名单", catalog="ylfw-01", published="2025-05-01"
            ),
            "content/mzj/2025/guide.md": public_notice(
                title="民政局公开指南", type="公开指南", catalog="fdzdgk-02"
            ),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


@pytest.fixture
def leaky(project: Project) -> Project:
    return project.write(secret_files())


@pytest.fixture
def repo(project: Project) -> Project:
    return make_history_repo(project)
