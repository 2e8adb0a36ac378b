"""Leak paths and silent acceptances found in review, each pinned by a test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import doc, public_notice
from leakutil import find_markers
from test_validation import assert_reported, problems_of

pytestmark = pytest.mark.build
NOTICE = "content/mzj/2025/notice.md"


def secret(title: str = "QXSECRET秘密救助对象名单请示", **extra) -> str:
    front = {
        "title": title,
        "attribute": "依申请公开",
        "attribute_basis": "第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    return doc(front, "QXSECRETBODY这是不公开的正文内容。\n")


def test_symlinked_folder_is_validated_and_filtered(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(secret(), encoding="utf-8")
    (outside / "list.txt").write_text("QXLINKED内部清单", encoding="utf-8")
    os.symlink(outside, project.root / "content/mzj/shared")
    site = project.load()
    assert "mzj/shared/secret.md" in {d.src for d in site.public.withheld}
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (project.site / "mzj/shared").exists()
    assert find_markers(project.site, ["QXSECRET秘密救助对象名单请示", "QXLINKED内部清单"]) == []


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
    revisions = page[page.index('id="revisions"') :]
    # newest first: a public-only commit keeps its message, the mixed one reads neutrally, the first is the publication
    assert [
        li.split("</span>", 1)[1].split("<span", 1)[0].strip()
        for li in revisions.split("<li>")[1:4]
    ] == ["更正宣传月通知标题", "修订", "首次发布"]


def test_two_files_for_one_catalog_code_is_an_error(project):
    shjz = (project.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    project.write(
        {
            "catalogs/shjz.yaml": shjz.replace("status: 已审核", "status: 草稿").replace(
                "shjz-01", "shjz-draft"
            )
        }
    )
    _, errors, _ = problems_of(project, {})
    assert_reported(errors, "catalogs/shjz.yaml", "code")
    assert_reported(errors, "catalogs/shjz.yml", "code")


def test_files_reached_by_a_body_link_are_checked_for_personal_data(project):
    files = {
        NOTICE: public_notice().replace("现将", "见[名单](名单.csv)，现将"),
        "content/mzj/2025/名单.csv": "姓名,电话\n张三,13812345678\n",
    }
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, "content/mzj/2025/名单.csv", "attachment")


def test_paths_in_code_and_comments_do_not_publish_files(project):
    files = {
        "content/mzj/2025/secret.md": secret(attachments=["核查名单.csv", "内部意见.txt"]),
        "content/mzj/2025/核查名单.csv": "QXCSV核查名单内部数据\n",
        "content/mzj/2025/内部意见.txt": "QXTXT内部意见全文\n",
        "content/help.md": doc(
            {"title": "帮助", "attribute": "主动公开", "type": "页面"},
            "`[附件](mzj/2025/核查名单.csv)`\n\n<!-- ![](mzj/2025/内部意见.txt) -->\n",
        ),
    }
    project.write(files)
    assert project.mkdocs("build").returncode == 0
    assert not (project.site / "mzj/2025/核查名单.csv").exists()
    assert find_markers(project.site, ["QXCSV核查名单内部数据", "QXTXT内部意见全文"]) == []


@pytest.mark.parametrize(
    "body", ["[相关\n请示](secret.md)\n", "<a href=../2025/secret/>请示</a>\n"]
)
def test_hidden_forms_of_a_link_to_a_withheld_document(project, body):
    files = {
        "content/mzj/2025/secret.md": secret(),
        NOTICE: doc(
            {
                "title": "通知",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            body,
        ),
    }
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, NOTICE, "body")


def test_rendered_links_to_withheld_files_are_caught_at_render_time(project):
    """The render-time check reads the HTML MkDocs produced, whatever Markdown construct made it."""
    import importlib.util
    from types import SimpleNamespace

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "portal_hooks_under_test", ROOT / "hooks" / "portal.py"
    )
    hooks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = hooks  # dataclasses look their module up
    spec.loader.exec_module(hooks)
    project.write(
        {
            "content/mzj/2025/secret.md": secret(attachments=["files/x.pdf"]),
            "content/mzj/2025/files/x.pdf": b"%PDF-1.4 withheld" + b"0" * 64,
        }
    )
    site = project.load()
    state = hooks.BuildState(site=site, specs={})
    from disclosure_portal.project import page_key

    state.withheld_targets = {page_key(d.src) for d in site.public.withheld} | {
        d.src for d in site.public.withheld
    }
    state.withheld_targets |= set(site.public.withheld_files)
    hooks._state = state
    page = SimpleNamespace(
        file=SimpleNamespace(url="mzj/2025/notice/", src_uri="mzj/2025/notice.md")
    )
    html = (
        '<p><a href="../secret/">a</a> <a href=secret.md>b</a> <img src="../files/x.pdf"> '
        '<a href="../../../">home</a> <a href="https://www.gov.cn/">gov</a></p>'
    )
    hooks.on_page_content(html, page=page, config=None, files=None)
    assert len(state.link_problems) == 3, state.link_problems


def test_nav_in_url_form_naming_a_withheld_document_is_refused(project):
    import yaml

    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"首页": "index.md"}, {"请示": "mzj/2025/secret/"}]
    project.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/mzj/2025/secret.md": secret(),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode != 0 and "mkdocs.yml:nav:" in result.stderr


@pytest.mark.parametrize(
    "path", ["content/disclosure/README.md", "content/notices.md", "content/catalog/index.markdown"]
)
def test_content_at_a_generated_url_is_an_error(project, path):
    _, errors, _ = problems_of(
        project, {path: doc({"title": "页面", "attribute": "主动公开", "type": "页面"})}
    )
    assert_reported(errors, path, "file")
