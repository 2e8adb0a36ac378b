"""Every part of a file counts (SPEC guarantee 1): a marker planted in one part of a Word, Excel,
PowerPoint, OpenDocument, PDF, picture, OLE, RTF, SVG or zip file is read, under that part's
label; an ordinary file of each kind reads as its ordinary text, and nothing else."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import filefixtures as ff
import pytest

from disclosure_portal.read import attachments, packages
from disclosure_portal.read.attachments import markup_text, read_bytes

M = "QXPART这是只在某个部分出现的内部句子"
MOBILE = "13800138000"


def _docx_with_embedded(name: str, data: bytes) -> bytes:
    return ff.docx("正文。", extra={f"word/embeddings/{name}": data})


def _docx_with_picture(picture: bytes) -> bytes:
    return ff.docx("正文。", extra={"word/media/image1.png": picture})


def _ole_with_package(inner: bytes) -> bytes:
    return ff.ole({"\x01Ole10Native": struct.pack("<I", len(inner)) + b"\x02\x00" + inner})


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_text_after_pixels(text: str) -> bytes:
    data = ff.png()
    end = data.rfind(b"IEND") - 4
    return data[:end] + _png_chunk(b"tEXt", b"Comment\x00" + text.encode("utf-8")) + data[end:]


def _png_exif(text: str) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x9C9C] = text.encode("utf-16-le") + b"\x00\x00"  # XPComment
    raw = exif.tobytes()[6:]  # without the "Exif\0\0" header
    data = ff.png()
    end = data.rfind(b"IEND") - 4
    return data[:end] + _png_chunk(b"eXIf", raw) + data[end:]


def _webp(text: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "WEBP", xmp=ff.xmp_packet(text).encode())
    return out.getvalue()


CASES = {
    # Word
    "docx body": ("a.docx", lambda: ff.docx(M), "正文"),
    "docx text box": ("a.docx", lambda: ff.docx(ff.para(ff.text_box(M))), "文本框"),
    "docx comment": ("a.docx", lambda: ff.docx("正文。", comment=M), "批注"),
    "docx deletion": ("a.docx", lambda: ff.docx(ff.para("前文", ff.deleted(M))), "修订"),
    "docx content control": (
        "a.docx",
        lambda: ff.docx(ff.content_control(M, "tag", "控件内容")),
        "内容控件",
    ),
    "docx footnote": ("a.docx", lambda: ff.docx("正文。", footnote=M), "脚注尾注"),
    "docx endnote": ("a.docx", lambda: ff.docx("正文。", endnote=M), "脚注尾注"),
    "docx field code": (
        "a.docx",
        lambda: ff.docx(ff.para(ff.field_code(f'QUOTE "{M}"', "结果"))),
        "域代码",
    ),
    "docx alt text": ("a.docx", lambda: ff.docx(ff.para(ff.picture_alt(M))), "替代文字"),
    "docx header": ("a.docx", lambda: ff.docx("正文。", header=M), "页眉页脚"),
    "docx footer": ("a.docx", lambda: ff.docx("正文。", footer=M), "页眉页脚"),
    "docx core properties": (
        "a.docx",
        lambda: ff.docx("正文。", core={"description": M}),
        "文档属性",
    ),
    "docx app properties": ("a.docx", lambda: ff.docx("正文。", app={"Manager": M}), "文档属性"),
    "docx custom properties": (
        "a.docx",
        lambda: ff.docx("正文。", custom={"联系人": M}),
        "文档属性",
    ),
    "docx document variables": (
        "a.docx",
        lambda: ff.docx(
            "正文。", settings=f'<w:docVars><w:docVar w:name="v" w:val="{M}"/></w:docVars>'
        ),
        "文档变量",
    ),
    "docx external link": (
        "a.docx",
        lambda: ff.docx("正文。", links=(f"https://example.org/{M}",)),
        "超链接",
    ),
    "docx embedded workbook": (
        "a.docx",
        lambda: _docx_with_embedded("Book1.xlsx", ff.xlsx([("表", [[M]], "visible")])),
        "嵌入文件",
    ),
    "docx picture metadata": (
        "a.docx",
        lambda: _docx_with_picture(ff.png({"Comment": M})),
        "图片元数据",
    ),
    "docx saved by WPS as .wps": ("a.wps", lambda: ff.docx(M), "正文"),
    # Excel
    "xlsx cell": ("a.xlsx", lambda: ff.xlsx([("表", [[M]], "visible")]), "正文"),
    "xlsx hidden sheet": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["公开"]], "visible"), ("内部", [[M]], "hidden")]),
        "隐藏工作表",
    ),
    "xlsx very hidden sheet": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["公开"]], "visible"), ("内部", [[M]], "veryHidden")]),
        "隐藏工作表",
    ),
    "xlsx formula": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["a"]], "visible")], formulas={"B1": (f'"{M}"&A1', "值")}),
        "公式",
    ),
    "xlsx cached formula value": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["a"]], "visible")], formulas={"B1": ("A1&A1", M)}),
        "正文",
    ),
    "xlsx comment": ("a.xlsx", lambda: ff.xlsx([("表", [["a"]], "visible")], comment=M), "批注"),
    "xlsx defined name": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["a"]], "visible")], defined_names={"备注": f'"{M}"'}),
        "定义名称",
    ),
    "xlsx sheet name": ("a.xlsx", lambda: ff.xlsx([(M[:31], [["a"]], "visible")]), "工作表名称"),
    "xlsx properties": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["a"]], "visible")], custom={"电话": M}),
        "文档属性",
    ),
    "xlsx unused shared string": (
        "a.xlsx",
        lambda: ff.xlsx([("表", [["a"]], "visible")], shared=[M]),
        "共享字符串",
    ),
    "xlsx by openpyxl, hidden sheet": (
        "a.xlsx",
        lambda: ff.openpyxl_xlsx([["公开"]], hidden=[[M]]),
        "隐藏工作表",
    ),
    "xlsx saved by WPS as .et": (
        "a.et",
        lambda: ff.xlsx([("表", [["a"]], "visible"), ("内部", [[M]], "hidden")]),
        "隐藏工作表",
    ),
    # PowerPoint, OpenDocument
    "pptx slide": ("a.pptx", lambda: ff.pptx(M), "正文"),
    "pptx notes": ("a.pptx", lambda: ff.pptx("标题", notes=M), "备注"),
    "odt text": ("a.odt", lambda: ff.odt(M), "正文"),
    "odt annotation": ("a.odt", lambda: ff.odt("正文。", annotation=M), "批注"),
    # PDF
    "pdf page": ("a.pdf", lambda: ff.pdf(M), "正文"),
    "pdf info": ("a.pdf", lambda: ff.pdf("正文", info={"Author": M}), "PDF 元数据"),
    "pdf xmp": ("a.pdf", lambda: ff.pdf("正文", xmp=M), "PDF 元数据"),
    "pdf annotation": ("a.pdf", lambda: ff.pdf("正文", annotation=M), "注释"),
    "pdf form field": ("a.pdf", lambda: ff.pdf("正文", field=("联系人", M)), "表单域"),
    "pdf bookmark": ("a.pdf", lambda: ff.pdf("正文", bookmark=M), "书签"),
    "pdf embedded file": (
        "a.pdf",
        lambda: ff.pdf("正文", attachment=("原件.docx", ff.docx("正文。", comment=M))),
        "嵌入文件",
    ),
    # pictures
    "png tEXt": ("a.png", lambda: ff.png({"Comment": M}), "图片元数据"),
    "png zTXt": ("a.png", lambda: ff.png({"Title": "t", "Comment": M}), "图片元数据"),
    "png iTXt": ("a.png", lambda: ff.png(itxt={"Description": M}), "图片元数据"),
    "png text after the pixels": ("a.png", lambda: _png_text_after_pixels(M), "图片元数据"),
    "png eXIf": ("a.png", lambda: _png_exif(M), "图片元数据"),
    "webp XMP": ("a.webp", lambda: _webp(M), "图片元数据"),
    "jpeg EXIF description in GBK": (
        "a.jpg",
        lambda: ff.jpeg(description=M.encode("gbk")),
        "图片元数据",
    ),
    "jpeg EXIF description in UTF-8": (
        "a.jpg",
        lambda: ff.jpeg(description=M.encode("utf-8")),
        "图片元数据",
    ),
    "jpeg EXIF XPComment": ("a.jpg", lambda: ff.jpeg(xp_comment=M), "图片元数据"),
    "jpeg EXIF UserComment": ("a.jpg", lambda: ff.jpeg(user_comment=M), "图片元数据"),
    "jpeg COM": ("a.jpg", lambda: ff.jpeg(comment=M.encode("utf-8")), "图片元数据"),
    "jpeg XMP": ("a.jpg", lambda: ff.jpeg(xmp=M), "图片元数据"),
    "gif comment": ("a.gif", lambda: ff.gif(M.encode("gbk")), "图片元数据"),
    "xmp packet in any bytes": (
        "a.bmp",
        lambda: b"BM" + b"\x00" * 60 + ff.xmp_packet(M).encode(),
        "图片元数据",
    ),
    # OLE binaries, RTF
    "doc body": ("a.doc", lambda: ff.word97(M), "正文"),
    "doc summary in GBK": ("a.doc", lambda: ff.word97("正文内容。", author=M), "文档属性"),
    "wps binary": ("a.wps", lambda: ff.word97(M), "正文"),
    "et binary": ("a.et", lambda: ff.excel97(["表头", M]), "正文"),
    "xls summary": ("a.xls", lambda: ff.excel97(["表头"], title=M), "文档属性"),
    "ole embedded package": ("a.doc", lambda: _ole_with_package(ff.docx(M)), "嵌入文件"),
    "rtf body": (
        "a.rtf",
        lambda: b"{\\rtf1\\ansi\\ansicpg936 " + _rtf_escaped(M) + b"\\par}",
        "正文",
    ),
    "rtf info": (
        "a.rtf",
        lambda: b"{\\rtf1\\ansi\\ansicpg936{\\info{\\author " + _rtf_escaped(M) + b"}}x\\par}",
        "文档属性",
    ),
    "rtf unicode escapes": (
        "a.rtf",
        lambda: b"{\\rtf1\\ansi\\uc1 " + "".join(f"\\u{ord(c)}?" for c in M).encode() + b"}",
        "正文",
    ),
    # web pages Word saves, whatever their name
    "mht in base64": ("a.mht", lambda: ff.mht(f"<html><body><p>{M}</p></body></html>"), "正文"),
    "mht quoted-printable saved as .doc": (
        "a.doc",
        lambda: ff.mht(f"<html><body><p>{M}</p></body></html>", encoding="quoted-printable"),
        "正文",
    ),
    "html saved as .doc": (
        "a.doc",
        lambda: f"<html><body><p><b>{M[:6]}</b>{M[6:]}</p></body></html>".encode("gbk"),
        "正文",
    ),
    # text: SVG split by tspans, archives
    "svg text split by tspans": (
        "a.svg",
        lambda: (
            '<svg xmlns="http://www.w3.org/2000/svg"><text>'
            + "".join(f"<tspan>{c}</tspan>" for c in M)
            + "</text></svg>"
        ).encode(),
        "正文",
    ),
    "svg title": (
        "a.svg",
        lambda: f'<svg xmlns="http://www.w3.org/2000/svg"><title>{M}</title></svg>'.encode(),
        "正文",
    ),
    "zip member in GBK": ("a.zip", lambda: ff._zip({"说明.txt": M.encode("gbk")}), "压缩包内文件"),
    "zip member docx comment": (
        "a.zip",
        lambda: ff._zip({"原件.docx": ff.docx("正文。", comment=M)}),
        "压缩包内文件",
    ),
}


def _rtf_escaped(text: str) -> bytes:
    return b"".join(
        bytes(c, "ascii") if ord(c) < 128 else b"".join(b"\\'%02x" % b for b in c.encode("gbk"))
        for c in text
    )


@pytest.mark.parametrize("case", CASES)
def test_a_marker_in_one_part_is_read_under_that_part(case):
    name, build, label = CASES[case]
    read = read_bytes(build(), name)
    assert read.text is not None, read.problem
    labelled = [text for part, text in read.parts if part == label]
    assert any(M in text for text in labelled), read.parts
    assert M in read.text


def test_a_tracked_insertion_is_read_as_now_and_the_text_before_it_too():
    read = read_bytes(ff.docx(ff.para("前文", ff.inserted(M), "后文。")), "a.docx")
    parts = dict(read.parts)
    assert f"前文{M}后文。" in parts["正文"]
    assert "前文后文。" in parts["修订"]  # the paragraph as it read before the change


def test_a_deletion_is_not_the_text_as_it_reads_now():
    read = read_bytes(ff.docx(ff.para("前文", ff.deleted(M), "后文。")), "a.docx")
    parts = dict(read.parts)
    assert parts["正文"] == "前文后文。"
    assert f"前文{M}后文。" in parts["修订"]


def test_a_number_in_a_table_row_stays_beside_the_name():
    read = read_bytes(ff.python_docx("名单如下。", table=[["王小明", MOBILE]]), "a.docx")
    assert f"王小明 \t{MOBILE}" in read.text or f"王小明\t{MOBILE}" in read.text.replace(" ", "")


def test_a_spreadsheet_row_is_one_line_with_shared_strings_resolved():
    read = read_bytes(ff.openpyxl_xlsx([["姓名", "手机"], ["王小明", int(MOBILE)]]), "a.xlsx")
    assert f"王小明\t{MOBILE}" in read.text.splitlines()


def test_a_sentence_split_over_runs_is_one_sentence():
    runs = [ff.run(c) for c in M]
    read = read_bytes(ff.docx(ff.para(*runs)), "a.docx")
    assert dict(read.parts)["正文"] == M


# --- ordinary files (negative controls) -----------------------------------------------------------

ORDINARY = {
    "python-docx": ("a.docx", lambda: ff.python_docx("为做好社会救助工作，现将有关事项通知如下。")),
    "openpyxl": ("a.xlsx", lambda: ff.openpyxl_xlsx([["序号", "事项"], [1, "社会救助"]])),
    "pypdf": ("a.pdf", lambda: ff.pdf("为做好社会救助工作")),
    "png": ("a.png", lambda: ff.png()),
    "jpeg": ("a.jpg", lambda: ff.jpeg()),
    "pptx": ("a.pptx", lambda: ff.pptx("社会救助政策宣传")),
    "odt": ("a.odt", lambda: ff.odt("为做好社会救助工作")),
    "doc": ("a.doc", lambda: ff.word97("为做好社会救助工作，现将有关事项通知如下。")),
}


@pytest.mark.parametrize("case", ORDINARY)
def test_an_ordinary_file_reads_as_its_text_and_nothing_more(case):
    name, build = ORDINARY[case]
    read = read_bytes(build(), name)
    assert read.text is not None, read.problem
    assert M not in read.text
    labels = {label for label, _ in read.parts}
    # what an ordinary file has: its text, its properties, its sheet names; nothing hidden
    assert labels <= {"正文", "文档属性", "工作表名称", "PDF 元数据", "图片元数据", "自定义 XML"}, (
        labels
    )


def test_unreadable_files_stay_unreadable():
    for name, data in (
        ("a.docx", b"PK\x03\x04 not really a package"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not really an OLE file"),
        ("a.pdf", b"%PDF-1.4\nnot really a pdf\n"),
        ("a.txt", "café".encode("latin-1") + b"\x81\xff"),
    ):
        read = read_bytes(data, name)
        assert read.text is None and read.problem, name


def test_an_encrypted_word_file_is_unreadable_not_empty():
    assert read_bytes(ff.word97(M, encrypted=True), "a.doc").text is None
    assert read_bytes(ff.ole({"EncryptedPackage": b"\x00" * 64}), "a.docx").text is None


# --- bounds -------------------------------------------------------------------------------------


def _claiming(size: int) -> bytes:
    """A small zip whose central directory says its part inflates to `size` bytes."""
    data = bytearray(ff.docx("正文。"))
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry
    struct.pack_into("<I", data, at + 24, min(size, 0xFFFFFFFF))
    return bytes(data)


def test_a_zip_bomb_is_refused_from_its_declared_size():
    read = read_bytes(_claiming(4 << 30), "bomb.docx")
    assert read.text is None and "上限" in read.problem


def test_decompression_stops_at_the_budget(monkeypatch):
    big = ff.docx("正文。" * 300_000)  # about 3 MB of XML, a few KB compressed
    monkeypatch.setattr(attachments, "_by_digest", {})
    monkeypatch.setattr(packages, "MAX_BYTES", 1 << 20)
    assert read_bytes(big, "big.docx").problem == "文件过大或嵌套过深，超出读取上限"
    monkeypatch.setattr(attachments, "_by_digest", {})
    monkeypatch.setattr(packages, "MAX_BYTES", 64 << 20)
    assert read_bytes(big, "big.docx").text  # the same file within the budget reads


def test_nesting_is_bounded():
    data = ff.docx(M)
    for level in range(packages.MAX_DEPTH + 2):
        data = ff._zip({f"level{level}.zip": data})
    read = read_bytes(data, "deep.zip")
    assert read.text is None and "上限" in read.problem
    shallow = ff._zip({"a.zip": ff._zip({"b.docx": ff.docx(M)})})
    assert M in read_bytes(shallow, "shallow.zip").text


def test_entities_are_not_expanded_and_deep_xml_is_not_a_crash():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f']><w:document xmlns:w="{ff.W}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    bomb = ff._zip({"[Content_Types].xml": "<Types/>", "word/document.xml": laughs})
    read = read_bytes(bomb, "laughs.docx")
    assert read.text is None or len(read.text) < 10_000
    deep = "<a>" * 100_000 + M + "</a>" * 100_000
    nested = ff._zip({"[Content_Types].xml": "<Types/>", "word/document.xml": deep})
    read = read_bytes(nested, "deep.docx")
    assert read.text is None or len(read.text) < 10_000


def test_markup_text_keeps_lines_and_joins_inline_elements():
    source = '<p>第一行<b>加粗</b>文字</p>\n<p title="提示">第二行</p>\n<!-- 注释 -->'
    lines = markup_text(source).split("\n")
    assert len(lines) == 3
    assert "第一行加粗文字" in lines[0]
    assert "第二行" in lines[1] and "提示" in lines[1]
    assert "注释" in lines[2]


def test_a_zip_member_name_in_gbk_is_read_as_written():
    gbk = "内部名单.txt".encode("gbk")
    placeholder = b"x" * (len(gbk) - 4) + b".txt"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(placeholder.decode(), b"abc")
    data = out.getvalue().replace(placeholder, gbk)  # as Windows' zip writes it: no UTF-8 flag
    assert "内部名单.txt" in read_bytes(data, "a.zip").text


@pytest.mark.parametrize(
    "text",
    [
        "BMI,身高,体重\n22.5,170,65\n联系人手机13800138000\n",  # starts like a bitmap
        "%PDF-1.4 是一种文件格式。联系人手机13800138000\n",  # starts like a PDF
        "MIME-Version: 1.0\n正文：联系人手机13800138000\n",  # a pasted mail header
    ],
)
def test_a_text_that_starts_like_another_format_is_read_as_text(text):
    read = read_bytes(text.encode("gbk"), "a.txt")
    assert read.text is not None and MOBILE in read.text
