"""read_document: one Markdown text into a Document, every problem on its path, key and line."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import PATH, keys, markdown, notice_text, read
from hypothesis import given, settings
from hypothesis import strategies as st


def test_a_valid_notice_reads_into_typed_fields():
    doc, problems = read(notice_text(doc_number="0123", index_no="010"))
    assert problems.errors == [] and problems.warnings == []
    assert (doc.title, doc.attribute, doc.org, doc.type) == (
        "关于开展社会救助政策宣传月活动的通知",
        "主动公开",
        "mzj",
        "通知公告",
    )
    assert doc.published == dt.date(2025, 3, 3)
    assert (doc.doc_number, doc.index_no) == ("0123", "010")
    assert doc.id == "mzj/2025/notice"  # the default id is the path without suffix
    assert not doc.parse_failed


def test_body_and_its_first_line():
    doc, _ = read(notice_text(body="第一行\n第二行\n"))
    assert doc.body == "第一行\n第二行\n" and doc.body_line == 9
    assert doc.line("title") == 2


@pytest.mark.parametrize("field", ["title", "attribute", "org", "type", "catalog", "published"])
def test_required_keys_of_a_public_notice(field):
    _, problems = read(notice_text(**{field: None}))
    assert field in keys(problems)
    problem = next(p for p in problems.errors if p.key == field)
    assert problem.path == PATH and "缺少必填项" in problem.message


def test_a_withheld_document_needs_a_basis_but_no_publication_date():
    _, problems = read(notice_text(attribute="不予公开", published=None))
    assert keys(problems) == ["attribute_basis"]
    doc, problems = read(
        notice_text(attribute="依申请公开", attribute_basis="第十六条", published=None)
    )
    assert problems.errors == [] and doc.attribute_basis == "第十六条"


def test_a_policy_needs_its_written_date():
    _, problems = read(notice_text(type="政策文件", catalog="shjz-01"))
    assert "written" in keys(problems)


def test_an_interpretation_needs_what_it_interprets_and_its_form():
    _, problems = read(notice_text(type="政策解读"))
    assert {"interprets", "form"} <= set(keys(problems))
    doc, problems = read(
        notice_text(type="政策解读", interprets=["p1", "溪山民发〔2025〕1号"], form="图表图解")
    )
    assert problems.errors == [] and doc.interprets == ("p1", "溪山民发〔2025〕1号")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attribute", "公开"),
        ("type", "新闻"),
        ("validity", "作废"),
        ("category", "规范性文件"),
        ("published", "2024-13-45"),
    ],
)
def test_values_outside_the_vocabulary_are_errors_on_their_key(field, value):
    _, problems = read(notice_text(**{field: value}))
    assert field in keys(problems)
    assert value in next(p for p in problems.errors if p.key == field).message


def test_configured_types_are_the_vocabulary_of_type():
    doc, problems = read(notice_text(type="救助资金公示"), types=("通知公告", "救助资金公示"))
    assert problems.errors == [] and doc.type == "救助资金公示"


def test_error_lines_are_lines_of_the_file():
    _, problems = read(notice_text(published="2025-02-30"))
    [problem] = problems.errors
    assert (problem.key, problem.line) == ("published", 7)


def test_unknown_key_is_a_warning_with_a_suggestion():
    _, problems = read(notice_text(pubished="2025-01-01"))
    assert problems.errors == []
    [warning] = problems.warnings
    assert warning.key == "pubished" and "published" in warning.message


def test_broken_front_matter_fails_parsing():
    doc, problems = read("---\ntitle: [未闭合\nattribute: 主动公开\n---\n正文")
    assert doc.parse_failed and doc.attribute == ""
    assert keys(problems) == ["front_matter"]


def test_no_front_matter_fails_parsing():
    doc, problems = read("只有正文。\n")
    assert doc.parse_failed and keys(problems) == ["front_matter"]


@pytest.mark.parametrize(
    ("marker", "attribute", "agrees"),
    [
        ("（此件公开发布）", "主动公开", True),
        ("（此件不予公开）", "主动公开", False),
        ("（此件依申请公开）", "依申请公开", True),
        ("（此件公开发布）", "依申请公开", False),
    ],
)
def test_printed_marker_must_agree_with_the_attribute(marker, attribute, agrees):
    basis = {"attribute_basis": "第十六条"} if attribute != "主动公开" else {}
    doc, problems = read(
        notice_text(body=f"正文。\n\n　　{marker}\n", attribute=attribute, **basis)
    )
    marker_problems = [p for p in problems.errors if p.key == "attribute"]
    assert (marker_problems == []) is agrees
    if not agrees:
        assert marker_problems[0].line == doc.body_line + 2  # the marker's line in the file


_MARKER_PARTS = (
    "（此件公开发布）",
    "(此件不予公开)",
    "此件",
    "此件依申请公开",
    "（",
    "）",
    "\n",
    "\r\n",
    "\r",
    "\u3000",
    " ",
    "> ",
    "**",
    "_",
    "正文",
    "\x0b",
    "\u2028",
    "\u0085",
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MARKER_PARTS), max_size=30))
def test_markers_are_found_on_exactly_the_lines_a_line_by_line_reading_finds(parts):
    """The marker check looks only at the lines that hold 此件: it reports the lines, in order,
    that matching every line of the body would (whatever the line breaks and spaces)."""
    from disclosure_portal.model.problems import Collector
    from disclosure_portal.model.records import Document
    from disclosure_portal.read.documents import MARKER_RE, MARKERS, _check_markers

    body = "".join(parts)
    doc = Document(src="a.md", path=PATH, body=body, body_line=5, attribute="依申请公开")
    problems = Collector()
    _check_markers(doc, problems)
    expected = [
        5 + n
        for n, line in enumerate(body.split("\n"))
        if (m := MARKER_RE.match(line)) and MARKERS[m.group(1)] != "依申请公开"
    ]
    assert [p.line for p in problems.errors] == expected


def test_a_marker_quoted_in_a_sentence_is_not_a_marker():
    body = "公文应当标注“（此件不予公开）”。\n"
    _, problems = read(notice_text(body=body))
    assert problems.errors == []


def test_attachments_resolve_against_the_document_folder():
    doc, problems = read(notice_text(attachments=["files/a.pdf", "../2024/b.xlsx"]))
    assert problems.errors == []
    assert doc.attachments == ("mzj/2025/files/a.pdf", "mzj/2024/b.xlsx")


@pytest.mark.parametrize(
    "value", ["../../../mkdocs.yml", "/etc/passwd", "https://example.com/a.pdf"]
)
def test_attachments_outside_content_or_absolute_are_errors(value):
    doc, problems = read(notice_text(attachments=[value]))
    assert doc.attachments == () and keys(problems) == ["attachments"]


def test_attachment_items_must_be_text():
    _, problems = read(notice_text(attachments=[["a.pdf"]]))
    assert keys(problems) == ["attachments[0]"]


def test_attachment_mapping_items_take_path_and_title_only():
    _, problems = read(notice_text(attachments=[{"a": "b"}]))
    assert keys(problems) == ["attachments[0].a", "attachments[0].path"]
    doc, problems = read(notice_text(attachments=["x.pdf", {"path": "y.pdf", "title": "申请表"}]))
    assert keys(problems) == []
    assert list(doc.attachment_titles.values()) == ["申请表"]
    assert list(doc.attachment_titles) == [doc.attachments[1]]


def test_reviews_are_read_and_checked_entry_by_entry():
    doc, problems = read(
        notice_text(
            attribute="不予公开",
            attribute_basis="第十六条",
            reviews=[
                {"date": "2025-12-01", "result": "维持不公开", "note": "理由"},
                {"date": "2025-12", "result": "通过"},
            ],
        )
    )
    assert sorted(keys(problems)) == ["reviews[1].date", "reviews[1].result"]
    assert doc.reviews[0].date == dt.date(2025, 12, 1) and doc.reviews[0].result == "维持不公开"


def test_reviews_must_be_a_list():
    _, problems = read(
        notice_text(attribute="不予公开", attribute_basis="第十六条", reviews="每年")
    )
    assert keys(problems) == ["reviews"]


def test_consultation_dates_and_order():
    doc, problems = read(
        notice_text(type="征求意见", consultation={"opens": "2025-03-01", "closes": "2025-03-31"})
    )
    assert problems.errors == []
    assert (doc.consultation.opens, doc.consultation.closes) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
    )
    _, problems = read(
        notice_text(type="征求意见", consultation={"opens": "2025-03-01", "closes": "2025-02-01"})
    )
    assert keys(problems) == ["consultation.closes"]


def test_consultation_is_required_for_a_consultation():
    _, problems = read(notice_text(type="征求意见"))
    assert keys(problems) == ["consultation"]


def test_personal_data_exceptions_need_a_concrete_value_and_a_reason():
    doc, problems = read(
        notice_text(personal_data=[{"value": "13812345678", "reason": "值班电话，经审批公开"}])
    )
    assert problems.errors == [] and doc.personal_data == (("13812345678", "值班电话，经审批公开"),)
    _, problems = read(notice_text(personal_data=[{"value": "*", "reason": "全部"}]))
    assert keys(problems) == ["personal_data[0].value"]
    _, problems = read(notice_text(personal_data=[{"value": "13812345678"}]))
    assert keys(problems) == ["personal_data[0].reason"]
    _, problems = read(
        notice_text(personal_data=[{"value": "13812345678", "reason": "x", "why": "y"}])
    )
    assert keys(problems) == ["personal_data[0].why"]


def test_published_before_written_is_a_warning():
    _, problems = read(notice_text(written="2025-03-05", published="2025-03-03"))
    assert problems.errors == [] and keys(problems, errors=False) == ["published"]


def test_values_are_text_even_when_yaml_would_type_them():
    doc, problems = read(
        markdown(
            "title: no\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: fdzdgk-02\n"
            "published: 2025-03-03\ndoc_number: 0123\n"
        )
    )
    assert problems.errors == [] and (doc.title, doc.doc_number) == ("no", "0123")


_PIECES = st.sampled_from(
    ["\ufeff", "\r\n", "\r", "\n", "标题：", "title: x", "\u2028", "a", "—", "\U0001f600"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=12), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff", b"\xe4\xb8"])
)
def test_a_file_s_text_is_what_a_utf8_sig_reader_reads(pieces, extra):
    """load_site decodes a Markdown file's bytes itself when they hold no carriage return: the
    text (or the UnicodeDecodeError) is exactly what `read_text(encoding="utf-8-sig")` gives,
    a byte order mark dropped only at the start, line ends made "\\n"."""
    import io

    from disclosure_portal.project import _text_of

    for data in ("".join(pieces).encode() + extra, extra + "".join(pieces).encode()):
        try:
            with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig") as reader:
                expected: str | type = reader.read()
        except UnicodeDecodeError:
            expected = UnicodeDecodeError
        try:
            found: str | type = _text_of(data)
        except UnicodeDecodeError:
            found = UnicodeDecodeError
        assert found == expected, data
