"""Every part of a file counts, in every encoding (SPEC guarantees 1 and 6), for both walls:

- a public attachment with personal data only in a hidden part (a comment, a document property,
  a hidden sheet, picture metadata …) or in a GBK or UTF-16 text file is an error naming it;
- a withheld file whose distinctive sentence sits only in such a part (or in GBK, UTF-16, or in a
  .docx renamed .wps) is fingerprinted, and an output file carrying the sentence in any form
  (PDF, Word, GBK text, picture metadata) is caught by the output scan;
- ordinary files of each kind give neither errors nor warnings nor hits.
"""

from __future__ import annotations

import filefixtures as ff
import pytest
from helpers import assert_reported, doc, problems_of

from disclosure_portal.model.textform import normalize
from disclosure_portal.verify.fingerprints import collect_fingerprints
from disclosure_portal.verify.leakcheck import scan_site

PUBLIC = "content/mzj/2025/notice.md"
MOBILE = "13912345678"
SECRET = "QXHIDDEN桃源村六户家庭暂停发放最低生活保障金并移交调查"


def notice(*attachments: str) -> str:
    front = {
        "title": "关于社会救助的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-03-03",
        "attachments": list(attachments),
    }
    return doc(front, "为做好社会救助政策宣传工作，现将有关事项通知如下。\n")


# (file name, bytes with `text` only in one hidden part)
HIDDEN = {
    "docx comment": ("原件.docx", lambda text: ff.docx("正文。", comment=text)),
    "docx tracked deletion": (
        "原件.docx",
        lambda text: ff.docx(ff.para("正文。", ff.deleted(text))),
    ),
    "docx text box": ("原件.docx", lambda text: ff.docx(ff.para(ff.text_box(text)))),
    "docx core property": ("原件.docx", lambda text: ff.docx("正文。", core={"description": text})),
    "docx custom property": ("原件.docx", lambda text: ff.docx("正文。", custom={"电话": text})),
    "docx header": ("原件.docx", lambda text: ff.docx("正文。", header=text)),
    "docx saved as .wps": ("原件.wps", lambda text: ff.docx("正文。", comment=text)),
    "xlsx hidden sheet": (
        "名单.xlsx",
        lambda text: ff.xlsx([("公开", [["序号"]], "visible"), ("内部", [[text]], "hidden")]),
    ),
    "xlsx formula": (
        "名单.xlsx",
        lambda text: ff.xlsx([("表", [["a"]], "visible")], formulas={"B1": (f'"{text}"', "a")}),
    ),
    "pdf metadata": ("原件.pdf", lambda text: ff.pdf("正文", info={"Subject": text})),
    "pdf annotation": ("原件.pdf", lambda text: ff.pdf("正文", annotation=text)),
    "jpeg EXIF": ("照片.jpg", lambda text: ff.jpeg(xp_comment=text)),
    "png text chunk": ("照片.png", lambda text: ff.png({"Comment": text})),
    "doc summary (WPS binary)": ("原件.doc", lambda text: ff.word97("正文内容。", comments=text)),
    "GBK text": ("名单.txt", lambda text: f"序号,说明\n1,{text}\n".encode("gbk")),
    "GB18030 csv": ("名单.csv", lambda text: f"序号,说明\n1,{text}\n".encode("gb18030")),
    "UTF-16 text": ("名单.txt", lambda text: f"序号,说明\n1,{text}\n".encode("utf-16")),
    "zip of a docx": (
        "材料.zip",
        lambda text: ff._zip({"原件.docx": ff.docx("正文。", comment=text)}),
    ),
}


@pytest.mark.parametrize("case", HIDDEN)
def test_personal_data_in_a_hidden_part_of_a_public_attachment_is_an_error(project, case):
    name, build = HIDDEN[case]
    _, errors, _ = problems_of(
        project,
        {f"content/mzj/2025/{name}": build(f"联系人手机{MOBILE}"), PUBLIC: notice(name)},
    )
    assert "手机号码" in assert_reported(errors, f"content/mzj/2025/{name}", "attachment")


def test_a_gbk_text_attachment_keeps_its_line_numbers(project):
    data = f"序号,说明\n1,救助\n2,联系人手机{MOBILE}\n".encode("gbk")
    _, errors, _ = problems_of(
        project, {"content/mzj/2025/名单.csv": data, PUBLIC: notice("名单.csv")}
    )
    assert "第 3 行" in assert_reported(errors, "content/mzj/2025/名单.csv", "attachment")


def test_a_file_without_running_text_is_a_warning_whatever_its_metadata(project):
    # a scanned PDF has pages and a producer but no text layer; a Word file of pictures has
    # properties but no text: what a reader sees was not checked
    scanned = ff.pdf("", info={"Producer": "扫描仪"})
    pictures = ff.docx(ff.para(ff.picture_alt("")), core={"creator": "扫描员"})
    _, _, warnings = problems_of(
        project,
        {
            "content/mzj/2025/扫描.pdf": scanned,
            "content/mzj/2025/图片.docx": pictures,
            PUBLIC: notice("扫描.pdf", "图片.docx"),
        },
    )
    found = [w for w in warnings if w.startswith(f"{PUBLIC}:attachments:")]
    assert len(found) == 2 and all("无法读取文字" in w for w in found), warnings


ORDINARY = {
    "公开.docx": lambda: ff.python_docx(
        "为做好社会救助政策宣传工作，现将有关事项通知如下。",
        table=[["序号", "事项"], ["1", "宣传"]],
    ),
    "公开.xlsx": lambda: ff.openpyxl_xlsx([["序号", "金额（元）"], [1, 123456789012]]),
    "公开.pdf": lambda: ff.pdf("社会救助政策宣传", pages=3),
    "公开.png": lambda: ff.png(),
    "公开.jpg": lambda: ff.jpeg(),
    "公开.pptx": lambda: ff.pptx("社会救助政策宣传"),
    "公开.doc": lambda: ff.word97("为做好社会救助政策宣传工作。", title="通知"),
    "公开GBK.txt": lambda: "社会救助政策宣传材料，咨询电话023-65120102。\n".encode("gbk"),
    "公开UTF16.txt": lambda: "社会救助政策宣传材料\n".encode("utf-16"),
    "公开.zip": lambda: ff._zip({"说明.txt": "社会救助政策宣传材料".encode("gbk")}),
}


def test_ordinary_files_of_every_kind_give_no_error_and_no_warning(project):
    files = {f"content/mzj/2025/{name}": build() for name, build in ORDINARY.items()}
    _, errors, warnings = problems_of(project, {**files, PUBLIC: notice(*ORDINARY)})
    assert [e for e in errors if e.startswith("content/")] == []
    assert [w for w in warnings if w.startswith("content/")] == []


# --- withheld files: fingerprints, and the output scan ---------------------------------------------


WITHHELD = {
    **HIDDEN,
    "docx body renamed .wps": ("内部.wps", lambda text: ff.docx(text)),
    "comment of a long docx": (
        "内部.docx",
        lambda text: ff.docx(
            *[f"第{i}条：本条是正文中一段较长而普通的说明文字，共计六十条。" for i in range(60)],
            comment=text,
        ),
    ),
    "UTF-16 text without BOM": ("内部.txt", lambda text: f"说明\n{text}\n".encode("utf-16-le")),
}


def _fingerprinted(project, name: str, data: bytes):
    site, _, _ = problems_of(project, {f"content/mzj/2025/内部/{name}": data})
    return site, collect_fingerprints(site)


@pytest.mark.parametrize("case", WITHHELD)
def test_a_sentence_only_in_a_hidden_part_of_a_withheld_file_is_a_fingerprint(project, case):
    name, build = WITHHELD[case]
    _, fingerprints = _fingerprinted(project, name, build(SECRET))
    found = [fp for _, fp in fingerprints.automaton.iter(normalize(f"公开页面：{SECRET}。"))]
    assert any(fp.source.endswith(name) and fp.kind == "附件内容" for fp in found), found


# output files a build could produce with the withheld sentence in them, each in a form the old
# scan could not read (compressed XML, UTF-16 in PDF strings, GBK bytes, EXIF)
OUTPUTS = {
    "a.pdf": lambda text: ff.pdf("公开", annotation=text),
    "b.pdf": lambda text: ff.pdf("公开", info={"Title": text}),
    "c.docx": lambda text: ff.docx(text),
    "d.xlsx": lambda text: ff.xlsx([("表", [[text]], "visible")]),
    "e.txt": lambda text: text.encode("gbk"),
    "f.csv": lambda text: text.encode("utf-16"),
    "g.jpg": lambda text: ff.jpeg(xp_comment=text),
    "h.doc": lambda text: ff.word97(text),
    "i.zip": lambda text: ff._zip({"x.txt": text.encode("gbk")}),
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_an_output_file_carrying_a_withheld_sentence_is_caught_by_the_scan(
    project, output, tmp_path
):
    _, fingerprints = _fingerprinted(project, "内部.docx", ff.docx("正文。", comment=SECRET))
    out = tmp_path / "site"
    out.mkdir()
    (out / output).write_bytes(OUTPUTS[output]("公开页面转载：" + SECRET))
    hits = scan_site(out, fingerprints)
    assert [h.output for h in hits] == [output], hits
    (out / output).write_bytes(
        OUTPUTS[output]("公开页面：为做好社会救助政策宣传工作，现将通知如下")
    )
    assert scan_site(out, fingerprints) == []
