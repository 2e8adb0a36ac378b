"""A repository an editor can trust (issue 21, item 4): `portal init` writes examples whose ids
exist in the new repository and that draw no warning but the unset site settings of mkdocs.yml;
the manual's examples are those files."""

from __future__ import annotations

import json

from helpers import ROOT, git
from update_glossary import EXAMPLES, example_file_markdown, examples_markdown

from disclosure_portal.read.frontmatter import split_front_matter

SKELETON = ROOT / "src" / "disclosure_portal" / "skeleton"
MANUAL = "docs/编辑手册.md"
# warnings a new repository may draw: settings only its district can fill in
SITE_SETTINGS = {"site_url", "site_code", "extra.portal.site_code", "signing", "manifest"}


def _init(tmp_path, project_portal):
    repo = tmp_path / "xq"
    result = project_portal("init", str(repo))
    assert result.returncode == 0, result.stdout + result.stderr
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "portal init")
    return repo


def _validate(repo, project):
    project.root = repo
    result = project.portal("validate", "--json", "-")
    return json.loads(result.stdout), result


def test_init_then_validate_draws_no_warning_but_site_settings(project, tmp_path):
    repo = _init(tmp_path, project.portal)
    data, _ = _validate(repo, project)
    assert data["errors"] == []
    others = [
        w
        for w in data["warnings"]
        if not (w["path"] == "mkdocs.yml" and any(s in w["key"] for s in SITE_SETTINGS))
    ]
    assert others == [], others


def test_the_check_sees_a_warning_of_an_example(project, tmp_path):
    # positive control: an example whose reference does not exist is caught by the same check
    repo = _init(tmp_path, project.portal)
    path = repo / "content/bgs/2026/zhengqiu-yijian.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  kind: 重大行政决策\n", ""), encoding="utf-8"
    )
    data, _ = _validate(repo, project)
    assert any(w["key"] == "consultation.kind" for w in data["warnings"])
    interp = repo / "content/bgs/2026/zhengce-jiedu.md"
    interp.write_text(
        interp.read_text(encoding="utf-8").replace("zwgk-tongzhi-2026", "no-such-id"),
        encoding="utf-8",
    )
    data, result = _validate(repo, project)
    assert any(e["key"] == "interprets" for e in data["errors"]), result.stdout


def test_every_reference_of_the_examples_exists():
    ids, numbers = set(), set()
    fronts = {}
    for path in (SKELETON / "content").rglob("*.md"):
        meta = split_front_matter(path.read_text(encoding="utf-8")).meta
        fronts[path] = meta
        ids.add(meta.get("id") or path.relative_to(SKELETON / "content").with_suffix("").as_posix())
        numbers.add(meta.get("doc_number"))
    orgs = (SKELETON / "catalogs/orgs.yml").read_text(encoding="utf-8")
    for path, meta in fronts.items():
        if meta.get("org"):
            assert f"- id: {meta['org']}\n" in orgs, path
        for ref in [meta.get("interprets"), meta.get("replaced_by")]:
            if ref:
                assert ref in ids | numbers, (path, ref)


def test_manual_examples_are_the_init_examples():
    text = (ROOT / MANUAL).read_text(encoding="utf-8")
    block = text.split("<!-- examples:start -->\n", 1)[1].split("<!-- examples:end -->", 1)[0]
    assert block == examples_markdown()
    whole = text.split("<!-- example-file:start -->\n", 1)[1].split("<!-- example-file:end -->")[0]
    assert whole == example_file_markdown()
    for _, rel in EXAMPLES:
        assert (SKELETON / rel).is_file(), rel
    assert (SKELETON / MANUAL).read_bytes() == (ROOT / MANUAL).read_bytes()


def test_manual_says_what_an_error_does_to_an_update_and_how_lines_and_tabs_work():
    text = (ROOT / MANUAL).read_text(encoding="utf-8")
    assert "整个网站都不更新" in text and "合并请求" in text
    assert "一行就是一行" in text
    assert "制表符" in text and "Tab" in text
    assert "portal cms" in text and "decap-server" in text and "portal serve" in text
