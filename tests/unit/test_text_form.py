"""One comparison form for fingerprints, public sources and output (model/textform.py): every
spelling a reader takes for the same words compares equal; boilerplate compares equal whatever
its Markdown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal.model import textform
from disclosure_portal.model.textform import markdown_text, normalize, sentences
from disclosure_portal.verify.leakcheck import decoded_text, html_forms, html_text

NUMBER = "溪山府办发〔2020〕50号"


@pytest.mark.parametrize(
    "spelling",
    [
        "溪山府办发[2020]50号",
        "溪山府办发(2020)50号",
        "溪山府办发（２０２０）５０号",  # full-width digits
        "溪山府辦發〔2020〕50號",  # traditional characters
        "溪山府办发\u200e〔2020〕\u206150号",  # invisible format characters
        "溪\u034f山\ufe0f府办发〔2020〕50号",  # combining grapheme joiner, variation selector
        "溪山府办发 〔 2020 〕\n50 号",
        "溪山府办发〔٢٠٢٠〕50号",  # other decimal digits
    ],
)
def test_every_spelling_of_a_document_number_compares_equal(spelling):
    assert normalize(spelling) == normalize(NUMBER)


def test_every_format_character_is_dropped():
    import unicodedata

    formats = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert len(formats) > 100  # the tag characters U+E0001… are format characters too
    assert normalize("秘密" + "".join(formats) + "标题") == "秘密标题"


@pytest.mark.parametrize(
    "written",
    [
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |",
        "**序号** 重点任务、牵头单位、配合单位：完成时限",
        "序号 重点任务 [牵头单位](units.md) 配合单位 完成时限",
        "<td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td>",
    ],
)
def test_table_header_compares_equal_with_or_without_markdown(written):
    assert normalize(markdown_text(written)) == normalize("序号重点任务牵头单位配合单位完成时限")


def test_slash_separates_path_parts():
    assert normalize("mzj/2025/a-b/") != normalize("mzj/2025/abreport/")[: len("mzj/2025/ab/")]
    assert normalize("11500228008652038C／2020-09353") == "11500228008652038c/202009353"


def test_markdown_text_drops_targets_and_definitions_not_words():
    text = markdown_text(
        "详见[附件一](secret/list.pdf)。\n\n[ref]: internal/x.txt\n<span>正文</span>"
    )
    assert "secret" not in text and "internal" not in text
    assert "附件一" in text and "正文" in text


def test_sentences_need_eight_han_characters():
    found = [
        raw
        for _, raw in sentences("短句。这是一个足够长的句子用于指纹！English only sentence here.")
    ]
    assert found == ["这是一个足够长的句子用于指纹"]


def test_text_between_ascii_angle_brackets_is_text_not_a_tag():
    html = "<p>申请人：<溪山区低保对象名单>，见附件</p>"
    assert "溪山区低保对象名单" in html_text(html)
    assert html_text("<p>正<em>文</em></p>") == "正文"
    assert "<QXTAG秘密名单>" in html_forms("<QXTAG秘密名单>")  # a tag name is in the source


def test_comments_and_attribute_values_are_read():
    forms = html_forms('<!-- 内部审批意见稿 --><img alt="低保对象名单" src="x.png">')
    assert "内部审批意见稿" in forms and "低保对象名单" in forms


def test_base64_data_uris_are_decoded():
    import base64

    payload = base64.b64encode("内部请示全文".encode()).decode()
    text = decoded_text(f'<a href="data:text/plain;base64,{payload}">x</a>'.encode())
    assert "内部请示全文" in text


@pytest.mark.parametrize(
    "markup",
    [
        '桃源<span style="display:none">隐藏</span>村',
        '桃源<SPAN STYLE="DISPLAY: NONE">隐藏</SPAN>村',
        '桃源<i style="color:red;visibility:hidden">隐<b>藏</b>字</i>村',
        '桃源<em style="font-size:0px">隐藏</em>村',
        "桃源<span hidden>隐藏</span>村",
        "桃<ruby>源<rt>yuán</rt></ruby>村",
        "桃<ruby>源<rp>(</rp><rt>yuán</rt><rp>)</rp></ruby>村",
    ],
)
def test_what_a_reader_does_not_see_is_not_text(markup):
    from disclosure_portal.model.textform import drop_unseen

    assert normalize(markdown_text(markup)) == "桃源村"
    assert normalize(html_text(markup)) == "桃源村"
    assert "源" in drop_unseen(markup) and "村" in drop_unseen(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '桃源<span style="font-size:0.8em">小字</span>村',
        '桃源<span class="visually-hidden">读屏</span>村',
        '桃源<span aria-hidden="true">图标</span>村',
        "hidden none font-size 桃源村",
    ],
)
def test_shown_elements_and_the_words_themselves_stay(markup):
    assert normalize(markdown_text(markup)) != "桃源村"
    assert "桃源" in normalize(markdown_text(markup))


def test_default_ignorable_fillers_and_radical_forms_fold():
    fillers = "\u115f\u1160\u3164\uffa0\u180b\u180c\u180d\u180f\u17b4\u17b5\U000e0041\u2065"
    assert normalize("秘" + fillers + "密") == "秘密"
    assert normalize("\u2f42\u2ed3\u2fa8") == normalize("文长门")  # ⽂ ⻓ ⾨
    assert normalize("\uf9d1\uf90a") == "六金"  # compatibility ideographs


def test_the_table_gives_each_character_what_base_gives():
    """The table's quick loop (`_bases`) against the rule for one character (`_base`), for
    every code point the table covers."""
    quick: dict = {}
    for start, end in textform._RANGES:
        textform._bases(start, end, quick)
    rule = {
        c: textform._base(c, chr(c)) for start, end in textform._RANGES for c in range(start, end)
    }
    assert quick == rule


# what the table does to the characters of these kinds: drops (punctuation, spaces, format
# characters, tags), folds to one (full-width, traditional, radicals, capitals) or to several
# (ß, ㎡, ㍻, ligatures), keeps (Han, digits, circled numbers, the slash), lone surrogates and
# astral characters
_KINDS = (
    '，。、“”《》〔〕 \n\t\u200b\u200e\ufeff\u00ad\U000e0041<>="/'
    "ＡＢｃ１２辦發號門\u2f42\u2ed3\uf9d1ABCDEÉ"
    "ßﬁ⑩⑳㎡㍻½"
    "溪山府办发2020号abc/"
    "\ud800\udfff\U00020628\U0002f800\U00031350\U0010fffd"
)
_TEXT = st.lists(
    st.one_of(st.sampled_from(list(_KINDS)), st.characters(exclude_categories=())),
    max_size=3 * textform.ARRAY_FROM,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, pad=st.sampled_from(["", "溪" * textform.ARRAY_FROM]))
def test_the_array_path_gives_what_str_translate_gives(text, pad):
    """A long non-ASCII text is translated as an array (numpy); every text, whatever it holds
    (characters the table drops or turns into several at either end or side by side, lone
    surrogates, characters beyond the table), comes out as `str.translate` gives it."""
    table = textform._table()
    for candidate in (text, pad + text, text + pad):
        assert normalize(candidate) == candidate.translate(table)


@settings(max_examples=100, deadline=None)
@given(text=_TEXT)
def test_a_text_longer_than_a_piece_is_translated_piece_by_piece(text):
    """An attachment's text goes through the array in pieces (the memory of one at a time):
    the pieces, cut anywhere, give the text the whole gives."""
    long_text = "溪" * textform.ARRAY_FROM + text
    real = textform._PIECE
    try:
        textform._PIECE = 97
        assert normalize(long_text) == long_text.translate(textform._table())
    finally:
        textform._PIECE = real


def test_long_texts_take_the_array_path_and_short_or_ascii_ones_do_not(monkeypatch):
    taken = []
    real = textform._translated
    monkeypatch.setattr(textform, "_translated", lambda text: taken.append(text) or real(text))
    long_text = "溪山区㎡⑩，" * textform.ARRAY_FROM
    assert normalize(long_text) == long_text.translate(textform._table())
    assert normalize("溪山区，" * 10) == "溪山区" * 10
    assert normalize("<p>A</p>" * textform.ARRAY_FROM) == "pa/p" * textform.ARRAY_FROM
    assert taken == [long_text]


def test_a_withheld_sentence_pasted_into_a_long_page_is_found_however_written():
    """The fingerprint (a short text: str.translate) and the page it is pasted into (a long one:
    the array) meet in one comparison form: a sentence of a withheld document written with ㎡,
    full-width digits, traditional characters and a zero-width space in a public page."""
    from disclosure_portal.cache import digest
    from disclosure_portal.verify.fingerprints import Fingerprint, Fingerprints, Matcher
    from disclosure_portal.verify.leakcheck import scan_file

    secret = "拟征收青石镇10号楼120m2房屋并补偿张某某"
    entries = {normalize(secret): Fingerprint(normalize(secret), "content/w.md", "标题", secret)}
    found = Fingerprints(Matcher(entries), {}, 1, digest([secret]))
    pasted = "擬徵收青石鎮１０號樓１２０㎡房\u200b屋並補償張某某"
    page = "<html><body>" + "<p>公开的正文，说明有关事项。</p>" * 40
    assert len(page) >= textform.ARRAY_FROM
    assert scan_file("a/index.html", (page + "</body></html>").encode(), found) == []
    hits = scan_file("a/index.html", (page + f"<p>{pasted}</p></body></html>").encode(), found)
    assert [h.fingerprint.display for h in hits] == [secret]
