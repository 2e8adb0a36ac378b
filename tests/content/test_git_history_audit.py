"""The audit trail from git: scripted commits with fixed dates, audit findings."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import commit, doc, git, portal_env

from disclosure_portal.read.history import read_history

A = "content/mzj/2025/a.md"


W = "content/mzj/2025/w.md"


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
        env=portal_env(),
    )
    data = json.loads(result.stdout)
    assert "浅克隆" in data["history"]
    assert not any(
        f.get("kind") == "backdated" and f["id"] == "mzj/2025/a" for f in data["timeliness"]
    )


def test_an_attribute_line_in_the_body_is_not_the_attribute(project):
    git(project.root, "init", "-q", "-b", "main")
    text = withheld("内部文件").replace("内部。\n", "正文里有一行：\n\nattribute: 主动公开\n")
    commit(project, {"content/mzj/2025/x.md": text}, "内部文件", "2025-03-03")
    history = read_history(project.root)
    assert [r.attribute for r in history.of("content/mzj/2025/x.md")] == ["依申请公开"]


def test_a_scheduled_document_is_neither_withdrawn_nor_due_for_review(repo):
    """定时发布: committed as 主动公开 with a later `published`; it was never public, so it needs
    no withdrawal notice, and it is not a non-public document awaiting its yearly review."""
    from helpers import public_notice

    path = "content/mzj/2025/later.md"
    commit(
        repo,
        {path: public_notice("定时发布的通知", published="2025-09-01")},
        "定时发布",
        "2025-05-20",
    )
    data = audit(repo, "attributes")
    assert "mzj/2025/later" not in [f["id"] for f in data["attributes"] if f.get("withdrawn")]
    reviews = audit(repo, "reviews")["reviews"]
    assert "mzj/2025/later" not in [f["id"] for f in reviews]
