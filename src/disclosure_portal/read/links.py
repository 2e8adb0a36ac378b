"""Links in Markdown bodies, and references between documents by id or doc_number."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from disclosure_portal.model.records import Document, Link

INLINE_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
REFDEF_RE = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.MULTILINE)
HTML_RE = re.compile(r"""(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines, so offsets still give line numbers."""
    return re.sub(r"[^\n]", " ", match.group(0))


def link_text(body: str) -> str:
    """The body without fenced code, code spans and HTML comments: what can hold a real link."""
    lines = body.split("\n")
    out, fence = [], None
    for line in lines:
        m = FENCE_RE.match(line)
        if m and (fence is None or m.group(1) == fence):
            fence = m.group(1) if fence is None else None
            out.append("")
        else:
            out.append("" if fence else line)
    text = "\n".join(out)
    text = COMMENT_RE.sub(_blank, text)
    return CODE_SPAN_RE.sub(_blank, text)


def extract_links(doc: Document) -> list[Link]:
    """Every link target in the body with its line: Markdown inline links and images (also with
    link text over several lines), reference definitions, and HTML href/src attributes."""
    text = link_text(doc.body)
    found: list[tuple[int, str]] = []
    for m in INLINE_RE.finditer(text):
        found.append((m.start(1), m.group(1)))
    for m in REFDEF_RE.finditer(text):
        found.append((m.start(1), m.group(1)))
    for m in HTML_RE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        found.append((m.start(group), m.group(group)))
    links = []
    for offset, target in sorted(found):
        line = doc.body_line + text.count("\n", 0, offset)
        links.append(_resolve(doc.src, target.strip(), line))
    return links


def _resolve(src: str, target: str, line: int) -> Link:
    if target.startswith(("#", "//")) or SCHEME_RE.match(target):
        return Link(target=target, resolved=None, line=line, external=not target.startswith("#"))
    path = unquote(urlsplit(target).path)
    if not path:
        return Link(target=target, resolved=None, line=line)
    if path.startswith("/"):
        resolved = posixpath.normpath(path.lstrip("/"))
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    if resolved == ".":
        resolved = ""
    return Link(target=target, resolved=resolved, line=line)


class References:
    """Documents by id and by doc_number, for `interprets`, `replaced_by` and `feedback`: the one
    resolver, used by validation (over every document) and by publication (over public ones).

    Precedence: an id before a doc_number; when several documents hold the same value (an error
    that validation reports), the first by sorted `src` wins. An empty value names nothing.
    """

    def __init__(self, documents: Iterable[Document]) -> None:
        ordered = sorted(documents, key=lambda d: d.src)
        self.by_src: dict[str, Document] = {d.src: d for d in ordered}
        self.by_id: dict[str, Document] = {}
        self.by_number: dict[str, Document] = {}
        for doc in ordered:
            if doc.id:
                self.by_id.setdefault(doc.id, doc)
            if doc.doc_number:
                self.by_number.setdefault(doc.doc_number, doc)

    def resolve(self, ref: str) -> Document | None:
        """The document whose id, or else whose doc_number, is `ref`; None if there is none."""
        return self.by_id.get(ref) or self.by_number.get(ref)
