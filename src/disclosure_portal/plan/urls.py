"""URL forms: the one place that says which address a content path gets, and which content paths
an address may mean.

A Markdown file is served as a folder: `a/b.md`, `a/b/index.md` and `a/b/README.md` are all
`a/b/` (any Markdown suffix: see `model.vocab.is_markdown`; `index` and `README` spelled exactly
so, as MkDocs reads them: `a/readme.md` is `a/readme/`). Every other file keeps its path. Links in
Markdown, nav entries and links in rendered HTML are all read with these functions, so the
validation, the publication and the render-time check agree.

Names are names (SPEC guarantee 1): two URLs are the same only when they are equal, letter case
and punctuation included (`Report/` is not `report/`, `zheng-ce/` is not `zhengce/`); two
sources that MkDocs would write to one file are an error naming both (`collisions`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urljoin

from disclosure_portal.model.vocab import is_markdown, strip_markdown_suffix


def page_key(src: str) -> str:
    """The URL a file gets: `a/b.md`, `a/b/index.md` and `a/b/README.md` are all `a/b/`."""
    if not is_markdown(src):
        return src
    stem = strip_markdown_suffix(src)
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):  # as mkdocs.structure.files.File reads them
        return f"{head}/" if head else ""
    return f"{stem}/"


def output_path(src: str) -> str:
    """The file the engine writes for the content file `src`: a page's `index.html` (directory
    URLs), any other file at its own path."""
    return f"{page_key(src)}index.html" if is_markdown(src) else src


def collisions(srcs: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(output path, the sources) for every output file that more than one content file would
    be written to: `a.md` and `a/index.md`, `index.md` and `README.md` in one folder, a page and
    an `a/index.html` file. Exact paths: names differing in case or punctuation are different."""
    by_output: dict[str, list[str]] = {}
    for src in srcs:
        by_output.setdefault(output_path(src), []).append(src)
    return [(out, sorted(group)) for out, group in sorted(by_output.items()) if len(group) > 1]


def case_twins(srcs: Iterable[str]) -> list[list[str]]:
    """Groups of content files whose output paths differ only in letter case (`Report.md`,
    `report.md`): different URLs, but one file on a server that ignores case."""
    by_case: dict[str, dict[str, str]] = {}
    for src in srcs:
        out = output_path(src)
        by_case.setdefault(out.casefold(), {}).setdefault(out, src)
    return [sorted(group.values()) for _, group in sorted(by_case.items()) if len(group) > 1]


def folded_twins(
    withheld: Iterable[str], public: Iterable[str], fold: Callable[[str], str]
) -> dict[str, list[str]]:
    """Withheld content path -> the public page URLs that equal its URL once folded by `fold`
    (the leak check's comparison form, which ignores case and punctuation). Such a URL is a
    different address that reads the same: searching the output for the withheld one in folded
    form would find the public page's own links (`Report.md` withheld, `report.md` public)."""
    public_by_fold: dict[str, list[str]] = {}
    for src in public:
        url = page_key(src)
        public_by_fold.setdefault(fold(url), []).append(url)
    out = {}
    for src in withheld:
        url = page_key(src)
        twins = [u for u in public_by_fold.get(fold(url), ()) if u != url]
        if twins:
            out[src] = twins
    return out


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
