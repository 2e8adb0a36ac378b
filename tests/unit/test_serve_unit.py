"""The preview's decisions, without a server: when the old output may not be served, what a
failed build's output says, the address, and the escaping of its own pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from disclosure_portal.model.problems import Problem
from disclosure_portal.serve import Shown, error_page, must_hide, parse_address, parse_output


def test_old_output_is_hidden_when_a_document_left_the_public_set():
    served = frozenset({"content/a.md", "content/b.md"})
    assert must_hide(served, frozenset({"content/a.md"}))  # b turned 不予公开 or was deleted
    assert must_hide(None, frozenset({"content/a.md"}))  # nothing known about the output
    # negative controls: an edit, or a new public document, keeps the old output meanwhile
    assert not must_hide(served, served)
    assert not must_hide(served, served | {"content/c.md"})


def test_failed_build_output_becomes_problems_and_notes():
    output = (
        "INFO    -  Building documentation...\n"
        "ERROR   -  content/mzj/2025/a.md:body: 链接“b/”指向非主动公开的文件（第 7 行）\n"
        "WARNING -  catalogs/orgs.yml:columns: 空白栏目\n"
        "泄露检查失败：/tmp/portal-serve-x/.site-build-1 中发现 1 处非公开内容：\n"
        "  content/x.md:title: 标题出现在输出中\n"
        "Aborted with a BuildError!\n"
        "构建失败，原网站 /tmp/portal-serve-x/site 保持不变。\n"
    )
    problems, notes = parse_output(output, hide="/tmp/portal-serve-x")
    assert problems == [
        Problem("content/mzj/2025/a.md", "body", "链接“b/”指向非主动公开的文件", 7),
        Problem("content/x.md", "title", "标题出现在输出中"),
    ]
    assert notes == []  # English lines and lines naming the preview's own folder are left out
    _, notes = parse_output("泄露检查失败：site 中发现 1 处非公开内容：\n")
    assert notes == ["泄露检查失败：site 中发现 1 处非公开内容："]


def test_address():
    assert parse_address("127.0.0.1:8001") == ("127.0.0.1", 8001)
    assert parse_address(":9000") == ("127.0.0.1", 9000)
    assert parse_address("[::1]:8000") == ("::1", 8000)
    for bad in ("localhost", "a:b", "1.2.3.4:70000"):
        with pytest.raises(ValueError, match="主机:端口"):
            parse_address(bad)


def test_error_page_escapes_every_value():
    problem = Problem("content/<i>x</i>.md", "<em>k</em>", '值“<script>alert("x")</script>”无效', 3)
    page = BeautifulSoup(error_page(Shown("errors", 4, (problem,))), "html.parser")
    assert page.find("i") is None and page.find("em") is None
    assert all("alert" not in s.get_text() for s in page.find_all("script"))
    cells = [td.get_text() for td in page.find_all("td")]
    assert cells == [
        "content/<i>x</i>.md",
        "<em>k</em>",
        "3",
        '值“<script>alert("x")</script>”无效',
    ]
    assert page.title.get_text() == "预览暂停：内容有 1 个错误"
