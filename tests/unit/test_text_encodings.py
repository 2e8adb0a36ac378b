"""One decoder for text bytes (read/encodings.py): UTF-8 with or without BOM, UTF-16 with or
without BOM, GB18030/GBK, Big5; bytes that are none of these are unreadable (None), never a
plausible-looking wrong guess that hides a copy or a number."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal.read.encodings import decode_text

TEXT = "经排查桃源村共有一十七户家庭的收入核对结果与申报材料明显不符，联系电话13800138000。\n第二行：（一）、《条例》完。\n"
# traditional characters, as a Big5 file of a traditional-character mirror holds them
TRADITIONAL = (
    "經排查桃源村共有一十七戶家庭的收入核對結果與申報材料明顯不符，聯繫電話13800138000。\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb2312"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # with its BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by the NULs of ASCII
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        ("经排查桃源村共有一十七户家庭".encode("utf-16-le"), "utf-16-le"),  # no NUL at all
        (TRADITIONAL.encode("big5"), "cp950"),
    ],
)
def test_each_encoding_an_office_uses_is_decoded(data, encoding):
    text, found = decode_text(data)
    assert found == encoding
    assert text.lstrip("\ufeff") in (TEXT, TRADITIONAL, "经排查桃源村共有一十七户家庭")


def test_gb18030_four_byte_characters_are_decoded():
    # a name with a character of CJK extension A (four bytes in GB18030) in an ordinary sentence
    text = "申请人姓名中的生僻字䶮需要用四字节编码表示，请核对后办理，联系电话13800138000。"
    assert decode_text(text.encode("gb18030")) == (text, "gb18030")


def test_ascii_is_ascii_and_empty_is_empty():
    assert decode_text(b"id,name\n1,abc\n") == ("id,name\n1,abc\n", "utf-8")
    assert decode_text(b"") == ("", "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        "Café résumé naïve façade Ünïcödé".encode("latin-1"),  # Latin-1: no office of ours
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
        TEXT.encode("gbk")[:-3] + b"\xff\xfe\x80",  # GBK with bytes no encoding has
        b"\x00\x01\x02\x03" * 50,
    ],
)
def test_bytes_of_no_office_encoding_are_unreadable(data):
    assert decode_text(data) is None


def test_big5_is_never_read_as_gb18030_garbage():
    # Big5 bytes are valid GB18030 byte for byte: read as GB18030 they give rare characters,
    # kana and symbols that would hide the copy
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030") != TRADITIONAL  # the trap is real
    text, encoding = decode_text(data)
    assert encoding == "cp950" and text == TRADITIONAL


_COMMON_SIMPLIFIED = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_COMMON_SIMPLIFIED + "，。；：0123456789\n", min_size=4, max_size=200))
def test_any_simplified_text_round_trips_through_gbk_and_utf16(text):
    assert decode_text(text.encode("gbk"))[0] == text
    assert decode_text(text.encode("utf-16"))[0] == text
    assert decode_text(text.encode("utf-8"))[0] == text


@pytest.mark.parametrize(
    "text",
    [
        TRADITIONAL,
        "關於進一步加強政府資訊公開工作的通知，各鄉鎮人民政府、街道辦事處，區政府各部門。",
        "經研究決定，對桃源村最低生活保障對象開展逐戶複核，複核結果報區民政局備案。",
        "本辦法自發布之日起施行，由區財政局負責解釋。",
    ],
)
def test_traditional_sentences_in_big5_are_big5_never_gb18030(text):
    # (a string so short that every Big5 pair is also a common GB2312 character, such as
    # 劃劃劃 and 购购购, cannot be told apart: ordinary sentences can)
    assert decode_text(text.encode("big5")) == (text, "cp950")


def test_utf8_with_a_few_stray_bytes_is_utf8_with_the_strays_visible():
    body = "为做好社会救助政策宣传工作，现将有关事项通知如下。联系电话13800138000。\n" * 40
    data = body.encode("utf-8") + "王小明".encode("gbk") + body.encode("utf-8")
    text, encoding = decode_text(data)
    assert encoding.startswith("utf-8") and "\ufffd" in text
    assert text.count("13800138000") == 80
    # a text mostly of other bytes is not "UTF-8 with a few strays"
    assert decode_text(body.encode("utf-8")[:30] + bytes(range(128, 256)) * 4) is None


def test_a_long_ascii_head_does_not_decide_the_encoding():
    head = "id,amount,date\n" + "1,100,2025-01-01\n" * 8000  # over 100 000 ASCII characters
    data = head.encode() + TRADITIONAL.encode("big5")
    text, encoding = decode_text(data)
    assert encoding == "cp950" and text.endswith(TRADITIONAL)


def test_a_short_gbk_text_that_is_also_valid_utf8_is_gbk():
    assert decode_text("000展".encode("gbk")) == ("000展", "gb18030")  # D5 B9 is "չ" in UTF-8
    assert decode_text("Ελληνικά Русский".encode())[1] == "utf-8"  # real UTF-8 stays


@pytest.mark.parametrize("text", ["路", "么没", "编号000展"])
def test_a_gbk_text_of_a_word_or_two_is_gbk_not_latin_letters(text):
    assert decode_text(text.encode("gbk")) == (text, "gb18030")


def test_european_utf8_stays_utf8():
    for text in ("café résumé naïve", "Crème brûlée à la carte"):
        assert decode_text(text.encode("utf-8")) == (text, "utf-8")
