"""The audit trail from git: scripted commits with fixed dates, audit findings, public revisions."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import _env, doc, public_notice
from leakutil import find_markers

from disclosure_portal.read.history import read_history

A = "content/mzj/2025/a.md"
W = "content/mzj/2025/w.md"
L = "content/mzj/2025/late.md"
B = "content/mzj/2025/back.md"
R = "content/mzj/2025/review.md"


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="编辑甲",
        GIT_AUTHOR_EMAIL="editor@example.gov.cn",
        GIT_COMMITTER_NAME="编辑甲",
        GIT_COMMITTER_EMAIL="editor@example.gov.cn",
    )
    if date:
        env |= {
            "GIT_AUTHOR_DATE": f"{date}T10:00:00+08:00",
            "GIT_COMMITTER_DATE": f"{date}T10:00:00+08:00",
        }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def commit(project, files: dict[str, str], message: str, date: str) -> None:
    project.write(files)
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message, date=date)


def notice(title: str, **extra) -> str:
    return public_notice(title=title, **extra)


def withheld(title: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "依申请公开",
        "attribute_basis": "第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    return doc(front, "内部。\n")


@pytest.fixture
def repo(project):
    root = project.root
    git(root, "init", "-q", "-b", "main")
    commit(project, {}, "建立门户", "2025-03-03")
    commit(
        project, {A: withheld("QXDRAFT内部阶段的标题")}, "QXMSG内部起草阶段的提交说明", "2025-03-04"
    )
    commit(
        project, {A: notice("公开后的通知甲", published="2025-03-10")}, "发布通知甲", "2025-03-10"
    )
    commit(
        project, {W: notice("将被撤回的通知", published="2025-03-12")}, "发布通知乙", "2025-03-12"
    )
    commit(project, {W: withheld("将被撤回的通知")}, "撤回通知乙", "2025-04-01")
    commit(
        project,
        {L: notice("迟发的通知", written="2025-02-03", published="2025-04-02")},
        "发布迟发通知",
        "2025-04-02",
    )
    commit(project, {B: notice("倒签的通知", published="2025-03-20")}, "发布倒签通知", "2025-04-03")
    commit(
        project,
        {
            R: withheld(
                "年度评估过期的文件", reviews=[{"date": "2024-03-01", "result": "维持不公开"}]
            ),
            "content/mzj/2025/noreview.md": withheld("没有年度评估的文件"),
        },
        "内部文件",
        "2025-04-04",
    )
    shjz = (root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    commit(
        project,
        {
            "catalogs/shjz.yml": shjz.replace(
                "content: 社会救助政策文件", "content: 社会救助政策文件及解读材料"
            )
        },
        "修订社会救助目录",
        "2025-04-05",
    )
    return project


def test_history_reads_attributes_per_revision(repo):
    history = read_history(repo.root)
    assert history.available and not history.shallow
    revisions = history.of(A)
    assert [r.attribute for r in revisions] == ["依申请公开", "主动公开"]
    assert [r.day.isoformat() for r in revisions] == ["2025-03-04", "2025-03-10"]
    assert revisions[0].author == "编辑甲" and revisions[1].message == "发布通知甲"
    assert [r.attribute for r in history.of(W)] == ["主动公开", "依申请公开"]
    assert len(history.of("catalogs/shjz.yml")) == 2


def audit(repo, *args) -> dict:
    result = repo.portal("audit", *args, "--json", "--today", "2025-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_attribute_changes_and_withdrawal(repo):
    data = audit(repo, "attributes")
    changes = [(f["id"], f["from"], f["to"], f["date"]) for f in data["attributes"] if "from" in f]
    assert ("mzj/2025/a", "依申请公开", "主动公开", "2025-03-10") in changes
    assert ("mzj/2025/w", "主动公开", "依申请公开", "2025-04-01") in changes
    withdrawn = [f["id"] for f in data["attributes"] if f.get("withdrawn")]
    assert withdrawn == ["mzj/2025/w"]
    assert all(f["author"] == "编辑甲" for f in data["attributes"] if "from" in f)


def test_timeliness_late_and_backdated(repo):
    data = audit(repo, "timeliness")
    by = {(f["id"], f.get("kind")): f for f in data["timeliness"]}
    assert by[("mzj/2025/late", "published")]["workdays"] > 20
    assert by[("mzj/2025/late", "git")]["workdays"] > 20
    back = by[("mzj/2025/back", "backdated")]
    assert back["days"] == 14 and back["date"] == "2025-04-03"
    assert ("mzj/2025/a", "backdated") not in by  # published on the day it was committed


def test_yearly_review(repo):
    data = audit(repo, "reviews")
    ids = {f["id"]: f["message"] for f in data["reviews"]}
    assert "mzj/2025/review" in ids and "超过一年" in ids["mzj/2025/review"]
    assert "mzj/2025/noreview" in ids and "没有年度评估" in ids["mzj/2025/noreview"]
    assert "mzj/2025/w" in ids  # withdrawn and never reviewed


def test_catalog_changes_since_a_date(repo):
    data = audit(repo, "catalogs", "--since", "2025-04-04")
    assert [(f["id"], f["message"]) for f in data["catalogs"]] == [
        ("shjz-01", "事项内容修改：content")
    ]
    assert audit(repo, "catalogs", "--since", "2025-04-06")["catalogs"] == []


def test_audit_text_and_csv(repo):
    text = repo.portal("audit", "--today", "2025-06-01")
    assert text.returncode == 0 and "不得发布到网站" in text.stdout and "mzj/2025/w" in text.stdout
    csv_out = repo.portal("audit", "--csv", "--today", "2025-06-01")
    assert csv_out.stdout.splitlines()[0] == "section,id,path,message"
    assert repo.portal("audit", "--fail-on-findings", "--today", "2025-06-01").returncode != 0


def test_site_shows_only_public_time_revisions(repo):
    result = repo.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = repo.site
    page = BeautifulSoup(
        (site / "mzj/2025/a/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    revisions = [li.get_text(" ", strip=True) for li in page.select("#revisions li")]
    assert (
        len(revisions) == 1 and revisions[0].startswith("2025-03-10") and "首次发布" in revisions[0]
    )
    assert "最后更新：2025-03-10" in page.select_one("#revisions").get_text()
    assert (
        find_markers(
            site,
            [
                "QXMSG内部起草阶段的提交说明",
                "QXDRAFT内部阶段的标题",
                "将被撤回的通知",
                "撤回通知乙",
            ],
        )
        == []
    )
    changes = BeautifulSoup(
        (site / "changes/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    titles = [a.get_text(strip=True) for a in changes.select("tbody a")]
    assert (
        titles[:3] == ["倒签的通知", "迟发的通知", "公开后的通知甲"]
        and "将被撤回的通知" not in titles
    )
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    head = git(repo.root, "rev-parse", "HEAD").strip()
    assert manifest["commit"] == head and manifest["uncommitted_changes"] is False
    entries = {d["id"]: d for d in manifest["documents"]}
    assert "mzj/2025/w" not in entries and "mzj/2025/review" not in entries
    shown = git(repo.root, "show", f"HEAD:{A}")
    assert entries["mzj/2025/a"]["sha256"] == hashlib.sha256(shown.encode()).hexdigest()
    assert (
        entries["mzj/2025/a"]["url"] == "mzj/2025/a/"
        and entries["mzj/2025/a"]["published"] == "2025-03-10"
    )
    footer = BeautifulSoup(
        (site / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one(".portal-footer")
    assert head[:12] in footer.get_text()


def test_shallow_clone_says_how_far_back(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True
    )
    history = read_history(clone)
    assert history.shallow and "2025-04-04" in history.note
    # the horizon commit shows every file as added: nothing older is visible
    assert [(r.day.isoformat(), r.status, r.attribute) for r in history.of(A)] == [
        ("2025-04-04", "A", "主动公开")
    ]
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "audit", "timeliness", "--json"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=_env(),
    )
    data = json.loads(result.stdout)
    assert "浅克隆" in data["history"]
    assert not any(
        f.get("kind") == "backdated" and f["id"] == "mzj/2025/a" for f in data["timeliness"]
    )


def test_outside_git_there_is_no_history_and_no_crash(project):
    history = read_history(project.root)
    assert not history.available and history.files == {}
    assert project.mkdocs("build").returncode == 0
    assert project.portal("audit").returncode == 0


def test_an_attribute_line_in_the_body_is_not_the_attribute(project):
    git(project.root, "init", "-q", "-b", "main")
    text = withheld("内部文件").replace("内部。\n", "正文里有一行：\n\nattribute: 主动公开\n")
    commit(project, {"content/mzj/2025/x.md": text}, "内部文件", "2025-03-03")
    history = read_history(project.root)
    assert [r.attribute for r in history.of("content/mzj/2025/x.md")] == ["依申请公开"]
