"""Links in Markdown bodies, and references between documents by id or doc_number."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown

from disclosure_portal.model.records import Document, Link
from disclosure_portal.version import installed_version

HTML_RE = re.compile(r"""(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs always adds these
# extensions that read files or run code at render time: never in the domain's own rendering
_NEVER = ("pymdownx.snippets", "markdown_include.include")
_LINK_ATTRIBUTES = frozenset(
    (
        "href",
        "src",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "background",
        "cite",
        "longdesc",
        "xlink:href",
    )
)


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None or name not in _LINK_ATTRIBUTES:
                continue
            if name == "srcset":
                self.found += [part.split()[0] for part in value.split(",") if part.split()]
            else:
                self.found.append(value)

    handle_startendtag = handle_starttag


class LinkReader:
    """What a rendered page links to: the body rendered with the site's Markdown extensions, then
    every href/src (and the like) of the HTML. Only a real link or image publishes a file; a path
    in a code block, in escaped Markdown, in prose, in an unused reference definition or in
    Markdown inside a raw HTML block does not (SPEC guarantee 1)."""

    def __init__(self, extensions: Iterable[object] = (), configs: dict | None = None) -> None:
        names: list[str] = list(BUILTIN_EXTENSIONS)
        options: dict[str, dict] = {}
        for entry in extensions:
            name, config = (
                next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None)
            )
            if not isinstance(name, str) or name in _NEVER or name in names:
                continue
            names.append(name)
            if isinstance(config, dict):
                options[name] = config
        for name, config in (configs or {}).items():
            if name in names and isinstance(config, dict):
                options[name] = config
        self._markdown = self._build(names, options)
        self.signature = _signature(names, options)

    @staticmethod
    def _build(names: list[str], options: dict[str, dict]) -> markdown.Markdown:
        usable = []
        for name in names:  # an extension that cannot load here is MkDocs' problem to report
            try:
                markdown.Markdown(
                    extensions=[name], extension_configs={name: options.get(name, {})}
                )
            except Exception:
                continue
            usable.append(name)
        return markdown.Markdown(
            extensions=usable, extension_configs={n: options[n] for n in usable if n in options}
        )

    def render(self, body: str) -> str:
        """The body as the engine renders it (HTML); "" for a body that can hold neither a
        link nor any markup (rules/markup.py judges the same HTML)."""
        # "{": attr_list's `{: onclick=… }` puts attributes on any element
        return self._markdown.reset().convert(body) if _may_link(body) or "{" in body else ""

    def targets(self, body: str) -> list[str]:
        """Every link target of the rendered body, in order."""
        return targets_in(self.render(body))


# extensions whose code is a package's of a known version (Markdown's own are named without
# their package): what they render is a function of the body, their options and these versions
_KNOWN_PACKAGES = {
    "markdown.": "markdown",
    "pymdownx.": "pymdown-extensions",
    "material.": "mkdocs-material",
    "disclosure_portal.": "",
}


def _signature(names: list[str], options: dict[str, dict]) -> str | None:
    """What this reader's rendering rests on besides the body (the extensions with their options
    and the versions of their packages), as a text; None when an extension is code of the project
    or of a package not named here (its rendering could change without a version: never
    remembered, `project.load_site`)."""
    versions = {}
    for name in names:
        if "." not in name:  # one of Markdown's own, by its short name
            package = "markdown"
        else:
            package = next((p for k, p in _KNOWN_PACKAGES.items() if name.startswith(k)), None)
            if package is None:
                return None
        if package:
            versions[package] = installed_version(package)
            if versions[package] is None:
                return None
    try:
        return json.dumps([names, options, versions], sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):  # an option that is no plain value
        return None


def targets_in(html: str) -> list[str]:
    """Every link target of a rendered body's HTML, in order."""
    if not html:
        return []
    parser = _Targets()
    parser.feed(html)
    parser.close()
    return parser.found


_DEFAULT_READER: list[LinkReader] = []


def _may_link(body: str) -> bool:
    """Cheap test: can this body render any link at all?"""
    return any(mark in body for mark in ("](", "]:", "][", "<", "://", "www.", "@"))


def extract_links(
    doc: Document, reader: LinkReader | None = None, rendered: str | None = None
) -> list[Link]:
    """Every link target of the rendered body (SPEC: a link is what the rendered page links to),
    resolved against content/, each with the line of the body where it is written (the first
    line holding the target; the body's first line when it cannot be found). `rendered` is the
    body as `reader` rendered it, when the caller has it already."""
    if not _may_link(doc.body):
        return []
    if rendered is None:
        if reader is None:
            if not _DEFAULT_READER:
                _DEFAULT_READER.append(LinkReader())
            reader = _DEFAULT_READER[0]
        rendered = reader.render(doc.body)
    lines = doc.body.split("\n")
    links = []
    for target in targets_in(rendered):
        target = target.strip()
        offset = next((i for i, line in enumerate(lines) if target in line), None)
        if offset is None:  # written with entities, or over several lines
            offset = next((i for i, line in enumerate(lines) if unquote(target) in line), 0)
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
