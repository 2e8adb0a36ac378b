"""The render-time link check on HTML text: no page may link to a withheld file, whatever
Markdown construct produced the link (no file system, no MkDocs)."""

from __future__ import annotations

from factories import document

from disclosure_portal.plan.publish import decide
from disclosure_portal.plan.rendered import link_problems, withheld_targets

ATTACHMENT = "mzj/2025/files/x.pdf"


def public_set():
    notice = document("mzj/2025/notice.md")
    secret = document("mzj/2025/secret.md", attribute="依申请公开", attachments=(ATTACHMENT,))
    return decide([notice, secret], frozenset({ATTACHMENT}))


def test_links_to_a_withheld_page_or_file_are_reported_in_every_form():
    targets = withheld_targets(public_set(), [])
    html = (
        '<p><a href="../secret/">a</a> <a href=secret.md>b</a> <img src="../files/x.pdf"> '
        "<a href='/mzj/2025/secret/#top'>c</a> <a href=\"../secret?x=1\">d</a> "
        '<a href="../../../">home</a> <a href="https://www.gov.cn/">gov</a> '
        '<a href="#section">anchor</a> <a href="//cdn.example/x.js">cdn</a></p>'
    )
    problems = link_problems(html, "mzj/2025/notice.md", "mzj/2025/notice/", targets)
    assert problems == [
        "mzj/2025/notice.md: 页面中的链接“../secret/”指向不发布的文件",
        "mzj/2025/notice.md: 页面中的链接“secret.md”指向不发布的文件",
        "mzj/2025/notice.md: 页面中的链接“../files/x.pdf”指向不发布的文件",
        "mzj/2025/notice.md: 页面中的链接“/mzj/2025/secret/#top”指向不发布的文件",
        "mzj/2025/notice.md: 页面中的链接“../secret?x=1”指向不发布的文件",
    ]


def test_a_public_page_or_generated_page_at_the_same_address_is_not_withheld():
    public = public_set()
    assert "mzj/2025/secret/" in withheld_targets(public, [])
    assert "mzj/2025/secret/" not in withheld_targets(public, ["mzj/2025/secret/index.md"])
    assert "mzj/2025/notice/" not in withheld_targets(public, [])
    html = '<a href="../notice/">n</a> <a href="../secret/">s</a>'
    targets = withheld_targets(public, ["mzj/2025/secret/index.md"])
    assert link_problems(html, "mzj/2025/other.md", "mzj/2025/other/", targets) == []
