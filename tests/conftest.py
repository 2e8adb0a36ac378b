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
    OLD_POLICY,
    PDF,
    POLICY,
    Project,
    built,
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


# the order the layers run in: the heaviest files first, so that the two workers
# (`--dist loadfile`: a file at a time) end on short files, not one on a long one while the
# other waits
LAYER_ORDER = ("build", "leak", "browser", "content", "unit")


def _layer(item) -> str:
    try:
        return Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
    except ValueError:
        return ""


def pytest_collection_modifyitems(config, items):
    rank = {layer: n for n, layer in enumerate(LAYER_ORDER)}
    items.sort(key=lambda item: rank.get(_layer(item), len(rank)))  # stable within a layer
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
    project = Project(tmp_path_factory.mktemp("b") / "portal")
    project.write(
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2020/dibao-old.md": OLD_POLICY,
            "content/mzj/2025/unused.pdf": PDF + b"unreferenced",
        }
    )
    return built(project)


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
