"""What the engine's own configuration may do with content/, judged from plain values.

Features that read files from disk into a page (pymdownx.snippets, the macros plugin's
`{% include %}`) must not see content/ (SPEC guarantee 1); files under content/ that the
configuration itself names (stylesheets, scripts, logo) are published although no document
references them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from disclosure_portal.model.vocab import is_markdown


def _within(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory)
    except ValueError:
        return False
    return True


def overlaps(path: Path, docs_dir: Path) -> bool:
    """Whether `path` is inside `docs_dir` (resolved) or contains it."""
    return _within(path, docs_dir) or _within(docs_dir, path)


def inclusion_problems(
    root: Path,
    docs_dir: Path,
    extensions: Iterable[str],
    options: Mapping[str, Mapping[str, Any]],
    macros: Mapping[str, Any] | None,
) -> list[str]:
    """Messages for inclusion features that could read content/ into a public page.

    `root` is the folder of mkdocs.yml; `extensions` the Markdown extensions enabled and
    `options` their options by name; `macros` the options of the macros plugin when it is
    enabled, else None.
    """
    docs_dir = docs_dir.resolve()
    problems = []
    if "pymdownx.snippets" in extensions:
        bases = options.get("pymdownx.snippets", {}).get("base_path", ["."])
        for base in [bases] if isinstance(bases, str) else bases:
            if overlaps((root / str(base)).resolve(), docs_dir):
                problems.append(
                    f"mkdocs.yml:markdown_extensions: pymdownx.snippets 的 base_path“{base}”"
                    f"包含内容目录，可能把非公开文件插入公开页面；请改为不含文件的专用目录"
                )
    if macros is not None:
        include_dir = str(macros.get("include_dir") or "")
        if not include_dir or overlaps((root / include_dir).resolve(), docs_dir):
            problems.append(
                "mkdocs.yml:plugins: macros 的 include_dir 未设置或包含内容目录，"
                "{% include %} 可能把非公开文件插入公开页面；请设为不含文件的专用目录"
            )
    return problems


def config_assets(names: Iterable[object]) -> set[str]:
    """Files under content/ among the paths the configuration names (extra_css,
    extra_javascript, the theme's logo and favicon): local, non-Markdown, normalised. Empty
    values and URLs are skipped."""
    texts = ("" if n is None else str(n) for n in names)
    return {posixpath.normpath(n) for n in texts if n and "://" not in n and not is_markdown(n)}
