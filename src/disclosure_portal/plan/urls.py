"""URL forms: the one place that says which address a content path gets, and which content paths
an address may mean.

A Markdown file is served as a folder: `a/b.md`, `a/b/index.md` and `a/b/README.md` are all
`a/b/` (any Markdown suffix, in any case: see `model.vocab.is_markdown`). Every other file keeps
its path. Links in Markdown, nav entries and links in rendered HTML are all read with these
functions, so the validation, the publication and the render-time check agree.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urljoin

from disclosure_portal.model.vocab import is_markdown, strip_markdown_suffix


def page_key(src: str) -> str:
    """The URL a file gets: `a/b.md`, `a/b/index.md` and `a/b/README.md` are all `a/b/`."""
    if not is_markdown(src):
        return src
    stem = strip_markdown_suffix(src)
    head, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{head}/" if head else ""
    return f"{stem}/"


def candidates(resolved: str) -> list[str]:
    """Content paths a resolved link may mean: the file itself, or a page's URL form."""
    bare = resolved.rstrip("/")
    out = [resolved]
    if not is_markdown(resolved):
        out += [
            f"{bare}.md",
            f"{bare}/index.md" if bare else "index.md",
            f"{bare}/README.md" if bare else "README.md",
        ]
    return out


def nav_paths(target: str) -> list[str]:
    """Content paths a local nav entry (a path under content/, or a page URL) may name."""
    path = posixpath.normpath(target.lstrip("/")) if target.strip("/") else "index.md"
    return candidates(path)


def href_forms(href: str, page_src: str, page_url: str) -> set[str]:
    """What a local href in a rendered page may point at: the address it resolves to from the
    page's URL (with and without its trailing slash), and the content path it names when read,
    as MkDocs reads Markdown links, relative to the page's source file."""
    path = unquote(urljoin("/" + page_url, href.partition("#")[0].partition("?")[0])).lstrip("/")
    raw = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), unquote(href)))
    return {path, path.rstrip("/") + "/", path.rstrip("/"), raw}
