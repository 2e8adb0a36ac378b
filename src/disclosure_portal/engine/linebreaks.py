"""Lines of a body stay lines on the page (issue 21): every line break inside a paragraph is a
<br> (Python-Markdown's `nl2br`), and so is CommonMark's hard break, a backslash at the end of a
line, which the editors' app writes for Shift+Enter and Python-Markdown would print as a
backslash."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor

NL2BR = "nl2br"


class _BackslashBreak(InlineProcessor):
    def handleMatch(self, m, data):  # type: ignore[override]
        return etree.Element("br"), m.start(0), m.end(0)


class BackslashBreaks(Extension):
    """`\\` at the end of a line: a <br> (before the backslash escapes are applied)."""

    def extendMarkdown(self, md) -> None:  # type: ignore[override]
        md.inlinePatterns.register(_BackslashBreak(r"\\\n", md), "backslash_break", 185)


def line_break_extensions() -> list[object]:
    """The extensions the engine adds to a site's own."""
    return [NL2BR, BackslashBreaks()]
