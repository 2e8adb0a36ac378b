"""Publication over time (SPEC), on scripted git repositories with fixed dates: public text comes
from content, never from commit messages; history follows the document; withdrawal notices and
redirects at old URLs; scheduled publication; shallow clones."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import commit, doc, find_markers, git

A = "content/mzj/2025/a.md"
B = "content/mzj/2025/b.md"
W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID = (
    "50022219800101123"
    + "10X98765432"[sum(int(c) * w for c, w in zip("50022219800101123", W, strict=True)) % 11]
)


def notice(title: str, published: str = "2025-03-10", attribute: str = "主动公开", **extra) -> str:
    front = {
        "title": title,
        "attribute": attribute,
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    if attribute == "主动公开":
        front["published"] = published
    else:
        front["attribute_basis"] = "《中华人民共和国政府信息公开条例》第十六条"
    return doc(front, f"{title}的正文，只在这一份文件中出现的说明文字。\n")


def _init(project) -> None:
    import yaml

    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = "https://xishan.example.gov.cn/"  # the sitemap lists pages only then
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    git(project.root, "init", "-q")
    commit(project, {}, "初始化", "2025-01-02")


def _soup(project, path: str) -> BeautifulSoup:
    return BeautifulSoup((project.site / path).read_text(encoding="utf-8"), "html.parser")


def test_commit_messages_never_reach_the_site(project):
    _init(project)
    withheld = "QXWITHHELD秘密请示标题"
    commit(
        project,
        {"content/mzj/2025/w.md": notice(withheld, attribute="不予公开")},
        "内部",
        "2025-03-01",
    )
    messages = [
        f"录入 {ID} 申请人材料",
        '<img src=x onerror="alert(1)">更新',
        f"修改《{withheld}》",
    ]
    for i, message in enumerate(messages):
        commit(project, {A: notice(f"公开通知第{i}版")}, message, f"2025-03-1{i}")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert find_markers(project.site, [ID, "QXIMG", withheld, "申请人材料"]) == []
    page = _soup(project, "mzj/2025/a/index.html")
    assert [li.get_text(" ", strip=True) for li in page.select("#revisions li")] == [
        "2025-03-10 首次发布"
    ]


def test_change_notes_drive_the_record_and_are_checked_like_the_body(project):
    _init(project)
    changes = [
        {"date": "2025-04-01", "note": "更正附件中的联系电话"},
        {"date": "2025-05-06", "note": "补充办理时限"},
    ]
    commit(project, {A: notice("公开通知", changes=changes)}, "x", "2025-05-06")
    assert project.mkdocs("build").returncode == 0
    page = _soup(project, "mzj/2025/a/index.html")
    assert [li.get_text(" ", strip=True) for li in page.select("#revisions li")] == [
        "2025-05-06 补充办理时限",
        "2025-04-01 更正附件中的联系电话",
        "2025-03-10 首次发布",
    ]
    assert "最后更新：2025-05-06" in page.select_one("#revisions").get_text()
    rows = [
        tr.get_text(" ", strip=True)
        for tr in _soup(project, "changes/index.html").select("tbody tr")
    ]
    assert rows[0].startswith("2025-05-06") and "补充办理时限" in rows[0]
    bad = [{"date": "2025-03-01", "note": f"联系人身份证 {ID}"}]
    project.write({A: notice("公开通知", changes=bad)})
    errors = [str(p) for p in project.load().errors]
    assert any(e.startswith(f"{A}:changes[0].date:") and "早于发布日期" in e for e in errors)
    assert any(e.startswith(f"{A}:changes[0].note:") and "身份证号" in e for e in errors)


LONG_OLD = "".join(f"旧文件第{i}段：关于低保资金发放情况的说明和核查要求。" for i in range(30))
LONG_NEW = "".join(f"新文件第{i}条：关于汛期防汛值班安排和应急物资储备的通知。" for i in range(30))


def test_path_reused_in_the_same_commit_passes_no_history_on(project):
    from disclosure_portal.read.history import read_history

    _init(project)
    commit(project, {A: notice("旧通知") + LONG_OLD}, "发布旧通知", "2025-03-10")
    git(project.root, "mv", A, B)
    project.write(
        {
            B: notice("旧通知", attribute="依申请公开") + LONG_OLD,
            A: notice("新通知", published="2025-06-01") + LONG_NEW,
        }
    )
    git(project.root, "add", "-A")
    git(
        project.root,
        "commit",
        "-q",
        "-m",
        "旧通知转为依申请公开，新通知占用原路径",
        date="2025-06-01",
    )
    history = read_history(project.root)
    assert [r.commit for r in history.of(A)] == [git(project.root, "rev-parse", "HEAD").strip()]
    assert len(history.of(B)) == 2  # the old document kept its own record
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "content/mzj/2025/b.md:withdrawn:" in result.stderr  # withdrawn without a notice: warned
    assert _soup(project, "mzj/2025/a/index.html").select_one("h1").get_text(strip=True) == "新通知"


def test_deleted_then_reused_name_starts_a_new_record(project):
    from disclosure_portal.read.history import read_history

    _init(project)
    commit(project, {A: notice("第一份")}, "一", "2025-03-10")
    git(project.root, "rm", "-q", A)
    git(project.root, "commit", "-q", "-m", "删除", date="2025-04-01")
    commit(project, {A: notice("第二份", published="2025-05-01")}, "二", "2025-05-01")
    history = read_history(project.root)
    assert len(history.of(A)) == 1 and history.of(A)[0].message == "二"
    assert any(key.startswith(f"{A}@") for key in history.files)  # the first one's record, apart


def test_merged_branch_builds_and_shows_no_message(project):
    _init(project)
    commit(project, {A: notice("分支通知", attribute="不予公开")}, "主线：内部稿", "2025-03-01")
    git(project.root, "checkout", "-q", "-b", "draft")
    commit(
        project,
        {A: notice("分支通知", attribute="不予公开").replace("正文", "草稿正文")},
        "QXBRANCH内部修改说明",
        "2025-03-05",
    )
    git(project.root, "checkout", "-q", "-")
    commit(project, {A: notice("分支通知")}, "主线：公开", "2025-03-10")
    git(project.root, "merge", "-q", "--no-edit", "-X", "theirs", "draft", date="2025-03-12")
    project.write({A: notice("分支通知")})
    git(project.root, "commit", "-q", "-am", "合并后定稿", date="2025-03-12")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert find_markers(project.site, ["QXBRANCH内部修改说明", "合并后定稿"]) == []


def test_rename_leaves_a_redirect_out_of_search_and_sitemap(project):
    _init(project)
    commit(project, {A: notice("搬家的通知")}, "发布", "2025-03-10")
    git(project.root, "mv", A, B)
    git(project.root, "commit", "-q", "-m", "移动", date="2025-04-01")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    old = _soup(project, "mzj/2025/a/index.html")
    refresh = old.select_one('meta[http-equiv="refresh"]')
    assert refresh is not None and refresh["content"].endswith("url=../b/")
    assert old.select_one('link[rel="canonical"]') is not None
    assert not old.select("[data-pagefind-body]")
    sitemap = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "mzj/2025/b/" in sitemap and "mzj/2025/a/" not in sitemap


def test_withdrawal_notice_shows_date_and_reason_only(project):
    _init(project)
    title = "QXWITHDRAWN将被撤回的通知"
    commit(project, {A: notice(title, doc_number="溪山民发〔2025〕QX9号")}, "发布", "2025-03-10")
    withdrawn = notice(
        title,
        attribute="不予公开",
        doc_number="溪山民发〔2025〕QX9号",
        withdrawn={"date": "2025-04-02", "reason": "内容有误"},
    )
    commit(project, {A: withdrawn}, "撤回", "2025-04-02")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    page = _soup(project, "mzj/2025/a/index.html")
    text = page.select_one("article, .md-content").get_text(" ", strip=True)
    assert "该信息已于 2025-04-02 撤回" in text and "内容有误" in text
    assert find_markers(project.site, [title, "QX9号", "只在这一份文件中出现的说明文字"]) == []
    assert "mzj/2025/a/" not in (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert not page.select("[data-pagefind-body]")
    listed = project.site / "notices/index.html"
    assert not listed.exists() or "mzj/2025/a/" not in listed.read_text(encoding="utf-8")


def test_withdrawal_without_withdrawn_warns_and_the_url_disappears(project):
    _init(project)
    commit(project, {A: notice("悄悄撤下的通知")}, "发布", "2025-03-10")
    commit(
        project,
        {A: notice("悄悄撤下的通知", attribute="依申请公开")},
        "改为依申请公开",
        "2025-04-02",
    )
    result = project.portal("validate")
    assert result.returncode == 0
    assert f"{A}:withdrawn: 本文件曾经主动公开（最后一次公开时的提交" in result.stdout
    assert project.mkdocs("build").returncode == 0
    assert not (project.site / "mzj/2025/a/index.html").exists()


def test_scheduled_document_waits_for_its_day_and_builds_are_reproducible(project, monkeypatch):
    """The same build date gives the same bytes, whatever the clock says: the second build runs
    as if midnight had passed or IT had set SOURCE_DATE_EPOCH (the engine dates the header of
    sitemap.xml.gz), and both date it at the build date's midnight."""
    _init(project)
    commit(
        project,
        {A: notice("QXSCHEDULED定时发布的通知", published="2027-03-01")},
        "定时",
        "2026-11-20",
    )
    listed = project.portal("validate", "--today", "2026-11-30")
    assert listed.returncode == 0 and "定时发布" in listed.stdout and "2027-03-01" in listed.stdout
    assert project.portal("build", "--today", "2026-11-30").returncode == 0
    assert find_markers(project.site, ["QXSCHEDULED定时发布的通知"]) == []
    assert project.portal("build", "--today", "2027-03-01").returncode == 0
    assert (project.site / "mzj/2025/a/index.html").exists()
    first = {
        p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*") if p.is_file()
    }
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # 2033-05-18
    assert project.portal("build", "--today", "2027-03-01").returncode == 0
    second = {
        p.relative_to(project.site): p.read_bytes() for p in project.site.rglob("*") if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []  # the same build date: the same bytes
    stamp = int.from_bytes(second[Path("sitemap.xml.gz")][4:8], "little")  # gzip's MTIME
    assert stamp == int(dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp())


def test_shallow_clone_needs_allow_shallow(project, tmp_path):
    _init(project)
    commit(project, {A: notice("通知一")}, "一", "2025-03-10")
    commit(project, {B: notice("通知二")}, "二", "2025-03-11")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True
    )
    from helpers import Project

    shallow = Project(clone)
    refused = shallow.portal("build")
    assert refused.returncode == 1 and "浅克隆" in refused.stdout
    assert shallow.portal("build", "--allow-shallow").returncode == 0
    warned = shallow.mkdocs("build")
    assert warned.returncode == 0 and "浅克隆" in warned.stderr


def test_audit_lists_a_change_after_publication_without_a_note(project):
    import json

    _init(project)
    commit(project, {A: notice("公开通知"), B: notice("另一份通知")}, "发布", "2025-03-10")
    project.write({A: notice("公开通知").replace("说明文字", "说明文字（已修改）")})
    git(project.root, "commit", "-q", "-am", "改正文", date="2025-04-01")
    noted = [{"date": "2025-04-01", "note": "补充说明"}]
    project.write({B: notice("另一份通知", changes=noted).replace("说明文字", "说明文字（补充）")})
    git(project.root, "commit", "-q", "-am", "改另一份", date="2025-04-01")
    result = project.portal("audit", "changes", "--json")
    assert result.returncode == 0, result.stdout
    found = json.loads(result.stdout)["changes"]
    assert [f["path"] for f in found] == [A]


def test_no_redirect_where_a_withheld_document_lives_now(project):
    _init(project)
    commit(project, {A: notice("搬走的通知") + LONG_OLD}, "发布", "2025-03-10")
    git(project.root, "mv", A, B)
    project.write({A: notice("同名的内部文件", attribute="不予公开") + LONG_NEW})
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "移动并新建", date="2025-04-01")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (project.site / "mzj/2025/a/index.html").exists()
    assert find_markers(project.site, ["同名的内部文件"]) == []
