"""SPEC guarantee 8 on a project on disk: no input crashes the portal; each attack is a problem
naming its file and key. The property-based runs use PORTAL_FUZZ_EXAMPLES (200 by default)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from helpers import (
    HANG_SECONDS,
    assert_reported,
    doc,
    git,
    linshi_policy,
    problems_of,
    public_notice,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_portal.model.problems import Collector
from disclosure_portal.read.catalogs import load_registry
from disclosure_portal.read.history import read_history
from disclosure_portal.read.settings import load_settings

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=max(
        20, EXAMPLES // 4
    ),  # each example writes files: a quarter of the in-memory runs
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=EXAMPLES <= 200,
)
NOTICE = "content/mzj/2025/notice.md"


# --- 1. anchors, aliases and nesting in catalogs and mkdocs.yml --------------------------------


def test_an_anchor_in_a_catalog_is_an_error_on_the_file_with_its_line(project):
    catalog = (project.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("channels: [政府网站, 公开查阅点]", "channels: &c [政府网站, *c]")
    _, errors, _ = problems_of(project, {"catalogs/shjz.yml": catalog})
    message = assert_reported(errors, "catalogs/shjz.yml", "yaml")
    assert "锚点和别名" in message
    assert "（第 16 行）" in message


def test_a_billion_laughs_in_orgs_yml_is_refused(project):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    start = time.monotonic()
    _, errors, _ = problems_of(project, {"catalogs/orgs.yml": bomb})
    assert time.monotonic() - start < HANG_SECONDS  # expanded: hours and gigabytes
    assert "锚点和别名" in assert_reported(errors, "catalogs/orgs.yml", "yaml")


def test_deep_nesting_in_front_matter_is_an_error_not_a_recursion_error(project):
    _, errors, _ = problems_of(project, {NOTICE: doc("title: x\ntags: " + "[" * 10_000)})
    assert "嵌套层数" in assert_reported(errors, NOTICE, "front_matter")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("site_name: x\nnav: " + "[" * 10_000, "嵌套层数"),
        ("site_name: x\nextra:\n" + "".join(" " * i + "- \n" for i in range(1, 500)), "嵌套层数"),
        ("site_name: x\ncopyright: 2024-13-45\n", "无法读取"),
        ("site_name: x\nextra: !!int abc\n", "无法读取"),
        ("site_name: [\n", "无法解析"),
    ],
)
def test_a_hostile_mkdocs_yml_is_a_problem_not_a_traceback(project, text, needle):
    project.write({"mkdocs.yml": text})
    settings_ = load_settings(project.root)
    assert [p.key for p in settings_.problems] == ["yaml"]
    assert needle in settings_.problems[0].message
    result = project.portal("validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "mkdocs.yml:yaml:" in result.stdout


def test_a_control_character_in_a_folder_setting_is_reported(project):
    project.write({"mkdocs.yml": 'site_name: x\ndocs_dir: "con\\0tent"\n'})
    problems = load_settings(project.root).problems
    assert [p.key for p in problems if p.is_error] == ["docs_dir"]


# --- 2. control characters in commit messages --------------------------------------------------


def test_control_characters_and_odd_encodings_in_commit_messages_do_not_crash(project):
    root = project.root
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始化", date="2025-03-01")
    messages = [
        "分隔\x1e记录",
        "分隔\x1f字段",
        "\x1b[31m红色\x1b[0m",
        "\n",
        "a\x1e0000000000000000000000000000000000000000\x1fx\x1fy\x1fnot-a-date\x1fz",
    ]
    for i, message in enumerate(messages):
        project.write({NOTICE: public_notice(title=f"通知第{i}版")})
        git(root, "commit", "-q", "--allow-empty-message", "-am", message, date="2025-03-02")
    project.write({NOTICE: public_notice(title="空说明")})
    git(root, "commit", "-q", "--allow-empty-message", "-am", "", date="2025-03-03")
    project.write({NOTICE: public_notice(title="拉丁文编码")})
    git(root, "add", "-A")
    subprocess.run(
        ["git", "-c", "i18n.commitEncoding=latin1", "commit", "-q", "-F", "-"],
        cwd=root,
        input="Caf\xe9 \xff\x1e".encode("latin1"),
        check=True,
        capture_output=True,
        env=dict(os.environ, GIT_AUTHOR_NAME="编辑\x1b]0;x", GIT_AUTHOR_EMAIL="e@example.gov.cn"),
    )
    history = read_history(root)
    revisions = history.of(NOTICE)
    assert len(revisions) == 1 + len(messages) + 2  # every commit, none split or lost
    for revision in revisions:
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in revision.message)
        assert not any(ord(c) < 32 for c in revision.author)
    assert revisions[3].message == "[31m红色 [0m"
    assert revisions[-1].message.startswith("Café")
    result = project.portal("audit")
    assert "Traceback" not in result.stderr


# --- 3. symbolic links --------------------------------------------------------------------------


def test_a_dangling_link_is_an_error_on_the_link(project):
    os.symlink("gone.md", project.root / "content/mzj/2025/dangling.md")
    os.symlink("gone.pdf", project.root / "content/mzj/2025/dangling.pdf")
    site = project.load()
    errors = [str(p) for p in site.errors]
    assert "悬空链接" in assert_reported(errors, "content/mzj/2025/dangling.md", "file")
    assert "悬空链接" in assert_reported(errors, "content/mzj/2025/dangling.pdf", "file")


def test_links_out_of_content_into_git_or_in_a_loop_are_errors(project, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("外部", encoding="utf-8")
    (project.root / ".git").mkdir()
    (project.root / ".git/config").write_text("[core]\n", encoding="utf-8")
    os.symlink(outside, project.root / "content/mzj/outside.txt")
    os.symlink(project.root / ".git/config", project.root / "content/mzj/config.txt")
    os.symlink("..", project.root / "content/mzj/loop")
    os.symlink("self.md", project.root / "content/mzj/self.md")
    errors = [str(p) for p in project.load().errors]
    assert "内容目录之外" in assert_reported(errors, "content/mzj/outside.txt", "file")
    assert "git 仓库" in assert_reported(errors, "content/mzj/config.txt", "file")
    assert "循环" in assert_reported(errors, "content/mzj/loop", "file")
    assert_reported(errors, "content/mzj/self.md", "file")


def test_a_link_within_content_is_accepted(project):
    os.symlink("notice.md", project.root / "content/mzj/2025/alias.md")
    site = project.load()
    assert not [p for p in site.errors if p.path == "content/mzj/2025/alias.md" and p.key == "file"]


# --- 4. Markdown endings in upper case ----------------------------------------------------------


@pytest.mark.parametrize("name", ["notice2.MD", "notice2.Md", "notice2.Markdown", "notice2.MKD"])
def test_a_markdown_ending_not_in_lower_case_is_an_error(project, name):
    path = f"content/mzj/2025/{name}"
    _, errors, _ = problems_of(project, {path: public_notice(title="大写扩展名")})
    message = assert_reported(errors, path, "file")
    assert f"“notice2{name.rsplit('.', 1)[1].lower()}”" in message.replace("notice2.", "notice2")


# --- 5. content at generated URLs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "content/changes.md",
        "content/changes/index.md",
        "content/disclosure.md",
        "content/catalog/index.md",
        "content/policies.md",
        "content/newmedia/index.md",
        "content/search.md",
    ],
)
def test_a_page_at_a_generated_url_is_an_error(project, path):
    page = doc({"title": "占位", "attribute": "主动公开", "type": "页面"})
    _, errors, _ = problems_of(project, {path: page})
    message = assert_reported(errors, path, "file")
    assert "保留网址" in message or "自动生成的页面" in message
    assert len([m for m in errors if m.startswith(f"{path}:file:")]) == 1


@pytest.mark.parametrize(
    "path",
    [
        "content/manifest.json",
        "content/sitemap.xml",
        "content/404.html",
        "content/data/datapackage.json",
        "content/pagefind/pagefind.js",
        "content/search/search_index.json",
    ],
)
def test_a_file_at_a_generated_url_is_an_error(project, path):
    _, errors, _ = problems_of(project, {path: "{}"})
    assert "保留网址" in assert_reported(errors, path, "file")


# --- 6. circular replaced_by --------------------------------------------------------------------


def test_a_cycle_of_replaced_by_is_reported_on_every_member(project):
    a, b, c = (f"content/mzj/2025/{n}.md" for n in "abc")
    _, errors, _ = problems_of(
        project,
        {
            a: public_notice(title="甲", id="doc-a", replaced_by="doc-b"),
            b: public_notice(title="乙", id="doc-b", replaced_by="文号丙"),
            c: public_notice(title="丙", id="doc-c", doc_number="文号丙", replaced_by="doc-a"),
        },
    )
    for path in (a, b, c):
        assert "形成循环" in assert_reported(errors, path, "replaced_by")


def test_a_document_replaced_by_itself_through_its_doc_number_is_reported(project):
    path = "content/mzj/2025/policy.md"
    _, errors, _ = problems_of(
        project, {path: linshi_policy(replaced_by="溪山民发〔2025〕13号", validity="废止")}
    )
    assert_reported(errors, path, "replaced_by")


# --- 7. vocabulary values with blanks or invisible characters -----------------------------------


@pytest.mark.parametrize("value", ["主动公开 ", "主动公开\u3000", "主动公开\u200b"])
def test_an_attribute_with_a_stray_character_is_withheld(project, value):
    site, errors, _ = problems_of(project, {NOTICE: public_notice(title="带空格", attribute=value)})
    assert "多余的空格或不可见字符" in assert_reported(errors, NOTICE, "attribute")
    assert "mzj/2025/notice.md" not in {d.src for d in site.public.documents}


# --- 8. property-based: catalogs, orgs.yml and attachment names --------------------------------

TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["\x1b", "\x1e", "\t", "\u3000", "\u200b", "..", "/", "&a", "*a", ": ", "- "]),
)
SCALAR = st.one_of(TEXT, st.integers().map(str), st.sampled_from(["已审核", "主动", "区县级"]))
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=15,
)
ITEM_KEYS = ["id", "level1", "level2", "content", "basis", "deadline", "deadline_days"]
ITEM_KEYS += ["subject", "channels", "audience", "mode", "levels", "junk"]
ITEM = st.dictionaries(st.sampled_from(ITEM_KEYS), VALUE, max_size=8)
CATALOG = st.fixed_dictionaries(
    {},
    optional={
        "code": st.one_of(st.just("shjz"), TEXT),
        "name": VALUE,
        "status": st.one_of(st.sampled_from(["已审核", "草稿", "已审核 "]), VALUE),
        "reviewed_on": st.one_of(st.just("2025-01-10"), VALUE),
        "items": st.one_of(st.lists(ITEM, max_size=4), VALUE),
    },
)
ORG = st.dictionaries(
    st.sampled_from(["id", "name", "kind", "code", "parent", "domains", "columns", "x"]),
    st.one_of(VALUE, st.lists(st.dictionaries(st.sampled_from(["name", "items", "types"]), VALUE))),
    max_size=7,
)
RAW_YAML = st.lists(
    st.one_of(TEXT, st.sampled_from(["\n", "  ", "- ", "[", "]", "{", "}", "'", '"', "|\n"])),
    max_size=30,
).map("".join)


def _dump(value) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


def _all_named(problems) -> None:
    for problem in problems:
        assert problem.path and problem.key and problem.message


@FUZZ
@given(
    catalog=st.one_of(CATALOG.map(_dump), RAW_YAML),
    orgs=st.one_of(st.lists(ORG, max_size=3).map(_dump), RAW_YAML),
)
def test_generated_catalogs_never_raise(tmp_path_factory, catalog, orgs):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "catalogs").mkdir()
    (root / "catalogs/shjz.yml").write_text(catalog, encoding="utf-8")
    (root / "catalogs/orgs.yml").write_text(orgs, encoding="utf-8")
    (root / "catalogs/domains.yml").write_text("- code: shjz\n  name: 社会救助\n", encoding="utf-8")
    problems = Collector()
    start = time.monotonic()
    load_registry(root / "catalogs", root, problems)
    assert time.monotonic() - start < HANG_SECONDS
    _all_named(problems.items)


NAMES = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(["..", "../..", "/etc/passwd", "a/../../b", " ", "附件 1.pdf", "C:\\x.pdf"]),
    st.text(alphabet="ab./ ", min_size=1, max_size=300),
    st.builds(lambda s: s * 200, st.sampled_from(["长", "a/", "../"])),
)


@FUZZ
@given(
    attachments=st.one_of(st.lists(NAMES, max_size=4), NAMES, VALUE),
    extra=st.dictionaries(st.sampled_from(["replaced_by", "interprets", "tags", "hide"]), VALUE),
)
def test_generated_documents_never_crash_load_site(project, attachments, extra):
    text = doc(
        {
            "title": "通知",
            "attribute": "主动公开",
            "org": "mzj",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "published": "2025-03-03",
            "attachments": attachments,
            **extra,
        }
    )
    start = time.monotonic()
    site, _, _ = problems_of(project, {NOTICE: text})
    assert time.monotonic() - start < HANG_SECONDS
    _all_named(site.problems.items)
