"""Link targets in a document body: every form that renders as a link, nothing that does not."""

from __future__ import annotations

from factories import document

from disclosure_portal.read.links import extract_links


def links(body: str, body_line: int = 1):
    return extract_links(document("mzj/2025/notice.md", body=body, body_line=body_line))


def targets(body: str) -> list[str]:
    return [link.target for link in links(body)]


def test_inline_links_and_images_resolve_against_the_document_folder():
    found = links("见[附件](files/a.pdf)和![图](../img/b.png)。\n", body_line=9)
    assert [(lk.target, lk.resolved, lk.line) for lk in found] == [
        ("files/a.pdf", "mzj/2025/files/a.pdf", 9),
        ("../img/b.png", "mzj/img/b.png", 9),
    ]


def test_link_text_over_several_lines():
    found = links("前文\n[相关\n请示](secret.md)\n", body_line=5)
    assert [(lk.target, lk.line) for lk in found] == [("secret.md", 7)]  # the line of the target


def test_reference_definitions():
    assert targets('见[名单][1]。\n\n[1]: files/list.csv "名单"\n') == ["files/list.csv"]


def test_html_href_and_src_in_any_quoting():
    body = "<a href=\"a.md\">a</a> <img src='b.png'> <a href=../2025/c/>c</a>\n"
    assert targets(body) == ["a.md", "b.png", "../2025/c/"]


def test_nothing_inside_fenced_code_code_spans_or_comments():
    body = (
        "```\n[a](fenced.md)\n```\n"
        "`[b](span.md)`\n"
        "<!-- ![c](comment.txt) -->\n"
        "~~~\n<a href=tilde.md>d</a>\n~~~\n"
        "[e](real.md)\n"
    )
    found = links(body)
    assert [(lk.target, lk.line) for lk in found] == [("real.md", 9)]


def test_external_and_anchor_links_do_not_resolve_to_files():
    found = links(
        "[a](https://www.gov.cn/) [b](mailto:x@example.gov.cn) [c](#top) [d](//cdn.example.com/x.js)\n"
    )
    assert [(lk.resolved, lk.external) for lk in found] == [
        (None, True),
        (None, True),
        (None, False),
        (None, True),
    ]


def test_site_absolute_paths_and_percent_escapes():
    found = links("[a](/mzj/2024/old.md) [b](files/%E5%90%8D%E5%8D%95.csv)\n")
    assert [lk.resolved for lk in found] == ["mzj/2024/old.md", "mzj/2025/files/名单.csv"]


def test_query_and_fragment_are_not_part_of_the_path():
    assert [lk.resolved for lk in links("[a](other.md#part) [b](x.pdf?v=2)\n")] == [
        "mzj/2025/other.md",
        "mzj/2025/x.pdf",
    ]


def test_title_after_the_target():
    assert targets('[a](files/a.pdf "标题")\n') == ["files/a.pdf"]


# SPEC guarantee 1: a link is what the rendered page links to, nothing else


def test_a_path_in_an_indented_code_block_is_not_a_link():
    assert targets("说明如下：\n\n    [笔记](internal/x.txt)\n    ![图](internal/y.png)\n") == []


def test_escaped_markdown_is_not_a_link():
    assert targets("见 \\[笔记\\](internal/x.txt) 一文。\n") == []


def test_a_path_in_prose_is_not_a_link():
    assert targets("数据文件 src=internal/y.csv 与 href=internal/z.csv 不公开。\n") == []


def test_an_unused_reference_definition_is_not_a_link():
    assert targets("正文没有引用。\n\n[notes]: internal/notes.txt\n") == []
    assert targets("见[说明][notes]。\n\n[notes]: files/notes.txt\n") == ["files/notes.txt"]


def test_markdown_inside_a_raw_html_block_is_not_a_link():
    assert targets('<div class="note">\n[笔记](internal/x.txt)\n</div>\n') == []
    assert targets('<div><a href="files/a.pdf">附件</a></div>\n') == ["files/a.pdf"]


def test_html_srcset_and_other_link_attributes_are_links():
    found = targets(
        '<img srcset="a.png 1x, b.png 2x" src="c.png">\n<video poster="d.png"></video>\n'
    )
    assert found == ["a.png", "b.png", "c.png", "d.png"]
