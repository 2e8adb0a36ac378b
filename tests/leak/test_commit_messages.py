"""A commit that touched a non-public document shows a neutral message on public pages."""

from __future__ import annotations

import os
import subprocess

from helpers import find_markers, public_notice, secret

NOTICE = "content/mzj/2025/notice.md"


def git(root, *args, date="2025-03-03"):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="编辑",
        GIT_AUTHOR_EMAIL="e@example.gov.cn",
        GIT_COMMITTER_NAME="编辑",
        GIT_COMMITTER_EMAIL="e@example.gov.cn",
        GIT_AUTHOR_DATE=f"{date}T10:00:00",
        GIT_COMMITTER_DATE=f"{date}T10:00:00",
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_commit_message_of_a_mixed_commit_is_not_shown(project):
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "初始化")
    project.write(
        {NOTICE: public_notice(title="宣传月通知（修订）"), "content/mzj/2025/secret.md": secret()}
    )
    git(project.root, "add", "-A")
    git(
        project.root,
        "commit",
        "-q",
        "-m",
        "修改《QXSECRET秘密救助对象名单请示》并更新宣传月通知",
        date="2025-03-05",
    )
    project.write({NOTICE: public_notice(title="宣传月通知（再次修订）")})
    git(project.root, "commit", "-q", "-am", "更正宣传月通知标题", date="2025-03-07")
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert find_markers(project.site, ["QXSECRET秘密救助对象名单请示"]) == []
    page = (project.site / "mzj/2025/notice/index.html").read_text(encoding="utf-8")
    # commit messages are never public text (SPEC: Publication over time): the 修订记录 is the
    # publication and the document's own `changes`, which this document has none of
    assert find_markers(project.site, ["更正宣传月通知标题", "并更新宣传月通知", "初始化"]) == []
    revisions = page[page.index('id="revisions"') :]
    assert [
        li.split("</span>", 1)[1].split("<", 1)[0].strip() for li in revisions.split("<li>")[1:]
    ] == ["首次发布"]
