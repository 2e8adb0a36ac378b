"""How the leak check reads an output file: decoded as a reader would see it, then normalized."""

from __future__ import annotations

import base64
import gzip
import json

import filefixtures as ff
import pytest

from disclosure_portal.verify.leakcheck import decoded_text, normalize

SECRET = "QX内部请示标题"


def test_normalize_drops_whitespace_and_zero_width_characters_and_folds_case():
    assert normalize("QX 内部\u200b请示\n标题\u00ad") == "qx内部请示标题"
    assert normalize("\uff21bc") == "abc"  # full-width letters are letters


def test_gzip_is_decompressed():
    assert SECRET in decoded_text(gzip.compress(SECRET.encode()))


def test_pagefind_signature_is_removed():
    data = gzip.compress(b"pagefind_dcd" + json.dumps({"content": SECRET}).encode())
    text = decoded_text(data)
    assert SECRET in text and "pagefind_dcd" not in text


def test_json_escapes_are_decoded():
    data = json.dumps({"title": SECRET, "nested": ["a/b"]}, ensure_ascii=True).encode()
    assert b"\\u" in data
    assert SECRET in decoded_text(data)


def test_html_entities_are_decoded():
    encoded = "".join(f"&#{ord(c)};" for c in SECRET)
    assert SECRET in decoded_text(f"<p>{encoded}</p>".encode())
    assert "<请示>" in decoded_text("&lt;请示&gt;".encode())


def test_percent_escapes_are_decoded():
    from urllib.parse import quote

    assert SECRET in decoded_text(f'<a href="/{quote(SECRET)}/">x</a>'.encode())


def test_nested_encodings_are_decoded():
    from urllib.parse import quote

    data = quote(SECRET).replace("%", "&#37;").encode()  # an entity-encoded %-escape
    assert SECRET in decoded_text(data)


def test_broken_gzip_and_invalid_utf8_do_not_raise():
    assert isinstance(decoded_text(b"\x1f\x8bnot gzip"), str)
    assert "请示" in decoded_text("请示".encode() + b"\xff\xfe")


@pytest.mark.parametrize("text", ["普通的公开内容", "<html><body>公开</body></html>"])
def test_plain_text_is_unchanged(text):
    assert decoded_text(text.encode()) == text


# --- every encoding, every kind of file (the second wall sees what the first wall sees) ----------

HIDDEN = "QXDECODE这是只出现在输出文件隐藏部分的句子"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", HIDDEN.encode("gbk")),
        ("a.csv", HIDDEN.encode("gb18030")),
        ("a.txt", HIDDEN.encode("utf-16")),
        ("a.txt", ("说明\n" + HIDDEN + "\n").encode("utf-16-le")),
        ("a.html", f"<p>{HIDDEN}</p>".encode("gbk")),
        ("a.pdf", ff.pdf("公开", annotation=HIDDEN)),
        ("a.pdf", ff.pdf("公开", info={"Keywords": HIDDEN})),
        ("a.docx", ff.docx("公开。", comment=HIDDEN)),
        ("a.wps", ff.docx("公开。", core={"description": HIDDEN})),
        ("a.xlsx", ff.xlsx([("表", [["公开"]], "visible"), ("内部", [[HIDDEN]], "hidden")])),
        ("a.jpg", ff.jpeg(xp_comment=HIDDEN)),
        ("a.png", ff.png({"Comment": HIDDEN})),
        ("a.doc", ff.word97(HIDDEN)),
        ("a.zip", ff._zip({"x.txt": HIDDEN.encode("gbk")})),
        ("a.txt.gz", gzip.compress(HIDDEN.encode("gbk"), mtime=0)),
    ],
)
def test_output_files_are_read_in_every_encoding_and_every_part(name, data):
    assert HIDDEN in decoded_text(data, name)
    assert HIDDEN in decoded_text(data)  # by content, whatever the name


def test_a_picture_or_a_gbk_text_inlined_as_a_data_uri_is_read():
    for payload in (ff.png({"Comment": HIDDEN}), HIDDEN.encode("gbk")):
        uri = "data:application/octet-stream;base64," + base64.b64encode(payload).decode()
        assert HIDDEN in decoded_text(f'<img src="{uri}">'.encode())


def test_ordinary_outputs_of_each_kind_read_without_the_marker():
    for name, data in (
        ("a.pdf", ff.pdf("公开")),
        ("a.docx", ff.python_docx("公开")),
        ("a.jpg", ff.jpeg()),
        ("a.txt", "公开".encode("gbk")),
    ):
        text = decoded_text(data, name)
        assert "公开" in text or name == "a.jpg"
        assert HIDDEN not in text
