"""Links in Markdown bodies, and references between documents by id or doc_number."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from .model import Document, Link
from .vocab import is_markdown

INLINE_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_RE = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def extract_links(doc: Document) -> list[Link]:
    """Every link target in the body, with its line; fenced code blocks are skipped."""
    links = []
    in_fence = None
    for offset, line in enumerate(doc.body.split("\n")):
        fence = FENCE_RE.match(line)
        if fence:
            if in_fence is None:
                in_fence = fence.group(1)
            elif fence.group(1) == in_fence:
                in_fence = None
            continue
        if in_fence:
            continue
        targets = [m.group(1) for m in INLINE_RE.finditer(line)]
        targets += [m.group(1) for m in HTML_RE.finditer(line)]
        if m := REFDEF_RE.match(line):
            targets.append(m.group(1))
        for target in targets:
            links.append(_resolve(doc.src, target, doc.body_line + offset))
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
    if resolved == "." :
        resolved = ""
    return Link(target=target, resolved=resolved, line=line)


def candidates(resolved: str, directory_urls: bool = True) -> list[str]:
    """Content paths a resolved link may mean: the file itself, or a page's URL form."""
    bare = resolved.rstrip("/")
    out = [resolved]
    if not is_markdown(resolved):
        out += [f"{bare}.md", f"{bare}/index.md" if bare else "index.md"]
    return out


class Index:
    """Documents by id and by doc_number, for `interprets`, `replaced_by` and `feedback`."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_id: dict[str, Document] = {}
        self.by_number: dict[str, Document] = {}
        self.by_src: dict[str, Document] = {d.src: d for d in documents}
        for doc in documents:
            self.by_id.setdefault(doc.id, doc)
            if doc.doc_number:
                self.by_number.setdefault(doc.doc_number, doc)

    def resolve(self, ref: str) -> Document | None:
        return self.by_id.get(ref) or self.by_number.get(ref)
