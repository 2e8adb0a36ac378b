"""SPEC guarantee 7, "Text is text": a public document's body may not carry script or style.

Judged on the body as the engine renders it (read/links.py renders it once with the site's
Markdown extensions, for the links as well), so that what a browser would run is what is judged:
the same text in a code block or a code span, or escaped (`\\<script>`, `&lt;script&gt;`), is
rendered as text and builds. Character references and blanks inside a URL (`java&#115;cript:`,
`java\tscript:`) and CSS escapes and comments inside a style (`u\\72l(`, `ur/**/l(`) do not hide
anything: values are compared as the browser reads them. The HTML is parsed by an HTML5 parser
(selectolax's Lexbor), not by Python's html.parser, which ends a comment or a CDATA section
elsewhere than a browser does (`<![CDATA[><img src=x onerror=…>]]>` is an image to a browser).

An error on `body`, with the line of the source where it can be found:
- an element that runs or loads something: script, style, object, embed, base, meta, link, and
  the legacy applet, frame, frameset; noscript (a browser reads its content as markup or as text
  depending on its script setting); an iframe with `srcdoc`;
- an event-handler attribute (`on…`);
- a URL whose scheme runs code: `javascript:`, `vbscript:`, `data:text/html` (and XHTML), in any
  attribute that is not plain text (href, src, action, formaction, xlink:href, SVG's values …);
- an inline `style` that generates content or loads things: `content:`, `url(`, `expression(`,
  `-moz-binding`, `behavior:`, `@import`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document

ELEMENTS = frozenset(
    (
        "script",
        "style",
        "object",
        "embed",
        "base",
        "meta",
        "link",
        "applet",
        "frame",
        "frameset",
        "noscript",  # its content is markup or text depending on the browser's script setting
    )
)
# attributes whose value is plain text, never a URL a browser follows
TEXT_ATTRIBUTES = frozenset(
    ("title", "alt", "class", "id", "lang", "dir", "placeholder", "value", "label", "abbr", "name")
)
SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml+xml")
STYLE_TOKENS = ("content:", "url(", "expression(", "-moz-binding", "behavior:", "@import")
# characters a browser skips in a URL's scheme: blanks and controls (java\tscript:)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u200b-\u200d\u2060\ufeff]+")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# what any finding needs in the rendered HTML (a numeric character reference may spell a scheme):
# a body without any of these is passed without parsing (the parse is the cost of this check)
_MAYBE = re.compile(
    r"<(?:script|style|object|embed|base|meta|link|applet|i?frame)|on[a-z]+\s*="
    r"|script|data\s*(?::|&colon)|style\s*=|&#",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of script or style in a rendered body: what it is and what to look for in the
    source to find its line."""

    message: str
    needles: tuple[str, ...]


def _scheme(value: str) -> str | None:
    """The code-running scheme `value` starts with, as a browser reads it; None when none."""
    text = _URL_NOISE.sub("", value).lower()  # the parser has decoded character references
    return next((s for s in SCHEMES if text.startswith(s)), None)


def _css(value: str) -> str:
    """A style as the browser reads it: escapes decoded, comments and blanks removed, lower case."""

    def unescape(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else ""
        return m.group(2)

    text = _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", value))
    return re.sub(r"\s+", "", text).lower()


def _element_findings(tag: str, attributes: dict[str, str | None]) -> list[Finding]:
    """What is wrong with one element of the rendered body."""
    found = []
    if tag in ELEMENTS:
        found.append(Finding(f"不能包含 <{tag}> 元素", (f"<{tag}",)))
    elif tag == "iframe" and "srcdoc" in attributes:
        found.append(Finding("不能包含带 srcdoc 的 <iframe> 元素", ("srcdoc",)))
    for name, value in attributes.items():
        name = name.lower()
        if name.startswith("on") and len(name) > 2:
            found.append(Finding(f"不能包含事件属性 {name}（脚本）", (name,)))
        elif value is None or name in TEXT_ATTRIBUTES or name.startswith(("aria-", "data-")):
            continue
        elif name == "style":
            css = _css(value)
            token = next((t for t in STYLE_TOKENS if t in css), None)
            if token is not None:
                word = token.rstrip(":(")
                found.append(
                    Finding(
                        f"行内样式 style 不能使用“{word}”（生成内容或加载资源）", (word, "style=")
                    )
                )
        elif (scheme := _scheme(value)) is not None:
            word = scheme.rstrip(":")
            found.append(Finding(f"不能包含“{word}”链接（{name}，会执行脚本）", (word, name)))
    return found


def markup_findings(rendered: str) -> list[Finding]:
    """Every piece of script or style in a rendered body, in document order. The HTML is parsed
    as a browser parses it (Lexbor, an HTML5 parser: comments, CDATA sections and foreign
    content end where a browser ends them), so what is judged is what a browser would build."""
    if "<" not in rendered or not _MAYBE.search(rendered):
        return []
    found = []
    for node in LexborHTMLParser(rendered).root.traverse(include_text=False):
        found += _element_findings(node.tag.lower(), dict(node.attributes))
    return found


def _line(body: str, first_line: int, needles: tuple[str, ...]) -> int | None:
    """The line of the first needle found outside fenced code blocks (case-insensitive)."""
    lines = body.split("\n")
    fence = ""
    outside = []
    for n, line in enumerate(lines):
        if m := _FENCE.match(line):
            if not fence or m.group(1)[0] == fence[0]:
                fence = "" if fence else m.group(1)
            continue
        if not fence:
            outside.append((n, line.lower()))
    for needle in needles:
        for n, line in outside:
            if needle.lower() in line:
                return first_line + n
    return None


def check_markup(doc: Document, rendered: str, problems: Collector) -> None:
    """Report each piece of script or style in `doc`'s rendered body on `body`, with its line."""
    for finding in markup_findings(rendered):
        problems.error(
            doc.path,
            "body",
            f"正文{finding.message}：网站正文只能是文字、图片、表格和链接，不能带脚本或样式"
            "（若要展示代码，请放在代码块中）",
            _line(doc.body, doc.body_line, finding.needles) or doc.body_line,
        )
