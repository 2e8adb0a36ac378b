"""Planted markers in every field and file of non-public documents never reach the build output."""

from __future__ import annotations

import json
import os

import yaml
from helpers import MARKERS, doc, find_markers, public_notice, secret


def test_build_output_carries_no_marker(leaky):
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert find_markers(leaky.site, list(MARKERS.values())) == []
    assert (leaky.site / "qsz/2025/shared.pdf").exists()
    assert (leaky.site / "qsz/2025/public/index.html").exists()
    assert (leaky.site / "interpretations/qa/index.html").exists()
    assert (leaky.site / "disclosure/qsz/interpretations/index.html").exists()
    assert list(
        (leaky.site / "pagefind/fragment").iterdir()
    )  # the search index was there to be scanned
    assert not (leaky.site / "interpretations/graphic").exists()  # the only 图表图解 is withheld
    for page in (
        "catalog/index.html",
        "catalog/shjz/index.html",
        "catalog/shjz/shjz-01/index.html",
        "disclosure/index.html",
        "disclosure/mzj/index.html",
        "disclosure/mzj/all/index.html",
        "disclosure/qsz/statutory/index.html",
    ):
        assert (leaky.site / page).exists(), page  # generated pages were there to be scanned


def test_broken_front_matter_never_publishes(project):
    project.write(
        {
            "content/mzj/2025/broken.md": f"---\ntitle: {MARKERS['broken_title']}\nattribute: [主动公开\n---\n正文\n"
        }
    )
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert not project.site.exists() or find_markers(project.site, [MARKERS["broken_title"]]) == []


def _publish_the_marked_document(leaky) -> None:
    """Turn the withheld document carrying the markers into a 主动公开 one."""
    text = (leaky.root / f"content/mzj/2025/{MARKERS['file']}.md").read_text(encoding="utf-8")
    text = text.replace("attribute: 不予公开", "attribute: 主动公开").replace(
        "（此件不予公开）", ""
    )
    text = text.replace("written: '2025-03-01'", "written: '2025-03-01'\npublished: '2025-03-02'")
    text = text.replace("written: 2025-03-01", "written: 2025-03-01\npublished: 2025-03-02")
    leaky.write({f"content/mzj/2025/{MARKERS['file']}.md": text})


def test_the_markers_are_findable_when_public(leaky):
    """The detector is not blind: the same planted markers are found once they are public."""
    _publish_the_marked_document(leaky)
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    found = {marker for _, marker in find_markers(leaky.site, list(MARKERS.values()))}
    for key in (
        "title",
        "doc_number",
        "index_no",
        "body",
        "file",
        "attachment",
        "attachment_body",
        "summary",
        "drafter_note",
    ):
        assert MARKERS[key] in found, key
    in_search_index = {
        marker for rel, marker in find_markers(leaky.site / "pagefind", list(MARKERS.values()))
    }
    for key in ("title", "doc_number", "body"):
        assert MARKERS[key] in in_search_index, key


def test_sharded_search_index_carries_no_marker(leaky, monkeypatch):
    """With one shard per page, every shard folder and shards.json are output like any other, and
    a document that is made public does reach a shard (the check is not looking at empty folders)."""
    monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "1")
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    shards = json.loads((leaky.site / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) >= 2
    assert find_markers(leaky.site, list(MARKERS.values())) == []
    _publish_the_marked_document(leaky)
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    in_index = {marker for rel, marker in find_markers(leaky.site / "pagefind", [MARKERS["body"]])}
    assert in_index == {MARKERS["body"]}


def test_withheld_home_page_is_replaced_not_published(project):
    """A generated page at the path of a withheld document never shows that document's text."""
    project.write(
        {
            "content/index.md": doc(
                {
                    "title": "QXHOME内部首页标题",
                    "attribute": "依申请公开",
                    "attribute_basis": "第十六条",
                    "type": "页面",
                },
                "QXHOMEBODY只在内部首页出现的正文内容。\n",
            )
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "index.html").exists()
    assert (
        find_markers(project.site, ["QXHOME内部首页标题", "QXHOMEBODY只在内部首页出现的正文内容"])
        == []
    )


def test_snippets_over_content_is_refused(leaky):
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"].append("pymdownx.snippets")
    leaky.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/qsz/2025/public.md": public_notice(title="青石镇公开通知", org="qsz")
            + f'\n--8<-- "content/mzj/2025/{MARKERS["file"]}.md"\n',
        }
    )
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:markdown_extensions:" in result.stderr
    assert not leaky.site.exists()
    # confined to a folder that holds no documents, it is allowed
    (leaky.root / "snippets").mkdir()
    config["markdown_extensions"][-1] = {"pymdownx.snippets": {"base_path": ["snippets"]}}
    leaky.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/qsz/2025/public.md": public_notice(title="青石镇公开通知", org="qsz"),
        }
    )
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]


def test_nav_naming_a_withheld_document_is_refused(leaky):
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"首页": "index.md"}, {"内部": f"mzj/2025/{MARKERS['file']}.md"}]
    leaky.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:nav:" in result.stderr
    assert not leaky.site.exists()


def test_symlinked_folder_out_of_content_is_refused(project, tmp_path):
    # SPEC guarantee 8: a link out of content/ is an error on the link (it could publish any file)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(secret(), encoding="utf-8")
    (outside / "list.txt").write_text("QXLINKED内部清单", encoding="utf-8")
    os.symlink(outside, project.root / "content/mzj/shared")
    site = project.load()
    assert "content/mzj/shared:file:" in "\n".join(str(p) for p in site.errors)
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "content/mzj/shared:file:" in result.stderr
    assert (
        not project.site.exists()
        or find_markers(project.site, ["QXSECRET秘密救助对象名单请示", "QXLINKED内部清单"]) == []
    )


def test_symlinked_folder_within_content_is_validated_and_filtered(project):
    shared = project.root / "content/qzfb/shared"
    shared.mkdir(parents=True)
    (shared / "secret.md").write_text(secret(), encoding="utf-8")
    (shared / "list.txt").write_text("QXLINKED内部清单", encoding="utf-8")
    os.symlink(shared, project.root / "content/mzj/shared")
    site = project.load()
    assert "mzj/shared/secret.md" in {d.src for d in site.public.withheld}
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (project.site / "mzj/shared").exists()
    assert find_markers(project.site, ["QXSECRET秘密救助对象名单请示", "QXLINKED内部清单"]) == []


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
    result = project.mkdocs("build")
    # the paths in code and in a comment publish no file, but the paths themselves are
    # withheld material: validation names them on the public page (SPEC guarantee 1)
    assert result.returncode != 0
    assert (
        "content/help.md:body: 提到了非主动公开文件的路径“mzj/2025/核查名单.csv”" in result.stderr
    )
    assert "mzj/2025/内部意见.txt" in result.stderr
    assert not (project.site / "mzj/2025/核查名单.csv").exists()
    assert find_markers(project.root / "site", ["QXCSV核查名单内部数据", "QXTXT内部意见全文"]) == []


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
