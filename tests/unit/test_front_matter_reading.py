"""Splitting a Markdown text into front matter and body, strictly."""

from __future__ import annotations

from disclosure_portal.read.frontmatter import split_front_matter


def test_front_matter_and_body_with_the_body_line():
    fm = split_front_matter("---\ntitle: 标题\nattribute: 主动公开\n---\n第一行\n第二行\n")
    assert fm.has_block and fm.problems == []
    assert fm.meta == {"title": "标题", "attribute": "主动公开"}
    assert fm.body == "第一行\n第二行\n"
    assert fm.body_line == 5
    assert fm.lines == {"title": 2, "attribute": 3}  # lines of the file, not of the block


def test_byte_order_mark_and_crlf_are_tolerated():
    fm = split_front_matter("\ufeff---\r\ntitle: 标题\r\n---\r\n正文\r\n")
    assert fm.problems == [] and fm.meta == {"title": "标题"}
    assert fm.body == "正文\n"


def test_missing_block_is_a_front_matter_problem_and_the_body_is_everything():
    fm = split_front_matter("只有正文。\n")
    assert not fm.has_block and fm.meta == {}
    assert [(k, line) for k, _, line in fm.problems] == [("front_matter", 1)]
    assert fm.body == "只有正文。\n"


def test_unterminated_block():
    fm = split_front_matter("---\ntitle: 标题\n正文\n")
    assert not fm.has_block and fm.meta == {}
    assert [k for k, _, _ in fm.problems] == ["front_matter"]
    assert "结束" in fm.problems[0][1]


def test_block_that_is_a_list_is_not_a_mapping():
    fm = split_front_matter("---\n- a\n- b\n---\n正文\n")
    assert fm.has_block and fm.meta == {}
    assert [k for k, _, _ in fm.problems] == ["front_matter"]
    assert "映射" in fm.problems[0][1]


def test_empty_block():
    fm = split_front_matter("---\n---\n正文\n")
    assert fm.meta == {} and [k for k, _, _ in fm.problems] == ["front_matter"]


def test_unparsable_yaml_names_a_line_of_the_file():
    fm = split_front_matter("---\ntitle: 标题\nattribute: [主动公开\n---\n正文\n")
    assert fm.meta == {}
    [(key, _, line)] = fm.problems
    assert key == "front_matter" and line is not None and 2 <= line <= 4


def test_duplicate_key_is_reported_on_the_key_with_its_file_line():
    fm = split_front_matter("---\ntype: 通知公告\ntype: 工作动态\n---\n")
    assert fm.meta == {"type": "通知公告"}
    assert [(k, line) for k, _, line in fm.problems] == [("type", 3)]


def test_dots_close_the_block_too():
    fm = split_front_matter("---\ntitle: 标题\n...\n正文\n")
    assert fm.has_block and fm.meta == {"title": "标题"} and fm.body == "正文\n"
