"""The git record of a commit read from its parent's record and its own change only
(`extend_history`, which the build cache uses): the same record as reading the whole log, after
every kind of change a repository sees (attribute changes, attribute-like body lines, renames,
deletions, a new document at an old path, complete rewrites, commits outside content/, merges),
with the project at the top of its repository or in a folder of it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import git

from disclosure_portal.cache import BuildCache, cached_history
from disclosure_portal.read.history import extend_history, read_history


def _doc(title: str, attribute: str, body: str = "正文。\n") -> str:
    return f"---\ntitle: {title}\nattribute: {attribute}\norg: mzj\n---\n\n{body}"


def _write(root, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _commit(top, message: str, date: str) -> None:
    git(top, "add", "-A")
    git(top, "commit", "-q", "--allow-empty", "-m", message, date=date)


LONG = "".join(f"第{i}段：关于做好本年度社区服务工作的具体安排。\n" for i in range(40))
OTHER = "".join(f"第{i}条：另一份文件的全新内容，与原文无关。\n" for i in range(40))

# (message, date, changes under the project: path -> text, None to delete; ("mv", a, b) moves)
STEPS = [
    (
        "初始",
        "2025-01-02",
        {
            "content/mzj/a.md": _doc("通知甲", "主动公开", LONG),
            "content/mzj/b.md": _doc("通知乙", "依申请公开"),
            "content/mzj/通知丙.md": _doc("通知丙", "主动公开"),
            "catalogs/orgs.yml": "orgs: []\n",
        },
    ),
    ("甲改为依申请公开", "2025-01-05", {"content/mzj/a.md": _doc("通知甲", "依申请公开", LONG)}),
    (
        "乙的正文有一行像属性",
        "2025-01-06",
        {"content/mzj/b.md": _doc("通知乙", "依申请公开", "正文。\nattribute: 主动公开\n")},
    ),
    ("移动甲", "2025-01-07", ("mv", "content/mzj/a.md", "content/mzj/c.md")),
    ("删除乙", "2025-01-08", {"content/mzj/b.md": None}),
    ("新的乙", "2025-01-09", {"content/mzj/b.md": _doc("另一个通知乙", "主动公开")}),
    ("改写丙", "2025-01-10", {"content/mzj/c.md": _doc("通知丙（重写）", "主动公开", OTHER)}),
    ("只改说明", "2025-01-11", {"README.md": "说明\n"}),
    ("没有改动", "2025-01-12", {}),
    ("目录", "2025-01-13", {"catalogs/orgs.yml": "orgs:\n  - id: mzj\n"}),
    (
        "挪走又占位",
        "2025-01-14",
        ("mv", "content/mzj/c.md", "content/mzj/d.md", _doc("占位的新文件", "主动公开", "新。\n")),
    ),
]


def _apply(project, step) -> None:
    if isinstance(step, tuple):
        _, source, target, *new = step
        git(project, "mv", source, target)
        if new:
            _write(project, {source: new[0]})
        return
    _write(project, step)


@pytest.fixture(params=["top", "folder"])
def layout(request, tmp_path):
    """(the repository's top folder, the project's folder in it)"""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    project = top if request.param == "top" else top / "district"
    project.mkdir(exist_ok=True)
    return top, project


def test_each_commit_read_from_its_parent_is_the_whole_record(layout):
    top, project = layout
    before = None
    for message, date, step in STEPS:
        _apply(project, step)
        _commit(top, message, date)
        whole = read_history(project)
        assert whole.available
        if before is None:
            assert extend_history(project, whole) is None  # (not a child of itself)
        else:
            assert extend_history(project, before) == whole, message
        before = whole
    # what the steps exercised: the old 乙 kept apart, a rename, an attribute read from a file
    assert "content/mzj/b.md@" in " ".join(before.files)
    revisions = [r for rs in before.files.values() for r in rs]
    assert {"A", "M", "R", "D"} <= {r.status for r in revisions}
    assert any(
        r.message == "乙的正文有一行像属性" and r.attribute == "依申请公开" for r in revisions
    )


def test_a_merge_or_a_record_of_another_commit_is_read_whole(layout):
    top, project = layout
    for message, date, step in STEPS[:3]:
        _apply(project, step)
        _commit(top, message, date)
    base = read_history(project)
    git(top, "checkout", "-q", "-b", "side")
    _write(project, {"content/mzj/e.md": _doc("通知戊", "主动公开")})
    _commit(top, "支线", "2025-02-01")
    side = read_history(project)
    git(top, "checkout", "-q", "main")
    _write(project, {"content/mzj/f.md": _doc("通知己", "主动公开")})
    _commit(top, "主线", "2025-02-02")
    main = read_history(project)
    assert extend_history(project, side) is None  # another line's record: not the parent's
    assert extend_history(project, base) == main
    git(top, "merge", "-q", "--no-edit", "side", date="2025-02-03")
    merged = read_history(project)
    assert extend_history(project, main) is None  # two parents
    _write(project, {"content/mzj/e.md": _doc("通知戊", "依申请公开")})
    _commit(top, "合并之后", "2025-02-04")
    assert extend_history(project, merged) == read_history(project)


def test_a_shallow_clone_is_read_whole(layout, tmp_path):
    top, project = layout
    for message, date, step in STEPS[:3]:
        _apply(project, step)
        _commit(top, message, date)
    parent = read_history(project)  # the whole record, as a full clone has it
    _apply(project, STEPS[3][2])
    _commit(top, STEPS[3][0], STEPS[3][1])
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{top}", str(clone)],
        check=True,
        capture_output=True,
    )
    inside = clone / project.relative_to(top)
    # the parent is there, but the record of a shallow clone is not the whole one
    assert extend_history(inside, parent) is None
    shallow = read_history(inside)
    _write(inside, {"content/mzj/g.md": _doc("通知庚", "主动公开")})
    _commit(clone, "浅克隆中的提交", "2025-03-02")
    assert shallow.shallow and extend_history(inside, shallow) is None


def test_the_build_cache_extends_the_parents_record(layout, tmp_path, monkeypatch):
    top, project = layout
    cache, _ = BuildCache.open(tmp_path / "cache")
    for message, date, step in STEPS[:2]:
        _apply(project, step)
        _commit(top, message, date)
    assert cached_history(project, cache) == read_history(project)
    _apply(project, STEPS[2][2])
    _commit(top, STEPS[2][0], STEPS[2][1])
    whole = read_history(project)
    from disclosure_portal.read import history as module

    def no_whole_log(*args, **kwargs):
        raise AssertionError("the whole log was read")

    monkeypatch.setattr(module, "read_history", no_whole_log)
    assert cached_history(project, cache) == whole  # from the parent's record and one commit
    monkeypatch.undo()
    shutil.rmtree(tmp_path / "cache")
    cache, _ = BuildCache.open(tmp_path / "cache")
    assert cached_history(project, cache) == whole  # no parent's record: the whole log
