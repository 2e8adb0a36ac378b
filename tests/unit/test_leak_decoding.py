"""How the leak check reads an output file: decoded as a reader would see it, then normalized."""

from __future__ import annotations

import gzip
import json

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
