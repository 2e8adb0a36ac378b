"""SPEC guarantee 7: a public body may not carry script or style (rules/markup.py), judged on the
body as rendered, so the same text in code, escaped or as prose builds."""

from __future__ import annotations

import pytest
from factories import document

from disclosure_portal.model.problems import Collector
from disclosure_portal.read.links import LinkReader
from disclosure_portal.rules.markup import check_markup

READER = LinkReader(["attr_list", "md_in_html"])


def problems_of(body: str, body_line: int = 5) -> list[str]:
    doc = document("mzj/2025/notice.md", body=body, body_line=body_line)
    problems = Collector()
    check_markup(doc, READER.render(body), problems)
    return [str(p) for p in problems.errors]


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        # Python-Markdown does not escape "<" with a backslash: this is a script element
        "\\<script>alert(1)\\</script>",
        "<SCRIPT SRC='https://example.com/x.js'></SCRIPT>",
        "<style>body { display: none }</style>",
        '<img src="x.png" onerror="alert(1)">',
        '<p onclick="alert(1)">点击</p>',
        '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>',
        '<a href="javascript:alert(1)">链接</a>',
        '<a href="JaVaScRiPt:alert(1)">链接</a>',
        '<a href="java&#115;cript:alert(1)">链接</a>',
        '<a href="java&#9;script:alert(1)">链接</a>',
        '<a href=" &#x6A;avascript&colon;alert(1)">链接</a>',
        '<a href="vbscript:msgbox(1)">链接</a>',
        '<iframe src="data:text/html;base64,PHNjcmlwdD4=">',
        '<form action="javascript:alert(1)"><button>提交</button></form>',
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "[点击这里](javascript:alert(1))",
        "![图片](javascript:alert(1))",
        "[点击][x]\n\n[x]: javascript:alert(1)",
        '<p style="background: url(https://example.com/track.gif)">文字</p>',
        '<p style="background: u\\72l(https://example.com/t.gif)">文字</p>',
        '<p style="background: ur/**/l(https://example.com/t.gif)">文字</p>',
        '<p style="width: expression(alert(1))">文字</p>',
        '<p style="-moz-binding: url(x.xml#x)">文字</p>',
        '<p style="behavior: url(x.htc)">文字</p>',
        "<p style=\"content: '内部'\">文字</p>",
        "<p style=\"@import 'x.css'\">文字</p>",
        '<iframe srcdoc="&lt;p&gt;内嵌&lt;/p&gt;"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<base href="https://example.com/">',
        '<meta http-equiv="refresh" content="0; url=https://example.com/">',
        '<link rel="stylesheet" href="https://example.com/x.css">',
        '段落文字\n{: onclick="alert(1)" }',
        # where a browser's parser ends a comment or a CDATA section, not where html.parser does
        "<![CDATA[><img src=x onerror=alert(1)>]]>",
        "<!-- --!><img src=x onerror=alert(1)>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<img/onerror=alert(1) src=x>",
        '<a href="java&#x09;script:alert(1)">链接</a>',
    ],
)
def test_script_and_style_in_a_body_are_errors_on_body(body):
    errors = problems_of(body)
    assert errors, body
    assert all(e.startswith("content/mzj/2025/notice.md:body: 正文") for e in errors)


@pytest.mark.parametrize(
    "body",
    [
        "```html\n<script>alert(1)</script>\n```",
        "    <script>alert(1)</script>",  # an indented code block
        "请勿在正文中写 `<script>` 或 `onclick=`，也不要写 `javascript:` 链接。",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "课程介绍：JavaScript: 入门与实践；style 与 content: 的用法；url( 的写法。",
        '<a href="https://www.example.gov.cn/">官方网站</a>',
        "[官方网站](https://www.example.gov.cn/) 与 ![图片](files/a.png)",
        '<img src="files/a.png" alt="javascript: 教程封面" title="onclick">',
        '<p style="color: #333; text-align: center; font-weight: bold">居中文字</p>',
        '<table style="border-collapse: collapse; width: 100%"><tr><td>1</td></tr></table>',
        '<iframe src="https://player.example.gov.cn/video/1" width="640"></iframe>',
        '<div data-note="javascript:" aria-label="onclick">文字</div>',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="图">',
    ],
)
def test_the_same_text_as_text_and_ordinary_markup_build(body):
    assert problems_of(body) == []


def test_the_line_is_the_sources_outside_code():
    body = "第一段。\n\n```\n<script>示例</script>\n```\n\n正文。\n\n<script>alert(1)</script>\n"
    [error] = problems_of(body, body_line=10)
    assert error.endswith("（第 18 行）")  # body line 9, the body starting at line 10
