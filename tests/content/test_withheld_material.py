"""Withheld material a public document would carry is found before anything is built (SPEC
guarantee 1): files by real path and by bytes, copied text, paths of withheld files, citations
(a warning naming both files) — and ordinary text (rules/ordinary.py) is never any of these."""

from __future__ import annotations

import os

import pytest
from helpers import assert_reported, doc, problems_of, public_notice

PUBLIC = "content/mzj/2025/public.md"
WITHHELD = "content/mzj/2025/withheld.md"

HEADER = "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
SALUTATION = "各乡镇人民政府、街道办事处，区政府各部门，有关单位："
CLAUSE = "本通知自印发之日起施行，由区民政局负责解释。各单位要高度重视，认真组织实施，确保各项工作落到实处。"

SECRET_SENTENCES = [
    "经排查桃源村共有一十七户家庭的收入核对结果与申报材料明显不符需要逐户复核",
    "建议对其中六户暂停发放最低生活保障金并移交区纪委监委进一步调查处理",
    "复核工作由区民政局社会救助科牵头组织青石镇民政办配合在十个工作日内完成",
    "复核期间相关家庭的医疗救助和临时救助申请一律暂缓审批并做好解释工作",
    "对于涉嫌骗取救助资金的人员依法追回已发放资金情节严重的移送公安机关处理",
    "本请示所附名单包含申请人身份信息和家庭收入情况仅供内部审核使用不得外传",
]


def withheld(body: str = "", **extra) -> str:
    front = {
        "title": "关于桃源村低保对象复核情况的请示",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "doc_number": "溪山民请〔2025〕7号",
        "index_no": "11500299009134523B/2025-00077",
        **extra,
    }
    return doc(front, body or "。\n".join(SECRET_SENTENCES) + "。\n")


def public(body: str, **extra) -> str:
    front = {
        "title": "关于做好2025年社会救助工作的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-04-01",
        **extra,
    }
    return doc(front, body)


def test_shared_table_header_salutation_and_clause_are_not_problems(project):
    table = HEADER + "| 1 | 入户核查 | 区民政局 | 各乡镇 | 6月底 |\n"
    _, errors, warnings = problems_of(
        project,
        {
            WITHHELD: withheld(
                f"{SALUTATION}\n\n{HEADER}| 1 | 内部复核 | 区纪委 | 区民政局 | 5月 |\n\n{CLAUSE}\n"
            ),
            PUBLIC: public(f"**{SALUTATION}**\n\n{table}\n{CLAUSE}\n"),
            "content/mzj/2025/public2.md": public(
                f"{SALUTATION}\n\n{table}\n**{CLAUSE}**\n", title="关于开展救助政策宣传的通知"
            ),
        },
    )
    assert errors == []
    assert [w for w in warnings if w.startswith("content/")] == []


def test_reproduced_withheld_text_is_an_error_naming_both_files(project):
    copied = "。\n\n".join(f"**{s}**" for s in SECRET_SENTENCES[:5]) + "。\n"
    _, errors, _ = problems_of(project, {WITHHELD: withheld(), PUBLIC: public(copied)})
    message = assert_reported(errors, PUBLIC, "body")
    assert WITHHELD in message and "5 句" in message


def test_one_shared_distinctive_sentence_is_a_copy(project):
    """Issue 22: one sentence of a withheld 请示 in a public notice is a copy (the old rule
    wanted 5 sentences and half the document)."""
    quoted = f"为做好复核工作，现通知如下。\n\n{SECRET_SENTENCES[2]}。\n"
    _, errors, _ = problems_of(project, {WITHHELD: withheld(), PUBLIC: public(quoted)})
    message = assert_reported(errors, PUBLIC, "body")
    assert WITHHELD in message and "1 句" in message and "复核工作由区民政局" in message


def test_reproduction_in_a_text_attachment_is_found(project):
    attachment = "content/mzj/2025/附件.txt"
    _, errors, _ = problems_of(
        project,
        {
            WITHHELD: withheld(),
            attachment: "\n".join(SECRET_SENTENCES),
            PUBLIC: public("见附件。\n", attachments=["附件.txt"]),
        },
    )
    message = assert_reported(errors, PUBLIC, "attachments")
    assert WITHHELD in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("title", "关于桃源村低保对象复核情况的请示"),
        ("doc_number", "溪山民请〔2025〕7号"),
        ("index_no", "11500299009134523B/2025-00077"),
    ],
)
def test_citation_of_title_number_or_index_is_a_warning_naming_both_files(project, key, value):
    cited = value.replace("〔", "[").replace("〕", "]")  # another spelling is the same citation
    _, errors, warnings = problems_of(
        project,
        {WITHHELD: withheld(), PUBLIC: public(f"根据《{cited}》的有关要求，现通知如下。\n")},
    )
    assert errors == []
    message = assert_reported(warnings, PUBLIC, "body")
    assert WITHHELD in message and "请确认" in message


def test_citation_leaves_the_rest_of_the_withheld_document_detectable(project):
    from disclosure_portal.verify.leakcheck import collect_fingerprints

    project.write(
        {WITHHELD: withheld(), PUBLIC: public("根据溪山民请〔2025〕7号的要求，现通知如下。\n")}
    )
    fingerprints = collect_fingerprints(project.load())
    found = {fp.kind for _, fp in fingerprints.automaton.items()}
    assert "正文" in found  # the body stays a fingerprint
    texts = {fp.display for _, fp in fingerprints.automaton.items()}
    assert "溪山民请〔2025〕7号" not in texts  # the cited number is now public text


@pytest.mark.parametrize(
    "body",
    [
        "材料见 `mzj/2025/withheld/` 页面。\n",  # code span
        "    content/mzj/2025/withheld.md\n",  # indented code block
        "来源：mzj/2025/withheld.md（内部）\n",  # prose
        "<!-- mzj/2025/withheld/ -->\n",  # a comment, served in the page source
    ],
)
def test_path_of_a_withheld_document_in_public_text_is_an_error(project, body):
    _, errors, _ = problems_of(project, {WITHHELD: withheld(), PUBLIC: public(body)})
    message = assert_reported(errors, PUBLIC, "body")
    assert "mzj/2025/withheld" in message and WITHHELD in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@pytest.mark.parametrize("target", ["withheld.md", "files/内部名单.pdf"])
def test_attachment_that_is_a_symlink_to_withheld_material_is_an_error(project, target):
    project.write(
        {
            WITHHELD: withheld(attachments=["files/内部名单.pdf"]),
            "content/mzj/2025/files/内部名单.pdf": b"%PDF-1.4\n% internal list, not published\n"
            * 3,
            PUBLIC: public("见附件。\n", attachments=["files/公开附件.pdf"]),
        }
    )
    link = project.root / "content/mzj/2025/files/公开附件.pdf"
    link.symlink_to(project.root / "content/mzj/2025" / target)
    site = project.load()
    errors = [str(p) for p in site.errors]
    message = assert_reported(errors, PUBLIC, "attachments")
    assert "符号链接" in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@pytest.mark.parametrize("how", ["folder", "hard"])
def test_attachment_reached_through_a_linked_folder_or_a_hard_link_is_an_error(project, how):
    """Through a folder that is a link (the file's own name is no link): a link; as a hard link
    (another name for the same bytes): a copy. Both are found."""
    data = b"%PDF-1.4\n% internal list, not published\n" * 3
    shown = "shared/内部名单.pdf" if how == "folder" else "files/公开名单.pdf"
    project.write(
        {
            WITHHELD: withheld(attachments=["files/内部名单.pdf"]),
            "content/mzj/2025/files/内部名单.pdf": data,
            PUBLIC: public("见附件。\n", attachments=[shown]),
        }
    )
    folder = project.root / "content/mzj/2025"
    if how == "folder":
        (folder / "shared").symlink_to(folder / "files")
    else:
        os.link(folder / "files/内部名单.pdf", folder / shown)
    site = project.load()
    message = assert_reported([str(p) for p in site.errors], PUBLIC, "attachments")
    assert shown in message
    assert ("符号链接" if how == "folder" else "内容完全相同") in message


def test_attachment_that_is_a_copy_of_a_withheld_file_is_an_error(project):
    data = b"%PDF-1.4\n% internal list, not published\n" * 3
    _, errors, _ = problems_of(
        project,
        {
            WITHHELD: withheld(attachments=["files/内部名单.pdf"]),
            "content/mzj/2025/files/内部名单.pdf": data,
            "content/mzj/2025/files/公开附件.pdf": data,
            PUBLIC: public("见附件。\n", attachments=["files/公开附件.pdf"]),
        },
    )
    message = assert_reported(errors, PUBLIC, "attachments")
    assert "内部名单.pdf" in message and "完全相同" in message


def test_positive_control_a_public_notice_alone_has_no_problem(project):
    _, errors, warnings = problems_of(project, {PUBLIC: public_notice()})
    assert errors == [] and [w for w in warnings if w.startswith("content/")] == []


def test_withdrawn_on_a_public_document_is_an_error_on_the_key(project):
    front = {"withdrawn": {"date": "2025-05-01", "reason": "内容有误"}}
    _, errors, _ = problems_of(project, {PUBLIC: public("正文。\n", **front)})
    message = assert_reported(errors, PUBLIC, "withdrawn")
    assert "仍是主动公开" in message


def test_withdrawn_reason_outside_the_list_is_an_error(project):
    front = {"withdrawn": {"date": "2025-05-01", "reason": "不想公开了"}}
    _, errors, _ = problems_of(project, {WITHHELD: withheld(**front)})
    assert_reported(errors, WITHHELD, "withdrawn.reason")


def test_a_change_note_citing_a_withheld_title_is_a_warning(project):
    changes = [{"date": "2025-04-02", "note": "依据《关于桃源村低保对象复核情况的请示》更正数据"}]
    _, errors, warnings = problems_of(
        project, {WITHHELD: withheld(), PUBLIC: public("正文。\n", changes=changes)}
    )
    assert errors == []
    assert WITHHELD in assert_reported(warnings, PUBLIC, "changes")
